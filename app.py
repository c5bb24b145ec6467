"""gapkit app: router and shared sidebar (no data code here)."""

import streamlit as st

import ui

st.set_page_config(page_title="gapkit: who is missing from Wikipedia", layout="wide")

pages = [
    st.Page("pages/overview.py", title="Overview", default=True),
    st.Page("pages/regions.py", title="Regions", url_path="regions"),
]
navigation = st.navigation(pages)
st.sidebar.markdown("**gapkit** · biography gaps in Wikipedia")
ui.sidebar_source()
navigation.run()

"""gapkit app: router and shared sidebar (no data code here)."""

import time

import streamlit as st

import ui

started = time.perf_counter()  # the whole run, sidebar included (GAPKIT_TIMING)
st.set_page_config(page_title="gapkit: who is missing from Wikipedia", layout="wide")

pages = [
    st.Page("pages/overview.py", title="Overview", default=True),
    st.Page("pages/edition.py", title="Edition profile", url_path="edition"),
    st.Page("pages/regions.py", title="Regions", url_path="regions"),
    st.Page("pages/crosstab.py", title="Cross-tab", url_path="crosstab"),
    st.Page("pages/worklist.py", title="Worklist", url_path="worklist"),
    st.Page("pages/quality.py", title="Data quality", url_path="quality"),
    st.Page("pages/queries.py", title="Queries & data", url_path="queries"),
]
navigation = st.navigation(pages)
st.sidebar.markdown("**gapkit** · biography gaps in Wikipedia")
ui.sidebar_source()
ui.run_timed(navigation, started)

"""Queries & data: every query this session's views ran, bound, with links to run them elsewhere; the source."""

import streamlit as st

import ui
from gapkit.sources.query_files import qlever_link, wdqs_link

st.title("Queries & data")
endpoint = ui.current_endpoint()
if endpoint is None:
    st.stop()

st.subheader("Source")
provenance = endpoint.provenance()
st.text(provenance.line())
if hasattr(endpoint, "ref"):
    st.json(endpoint.ref.manifest.__dict__, expanded=False)
st.caption(
    "Figures are cached per data version (the manifest hash) for an hour in this app. Standard views of a store "
    "(every edition, no filters, no baseline) come from figures precomputed with the store by these same "
    "queries over every edition; their provenance line says 'precomputed with the store'."
)

st.subheader("Queries used by the views you opened")
used = st.session_state.get("queries_used", {})
if not used:
    st.info("Open a page with a figure first; its queries will be listed here.")
for number, query in enumerate(used.values(), start=1):
    with st.expander(f"{number}. {query.name}", expanded=number == 1):
        st.code(query.text, language="sparql")
        st.link_button("Open in WDQS", wdqs_link(query.text))
        st.link_button("Open in QLever", qlever_link(query.text))

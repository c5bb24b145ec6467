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
    "Figures are cached per data version (the manifest hash) for an hour in this app. Every figure of a store, "
    "standard views included, is computed by these queries when it is asked for: nothing is precomputed."
)

st.subheader("How the last figures were made")
runs = st.session_state.get("figures_run", {})
if not runs:
    st.info("Open a page with a figure first; how it was made will be shown here.")
else:
    st.caption(
        "Per query file: the parts a query that ran out of time on a remote endpoint was split into (halving QID "
        "ranges, or batches of listed people), the HTTP requests sent (answers from the cache send none), how many "
        "of them ran out of time, and the seconds it took. A figure cached in this app shows its first run."
    )
for summary, rows in reversed(list(runs.values())):
    st.markdown(summary)
    st.dataframe(rows, hide_index=True)

st.subheader("Queries used by the views you opened")
used = st.session_state.get("queries_used", {})
if not used:
    st.info("Open a page with a figure first; its queries will be listed here.")
for number, query in enumerate(used.values(), start=1):
    with st.expander(f"{number}. {query.name}", expanded=number == 1):
        if query.engine_text:  # the columnar engine ran the file's SQL twin; the SPARQL file is the definition
            definition, ran = st.columns(2)
            with definition:
                st.caption("The definition: the SPARQL query file, bound (what WDQS and QLever run)")
                st.code(query.text, language="sparql")
            with ran:
                st.caption("What ran here: its SQL twin on the columnar store, with these parameters")
                st.code(query.engine_text, language="sql")
                st.dataframe(
                    {
                        "parameter": [f"${key}" for key, _ in query.engine_params],
                        "value": [value for _, value in query.engine_params],
                    },
                    hide_index=True,
                )
        else:
            st.code(query.text, language="sparql")
        st.link_button("Open in WDQS", wdqs_link(query.text))
        st.link_button("Open in QLever", qlever_link(query.text))

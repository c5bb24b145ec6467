"""Data quality: how complete the editions' biographies are, and who lacks gender or citizenship data."""

import streamlit as st

import ui
from gapkit.figures.base import request
from gapkit.figures.coverage import FIXABLE
from gapkit.outputs.registry import FIGURE_FORMATS

endpoint, available = ui.page_start("Data quality")
ui.unknown_params(["editions"])
wanted = ui.url_editions("editions", available)
editions = st.multiselect(
    "Editions", available, default=wanted or available[:4], key="editions", format_func=ui.edition_label
)
ui.write_params(editions=editions)

st.subheader("Coverage")
if editions:
    scope = {"filters": ui.filters(), "baseline": ui.baseline()}
    coverage = ui.figure_or_error(lambda: ui.cached_figure(endpoint, request("coverage", editions, **scope)))
    if coverage is not None:
        st.dataframe(
            coverage.frame,
            hide_index=True,
            width="stretch",
            placeholder="",
            column_config={
                "share": st.column_config.ProgressColumn("share", min_value=0, max_value=1, format="percent")
            },
        )
        ui.provenance_caption(coverage)
        ui.download(st, FIGURE_FORMATS["csv"], coverage, "coverage", "csv_coverage")
else:
    st.info("Choose at least one edition.")

st.subheader("Fix-up list")
edition = st.selectbox("Edition to fix", editions or available, key="fix_edition", format_func=ui.edition_label)
prop = st.radio(
    "People lacking",
    FIXABLE,
    key="property",
    horizontal=True,
    format_func={"P21": "sex or gender (P21)", "P27": "citizenship (P27)"}.get,
)
missing = ui.figure_or_error(
    lambda: ui.cached_figure(endpoint, request("missing", [edition], prop=prop, filters=ui.filters()))
)
if missing is not None:
    if missing.frame.empty:
        st.info(f"Every biography in {edition} that matches the filters has {prop}: nothing to fix here.")
    else:
        table = missing.frame.assign(wikidata="https://www.wikidata.org/wiki/" + missing.frame["qid"])
        st.dataframe(
            table,
            hide_index=True,
            width="stretch",
            placeholder="",
            column_config={"wikidata": st.column_config.LinkColumn("Wikidata item")},
        )
        st.caption(missing.definition)
        ui.download(st, FIGURE_FORMATS["csv"], missing, f"{edition}_missing_{prop}", "csv_missing")

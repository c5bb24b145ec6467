"""Regions: where an edition's biographies come from, by continent of citizenship, with the gender split."""

import streamlit as st

import ui
from gapkit.charts import region_chart
from gapkit.exports import csv_text

st.title("Biographies by region of citizenship")
endpoint = ui.current_endpoint()
if endpoint is None:
    st.stop()

available = ui.editions_in_data(endpoint)
if not available:
    st.info("No biographies in this data source.")
    st.stop()
wanted = [code for code in ui.param_list("editions") if code in available]
editions = st.multiselect("Editions", available, default=wanted or available[:1], key="editions")
by_gender = st.toggle("Split by gender group", value=ui.param("by_gender") == "1", key="by_gender")
ui.write_params(editions=editions, by_gender="1" if by_gender else None)
if not editions:
    st.info("Choose at least one edition.")
    st.stop()

figure = ui.figure_or_error(lambda: ui.cached_figure(endpoint, "region", editions, by_gender))
if figure is not None:
    st.altair_chart(region_chart(figure), width="stretch")
    st.dataframe(
        figure.frame,
        hide_index=True,
        width="stretch",
        column_config={"share": st.column_config.NumberColumn("share", format="%.4f")},
    )
    ui.provenance_caption(figure)
    st.download_button("Download CSV", csv_text(figure.frame), "region_by_edition.csv", "text/csv", key="csv")

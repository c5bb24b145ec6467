"""Regions: where an edition's biographies come from, by continent of citizenship, with the gender split."""

import streamlit as st

import ui
from gapkit.figures.base import request
from gapkit.outputs.charts import country_map, region_chart

endpoint, available = ui.page_start("Biographies by region of citizenship")
ui.unknown_params(["editions", "by_gender", "map"])
wanted = ui.url_editions("editions", available)
editions = st.multiselect(
    "Editions", available, default=wanted or available[:1], key="editions", format_func=ui.edition_label
)
by_gender = st.toggle("Split by gender group", value=ui.url_flag("by_gender", False), key="by_gender")
ui.write_params(editions=editions, by_gender="1" if by_gender else None)
if not editions:
    st.info("Choose at least one edition.")
    st.stop()

scope = {"filters": ui.filters(), "baseline": ui.baseline()}
ui.gender_headline(endpoint, editions)
with st.spinner("Counting biographies by region…"):
    figure = ui.figure_or_error(
        lambda: ui.cached_figure(endpoint, request("region", editions, by_gender=by_gender, **scope))
    )
if figure is not None:
    if int(figure.frame["people"].sum()) == 0:
        st.info("No people match these filters in these editions: widen the filters in the sidebar.")
        st.stop()
    ui.show_figure(figure, lambda: region_chart(figure), "region_by_edition.csv", "csv")

st.subheader("Women's share by country of citizenship")
mapped = st.selectbox(
    "Map for edition", editions, index=ui.url_edition_in("map", editions), key="map", format_func=ui.edition_label
)
ui.write_params(map=mapped if mapped != editions[0] else None)
with st.spinner(f"Counting {mapped} biographies by country…"):
    countries = ui.figure_or_error(
        lambda: ui.cached_figure(endpoint, request("country", [mapped], filters=ui.filters()))
    )
if countries is not None:
    ui.show_figure(countries, lambda: country_map(countries, mapped), f"{mapped}_countries.csv", "csv_countries")

"""Cross-tab: two of region, country, occupation and birth period, with the share of women in each cell."""

import streamlit as st

import ui
from gapkit.figures import crosstab as xt
from gapkit.figures.base import request
from gapkit.outputs.heatmap import crosstab_heatmap, crosstab_image
from gapkit.outputs.registry import CHART_FORMATS, FIGURE_FORMATS

AXIS_TEXT = {axis: name.capitalize() for axis, name in xt.AXIS_NAMES.items()}

endpoint, available = ui.page_start("Cross-tab: two axes, split by gender")
ui.unknown_params(["editions", "rows", "columns", "top"])
wanted = ui.url_editions("editions", available)
editions = st.multiselect(
    "Editions", available, default=wanted or available[:1], key="editions", format_func=ui.edition_label
)
left, right, rest = st.columns(3)
rows = left.selectbox(
    "Rows",
    xt.AXES,
    index=xt.AXES.index(ui.url_choice("rows", xt.AXES, "region")),
    key="rows",
    format_func=AXIS_TEXT.get,
)
columns = right.selectbox(
    "Columns",
    xt.AXES,
    index=xt.AXES.index(ui.url_choice("columns", xt.AXES, "occupation")),
    key="columns",
    format_func=AXIS_TEXT.get,
)
top = ui.url_int("top", 5, 50, xt.DEFAULT_TOP)
ranked = [axis for axis in (rows, columns) if axis in xt.NONE_OF]
if ranked:  # only countries and occupations are cut to the top ones
    top = rest.slider("Countries or occupations shown", 5, 50, top, key="top")
ui.write_params(editions=editions, rows=rows, columns=columns)
if ranked:
    ui.write_params(top=str(top) if top != xt.DEFAULT_TOP else None)
if not editions:
    st.info("Choose at least one edition.")
    st.stop()
if rows == columns:
    st.info(f"Rows and columns are both {AXIS_TEXT[rows].lower()} ({rows}): choose two different axes.")
    st.stop()

scope = {"filters": ui.filters(), "baseline": ui.baseline(parity=True)}
ui.gender_headline(endpoint, editions)
with st.spinner(f"Counting biographies by {rows} and {columns}…"):
    figure = ui.figure_or_error(
        lambda: ui.cached_figure(endpoint, request("crosstab", editions, rows=rows, columns=columns, top=top, **scope))
    )
if figure is None:
    st.stop()
if int(figure.frame["people"].sum()) == 0:
    st.info("No people match these filters in these editions: widen the filters in the sidebar.")
    st.stop()

chart = crosstab_heatmap(figure)
st.altair_chart(chart)
cells = xt.women_cells(figure)
index = ["edition", f"{rows}_label"]
shares = cells.pivot_table(index=index, columns=f"{columns}_label", values="share", sort=False, dropna=False)
people = cells.pivot_table(index=index, columns=f"{columns}_label", values="people", sort=False, dropna=False)
share_tab, people_tab, rows_tab = st.tabs(["Share of women", "People", "Every row"])
# Percentages where people read them; an empty cell where a cell has no one with gender data.
percent = {str(c): st.column_config.NumberColumn(str(c), format="%.1f %%") for c in shares.columns}
share_tab.dataframe(shares * 100, width="stretch", column_config=percent, placeholder="")
people_tab.dataframe(people.astype("int64"), width="stretch")
table, formats = ui.percent_table(figure.frame)
rows_tab.dataframe(table, column_config=formats, **ui.TABLE_OPTIONS)
ui.provenance_caption(figure)
stem = f"crosstab_{rows}_{columns}"
places = st.columns(4)
ui.download(places[0], FIGURE_FORMATS["csv"], figure, stem, "csv")
ui.download(places[1], FIGURE_FORMATS["xlsx"], figure, stem, "xlsx")
# Images are drawn only when asked for (vl-convert takes 0.05-1 s per chart).
image = lambda: crosstab_image(figure, chart)  # noqa: E731 - drawn only when an image is first asked for
ui.download(places[2], CHART_FORMATS["png"], image, stem, "png", lazy=True, source=figure)
ui.download(places[3], CHART_FORMATS["svg"], image, stem, "svg", lazy=True, source=figure)

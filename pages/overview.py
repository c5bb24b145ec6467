"""Overview: share of each gender group among the biographies of the chosen editions."""

import streamlit as st

import ui
from gapkit.figures.base import request
from gapkit.figures.gender import GROUPINGS
from gapkit.outputs.charts import gender_share_chart

DEFAULT_COUNT = 8
SMALL = 30  # editions with fewer people are flagged, never hidden

endpoint, available = ui.page_start("Gender gap across Wikipedia editions")
ui.unknown_params(["editions", "grouping"])
wanted = ui.url_editions("editions", available)
editions = st.multiselect(
    "Editions",
    available,
    default=wanted or available[:DEFAULT_COUNT],
    key="editions",
    help="Default: the largest editions in the data. Type a code or a name to find one.",
    format_func=ui.edition_label,
)
grouping = st.radio(
    "Gender",
    GROUPINGS,
    index=GROUPINGS.index(ui.url_choice("grouping", GROUPINGS, "groups")),
    key="grouping",
    horizontal=True,
    format_func={"groups": "groups (one per person)", "raw": "raw P21 values"}.get,
)
ui.write_params(editions=editions, grouping=grouping if grouping != "groups" else None)

if not editions:
    st.info("Choose at least one edition.")
    st.stop()
scope = {"filters": ui.filters(), "baseline": ui.baseline(parity=True)}
with st.spinner(f"Counting biographies by gender in {len(editions)} editions…"):
    figure = ui.figure_or_error(
        lambda: ui.cached_figure(endpoint, request("gender", editions, grouping=grouping, **scope))
    )
if figure is not None:
    if int(figure.frame["people"].sum()) == 0:
        st.info("No people match these filters in these editions: widen the filters in the sidebar.")
        st.stop()
    small = sorted(set(figure.frame.groupby("edition")["people"].sum().loc[lambda n: n < SMALL].index))
    if small:
        st.caption(f"Fewer than {SMALL} people counted in {', '.join(small)}: shares there move a lot with one person.")
    if grouping == "groups":
        ui.headline(figure, scope["baseline"])
    ui.show_figure(figure, lambda: gender_share_chart(figure), "gender_by_edition.csv", "csv")

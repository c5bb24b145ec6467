"""Overview: share of each gender group among the biographies of the chosen editions."""

import streamlit as st

import ui
from gapkit.charts import gender_share_chart
from gapkit.editions import load_editions
from gapkit.exports import csv_text
from gapkit.gender import GROUPINGS

DEFAULT_COUNT = 8

st.title("Gender gap across Wikipedia editions")
endpoint = ui.current_endpoint()
if endpoint is None:
    st.stop()

every = ui.figure_or_error(lambda: ui.cached_figure(endpoint, "gender", None))
available = list(dict.fromkeys(every.frame["edition"])) if every is not None else load_editions().codes()
wanted = [code for code in ui.param_list("editions") if code in available]
unknown = [code for code in ui.param_list("editions") if code not in available]
if unknown:
    st.warning(f"No biographies for {', '.join(c[:20] for c in unknown[:5])} in this data; left out.")
editions = st.multiselect(
    "Editions",
    available,
    default=wanted or available[:DEFAULT_COUNT],
    key="editions",
    help="Default: the largest editions in the data.",
)
grouping = st.radio(
    "Gender",
    GROUPINGS,
    index=GROUPINGS.index(ui.param("grouping") or "groups") if ui.param("grouping") in GROUPINGS else 0,
    key="grouping",
    horizontal=True,
    format_func={"groups": "groups (one per person)", "raw": "raw P21 values"}.get,
)
ui.write_params(editions=editions, grouping=grouping if grouping != "groups" else None)

if not editions:
    st.info("Choose at least one edition.")
    st.stop()
figure = ui.figure_or_error(lambda: ui.cached_figure(endpoint, "gender", editions, grouping))
if figure is not None:
    st.altair_chart(gender_share_chart(figure), width="stretch")
    st.dataframe(
        figure.frame,
        hide_index=True,
        width="stretch",
        column_config={"share": st.column_config.NumberColumn("share", format="%.4f")},
    )
    ui.provenance_caption(figure)
    st.download_button("Download CSV", csv_text(figure.frame), "gender_by_edition.csv", "text/csv", key="csv")

"""Edition profile: one edition by region, occupation and birth decade, each with the gender split."""

import streamlit as st

import ui
from gapkit.figures.base import request
from gapkit.outputs.charts import period_chart, period_figure, share_bars

endpoint, available = ui.page_start("Edition profile")
ui.unknown_params(["edition", "editions", "by_gender", "top"])
edition = st.selectbox(
    "Edition",
    available,
    index=ui.url_edition(available),
    key="edition",
    placeholder="Pick one: type a code or a name",
    format_func=ui.edition_label,
)
by_gender = st.toggle("Split by gender group", value=ui.url_flag("by_gender", True), key="by_gender")
top = st.slider("Occupations shown", 5, 50, ui.url_int("top", 5, 50, 15), key="top")
ui.write_params(edition=edition, by_gender=None if by_gender else "0", top=str(top) if top != 15 else None)
if edition is None:
    st.info("Pick an edition to see its profile.")
    st.stop()

scope = {"filters": ui.filters(), "baseline": ui.baseline()}
ui.gender_headline(endpoint, [edition])
sections = [
    ("Regions of citizenship", "region", {}, "region_label", True),
    ("Occupations", "occupation", {"top": top}, "occupation", True),
    ("Birth periods (centuries before 1800, then decades)", "decade", {}, "decade", False),
]
for heading, name, extra, category, by_count in sections:
    st.subheader(heading)
    with st.spinner(f"Counting {edition} biographies by {name}…"):
        figure = ui.figure_or_error(
            lambda n=name, x=extra: ui.cached_figure(endpoint, request(n, [edition], by_gender=by_gender, **x, **scope))
        )
    if figure is None:
        continue
    if int(figure.frame["people"].sum()) == 0:
        st.info("No people match these filters in this edition: widen the filters in the sidebar.")
        continue
    chart = (
        (lambda f=figure: period_chart(f))
        if name == "decade"
        else (lambda f=figure, c=category, h=heading, b=by_count: share_bars(f, c, h, b))
    )
    drawn = ui.derived(figure, "period", period_figure) if name == "decade" else None
    ui.show_figure(figure, chart, f"{edition}_{name}.csv", f"csv_{name}", drawn)

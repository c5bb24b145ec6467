"""Edition profile: one edition by region, occupation and birth decade, each with the gender split."""

import streamlit as st

import ui
from gapkit.figures.base import request
from gapkit.outputs.charts import share_bars

endpoint, available = ui.page_start("Edition profile")
wanted = ui.param("edition") or (ui.param_list("editions") or [""])[0]
edition = st.selectbox("Edition", available, index=available.index(wanted) if wanted in available else 0, key="edition")
by_gender = st.toggle("Split by gender group", value=ui.param("by_gender") != "0", key="by_gender")
top = st.slider("Occupations shown", 5, 50, int(ui.param("top") or 15), key="top")
ui.write_params(edition=edition, by_gender=None if by_gender else "0", top=str(top) if top != 15 else None)

scope = {"filters": ui.filters(), "baseline": ui.baseline()}
sections = [
    ("Regions of citizenship", "region", {}, "region_label", True),
    ("Occupations", "occupation", {"top": top}, "occupation", True),
    ("Birth decades", "decade", {}, "decade", False),
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
    ui.show_figure(figure, share_bars(figure, category, heading, by_count), f"{edition}_{name}.csv", f"csv_{name}")

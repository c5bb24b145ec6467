"""Altair charts of figures: every gender group its own colour (colour-blind safe), definition and source below."""

import textwrap

import altair as alt

from gapkit.figure import Figure

# Okabe-Ito palette (colour-blind safe); "no gender data" gets a neutral grey of its own.
GROUP_COLOURS = {"women": "#D55E00", "men": "#0072B2", "other": "#009E73", "no_gender": "#999999"}
EXTRA_COLOURS = ["#E69F00", "#56B4E9", "#CC79A7", "#F0E442", "#000000"]


def footer_lines(figure: Figure, width: int = 110) -> list[str]:
    """Definition and provenance lines drawn under a chart image."""
    lines = [*textwrap.wrap(figure.definition, width), figure.provenance.line()]
    if figure.provenance.notice:
        lines += textwrap.wrap(figure.provenance.notice, width)
    return lines


def gender_share_chart(figure: Figure) -> alt.Chart:
    """Stacked bars of each edition's people by gender group (counts in the tooltip)."""
    frame = figure.frame.copy()
    order = list(dict.fromkeys(frame["gender"]))
    colours = [GROUP_COLOURS.get(g, EXTRA_COLOURS[i % len(EXTRA_COLOURS)]) for i, g in enumerate(order)]
    totals = frame.groupby("edition", sort=False)["people"].transform("sum")
    frame["part"] = frame["people"] / totals.where(totals > 0)
    frame["order"] = frame["gender"].map({g: i for i, g in enumerate(order)})
    editions = list(dict.fromkeys(frame["edition"]))
    bars = (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            y=alt.Y("edition:N", sort=editions, title="Edition"),
            x=alt.X("part:Q", stack="normalize", axis=alt.Axis(format="%"), title="Share of the edition's biographies"),
            color=alt.Color("gender:N", scale=alt.Scale(domain=order, range=colours), title="Gender"),
            order=alt.Order("order:Q"),
            tooltip=[
                alt.Tooltip("edition:N", title="Edition"),
                alt.Tooltip("gender:N", title="Gender"),
                alt.Tooltip("people:Q", title="People", format=","),
                alt.Tooltip("share:Q", title="Share (of people with gender data)", format=".2%"),
            ],
        )
    )
    return bars.properties(
        title=alt.Title(figure.title, subtitle=footer_lines(figure), subtitleFontSize=10, anchor="start"),
        width="container",
        height=alt.Step(22),
    )


def region_chart(figure: Figure) -> alt.Chart:
    """Bars of each region's share of the edition's population, one colour per gender group when split."""
    frame = figure.frame
    genders = list(dict.fromkeys(frame["gender"]))
    colours = [GROUP_COLOURS.get(g, EXTRA_COLOURS[i % len(EXTRA_COLOURS)]) for i, g in enumerate(genders)]
    ranked = frame.groupby("region_label", sort=False)["people"].sum().sort_values(ascending=False).index.tolist()
    encoding = {
        "y": alt.Y("region_label:N", sort=ranked, title="Region of citizenship"),
        "x": alt.X("share:Q", axis=alt.Axis(format="%"), title="Share of the edition's biographies"),
        "tooltip": [
            alt.Tooltip("edition:N", title="Edition"),
            alt.Tooltip("region_label:N", title="Region"),
            alt.Tooltip("gender:N", title="Gender"),
            alt.Tooltip("people:Q", title="People", format=","),
            alt.Tooltip("share:Q", title="Share", format=".2%"),
        ],
    }
    if len(genders) > 1:
        encoding["color"] = alt.Color("gender:N", scale=alt.Scale(domain=genders, range=colours), title="Gender")
        encoding["yOffset"] = alt.YOffset("gender:N", sort=genders)
    mark = {"color": GROUP_COLOURS["men"]} if len(genders) == 1 else {}
    chart = alt.Chart(frame).mark_bar(**mark).encode(**encoding)
    if frame["edition"].nunique() > 1:
        chart = chart.facet(column=alt.Column("edition:N", title="Edition"))
    return chart.properties(
        title=alt.Title(figure.title, subtitle=footer_lines(figure), subtitleFontSize=10, anchor="start")
    )

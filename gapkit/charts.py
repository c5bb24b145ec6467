"""Altair charts of figures: every gender group its own colour (colour-blind safe), definition and source below."""

import textwrap

import altair as alt

from gapkit.figure import Figure
from gapkit.gender import gender_label

# Okabe-Ito palette (colour-blind safe); "no gender data" gets a neutral grey of its own.
GROUP_COLOURS = {"women": "#D55E00", "men": "#0072B2", "other": "#009E73", "no_gender": "#999999", "all": "#0072B2"}
EXTRA_COLOURS = ["#E69F00", "#56B4E9", "#CC79A7", "#F0E442", "#000000"]


def footer_lines(figure: Figure, width: int = 110) -> list[str]:
    """Definition and provenance lines drawn under a chart image."""
    lines = [*textwrap.wrap(figure.definition, width), figure.provenance.line()]
    if figure.provenance.notice:
        lines += textwrap.wrap(figure.provenance.notice, width)
    return lines


def _title(figure: Figure) -> alt.Title:
    return alt.Title(figure.title, subtitle=footer_lines(figure), subtitleFontSize=10, anchor="start")


def _colours(genders: list[str]) -> alt.Scale:
    extra = iter(EXTRA_COLOURS * 4)
    return alt.Scale(domain=genders, range=[GROUP_COLOURS.get(g) or next(extra) for g in genders])


def gender_share_chart(figure: Figure) -> alt.Chart:
    """Stacked bars of each edition's people by gender group (counts in the tooltip)."""
    frame = figure.frame.copy()
    order = list(dict.fromkeys(frame["gender"]))
    totals = frame.groupby("edition", sort=False)["people"].transform("sum")
    frame["part"] = frame["people"] / totals.where(totals > 0)
    frame["order"] = frame["gender"].map({g: i for i, g in enumerate(order)})
    frame["gender_label"] = frame["gender"].map(gender_label)  # raw P21 values read as names, not QIDs
    labels = [gender_label(g) for g in order]
    colours = _colours(order)
    bars = (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            y=alt.Y("edition:N", sort=list(dict.fromkeys(frame["edition"])), title="Edition"),
            x=alt.X("part:Q", stack="normalize", axis=alt.Axis(format="%"), title="Share of the edition's biographies"),
            color=alt.Color("gender_label:N", scale=alt.Scale(domain=labels, range=colours.range), title="Gender"),
            order=alt.Order("order:Q"),
            tooltip=[
                alt.Tooltip("edition:N", title="Edition"),
                alt.Tooltip("gender_label:N", title="Gender"),
                alt.Tooltip("people:Q", title="People", format=","),
                alt.Tooltip("share:Q", title="Share (of people with gender data)", format=".2%"),
            ],
        )
    )
    return bars.properties(title=_title(figure), width="container", height=alt.Step(22))


def share_bars(figure: Figure, category: str, title: str, by_count: bool = True) -> alt.Chart:
    """Horizontal bars of each category's share, grouped by gender when the figure is split.

    Categories are ranked by people (by_count) or kept in the figure's order (e.g. decades)."""
    frame = figure.frame.copy()
    frame["category"] = frame[category].astype(str)
    if "occupation_label" in frame:
        frame["category"] = frame["occupation_label"].where(frame["occupation_label"] != "", frame["occupation"])
    genders = list(dict.fromkeys(frame["gender"]))
    if by_count:
        order = frame.groupby("category", sort=False)["people"].sum().sort_values(ascending=False, kind="stable")
        categories = order.index.tolist()
    else:
        categories = list(dict.fromkeys(frame["category"]))
    encoding = {
        "y": alt.Y("category:N", sort=categories, title=title),
        "x": alt.X("share:Q", axis=alt.Axis(format="%"), title="Share of the population"),
        "color": alt.Color(
            "gender:N", scale=_colours(genders), title="Gender", legend=None if genders == ["all"] else alt.Undefined
        ),
        "tooltip": [
            alt.Tooltip("edition:N", title="Edition"),
            alt.Tooltip("category:N", title=title),
            alt.Tooltip("gender:N", title="Gender"),
            alt.Tooltip("people:Q", title="People", format=","),
            alt.Tooltip("share:Q", title="Share", format=".2%"),
        ],
    }
    if len(genders) > 1:
        encoding["yOffset"] = alt.YOffset("gender:N", sort=genders)
    chart = alt.Chart(frame).mark_bar().encode(**encoding)
    if frame["edition"].nunique() > 1:
        chart = chart.facet(column=alt.Column("edition:N", title="Edition"))
    return chart.properties(title=_title(figure))


def region_chart(figure: Figure) -> alt.Chart:
    """Region shares, ranked by people."""
    return share_bars(figure, "region_label", "Region of citizenship")

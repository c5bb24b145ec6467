"""Altair charts of figures: every gender group its own colour (colour-blind safe), definition and source below."""

import textwrap

import altair as alt
import pandas as pd

from gapkit.events.snapshots import Progress
from gapkit.figures.base import Figure
from gapkit.figures.gender import gender_label
from gapkit.model import definitions

# Okabe-Ito palette (colour-blind safe); "no gender data" gets a neutral grey of its own.
GROUP_COLOURS = {"women": "#D55E00", "men": "#0072B2", "other": "#009E73", "no_gender": "#999999", "all": "#0072B2"}
GROUP_COLOURS |= {"Q6581072": GROUP_COLOURS["women"], "Q6581097": GROUP_COLOURS["men"]}  # raw female, male
EXTRA_COLOURS = ["#E69F00", "#56B4E9", "#CC79A7", "#F0E442", "#000000"]
BASELINE_TEXT = {"parity": "parity, 50 %", "all": "all people in the data"}


def footer_lines(figure: Figure, width: int = 110) -> list[str]:
    """Definition, baseline and provenance lines drawn with a chart (and so into its images)."""
    lines = [*textwrap.wrap(figure.definition, width)]
    baseline = figure.scope.get("baseline")
    if baseline:
        lines.append(f"Black ticks: the baseline ({BASELINE_TEXT.get(str(baseline), 'edition ' + str(baseline))}).")
    lines.append(figure.provenance.line())
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
            color=alt.Color(
                "gender_label:N",
                scale=alt.Scale(domain=labels, range=colours.range),
                title="Gender",
                legend=alt.Legend(orient="bottom"),  # the right edge holds each edition's count
            ),
            order=alt.Order("order:Q"),
            tooltip=[
                alt.Tooltip("edition:N", title="Edition"),
                alt.Tooltip("gender_label:N", title="Gender"),
                alt.Tooltip("people:Q", title="People", format=","),
                alt.Tooltip("share:Q", title="Share (of people with gender data)", format=".2%"),
            ],
        )
    )
    # Each edition's population (counted people) at the end of its bar, so the image carries the counts.
    totals_frame = frame.groupby("edition", sort=False, as_index=False)["people"].sum()
    totals_frame["label"] = totals_frame["people"].map(lambda n: f"n = {int(n):,}")
    counts = (
        alt.Chart(totals_frame)
        .mark_text(align="left", dx=4, fontSize=10)
        .encode(
            y=alt.Y("edition:N", sort=list(dict.fromkeys(frame["edition"]))),
            x=alt.value("width"),
            text="label:N",
        )
    )
    return alt.layer(bars, counts).properties(title=_title(figure), width="container", height=alt.Step(22))


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
    if "gap_pp" in frame:
        encoding["tooltip"] += [
            alt.Tooltip("baseline_share:Q", title="Baseline share", format=".2%"),
            alt.Tooltip("gap_pp:Q", title="Gap (points)", format="+.2f"),
        ]
    if len(genders) > 1:
        encoding["yOffset"] = alt.YOffset("gender:N", sort=genders)
    base = alt.Chart(frame)
    layers = [base.mark_bar().encode(**encoding)]
    # The people counted, beside each bar: the image must carry counts, not only shares.
    frame["people_label"] = frame["people"].map(lambda n: f"{int(n):,}")
    layers.append(
        base.mark_text(align="left", dx=3, fontSize=9).encode(
            y=encoding["y"],
            x="share:Q",
            text="people_label:N",
            **({"yOffset": encoding["yOffset"]} if len(genders) > 1 else {}),
        )
    )
    if "baseline_share" in frame:
        # The baseline as a black tick on each bar (its value is in the table and the tooltip).
        layers.append(
            base.mark_tick(color="black", thickness=2, size=12).encode(
                y=encoding["y"],
                x="baseline_share:Q",
                **({"yOffset": encoding["yOffset"]} if len(genders) > 1 else {}),
            )
        )
    chart = alt.layer(*layers)
    if frame["edition"].nunique() > 1:
        chart = chart.facet(column=alt.Column("edition:N", title="Edition"))
    return chart.properties(title=_title(figure))


def region_chart(figure: Figure) -> alt.Chart:
    """Region shares, ranked by people."""
    return share_bars(figure, "region_label", "Region of citizenship")


def before_after_chart(progress: Progress) -> alt.Chart:
    """The edition's share of women before and after an event, with the counts on the bars."""
    frame = progress.shares.copy()
    frame["label"] = [
        f"{int(w):,} of {int(n):,}" + ("" if pd.isna(s) else f" ({s:.1%})")
        for w, n, s in zip(frame["women"], frame["with_gender"], frame["share"], strict=True)
    ]
    frame["moment"] = [f"{m} ({d})" for m, d in zip(frame["moment"], frame["data_date"], strict=True)]
    base = alt.Chart(frame).encode(y=alt.Y("moment:N", sort=None, title=None))
    bars = base.mark_bar(color=GROUP_COLOURS["women"]).encode(
        x=alt.X("share:Q", axis=alt.Axis(format="%"), title="Women among people with gender data"),
        tooltip=[alt.Tooltip("label:N", title="Women")],
    )
    labels = base.mark_text(align="left", dx=4).encode(x="share:Q", text="label:N")
    title = alt.Title(
        f"Women among {progress.edition} biographies: before and after {progress.name}",
        subtitle=[f"Source: {progress.source}; saved {progress.saved}.", definitions.GENDER_GROUPS[:110] + "…"],
        subtitleFontSize=10,
        anchor="start",
    )
    return alt.layer(bars, labels).properties(title=title, width="container", height=alt.Step(30))

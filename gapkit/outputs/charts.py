"""Altair charts of figures: every gender group its own colour (colour-blind safe); images add the definition and
provenance below the plot."""

import functools
import json
import textwrap
from pathlib import Path

import altair as alt
import pandas as pd

from gapkit.events.snapshots import Progress
from gapkit.figures.base import Figure
from gapkit.figures.gender import gender_label
from gapkit.model import definitions
from gapkit.model.editions import load_editions
from gapkit.model.tables import REGION_LABELS

# Okabe-Ito palette (colour-blind safe); "no gender data" gets a neutral grey of its own.
GROUP_COLOURS = {"women": "#D55E00", "men": "#0072B2", "other": "#009E73", "no_gender": "#999999", "all": "#0072B2"}
GROUP_COLOURS |= {"Q6581072": GROUP_COLOURS["women"], "Q6581097": GROUP_COLOURS["men"]}  # raw female, male
EXTRA_COLOURS = ["#E69F00", "#56B4E9", "#CC79A7", "#F0E442", "#000000"]
BASELINE_TEXT = {"parity": "parity, 50 %", "all": "all people in the data"}
READABLE = 11  # px at 1x: the smallest text drawn in a chart or its image
FOOTER_CHARACTERS = 100  # a footer line at 11 px fits the 640 px image
FACET_WIDTH = 460  # the plot width of each edition's panel when a chart has one panel per edition
FILTER_KEYS = ("gender", "region", "country", "occupation", "narrower", "born_from", "born_to", "living")
UNKNOWN = "unknown"
# Natural Earth 1:110m country shapes as TopoJSON, from the npm package world-atlas 2.0.2 (ISC licence; the data is
# public domain): shapes keyed by ISO 3166-1 numeric code, drawn offline (gapkit/data/LICENSES.md).
WORLD = Path(__file__).resolve().parents[1] / "data" / "world-110m.json"
NO_DATA = "#dddddd"


def edition_names(codes: str) -> str:
    """ "hr,en" -> "Croatian Wikipedia (hr), English Wikipedia (en)"; "all" -> every edition in the data."""
    if not codes or codes == "all":
        return "every edition in the data"
    editions = load_editions()
    return ", ".join(f"{editions.get(c).name} ({c})" if c in editions else c for c in str(codes).split(","))


def _scope_value(scope: dict, key: str) -> str:
    """A filter's value as people read it: chosen countries and occupations by label, "France (Q142)"."""
    qids, labels = str(scope[key]).split(","), scope.get(f"{key}_labels") or []
    if len(labels) != len(qids):
        return str(scope[key])
    return ", ".join(f"{label} ({qid})" if label else qid for qid, label in zip(qids, labels, strict=True))


def scope_line(figure: Figure) -> str:
    """The editions, filters and data date of a figure, in one line under its title (pages and images)."""
    scope = figure.scope
    filters = [f"{key}={_scope_value(scope, key)}" for key in FILTER_KEYS if scope.get(key) not in (None, "", False)]
    shown = "; ".join(filters) if filters else "none"
    return (
        f"{edition_names(str(scope.get('editions', '')))} · filters: {shown} · data date {figure.provenance.data_date}"
    )


def footer_lines(figure: Figure, width: int = FOOTER_CHARACTERS) -> list[str]:
    """Definition, baseline and provenance lines drawn below a chart's plot in its images."""
    lines = [*textwrap.wrap(figure.definition, width)]
    baseline = figure.scope.get("baseline")
    if baseline:
        lines.append(f"Black ticks: the baseline ({BASELINE_TEXT.get(str(baseline), 'edition ' + str(baseline))}).")
    lines += textwrap.wrap(figure.provenance.line(), width)
    if figure.provenance.notice:
        lines += textwrap.wrap(figure.provenance.notice, width)
    return lines


def _title(figure: Figure) -> alt.Title:
    return alt.Title(figure.title, subtitle=[scope_line(figure)], subtitleFontSize=READABLE + 1, anchor="start")


def _footer(lines: list[str]) -> alt.Chart:
    frame = pd.DataFrame({"line": lines, "row": range(len(lines))})
    return (
        alt.Chart(frame)
        .mark_text(align="left", baseline="top", fontSize=READABLE, color="#333333")
        .encode(x=alt.value(0), y=alt.Y("row:O", axis=None), text="line:N")
        .properties(height=alt.Step(READABLE + 4), view=alt.ViewBackground(stroke=None))
    )


def image_chart(figure: Figure, chart: alt.TopLevelMixin, lines: list[str] | None = None) -> alt.VConcatChart:
    """The chart as its PNG and SVG draw it: the plot, then its definition and provenance below it (`lines`,
    default footer_lines)."""
    return alt.vconcat(chart, _footer(footer_lines(figure) if lines is None else lines), spacing=12)


def _colours(genders: list[str]) -> alt.Scale:
    extra = iter(EXTRA_COLOURS * 4)
    return alt.Scale(domain=genders, range=[GROUP_COLOURS.get(g) or next(extra) for g in genders])


def _value_labels(frame: pd.DataFrame) -> pd.Series:
    """ "1,234 · 8.0 %" beside each bar: the image carries counts and percentages, not only bar lengths."""
    pairs = zip(frame["people"], frame["share"], strict=True)
    return pd.Series([f"{int(n):,}" + ("" if pd.isna(s) else f" · {s:.1%}") for n, s in pairs], index=frame.index)


def _bars(frame: pd.DataFrame, categories: list[str], title: str, x_title: str) -> tuple[alt.LayerChart, pd.DataFrame]:
    """Bars of `share` per `category` (one bar per gender group beside each other), each labelled with its people
    and percentage; black ticks at the baseline share when the frame has one. The layers carry no data of their
    own: the caller gives them the returned frame (whole, or one panel per edition). A gender group nobody in the
    figure is in gets no bar (its zero rows stay in the table and the CSV), so the bars that count stay close."""
    counted = frame.groupby("gender", sort=False)["people"].sum()
    if (counted > 0).any():
        frame = frame[frame["gender"].map(counted > 0)]
    genders = list(dict.fromkeys(frame["gender"]))
    frame = frame.assign(gender_label=frame["gender"].map(gender_label), value_label=_value_labels(frame))
    labels = [gender_label(g) for g in genders]
    # No axis title: the chart title names the categories, and a rotated title can run into long labels.
    y = alt.Y("category:N", sort=categories, title=None, axis=alt.Axis(labelLimit=220))
    offset = {"yOffset": alt.YOffset("gender_label:N", sort=labels)} if len(genders) > 1 else {}
    tooltip = [
        alt.Tooltip("edition:N", title="Edition"),
        alt.Tooltip("category:N", title=title),
        alt.Tooltip("gender_label:N", title="Gender"),
        alt.Tooltip("people:Q", title="People", format=","),
        alt.Tooltip("share:Q", title="Share", format=".1%"),
    ]
    if "gap_pp" in frame:
        tooltip += [
            alt.Tooltip("baseline_share:Q", title="Baseline share", format=".1%"),
            alt.Tooltip("gap_pp:Q", title="Gap (points)", format="+.1f"),
        ]
    colour = alt.Color(
        "gender_label:N",
        scale=alt.Scale(domain=labels, range=_colours(genders).range),
        title="Gender",
        legend=None if genders == ["all"] else alt.Legend(orient="bottom", labelLimit=0),
    )
    base = alt.Chart()
    share_axis = alt.X("share:Q", axis=alt.Axis(format="%"), title=x_title, scale=alt.Scale(domainMin=0))
    layers = [
        base.mark_bar().encode(y=y, x=share_axis, color=colour, tooltip=tooltip, **offset),
        base.mark_text(align="left", dx=3, fontSize=READABLE).encode(y=y, x="share:Q", text="value_label:N", **offset),
    ]
    if "baseline_share" in frame:
        layers.append(base.mark_tick(color="black", thickness=2, size=10).encode(y=y, x="baseline_share:Q", **offset))
    return alt.layer(*layers), frame


def _one_panel_per_edition(frame: pd.DataFrame, layer: alt.LayerChart) -> alt.TopLevelMixin:
    """Several editions: one panel each, stacked (so no edition's axis labels run into another's)."""
    if frame["edition"].nunique() < 2:
        return alt.layer(*layer.layer, data=frame).properties(width="container")
    names = {code: edition_names(code) for code in frame["edition"].unique()}
    header = alt.Header(labelAngle=0, labelAlign="left", labelOrient="top", labelFontSize=READABLE + 1, title=None)
    return layer.properties(width=FACET_WIDTH).facet(
        row=alt.Row("edition_name:N", sort=[names[c] for c in dict.fromkeys(frame["edition"])], header=header),
        data=frame.assign(edition_name=frame["edition"].map(names)),
    )


def gender_share_chart(figure: Figure) -> alt.TopLevelMixin:
    """Each edition's share per gender group as bars beside each other, with a dashed parity rule at 50 %, so a
    small group stays visible (a 100 % stack hides it); each edition's count is in its axis label."""
    frame = figure.frame.copy()
    totals = frame.groupby("edition", sort=False)["people"].sum()
    names = {code: f"{code} (n = {int(n):,})" for code, n in totals.items()}
    frame["category"] = frame["edition"].map(names)
    shares = frame[frame["share"].notna()]  # no_gender has no share; it is counted in n
    layer, shares = _bars(shares, list(names.values()), "Edition", "Share of the biographies with gender data")
    parity = pd.DataFrame({"share": [0.5], "label": ["parity 50 %"]})
    rule = alt.Chart(parity).mark_rule(color="black", strokeDash=[4, 3]).encode(x="share:Q")
    rule_label = (
        alt.Chart(parity)
        .mark_text(align="left", dx=3, dy=-4, baseline="bottom", fontSize=READABLE)
        .encode(x="share:Q", y=alt.value(0), text="label:N")
    )
    bars = alt.layer(*layer.layer, data=shares)
    return alt.layer(bars, rule, rule_label).properties(title=_title(figure), width="container", height=alt.Step(16))


def share_bars(figure: Figure, category: str, title: str, by_count: bool = True) -> alt.TopLevelMixin:
    """Horizontal bars of each category's share, one bar per gender group when the figure is split, one panel per
    edition; categories ranked by people (by_count) or kept in the figure's order (e.g. birth periods)."""
    frame = figure.frame.copy()
    frame["category"] = frame[category].astype(str)
    if "occupation_label" in frame:
        frame["category"] = frame["occupation_label"].where(frame["occupation_label"] != "", frame["occupation"])
    if by_count:
        order = frame.groupby("category", sort=False)["people"].sum().sort_values(ascending=False, kind="stable")
        categories = order.index.tolist()
    else:
        categories = list(dict.fromkeys(frame["category"]))
    layer, frame = _bars(frame, categories, title, "Share of the population")
    return _one_panel_per_edition(frame, layer).properties(title=_title(figure))


def region_chart(figure: Figure) -> alt.TopLevelMixin:
    """Region shares, ranked by people."""
    frame = figure.frame
    if "region_label" not in frame:  # a precomputed or remote figure may lack the label column
        figure = Figure(**{**figure.__dict__, "frame": frame.assign(region_label=frame["region"].map(REGION_LABELS))})
    return share_bars(figure, "region_label", "Region of citizenship")


def _period(decade: str) -> tuple[float, str]:
    """A birth decade's period (DESIGN.md "Birth period"): its century before 1800, the decade itself from 1800;
    (sort key, label)."""
    if decade == UNKNOWN:
        return float("inf"), UNKNOWN
    year = int(decade)
    if year >= 1800:
        return year, f"{year}s"
    century = (year // 100) * 100  # floor(decade / 100) = floor(year / 100) for the decade of that year
    if century >= 0:
        return century, f"{century}–{century + 99}"
    return century, f"{-century}–{-(century + 99)} BCE"  # -500 holds -500 ... -401: 500-401 BCE


def birth_periods(frame: pd.DataFrame) -> pd.DataFrame:
    """A decade figure's rows by birth period: decades partition each population, so a period's people and shares
    (and baseline shares) are the sums of its decades'; the gap is recomputed from them."""
    keys, labels = zip(*frame["decade"].map(_period), strict=True) if len(frame) else ((), ())
    keyed = frame.assign(_key=list(keys), period=list(labels))
    shares = [c for c in ("share", "baseline_share") if c in frame]
    group = keyed.groupby(["edition", "_key", "period", "gender"], sort=False)
    periods = group[["people", *shares]].sum()  # vectorised; a period whose decades all lack a share keeps none
    for column in shares:
        periods[column] = periods[column].where(group[column].count() > 0)
    periods = periods.reset_index()
    order = {code: i for i, code in enumerate(dict.fromkeys(frame["edition"]))}
    periods = periods.assign(_edition=periods["edition"].map(order)).sort_values(["_edition", "_key"], kind="stable")
    if "baseline_share" in periods:
        periods["gap_pp"] = ((periods["share"] - periods["baseline_share"]) * 100).round(2)
    return periods.drop(columns=["_key", "_edition"]).reset_index(drop=True)


def period_figure(figure: Figure) -> Figure:
    """A decade figure by birth period (centuries before 1800, decades after), its definition saying so: what its
    chart and images show (the table and CSV keep decades)."""
    return Figure(
        **{
            **figure.__dict__,
            "frame": birth_periods(figure.frame),
            "title": figure.title.replace("birth decade", "birth period"),
            "definition": f"{figure.definition} {definitions.BIRTH_PERIOD}",
        }
    )


def period_chart(figure: Figure) -> alt.TopLevelMixin:
    """A decade figure drawn by birth period, in time order."""
    return share_bars(period_figure(figure), "period", "Birth period", by_count=False)


def before_after_chart(progress: Progress) -> alt.Chart:
    """The edition's share of women before and after an event, with the counts on the bars."""
    frame = progress.shares.copy()
    frame["label"] = [
        f"{int(w):,} of {int(n):,}" + ("" if pd.isna(s) else f" ({s:.1%})")
        for w, n, s in zip(frame["women"], frame["with_gender"], frame["share"], strict=True)
    ]
    frame["moment"] = [f"{m} ({d})" for m, d in zip(frame["moment"], frame["data_date"], strict=True)]
    base = alt.Chart(frame).encode(y=alt.Y("moment:N", sort=None, title=None))
    # The whole 0-100 % axis with the parity line, as the gender chart draws it: a share of 6 % must not fill
    # the plot's width as if it were most of the edition.
    share = alt.X("share:Q", axis=alt.Axis(format="%"), scale=alt.Scale(domain=[0, 1]))
    bars = base.mark_bar(color=GROUP_COLOURS["women"]).encode(
        x=share.title("Women among people with gender data"), tooltip=[alt.Tooltip("label:N", title="Women")]
    )
    labels = base.mark_text(align="left", dx=4, fontSize=READABLE).encode(x=share, text="label:N")
    parity = alt.Chart(pd.DataFrame({"share": [0.5]})).mark_rule(color="black", strokeDash=[4, 3]).encode(x=share)
    title = alt.Title(
        f"Women among {edition_names(progress.edition)} biographies: before and after {progress.name}",
        subtitle=[
            f"Source: {progress.source}; saved {progress.saved}.",
            *textwrap.wrap(definitions.GENDER_GROUPS, FOOTER_CHARACTERS),
        ],
        subtitleFontSize=READABLE,
        anchor="start",
    )
    return alt.layer(bars, labels, parity).properties(title=title, width="container", height=alt.Step(30))


@functools.cache
def _world() -> dict[str, object]:
    return json.loads(WORLD.read_text(encoding="utf-8"))


def country_map(figure: Figure, edition: str) -> alt.Chart:
    """A world map of one edition's women's share per country of citizenship (a country figure), drawn from the
    shipped world geometry: colour from 0 % to parity (50 %) and beyond, grey where the edition has nobody with
    gender data from that country; counts in the tooltip."""
    frame = figure.frame
    rows = frame[(frame["edition"] == edition) & (frame["iso_numeric"] != "") & (frame["with_gender"] > 0)]
    rows = rows[["iso_numeric", "country_label", "people", "women", "with_gender", "share"]]
    shapes = alt.Data(values=_world(), format=alt.DataFormat(type="topojson", feature="countries"))
    colour = alt.Color(
        "share:Q",
        title="Women's share",
        scale=alt.Scale(scheme="purpleorange", domain=[0, 1], domainMid=0.5, reverse=True),
        legend=alt.Legend(format="%", orient="bottom", gradientLength=320),
    )
    # Every country in grey underneath; the edition's countries coloured on top (a failed lookup drops a shape).
    land = alt.Chart(shapes).mark_geoshape(fill=NO_DATA, stroke="white", strokeWidth=0.4)
    coloured = (
        alt.Chart(shapes)
        .mark_geoshape(stroke="white", strokeWidth=0.4)
        .transform_lookup(
            lookup="id",
            from_=alt.LookupData(data=rows, key="iso_numeric", fields=[c for c in rows if c != "iso_numeric"]),
        )
        .encode(
            color=colour,
            tooltip=[
                alt.Tooltip("country_label:N", title="Country"),
                alt.Tooltip("share:Q", title="Women's share", format=".1%"),
                alt.Tooltip("women:Q", title="Women", format=","),
                alt.Tooltip("with_gender:Q", title="People with gender data", format=","),
            ],
        )
    )
    return (
        alt.layer(land, coloured)
        .project("equalEarth")
        .properties(
            title=alt.Title(
                f"Women's share by country of citizenship: {edition_names(edition)}",
                subtitle=[scope_line(figure).split(" · ", 1)[1], "Grey: nobody with gender data from that country."],
                subtitleFontSize=READABLE + 1,
                anchor="start",
            ),
            width="container",
            height=360,
        )
    )

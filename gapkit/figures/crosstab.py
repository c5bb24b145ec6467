"""The cross-tab figure: people per pair of axes (region, country, occupation, birth period) by gender group."""

from collections.abc import Sequence

import pandas as pd

from gapkit.errors import BadInput
from gapkit.figures import grid
from gapkit.figures.base import (
    BoundQuery,
    Counting,
    Figure,
    FigureSpec,
    Option,
    by_population,
    counted,
    edition_codes,
    run_query,
)
from gapkit.figures.baselines import ALL, PARITY, compare, parse_baseline
from gapkit.model import definitions
from gapkit.model.filters import NO_FILTERS, Filters
from gapkit.model.identifiers import parse_int, qid_number
from gapkit.model.tables import GROUPS, NO_COUNTRY, NO_GENDER, REGION_LABELS, REGIONS
from gapkit.sources.endpoints import Endpoint, Result
from gapkit.stores.store import ProgressCallback

QUERY = "biographies_crosstab"
AXES = ("region", "country", "occupation", "period")
AXIS_NAMES = {
    "region": "region of citizenship",
    "country": "country of citizenship",
    "occupation": "occupation",
    "period": "birth period",
}
# Each axis's flag in the query file and the answer column holding its values.
FLAGS = {"region": "by_region", "country": "by_country", "occupation": "by_occupation", "period": "by_birth_year"}
ANSWER = {"region": "region", "country": "citizenship", "occupation": "occupation", "period": "birth_year"}
LABELS = {"country": "citizenship_label", "occupation": "occupation_label"}
NO_OCCUPATION = "no_occupation"
NONE_OF = {"country": NO_COUNTRY, "occupation": NO_OCCUPATION}  # axes with many values: the top N are kept
PLURALS = {"country": "countries", "occupation": "occupations"}
NONE_LABELS = {NO_COUNTRY: REGION_LABELS[NO_COUNTRY], NO_OCCUPATION: "no occupation"}
UNKNOWN = "unknown"
FIRST_DECADE = 1800  # DESIGN.md "Birth period": centuries before, decades from this year
DEFAULT_TOP, MAX_TOP = 15, 100
Run = tuple[Result, BoundQuery]


def period_of(year: object) -> int | str:
    """The birth period of a historical year: floor(year / 100) * 100 before 1800, floor(year / 10) * 10 from
    1800 (-469 -> -500, 1799 -> 1700, 1853 -> 1850); anything else -> "unknown"."""
    if isinstance(year, int) and not isinstance(year, bool):
        return (year // 100) * 100 if year < FIRST_DECADE else (year // 10) * 10
    return UNKNOWN


def _year_text(year: int) -> str:
    return f"{-year} BCE" if year < 0 else str(year)


def period_label(period: str) -> str:
    """A period's years as people read them: "1700 to 1799", "1850 to 1859", "100 BCE to 1 BCE", "1 to 99"
    (there is no year 0); unknown stays."""
    if period == UNKNOWN:
        return period
    start = int(period)
    end = start + (99 if start < FIRST_DECADE else 9)
    return f"{_year_text(1 if start == 0 else start)} to {_year_text(end)}"


def parse_axis(value: object) -> str:
    """A checked cross-tab axis: region, country, occupation or period."""
    if value not in AXES:
        raise BadInput(f"{str(value)[:20]!r} is not a cross-tab axis (choose region, country, occupation or period).")
    return str(value)


def parse_top(value: object) -> int:
    """A checked number of countries or occupations kept on an axis."""
    return parse_int(value, "--top", 1, MAX_TOP)


def crosstab_by_edition(
    endpoint: Endpoint,
    editions: Sequence[str] | None,
    rows: str = "region",
    columns: str = "occupation",
    top: int = DEFAULT_TOP,
    progress: ProgressCallback | None = None,
    filters: Filters = NO_FILTERS,
    baseline: str | None = None,
) -> Figure:
    """Columns edition, ROWS, ROWS_label, COLUMNS, COLUMNS_label, gender, people, share (+ baseline,
    baseline_share, gap_pp): every edition x row value x column value x gender group, zeros included; share =
    the group's people / the cell's people with gender data (none for no_gender). Country and occupation axes
    keep their `top` values by people in the editions, then no_country / no_occupation; a baseline is computed
    on the values shown."""
    axes = (parse_axis(rows), parse_axis(columns))
    top = parse_top(top)
    if axes[0] == axes[1]:
        raise BadInput(f"Choose two different axes for the cross-tab (rows and columns are both {axes[0]}).")
    baseline = parse_baseline(baseline, parity=True)
    figure = _crosstab_figure(endpoint, Counting(edition_codes(editions), False, filters, progress), axes, top)
    keys = [*axes, "gender"]
    if baseline is None or baseline == PARITY:
        return figure if baseline is None else compare(figure, None, PARITY, keys)
    # The baseline is laid on the values shown (not its own top ones), so every cell shown finds its own.
    shown = {axis: list(dict.fromkeys(figure.frame[axis])) for axis in axes}
    pooled = baseline == ALL
    base_who = Counting(None if pooled else [baseline], pooled, filters, progress)
    return compare(figure, _crosstab_figure(endpoint, base_who, axes, top, shown), baseline, keys)


def _run(endpoint: Endpoint, who: Counting, axes: Sequence[str]) -> Run:
    """The query file counting who is counted by these axes (none: by gender group only)."""
    flags = {FLAGS[axis]: True for axis in axes}
    return run_query(endpoint, QUERY, who.progress, **counted(who.codes, who.pooled, who.filters), **flags)


def _cells(answer: pd.DataFrame) -> pd.DataFrame:
    """The answer with each row's edition and every axis's values as text (birth years binned into periods)."""
    counts = grid.by_edition(answer)
    for axis, column in ANSWER.items():
        values = counts[column].map(period_of) if axis == "period" else counts[column]
        counts[axis] = values.astype(str)
    return counts


def _crosstab_figure(
    endpoint: Endpoint, who: Counting, axes: tuple[str, str], top: int, shown: dict[str, list[str]] | None = None
) -> Figure:
    """The figure on one population: its cells on the axes' values (`shown`, else the values found)."""
    runs = [_run(endpoint, who, axes)]
    counts = _cells(runs[0][0].frame)
    if who.codes or who.pooled:
        order = list(who.codes or ["all"])  # the pooled population is one block, "all"
    else:  # every edition, largest first: the population counted by gender group only, each person once
        runs.append(_run(endpoint, who, ()))
        order = by_population(grid.by_edition(runs[-1][0].frame).groupby("edition")["people"].sum())
    values = dict(shown or {})
    for axis in axes:
        if axis not in values:
            ranked = None
            if axis in NONE_OF:  # ranked by the people holding each value, counted on that axis alone
                runs.append(_run(endpoint, who, (axis,)))
                ranked = _cells(runs[-1][0].frame)
            values[axis] = _values(axis, counts, ranked, top)
    index = grid.full_index(["edition", *axes, "gender"], order, values[axes[0]], values[axes[1]], GROUPS)
    frame = grid.laid_out(counts, index)
    gendered = frame["gender"] != NO_GENDER
    with_gender = frame["people"].where(gendered, 0).groupby([frame[c] for c in ["edition", *axes]]).transform("sum")
    frame["share"] = grid.shares(frame["people"], with_gender.where(gendered, 0))
    for axis in axes:
        frame[f"{axis}_label"] = frame[axis].map(_labels(axis, counts, values[axis]))
    a, b = axes
    frame = frame[["edition", a, f"{a}_label", b, f"{b}_label", "gender", "people", "share"]]
    kept = [f"the {top} {PLURALS[x]} with the most people, then {NONE_OF[x]}" for x in axes if x in NONE_OF]
    definition = " ".join(
        [definitions.CROSSTAB, definitions.CROSSTAB_AXES[a], definitions.CROSSTAB_AXES[b]]
        + ([f"Shown: {'; '.join(kept)}."] if kept else [])
    )
    title = f"Biographies by {AXIS_NAMES[a]} and {AXIS_NAMES[b]}, by gender group"
    return grid.assemble(title, frame, runs, definition, who, rows=a, columns=b, top=top)


def _values(axis: str, counts: pd.DataFrame, ranked: pd.DataFrame | None, top: int) -> list[str]:
    """An axis's values with people, in reading order: regions as the shipped table lists them, periods
    ascending then unknown, countries and occupations the top N by people (ties by QID number), then none."""
    found = set(counts.loc[counts["people"] > 0, axis])
    if axis == "region":
        return [region for region in REGIONS if region in found]
    if axis == "period":
        known = sorted((v for v in found if v != UNKNOWN), key=int)
        return known + ([UNKNOWN] if UNKNOWN in found else [])
    ranked = counts if ranked is None else ranked
    people = ranked[ranked[axis] != NONE_OF[axis]].groupby(axis)["people"].sum()
    best = sorted(people.index, key=lambda qid: (-int(people[qid]), qid_number(qid)))[:top]
    return best + ([NONE_OF[axis]] if NONE_OF[axis] in found else [])


def _labels(axis: str, counts: pd.DataFrame, values: list[str]) -> dict[str, str]:
    """What each value of an axis reads as: a continent's name, a period's years, an item's English (else mul)
    label, else its QID."""
    if axis == "region":
        return {value: REGION_LABELS.get(value, value) for value in values}
    if axis == "period":
        return {value: period_label(value) for value in values}
    named = counts.dropna(subset=[LABELS[axis]]).drop_duplicates(axis).set_index(axis)[LABELS[axis]]
    return {value: NONE_LABELS.get(value) or str(named.get(value) or value) for value in values}


SPECS = (
    FigureSpec(
        name="crosstab",
        function=crosstab_by_edition,
        definition=definitions.CROSSTAB,
        queries=(QUERY,),
        options=(
            Option("rows", "region", parse_axis),
            Option("columns", "occupation", parse_axis),
            Option("top", DEFAULT_TOP, parse_top),
        ),
    ),
)


def women_cells(figure: Figure) -> pd.DataFrame:
    """One row per edition and cell of a cross-tab figure: its people (every gender group), women, people with
    gender data and the women's share (with the women's baseline_share and gap_pp when compared), cells in the
    figure's order."""
    a, b = str(figure.scope["rows"]), str(figure.scope["columns"])
    keys = ["edition", a, f"{a}_label", b, f"{b}_label"]
    frame = figure.frame
    cells = frame.groupby(keys, sort=False)["people"].sum().reset_index()
    gendered = frame[frame["gender"] != NO_GENDER].groupby(keys, sort=False)["people"].sum().rename("with_gender")
    women = frame.loc[frame["gender"] == "women", [*keys, "people", "share"]].rename(columns={"people": "women"})
    compared = [c for c in ("baseline_share", "gap_pp") if c in frame]
    women[compared] = frame.loc[frame["gender"] == "women", compared]
    cells = cells.merge(gendered.reset_index(), on=keys, how="left").merge(women, on=keys, how="left")
    return cells[[*keys, "people", "women", "with_gender", "share", *compared]]

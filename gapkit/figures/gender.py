"""The gender figure: people per gender group (or raw P21 value) in each edition, with shares."""

import math
from collections.abc import Sequence

import pandas as pd

from gapkit.errors import BadInput
from gapkit.figures import grid
from gapkit.figures.base import Counting, Figure, FigureSpec, Option, edition_of_site
from gapkit.figures.baselines import compared
from gapkit.model import definitions
from gapkit.model.filters import NO_FILTERS, Filters
from gapkit.model.tables import GROUPS, NO_GENDER
from gapkit.sources.endpoints import Endpoint
from gapkit.stores.store import ProgressCallback

GROUPINGS = ("groups", "raw")
# English labels of common P21 values, for display only (the figures key on QIDs).
VALUE_LABELS = {
    "Q6581072": "female",
    "Q6581097": "male",
    "Q1052281": "trans woman",
    "Q2449503": "trans man",
    "Q15145779": "cisgender female",
    "Q15145778": "cisgender male",
    "Q48270": "non-binary",
    "Q1097630": "intersex",
    "Q505371": "agender",
    "Q12964198": "genderqueer",
    "Q18116794": "genderfluid",
    "Q746411": "kathoey",
    "Q301702": "two-spirit",
    "Q27679684": "transfeminine",
    "Q27679766": "transmasculine",
    "Q3177577": "muxe",
    "Q52261234": "neutral sex",
    "Q1289754": "neutrois",
}


def gender_label(value: str) -> str:
    """A readable name for a group or a raw P21 value."""
    return VALUE_LABELS.get(value, value).replace("_", " ")


def parse_grouping(grouping: object) -> str:
    """A checked gender grouping: groups (one group per person) or raw (one row per P21 value)."""
    if grouping not in GROUPINGS:
        raise BadInput(f"{str(grouping)[:20]!r} is not a gender grouping (choose groups or raw).")
    return str(grouping)


def gender_by_edition(
    endpoint: Endpoint,
    editions: Sequence[str] | None,
    grouping: str = "groups",
    progress: ProgressCallback | None = None,
    filters: Filters = NO_FILTERS,
    baseline: str | None = None,
) -> Figure:
    """Columns edition, gender, people, share (and baseline, baseline_share, gap_pp with a baseline);
    zero rows included; editions in the caller's order, or largest first for every edition."""
    grouping = parse_grouping(grouping)
    return compared(
        _gender_figure,
        endpoint,
        editions,
        baseline,
        ["gender"],
        parity=True,
        grouping=grouping,
        filters=filters,
        progress=progress,
    )


def _gender_figure(endpoint: Endpoint, who: Counting, grouping: str) -> Figure:
    grouped = who.run(endpoint, "biographies_by_gender")
    counts = grouped[0].frame.assign(edition=edition_of_site(grouped[0].frame))
    order = who.order(counts)
    if grouping == "groups":
        frame = grid.laid_out(counts, grid.full_index(["edition", "gender"], order, GROUPS))
        # Share within the edition's people with gender data; no_gender is left out of it and gets none.
        known = frame["people"].where(frame["gender"] != NO_GENDER, 0)
        with_gender = known.groupby(frame["edition"], sort=False).transform("sum")
        frame["share"] = grid.shares(frame["people"], with_gender.where(frame["gender"] != NO_GENDER, 0))
        return _gender_result(frame, [grouped], definitions.GENDER_GROUPS, who, grouping)
    raw = who.run(endpoint, "biographies_by_gender_value")
    frame = _raw_rows(counts, raw[0].frame.assign(edition=edition_of_site(raw[0].frame)), order)
    return _gender_result(frame, [grouped, raw], definitions.GENDER_RAW, who, grouping)


def _raw_rows(counts: pd.DataFrame, values: pd.DataFrame, order: Sequence[str]) -> pd.DataFrame:
    """Per edition its P21 values (most people first, then QID text) and then no_gender; shares of people with
    gender data."""
    population = counts.groupby("edition")["people"].sum().reindex(order, fill_value=0)
    no_gender = counts[counts["gender"] == NO_GENDER].groupby("edition")["people"].sum().reindex(order, fill_value=0)
    with_gender = population - no_gender
    found = values.loc[values["edition"].isin(order), ["edition", "gender", "people"]]
    found = found.assign(share=grid.shares(found["people"], found["edition"].map(with_gender)), _last=0)
    ends = pd.DataFrame(
        {"edition": order, "gender": NO_GENDER, "people": no_gender.to_numpy(), "share": math.nan, "_last": 1}
    )
    rows = pd.concat([found, ends], ignore_index=True)
    rows["_block"] = rows["edition"].map({code: i for i, code in enumerate(order)})
    rows = rows.sort_values(["_block", "_last", "people", "gender"], ascending=[True, True, False, True], kind="stable")
    return rows.drop(columns=["_block", "_last"]).reset_index(drop=True)


def _gender_result(frame: pd.DataFrame, results: list, definition: str, who: Counting, grouping: str) -> Figure:
    frame["people"] = frame["people"].astype("int64")
    title = "Biographies by gender" + (" (raw P21 values)" if grouping == "raw" else "")
    return grid.assemble(title, frame, results, definition, who, grouping=grouping)


SPECS = (
    FigureSpec(
        name="gender",
        function=gender_by_edition,
        definition=definitions.GENDER_GROUPS,
        queries=("biographies_by_gender", "biographies_by_gender_value"),
        options=(Option("grouping", "groups", parse_grouping),),
        standard=({"grouping": "groups"}, {"grouping": "raw"}),
    ),
)

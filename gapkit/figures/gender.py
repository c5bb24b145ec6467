"""The gender figure: people per gender group (or raw P21 value) in each edition, with shares."""

import math
from collections.abc import Sequence

import pandas as pd

from gapkit.errors import BadInput
from gapkit.figures.base import (
    Figure,
    by_population,
    counted,
    edition_of_site,
    merge_provenance,
    run_query,
    scope_of,
)
from gapkit.figures.baselines import compared
from gapkit.model import definitions, metrics
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
    if grouping not in GROUPINGS:
        raise BadInput(f"{str(grouping)[:20]!r} is not a gender grouping (choose groups or raw).")
    return compared(_gender_figure, endpoint, editions, baseline, ["gender"], parity=True, grouping=grouping,
                    filters=filters, progress=progress)  # fmt: skip


def _gender_figure(
    endpoint: Endpoint,
    codes: Sequence[str] | None,
    pooled: bool,
    grouping: str,
    filters: Filters,
    progress: ProgressCallback | None,
) -> Figure:
    where = counted(codes, pooled, filters)
    grouped, grouped_query = run_query(endpoint, "biographies_by_gender", progress, **where)
    counts = grouped.frame.assign(edition=edition_of_site(grouped.frame))
    order = codes or by_population(counts.groupby("edition")["people"].sum())
    results, queries = [grouped], [grouped_query]
    if grouping == "groups":
        rows = []
        for code in order:
            block = counts[counts["edition"] == code]
            found = dict(zip(block["gender"], block["people"], strict=True))
            rows += [(code, group, int(found.get(group, 0))) for group in GROUPS]
        frame = pd.DataFrame(rows, columns=["edition", "gender", "people"])
        frame["share"] = metrics.shares_within(frame, ["edition"], exclude={"gender": {NO_GENDER}})
        definition = definitions.GENDER_GROUPS
    else:
        raw, raw_query = run_query(endpoint, "biographies_by_gender_value", progress, **where)
        results.append(raw)
        queries.append(raw_query)
        values = raw.frame.assign(edition=edition_of_site(raw.frame))
        rows = []
        for code in order:
            block = counts[counts["edition"] == code]
            population = int(block["people"].sum())
            no_gender = int(block.loc[block["gender"] == NO_GENDER, "people"].sum())
            with_gender = population - no_gender
            value_block = values[values["edition"] == code].sort_values(["people", "gender"], ascending=[False, True])
            for value, people in zip(value_block["gender"], value_block["people"], strict=True):
                rows.append((code, value, int(people), metrics.share(int(people), with_gender)))
            rows.append((code, NO_GENDER, no_gender, math.nan))
        frame = pd.DataFrame(rows, columns=["edition", "gender", "people", "share"])
        definition = definitions.GENDER_RAW
    frame["people"] = frame["people"].astype("int64")
    return Figure(
        title="Biographies by gender" + (" (raw P21 values)" if grouping == "raw" else ""),
        frame=frame,
        provenance=merge_provenance(results),
        definition=" ".join(filter(None, [definitions.POPULATION, definition, filters.describe()])),
        queries=tuple(queries),
        scope=scope_of(codes, filters, grouping=grouping),
    )

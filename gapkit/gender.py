"""The gender figure: people per gender group (or raw P21 value) in each edition, with shares."""

import math
from collections.abc import Sequence

import pandas as pd

from gapkit import definitions, metrics
from gapkit.endpoints import Endpoint
from gapkit.errors import BadInput
from gapkit.figure import Figure, by_population, edition_codes, edition_of_site, merge_provenance, run_query
from gapkit.store import ProgressCallback

# DESIGN.md "Gender group of a person": the value -> group table bound into the query.
GROUP_VALUES = {
    "women": ("Q6581072", "Q1052281", "Q15145779"),  # female, trans woman, cisgender female
    "men": ("Q6581097", "Q2449503", "Q15145778"),  # male, trans man, cisgender male
}
GROUPS = ("women", "men", "other", "no_gender")
NO_GENDER = "no_gender"
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


def group_table() -> list[tuple[str, str]]:
    """Rows (P21 value QID, group) for the query's gender_groups table."""
    return [(qid, group) for group, qids in GROUP_VALUES.items() for qid in qids]


def gender_label(value: str) -> str:
    """A readable name for a group or a raw P21 value."""
    return VALUE_LABELS.get(value, value).replace("_", " ")


def gender_by_edition(
    endpoint: Endpoint,
    editions: Sequence[str] | None,
    grouping: str = "groups",
    progress: ProgressCallback | None = None,
) -> Figure:
    """Columns edition, gender, people, share: one row per edition and group (zero rows included).

    `editions` None means every edition with at least one biography in the data."""
    if grouping not in GROUPINGS:
        raise BadInput(f"{grouping!r} is not a gender grouping (choose groups or raw).")
    codes = edition_codes(editions)
    grouped, grouped_query = run_query(
        endpoint, "biographies_by_gender", progress, site=codes, gender_groups=group_table()
    )
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
        raw, raw_query = run_query(endpoint, "biographies_by_gender_value", progress, site=codes)
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
        definition=f"{definitions.POPULATION} {definition}",
        queries=tuple(queries),
        scope={"editions": "all" if codes is None else ",".join(codes), "grouping": grouping},
    )

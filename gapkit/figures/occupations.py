"""The occupation figure: people per own occupation (P106) in each edition, the top N plus no_occupation."""

from collections.abc import Sequence

import pandas as pd

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
from gapkit.model.identifiers import parse_int, qid_number
from gapkit.model.tables import GROUPS
from gapkit.sources.endpoints import Endpoint
from gapkit.stores.store import ProgressCallback

NO_OCCUPATION = "no_occupation"
DEFAULT_TOP = 20
MAX_TOP = 1000


def _rank_key(occupation: str, people: int) -> tuple[int, int]:
    return (-people, qid_number(occupation))


def occupation_by_edition(
    endpoint: Endpoint,
    editions: Sequence[str] | None,
    by_gender: bool = False,
    top: int = DEFAULT_TOP,
    progress: ProgressCallback | None = None,
    filters: Filters = NO_FILTERS,
    baseline: str | None = None,
) -> Figure:
    """Columns edition, occupation, occupation_label, gender, people, share (+ baseline, baseline_share,
    gap_pp): per edition the `top` occupations by people (ties by QID number) and no_occupation; share =
    people / population (within the gender group when split). occupation_label is empty where Wikidata has
    no English label. The baseline is looked up for the occupations shown, whatever its own ranking."""
    top = parse_int(top, "--top", 1, MAX_TOP)
    # The baseline lists every occupation, so each one shown finds its baseline share.
    return compared(_occupation_figure, endpoint, editions, baseline, ["occupation", "gender"],
                    base_options={"top": MAX_TOP}, by_gender=by_gender, top=top, filters=filters,
                    progress=progress)  # fmt: skip


def _occupation_figure(
    endpoint: Endpoint,
    codes: Sequence[str] | None,
    pooled: bool,
    by_gender: bool,
    top: int,
    filters: Filters,
    progress: ProgressCallback | None,
) -> Figure:
    where = counted(codes, pooled, filters)
    result, occupation_query = run_query(endpoint, "biographies_by_occupation", progress, **where)
    genders, gender_query = run_query(endpoint, "biographies_by_gender", progress, **where)
    counts = result.frame.assign(edition=edition_of_site(result.frame))
    population = genders.frame.assign(edition=edition_of_site(genders.frame))
    if not by_gender:
        counts = counts.assign(gender="all")
        population = population.assign(gender="all")
    people = counts.groupby(["edition", "occupation", "gender"])["people"].sum()
    base = population.groupby(["edition", "gender"])["people"].sum()
    labels = dict(zip(counts["occupation"], counts["occupation_label"].fillna(""), strict=True))
    totals = population.groupby("edition")["people"].sum()
    order = codes or by_population(totals)
    rows = []
    for code in order:
        block = counts[(counts["edition"] == code) & (counts["occupation"] != NO_OCCUPATION)]
        ranked = block.groupby("occupation")["people"].sum()
        chosen = sorted(ranked.index, key=lambda occ: _rank_key(occ, int(ranked[occ])))[:top]
        for gender in GROUPS if by_gender else ("all",):
            whole = int(base.get((code, gender), 0))
            for occupation in [*chosen, NO_OCCUPATION]:
                part = int(people.get((code, occupation, gender), 0))
                label = "" if occupation == NO_OCCUPATION else labels.get(occupation, "")
                rows.append((code, occupation, label, gender, part, metrics.share(part, whole)))
    frame = pd.DataFrame(rows, columns=["edition", "occupation", "occupation_label", "gender", "people", "share"])
    return Figure(
        title=f"Biographies by occupation (top {top})" + (" and gender" if by_gender else ""),
        frame=frame,
        provenance=merge_provenance([result, genders]),
        definition=" ".join(filter(None, [definitions.POPULATION, definitions.OCCUPATION, filters.describe()])),
        queries=(occupation_query, gender_query),
        scope=scope_of(codes, filters, by_gender=by_gender, top=top),
    )

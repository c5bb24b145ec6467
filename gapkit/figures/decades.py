"""The birth-decade figure: people per decade of their historical birth year, unknown kept."""

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
from gapkit.model.tables import GROUPS
from gapkit.sources.endpoints import Endpoint
from gapkit.stores.store import ProgressCallback

UNKNOWN = "unknown"


def decade_of(year: object) -> int | str:
    """floor(year / 10) * 10 of a historical year (-1 -> -10, -469 -> -470); anything else -> "unknown"."""
    if isinstance(year, int) and not isinstance(year, bool):
        return (year // 10) * 10
    return UNKNOWN


def _decade_order(decade: int | str) -> tuple[int, int]:
    return (1, 0) if decade == UNKNOWN else (0, int(decade))


def decade_by_edition(
    endpoint: Endpoint,
    editions: Sequence[str] | None,
    by_gender: bool = False,
    progress: ProgressCallback | None = None,
    filters: Filters = NO_FILTERS,
    baseline: str | None = None,
) -> Figure:
    """Columns edition, decade, gender, people, share (+ baseline, baseline_share, gap_pp): share = people /
    the edition's population (within the gender group when split); decades found in the edition, ascending,
    unknown last."""
    return compared(_decade_figure, endpoint, editions, baseline, ["decade", "gender"], by_gender=by_gender,
                    filters=filters, progress=progress)  # fmt: skip


def _decade_figure(
    endpoint: Endpoint,
    codes: Sequence[str] | None,
    pooled: bool,
    by_gender: bool,
    filters: Filters,
    progress: ProgressCallback | None,
) -> Figure:
    where = counted(codes, pooled, filters)
    result, query = run_query(endpoint, "biographies_by_birth_year", progress, **where)
    counts = result.frame.assign(
        edition=edition_of_site(result.frame),
        decade=result.frame["birth_year"].map(decade_of),
        gender=result.frame["gender"] if by_gender else "all",
    )
    people = counts.groupby(["edition", "decade", "gender"])["people"].sum()
    population = counts.groupby(["edition", "gender"])["people"].sum()
    totals = counts.groupby("edition")["people"].sum()
    order = codes or by_population(totals)
    rows = []
    for code in order:
        decades = sorted(set(counts.loc[counts["edition"] == code, "decade"]), key=_decade_order)
        for gender in GROUPS if by_gender else ("all",):
            whole = int(population.get((code, gender), 0))
            for decade in decades:
                part = int(people.get((code, decade, gender), 0))
                rows.append((code, str(decade), gender, part, metrics.share(part, whole)))
    frame = pd.DataFrame(rows, columns=["edition", "decade", "gender", "people", "share"])
    return Figure(
        title="Biographies by birth decade" + (" and gender" if by_gender else ""),
        frame=frame,
        provenance=merge_provenance([result]),
        definition=" ".join(filter(None, [definitions.POPULATION, definitions.DECADE, filters.describe()])),
        queries=(query,),
        scope=scope_of(codes, filters, by_gender=by_gender),
    )

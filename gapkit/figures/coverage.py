"""Data quality: how much of an edition's population has gender, citizenship, birth date, occupation; who lacks them."""

from collections.abc import Sequence

import pandas as pd

from gapkit.errors import BadInput
from gapkit.figures.base import (
    Figure,
    by_population,
    counted,
    edition_codes,
    edition_of_site,
    merge_provenance,
    run_query,
    scope_of,
)
from gapkit.figures.baselines import compared
from gapkit.model import definitions, metrics
from gapkit.model.filters import NO_FILTERS, Filters
from gapkit.model.identifiers import qid_number
from gapkit.sources.endpoints import Endpoint
from gapkit.stores.store import ProgressCallback

COVERED = ("P21", "P27", "P569", "P106")  # sex or gender, citizenship, date of birth, occupation
FIXABLE = ("P21", "P27")


def coverage_by_edition(
    endpoint: Endpoint,
    editions: Sequence[str] | None,
    progress: ProgressCallback | None = None,
    filters: Filters = NO_FILTERS,
    baseline: str | None = None,
) -> Figure:
    """Columns edition, property, known, population, share (share = known / population; + baseline,
    baseline_share, gap_pp)."""
    return compared(_coverage_figure, endpoint, editions, baseline, ["property"], filters=filters, progress=progress)


def _coverage_figure(
    endpoint: Endpoint,
    codes: Sequence[str] | None,
    pooled: bool,
    filters: Filters,
    progress: ProgressCallback | None,
) -> Figure:
    where = counted(codes, pooled, filters)
    known, known_query = run_query(endpoint, "biographies_with_property", progress, **where)
    genders, gender_query = run_query(endpoint, "biographies_by_gender", progress, **where)
    population = genders.frame.assign(edition=edition_of_site(genders.frame)).groupby("edition")["people"].sum()
    found = known.frame.assign(edition=edition_of_site(known.frame)).set_index(["edition", "property"])["known"]
    order = codes or by_population(population)
    rows = []
    for code in order:
        whole = int(population.get(code, 0))
        for prop in COVERED:
            part = int(found.get((code, prop), 0))
            rows.append((code, prop, part, whole, metrics.share(part, whole)))
    return Figure(
        title="Coverage: share of biographies with each property known",
        frame=pd.DataFrame(rows, columns=["edition", "property", "known", "population", "share"]),
        provenance=merge_provenance([known, genders]),
        definition=" ".join(filter(None, [definitions.POPULATION, definitions.COVERAGE, filters.describe()])),
        queries=(known_query, gender_query),
        scope=scope_of(codes, filters),
    )


def missing_property(
    endpoint: Endpoint,
    editions: Sequence[str] | None,
    prop: str,
    progress: ProgressCallback | None = None,
    filters: Filters = NO_FILTERS,
) -> Figure:
    """Columns edition, qid, label, articles: each edition's people with no known value of `prop`,
    most articles first, then QID number; editions in the caller's order (None: all, largest first)."""
    if prop not in FIXABLE:
        raise BadInput(f"{prop[:20]!r} is not a property gapkit lists for fix-ups (choose P21 or P27).")
    codes = edition_codes(editions)
    result, query = run_query(
        endpoint, "biographies_missing_property", progress, site=codes, property=prop, **filters.params()
    )
    found = result.frame
    frame = pd.DataFrame(
        {
            "edition": edition_of_site(found),
            "qid": found["person"],
            "label": found["label"].fillna(""),
            "articles": found["articles"].astype("int64"),
        }
    )
    sizes = frame.groupby("edition").size()
    order = codes or by_population(sizes)
    # Most articles first, then QID number (Q9 before Q10), as the worklists rank people.
    frame = frame.assign(
        block=frame["edition"].map({code: i for i, code in enumerate(order)}), number=frame["qid"].map(qid_number)
    )
    frame = frame.sort_values(["block", "articles", "number"], ascending=[True, False, True])
    return Figure(
        title=f"Biographies without {prop}",
        frame=frame.drop(columns=["block", "number"]).reset_index(drop=True),
        provenance=result.provenance,
        definition=f"People with an article in the edition and no known {prop} value ('unknown value' counts as "
        f"missing). Articles = Wikipedia editions with an article about them. {filters.describe()}".strip(),
        queries=(query,),
        scope=scope_of(codes, filters, property=prop),
    )

"""Data quality: how much of an edition's population has gender, citizenship, birth date, occupation; who lacks them."""

from collections.abc import Sequence

import pandas as pd

from gapkit.errors import BadInput
from gapkit.figures import grid
from gapkit.figures.base import (
    Counting,
    Figure,
    FigureSpec,
    Option,
    block_numbers,
    by_population,
    edition_codes,
    edition_of_site,
    qid_numbers,
    run_query,
    scope_of,
)
from gapkit.figures.baselines import compared
from gapkit.model import definitions
from gapkit.model.filters import NO_FILTERS, Filters
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


def _coverage_figure(endpoint: Endpoint, who: Counting) -> Figure:
    known = who.run(endpoint, "biographies_with_property")
    genders = who.run(endpoint, "biographies_by_gender")
    population = grid.by_edition(genders[0].frame)
    order = who.order(population)
    frame = grid.laid_out(
        grid.by_edition(known[0].frame), grid.full_index(["edition", "property"], order, COVERED), "known"
    )
    frame["population"] = grid.wholes(frame, population, ["edition"])
    frame["share"] = grid.shares(frame["known"], frame["population"])
    title = "Coverage: share of biographies with each property known"
    return grid.assemble(title, frame, [known, genders], definitions.COVERAGE, who)


def parse_fixable(prop: object) -> str:
    """A property gapkit lists fix-ups for (P21 or P27)."""
    if prop not in FIXABLE:
        raise BadInput(f"{str(prop)[:20]!r} is not a property gapkit lists for fix-ups (choose P21 or P27).")
    return str(prop)


def missing_property(
    endpoint: Endpoint,
    editions: Sequence[str] | None,
    prop: str,
    progress: ProgressCallback | None = None,
    filters: Filters = NO_FILTERS,
) -> Figure:
    """Columns edition, qid, label, articles: each edition's people with no known value of `prop`,
    most articles first, then QID number; editions in the caller's order (None: all, largest first)."""
    prop = parse_fixable(prop)
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
    frame = frame.assign(block=block_numbers(frame["edition"], order), number=qid_numbers(frame["qid"]))
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


SPECS = (
    FigureSpec(
        name="coverage",
        function=coverage_by_edition,
        definition=definitions.COVERAGE,
        queries=("biographies_with_property", "biographies_by_gender"),
        standard=({},),
    ),
    FigureSpec(
        name="missing",
        function=missing_property,
        definition="People with an article in the edition and no known value of the property.",
        queries=("biographies_missing_property",),
        options=(Option("prop", None, parse_fixable),),
        baseline=False,
    ),
)

"""What every figure function returns, and the one path from a query file to a Result."""

from collections.abc import Sequence
from dataclasses import dataclass, field

import pandas as pd

from gapkit.errors import BadInput, NotInCache, QueryTimeout
from gapkit.model.editions import load_editions
from gapkit.model.filters import Filters
from gapkit.model.tables import group_table, region_table
from gapkit.sources.endpoints import Endpoint, Provenance, Result
from gapkit.sources.partitions import run_partitioned
from gapkit.sources.query_files import load_query
from gapkit.stores.store import ProgressCallback


@dataclass(frozen=True)
class BoundQuery:
    """A query file with its parameters bound: what ran, for the Queries & data page."""

    name: str
    text: str  # the SPARQL definition, bound: what a remote endpoint runs, and the WDQS / QLever links
    engine_text: str = ""  # what ran instead, when an engine answers by the file's twin (the SQL, bound)
    engine_params: tuple[tuple[str, str], ...] = ()  # its prepared-statement parameters, as text ($name, value)


@dataclass(frozen=True)
class Figure:
    """A figure's table with its definition, provenance and the queries that made it."""

    title: str
    frame: pd.DataFrame
    provenance: Provenance
    definition: str
    queries: tuple[BoundQuery, ...] = field(default=())
    scope: dict[str, object] = field(default_factory=dict)  # the parameters, as written beside exports


def run_query(
    endpoint: Endpoint, name: str, progress: ProgressCallback | None = None, **params: object
) -> tuple[Result, BoundQuery]:
    """Bind queries/NAME.rq with validated parameters and run it on the endpoint."""
    query = load_query(name)
    # The shipped tables are bound wherever a query declares them, so every endpoint applies the same ones.
    shipped = {"gender_groups": group_table, "regions": region_table}
    for table, rows in shipped.items():
        if table in query.params and table not in params:
            params[table] = rows()
    text = query.bind(**params)  # validates every value, for every engine
    if progress:
        progress(f"Running {name} on {endpoint.name}", None)
    select_query = getattr(endpoint, "select_query", None)
    if select_query is not None:
        # An engine that answers query files itself (the columnar store runs the SQL twin of the same file).
        result = select_query(query, params, progress)
        sql = query.bind_sql(**params)
        shown = tuple((key, repr(value)) for key, value in sql.params.items())
        return result, BoundQuery(name, text, sql.text, shown)
    try:
        result = endpoint.select(text, query.returns, progress=progress)
    except (QueryTimeout, NotInCache) as err:
        if not query.splits:
            raise
        # Too big to answer whole (or, offline, cached only in parts): the parts add up to the same answer.
        result = run_partitioned(endpoint, query, params, progress, err)
    return result, BoundQuery(name, text)


def merge_provenance(results: Sequence[Result]) -> Provenance:
    provenance = results[0].provenance
    for result in results[1:]:
        provenance = provenance.merged(result.provenance)
    return provenance


def counted(codes: Sequence[str] | None, pooled: bool, filters: Filters) -> dict[str, object]:
    """The parameters of queries/fragments/population.rq and person_filters.rq: who a figure counts."""
    return {"site": codes, "pooled": pooled, **filters.params()}


def scope_of(codes: Sequence[str] | None, filters: Filters, **extra: object) -> dict[str, object]:
    """A figure's scope: its editions, its own options, then the filters that are set."""
    return {"editions": "all" if codes is None else ",".join(codes), **extra, **filters.scope()}


def edition_codes(editions: Sequence[str] | None) -> list[str] | None:
    """Checked edition codes in the caller's order; None (every edition in the data) stays None."""
    if editions is None:
        return None
    codes = [load_editions().get(code).code for code in editions]
    if not codes:
        raise BadInput("Choose at least one edition.")
    return codes


def edition_of_site(frame: pd.DataFrame, column: str = "site") -> pd.Series:
    """The edition code of each row's site IRI."""
    editions = load_editions()
    return frame[column].map(lambda site: e.code if (e := editions.by_site(site)) else site)


def by_population(population: pd.Series) -> list[str]:
    """Edition codes of a population-per-edition series, largest first, ties by code."""
    return sorted(population.index, key=lambda code: (-int(population[code]), code))

"""What every figure function returns, and the one path from a query file to a Result."""

import dataclasses
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from gapkit.errors import BadInput, NotInCache, QueryTimeout
from gapkit.model.editions import load_editions
from gapkit.model.filters import NO_FILTERS, Filters
from gapkit.model.identifiers import qid_number
from gapkit.model.tables import group_table, region_table
from gapkit.sources.endpoints import Endpoint, Provenance, Result
from gapkit.sources.partitions import cached_plan, run_partitioned
from gapkit.sources.query_files import load_query
from gapkit.stores.store import ProgressCallback


@dataclass(frozen=True)
class BoundQuery:
    """A query file with its parameters bound: what ran, for the Queries & data page."""

    name: str
    text: str  # the SPARQL definition, bound: what a remote endpoint runs, and the WDQS / QLever links
    engine_text: str = ""  # what ran instead, when an engine answers by the file's twin (the SQL, bound)
    engine_params: tuple[tuple[str, str], ...] = ()  # its prepared-statement parameters, as text ($name, value)
    # How it ran, for --explain and the Queries & data page (not part of what the query is, so not compared):
    # the parts it was split into, the HTTP requests sent (cache hits send none), how many of them ran out of
    # time, and the seconds it took.
    parts: int = field(default=1, compare=False)
    requests: int = field(default=0, compare=False)
    timeouts: int = field(default=0, compare=False)
    seconds: float = field(default=0.0, compare=False)


@dataclass(frozen=True)
class Figure:
    """A figure's table with its definition, provenance and the queries that made it."""

    title: str
    frame: pd.DataFrame
    provenance: Provenance
    definition: str
    queries: tuple[BoundQuery, ...] = field(default=())
    scope: dict[str, object] = field(default_factory=dict)  # the parameters, as written beside exports


def _unchecked(value: object) -> object:
    return value


@dataclass(frozen=True)
class Option:
    """One of a figure's own options: its name, its default and the check that returns the value to use (or raises
    BadInput in the words the CLI and the pages show)."""

    name: str
    default: object
    check: Callable[[object], object] = _unchecked


@dataclass(frozen=True)
class FigureRequest:
    """What a caller asks for, hashable so that it keys caches: a figure by name, its
    editions (None: every edition in the data), its own options (name, value pairs sorted by name), the filters
    and the baseline."""

    figure: str
    editions: tuple[str, ...] | None = None
    options: tuple[tuple[str, object], ...] = ()
    filters: Filters = NO_FILTERS
    baseline: str | None = None


def request(
    figure: str,
    editions: Sequence[str] | str | None = None,
    *,
    filters: Filters = NO_FILTERS,
    baseline: str | None = None,
    **options: object,
) -> FigureRequest:
    """A FigureRequest from plain arguments: one edition code or several, options by name (lists become tuples)."""
    codes = None if editions is None else (editions,) if isinstance(editions, str) else tuple(editions)
    frozen = {name: tuple(value) if isinstance(value, list) else value for name, value in options.items()}
    return FigureRequest(figure, codes, tuple(sorted(frozen.items())), filters, baseline or None)


@dataclass(frozen=True)
class FigureSpec:
    """A figure as the registry knows it, declared in the figure's own module: its function (called with the
    editions, then keywords only: progress, filters, baseline when it takes one, and its options), definition,
    the query files it uses, its options, and its standard views (the option sets of its unfiltered views, each
    run by the engine tests)."""

    name: str
    function: Callable[..., Figure]
    definition: str
    queries: tuple[str, ...]
    options: tuple[Option, ...] = ()
    baseline: bool = True
    standard: tuple[dict[str, object], ...] = ()

    def checked(self, asked: FigureRequest) -> dict[str, object]:
        """The request's options, checked, with the defaults of those it leaves out."""
        given = dict(asked.options)
        unknown = sorted(set(given) - {option.name for option in self.options})
        if unknown:
            raise BadInput(f"The {self.name} figure has no option {unknown[0][:40]!r}.")
        return {option.name: option.check(given.get(option.name, option.default)) for option in self.options}

    def compute(self, endpoint: Endpoint, asked: FigureRequest, progress: ProgressCallback | None = None) -> Figure:
        """Run the figure function for the request."""
        if asked.baseline and not self.baseline:
            raise BadInput(f"The {self.name} figure takes no baseline.")
        extra = {"baseline": asked.baseline} if self.baseline else {}
        return self.function(
            endpoint, asked.editions, progress=progress, filters=asked.filters, **extra, **dict(asked.options)
        )


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
    if progress:
        progress(f"Running {name} on {endpoint.name}", None)
    started, counts = time.monotonic(), _counts(endpoint)
    select_query = getattr(endpoint, "select_query", None)
    if select_query is not None:
        # An engine that answers query files itself (the columnar store runs the SQL twin of the same file);
        # binding the twin binds (so validates) the SPARQL file too, once.
        sql = query.bind_sql(**params)
        result = select_query(query, params, progress, bound=sql)
        shown = tuple((key, repr(value)) for key, value in sql.params.items())
        return result, _ran(BoundQuery(name, sql.sparql, sql.text, shown), endpoint, result, started, counts)
    text = query.bind(**params)
    plan = cached_plan(endpoint, text) if query.splits else None
    try:
        if plan:  # split before: continue from the kept plan rather than send the whole query again
            result = run_partitioned(endpoint, query, params, progress, QueryTimeout(f"split in {len(plan)} parts"))
        else:
            result = endpoint.select(text, query.returns, progress=progress)
    except (QueryTimeout, NotInCache) as err:
        if not query.splits:
            raise
        # Too big to answer whole (or, offline, cached only in parts): the parts make up the same answer.
        result = run_partitioned(endpoint, query, params, progress, err)
    return result, _ran(BoundQuery(name, text), endpoint, result, started, counts)


def _counts(endpoint: Endpoint) -> tuple[int, int]:
    """The requests a remote endpoint has sent and how many ran out of time (0 for a store: it sends none)."""
    return getattr(endpoint, "requests_sent", 0), getattr(endpoint, "timeouts_seen", 0)


def _ran(query: BoundQuery, endpoint: Endpoint, result: Result, started: float, before: tuple[int, int]) -> BoundQuery:
    """The bound query with how it ran: parts, requests and time-outs since `before`, seconds since `started`."""
    after = _counts(endpoint)
    return dataclasses.replace(
        query,
        parts=result.provenance.partitions,
        requests=after[0] - before[0],
        timeouts=after[1] - before[1],
        seconds=round(time.monotonic() - started, 3),
    )


def merge_provenance(results: Sequence[Result]) -> Provenance:
    """The provenance of a figure made from several results of one source."""
    provenance = results[0].provenance
    for result in results[1:]:
        provenance = provenance.merged(result.provenance)
    return provenance


def counted(codes: Sequence[str] | None, pooled: bool, filters: Filters) -> dict[str, object]:
    """The parameters of queries/fragments/population.rq and person_filters.rq: who a figure counts."""
    return {"site": codes, "pooled": pooled, **filters.params()}


@dataclass(frozen=True)
class Counting:
    """Who one figure call counts: its editions (None: every edition), pooled into one block (the "all" baseline)
    or not, the filters; and where progress goes."""

    codes: Sequence[str] | None
    pooled: bool
    filters: Filters
    progress: ProgressCallback | None = None

    def run(self, endpoint: Endpoint, name: str, **params: object) -> tuple[Result, BoundQuery]:
        """run_query for one of the figure's query files, restricted to who is counted (and the file's own params)."""
        return run_query(endpoint, name, self.progress, **counted(self.codes, self.pooled, self.filters), **params)

    def order(self, population: pd.DataFrame) -> list[str]:
        """The editions' order: the caller's, else largest population first (ties by code)."""
        return list(self.codes) if self.codes else by_population(population.groupby("edition")["people"].sum())


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
    # One look-up per distinct site, then one numpy take: a per-row map over a million text rows took seconds.
    if not len(frame):
        return frame[column].map({})  # the dtype pandas gives an empty answer's column
    positions, sites = pd.factorize(frame[column])
    codes = np.array([e.code if (e := editions.by_site(site)) else site for site in sites] + [np.nan], dtype=object)
    return pd.Series(codes[positions], index=frame.index, name=column, dtype="str")


def by_population(population: pd.Series) -> list[str]:
    """Edition codes of a population-per-edition series, largest first, ties by code."""
    return sorted(population.index, key=lambda code: (-int(population[code]), code))


def qid_numbers(qids: pd.Series) -> pd.Series:
    """Numeric parts of a column of QIDs (int64), each checked as qid_number checks one, in one pass."""
    text = pa.array(qids.astype(str), type=pa.string())
    good = pc.match_substring_regex(text, r"^Q[1-9][0-9]{0,11}$")
    if not pc.all(good).as_py() and len(text):
        qid_number(str(qids[~np.asarray(good)].iloc[0]))  # the one sentence qid_number says about a bad id
    numbers = pc.cast(pc.utf8_slice_codeunits(text, 1), pa.int64())  # Arrow kernels: no Python int per row
    return pd.Series(np.asarray(numbers), index=qids.index, dtype="int64")


def block_numbers(codes: pd.Series, order: Sequence[str]) -> np.ndarray:
    """Each row's position of its edition code in `order` (len(order) when absent), for sorting by blocks."""
    positions = pd.Categorical(codes, categories=list(dict.fromkeys(order))).codes
    return np.where(positions < 0, len(order), positions)

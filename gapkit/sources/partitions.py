"""Split queries: when an endpoint runs out of time, run the query again in parts and put them together (aggregates
added up, ranked lists ranked again and cut, batches of listed people joined); a part that runs out of time too is
halved, down to a floor and under a cap on the parts, and the plan is kept."""

import dataclasses
import hashlib
import itertools
import json
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from gapkit.errors import NotInCache, QueryTimeout, SourceError
from gapkit.files import atomic_write
from gapkit.model.identifiers import qid_number
from gapkit.sources.endpoints import Endpoint, Result
from gapkit.sources.query_files import QueryFile
from gapkit.stores.store import ProgressCallback

# Partition bounds on the number of a person's QID: each person is in exactly one part, so counts add up.
# Humans are spread over the whole QID range (about 12 M of them below Q130 M), so the parts are roughly even.
QID_BOUNDS = (
    0,
    1_000_000,
    5_000_000,
    10_000_000,
    20_000_000,
    40_000_000,
    60_000_000,
    80_000_000,
    100_000_000,
    120_000_000,
)
SPLIT_FLOOR = 100_000  # the smallest range of QID numbers a part is halved down to
MAX_PARTS = 64  # the most parts one query is split into
Span = tuple[int, int | None]  # inclusive QID-number range; None: no upper end


def qid_ranges(bounds: Sequence[int] = QID_BOUNDS) -> list[Span]:
    """Inclusive (low, high) QID-number ranges; the last one is open."""
    return [(low, high - 1) for low, high in itertools.pairwise(bounds)] + [(bounds[-1], None)]


def halves(span: Span, floor: int = SPLIT_FLOOR) -> list[Span] | None:
    """The two halves of a range, or None when a half would hold fewer than `floor` QID numbers.

    An open range is cut at twice its start: new items get ever larger numbers, so its far end is unknown."""
    low, high = span
    if high is None:
        cut = max(2 * low, low + 2 * floor)
        return [(low, cut - 1), (cut, None)]
    width = high - low + 1
    if width // 2 < floor:
        return None
    middle = low + width // 2
    return [(low, middle - 1), (middle, high)]


def combine(frames: Sequence[pd.DataFrame], sums: Sequence[str], columns: Sequence[str]) -> pd.DataFrame:
    """One frame from the partitions' frames: the `sums` columns added up per combination of the others."""
    keys = [c for c in columns if c not in sums]
    frame = pd.concat(frames, ignore_index=True)
    if frame.empty:
        return frame[list(columns)]
    if not keys:  # a total: one row, each column the sum of the parts' one row
        return pd.DataFrame({c: [int(frame[c].sum())] for c in columns})[list(columns)]
    added = frame.groupby(keys, dropna=False, sort=False)[list(sums)].sum().reset_index()
    return added[list(columns)]


def ranked(frames: Sequence[pd.DataFrame], rank: Sequence[tuple[str, str]], limit: int) -> pd.DataFrame:
    """The top `limit` rows of the parts' own top rows, ranked again as the query file ranks the whole: each part
    holds its own best `limit`, so the best `limit` of the whole are among them."""
    kept = [frame for frame in frames if len(frame)]
    if not kept:
        return frames[0]
    frame = pd.concat(kept, ignore_index=True)
    keys = [f"_rank{i}" for i in range(len(rank))]
    for key, (column, how) in zip(keys, rank, strict=True):
        frame[key] = frame[column].map(qid_number) if how == "qid" else frame[column]
    ascending = [how != "desc" for _, how in rank]
    frame = frame.sort_values(keys, ascending=ascending, kind="stable").head(limit)
    return frame.drop(columns=keys).reset_index(drop=True)


def joined(frames: Sequence[pd.DataFrame]) -> pd.DataFrame:
    """The rows of every batch, in batch order (each row is about one listed person, so none repeats)."""
    kept = [frame for frame in frames if len(frame)]
    return pd.concat(kept, ignore_index=True) if kept else frames[0]


def merged(query: QueryFile, params: dict[str, object], frames: Sequence[pd.DataFrame]) -> pd.DataFrame:
    """The whole answer from the parts' frames, as the query file's split line says they make it up."""
    if query.batch:
        return joined(frames)
    if query.rank:
        return ranked(frames, query.rank, int(params[query.limit]))  # type: ignore[index, call-overload]
    return combine(frames, query.sums, query.returns)


def first_plan(query: QueryFile, params: dict[str, object]) -> list[Span]:
    """The parts a query is first split into: QID-number ranges, or the two halves of its listed people."""
    if query.batch:
        last = len(list(params[query.batch])) - 1  # type: ignore[call-overload]
        return halves((0, last), 1) or [(0, last)]
    return qid_ranges()


def part_params(query: QueryFile, params: dict[str, object], span: Span) -> dict[str, object]:
    """The parameters of one part: the QID-number range, or a batch (positions low..high) of the listed people."""
    if query.batch:
        low, high = span
        return {**params, query.batch: list(params[query.batch])[low : (high or low) + 1]}  # type: ignore[call-overload]
    return {**params, "partition": span}


def _limits(endpoint: Endpoint) -> tuple[int, int]:
    """The floor and the cap of the endpoint's settings (a remote endpoint has them; the defaults otherwise)."""
    settings = getattr(endpoint, "settings", None)
    return getattr(settings, "split_floor", SPLIT_FLOOR), getattr(settings, "max_parts", MAX_PARTS)


def plan_file(endpoint: Endpoint, text: str) -> Path | None:
    """Where the split plan of a whole query is kept: beside the endpoint's HTTP cache (None without one)."""
    cache_path = getattr(getattr(endpoint, "settings", None), "cache_path", None)
    if cache_path is None:
        return None
    digest = hashlib.sha256(f"{endpoint.name}\n{text}".encode()).hexdigest()[:32]
    return Path(cache_path).with_name(f"{Path(cache_path).name}.plans") / f"{digest}.json"


def cached_plan(endpoint: Endpoint, text: str) -> list[Span] | None:
    """The parts a whole query was last answered in, if it was split before (an unreadable plan is none)."""
    path = plan_file(endpoint, text)
    if path is None or not path.is_file():
        return None
    try:
        spans = json.loads(path.read_text(encoding="utf-8"))
        plan = [(int(low), None if high is None else int(high)) for low, high in spans]
    except (OSError, ValueError, TypeError):
        return None
    return plan or None


def _keep_plan(endpoint: Endpoint, text: str, plan: Sequence[Span]) -> None:
    path = plan_file(endpoint, text)
    if path is not None:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)  # beside the cache: what users asked
        atomic_write(path, json.dumps([list(span) for span in plan]))


def _label(span: Span, query: QueryFile | None = None) -> str:
    low, high = span
    if query is not None and query.batch:
        return f"listed people {low + 1:,}-{(high or low) + 1:,}"
    return f"Q{low:,}-Q{high:,}" if high is not None else f"Q{low:,} and above"


def run_partitioned(
    endpoint: Endpoint,
    query: QueryFile,
    params: dict[str, object],
    progress: ProgressCallback | None,
    why: SourceError,
) -> Result:
    """The query's Result computed part by part; a part that runs out of time is halved (down to the floor,
    under max_parts); any other failure makes the whole an error, never a partial answer."""
    whole = query.bind(**params)
    plan = cached_plan(endpoint, whole)
    if plan is None and isinstance(why, NotInCache):
        raise why  # offline, a cache miss never starts a split: only a plan cached with its parts is used
    floor, max_parts = _limits(endpoint)
    floor = 1 if query.batch else floor  # a batch is halved down to one person
    pending = list(plan or first_plan(query, params))
    done: list[tuple[Span, Result]] = []
    while pending:
        span = pending.pop(0)
        parts = len(done) + 1 + len(pending)
        if progress:
            progress(
                f"{query.name} ran out of time; running part {len(done) + 1} of {parts} ({_label(span, query)})",
                (len(done) + 1) / parts,
            )
        try:
            bound = query.bind(**part_params(query, params, span))
            done.append((span, endpoint.select(bound, query.returns, progress)))
        except QueryTimeout as err:
            pending[:0] = _split_again(query, endpoint, span, parts, floor, max_parts, err)
        except SourceError as err:
            raise SourceError(
                f"{query.name} could not be answered whole by {endpoint.name} ({why}), nor its part for "
                f"{_label(span, query)} ({err}); the figure is not shown rather than shown in part."
            ) from None
    if not isinstance(why, NotInCache):
        _keep_plan(endpoint, whole, [span for span, _ in done])
    if progress:
        progress(f"{query.name} answered in {len(done)} parts", 1.0)
    results = [result for _, result in done]
    provenance = results[0].provenance
    for result in results[1:]:
        provenance = provenance.merged(result.provenance)
    frame = merged(query, params, [r.frame for r in results])
    return Result(frame, dataclasses.replace(provenance, partitions=len(results)))


def _split_again(
    query: QueryFile, endpoint: Endpoint, span: Span, parts: int, floor: int, max_parts: int, err: SourceError
) -> list[Span]:
    """The two halves of a part that ran out of time, or one sentence naming the limit that stops it."""
    if parts + 1 > max_parts:
        raise SourceError(
            f"{query.name} still runs out of time on {endpoint.name} in {parts} parts, and max_parts "
            f"({max_parts}) allows no more; the figure is not shown rather than shown in part."
        ) from None
    split = halves(span, floor)
    if split is None:
        raise SourceError(
            f"{query.name} still runs out of time on {endpoint.name} for {_label(span, query)}, a part as small "
            f"as {_smallest(query, floor)} allows; the figure is not shown rather than shown in part."
        ) from None
    return split


def _smallest(query: QueryFile, floor: int) -> str:
    return "one person" if query.batch else f"split_floor ({floor:,} QID numbers)"

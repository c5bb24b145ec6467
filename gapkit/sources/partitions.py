"""Split aggregates: when an endpoint runs out of time, run the query again in QID-number parts and add up; a part
that runs out of time too is halved, down to a floor and under a cap on the parts, and the plan is kept."""

import dataclasses
import hashlib
import itertools
import json
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from gapkit.errors import NotInCache, QueryTimeout, SourceError
from gapkit.files import atomic_write
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
    added = frame.groupby(keys, dropna=False, sort=False)[list(sums)].sum().reset_index()
    return added[list(columns)]


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


def _label(span: Span) -> str:
    low, high = span
    return f"Q{low:,}-Q{high:,}" if high is not None else f"Q{low:,} and above"


def run_partitioned(
    endpoint: Endpoint,
    query: QueryFile,
    params: dict[str, object],
    progress: ProgressCallback | None,
    why: SourceError,
) -> Result:
    """The query's Result computed part by part; a part that runs out of time is halved (down to the floor,
    under max_parts); any other failure makes the whole an error, never a partial sum."""
    whole = query.bind(**params)
    plan = cached_plan(endpoint, whole)
    if plan is None and isinstance(why, NotInCache):
        raise why  # offline, a cache miss never starts a split: only a plan cached with its parts is used
    floor, max_parts = _limits(endpoint)
    pending = list(plan or qid_ranges())
    done: list[tuple[Span, Result]] = []
    while pending:
        span = pending.pop(0)
        parts = len(done) + 1 + len(pending)
        if progress:
            progress(
                f"{query.name} ran out of time; running part {len(done) + 1} of {parts} ({_label(span)})",
                (len(done) + 1) / parts,
            )
        try:
            done.append((span, endpoint.select(query.bind(**params, partition=span), query.returns, progress)))
        except QueryTimeout as err:
            pending[:0] = _split_again(query, endpoint, span, parts, floor, max_parts, err)
        except SourceError as err:
            raise SourceError(
                f"{query.name} could not be answered whole by {endpoint.name} ({why}), nor its part for "
                f"{_label(span)} ({err}); the figure is not shown rather than shown in part."
            ) from None
    if not isinstance(why, NotInCache):
        _keep_plan(endpoint, whole, [span for span, _ in done])
    results = [result for _, result in done]
    provenance = results[0].provenance
    for result in results[1:]:
        provenance = provenance.merged(result.provenance)
    frame = combine([r.frame for r in results], query.sums, query.returns)
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
            f"{query.name} still runs out of time on {endpoint.name} for {_label(span)}, a part as small as "
            f"split_floor ({floor:,} QID numbers) allows; the figure is not shown rather than shown in part."
        ) from None
    return split

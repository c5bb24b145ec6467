"""Split aggregates: when an endpoint runs out of time, run the query again in QID-number partitions and add up."""

import dataclasses
import itertools
from collections.abc import Sequence

import pandas as pd

from gapkit.errors import SourceError
from gapkit.sources.endpoints import Endpoint, Result
from gapkit.sources.query_files import QueryFile
from gapkit.stores.store import ProgressCallback

# Partition bounds on the number of a person's QID: each person is in exactly one part, so counts add up.
# Humans are spread over the whole QID range (about 12 M of them below Q130 M), so the parts are roughly even.
QID_BOUNDS = (0, 1_000_000, 5_000_000, 10_000_000, 20_000_000, 40_000_000, 60_000_000, 80_000_000, 100_000_000,
              120_000_000)  # fmt: skip


def qid_ranges(bounds: Sequence[int] = QID_BOUNDS) -> list[tuple[int, int | None]]:
    """Inclusive (low, high) QID-number ranges; the last one is open."""
    return [(low, high - 1) for low, high in itertools.pairwise(bounds)] + [(bounds[-1], None)]


def combine(frames: Sequence[pd.DataFrame], sums: Sequence[str], columns: Sequence[str]) -> pd.DataFrame:
    """One frame from the partitions' frames: the `sums` columns added up per combination of the others."""
    keys = [c for c in columns if c not in sums]
    frame = pd.concat(frames, ignore_index=True)
    if frame.empty:
        return frame[list(columns)]
    added = frame.groupby(keys, dropna=False, sort=False)[list(sums)].sum().reset_index()
    return added[list(columns)]


def run_partitioned(
    endpoint: Endpoint,
    query: QueryFile,
    params: dict[str, object],
    progress: ProgressCallback | None,
    why: SourceError,
) -> Result:
    """The query's Result computed part by part; a part that fails makes the whole an error, never a partial sum."""
    ranges = qid_ranges()
    results = []
    for number, (low, high) in enumerate(ranges, start=1):
        span = f"Q{low:,}-Q{high:,}" if high is not None else f"Q{low:,} and above"
        if progress:
            progress(
                f"{query.name} ran out of time; running part {number} of {len(ranges)} ({span})", number / len(ranges)
            )
        text = query.bind(**params, partition=(low, high))
        try:
            results.append(endpoint.select(text, query.returns, progress=progress))
        except SourceError as err:
            raise SourceError(
                f"{query.name} could not be answered whole by {endpoint.name} ({why}), nor its part for {span} "
                f"({err}); the figure is not shown rather than shown in part."
            ) from None
    provenance = results[0].provenance
    for result in results[1:]:
        provenance = provenance.merged(result.provenance)
    frame = combine([r.frame for r in results], query.sums, query.returns)
    return Result(frame, dataclasses.replace(provenance, partitions=len(ranges)))

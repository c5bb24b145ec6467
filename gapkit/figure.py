"""What every figure function returns, and the one path from a query file to a Result."""

from collections.abc import Sequence
from dataclasses import dataclass, field

import pandas as pd

from gapkit.endpoints import Endpoint, Provenance, Result
from gapkit.query_files import load_query
from gapkit.store import ProgressCallback


@dataclass(frozen=True)
class BoundQuery:
    """A query file with its parameters bound: what ran, for the Queries & data page."""

    name: str
    text: str


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
    text = query.bind(**params)
    if progress:
        progress(f"Running {name} on {endpoint.name}", None)
    result = endpoint.select(text, query.returns, progress=progress)
    return result, BoundQuery(name, text)


def merge_provenance(results: Sequence[Result]) -> Provenance:
    provenance = results[0].provenance
    for result in results[1:]:
        provenance = provenance.merged(result.provenance)
    return provenance

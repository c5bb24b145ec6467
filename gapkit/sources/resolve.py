"""Name a data source (local store, configured store, endpoint) and open it as an Endpoint."""

import functools
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from gapkit.errors import BadInput
from gapkit.model.settings import Settings, load_settings, parse_engine
from gapkit.sources.columnar import ColumnarEndpoint
from gapkit.sources.endpoints import Endpoint, LocalEndpoint
from gapkit.sources.remote import RemoteEndpoint
from gapkit.stores.export import load_pyoxigraph
from gapkit.stores.store import SAMPLE_STORE, StoreRef, read_manifest


@dataclass(frozen=True)
class SourceSpec:
    """A resolved source: a store directory or a remote endpoint URL, under its configured name."""

    name: str
    kind: str  # "store" or "endpoint"
    location: str  # store path or endpoint URL; never shown in URLs
    engine: str = ""  # for a store: "columnar" or "sparql" ("" = the engine setting)


def source_names(settings: Settings | None = None) -> list[str]:
    """Every name a page or the CLI may choose: local, configured stores, endpoints."""
    settings = settings or load_settings()
    return ["local", *sorted(settings.stores), *settings.endpoints]


def resolve(
    name: str | None = None,
    store: str | Path | None = None,
    settings: Settings | None = None,
    engine: str | None = None,
) -> SourceSpec:
    """The source for a configured name, or for an explicit store path (CLI --store only, never from a page);
    a store is queried by `engine` (columnar or sparql), else by the engine setting."""
    settings = settings or load_settings()
    engine = parse_engine(engine) if engine is not None else settings.engine
    if store is not None:
        return SourceSpec("local", "store", str(Path(store).expanduser()), engine)
    name = name or settings.default_source
    if name == "local":
        return SourceSpec("local", "store", str(settings.store_path or SAMPLE_STORE), engine)
    if name in settings.stores:
        return SourceSpec(name, "store", str(settings.stores[name]), engine)
    if name in settings.endpoints:
        return SourceSpec(name, "endpoint", settings.endpoints[name])
    shown = name[:40] if isinstance(name, str) else type(name).__name__
    raise BadInput(f"{shown!r} is not a configured data source (choose one of: {', '.join(source_names(settings))}).")


def _sparql_endpoint(ref: StoreRef, name: str) -> LocalEndpoint:
    """The reference engine: the store's RDF (its export, streamed) in in-memory pyoxigraph, loaded on first query."""
    return LocalEndpoint(ref, name=name, loader=lambda: load_pyoxigraph(ref))


# Engines a store can be queried with: the SQL twins on its DuckDB file, or its RDF in in-memory pyoxigraph.
STORE_ENGINES: dict[str, Callable[[StoreRef, str], Endpoint]] = {
    "columnar": ColumnarEndpoint,
    "sparql": _sparql_endpoint,
}


@functools.lru_cache(maxsize=4)
def _endpoint(path: Path, manifest_hash: str, name: str, engine: str) -> Endpoint:
    ref = read_manifest(path)
    if engine not in STORE_ENGINES:
        raise BadInput(f"The {engine} engine is not available in this gapkit; use --engine sparql.")
    return STORE_ENGINES[engine](ref, name)


def open_store_endpoint(ref: StoreRef, name: str = "local", engine: str | None = None) -> Endpoint:
    """An Endpoint over a store: one per process, manifest version and engine (default: the engine setting)."""
    engine = parse_engine(engine) if engine is not None else load_settings().engine
    return _endpoint(ref.path, ref.manifest_hash, name, engine)


def open_endpoint(spec: SourceSpec, settings: Settings | None = None, offline: bool = False) -> Endpoint:
    """An Endpoint for a resolved source; `offline` makes a remote one answer only from its cache."""
    if spec.kind == "store":
        return open_store_endpoint(read_manifest(spec.location), spec.name, spec.engine or None)
    return RemoteEndpoint(spec.name, spec.location, settings or load_settings(), offline=offline)

"""The one module importing Streamlit: cache wrappers keyed by the store manifest hash or the endpoint name."""

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import TypeVar

import streamlit as st

from gapkit.figures.base import Figure, FigureRequest
from gapkit.figures.registry import make
from gapkit.model.settings import Settings, load_settings
from gapkit.sources import resolve as sources
from gapkit.sources.endpoints import Endpoint, LocalEndpoint
from gapkit.stores.store import ProgressCallback, read_manifest


@st.cache_resource(show_spinner=False, max_entries=8)
def _remote_endpoint(name: str, url: str, offline: bool, settings: Settings) -> Endpoint:
    return sources.open_endpoint(sources.SourceSpec(name, "endpoint", url), settings, offline=offline)


def endpoint(source_name: str | None, offline: bool = False) -> Endpoint:
    """The Endpoint for a configured source name: a store's is the one the sources keep per manifest version
    (loaded on its first query), a remote endpoint (its HTTP cache session) is kept per name, address, offline
    switch and settings."""
    settings = load_settings()
    spec = sources.resolve(source_name, settings=settings)
    if spec.kind == "store":
        return sources.open_store_endpoint(read_manifest(spec.location), spec.name)
    return _remote_endpoint(spec.name, spec.location, offline, settings)


def source_key(ep: Endpoint) -> str:
    """What identifies the data behind an endpoint in cache keys: manifest hash, else endpoint name."""
    return ep.ref.manifest_hash if isinstance(ep, LocalEndpoint) else f"endpoint:{ep.name}:{ep.provenance().notice}"


# cache_resource, not cache_data: every run gets the same Figure object, not an unpickled copy, so what is made
# from it (its content digest, chart, table) is found again without hashing its rows; nothing changes a Figure.
@st.cache_resource(ttl=3600, max_entries=512, show_spinner=False)
def _figure(key: str, wanted: str, _asked: FigureRequest, _ep: Endpoint) -> Figure:
    # Keyed by the request's repr (its fields are strings, numbers and tuples of them): Streamlit hashed the
    # request object itself in 2-7 ms, a dozen times per rerun.
    return make(_ep, _asked)


def figure(ep: Endpoint, asked: FigureRequest, progress: ProgressCallback | None = None) -> Figure:
    """make(ep, asked): for a store, cached per data version and request (errors are never cached); for a remote
    endpoint, computed each time through its persistent HTTP cache, so that `progress` can show waits and
    partitions on the page (Streamlit's cache may not write to the page)."""
    if not isinstance(ep, LocalEndpoint):
        return make(ep, asked, progress)
    return _figure(source_key(ep), repr(asked), asked, ep)


T = TypeVar("T")
EXPORT_ENTRIES = 128  # built download files, charts and chart specs kept per server process (a few MB at most each)
_exports: OrderedDict[Hashable, object] = OrderedDict()
_exports_lock = threading.Lock()


def built_export(key: Hashable) -> object | None:
    """A download file built before under `key` (None: not yet). Once built, a page hands Streamlit these same
    bytes on every rerun, so the file keeps its content-derived address and a click on a button drawn by an
    earlier run still delivers (a deferred build gets a new address on every run, which the last run forgets)."""
    with _exports_lock:
        data = _exports.get(key)
        if data is not None:
            _exports.move_to_end(key)
        return data


def export(key: Hashable, build: Callable[[], T]) -> T:
    """What is kept under `key` (a download file, a chart, a chart's spec), built once by `build()` (an exception
    is raised and nothing is kept). Keys name the content of the figure it is made from, so a rerun with the same
    figure reuses it."""
    data = built_export(key)
    if data is None:
        data = build()
        with _exports_lock:
            _exports[key] = data
            while len(_exports) > EXPORT_ENTRIES:
                _exports.popitem(last=False)
    return data

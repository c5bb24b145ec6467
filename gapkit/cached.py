"""The one module importing Streamlit: cache wrappers keyed by the store manifest hash or the endpoint name."""

from collections.abc import Sequence

import streamlit as st

from gapkit import decades, gender, regions, sources
from gapkit.endpoints import Endpoint, LocalEndpoint
from gapkit.figure import Figure
from gapkit.store import read_manifest


@st.cache_resource(show_spinner="Loading the store into memory…", max_entries=4)
def _local_endpoint(path: str, manifest_hash: str, name: str) -> LocalEndpoint:
    return sources.open_store_endpoint(read_manifest(path), name)


def endpoint(source_name: str | None) -> Endpoint:
    """The Endpoint for a configured source name; a store is loaded once per process and manifest version."""
    spec = sources.resolve(source_name)
    if spec.kind == "store":
        ref = read_manifest(spec.location)
        return _local_endpoint(str(ref.path), ref.manifest_hash, spec.name)
    return sources.open_endpoint(spec)


def source_key(ep: Endpoint) -> str:
    """What identifies the data behind an endpoint in cache keys: manifest hash, else endpoint name."""
    return ep.ref.manifest_hash if isinstance(ep, LocalEndpoint) else f"endpoint:{ep.name}"


@st.cache_data(ttl=3600, max_entries=256, show_spinner="Counting biographies by gender…")
def _gender(key: str, editions: tuple[str, ...] | None, grouping: str, _ep: Endpoint) -> Figure:
    return gender.gender_by_edition(_ep, editions, grouping)


def gender_by_edition(ep: Endpoint, editions: Sequence[str] | None, grouping: str = "groups") -> Figure:
    """gender.gender_by_edition, cached per data version (errors are never cached)."""
    return _gender(source_key(ep), None if editions is None else tuple(editions), grouping, ep)


@st.cache_data(ttl=3600, max_entries=256, show_spinner="Counting biographies by region…")
def _region(key: str, editions: tuple[str, ...] | None, by_gender: bool, _ep: Endpoint) -> Figure:
    return regions.region_by_edition(_ep, editions, by_gender)


def region_by_edition(ep: Endpoint, editions: Sequence[str] | None, by_gender: bool = False) -> Figure:
    """regions.region_by_edition, cached per data version (errors are never cached)."""
    return _region(source_key(ep), None if editions is None else tuple(editions), by_gender, ep)


@st.cache_data(ttl=3600, max_entries=256, show_spinner="Counting biographies by birth decade…")
def _decade(key: str, editions: tuple[str, ...] | None, by_gender: bool, _ep: Endpoint) -> Figure:
    return decades.decade_by_edition(_ep, editions, by_gender)


def decade_by_edition(ep: Endpoint, editions: Sequence[str] | None, by_gender: bool = False) -> Figure:
    """decades.decade_by_edition, cached per data version (errors are never cached)."""
    return _decade(source_key(ep), None if editions is None else tuple(editions), by_gender, ep)

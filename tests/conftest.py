"""Shared test fixtures: the hand-written mini store and the bundled sample, both offline."""

from pathlib import Path

import pytest

from gapkit.sources.endpoints import LocalEndpoint
from gapkit.sources.resolve import open_store_endpoint
from gapkit.stores.store import SAMPLE_STORE, read_manifest

ROOT = Path(__file__).resolve().parents[1]
FIXTURE_STORE = Path(__file__).resolve().parent / "fixtures" / "mini"


@pytest.fixture(scope="session", params=["columnar", "sparql"])
def mini(request: pytest.FixtureRequest) -> LocalEndpoint:
    """The hand-written fixture store (people Q11-Q24, Q26, Q27), opened once per engine: every exact-row test
    that takes it runs on the columnar engine (SQL twins) and on the sparql engine (the query files)."""
    return open_store_endpoint(read_manifest(FIXTURE_STORE), engine=request.param)


@pytest.fixture(scope="session")
def sample() -> LocalEndpoint:
    """The bundled sample store shipped in gapkit/data/sample."""
    return open_store_endpoint(read_manifest(SAMPLE_STORE))

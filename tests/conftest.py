"""Shared test fixtures: the hand-written mini store and the bundled sample, both offline."""

from pathlib import Path

import pytest

from gapkit.sources.endpoints import LocalEndpoint
from gapkit.sources.resolve import open_store_endpoint
from gapkit.stores.store import SAMPLE_STORE, read_manifest

ROOT = Path(__file__).resolve().parents[1]
# The hand-written fixture is tests/fixtures/mini/data.ttl; the store beside it is committed (a 4.7 MB DuckDB
# file, 12 kB compressed), so that the CLI tests, the app tests and other engines' tests open it as a person
# would, with no build step; test_columnar checks that it still is its Turtle file. Rebuild it with:
#   python -m gapkit store build --from-rdf tests/fixtures/mini/data.ttl --out tests/fixtures/mini.new \
#     --synthetic --data-date 2026-01-01 --source "gapkit test fixture (hand-written)" \
#     --description "Fourteen hand-written people covering every branch of the figure definitions." \
#     --notice "Test fixture: hand-written, not real people."
#   cp tests/fixtures/mini.new/* tests/fixtures/mini/ && rm -r tests/fixtures/mini.new
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

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


@pytest.fixture
def app_on_fixture(monkeypatch: pytest.MonkeyPatch):
    """AppTest pages on the hand-written fixture store, with Streamlit's caches empty before and after."""
    import streamlit as st  # here, so tests that never run a page do not import Streamlit

    monkeypatch.delenv("GAPKIT_CONFIG", raising=False)
    monkeypatch.setenv("GAPKIT_STORE", str(FIXTURE_STORE))
    monkeypatch.chdir(ROOT)
    st.cache_data.clear()
    st.cache_resource.clear()
    yield
    st.cache_data.clear()


# The fixture and a P279 tree above its occupations that nobody holds directly (#16 item 1): writer under author,
# author and politician under occupation (so Q18, a writer and a politician, is in the occupation tree twice).
BROADER_TRIPLES = """
wd:Q36180 wdt:P279 wd:Q482980 .
wd:Q482980 rdfs:label "author"@en ; wdt:P279 wd:Q12737077 .
wd:Q82955 wdt:P279 wd:Q12737077 .
wd:Q12737077 rdfs:label "occupation"@en .
"""


def fixture_plus(tmp_path_factory: pytest.TempPathFactory, name: str, triples: str) -> Path:
    """A store of the fixture's Turtle plus `triples`, built in a session folder called `name`."""
    from gapkit.builders.from_rdf import build_from_rdf
    from gapkit.stores.store import Manifest

    folder = tmp_path_factory.mktemp(name)
    source = folder / "data.ttl"
    source.write_text((FIXTURE_STORE / "data.ttl").read_text() + triples)
    manifest = Manifest(
        source="test", description="test", data_date="2026", synthetic=True, representative=False, counts={}
    )
    build_from_rdf(source, folder / "store", manifest)
    return folder / "store"


@pytest.fixture(scope="session")
def broader_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store of the fixture plus BROADER_TRIPLES, built once per session."""
    return fixture_plus(tmp_path_factory, "broader", BROADER_TRIPLES)


# Aliases (#17) that the existing-page check must try after the labels: hr, mul and English ones, and one in a
# language outside the chain (German) that it must not try.
ALIAS_TRIPLES = """
wd:Q27 skos:altLabel "fumi Primjer"@hr .
wd:Q24 skos:altLabel "max trans"@en .
wd:Q26 skos:altLabel "Eli Nepoznati"@de .
wd:Q22 skos:altLabel "Kai Nulti"@mul .
"""


@pytest.fixture(scope="session")
def alias_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store of the fixture plus ALIAS_TRIPLES, built once per session."""
    return fixture_plus(tmp_path_factory, "aliases", ALIAS_TRIPLES)

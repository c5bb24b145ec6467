"""Both local engines over the same stores, for the engine tests: the fixture, the bundled sample, 20k synthetic."""

from dataclasses import dataclass
from pathlib import Path

import pytest

from gapkit.builders.synth import build_synthetic
from gapkit.model.editions import load_editions
from gapkit.sources.columnar import ColumnarEndpoint
from gapkit.sources.endpoints import Endpoint, LocalEndpoint
from gapkit.stores.export import load_pyoxigraph, open_database
from gapkit.stores.store import SAMPLE_STORE, StoreRef, read_manifest

FIXTURE_STORE = Path(__file__).resolve().parent / "fixtures" / "mini"


@dataclass(frozen=True)
class Facts:
    """What a store holds, to draw parameters that hit (and miss) its data."""

    editions: tuple[str, ...]
    people: tuple[str, ...]
    countries: tuple[str, ...]
    occupations: tuple[str, ...]


@dataclass(frozen=True)
class EnginePair:
    """One store seen by both engines."""

    sparql: Endpoint
    columnar: ColumnarEndpoint
    facts: Facts


def facts_of(columnar: ColumnarEndpoint) -> Facts:
    """Editions, people, countries and occupations of a columnar store (read through DuckDB's relational API)."""
    con = open_database(columnar.ref)  # as the engine opens it: DuckDB refuses a second configuration
    try:
        editions = load_editions()
        sites = con.table("sites").df()
        codes = sorted(e.code for iri in sites["iri"] if (e := editions.by_site(iri)))
        people = con.table("people").df()["qid"].head(400)
        countries = con.table("citizenships").df()["country"].dropna().unique()[:40]
        held = con.table("subclass_closure").df()
        occupations = sorted(set(held["qid"]) | set(held["ancestor"]))[:60]
    finally:
        con.close()
    q = lambda numbers: tuple(f"Q{int(n)}" for n in sorted(numbers))  # noqa: E731
    return Facts(tuple(codes), q(people), (*q(countries), "Q1"), (*q(occupations), "Q1"))


def pair_of(ref: StoreRef) -> EnginePair:
    """The store's two engines: SQL on its DuckDB file, and SPARQL on its exported RDF in in-memory pyoxigraph."""
    columnar = ColumnarEndpoint(ref)
    return EnginePair(LocalEndpoint(ref, loader=lambda: load_pyoxigraph(ref)), columnar, facts_of(columnar))


@pytest.fixture(scope="session")
def engine_pairs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, EnginePair]:
    """The fixture, the bundled sample and a 20k synthetic store (built once per session), on both engines."""
    synth = build_synthetic(20_000, 1, tmp_path_factory.mktemp("engines") / "synth20k")
    stores = {"mini": read_manifest(FIXTURE_STORE), "sample": read_manifest(SAMPLE_STORE), "synth20k": synth}
    return {name: pair_of(ref) for name, ref in stores.items()}

"""Harvest from an endpoint: the same figures as the source, partitions checked against counts, resumable."""

from pathlib import Path

import pandas as pd
import pytest

from gapkit.builders import harvest as harvesting
from gapkit.builders.harvest import harvest
from gapkit.errors import SourceError
from gapkit.figures.gender import gender_by_edition
from gapkit.figures.regions import region_by_edition
from gapkit.figures.worklist import build_worklist
from gapkit.sources.endpoints import Endpoint
from gapkit.sources.resolve import open_store_endpoint
from gapkit.stores.export import exported
from gapkit.stores.store import read_manifest
from tests.cli_helpers import gapkit
from tests.conftest import FIXTURE_STORE
from tests.servers import FaultProxy, OxigraphServer
from tests.test_remote import remote, settings_for


@pytest.fixture(scope="module")
def server():
    running = OxigraphServer(FIXTURE_STORE / "data.ttl")
    yield running
    running.stop()


def test_a_harvested_store_gives_the_sources_figures_for_its_slice(mini, server, tmp_path: Path) -> None:
    proxy = FaultProxy(server.url)
    try:
        messages = []
        ref = harvest(remote(tmp_path, proxy.url), "hr", tmp_path / "hr", min_articles=2,
                      languages=["hr", "en"], progress=lambda m, f: messages.append(m))  # fmt: skip
    finally:
        proxy.stop()
    ep = open_store_endpoint(ref)
    # hr's biographies are all there, with all their articles; so are the people with 2+ articles elsewhere
    for make in (lambda e: gender_by_edition(e, ["hr"]), lambda e: region_by_edition(e, ["hr"], by_gender=True),
                 lambda e: build_worklist(e, "hr", min_articles=2, this_year=2026)):  # fmt: skip
        pd.testing.assert_frame_equal(make(ep).frame, make(mini).frame)
    assert ref.manifest.counts["people"] == 8  # hr's 6 (Q11 Q14 Q15 Q18 Q19 Q21), and Q13, Q22 (2 articles each)
    assert ref.manifest.source == "harvest of hr from test" and ref.manifest.built["endpoint"] == "test"
    assert any("partition 10 of 10" in m for m in messages)


@pytest.fixture(scope="module")
def source() -> Endpoint:
    """The fixture as a harvest's source: a SPARQL endpoint, so the sparql engine (harvest files have no twins)."""
    return open_store_endpoint(read_manifest(FIXTURE_STORE), engine="sparql")


def test_a_partition_that_disagrees_with_its_count_stops_the_harvest(source, tmp_path: Path, monkeypatch) -> None:
    original = harvesting.run_query

    def lying(endpoint, name, progress=None, **params):
        result, bound = original(endpoint, name, progress, **params)
        if name == "harvest_edition_people" and len(result.frame) > 1:
            result = type(result)(result.frame.iloc[1:], result.provenance)  # one person lost on the way
        return result, bound

    monkeypatch.setattr(harvesting, "run_query", lying)
    with pytest.raises(SourceError, match=r"listed 5 people .* but counts 6"):
        harvest(source, "hr", tmp_path / "hr")
    assert not (tmp_path / "hr").exists()


def test_an_interrupted_harvest_resumes(source, tmp_path: Path, monkeypatch) -> None:
    clean = harvest(source, "hr", tmp_path / "clean")
    calls = []
    original = harvesting.facts_to_ntriples

    def crash_once(frame):
        calls.append(1)
        if len(calls) == 2:  # the fixture's people are all in the first partition; the second call is the items
            raise KeyboardInterrupt
        return original(frame)

    monkeypatch.setattr(harvesting, "facts_to_ntriples", crash_once)
    with pytest.raises(KeyboardInterrupt):
        harvest(source, "hr", tmp_path / "again")
    assert (tmp_path / "again.harvesting" / "checkpoint.json").is_file()
    asked = []
    original_query = harvesting.run_query
    monkeypatch.setattr(
        harvesting, "run_query", lambda ep, name, *a, **k: asked.append(name) or original_query(ep, name, *a, **k)
    )
    resumed = harvest(source, "hr", tmp_path / "again")
    assert exported(resumed) == exported(clean)
    assert asked == ["harvest_items"]  # the ten finished partitions were not asked again


def test_harvest_from_the_command_line(server, tmp_path: Path) -> None:
    _, config = settings_for(tmp_path, {"test": server.url})
    env = {"GAPKIT_CONFIG": str(config), "PATH": "/usr/bin:/bin"}
    run = gapkit("store", "harvest", "--endpoint", "test", "--edition", "zh-yue", "--out", str(tmp_path / "yue"),
                 env=env)  # fmt: skip
    assert run.returncode == 0, run.stderr
    assert "1 people" in run.stderr and "Wrote" in run.stderr
    run = gapkit("gaps", "gender", "--edition", "zh-yue", "--store", str(tmp_path / "yue"))
    assert run.stdout.splitlines()[1] == "zh-yue,women,1,1.0"

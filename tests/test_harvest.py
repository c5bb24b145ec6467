"""Harvest from an endpoint: the same figures as the source, partitions checked against counts, resumable."""

import json
from pathlib import Path

import pandas as pd
import pyoxigraph
import pytest

from gapkit.builders import harvest as harvesting
from gapkit.builders.harvest import harvest
from gapkit.errors import SourceError
from gapkit.figures.gender import gender_by_edition
from gapkit.figures.regions import region_by_edition
from gapkit.figures.worklist import build_worklist
from gapkit.sources.answers import BadAnswer, checked_rows, parse_answer
from gapkit.sources.endpoints import Endpoint
from gapkit.sources.query_files import load_query
from gapkit.sources.resolve import open_store_endpoint
from gapkit.stores.export import exported, ntriples_chunks
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
                 lambda e: build_worklist(e, "hr", min_articles=2, this_year=2026),
                 lambda e: build_worklist(e, "hr", min_articles=2, this_year=2026, rank="evidence")):  # fmt: skip
        pd.testing.assert_frame_equal(make(ep).frame, make(mini).frame)
    # the evidence (#17) came along: Q13's badges, reference works and identifiers above; its aliases here
    lines = b"".join(ntriples_chunks(ref)).decode("utf-8")
    assert '<http://www.w3.org/2004/02/skos/core#altLabel> "Kleo"@hr .' in lines
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


def test_the_harvest_follows_the_occupation_tree_one_step_at_a_time(source, tmp_path: Path) -> None:
    job = harvesting.Harvest(source, "hr", tmp_path / "tree", None, ["en"], None)
    state = {"requests": 0}
    lines, items = job._items({"Q1930187"}, state)  # journalist; the fixture says journalist P279 writer
    assert (items, state["requests"]) == (2, 2)  # journalist, then writer, asked for in the second step
    wd, label = "http://www.wikidata.org/entity/", "http://www.w3.org/2000/01/rdf-schema#label"
    assert f'<{wd}Q36180> <{label}> "writer"@en .\n' in lines
    assert f"<{wd}Q1930187> <http://www.wikidata.org/prop/direct/P279> <{wd}Q36180> .\n" in lines


XSD = "http://www.w3.org/2001/XMLSchema#"


def _facts_answer(value: str, datatype: str, said_type: str) -> dict:
    def literal(text: str) -> dict:
        return {"type": "literal", "value": text}

    row = {
        "s": literal("http://www.wikidata.org/entity/Q12"),  # STR(): subject and predicate are IRIs' text
        "p": literal("http://www.wikidata.org/prop/direct/P569"),
        "o_text": {"type": "literal", "value": value, "datatype": datatype},
        "o_kind": literal("literal"),
        "o_lang": literal(""),
        "o_type": literal(said_type),
    }
    return {"head": {"vars": list(row)}, "results": {"bindings": [row]}}


def _facts(answer: dict) -> pd.DataFrame:
    query = load_query("harvest_facts")
    text = query.bind(person=["Q12"], language=["en"])
    columns, rows = checked_rows(parse_answer(json.dumps(answer).encode()), query.returns, text)
    return pd.DataFrame(rows, columns=columns)


def test_a_bce_date_written_with_a_three_digit_year_keeps_its_year() -> None:
    # One engine writes the year -0068 as -068: read as text it was no xsd:dateTime, and the birth year was lost.
    frame = _facts(_facts_answer("-068-01-01T00:00:00Z", XSD + "dateTime", XSD + "dateTime"))
    lines, _, _ = harvesting.facts_to_ntriples(frame)
    wd = "http://www.wikidata.org/"
    assert lines == [f'<{wd}entity/Q12> <{wd}prop/direct/P569> "-0068-01-01T00:00:00Z"^^<{XSD}dateTime> .\n']
    store = pyoxigraph.Store()
    store.load(lines[0].encode(), pyoxigraph.RdfFormat.N_TRIPLES)
    assert [s["y"].value for s in store.query("SELECT (YEAR(?d) AS ?y) WHERE { ?p ?q ?d }")] == ["-68"]


def test_a_harvest_answer_whose_term_and_spelled_type_disagree_is_refused() -> None:
    with pytest.raises(SourceError, match="malformed term in a harvest answer"):
        harvesting.facts_to_ntriples(_facts(_facts_answer("1952-03-11T00:00:00Z", XSD + "dateTime", XSD + "string")))
    with pytest.raises(BadAnswer, match="not an XSD date"):
        _facts(_facts_answer("1952-03", XSD + "dateTime", XSD + "dateTime"))

"""The columnar store: exact rows of every table on the fixture, the RDF round trip, and refused stores."""

import gzip
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pyoxigraph
import pytest

from gapkit.builders.from_rdf import build_from_rdf
from gapkit.errors import BadInput, StoreError
from gapkit.stores.columnar import ColumnarWriter
from gapkit.stores.export import load_pyoxigraph, ntriples_chunks, open_database
from gapkit.stores.store import SAMPLE_STORE, Manifest, read_manifest, verify_store
from tests.cli_helpers import gapkit
from tests.conftest import FIXTURE_STORE, ROOT

FIXTURE_TTL = FIXTURE_STORE / "data.ttl"
MANIFEST = Manifest(
    source="test", description="test", data_date="2026", synthetic=True, representative=False, counts={}
)


def rows(store: Path, table: str) -> list[tuple]:
    """Every row of one table of a store, in the table's stored order."""
    # DuckDB refuses a second connection to one file with another configuration: open it as the engine does
    con = open_database(read_manifest(store))
    try:
        return con.table(table).fetchall()
    finally:
        con.close()


def triples(store: pyoxigraph.Store) -> tuple[set[str], int]:
    """The triples without blank nodes as text, and how many hold one (blank node labels may differ)."""
    plain, blank = set(), 0
    for quad in store:
        if isinstance(quad.subject, pyoxigraph.BlankNode) or isinstance(quad.object, pyoxigraph.BlankNode):
            blank += 1
        else:
            plain.add(str(quad.triple))
    return plain, blank


def graph(path: Path, rdf_format: pyoxigraph.RdfFormat) -> pyoxigraph.Store:
    store = pyoxigraph.Store()
    store.load(path=str(path), format=rdf_format)
    return store


def qids(store: Path) -> dict[int, int]:
    """person_id -> QID number."""
    return {person_id: qid for person_id, qid, _ in rows(store, "people")}


def by_qid(store: Path, table: str) -> list[tuple]:
    """A person-keyed table with person ids replaced by QIDs ("Q11"), so expectations read like the fixture."""
    people = qids(store)
    return [(f"Q{people[row[0]]}", *row[1:]) for row in rows(store, table)]


def test_people_are_dense_ids_in_qid_order_with_their_sitelink_totals() -> None:
    assert rows(FIXTURE_STORE, "people") == [
        (0, 11, 4), (1, 12, 1), (2, 13, 2), (3, 14, 1), (4, 15, 2), (5, 18, 2), (6, 19, 3), (7, 20, 1),
        (8, 21, 1), (9, 22, 2), (10, 24, 1), (11, 26, 1), (12, 27, 1),
    ]  # fmt: skip


def test_fact_tables_hold_the_statements_with_unknown_values_as_rdf_wrote_them() -> None:
    assert by_qid(FIXTURE_STORE, "gender_values") == [
        ("Q11", 6581072, None), ("Q12", 6581097, None), ("Q13", 1052281, None), ("Q14", 48270, None),
        ("Q18", 6581072, None), ("Q18", 6581097, None), ("Q19", 15145778, None), ("Q20", 6581072, None),
        ("Q21", 6581072, None), ("Q22", 6581097, None), ("Q24", 2449503, None), ("Q26", None, "_:unknown26"),
        ("Q27", 6581072, None), ("Q27", None, "http://www.wikidata.org/.well-known/genid/0123456789abcdef"),
    ]  # fmt: skip
    assert by_qid(FIXTURE_STORE, "citizenships") == [
        ("Q11", 142, None), ("Q12", 30, None), ("Q12", 142, None), ("Q13", 34266, None), ("Q15", 30, None),
        ("Q18", 142, None), ("Q18", 183, None), ("Q19", 30, None), ("Q21", 15180, None), ("Q22", 17, None),
        ("Q24", 16, None), ("Q26", 16, None), ("Q26", 34266, None), ("Q27", 17, None),
    ]  # fmt: skip
    assert by_qid(FIXTURE_STORE, "occupations") == [
        ("Q11", 36180, None), ("Q12", 82955, None), ("Q13", 36180, None), ("Q15", 901, None), ("Q18", 36180, None),
        ("Q18", 82955, None), ("Q19", 1930187, None), ("Q21", 99999, None), ("Q22", 82955, None),
        ("Q26", 1028181, None),  # a painter: an occupation labelled only under mul
    ]  # fmt: skip
    assert rows(FIXTURE_STORE, "subclass_of") == [(1930187, 36180)]


def test_dates_keep_their_lexical_form_and_the_historical_year() -> None:
    assert by_qid(FIXTURE_STORE, "birth_dates") == [
        ("Q11", "1900-01-01T00:00:00Z", 1900, None), ("Q12", "1950-01-01T00:00:00Z", 1950, None),
        ("Q13", "-0468-01-01T00:00:00Z", -469, None), ("Q15", "1990-01-01T00:00:00Z", 1990, None),
        ("Q18", "1920-01-01T00:00:00Z", 1920, None), ("Q19", "1925-01-01T00:00:00Z", 1925, None),
        ("Q21", "1950-01-01T00:00:00Z", 1950, None), ("Q22", "0000-01-01T00:00:00Z", -1, None),
        ("Q24", "2001-01-01T00:00:00Z", 2001, None), ("Q26", "1800-01-01T00:00:00Z", 1800, None),
        ("Q26", "1801-01-01T00:00:00Z", 1801, None), ("Q27", "1985-01-01T00:00:00Z", 1985, None),
    ]  # fmt: skip
    assert by_qid(FIXTURE_STORE, "death_dates") == [
        ("Q11", "1980-01-01T00:00:00Z", 1980, None), ("Q19", "2000-01-01T00:00:00Z", 2000, None),
    ]  # fmt: skip


def test_sites_articles_and_texts() -> None:
    assert rows(FIXTURE_STORE, "sites") == [
        (0, "https://en.wikipedia.org/", "wikipedia"), (1, "https://en.wikiquote.org/", "wikiquote"),
        (2, "https://fr.wikipedia.org/", "wikipedia"), (3, "https://hr.wikipedia.org/", "wikipedia"),
        (4, "https://zh-yue.wikipedia.org/", "wikipedia"),
    ]  # fmt: skip
    articles = by_qid(FIXTURE_STORE, "articles")
    assert len(articles) == 22  # 24 article IRIs, less Q23's (not a human: kept as extra triples)
    assert articles[:4] == [
        ("Q11", 0, "https://en.wikipedia.org/wiki/Ada_Example", "Ada Example", "en", "en"),
        ("Q11", 1, "https://en.wikiquote.org/wiki/Ada_Example", "Ada Example", "en", "en"),
        ("Q11", 2, "https://fr.wikipedia.org/wiki/Ada_Exemple", "Ada Exemple", "fr", "fr"),
        ("Q11", 3, "https://hr.wikipedia.org/wiki/Ada_Primjer", "Ada Primjer", "hr", "hr"),
    ]
    assert ("Q13", 2, "https://fr.wikipedia.org/wiki/Cl%C3%A9o_l%27Ancienne", "Cléo l'Ancienne", "fr", "fr") in articles
    assert ("Q20", 1, "https://en.wikiquote.org/wiki/Ida_Quote", "Ida Quote", "en", "en") in articles
    labels = rows(FIXTURE_STORE, "labels")
    assert (12, "en", "Bob | Pipe {{x}} [[y]]") in labels and (14, "zh", "李四") in labels
    assert (24, "ar", "ماكس") in labels and len(labels) == 35  # mul labels: Q14, Q24, Q1028181
    assert rows(FIXTURE_STORE, "descriptions") == [(11, "en", "French writer"), (27, "yue", "日本作家")]
    extra = {line for (line,) in rows(FIXTURE_STORE, "extra_triples")}
    assert "<http://www.wikidata.org/entity/Q23> <http://www.wikidata.org/prop/direct/P31> " \
           "<http://www.wikidata.org/entity/Q15632617> ." in extra  # fmt: skip
    assert len(extra) == 7  # Q23's P31, P21, sitelinks and its article's four triples


def test_person_facts_decide_every_definition_case() -> None:
    assert [row[:8] for row in by_qid(FIXTURE_STORE, "person_facts")] == [
        # qid, qid number, gender group, birth year, birth known, has death, death year, Wikipedia articles
        ("Q11", 11, "women", 1900, True, True, 1980, 3),  # the wikiquote article is not counted
        ("Q12", 12, "men", 1950, True, False, None, 1),
        ("Q13", 13, "women", -469, True, False, None, 2),  # trans woman; 469 BCE
        ("Q14", 14, "other", None, False, False, None, 1),  # non-binary; no birth date
        ("Q15", 15, "no_gender", 1990, True, False, None, 2),  # no P21
        ("Q18", 18, "other", 1920, True, False, None, 2),  # female and male: a mix
        ("Q19", 19, "men", 1925, True, True, 2000, 3),  # cisgender male
        ("Q20", 20, "women", None, False, False, None, 0),  # only a Wikiquote article
        ("Q21", 21, "women", 1950, True, False, None, 1),
        ("Q22", 22, "men", -1, True, False, None, 2),  # XSD 0000 = 1 BCE
        ("Q24", 24, "men", 2001, True, False, None, 1),  # trans man
        ("Q26", 26, "no_gender", None, True, False, None, 1),  # only unknown P21; two years that disagree
        ("Q27", 27, "women", 1985, True, False, None, 1),  # female beside a genid unknown value
    ]
    coverage = {row[0]: row[8:] for row in by_qid(FIXTURE_STORE, "person_facts")}
    assert coverage["Q11"] == (True, True, True, True)  # gender, country, birth, occupation
    assert coverage["Q14"] == (True, False, False, False)
    assert coverage["Q26"] == (False, True, True, True)
    assert coverage["Q24"] == (True, True, True, False)


def test_person_regions_count_each_distinct_region_and_say_unmapped_or_no_country() -> None:
    assert by_qid(FIXTURE_STORE, "person_regions") == [
        ("Q11", "Q46"), ("Q12", "Q46"), ("Q12", "Q49"),  # France; the USA and France: two continents
        ("Q13", "unmapped"),  # the Russian Empire only
        ("Q14", "no_country"), ("Q15", "Q49"), ("Q18", "Q46"),  # France and Germany: Europe once
        ("Q19", "Q49"), ("Q20", "no_country"), ("Q21", "unmapped"), ("Q22", "Q48"), ("Q24", "Q49"),
        ("Q26", "Q49"),  # Canada and the Russian Empire: the mapped one only
        ("Q27", "Q48"),
    ]  # fmt: skip


def test_population_is_one_row_per_wikipedia_edition_and_person_sorted_by_site() -> None:
    population = rows(FIXTURE_STORE, "population")
    assert [row[:2] for row in population] == sorted(row[:2] for row in population)
    people = qids(FIXTURE_STORE)
    by_site: dict[int, list[str]] = {}
    for site_id, person_id, *_ in population:
        by_site.setdefault(site_id, []).append(f"Q{people[person_id]}")
    assert by_site == {
        0: ["Q11", "Q12", "Q13", "Q15", "Q18", "Q19", "Q22"],  # en (Q23 is not a human)
        2: ["Q11", "Q13", "Q19", "Q22", "Q24", "Q26"],  # fr
        3: ["Q11", "Q14", "Q15", "Q18", "Q19", "Q21"],  # hr
        4: ["Q27"],  # zh-yue; en.wikiquote (site 1) is no edition
    }
    facts = {row[0]: row for row in rows(FIXTURE_STORE, "person_facts")}
    assert all(row[1:] == facts[row[1]] for row in population)  # every person_facts column rides along


def test_subclass_closure_is_reflexive_and_transitive_over_the_occupations() -> None:
    assert rows(FIXTURE_STORE, "subclass_closure") == [
        (901, 901), (36180, 36180), (82955, 82955), (99999, 99999), (1028181, 1028181), (1930187, 36180),
        (1930187, 1930187),
    ]  # fmt: skip


def test_the_manifest_records_schema_hashes_and_counts() -> None:
    ref = read_manifest(FIXTURE_STORE)
    assert ref.manifest.schema_version == 3 and ref.manifest.data_file == "store.duckdb"
    assert set(ref.manifest.tables) == {"gender_groups", "regions"}
    assert ref.manifest.counts == {"people": 13, "sitelinks": 20, "editions": 4, "triples": 228}
    verify_store(ref)


def test_the_committed_fixture_store_is_its_turtle_file() -> None:
    expected = graph(FIXTURE_TTL, pyoxigraph.RdfFormat.TURTLE)
    assert triples(load_pyoxigraph(read_manifest(FIXTURE_STORE))) == triples(expected)


def test_export_gives_back_the_input_graph(tmp_path: Path) -> None:
    out = tmp_path / "mini.nt.gz"
    run = gapkit("store", "export", str(FIXTURE_STORE), "--format", "nt", "--out", str(out))
    assert run.returncode == 0, run.stderr

    plain = tmp_path / "mini.nt"
    plain.write_bytes(gzip.decompress(out.read_bytes()))
    assert triples(graph(plain, pyoxigraph.RdfFormat.N_TRIPLES)) == triples(
        graph(FIXTURE_TTL, pyoxigraph.RdfFormat.TURTLE)
    )
    again = gapkit("store", "build", "--from-rdf", str(out), "--out", str(tmp_path / "again"))
    assert again.returncode == 0, again.stderr
    assert rows(tmp_path / "again", "person_facts") == rows(FIXTURE_STORE, "person_facts")


def test_hostile_text_and_odd_terms_survive_the_round_trip(tmp_path: Path) -> None:
    source = tmp_path / "odd.nt"
    source.write_text(
        "\n".join(
            [
                "<http://www.wikidata.org/entity/Q7> <http://www.wikidata.org/prop/direct/P31> "
                "<http://www.wikidata.org/entity/Q5> .",
                "<http://www.wikidata.org/entity/Q7> <http://www.w3.org/2000/01/rdf-schema#label> "
                '"a\\nb\\rc\\"d\\\\e\\tf \\u00e9 =1+1"@en .',
                "<http://www.wikidata.org/entity/Q7> <http://www.wikidata.org/prop/direct/P27> _:x .",
                "<http://www.wikidata.org/entity/Q7> <http://www.wikidata.org/prop/direct/P570> _:y .",
                '<http://www.wikidata.org/entity/Q7> <http://www.wikidata.org/prop/direct/P569> "1900"^^'
                "<http://www.w3.org/2001/XMLSchema#gYear> .",
                '<http://www.wikidata.org/entity/Q7> <http://www.wikidata.org/prop/direct/P1477> "Name"@en .',
                "<https://x.example/a> <http://schema.org/about> <http://www.wikidata.org/entity/Q7> .",
                "<https://x.example/a> <http://schema.org/isPartOf> <https://x.example/> .",
                '<https://x.example/a> <http://schema.org/name> "plain title" .',
                '<http://www.wikidata.org/entity/P21> <http://www.w3.org/2000/01/rdf-schema#label> "sex"@en .',
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    ref = build_from_rdf(source, tmp_path / "odd", MANIFEST)
    assert triples(load_pyoxigraph(ref)) == triples(graph(source, pyoxigraph.RdfFormat.N_TRIPLES))
    assert rows(ref.path, "labels") == [(7, "en", 'a\nb\rc"d\\e\tf é =1+1')]
    assert rows(ref.path, "citizenships") == [(0, None, "_:x")]
    facts = rows(ref.path, "person_facts")[0]
    assert facts[2:8] == ("no_gender", None, False, True, None, 0)  # an unknown death still counts as death
    assert rows(ref.path, "person_regions") == [(0, "unmapped")]  # an unknown country maps nowhere
    assert rows(ref.path, "articles") == [(0, 0, "https://x.example/a", "plain title", None, None)]
    assert rows(ref.path, "sites") == [(0, "https://x.example/", None)]
    assert rows(ref.path, "population") == []  # a site with no wikiGroup is no Wikipedia edition
    assert len(rows(ref.path, "extra_triples")) == 3  # the gYear date, P1477 and the property's label


def test_the_structured_api_builds_the_same_store_as_the_triples(tmp_path: Path) -> None:
    with ColumnarWriter(tmp_path / "api") as writer:
        writer.append("sites", [("https://hr.wikipedia.org/", "wikipedia")])
        writer.append("people", [(11, 4), (26, None)])
        writer.append("gender_values", [(11, 6581072, None), (26, None, "_:u")])
        writer.append("citizenships", [(11, 142, None)])
        writer.append("birth_dates", [(26, "1800-01-01T00:00:00Z", None), (26, "1801-01-01T00:00:00Z", None)])
        writer.append("labels", [(11, "hr", "Ada")])
        writer.append("articles", [("https://hr.wikipedia.org/wiki/Ada", 11, "https://hr.wikipedia.org/", "Ada",
                                    "hr", "hr")])  # fmt: skip
        ref = writer.finish(MANIFEST)
    assert [row[:8] for row in rows(ref.path, "person_facts")] == [
        (0, 11, "women", None, False, False, None, 1),
        (1, 26, "no_gender", None, True, False, None, 0),
    ]
    assert ref.manifest.counts == {"people": 2, "sitelinks": 1, "editions": 1, "triples": 14}
    assert len(triples(load_pyoxigraph(ref))[0]) + triples(load_pyoxigraph(ref))[1] == 14


def _copy(tmp_path: Path) -> Path:
    store = tmp_path / "store"
    shutil.copytree(FIXTURE_STORE, store)
    return store


def test_a_store_built_with_other_tables_is_refused_naming_the_rebuild(tmp_path: Path) -> None:
    store = _copy(tmp_path)
    manifest = json.loads((store / "manifest.json").read_text())
    manifest["tables"]["regions"] = "0" * 64
    (store / "manifest.json").write_text(json.dumps(manifest))
    run = gapkit("gaps", "gender", "--edition", "hr", "--store", str(store))
    assert run.returncode == 1 and "other gender or region tables" in run.stderr
    assert "store build --from-rdf" in run.stderr and len(run.stderr.strip().splitlines()) == 1
    export = tmp_path / "export.nt"  # the sentence's two commands rebuild it
    assert gapkit("store", "export", str(store), "--format", "nt", "--out", str(export)).returncode == 0
    rebuilt = gapkit("store", "build", "--from-rdf", str(export), "--out", str(store), "--replace")
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert gapkit("gaps", "gender", "--edition", "hr", "--store", str(store)).returncode == 0


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data.write_bytes(data.read_bytes()[: len(data.read_bytes()) // 2]),  # truncated
        lambda data: data.write_bytes(b""),  # emptied
        lambda data: shutil.copyfile(SAMPLE_STORE / "store.duckdb", data),  # swapped for another store's
    ],
    ids=["truncated", "emptied", "swapped"],
)
def test_a_damaged_data_file_is_refused_at_open(tmp_path: Path, damage) -> None:
    store = _copy(tmp_path)
    damage(store / "store.duckdb")
    with pytest.raises(StoreError, match="is damaged"):
        read_manifest(store)
    run = gapkit("gaps", "gender", "--edition", "hr", "--store", str(store))
    assert run.returncode == 1 and "is damaged" in run.stderr and "Traceback" not in run.stderr


def test_verify_finds_damage_the_cheap_check_cannot_see(tmp_path: Path) -> None:
    store = _copy(tmp_path)
    data = store / "store.duckdb"
    body = bytearray(data.read_bytes())
    middle = len(body) // 2
    body[middle] ^= 0xFF  # one byte in the middle: same size, same first and last MiB
    data.write_bytes(bytes(body))
    read_manifest(store)  # the cheap check passes
    run = gapkit("store", "verify", str(store))
    assert run.returncode == 1 and "sha256 differs" in run.stderr and len(run.stderr.strip().splitlines()) == 1
    assert gapkit("store", "verify", str(FIXTURE_STORE)).returncode == 0


def test_an_existing_out_is_refused_without_replace(tmp_path: Path) -> None:
    run = gapkit("store", "build", "--from-rdf", str(FIXTURE_TTL), "--out", str(_copy(tmp_path)))
    assert run.returncode == 2 and "--replace" in run.stderr
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temporary directory left


READER = """
import os, sys
from gapkit.errors import StoreError
from gapkit.stores.store import read_manifest
from gapkit.stores.export import open_database
count = replaced = 0
while True:
    ref = read_manifest(sys.argv[1])
    try:
        con = open_database(ref)
    except StoreError as err:  # swapped between reading the manifest and opening: told so, never mixed
        assert "was replaced while it was being opened" in str(err), err
        replaced += 1
        continue
    for _ in range(20):  # an open reader keeps reading while the directory is swapped under it
        people = con.table("people").count("*").fetchall()[0][0]
        assert people == 13, people
    con.close()
    count += 1
    if count >= 3 and not os.path.exists(sys.argv[2]):
        break
print(count, replaced)
"""


def test_readers_keep_reading_while_a_rebuild_replaces_the_store(tmp_path: Path) -> None:
    store = _copy(tmp_path)
    flag = tmp_path / "building"
    flag.touch()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    readers = [
        subprocess.Popen(
            [sys.executable, "-c", READER, str(store), str(flag)],
            env=env,
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    try:
        for _ in range(4):
            build_from_rdf(FIXTURE_TTL, store, MANIFEST, replace=True)
    finally:
        flag.unlink()
    for reader in readers:
        out, err = reader.communicate(timeout=120)
        assert reader.returncode == 0, err
        assert int(out.split()[0]) >= 3
    assert read_manifest(store).manifest.source == "test"
    assert open_database(read_manifest(store)).table("people").count("*").fetchall()[0][0] == 13


def test_the_engine_is_chosen_per_command_or_in_the_configuration(tmp_path: Path) -> None:
    run = gapkit("gaps", "gender", "--edition", "hr", "--store", str(FIXTURE_STORE), "--engine", "sparql")
    assert run.returncode == 0 and run.stdout.splitlines()[0].startswith("edition,")
    bad = gapkit("gaps", "gender", "--edition", "hr", "--store", str(FIXTURE_STORE), "--engine", "rocks")
    assert bad.returncode == 2 and "--engine must be one of columnar, sparql" in bad.stderr
    config = tmp_path / "gapkit.toml"
    config.write_text('engine = "rocks"\n')
    env = {**os.environ, "GAPKIT_CONFIG": str(config)}
    run = gapkit("worklist", "--edition", "hr", "--store", str(FIXTURE_STORE), env=env)
    assert run.returncode == 2 and "engine in the configuration must be one of" in run.stderr
    config.write_text('duckdb_memory_limit = "lots"\n')
    run = gapkit("worklist", "--edition", "hr", "--store", str(FIXTURE_STORE), env=env)
    assert run.returncode == 2 and "duckdb_memory_limit" in run.stderr and len(run.stderr.strip().splitlines()) == 1


def test_an_old_format_store_names_its_conversion_which_gives_the_same_figures(tmp_path: Path) -> None:
    old = tmp_path / "old"
    old.mkdir()
    (old / "data.nt.gz").write_bytes(gzip.compress(b"".join(ntriples_chunks(read_manifest(FIXTURE_STORE)))))
    manifest = {**json.loads((FIXTURE_STORE / "manifest.json").read_text()), "schema_version": 1}
    for key in ("tables", "data_bytes", "data_ends_sha256"):
        del manifest[key]
    (old / "manifest.json").write_text(json.dumps({**manifest, "data_file": "data.nt.gz"}))
    run = gapkit("gaps", "gender", "--edition", "hr", "--store", str(old))
    assert run.returncode == 1 and "old format (schema version 1)" in run.stderr
    command = run.stderr.split("`")[1].split()
    assert command[:5] == ["python", "-m", "gapkit", "store", "build"]
    converted = gapkit(*command[3:-1], str(tmp_path / "new"))
    assert converted.returncode == 0, converted.stderr
    again = gapkit("gaps", "gender", "--edition", "hr", "--store", str(tmp_path / "new"))
    assert again.stdout == gapkit("gaps", "gender", "--edition", "hr", "--store", str(FIXTURE_STORE)).stdout


def test_write_takes_text_cut_anywhere_as_dump_parts_are_read(tmp_path: Path) -> None:
    text = b"".join(ntriples_chunks(read_manifest(FIXTURE_STORE))).decode("utf-8").rstrip("\n")  # no final LF
    with ColumnarWriter(tmp_path / "cut") as writer:
        for start in range(0, len(text), 7):
            writer.write(text[start : start + 7])
        ref = writer.finish(MANIFEST)
    for table in ("people", "person_facts", "articles", "labels", "extra_triples", "population"):
        assert rows(ref.path, table) == rows(FIXTURE_STORE, table), table
    assert ref.manifest.counts == read_manifest(FIXTURE_STORE).manifest.counts


def test_a_line_that_is_no_triple_is_one_sentence(tmp_path: Path) -> None:
    with pytest.raises(BadInput, match="is not N-Triples"), ColumnarWriter(tmp_path / "bad") as writer:
        writer.write("<a> <b> .\n")
    assert not (tmp_path / "bad").exists() and not list(tmp_path.iterdir())


def test_frames_append_like_rows(tmp_path: Path) -> None:
    import pandas as pd

    facts = {
        "sites": [("https://hr.wikipedia.org/", "wikipedia")],
        "people": [(11, 4), (26, None)],
        "gender_values": [(11, 6581072, None), (26, None, "_:u")],
        "occupations": [(11, 36180, None)],
        "subclass_of": [(36180, 483501)],
        "birth_dates": [(26, "1800-01-01T00:00:00Z", None), (26, None, "_:b")],
        "labels": [(11, "hr", "Ada")],
        "articles": [("https://hr.wikipedia.org/wiki/Ada", 11, "https://hr.wikipedia.org/", "Ada", "hr", "hr")],
    }
    stores = []
    for kind in ("rows", "frames"):
        with ColumnarWriter(tmp_path / kind) as writer:
            for fact, values in facts.items():
                if kind == "rows":
                    writer.append(fact, values)
                else:
                    writer.append_frame(fact, pd.DataFrame(values))
            stores.append(writer.finish(MANIFEST).path)
    for table in ("people", "gender_values", "occupations", "birth_dates", "subclass_closure", "population"):
        assert rows(stores[0], table) == rows(stores[1], table), table
    assert rows(stores[1], "birth_dates") == [(1, "1800-01-01T00:00:00Z", 1800, None), (1, None, None, "_:b")]


def test_a_store_replaced_after_its_manifest_was_read_is_not_mixed_with_it(tmp_path: Path) -> None:
    store = _copy(tmp_path)
    ref = read_manifest(store)
    build_from_rdf(FIXTURE_TTL, store, MANIFEST, replace=True)
    with pytest.raises(StoreError, match="was replaced while it was being opened"):
        open_database(ref)
    assert open_database(read_manifest(store)).table("people").count("*").fetchall()[0][0] == 13


def test_a_schema_2_store_is_refused_in_one_sentence_naming_the_rebuild(tmp_path: Path) -> None:
    old = tmp_path / "v2"
    shutil.copytree(FIXTURE_STORE, old)
    manifest = json.loads((old / "manifest.json").read_text())
    (old / "manifest.json").write_text(json.dumps({**manifest, "schema_version": 2}))
    run = gapkit("worklist", "--edition", "hr", "--store", str(old))
    assert run.returncode == 1 and len(run.stderr.strip().splitlines()) == 1 and "Traceback" not in run.stderr
    assert "schema version 2; this gapkit reads version 3" in run.stderr
    assert "python -m gapkit store build --from-rdf EXPORT --out STORE --replace" in run.stderr

"""Import from a Wikidata JSON dump: the same figures as the hand-written fixture, ranks, resume, damaged lines."""

from pathlib import Path

import pandas as pd
import pytest

from gapkit.builders import from_dump as dump_import
from gapkit.builders.from_dump import build_from_dump
from gapkit.errors import BadInput
from gapkit.figures.decades import decade_by_edition
from gapkit.figures.gender import gender_by_edition
from gapkit.figures.occupations import occupation_by_edition
from gapkit.figures.regions import region_by_edition
from gapkit.figures.worklist import build_worklist
from gapkit.model.filters import make_filters
from gapkit.sources.resolve import open_store_endpoint
from gapkit.stores.export import exported, ntriples_chunks
from tests.cli_helpers import gapkit
from tests.dump_fixture import write_dump, write_full, write_truthy

EDITIONS = ["en", "hr", "fr", "zh-yue"]


def triples(ref) -> set[str]:
    return set(b"".join(ntriples_chunks(ref)).decode("utf-8").splitlines())


@pytest.mark.parametrize("suffix", [".json", ".json.gz", ".json.bz2", ".nt", ".nt.gz", ".nt.bz2"])
def test_a_dump_gives_the_figures_of_the_fixture(mini, tmp_path: Path, suffix: str) -> None:
    write = write_full if ".nt" in suffix else write_dump
    dump = write(tmp_path / f"wikidata-20261101-all{suffix}")
    ref = build_from_dump(dump, tmp_path / "store", languages=["en", "hr", "fr", "yue", "zh", "ar", "mul"])
    ep = open_store_endpoint(ref)
    for make in (
        lambda e: gender_by_edition(e, EDITIONS),
        lambda e: gender_by_edition(e, None, "raw"),
        lambda e: region_by_edition(e, EDITIONS, by_gender=True),
        lambda e: decade_by_edition(e, EDITIONS, by_gender=True),
        lambda e: occupation_by_edition(e, ["en", "hr"], filters=make_filters(occupation=["Q36180"], narrower=True)),
        lambda e: build_worklist(e, "hr", this_year=2026),
        lambda e: build_worklist(e, "hr", this_year=2026, rank="evidence"),  # badges, P1343, ids from the dump
    ):
        got, want = make(ep).frame, make(mini).frame
        if "occupation_label" in got:  # labels of the dump's occupations are all there
            got, want = got.drop(columns="occupation_label"), want.drop(columns="occupation_label")
        pd.testing.assert_frame_equal(got, want)
    assert ref.manifest.data_date == "2026-11-01" and ref.manifest.counts["people"] == 13
    kind = "N-Triples" if ".nt" in suffix else "JSON"
    assert ref.manifest.source == f"Wikidata {kind} dump {dump.name}" and not ref.manifest.synthetic


def test_ranks_qualifiers_unknown_values_and_dates(tmp_path: Path) -> None:
    data = triples(build_from_dump(write_dump(tmp_path / "dump.json"), tmp_path / "store"))
    wd, wdt = "<http://www.wikidata.org/entity/", "<http://www.wikidata.org/prop/direct/"
    assert f"{wd}Q11> {wdt}P21> {wd}Q6581097> ." not in data  # deprecated
    assert f"{wd}Q12> {wdt}P27> {wd}Q183> ." not in data  # deprecated
    assert f"{wd}Q19> {wdt}P21> {wd}Q6581072> ." not in data  # normal beside a preferred one
    assert f"{wd}Q19> {wdt}P21> {wd}Q15145778> ." in data
    assert not any(line.startswith(f"{wd}Q11> {wdt}P580>") for line in data)  # qualifiers are not facts
    assert not any(f"{wd}Q25>" in line for line in data)  # deprecated P31 = Q5: not a human
    assert not any(f"{wd}Q23>" in line and "P31" in line for line in data)  # not a human
    assert (
        sum(1 for line in data if line.startswith(f"{wd}Q26> {wdt}P21> <http://www.wikidata.org/.well-known/genid/"))
        == 1
    )
    assert f'{wd}Q13> {wdt}P569> "-0468-01-01T00:00:00Z"^^<http://www.w3.org/2001/XMLSchema#dateTime> .' in data
    assert f'{wd}Q22> {wdt}P569> "0000-01-01T00:00:00Z"^^<http://www.w3.org/2001/XMLSchema#dateTime> .' in data
    assert not any(line.startswith(f"{wd}Q14> {wdt}P27>") for line in data)  # "no value" is no fact
    assert f"{wd}Q483501> {wdt}P279> {wd}Q28640> ." in data  # the second tree pass
    assert (
        "<https://fr.wikipedia.org/wiki/Cl%C3%A9o_l'Ancienne> <http://schema.org/name> \"Cléo l'Ancienne\"@fr ." in data
    )
    assert not any("https://commons" in line for line in data)  # a Commons sitelink is no article
    assert f'{wd}Q24> <http://wikiba.se/ontology#sitelinks> "2"^^<http://www.w3.org/2001/XMLSchema#integer> .' in data


def test_an_interrupted_import_resumes_without_redoing_finished_work(tmp_path: Path, monkeypatch) -> None:
    dump = write_dump(tmp_path / "dump.json.gz")
    clean = build_from_dump(dump, tmp_path / "clean")
    monkeypatch.setattr(dump_import, "CHECKPOINT_EVERY", 4)
    original = dump_import.DumpImport._person
    seen: list[str] = []

    def crashing(self, entity, *args):
        seen.append(entity["id"])
        if entity["id"] == "Q19" and seen.count("Q19") == 1:
            raise KeyboardInterrupt
        return original(self, entity, *args)

    monkeypatch.setattr(dump_import.DumpImport, "_person", crashing)
    with pytest.raises(KeyboardInterrupt):
        build_from_dump(dump, tmp_path / "resumed")
    assert (tmp_path / "resumed.importing" / "checkpoint.json").is_file()
    before = len(seen)
    resumed = build_from_dump(dump, tmp_path / "resumed")
    assert triples(resumed) == triples(clean)
    assert exported(resumed) == exported(clean)
    # the checkpoint was at line 8 (every 4 lines; Q19 is on line 10): the rerun starts at line 9, Q18
    assert seen[before] == "Q18" and seen.count("Q11") == 1
    assert not (tmp_path / "resumed.importing").exists()


def test_damaged_lines_are_reported_skipped_or_stop(tmp_path: Path) -> None:
    dump = write_dump(tmp_path / "dump.json", damaged_after=2)
    messages = []
    ref = build_from_dump(dump, tmp_path / "store", progress=lambda m, f: messages.append(m))
    assert ref.manifest.counts["damaged_lines_skipped"] == 1 and ref.manifest.built["skipped_lines"] == "5"
    assert "Line 5 of dump.json is damaged and was skipped" in messages
    with pytest.raises(BadInput, match=r"Line 5 of dump\.json is damaged"):
        build_from_dump(dump, tmp_path / "other", stop_on_error=True)
    assert not (tmp_path / "other").exists()


def test_the_command_line_keeps_the_chosen_editions(tmp_path: Path) -> None:
    dump = write_dump(tmp_path / "dump.json.bz2")
    run = gapkit("store", "build", "--from-dump", str(dump), "--out", str(tmp_path / "hr"), "--edition", "hr")
    assert run.returncode == 0, run.stderr
    assert "Wrote" in run.stderr and "6 people" in run.stderr  # Q11 Q14 Q15 Q18 Q19 Q21
    run = gapkit("gaps", "gender", "--all-editions", "--store", str(tmp_path / "hr"))
    assert run.stdout.splitlines()[1:5] == ["hr,women,2,0.4", "hr,men,1,0.2", "hr,other,2,0.4", "hr,no_gender,1,"]
    run = gapkit("store", "build", "--from-dump", str(tmp_path / "missing.json"), "--out", str(tmp_path / "x"))
    assert run.returncode == 2 and "There is no dump file" in run.stderr


def test_the_full_ntriples_dump_gives_the_same_store_as_the_json_dump(tmp_path: Path) -> None:
    from_json = triples(build_from_dump(write_dump(tmp_path / "a.json"), tmp_path / "json"))
    from_full = triples(build_from_dump(write_full(tmp_path / "a.nt.gz"), tmp_path / "full"))
    genid = "<http://www.wikidata.org/.well-known/genid/"
    assert {t for t in from_json if genid not in t} == {t for t in from_full if genid not in t}
    assert (
        sum(genid in t for t in from_json) == sum(genid in t for t in from_full) == 2
    )  # Q26's and Q27's unknown values


def test_a_damaged_ntriples_line_and_a_resumed_ntriples_import(tmp_path: Path, monkeypatch) -> None:
    dump = write_full(tmp_path / "dump.nt", damaged_after=3)
    ref = build_from_dump(dump, tmp_path / "store")
    assert ref.manifest.counts["damaged_lines_skipped"] == 1 and ref.manifest.counts["people"] == 13
    clean = build_from_dump(write_full(tmp_path / "clean.nt.bz2"), tmp_path / "clean")
    monkeypatch.setattr(dump_import, "CHECKPOINT_EVERY", 10)
    original = dump_import.DumpImport._person
    seen: list[str] = []

    def crashing(self, entity, *args):
        seen.append(entity["id"])
        if entity["id"] == "Q22" and seen.count("Q22") == 1:
            raise KeyboardInterrupt
        return original(self, entity, *args)

    monkeypatch.setattr(dump_import.DumpImport, "_person", crashing)
    with pytest.raises(KeyboardInterrupt):
        build_from_dump(tmp_path / "clean.nt.bz2", tmp_path / "resumed")
    before = len(seen)
    resumed = build_from_dump(tmp_path / "clean.nt.bz2", tmp_path / "resumed")
    assert triples(resumed) == triples(clean)
    assert "Q11" not in seen[before:]  # the finished blocks were not read again


def csv_people_as_entities(directory: Path) -> list[dict]:
    """The people of a CSV-layout directory as JSON-dump entities (what that layout can express)."""
    import csv

    from tests.dump_fixture import entity

    def rows(name: str) -> list[dict]:
        with open(directory / name, encoding="utf-8") as handle:
            return list(csv.DictReader(handle))

    countries, jobs, links = {}, {}, {}
    for row in rows("person_citizenship.csv"):
        countries.setdefault(row["qid"], []).append(row["country_qid"])
    for row in rows("person_occupation.csv"):
        if row["most_specific"] == "1":
            jobs.setdefault(row["qid"], []).append(row["occupation_qid"])
    for row in rows("person_sitelinks.csv"):
        links.setdefault(row["qid"], {})[row["site"]] = f"Article about {row['qid']}"
    entities = []
    for row in rows("people.csv"):
        claims = {"P31": ["Q5"], "P27": countries.get(row["qid"], []), "P106": jobs.get(row["qid"], [])}
        if row["gender_qid"]:
            claims["P21"] = [row["gender_qid"]]
        for pid, column in (("P569", "birth_year"), ("P570", "death_year")):
            if row[column]:
                claims[pid] = [int(row[column])]
        entities.append(entity(row["qid"], claims, {"en": row["label_en"]}, None, links.get(row["qid"], {})))
    entities += [entity("Q142", {}, {"en": "France"}), entity("Q36180", {"P279": ["Q1"]}, {"en": "writer"})]
    return entities


@pytest.mark.parametrize("seed", [1, 2])
def test_a_dump_and_a_harvest_give_the_figures_of_the_csv_layout(tmp_path: Path, seed: int) -> None:
    from gapkit.builders.from_csv import build_from_csv
    from gapkit.builders.harvest import harvest
    from tests.test_csv_import import make_csv_dir, manifest

    make_csv_dir(tmp_path / "csv", seed)
    # the harvest's source answers SPARQL, as a remote endpoint does: the sparql engine
    csv_store = build_from_csv(tmp_path / "csv", tmp_path / "csv-store", manifest())
    from_csv = open_store_endpoint(csv_store, engine="sparql")
    dump = write_dump(tmp_path / "dump.json.gz", csv_people_as_entities(tmp_path / "csv"))
    from_dump = open_store_endpoint(build_from_dump(dump, tmp_path / "dump-store"))
    harvested = open_store_endpoint(harvest(from_csv, "hr", tmp_path / "harvest", min_articles=1))
    figures = (
        lambda e: gender_by_edition(e, None),
        lambda e: region_by_edition(e, ["en", "hr", "zh-yue", "no"], by_gender=True),
        lambda e: decade_by_edition(e, ["en", "hr"], by_gender=True),
    )
    for make in figures:
        for other in (from_dump, harvested):
            pd.testing.assert_frame_equal(make(other).frame, make(from_csv).frame)
    # Titles are not in the CSV layout (its article links are GoToLinkedPage IRIs): compare who is listed.
    columns = ["qid", "gender", "birth_year", "articles", "editions", "maybe_living"]
    want = build_worklist(from_csv, "hr", this_year=2026).frame[columns]
    for other in (from_dump, harvested):
        pd.testing.assert_frame_equal(build_worklist(other, "hr", this_year=2026).frame[columns], want)


def test_damaged_lines_inside_ntriples_items_are_reported_whether_parsed_or_passed_over(tmp_path: Path) -> None:
    # Blocks the import keeps are parsed; the others (here Q999, a country nobody references) are only checked
    # line by line for a final "."; a line cut short inside either is reported with its number.
    from tests.dump_fixture import ENTITIES, entity, full_lines

    lines: list[str] = []
    damaged: list[int] = []
    for item in [*ENTITIES, entity("Q999", {"P31": ["Q6256"]}, {"en": "Nowhere"})]:
        block = full_lines(item)
        if item["id"] in ("Q11", "Q999"):  # a human's block and a passed-over block
            damaged.append(len(lines) + 3)
            block.insert(2, f"<http://www.wikidata.org/entity/{item['id']}> <http://www.w3.org/2000/01/rdf-sch\n")
        lines += block
    dump = tmp_path / "dump.nt"
    dump.write_text("".join(lines), encoding="utf-8")
    messages: list[str] = []
    ref = build_from_dump(dump, tmp_path / "store", progress=lambda m, f: messages.append(m))
    assert ref.manifest.built["skipped_lines"] == ",".join(map(str, damaged))
    assert ref.manifest.counts["damaged_lines_skipped"] == 2
    assert f"Line {damaged[1]:,} of dump.nt is damaged and was skipped" in messages
    clean = build_from_dump(write_full(tmp_path / "clean.nt"), tmp_path / "clean")
    assert triples(ref) == triples(clean)


FIXTURES = Path(__file__).parent / "fixtures" / "dumps"
WD, WDT = "<http://www.wikidata.org/entity/", "<http://www.wikidata.org/prop/direct/"


def year_line(qid: str, year: str) -> str:
    return f'{WD}{qid}> {WDT}P569> "{year}-01-01T00:00:00Z"^^<http://www.w3.org/2001/XMLSchema#dateTime> .'


@pytest.mark.parametrize("name", ["latest-all.json", "latest-all.nt"])
def test_the_hand_written_dumps_give_mul_labels_and_gregorian_years(tmp_path: Path, name: str) -> None:
    ref = build_from_dump(FIXTURES / name, tmp_path / "store")
    data = triples(ref)
    assert ref.manifest.counts["people"] == 2 and ref.manifest.counts["damaged_lines_skipped"] == 0
    assert f'{WD}Q101> <http://www.w3.org/2000/01/rdf-schema#label> "Ana Mulova"@mul .' in data
    assert not any('"Ana Mulova (de)"@de' in t for t in data)  # not asked for
    assert year_line("Q101", "1601") in data  # 25 December 1600 Julian = 4 January 1601 Gregorian
    assert year_line("Q102", "1600") in data  # the same day in the Gregorian calendar
    assert f"{WD}Q101> {WDT}P27> {WD}Q142> ." in data and not any(f"{WD}P21>" in t for t in data)
    assert sum("<http://schema.org/about>" in t for t in data) == 3  # hr + en for Q101, en for Q102
    rows = gender_by_edition(open_store_endpoint(ref), ["hr"]).frame.to_dict("records")
    assert [(r["gender"], r["people"]) for r in rows][:2] == [("women", 1), ("men", 0)]


def test_the_json_and_the_full_ntriples_fixtures_give_the_same_store(tmp_path: Path) -> None:
    from_json = triples(build_from_dump(FIXTURES / "latest-all.json", tmp_path / "json"))
    assert from_json == triples(build_from_dump(FIXTURES / "latest-all.nt", tmp_path / "nt"))


def test_json_written_before_2015_is_read(tmp_path: Path) -> None:
    ref = build_from_dump(FIXTURES / "wikidata-20141020-all.json", tmp_path / "store")
    data = triples(ref)
    assert ref.manifest.counts["people"] == 1 and ref.manifest.data_date == "2014-10-20"
    assert f"{WD}Q103> {WDT}P21> {WD}Q6581072> ." in data and year_line("Q103", "1952") in data


@pytest.mark.parametrize("where", [FIXTURES / "latest-truthy.nt", None])
def test_a_dump_without_sitelinks_is_refused_by_its_content(tmp_path: Path, where: Path | None) -> None:
    # The real truthy dump has no sitelinks; the decision comes from the content, not the name.
    dump = where or write_truthy(tmp_path / "wikidata-20261101-all.nt.gz")
    with pytest.raises(BadInput, match=r"latest-all\.json\.gz or latest-all\.nt\.gz") as err:
        build_from_dump(dump, tmp_path / "store")
    assert "has a sitelink" in str(err.value) and str(err.value).count(". ") == 0
    assert not (tmp_path / "store").exists() and not (tmp_path / "store.importing").exists()
    run = gapkit("store", "build", "--from-dump", str(dump), "--out", str(tmp_path / "cli"))
    assert run.returncode == 2 and len(run.stderr.strip().splitlines()) == 1 and "Traceback" not in run.stderr


def test_the_sitelink_probe_stops_after_its_humans_and_spares_a_linked_dump(tmp_path: Path, monkeypatch) -> None:
    from tests.dump_fixture import ENTITIES, entity

    monkeypatch.setattr(dump_import, "SITELINK_PROBE", 3)
    unlinked = [entity(f"Q{900 + n}", {"P31": ["Q5"]}, {"en": f"P{n}"}) for n in range(3)]
    with pytest.raises(BadInput, match="None of the first 3 humans"):
        build_from_dump(write_dump(tmp_path / "a.json", [*unlinked, *ENTITIES]), tmp_path / "a")
    ref = build_from_dump(write_dump(tmp_path / "b.json", [*unlinked[:2], *ENTITIES]), tmp_path / "b")
    assert ref.manifest.counts["people"] == 15  # two without articles, the 13 of the fixture


MALFORMED = [  # (line of malformed.json, what its entity does wrong)
    (2, "an entity id that is a int"),
    (3, "claims that are a list"),
    (4, "labels that are a list"),
    (5, "sitelinks that are a list"),
    (6, "a sitelink to enwiki whose title is not a text"),
    (7, "an entity without an id"),
    (8, "the entity id 'Q1 } ; DROP'"),
]


def test_malformed_entities_are_skipped_and_counted_or_stop_with_a_sentence(tmp_path: Path) -> None:
    dump = FIXTURES / "malformed.json"
    messages: list[str] = []
    ref = build_from_dump(dump, tmp_path / "store", progress=lambda m, f: messages.append(m))
    assert ref.manifest.counts["damaged_lines_skipped"] == len(MALFORMED)
    assert ref.manifest.built["skipped_lines"] == ",".join(str(line) for line, _ in MALFORMED)
    assert ref.manifest.counts["people"] == 1 and not any("DROP" in t for t in triples(ref))
    for line, _ in MALFORMED:
        assert f"Line {line} of malformed.json is damaged and was skipped" in messages
    with pytest.raises(BadInput, match=r"Line 2 of malformed\.json is damaged \(an entity id that is a int"):
        build_from_dump(dump, tmp_path / "stop", stop_on_error=True)
    for line, reason in MALFORMED:  # each alone, under --on-error stop: one sentence naming its line
        lines = (FIXTURES / "malformed.json").read_text(encoding="utf-8").splitlines()
        one = tmp_path / f"one-{line}.json"
        one.write_text("\n".join(["[", lines[line - 1].rstrip(","), "]"]) + "\n", encoding="utf-8")
        run = gapkit("store", "build", "--from-dump", str(one), "--out", str(tmp_path / f"o{line}"), "--on-error",
                     "stop")  # fmt: skip
        assert run.returncode == 2 and "Traceback" not in run.stderr, run.stderr
        assert f"Line 2 of {one.name} is damaged ({reason}" in run.stderr


def test_language_codes_are_checked_and_mul_is_always_kept(tmp_path: Path) -> None:
    for bad in ("en> <x", "EN", "e", "hr\n", ""):
        with pytest.raises(BadInput, match="language code"):
            build_from_dump(FIXTURES / "latest-all.json", tmp_path / "x", languages=[bad])
    ref = build_from_dump(FIXTURES / "latest-all.json", tmp_path / "de", languages=["de"])
    labels = {t for t in triples(ref) if "rdf-schema#label" in t}
    assert {t.rsplit("@", 1)[1] for t in labels} == {"mul .", "de ."}
    run = gapkit("store", "build", "--from-dump", str(FIXTURES / "latest-all.json"), "--out", str(tmp_path / "c"),
                 "--language", "en}")  # fmt: skip
    assert run.returncode == 2 and "is not a language code" in run.stderr


@pytest.mark.parametrize(
    ("value", "year"),
    [
        ({"time": "+1600-12-25T00:00:00Z", "precision": 11, "calendarmodel": dump_import.JULIAN}, 1601),
        ({"time": "+1600-12-21T00:00:00Z", "precision": 11, "calendarmodel": dump_import.JULIAN}, 1600),
        ({"time": "+1600-12-25T00:00:00Z", "precision": 9, "calendarmodel": dump_import.JULIAN}, 1600),
        ({"time": "+1582-10-04T00:00:00Z", "precision": 11, "calendarmodel": dump_import.JULIAN}, 1582),
        ({"time": "-0044-01-01T00:00:00Z", "precision": 11, "calendarmodel": dump_import.JULIAN}, -45),
        ({"time": "+00000001952-03-11T00:00:00Z", "precision": 11}, 1952),
        ({"time": "+0000-01-01T00:00:00Z", "precision": 9}, None),
        ({"time": "+99999-01-01T00:00:00Z", "precision": 9}, None),
        ({"time": "1952", "precision": 9}, None),
        ({"time": 1952}, None),
        ("+1952-01-01T00:00:00Z", None),
    ],
)
def test_dates_are_read_checked_and_julian_days_converted(value: object, year: int | None) -> None:
    assert dump_import.date_year(value) == year


@pytest.mark.parametrize(
    ("value", "qid"),
    [
        ({"entity-type": "item", "numeric-id": 5, "id": "Q5"}, "Q5"),
        ({"entity-type": "item", "numeric-id": 5}, "Q5"),
        ({"entity-type": "property", "numeric-id": 5}, None),
        ({"entity-type": "item", "numeric-id": -5}, None),
        ({"entity-type": "item", "numeric-id": True}, None),
        ({"id": "Q5> <x"}, None),
        ({"id": 5}, None),
        ("Q5", None),
    ],
)
def test_item_values_old_and_new_are_read_and_checked(value: object, qid: str | None) -> None:
    assert dump_import.item_id(value) == qid


def test_a_harvest_fetches_mul_labels_and_checks_its_languages(tmp_path: Path) -> None:
    from gapkit.builders.harvest import harvest

    # harvest query files have no SQL twins: the source is read on the sparql engine
    source = open_store_endpoint(build_from_dump(FIXTURES / "latest-all.json", tmp_path / "source"), engine="sparql")
    data = triples(harvest(source, "hr", tmp_path / "hr", languages=["hr"]))
    assert f'{WD}Q101> <http://www.w3.org/2000/01/rdf-schema#label> "Ana Mulova"@mul .' in data
    assert f'{WD}Q142> <http://www.w3.org/2000/01/rdf-schema#label> "France"@mul .' in data
    with pytest.raises(BadInput, match="is not a language code"):
        harvest(source, "hr", tmp_path / "bad", languages=["hr') } #"])


def test_a_lone_surrogate_in_a_label_is_a_damaged_line_not_a_crash(tmp_path: Path) -> None:
    from tests.dump_fixture import ENTITIES

    dump = write_dump(tmp_path / "dump.json", ENTITIES)
    text = dump.read_text(encoding="utf-8").replace('"value": "Bob | Pipe', '"value": "Bob \\ud800 Pipe', 1)
    dump.write_text(text, encoding="utf-8")
    ref = build_from_dump(dump, tmp_path / "store")
    assert ref.manifest.counts["damaged_lines_skipped"] == 1 and ref.manifest.counts["people"] == 12
    with pytest.raises(BadInput, match="not valid Unicode"):
        build_from_dump(dump, tmp_path / "stop", stop_on_error=True)


@pytest.mark.parametrize("suffix", [".json", ".nt"])
def test_the_dumps_carry_badges_reference_works_identifiers_images_and_aliases(tmp_path: Path, suffix: str) -> None:
    write = write_full if suffix == ".nt" else write_dump
    ref = build_from_dump(write(tmp_path / f"dump{suffix}"), tmp_path / "store", languages=["en", "hr"])
    wd, wdt = "<http://www.wikidata.org/entity/", "<http://www.wikidata.org/prop/direct/"
    badge = "<http://wikiba.se/ontology#badge>"
    alias = "<http://www.w3.org/2004/02/skos/core#altLabel>"
    kept = ("P1343>", "badge>", "altLabel>", "P213>", "P214>", "P227>", "P244>", "P268>", "P18>")
    evidence = {t for t in triples(ref) if any(k in t for k in kept)}
    assert evidence == {
        f"<https://fr.wikipedia.org/wiki/Cl%C3%A9o_l'Ancienne> {badge} {wd}Q17437796> .",
        f"<https://en.wikipedia.org/wiki/Cleo_Ancient> {badge} {wd}Q17437798> .",
        f"<https://en.wikipedia.org/wiki/Cleo_Ancient> {badge} {wd}Q70893996> .",
        f"{wd}Q13> {wdt}P1343> {wd}Q602358> .",
        f"{wd}Q13> {wdt}P1343> {wd}Q867541> .",
        f'{wd}Q13> {wdt}P214> "113230702" .',
        f'{wd}Q13> {wdt}P227> "118540238" .',
        f'{wd}Q13> {wdt}P213> "0000 0001 2144 6830" .',
        f"{wd}Q13> {wdt}P18> <http://commons.wikimedia.org/wiki/Special:FilePath/Cleo%20Ancient.jpg> .",
        f'{wd}Q13> {alias} "Kleo"@hr .',
        f'{wd}Q13> {alias} "Cleo the Elder"@en .',  # the German alias is not in the chosen languages
        f"{wd}Q12> {wdt}P1343> {wd}Q602358> .",
        f'{wd}Q12> {wdt}P244> "n79021164" .',  # Q13's deprecated P244 is no truthy statement
    }

"""CSV layout -> store -> figures equals an independent count over the CSV files; bad CSV is refused."""

import csv
import random
from collections import Counter, defaultdict
from pathlib import Path

import pytest

from gapkit.builders.from_csv import build_from_csv, direct_parents
from gapkit.errors import BadInput
from gapkit.figures.gender import gender_by_edition
from gapkit.model.metrics import share
from gapkit.model.tables import GROUP_VALUES
from gapkit.sources.resolve import open_store_endpoint
from gapkit.stores.export import ntriples_chunks
from gapkit.stores.ntriples import xsd_year
from gapkit.stores.store import Manifest

SITES = [
    ("enwiki", "wikipedia", "en", "https://en.wikipedia.org/"),
    ("hrwiki", "wikipedia", "hr", "https://hr.wikipedia.org/"),
    ("zh_yuewiki", "wikipedia", "zh-yue", "https://zh-yue.wikipedia.org/"),
    ("nowiki", "wikipedia", "no", "https://no.wikipedia.org/"),
    ("enwikiquote", "wikiquote", "", "https://en.wikiquote.org/"),
    ("commonswiki", "commons", "", "https://commons.wikimedia.org/"),
]
GENDERS = ["Q6581072", "Q6581097", "Q1052281", "Q2449503", "Q48270", ""]


def write(path: Path, header: list[str], rows: list[list[object]]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)


def make_csv_dir(directory: Path, seed: int, people: int = 60) -> None:
    """A random data set in the CSV layout, with every column the builder reads."""
    rng = random.Random(seed)
    directory.mkdir(parents=True, exist_ok=True)
    person_rows, sitelinks, citizenship, occupation = [], [], [], []
    for number in range(100, 100 + people):
        qid = f"Q{number}"
        year = rng.choice(["", "1900", "-469", "-1", "1985", "2001"])
        death = rng.choice(["", "", "1990"])
        person_rows.append([qid, rng.choice(GENDERS), "", year, 0, 0, 0, f"Person {number}", "", "", "", death])
        for site in rng.sample(SITES, rng.randint(0, len(SITES))):
            sitelinks.append([qid, site[0], site[1], site[2]])
        for country in rng.sample(["Q142", "Q30", "Q34266"], rng.randint(0, 2)):
            citizenship.append([qid, country])
        occupation.append([qid, "Q36180", rng.choice([0, 1])])
    write(
        directory / "people.csv",
        ["qid", "gender_qid", "gender_label", "birth_year", "sitelinks_denelezh", "wikipedia_sitelinks",
         "all_wikimedia_sitelinks", "label_en", "citizenship_qids", "occupation_qids",
         "occupation_most_specific_qids", "death_year"],
        person_rows,
    )  # fmt: skip
    write(directory / "person_sitelinks.csv", ["qid", "site", "project_type", "wikipedia_lang"], sitelinks)
    write(directory / "person_citizenship.csv", ["qid", "country_qid"], citizenship)
    write(directory / "person_occupation.csv", ["qid", "occupation_qid", "most_specific"], occupation)
    write(directory / "sites.csv", ["site", "project_type", "wikipedia_lang", "label_en", "url"],
          [[s[0], s[1], s[2], s[0], s[3]] for s in SITES])  # fmt: skip
    write(directory / "countries.csv", ["country_qid", "label_en", "label_fr"], [["Q142", "France", "France"]])
    write(directory / "occupations.csv", ["occupation_qid", "label_en"], [["Q36180", "writer"], ["Q1", ""]])
    write(directory / "occupation_parents.csv", ["occupation_qid", "parent_qid"], [["Q36180", "Q1"]])


def independent_gender_count(directory: Path) -> dict[tuple[str, str], tuple[int, float | None]]:
    """Gender groups per edition straight from the CSV files (one P21 value per person in this layout)."""
    groups = {qid: group for group, qids in GROUP_VALUES.items() for qid in qids}
    with open(directory / "people.csv", encoding="utf-8") as handle:
        gender = {r["qid"]: r["gender_qid"] for r in csv.DictReader(handle)}
    sites = {s[0]: s[2] for s in SITES if s[1] == "wikipedia"}
    members: dict[str, set[str]] = defaultdict(set)
    with open(directory / "person_sitelinks.csv", encoding="utf-8") as handle:
        for r in csv.DictReader(handle):
            if r["site"] in sites:
                members[sites[r["site"]]].add(r["qid"])
    expected = {}
    for edition, people in members.items():
        counts = Counter(("no_gender" if not gender[q] else groups.get(gender[q], "other")) for q in people)
        with_gender = len(people) - counts["no_gender"]
        for group in ("women", "men", "other", "no_gender"):
            expected[(edition, group)] = (
                counts[group],
                None if group == "no_gender" or with_gender == 0 else share(counts[group], with_gender),
            )
    return expected


def manifest() -> Manifest:
    return Manifest(source="test CSV", description="d", data_date="2026-01", synthetic=True, representative=False,
                    counts={})  # fmt: skip


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_csv_to_store_to_figure_equals_an_independent_count(tmp_path: Path, seed: int) -> None:
    make_csv_dir(tmp_path / "csv", seed)
    ref = build_from_csv(tmp_path / "csv", tmp_path / "store", manifest())
    figure = gender_by_edition(open_store_endpoint(ref), None)
    got = {
        (e, g): (p, None if s != s else s)
        for e, g, p, s in figure.frame[["edition", "gender", "people", "share"]].itertuples(index=False)
    }
    assert got == independent_gender_count(tmp_path / "csv")
    assert ref.manifest.counts["people"] == 60


def test_store_models_the_wikidata_query_service(tmp_path: Path) -> None:
    make_csv_dir(tmp_path / "csv", 7)
    ref = build_from_csv(tmp_path / "csv", tmp_path / "store", manifest())
    text = b"".join(ntriples_chunks(ref)).decode("utf-8")
    assert '<https://no.wikipedia.org/> <http://wikiba.se/ontology#wikiGroup> "wikipedia" .' in text
    assert '<http://schema.org/inLanguage> "nb" .' in text  # content language, not the host label "no"
    assert '<http://schema.org/inLanguage> "no" .' not in text
    assert "Special:GoToLinkedPage/nowiki/Q" in text  # titles are unknown in this layout: a stable article IRI
    wd, wdt = "<http://www.wikidata.org/entity/", "<http://www.wikidata.org/prop/direct/"
    assert f"{wd}Q36180> {wdt}P279> {wd}Q1> ." in text
    assert '"-0468-01-01T00:00:00Z"^^<http://www.w3.org/2001/XMLSchema#dateTime>' in text  # 469 BCE


def test_reduction_keeps_only_direct_superclasses() -> None:
    closure = {"a": {"b", "c", "d"}, "b": {"c", "d"}, "c": {"d"}, "x": {"d", "c"}}
    assert direct_parents(closure) == {"a": {"b"}, "b": {"c"}, "c": {"d"}, "x": {"c"}}


@pytest.mark.parametrize("year, text", [(1952, "1952"), (-469, "-0468"), (-1, "0000"), (5, "0005"), (-10000, "-9999")])
def test_historical_years_become_xsd_11_years(year: int, text: str) -> None:
    assert xsd_year(year) == text


@pytest.mark.parametrize(
    "damage, message",
    [
        (lambda d: (d / "people.csv").unlink(), "people.csv is missing"),
        (lambda d: (d / "people.csv").write_text("qid,label_en\nQ1,x\n"), "lacks the column"),
        (lambda d: (d / "people.csv").write_text((d / "people.csv").read_text().replace("Q100,", "X100,", 1)),
         "line 2"),
        (lambda d: (d / "person_sitelinks.csv").write_text("qid,site,project_type,wikipedia_lang\nQ100,xxwiki,w,x\n"),
         "not in sites.csv"),
        (lambda d: (d / "people.csv").write_bytes(b"\xff\xfe\x00bad"), "UTF-8"),
    ],
)  # fmt: skip
def test_malformed_csv_directories_are_refused_and_nothing_is_written(tmp_path: Path, damage, message) -> None:
    make_csv_dir(tmp_path / "csv", 3, people=5)
    damage(tmp_path / "csv")
    with pytest.raises(BadInput, match=message):
        build_from_csv(tmp_path / "csv", tmp_path / "store", manifest())
    assert not (tmp_path / "store").exists()
    assert [p.name for p in tmp_path.iterdir()] == ["csv"]  # no half-written temporary directory left


def test_an_existing_store_is_not_overwritten_without_replace(tmp_path: Path) -> None:
    make_csv_dir(tmp_path / "csv", 3, people=5)
    build_from_csv(tmp_path / "csv", tmp_path / "store", manifest())
    with pytest.raises(BadInput, match="already exists"):
        build_from_csv(tmp_path / "csv", tmp_path / "store", manifest())
    build_from_csv(tmp_path / "csv", tmp_path / "store", manifest(), replace=True)


def test_builds_are_reproducible(tmp_path: Path) -> None:
    # A DuckDB file is not byte-for-byte reproducible (its headers differ); what it holds is, in order.
    make_csv_dir(tmp_path / "csv", 3, people=20)
    one = build_from_csv(tmp_path / "csv", tmp_path / "a", manifest())
    two = build_from_csv(tmp_path / "csv", tmp_path / "b", manifest())
    assert list(ntriples_chunks(one)) == list(ntriples_chunks(two))
    assert one.manifest.counts == two.manifest.counts

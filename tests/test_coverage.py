"""Coverage and fix-up lists: exact rows on the fixture, binding that restricts, an independent count over CSV."""

import csv
from collections import defaultdict
from pathlib import Path

import pytest

from gapkit.builders.from_csv import build_from_csv
from gapkit.errors import BadInput
from gapkit.figures.base import run_query
from gapkit.figures.coverage import coverage_by_edition, missing_property
from gapkit.model.metrics import share
from gapkit.sources.resolve import open_store_endpoint
from tests.test_csv_import import SITES, make_csv_dir, manifest


def test_coverage_on_the_fixture(mini) -> None:
    # hr (6 people): Q15 lacks P21; Q14 lacks P27, P569 and P106; Q21's occupation has no label but is known.
    # fr (6): Q26 has only "unknown value" for P21 (not known) but two birth dates (known); Q24 lacks P106.
    figure = coverage_by_edition(mini, ["hr", "fr"])
    assert [tuple(r) for r in figure.frame.values] == [
        ("hr", "P21", 5, 6, 0.8333), ("hr", "P27", 5, 6, 0.8333), ("hr", "P569", 5, 6, 0.8333),
        ("hr", "P106", 5, 6, 0.8333),
        ("fr", "P21", 5, 6, 0.8333), ("fr", "P27", 6, 6, 1.0), ("fr", "P569", 6, 6, 1.0), ("fr", "P106", 5, 6, 0.8333),
    ]  # fmt: skip


def test_missing_lists_rank_by_articles_then_qid_number(mini) -> None:
    assert missing_property(mini, ["fr"], "P21").frame.values.tolist() == [["fr", "Q26", "Eli Unknown", 1]]
    # Q15 (no P21) has articles in en and hr: it appears in both blocks; editions largest first.
    assert missing_property(mini, None, "P21").frame.values.tolist() == [
        ["en", "Q15", "Dana Nogender", 2], ["fr", "Q26", "Eli Unknown", 1], ["hr", "Q15", "Dana Nogender", 2],
    ]  # fmt: skip
    assert missing_property(mini, ["hr"], "P27").frame.values.tolist() == [["hr", "Q14", "Li Si", 1]]  # mul label


def test_binding_restricts_coverage_and_missing(mini) -> None:
    everywhere, _ = run_query(mini, "biographies_with_property", site=None)
    yue, _ = run_query(mini, "biographies_with_property", site=["zh-yue"])
    assert int(everywhere.frame["known"].sum()) == 27 + 20 + 21 + 4 and yue.frame["known"].tolist() == [1, 1, 1]
    p27, _ = run_query(mini, "biographies_missing_property", site=None, property="P27")
    p21, _ = run_query(mini, "biographies_missing_property", site=None, property="P21")
    assert p27.frame["person"].tolist() == ["Q14"] and sorted(p21.frame["person"]) == ["Q15", "Q15", "Q26"]


@pytest.mark.parametrize("prop", ["P569", "P21 } UNION { ?s ?p ?o }", "Q5"])
def test_missing_refuses_other_properties(mini, prop: str) -> None:
    with pytest.raises(BadInput):
        missing_property(mini, ["en"], prop)


@pytest.mark.parametrize("seed", [10, 11])
def test_coverage_equals_an_independent_count_over_csv(tmp_path: Path, seed: int) -> None:
    make_csv_dir(tmp_path / "csv", seed)
    figure = coverage_by_edition(
        open_store_endpoint(build_from_csv(tmp_path / "csv", tmp_path / "s", manifest())), None
    )

    def read(name: str) -> list[dict[str, str]]:
        return list(csv.DictReader((tmp_path / "csv" / name).read_text(encoding="utf-8").splitlines()))

    people = read("people.csv")
    has = {
        "P21": {r["qid"] for r in people if r["gender_qid"]},
        "P27": {r["qid"] for r in read("person_citizenship.csv")},
        "P569": {r["qid"] for r in people if r["birth_year"]},
        "P106": {r["qid"] for r in read("person_occupation.csv") if r["most_specific"] == "1"},
    }
    wiki = {s[0]: s[2] for s in SITES if s[1] == "wikipedia"}
    members = defaultdict(set)
    for r in read("person_sitelinks.csv"):
        if r["site"] in wiki:
            members[wiki[r["site"]]].add(r["qid"])
    expected = {
        (e, p): (len(q & has[p]), len(q), share(len(q & has[p]), len(q))) for e, q in members.items() for p in has
    }
    assert {(e, p): (k, n, s) for e, p, k, n, s in figure.frame.values} == expected

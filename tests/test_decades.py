"""The birth-decade figure: historical years, BCE and disagreeing dates, and an independent count over CSV."""

import csv
from collections import defaultdict
from pathlib import Path

import pytest

from gapkit.builders.from_csv import build_from_csv
from gapkit.figures.base import run_query
from gapkit.figures.decades import decade_by_edition, decade_of
from gapkit.model.metrics import share
from gapkit.model.tables import group_table
from gapkit.sources.resolve import open_store_endpoint
from tests.test_csv_import import SITES, make_csv_dir, manifest


@pytest.mark.parametrize(
    "year, decade",
    [
        (1985, 1980),
        (1900, 1900),
        (-469, -470),
        (-1, -10),
        (-10, -10),
        (5, 0),
        (None, "unknown"),
        ("unknown", "unknown"),
    ],
)
def test_decade_of(year, decade) -> None:
    assert decade_of(year) == decade


def test_decades_on_the_fixture(mini) -> None:
    # fr: Q11 1900, Q13 469 BCE (-470), Q26 two birth years that disagree (unknown), Q19 1925, Q22 1 BCE (-10),
    # Q24 2001. Ascending, unknown last.
    figure = decade_by_edition(mini, ["fr"])
    assert [tuple(r) for r in figure.frame.values] == [
        ("fr", "-470", "all", 1, 0.1667),
        ("fr", "-10", "all", 1, 0.1667),
        ("fr", "1900", "all", 1, 0.1667),
        ("fr", "1920", "all", 1, 0.1667),
        ("fr", "2000", "all", 1, 0.1667),
        ("fr", "unknown", "all", 1, 0.1667),
    ]


def test_decades_by_gender_share_within_the_gender(mini) -> None:
    frame = decade_by_edition(mini, ["hr"], by_gender=True).frame
    shown = [tuple(r) for r in frame[frame["people"] > 0].values]
    # hr: women Q11 1900, Q21 1950; men Q19 1925; other Q14 (no date), Q18 1920; no_gender Q15 1990.
    assert shown == [
        ("hr", "1900", "women", 1, 0.5), ("hr", "1950", "women", 1, 0.5),
        ("hr", "1920", "men", 1, 1.0),
        ("hr", "1920", "other", 1, 0.5), ("hr", "unknown", "other", 1, 0.5),
        ("hr", "1990", "no_gender", 1, 1.0),
    ]  # fmt: skip
    assert len(frame) == 4 * 5  # every gender group x every decade found in hr


def test_binding_an_edition_changes_the_count(mini) -> None:
    everywhere, _ = run_query(mini, "biographies_by_birth_year", site=None, gender_groups=group_table())
    hr, _ = run_query(mini, "biographies_by_birth_year", site=["hr"], gender_groups=group_table())
    assert int(everywhere.frame["people"].sum()) == 20 and int(hr.frame["people"].sum()) == 6


@pytest.mark.parametrize("seed", [8, 9])
def test_decade_by_gender_equals_an_independent_count_over_csv(tmp_path: Path, seed: int) -> None:
    make_csv_dir(tmp_path / "csv", seed)
    figure = decade_by_edition(open_store_endpoint(build_from_csv(tmp_path / "csv", tmp_path / "s", manifest())),
                               None, by_gender=True)  # fmt: skip
    groups = {"Q6581072": "women", "Q1052281": "women", "Q6581097": "men", "Q2449503": "men"}
    people = list(csv.DictReader((tmp_path / "csv" / "people.csv").read_text(encoding="utf-8").splitlines()))
    gender = {r["qid"]: ("no_gender" if not r["gender_qid"] else groups.get(r["gender_qid"], "other")) for r in people}
    decade = {r["qid"]: str(decade_of(int(r["birth_year"])) if r["birth_year"] else "unknown") for r in people}
    wiki = {s[0]: s[2] for s in SITES if s[1] == "wikipedia"}
    members = defaultdict(set)
    for r in csv.DictReader((tmp_path / "csv" / "person_sitelinks.csv").read_text(encoding="utf-8").splitlines()):
        if r["site"] in wiki:
            members[wiki[r["site"]]].add(r["qid"])
    expected = {}
    for edition, qids in members.items():
        for group in ("women", "men", "other", "no_gender"):
            in_group = [q for q in qids if gender[q] == group]
            for d in {decade[q] for q in qids}:
                n = sum(1 for q in in_group if decade[q] == d)
                expected[(edition, d, group)] = (n, share(n, len(in_group)))
    got = {(e, d, g): (p, s) for e, d, g, p, s in figure.frame.values}
    assert set(got) == set(expected)
    assert {k: v for k, v in got.items() if v[0]} == {k: v for k, v in expected.items() if v[0]}

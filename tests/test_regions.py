"""The region figure: exact rows on the fixture, binding that restricts, and an independent count over CSV."""

import csv
from collections import defaultdict
from pathlib import Path

import pytest

from gapkit.builders.from_csv import build_from_csv
from gapkit.errors import BadInput
from gapkit.figures.base import run_query
from gapkit.figures.regions import region_by_edition
from gapkit.model.metrics import share
from gapkit.model.tables import REGIONS, group_table, region_table
from gapkit.sources.columnar import ColumnarEndpoint
from gapkit.sources.resolve import open_store_endpoint
from tests.test_csv_import import SITES, make_csv_dir, manifest


def nonzero(frame) -> list[tuple]:
    return [tuple(r) for r in frame[frame["people"] > 0][["edition", "region", "gender", "people", "share"]].values]


def test_regions_on_the_fixture(mini) -> None:
    # en: Q11 France, Q12 USA+France (two continents: counted in both), Q18 France+Germany (one continent:
    # counted once), Q15 and Q19 USA, Q22 Japan, Q13 Russian Empire only (historical: unmapped). Population 7.
    figure = region_by_edition(mini, ["en"])
    assert nonzero(figure.frame) == [
        ("en", "Q48", "all", 1, 0.1429),
        ("en", "Q46", "all", 3, 0.4286),
        ("en", "Q49", "all", 3, 0.4286),
        ("en", "unmapped", "all", 1, 0.1429),
    ]
    assert list(figure.frame["region"]) == list(REGIONS)  # zero rows kept, fixed order
    assert list(figure.frame.columns) == ["edition", "region", "region_label", "gender", "people", "share"]


def test_regions_by_gender_share_within_the_gender(mini) -> None:
    # fr: Q26 has Canada and the Russian Empire (historical plus modern: North America only) and no gender;
    # Q14 (hr) has no country at all.
    fr = region_by_edition(mini, ["fr"], by_gender=True)
    assert nonzero(fr.frame) == [
        ("fr", "Q46", "women", 1, 0.5),
        ("fr", "unmapped", "women", 1, 0.5),
        ("fr", "Q48", "men", 1, 0.3333),
        ("fr", "Q49", "men", 2, 0.6667),
        ("fr", "Q49", "no_gender", 1, 1.0),
    ]
    hr = region_by_edition(mini, ["hr"], by_gender=True)
    assert ("hr", "no_country", "other", 1, 0.5) in nonzero(hr.frame)
    assert ("hr", "unmapped", "women", 1, 0.5) in nonzero(hr.frame)  # Q21: Soviet Union


def test_binding_the_region_table_changes_the_counts(mini) -> None:
    """Dropping France from the bound table moves Q11 to unmapped: the table restricts what is counted."""
    full, _ = run_query(mini, "biographies_by_region", site=["en"], regions=region_table(), gender_groups=group_table())
    no_france = [row for row in region_table() if row[0] != "Q142"]
    if isinstance(mini, ColumnarEndpoint):  # regions decided at build time: another table is refused
        with pytest.raises(BadInput, match="shipped regions table"):
            run_query(mini, "biographies_by_region", site=["en"], regions=no_france, gender_groups=group_table())
        return
    cut, _ = run_query(mini, "biographies_by_region", site=["en"], regions=no_france, gender_groups=group_table())

    def by_region(result):
        totals = defaultdict(int)
        for region, people in zip(result.frame["region"], result.frame["people"], strict=True):
            totals[region] += int(people)
        return dict(totals)

    assert by_region(full) == {"Q46": 3, "Q49": 3, "Q48": 1, "unmapped": 1}
    assert by_region(cut) == {"Q46": 1, "Q49": 3, "Q48": 1, "unmapped": 2}


def test_bad_edition_is_refused(mini) -> None:
    with pytest.raises(BadInput):
        region_by_edition(mini, ["en> } ?s ?p ?o #"])


@pytest.mark.parametrize("seed", [4, 5])
def test_region_by_gender_equals_an_independent_count_over_csv(tmp_path: Path, seed: int) -> None:
    make_csv_dir(tmp_path / "csv", seed)
    figure = region_by_edition(open_store_endpoint(build_from_csv(tmp_path / "csv", tmp_path / "s", manifest())),
                               None, by_gender=True)  # fmt: skip
    continent = dict(region_table())
    groups = {"Q6581072": "women", "Q1052281": "women", "Q6581097": "men", "Q2449503": "men"}

    def read(name: str) -> list[dict[str, str]]:
        return list(csv.DictReader((tmp_path / "csv" / name).read_text(encoding="utf-8").splitlines()))

    gender = {r["qid"]: ("no_gender" if not r["gender_qid"] else groups.get(r["gender_qid"], "other"))
              for r in read("people.csv")}  # fmt: skip
    countries = defaultdict(set)
    for r in read("person_citizenship.csv"):
        countries[r["qid"]].add(r["country_qid"])
    wiki = {s[0]: s[2] for s in SITES if s[1] == "wikipedia"}
    members = defaultdict(set)
    for r in read("person_sitelinks.csv"):
        if r["site"] in wiki:
            members[wiki[r["site"]]].add(r["qid"])
    expected = {}
    for edition, people in members.items():
        for group in ("women", "men", "other", "no_gender"):
            in_group = [q for q in people if gender[q] == group]
            tally = defaultdict(int)
            for q in in_group:
                mapped = {continent[c] for c in countries[q] if c in continent}
                for region in mapped or ({"unmapped"} if countries[q] else {"no_country"}):
                    tally[region] += 1
            for region in REGIONS:
                expected[(edition, region, group)] = (tally[region], share(tally[region], len(in_group)))
    got = {
        (e, r, g): (p, s) for e, r, g, p, s in figure.frame[["edition", "region", "gender", "people", "share"]].values
    }
    assert {k: v for k, v in got.items() if v[0]} == {k: v for k, v in expected.items() if v[0]}
    assert set(got) == set(expected)

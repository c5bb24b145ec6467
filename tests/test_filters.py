"""Filters and baselines: exact people on the fixture for every filter, every figure, and refused input."""

import math
import re

import pytest

from gapkit.errors import BadInput
from gapkit.figures.coverage import coverage_by_edition, missing_property
from gapkit.figures.decades import decade_by_edition
from gapkit.figures.gender import gender_by_edition
from gapkit.figures.occupations import occupation_by_edition
from gapkit.figures.regions import region_by_edition
from gapkit.figures.worklist import build_worklist
from gapkit.model.filters import NO_FILTERS, make_filters
from gapkit.sources.query_files import load_query

# Fixture people with a Wikipedia article, by gender group (tests/fixtures/mini/data.ttl says why each is there).
GROUP = {
    "Q11": "women", "Q13": "women", "Q21": "women", "Q27": "women",
    "Q12": "men", "Q19": "men", "Q22": "men", "Q24": "men",
    "Q14": "other", "Q18": "other",
    "Q15": "no_gender", "Q26": "no_gender",
}  # fmt: skip


@pytest.mark.parametrize(
    "filters, people",
    [
        (dict(gender="women"), ("Q11", "Q13", "Q21", "Q27")),
        (dict(gender="no_gender"), ("Q15", "Q26")),
        # Europe: France or Germany; Q12 (USA and France) counts, once.
        (dict(region="Q46"), ("Q11", "Q12", "Q18")),
        # North America: USA or Canada; Q26 has Canada and the Russian Empire (historical plus modern).
        (dict(region="Q49"), ("Q12", "Q15", "Q19", "Q24", "Q26")),
        # Unmapped: countries, none mapped (Russian Empire; Soviet Union); Q26 is not, Canada maps.
        (dict(region="unmapped"), ("Q13", "Q21")),
        (dict(region="no_country"), ("Q14",)),
        (dict(country=["Q30"]), ("Q12", "Q15", "Q19")),
        (dict(country=["Q30", "Q17"]), ("Q12", "Q15", "Q19", "Q22", "Q27")),
        (dict(occupation=["Q36180"]), ("Q11", "Q13", "Q18")),
        # journalist (Q1930187) is a subclass of writer
        (dict(occupation=["Q36180"], narrower=True), ("Q11", "Q13", "Q18", "Q19")),
        # inclusive; Q26's two birth years disagree (unknown) and is left out
        (dict(born_from=1900, born_to=1950), ("Q11", "Q12", "Q18", "Q19", "Q21")),
        # historical years: 469 BCE and 1 BCE (XSD year 0)
        (dict(born_from=-500, born_to=-1), ("Q13", "Q22")),
        (dict(born_from=1980), ("Q15", "Q24", "Q27")),
        (dict(gender="women", born_from=1900, born_to=1950), ("Q11", "Q21")),
        (dict(gender="men", region="Q49", occupation=["Q1930187"]), ("Q19",)),
        # DESIGN.md "Living", in 2026: no date of death and born 1912 or later ...
        (dict(living="yes", this_year=2026), ("Q12", "Q15", "Q27", "Q18", "Q21", "Q24")),
        # ... a date of death (Q11, Q19) or born before 1912 ...
        (dict(living="no", this_year=2026), ("Q11", "Q13", "Q19", "Q22")),
        # ... and no date of death with no birth year, or two that disagree
        (dict(living="unknown", this_year=2026), ("Q14", "Q26")),
        (dict(living="yes", this_year=2100), ("Q15", "Q24")),  # born 1986 or later; Q27 (1985) not
    ],
)
def test_each_filter_keeps_exactly_its_people(mini, filters, people) -> None:
    figure = gender_by_edition(mini, list(EDITIONS_SHOWN), filters=make_filters(**filters))
    found = {(e, g): int(n) for e, g, n in figure.frame[["edition", "gender", "people"]].values if n}
    wanted: dict[tuple[str, str], int] = {}
    for qid in people:  # a person counts once in each edition with an article about them
        for code in EDITIONS[qid]:
            wanted[(code, GROUP[qid])] = wanted.get((code, GROUP[qid]), 0) + 1
    assert found == wanted


EDITIONS_SHOWN = ("en", "hr", "fr", "zh-yue")
EDITIONS = {
    "Q11": ("en", "hr", "fr"), "Q12": ("en",), "Q13": ("en", "fr"), "Q14": ("hr",), "Q15": ("en", "hr"),
    "Q26": ("fr",), "Q27": ("zh-yue",), "Q18": ("en", "hr"), "Q19": ("en", "hr", "fr"), "Q21": ("hr",),
    "Q22": ("en", "fr"), "Q24": ("fr",),
}  # fmt: skip


def test_the_pooled_baseline_counts_each_person_once(mini) -> None:
    figure = gender_by_edition(mini, ["en"], baseline="all")
    # en with gender data: women Q11 Q13, men Q12 Q19 Q22, other Q18 (6); all people: 4 women, 4 men, 2 other.
    rows = {g: (s, b, gap) for g, s, b, gap in figure.frame[["gender", "share", "baseline_share", "gap_pp"]].values}
    assert rows["women"] == (0.3333, 0.4, -6.67)
    assert rows["men"] == (0.5, 0.4, 10.0)
    assert rows["other"] == (0.1667, 0.2, -3.33)
    assert math.isnan(rows["no_gender"][1]) and math.isnan(rows["no_gender"][2])
    assert list(figure.frame.columns) == [
        "edition",
        "gender",
        "people",
        "share",
        "baseline",
        "baseline_share",
        "gap_pp",
    ]
    assert set(figure.frame["baseline"]) == {"all"}
    assert figure.scope["baseline"] == "all"
    assert any(re.search(r'\n\s*BIND\("all" AS \?site\)', q.text) for q in figure.queries)  # the pooled branch ran


def test_parity_and_edition_baselines(mini) -> None:
    parity = gender_by_edition(mini, ["en"], baseline="parity").frame.set_index("gender")
    assert parity.loc["women", "gap_pp"] == -16.67
    assert parity.loc["men", "gap_pp"] == 0.0
    assert math.isnan(parity.loc["other", "gap_pp"])  # parity says nothing about "other"
    hr = gender_by_edition(mini, ["en"], baseline="hr").frame.set_index("gender")
    # hr with gender data: women Q11 Q21, men Q19, other Q14 Q18 (5)
    assert (hr.loc["women", "baseline_share"], hr.loc["women", "gap_pp"]) == (0.4, -6.67)
    assert (hr.loc["men", "baseline_share"], hr.loc["men", "gap_pp"]) == (0.2, 30.0)


def test_baselines_on_the_other_figures(mini) -> None:
    region = region_by_edition(mini, ["en"], baseline="hr").frame.set_index("region")
    # hr population 6: Europe Q11 Q18 (2), North America Q15 Q19 (2), unmapped Q21, no_country Q14
    assert region.loc["Q46", ["share", "baseline_share", "gap_pp"]].tolist() == [0.4286, 0.3333, 9.53]
    assert region.loc["Q48", ["baseline_share", "gap_pp"]].tolist() == [0.0, 14.29]
    occupation = occupation_by_edition(mini, ["hr"], top=1, baseline="en").frame.set_index("occupation")
    # hr's top occupation is writer (Q11, Q18 of 6); en has writers Q11 Q13 Q18 of 7
    assert occupation.loc["Q36180", ["share", "baseline_share", "gap_pp"]].tolist() == [0.3333, 0.4286, -9.53]
    decade = decade_by_edition(mini, ["hr"], baseline="all").frame.set_index("decade")
    # 1950s: hr Q21 of 6; all people Q12 Q21 of 12
    assert decade.loc["1950", ["share", "baseline_share", "gap_pp"]].tolist() == [0.1667, 0.1667, 0.0]
    coverage = coverage_by_edition(mini, ["hr"], baseline="all").frame.set_index("property")
    # P27: hr 5 of 6 (not Q14); all 11 of 12 (not Q14)
    assert coverage.loc["P27", ["share", "baseline_share", "gap_pp"]].tolist() == [0.8333, 0.9167, -8.34]


def test_filters_reach_the_split_figures_and_lists(mini) -> None:
    women = make_filters(gender="women")
    region = region_by_edition(mini, ["en"], filters=women).frame
    assert dict(zip(region["region"], region["people"], strict=True)) == {
        "Q15": 0, "Q48": 0, "Q46": 1, "Q49": 0, "Q18": 0, "Q538": 0, "Q51": 0, "unmapped": 1, "no_country": 0,
    }  # fmt: skip
    assert region_by_edition(mini, ["en"], filters=women).scope["gender"] == "women"
    decade = decade_by_edition(mini, ["hr"], filters=make_filters(born_from=1900, born_to=1949)).frame
    assert dict(zip(decade["decade"], decade["people"], strict=True)) == {"1900": 1, "1920": 2}
    missing = missing_property(mini, ["en", "hr"], "P21", filters=make_filters(region="Q49")).frame
    assert list(missing["qid"]) == ["Q15", "Q15"]
    worklist = build_worklist(mini, "hr", filters=make_filters(gender="men"))
    assert list(worklist.frame["qid"]) == ["Q22", "Q12", "Q24"]
    assert worklist.total == 3
    living = build_worklist(mini, "hr", filters=make_filters(living="yes", this_year=2026), this_year=2026)
    assert list(living.frame["qid"]) == ["Q12", "Q24", "Q27"]  # one article each: QID number order
    assert list(living.frame["maybe_living"]) == [True, True, True]
    not_living = build_worklist(mini, "hr", filters=make_filters(living="no", this_year=2026), this_year=2026)
    assert list(not_living.frame["qid"]) == ["Q13", "Q22"]
    assert not any(not_living.frame["maybe_living"])


def test_absent_filters_leave_no_trace_in_the_bound_query(mini) -> None:
    bound = gender_by_edition(mini, ["hr"]).queries[0].text
    text = "\n".join(line for line in bound.split("\n") if not line.startswith("#"))  # the header documents all
    assert "gender_filter" not in text and "P279*" not in text and "born_filter" not in text
    assert "#@" not in text
    assert NO_FILTERS.params() == {} and NO_FILTERS.describe() == ""
    narrow = make_filters(occupation=["Q36180"], narrower=True)
    text = gender_by_edition(mini, ["hr"], filters=narrow).queries[0].text
    assert (
        "wdt:P279* ?occupation_tree_filter" in text
        and "VALUES ?occupation_tree_filter { <http://www.wikidata.org/entity/Q36180> }" in text
    )


@pytest.mark.parametrize(
    "kwargs, message",
    [
        (dict(gender="female"), "not a gender group"),
        (dict(region="Europe"), "not a region"),
        (dict(region="Q46 } ; DROP ALL"), "not a region"),
        (dict(country=["Q30 } UNION {"]), "Q"),
        (dict(occupation=["writer"]), "Q"),
        (dict(born_from="1950", born_to="1900"), "backwards"),
        (dict(born_from="0"), "year"),
        (dict(born_from='1900") } #'), "year"),
    ],
)
def test_bad_filters_are_refused_in_one_sentence(kwargs, message) -> None:
    with pytest.raises(BadInput, match=message):
        make_filters(**kwargs)


def test_bad_baselines_are_refused(mini) -> None:
    with pytest.raises(BadInput, match="gender shares only"):
        region_by_edition(mini, ["en"], baseline="parity")
    with pytest.raises(BadInput):
        gender_by_edition(mini, ["en"], baseline="xx-nonsense")


def test_every_figure_query_takes_the_same_filters() -> None:
    names = ["biographies_by_" + n for n in ("gender", "gender_value", "region", "birth_year", "occupation")]
    names += ["biographies_with_property", "biographies_missing_property", "worklist_candidates", "worklist_total"]
    wanted = set(NO_FILTERS.__class__(gender="women").params()) | {"born_filter", "occupation_tree_filter"}
    for name in names:
        assert wanted <= set(load_query(name).params), name

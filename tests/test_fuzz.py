"""Fuzzing: no value a person can type (CLI option, page parameter) changes a query's structure."""

import re

import pyoxigraph
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

from gapkit.errors import BadInput
from gapkit.figures.base import edition_codes
from gapkit.figures.baselines import parse_baseline
from gapkit.model.filters import make_filters
from gapkit.sources.query_files import load_query
from gapkit.sources.resolve import resolve

FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True)
ATTACKS = ["Q1 } ; DROP ALL ; {", 'women" } UNION { ?s ?p ?o', "en\\u003e", "en>", "Q42\x00", "\u202eQ5",
           "../../etc/passwd", "1900) } #", "-0", "Q" + "9" * 40, "x" * 5000, "hr\n#", "Q46 ", "parity\r"]  # fmt: skip
NASTY = st.one_of(st.text(max_size=60), st.sampled_from(ATTACKS))
FIGURE_QUERY = load_query("biographies_by_gender")
EMPTY = pyoxigraph.Store()


def structure(text: str) -> str:
    """The query with every bound term replaced: what must not change whatever a person typed."""
    text = re.sub(r"<[^<>\s]*>", "<IRI>", text)
    text = re.sub(r'"(?:[^"\\]|\\.)*"(\^\^<IRI>|@[a-z-]+)?', '"LIT"', text)
    return re.sub(r"\s+", " ", text)


def bound(**filters: object) -> str:
    return FIGURE_QUERY.bind(site=["hr"], gender_groups=[("Q6581072", "women")], regions=[("Q142", "Q46")], **filters)


@seed(20261125)
@FUZZ
@given(gender=NASTY, region=NASTY, country=NASTY, occupation=NASTY, born=NASTY, living=NASTY)
def test_filters_from_any_text_are_refused_or_leave_the_structure(gender, region, country, occupation, born, living):
    for kwargs in ({"gender": gender}, {"region": region}, {"country": [country]}, {"occupation": [occupation]},
                   {"born_from": born}, {"living": living}):  # fmt: skip
        try:
            filters = make_filters(**kwargs)
        except BadInput:
            continue
        text = bound(**filters.params())
        reference = bound(**make_filters(**_benign(kwargs)).params()) if filters.active else bound()
        assert structure(text) == structure(reference)
        EMPTY.query(text)  # still one well-formed query


def _benign(kwargs: dict) -> dict:
    name = next(iter(kwargs))
    return {name: {"gender": "women", "region": "Q46", "country": ["Q1"], "occupation": ["Q1"], "born_from": 1,
                   "living": "yes"}[name]}  # fmt: skip


@seed(20261125)
@FUZZ
@given(value=NASTY)
def test_editions_baselines_and_source_names_from_any_text(value) -> None:
    for check in (lambda: edition_codes([value]), lambda: parse_baseline(value, parity=True), lambda: resolve(value)):
        try:
            check()  # a value or one sentence (BadInput); never another exception
        except BadInput:
            continue
    try:
        codes = edition_codes([value])
    except BadInput:
        return
    tables = {"gender_groups": [("Q1", "women")], "regions": [("Q1", "Q46")]}
    assert structure(FIGURE_QUERY.bind(site=codes, **tables)) == structure(FIGURE_QUERY.bind(site=["hr"], **tables))


def test_the_structure_check_sees_a_real_difference() -> None:
    assert structure(bound()) != structure(bound(gender_filter=["women"]))
    assert structure(bound(gender_filter=["women"])) == structure(bound(gender_filter=["men"]))

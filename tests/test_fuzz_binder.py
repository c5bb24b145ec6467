"""Fuzzing the binder: any text for any parameter of any query file is refused or leaves the query's structure."""

import re

import pyoxigraph
import pytest
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

from gapkit.errors import BadInput
from gapkit.sources.query_files import QUERIES_DIR, Param, QueryFile, load_query

FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True)
ATTACKS = ['x" } ; DROP ALL ; { "', "Q1> } UNION { ?s ?p ?o } #", "hr\\u003e", "Q42\x00", "\u202eQ5", "P21>",
           "1900) } #", "-0", "1e3", " 7 ", "Q" + "9" * 40, "x" * 5000, "en\n#", "women\r", "<http://e/>"]  # fmt: skip
NASTY = st.one_of(st.text(max_size=60), st.sampled_from(ATTACKS))
BENIGN = {"edition": "hr", "qid": "Q5", "property": "P21", "language": "hr", "year": 1900, "integer": 5,
          "token": "women"}  # fmt: skip
NAMES = sorted(p.stem for p in QUERIES_DIR.glob("*.rq"))
EMPTY = pyoxigraph.Store()


def benign(param: Param) -> object:
    """A value every parameter accepts, by kind."""
    value = BENIGN[param.types[0]]
    if param.kind in ("list", "optional"):
        return [value]
    if param.kind == "range":
        return (value, value)
    if param.kind == "limit":
        return 5
    if param.kind == "table":
        return [tuple(BENIGN[t] for t in param.types)]
    if param.kind == "flag":
        return True
    return value


def fuzzed(param: Param, text: str, column: int = 0) -> object:
    """The benign value with the typed text in one place (one cell, one end of a range)."""
    if param.kind in ("list", "optional"):
        return [text]
    if param.kind == "range":
        return (text, None)
    if param.kind == "table":
        row = [BENIGN[t] for t in param.types]
        row[column] = text
        return [tuple(row)]
    return text


def structure(text: str) -> str:
    """The query with every bound term (IRIs, literals, the LIMIT number) replaced by a placeholder."""
    text = re.sub(r"<[^<>\s]*>", "<IRI>", text)
    text = re.sub(r'"(?:[^"\\]|\\.)*"(\^\^<IRI>|@[a-zA-Z0-9-]+)?', '"LIT"', text)
    text = re.sub(r"\bLIMIT \d+", "LIMIT N", text)
    return re.sub(r"\s+", " ", text)


def every_place(query: QueryFile) -> list[tuple[str, int]]:
    return [(name, col) for name, p in query.params.items() if p.kind != "flag" for col in range(len(p.types))]


@pytest.mark.parametrize("name", NAMES)
@seed(20261125)
@FUZZ
@given(text=NASTY)
def test_any_text_in_any_parameter_is_refused_or_only_a_term(name: str, text: str) -> None:
    query = load_query(name)
    values = {pname: benign(p) for pname, p in query.params.items()}
    reference = structure(query.bind(**values))
    for pname, column in every_place(query):
        param = query.params[pname]
        if param.kind == "range":  # a range binds one FILTER per given end: compare like with like
            reference_here = structure(query.bind(**{**values, pname: (benign(param)[0], None)}))
        else:
            reference_here = reference
        try:
            bound = query.bind(**{**values, pname: fuzzed(param, text, column)})
        except BadInput:
            continue  # refused with one sentence (QueryParameterError is a BadInput)
        assert structure(bound) == reference_here, (pname, text)
        EMPTY.query(bound)  # still one well-formed query


def test_every_query_file_has_something_to_fuzz() -> None:
    assert len(NAMES) >= 20
    assert sum(len(every_place(load_query(n))) for n in NAMES) >= 40

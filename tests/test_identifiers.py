"""Accept/refuse tables for identifiers at the edge."""

import pytest

from gapkit.errors import BadInput
from gapkit.model.identifiers import parse_int, parse_qid, parse_safe_name, parse_year, qid_number


@pytest.mark.parametrize(
    "text, accepted",
    [
        ("Q42", True),
        ("Q1", True),
        ("Q0", False),  # QIDs never start with 0
        ("Q042", False),  # nor carry leading zeros
        ("q42", False),  # case matters in Wikidata ids
        ("wd:Q42", False),  # prefixes are the binder's job
        ("Q42 ", False),  # no surrounding space
        ("Q5 } UNION { ?s ?p ?o }", False),  # injection attempt
        ("Q42\n", False),  # a newline would end a comment line in SPARQL
        ("P21", False),  # a property is not an item
        ("", False),
    ],
)
def test_parse_qid(text: str, accepted: bool) -> None:
    if accepted:
        assert parse_qid(text) == text
    else:
        with pytest.raises(BadInput):
            parse_qid(text)


@pytest.mark.parametrize(
    "value, expected",
    [
        ("1952", 1952),
        ("-469", -469),  # 469 BCE, historical numbering
        (-1, -1),  # 1 BCE
        (" 1900 ", 1900),  # surrounding spaces are harmless for a number
        ("0", None),  # there is no year 0
        ("1e3", None),
        ("1900; DROP", None),
        ("10000", None),  # beyond Wikidata's precision range for years we handle
        (True, None),  # a bool is not a year
    ],
)
def test_parse_year(value: object, expected: int | None) -> None:
    if expected is None:
        with pytest.raises(BadInput):
            parse_year(value)
    else:
        assert parse_year(value) == expected


def test_qid_number_orders_numerically() -> None:
    assert sorted(["Q10", "Q9", "Q100"], key=qid_number) == ["Q9", "Q10", "Q100"]


def test_parse_int_bounds() -> None:
    assert parse_int("500", "The limit", 1, 10_000) == 500
    with pytest.raises(BadInput, match="between 1 and 10,000"):
        parse_int("10001", "The limit", 1, 10_000)
    with pytest.raises(BadInput):
        parse_int("-5", "The limit", 1, 10_000)


@pytest.mark.parametrize("name, ok", [("hr-2026", True), ("../etc", False), (".", False), ("a/b", False), ("", False)])
def test_safe_names(name: str, ok: bool) -> None:
    if ok:
        assert parse_safe_name(name) == name
    else:
        with pytest.raises(BadInput):
            parse_safe_name(name)

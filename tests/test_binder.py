"""The query-file binder: header contract, markers, accept/refuse table, and binding that really restricts."""

import re

import pyoxigraph
import pytest

from gapkit.errors import BadInput, QueryParameterError
from gapkit.sources.query_files import load_query, parse_query, qlever_link, query_names, wdqs_link

HEADER = """# name:    demo
# purpose: a demo
# param:   site     edition   optional   editions
# param:   person   qid       one        a person
# param:   born     year      range      birth years
# param:   top      integer   limit      how many
# param:   groups   qid,token table      value,group   value -> group
# returns: site, n
SELECT ?site (COUNT(?person) AS ?n) WHERE {
  #@site
  #@person
  #@groups
  #@begin born
  ?person <http://example.org/born> ?born .
  #@born
  #@end born
  ?a <http://schema.org/about> ?person ; <http://schema.org/isPartOf> ?site .
  OPTIONAL { ?person <http://example.org/g> ?value . ?value <http://example.org/x> ?group . }
}
GROUP BY ?site
#@top
"""


def demo():
    return parse_query("demo", HEADER)


def test_binding_writes_rdf_terms_at_the_markers() -> None:
    text = demo().bind(site=["hr", "en"], person="Q42", born=(-469, 1900), top=10, groups=[("Q6581072", "women")])
    assert "VALUES ?site { <https://hr.wikipedia.org/> <https://en.wikipedia.org/> }" in text
    assert "VALUES ?person { <http://www.wikidata.org/entity/Q42> }" in text
    assert 'VALUES (?value ?group) { (<http://www.wikidata.org/entity/Q6581072> "women") }' in text
    assert 'FILTER(?born >= "-469"^^<http://www.w3.org/2001/XMLSchema#integer>' in text
    assert text.rstrip().endswith("LIMIT 10")
    pyoxigraph.Store().query(text)  # the bound text is valid SPARQL


def test_absent_optional_parameters_remove_their_block() -> None:
    text = demo().bind(person="Q42", top=5, groups=[("Q1", "men")])
    assert "?site {" not in text and "example.org/born" not in text
    assert "#@" not in text
    pyoxigraph.Store().query(text)


@pytest.mark.parametrize(
    "values, error",
    [
        # every value is validated against its type; refused values never reach the text
        ({"site": ["en> } ?s ?p ?o #"]}, BadInput),  # injection attempt through an edition code
        ({"site": ["en\\u003e"]}, BadInput),  # a SPARQL unicode escape spelled out in the input
        ({"site": ["xx"]}, BadInput),  # well-formed but not a Wikipedia edition
        ({"site": "en"}, QueryParameterError),  # a list parameter given a bare string
        ({"person": "Q5 } UNION { ?s ?p ?o }"}, BadInput),  # injection attempt through a QID
        ({"person": "Q42", "extra": "x"}, QueryParameterError),  # undeclared parameter
        ({"person": None}, QueryParameterError),  # a required value missing
        ({"born": (1900, 1800)}, BadInput),  # a range that ends before it starts
        ({"born": ("1900 OR 1=1", None)}, BadInput),  # not a year
        ({"top": 0}, BadInput),  # limits are 1..10,000
        ({"top": 10_001}, BadInput),
        ({"groups": [("Q1", 'women" } ?s ?p ?o #')]}, BadInput),  # tokens are lower-case names only
        ({"groups": [("Q1",)]}, QueryParameterError),  # a table row with the wrong arity
        ({"groups": []}, QueryParameterError),  # a table needs rows
    ],
)
def test_binder_refuses(values: dict, error: type[Exception]) -> None:
    base = {"person": "Q42", "top": 5, "groups": [("Q1", "men")]}
    with pytest.raises(error):
        demo().bind(**{**base, **values})


def test_literal_values_are_escaped_by_the_term_type() -> None:
    # A language literal is validated first; even so the term type is what writes it.
    query = parse_query(
        "lang",
        "# name: lang\n# purpose: p\n# param: language language one x\n# returns: s\n"
        "SELECT ?s WHERE {\n  #@language\n  ?s ?p ?language .\n}\n",
    )
    assert 'VALUES ?language { "hr" }' in query.bind(language="hr")
    with pytest.raises(BadInput):
        query.bind(language='hr" } ?s ?p ?o #')


@pytest.mark.parametrize(
    "broken, message",
    [
        (HEADER.replace("# name:    demo", "# name:    other"), "must say"),
        (HEADER.replace("  #@person\n", ""), "exactly one"),
        (HEADER.replace("  #@site\n", "  #@site\n  #@site\n"), "exactly one"),
        (HEADER + "#@nobody\n", "no param line"),
        (HEADER.replace("# returns: site, n", "# returns: site, missing"), "does not project"),
        (HEADER.replace("optional   editions", "sometimes  editions"), "bad param"),
    ],
)
def test_broken_headers_are_refused(broken: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_query("demo", broken)


@pytest.mark.parametrize("name", query_names())
def test_every_query_file_header_agrees_with_its_body(name: str) -> None:
    """Each shipped file parses: declared params have one marker and are used; returns are projected."""
    query = load_query(name)
    assert query.purpose and query.returns
    for param in query.params.values():
        if param.kind == "limit":
            continue
        # the marker (a flag: its block) sits inside a group pattern, never after the final GROUP BY
        marker = f"#@begin {param.name}\n" if param.kind == "flag" else f"#@{param.name}\n"
        before_marker = query.text.split(marker, 1)[0]
        assert before_marker.count("{") > before_marker.count("}"), f"{name}: #@{param.name} outside the WHERE"


def test_no_sparql_outside_queries() -> None:
    """SPARQL lives only in queries/: no gapkit module spells a SELECT or WHERE clause."""
    from pathlib import Path

    for path in (Path(__file__).parents[1] / "gapkit").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"\bSELECT\s+(\?|DISTINCT|\()", text), f"SPARQL in {path.name}"
        assert "WHERE {" not in text, f"SPARQL in {path.name}"


def test_unknown_query_file() -> None:
    with pytest.raises(QueryParameterError):
        load_query("../secrets")


def test_links_percent_encode_the_whole_query() -> None:
    text = "SELECT ?x WHERE { ?x ?p 'a#b&c' }"
    assert wdqs_link(text).startswith("https://query.wikidata.org/#SELECT%20%3Fx")
    assert "#" not in wdqs_link(text).split("#", 1)[1]
    assert "&" not in qlever_link(text).split("?query=", 1)[1]

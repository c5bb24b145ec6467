"""The two local engines: every query file used locally has a SQL twin with the same contract, twins bind only
validated values as prepared-statement parameters, and the label chain holds on both engines."""

import ast
import re
from pathlib import Path

import pytest

from gapkit.errors import BadInput, QueryParameterError
from gapkit.model.tables import group_table, region_table
from gapkit.sources.query_files import (
    SQL_DIR,
    check_sql_twin,
    expand_includes,
    expand_sql_includes,
    load_query,
    load_sql_twin,
    query_names,
    sql_twin_names,
)

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = {"gender_groups": group_table(), "regions": region_table()}  # run_query adds these
# Where a query file runs on a store: figures, fix-up lists, worklists, events, the benchmark's pandas twin
# (a harvest and `editions refresh` read SPARQL endpoints: their files run on the sparql engine only).
LOCAL_USERS = ("gapkit/figures", "gapkit/events", "gapkit/outputs", "bench")


def used_locally() -> set[str]:
    """Query file names spelled in the modules that run query files on a store."""
    names = set(query_names())
    found: set[str] = set()
    for folder in LOCAL_USERS:
        for path in (ROOT / folder).glob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value in names:
                    found.add(node.value)
    return found


def test_every_query_file_used_locally_has_a_twin_and_every_twin_a_query_file() -> None:
    assert used_locally() == set(sql_twin_names())
    named = {"worklist_listeria", "event_articles", "biographies_missing_property", "biographies_crosstab"}
    assert named <= used_locally()


@pytest.mark.parametrize("name", sql_twin_names())
def test_every_twin_keeps_its_query_files_contract(name: str) -> None:
    text = load_sql_twin(name)  # checked: header, returns, parameters and their use
    assert "--@include" not in text and re.search(r"^\s*--\s*returns:", text, flags=re.M)


def _twin(body: str, name: str = "edition_sizes") -> None:
    text, specs = expand_sql_includes(name, body)
    check_sql_twin(load_query(name), text, specs)


@pytest.mark.parametrize(
    "body, message",
    [
        ("-- name:    other\n-- purpose: x\n-- returns: site, people\nSELECT 1", "header needs"),
        ("-- name:    edition_sizes\n-- purpose: x\n-- returns: site\nSELECT 1", "returns site, unlike"),
        ("-- name:    edition_sizes\n-- purpose: x\n-- returns: site, people\nSELECT $site", "is not a parameter"),
        (
            "-- name:    edition_sizes\n-- purpose: x\n-- param:   site edition optional x\n-- returns: site, people\n",
            "parameters differ",
        ),
        ("-- name:    edition_sizes\n-- purpose: x\n-- returns: site, people\n--@include nothing\n", "no fragment"),
    ],
)
def test_broken_twins_are_refused(body: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        _twin(body)


def test_fragments_include_fragments_and_the_partition_follows_the_nested_filters(tmp_path: Path) -> None:
    # candidate_population includes person_filters: the partition range must land after them, where they are
    (tmp_path / "outer.rq").write_text(
        "# fragment: outer\n# param:    site edition optional x\n?a ?b ?site .\n#@include inner\n"
    )
    (tmp_path / "inner.rq").write_text("# fragment: inner\n#@site\n")
    (tmp_path / "partition.rq").write_text("# fragment: partition\nBIND(1 AS ?partition)\n")
    text = "# name: q\n# partition: after inner\nSELECT * WHERE {\n  #@include outer\n}"
    assert expand_includes("q", text, tmp_path).split("\n") == [
        "# name: q", "# param:   site edition optional x", "# partition: after inner", "SELECT * WHERE {",
        "  ?a ?b ?site .", "  #@site", "  BIND(1 AS ?partition)", "}",
    ]  # fmt: skip
    (tmp_path / "outer.sql").write_text(
        "-- fragment: outer\n-- param:    site edition optional x\nWHERE TRUE\n  --@include inner\n"
    )
    (tmp_path / "inner.sql").write_text("-- fragment: inner\nAND $site\n")
    assert expand_sql_includes("q", "SELECT 1\n--@include outer", tmp_path) == (
        "SELECT 1\nWHERE TRUE\n  AND $site",
        ["site edition optional x"],
    )
    (tmp_path / "inner.sql").write_text("-- fragment: inner\n--@include outer\n")  # a cycle: one sentence
    with pytest.raises(ValueError, match="include each other more than 4 deep"):
        expand_sql_includes("q", "--@include outer", tmp_path)


def test_a_twin_must_use_each_parameter() -> None:
    body = (SQL_DIR / "event_articles.sql").read_text(encoding="utf-8").replace("$target", "'x'")
    with pytest.raises(ValueError, match="never used as \\$target"):
        _twin(body, "event_articles")


def test_values_reach_the_twin_only_as_parameters() -> None:
    query = load_query("worklist_candidates")
    chosen = {"target": "hr", "min_articles": 2, "source": ["fr", "en", "fr"], "top": 7, "gender_filter": ["women"]}
    bound = query.bind_sql(**chosen, **SHIPPED)
    assert bound.params == {
        "target": "https://hr.wikipedia.org/", "min_articles": 2, "source": ["https://fr.wikipedia.org/",
        "https://en.wikipedia.org/"], "top": 7, "gender_filter": ["women"],
    }  # fmt: skip
    # the values are nowhere in the text; the absent filters' blocks are gone
    assert "hr.wikipedia" not in bound.text and "women" not in bound.text and "--@" not in bound.text
    assert "$occupation_filter" not in bound.text and "$source" in bound.text
    years = load_query("biographies_by_gender").bind_sql(site=None, born_filter=(-469, None), **SHIPPED)
    assert years.params == {"born_filter_from": -469, "born_filter_to": None}
    assert "$site" not in years.text  # every edition: the block is gone


@pytest.mark.parametrize(
    "values, error",
    [
        ({"site": ["en') OR TRUE --"]}, BadInput),  # an injection attempt through an edition code
        ({"country_filter": ["Q1; DROP TABLE people"]}, BadInput),
        ({"gender_filter": ["women' OR '1'='1"]}, BadInput),
        ({"born_filter": (1900, 1800)}, BadInput),
        ({"nonsense": 1}, QueryParameterError),
    ],
)
def test_the_sql_binder_refuses_what_the_sparql_binder_refuses(values: dict, error: type[Exception]) -> None:
    with pytest.raises(error):
        load_query("biographies_by_gender").bind_sql(**SHIPPED, **values)


def test_the_queries_page_shows_the_sql_that_ran_beside_the_sparql_definition(monkeypatch) -> None:
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    from tests.conftest import FIXTURE_STORE

    monkeypatch.delenv("GAPKIT_CONFIG", raising=False)
    monkeypatch.setenv("GAPKIT_STORE", str(FIXTURE_STORE))
    monkeypatch.chdir(ROOT)
    st.cache_data.clear()
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.switch_page("pages/regions.py")
    at.query_params.update({"editions": "hr", "gender": "women"})  # a filter
    at.run()
    at.switch_page("pages/queries.py").run()
    assert not at.exception
    codes = [c.value for c in at.code]
    assert any("SELECT ?site ?region" in c for c in codes)  # the definition, with its WDQS and QLever links
    assert any("person_regions" in c and "$gender_filter" in c for c in codes)  # its twin, as it ran
    shown = [frame for frame in (d.value for d in at.dataframe) if "parameter" in frame]
    assert any("$gender_filter" in list(frame["parameter"]) for frame in shown)

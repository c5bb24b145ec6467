"""The house rules hold on gapkit/, and the checker catches each kind of breach."""

from tests.conftest import ROOT
from tests.layering import check_module, check_package


def test_gapkit_keeps_the_house_rules() -> None:
    assert check_package(ROOT / "gapkit") == []


def test_an_upward_import_is_caught() -> None:
    problems = check_module("gapkit.model.metrics", "from gapkit.figures.gender import gender_label\n")
    assert len(problems) == 1 and "higher layer" in problems[0]


def test_a_plain_upward_package_import_is_caught() -> None:
    assert check_module("gapkit.stores.store", "from gapkit import cached\n")


def test_a_downward_import_is_allowed() -> None:
    assert check_module("gapkit.figures.gender", "from gapkit.model import metrics\nimport pandas\n") == []


def test_streamlit_outside_the_cache_module_is_caught() -> None:
    problems = check_module("gapkit.outputs.charts", "import streamlit as st\n")
    assert problems and "only gapkit/cached.py" in problems[0]
    assert check_module("gapkit.cached", "import streamlit as st\n") == []


def test_query_text_in_python_is_caught() -> None:
    sparql = 'TEXT = "SELECT ?person WHERE { ?person ?p ?o }"\n'
    sql = 'TEXT = "select edition, count(*) from articles group by edition"\n'
    prefix = 'TEXT = "PREFIX wd: <http://www.wikidata.org/entity/>"\n'
    for source in (sparql, sql, prefix):
        assert check_module("gapkit.sources.remote", source), source


def test_a_docstring_may_name_sparql() -> None:
    source = '"""Runs SELECT ?x WHERE { ... } text from queries/."""\n'
    assert check_module("gapkit.sources.remote", source) == []


def test_no_function_in_gapkit_is_longer_than_sixty_lines() -> None:
    import ast

    long = []
    for path in sorted((ROOT / "gapkit").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.end_lineno - node.lineno >= 60:
                long.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.name} ({node.end_lineno - node.lineno + 1})")
    assert long == []


def test_no_fmt_skip_in_the_library_the_app_or_the_pages() -> None:
    found = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in [*(ROOT / "gapkit").rglob("*.py"), ROOT / "ui.py", ROOT / "app.py", *(ROOT / "pages").glob("*.py")]
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if "fmt: skip" in line
    ]
    assert found == []

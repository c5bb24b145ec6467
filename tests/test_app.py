"""The app in AppTest: pages render offline, deep links restore the view, errors read as one sentence."""

import ast
from pathlib import Path

import pandas as pd
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from tests.conftest import FIXTURE_STORE, ROOT

APP = str(ROOT / "app.py")


@pytest.fixture(autouse=True)
def fresh_caches(monkeypatch):
    monkeypatch.delenv("GAPKIT_STORE", raising=False)
    monkeypatch.delenv("GAPKIT_CONFIG", raising=False)
    monkeypatch.chdir(ROOT)
    st.cache_data.clear()
    st.cache_resource.clear()
    yield
    st.cache_data.clear()


def test_overview_renders_on_the_bundled_sample_with_its_notice() -> None:
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    assert at.title[0].value == "Gender gap across Wikipedia editions"
    assert any("NOT representative" in w.value for w in at.warning)
    assert at.multiselect(key="editions").value[:3] == ["en", "de", "fr"]  # the largest editions in the data
    table = at.dataframe[0].value
    assert table.iloc[0].to_dict() == {"edition": "en", "gender": "women", "people": 27, "share": 7.85}
    assert at.get("vega_lite_chart")


def test_overview_on_the_fixture_store(monkeypatch) -> None:
    monkeypatch.setenv("GAPKIT_STORE", str(FIXTURE_STORE))
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    assert at.multiselect(key="editions").value == ["en", "fr", "hr", "zh-yue"]
    assert any("Test fixture" in w.value for w in at.warning)


def test_deep_link_restores_editions_and_grouping() -> None:
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["editions"] = "hr,cy"
    at.query_params["grouping"] = "raw"
    at.run()
    assert not at.exception
    assert at.multiselect(key="editions").value == ["hr", "cy"]
    assert at.radio(key="grouping").value == "raw"
    assert list(at.dataframe[0].value["gender"])[:2] == ["Q6581097", "Q6581072"]


def test_changing_the_scope_is_written_back_to_the_url() -> None:
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.multiselect(key="editions").set_value(["sw", "yo"]).run()
    assert at.query_params["editions"] == ["sw,yo"] or at.query_params["editions"] == "sw,yo"


def test_unknown_source_name_is_one_sentence_and_the_page_still_works() -> None:
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["source"] = "/etc/passwd"
    at.run()
    assert not at.exception
    assert "is not a configured data source" in at.sidebar.error[0].value
    assert at.dataframe  # falls back to the default source


def test_a_damaged_store_shows_one_sentence(monkeypatch, tmp_path: Path) -> None:
    (tmp_path / "manifest.json").write_text("{broken")
    monkeypatch.setenv("GAPKIT_STORE", str(tmp_path))
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    assert at.error[0].value.startswith("The manifest of the store at")


def test_regions_page_renders_and_restores_its_deep_link() -> None:
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.switch_page("pages/regions.py")
    at.query_params["editions"] = "hr"
    at.query_params["by_gender"] = "1"
    at.run()
    assert not at.exception
    assert at.title[0].value == "Biographies by region of citizenship"
    assert at.multiselect(key="editions").value == ["hr"] and at.toggle(key="by_gender").value is True
    table = at.dataframe[0].value
    assert set(table["gender"]) == {"women", "men", "other", "no_gender"}
    assert at.get("vega_lite_chart")


def test_regions_page_on_the_fixture(monkeypatch) -> None:
    monkeypatch.setenv("GAPKIT_STORE", str(FIXTURE_STORE))
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.switch_page("pages/regions.py")
    at.query_params["editions"] = "en"
    at.run()
    assert not at.exception
    table = at.dataframe[0].value
    assert table[table["people"] > 0][["region", "people"]].values.tolist() == [
        ["Q48", 1], ["Q46", 3], ["Q49", 3], ["unmapped", 1],
    ]  # fmt: skip


@pytest.mark.parametrize("store", [None, FIXTURE_STORE])
@pytest.mark.parametrize(
    "page, title",
    [("pages/edition.py", "Edition profile"), ("pages/quality.py", "Data quality"),
     ("pages/queries.py", "Queries & data"), ("pages/regions.py", "Biographies by region of citizenship")],
)  # fmt: skip
def test_every_page_renders_on_the_sample_and_the_fixture(monkeypatch, page: str, title: str, store) -> None:
    if store:
        monkeypatch.setenv("GAPKIT_STORE", str(store))
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.switch_page(page).run()
    assert not at.exception
    assert at.title[0].value == title
    assert not at.error


def test_edition_profile_deep_link_restores_its_widgets() -> None:
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.switch_page("pages/edition.py")
    at.query_params.update({"edition": "hr", "by_gender": "0", "top": "5"})
    at.run()
    assert not at.exception
    assert at.selectbox(key="edition").value == "hr" and at.toggle(key="by_gender").value is False
    assert at.slider(key="top").value == 5
    assert len(at.get("vega_lite_chart")) == 3
    occupations = at.dataframe[1].value
    assert len(occupations) == 6 and set(occupations["gender"]) == {"all"}  # top 5 + no_occupation


def test_a_failing_figure_leaves_the_others_on_the_page(monkeypatch) -> None:
    from dataclasses import replace

    from gapkit.errors import SourceError
    from gapkit.figures import registry

    def broken(*args, **kwargs):
        raise SourceError("The endpoint did not answer in time.")

    monkeypatch.setitem(registry.specs(), "region", replace(registry.spec_of("region"), function=broken))
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.switch_page("pages/edition.py").run()
    assert not at.exception
    assert [e.value for e in at.error] == ["The endpoint did not answer in time."]
    assert len(at.get("vega_lite_chart")) == 2  # occupations and decades still drawn


def test_quality_page_lists_people_lacking_citizenship_with_links(monkeypatch) -> None:
    monkeypatch.setenv("GAPKIT_STORE", str(FIXTURE_STORE))
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.switch_page("pages/quality.py")
    at.query_params["editions"] = "hr"
    at.run()
    at.radio(key="property").set_value("P27").run()
    table = at.dataframe[1].value
    assert table[["qid", "wikidata"]].values.tolist() == [["Q14", "https://www.wikidata.org/wiki/Q14"]]


def test_queries_page_shows_the_bound_queries_with_links() -> None:
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.switch_page("pages/queries.py").run()
    assert not at.exception
    assert any("SELECT ?site ?gender" in c.value for c in at.code)
    assert any("biographies_by_gender" in e.label for e in at.expander)
    # How the last figures were made: one sentence and a table per figure, per query file (#15)
    assert any(m.value.startswith("Biographies by gender: ") and "none split" in m.value for m in at.markdown)
    made = at.dataframe[0].value
    assert list(made.columns) == ["query", "parts", "requests", "ran out of time", "seconds"]
    assert "biographies_by_gender" in set(made["query"]) and set(made["parts"]) == {1}


def test_worklist_page_deep_link_lists_candidates_with_every_export(monkeypatch) -> None:
    monkeypatch.setenv("GAPKIT_STORE", str(FIXTURE_STORE))
    at = AppTest.from_file(APP, default_timeout=60)
    at.switch_page("pages/worklist.py")
    at.query_params.update({"edition": "zh-yue", "sources": "hr,fr", "limit": "3"})
    at.run()
    assert not at.exception
    assert at.radio(key="mode").value == "sources" and at.multiselect(key="sources").value == ["hr", "fr"]
    assert at.metric[0].value == "10"
    assert at.dataframe[0].value["qid"].tolist() == ["Q11", "Q19", "Q13"]
    assert [b.label for b in at.get("download_button")] == ["CSV", "XLSX", "WIKITEXT", "Wikidata list", "JSON"]


def displayed_cells(element: object) -> list[list[str]]:
    """The text each cell of an st.dataframe shows: its value, or for a missing value the element's placeholder
    (Streamlit draws "None" when none is set)."""
    shown = element.proto.placeholder if element.proto.HasField("placeholder") else "None"
    frame = element.value
    return [[shown if pd.isna(cell) else str(cell) for cell in row] for row in frame.itertuples(index=False)]


def test_worklist_table_shows_an_unknown_birth_year_as_an_empty_cell(monkeypatch, tmp_path: Path) -> None:
    """Q26 has no birth year: its cell is empty on the page (as in the CSV), never "None"; so is every other
    missing cell of the worklist and of a saved event's table (#16)."""
    config = tmp_path / "gapkit.toml"
    config.write_text(f'events_dir = "{tmp_path / "events"}"\n')
    monkeypatch.setenv("GAPKIT_CONFIG", str(config))
    monkeypatch.setenv("GAPKIT_STORE", str(FIXTURE_STORE))
    at = AppTest.from_file(APP, default_timeout=60)
    at.switch_page("pages/worklist.py")
    at.query_params["edition"] = "hr"
    at.run()
    at.text_input(key="event_name").set_value("blank").run()
    at.button(key="event_save").click().run()
    assert not at.exception
    cells = displayed_cells(at.dataframe[0])
    columns = list(at.dataframe[0].value.columns)
    years = {row[0]: row[columns.index("birth_year")] for row in cells}
    assert years == {"Q13": "-469", "Q22": "-1", "Q12": "1950", "Q24": "2001", "Q26": "", "Q27": "1985"}
    for table in at.dataframe:
        assert [cell for row in displayed_cells(table) for cell in row if cell in ("None", "nan", "<NA>")] == []


@pytest.mark.parametrize(
    "page, params, missing",
    [
        ("pages/overview.py", {"editions": "hr,en"}, True),
        ("pages/edition.py", {"edition": "hr", "baseline": "en"}, True),
        ("pages/regions.py", {"editions": "hr,en", "by_gender": "1"}, True),
        ("pages/crosstab.py", {"editions": "hr,en", "rows": "occupation", "columns": "region"}, True),
        ("pages/quality.py", {"editions": "hr,en"}, False),
    ],
)
def test_no_table_on_a_figure_page_shows_none(monkeypatch, page: str, params: dict, missing: bool) -> None:
    """A missing value (the no_gender row's share, a cross-tab cell with nobody with gender data) is an empty cell
    in every table of every figure page, never "None" (#16)."""
    monkeypatch.setenv("GAPKIT_STORE", str(FIXTURE_STORE))
    at = AppTest.from_file(APP, default_timeout=60)
    at.switch_page(page)
    at.query_params.update(params)
    at.run()
    assert not at.exception and len(at.dataframe) > 0
    cells = {n: displayed_cells(table) for n, table in enumerate(at.dataframe)}
    assert any("" in row for rows in cells.values() for row in rows) == missing  # the fixture has one here
    assert {n: [c for row in rows for c in row if c in ("None", "nan", "<NA>")] for n, rows in cells.items()} == {
        n: [] for n in cells
    }


def test_worklist_page_on_the_bundled_sample() -> None:
    at = AppTest.from_file(APP, default_timeout=60)
    at.switch_page("pages/worklist.py")
    at.query_params["edition"] = "hr"
    at.run()
    assert not at.exception
    assert at.dataframe[0].value.iloc[0]["qid"] == "Q400"  # most articles elsewhere first


def test_only_the_cache_module_imports_streamlit() -> None:
    """The library stays testable without Streamlit: one small module of cache wrappers may import it."""
    importers = []
    for path in sorted((ROOT / "gapkit").glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            names += [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            if any(n == "streamlit" or n.startswith("streamlit.") for n in names):
                importers.append(path.name)
    assert sorted(set(importers)) == ["cached.py"]


def test_wikidata_text_is_never_rendered_as_markdown_or_html() -> None:
    for path in [ROOT / "app.py", ROOT / "ui.py", *sorted((ROOT / "pages").glob("*.py"))]:
        assert "unsafe_allow_html" not in path.read_text(encoding="utf-8"), path.name


def test_sidebar_filters_and_baseline_come_from_the_url_and_reach_the_figure(monkeypatch) -> None:
    monkeypatch.setenv("GAPKIT_STORE", str(FIXTURE_STORE))
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params.update({"editions": "en,hr", "region": "Q46", "baseline": "parity"})
    at.run()
    assert not at.exception
    assert at.selectbox(key="scope_region").value == "Q46" and at.selectbox(key="scope_baseline").value == "parity"
    table = at.dataframe[0].value
    # Europe: en Q11 (women), Q12 (men), Q18 (other); hr Q11, Q18
    assert table[["edition", "gender", "people", "gap_pp"]].head(2).values.tolist() == [
        ["en", "women", 1, -16.67],
        ["en", "men", 1, -16.67],
    ]
    assert any("Filters: region Europe." in c.value for c in at.caption)
    labels = [b.label for b in at.get("download_button")]
    assert labels == ["Download CSV", "Download PNG", "Download SVG"]
    at.selectbox(key="scope_gender").set_value("women").run()
    assert at.query_params["gender"] in ("women", ["women"])
    assert at.dataframe[0].value["people"].tolist()[:2] == [1, 0]


def test_a_malformed_filter_in_the_url_is_one_sentence(monkeypatch) -> None:
    monkeypatch.setenv("GAPKIT_STORE", str(FIXTURE_STORE))
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params.update({"born_from": "1950", "born_to": "1900"})
    at.run()
    assert not at.exception
    assert [e.value for e in at.error] == ["The birth years run backwards (1950 is after 1900). Fix it in the sidebar."]


def test_filters_that_match_nobody_say_why(monkeypatch) -> None:
    monkeypatch.setenv("GAPKIT_STORE", str(FIXTURE_STORE))
    at = AppTest.from_file(APP, default_timeout=60)
    at.switch_page("pages/regions.py")
    at.query_params.update({"editions": "zh-yue", "gender": "men"})
    at.run()
    assert not at.exception
    assert any("No people match these filters" in i.value for i in at.info)


def test_the_edition_profile_shows_gaps_against_another_edition(monkeypatch) -> None:
    monkeypatch.setenv("GAPKIT_STORE", str(FIXTURE_STORE))
    at = AppTest.from_file(APP, default_timeout=60)
    at.switch_page("pages/edition.py")
    at.query_params.update({"edition": "en", "baseline": "hr", "by_gender": "0"})
    at.run()
    assert not at.exception
    regions = at.dataframe[0].value.set_index("region")
    assert regions.loc["Q46", ["people", "share", "baseline_share", "gap_pp"]].tolist() == [3, 42.86, 33.33, 9.53]


def test_worklist_page_filters_and_event_tracking(monkeypatch, tmp_path: Path) -> None:
    config = tmp_path / "gapkit.toml"
    config.write_text(f'events_dir = "{tmp_path / "events"}"\n')
    monkeypatch.setenv("GAPKIT_CONFIG", str(config))
    monkeypatch.setenv("GAPKIT_STORE", str(FIXTURE_STORE))
    at = AppTest.from_file(APP, default_timeout=60)
    at.switch_page("pages/worklist.py")
    at.query_params.update({"edition": "hr", "gender": "men"})
    at.run()
    assert at.dataframe[0].value["qid"].tolist() == ["Q22", "Q12", "Q24"]
    at.text_input(key="event_name").set_value("launch").run()
    at.button(key="event_save").click().run()
    assert not at.exception
    assert [s.value for s in at.success] == ["Saved 3 people as event launch."]
    assert (tmp_path / "events" / "launch.json").is_file()
    assert at.selectbox(key="event_chosen").value == "launch"
    assert any("no change, same data" in t.value for t in at.text)
    assert at.dataframe[1].value["status"].tolist() == ["still_missing"] * 3
    assert len(at.get("vega_lite_chart")) == 1  # the before/after chart


def test_a_remote_endpoint_in_the_app_with_partitions_and_offline(monkeypatch, tmp_path: Path) -> None:
    from tests.servers import FaultProxy, OxigraphServer
    from tests.test_remote import settings_for

    server = OxigraphServer(FIXTURE_STORE / "data.ttl")
    proxy = FaultProxy(server.url)
    try:
        _, config = settings_for(tmp_path, {"loopback": proxy.url})
        monkeypatch.setenv("GAPKIT_CONFIG", str(config))
        proxy.slow = True  # every gender aggregate "times out" unless partitioned
        at = AppTest.from_file(APP, default_timeout=120)
        at.query_params.update({"source": "loopback", "editions": "hr,en"})
        at.run()
        assert not at.exception and not at.error
        assert at.dataframe[0].value[["edition", "gender", "people"]].head(2).values.tolist() == [
            ["hr", "women", 2],
            ["hr", "men", 1],
        ]
        assert any("10 partitions" in c.value for c in at.caption)
        assert at.query_params["source"] in ("loopback", ["loopback"])
        assert at.toggle(key="offline").value is False
        server.stop()  # the endpoint goes away: offline (the sidebar switch, kept in the URL) shows what was fetched
        offline = AppTest.from_file(APP, default_timeout=120)
        offline.query_params.update({"source": "loopback", "editions": "hr,en", "offline": "1"})
        offline.run()
        assert not offline.exception and not offline.error
        assert offline.toggle(key="offline").value is True
        assert offline.dataframe[0].value["people"].tolist()[:2] == [2, 1]
        assert any("Offline: answers come only from the cache." in i.value for i in offline.info)
    finally:
        proxy.stop()
        server.stop()


def hostile_store(tmp_path: Path) -> Path:
    """A store whose people are named as an adversary would name them (#14)."""
    import csv

    from gapkit.builders.from_csv import build_from_csv
    from tests.test_csv_import import make_csv_dir, manifest

    make_csv_dir(tmp_path / "csv", seed=1)
    people = tmp_path / "csv" / "people.csv"
    with open(people, encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    hostile = ["v\x0btab", "\x0cfeed", "=1+1", "bare\rCR", "\tTAB", "x" * 100_000]
    for number, row in enumerate(rows[1:]):
        row[7] = hostile[number % len(hostile)]
    with open(people, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    build_from_csv(tmp_path / "csv", tmp_path / "store", manifest())
    return tmp_path / "store"


def test_worklist_page_exports_hostile_labels(monkeypatch, tmp_path: Path) -> None:
    """\\x0b in a label once crashed the XLSX export and with it the whole page."""
    monkeypatch.setenv("GAPKIT_STORE", str(hostile_store(tmp_path)))
    at = AppTest.from_file(APP, default_timeout=60)
    at.switch_page("pages/worklist.py")
    at.query_params["edition"] = "no"
    at.run()
    assert not at.exception and not at.warning[1:]  # the store's own notice only
    assert [b.label for b in at.get("download_button")] == ["CSV", "XLSX", "WIKITEXT", "Wikidata list", "JSON"]


def test_an_export_that_cannot_be_built_is_one_sentence(monkeypatch) -> None:
    import dataclasses

    from gapkit.outputs import registry

    def broken(worklist: object) -> bytes:
        raise ValueError("broken on purpose")

    monkeypatch.setitem(
        registry.WORKLIST_FORMATS, "xlsx", dataclasses.replace(registry.WORKLIST_FORMATS["xlsx"], writer=broken)
    )
    monkeypatch.setenv("GAPKIT_STORE", str(FIXTURE_STORE))
    at = AppTest.from_file(APP, default_timeout=60)
    at.switch_page("pages/worklist.py")
    at.query_params["edition"] = "hr"
    at.run()
    assert not at.exception
    assert [b.label for b in at.get("download_button")] == ["CSV", "WIKITEXT", "Wikidata list", "JSON"]
    assert "The XLSX export could not be built (ValueError)." in [w.value for w in at.warning]

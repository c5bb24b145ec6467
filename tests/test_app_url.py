"""URL state in AppTest: every parameter of every page is checked, and a value a page cannot use is named (#16)."""

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as strategy
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT

APP = str(ROOT / "app.py")
SIDEBAR = ["source", "offline", "gender", "region", "country", "occupation", "narrower", "born_from", "born_to",
           "living", "baseline"]  # fmt: skip
PAGES = {
    "pages/overview.py": ["editions", "grouping"],
    "pages/edition.py": ["edition", "editions", "by_gender", "top"],
    "pages/regions.py": ["editions", "by_gender", "map"],
    "pages/crosstab.py": ["editions", "rows", "columns", "top"],
    "pages/worklist.py": ["edition", "editions", "sources", "k", "limit", "rank"],
    "pages/quality.py": ["editions"],
    "pages/queries.py": [],
}
# What a page writes back for a value it uses silently because it is the default (the URL then drops it).
DEFAULTS = {"by_gender": {"0", "1"}, "top": {"15"}, "k": {"1"}, "limit": {"500"}, "grouping": {"groups"},
            "offline": {"0"}, "narrower": {"0", "1"}, "source": {"local"}, "rank": {"articles"}}  # fmt: skip
# Values people and adversaries type: malformed and out-of-range numbers, unknown codes, valid ones, markup.
VALUES = ["abc", "1e3", "-1", "-5", "0", "1" * 21, "1000000000", "5", "15", "50", "3", "klingon", "hr", "en",
          "zh-yue", "hr,en", "hr,klingon", "1", "yes", "women", "other", "Q46", "Q142", "Q0", "parity", "all",
          "raw", "1950", "<b>x</b>", "x" * 300, " ", "\u202ehr", "Q1 } UNION {",
          "region", "period", "country", "occupation", "evidence"]  # fmt: skip


pytestmark = pytest.mark.usefixtures("app_on_fixture")


FIRST_RUN: dict[int, list[str]] = {}  # sentences of the router's run, per AppTest


def run_page(page: str, params: dict[str, str]) -> AppTest:
    """The page opened from a link carrying `params`. AppTest runs a switched-to page's script alone, without
    app.py's sidebar, so the app runs first with the link (the sidebar reads source and offline then)."""
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params.update(params)
    at.run()
    if page != "pages/overview.py":
        FIRST_RUN[id(at)] = own_sentences(at) if not at.exception else []
        at.switch_page(page)
        at.query_params.clear()
        at.query_params.update(params)
        at.run()
    return at


def own_sentences(at: AppTest) -> list[str]:
    """Every warning, error and info sentence of the last run, on the page and in its sidebar."""
    return [e.value for e in [*at.warning, *at.error, *at.info, *at.sidebar.error, *at.sidebar.warning]]


def sentences(at: AppTest) -> list[str]:
    """Every sentence the link's runs showed."""
    return FIRST_RUN.pop(id(at), []) + own_sentences(at)


def url_value(at: AppTest, name: str) -> str | None:
    """A parameter as the page left it in the URL."""
    value = at.query_params.get(name)
    return value[0] if isinstance(value, list) else value


def named(text: str, name: str, value: str) -> bool:
    """Whether a sentence names the parameter or (a start of) its value."""
    parts = [value.strip()[:20], *(part[:20] for part in re.split(r"[\s,;]+", value) if part)]
    return name in text or any(part and (part in text or repr(part)[1:-1] in text) for part in parts)


@pytest.mark.parametrize("page", sorted(PAGES))
@settings(max_examples=60, derandomize=True, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])  # fmt: skip
@given(data=strategy.data())
def test_url_fuzz_every_parameter_is_used_or_named(page: str, data) -> None:
    """Any link opens the page without a traceback; a value the page did not keep is named in a sentence."""
    names = [*PAGES[page], *SIDEBAR, "stray_name"]
    chosen = data.draw(strategy.lists(strategy.sampled_from(names), min_size=1, max_size=4, unique=True))
    params = {name: data.draw(strategy.sampled_from(VALUES) | strategy.text(max_size=12)) for name in chosen}
    params = {name: value for name, value in params.items() if value.strip()}  # blank: no parameter
    at = run_page(page, params)
    assert not at.exception, params
    said = sentences(at)
    for name, value in params.items():
        kept = url_value(at, name) in (value, value.strip(), ",".join(value.split()))
        if kept or value in DEFAULTS.get(name, ()):
            continue
        assert any(named(text, name, value) for text in said), (name, value, said)


@pytest.mark.parametrize(
    "page, params, sentence",
    [
        ("pages/worklist.py", {"edition": "hr", "limit": "1000000000"},
         "The link's limit='1000000000' cannot be used here; it must be a whole number from 1 to 10,000; "
         "showing 500 instead."),
        ("pages/worklist.py", {"edition": "hr", "k": "-5"},
         "The link's k='-5' cannot be used here; it must be a whole number from 1 to 10,000; showing 1 instead."),
        ("pages/worklist.py", {"edition": "hr", "k": "abc"},
         "The link's k='abc' cannot be used here; it must be a whole number from 1 to 10,000; showing 1 instead."),
        ("pages/worklist.py", {"edition": "hr", "rank": "pageviews"},
         "The link's rank='pageviews' cannot be used here; showing articles instead."),
        ("pages/edition.py", {"edition": "hr", "top": "lots"},
         "The link's top='lots' cannot be used here; it must be a whole number from 5 to 50; showing 15 instead."),
        ("pages/edition.py", {"edition": "hr", "top": "1" * 21},
         f"The link's top={'1' * 21!r} cannot be used here; it must be a whole number from 5 to 50; "
         "showing 15 instead."),
        ("pages/overview.py", {"grouping": "binary"}, "The link's grouping='binary' cannot be used here; "
         "showing groups instead."),
        ("pages/overview.py", {"gender": "female"}, "The link's gender='female' cannot be used here; "
         "showing any instead."),
        ("pages/overview.py", {"baseline": "klingon"}, "The link's baseline='klingon' cannot be used here; "
         "showing nothing instead."),
        ("pages/regions.py", {"by_gender": "true"}, "The link's by_gender='true' cannot be used here; "
         "showing it off instead."),
        ("pages/overview.py", {"editions": "hr,klingon"}, "The link's editions names 'klingon', which this data "
         "cannot use here; left out."),
        ("pages/overview.py", {"edtions": "hr"}, "This page has no setting 'edtions' (from the link); ignored."),
    ],
)  # fmt: skip
def test_a_value_the_page_cannot_use_is_named_with_what_it_used(page: str, params: dict, sentence: str) -> None:
    at = run_page(page, params)
    assert not at.exception
    assert sentence in [w.value for w in at.warning]


def test_the_replacement_values_are_what_the_page_shows() -> None:
    at = run_page("pages/worklist.py", {"edition": "hr", "limit": "1000000000", "k": "0"})
    assert at.number_input(key="limit").value == 500 and at.number_input(key="k").value == 1
    assert at.dataframe[0].value["qid"].tolist()[:1] == ["Q13"]
    at = run_page("pages/overview.py", {"editions": "hr", "grouping": "binary", "living": "maybe"})
    assert at.radio(key="grouping").value == "groups" and at.selectbox(key="scope_living").value == ""
    assert at.multiselect(key="editions").value == ["hr"]


def test_the_rank_control_follows_the_link_and_ranks_by_evidence() -> None:
    at = run_page("pages/worklist.py", {"edition": "hr", "rank": "evidence", "limit": "3"})
    assert not at.exception and at.radio(key="rank").value == "evidence" and url_value(at, "rank") == "evidence"
    frame = at.dataframe[0].value
    assert frame["qid"].tolist() == ["Q13", "Q12", "Q22"] and frame["why"].tolist()[1] == (
        "1 article; 1 reference work; 1 authority ID"
    )
    at.radio(key="rank").set_value("articles").run()
    assert at.dataframe[0].value["qid"].tolist() == ["Q13", "Q22", "Q12"] and url_value(at, "rank") is None


@pytest.mark.parametrize("page", ["pages/worklist.py", "pages/edition.py"])
def test_an_unknown_edition_builds_nothing_until_one_is_picked(page: str) -> None:
    at = run_page(page, {"edition": "klingon"})
    assert not at.exception
    assert "The link's edition 'klingon' has no biographies in this data; pick an edition below." in [
        w.value for w in at.warning
    ]
    assert at.selectbox(key="edition").value is None
    assert not at.dataframe and not at.get("download_button") and not at.get("vega_lite_chart")
    at.selectbox(key="edition").set_value("hr").run()
    assert not at.exception and at.dataframe and at.get("download_button")
    assert url_value(at, "edition") == "hr"


def test_offline_with_an_empty_cache_is_one_plain_sentence(monkeypatch, tmp_path: Path) -> None:
    from tests.test_remote import settings_for

    # Offline nothing is sent, so the address is never contacted (port 9 is discard).
    _, config = settings_for(tmp_path, {"loopback": "http://127.0.0.1:9/sparql"})
    monkeypatch.setenv("GAPKIT_CONFIG", str(config))
    for page in PAGES:
        at = run_page(page, {"source": "loopback", "offline": "1"})
        assert not at.exception
        if page == "pages/queries.py":
            continue  # lists queries; it runs none
        assert [e.value for e in at.error] == [
            "Offline, and this view was never fetched from loopback: switch off Offline in the sidebar to fetch it."
        ], page
        assert not at.get("progress")
        assert [i.value for i in at.info] == ["Offline: answers come only from the cache."]  # not "No biographies"


def test_event_messages_speak_of_the_page_controls_and_show_no_paths(monkeypatch, tmp_path: Path) -> None:
    events = tmp_path / "events"
    config = tmp_path / "gapkit.toml"
    config.write_text(f'events_dir = "{events}"\n')
    monkeypatch.setenv("GAPKIT_CONFIG", str(config))
    at = run_page("pages/worklist.py", {"edition": "hr"})
    at.text_input(key="event_name").set_value("launch").run()
    at.button(key="event_save").click().run()
    at.button(key="event_save").click().run()
    assert not at.exception
    assert [e.value for e in at.error] == [
        "An event named launch already exists in the events folder; type another name under Event name."
    ]
    (events / "launch.json").write_text("{not json")
    at.run()
    assert [e.value for e in at.error] == ["The event file for launch is damaged: it is not JSON."]
    assert not any(str(tmp_path) in text for text in sentences(at))


@pytest.mark.parametrize(
    "page, params, metrics",
    [
        ("pages/overview.py", {"editions": "hr,en"},
         [("Croatian Wikipedia: biographies with gender data about women", "40.0 %", "-10.0 points to parity"),
          ("English Wikipedia: biographies with gender data about women", "33.3 %", "-16.7 points to parity")]),
        ("pages/overview.py", {"editions": "hr", "baseline": "en"},
         [("Croatian Wikipedia: biographies with gender data about women", "40.0 %",
           "+6.7 points to English Wikipedia")]),
        ("pages/edition.py", {"edition": "hr", "baseline": "all"},
         [("Croatian Wikipedia: biographies with gender data about women", "40.0 %",
           "+0.0 points to all people in the data")]),
        ("pages/regions.py", {"editions": "en"},
         [("English Wikipedia: biographies with gender data about women", "33.3 %", "-16.7 points to parity")]),
        ("pages/crosstab.py", {"editions": "hr,en", "baseline": "parity"},
         [("Croatian Wikipedia: biographies with gender data about women", "40.0 %", "-10.0 points to parity"),
          ("English Wikipedia: biographies with gender data about women", "33.3 %", "-16.7 points to parity")]),
        ("pages/crosstab.py", {"editions": "en", "baseline": "hr", "rows": "period", "columns": "region"},
         [("English Wikipedia: biographies with gender data about women", "33.3 %",
           "-6.7 points to Croatian Wikipedia")]),
    ],
)  # fmt: skip
def test_each_figure_page_heads_with_the_share_of_women_and_its_gap(page: str, params: dict, metrics: list) -> None:
    """On the fixture: hr 2 women of 5 with gender data, en 2 of 6."""
    at = run_page(page, params)
    assert not at.exception
    assert [(m.label, m.value, m.delta) for m in at.metric] == metrics


def test_tables_show_percentages_with_no_value_left_empty() -> None:
    at = run_page("pages/overview.py", {"editions": "hr"})
    table = at.dataframe[0].value
    assert table["share"].round(2).tolist()[:3] == [40.0, 20.0, 40.0]  # 2, 1 and 2 of 5 with gender data
    assert table.loc[table["gender"] == "no_gender", "share"].isna().all()  # drawn as an empty cell (na_rep)

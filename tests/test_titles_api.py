"""The existing-page check against an edition's MediaWiki API: the documented answer shape, exact rows on the
fixture and the sample (50 titles a request), politeness (User-Agent, maxlag, Retry-After, the cache), and
every failure one sentence with nothing exported as checked. A loopback stand-in plays the API."""

import json
from pathlib import Path

import pandas as pd
import pytest

from gapkit.builders.from_rdf import build_from_rdf
from gapkit.errors import BadInput, NotInCache, SourceError
from gapkit.figures.existing_pages import NOTE, check_titles_api, check_titles_file
from gapkit.figures.worklist import build_worklist
from gapkit.model.editions import load_editions
from gapkit.model.settings import load_settings
from gapkit.sources.answers import BadAnswer
from gapkit.sources.politeness import Politeness
from gapkit.sources.resolve import open_store_endpoint
from gapkit.sources.titles import API_BATCH, ApiRefusal, TitlesApi, api_url, parse_titles_answer, read_titles
from tests.cli_helpers import gapkit
from tests.conftest import FIXTURE_STORE
from tests.servers import MediaWikiStandIn
from tests.test_columnar import MANIFEST

FIXTURES = Path(__file__).parent / "fixtures"
ANSWER = FIXTURES / "mediawiki" / "query_titles.json"
DUMP = FIXTURES / "titles" / "hrwiki-mini-all-titles-in-ns0"
ASKED = ["cleo_Ancient", "Nobody Here", "ada Primjer", "A[b]"]
# As the dump check gives them (tests/test_existing_pages.py), but for Q12: a label holding "|" cannot be asked.
API_EXPECTED = [
    ["Q13", "Cleo Ancient", "Cleo Ancient", NOTE],
    ["Q22", "Kai Nula", "Kai Zero", NOTE],
    ["Q12", "Bob | Pipe {{x}} [[y]]", "", ""],
    ["Q24", "Maks", "", ""],
    ["Q26", "Eli Unknown", "", ""],
    ["Q27", "Fumi Example", "", ""],
]
WORKLIST = ("worklist", "--edition", "hr", "--store", str(FIXTURE_STORE), "--titles-api")
# The labels, then Q13's aliases (hr "Kleo", en "Cleo the Elder"): every name the check tries is asked (#17).
ASKED_ON_FIXTURE = ["Cleo Ancient", "Cleo the Elder", "Eli Unknown", "Fumi Example", "Kai Nula", "Kai Zero", "Kleo",
                    "Maks", "Max Trans"]  # fmt: skip
FAST = Politeness(min_interval=0.0, backoff=0.0, timeout=5.0)


def _dump_titles() -> list[str]:
    with DUMP.open("rb") as handle:
        return list(read_titles(handle, DUMP.name))


@pytest.fixture
def wiki():
    server = MediaWikiStandIn(_dump_titles())
    yield server
    server.stop()


@pytest.fixture
def config(tmp_path: Path, wiki: MediaWikiStandIn, monkeypatch) -> Path:
    path = tmp_path / "gapkit.toml"
    path.write_text(
        'user_agent = "gapkit-test/0.1 (tests@example.org)"\n'
        f'cache_path = "{tmp_path / "cache" / "http.sqlite"}"\n'
        f'[titles_api]\nhr = "{wiki.url}"\n',
        encoding="utf-8",
    )
    monkeypatch.setenv("GAPKIT_CONFIG", str(path))
    return path


def _api(**options: object) -> TitlesApi:
    sleeps: list[float] = []
    options = {"policy": FAST, "clock": lambda: 1000.0, **options}  # a still clock: waits are exactly as asked
    api = TitlesApi(load_editions().get("hr"), load_settings(), sleep=sleeps.append, **options)
    api.sleeps = sleeps  # type: ignore[attr-defined]
    return api


def _rows(worklist) -> list[list[str]]:
    return worklist.frame[["qid", "label", "existing_title", "note"]].values.tolist()


def test_the_stand_in_answers_in_the_documented_shape(wiki: MediaWikiStandIn) -> None:
    assert wiki.answer(ASKED) == json.loads(ANSWER.read_text(encoding="utf-8"))
    found = parse_titles_answer(ANSWER.read_bytes(), ASKED)
    assert found == {"cleo_Ancient": "Cleo Ancient", "ada Primjer": "Ada Primjer"}  # normalized, then existing


@pytest.mark.parametrize(
    "body, error",
    [
        (b'{"error": {"code": "maxlag", "info": "Waiting for db1: 7 seconds lagged."}}', ApiRefusal),
        (b'{"batchcomplete": true, "query": {"pages": []}}', BadAnswer),  # says nothing of the asked title
        (b'{"batchcomplete": true, "query": {"pag', BadAnswer),  # cut short
        (b"<!DOCTYPE html><html></html>", BadAnswer),
        (b"[1, 2]", BadAnswer),
    ],
)
def test_answers_not_of_the_documented_shape_are_refused(body: bytes, error: type) -> None:
    with pytest.raises(error):
        parse_titles_answer(body, ["Cleo Ancient"])


def test_the_address_is_the_site_iri_plus_w_api_php_unless_the_configuration_names_another(config, wiki) -> None:
    hr = load_editions().get("hr")
    assert api_url(hr, load_settings({})) == "https://hr.wikipedia.org/w/api.php"
    assert api_url(hr, load_settings()) == wiki.url  # [titles_api] in gapkit.toml
    assert api_url(load_editions().get("de"), load_settings()) == "https://de.wikipedia.org/w/api.php"


def test_exact_rows_through_the_api_then_from_the_cache(mini, config, wiki: MediaWikiStandIn) -> None:
    worklist = build_worklist(mini, "hr", this_year=2026)
    checked, taken = check_titles_api(worklist, _api())
    assert _rows(checked) == API_EXPECTED and taken == set()
    assert checked.titles_check == {"api": wiki.url, "titles_asked": 9, "requests": 1, "matches": 2}
    sent = wiki.requests[0]
    wanted = {"action": "query", "format": "json", "formatversion": "2", "maxlag": "5"}
    assert {k: sent[k] for k in wanted} == wanted
    assert sent["user_agent"] == "gapkit-test/0.1 (tests@example.org)"
    assert sorted(sent["titles"].split("|")) == ASKED_ON_FIXTURE
    again, _ = check_titles_api(worklist, api := _api())
    assert _rows(again) == API_EXPECTED and api.requests == 0 and len(wiki.requests) == 1  # the cached answer
    offline, _ = check_titles_api(worklist, _api(offline=True))
    assert _rows(offline) == API_EXPECTED


def test_offline_with_an_empty_cache_is_one_sentence(mini, config, wiki) -> None:
    with pytest.raises(NotInCache, match="Offline: the existing-page check of hr is not in the cache"):
        check_titles_api(build_worklist(mini, "hr"), _api(offline=True))
    assert wiki.requests == []


def test_at_most_fifty_titles_a_request_on_the_sample(sample, config, wiki: MediaWikiStandIn) -> None:
    worklist = build_worklist(sample, "hr", limit=120)
    checked, _ = check_titles_api(worklist, api := _api())
    asked = [r["titles"].split("|") for r in wiki.requests]
    assert [len(a) for a in asked] == [API_BATCH, API_BATCH, len(asked[-1])] and api.requests == 3
    assert checked.titles_check["titles_asked"] == sum(map(len, asked)) and checked.titles_check["matches"] == 0


def test_a_label_differing_only_by_first_letter_case_and_underscores(tmp_path: Path, config, wiki) -> None:
    """hr label "ada Primjer" names the page "Ada_Primjer" of the dump, and "Ada Primjer" of the API."""
    wd, rdfs, schema = "http://www.wikidata.org/entity/", "http://www.w3.org/2000/01/rdf-schema#", "http://schema.org/"
    source = tmp_path / "one.nt"
    lines = [
        f"<{wd}Q1> <http://www.wikidata.org/prop/direct/P31> <{wd}Q5> .",
        f'<{wd}Q1> <{rdfs}label> "ada Primjer"@hr .',
        f"<https://en.wikipedia.org/wiki/Ada> <{schema}about> <{wd}Q1> .",
        f"<https://en.wikipedia.org/wiki/Ada> <{schema}isPartOf> <https://en.wikipedia.org/> .",
        '<https://en.wikipedia.org/> <http://wikiba.se/ontology#wikiGroup> "wikipedia" .',
    ]
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    worklist = build_worklist(open_store_endpoint(build_from_rdf(source, tmp_path / "store", MANIFEST)), "hr")
    by_api, _ = check_titles_api(worklist, _api())
    by_file, _ = check_titles_file(worklist, iter(_dump_titles()), DUMP.name)
    assert _rows(by_api) == _rows(by_file) == [["Q1", "ada Primjer", "Ada Primjer", NOTE]]


def test_waits_asked_for_are_kept_then_the_answer_is_used(mini, config, wiki: MediaWikiStandIn) -> None:
    wiki.faults.extend(["429", "maxlag", "500", "drop"])
    checked, _ = check_titles_api(build_worklist(mini, "hr"), api := _api(policy=Politeness(0.0, 5, 0.0)))
    assert _rows(checked) == [[q, label, title, note] for q, label, title, note in API_EXPECTED]
    assert api.requests == 5 and 1.0 in api.sleeps and 5.0 in api.sleeps  # Retry-After 1; maxlag at least 5 s


@pytest.mark.parametrize(
    "faults, sentence",
    [
        (["429-long"], "asks gapkit to wait 3600 s (busy or lagged)"),
        (["500"] * 4, "answered HTTP 500"),
        (["badjson"], "sent a body that is not JSON"),
        (["html"], "answered with text/html; charset=utf-8, not JSON"),
        (["unaccounted"], "says nothing of the title"),
        (["drop"] * 4, "could not be reached (127.0.0.1:"),
    ],
)
def test_failures_are_one_sentence_and_nothing_is_checked(mini, config, wiki, faults, sentence) -> None:
    wiki.faults.extend(faults)
    with pytest.raises(SourceError) as err:
        check_titles_api(build_worklist(mini, "hr"), _api())
    assert sentence in str(err.value) and "\n" not in str(err.value)
    assert "the existing-page check was not done" in str(err.value) or "the check was not done" in str(err.value)


def test_a_down_api_is_one_sentence(mini, config, wiki: MediaWikiStandIn) -> None:
    wiki.stop()
    with pytest.raises(SourceError, match="could not be reached"):
        check_titles_api(build_worklist(mini, "hr"), _api())


def test_cli_titles_api(tmp_path: Path, config: Path, wiki: MediaWikiStandIn) -> None:
    env = {"GAPKIT_CONFIG": str(config), "PATH": "/usr/bin:/bin"}
    out = tmp_path / "list.csv"
    run = gapkit(*WORKLIST, "--out", str(out), env=env)
    assert run.returncode == 0, run.stderr
    back = pd.read_csv(out, dtype=str, keep_default_na=False)
    assert back[["qid", "existing_title", "note"]].values.tolist() == [[r[0], r[2], r[3]] for r in API_EXPECTED]
    meta = json.loads((tmp_path / "list.csv.meta.json").read_text(encoding="utf-8"))
    assert meta["titles_check"] == {"api": wiki.url, "titles_asked": 9, "requests": 1, "matches": 2}
    failed = tmp_path / "failed.csv"
    wiki.faults.append("429-long")
    (tmp_path / "cache").rename(tmp_path / "old-cache")  # no cached answer to fall back on
    run = gapkit(*WORKLIST, "--out", str(failed), env=env)
    assert run.returncode == 1 and len(run.stderr.strip().splitlines()) == 1 and "Traceback" not in run.stderr
    assert "asks gapkit to wait 3600 s" in run.stderr and not failed.exists()  # nothing exported as checked
    both = gapkit("worklist", "--edition", "hr", "--titles-api", "--titles", str(DUMP), env=env)
    assert both.returncode == 2 and "not allowed with argument" in both.stderr


def test_wikipedias_api_needs_a_contact_in_the_user_agent(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)  # no gapkit.toml here: the placeholder contact
    monkeypatch.setenv("HOME", str(tmp_path))  # the default cache_path lands here
    hr = load_editions().get("hr")
    with pytest.raises(BadInput, match="Set your contact in the user_agent setting"):
        TitlesApi(hr, load_settings({}))
    assert TitlesApi(hr, load_settings({}), offline=True).url == "https://hr.wikipedia.org/w/api.php"


@pytest.mark.parametrize("engine", ["columnar", "sparql"])
def test_aliases_are_asked_too_and_name_the_existing_page(alias_store: Path, config, wiki, engine: str) -> None:
    """The stand-in knows the alias test's titles (tests/test_existing_pages.py): the API gives the same rows as the
    dump, aliases asked in the same requests as the labels (50 a request)."""
    from gapkit.stores.store import read_manifest
    from tests.servers import mediawiki_title
    from tests.test_existing_pages import ALIAS_EXPECTED, ALIAS_TITLES

    wiki.existing = {mediawiki_title(t): number for number, t in enumerate(ALIAS_TITLES, start=100)}
    worklist = build_worklist(open_store_endpoint(read_manifest(alias_store), engine=engine), "hr")
    checked, taken = check_titles_api(worklist, api := _api())
    assert _rows(checked) == ALIAS_EXPECTED and taken == set()
    asked = wiki.requests[0]["titles"].split("|")
    assert {"Fumi Primjer", "Max trans", "Kai Nulti", "Kleo"} <= set(asked) and "Eli Nepoznati" not in asked  # keys
    assert api.requests == len(wiki.requests) == 1 and checked.titles_check["matches"] == 4

"""Remote answers are checked before they are cached or used; engine errors and the time budget, on loopback."""

from pathlib import Path

import pandas as pd
import pytest

from gapkit.errors import BadInput, QueryTimeout, SourceError
from gapkit.figures.gender import gender_by_edition
from gapkit.figures.regions import region_by_edition
from gapkit.figures.worklist import build_worklist
from gapkit.model.filters import make_filters
from gapkit.model.settings import load_settings
from gapkit.sources.answers import column_kinds, kind_of, query_error, shorten
from gapkit.sources.query_files import load_query, query_names
from gapkit.sources.remote import QueryError
from tests.cli_helpers import gapkit
from tests.servers import ERRORS
from tests.test_remote import CONTACT, SIMPLE, FakeClock, expire_everything, proxy, remote, server, settings_for

__all__ = ["proxy", "server"]  # the loopback fixtures, shared with test_remote
PEOPLE = "SELECT ?n ?people WHERE { VALUES (?n ?people) { (1 1) (2 2) } }"
TOTAL = "SELECT (COUNT(*) AS ?total) WHERE { VALUES ?n { 1 2 } }"

# fault, how many requests it takes to spend the budget, the sentence
BAD_ANSWERS = [
    ("negative", 1, r"sent a bad value in row 1, column people \('-\d+' is not a count\)"),
    ("abc", 1, r"sent a bad value in row 1, column people \('abc' is not an integer\)"),
    ("short", 4, r"sent a body shorter than it announced \(127\.0\.0\.1:\d+\) after 4 tries"),
    ("nested", 1, "sent JSON nested too deeply to be SPARQL results"),
    ("garbage", 1, "sent a body that is not SPARQL JSON results"),
    ("html-json", 1, "sent a body that is not SPARQL JSON results"),
]


@pytest.mark.parametrize("fault, requests, sentence", BAD_ANSWERS)
def test_a_bad_answer_is_one_sentence_never_cached_and_never_split(proxy, tmp_path: Path, fault, requests, sentence):
    ep = remote(tmp_path, proxy.url)
    proxy.faults.extend([fault] * requests)
    with pytest.raises(SourceError, match=sentence) as caught:
        gender_by_edition(ep, ["hr"])
    assert not isinstance(caught.value, QueryTimeout)  # not a timeout: no partition retry follows
    assert len(proxy.requests) == requests and len(ep.session.cache.responses) == 0


@pytest.mark.parametrize("fault, requests, sentence", BAD_ANSWERS)
def test_a_bad_answer_never_replaces_the_good_copy(proxy, tmp_path: Path, fault, requests, sentence) -> None:
    ep = remote(tmp_path, proxy.url)
    good = gender_by_edition(ep, ["hr"])
    expire_everything(ep)
    proxy.faults.extend([fault] * requests)
    stale = gender_by_edition(ep, ["hr"])
    pd.testing.assert_frame_equal(stale.frame, good.frame)
    assert stale.provenance.stale and "This is the cached answer of" in stale.provenance.notice
    offline = gender_by_edition(remote(tmp_path, proxy.url, offline=True), ["hr"])  # the good copy is still there
    pd.testing.assert_frame_equal(offline.frame, good.frame)


def test_a_total_needs_its_one_row_and_an_empty_grouped_answer_is_true(proxy, tmp_path: Path) -> None:
    ep = remote(tmp_path, proxy.url)
    proxy.faults.append("empty")
    with pytest.raises(SourceError, match="sent 0 rows where a total has exactly one"):
        ep.select(TOTAL, ["total"])
    assert ep.select(TOTAL, ["total"]).frame["total"].tolist() == [2]
    proxy.faults.append("empty")  # a grouped answer may be empty: a filter can match nobody
    assert ep.select(SIMPLE, ["n"]).frame.empty
    assert len(ep.session.cache.responses) == 2


def with_cap(tmp_path: Path, url: str, cap: int):
    ep = remote(tmp_path, url)
    ep.settings = load_settings(
        {"GAPKIT_CONFIG": str(settings_for(tmp_path, {}, f"{CONTACT}max_answer_bytes = {cap}\n")[1])}
    )
    return ep


def test_an_answer_over_max_answer_bytes_is_refused_unread(proxy, tmp_path: Path) -> None:
    with pytest.raises(SourceError, match=r"sent an answer of [\d,]+ bytes, over the max_answer_bytes setting \(300\)"):
        gender_by_edition(with_cap(tmp_path, proxy.url, 300), None)
    proxy.faults.append("garbage-unsized")  # no Content-Length: counted while read
    ep = with_cap(tmp_path, proxy.url, 100_000)
    with pytest.raises(SourceError, match=r"sent an answer over the max_answer_bytes setting \(100,000 bytes\)"):
        ep.select(SIMPLE, ["n"])
    assert len(ep.session.cache.responses) == 0


@pytest.mark.parametrize("text", ["max_answer_bytes = 0\n", 'max_answer_bytes = "big"\n', "max_answer_bytes = true\n"])
def test_max_answer_bytes_is_a_positive_number(tmp_path: Path, text: str) -> None:
    (tmp_path / "gapkit.toml").write_text(text)
    with pytest.raises(BadInput, match="max_answer_bytes in the configuration must be a number of bytes above 0"):
        load_settings({"GAPKIT_CONFIG": str(tmp_path / "gapkit.toml")})


def test_a_long_retry_after_says_how_long(proxy, tmp_path: Path) -> None:
    ep = remote(tmp_path, proxy.url, FakeClock())
    proxy.faults.append("429-700")
    with pytest.raises(SourceError, match=r"slow down \(HTTP 429\) for 700 s, longer than gapkit waits \(600 s\); "
                       r"try again after \d\d:\d\d UTC\."):  # fmt: skip
        ep.select(SIMPLE, ["n"])
    assert len(proxy.requests) == 1


def test_a_stale_answer_on_stdout_says_so_on_stderr(proxy, tmp_path: Path) -> None:
    _, config = settings_for(tmp_path, {"test": proxy.url})
    env = {"GAPKIT_CONFIG": str(config), "PATH": "/usr/bin:/bin"}
    fresh = gapkit("gaps", "gender", "--edition", "hr", "--endpoint", "test", env=env)
    assert fresh.returncode == 0 and fresh.stderr == ""
    expire_everything(remote(tmp_path, proxy.url))
    proxy.faults.append("html-json")
    stale = gapkit("gaps", "gender", "--edition", "hr", "--endpoint", "test", env=env)
    assert stale.returncode == 0 and stale.stdout == fresh.stdout
    assert stale.stderr.count("\n") == 1 and stale.stderr.startswith("gapkit: Stale: The endpoint test sent a body")
    assert "This is the cached answer of 20" in stale.stderr


# fault, the sentence: the engine's own message, shortened to one line
ENGINE_ERRORS = [
    ("blazegraph-400", 'refused the query as malformed: Encountered " "}" "} "" at line 2, column 1.'),
    ("blazegraph-500", 'could not run the query (HTTP 500): Encountered " "}" "} "" at line 2, column 1.'),
    ("blazegraph-eval", "could not run the query (HTTP 500): Non-aggregate variable in select expression: x."),
    ("qlever-400", "refused the query as malformed: Invalid SPARQL query: Variable ?x is selected but not aggregated."),
]


@pytest.mark.parametrize("fault, sentence", ENGINE_ERRORS)
def test_a_query_error_is_said_once_with_the_engines_message_and_not_retried(proxy, tmp_path: Path, fault, sentence):
    clock = FakeClock()
    ep = remote(tmp_path, proxy.url, clock)
    proxy.faults.extend([fault] * 4)
    with pytest.raises(QueryError) as caught:
        gender_by_edition(ep, None)  # a split query: a query error is not a timeout, so no parts follow
    assert str(caught.value).startswith(f"The endpoint test {sentence[:60]}")
    assert str(caught.value).count("\n") == 0 and "SPARQL-QUERY" not in str(caught.value)
    assert len(proxy.requests) == 1 and all(wait < 2 for wait in clock.waits)  # no retry, no backoff
    assert ep.down_until == 0.0  # the endpoint is fine: the next query has its whole budget


def test_an_engine_timeout_is_still_a_timeout_and_split(mini, proxy, tmp_path: Path) -> None:
    proxy.faults.append("blazegraph-timeout")
    figure = gender_by_edition(remote(tmp_path, proxy.url), None)
    pd.testing.assert_frame_equal(figure.frame, gender_by_edition(mini, None).frame)
    assert figure.provenance.partitions == 10 and len(proxy.requests) == 1 + 10


def test_engine_messages_are_read_from_their_published_shapes() -> None:
    assert query_error((ERRORS / "blazegraph_malformed.txt").read_bytes()).startswith('Encountered " "}"')
    assert query_error(b"upstream trouble") is None  # a plain 500 stays a transient failure, retried
    assert shorten("a\x00b\n\n  c" + "x" * 500).endswith("...") and len(shorten("x" * 500)) <= 201
    assert shorten("line one\nline two") == "line one line two."


def test_column_kinds_follow_the_naming_rule_or_the_files_own_line() -> None:
    assert [kind_of(c) for c in ("people", "articles_in_target", "edge_count", "birth_year", "person", "site")] == [
        "count", "count", "count", "year", "entity", "any"
    ]  # fmt: skip
    text = "# kind: site iri\n# kind: people any\n"
    assert column_kinds(text, ["site", "people", "total"]) == {"site": "iri", "people": "any", "total": "count"}
    with pytest.raises(ValueError, match="the kinds are count, year, entity, iri, any"):
        column_kinds("# kind: site url\n", ["site"])
    for name in query_names():  # every shipped file's columns get a kind
        query = load_query(name)
        assert set(column_kinds(query.text, query.returns)) == set(query.returns)


def test_a_damaged_cached_copy_is_dropped_not_shown(proxy, tmp_path: Path) -> None:
    ep = remote(tmp_path, proxy.url)
    proxy.faults.append("negative")
    # An older gapkit cached answers unchecked: such a copy is refused, offline too, and replaced online.
    request = ep._request(PEOPLE)
    ep.session.cache.save_response(ep.http.send(request), ep.session.cache.create_key(request))
    with pytest.raises(SourceError, match=r"The cached answer of test was damaged \(a bad value in row 1"):
        remote(tmp_path, proxy.url, offline=True).select(PEOPLE, ["n", "people"])
    assert ep.select(PEOPLE, ["n", "people"]).frame["people"].tolist() == [1, 2]


def slow_whole_aggregates(query: str) -> float:
    """Simulated engine seconds: a figure's aggregate over everyone is slow, its QID-range parts fast."""
    return 60.0 if "# name:    biographies_by" in query and "?partition >=" not in query else 0.0


BUDGETED = [
    lambda ep: gender_by_edition(ep, None, filters=make_filters(gender="women", born_from=1800, born_to=2000)),
    lambda ep: region_by_edition(ep, ["en", "hr", "fr"], by_gender=True, filters=make_filters(country=["Q142", "Q30"])),
    lambda ep: build_worklist(ep, "hr", sources=("en",), this_year=2026, filters=make_filters(born_from=1900)),
]


@pytest.mark.parametrize("make", BUDGETED)
def test_through_a_time_budget_filtered_figures_equal_the_local_store(mini, proxy, tmp_path: Path, make) -> None:
    proxy.budget, proxy.cost = 2.0, slow_whole_aggregates  # WDQS's 60 s, scaled down
    through = make(remote(tmp_path, proxy.url))
    pd.testing.assert_frame_equal(through.frame, make(mini).frame)
    cut = len(proxy.cut)
    assert cut == sum(1 for q in proxy.requests if slow_whole_aggregates(q))  # every slow whole was cut, no other
    if cut:
        assert through.provenance.partitions == 10
    assert len(remote(tmp_path, proxy.url).session.cache.responses) == len(proxy.requests) - cut  # cuts not cached


def test_the_time_budget_answers_late_as_wdqs_does(proxy, tmp_path: Path) -> None:
    proxy.budget, proxy.cost = 0.5, lambda query: 60.0 if "SELECT ?n WHERE" in query else 0.0
    ep = remote(tmp_path, proxy.url)
    raw = ep.http.send(ep._request(SIMPLE))
    assert raw.status_code == 200 and raw.content.endswith(b"java.util.concurrent.TimeoutException\n")
    with pytest.raises(QueryTimeout, match=r"sent an incomplete answer .*; it most likely ran out of time"):
        ep.select(SIMPLE, ["n"])
    assert ep.select(TOTAL, ["total"]).frame["total"].tolist() == [2]  # within the budget: the whole answer
    assert len(proxy.cut) == 2 and len(ep.session.cache.responses) == 1

"""The remote path against a real `oxigraph serve` on loopback, directly and through a fault-injecting proxy."""

import datetime
from pathlib import Path

import pandas as pd
import pytest

from gapkit.errors import BadInput, QueryTimeout, SourceError
from gapkit.figures.coverage import coverage_by_edition, missing_property
from gapkit.figures.decades import decade_by_edition
from gapkit.figures.gender import gender_by_edition
from gapkit.figures.occupations import occupation_by_edition
from gapkit.figures.regions import region_by_edition
from gapkit.figures.worklist import build_worklist
from gapkit.model.filters import make_filters
from gapkit.model.settings import load_settings
from gapkit.sources.politeness import Politeness
from gapkit.sources.remote import RemoteEndpoint
from gapkit.sources.resolve import open_store_endpoint
from gapkit.stores.export import export_ntriples
from gapkit.stores.store import SAMPLE_STORE, read_manifest
from tests.cli_helpers import gapkit
from tests.conftest import FIXTURE_STORE
from tests.servers import FaultProxy, OxigraphServer

CONTACT = 'user_agent = "gapkit-tests/0.1 (tests@example.org)"\n'
SIMPLE = "PREFIX wd: <http://www.wikidata.org/entity/> SELECT ?n WHERE { VALUES ?n { 1 2 } }"


class FakeClock:
    """Time that moves only when gapkit sleeps: waits are recorded, never spent."""

    def __init__(self) -> None:
        self.now = 1_000_000.0
        self.waits: list[float] = []

    def time(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.waits.append(seconds)
        self.now += seconds


@pytest.fixture(scope="module")
def server():
    running = OxigraphServer(FIXTURE_STORE / "data.ttl")
    yield running
    running.stop()


@pytest.fixture
def proxy(server):
    running = FaultProxy(server.url)
    yield running
    running.stop()


def settings_for(tmp_path: Path, urls: dict[str, str], extra: str = CONTACT):
    tmp_path.mkdir(parents=True, exist_ok=True)
    config = tmp_path / "gapkit.toml"
    endpoints = "".join(f'[endpoints.{name}]\nurl = "{url}"\n' for name, url in urls.items())
    config.write_text(f'cache_path = "{tmp_path / "cache" / "http.sqlite"}"\n{extra}{endpoints}')
    return load_settings({"GAPKIT_CONFIG": str(config)}), config


def remote(tmp_path: Path, url: str, clock: FakeClock | None = None, **kwargs) -> RemoteEndpoint:
    settings, _ = settings_for(tmp_path, {"test": url})
    clock = clock or FakeClock()
    return RemoteEndpoint("test", url, settings, clock=clock.time, sleep=clock.sleep, **kwargs)


FIGURES = [
    lambda ep: gender_by_edition(ep, ["en", "hr", "fr", "zh-yue"]),
    lambda ep: gender_by_edition(ep, None, "raw"),
    lambda ep: gender_by_edition(ep, ["en"], baseline="all", filters=make_filters(region="Q46")),
    lambda ep: region_by_edition(ep, ["en", "hr"], by_gender=True, baseline="fr"),
    lambda ep: decade_by_edition(ep, None, filters=make_filters(born_from=-500, born_to=1950)),
    lambda ep: occupation_by_edition(ep, ["en"], top=3, filters=make_filters(occupation=["Q36180"], narrower=True)),
    lambda ep: coverage_by_edition(ep, ["hr"], baseline="all"),
    lambda ep: missing_property(ep, None, "P27"),
    lambda ep: build_worklist(ep, "hr", this_year=2026, filters=make_filters(living="yes", this_year=2026)),
    lambda ep: build_worklist(ep, "zh-yue", sources=("hr", "fr"), limit=3, this_year=2026),
]


@pytest.mark.parametrize("make", FIGURES)
def test_figures_are_identical_locally_and_remotely(mini, server, proxy, tmp_path: Path, make) -> None:
    local = make(mini)
    direct = make(remote(tmp_path / "direct", server.url))
    through_proxy = make(remote(tmp_path / "proxy", proxy.url))
    pd.testing.assert_frame_equal(direct.frame, local.frame)
    pd.testing.assert_frame_equal(through_proxy.frame, local.frame)
    assert direct.provenance.kind == "endpoint" and direct.provenance.source == "test"


def test_the_bundled_sample_is_identical_remotely(sample, tmp_path: Path) -> None:
    plain = tmp_path / "sample.nt"
    export_ntriples(read_manifest(SAMPLE_STORE), plain)
    running = OxigraphServer(plain)
    try:
        ep = remote(tmp_path, running.url)
        for make in (lambda e: gender_by_edition(e, None), lambda e: region_by_edition(e, ["hr", "en"], True),
                     lambda e: build_worklist(e, "hr", limit=50, this_year=2026)):  # fmt: skip
            pd.testing.assert_frame_equal(make(ep).frame, make(sample).frame)
    finally:
        running.stop()


def test_a_second_ask_is_answered_by_the_cache(proxy, tmp_path: Path) -> None:
    ep = remote(tmp_path, proxy.url)
    first = ep.select(SIMPLE, ["n"])
    second = ep.select(SIMPLE, ["n"])
    assert len(proxy.requests) == 1
    assert not first.provenance.from_cache and second.provenance.from_cache
    assert second.frame["n"].tolist() == [1, 2]


def test_a_fresh_cached_answer_is_neither_spaced_nor_locked(proxy, tmp_path: Path) -> None:
    clock = FakeClock()
    ep = remote(tmp_path, proxy.url, clock)
    for _ in range(3):
        assert ep.select(SIMPLE, ["n"]).frame["n"].tolist() == [1, 2]
    assert len(proxy.requests) == 1 and clock.waits == []


def test_the_clients_own_timeout_is_one_sentence_or_the_stale_copy(proxy, tmp_path: Path) -> None:
    ep = remote(tmp_path, proxy.url, policy=Politeness(timeout=0.3))
    proxy.faults.append("hang")
    with pytest.raises(QueryTimeout, match=r"did not answer within 0.3 s"):
        ep.select(SIMPLE, ["n"])
    assert len(proxy.requests) == 1 and len(ep.session.cache.responses) == 0  # a timeout is not retried
    fresh = ep.select(SIMPLE, ["n"])
    expire_everything(ep)
    proxy.faults.append("hang")
    stale = ep.select(SIMPLE, ["n"])
    assert stale.provenance.stale and stale.frame.equals(fresh.frame)
    assert "did not answer within" in stale.provenance.notice


def test_429_waits_for_retry_after_then_answers(proxy, tmp_path: Path) -> None:
    clock = FakeClock()
    proxy.faults.extend(["429"])
    messages = []
    result = remote(tmp_path, proxy.url, clock).select(SIMPLE, ["n"], progress=lambda m, f: messages.append(m))
    assert result.frame["n"].tolist() == [1, 2]
    assert 7 in clock.waits and len(proxy.requests) == 2
    assert any("asked gapkit to wait 7 s (HTTP 429" in m for m in messages)


def test_5xx_is_retried_with_backoff_within_a_budget(proxy, tmp_path: Path) -> None:
    clock = FakeClock()
    proxy.faults.extend(["500", "502"])
    assert remote(tmp_path, proxy.url, clock).select(SIMPLE, ["n"]).frame["n"].tolist() == [1, 2]
    backoffs = [w for w in clock.waits if w >= 2]
    assert len(backoffs) == 2 and 2 <= backoffs[0] <= 3 and 4 <= backoffs[1] <= 6  # doubling, with jitter
    proxy.faults.extend(["503"] * 10)
    with pytest.raises(SourceError, match="failed with HTTP 503 4 times"):
        remote(tmp_path / "b", proxy.url, clock).select(SIMPLE + " ", ["n"])
    assert len(proxy.requests) == 3 + 4  # never more than the budget
    assert len(proxy.faults) == 6


@pytest.mark.parametrize(
    "fault, error, sentence",
    [
        ("truncate", QueryTimeout, "incomplete answer"),
        ("timeout-500", QueryTimeout, "ran out of time"),
        ("html", SourceError, "answered with text/html"),
        ("redirect", SourceError, "does not follow redirects"),
    ],
)
def test_bad_answers_are_errors_and_never_cached(proxy, tmp_path: Path, fault, error, sentence) -> None:
    ep = remote(tmp_path, proxy.url)
    proxy.faults.append(fault)
    with pytest.raises(error, match=sentence):
        ep.select(SIMPLE, ["n"])
    assert len(ep.session.cache.responses) == 0
    assert ep.select(SIMPLE, ["n"]).frame["n"].tolist() == [1, 2]  # the next ask goes to the server again
    assert len(proxy.requests) == 2


def test_a_long_retry_after_is_an_error_and_then_silence_until_it_passes(proxy, tmp_path: Path) -> None:
    clock = FakeClock()
    ep = remote(tmp_path, proxy.url, clock)
    proxy.faults.append("429-long")  # Retry-After: 3600, longer than gapkit waits on a page
    with pytest.raises(SourceError, match="slow down"):
        ep.select(SIMPLE, ["n"])
    with pytest.raises(SourceError, match=r"wait \(HTTP 429\) for 3600 s more; gapkit sends nothing"):
        ep.select(SIMPLE + " ", ["n"])
    assert len(proxy.requests) == 1 and len(ep.session.cache.responses) == 0
    clock.now += 3600
    assert ep.select(SIMPLE, ["n"]).frame["n"].tolist() == [1, 2]
    assert len(proxy.requests) == 2


def test_after_a_spent_budget_later_queries_try_once_until_an_answer_comes(proxy, tmp_path: Path) -> None:
    clock = FakeClock()
    ep = remote(tmp_path, proxy.url, clock)
    proxy.faults.extend(["503"] * 5)
    with pytest.raises(SourceError, match="failed with HTTP 503 4 times"):
        ep.select(SIMPLE, ["n"])
    waited = len(clock.waits)
    with pytest.raises(SourceError, match="failed with HTTP 503 once"):
        ep.select(SIMPLE + " ", ["n"])  # the endpoint is known to be down: one try, no backoff
    assert len(proxy.requests) == 5 and all(w < 2 for w in clock.waits[waited:])  # spacing only, no backoff
    assert ep.select(SIMPLE, ["n"]).frame["n"].tolist() == [1, 2]  # it is back: the one try answers
    proxy.faults.extend(["503", "503"])
    assert ep.select(SIMPLE + "  ", ["n"]).frame["n"].tolist() == [1, 2]  # and the full budget is back too
    assert len(proxy.requests) == 5 + 1 + 3


def test_dropped_connections_use_the_budget(proxy, tmp_path: Path) -> None:
    proxy.faults.extend(["drop"] * 4)
    with pytest.raises(SourceError, match=r"could not be reached .* after 4 tries"):
        remote(tmp_path, proxy.url).select(SIMPLE, ["n"])
    assert len(proxy.requests) == 4


def test_a_malformed_query_and_a_missing_column(proxy, tmp_path: Path) -> None:
    ep = remote(tmp_path, proxy.url)
    with pytest.raises(SourceError, match="refused the query as malformed"):
        ep.select("SELEC nothing", ["n"])
    with pytest.raises(SourceError, match="without the column m"):
        ep.select(SIMPLE, ["m"])
    assert len(ep.session.cache.responses) == 0


def expire_everything(ep: RemoteEndpoint) -> None:
    past = datetime.datetime.now(datetime.UTC) - datetime.timedelta(days=2)
    for key in list(ep.session.cache.responses.keys()):
        response = ep.session.cache.responses[key]
        response.expires = past
        ep.session.cache.responses[key] = response


def test_failures_fall_back_to_the_stale_cached_copy(proxy, tmp_path: Path) -> None:
    ep = remote(tmp_path, proxy.url)
    fresh = gender_by_edition(ep, ["hr"])
    expire_everything(ep)
    proxy.faults.extend(["503"] * 4 + ["truncate"])
    stale = gender_by_edition(ep, ["hr"])
    pd.testing.assert_frame_equal(stale.frame, fresh.frame)
    assert stale.provenance.stale and "stale cached copy" in stale.provenance.line()
    assert "failed with HTTP 503" in stale.provenance.notice


def test_the_endpoint_stopped(mini, tmp_path: Path) -> None:
    running = OxigraphServer(FIXTURE_STORE / "data.ttl")
    ep = remote(tmp_path, running.url)
    before = gender_by_edition(ep, ["en"])
    running.stop()
    with pytest.raises(SourceError, match="could not be reached"):
        gender_by_edition(ep, ["hr"])  # never asked before: nothing to fall back on
    expire_everything(ep)
    after = gender_by_edition(ep, ["en"])
    assert after.provenance.stale and after.frame.equals(before.frame)
    offline = remote(tmp_path, running.url, offline=True)
    assert offline.select(load_bound_gender_en()).frame.equals(ep.select(load_bound_gender_en()).frame)
    with pytest.raises(SourceError, match=r"Offline: this answer \(query biographies_by_gender\) is not in the cache"):
        gender_by_edition(offline, ["fr"])


def load_bound_gender_en() -> str:
    return gender_by_edition(open_store_endpoint(read_manifest(FIXTURE_STORE)), ["en"]).queries[0].text


def test_an_aggregate_that_times_out_is_run_in_partitions(mini, proxy, tmp_path: Path) -> None:
    proxy.slow = True
    messages = []
    figure = gender_by_edition(remote(tmp_path, proxy.url), None, progress=lambda m, f: messages.append(m))
    pd.testing.assert_frame_equal(figure.frame, gender_by_edition(mini, None).frame)
    assert figure.provenance.partitions == 10 and "10 partitions" in figure.provenance.line()
    assert len(proxy.requests) == 1 + 10
    assert any("part 10 of 10 (Q120,000,000 and above)" in m for m in messages)


def test_a_partition_that_fails_fails_the_figure(proxy, tmp_path: Path) -> None:
    proxy.slow = True  # the whole query times out; then the second partition is cut short too
    ep = remote(tmp_path, proxy.url)
    original = ep.select

    calls = []

    def flaky(text, variables=(), progress=None):
        calls.append(text)
        if len(calls) == 3:
            proxy.faults.extend(["truncate"])
        return original(text, variables, progress)

    ep.select = flaky
    with pytest.raises(SourceError, match="nor its part for Q1,000,000-Q4,999,999"):
        gender_by_edition(ep, ["hr"])


def test_the_placeholder_contact_is_refused_for_public_endpoints(tmp_path: Path) -> None:
    settings, _ = settings_for(tmp_path, {}, extra="")
    with pytest.raises(BadInput, match="Set your contact in the user_agent setting"):
        RemoteEndpoint("wdqs", "https://query.wikidata.org/sparql", settings)


@pytest.mark.parametrize(
    "name, url, agent",
    [
        ("mirror", "https://query.wikidata.org/sparql", ""),  # a public host under another name
        ("commons", "https://commons-query.wikimedia.org/sparql", ""),
        ("wdqs", "https://query.wikidata.org/sparql", 'user_agent = "gapkit/0.1"\n'),  # no way to reach anyone
    ],
)
def test_public_hosts_need_a_contact_whatever_their_name(tmp_path: Path, name, url, agent) -> None:
    settings, _ = settings_for(tmp_path, {}, extra=agent)
    with pytest.raises(BadInput, match="Set your contact in the user_agent setting"):
        RemoteEndpoint(name, url, settings)
    RemoteEndpoint(name, url, settings, offline=True)  # the cache alone asks nobody
    settings, _ = settings_for(tmp_path, {}, extra=CONTACT)
    assert RemoteEndpoint(name, url, settings).name == name


def test_an_operators_own_endpoint_needs_no_contact(tmp_path: Path) -> None:
    settings, _ = settings_for(tmp_path, {}, extra="")
    assert RemoteEndpoint("ours", "http://127.0.0.1:1/sparql", settings).name == "ours"


def test_requests_are_spaced_across_endpoint_objects(proxy, tmp_path: Path) -> None:
    clock = FakeClock()
    settings, _ = settings_for(tmp_path, {"test": proxy.url})
    one = RemoteEndpoint("test", proxy.url, settings, clock=clock.time, sleep=clock.sleep)
    two = RemoteEndpoint("test", proxy.url, settings, clock=clock.time, sleep=clock.sleep, policy=Politeness())
    one.select(SIMPLE, ["n"])
    two.select(SIMPLE + " ", ["n"])  # another query: not a cache hit
    assert clock.waits == [1.0]  # the lock file beside the cache held the time of the first request


def test_the_command_line_through_an_endpoint(proxy, tmp_path: Path) -> None:
    _, config = settings_for(tmp_path, {"test": proxy.url})
    env = {"GAPKIT_CONFIG": str(config), "PATH": "/usr/bin:/bin"}
    run = gapkit("gaps", "gender", "--edition", "zh-yue", "--endpoint", "test", env=env)
    assert run.returncode == 0, run.stderr
    assert run.stdout.splitlines()[1] == "zh-yue,women,1,1.0"
    run = gapkit("gaps", "gender", "--edition", "zh-yue", "--endpoint", "test", "--offline", env=env)
    assert run.returncode == 0 and run.stdout.splitlines()[1] == "zh-yue,women,1,1.0"
    run = gapkit("gaps", "gender", "--edition", "hr", "--endpoint", "test", "--offline", env=env)
    assert (
        run.returncode == 1 and "Offline: this answer (query biographies_by_gender) is not in the cache" in run.stderr
    )
    proxy.faults.extend(["html"])
    run = gapkit("gaps", "coverage", "--edition", "hr", "--endpoint", "test", env=env)
    assert run.returncode == 1 and run.stderr.count("\n") == 1 and "Traceback" not in run.stderr


def test_a_partitioned_aggregate_equals_the_local_one_on_a_synthetic_store(tmp_path: Path) -> None:
    from gapkit.builders.synth import build_synthetic

    ref = build_synthetic(2000, 3, tmp_path / "synth")
    plain = tmp_path / "synth.nt"
    export_ntriples(ref, plain)
    running = OxigraphServer(plain)
    proxy = FaultProxy(running.url)
    try:
        proxy.slow = True
        local = open_store_endpoint(ref)
        for make in (lambda e: gender_by_edition(e, None), lambda e: gender_by_edition(e, ["en", "hr"], "raw")):
            remote_figure = make(remote(tmp_path, proxy.url))
            pd.testing.assert_frame_equal(remote_figure.frame, make(local).frame)
            assert remote_figure.provenance.partitions == 10
        # synthetic QIDs start at Q900,000,000: all of them fall in the last, open partition
        assert sum(1 for q in proxy.requests if "?partition >=" in q) == 30  # 3 split queries x 10
    finally:
        proxy.stop()
        running.stop()


def test_a_figure_of_several_answers_is_as_old_as_the_oldest_and_keeps_why_it_is_stale() -> None:
    from gapkit.sources.endpoints import Provenance

    fresh = Provenance("wdqs", "endpoint", "2026-11-25T01:30:00+00:00", "2026-11-25 01:30 UTC", False, True)
    old = Provenance("wdqs", "endpoint", "2026-11-24T09:00:00+00:00", "2026-11-24 09:00 UTC", False, True,
                     from_cache=True, stale=True, notice="Stale: the endpoint wdqs failed.")  # fmt: skip
    merged = fresh.merged(old)
    assert (merged.data_date, merged.data_version) == (old.data_date, old.data_version)
    assert merged.stale and merged.notice == "Stale: the endpoint wdqs failed." and not merged.from_cache
    assert merged.line() == "Source: wdqs · data date 2026-11-24 09:00 UTC · stale cached copy"


def test_a_429_is_kept_by_every_endpoint_object_through_the_lock_file(proxy, tmp_path: Path) -> None:
    clock = FakeClock()
    settings, _ = settings_for(tmp_path, {"test": proxy.url})
    one, two = (RemoteEndpoint("test", proxy.url, settings, clock=clock.time, sleep=clock.sleep) for _ in range(2))
    proxy.faults.append("429")  # Retry-After: 7
    with pytest.raises(SourceError, match="slow down"):
        RemoteEndpoint("test", proxy.url, settings, clock=clock.time, sleep=clock.sleep,
                       policy=Politeness(attempts=1)).select(SIMPLE, ["n"])  # fmt: skip
    messages = []
    assert two.select(SIMPLE, ["n"], progress=lambda m, f: messages.append(m)).frame["n"].tolist() == [1, 2]
    assert clock.waits == [7] and messages == ["Waiting 7.0 s as the endpoint asked (HTTP 429)"]
    proxy.faults.append("429-long")
    with pytest.raises(SourceError, match="slow down"):
        one.select(SIMPLE + " ", ["n"])
    with pytest.raises(SourceError, match=r"for 3600 s more; gapkit sends nothing until then"):
        two.select(SIMPLE + "  ", ["n"])
    assert len(proxy.requests) == 3


def test_the_lock_file_serialises_processes(tmp_path: Path) -> None:
    import subprocess
    import sys

    script = (
        "import sys, time\n"
        "from pathlib import Path\n"
        "from gapkit.sources.politeness import EndpointLock, Politeness\n"
        "out = Path(sys.argv[1])\n"
        "for _ in range(3):\n"
        "    with EndpointLock(Path(sys.argv[2]), 'test', Politeness(min_interval=0), time.time, time.sleep):\n"
        "        with out.open('a') as f: f.write('in\\n')\n"
        "        time.sleep(0.05)\n"
        "        with out.open('a') as f: f.write('out\\n')\n"
    )
    log = tmp_path / "log"
    root = Path(__file__).resolve().parents[1]
    runs = [subprocess.Popen([sys.executable, "-c", script, str(log), str(tmp_path / "http.sqlite")], cwd=root)
            for _ in range(3)]  # fmt: skip
    assert [run.wait(timeout=60) for run in runs] == [0, 0, 0]
    assert log.read_text().split() == ["in", "out"] * 9  # never two inside at once


def test_qlevers_declared_total_must_match_the_rows_received(proxy, tmp_path: Path) -> None:
    ep = remote(tmp_path, proxy.url)
    proxy.faults.append("qlever-cut")
    with pytest.raises(QueryTimeout, match=r"incomplete answer \(1 rows of 2\)"):
        ep.select(SIMPLE, ["n"])
    assert len(ep.session.cache.responses) == 0
    proxy.faults.append("qlever")
    assert ep.select(SIMPLE, ["n"]).frame["n"].tolist() == [1, 2]
    assert len(ep.session.cache.responses) == 1

"""Adaptive splits through the time-budget proxy: a part that runs out of time is halved, within limits, and kept."""

import re
from pathlib import Path

import pandas as pd
import pytest

from gapkit.builders.synth import FIRST_QID
from gapkit.errors import NotInCache, SourceError
from gapkit.figures.coverage import missing_property
from gapkit.figures.gender import gender_by_edition
from gapkit.figures.worklist import build_worklist
from gapkit.model.filters import make_filters
from gapkit.model.settings import load_settings
from gapkit.outputs.explain import explain_text
from gapkit.sources.partitions import halves
from gapkit.sources.remote import RemoteEndpoint
from tests.cli_helpers import gapkit
from tests.test_remote import CONTACT, FakeClock, expire_everything, proxy, server, settings_for

__all__ = ["proxy", "server"]  # the loopback fixtures, shared with test_remote
LOW = re.compile(r'\?partition >= "(\d+)"')
HIGH = re.compile(r'\?partition <= "(\d+)"')


def span_of(query: str) -> tuple[int, int | None] | None:
    """The QID range a bound query is restricted to, None for the whole."""
    low, high = LOW.search(query), HIGH.search(query)
    return (int(low.group(1)), int(high.group(1)) if high else None) if low else None


def slow_wide_parts(query: str) -> float:
    """Simulated engine seconds: the whole, and parts from Q0 wider than 300,000 numbers, run out of time (all
    the fixture's people have QIDs below Q100)."""
    if "# name:    biographies_by_gender" not in query:
        return 0.0
    span = span_of(query)
    return 60.0 if span is None or (span[0] == 0 and span[1] is not None and span[1] + 1 > 300_000) else 0.0


def endpoint(tmp_path: Path, url: str, extra: str = "", **kwargs) -> RemoteEndpoint:
    _, config = settings_for(tmp_path, {"test": url}, CONTACT + extra)
    clock = FakeClock()
    return RemoteEndpoint("test", url, load_settings({"GAPKIT_CONFIG": str(config)}), clock=clock.time,
                          sleep=clock.sleep, **kwargs)  # fmt: skip


def figure(ep):
    return gender_by_edition(ep, ["hr", "en"], filters=make_filters(born_from=1800))


def test_halves_down_to_the_floor() -> None:
    assert halves((0, 999_999)) == [(0, 499_999), (500_000, 999_999)]
    assert halves((0, 199_999)) == [(0, 99_999), (100_000, 199_999)]
    assert halves((0, 199_998)) is None  # a half would hold fewer than 100,000 numbers
    assert halves((120_000_000, None)) == [(120_000_000, 239_999_999), (240_000_000, None)]


def test_a_part_that_runs_out_of_time_is_halved_and_the_plan_kept(mini, proxy, tmp_path: Path) -> None:
    proxy.budget, proxy.cost = 1.0, slow_wide_parts
    messages = []
    split = gender_by_edition(endpoint(tmp_path, proxy.url), ["hr", "en"], filters=make_filters(born_from=1800),
                              progress=lambda m, f: messages.append(m))  # fmt: skip
    pd.testing.assert_frame_equal(split.frame, figure(mini).frame)
    assert split.provenance.partitions == 12  # 9 parts, and Q0-Q999,999 halved twice (3 parts)
    assert [span_of(q) for q in proxy.cut] == [None, (0, 999_999), (0, 499_999)]
    assert any("running part 12 of 12 (Q120,000,000 and above)" in m for m in messages)
    asked = len(proxy.requests)
    again = figure(endpoint(tmp_path, proxy.url))  # a rerun continues from the plan: every part is cached
    pd.testing.assert_frame_equal(again.frame, split.frame)
    assert len(proxy.requests) == asked and again.provenance.partitions == 12
    offline = figure(endpoint(tmp_path, proxy.url, offline=True))
    pd.testing.assert_frame_equal(offline.frame, split.frame)
    ep = endpoint(tmp_path, proxy.url)
    expire_everything(ep)
    figure(ep)  # expired: the parts are asked again, never the whole
    assert len(proxy.requests) == asked + 12 and all(span_of(q) for q in proxy.requests[asked:])


@pytest.mark.parametrize(
    "extra, sentence",
    [
        ("split_floor = 600000\n", r"for Q0-Q999,999, a part as small as split_floor \(600,000 QID numbers\) allows"),
        ("max_parts = 10\n", r"still runs out of time on test in 10 parts, and max_parts \(10\) allows no more"),
    ],
)
def test_a_split_stops_at_the_floor_or_the_cap_in_one_sentence(proxy, tmp_path: Path, extra, sentence) -> None:
    proxy.budget, proxy.cost = 0.5, slow_wide_parts
    with pytest.raises(SourceError, match=sentence):
        figure(endpoint(tmp_path, proxy.url, extra))
    assert len(proxy.cut) == 2  # the whole and its first part; nothing more was sent after the limit


def test_offline_a_cache_miss_never_starts_a_split(proxy, tmp_path: Path) -> None:
    with pytest.raises(NotInCache) as caught:
        figure(endpoint(tmp_path, proxy.url, offline=True))
    assert str(caught.value).startswith("Offline: this answer (query biographies_by_gender) is not in the cache")
    assert proxy.requests == []


@pytest.mark.parametrize("name", ["split_floor", "max_parts"])
def test_split_limits_are_positive_numbers(tmp_path: Path, name: str) -> None:
    (tmp_path / "gapkit.toml").write_text(f"{name} = -1\n")
    with pytest.raises(Exception, match=f"{name} in the configuration must be a number of"):
        load_settings({"GAPKIT_CONFIG": str(tmp_path / "gapkit.toml")})


def test_the_command_line_says_how_many_parts_ran(mini, capsys) -> None:
    import dataclasses

    from gapkit.outputs.registry import write_figure

    plain = figure(mini)
    split = dataclasses.replace(plain, provenance=dataclasses.replace(plain.provenance, partitions=12))
    write_figure(split, "csv", None)
    printed = capsys.readouterr()
    assert printed.err == "gapkit: the endpoint ran out of time; answered in 12 parts.\n"
    write_figure(plain, "csv", None)
    assert capsys.readouterr() == (printed.out, "")


LISTS = ("# name:    worklist_candidates", "# name:    worklist_total", "# name:    biographies_missing_property")
FINE = "split_floor = 4\n"  # the fixture's people are Q11-Q27: parts that small spread them over several parts


def slow_lists(query: str) -> float:
    """Simulated engine seconds for the worklist and fix-up list queries on the fixture: the whole, and parts
    holding more than 8 of the QID numbers Q0-Q99, run out of time; the details of more than one listed person too."""
    if "# name:    worklist_details" in query:
        listed = re.search(r"VALUES \?person \{([^}]*)\}", query)
        return 60.0 if listed and listed.group(1).count("/entity/Q") > 1 else 0.0
    if not any(name in query for name in LISTS):
        return 0.0
    span = span_of(query)
    if span is None:
        return 60.0
    low, high = span
    return 60.0 if min(99 if high is None else high, 99) - low + 1 > 8 else 0.0


def slow_wide_fixups(query: str) -> float:
    """The fix-up list's whole, and its parts from Q0 wider than 300,000 numbers, run out of time."""
    return slow_wide_parts(query.replace("biographies_missing_property", "biographies_by_gender"))


def worklist(ep, progress=None):
    return build_worklist(ep, "en", limit=2, this_year=2026, filters=make_filters(born_from=1800), progress=progress)


def fixups(ep):
    return missing_property(ep, None, "P21", filters=make_filters(gender="no_gender"))


def test_a_filtered_worklist_is_split_ranked_again_and_equals_the_local_store(mini, proxy, tmp_path: Path) -> None:
    proxy.budget, proxy.cost = 0.2, slow_lists
    messages = []
    split = worklist(endpoint(tmp_path, proxy.url, FINE), lambda m, f: messages.append(m))
    local = worklist(mini)
    pd.testing.assert_frame_equal(split.frame, local.frame)
    assert split.total == local.total and split.cut  # the parts' own top 2 ranked again: the top 2 of the whole
    listed = [q for q in proxy.requests if "name:    worklist_candidates" in q and q not in proxy.cut]
    parts = {q.name: q.parts for q in split.queries}
    assert parts["worklist_candidates"] == parts["worklist_total"] == len(listed) > 20
    assert parts["edition_sizes"] == 1 and parts["worklist_details"] == 2  # the 2 listed people one by one
    assert any(f"worklist_candidates answered in {len(listed)} parts" in m for m in messages)
    explained = explain_text(split)
    assert f"worklist_candidates in {len(listed)} parts" in explained and "worklist_details in 2 parts" in explained
    candidates = next(q for q in split.queries if q.name == "worklist_candidates")
    cut = [q for q in proxy.cut if "name:    worklist_candidates" in q]
    assert (candidates.requests, candidates.timeouts) == (len(listed) + len(cut), len(cut))
    asked = len(proxy.requests)
    offline = worklist(endpoint(tmp_path, proxy.url, FINE, offline=True))  # reassembled from plans and parts
    pd.testing.assert_frame_equal(offline.frame, local.frame)
    assert offline.total == local.total and len(proxy.requests) == asked


def test_a_filtered_fixup_list_is_split_and_equals_the_local_store(mini, proxy, tmp_path: Path) -> None:
    proxy.budget, proxy.cost = 0.2, slow_lists
    split = fixups(endpoint(tmp_path, proxy.url, FINE))
    pd.testing.assert_frame_equal(split.frame, fixups(mini).frame)
    parts = split.provenance.partitions
    assert parts > 20 and split.queries[0].parts == parts and len(split.frame) > 1


def test_offline_a_worklist_not_in_the_cache_is_one_sentence(proxy, tmp_path: Path) -> None:
    with pytest.raises(NotInCache) as caught:
        worklist(endpoint(tmp_path, proxy.url, offline=True))
    assert str(caught.value) == (
        "Offline: this answer (query worklist_candidates) is not in the cache of test (run the view once online first)."
    )
    assert proxy.requests == []


def test_explain_on_the_command_line_says_how_the_list_was_split(mini, proxy, tmp_path: Path) -> None:
    proxy.budget, proxy.cost = 1.0, slow_wide_fixups
    fixups(endpoint(tmp_path, proxy.url))  # online, in process: split in 12 parts, and its parts cached
    asked = len(proxy.requests)
    env = {"GAPKIT_CONFIG": str(tmp_path / "gapkit.toml"), "PATH": "/usr/bin:/bin"}
    args = ("gaps", "missing", "--all-editions", "--property", "P21", "--gender", "no_gender", "--endpoint", "test")
    run = gapkit(*args, "--offline", "--explain", env=env)
    assert run.returncode == 0, run.stderr
    assert run.stdout.splitlines()[1:] == [",".join(map(str, row)) for row in fixups(mini).frame.values.tolist()]
    lines = run.stderr.splitlines()
    assert lines[0] == "gapkit: the endpoint ran out of time; answered in 12 parts."
    assert lines[1].startswith("Biographies without P21: 1 query on test, 1 split (biographies_missing_property in ")
    assert lines[2].split() == ["query", "parts", "requests", "ran", "out", "of", "time", "seconds"]
    assert lines[3].split()[:4] == ["biographies_missing_property", "12", "0", "0"]  # offline: nothing was sent
    assert len(proxy.requests) == asked
    plain = gapkit(*args, "--offline", env=env)
    assert plain.stdout == run.stdout and plain.stderr == lines[0] + "\n"


def slow_where_the_people_are(query: str) -> float:
    """Simulated engine seconds on the synthetic store (people from Q900,000,000 up): the whole, and a part
    holding them that is open or wider than 200M numbers, run out of time."""
    if "# name:    biographies_by" not in query:
        return 0.0
    span = span_of(query)
    if span is None:
        return 60.0
    low, high = span
    holds = (high is None or high >= FIRST_QID) and low < FIRST_QID + 10_000
    return 60.0 if holds and (high is None or high - low > 200_000_000) else 0.0


def lists_slow_where_the_people_are(query: str) -> float:
    """The same for the worklist and the fix-up list; the details of more than 50 listed people run out of time."""
    if "# name:    worklist_details" in query:
        listed = re.search(r"VALUES \?person \{([^}]*)\}", query)
        return 60.0 if listed and listed.group(1).count("/entity/Q") > 50 else 0.0
    if not any(name in query for name in LISTS):
        return 0.0
    return slow_where_the_people_are(query.replace("# name:    ", "# name:    biographies_by "))


@pytest.mark.slow
def test_through_a_time_budget_a_2k_synthetic_store_equals_the_local_one(tmp_path: Path) -> None:

    from gapkit.builders.synth import build_synthetic
    from gapkit.figures.regions import region_by_edition
    from gapkit.figures.worklist import build_worklist
    from gapkit.sources.resolve import open_store_endpoint
    from gapkit.stores.export import export_ntriples
    from tests.servers import FaultProxy, OxigraphServer

    ref = build_synthetic(2000, 3, tmp_path / "synth")
    plain = tmp_path / "synth.nt"
    export_ntriples(ref, plain)  # the columnar store's RDF model, for the server (#13)
    running = OxigraphServer(plain)
    budgeted = FaultProxy(running.url)
    try:
        budgeted.budget, budgeted.cost = 1.0, slow_where_the_people_are
        local = open_store_endpoint(ref)
        # Filtered aggregates are split on the fixture only: on oxigraph a filtered part takes 30-60 s here
        # against 0.2-0.6 s for the whole, as the filters are not scoped to the population (issue #15, item 1).
        made = [
            lambda e: gender_by_edition(e, None),
            lambda e: region_by_edition(e, ["en", "hr"], by_gender=True),
            lambda e: build_worklist(e, "hr", sources=("en",), this_year=2026, filters=make_filters(born_from=1950)),
        ]
        for make in made:
            through = make(endpoint(tmp_path, budgeted.url))
            pd.testing.assert_frame_equal(through.frame, make(local).frame)
        wholes = [q for q in budgeted.cut if span_of(q) is None]
        assert len(wholes) >= 2 and len(budgeted.cut) == 6 * len(wholes)  # each whole, and 5 parts by the people
        # A filtered worklist and a fix-up list, split: each part's own top 100 ranked again, details in batches.
        budgeted.cost = lists_slow_where_the_people_are
        lists = [
            lambda e: build_worklist(e, "hr", limit=100, this_year=2026, filters=make_filters(gender="women")),
            lambda e: missing_property(e, None, "P27"),
        ]
        for make in lists:
            through = make(endpoint(tmp_path / "lists", budgeted.url))
            want = make(local)
            pd.testing.assert_frame_equal(through.frame, want.frame)
            assert getattr(through, "total", None) == getattr(want, "total", None) and len(want.frame) > 50
            assert through.provenance.partitions > 1 and all(q.parts > 1 for q in through.queries[:2])
    finally:
        budgeted.stop()
        running.stop()

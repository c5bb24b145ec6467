"""Fuzzing: no value a person can type (CLI option, page parameter) changes a query's structure."""

import functools
import re

import pyoxigraph
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

from gapkit.errors import BadInput
from gapkit.figures.base import edition_codes
from gapkit.figures.baselines import parse_baseline
from gapkit.model.filters import make_filters
from gapkit.sources.query_files import load_query
from gapkit.sources.resolve import resolve

FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True)
ATTACKS = ["Q1 } ; DROP ALL ; {", 'women" } UNION { ?s ?p ?o', "en\\u003e", "en>", "Q42\x00", "\u202eQ5",
           "../../etc/passwd", "1900) } #", "-0", "Q" + "9" * 40, "x" * 5000, "hr\n#", "Q46 ", "parity\r"]  # fmt: skip
NASTY = st.one_of(st.text(max_size=60), st.sampled_from(ATTACKS))
FIGURE_QUERY = load_query("biographies_by_gender")
EMPTY = pyoxigraph.Store()


def structure(text: str) -> str:
    """The query with every bound term replaced: what must not change whatever a person typed."""
    text = re.sub(r"<[^<>\s]*>", "<IRI>", text)
    text = re.sub(r'"(?:[^"\\]|\\.)*"(\^\^<IRI>|@[a-z-]+)?', '"LIT"', text)
    return re.sub(r"\s+", " ", text)


def bound(**filters: object) -> str:
    return FIGURE_QUERY.bind(site=["hr"], gender_groups=[("Q6581072", "women")], regions=[("Q142", "Q46")], **filters)


@seed(20261125)
@FUZZ
@given(gender=NASTY, region=NASTY, country=NASTY, occupation=NASTY, born=NASTY, living=NASTY)
def test_filters_from_any_text_are_refused_or_leave_the_structure(gender, region, country, occupation, born, living):
    for kwargs in ({"gender": gender}, {"region": region}, {"country": [country]}, {"occupation": [occupation]},
                   {"born_from": born}, {"living": living}):  # fmt: skip
        try:
            filters = make_filters(**kwargs)
        except BadInput:
            continue
        text = bound(**filters.params())
        reference = bound(**make_filters(**_benign(kwargs)).params()) if filters.active else bound()
        assert structure(text) == structure(reference)
        EMPTY.query(text)  # still one well-formed query


def _benign(kwargs: dict) -> dict:
    name = next(iter(kwargs))
    return {name: {"gender": "women", "region": "Q46", "country": ["Q1"], "occupation": ["Q1"], "born_from": 1,
                   "living": "yes"}[name]}  # fmt: skip


@seed(20261125)
@FUZZ
@given(value=NASTY)
def test_editions_baselines_and_source_names_from_any_text(value) -> None:
    for check in (lambda: edition_codes([value]), lambda: parse_baseline(value, parity=True), lambda: resolve(value)):
        try:
            check()  # a value or one sentence (BadInput); never another exception
        except BadInput:
            continue
    try:
        codes = edition_codes([value])
    except BadInput:
        return
    tables = {"gender_groups": [("Q1", "women")], "regions": [("Q1", "Q46")]}
    assert structure(FIGURE_QUERY.bind(site=codes, **tables)) == structure(FIGURE_QUERY.bind(site=["hr"], **tables))


def test_the_structure_check_sees_a_real_difference() -> None:
    assert structure(bound()) != structure(bound(gender_filter=["women"]))
    assert structure(bound(gender_filter=["women"])) == structure(bound(gender_filter=["men"]))


# -- every numeric CLI option: a value in range, or one usage sentence (exit status 2), never a traceback --------

CLI_VALUES = ["abc", "1e3", "-1", "0", "9" * 21, "1", "10000", "10001", "1000", "4294967296", " 7", "\u0667",
              "0x10", "1_000", "+5", "-0", "", "\u202e5", "5\x00", "1.0", "9" * 5000]  # fmt: skip
CLI_TEXT = st.one_of(st.text(max_size=30), st.sampled_from(CLI_VALUES), st.integers(-(10**25), 10**25).map(str))
# The options a subcommand needs before one more option can be parsed.
BASE_ARGS = {
    ("gaps", "missing"): ["--all-editions", "--property", "P21"],
    ("worklist",): ["--edition", "hr"],
    ("event", "save"): ["launch", "--edition", "hr"],
    ("store", "synth"): ["--people", "5", "--out", "x"],
    ("store", "harvest"): ["--endpoint", "local", "--edition", "hr", "--out", "x"],
    ("store", "build"): ["--from-dump", "x", "--out", "y"],
}
EXPECTED_NUMERIC = {"--limit", "--top", "--min-articles", "--people", "--seed", "--born-from", "--born-to",
                    "--per-page"}  # fmt: skip


def _leaves(parser, path=()):
    """(subcommand path, its parser) for every subcommand that takes options."""
    import argparse

    children = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    if not children:
        yield path, parser
    for action in children:
        for name, child in action.choices.items():
            yield from _leaves(child, (*path, name))


def numeric_options() -> list[tuple[tuple[str, ...], str, object]]:
    """(subcommand path, option, its bounds) of every numeric option of the command line."""
    from gapkit.cli.main import build_parser

    found = []
    for path, parser in _leaves(build_parser()):
        for action in parser._actions:
            bounds = getattr(action.type, "bounds", None)
            if bounds is not None:
                found.append((path, action.option_strings[-1], bounds))
    return found


@functools.cache
def _parser():
    from gapkit.cli.main import build_parser

    return build_parser()


def parse_one(path: tuple[str, ...], option: str, text: str) -> tuple[object, str]:
    """Parse the subcommand with one more option: (its value, or the exit status) and what went to stderr."""
    import contextlib
    import io

    base = BASE_ARGS.get(path, ["--all-editions"] if path[0] == "gaps" else [])
    err = io.StringIO()
    try:
        with contextlib.redirect_stderr(err):
            args = _parser().parse_args([*path, *base, f"{option}={text}"])
    except SystemExit as stop:
        return ("exit", stop.code), err.getvalue()
    return getattr(args, option.lstrip("-").replace("-", "_")), err.getvalue()


def test_every_numeric_option_is_checked_at_the_command_line() -> None:
    options = numeric_options()
    assert {option for _, option, _ in options} == EXPECTED_NUMERIC
    paths = {(path, option) for path, option, _ in options}
    for where in [(("worklist",), "--min-articles"), (("event", "save"), "--limit"), (("store", "synth"), "--seed"),
                  (("store", "harvest"), "--min-articles"), (("gaps", "occupation"), "--top")]:  # fmt: skip
        assert where in paths


def _expected(text: str, bounds: object) -> int | None:
    """What a value must parse to (None: refused), from the rule, not from the code under test."""
    if not re.fullmatch(r"-?[0-9]{1,30}", text.strip()):
        return None
    number = int(text.strip())
    if bounds == "year":
        return number if number != 0 and -13_000_000_000 <= number <= 9999 else None
    low, high = bounds
    return number if low <= number <= high else None


@seed(20261201)
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True)
@given(text=CLI_TEXT)
def test_every_numeric_option_takes_a_number_in_range_or_says_one_sentence(text: str) -> None:
    for path, option, bounds in numeric_options():
        got, stderr = parse_one(path, option, text)
        want = _expected(text, bounds)
        if want is None:
            assert got == ("exit", 2), (path, option, text, got)
            lines = stderr.splitlines()
            assert len(lines) == 1 and lines[0].endswith("(see --help).") and option in lines[0], stderr
            assert lines[0].isprintable()  # control and bidi characters are shown escaped
        else:
            assert got == want and stderr == "", (path, option, text, got)


def test_every_listed_value_on_every_numeric_option() -> None:
    # The cases (abc, 1e3, -1, 0, 21 digits) and more, each on each option, not left to chance.
    for path, option, bounds in numeric_options():
        for text in CLI_VALUES:
            got, stderr = parse_one(path, option, text)
            want = _expected(text, bounds)
            assert got == (("exit", 2) if want is None else want), (path, option, text, got)
            assert (len(stderr.splitlines()) == 1) == (want is None), stderr


@seed(20261201)
@FUZZ
@given(text=st.one_of(st.text(max_size=20), st.sampled_from(["2026-11-01", "2026-11", "2026", "unknown",
                                                              "2026-02-30", "2026-13", "\u202e2026", "2026\n",
                                                              "2026-11-01T00:00", "26-11-01"])))  # fmt: skip
def test_data_dates_are_iso_dates_or_refused(text: str) -> None:
    import datetime

    got, stderr = parse_one(("store", "build"), "--data-date", text)
    valid = text == "unknown"
    if re.fullmatch(r"[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?", text):
        parts = [int(p) for p in text.split("-")] + [1, 1]
        try:
            datetime.date(*parts[:3])
            valid = True
        except ValueError:
            valid = False
    if valid:
        assert got == text and stderr == ""
    else:
        assert got == ("exit", 2) and len(stderr.splitlines()) == 1 and stderr.strip().isprintable()


@seed(20261201)
@FUZZ
@given(text=NASTY)
def test_language_options_are_language_codes_or_refused(text: str) -> None:
    for path in (("store", "build"), ("store", "harvest")):
        got, stderr = parse_one(path, "--language", text)
        if re.fullmatch(r"[a-z]{2,3}(?:-[a-z0-9]{1,8}){0,3}", text):
            assert got == [text]
        else:
            assert got == ("exit", 2) and len(stderr.splitlines()) == 1

"""Bad input files and arguments: each is one sentence on stderr (exit 2 bad input, 1 a damaged store), never a
traceback, and nothing is written from them."""

import json
import os
import shutil
from pathlib import Path

import pytest

from gapkit.errors import BadInput
from gapkit.events.snapshots import event_progress, save_event
from gapkit.files import read_bounded, read_text_bounded
from gapkit.model.settings import load_settings
from tests.cli_helpers import gapkit
from tests.conftest import FIXTURE_STORE
from tests.dump_fixture import write_dump


def one_sentence(run, status: int = 2) -> str:
    """The run failed with `status` and said exactly one line, no traceback; returns the line."""
    assert run.returncode == status, (run.returncode, run.stderr)
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in run.stderr, run.stderr
    return lines[0]


@pytest.fixture
def bad_files(tmp_path: Path) -> dict[str, Path]:
    folder = tmp_path / "folder"
    folder.mkdir()
    binary = tmp_path / "binary"
    binary.write_bytes(bytes(range(256)) * 8)
    latin = tmp_path / "latin.csv"
    latin.write_bytes("country_qid,label_en,continent_qid\nQ142,Fran\xe7e,Q46\n".encode("latin-1"))
    empty = tmp_path / "empty"
    empty.write_bytes(b"")
    return {"missing": tmp_path / "missing", "folder": folder, "binary": binary, "latin": latin, "empty": empty}


REFRESHES = [
    ("editions", "refresh", "--from-sitematrix"),
    ("editions", "refresh", "--from-sparql"),
    ("editions", "refresh", "--from-sites-csv"),
    ("regions", "refresh", "--from-countries-csv"),
]


@pytest.mark.parametrize("command", REFRESHES, ids=lambda c: c[2])
@pytest.mark.parametrize("kind", ["missing", "folder", "binary", "latin", "empty"])
def test_a_bad_input_file_is_one_sentence_and_writes_nothing(tmp_path, bad_files, command, kind) -> None:
    target = tmp_path / "table.csv"
    run = gapkit(*command, str(bad_files[kind]), "--out", str(target))
    assert str(bad_files[kind].name) in one_sentence(run)
    assert not target.exists()


@pytest.mark.parametrize("command", REFRESHES, ids=lambda c: c[2])
def test_an_endless_or_oversized_input_stops_at_max_input_bytes(tmp_path, command) -> None:
    config = tmp_path / "gapkit.toml"
    config.write_text("max_input_bytes = 100000\n", encoding="utf-8")
    big = tmp_path / "big.json"
    big.write_text(" " * 100_001, encoding="utf-8")
    env = {**os.environ, "GAPKIT_CONFIG": str(config)}
    for source in ("/dev/zero", str(big)):
        run = gapkit(*command, source, "--out", str(tmp_path / "table.csv"), env=env)
        assert "larger than 100,000 bytes (the max_input_bytes setting)" in one_sentence(run)
    assert not (tmp_path / "table.csv").exists()


def test_the_default_cap_stops_dev_zero_too() -> None:
    with pytest.raises(BadInput, match="larger than 67,108,864 bytes"):
        read_bounded(Path("/dev/zero"), load_settings({}).max_input_bytes)


def test_the_bounded_readers(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(b"\xef\xbb\xbfhello")
    assert read_text_bounded(tmp_path / "a.txt", 8) == "hello"  # the byte-order mark is not data
    with pytest.raises(BadInput, match="larger than 7 bytes"):
        read_bounded(tmp_path / "a.txt", 7)
    (tmp_path / "b.txt").write_bytes(b"ab\0cd")
    with pytest.raises(BadInput, match="binary file"):
        read_text_bounded(tmp_path / "b.txt", 100)


@pytest.mark.parametrize("value", ["0", "-5", "'big'", "true", "1.5"])
def test_max_input_bytes_must_be_a_positive_whole_number(tmp_path: Path, value: str) -> None:
    config = tmp_path / "gapkit.toml"
    config.write_text(f"max_input_bytes = {value}\n", encoding="utf-8")
    with pytest.raises(BadInput, match="max_input_bytes in the configuration"):
        load_settings({"GAPKIT_CONFIG": str(config)})
    config.write_text("max_input_bytes = 5000\n", encoding="utf-8")
    assert load_settings({"GAPKIT_CONFIG": str(config)}).max_input_bytes == 5000


@pytest.mark.parametrize("kind", ["binary", "empty", "truncated", "badgzip", "folder"])
def test_a_damaged_or_foreign_dump_is_one_sentence(tmp_path: Path, bad_files, kind: str) -> None:
    if kind == "truncated":
        whole = write_dump(tmp_path / "whole.json.gz").read_bytes()
        dump = tmp_path / "cut.json.gz"
        dump.write_bytes(whole[: len(whole) // 2])
    elif kind == "badgzip":
        dump = tmp_path / "not.json.gz"
        dump.write_bytes(b"this is not gzip" * 100)
    else:
        dump = bad_files[kind]
    run = gapkit("store", "build", "--from-dump", str(dump), "--out", str(tmp_path / "store"))
    assert dump.name in one_sentence(run)
    assert not (tmp_path / "store").exists()


def test_store_synth_with_a_negative_seed_is_one_sentence(tmp_path: Path) -> None:
    run = gapkit("store", "synth", "--people", "5", "--seed", "-1", "--out", str(tmp_path / "s"))
    assert "--seed must be between 0 and 4,294,967,295, not -1" in one_sentence(run)


def test_min_articles_zero_is_refused_not_read_as_one() -> None:
    run = gapkit("worklist", "--edition", "hr", "--min-articles", "0", "--store", str(FIXTURE_STORE))
    assert "--min-articles must be between 1 and 10,000, not 0" in one_sentence(run)


@pytest.mark.parametrize("value", ["\u202e2026-11-01", "2026-11-01\x1b[31m", "November 2026", "2026-02-30"])
def test_a_data_date_is_an_iso_date_or_refused(tmp_path: Path, value: str) -> None:
    run = gapkit("store", "build", "--from-csv", str(tmp_path), "--out", str(tmp_path / "s"), "--data-date", value)
    line = one_sentence(run)
    assert "is not a data date" in line and line.isprintable()


def _saved(tmp_path: Path, mini) -> Path:
    events = tmp_path / "events"
    save_event(mini, "launch", "hr", events)
    return events


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (lambda d: d.pop("edition"), "its edition is missing"),
        (lambda d: d.pop("scope"), "its scope is missing"),
        (lambda d: d.pop("total"), "its total of candidates is missing"),
        (lambda d: d.update(total=-5), "its total of candidates is missing, negative"),
        (lambda d: d.update(total="5"), "its total of candidates is missing"),
        (lambda d: d.update(edition="hr'> ;"), "not an edition code"),
        (lambda d: d["people"][0].update(qid="Q1 } ;"), "is not a Wikidata item id"),
        (lambda d: d["gender"].update(women=-1), "its women counts are missing or negative"),
        (lambda d: d.update(people={"qid": "Q1"}), "its list of people is missing"),
    ],
)
def test_a_snapshot_is_checked_before_progress_uses_it(tmp_path: Path, mini, change, reason: str) -> None:
    events = _saved(tmp_path, mini)
    path = events / "launch.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(BadInput, match=reason):
        event_progress(mini, "launch", events)
    run = gapkit("event", "progress", "launch", "--store", str(FIXTURE_STORE), "--events-dir", str(events))
    assert reason in one_sentence(run)


def test_an_oversized_snapshot_is_refused(tmp_path: Path, mini) -> None:
    events = _saved(tmp_path, mini)
    config = tmp_path / "gapkit.toml"
    config.write_text("max_input_bytes = 100\n", encoding="utf-8")
    run = gapkit("event", "progress", "launch", "--store", str(FIXTURE_STORE), "--events-dir", str(events),
                 env={**os.environ, "GAPKIT_CONFIG": str(config)})  # fmt: skip
    assert "max_input_bytes" in one_sentence(run)


def test_an_unreadable_manifest_is_one_sentence(tmp_path: Path) -> None:
    store = tmp_path / "store"
    shutil.copytree(FIXTURE_STORE, store)
    (store / "manifest.json").unlink()
    (store / "manifest.json").mkdir()  # unreadable as a file, whoever runs the test (root reads any mode)
    run = gapkit("gaps", "gender", "--all-editions", "--store", str(store))
    assert "The manifest of the store" in one_sentence(run, status=1) and "cannot be read" in run.stderr


def test_an_out_file_that_cannot_be_written_is_one_sentence(tmp_path: Path) -> None:
    (tmp_path / "a-file").write_text("x", encoding="utf-8")
    for command in (["gaps", "gender", "--all-editions"], ["worklist", "--edition", "hr"]):
        run = gapkit(*command, "--store", str(FIXTURE_STORE), "--out", str(tmp_path / "a-file" / "out.csv"))
        assert "a-file" in one_sentence(run)
        run = gapkit(*command, "--store", str(FIXTURE_STORE), "--out", str(tmp_path))
        assert "folder" in one_sentence(run) or "directory" in run.stderr


@pytest.mark.parametrize("figure", [["gender"], ["region"], ["decade"], ["occupation"], ["coverage"]])
def test_shares_keep_their_four_decimals(figure: list[str]) -> None:
    import csv
    import io
    import re

    run = gapkit("gaps", *figure, "--all-editions")  # the bundled sample, every edition
    assert run.returncode == 0, run.stderr
    rows = list(csv.DictReader(io.StringIO(run.stdout)))
    columns = [c for c in rows[0] if "share" in c]
    assert rows and columns
    for row in rows:
        for column in columns:
            assert re.fullmatch(r"(-?[0-9]+(\.[0-9]{1,4})?)?", row[column]), (column, row[column])


def test_two_builders_on_one_out_the_second_is_told(tmp_path: Path) -> None:
    import fcntl

    from gapkit.builders.from_dump import build_from_dump

    dump = write_dump(tmp_path / "dump.json")
    work = tmp_path / "store.importing"
    with open(tmp_path / "store.lock", "ab") as held:  # another builder holds --out
        fcntl.flock(held.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        run = gapkit("store", "build", "--from-dump", str(dump), "--out", str(tmp_path / "store"))
        assert "is being built by" in one_sentence(run)
        with pytest.raises(BadInput, match="is being built by"):
            build_from_dump(dump, tmp_path / "store")
    assert build_from_dump(dump, tmp_path / "store").manifest.counts["people"] == 13  # released: it runs
    assert not work.exists()


def test_two_harvests_on_one_out_the_second_is_told(tmp_path: Path) -> None:
    from gapkit.sources.resolve import open_store_endpoint
    from gapkit.stores.store import read_manifest
    from tests.conftest import FIXTURE_STORE

    mini = open_store_endpoint(read_manifest(FIXTURE_STORE), engine="sparql")  # harvest files have no SQL twins
    import fcntl

    from gapkit.builders.harvest import harvest

    with open(tmp_path / "hr.lock", "ab") as held:
        fcntl.flock(held.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        with pytest.raises(BadInput, match="is being built by"):
            harvest(mini, "hr", tmp_path / "hr")
    assert harvest(mini, "hr", tmp_path / "hr").manifest.counts["people"] > 0


@pytest.mark.parametrize("content", ["{not json", '{"options": 1}', "[]"])
def test_a_damaged_checkpoint_is_one_sentence(tmp_path: Path, content: str) -> None:
    from gapkit.builders.from_dump import build_from_dump

    dump = write_dump(tmp_path / "dump.json")
    (tmp_path / "store.importing").mkdir()
    (tmp_path / "store.importing" / "checkpoint.json").write_text(content, encoding="utf-8")
    with pytest.raises(BadInput, match="is damaged; delete"):
        build_from_dump(dump, tmp_path / "store")


def test_an_out_folder_that_refuses_writes_is_one_sentence(tmp_path: Path, monkeypatch, capsys) -> None:
    # A read-only folder (root ignores file modes, so the refusal is simulated where the file is created).
    import tempfile

    from gapkit.cli.main import main

    def refused(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", refused)
    for command in (["gaps", "gender", "--all-editions"], ["worklist", "--edition", "hr"]):
        status = main([*command, "--store", str(FIXTURE_STORE), "--out", str(tmp_path / "ro" / "out.csv")])
        err = capsys.readouterr().err
        assert status == 2 and err.count("\n") == 1 and "Permission denied" in err


def test_any_other_file_error_is_one_sentence(monkeypatch, capsys) -> None:
    from gapkit.cli import gaps
    from gapkit.cli.main import main

    def failing(*args, **kwargs):
        raise OSError(5, "Input/output error", "/some/file")

    monkeypatch.setattr(gaps, "write_figure", failing)
    assert main(["gaps", "gender", "--all-editions", "--store", str(FIXTURE_STORE)]) == 2
    assert capsys.readouterr().err == "gapkit: could not read or write /some/file (Input/output error).\n"

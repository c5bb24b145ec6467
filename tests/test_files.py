"""Every write is atomic: a failure leaves the old file and no temporary file; written files follow the umask."""

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from gapkit import files
from gapkit.builders.checkpoint import Checkpoint
from gapkit.builders.from_dump import build_from_dump
from gapkit.errors import BadInput
from gapkit.events.snapshots import save_event
from gapkit.files import AlreadyExists, atomic_file, atomic_write
from gapkit.model.editions import load_editions, write_editions
from gapkit.outputs.registry import FIGURE_FORMATS, write_output
from gapkit.sources.resolve import open_store_endpoint
from gapkit.stores.store import read_manifest
from tests.conftest import FIXTURE_STORE
from tests.dump_fixture import write_dump


def listing(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*")}


def test_a_failed_write_leaves_the_old_file_and_no_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    target.write_text("old")
    with pytest.raises(RuntimeError), atomic_file(target) as handle:
        handle.write(b"half")
        raise RuntimeError("the writer failed")
    assert target.read_text() == "old" and listing(tmp_path) == {"out.csv"}


def test_written_files_follow_the_umask(tmp_path: Path) -> None:
    old = os.umask(0o027)
    try:
        atomic_write(tmp_path / "a.csv", "x")
        atomic_write(tmp_path / "b.json", "x", exclusive=True)
    finally:
        os.umask(old)
    assert {(tmp_path / n).stat().st_mode & 0o777 for n in ("a.csv", "b.json")} == {0o640}


def test_an_exclusive_write_never_replaces(tmp_path: Path) -> None:
    target = tmp_path / "event.json"
    atomic_write(target, "first", exclusive=True)
    with pytest.raises(AlreadyExists):
        atomic_write(target, "second", exclusive=True)
    assert target.read_text() == "first" and listing(tmp_path) == {"event.json"}


def fail_renames(monkeypatch) -> None:
    """Every rename or link of a finished temporary file fails, as on a full or read-only disk."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(files.os, "replace", refuse)
    monkeypatch.setattr(files.os, "link", refuse)


def _editions(folder: Path) -> None:
    write_editions(list(load_editions())[:3], folder / "editions.csv")


def _checkpoint(folder: Path) -> None:
    Checkpoint(folder / "hr.importing", {"dump": "x"}, "").save({"line": 8})


def _dump_import(folder: Path) -> None:
    build_from_dump(write_dump(folder / "wikidata-all.json"), folder / "store", languages=["en"])


def _event(folder: Path) -> None:
    save_event(open_store_endpoint(read_manifest(FIXTURE_STORE)), "launch", "hr", folder / "events")


def _output(folder: Path) -> None:
    figure = _figure()
    write_output(FIGURE_FORMATS["csv"], figure, str(folder / "gender.csv"))


def _figure():
    from gapkit.figures.gender import gender_by_edition

    return gender_by_edition(open_store_endpoint(read_manifest(FIXTURE_STORE)), ["hr"])


# The places that wrote atomically each their own way, and the harvest (test_harvest's own server below).
WRITERS: dict[str, Callable[[Path], None]] = {
    "editions refresh": _editions,
    "checkpoint": _checkpoint,
    "dump import": _dump_import,
    "event snapshot": _event,
    "exports": _output,
}


@pytest.mark.parametrize("name", list(WRITERS))
def test_no_temporary_file_is_left_after_a_failed_write(monkeypatch, tmp_path: Path, name: str) -> None:
    _figure()  # loaded before writes fail
    before = listing(tmp_path)
    fail_renames(monkeypatch)
    with pytest.raises(BadInput, match="No space left on device"):
        WRITERS[name](tmp_path)
    left = {p for p in listing(tmp_path) - before if p.endswith(".tmp") or Path(p).name.startswith(".")}
    assert not left


def test_no_temporary_file_is_left_by_a_failed_harvest_partition(monkeypatch, tmp_path: Path) -> None:
    from gapkit.builders.harvest import harvest
    from tests.servers import FaultProxy, OxigraphServer
    from tests.test_remote import remote

    server = OxigraphServer(FIXTURE_STORE / "data.ttl")
    proxy = FaultProxy(server.url)
    real = os.replace

    def no_parts(source: str, target: str) -> None:
        if "part-" in str(target):
            raise OSError(28, "No space left on device")
        real(source, target)

    monkeypatch.setattr(files.os, "replace", no_parts)
    try:
        with pytest.raises(BadInput, match="No space left"):
            harvest(remote(tmp_path, proxy.url), "hr", tmp_path / "hr", languages=["en"])
    finally:
        proxy.stop()
        server.stop()
    work = tmp_path / "hr.harvesting"
    assert sorted(p.name for p in work.iterdir()) == ["checkpoint.json"]  # no part, no temporary file


def test_a_checkpoint_resumes_only_the_build_it_was_made_by(tmp_path: Path) -> None:
    work = tmp_path / "hr.importing"
    assert Checkpoint(work, {"dump": "a"}, "other options").load() is None and work.is_dir()
    Checkpoint(work, {"dump": "a"}, "other options").save({"line": 8})
    assert Checkpoint(work, {"dump": "a"}, "other options").load() == {"line": 8}
    with pytest.raises(BadInput, match="other options"):
        Checkpoint(work, {"dump": "b"}, "other options").load()
    (work / "checkpoint.json").write_text("{not json")
    with pytest.raises(BadInput, match="is damaged"):
        Checkpoint(work, {"dump": "a"}, "other options").load()
    assert listing(work) == {"checkpoint.json"}

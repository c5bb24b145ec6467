"""Nothing written is lost when writers race: exclusive event saves, one builder per --out."""

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from gapkit.errors import BadInput
from gapkit.events.snapshots import event_path, save_event
from gapkit.files import build_lock, lock_path
from tests.cli_helpers import gapkit
from tests.conftest import FIXTURE_STORE, ROOT
from tests.dump_fixture import write_dump

# -- event save: exclusive ------------------------------------------------------------------------------------

SAVER = """
import sys, time
from pathlib import Path
from gapkit.errors import GapkitError
from gapkit.events import snapshots
from gapkit.sources.resolve import open_store_endpoint
from gapkit.stores.store import read_manifest

folder, me, count = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
build = snapshots.make

def build_then_wait(*args, **kwargs):
    # Every save has passed its "does the name exist?" check before any writes: the race, made certain.
    worklist = build(*args, **kwargs)
    (folder / f"ready-{me}").touch()
    deadline = time.monotonic() + 60  # a saver that died never hangs the others (the test then fails on counts)
    while len(list(folder.glob("ready-*"))) < count and time.monotonic() < deadline:
        time.sleep(0.01)
    return worklist

snapshots.make = build_then_wait
try:
    snapshots.save_event(open_store_endpoint(read_manifest(Path(sys.argv[4]))), "launch", "hr", folder / "events",
                         limit=int(me))
    print("saved")
except GapkitError as err:
    print(err)
    sys.exit(err.exit_status)
"""


def test_concurrent_saves_of_one_event_keep_one_and_refuse_the_others(tmp_path: Path) -> None:
    count = 3
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", SAVER, str(tmp_path), str(n), str(count), str(FIXTURE_STORE)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in range(1, count + 1)
    ]
    try:
        results = [(*p.communicate(timeout=120), p.returncode) for p in processes]
    finally:
        for process in processes:
            process.kill()  # only if still running (a hung saver); a finished one is left as it is
            process.wait()
    results = [(rc, out.strip(), err) for out, err, rc in results]
    saved = [n for n, (rc, out, _) in enumerate(results, start=1) if rc == 0]
    assert len(saved) == 1, results
    refused = [out for rc, out, _ in results if rc != 0]
    assert all(rc == 2 for rc, _, _ in results if rc) and all("was saved" in out for out in refused)
    assert all("Traceback" not in err for _, _, err in results)
    snapshot = json.loads(event_path(tmp_path / "events", "launch").read_text(encoding="utf-8"))
    assert len(snapshot["people"]) == saved[0]  # the file is the one that was reported saved
    assert not [p for p in (tmp_path / "events").iterdir() if p.name != "launch.json"]


def test_replace_still_replaces_a_saved_event(mini, tmp_path: Path) -> None:
    save_event(mini, "launch", "hr", tmp_path, limit=1)
    with pytest.raises(BadInput, match="already exists"):
        save_event(mini, "launch", "hr", tmp_path, limit=2)
    save_event(mini, "launch", "hr", tmp_path, limit=2, replace=True)
    assert len(json.loads(event_path(tmp_path, "launch").read_text(encoding="utf-8"))["people"]) == 2


# -- builders lock their --out --------------------------------------------------------------------------------

HOLDER = """
import sys, time
from pathlib import Path
from gapkit.files import build_lock
with build_lock(Path(sys.argv[1])):
    print("locked", flush=True)
    time.sleep(600)
"""


def hold(out: Path) -> subprocess.Popen:
    """Another process holding the lock of `out` until it is killed."""
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(out)], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "locked"
    return holder


def test_a_second_builder_on_one_out_is_refused_naming_the_other(tmp_path: Path) -> None:
    out = tmp_path / "hr"
    holder = hold(out)
    try:
        dump = write_dump(tmp_path / "wikidata-all.json")
        for command in (
            ["store", "synth", "--people", "50", "--seed", "1", "--out", str(out)],
            ["store", "build", "--from-dump", str(dump), "--out", str(out)],
            ["store", "build", "--from-csv", str(tmp_path), "--out", str(out)],
            ["store", "harvest", "--endpoint", "wdqs", "--edition", "hr", "--out", str(out), "--offline"],
        ):
            refused = gapkit(*command)
            assert refused.returncode == 2 and "Traceback" not in refused.stderr, refused.stderr
            assert refused.stderr.strip() == (
                f"gapkit: {out} is being built by process {holder.pid} (lock file hr.lock); wait for it to finish "
                "or choose another --out."
            )
        assert not out.exists() and not (tmp_path / "hr.importing").exists()
    finally:
        holder.kill()
        holder.wait()
        holder.stdout.close()
    # The kernel released the killed holder's lock: the next build goes ahead and leaves no lock file.
    run = gapkit("store", "synth", "--people", "50", "--seed", "1", "--out", str(out))
    assert run.returncode == 0, run.stderr
    assert not lock_path(out).exists()


def test_the_lock_is_released_on_every_exit_path(tmp_path: Path) -> None:
    out = tmp_path / "store"
    with pytest.raises(RuntimeError), build_lock(out):
        raise RuntimeError("the build failed")
    with build_lock(out), build_lock(out):
        # the same process again (the CLI, then the builder it calls): one lock, held until the outer one ends
        assert lock_path(out).exists()
    assert not lock_path(out).exists()
    holder = hold(out)
    holder.send_signal(signal.SIGKILL)
    holder.wait()
    holder.stdout.close()
    with build_lock(out) as path:
        assert path.read_text().strip() == str(os.getpid())
    assert not lock_path(out).exists()


def test_a_failed_cli_build_releases_its_lock(tmp_path: Path) -> None:
    out = tmp_path / "store"
    bad = gapkit("store", "build", "--from-dump", str(tmp_path / "missing.json"), "--out", str(out))
    assert bad.returncode == 2 and not lock_path(out).exists()

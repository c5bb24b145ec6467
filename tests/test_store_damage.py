"""A damaged store is one sentence naming its rebuild on every reader path (CLI, app, export), never a number;
a precomputed.json.gz left beside a store by an older gapkit is never read (issues #13 and #14)."""

import gzip
import hashlib
import json
import shutil
from collections.abc import Callable
from pathlib import Path

import duckdb
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from gapkit.stores.store import ENDS, SAMPLE_STORE
from tests.cli_helpers import gapkit
from tests.conftest import FIXTURE_STORE, ROOT

HR = "edition,gender,people,share\nhr,women,2,0.4\nhr,men,1,0.2\nhr,other,2,0.4\nhr,no_gender,1,\n"
BLOCK, HEADER = 262_144, 12_288  # DuckDB 1.x-2.x: 256 KiB blocks after three 4 KiB header pages


def _copy(tmp_path: Path) -> Path:
    store = tmp_path / "store"
    shutil.copytree(FIXTURE_STORE, store)
    return store


def _old_precomputed(store: Path, women: int = 99) -> bytes:
    """precomputed.json.gz as gapkit 0.1 wrote it, for this very manifest, hr women edited and the file's own
    hash made to match (the check that old reader trusted)."""
    frame = {"columns": ["edition", "gender", "people", "share"], "index": [0], "data": [["hr", "women", women, 0.99]]}
    entries = [
        {
            "name": "gender",
            "option": "groups",
            "title": "Biographies by gender",
            "definition": "edited",
            "scope": {"editions": "hr", "grouping": "groups"},
            "provenance": {
                "source": "edited",
                "kind": "store",
                "data_version": "x",
                "data_date": "2026",
                "synthetic": True,
            },
            "queries": [],
            "frame": {"dtypes": {}, "data": json.dumps(frame)},
        }
    ]
    figures = hashlib.sha256(json.dumps(entries, ensure_ascii=False, sort_keys=True).encode()).hexdigest()
    manifest = hashlib.sha256((store / "manifest.json").read_bytes()).hexdigest()
    data = {"format": "gapkit-precomputed", "manifest_hash": manifest, "figures": entries, "figures_sha256": figures}
    return gzip.compress(json.dumps(data).encode())


HOSTILE_FILES: dict[str, Callable[[Path], bytes]] = {
    "edited, its hash matching": _old_precomputed,
    "truncated": lambda store: _old_precomputed(store)[:40],
    "not gzip": lambda store: b"\x00\xff" * 5000,
}


@pytest.mark.parametrize("kind", list(HOSTILE_FILES))
def test_a_precomputed_file_beside_a_good_store_is_never_read(tmp_path: Path, kind: str) -> None:
    store = _copy(tmp_path)
    (store / "precomputed.json.gz").write_bytes(HOSTILE_FILES[kind](store))
    run = gapkit("gaps", "gender", "--edition", "hr", "--store", str(store))
    assert run.returncode == 0 and run.stdout == HR and not run.stderr  # the live figure: 2 women, not 99
    every = gapkit("gaps", "gender", "--all-editions", "--store", str(store))
    assert every.stdout == gapkit("gaps", "gender", "--all-editions", "--store", str(FIXTURE_STORE)).stdout
    assert gapkit("store", "verify", str(store)).returncode == 0  # the store itself is intact


def _blocks(data: Path, table: str) -> list[int]:
    """The DuckDB blocks holding a table's columns."""
    con = duckdb.connect(str(data), read_only=True)
    try:
        info = con.table_function("pragma_storage_info", [table]).project("block_id").fetchall()
    finally:
        con.close()
    return sorted({block for (block,) in info if block is not None and block >= 0})


def _middle_block(data: Path) -> int:
    """The offset of a block of `population` (every gender figure reads it) that the cheap check cannot see:
    past the first MiB and before the last."""
    size = data.stat().st_size
    offsets = [HEADER + block * BLOCK for block in _blocks(data, "population")]
    inside = [o for o in offsets if o >= ENDS and o + BLOCK <= size - ENDS]
    assert inside, "the fixture's population block is no longer in the middle of its file"
    return inside[0]


def _flip(data: Path) -> None:
    body = bytearray(data.read_bytes())
    start = _middle_block(data) + 1000
    for offset in range(start, start + 16):  # bytes in the middle of the data block
        body[offset] ^= 0x5A
    data.write_bytes(bytes(body))


def _zero_page(data: Path) -> None:
    body = bytearray(data.read_bytes())
    start = _middle_block(data)  # the block's first page: its checksum and its data (the rest is mostly zeros)
    assert any(body[start : start + 4096])
    body[start : start + 4096] = bytes(4096)
    data.write_bytes(bytes(body))


DAMAGE: dict[str, Callable[[Path], None]] = {
    "bytes flipped in a data block": _flip,
    "a page zeroed": _zero_page,
    "truncated": lambda data: data.write_bytes(data.read_bytes()[:-BLOCK]),
    "swapped for another store's": lambda data: shutil.copyfile(SAMPLE_STORE / "store.duckdb", data),
}
REBUILD = "rebuild it with `python -m gapkit store build --from-rdf data.ttl --out "


def _refused(run, store: Path) -> None:
    """One sentence on stderr naming the rebuild, exit 1, no traceback and nothing on stdout (no number)."""
    lines = run.stderr.strip().splitlines()
    assert run.returncode == 1 and len(lines) == 1 and "Traceback" not in run.stderr, run.stderr
    assert f"The store at {store}" in lines[0] and "is damaged" in lines[0], lines[0]
    assert REBUILD + f"{store} --replace`." in lines[0], lines[0]
    assert run.stdout == ""


@pytest.mark.parametrize("damage", list(DAMAGE))
def test_a_damaged_duckdb_file_is_one_sentence_on_every_cli_path(tmp_path: Path, damage: str) -> None:
    store = _copy(tmp_path).resolve()
    (store / "precomputed.json.gz").write_bytes(_old_precomputed(store))  # standard views have nothing to fall to
    DAMAGE[damage](store / "store.duckdb")
    for command in (
        ["gaps", "gender", "--all-editions"],  # a standard view
        ["gaps", "gender", "--edition", "hr"],
        ["worklist", "--edition", "hr"],
        ["gaps", "gender", "--edition", "hr", "--engine", "sparql"],
    ):
        _refused(gapkit(*command, "--store", str(store)), store)
    out = tmp_path / "export.nt"
    _refused(gapkit("store", "export", str(store), "--format", "nt", "--out", str(out)), store)
    assert not out.exists() and not list(tmp_path.glob("*.tmp"))  # nothing exported
    _refused(gapkit("store", "verify", str(store)), store)


@pytest.mark.parametrize("damage", ["bytes flipped in a data block", "a page zeroed", "truncated"])
def test_a_damaged_duckdb_file_is_one_sentence_in_the_app(tmp_path: Path, monkeypatch, damage: str) -> None:
    store = _copy(tmp_path).resolve()
    DAMAGE[damage](store / "store.duckdb")
    monkeypatch.setenv("GAPKIT_STORE", str(store))
    monkeypatch.delenv("GAPKIT_CONFIG", raising=False)
    monkeypatch.chdir(ROOT)
    st.cache_data.clear()
    st.cache_resource.clear()
    try:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    finally:
        st.cache_data.clear()
    assert not at.exception
    errors = [e.value for e in at.error]
    assert len(errors) == 1 and "is damaged" in errors[0] and REBUILD + f"{store} --replace`." in errors[0], errors
    assert not at.dataframe and not at.metric and not at.get("vega_lite_chart")  # no number shown

"""Write a columnar store: facts in batches into store.duckdb in a temporary directory, renamed into place."""

import json
import os
import shutil
import tempfile
import time
from collections.abc import Iterable
from dataclasses import asdict, replace
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa

from gapkit.errors import BadInput, StoreError
from gapkit.model.settings import load_settings
from gapkit.model.tables import group_table, region_table
from gapkit.stores.nt_reader import read_line
from gapkit.stores.sql_files import sql_text
from gapkit.stores.store import (
    DATA_FILE,
    Manifest,
    StoreRef,
    ends_sha256,
    file_sha256,
    move_into_place,
    read_manifest,
    refuse_existing,
    shipped_table_hashes,
)

BATCH_ROWS = 200_000  # rows held in Python before they go to DuckDB in one append
_INT, _BIG, _STR, _TINY = pa.int32(), pa.int64(), pa.string(), pa.int8()
# The staging tables the writer appends to, with their column types (queries/sql/derive/schema.sql).
STAGING = {
    "in_people": (("qid", _BIG), ("sitelinks", _INT)),
    "in_sitelinks": (("qid", _BIG), ("sitelinks", _INT)),
    "in_statements": (
        ("qid", _BIG),
        ("pid", _INT),
        ("object", _BIG),
        ("unknown", _STR),
        ("value", _STR),
        ("raw", _STR),
    ),
    "in_sites": (("iri", _STR), ("wiki_group", _STR)),
    "in_articles": (
        ("iri", _STR),
        ("qid", _BIG),
        ("site_iri", _STR),
        ("title", _STR),
        ("title_lang", _STR),
        ("in_language", _STR),
    ),
    "in_article_triples": (
        ("iri", _STR),
        ("pred", _TINY),
        ("object", _BIG),
        ("value", _STR),
        ("lang", _STR),
        ("raw", _STR),
    ),
    "labels": (("qid", _BIG), ("lang", _STR), ("text", _STR)),
    "descriptions": (("qid", _BIG), ("lang", _STR), ("text", _STR)),
    "extra_triples": (("line", _STR),),
    "shipped_gender_groups": (("value", _BIG), ("gender_group", _STR)),
    "shipped_regions": (("country", _BIG), ("region", _STR)),
}
# The structured API: fact name -> (staging table, property id for truthy statements or None).
FACTS = {
    "people": ("in_people", None),  # (qid, sitelinks or None)
    "gender_values": ("in_statements", 21),  # (qid, value qid number or None, unknown or None)
    "citizenships": ("in_statements", 27),
    "occupations": ("in_statements", 106),
    "birth_dates": ("in_statements", 569),  # (qid, xsd:dateTime lexical form or None, unknown or None)
    "death_dates": ("in_statements", 570),
    "subclass_of": ("in_statements", 279),  # (qid, parent)
    "labels": ("labels", None),  # (qid, lang, text)
    "descriptions": ("descriptions", None),
    "sites": ("in_sites", None),  # (iri, wiki_group)
    "articles": ("in_articles", None),  # (iri, qid, site_iri, title, title_lang, in_language)
    "extra_triples": ("extra_triples", None),  # (N-Triples line,)
}
_DATE_FACTS = {"birth_dates", "death_dates"}


def _statement_row(fact: str, pid: int, row: tuple) -> tuple:
    if fact in _DATE_FACTS:
        return (row[0], pid, None, row[2] if len(row) > 2 else None, row[1], None)
    return (row[0], pid, row[1], row[2] if len(row) > 2 else None, None, None)


def duckdb_config() -> dict[str, str | int]:
    """DuckDB's memory limit and threads from gapkit.toml (duckdb_memory_limit, duckdb_threads)."""
    settings = load_settings()
    return {"memory_limit": settings.duckdb_memory_limit, "threads": settings.duckdb_threads}


class ColumnarWriter:
    """Write a new store: facts appended in batches, derived tables built in SQL by finish(), then renamed
    into place; `--out` is never half-written and a reader of the old store keeps reading it."""

    def __init__(self, out: str | os.PathLike[str], *, replace: bool = False) -> None:
        self.out = Path(out)
        refuse_existing(self.out, replace)
        try:
            self.out.parent.mkdir(parents=True, exist_ok=True)
            self._tmp = Path(tempfile.mkdtemp(prefix=f".{self.out.name}.", dir=self.out.parent))
        except OSError as err:
            raise BadInput(f"Cannot write into {self.out.parent}: {err.strerror or err}.") from None
        self._con = duckdb.connect(str(self._tmp / DATA_FILE), config=duckdb_config())
        self._con.execute(sql_text("derive/schema"))
        self._rows: dict[str, list[tuple]] = {name: [] for name in STAGING}
        self._held = 0
        self._carry = ""  # the unfinished last line of the text given to write()
        self.triples = 0  # triples of the RDF model written so far (the manifest's counts.triples)

    def _add(self, table: str, row: tuple) -> None:
        self._rows[table].append(row)
        self._held += 1
        if self._held >= BATCH_ROWS:
            self.flush()

    def flush(self) -> None:
        """Send every held row to DuckDB, one Arrow append per table."""
        for table, rows in self._rows.items():
            if rows:
                columns = list(zip(*rows, strict=True))
                arrays = {
                    name: pa.array(values, type=kind)
                    for (name, kind), values in zip(STAGING[table], columns, strict=True)
                }
                self._con.from_arrow(pa.table(arrays)).insert_into(table)
                rows.clear()
        self._held = 0

    def write(self, lines: str, count: int = 1) -> None:
        """Read N-Triples text as a stream: any chunking, a line cut at the end waits for the next chunk
        (count is kept for callers of the old writer; the lines are counted)."""
        parts = (self._carry + lines).split("\n")
        self._carry = parts.pop()
        self.ntriples(parts)

    def ntriples(self, lines: Iterable[str]) -> None:
        """Read N-Triples lines (one triple each; blank lines and comments skipped) into the fact tables."""
        rows, held = self._rows, 0

        def sink(table: str, row: tuple) -> None:
            rows[table].append(row)

        for line in lines:
            try:
                if read_line(line, sink):
                    held += 1
            except ValueError as err:
                raise BadInput(f"A line given to the store writer is not N-Triples ({err}).") from None
            if held >= BATCH_ROWS:  # a triple is at most one row
                self.triples += held
                held = 0
                self.flush()
        self.triples += held
        if sum(len(r) for r in rows.values()) >= BATCH_ROWS:
            self.flush()

    def append(self, fact: str, rows: Iterable[tuple]) -> None:
        """Append rows of one fact (see FACTS for each fact's columns), keyed by QID number."""
        table, pid = FACTS[fact]
        for row in rows:
            self._add(table, _statement_row(fact, pid, row) if pid is not None else tuple(row))

    def append_frame(self, fact: str, frame: pd.DataFrame) -> None:
        """Append a whole frame of one fact at once (columns in FACTS' order): the vectorised path."""
        table, pid = FACTS[fact]
        self.flush()
        names = [name for name, _ in STAGING[table]]
        if pid is None:
            data = {name: frame.iloc[:, i] for i, name in enumerate(names)}
        else:
            first, second = ("value", "unknown") if fact in _DATE_FACTS else ("object", "unknown")
            data = {"qid": frame.iloc[:, 0], "pid": pid, first: frame.iloc[:, 1]}
            if frame.shape[1] > 2:
                data[second] = frame.iloc[:, 2]
        arrays = {
            name: pa.array(data[name], type=kind)
            if name in data and not isinstance(data[name], int)
            else pa.array([data.get(name)] * len(frame), type=kind)
            for name, kind in STAGING[table]
        }
        self._con.from_arrow(pa.table(arrays)).insert_into(table)

    def _derive(self) -> dict[str, int]:
        self.ntriples([self._carry])
        self.append("extra_triples", [])
        for value, group in group_table():
            self._add("shipped_gender_groups", (int(value[1:]), group))
        for country, continent in region_table():
            self._add("shipped_regions", (int(country[1:]), continent))
        self.flush()
        self._con.execute(sql_text("derive/facts"))
        self._con.execute(sql_text("derive/derived"))
        names = ("people", "sitelinks", "editions", "triples")
        counts = dict(zip(names, self._con.execute(sql_text("derive/counts")).fetchone(), strict=True))
        self._con.close()
        return {k: int(v) for k, v in counts.items()}

    def finish(self, manifest: Manifest) -> StoreRef:
        """Derive the per-person tables, write the manifest and move the store into place."""
        try:
            counts = self._derive()
        except duckdb.Error as err:
            self.abort()
            raise StoreError(f"The store could not be built ({str(err).splitlines()[0][:200]}).") from None
        data = self._tmp / DATA_FILE
        built = dict(manifest.built)
        built.setdefault("time", time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()))
        final = replace(
            manifest,
            counts={**manifest.counts, **counts},
            built=built,
            data_file=DATA_FILE,
            data_sha256=file_sha256(data),
            data_bytes=data.stat().st_size,
            data_ends_sha256=ends_sha256(data),
            tables=shipped_table_hashes(),
        )
        (self._tmp / "manifest.json").write_text(
            json.dumps(asdict(final), indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )
        os.chmod(data, 0o644)
        self._tmp.chmod(0o755)  # mkdtemp makes it private; a store is read by app and CLI alike
        move_into_place(self._tmp, self.out)
        return read_manifest(self.out)

    def abort(self) -> None:
        """Drop the half-written store; nothing at --out changes."""
        try:
            self._con.close()
        finally:
            shutil.rmtree(self._tmp, ignore_errors=True)

    def __enter__(self) -> "ColumnarWriter":
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is not None:
            self.abort()

"""Read a columnar store: open its DuckDB file read-only, write its RDF model back as N-Triples."""

import gzip
import io
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pyoxigraph

from gapkit.errors import StoreError
from gapkit.files import atomic_file
from gapkit.model.settings import load_settings
from gapkit.stores.sql_files import sql_text
from gapkit.stores.store import StoreRef

EXPORT_BATCH = 100_000  # N-Triples lines fetched from DuckDB at a time: memory stays flat on any store size


def open_database(ref: StoreRef) -> duckdb.DuckDBPyConnection:
    """A read-only connection to a store's DuckDB file (any number of processes may hold one)."""
    settings = load_settings()
    config = {"memory_limit": settings.duckdb_memory_limit, "threads": settings.duckdb_threads}
    try:
        return duckdb.connect(str(ref.data_path), read_only=True, config=config)
    except duckdb.Error as err:
        raise StoreError(
            f"The store at {ref.path} is damaged: its database could not be opened ({_first(err)})."
        ) from None


def _first(err: Exception) -> str:
    return str(err).splitlines()[0][:160] if str(err) else err.__class__.__name__


def ntriples_chunks(ref: StoreRef) -> Iterator[bytes]:
    """The store's RDF model as N-Triples, in chunks of UTF-8 lines."""
    con = open_database(ref)
    try:
        con.execute(sql_text("export/macros"))
        reader = con.sql(sql_text("export/ntriples")).to_arrow_reader(EXPORT_BATCH)
        for batch in reader:
            lines = batch.column(0).to_pylist()
            if lines:
                yield ("\n".join(lines) + "\n").encode("utf-8")
    except duckdb.Error as err:
        raise StoreError(f"The store at {ref.path} is damaged: its data could not be read ({_first(err)}).") from None
    finally:
        con.close()


class _ChunkReader(io.RawIOBase):
    """A read-only file over an iterator of byte chunks (pyoxigraph's bulk_load reads it as it goes)."""

    def __init__(self, chunks: Iterator[bytes]) -> None:
        self._chunks = chunks
        self._held = b""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        while not self._held:
            self._held = next(self._chunks, b"")
            if not self._held:
                return 0
        size = min(len(buffer), len(self._held))
        buffer[:size] = self._held[:size]
        self._held = self._held[size:]
        return size


def load_pyoxigraph(ref: StoreRef) -> pyoxigraph.Store:
    """The store's RDF model in an in-memory pyoxigraph Store, streamed from the database (no copy on disk)."""
    store = pyoxigraph.Store()
    try:
        store.bulk_load(input=io.BufferedReader(_ChunkReader(ntriples_chunks(ref)), 1 << 20),
                        format=pyoxigraph.RdfFormat.N_TRIPLES)  # fmt: skip
    except (SyntaxError, ValueError, OSError) as err:
        raise StoreError(f"The store at {ref.path} is damaged: its RDF could not be loaded ({err}).") from None
    return store


def export_ntriples(ref: StoreRef, out: Path) -> int:
    """Write the store's RDF model to `out` (gzipped when it ends in .gz), atomically; returns the lines written."""
    lines = 0
    with atomic_file(out) as raw:
        sink = (
            gzip.GzipFile(filename="", mode="wb", compresslevel=1, fileobj=raw, mtime=0) if out.suffix == ".gz" else raw
        )
        for chunk in ntriples_chunks(ref):
            sink.write(chunk)
            lines += chunk.count(b"\n")
        if sink is not raw:
            sink.close()
    return lines

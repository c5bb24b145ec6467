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
from gapkit.stores.store import StoreRef, damaged, data_matches, verify_store

EXPORT_BATCH = 100_000  # N-Triples lines fetched from DuckDB at a time: memory stays flat on any store size


def open_database(ref: StoreRef) -> duckdb.DuckDBPyConnection:
    """A read-only connection to a store's DuckDB file (any number of processes may hold one)."""
    settings = load_settings()
    config = {"memory_limit": settings.duckdb_memory_limit, "threads": settings.duckdb_threads}
    try:
        con = duckdb.connect(str(ref.data_path), read_only=True, config=config)
    except duckdb.Error as err:
        raise StoreError(damaged(ref.path, ref.manifest, f"its database could not be opened ({_first(err)})")) from None
    if not data_matches(ref):
        # A rebuild renamed a new store into place after this one's manifest was read: never mix the two.
        con.close()
        raise StoreError(f"The store at {ref.path} was replaced while it was being opened; open it again.")
    return con


def _first(err: Exception) -> str:
    return str(err).splitlines()[0][:160] if str(err) else err.__class__.__name__


def query_failure(ref: StoreRef, err: duckdb.Error) -> StoreError | None:
    """The damage behind a failed query, or None: DuckDB found a block whose checksum is wrong, or the data file
    no longer has the sha256 its manifest records (checked in full, only now that a query has failed)."""
    text = str(err).lower()
    if "checksum" in text or "corrupt" in text:
        return StoreError(damaged(ref.path, ref.manifest, f"its database failed a check ({_first(err)})"))
    try:
        verify_store(ref)
    except StoreError as damage:
        return damage
    return None


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
        found = query_failure(ref, err)
        raise found or StoreError(
            damaged(ref.path, ref.manifest, f"its data could not be read ({_first(err)})")
        ) from None
    finally:
        con.close()


def exported(ref: StoreRef) -> list[str]:
    """The store's N-Triples lines, sorted: what two builds of the same data must share."""
    return sorted(b"".join(ntriples_chunks(ref)).decode("utf-8").splitlines())


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
    """The store's RDF model in an in-memory pyoxigraph Store, streamed from the database (no copy on disk).

    Like export it reads every fact, so it checks the full sha256 first: damage anywhere is refused."""
    verify_store(ref)
    store = pyoxigraph.Store()
    try:
        store.bulk_load(
            input=io.BufferedReader(_ChunkReader(ntriples_chunks(ref)), 1 << 20), format=pyoxigraph.RdfFormat.N_TRIPLES
        )
    except (SyntaxError, ValueError, OSError) as err:
        raise StoreError(f"The store at {ref.path} is damaged: its RDF could not be loaded ({err}).") from None
    return store


def export_ntriples(ref: StoreRef, out: Path) -> int:
    """Write the store's RDF model to `out` (gzipped when it ends in .gz), atomically; returns the lines written.

    The data file's full sha256 is checked first: a damaged store exports nothing, even where the damage lies
    in a table the export does not read."""
    verify_store(ref)
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

"""A resumable import's part file: rows of the store writer's facts, appended as Arrow frames, read back in order."""

import struct
from collections.abc import Iterator
from pathlib import Path
from typing import IO

import pyarrow as pa

from gapkit.errors import BadInput
from gapkit.stores.columnar import FACT_TYPES, ColumnarWriter

FACT_NAMES = tuple(FACT_TYPES)  # a frame names its fact by its index here
_HEADER = struct.Struct("<BQ")  # fact index, length of the Arrow IPC stream that follows
PART_ROWS = 100_000  # rows held before they are written as frames: memory stays flat on any dump size
WRITE_ROWS = 200_000  # rows of one fact gathered from frames into one insert when the store is written


class PartFile:
    """Rows of facts (tuples in FACT_TYPES' column order) held per fact and appended to one file as frames.

    A frame is the header (fact, length) and an Arrow IPC stream of that fact's columns; the file only grows,
    so the offset after the last finished frame (tell) is what a checkpoint records and truncate goes back to."""

    def __init__(self, handle: IO[bytes]) -> None:
        self._handle = handle
        self._rows: dict[str, list[tuple]] = {fact: [] for fact in FACT_NAMES}
        self._held = 0
        self.triples = 0  # rows added: one triple of the RDF model each (an article row is four)

    def add(self, fact: str, row: tuple) -> None:
        """Hold one row of a fact; a full buffer is written out."""
        self._rows[fact].append(row)
        self._held += 1
        if self._held >= PART_ROWS:
            self.flush()

    def flush(self) -> int:
        """Write every held row as frames (one per fact); returns the file's length after them."""
        for index, fact in enumerate(FACT_NAMES):
            rows = self._rows[fact]
            if rows:
                self._handle.write(_frame(index, fact, rows))
                rows.clear()
        self._held = 0
        self._handle.flush()
        return self._handle.tell()


def _frame(index: int, fact: str, rows: list[tuple]) -> bytes:
    columns = [
        pa.array(values, type=kind) for values, kind in zip(zip(*rows, strict=True), FACT_TYPES[fact], strict=True)
    ]
    batch = pa.record_batch(columns, names=[f"c{n}" for n in range(len(columns))])
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, batch.schema) as stream:
        stream.write_batch(batch)
    body = sink.getvalue()
    return _HEADER.pack(index, body.size) + body.to_pybytes()


def frames(path: Path) -> Iterator[tuple[str, pa.Table]]:
    """(fact, its columns) of every frame of a part file, in the order they were written."""
    with open(path, "rb") as handle:
        while header := handle.read(_HEADER.size):
            if len(header) < _HEADER.size:
                raise BadInput(f"The part file {path} is cut short; delete {path.parent} and import again.")
            index, size = _HEADER.unpack(header)
            body = handle.read(size)
            if index >= len(FACT_NAMES) or len(body) < size:
                raise BadInput(f"The part file {path} is damaged; delete {path.parent} and import again.")
            yield FACT_NAMES[index], pa.ipc.open_stream(body).read_all()


def write_parts(writer: ColumnarWriter, paths: list[Path]) -> None:
    """Append every frame of the part files to the store writer, a fact's frames gathered into large inserts."""
    pending: dict[str, list[pa.Table]] = {fact: [] for fact in FACT_NAMES}
    counts = dict.fromkeys(FACT_NAMES, 0)

    def send(fact: str) -> None:
        table = pa.concat_tables(pending[fact]).combine_chunks()
        writer.append_arrow(fact, table.columns)
        pending[fact], counts[fact] = [], 0

    for path in paths:
        for fact, table in frames(path):
            pending[fact].append(table)
            counts[fact] += table.num_rows
            if counts[fact] >= WRITE_ROWS:
                send(fact)
    for fact in FACT_NAMES:
        if pending[fact]:
            send(fact)

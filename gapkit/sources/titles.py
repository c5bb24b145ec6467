"""An edition's page titles from Wikimedia's all-titles-in-ns0 dump (gz or plain), streamed one title at a time."""

import gzip
import io
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from gapkit.errors import BadInput

HEADER = "page_title"  # the dump's first line: the name of the page table's column it lists
_GZIP_MAGIC = b"\x1f\x8b"
_BOM = "\ufeff"


class _Bounded(io.RawIOBase):
    """A reader that refuses to give more than `limit` bytes (an uploaded file's uncompressed size)."""

    def __init__(self, inner: BinaryIO, limit: int, name: str) -> None:
        self._inner, self._left, self._limit, self._name = inner, limit, limit, name

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:
        data = self._inner.read(len(buffer))
        self._left -= len(data)
        if self._left < 0:
            raise BadInput(
                f"{self._name} holds more than {self._limit:,} bytes of titles (the max_input_bytes setting); "
                "it was not read."
            )
        buffer[: len(data)] = data
        return len(data)


def _decompressed(handle: BinaryIO) -> BinaryIO:
    """The handle itself, or a gzip reader over it when the file starts as gzip does (whatever its name)."""
    buffered = handle if isinstance(handle, io.BufferedReader) else io.BufferedReader(handle)  # type: ignore[arg-type]
    if buffered.peek(2)[:2] == _GZIP_MAGIC:
        return gzip.GzipFile(fileobj=buffered, mode="rb")  # type: ignore[return-value]
    return buffered  # type: ignore[return-value]


def _line_text(raw: bytes, number: int, name: str) -> str:
    try:
        return raw.decode("utf-8").rstrip("\r\n")
    except UnicodeDecodeError:
        raise BadInput(f"Line {number:,} of {name} is not UTF-8 text; it is not a titles dump.") from None


def read_titles(handle: BinaryIO, name: str, limit: int | None = None) -> Iterator[str]:
    """The titles of an all-titles-in-ns0 file as written (underscores for spaces), after its `page_title`
    header; a damaged gzip, another header or non-UTF-8 text is one sentence. With `limit`, more than that many
    uncompressed bytes is refused (an upload); without it the file is streamed whatever its size (en: 17M)."""
    lines = _decompressed(handle)
    if limit is not None:  # counted after decompression: a small gzip can hold a huge file
        lines = io.BufferedReader(_Bounded(lines, limit, name))  # type: ignore[assignment]
    try:
        first = lines.readline()
        header = _line_text(first, 1, name).removeprefix(_BOM).strip()
        if header != HEADER:
            raise BadInput(
                f"{name} does not start with the line {HEADER!r}; it is not an all-titles-in-ns0 dump "
                "(for example hrwiki-latest-all-titles-in-ns0.gz)."
            )
        for number, raw in enumerate(lines, start=2):
            title = _line_text(raw, number, name)
            if title.strip():
                yield title
    except (OSError, EOFError, zlib.error) as err:
        raise BadInput(f"{name} is damaged or cut short ({err.__class__.__name__}); download it again.") from None


def check_titles_path(path: Path) -> None:
    """Refuse, before any query, a titles path that is a folder or no file at all."""
    if Path(path).is_dir():
        raise BadInput(f"{path} is a folder; --titles needs an all-titles-in-ns0 file.")
    if not Path(path).exists():
        raise BadInput(f"There is no file at {path}.")


@contextmanager
def titles_file(path: Path) -> Iterator[Iterator[str]]:
    """read_titles over a file named on the command line; a missing file or a folder is one sentence."""
    path = Path(path)
    check_titles_path(path)
    try:
        handle = open(path, "rb")  # noqa: SIM115 - closed when the block ends
    except FileNotFoundError:
        raise BadInput(f"There is no file at {path}.") from None
    except OSError as err:
        raise BadInput(f"{path} cannot be read ({err.strerror or err.__class__.__name__}).") from None
    with handle:
        yield read_titles(handle, path.name)

"""Files gapkit writes: atomically (a reader sees the old file or the new one, never half), following the umask."""

import fcntl
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from gapkit.errors import BadInput


class AlreadyExists(BadInput):
    """An exclusive write found its file already there (another writer got there first)."""


class Locked(BadInput):
    """Another process holds the lock on a build's --out."""


def _umask() -> int:
    # Linux shows the umask in /proc; elsewhere it can only be read by setting it, which is racy in a threaded
    # app (another thread could create a file in between), so that is the fallback only.
    try:
        for line in Path("/proc/self/status").read_text(encoding="ascii").splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


@contextmanager
def atomic_file(path: Path, *, exclusive: bool = False) -> Iterator[BinaryIO]:
    """A binary handle whose bytes replace `path` only when the block ends without an error.

    The temporary file sits beside `path` (same file system, so the rename is atomic) and is removed on any
    failure. With `exclusive`, an existing `path` is never replaced: the file is linked into place, which
    fails when another writer got there first (two writers of one name: one wins, the other is told)."""
    path = Path(path)
    if path.is_dir():
        raise BadInput(f"{path.name} is a folder; give a file name.")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as err:
        raise BadInput(f"Cannot write into {path.parent.name or '.'}: {err.strerror or err}.") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            os.fchmod(handle.fileno(), 0o666 & ~_umask())  # mkstemp makes 0600; a file follows the umask
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        if exclusive:
            try:
                os.link(tmp, path)
            except FileExistsError:
                raise AlreadyExists(f"{path.name} already exists; it was not replaced.") from None
        else:
            os.replace(tmp, path)
    except OSError as err:
        raise BadInput(f"Cannot write {path.name}: {err.strerror or err}.") from None
    finally:
        Path(tmp).unlink(missing_ok=True)


def atomic_write(path: Path, data: str | bytes, *, exclusive: bool = False) -> None:
    """Write `data` (text as UTF-8) to `path` atomically; see atomic_file."""
    with atomic_file(Path(path), exclusive=exclusive) as handle:
        handle.write(data.encode("utf-8") if isinstance(data, str) else data)


def lock_path(out: Path) -> Path:
    """The lock file of a build's --out: OUT.lock beside it (it covers OUT, OUT.importing/ and OUT.harvesting/)."""
    out = Path(out)
    return out.with_name(out.name + ".lock")


def _holder(fd: int) -> str:
    try:
        text = os.pread(fd, 64, 0).decode("ascii", "replace").strip()
    except OSError:
        text = ""
    return f"process {text}" if text.isdigit() else "another process"


def _take(path: Path, out: Path) -> int:
    """An open, flock-ed descriptor of `path`, the file still being the one at `path` (not unlinked meanwhile)."""
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o666 & ~_umask())
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        holder = _holder(fd)
        os.close(fd)
        raise Locked(
            f"{out} is being built by {holder} (lock file {path.name}); wait for it to finish or choose another --out."
        ) from None
    try:
        same = os.stat(path).st_ino == os.fstat(fd).st_ino
    except FileNotFoundError:
        same = False
    if not same:  # the previous holder removed the file as we opened it: lock the new one instead
        os.close(fd)
        return _take(path, out)
    return fd


_HELD: set[Path] = set()  # lock files this process holds


@contextmanager
def build_lock(out: Path) -> Iterator[Path]:
    """Hold OUT.lock for one build; a second builder on the same --out is refused with one sentence.

    flock, not O_EXCL alone: the kernel releases the lock when its process ends, however it ends, so a killed
    build never leaves a lock behind that would refuse every later one. The file holds the holder's pid."""
    path = lock_path(out)
    key = path.resolve()
    if key in _HELD:  # this process holds it already (the CLI, then the builder it calls): one lock, not two
        yield path
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = _take(path, Path(out))
    except OSError as err:
        raise BadInput(f"Cannot lock {path.name} in {path.parent}: {err.strerror or err}.") from None
    try:
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
        _HELD.add(key)
        yield path
    finally:
        _HELD.discard(key)
        path.unlink(missing_ok=True)  # before the unlock: a waiting builder then locks a fresh file
        os.close(fd)


class BuildLock:
    """build_lock held from start() to release(), for builders whose work spans several methods."""

    def __init__(self, out: Path) -> None:
        self._held = build_lock(Path(out))
        self._taken = False

    def start(self) -> None:
        """Take the lock (a second builder on the same --out is refused with one sentence)."""
        if not self._taken:
            self._held.__enter__()
            self._taken = True

    def release(self) -> None:
        """Let go of the lock (the build ended, finished or not)."""
        if self._taken:
            self._taken = False
            self._held.__exit__(None, None, None)


READ_CHUNK = 1 << 20  # input files are read in pieces of this size, never more than the cap in all


def read_bounded(path: Path, limit: int) -> bytes:
    """The bytes of an input file, read in chunks; a missing file, a folder or more than `limit` bytes (a device
    such as /dev/zero included) is one sentence."""
    path = Path(path)
    if path.is_dir():
        raise BadInput(f"{path} is a folder; give a file.")
    data = bytearray()  # grows to at most limit + 1 bytes: the refusal comes before any copy
    try:
        with open(path, "rb") as handle:
            while chunk := handle.read(min(READ_CHUNK, limit + 1 - len(data))):
                data += chunk
                if len(data) > limit:
                    raise BadInput(
                        f"{path} is larger than {limit:,} bytes (the max_input_bytes setting); it was not read."
                    )
    except FileNotFoundError:
        raise BadInput(f"There is no file at {path}.") from None
    except OSError as err:
        raise BadInput(f"{path} cannot be read ({err.strerror or err.__class__.__name__}).") from None
    return bytes(data)


def read_text_bounded(path: Path, limit: int) -> str:
    """An input file as UTF-8 text (see read_bounded); a binary or non-UTF-8 file is one sentence."""
    data = read_bounded(path, limit)
    if b"\0" in data:
        raise BadInput(f"{path} is a binary file, not text.")
    try:
        return data.decode("utf-8-sig")  # a byte-order mark, as spreadsheet programs write, is not data
    except UnicodeDecodeError as err:
        raise BadInput(f"{path} is not UTF-8 text (byte {err.start:,} is not).") from None

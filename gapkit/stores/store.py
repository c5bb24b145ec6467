"""Store directories: RDF data plus manifest.json; read the manifest, load the data, write new stores."""

import gzip
import hashlib
import io
import json
import os
import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

import pyoxigraph

from gapkit.errors import BadInput, StoreError

SCHEMA_VERSION = 1
SAMPLE_STORE = Path(__file__).resolve().parents[1] / "data" / "sample"
# Data file names a store may hold, with their RDF format; the first one found is loaded.
DATA_FILES = {
    "data.nt.gz": pyoxigraph.RdfFormat.N_TRIPLES,
    "data.nt": pyoxigraph.RdfFormat.N_TRIPLES,
    "data.ttl": pyoxigraph.RdfFormat.TURTLE,
}


@dataclass(frozen=True)
class Manifest:
    """What a store is: shown on every page and written beside every export."""

    source: str  # a name for the data's origin, e.g. "gapkit bundled sample (Denelezh export, 2020)"
    description: str  # one or two honest sentences on what it is and is not
    data_date: str  # when the underlying Wikidata state was taken (ISO date or year-month)
    synthetic: bool
    representative: bool  # may gap figures be read as real-world estimates?
    counts: dict[str, int]  # people, sitelinks, editions, triples
    data_file: str = "data.nt.gz"
    data_sha256: str = ""
    schema_version: int = SCHEMA_VERSION
    notice: str = ""  # shown whenever the store is used; empty for none
    built: dict[str, str] = field(default_factory=dict)  # tool, time, command, input


@dataclass(frozen=True)
class StoreRef:
    """A store directory whose manifest has been read and checked."""

    path: Path
    manifest: Manifest
    manifest_hash: str  # sha256 of manifest.json: the data version


def read_manifest(path: str | os.PathLike[str]) -> StoreRef:
    """Read and check a store directory's manifest; StoreError says what is wrong."""
    directory = Path(path)
    if not directory.is_dir():
        raise StoreError(f"There is no store directory at {directory}.")
    manifest_file = directory / "manifest.json"
    try:
        raw = manifest_file.read_bytes()
        data = json.loads(raw)
        manifest = Manifest(**data)
    except FileNotFoundError:
        raise StoreError(f"{directory} is not a gapkit store: it has no manifest.json.") from None
    except OSError as err:  # unreadable (permissions, a folder in its place, an I/O error)
        raise StoreError(
            f"The manifest of the store at {directory} cannot be read ({err.strerror or err.__class__.__name__})."
        ) from None
    except (ValueError, TypeError, RecursionError) as err:
        raise StoreError(f"The manifest of the store at {directory} is damaged ({err.__class__.__name__}).") from None
    if manifest.schema_version != SCHEMA_VERSION:
        raise StoreError(
            f"The store at {directory} has schema version {manifest.schema_version}; "
            f"this gapkit reads version {SCHEMA_VERSION}: rebuild it."
        )
    if manifest.data_file not in DATA_FILES or not (directory / manifest.data_file).is_file():
        raise StoreError(f"The store at {directory} is damaged: its data file {manifest.data_file} is missing.")
    return StoreRef(directory.resolve(), manifest, hashlib.sha256(raw).hexdigest())


def load_store(ref: StoreRef) -> pyoxigraph.Store:
    """Load a store's RDF into an in-memory pyoxigraph Store (reads only; many processes may share it)."""
    data = ref.path / ref.manifest.data_file
    rdf_format = DATA_FILES[ref.manifest.data_file]
    store = pyoxigraph.Store()
    opener = gzip.open if data.suffix == ".gz" else open
    try:
        with opener(data, "rb") as handle:
            store.bulk_load(input=handle, format=rdf_format)
    except (SyntaxError, OSError, ValueError, EOFError) as err:
        raise StoreError(f"The store at {ref.path} is damaged: its data could not be read ({err}).") from None
    return store


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def refuse_existing(out: Path, replace: bool) -> None:
    """Say so before a long build when --out is taken and --replace was not given."""
    if out.exists() and not replace:
        raise BadInput(f"{out} already exists; choose another --out or pass --replace.")


def remove_work_folder(work: Path) -> None:
    """Remove a finished import's work folder (part files and a checkpoint, no subfolders)."""
    for path in work.iterdir():
        path.unlink()
    work.rmdir()


class StoreWriter:
    """Write a new store: triples into data.nt.gz in a temporary directory, renamed into place on success."""

    def __init__(self, out: str | os.PathLike[str], *, replace: bool = False) -> None:
        self.out = Path(out)
        refuse_existing(self.out, replace)
        if self.out.exists() and not (self.out / "manifest.json").is_file():
            raise BadInput(f"{self.out} exists and is not a gapkit store; it will not be replaced.")
        self.out.parent.mkdir(parents=True, exist_ok=True)
        self._tmp = Path(tempfile.mkdtemp(prefix=f".{self.out.name}.", dir=self.out.parent))
        # Level 1: the store is written once and read often; speed matters more than 10 % of size.
        # mtime=0 and no file name in the header: the same input gives the same bytes (and manifest hash).
        self._raw = open(self._tmp / "data.nt.gz", "wb")  # noqa: SIM115 (closed in finish/abort)
        self._data = io.TextIOWrapper(
            gzip.GzipFile(filename="", mode="wb", compresslevel=1, fileobj=self._raw, mtime=0), encoding="utf-8"
        )
        self.triples = 0

    def write(self, lines: str, count: int = 1) -> None:
        """Write pre-formatted N-Triples lines (count = how many triples they hold)."""
        self._data.write(lines)
        self.triples += count

    def finish(self, manifest: Manifest) -> StoreRef:
        """Close the data, write the manifest and move the store into place."""
        self._data.close()
        self._raw.close()
        self._tmp.chmod(0o755)  # mkdtemp makes it private; a store is read by app and CLI alike
        counts = dict(manifest.counts, triples=self.triples)
        built = dict(manifest.built)
        built.setdefault("time", time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()))
        final = Manifest(
            **dict(asdict(manifest), counts=counts, built=built, data_sha256=_sha256(self._tmp / "data.nt.gz"))
        )
        (self._tmp / "manifest.json").write_text(
            json.dumps(asdict(final), indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )
        if self.out.exists():
            old = self.out.with_name(self.out.name + ".old")
            shutil.rmtree(old, ignore_errors=True)
            self.out.rename(old)
            self._tmp.rename(self.out)
            shutil.rmtree(old, ignore_errors=True)
        else:
            self._tmp.rename(self.out)
        return read_manifest(self.out)

    def abort(self) -> None:
        """Drop the half-written store; nothing at --out changes."""
        try:
            self._data.close()
            self._raw.close()
        finally:
            shutil.rmtree(self._tmp, ignore_errors=True)

    def __enter__(self) -> "StoreWriter":
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is not None:
            self.abort()


ProgressCallback = Callable[[str, float | None], None]
"""progress(message, fraction or None): how long work reports to its caller."""

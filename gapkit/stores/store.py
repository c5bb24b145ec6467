"""Store directories: manifest.json plus store.duckdb; read and check the manifest, verify the data file."""

import ctypes
import ctypes.util
import hashlib
import json
import os
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from gapkit.errors import BadInput, StoreError
from gapkit.model.tables import REGIONS_CSV, group_table

SCHEMA_VERSION = 3  # 3: evidence tables (badges, P1343, authority ids, P18, aliases; #17)
DATA_FILE = "store.duckdb"
SAMPLE_STORE = Path(__file__).resolve().parents[1] / "data" / "sample"
ENDS = 1 << 20  # the cheap check at open hashes the first and last MiB of the data file
REBUILD = "python -m gapkit store build --from-rdf EXPORT --out STORE --replace"
_SAFE = re.compile(r"[\w.+-]{1,100}")  # a recorded input or seed shown in a command: a plain name, else a placeholder


@dataclass(frozen=True)
class Manifest:
    """What a store is: shown on every page and written beside every export."""

    source: str  # a name for the data's origin, e.g. "gapkit bundled sample (Denelezh export, 2020)"
    description: str  # one or two honest sentences on what it is and is not
    data_date: str  # when the underlying Wikidata state was taken (ISO date or year-month)
    synthetic: bool
    representative: bool  # may gap figures be read as real-world estimates?
    counts: dict[str, int]  # people, sitelinks, editions, triples
    data_file: str = DATA_FILE
    data_sha256: str = ""
    schema_version: int = SCHEMA_VERSION
    notice: str = ""  # shown whenever the store is used; empty for none
    built: dict[str, str] = field(default_factory=dict)  # tool, time, command, input
    tables: dict[str, str] = field(default_factory=dict)  # sha256 of each shipped table applied at build time
    data_bytes: int = 0  # size of the data file: a truncated or grown file is refused at open
    data_ends_sha256: str = ""  # sha256 of the data file's first and last MiB: the cheap check at open


@dataclass(frozen=True)
class StoreRef:
    """A store directory whose manifest has been read and checked."""

    path: Path
    manifest: Manifest
    manifest_hash: str  # sha256 of manifest.json: the data version

    @property
    def data_path(self) -> Path:
        """The path of the store's data file."""
        return self.path / self.manifest.data_file


def shipped_table_hashes() -> dict[str, str]:
    """The sha256 of each shipped table a build applies: P21 value -> gender group, country -> continent."""
    groups = "".join(f"{value},{group}\n" for value, group in sorted(group_table()))
    return {
        "gender_groups": hashlib.sha256(groups.encode("utf-8")).hexdigest(),
        "regions": hashlib.sha256(REGIONS_CSV.read_bytes()).hexdigest(),
    }


def file_sha256(path: Path) -> str:
    """The sha256 of a whole file, read in 1 MiB blocks."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def ends_sha256(path: Path) -> str:
    """The sha256 of a file's first and last MiB (the whole file when it is smaller than 2 MiB)."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        size = os.fstat(handle.fileno()).st_size
        digest.update(handle.read(ENDS))
        if size > ENDS:
            handle.seek(max(ENDS, size - ENDS))
            digest.update(handle.read(ENDS))
    return digest.hexdigest()


def rebuild_command(directory: Path, manifest: Manifest) -> str:
    """The command that builds the store again from its source, as its manifest records how it was built."""
    built = manifest.built if isinstance(manifest.built, dict) else {}
    tool, out = str(built.get("tool", "")), f"--out {directory} --replace"

    def recorded(key: str, placeholder: str) -> str:
        value = str(built.get(key, ""))
        return value if _SAFE.fullmatch(value) else placeholder

    if tool in ("python -m gapkit store build --from-csv", "python -m gapkit store build --from-rdf"):
        return f"{tool} {recorded('input', 'INPUT')} {out}"
    if tool == "python -m gapkit store build --from-dump":
        editions = [code for code in str(built.get("editions", "")).split(",") if _SAFE.fullmatch(code)]
        return f"{tool} {recorded('input', 'DUMP')}{''.join(f' --edition {e}' for e in editions)} {out}"
    if tool == "python -m gapkit store synth":
        people = manifest.counts.get("people") if isinstance(manifest.counts, dict) else None
        return f"{tool} --people {people if isinstance(people, int) else 'N'} --seed {recorded('seed', 'S')} {out}"
    if tool == "python -m gapkit store harvest":
        return f"{tool} --endpoint {recorded('endpoint', 'NAME')} --edition EDITION {out}"
    return f"python -m gapkit store build --from-dump DUMP {out}"


def damaged(directory: Path, manifest: Manifest, what: str) -> str:
    """The sentence for a damaged store: what is wrong and the command that rebuilds it."""
    return f"The store at {directory} is damaged: {what}; rebuild it with `{rebuild_command(directory, manifest)}`."


def _parse_manifest(directory: Path) -> tuple[Manifest, bytes]:
    try:
        raw = (directory / "manifest.json").read_bytes()
        data = json.loads(raw)
        if not isinstance(data, dict):
            raise TypeError("not an object")
        manifest = Manifest(**data)
    except FileNotFoundError:
        raise StoreError(f"{directory} is not a gapkit store: it has no manifest.json.") from None
    except OSError as err:
        raise StoreError(
            f"The manifest of the store at {directory} cannot be read ({err.strerror or err.__class__.__name__})."
        ) from None
    except (ValueError, TypeError, RecursionError) as err:
        raise StoreError(f"The manifest of the store at {directory} is damaged ({err.__class__.__name__}).") from None
    return manifest, raw


def _check_manifest(directory: Path, manifest: Manifest, tables: bool = True) -> None:
    if manifest.schema_version == 1:
        # Version 1 kept its RDF as a file: it is the input of the rebuild.
        raise StoreError(
            f"The store at {directory} has the old format (schema version 1); convert it with `python -m gapkit "
            f"store build --from-rdf {directory / manifest.data_file} --out NEW_STORE`."
        )
    if manifest.schema_version != SCHEMA_VERSION:
        raise StoreError(
            f"The store at {directory} has schema version {manifest.schema_version}; this gapkit reads version "
            f"{SCHEMA_VERSION}: export it with the gapkit that built it and rebuild it with `{REBUILD}`."
        )
    if tables and manifest.tables != shipped_table_hashes():
        raise StoreError(
            f"The store at {directory} was built with other gender or region tables than this gapkit ships; "
            f"export it with `python -m gapkit store export {directory} --format nt --out EXPORT.nt.gz` and "
            f"rebuild it with `{REBUILD.replace('STORE', str(directory)).replace('EXPORT', 'EXPORT.nt.gz')}`."
        )
    if manifest.data_file != DATA_FILE or not (directory / manifest.data_file).is_file():
        raise StoreError(damaged(directory, manifest, f"its data file {str(manifest.data_file)[:60]} is missing"))


def _cheap_check(directory: Path, manifest: Manifest) -> bool:
    """Whether the data file has the recorded size and first and last MiB."""
    data = directory / manifest.data_file
    try:
        return data.stat().st_size == manifest.data_bytes and ends_sha256(data) == manifest.data_ends_sha256
    except OSError:
        return False


def data_matches(ref: StoreRef) -> bool:
    """Whether the store's data file is still the one its manifest (as read into `ref`) records, cheaply."""
    return _cheap_check(ref.path, ref.manifest)


def read_manifest(path: str | os.PathLike[str], *, facts_only: bool = False) -> StoreRef:
    """Read and check a store directory's manifest and, cheaply, its data file; StoreError says what is wrong.

    `facts_only` (store export and verify) accepts a store built with other shipped tables: its facts do not
    depend on them, and exporting them is how such a store is rebuilt."""
    directory = Path(path)
    if not directory.is_dir():
        raise StoreError(f"There is no store directory at {directory}.")
    # A rebuild may swap the directory between reading the manifest and checking the file: read again then.
    for _ in range(3):
        manifest, raw = _parse_manifest(directory)
        _check_manifest(directory, manifest, tables=not facts_only)
        if _cheap_check(directory, manifest):
            return StoreRef(directory.resolve(), manifest, hashlib.sha256(raw).hexdigest())
        if _parse_manifest(directory)[1] == raw:
            break
    raise StoreError(damaged(directory, manifest, "its data file is not the one its manifest records"))


def verify_store(ref: StoreRef) -> None:
    """The full check: the data file's sha256 is the one the manifest records (StoreError if not)."""
    try:
        actual = file_sha256(ref.data_path)
    except OSError as err:
        raise StoreError(f"The data file of the store at {ref.path} could not be read ({err.strerror}).") from None
    if actual != ref.manifest.data_sha256:
        raise StoreError(damaged(ref.path, ref.manifest, "its data file's sha256 differs from its manifest"))


def refuse_existing(out: Path, replace: bool) -> None:
    """Say so before a long build when --out is taken and --replace was not given."""
    if out.exists() and not replace:
        raise BadInput(f"{out} already exists; choose another --out or pass --replace.")
    if out.exists() and not (out / "manifest.json").is_file():
        raise BadInput(f"{out} exists and is not a gapkit store; it will not be replaced.")


def remove_work_folder(work: Path) -> None:
    """Remove a finished import's work folder (part files and a checkpoint, no subfolders)."""
    for path in work.iterdir():
        path.unlink()
    work.rmdir()


_RENAME_EXCHANGE = 2


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one step (Linux renameat2); False where the system cannot."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd = -100
    return renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), _RENAME_EXCHANGE) == 0


def move_into_place(tmp: Path, out: Path) -> None:
    """Rename a finished store directory onto `out`: readers see the old store or the new one, never none."""
    if not out.exists():
        tmp.rename(out)
        return
    if _exchange(tmp, out):
        shutil.rmtree(tmp, ignore_errors=True)  # tmp now holds the old store; open readers keep their handles
        return
    old = out.with_name(out.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    out.rename(old)
    tmp.rename(out)
    shutil.rmtree(old, ignore_errors=True)


ProgressCallback = Callable[[str, float | None], None]
"""progress(message, fraction or None): how long work reports to its caller."""

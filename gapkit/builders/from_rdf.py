"""Build a columnar store from an RDF file (N-Triples or Turtle, plain or gzipped): old stores, fixtures."""

import gzip
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph

from gapkit.errors import BadInput
from gapkit.stores.columnar import ColumnarWriter
from gapkit.stores.store import Manifest, ProgressCallback, StoreRef

FORMATS = {".nt": pyoxigraph.RdfFormat.N_TRIPLES, ".ttl": pyoxigraph.RdfFormat.TURTLE}
CHUNK = 100_000


def rdf_format(path: Path) -> pyoxigraph.RdfFormat:
    """The RDF format named by a file's extension (.nt, .ttl, each optionally .gz)."""
    suffixes = path.suffixes[-2:] if path.suffix == ".gz" else path.suffixes[-1:]
    found = FORMATS.get(suffixes[0] if suffixes else "")
    if found is None:
        raise BadInput(f"{path.name} is not N-Triples or Turtle (.nt, .ttl, .nt.gz or .ttl.gz).")
    return found


def ntriples_lines(path: Path) -> Iterator[str]:
    """The file's triples as N-Triples lines, parsed by pyoxigraph as they are read (constant memory)."""
    opener = gzip.open if path.suffix == ".gz" else open
    try:
        with opener(path, "rb") as handle:
            for triple in pyoxigraph.parse(handle, format=rdf_format(path)):
                yield f"{triple} ."
    except (SyntaxError, ValueError, OSError, EOFError) as err:
        raise BadInput(f"{path.name} could not be read as RDF ({str(err).splitlines()[0][:200]}).") from None


def build_from_rdf(
    path: str | Path, out: str | Path, manifest: Manifest, *, replace: bool = False,
    progress: ProgressCallback | None = None,
) -> StoreRef:  # fmt: skip
    """Convert an RDF file to a columnar store at `out`; the file's triples are what `store export` gives back."""
    source = Path(path)
    if not source.is_file():
        raise BadInput(f"There is no file at {source}.")
    rdf_format(source)
    with ColumnarWriter(out, replace=replace) as writer:
        batch: list[str] = []
        for line in ntriples_lines(source):
            batch.append(line)
            if len(batch) >= CHUNK:
                writer.ntriples(batch)
                batch = []
                if progress:
                    progress(f"{writer.triples:,} triples read", None)
        writer.ntriples(batch)
        built = dict(manifest.built, input=source.name)
        ref = writer.finish(Manifest(**{**manifest.__dict__, "built": built}))
    if progress:
        progress(f"store written: {ref.path}", 1.0)
    return ref

"""One interface for every source: Endpoint.select(text) -> Result(frame, provenance); the local store endpoint."""

import re
import threading
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field, replace
from typing import Protocol

import pandas as pd
import pyoxigraph

from gapkit.errors import SourceError
from gapkit.model import vocab
from gapkit.stores.store import ProgressCallback, StoreRef

_ENTITY = re.compile(re.escape(vocab.WD) + r"([QP][1-9][0-9]*)")
UNKNOWN_VALUE = "unknown_value"  # how a blank node or genid IRI ("unknown value") reads in a frame
_INTEGER_TYPES = {
    vocab.XSD + t
    for t in ("integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger", "unsignedInt")
}
_FLOAT_TYPES = {vocab.XSD + t for t in ("decimal", "double", "float")}


@dataclass(frozen=True)
class Provenance:
    """Where a frame came from; shown on the page and written beside every export."""

    source: str  # the store manifest's source, or the endpoint name
    kind: str  # "store" or "endpoint"
    data_version: str  # manifest hash (short) or fetch time
    data_date: str
    synthetic: bool
    representative: bool = False
    from_cache: bool = False
    stale: bool = False
    partitions: int = 1
    notice: str = ""
    extra: dict[str, str] = field(default_factory=dict)

    def line(self) -> str:
        """One line for the foot of a chart or the header of an export."""
        parts = [f"Source: {self.source}", f"data date {self.data_date}"]
        if self.kind != "endpoint":  # an endpoint's version is the time of its answer: the data date already
            parts.append(f"version {self.data_version[:12]}")
        if self.synthetic:
            parts.insert(0, "SYNTHETIC DATA")
        if self.stale:
            parts.append("stale cached copy")
        elif self.from_cache:
            parts.append("from cache")
        if self.partitions > 1:
            parts.append(f"{self.partitions} partitions")
        return " · ".join(parts)

    def as_dict(self) -> dict[str, object]:
        """The provenance as a plain dict, for JSON metadata."""
        return asdict(self)

    def merged(self, other: "Provenance") -> "Provenance":
        """Provenance of a figure built from two results of one source."""
        notices = dict.fromkeys(n for n in (self.notice, other.notice) if n)  # a stale part's reason is kept
        return replace(
            self,
            # answers fetched at different times: the figure is as old as its oldest answer
            data_date=min(self.data_date, other.data_date) if self.kind == "endpoint" else self.data_date,
            data_version=min(self.data_version, other.data_version) if self.kind == "endpoint" else self.data_version,
            notice=" ".join(notices),
            from_cache=self.from_cache and other.from_cache,
            stale=self.stale or other.stale,
            partitions=max(self.partitions, other.partitions),
        )


@dataclass(frozen=True)
class Result:
    """A typed frame and where it came from."""

    frame: pd.DataFrame
    provenance: Provenance


class Endpoint(Protocol):
    """Anything that answers SPARQL SELECT text with a Result: the local store, WDQS, QLever, ..."""

    name: str

    def select(self, text: str, variables: Sequence[str] = (), progress: ProgressCallback | None = None) -> Result:
        """Answer SELECT text with a typed frame and its provenance."""
        ...

    def provenance(self) -> Provenance:
        """Where this endpoint's answers come from."""
        ...


TERM_COLUMN = re.compile(r"^#\s*kind:\s*([a-z][a-z0-9_]*)\s+term\s*$", re.MULTILINE)


def term_value(term: object) -> object:
    """A Python value for one RDF term: QIDs as "Q42", integers as int, unknown values as UNKNOWN_VALUE."""
    if term is None:
        return None
    if isinstance(term, pyoxigraph.NamedNode):
        match = _ENTITY.fullmatch(term.value)
        if match:
            return match.group(1)
        if term.value.startswith(vocab.GENID):
            return UNKNOWN_VALUE
        return term.value
    if isinstance(term, pyoxigraph.BlankNode):
        return UNKNOWN_VALUE
    if isinstance(term, pyoxigraph.Literal):
        datatype = term.datatype.value
        if datatype in _INTEGER_TYPES:
            return int(term.value)
        if datatype in _FLOAT_TYPES:
            return float(term.value)
        if datatype == vocab.XSD + "boolean":
            return term.value == "true"
        return term.value
    return str(term)


def typed_frame(columns: Sequence[str], rows: list[list[object]]) -> pd.DataFrame:
    """A DataFrame whose integer columns are integers (nullable when a value is missing)."""
    frame = pd.DataFrame(rows, columns=list(columns))
    for column in frame.columns:
        values = [v for v in frame[column] if v is not None and not (isinstance(v, float) and pd.isna(v))]
        if values and all(isinstance(v, int) and not isinstance(v, bool) for v in values):
            frame[column] = frame[column].astype("int64" if len(values) == len(frame) else "Int64")
    return frame


class LocalEndpoint:
    """The embedded default: a store loaded into memory, queried in process."""

    def __init__(
        self,
        ref: StoreRef,
        store: pyoxigraph.Store | None = None,
        name: str = "local",
        loader: Callable[[], pyoxigraph.Store] | None = None,
    ) -> None:
        self.name = name
        self.ref = ref
        self._store = store
        self._loader = loader
        self._loading = threading.Lock()

    @property
    def store(self) -> pyoxigraph.Store:
        """The in-memory store, loaded on first use (a process that never queries it never loads it)."""
        with self._loading:  # Streamlit sessions run in threads; one load per endpoint
            if self._store is None:
                if self._loader is None:
                    raise SourceError("This local endpoint has no store to load.")
                self._store = self._loader()
            return self._store

    @property
    def loaded(self) -> bool:
        """Whether the store has been loaded into memory yet."""
        return self._store is not None

    def provenance(self) -> Provenance:
        """The store's provenance, from its manifest."""
        manifest = self.ref.manifest
        return Provenance(
            source=manifest.source,
            kind="store",
            data_version=self.ref.manifest_hash[:16],
            data_date=manifest.data_date,
            synthetic=manifest.synthetic,
            representative=manifest.representative,
            notice=manifest.notice,
        )

    def select(self, text: str, variables: Sequence[str] = (), progress: ProgressCallback | None = None) -> Result:
        """Run SELECT text on the in-memory store."""
        try:
            solutions = self.store.query(text)
        except SyntaxError as err:
            # Our own files are tested; reaching this means a broken query file, not user input.
            raise SourceError(f"The query could not be parsed by the local store: {err}.") from None
        if not isinstance(solutions, pyoxigraph.QuerySolutions):
            raise SourceError("The local store answered a SELECT query with something other than rows.")
        names = [v.value for v in solutions.variables]
        columns = list(variables) or names
        missing = [c for c in columns if c not in names]
        if missing:
            raise SourceError(f"The query did not return the column {missing[0]!r} its file declares.")
        terms = set(TERM_COLUMN.findall(text))  # `# kind: COLUMN term`: the RDF term itself, as a remote answer
        rows = [[solution[c] if c in terms else term_value(solution[c]) for c in columns] for solution in solutions]
        return Result(typed_frame(columns, rows), self.provenance())

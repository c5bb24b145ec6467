"""The columnar endpoint: answers a query file by its SQL twin on a store's DuckDB database, opened read-only."""

import threading
from collections.abc import Mapping, Sequence
from pathlib import Path

import duckdb

from gapkit.errors import SourceError
from gapkit.sources.endpoints import Provenance, Result, typed_frame
from gapkit.sources.query_files import QueryFile
from gapkit.stores.store import ProgressCallback, StoreRef


class ColumnarEndpoint:
    """A columnar store in process: every query file runs as its twin queries/sql/NAME.sql."""

    def __init__(
        self, ref: StoreRef, name: str = "local", threads: int | None = None, memory_limit: str | None = None
    ) -> None:
        self.name = name
        self.ref = ref
        self._config: dict[str, str | int] = {"access_mode": "READ_ONLY"}
        if threads:
            self._config["threads"] = threads
        if memory_limit:
            self._config["memory_limit"] = memory_limit
        self._connection: duckdb.DuckDBPyConnection | None = None
        self._opening = threading.Lock()

    @property
    def database(self) -> Path:
        return self.ref.path / self.ref.manifest.data_file

    def _connect(self) -> duckdb.DuckDBPyConnection:
        with self._opening:  # Streamlit sessions run in threads; one connection per endpoint, a cursor per query
            if self._connection is None:
                try:
                    self._connection = duckdb.connect(str(self.database), read_only=True, config=self._config)
                except duckdb.Error as err:
                    raise SourceError(f"The columnar store at {self.ref.path} could not be opened: {err}.") from None
            return self._connection

    def provenance(self) -> Provenance:
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
        """SPARQL text has no answer here: the columnar engine runs query files, by their twins."""
        raise SourceError("The columnar engine runs gapkit's query files only; use --engine sparql for SPARQL text.")

    def select_query(
        self, query: QueryFile, params: Mapping[str, object], progress: ProgressCallback | None = None
    ) -> Result:
        """The query file's answer: its twin bound by the same binder, run with prepared-statement parameters."""
        bound = query.bind_sql(**params)
        cursor = self._connect().cursor()  # a cursor is a connection of its own: safe beside other threads
        try:
            cursor.execute(bound.text, bound.params)
            names = [column[0] for column in cursor.description or ()]
            missing = [c for c in query.returns if c not in names]
            if missing:
                raise SourceError(f"The SQL twin of {query.name} did not return the column {missing[0]!r}.")
            rows = cursor.fetchall()
        except duckdb.Error as err:
            # Our own twins are tested; reaching this means a store of another shape or a refused parameter.
            message = str(err).split("\n", 1)[0]
            raise SourceError(f"The columnar store could not answer {query.name}: {message}") from None
        finally:
            cursor.close()
        order = [names.index(c) for c in query.returns]
        return Result(typed_frame(query.returns, [[row[i] for i in order] for row in rows]), self.provenance())

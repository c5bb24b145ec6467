"""The columnar endpoint: answers a query file by its SQL twin on a store's DuckDB database, opened read-only."""

import threading
from collections.abc import Mapping, Sequence
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa

from gapkit.errors import BadInput, SourceError
from gapkit.model.tables import group_table, region_table
from gapkit.sources.endpoints import LocalEndpoint, Result, typed_frame
from gapkit.sources.query_files import BoundSql, QueryFile
from gapkit.stores.export import open_database, query_failure
from gapkit.stores.store import ProgressCallback, StoreRef


class ColumnarEndpoint(LocalEndpoint):
    """A columnar store in process: every query file runs as its twin queries/sql/NAME.sql.

    A LocalEndpoint (a store, cached per manifest hash) that never loads RDF."""

    def __init__(self, ref: StoreRef, name: str = "local") -> None:
        super().__init__(ref, name=name)
        self._connection: duckdb.DuckDBPyConnection | None = None
        self._opening = threading.Lock()

    @property
    def loaded(self) -> bool:
        """Whether a query has opened the database yet."""
        return self._connection is not None

    @property
    def database(self) -> Path:
        """The store's DuckDB file."""
        return self.ref.data_path

    def _connect(self) -> duckdb.DuckDBPyConnection:
        with self._opening:  # Streamlit sessions run in threads; one connection per endpoint, a cursor per query
            if self._connection is None:
                self._connection = open_database(self.ref)  # read-only; DuckDB's memory limit and threads
            return self._connection

    def select(self, text: str, variables: Sequence[str] = (), progress: ProgressCallback | None = None) -> Result:
        """SPARQL text has no answer here: the columnar engine runs query files, by their twins."""
        raise SourceError("The columnar engine runs gapkit's query files only; use --engine sparql for SPARQL text.")

    def select_query(
        self,
        query: QueryFile,
        params: Mapping[str, object],
        progress: ProgressCallback | None = None,
        bound: BoundSql | None = None,
    ) -> Result:
        """The query file's answer: its twin bound by the same binder (or already bound, `bound`), run with
        prepared-statement parameters."""
        _refuse_other_tables(query, params)
        bound = bound or query.bind_sql(**params)
        cursor = self._connect().cursor()  # a cursor is a connection of its own: safe beside other threads
        try:
            # Whole columns through Arrow: no Python tuple per row (a fix-up list has a million rows at 12M).
            table = cursor.sql(bound.text, params=bound.params).to_arrow_table()
        except duckdb.Error as err:
            damage = query_failure(self.ref, err)  # a block that fails its checksum: the store, not the query
            if damage is not None:
                raise damage from None
            # Our own twins are tested; reaching this means a store of another shape or a refused parameter.
            message = str(err).split("\n", 1)[0]
            raise SourceError(f"The columnar store could not answer {query.name}: {message}") from None
        finally:
            cursor.close()
        missing = [c for c in query.returns if c not in table.column_names]
        if missing:
            raise SourceError(f"The SQL twin of {query.name} did not return the column {missing[0]!r}.")
        return Result(arrow_frame(query.returns, table), self.provenance())


def _refuse_other_tables(query: QueryFile, params: Mapping[str, object]) -> None:
    """The store applied the shipped tables at build time (the manifest's hashes say which): a query bound with
    another table is refused, never answered with the shipped one."""
    shipped = {"gender_groups": group_table(), "regions": region_table()}
    for name, rows in shipped.items():
        if name in query.params and name in params and _rows(params[name]) != _rows(rows):
            raise BadInput(
                f"The columnar store applied gapkit's shipped {name.replace('_', ' ')} table when it was built; "
                "to bind another table, use --engine sparql."
            )


def _rows(rows: object) -> list[tuple[str, ...]]:
    return sorted(tuple(str(cell) for cell in row) for row in rows)  # type: ignore[attr-defined]


def arrow_frame(columns: Sequence[str], table: pa.Table) -> pd.DataFrame:
    """The frame `typed_frame` would make of these rows (the SPARQL engine's dtypes), a column at a time:
    integer columns int64 (Int64 with NULLs), text as Python strings, a UNION column (text or a number) as
    typed_frame decides on its values."""
    if not table.num_rows:
        return typed_frame(columns, [])
    data: dict[str, object] = {}
    for name in columns:
        column = table.column(name).combine_chunks()
        kind = column.type
        if pa.types.is_integer(kind) and column.null_count < len(column):
            if column.null_count:
                data[name] = pd.array(column.cast(pa.int64()).to_pandas(types_mapper=_INT64.get))
            else:
                data[name] = column.cast(pa.int64()).to_numpy()
        elif pa.types.is_union(kind):
            data[name] = _union_values(column)
        elif pa.types.is_string(kind) and column.null_count < len(column):
            data[name] = column.to_pandas()  # pandas' str dtype, the one it infers from Python strings
        elif column.null_count == len(column):
            data[name] = np.full(len(column), None, dtype=object)  # only NULLs: typed_frame leaves them None
        else:
            data[name] = column.to_numpy(zero_copy_only=False)
    return pd.DataFrame(data, columns=list(columns))


_INT64 = {pa.int64(): pd.Int64Dtype()}


def _union_values(column: pa.Array) -> object:
    """A UNION(n BIGINT, s VARCHAR) column: int64 when every value is a number (Int64 with NULLs), else
    Python ints and strings together, as typed_frame keeps a SPARQL column holding both."""
    values = column.to_pylist()  # only the details and birth-year answers have one: a few thousand rows
    known = [v for v in values if v is not None]
    if known and all(isinstance(v, int) and not isinstance(v, bool) for v in known):
        return pd.array(values, dtype="Int64") if len(known) < len(values) else np.fromiter(values, "int64")
    return values

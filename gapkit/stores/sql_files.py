"""SQL text of the store's build and export steps, read from queries/sql/ (no query text lives in Python)."""

import functools
import re
from pathlib import Path

SQL_DIR = Path(__file__).resolve().parents[2] / "queries" / "sql"
_NAME = re.compile(r"[a-z][a-z0-9_]{0,63}(/[a-z][a-z0-9_]{0,63})?")


@functools.cache
def sql_text(name: str) -> str:
    """The text of queries/sql/NAME.sql (NAME may name a subfolder: "derive/facts")."""
    if not _NAME.fullmatch(name):
        raise ValueError(f"{name!r} is not a SQL file name")
    return (SQL_DIR / f"{name}.sql").read_text(encoding="utf-8")

"""Write figure tables: CSV/JSON/text to stdout or atomically to a file with a .meta.json sidecar."""

import io
import json
import math
import sys
import time
from pathlib import Path

import pandas as pd

from gapkit import __version__
from gapkit.errors import BadInput
from gapkit.figures.base import Figure
from gapkit.files import atomic_write
from gapkit.sources.endpoints import Provenance

TABLE_FORMATS = ("csv", "json", "table")


def stale_note(provenance: Provenance) -> str:
    """One sentence saying an answer is a stale cached copy, and of when."""
    return provenance.notice or f"Stale: this is the cached answer of {provenance.data_date}."


def metadata(figure: Figure) -> dict[str, object]:
    """What is written beside an export: provenance, definition, scope, queries, time."""
    return {
        "title": figure.title,
        "definition": figure.definition,
        "scope": figure.scope,
        "provenance": figure.provenance.as_dict(),
        "queries": [q.name for q in figure.queries],
        "rows": len(figure.frame),
        "generated": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "generator": f"gapkit {__version__}",
    }


def csv_text(frame: pd.DataFrame) -> str:
    """Bare CSV: header and rows only (provenance goes in the sidecar)."""
    return frame.to_csv(index=False, lineterminator="\n")


def _json_value(value: object) -> object:
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return None
    if hasattr(value, "item"):
        return value.item()
    return value


def json_text(figure: Figure) -> str:
    """The rows and the metadata in one JSON document."""
    rows = [{k: _json_value(v) for k, v in row.items()} for row in figure.frame.to_dict(orient="records")]
    return json.dumps({"meta": metadata(figure), "rows": rows}, ensure_ascii=False, indent=1) + "\n"


def render(figure: Figure, fmt: str) -> str:
    if fmt == "csv":
        return csv_text(figure.frame)
    if fmt == "json":
        return json_text(figure)
    if fmt == "table":
        buffer = io.StringIO()
        buffer.write(figure.frame.to_string(index=False, na_rep="") + "\n")
        buffer.write(figure.provenance.line() + "\n")
        return buffer.getvalue()
    raise BadInput(f"{fmt!r} is not an output format (choose one of {', '.join(TABLE_FORMATS)}).")


def write_figure(figure: Figure, fmt: str, out: str | None) -> None:
    """Print the figure, or write it to `out` with a `.meta.json` sidecar."""
    text = render(figure, fmt)
    if figure.provenance.stale:  # a bare table cannot carry it: say so beside it, on stderr
        sys.stderr.write(f"gapkit: {stale_note(figure.provenance)}\n")
    if figure.provenance.partitions > 1:
        sys.stderr.write(f"gapkit: the endpoint ran out of time; answered in {figure.provenance.partitions} parts.\n")
    if out is None:
        sys.stdout.write(text)
        return
    path = Path(out)
    if path.is_dir():
        raise BadInput(f"{path} is a directory; --out needs a file name.")
    atomic_write(path, text)
    atomic_write(path.with_name(path.name + ".meta.json"), json.dumps(metadata(figure), ensure_ascii=False, indent=1))

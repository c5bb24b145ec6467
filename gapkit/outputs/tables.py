"""Figure tables and event progress as CSV, JSON or plain text (the registry names them and writes them)."""

import json
import math

import pandas as pd

from gapkit.events.snapshots import Progress
from gapkit.figures.base import Figure
from gapkit.outputs.cells import csv_text
from gapkit.outputs.metadata import metadata


def _json_value(value: object) -> object:
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return None
    if hasattr(value, "item"):
        return value.item()
    return value


def figure_csv(figure: Figure) -> bytes:
    """Bare CSV: header and rows only (provenance goes in the sidecar)."""
    return csv_text(figure.frame).encode("utf-8")


def figure_json(figure: Figure) -> bytes:
    """The rows and the metadata in one JSON document."""
    rows = [{k: _json_value(v) for k, v in row.items()} for row in figure.frame.to_dict(orient="records")]
    return (json.dumps({"meta": metadata(figure), "rows": rows}, ensure_ascii=False, indent=1) + "\n").encode()


def figure_table(figure: Figure) -> bytes:
    """The rows aligned for a terminal, then the provenance line."""
    text = figure.frame.to_string(index=False, na_rep="") + "\n" + figure.provenance.line() + "\n"
    return text.encode("utf-8")


def progress_table(progress: Progress) -> bytes:
    """The summary sentences, then one line per listed person."""
    text = "\n".join(progress.summary()) + "\n\n" + progress.people.to_string(index=False) + "\n"
    return text.encode("utf-8")


def progress_csv(progress: Progress) -> bytes:
    """One row per listed person (the summary goes to stderr)."""
    return csv_text(progress.people).encode("utf-8")


def progress_json(progress: Progress) -> bytes:
    """Summary, counts, women shares before and after, and the people, in one JSON document."""
    data = {
        "summary": progress.summary(),
        "counts": progress.counts(),
        "shares": json.loads(progress.shares.to_json(orient="records")),
        "people": json.loads(progress.people.to_json(orient="records")),
    }
    return json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8")

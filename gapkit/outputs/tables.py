"""Figure tables and event progress as CSV, JSON or plain text (the registry names them and writes them)."""

import io
import json
import math

import pandas as pd

from gapkit.events.snapshots import Progress
from gapkit.figures.base import Figure
from gapkit.outputs.cells import csv_text, xlsx_text
from gapkit.outputs.metadata import about_rows, metadata

PERCENT_COLUMNS = ("share", "baseline_share")  # fractions, shown as percentages where people read them


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


def _xlsx_cell(value: object) -> object:
    if isinstance(value, str):
        return xlsx_text(value)[0]  # the formula rule, and what XML cannot hold dropped
    value = _json_value(value)
    return None if isinstance(value, float) and math.isnan(value) else value


def figure_xlsx(figure: Figure) -> bytes:
    """A workbook: the rows (shares kept as fractions, shown as percentages; empty where there is none) under a
    frozen header, and an `about` sheet with the metadata every export carries."""
    import openpyxl  # here: 0.5 s to import, and only an XLSX download needs it (a page's first open waited)
    from openpyxl.styles import Font

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "figure"
    columns = [str(c) for c in figure.frame.columns]
    sheet.append(columns)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in figure.frame.itertuples(index=False, name=None):
        sheet.append([_xlsx_cell(value) for value in row])
    for number, name in enumerate(columns, start=1):
        for (cell,) in sheet.iter_rows(min_row=2, min_col=number, max_col=number):
            if isinstance(cell.value, str):
                cell.data_type = "s"  # never a formula, whatever the text looks like
            elif name in PERCENT_COLUMNS:
                cell.number_format = "0.0%"
    sheet.freeze_panes = "A2"
    about = book.create_sheet("about")
    for key, value in about_rows(figure):
        value = json.dumps(value, ensure_ascii=False) if isinstance(value, list) else value  # a figure's queries
        about.append([key, xlsx_text(value)[0] if isinstance(value, str) else value])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


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

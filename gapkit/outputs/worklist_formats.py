"""Worklist exports for events: CSV, XLSX, a wikitext table, a {{Wikidata list}} template and JSON, all stamped."""

import io
import json
import re

import openpyxl
import pandas as pd
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from gapkit.figures.worklist import Worklist
from gapkit.outputs.cells import CUT_MARK, XLSX_MAX_CELL, csv_text, xlsx_text
from gapkit.outputs.metadata import about_rows, metadata
from gapkit.sources.query_files import load_query

URL_COLUMNS = ("source_url", "translate_url", "wikidata_url")


def to_csv(worklist: Worklist) -> bytes:
    """The rows through the one CSV writer (the metadata goes in the sidecar)."""
    return csv_text(worklist.frame).encode("utf-8")


def to_json(worklist: Worklist) -> bytes:
    """The rows and the metadata in one JSON document."""
    rows = []
    for row in worklist.frame.to_dict(orient="records"):
        rows.append({k: (None if v is pd.NA or (isinstance(v, float) and v != v) else v) for k, v in row.items()})
    return (
        json.dumps({"meta": metadata(worklist), "rows": rows}, ensure_ascii=False, indent=1, default=int) + "\n"
    ).encode()


def _xlsx_row(row: tuple, columns: list[str], row_number: int, cut: list[str]) -> list[object]:
    values: list[object] = []
    for column_number, value in enumerate(row, start=1):
        if isinstance(value, str):
            value, was_cut = xlsx_text(value)
            if was_cut:
                cut.append(f"{get_column_letter(column_number)}{row_number} ({columns[column_number - 1]})")
        values.append(None if value is pd.NA else value)
    return values


def _about_sheet(book: openpyxl.Workbook, worklist: Worklist, cut: list[str]) -> None:
    about = book.create_sheet("about")
    rows = about_rows(worklist)
    if cut:  # only when something was cut, so an export without cuts is the same as before the rule
        rows.append(("cut_cells", f"cut at {XLSX_MAX_CELL:,} characters, ending {CUT_MARK}: " + ", ".join(cut)))
    for key, value in rows:
        about.append([key, xlsx_text(value)[0] if isinstance(value, str) else value])


def to_xlsx(worklist: Worklist) -> bytes:
    """A workbook: the rows as text cells with links and a frozen header, and an `about` sheet."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "worklist"
    frame = worklist.frame
    sheet.append(list(frame.columns))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    cut: list[str] = []
    columns = list(frame.columns)
    for row_number, row in enumerate(frame.itertuples(index=False, name=None), start=2):
        sheet.append(_xlsx_row(row, columns, row_number, cut))
    for column, name in enumerate(columns, start=1):
        for row_number in range(2, len(frame) + 2):
            cell = sheet.cell(row=row_number, column=column)
            if isinstance(cell.value, str):
                cell.data_type = "s"  # never a formula, whatever the text looks like
                if name in URL_COLUMNS and cell.value.startswith("https://"):
                    cell.hyperlink = cell.value
                    cell.style = "Hyperlink"
    sheet.freeze_panes = "A2"
    _about_sheet(book, worklist, cut)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def wikitext_cell(text: object) -> str:
    """Wikidata text made inert in a wikitext table: nowiki, with |, <, & as entities."""
    value = "" if text is None or text is pd.NA else str(text)
    value = (
        value.replace("&", "&amp;").replace("<", "&lt;").replace("|", "&#124;").replace("\r", " ").replace("\n", " ")
    )
    return f"<nowiki>{value}</nowiki>"


def parse_wikitext_cell(cell: str) -> str:
    """Undo wikitext_cell()."""
    match = re.fullmatch(r"<nowiki>(.*)</nowiki>", cell.strip(), flags=re.S)
    text = match.group(1) if match else cell.strip()
    return text.replace("&#124;", "|").replace("&lt;", "<").replace("&amp;", "&")


WIKITEXT_COLUMNS = (
    "label",
    "description",
    "gender",
    "countries",
    "birth_year",
    "articles",
    "best_source",
    "existing_title",
    "note",
    "badges",
    "reference_works",
    "authority_ids",
    "why",
)


def to_wikitext(worklist: Worklist) -> bytes:
    """A sortable wikitable, its Wikidata text made inert, stamped with totals and provenance."""
    stamp_line = worklist.provenance.line().replace("|", "&#124;")
    lines = [
        f"<!-- gapkit worklist: {worklist.total} candidates, {len(worklist.frame)} listed. {stamp_line} -->",
        '{| class="wikitable sortable"',
        "! # !! " + " !! ".join(WIKITEXT_COLUMNS) + " !! Wikidata",
    ]
    for number, row in enumerate(worklist.frame.to_dict(orient="records"), start=1):
        cells = [str(number), *(wikitext_cell(row[c]) for c in WIKITEXT_COLUMNS), f"[[d:{row['qid']}|{row['qid']}]]"]
        lines += ["|-", "| " + " || ".join(cells)]
    lines.append("|}")
    return ("\n".join(lines) + "\n").encode("utf-8")


def parse_wikitext(text: str) -> list[dict[str, str]]:
    """Rows of a table written by to_wikitext (for round-trip tests)."""
    rows = []
    for block in text.split("\n|-\n")[1:]:
        line = block.split("\n")[0]
        cells = line[2:].split(" || ")
        row = dict(zip(WIKITEXT_COLUMNS, (parse_wikitext_cell(c) for c in cells[1:-1]), strict=True))
        row["qid"] = re.search(r"\[\[d:(Q\d+)\|", cells[-1]).group(1)
        rows.append(row)
    return rows


def to_listeria(worklist: Worklist) -> bytes:
    """A {{Wikidata list}} template whose query finds the same candidates, for Listeria to keep up to date."""
    scope = worklist.scope
    sources = [s for s in str(scope.get("source_editions", "")).split(",") if s]
    query = load_query("worklist_listeria").bind(
        target=scope["edition"], min_articles=scope["min_articles"], source=sources or None, top=scope["limit"]
    )
    # A template parameter cannot hold "|" or "}}": drop comment lines, then make sure neither remains.
    sparql = "\n".join(line for line in query.split("\n") if not line.lstrip().startswith("#")).replace("}}", "} }")
    if "|" in sparql or "}}" in sparql:
        raise ValueError("the listeria query contains | or }}")  # a broken query file, not user input
    lines = [
        f"<!-- gapkit worklist for {scope['edition']}; {worklist.provenance.line().replace('|', '/')} -->",
        "{{Wikidata list",
        "|sparql=" + sparql.strip(),
        "|columns=label:name,description,P27:citizenship,P569:born,P570:died,?articles:articles,item:Wikidata",
        "|sort=?articles",
        "|sort_order=desc",
        "|links=red",
        "}}",
        "{{Wikidata list end}}",
    ]
    return ("\n".join(lines) + "\n").encode("utf-8")

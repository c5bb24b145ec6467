"""Worklist exports for events: CSV, XLSX, a wikitext table, a {{Wikidata list}} template and JSON, all stamped."""

import io
import json
import re

import openpyxl
import pandas as pd
from openpyxl.styles import Font

from gapkit import __version__
from gapkit.figures.worklist import Worklist
from gapkit.sources.query_files import load_query

FORMATS = ("csv", "xlsx", "wikitext", "listeria", "json")
URL_COLUMNS = ("source_url", "translate_url", "wikidata_url")
# Spreadsheet formula injection, the one documented rule (CSV and XLSX, text cells only; a BCE year stays a
# number): a text cell whose first character after any leading apostrophes is =, +, - or @ gets one more
# leading apostrophe. restore() removes exactly one, so every text comes back as it was.
FORMULA_STARTS = ("=", "+", "-", "@")


def _formula_like(value: str) -> bool:
    return value.lstrip("'").startswith(FORMULA_STARTS)


def neutralise(value: object) -> object:
    """ "=1+1" -> "'=1+1" for text; other values unchanged."""
    if isinstance(value, str) and _formula_like(value):
        return "'" + value
    return value


def restore(value: object) -> object:
    """Undo neutralise()."""
    if isinstance(value, str) and value.startswith("'") and _formula_like(value):
        return value[1:]
    return value


def stamp(worklist: Worklist) -> dict[str, object]:
    """Source, date, filters and totals written with every export."""
    return {
        "title": f"Worklist for {worklist.scope.get('edition')}",
        "definition": worklist.definition,
        "filters": worklist.scope,
        "total_candidates": worklist.total,
        "listed": len(worklist.frame),
        "provenance": worklist.provenance.as_dict(),
        "generator": f"gapkit {__version__}",
    }


def _safe_frame(worklist: Worklist) -> pd.DataFrame:
    frame = worklist.frame.copy()
    for column in frame.columns:
        if pd.api.types.is_object_dtype(frame[column]) or pd.api.types.is_string_dtype(frame[column]):
            frame[column] = frame[column].map(neutralise)
    return frame


def to_csv(worklist: Worklist) -> bytes:
    return _safe_frame(worklist).to_csv(index=False, lineterminator="\n").encode("utf-8")


def to_json(worklist: Worklist) -> bytes:
    rows = []
    for row in worklist.frame.to_dict(orient="records"):
        rows.append({k: (None if v is pd.NA or (isinstance(v, float) and v != v) else v) for k, v in row.items()})
    return (
        json.dumps({"meta": stamp(worklist), "rows": rows}, ensure_ascii=False, indent=1, default=int) + "\n"
    ).encode()


def to_xlsx(worklist: Worklist) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "worklist"
    frame = _safe_frame(worklist)
    sheet.append(list(frame.columns))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in frame.itertuples(index=False):
        sheet.append([None if v is pd.NA else v for v in row])
    for column, name in enumerate(frame.columns, start=1):
        for row_number in range(2, len(frame) + 2):
            cell = sheet.cell(row=row_number, column=column)
            if isinstance(cell.value, str):
                cell.data_type = "s"  # never a formula, whatever the text looks like
                if name in URL_COLUMNS and cell.value.startswith("https://"):
                    cell.hyperlink = cell.value
                    cell.style = "Hyperlink"
    sheet.freeze_panes = "A2"
    about = book.create_sheet("about")
    for key, value in stamp(worklist).items():
        about.append([key, json.dumps(value, ensure_ascii=False) if isinstance(value, dict) else value])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def wikitext_cell(text: object) -> str:
    """Wikidata text made inert in a wikitext table: nowiki, with |, <, & as entities."""
    value = "" if text is None or text is pd.NA else str(text)
    value = value.replace("&", "&amp;").replace("<", "&lt;").replace("|", "&#124;").replace("\n", " ")
    return f"<nowiki>{value}</nowiki>"


def parse_wikitext_cell(cell: str) -> str:
    match = re.fullmatch(r"<nowiki>(.*)</nowiki>", cell.strip(), flags=re.S)
    text = match.group(1) if match else cell.strip()
    return text.replace("&#124;", "|").replace("&lt;", "<").replace("&amp;", "&")


WIKITEXT_COLUMNS = ("label", "description", "gender", "countries", "birth_year", "articles", "best_source")


def to_wikitext(worklist: Worklist) -> bytes:
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


WRITERS = {"csv": to_csv, "xlsx": to_xlsx, "wikitext": to_wikitext, "listeria": to_listeria, "json": to_json}


def export(worklist: Worklist, fmt: str) -> bytes:
    return WRITERS[fmt](worklist)

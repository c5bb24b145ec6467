"""Worklist exports for events: CSV, XLSX, a wikitext table, a {{Wikidata list}} template and JSON, all stamped."""

import io
import json
import re
from typing import TYPE_CHECKING

import pandas as pd

from gapkit.errors import BadInput
from gapkit.figures.worklist import Worklist
from gapkit.outputs.cells import CUT_MARK, XLSX_MAX_CELL, csv_text, xlsx_text
from gapkit.outputs.listing import LISTERIA_SECTIONS, red_link, sections
from gapkit.outputs.metadata import about_rows, metadata
from gapkit.sources.query_files import load_query

if TYPE_CHECKING:  # openpyxl is imported where a workbook is written (0.5 s; a page's first open waited for it)
    import openpyxl

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
    from openpyxl.utils import get_column_letter

    values: list[object] = []
    for column_number, value in enumerate(row, start=1):
        if isinstance(value, str):
            value, was_cut = xlsx_text(value)
            if was_cut:
                cut.append(f"{get_column_letter(column_number)}{row_number} ({columns[column_number - 1]})")
        values.append(None if value is pd.NA else value)
    return values


def _about_sheet(book: "openpyxl.Workbook", worklist: Worklist, cut: list[str]) -> None:
    about = book.create_sheet("about")
    rows = about_rows(worklist)
    if cut:  # only when something was cut, so an export without cuts is the same as before the rule
        rows.append(("cut_cells", f"cut at {XLSX_MAX_CELL:,} characters, ending {CUT_MARK}: " + ", ".join(cut)))
    for key, value in rows:
        about.append([key, xlsx_text(value)[0] if isinstance(value, str) else value])


def to_xlsx(worklist: Worklist) -> bytes:
    """A workbook: the rows as text cells with links and a frozen header, and an `about` sheet."""
    import openpyxl
    from openpyxl.styles import Font

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
NO_CHECK_COMMENT = (
    "<!-- No existing-page check ran: a red link to a label turns blue for any page of that title, a namesake's "
    "too. Check with --titles or --titles-api first. -->"
)
CHECKED_COMMENT = (
    "<!-- Existing-page check: a person whose label names a page links to a disambiguated title (label and "
    "occupation, else birth year) that does not exist either, or gets no link, only the note. -->"
)


def _stamp(worklist: Worklist) -> list[str]:
    stamp_line = worklist.provenance.line().replace("|", "&#124;").replace("--", "- -")
    part = getattr(worklist, "part", None)
    of = f" Part {part[0]} of {part[1]}." if part else ""
    lines = [f"<!-- gapkit worklist: {worklist.total} candidates, {len(worklist.frame)} listed.{of} {stamp_line} -->"]
    return [*lines, CHECKED_COMMENT if getattr(worklist, "red_links", None) is not None else NO_CHECK_COMMENT]


def _link_cells(worklist: Worklist, row: dict[str, object]) -> tuple[str, str, str]:
    """The red link, the Wikidata link and the Content Translation link of a row (each may be empty)."""
    title = red_link(worklist, row)
    # Titles and URLs reach the page only as checked: link_title() refuses markup, quote() escapes the URL.
    article = f"[[{title}]]" if title else ""
    url = str(row.get("translate_url") or "")
    translate = f"[{url} Content Translation]" if url.startswith("https://") and " " not in url else ""
    return article, f"[[d:{row['qid']}|{row['qid']}]]", translate


def to_wikitext(worklist: Worklist) -> bytes:
    """Sortable wikitables (one per section), their Wikidata text made inert, each row with a red link that
    cannot point to the wrong person, its Wikidata item and Content Translation; stamped with totals."""
    lines = _stamp(worklist)
    number = getattr(worklist, "first", 1) - 1
    for head, rows in sections(worklist):
        if head:
            lines.append(f"== {wikitext_cell(head)} ==")
        lines += [
            '{| class="wikitable sortable"',
            "! # !! article !! " + " !! ".join(WIKITEXT_COLUMNS) + " !! Wikidata !! Content Translation",
        ]
        for row in rows:
            number += 1
            article, wikidata, translate = _link_cells(worklist, row)
            cells = [str(number), article, *(wikitext_cell(row[c]) for c in WIKITEXT_COLUMNS), wikidata, translate]
            lines += ["|-", "| " + " || ".join(cells)]
        lines.append("|}")
    return ("\n".join(lines) + "\n").encode("utf-8")


def parse_wikitext(text: str) -> list[dict[str, str]]:
    """Rows of the tables written by to_wikitext (for round-trip tests), with their `article`, `translate_url`
    and `section`."""
    rows, section = [], ""
    for line in text.split("\n"):
        if line.startswith("== ") and line.endswith(" =="):
            section = parse_wikitext_cell(line[3:-3])
        if not line.startswith("| "):
            continue
        cells = line[2:].split(" || ")
        row = dict(zip(WIKITEXT_COLUMNS, (parse_wikitext_cell(c) for c in cells[2:-2]), strict=True))
        row["qid"] = re.search(r"\[\[d:(Q\d+)\|", cells[-2]).group(1)
        row["article"] = cells[1][2:-2] if cells[1].startswith("[[") else ""
        row["translate_url"] = cells[-1][1:].split(" ", 1)[0] if cells[-1].startswith("[") else ""
        row["section"] = section
        rows.append(row)
    return rows


LISTERIA_COLUMNS = (
    "label:name,description,P18:image,P569:born,P570:died,P27:citizenship,P106:occupation,?articles:articles,"
    "item:Wikidata"
)
LISTERIA_SCORE_COLUMN = ",?score:score"  # with --rank evidence, before item:Wikidata: the order's reason shown
LISTERIA_FREQ = 7  # days between ListeriaBot's updates of the list
LISTERIA_THUMB = 100  # pixels: the width of the P18 image
LISTERIA_COMMENT = (
    "<!-- ListeriaBot draws its own links (links=red_only: people without an article here); gapkit's "
    "existing-page check does not apply to this list, so a row can still hide a page without a Wikidata link. "
    "No sort=: the list keeps the query's order, ranked as the worklist is (ListeriaBot's sort=?articles would "
    "compare numbers as text, putting 9 above 62). -->"
)


def listeria_refusal(section: str, per_page: int | None = None) -> str:
    """Why the listeria format cannot take this section or page split, in one sentence ("" when it can): the CLI
    raises it, the Worklist page shows it in place of the download."""
    if section and section not in LISTERIA_SECTIONS:
        return (
            f"The listeria format cannot be split by {section}: ListeriaBot sections by a property only "
            f"({', '.join(LISTERIA_SECTIONS)}); use the wikitext format for {section} sections."
        )
    if per_page:
        return "The listeria format is one page: ListeriaBot runs its query itself, so it cannot be split into pages."
    return ""


def listeria_section(section: str) -> str:
    """ListeriaBot's `section=` property for a section name; decade and region have none (one sentence)."""
    if refusal := listeria_refusal(section):
        raise BadInput(refusal)
    return LISTERIA_SECTIONS.get(section, "")


def to_listeria(worklist: Worklist) -> bytes:
    """A {{Wikidata list}} template whose query finds and orders the same candidates (by articles or by the
    evidence score, as the worklist's rank), for Listeria to keep up to date, with Women in Red's parameters
    (links, section, thumb, freq, columns) and no sort=: ListeriaBot then keeps the query's order."""
    scope = worklist.scope
    sources = [s for s in str(scope.get("source_editions", "")).split(",") if s]
    evidence = scope.get("rank") == "evidence"
    query = load_query("worklist_listeria").bind(
        target=scope["edition"],
        min_articles=scope["min_articles"],
        source=sources or None,
        top=scope["limit"],
        **({"evidence": True} if evidence else {}),
    )
    # A template parameter cannot hold "|" or "}}": drop comment lines, then make sure neither remains.
    sparql = "\n".join(line for line in query.split("\n") if not line.lstrip().startswith("#")).replace("}}", "} }")
    if "|" in sparql or "}}" in sparql:
        raise ValueError("the listeria query contains | or }}")  # a broken query file, not user input
    section = listeria_section(getattr(worklist, "section", ""))
    lines = [
        f"<!-- gapkit worklist for {scope['edition']}; {worklist.provenance.line().replace('|', '/')} -->",
        LISTERIA_COMMENT,
        "{{Wikidata list",
        "|sparql=" + sparql.strip(),
        # No sort=: listeria_rs sorts a `sort=?variable` by its cells as text ("9" above "62" in desc), and
        # without sort= it keeps the SPARQL rows' order, which is the worklist's ranking (README).
        "|columns=" + LISTERIA_COLUMNS.replace(",item:", (LISTERIA_SCORE_COLUMN if evidence else "") + ",item:"),
        *([f"|section={section}"] if section else []),
        f"|thumb={LISTERIA_THUMB}",
        "|links=red_only",
        f"|freq={LISTERIA_FREQ}",
        "}}",
        "{{Wikidata list end}}",
    ]
    return ("\n".join(lines) + "\n").encode("utf-8")

"""Every file gapkit writes is safe to open: one CSV writer, XLSX limits, one registry, one metadata writer."""

import csv
import io
import json
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from gapkit.figures.base import Figure
from gapkit.figures.worklist import COLUMNS, Worklist
from gapkit.outputs.cells import CUT_MARK, ILLEGAL_CHARACTERS_RE, XLSX_MAX_CELL, csv_text, neutralise, restore
from gapkit.outputs.metadata import metadata
from gapkit.outputs.registry import (
    CHART_FORMATS,
    FIGURE_FORMATS,
    PROGRESS_FORMATS,
    WORKLIST_FORMATS,
    write_output,
)
from gapkit.outputs.worklist_formats import to_csv, to_xlsx
from gapkit.sources.endpoints import Provenance
from tests.cli_helpers import gapkit
from tests.conftest import FIXTURE_STORE, ROOT

# Labels an adversary would put into Wikidata, each with the reason it is here.
HOSTILE = [
    "bare\rCR",  # a bare CR splits the row in Excel and in Python's csv reader unless quoted
    "\tTAB first",  # a leading TAB is a formula start in some spreadsheets
    "\rCR first",  # as is a leading CR
    "=1+1",  # the classic formula
    "-470",  # a number's text (the BCE decade) stays as it is
    "-dash",  # text starting with - is neutralised
    "in\tthe middle",  # a TAB inside a field is quoted
    'say "hi", then',  # quote and delimiter
    "line\nbreak",  # LF
    "v\x0btab and \x0cfeed",  # characters XML cannot hold
]
LONG = "x" * 100_000  # three times what an Excel cell can hold


def provenance() -> Provenance:
    return Provenance("test | source", "store", "abc", "2026-01-01", synthetic=True)


def hostile_worklist(labels: list[str]) -> Worklist:
    rows = [
        [
            f"Q{n}",
            label,
            "",
            "women",
            "",
            1900,
            2,
            "en",
            "en",
            "",
            "",
            f"https://www.wikidata.org/wiki/Q{n}",
            False,
            "",
            "",
            "",
            0,
            0,
            "2 articles",
        ]
        for n, label in enumerate(labels, start=1)
    ]
    frame = pd.DataFrame(rows, columns=COLUMNS)
    frame["birth_year"] = frame["birth_year"].astype("Int64")
    scope = {"edition": "hr", "min_articles": 1}
    return Worklist("Worklist for hr", frame, provenance(), "definition", (), scope, total=len(rows))


def hostile_figure() -> Figure:
    frame = pd.DataFrame(
        {
            "edition": ["hr"] * len(HOSTILE),
            "occupation_label": HOSTILE,
            "people": range(len(HOSTILE)),
            "share": [0.25] * len(HOSTILE),
        }
    )
    return Figure("Occupations", frame, provenance(), "definition", (), {"editions": "hr"})


def read_csv(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


def test_the_xml_illegal_characters_are_openpyxls() -> None:
    """cells.py spells openpyxl's pattern out (so pages open without importing openpyxl): the same characters."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE as OPENPYXL

    assert ILLEGAL_CHARACTERS_RE.pattern == OPENPYXL.pattern
    every = "".join(map(chr, range(0x110)))
    assert ILLEGAL_CHARACTERS_RE.sub("", every) == OPENPYXL.sub("", every)


def test_csv_quotes_every_separator_and_neutralises_every_formula_start() -> None:
    rows = read_csv(csv_text(pd.DataFrame({"label": HOSTILE, "n": range(len(HOSTILE))})))
    assert len(rows) == len(HOSTILE) + 1  # no text adds or splits a row
    labels = [row[0] for row in rows[1:]]
    assert labels[:6] == ["bare\rCR", "'\tTAB first", "'\rCR first", "'=1+1", "-470", "'-dash"]
    assert [restore(label) for label in labels] == HOSTILE
    assert [row[1] for row in rows[1:]] == [str(n) for n in range(len(HOSTILE))]


def test_csv_writes_numbers_and_missing_values_as_pandas_does() -> None:
    frame = pd.DataFrame({"share": [0.1 + 0.2, float("nan")], "year": pd.array([-470, None], dtype="Int64")})
    frame["text"] = [None, "a"]
    assert csv_text(frame) == frame.to_csv(index=False, lineterminator="\n")


@pytest.mark.parametrize(
    "text, stays",
    [
        ("-470", True),  # BCE decade
        ("+33", True),  # a number with a sign is still a number
        ("1e5", True),
        ("-", False),  # a lone dash is not a number
        ("-470 BCE", False),
        ("@x", False),
        ("'=x", False),  # already neutralised once: one more apostrophe, restore() takes exactly one
    ],
)
def test_the_formula_rule_spares_numbers_only(text: str, stays: bool) -> None:
    assert (neutralise(text) == text) is stays
    assert restore(neutralise(text)) == text


def test_every_figure_csv_goes_through_the_one_writer() -> None:
    """The CLI's and the pages' figure CSV (both FIGURE_FORMATS["csv"]) apply the rule too (#14)."""
    rows = read_csv(FIGURE_FORMATS["csv"].writer(hostile_figure()).decode())
    assert [r[1] for r in rows[1:]][3:6] == ["'=1+1", "-470", "'-dash"] and len(rows) == len(HOSTILE) + 1


def test_worklist_csv_cannot_be_split_by_a_bare_cr() -> None:
    rows = read_csv(to_csv(hostile_worklist(HOSTILE)).decode())
    assert [r[0] for r in rows[1:]] == [f"Q{n}" for n in range(1, len(HOSTILE) + 1)]
    assert not any(r[0].startswith(("=", "'")) for r in rows)


def test_xlsx_drops_what_xml_cannot_hold_and_marks_a_cut_cell() -> None:
    worklist = hostile_worklist([*HOSTILE, LONG, "\x0b=1+1"])
    book = openpyxl.load_workbook(io.BytesIO(to_xlsx(worklist)))
    labels = [row[1].value for row in book["worklist"].iter_rows(min_row=2)]
    assert labels[HOSTILE.index("v\x0btab and \x0cfeed")] == "vtab and feed"
    long = labels[len(HOSTILE)]
    assert len(long) == XLSX_MAX_CELL and long.endswith(CUT_MARK) and long.startswith("x" * 1000)
    assert labels[-1] == "'=1+1"  # dropped characters never uncover a formula
    assert labels[HOSTILE.index("-470")] == "-470"
    about = {r[0].value: r[1].value for r in book["about"].iter_rows()}
    assert about["cut_cells"].endswith(f"B{len(HOSTILE) + 2} (label)")
    assert "cut_cells" not in {r[0].value for r in openpyxl.load_workbook(
        io.BytesIO(to_xlsx(hostile_worklist(["plain"]))))["about"].iter_rows()}  # fmt: skip


def test_every_worklist_format_builds_on_hostile_labels() -> None:
    worklist = hostile_worklist([*HOSTILE, LONG])
    for fmt in WORKLIST_FORMATS.values():
        if fmt.name != "listeria":  # the template holds the query, not the rows
            assert fmt.writer(worklist)


def test_the_registry_names_suffix_and_mime_of_every_export() -> None:
    for formats in (FIGURE_FORMATS, WORKLIST_FORMATS, PROGRESS_FORMATS, CHART_FORMATS):
        for name, fmt in formats.items():
            assert fmt.name == name and fmt.suffix and "/" in fmt.mime
    assert WORKLIST_FORMATS["wikitext"].file_name("worklist_hr") == "worklist_hr.wiki.txt"
    assert WORKLIST_FORMATS["xlsx"].binary and FIGURE_FORMATS["csv"].sidecar and not WORKLIST_FORMATS["json"].sidecar


def test_pages_take_mime_types_and_suffixes_from_the_registry() -> None:
    for path in [ROOT / "ui.py", *sorted((ROOT / "pages").glob("*.py"))]:
        text = path.read_text(encoding="utf-8")
        for literal in ('"text/csv"', '"image/png"', "spreadsheetml", "csv_text(", "to_csv("):
            assert literal not in text, f"{path.name} spells {literal}"


def test_one_metadata_writer_for_sidecar_xlsx_and_json(tmp_path: Path) -> None:
    worklist = hostile_worklist(["plain"])
    out = tmp_path / "list.csv"
    write_output(WORKLIST_FORMATS["csv"], worklist, str(out))
    sidecar = json.loads((tmp_path / "list.csv.meta.json").read_text(encoding="utf-8"))
    assert sidecar == metadata(worklist) == json.loads(WORKLIST_FORMATS["json"].writer(worklist))["meta"]
    about = {r[0].value: r[1].value for r in openpyxl.load_workbook(io.BytesIO(to_xlsx(worklist)))["about"].iter_rows()}
    assert about["total_candidates"] == sidecar["total_candidates"] and set(about) == set(sidecar)


def test_cli_figure_csv_applies_the_formula_rule_and_a_folder_is_refused(tmp_path: Path) -> None:
    run = gapkit("gaps", "decade", "--edition", "fr", "--store", str(FIXTURE_STORE))
    assert run.returncode == 0 and "\nfr,-470,all,1," in run.stdout  # a BCE decade stays a number
    for command in (["gaps", "gender", "--edition", "hr"], ["worklist", "--edition", "hr"]):
        bad = gapkit(*command, "--out", str(tmp_path), "--store", str(FIXTURE_STORE))
        assert bad.returncode == 2 and bad.stderr.count("\n") == 1 and "Traceback" not in bad.stderr


def test_cli_worklist_exports_of_hostile_labels_are_safe(tmp_path: Path) -> None:
    from tests.test_app import hostile_store

    store = str(hostile_store(tmp_path))
    run = gapkit("worklist", "--edition", "no", "--limit", "100", "--store", store)
    assert run.returncode == 0, run.stderr
    rows = read_csv(run.stdout)
    listed = json.loads(gapkit("worklist", "--edition", "no", "--format", "json", "--store", store).stdout)["meta"]
    assert len(rows) == listed["listed"] + 1 and all(r[0].startswith("Q") for r in rows[1:])
    assert not any(r[1].startswith(("=", "\t", "\r")) for r in rows[1:])
    out = tmp_path / "list.xlsx"
    assert (
        gapkit("worklist", "--edition", "no", "--format", "xlsx", "--out", str(out), "--store", store).returncode == 0
    )
    about = {r[0].value: r[1].value for r in openpyxl.load_workbook(out)["about"].iter_rows()}
    assert "(label)" in about["cut_cells"]

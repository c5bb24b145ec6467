"""Worklists: exact candidates and order on the fixture, exports that round-trip, and an independent check."""

import csv
import io
import json
from collections import defaultdict
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from gapkit.builders.from_csv import build_from_csv
from gapkit.errors import BadInput
from gapkit.figures.gender import gender_by_edition
from gapkit.figures.worklist import COLUMNS, Worklist, build_worklist, gender_group
from gapkit.model.identifiers import qid_number
from gapkit.outputs.cells import neutralise, restore
from gapkit.outputs.listing import link_title
from gapkit.outputs.worklist_formats import (
    parse_wikitext,
    to_csv,
    to_json,
    to_listeria,
    to_wikitext,
    to_xlsx,
)
from gapkit.sources.endpoints import Provenance
from tests.cli_helpers import gapkit
from tests.conftest import FIXTURE_STORE
from tests.test_csv_import import SITES, make_csv_dir, manifest


def test_candidates_for_hr_on_the_fixture(mini) -> None:
    # Not in hr: Q13, Q22 (en+fr: 2 articles), Q12 (en), Q24, Q26 (fr), Q27 (zh-yue). Q20 has only Wikiquote and
    # Q23 is not human. Ties by QID number.
    worklist = build_worklist(mini, "hr", this_year=2026)
    frame = worklist.frame
    assert list(frame.columns) == COLUMNS
    shown = ["qid", "articles", "editions", "best_source", "gender", "birth_year", "maybe_living"]
    assert frame[shown].values.tolist() == [
        ["Q13", 2, "en fr", "en", "women", -469, False],
        ["Q22", 2, "en fr", "en", "men", -1, False],
        ["Q12", 1, "en", "en", "men", 1950, True],
        ["Q24", 1, "fr", "fr", "men", 2001, True],
        ["Q26", 1, "fr", "fr", "no_gender", pd.NA, True],  # birth years disagree: unknown, so maybe living
        ["Q27", 1, "zh-yue", "zh-yue", "women", 1985, True],
    ]  # fmt: skip
    assert worklist.total == 6 and not worklist.cut
    q26 = frame.iloc[4]
    assert q26["label"] == "Eli Unknown" and q26["countries"] == "Canada; Russian Empire"
    assert q26["translate_url"] == (
        "https://hr.wikipedia.org/wiki/Special:ContentTranslation?from=fr&to=hr&page=%C3%89li_Inconnu"
    )
    assert frame.iloc[1]["label"] == "Kai Nula"  # the target's content language first, then English
    assert frame.iloc[5]["translate_url"].startswith(
        "https://hr.wikipedia.org/wiki/Special:ContentTranslation?from=yue&to=hr&page="
    )  # the content language of zh-yue is yue


EVIDENCE = [
    "qid",
    "articles",
    "maybe_living",
    "existing_title",
    "note",
    "badges",
    "reference_works",
    "authority_ids",
    "why",
]


def test_ranking_by_evidence_on_the_fixture(mini) -> None:
    # Q13: featured in fr, good in en, two reference works, ISNI, VIAF and GND: 2 + 5 + 3 + 2 x 2 + 3 = 17;
    # Q12: one reference work and an LoC id: 1 + 2 + 1 = 4, above Q22 (2 articles, no evidence: 2).
    by_articles = build_worklist(mini, "hr", this_year=2026, limit=3).frame
    by_evidence = build_worklist(mini, "hr", this_year=2026, limit=3, rank="evidence")
    q13 = [
        "Q13",
        2,
        False,
        "",
        "",
        "featured: fr; good: en",
        2,
        3,
        "2 articles; featured in fr; good in en; 2 reference works; 3 authority IDs",
    ]
    q22 = ["Q22", 2, False, "", "", "", 0, 0, "2 articles"]
    q12 = ["Q12", 1, True, "", "", "", 1, 1, "1 article; 1 reference work; 1 authority ID"]  # fmt: skip
    assert by_articles[EVIDENCE].values.tolist() == [q13, q22, q12]  # the evidence columns on both rankings
    assert by_evidence.frame[EVIDENCE].values.tolist() == [q13, q12, q22]
    assert by_evidence.scope["rank"] == "evidence" and by_evidence.total == 6
    # --limit after ranking every candidate: the second place goes to Q12 although Q22 has more articles
    assert build_worklist(mini, "hr", limit=2, rank="evidence").frame["qid"].tolist() == ["Q13", "Q12"]


def test_every_export_carries_the_evidence_columns(mini, tmp_path: Path) -> None:
    from gapkit.events.snapshots import save_event

    worklist = build_worklist(mini, "hr", this_year=2026, limit=2, rank="evidence")
    back = pd.read_csv(io.BytesIO(to_csv(worklist)), dtype=str, keep_default_na=False)
    assert back[EVIDENCE[5:]].values.tolist() == [
        [
            "featured: fr; good: en",
            "2",
            "3",
            "2 articles; featured in fr; good in en; 2 reference works; 3 authority IDs",
        ],
        ["", "1", "1", "1 article; 1 reference work; 1 authority ID"],
    ]
    sheet = openpyxl.load_workbook(io.BytesIO(to_xlsx(worklist)))["worklist"]
    assert [c.value for c in sheet[1]] == COLUMNS and [c.value for c in sheet[2]][-4:-1] == [
        "featured: fr; good: en",
        2,
        3,
    ]
    parsed = parse_wikitext(to_wikitext(worklist).decode())
    assert [(r["badges"], r["reference_works"], r["authority_ids"]) for r in parsed] == [
        ("featured: fr; good: en", "2", "3"),
        ("", "1", "1"),
    ]
    assert json.loads(to_json(worklist))["rows"][1]["why"] == "1 article; 1 reference work; 1 authority ID"
    path, _ = save_event(mini, "evidence", "hr", tmp_path, limit=2, rank="evidence")
    people = json.loads(path.read_text(encoding="utf-8"))["people"]
    assert people[1] == {"qid": "Q12", "label": "Bob | Pipe {{x}} [[y]]", "existing_title": "", "note": "",
                         "badges": "", "reference_works": 1,
                         "authority_ids": 1, "why": "1 article; 1 reference work; 1 authority ID"}  # fmt: skip


def test_labels_prefer_the_target_language(mini) -> None:
    frame = build_worklist(mini, "zh-yue", min_articles=3).frame
    assert frame[["qid", "label", "description"]].values.tolist() == [
        ["Q11", "Ada Example", "French writer"],
        ["Q19", "Hal Journalist", ""],
    ]
    # Q14 has only Chinese and mul labels: for en, mul stands in; Q21 only a Croatian one, so its QID stands in.
    no_label = build_worklist(mini, "en", sources=["hr"]).frame
    assert no_label[["qid", "label"]].values.tolist() == [["Q14", "Li Si"], ["Q21", "Q21"]]
    # Q24 has English, Arabic and mul labels: for hr (no Croatian label), mul comes before English.
    hr = build_worklist(mini, "hr", sources=["fr"]).frame.set_index("qid")["label"]
    assert hr["Q24"] == "Maks" and hr["Q13"] == "Cleo Ancient"


def test_source_editions_and_the_limit(mini) -> None:
    worklist = build_worklist(mini, "zh-yue", sources=["hr", "fr"], limit=3)
    assert worklist.frame["qid"].tolist() == ["Q11", "Q19", "Q13"]
    assert worklist.total == 10 and worklist.cut  # every human with an hr or fr article (none is in zh-yue)
    assert worklist.frame["best_source"].tolist() == ["hr", "hr", "fr"]  # the first chosen source with an article


@pytest.mark.parametrize(
    "kwargs, sentence",
    [
        ({"edition": "xx"}, "not a known Wikipedia edition"),
        ({"edition": "hr", "limit": 10_001}, "between 1 and 10,000"),
        ({"edition": "hr", "min_articles": 0}, "between 1 and 10,000"),
        ({"edition": "hr", "sources": ["hr"]}, "cannot also be a source"),
        ({"edition": "hr", "sources": ["en> } ?s ?p ?o #"]}, "not a known Wikipedia edition"),
        ({"edition": "hr", "rank": "pageviews"}, "not one of articles, evidence"),
    ],
)
def test_bad_input(mini, kwargs, sentence) -> None:
    with pytest.raises(BadInput, match=sentence):
        build_worklist(mini, **kwargs)


def test_gender_group_in_python_matches_the_sparql_figure(mini) -> None:
    """The worklist shows the group per person; the figures decide it in SPARQL: both give the same counts."""
    listed = build_worklist(mini, "de", limit=100).frame  # nobody has a de article: every human with an article
    counts = listed["gender"].value_counts().to_dict()
    figure = gender_by_edition(mini, None).frame
    # women Q11 Q13 Q21 Q27; men Q12 Q19 Q22 Q24; other Q14 Q18; no_gender Q15 Q26: as the per-edition figures say
    assert counts == {"women": 4, "men": 4, "other": 2, "no_gender": 2}
    assert set(counts) <= set(figure["gender"])
    assert gender_group(["Q6581072", "unknown_value"]) == "women" and gender_group(["unknown_value"]) == "no_gender"
    assert gender_group(["Q6581072", "Q6581097"]) == "other" and gender_group(["Q48270"]) == "other"


HAZARDS = [
    "Ana, \"Quoted\"", "a | b", "x}}y", "[[link]]", "{{template}}", "עִבְרִית", "العربية", "中文", "=1+1", "+33 1",
    "-dash", "@handle", "'=already", "! bang",
]  # fmt: skip


def hazard_worklist() -> Worklist:
    rows = []
    for number, text in enumerate(HAZARDS, start=1):
        rows.append([f"Q{number}", text, text[::-1], "women", text, -469 if number == 1 else 1900 + number, 2,
                     "en fr", "en", "https://en.wikipedia.org/wiki/X", "", f"https://www.wikidata.org/wiki/Q{number}",
                     number % 2 == 0, text, "note" if number % 2 else "", text, number, 0, text])  # fmt: skip
    frame = pd.DataFrame(rows, columns=COLUMNS)
    frame["birth_year"] = frame["birth_year"].astype("Int64")
    provenance = Provenance("test | source", "store", "abc", "2026-01-01", synthetic=True)
    scope = {"edition": "hr", "min_articles": 1, "limit": 14}
    return Worklist("Worklist for hr", frame, provenance, "definition", (), scope, total=99)


def test_csv_round_trip_after_undoing_the_neutralisation() -> None:
    worklist = hazard_worklist()
    back = pd.read_csv(io.BytesIO(to_csv(worklist)), dtype=str, keep_default_na=False)
    assert back["label"].tolist()[8:13] == ["'=1+1", "'+33 1", "'-dash", "'@handle", "''=already"]
    assert back["birth_year"].tolist()[0] == "-469"  # a BCE year is a number, never neutralised
    for column in ("label", "description", "countries"):
        assert [restore(v) for v in back[column]] == worklist.frame[column].tolist()


def test_xlsx_round_trip_with_links_frozen_header_and_an_about_sheet() -> None:
    worklist = hazard_worklist()
    book = openpyxl.load_workbook(io.BytesIO(to_xlsx(worklist)))
    sheet = book["worklist"]
    assert sheet.freeze_panes == "A2"
    header = [c.value for c in sheet[1]]
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]
    assert header == COLUMNS and len(rows) == len(HAZARDS)
    for column in ("label", "description", "countries"):
        index = header.index(column)
        assert [restore(r[index]) for r in rows] == worklist.frame[column].tolist()
    assert all(c.data_type == "s" for c in sheet["B"][1:])  # text, never a formula
    assert rows[0][header.index("birth_year")] == -469
    assert (
        sheet.cell(row=2, column=header.index("wikidata_url") + 1).hyperlink.target
        == "https://www.wikidata.org/wiki/Q1"
    )
    about = {r[0].value: r[1].value for r in book["about"].iter_rows()}
    assert about["total_candidates"] == 99 and "test | source" in about["provenance"]


def test_wikitext_table_cannot_be_broken_and_parses_back() -> None:
    worklist = hazard_worklist()
    text = to_wikitext(worklist).decode()
    body = text.split("\n", 1)[1]
    assert body.count("\n|-\n") == len(HAZARDS) and body.rstrip().endswith("|}")
    rows = [line for line in body.split("\n") if line.startswith("| ")]
    assert [len(line[2:].split(" || ")) for line in rows] == [17] * len(HAZARDS)  # no text adds or merges a cell
    for line in rows:
        cells = line[2:].split(" || ")
        for cell in cells[2:-2]:  # every Wikidata text cell is inert markup
            assert cell.startswith("<nowiki>") and cell.endswith("</nowiki>") and "|" not in cell
        # the red link: none, or a plain title link_title() let through (no markup, no prefix, no entity)
        assert cells[1] == "" or (cells[1] == f"[[{link_title(cells[1][2:-2])}]]" and cells[1].count("[") == 2)
    parsed = parse_wikitext(text)
    assert [r["article"] for r in parsed] == [link_title(h) for h in HAZARDS]  # no check ran: labels, if linkable
    assert [r["existing_title"] for r in parsed] == HAZARDS  # a hostile existing_title is inert too
    assert [r["label"] for r in parsed] == HAZARDS and [r["qid"] for r in parsed] == worklist.frame["qid"].tolist()


def test_listeria_template_holds_no_pipe_or_closing_braces_in_its_query(mini) -> None:
    text = to_listeria(build_worklist(mini, "hr", sources=["en", "fr"])).decode()
    sparql = text.split("|sparql=", 1)[1].split("\n|columns=", 1)[0]
    assert "|" not in sparql and "}}" not in sparql
    assert "SELECT ?item (COUNT(DISTINCT ?site) AS ?articles)" in sparql and "MINUS" in sparql
    assert "item:Wikidata\n|thumb=100\n|links=red_only\n|freq=7\n}}\n{{Wikidata list end}}" in text  # no sort=
    assert "P21" not in text.split("|columns=", 1)[1]  # nothing about gender identity is exported


@pytest.mark.parametrize("rank", ["articles", "evidence"])
def test_listeria_orders_as_the_worklist_ranks_with_no_sort_parameter(mini, rank: str) -> None:
    """ListeriaBot keeps the query's order when there is no sort= (#17): the query orders as the worklist ranks,
    by the evidence score with --rank evidence, ties by articles, then QID number, on both engines."""
    from gapkit.figures.base import run_query

    worklist = build_worklist(mini, "hr", rank=rank)
    text = to_listeria(worklist).decode()
    assert "|sort" not in text and ("?score:score,item:Wikidata" in text) is (rank == "evidence")
    assert "ORDER BY DESC(?score) DESC(?articles) STRLEN(STR(?item)) STR(?item)" in text
    evidence = {"evidence": True} if rank == "evidence" else {}
    answer, _ = run_query(mini, "worklist_listeria", target="hr", min_articles=1, source=None, top=500, **evidence)
    assert answer.frame["item"].tolist() == worklist.frame["qid"].tolist()
    assert answer.frame.values.tolist() == (
        [["Q13", 2, 17], ["Q12", 1, 4], ["Q22", 2, 2], ["Q24", 1, 1], ["Q26", 1, 1], ["Q27", 1, 1]]
        if rank == "evidence"
        else [["Q13", 2, 2], ["Q22", 2, 2], ["Q12", 1, 1], ["Q24", 1, 1], ["Q26", 1, 1], ["Q27", 1, 1]]
    )


def test_json_export_carries_rows_total_and_provenance(mini) -> None:
    data = json.loads(to_json(build_worklist(mini, "hr", limit=2)))
    assert data["meta"]["total_candidates"] == 6 and data["meta"]["listed"] == 2
    assert data["rows"][0]["qid"] == "Q13" and data["rows"][0]["birth_year"] == -469


def test_neutralise_is_for_text_only() -> None:
    assert neutralise(-469) == -469 and neutralise("-dash") == "'-dash" and restore("'-dash") == "-dash"
    assert neutralise("-469") == "-469" and restore("-469") == "-469"  # a number's text is a number (#14)


def test_cli_worklist_formats_and_bad_input(tmp_path: Path) -> None:
    run = gapkit("worklist", "--edition", "hr", "--limit", "2", "--store", str(FIXTURE_STORE))
    assert run.returncode == 0 and run.stdout.splitlines()[1].startswith("Q13,Cleo Ancient,")
    assert "6 candidates in all; the first 2 are listed." in run.stderr
    out = tmp_path / "list.xlsx"
    assert gapkit("worklist", "--edition", "hr", "--format", "xlsx", "--out", str(out), "--store",
                  str(FIXTURE_STORE)).returncode == 0  # fmt: skip
    assert openpyxl.load_workbook(out)["worklist"]["A2"].value == "Q13"
    for args in (["--limit", "0"], ["--edition", "xx"], ["--min-articles", "2", "--source-edition", "en"],
                 ["--format", "xlsx"]):  # fmt: skip
        bad = gapkit("worklist", "--edition", "hr", *args, "--store", str(FIXTURE_STORE))
        assert bad.returncode == 2 and len(bad.stderr.strip().splitlines()) == 1 and "Traceback" not in bad.stderr


@pytest.mark.parametrize("seed, k", [(12, 1), (13, 2), (14, 3)])
def test_worklist_equals_an_independent_computation_over_csv(tmp_path: Path, seed: int, k: int) -> None:
    make_csv_dir(tmp_path / "csv", seed, people=80)
    ref = build_from_csv(tmp_path / "csv", tmp_path / "s", manifest())
    out = tmp_path / "list.csv"
    run = gapkit("worklist", "--edition", "hr", "--min-articles", str(k), "--limit", "10000", "--store",
                 str(ref.path), "--out", str(out))  # fmt: skip
    assert run.returncode == 0, run.stderr
    got = [(r["qid"], int(r["articles"])) for r in csv.DictReader(out.read_text(encoding="utf-8").splitlines())]
    wiki = {s[0]: s[2] for s in SITES if s[1] == "wikipedia"}
    editions = defaultdict(set)
    for r in csv.DictReader((tmp_path / "csv" / "person_sitelinks.csv").read_text(encoding="utf-8").splitlines()):
        if r["site"] in wiki:
            editions[r["qid"]].add(wiki[r["site"]])
    expected = sorted(
        ((q, len(e)) for q, e in editions.items() if "hr" not in e and len(e) >= k),
        key=lambda pair: (-pair[1], qid_number(pair[0])),
    )
    assert got == expected
    assert json.loads((tmp_path / "list.csv.meta.json").read_text())["total_candidates"] == len(expected)

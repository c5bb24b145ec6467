"""The existing-page check: titles dumps read (gz and plain, damaged, wrong header), MediaWiki's title rules,
exact rows on the fixture, exports that carry the check, and hostile titles kept inert."""

import gzip
import io
import json
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from gapkit.builders.from_rdf import build_from_rdf
from gapkit.errors import BadInput
from gapkit.figures.existing_pages import NOTE, check_existing_pages, existing_titles, find_titles, title_key
from gapkit.figures.worklist import COLUMNS, build_worklist
from gapkit.outputs.worklist_formats import parse_wikitext, to_csv, to_json, to_wikitext, to_xlsx
from gapkit.sources.resolve import open_store_endpoint
from gapkit.sources.titles import read_titles
from tests.cli_helpers import gapkit
from tests.conftest import FIXTURE_STORE
from tests.test_columnar import MANIFEST

TITLES = Path(__file__).parent / "fixtures" / "titles"
PLAIN = TITLES / "hrwiki-mini-all-titles-in-ns0"
GZIPPED = TITLES / "hrwiki-mini-all-titles-in-ns0.gz"
APP = str(Path(__file__).parent.parent / "app.py")
HR_EXPECTED = [
    ["Q13", "Cleo Ancient", "Cleo Ancient", NOTE],  # underscores are spaces
    ["Q22", "Kai Nula", "Kai Zero", NOTE],  # through the English label
    ["Q12", "Bob | Pipe {{x}} [[y]]", "Bob | Pipe {{x}} [[y]]", NOTE],  # hostile, matched, kept as text
    [
        "Q24",
        "Maks",
        "",
        "",
    ],  # label under mul; "Max_trans" does not name "Max Trans": only the first letter is case-insensitive
    ["Q26", "Eli Unknown", "", ""],
    ["Q27", "Fumi Example", "", ""],
]


def _read(data: bytes, limit: int | None = None) -> list[str]:
    return list(read_titles(io.BytesIO(data), "titles.gz", limit))


def test_the_fixture_has_the_real_shape_header_then_underscored_titles() -> None:
    raw = PLAIN.read_bytes()
    assert raw.startswith(b"page_title\n") and not raw.startswith(b"\xef\xbb\xbf")  # no byte-order mark
    assert gzip.decompress(GZIPPED.read_bytes()) == raw
    assert _read(raw) == _read(GZIPPED.read_bytes()) == [
        "Ada_Primjer", "Bob_|_Pipe_{{x}}_[[y]]", "Cleo_Ancient", "Cleo_ancient", "Hrvatska", "Kai_Zero", "Max_trans",
        "Zagreb",
    ]  # fmt: skip


@pytest.mark.parametrize(
    "data, sentence",
    [
        (gzip.compress(b"page_title\nA\nB\n" * 50)[:-12], "titles.gz is damaged or cut short"),  # cut short
        (b"\x1f\x8b" + b"\x00" * 30, "titles.gz is damaged or cut short"),  # gzip magic, then garbage
        (b"title\nAda_Lovelace\n", "does not start with the line 'page_title'"),  # another header
        (b"Ada_Lovelace\nBob\n", "does not start with the line 'page_title'"),  # no header at all
        (b"", "does not start with the line 'page_title'"),  # empty
        (b"page_title\n\xff\xfe\n", "Line 2 of titles.gz is not UTF-8 text"),
    ],
)
def test_bad_titles_files_are_one_sentence(data: bytes, sentence: str) -> None:
    with pytest.raises(BadInput) as err:
        _read(data)
    assert sentence in str(err.value) and "\n" not in str(err.value)


def test_the_bound_counts_uncompressed_bytes() -> None:
    data = b"page_title\n" + b"A_long_title\n" * 1000
    assert len(_read(gzip.compress(data), limit=len(data))) == 1000
    with pytest.raises(BadInput, match="more than 1,000 bytes of titles"):
        _read(gzip.compress(data), limit=1000)  # the gzip is far smaller than 1,000 bytes; its content is not


@pytest.mark.parametrize(
    "a, b, same",
    [
        ("ada Lovelace", "Ada_Lovelace", True),  # first letter case-insensitive
        ("Ada lovelace", "Ada_Lovelace", False),  # the rest is case-sensitive
        ("  Ada  Lovelace ", "Ada__Lovelace", True),  # trimmed; runs of spaces and underscores are one
        ("éli Inconnu", "Éli_Inconnu", True),  # beyond ASCII
        ("李四", "李四", True),
    ],
)
def test_title_rules(a: str, b: str, same: bool) -> None:
    assert (title_key(a) == title_key(b)) is same


def test_first_matching_label_wins_and_titles_show_with_spaces() -> None:
    labels = {"Q1": ("ada Lovelace",), "Q2": ("Kai Nula", "Kai Zero"), "Q3": ("Nobody",), "Q4": ("Kai_Nula",)}
    found, read = find_titles({title_key(t): None for ts in labels.values() for t in ts},
                              iter(["Ada_Lovelace", "Kai_Zero", "Kai_Nula", "Other"]))  # fmt: skip
    assert read == 4
    assert existing_titles(labels, found) == {"Q1": "Ada Lovelace", "Q2": "Kai Nula", "Q4": "Kai Nula"}


def test_exact_rows_on_the_fixture_gz_and_plain(mini) -> None:
    plain = build_worklist(mini, "hr", this_year=2026)
    for path in (PLAIN, GZIPPED):
        with path.open("rb") as handle:
            checked = check_existing_pages(plain, read_titles(handle, path.name), path.name)
        assert list(checked.frame.columns) == COLUMNS and COLUMNS[12:15] == ["maybe_living", "existing_title", "note"]
        assert checked.frame[["qid", "label", "existing_title", "note"]].values.tolist() == HR_EXPECTED
        assert checked.titles_check == {"file": path.name, "titles_read": 8, "matches": 3}
    assert plain.frame["existing_title"].tolist() == [""] * 6 and plain.titles_check is None  # unchanged


def _checked(mini):
    with PLAIN.open("rb") as handle:
        return check_existing_pages(build_worklist(mini, "hr"), read_titles(handle, PLAIN.name), PLAIN.name)


def test_exports_carry_the_columns_and_the_check(mini) -> None:
    checked = _checked(mini)
    back = pd.read_csv(io.BytesIO(to_csv(checked)), dtype=str, keep_default_na=False)
    assert back[["qid", "existing_title", "note"]].values.tolist() == [[r[0], r[2], r[3]] for r in HR_EXPECTED]
    data = json.loads(to_json(checked))
    assert data["meta"]["titles_check"] == {"file": PLAIN.name, "titles_read": 8, "matches": 3}
    assert [r["existing_title"] for r in data["rows"]] == [r[2] for r in HR_EXPECTED]
    assert json.loads(to_json(build_worklist(mini, "hr")))["meta"]["titles_check"] == "none"
    book = openpyxl.load_workbook(io.BytesIO(to_xlsx(checked)))
    header = [c.value for c in book["worklist"][1]]
    assert header == COLUMNS
    assert book["worklist"].cell(row=2, column=header.index("note") + 1).value == NOTE
    about = {r[0].value: r[1].value for r in book["about"].iter_rows()}
    assert json.loads(about["titles_check"])["matches"] == 3


def test_hostile_titles_are_inert_in_wikitext(mini) -> None:
    text = to_wikitext(_checked(mini)).decode()
    rows = [line for line in text.split("\n") if line.startswith("| ")]
    assert [len(line[2:].split(" || ")) for line in rows] == [17] * 6  # no title adds or merges a cell
    assert rows[2].count("<nowiki>Bob &#124; Pipe {{x}} [[y]]</nowiki>") == 2  # the label and the existing_title
    parsed = parse_wikitext(text)
    assert [(r["existing_title"], r["note"]) for r in parsed] == [(r[2], r[3]) for r in HR_EXPECTED]


def test_cli_titles_option(tmp_path: Path) -> None:
    out = tmp_path / "list.csv"
    run = gapkit("worklist", "--edition", "hr", "--titles", str(GZIPPED), "--out", str(out), "--store",
                 str(FIXTURE_STORE))  # fmt: skip
    assert run.returncode == 0, run.stderr
    back = pd.read_csv(out, dtype=str, keep_default_na=False)
    assert back[["qid", "existing_title"]].values.tolist() == [[r[0], r[2]] for r in HR_EXPECTED]
    meta = json.loads((tmp_path / "list.csv.meta.json").read_text())
    assert meta["titles_check"] == {"file": GZIPPED.name, "titles_read": 8, "matches": 3}
    plain = gapkit("worklist", "--edition", "hr", "--out", str(out), "--store", str(FIXTURE_STORE))
    assert plain.returncode == 0 and json.loads((tmp_path / "list.csv.meta.json").read_text())["titles_check"] == "none"
    damaged = tmp_path / "hrwiki-latest-all-titles-in-ns0.gz"
    damaged.write_bytes(GZIPPED.read_bytes()[:-10])
    headerless = tmp_path / "titles.txt"
    headerless.write_text("Cleo_Ancient\n", encoding="utf-8")
    for bad in (damaged, headerless, tmp_path / "missing.gz", tmp_path):
        run = gapkit("worklist", "--edition", "hr", "--titles", str(bad), "--store", str(FIXTURE_STORE))
        assert run.returncode == 2 and len(run.stderr.strip().splitlines()) == 1 and "Traceback" not in run.stderr
        assert run.stdout == ""  # nothing unchecked is exported


def test_worklist_page_checks_an_uploaded_titles_file(monkeypatch) -> None:
    monkeypatch.setenv("GAPKIT_STORE", str(FIXTURE_STORE))
    at = AppTest.from_file(APP, default_timeout=60)
    at.switch_page("pages/worklist.py")
    at.query_params["edition"] = "hr"
    at.run()
    assert not at.exception and at.dataframe[0].value["existing_title"].tolist() == [""] * 6
    at.file_uploader(key="titles").set_value((GZIPPED.name, GZIPPED.read_bytes(), "application/gzip"))
    at.run()
    assert not at.exception
    assert at.dataframe[0].value[["qid", "existing_title"]].values.tolist() == [[r[0], r[2]] for r in HR_EXPECTED]
    at.file_uploader(key="titles").set_value(("titles.txt", b"Cleo_Ancient\n", "text/plain"))
    at.run()
    assert not at.exception and not at.dataframe  # a bad file: one sentence and nothing exported
    assert "does not start with the line 'page_title'" in at.error[0].value


def test_a_mul_label_is_tried_before_the_english_one(tmp_path: Path) -> None:
    wd, rdfs, schema = "http://www.wikidata.org/entity/", "http://www.w3.org/2000/01/rdf-schema#", "http://schema.org/"
    source = tmp_path / "one.nt"
    source.write_text(
        "\n".join(
            [
                f"<{wd}Q1> <http://www.wikidata.org/prop/direct/P31> <{wd}Q5> .",
                f'<{wd}Q1> <{rdfs}label> "Ana Mul"@mul .',
                f'<{wd}Q1> <{rdfs}label> "Ana English"@en .',
                f"<https://en.wikipedia.org/wiki/Ana> <{schema}about> <{wd}Q1> .",
                f"<https://en.wikipedia.org/wiki/Ana> <{schema}isPartOf> <https://en.wikipedia.org/> .",
                '<https://en.wikipedia.org/> <http://wikiba.se/ontology#wikiGroup> "wikipedia" .',
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    endpoint = open_store_endpoint(build_from_rdf(source, tmp_path / "store", MANIFEST))
    worklist = build_worklist(endpoint, "hr")
    assert worklist.labels == {"Q1": ("Ana Mul", "Ana English")}  # hr has none: mul, then English
    checked = check_existing_pages(worklist, iter(["Ana_English", "Ana_Mul"]), "titles")
    assert checked.frame[["qid", "existing_title", "note"]].values.tolist() == [["Q1", "Ana Mul", NOTE]]


ALIAS_TITLES = ["Cleo_Ancient", "Eli_Nepoznati", "Fumi_Primjer", "Kai_Nulti", "Kleo", "Max_trans"]
# On the fixture plus tests/conftest.py's ALIAS_TRIPLES, against ALIAS_TITLES (#17: aliases in the check).
ALIAS_EXPECTED = [
    ["Q13", "Cleo Ancient", "Cleo Ancient", NOTE],  # its label names a page: tried before its alias "Kleo"
    ["Q22", "Kai Nula", "Kai Nulti", NOTE],  # no page for its labels; its mul alias names one
    ["Q12", "Bob | Pipe {{x}} [[y]]", "", ""],
    ["Q24", "Maks", "Max trans", NOTE],  # English alias "max trans": only first-letter case and "_" differ
    ["Q26", "Eli Unknown", "", ""],  # its German alias names a page, but German is not in the hr chain
    ["Q27", "Fumi Example", "Fumi Primjer", NOTE],  # hr alias "fumi Primjer": first-letter case and "_"
]


def _titles_file(folder: Path, titles: list[str]) -> Path:
    path = folder / "hrwiki-aliases-all-titles-in-ns0.gz"
    path.write_bytes(gzip.compress(("page_title\n" + "\n".join(titles) + "\n").encode(), mtime=0))
    return path


@pytest.mark.parametrize("engine", ["columnar", "sparql"])
def test_an_alias_names_the_existing_page_when_no_label_does(alias_store: Path, tmp_path: Path, engine: str) -> None:
    from gapkit.stores.store import read_manifest

    worklist = build_worklist(open_store_endpoint(read_manifest(alias_store), engine=engine), "hr", this_year=2026)
    assert worklist.aliases == {"Q13": ("Kleo", "Cleo the Elder"), "Q22": ("Kai Nulti",), "Q24": ("max trans",),
                                "Q27": ("fumi Primjer",)}  # fmt: skip
    path = _titles_file(tmp_path, ALIAS_TITLES)
    with path.open("rb") as handle:
        checked = check_existing_pages(worklist, read_titles(handle, path.name), path.name)
    assert checked.frame[["qid", "label", "existing_title", "note"]].values.tolist() == ALIAS_EXPECTED
    assert checked.titles_check == {"file": path.name, "titles_read": 6, "matches": 4}


def test_cli_titles_option_uses_aliases(alias_store: Path, tmp_path: Path) -> None:
    out = tmp_path / "list.csv"
    titles = _titles_file(tmp_path, ALIAS_TITLES)
    run = gapkit("worklist", "--edition", "hr", "--titles", str(titles), "--out", str(out), "--store", str(alias_store))
    assert run.returncode == 0, run.stderr
    back = pd.read_csv(out, dtype=str, keep_default_na=False)
    assert back[["qid", "existing_title", "note"]].values.tolist() == [[r[0], r[2], r[3]] for r in ALIAS_EXPECTED]


def test_an_alias_from_the_dump_fixture_names_a_page(tmp_path: Path) -> None:
    """The JSON dump's Q13 carries aliases in hr, en and de; with only de kept out, its English alias is tried."""
    from gapkit.builders.from_dump import build_from_dump
    from tests.dump_fixture import write_dump

    ref = build_from_dump(write_dump(tmp_path / "dump.json"), tmp_path / "store", languages=["en", "hr"])
    worklist = build_worklist(open_store_endpoint(ref), "hr")
    assert worklist.aliases["Q13"] == ("Kleo", "Cleo the Elder")
    checked = check_existing_pages(worklist, iter(["Cleo_the_Elder", "Kleo_die_Ältere"]), "titles")
    assert checked.frame.loc[checked.frame["qid"] == "Q13", ["existing_title", "note"]].values.tolist() == [
        ["Cleo the Elder", NOTE]
    ]
    assert (checked.frame["existing_title"] != "").sum() == 1

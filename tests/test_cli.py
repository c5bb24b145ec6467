"""The CLI as a person runs it: exact CSV on the fixture, sidecars, and bad input as one sentence."""

import json
from pathlib import Path

import pytest

from tests.cli_helpers import gapkit
from tests.conftest import FIXTURE_STORE


def test_gaps_gender_csv_on_the_fixture() -> None:
    run = gapkit("gaps", "gender", "--edition", "hr", "--edition", "zh-yue", "--store", str(FIXTURE_STORE))
    assert run.returncode == 0, run.stderr
    assert run.stdout.splitlines() == [
        "edition,gender,people,share",
        "hr,women,2,0.4",
        "hr,men,1,0.2",
        "hr,other,2,0.4",
        "hr,no_gender,1,",
        "zh-yue,women,1,1.0",
        "zh-yue,men,0,0.0",
        "zh-yue,other,0,0.0",
        "zh-yue,no_gender,0,",
    ]


def test_explain_says_how_a_figure_and_a_worklist_were_made_on_a_store() -> None:
    store = ("--store", str(FIXTURE_STORE))
    plain = gapkit("gaps", "gender", "--edition", "hr", *store)
    run = gapkit("gaps", "gender", "--edition", "hr", *store, "--explain")
    assert run.returncode == 0 and run.stdout == plain.stdout  # stdout keeps the table only
    lines = run.stderr.splitlines()
    assert lines[0].startswith("Biographies by gender: 1 query answered by the store (") and "none split" in lines[0]
    assert lines[1].split() == ["query", "parts", "requests", "ran", "out", "of", "time", "seconds"]
    assert lines[2].split()[:4] == ["biographies_by_gender", "1", "0", "0"] and len(lines) == 3
    listed = gapkit("worklist", "--edition", "hr", "--limit", "2", *store, "--explain")
    names = [line.split()[0] for line in listed.stderr.splitlines()[3:]]
    assert listed.returncode == 0 and names == [
        "worklist_candidates",
        "worklist_total",
        "edition_sizes",
        "worklist_details",
    ]


def test_gaps_region_by_gender_on_the_fixture() -> None:
    run = gapkit("gaps", "region", "--edition", "hr", "--by-gender", "--store", str(FIXTURE_STORE))
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    assert lines[0] == "edition,region,region_label,gender,people,share"
    assert "hr,no_country,no country of citizenship,other,1,0.5" in lines
    assert "hr,unmapped,unmapped (historical or unlisted country),women,1,0.5" in lines
    assert len(lines) == 1 + 4 * 9  # every gender group x every region, zero rows included


def test_filters_and_a_baseline_on_the_command_line(tmp_path: Path) -> None:
    out = tmp_path / "women.csv"
    run = gapkit("gaps", "gender", "--edition", "en", "--gender", "women", "--born-from", "-500", "--born-to", "1900",
                 "--baseline", "parity", "--store", str(FIXTURE_STORE), "--out", str(out))  # fmt: skip
    assert run.returncode == 0, run.stderr
    # en women: Q11 (1900) and Q13 (469 BCE)
    assert out.read_text().splitlines()[:3] == [
        "edition,gender,people,share,baseline,baseline_share,gap_pp",
        "en,women,2,1.0,parity,0.5,50.0",
        "en,men,0,0.0,parity,0.5,-50.0",
    ]
    meta = json.loads((tmp_path / "women.csv.meta.json").read_text())
    assert meta["scope"] == {"editions": "en", "grouping": "groups", "gender": "women", "born_from": -500,
                             "born_to": 1900, "baseline": "parity"}  # fmt: skip
    assert "Filters: gender group women; born 500 BCE-1900" in meta["definition"]
    run = gapkit("gaps", "occupation", "--edition", "en", "--occupation", "Q36180", "--narrower", "--top", "3",
                 "--store", str(FIXTURE_STORE))  # fmt: skip
    # writers and journalists of en: Q11 Q13 Q18 (writer), Q19 (journalist); Q18 is also a politician
    assert run.stdout.splitlines()[1:] == [
        "en,Q36180,writer,all,3,0.75",
        "en,Q82955,politician,all,1,0.25",  # ties by QID number
        "en,Q1930187,journalist,all,1,0.25",
        "en,no_occupation,,all,0,0.0",
    ]


def test_out_writes_the_file_and_a_meta_sidecar(tmp_path: Path) -> None:
    out = tmp_path / "gender.csv"
    run = gapkit("gaps", "gender", "--all-editions", "--grouping", "raw", "--store", str(FIXTURE_STORE),
                 "--out", str(out))  # fmt: skip
    assert run.returncode == 0, run.stderr
    assert out.read_text().startswith("edition,gender,people,share\nen,Q6581097,3,0.5\n")
    meta = json.loads((tmp_path / "gender.csv.meta.json").read_text())
    assert meta["provenance"]["source"] == "gapkit test fixture (hand-written)"
    assert meta["scope"] == {"editions": "all", "grouping": "raw"}
    assert "Raw P21 values" in meta["definition"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["gender.csv", "gender.csv.meta.json"]


def test_json_format_carries_rows_and_provenance() -> None:
    run = gapkit("gaps", "gender", "--edition", "zh-yue", "--store", str(FIXTURE_STORE), "--format", "json")
    data = json.loads(run.stdout)
    assert data["rows"][0] == {"edition": "zh-yue", "gender": "women", "people": 1, "share": 1.0}
    assert data["rows"][3]["share"] is None
    assert data["meta"]["provenance"]["synthetic"] is True


@pytest.mark.parametrize(
    "args, status, sentence",
    [
        (["--edition", "en> } ?s ?p ?o #"], 2, "is not a known Wikipedia edition code"),
        (["--edition", "en\\u003e"], 2, "is not a known Wikipedia edition code"),
        (["--edition", "xx"], 2, "is not a known Wikipedia edition code"),
        (["--edition", "en", "--format", "xml"], 2, "invalid choice"),
        (["--edition", "en", "--grouping", "binary"], 2, "invalid choice"),
        ([], 2, "one of the arguments --edition --all-editions is required"),
        (["--edition", "en", "--endpoint", "nowhere"], 2, "is not a configured data source"),
        (["--edition", "en", "--gender", "female"], 2, "is not a gender group"),
        (["--edition", "en", "--region", "Q46 } UNION {"], 2, "is not a region"),
        (["--edition", "en", "--country", "France"], 2, "is not a Wikidata item id"),
        (["--edition", "en", "--born-from", "1950", "--born-to", "1900"], 2, "backwards"),
        (["--edition", "en", "--baseline", "nowhere"], 2, "is not a known Wikipedia edition code"),
    ],
)
def test_bad_input_is_one_sentence_and_exit_2(args: list[str], status: int, sentence: str, tmp_path: Path) -> None:
    out = tmp_path / "x.csv"
    run = gapkit("gaps", "gender", *args, "--out", str(out))
    assert run.returncode == status
    assert sentence in run.stderr
    assert len(run.stderr.strip().splitlines()) == 1 and "Traceback" not in run.stderr
    assert not out.exists()


@pytest.mark.parametrize(
    "prepare, sentence",
    [
        (lambda p: None, "There is no store directory"),
        (lambda p: p.mkdir(), "has no manifest.json"),
        (lambda p: (p.mkdir(), (p / "manifest.json").write_text("{not json")), "manifest of the store"),
        (lambda p: (p.mkdir(), (p / "manifest.json").write_text((FIXTURE_STORE / "manifest.json").read_text())),
         "data file store.duckdb is missing"),
        (lambda p: (p.mkdir(), (p / "manifest.json").write_text((FIXTURE_STORE / "manifest.json").read_text()),
                    (p / "store.duckdb").write_text("<a> <b> broken")), "is damaged"),
    ],
)  # fmt: skip
def test_a_missing_or_damaged_store_is_a_failed_source(tmp_path: Path, prepare, sentence: str) -> None:
    store = tmp_path / "store"
    prepare(store)
    run = gapkit("gaps", "gender", "--edition", "en", "--store", str(store))
    assert run.returncode == 1
    assert sentence in run.stderr and len(run.stderr.strip().splitlines()) == 1


def test_store_build_refuses_a_missing_directory(tmp_path: Path) -> None:
    run = gapkit("store", "build", "--from-csv", str(tmp_path / "nope"), "--out", str(tmp_path / "s"))
    assert run.returncode == 2 and "There is no directory" in run.stderr
    assert not (tmp_path / "s").exists()


def test_editions_refresh_from_a_sitematrix_answer(tmp_path: Path) -> None:
    matrix = {
        "sitematrix": {
            "count": 2,
            "0": {"code": "no", "name": "norsk", "localname": "Norwegian",
                  "site": [{"url": "https://no.wikipedia.org", "dbname": "nowiki", "code": "wiki"},
                           {"url": "https://no.wikiquote.org", "dbname": "nowikiquote", "code": "wikiquote"}]},
            "1": {"code": "aa", "localname": "Afar",
                  "site": [{"url": "https://aa.wikipedia.org", "dbname": "aawiki", "code": "wiki", "closed": ""}]},
            "specials": [],
        }
    }  # fmt: skip
    answer = tmp_path / "matrix.json"
    answer.write_text(json.dumps(matrix))
    out = tmp_path / "editions.csv"
    run = gapkit("editions", "refresh", "--from-sitematrix", str(answer), "--out", str(out))
    assert run.returncode == 0, run.stderr
    assert out.read_text().splitlines() == [
        "code,dbname,site,content_language,name",
        "no,nowiki,https://no.wikipedia.org/,nb,Norwegian Wikipedia",
    ]


def test_editions_refresh_from_a_sparql_answer(tmp_path: Path) -> None:
    answer = tmp_path / "sites.json"
    answer.write_text(json.dumps({"head": {"vars": ["site"]}, "results": {"bindings": [
        {"site": {"type": "uri", "value": "https://zh-yue.wikipedia.org/"}},
        {"site": {"type": "uri", "value": "https://be-tarask.wikipedia.org/"}},
    ]}}))  # fmt: skip
    out = tmp_path / "editions.csv"
    assert gapkit("editions", "refresh", "--from-sparql", str(answer), "--out", str(out)).returncode == 0
    lines = out.read_text().splitlines()
    assert lines[1] == "be-tarask,be_x_oldwiki,https://be-tarask.wikipedia.org/,be-tarask,Taraškievica Wikipedia"
    assert lines[2] == "zh-yue,zh_yuewiki,https://zh-yue.wikipedia.org/,yue,Cantonese Wikipedia"

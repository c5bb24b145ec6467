"""Lists an event can work through: red links that cannot point to the wrong person, headed sections, pages of
N people with their sidecars, and the {{Wikidata list}} parameters Women in Red lists use; exact on the fixture."""

import json
from pathlib import Path

import pandas as pd
import pytest

from gapkit.errors import BadInput
from gapkit.figures.existing_pages import NOTE, check_titles_api, check_titles_file
from gapkit.figures.worklist import build_worklist
from gapkit.model.editions import load_editions
from gapkit.model.settings import load_settings
from gapkit.outputs.listing import as_listing, disambiguations, link_title, sections, with_red_links
from gapkit.outputs.worklist_formats import NO_CHECK_COMMENT, parse_wikitext, to_listeria, to_wikitext
from gapkit.sources.politeness import Politeness
from gapkit.sources.titles import TitlesApi, read_titles
from tests.cli_helpers import gapkit
from tests.conftest import FIXTURE_STORE
from tests.test_titles_api import config, wiki  # noqa: F401 (fixtures)

APP = str(Path(__file__).parent.parent / "app.py")
DUMP = Path(__file__).parent / "fixtures" / "titles" / "hrwiki-mini-all-titles-in-ns0"
CT = "https://hr.wikipedia.org/wiki/Special:ContentTranslation?from="
# Without a check every linkable label is a red link; "Bob | Pipe {{x}} [[y]]" holds markup and is never linked.
UNCHECKED = ["Cleo Ancient", "Kai Nula", "", "Maks", "Eli Unknown", "Fumi Example"]
# With the dump: Cleo Ancient exists -> label and its hr occupation "književnik"; Kai Nula's page (through "Kai
# Zero") -> its occupation has no hr or mul label and its birth year is BCE: no red link, only the note.
CHECKED = ["Cleo Ancient (književnik)", "", "", "Maks", "Eli Unknown", "Fumi Example"]


def _dump(*more: str) -> list[str]:
    with DUMP.open("rb") as handle:
        return [*read_titles(handle, DUMP.name), *more]


def _checked(mini, *more: str):
    listing = as_listing(mini, build_worklist(mini, "hr", this_year=2026))
    checked, taken = check_titles_file(listing, iter(_dump(*more)), DUMP.name, disambiguations(listing))
    return with_red_links(checked, taken)


def _articles(listing) -> list[str]:
    return [row["article"] for row in parse_wikitext(to_wikitext(listing).decode())]


def test_without_a_check_labels_are_linked_and_the_page_says_no_check_ran(mini) -> None:
    listing = as_listing(mini, build_worklist(mini, "hr"))
    text = to_wikitext(listing).decode()
    assert NO_CHECK_COMMENT in text and _articles(listing) == UNCHECKED
    rows = parse_wikitext(text)
    assert [r["translate_url"] for r in rows] == list(listing.frame["translate_url"])  # Content Translation
    assert rows[0]["translate_url"] == CT + "en&to=hr&page=Cleo_Ancient"
    assert "| [[d:Q13|Q13]] |" in text.replace(" || ", " | ")  # the Wikidata item


def test_red_links_after_the_dump_check(mini) -> None:
    listing = _checked(mini)
    assert listing.red_links == dict(zip(listing.frame["qid"], CHECKED, strict=True))
    rows = parse_wikitext(to_wikitext(listing).decode())
    assert [r["article"] for r in rows] == CHECKED
    assert [r["note"] for r in rows] == [NOTE, NOTE, NOTE, "", "", ""]


def test_a_disambiguated_title_that_exists_too_gets_no_red_link_and_the_year_rule(mini) -> None:
    """The dump also holds "Cleo Ancient (književnik)", "Maks" (no occupation: born 2001) and "Eli Unknown"
    (occupation "pintor" under mul)."""
    listing = _checked(mini, "Cleo_Ancient_(književnik)", "Maks", "Eli_Unknown")
    assert _articles(listing) == ["", "", "", "Maks (2001)", "Eli Unknown (pintor)", "Fumi Example"]
    existing = ["Cleo Ancient", "Kai Zero", "Bob | Pipe {{x}} [[y]]", "Maks", "Eli Unknown", ""]
    assert listing.frame["existing_title"].tolist() == existing


def test_the_api_check_asks_the_disambiguated_titles_of_matched_people_only(mini, config, wiki) -> None:  # noqa: F811
    wiki.existing["Cleo Ancient (književnik)"] = 999
    api = TitlesApi(load_editions().get("hr"), load_settings(), policy=Politeness(min_interval=0.0), sleep=print)
    listing = as_listing(mini, build_worklist(mini, "hr"))
    checked, taken = check_titles_api(listing, api, disambiguations(listing))
    assert taken == {"Q13"}
    assert _articles(with_red_links(checked, taken)) == ["", "", "", "Maks", "Eli Unknown", "Fumi Example"]
    assert [r["titles"] for r in wiki.requests][1] == "Cleo Ancient (književnik)"  # round two: matched people only


@pytest.mark.parametrize(
    "label, title",
    [
        ("Ada  Lovelace ", "Ada Lovelace"),
        ("Category:Women", ""),  # a namespace or interwiki prefix could link elsewhere
        ("fr:Ada", ""),
        ("A [[B]]", ""),
        ("Ada {{x}}", ""),
        ("Tom & Jerry", ""),  # an entity could change the title
        ("50%", ""),
        ("~~~~", ""),
        ("__NOTOC__", ""),
        ("../up", ""),
        ("Ĳsbrand Ödön", "Ĳsbrand Ödön"),
        ("x" * 256, ""),  # over 255 bytes
    ],
)
def test_link_titles(label: str, title: str) -> None:
    assert link_title(label) == title


SECTIONED = {
    "occupation": [
        ("književnik", ["Q13"]),
        ("politician", ["Q22", "Q12"]),
        ("no occupation", ["Q24", "Q27"]),
        ("pintor", ["Q26"]),
    ],
    "country": [
        ("Russian Empire", ["Q13"]),
        ("Japan", ["Q22", "Q27"]),
        ("United States of America", ["Q12"]),  # Q30 before Q142 (France): the first country by QID number
        ("Canada", ["Q24", "Q26"]),
    ],
    "decade": [
        ("-470s", ["Q13"]),
        ("-10s", ["Q22"]),
        ("1950s", ["Q12"]),
        ("2000s", ["Q24"]),
        ("unknown birth year", ["Q26"]),
        ("1980s", ["Q27"]),
    ],
    "region": [
        ("unmapped (historical or unlisted country)", ["Q13"]),
        ("Asia", ["Q22", "Q27"]),
        ("Europe", ["Q12"]),  # Europe and North America: the first in the region figure's order
        ("North America", ["Q24", "Q26"]),
    ],
}


@pytest.mark.parametrize("section, expected", SECTIONED.items())
def test_sections_on_the_fixture(mini, section: str, expected: list) -> None:
    listing = as_listing(mini, build_worklist(mini, "hr"), section)
    assert [(head, [r["qid"] for r in rows]) for head, rows in sections(listing)] == expected
    rows = parse_wikitext(to_wikitext(listing).decode())
    by_section = [(head, [r["qid"] for r in rows if r["section"] == head]) for head, _ in expected]
    assert by_section == expected and [r["qid"] for r in rows] == [q for _, qs in expected for q in qs]


def test_listeria_uses_women_in_reds_parameters(mini) -> None:
    text = to_listeria(as_listing(mini, build_worklist(mini, "hr"), "occupation")).decode()
    assert "gapkit's existing-page check does not apply to this list" in text
    tail = text.split("\n|columns=", 1)[1]
    assert tail.splitlines()[:6] == [
        "label:name,description,P18:image,P569:born,P570:died,P27:citizenship,P106:occupation,?articles:articles,"
        "item:Wikidata",
        "|section=P106",
        "|thumb=100",
        "|links=red_only",
        "|freq=7",
        "}}",
    ]
    with pytest.raises(BadInput, match="cannot be split by region"):
        to_listeria(as_listing(mini, build_worklist(mini, "hr"), "region"))


def test_per_page_writes_parts_with_sidecars(tmp_path: Path) -> None:
    out = tmp_path / "hr.wiki.txt"
    options = ["--format", "wikitext", "--section", "decade", "--per-page", "4", "--out", str(out)]
    run = gapkit("worklist", "--edition", "hr", "--store", str(FIXTURE_STORE), *options)
    assert run.returncode == 0, run.stderr
    names = ["hr-part1.wiki.txt", "hr-part1.wiki.txt.meta.json", "hr-part2.wiki.txt", "hr-part2.wiki.txt.meta.json"]
    assert sorted(p.name for p in tmp_path.iterdir()) == names
    first, second = (parse_wikitext((tmp_path / f"hr-part{k}.wiki.txt").read_text()) for k in (1, 2))
    assert [r["qid"] for r in first] == ["Q13", "Q22", "Q12", "Q24"] and [r["qid"] for r in second] == ["Q26", "Q27"]
    assert "| 5 || [[Eli Unknown]]" in (tmp_path / "hr-part2.wiki.txt").read_text()  # ranks go on counting
    metas = [json.loads((tmp_path / f"hr-part{k}.wiki.txt.meta.json").read_text()) for k in (1, 2)]
    assert [(m["part"], m["listed"], m["section"], m["total_candidates"]) for m in metas] == [
        ("part 1 of 2", 4, "decade", 6),
        ("part 2 of 2", 2, "decade", 6),
    ]
    csv_out = tmp_path / "csv" / "list.csv"
    csv_out.parent.mkdir()
    run = gapkit("worklist", "--edition", "hr", "--store", str(FIXTURE_STORE), "--per-page", "5", "--out", str(csv_out))
    assert run.returncode == 0, run.stderr
    parts = [pd.read_csv(tmp_path / "csv" / f"list-part{k}.csv", dtype=str) for k in (1, 2)]
    assert [len(p) for p in parts] == [5, 1] and (tmp_path / "csv" / "list-part2.csv.meta.json").exists()


@pytest.mark.parametrize(
    "options, sentence",
    [
        (["--per-page", "3"], "--per-page needs --out FILE"),
        (["--section", "occupation"], "--section splits the wikitext and listeria formats only, not csv"),
        (["--format", "listeria", "--section", "decade"], "cannot be split by decade"),
        (["--format", "listeria", "--per-page", "2", "--out", "x.txt"], "ListeriaBot runs the listeria query"),
        (["--format", "wikitext", "--section", "gender"], "'gender' is not a section"),
        (["--per-page", "0", "--out", "x.csv"], "--per-page"),
    ],
)
def test_refusals_are_one_sentence_before_any_query(options: list[str], sentence: str) -> None:
    run = gapkit("worklist", "--edition", "hr", "--store", str(FIXTURE_STORE), *options)
    assert run.returncode == 2 and sentence in run.stderr and "Traceback" not in run.stderr
    assert len(run.stderr.strip().splitlines()) <= 2 and run.stdout == ""  # argparse adds its usage line


def test_worklist_page_offers_sections_and_pages(monkeypatch) -> None:
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("GAPKIT_STORE", str(FIXTURE_STORE))
    at = AppTest.from_file(APP, default_timeout=60)
    at.switch_page("pages/worklist.py")
    at.query_params.update({"edition": "hr", "section": "decade", "per_page": "4"})
    at.run()
    assert not at.exception and not at.error
    assert at.selectbox(key="section").value == "decade" and at.number_input(key="per_page").value == 4
    assert not [t for t in at.get("toggle") if t.key == "titles_api"]  # a local store: no API check offered
    assert at.selectbox(key="part").options == ["part 1 of 2", "part 2 of 2"]
    buttons = {b.label: b for b in at.get("download_button")}
    assert list(buttons) == ["CSV", "XLSX", "WIKITEXT", "JSON"]  # ListeriaBot runs its own query: one page
    assert [c.value for c in at.caption if "listeria format" in c.value] == [
        "The listeria format cannot be split by decade: ListeriaBot sections by a property only (occupation, "
        "country); use the wikitext format for decade sections."
    ]  # the CLI's sentence, in place of the download (#17)
    at.selectbox(key="part").set_value(2).run()
    assert not at.exception
    fresh = AppTest.from_file(APP, default_timeout=60)
    fresh.switch_page("pages/worklist.py")
    fresh.query_params.update({"edition": "hr", "section": "gender", "titles_api": "1"})
    fresh.run()
    assert not fresh.exception and any("section='gender' cannot be used" in w.value for w in fresh.warning)
    assert any(
        "titles_api='1' cannot be used here; the MediaWiki API check is for remote" in w.value for w in fresh.warning
    )


def test_worklist_page_asks_the_api_when_the_source_is_remote(monkeypatch, tmp_path: Path) -> None:
    from streamlit.testing.v1 import AppTest

    from tests.servers import FaultProxy, MediaWikiStandIn, OxigraphServer
    from tests.test_remote import settings_for

    server = OxigraphServer(FIXTURE_STORE / "data.ttl")
    proxy = FaultProxy(server.url)
    stand_in = MediaWikiStandIn(_dump())
    try:
        _, config = settings_for(tmp_path, {"loopback": proxy.url})
        config.write_text(config.read_text() + f'[titles_api]\nhr = "{stand_in.url}"\n')
        monkeypatch.setenv("GAPKIT_CONFIG", str(config))
        stand_in.faults.append("html")  # the first answer is a maintenance page: one sentence, nothing shown
        at = AppTest.from_file(APP, default_timeout=120)
        at.switch_page("pages/worklist.py")
        at.query_params.update({"source": "loopback", "edition": "hr", "titles_api": "1"})
        at.run()
        assert not at.exception and not at.dataframe and not at.get("download_button")
        assert "answered with text/html" in at.error[0].value
        at.run()
        assert not at.exception and not at.error
        assert at.toggle(key="titles_api").value is True
        frame = at.dataframe[0].value
        assert frame["existing_title"].tolist() == ["Cleo Ancient", "Kai Zero", "", "", "", ""]
        assert any("asked the MediaWiki API" in c.value for c in at.caption)
        at.toggle(key="titles_api").set_value(False).run()
        assert at.dataframe[0].value["existing_title"].tolist() == [""] * 6
    finally:
        stand_in.stop()
        proxy.stop()
        server.stop()


def test_red_links_and_sections_on_the_bundled_sample(sample) -> None:
    """The sample's occupations have English labels only, so hr disambiguates by birth year."""
    listing = as_listing(sample, build_worklist(sample, "hr", limit=8), "occupation")
    titles = ["Neil_Young", "Ichiro_Suzuki", "Ichiro_Suzuki_(1973)"]
    checked, taken = check_titles_file(listing, iter(titles), "titles", disambiguations(listing))
    rows = parse_wikitext(to_wikitext(with_red_links(checked, taken)).decode())
    assert [(r["section"], r["qid"], r["article"], r["existing_title"]) for r in rows] == [
        ("pornographic actor", "Q400", "Jenna Jameson", ""),
        ("lawyer", "Q1228", "Oscar Luigi Scalfaro", ""),
        ("lawyer", "Q1503", "Manuel L. Quezon", ""),
        ("lawyer", "Q1242", "Luigi Einaudi", ""),
        ("record producer", "Q633", "Neil Young (1945)", "Neil Young"),
        ("politician", "Q1233", "Sandro Pertini", ""),
        ("baseball player", "Q600", "", "Ichiro Suzuki"),  # "Ichiro Suzuki (1973)" exists too: no red link
        ("association football player", "Q1915", "Laurent Koscielny", ""),
    ]
    assert {r["translate_url"] for r in rows} == {""}  # the sample has no titles: no Content Translation link

"""Event snapshots: save, change the data, and report progress; refusals in one sentence."""

import dataclasses
import json
from pathlib import Path

import pytest

from gapkit.builders.from_rdf import build_from_rdf
from gapkit.errors import BadInput, SourceError
from gapkit.events.snapshots import event_progress, load_event, save_event
from gapkit.figures.existing_pages import NOTE, check_existing_pages
from gapkit.model.filters import make_filters
from gapkit.sources.resolve import open_store_endpoint
from gapkit.sources.titles import read_titles
from gapkit.stores.store import read_manifest
from tests.cli_helpers import gapkit
from tests.conftest import FIXTURE_STORE

TITLES = Path(__file__).parent / "fixtures" / "titles" / "hrwiki-mini-all-titles-in-ns0"
# Q13 gets an hr article; Q27 stops being a human item (as after a merge or deletion).
NEW_ARTICLE = (
    "<https://hr.wikipedia.org/wiki/Cleo> <http://schema.org/about> <http://www.wikidata.org/entity/Q13> ; "
    "<http://schema.org/isPartOf> <https://hr.wikipedia.org/> .\n"
)


def changed_copy(tmp_path: Path) -> Path:
    """The fixture rebuilt from its Turtle with Q27 no longer a human and a new hr article about Q13."""
    source = tmp_path / "changed.ttl"
    data = (FIXTURE_STORE / "data.ttl").read_text(encoding="utf-8")
    data = data.replace("wd:Q27 wdt:P31 wd:Q5 ;", "wd:Q27 wdt:P31 wd:Q15632617 ;")
    source.write_text(data + NEW_ARTICLE, encoding="utf-8")
    manifest = read_manifest(FIXTURE_STORE).manifest
    return build_from_rdf(source, tmp_path / "store", dataclasses.replace(manifest, data_date="2026-02-01")).path


def test_save_then_progress_after_the_data_changed(mini, tmp_path: Path) -> None:
    events = tmp_path / "events"
    path, worklist = save_event(mini, "launch", "hr", events, filters=make_filters(gender="women"))
    assert path == events / "launch.json"
    assert list(worklist.frame["qid"]) == ["Q13", "Q27"]
    saved = load_event(events, "launch")
    assert saved["people"] == [("Q13", "Cleo Ancient", ""), ("Q27", "Fumi Example", "")]  # no check: no flags
    assert saved["scope"]["gender"] == "women" and saved["source"]["source"] == "gapkit test fixture (hand-written)"

    same = event_progress(mini, "launch", events)
    assert same.same_data and same.counts() == {"new_article": 0, "still_missing": 2, "not_found": 0}

    later = open_store_endpoint(read_manifest(changed_copy(tmp_path)))
    progress = event_progress(later, "launch", events)
    assert not progress.same_data
    assert [tuple(r) for r in progress.people.values] == [
        ("Q13", "Cleo Ancient", "new_article", ""),
        ("Q27", "Fumi Example", "not_found", ""),
    ]
    # hr before: women Q11 Q21 of 5 with gender data; after: Q13 joins (6 with gender data)
    assert [tuple(r) for r in progress.shares[["moment", "women", "with_gender", "share"]].values] == [
        ("before", 2, 5, 0.4),
        ("after", 3, 6, 0.5),
    ]
    assert progress.shares["data_date"].tolist() == ["2026-01-01", "2026-02-01"]
    assert "  1 now has an article in the edition" in progress.summary()
    assert "  no existing-page check ran when the list was saved" in progress.summary()


def test_progress_names_the_people_the_existing_page_check_flagged_at_save(mini, tmp_path: Path) -> None:
    """Q13 (Cleo Ancient) was flagged at save (the dump has "Cleo_Ancient"); afterwards it has an article."""
    events = tmp_path / "events"

    def check(worklist):
        with TITLES.open("rb") as handle:
            return check_existing_pages(worklist, read_titles(handle, TITLES.name), TITLES.name)

    save_event(mini, "flagged", "hr", events, filters=make_filters(gender="women"), check=check)
    data = json.loads((events / "flagged.json").read_text(encoding="utf-8"))
    kept = [{key: person[key] for key in ("qid", "label", "existing_title", "note")} for person in data["people"]]
    assert kept == [
        {"qid": "Q13", "label": "Cleo Ancient", "existing_title": "Cleo Ancient", "note": NOTE},
        {"qid": "Q27", "label": "Fumi Example", "existing_title": "", "note": ""},
    ]
    assert data["people"][0]["why"] == "2 articles; featured in fr; good in en; 2 reference works; 3 authority IDs"
    assert data["titles_check"] == {"file": TITLES.name, "titles_read": 8, "matches": 1}
    later = open_store_endpoint(read_manifest(changed_copy(tmp_path)))
    progress = event_progress(later, "flagged", events)
    assert [tuple(r) for r in progress.people.values] == [
        ("Q13", "Cleo Ancient", "new_article", "Cleo Ancient"),
        ("Q27", "Fumi Example", "not_found", ""),
    ]
    assert "  1 of those with an article now were flagged by the existing-page check at save: Q13" in progress.summary()
    data["titles_check"] = "yes"
    (events / "flagged.json").write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(BadInput, match="neither none nor a record"):
        event_progress(later, "flagged", events)


def test_refusals(mini, sample, tmp_path: Path) -> None:
    events = tmp_path / "events"
    save_event(mini, "launch", "hr", events)
    with pytest.raises(BadInput, match="already exists"):
        save_event(mini, "launch", "hr", events)
    save_event(mini, "launch", "hr", events, replace=True)
    with pytest.raises(SourceError, match="Progress compares the same source only"):
        event_progress(sample, "launch", events)
    with pytest.raises(BadInput, match="no event named"):
        event_progress(mini, "other", events)
    with pytest.raises(BadInput, match="letters, digits"):
        save_event(mini, "../escape", "hr", events)
    (events / "damaged.json").write_text("{not json")
    with pytest.raises(BadInput, match="damaged"):
        event_progress(mini, "damaged", events)
    (events / "foreign.json").write_text(json.dumps({"format": "something-else"}))
    with pytest.raises(BadInput, match="not a gapkit event snapshot"):
        event_progress(mini, "foreign", events)
    assert sorted(p.name for p in events.iterdir()) == ["damaged.json", "foreign.json", "launch.json"]


def test_event_commands_end_to_end(tmp_path: Path) -> None:
    events = str(tmp_path / "events")
    run = gapkit("event", "save", "launch", "--edition", "hr", "--gender", "women", "--store", str(FIXTURE_STORE),
                 "--events-dir", events)  # fmt: skip
    assert run.returncode == 0, run.stderr
    assert "Saved event launch: 2 people" in run.stderr
    run = gapkit("event", "progress", "launch", "--store", str(changed_copy(tmp_path)), "--events-dir", events,
                 "--format", "csv")  # fmt: skip
    assert run.returncode == 0, run.stderr
    assert run.stdout.splitlines() == [
        "qid,label,status,existing_title",
        "Q13,Cleo Ancient,new_article,",
        "Q27,Fumi Example,not_found,",
    ]
    assert "women after: 3 of 6 with gender data (50.0%)" in run.stderr
    run = gapkit("event", "progress", "launch", "--events-dir", events)  # the bundled sample: another source
    assert run.returncode == 1 and "same source only" in run.stderr and "Traceback" not in run.stderr
    run = gapkit("event", "save", "launch", "--edition", "hr", "--store", str(FIXTURE_STORE), "--events-dir", events)
    assert run.returncode == 2 and "already exists" in run.stderr

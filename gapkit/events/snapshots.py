"""Event snapshots: save a worklist with the edition's gender figures, and later report what changed."""

import datetime
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from gapkit.errors import BadInput, SourceError
from gapkit.figures.base import Figure, request, run_query
from gapkit.figures.registry import make
from gapkit.figures.worklist import DEFAULT_LIMIT, EVIDENCE_COLUMNS, Worklist
from gapkit.files import AlreadyExists, atomic_write, read_text_bounded
from gapkit.model import metrics
from gapkit.model.filters import NO_FILTERS, Filters
from gapkit.model.identifiers import looks_like_edition_code, parse_safe_name
from gapkit.model.settings import load_settings
from gapkit.sources.endpoints import Endpoint

FORMAT = "gapkit-event"
VERSION = 1
_QID = re.compile(r"Q[1-9][0-9]{0,11}")
STATUSES = ("new_article", "still_missing", "not_found")
STATUS_TEXT = {
    "new_article": "now has an article in the edition",
    "still_missing": "still no article in the edition",
    "not_found": "not found any more (deleted or merged)",
}


@dataclass(frozen=True)
class Progress:
    """What happened to an event's worklist: per person, and the edition's women share before and after."""

    name: str
    edition: str
    people: pd.DataFrame  # qid, label, status, existing_title (what the existing-page check found at save)
    shares: pd.DataFrame  # moment (before/after), women, with_gender, share, data_date
    same_data: bool
    saved: str
    source: str
    checked: bool = False  # an existing-page check ran when the list was saved

    def counts(self) -> dict[str, int]:
        """How many listed people now have an article, still miss one, or are gone."""
        return {status: int((self.people["status"] == status).sum()) for status in STATUSES}

    def summary(self) -> list[str]:
        """Sentences for the CLI and the page."""
        lines = [f"Event {self.name} ({self.edition}, saved {self.saved}, source {self.source}):"]
        if self.same_data:
            lines.append("no change, same data (the source has the same version as when the event was saved).")
        counts = self.counts()
        lines += [f"  {counts[s]:,} {STATUS_TEXT[s]}" for s in STATUSES]
        lines += self._flagged()
        for row in self.shares.itertuples(index=False):
            share = "no gender data" if pd.isna(row.share) else f"{row.share:.1%}"
            lines.append(f"  women {row.moment}: {row.women:,} of {row.with_gender:,} with gender data ({share})")
        return lines

    def _flagged(self) -> list[str]:
        """Which people who now have an article were flagged by the existing-page check when the list was saved
        (their page may have existed already, without a Wikidata link)."""
        if not self.checked:
            return ["  no existing-page check ran when the list was saved"]
        now = self.people[self.people["status"] == "new_article"]
        flagged = now[now["existing_title"] != ""]
        line = f"  {len(flagged):,} of those with an article now were flagged by the existing-page check at save"
        shown = ", ".join(flagged["qid"][:20]) + (f" and {len(flagged) - 20:,} more" if len(flagged) > 20 else "")
        return [line + (f": {shown}" if len(flagged) else "")]


def event_path(events_dir: Path, name: str) -> Path:
    """The snapshot file of the event called `name` (a checked safe name) in the events folder."""
    return Path(events_dir) / f"{parse_safe_name(name, 'An event name')}.json"


def _source_identity(endpoint: Endpoint) -> dict[str, object]:
    provenance = endpoint.provenance()
    return {
        "name": endpoint.name,
        "source": provenance.source,
        "kind": provenance.kind,
        "version": provenance.data_version,
        "data_date": provenance.data_date,
        "synthetic": provenance.synthetic,
    }


def _women(figure: Figure) -> dict[str, object]:
    frame = figure.frame.set_index("gender")
    women = int(frame.loc["women", "people"])
    with_gender = int(frame.loc[frame.index != "no_gender", "people"].sum())
    return {"women": women, "with_gender": with_gender, "share": metrics.share(women, with_gender)}


def save_event(
    endpoint: Endpoint,
    name: str,
    edition: str,
    events_dir: Path,
    *,
    min_articles: int = 1,
    sources: tuple[str, ...] = (),
    limit: int = DEFAULT_LIMIT,
    filters: Filters = NO_FILTERS,
    replace: bool = False,
    now: datetime.datetime | None = None,
    check: Callable[[Worklist], Worklist] | None = None,
    rank: str = "articles",
) -> tuple[Path, Worklist]:
    """Build the worklist (and run the existing-page `check` on it, if given) and write the snapshot atomically;
    refuses to overwrite unless `replace`."""
    path = event_path(events_dir, name)
    if path.exists() and not replace:
        raise BadInput(f"An event named {name} already exists in {path.parent}; choose another name or --replace.")
    asked = request(
        "worklist", edition, filters=filters, min_articles=min_articles, sources=sources, limit=limit, rank=rank
    )
    worklist = make(endpoint, asked)
    if check is not None:  # a check that fails raises: no snapshot claims a check that did not run
        worklist = check(worklist)
    gender = make(endpoint, request("gender", [edition]))
    now = now or datetime.datetime.now(datetime.UTC)
    snapshot = {
        "format": FORMAT,
        "version": VERSION,
        "name": name,
        "saved": now.isoformat(timespec="seconds"),
        "edition": worklist.scope["edition"],
        "source": _source_identity(endpoint),
        "scope": worklist.scope,
        "total": worklist.total,
        "people": _people(worklist),
        "titles_check": worklist.titles_check or "none",
        "gender": {**_women(gender), "data_date": gender.provenance.data_date},
    }
    try:
        # Created exclusively: of two saves of one name at once, one is saved and the other told (#14).
        atomic_write(path, json.dumps(snapshot, ensure_ascii=False, indent=1), exclusive=not replace)
    except AlreadyExists:
        raise BadInput(
            f"An event named {name} was saved in {path.parent} meanwhile (by another save); it was kept and this "
            "snapshot was not saved: choose another name or --replace."
        ) from None
    return path, worklist


def _people(worklist: Worklist) -> list[dict[str, object]]:
    """The listed people as the snapshot keeps them: QID, label, the existing-page check's columns and the evidence
    columns (#17)."""
    kept = ["qid", "label", "existing_title", "note", *EVIDENCE_COLUMNS]
    return [
        {k: (int(v) if isinstance(v, int | np.integer) else str(v)) for k, v in zip(kept, row, strict=True)}
        for row in worklist.frame[kept].itertuples(index=False)
    ]


def _count(value: object) -> bool:
    """A count as a snapshot holds it: a whole number, not negative (a bool is not one)."""
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def snapshot_problem(data: object, name: str) -> str | None:
    """What is wrong with a snapshot's content (None: nothing); every value is checked before it is used."""
    if not isinstance(data, dict) or data.get("format") != FORMAT or data.get("version") != VERSION:
        return "it is not a gapkit event snapshot"
    if data.get("name") != name:
        return f"it was saved for another name ({str(data.get('name'))[:40]!r})"
    if not isinstance(data.get("edition"), str) or not looks_like_edition_code(data["edition"]):
        return "its edition is missing or not an edition code"
    scope = data.get("scope")
    if not isinstance(scope, dict) or scope.get("edition") != data["edition"]:
        return "its scope is missing or names another edition"
    people = data.get("people")
    if not isinstance(people, list) or not all(isinstance(p, dict) for p in people):
        return "its list of people is missing"
    if not _count(data.get("total")) or data["total"] < len(people):
        return "its total of candidates is missing, negative or below the people listed"
    for person in people:
        if not isinstance(person.get("qid"), str) or not _QID.fullmatch(person["qid"]):
            return f"{str(person.get('qid'))[:40]!r} in its list is not a Wikidata item id"
        for key in ("label", "existing_title", "note"):  # the last two: only in snapshots saved since #17
            if not isinstance(person.get(key, ""), str):
                return f"the {key} of {person['qid']} is not a text"
    check = data.get("titles_check", "none")
    if check != "none" and not isinstance(check, dict):
        return "its existing-page check is neither none nor a record of one"
    gender, source = data.get("gender"), data.get("source")
    if not isinstance(gender, dict) or not _count(gender.get("women")) or not _count(gender.get("with_gender")):
        return "its women counts are missing or negative"
    if gender["women"] > gender["with_gender"]:
        return "it counts more women than people with gender data"
    if (
        not isinstance(source, dict)
        or not isinstance(source.get("source"), str)
        or not isinstance(data.get("saved"), str)
    ):
        return "its source or save time is missing"
    return None


def load_event(events_dir: Path, name: str) -> dict:
    """A saved snapshot, checked; a missing, damaged, oversized or foreign file is one sentence."""
    path = event_path(events_dir, name)
    if not path.exists():
        raise BadInput(f"There is no event named {name} in {path.parent}.")
    try:
        data = json.loads(read_text_bounded(path, load_settings().max_input_bytes))
    except (ValueError, RecursionError):
        raise BadInput(f"The event file {path} is damaged: it is not JSON.") from None
    problem = snapshot_problem(data, name)
    if problem:
        raise BadInput(f"The event file {path} cannot be used: {problem}.")
    data["people"] = [(p["qid"], p.get("label", ""), p.get("existing_title", "")) for p in data["people"]]
    return data


def event_progress(endpoint: Endpoint, name: str, events_dir: Path) -> Progress:
    """Which listed people now have an article, which items are gone, and the women share before and after."""
    saved = load_event(events_dir, name)
    now = _source_identity(endpoint)
    before = saved["source"]
    if (now["source"], now["kind"]) != (before["source"], before["kind"]):
        raise SourceError(
            f"The event {name} was saved from {before['source']!r}; the current source is {now['source']!r}. "
            "Progress compares the same source only: choose that source."
        )
    edition = saved["edition"]
    people = saved["people"]
    rows = []
    if people:
        result, _ = run_query(endpoint, "event_articles", person=[p[0] for p in people], target=edition)
        found = {p: (int(f), int(a)) for p, f, a in result.frame[["person", "found", "articles_in_target"]].values}
        for qid, label, flagged in people:
            is_found, articles = found.get(qid, (0, 0))
            status = "not_found" if not is_found else "new_article" if articles else "still_missing"
            rows.append((qid, label, status, flagged))
    gender = make(endpoint, request("gender", [edition]))
    shares = pd.DataFrame(
        [
            {"moment": "before", **saved["gender"]},
            {"moment": "after", **_women(gender), "data_date": gender.provenance.data_date},
        ],
        columns=["moment", "women", "with_gender", "share", "data_date"],
    )
    return Progress(
        name=name,
        edition=edition,
        people=pd.DataFrame(rows, columns=["qid", "label", "status", "existing_title"]),
        shares=shares,
        same_data=now["version"] == before["version"],
        saved=saved["saved"],
        source=str(before["source"]),
        checked=saved.get("titles_check", "none") != "none",
    )


def saved_events(events_dir: Path) -> list[str]:
    """Names of the snapshots in the events folder."""
    folder = Path(events_dir)
    return sorted(p.stem for p in folder.glob("*.json")) if folder.is_dir() else []

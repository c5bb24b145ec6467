"""The existing-page check: which worklist candidates' labels or aliases already name a page in the target edition."""

import dataclasses
import re
from collections.abc import Iterable, Mapping, Sequence

from gapkit.figures.worklist import Worklist
from gapkit.sources.titles import TitlesApi
from gapkit.stores.store import ProgressCallback

NOTE = "may exist without a Wikidata link, or a namesake; check before writing"
NO_CHECK = "none"  # what the export's metadata says when no titles were checked
_SPACES = re.compile(r"[ _]+")


def title_key(text: str) -> str:
    """A title as MediaWiki compares it: spaces and underscores equal (runs of them one), trimmed, and the first
    letter upper-cased (most wikis, Wikipedia's among them, upper-case it: "ada_lovelace" is "Ada lovelace")."""
    name = _SPACES.sub(" ", text).strip()
    return name[:1].upper() + name[1:]


def display_title(title: str) -> str:
    """A dump's title as MediaWiki shows it: spaces for underscores."""
    return _SPACES.sub(" ", title).strip()


def wanted_keys(labels: Mapping[str, Sequence[str]]) -> dict[str, list[str]]:
    """Each candidate label's key, and the QIDs whose labels have it: the only set held while titles stream."""
    keys: dict[str, list[str]] = {}
    for qid, texts in labels.items():
        for text in texts:
            key = title_key(text)
            if key and qid not in keys.setdefault(key, []):
                keys[key].append(qid)
    return keys


def find_titles(keys: Mapping[str, object], titles: Iterable[str]) -> tuple[dict[str, str], int]:
    """One pass over the titles: the displayed title of each wanted key that names a page, and how many titles
    were read. Memory grows with the keys, never with the titles."""
    found: dict[str, str] = {}
    read = 0
    for title in titles:
        read += 1
        key = title_key(title)
        if key in keys and key not in found:
            found[key] = display_title(title)
    return found, read


def existing_titles(labels: Mapping[str, Sequence[str]], found: Mapping[str, str]) -> dict[str, str]:
    """Each candidate's existing page: that of its first name (label or alias, in the order given) that names one."""
    chosen: dict[str, str] = {}
    for qid, texts in labels.items():
        for text in texts:
            title = found.get(title_key(text))
            if title is not None:
                chosen[qid] = title
                break
    return chosen


def _labels(worklist: Worklist) -> dict[str, Sequence[str]]:
    """Each candidate's names in the order the check tries them: its labels (the edition's content language, mul,
    English), then its aliases in those languages; the first that names a page gives existing_title."""
    return {
        qid: tuple(dict.fromkeys((*worklist.labels.get(qid, ()), *worklist.aliases.get(qid, ()))))
        for qid in worklist.frame["qid"]
    }


def _filled(worklist: Worklist, chosen: Mapping[str, str], check: dict[str, object]) -> Worklist:
    """The worklist with `existing_title` and `note` from the chosen pages, and the check in its metadata."""
    frame = worklist.frame.copy()
    frame["existing_title"] = [chosen.get(qid, "") for qid in frame["qid"]]
    frame["note"] = [NOTE if qid in chosen else "" for qid in frame["qid"]]
    return dataclasses.replace(worklist, frame=frame, titles_check={**check, "matches": len(chosen)})


def check_titles_file(
    worklist: Worklist, titles: Iterable[str], source_name: str, also: Mapping[str, str] | None = None
) -> tuple[Worklist, set[str]]:
    """The worklist checked against a titles stream, and the people whose `also` title (a disambiguated red
    link, qid -> title) names a page too; both are looked up in the same single pass."""
    labels = _labels(worklist)
    keys: dict[str, object] = dict(wanted_keys(labels))
    keys.update({title_key(title): None for title in (also or {}).values()})
    found, read = find_titles(keys, titles)
    chosen = existing_titles(labels, found)
    taken = {qid for qid, title in (also or {}).items() if qid in chosen and title_key(title) in found}
    return _filled(worklist, chosen, {"file": source_name, "titles_read": read}), taken


def check_existing_pages(worklist: Worklist, titles: Iterable[str], source_name: str) -> Worklist:
    """The worklist with `existing_title` and `note` filled from a titles stream, and the check in its metadata."""
    return check_titles_file(worklist, titles, source_name)[0]


def check_titles_api(
    worklist: Worklist, api: TitlesApi, also: Mapping[str, str] | None = None, progress: ProgressCallback | None = None
) -> tuple[Worklist, set[str]]:
    """The worklist checked against the edition's MediaWiki API, and the people whose `also` title exists too.

    The labels are asked first; the disambiguated titles only for the people whose label names a page."""
    labels = _labels(worklist)
    keys = list(wanted_keys(labels))
    found = {title_key(asked): shown for asked, shown in api.existing(keys, progress).items()}
    chosen = existing_titles(labels, found)
    second = {qid: title_key(title) for qid, title in (also or {}).items() if qid in chosen}
    exists = api.existing(list(dict.fromkeys(second.values())), progress) if second else {}
    taken = {qid for qid, key in second.items() if key in exists}
    check = {"api": api.url, "titles_asked": api.asked, "requests": api.requests}
    return _filled(worklist, chosen, check), taken

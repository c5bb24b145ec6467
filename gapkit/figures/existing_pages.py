"""The existing-page check: which worklist candidates' labels already name a page in the target edition."""

import dataclasses
import re
from collections.abc import Iterable, Mapping, Sequence

from gapkit.figures.worklist import Worklist

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
    """Each candidate's existing page: that of its first label (in the order given) that names one."""
    chosen: dict[str, str] = {}
    for qid, texts in labels.items():
        for text in texts:
            title = found.get(title_key(text))
            if title is not None:
                chosen[qid] = title
                break
    return chosen


def check_existing_pages(worklist: Worklist, titles: Iterable[str], source_name: str) -> Worklist:
    """The worklist with `existing_title` and `note` filled from a titles stream, and the check in its metadata."""
    labels = {qid: worklist.labels.get(qid, ()) for qid in worklist.frame["qid"]}
    found, read = find_titles(wanted_keys(labels), titles)
    chosen = existing_titles(labels, found)
    frame = worklist.frame.copy()
    frame["existing_title"] = [chosen.get(qid, "") for qid in frame["qid"]]
    frame["note"] = [NOTE if qid in chosen else "" for qid in frame["qid"]]
    check = {"file": source_name, "titles_read": read, "matches": len(chosen)}
    return dataclasses.replace(worklist, frame=frame, titles_check=check)

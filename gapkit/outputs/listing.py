"""What an event page needs beyond the rows: headed sections, pages of N people, and red links that cannot
point to the wrong person (README: "Red links" gives the rule)."""

import dataclasses
import re
from collections import defaultdict
from dataclasses import dataclass, field

import pandas as pd

from gapkit.errors import BadInput
from gapkit.figures.base import run_query
from gapkit.figures.worklist import Worklist
from gapkit.model.editions import load_editions
from gapkit.model.identifiers import parse_int, qid_number
from gapkit.model.tables import CONTINENTS, REGION_LABELS, REGIONS, region_table
from gapkit.sources.endpoints import Endpoint
from gapkit.sources.titles import askable
from gapkit.stores.store import ProgressCallback

SECTIONS = ("occupation", "country", "decade", "region")
# ListeriaBot sections by a property of the listed items (its `section=` parameter): only these two map to one.
LISTERIA_SECTIONS = {"occupation": "P106", "country": "P27"}
MAX_PER_PAGE = 10_000
NO_VALUE = {"occupation": "no occupation", "country": "no country", "decade": "unknown birth year"}
# A title gapkit will not link even when MediaWiki might take it: a colon may start a namespace or an
# interwiki prefix, % an escape, ~~~ a signature, __ a behaviour switch; a leading / or . a relative link.
_UNLINKABLE = re.compile(r"[:%]|~~~|__|^[/.]")


@dataclass(frozen=True)
class Listing(Worklist):
    """A worklist with what its wikitext and Listeria exports add: the people's occupations and countries
    (labels per language), the section asked for, which part of how many it is, and the red links chosen."""

    facts: dict[str, dict[str, list[tuple[str, dict[str, str]]]]] = field(default_factory=dict)
    section: str = ""
    part: tuple[int, int] | None = None  # (k, K) when the list is written as K pages
    first: int = 1  # the rank of the first row (a later page goes on counting)
    # qid -> the title its red link points to ("": no red link); None: no existing-page check ran
    red_links: dict[str, str] | None = None


def parse_section(value: str | None) -> str:
    """A section name (occupation, country, decade, region) or "" for none; anything else is one sentence."""
    if not value:
        return ""
    if value not in SECTIONS:
        raise BadInput(f"{str(value)[:40]!r} is not a section (choose one of {', '.join(SECTIONS)}).")
    return value


def as_listing(
    endpoint: Endpoint, worklist: Worklist, section: str = "", progress: ProgressCallback | None = None
) -> Listing:
    """The worklist with its people's occupations and countries and labels, ready for sections and red links."""
    section = parse_section(section)
    language = load_editions().get(worklist.scope["edition"]).content_language
    facts: dict[str, dict[str, dict[str, dict[str, str]]]] = defaultdict(lambda: defaultdict(dict))
    queries = worklist.queries
    if len(worklist.frame):
        languages = list(dict.fromkeys([language, "mul", "en"]))
        result, query = run_query(
            endpoint, "listing_facts", progress, person=list(worklist.frame["qid"]), language=languages
        )
        queries = (*queries, query)
        for person, fact, value, label, lang in result.frame.itertuples(index=False):
            labels = facts[person][fact].setdefault(value, {})
            if not pd.isna(label):
                labels[str(lang)] = str(label)
    ordered = {
        qid: {fact: sorted(values.items(), key=lambda item: qid_number(item[0])) for fact, values in kinds.items()}
        for qid, kinds in facts.items()
    }
    fields = {f.name: getattr(worklist, f.name) for f in dataclasses.fields(Worklist)}
    return Listing(**{**fields, "queries": queries}, facts=ordered, section=section)


def _label(labels: dict[str, str], languages: tuple[str, ...]) -> str:
    return next((labels[code] for code in languages if labels.get(code)), "")


def content_language(worklist: Worklist) -> str:
    """The target edition's content language (labels and titles are written in it)."""
    return load_editions().get(worklist.scope["edition"]).content_language


def _decade(year: object) -> str:
    if year is None or pd.isna(year):
        return NO_VALUE["decade"]
    return f"{int(year) // 10 * 10}s"


def _region(countries: list[tuple[str, dict[str, str]]]) -> str:
    if not countries:
        return REGION_LABELS["no_country"]
    table = dict(region_table())
    found = {table[qid] for qid, _ in countries if qid in table}
    # One section per person: the first of their regions in the order of the region figure.
    first = next((region for region in REGIONS if region in found), "unmapped")
    return CONTINENTS.get(first) or REGION_LABELS[first]


def heading(listing: Worklist, row: dict[str, object]) -> str:
    """The section a row is listed under: its first occupation or country (by QID number) labelled in the
    edition's language, else mul, else English, else the QID; its birth decade; or its first region."""
    section = getattr(listing, "section", "")
    facts = getattr(listing, "facts", {}).get(str(row["qid"]), {})
    if section == "decade":
        return _decade(row["birth_year"])
    if section == "region":
        return _region(facts.get("country", []))
    values = facts.get(section, [])
    if not values:
        return NO_VALUE[section]
    qid, labels = values[0]
    return _label(labels, (content_language(listing), "mul", "en")) or qid


def sections(listing: Worklist) -> list[tuple[str, list[dict[str, object]]]]:
    """The rows under their headings, headings in order of first appearance (rows keep their rank)."""
    rows = listing.frame.to_dict(orient="records")
    if not getattr(listing, "section", ""):
        return [("", rows)]
    grouped: dict[str, list[dict[str, object]]] = {}
    for row in rows:
        grouped.setdefault(heading(listing, row), []).append(row)
    return list(grouped.items())


def link_title(text: object) -> str:
    """A label as the title of a red link ("" when it is not one gapkit links: README, "Red links")."""
    name = re.sub(r"\s+", " ", str(text or "")).strip()
    if not askable(name) or _UNLINKABLE.search(name) or "&" in name:
        return ""
    return name


def disambiguated(listing: Worklist, row: dict[str, object]) -> str:
    """The red link of a person whose label names an existing page: "Label (occupation)", the first occupation
    (by QID number) with a label in the edition's language or mul; else "Label (YEAR)", a CE birth year; else ""."""
    label = link_title(row["label"])
    if not label:
        return ""
    language = content_language(listing)
    for _, labels in getattr(listing, "facts", {}).get(str(row["qid"]), {}).get("occupation", []):
        occupation = _label(labels, (language, "mul"))
        if occupation:
            return link_title(f"{label} ({occupation})")
    year = row["birth_year"]
    if year is not None and not pd.isna(year) and int(year) > 0:
        return link_title(f"{label} ({int(year)})")
    return ""


def disambiguations(listing: Worklist) -> dict[str, str]:
    """Each row's disambiguated title (those with none left out), for the existing-page check to look up too."""
    titles = {str(row["qid"]): disambiguated(listing, row) for row in listing.frame.to_dict(orient="records")}
    return {qid: title for qid, title in titles.items() if title}


def with_red_links(listing: Listing, taken: set[str]) -> Listing:
    """The red links after an existing-page check: the label for a row without an existing page; the
    disambiguated title for one with, unless that title exists too (`taken`) or there is none."""
    links = {}
    for row in listing.frame.to_dict(orient="records"):
        qid = str(row["qid"])
        if row["existing_title"]:
            links[qid] = "" if qid in taken else disambiguated(listing, row)
        else:
            links[qid] = link_title(row["label"])
    return dataclasses.replace(listing, red_links=links)


def red_link(listing: Worklist, row: dict[str, object]) -> str:
    """The title a row's red link points to ("" for none): the check's choice, else the label."""
    links = getattr(listing, "red_links", None)
    if links is None:
        return link_title(row["label"])
    return links.get(str(row["qid"]), "")


def parse_per_page(value: object) -> int:
    """--per-page N: a whole number from 1 to 10,000."""
    return parse_int(value, "--per-page", 1, MAX_PER_PAGE)


def parts(listing: Listing, per_page: int) -> list[Listing]:
    """The list in pages of at most `per_page` people (in rank order), each knowing it is part k of K."""
    frame = listing.frame
    count = max(1, -(-len(frame) // per_page))
    pieces = []
    for number in range(count):
        piece = frame.iloc[number * per_page : (number + 1) * per_page].reset_index(drop=True)
        first = number * per_page + 1
        pieces.append(dataclasses.replace(listing, frame=piece, part=(number + 1, count), first=first))
    return pieces


def part_name(stem: str, suffix: str, number: int) -> str:
    """STEM-partK.SUFFIX."""
    return f"{stem}-part{number}.{suffix}"

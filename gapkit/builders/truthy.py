"""Read an N-Triples dump (full or truthy) as entities: one block of lines per item, in the JSON dump's shape."""

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from urllib.parse import unquote

import pyoxigraph

from gapkit.model import vocab
from gapkit.model.editions import load_editions

ENTITY = re.compile(rb"\s*<" + re.escape(vocab.WD.encode()) + rb"(Q[1-9][0-9]*)>")
# A line `<...> schema:about wd:Q42`: the full dump's data: header and sitelinks, which may come before the
# item's own lines; such a line starts the item's block so its sitelinks stay with it.
ABOUT_LINE = re.compile(
    rb"\s*<[^<>\s]*> <"
    + re.escape((vocab.SCHEMA + "about").encode())
    + rb"> <"
    + re.escape(vocab.WD.encode())
    + rb"(Q[1-9][0-9]*)>"
)
_ABOUT = f"<{vocab.SCHEMA}about> <{vocab.WD}".encode()
N_TRIPLES = pyoxigraph.RdfFormat.N_TRIPLES
WDT = vocab.WDT
LABEL, DESCRIPTION = vocab.RDFS + "label", vocab.SCHEMA + "description"
ABOUT, PART_OF, NAME = vocab.SCHEMA + "about", vocab.SCHEMA + "isPartOf", vocab.SCHEMA + "name"
BADGE, ALIAS = vocab.WIKIBASE + "badge", vocab.SKOS + "altLabel"
COMMONS_FILE = "http://commons.wikimedia.org/wiki/Special:FilePath/"
DATES = ("P569", "P570")
# The line that makes a block a human's (the truthy dump writes IRIs in full, one space between terms).
HUMAN_LINE = f"<{WDT}P31> <{vocab.WD}Q5>".encode()


def subject_entity(line: bytes) -> str | None:
    """The item a line is about: its subject's (Q42), or the object of a schema:about line; else None."""
    match = ENTITY.match(line) or (_ABOUT in line and ABOUT_LINE.match(line))  # the substring test is cheap
    return match.group(1).decode("ascii") if match else None


def _value(term: object, pid: str) -> dict:
    """A truthy object as the JSON dump's main snak."""
    if isinstance(term, pyoxigraph.BlankNode) or (
        isinstance(term, pyoxigraph.NamedNode) and term.value.startswith(vocab.GENID)
    ):
        return {"snaktype": "somevalue", "hash": term.value if hasattr(term, "value") else str(term)}
    if isinstance(term, pyoxigraph.NamedNode) and term.value.startswith(vocab.WD):
        return {"snaktype": "value", "datavalue": {"value": {"id": term.value[len(vocab.WD) :]}}}
    if pid in DATES and isinstance(term, pyoxigraph.Literal):
        match = re.match(r"(-?)(\d{4,})-", term.value)
        if match:
            # XSD 1.1 (year 0 = 1 BCE) back to the JSON dump's historical years (-1 = 1 BCE).
            year = int(match.group(2)) * (-1 if match.group(1) else 1)
            historical = year if year > 0 else year - 1
            sign = "+" if historical > 0 else "-"
            return {
                "snaktype": "value",
                "datavalue": {"value": {"time": f"{sign}{abs(historical):04d}-00-00T00:00:00Z"}},
            }
    if isinstance(term, pyoxigraph.Literal) and term.datatype.value == vocab.XSD + "string" and not term.language:
        return {"snaktype": "value", "datavalue": {"value": term.value, "type": "string"}}  # an identifier
    if pid == vocab.P_IMAGE and isinstance(term, pyoxigraph.NamedNode) and term.value.startswith(COMMONS_FILE):
        name = unquote(term.value[len(COMMONS_FILE) :])
        return {"snaktype": "value", "datavalue": {"value": name, "type": "string"}}
    return {"snaktype": "novalue"}  # a value gapkit does not read


def entity_from_triples(qid: str, triples: Iterable[pyoxigraph.Triple]) -> dict:
    """One item's truthy triples as a JSON-dump entity (claims of best rank, labels, descriptions, sitelinks)."""
    claims: dict[str, list[dict]] = defaultdict(list)
    labels, descriptions, aliases = {}, {}, defaultdict(list)
    articles: dict[str, dict] = defaultdict(dict)
    editions = load_editions()
    for triple in triples:
        subject, predicate, obj = triple.subject, triple.predicate.value, triple.object
        if isinstance(subject, pyoxigraph.NamedNode) and subject.value == vocab.WD + qid:
            if predicate.startswith(WDT):
                pid = predicate[len(WDT) :]
                claims[pid].append({"mainsnak": _value(obj, pid), "rank": "normal"})
            elif predicate in (LABEL, DESCRIPTION) and isinstance(obj, pyoxigraph.Literal) and obj.language:
                (labels if predicate == LABEL else descriptions)[obj.language] = {"value": obj.value}
            elif predicate == ALIAS and isinstance(obj, pyoxigraph.Literal) and obj.language:
                aliases[obj.language].append({"language": obj.language, "value": obj.value})
        elif isinstance(subject, pyoxigraph.NamedNode) and predicate == BADGE and str(obj).startswith(f"<{vocab.WD}"):
            articles[subject.value].setdefault(BADGE, []).append(obj.value[len(vocab.WD) :])  # type: ignore[union-attr]
        elif isinstance(subject, pyoxigraph.NamedNode) and predicate in (ABOUT, PART_OF, NAME):
            articles[subject.value][predicate] = obj.value if hasattr(obj, "value") else str(obj)
    sitelinks = {}
    for article, facts in articles.items():
        if facts.get(ABOUT) != vocab.WD + qid or PART_OF not in facts:
            continue
        edition = editions.by_site(facts[PART_OF])
        key = edition.dbname if edition else facts[PART_OF]  # other projects count in the sitelink total only
        title = facts.get(NAME) or article.rsplit("/wiki/", 1)[-1].replace("_", " ")
        sitelinks[key] = {"title": title, "badges": sorted(facts.get(BADGE, []))}
    texts = {"labels": labels, "descriptions": descriptions, "aliases": dict(aliases)}
    return {"id": qid, "claims": dict(claims), **texts, "sitelinks": sitelinks}


def blocks(lines: Iterator[tuple[int, bytes]]) -> Iterator[tuple[int, str | None, list[tuple[int, bytes]]]]:
    """(last line number, item, its lines) for each run of lines about one item: its own triples, its
    statement nodes and its sitelinks' article triples (before or after its own); lines before the first
    item come with item None."""
    current: str | None = None
    same = b"\0"  # the start of a line about the current item: most lines, found without the pattern
    held: list[tuple[int, bytes]] = []
    last = 0
    for number, line in lines:
        if not line.startswith(same):
            qid = subject_entity(line)
            if qid is not None and qid != current and held:
                yield last, current, held
                held = []
            if qid is not None:
                current, same = qid, f"<{vocab.WD}{qid}> ".encode()
        held.append((number, line))
        last = number
    if held:
        yield last, current, held

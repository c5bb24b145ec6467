"""Read N-Triples lines into the rows of the columnar store's staging tables (the lines gapkit's builders mint)."""

import re
from collections.abc import Callable

from gapkit.model import vocab

_LINE = re.compile(r"(<[^>]*>|_:\S+)[ \t]+<([^>]*)>[ \t]+(.+?)[ \t]*\.[ \t]*\r?")
_LITERAL = re.compile(r'"(.*)"(?:@([A-Za-z]+(?:-[A-Za-z0-9]+)*)|\^\^<([^>]*)>)?', re.S)
_DATETIME = re.compile(r"-?[0-9]{4,}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})?")
_ECHAR = re.compile(r"\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.))", re.S)
_ECHARS = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f", '"': '"', "'": "'", "\\": "\\"}
_ITEM = "<" + vocab.WD + "Q"
_GENID = "<" + vocab.GENID
_WDT_P = vocab.WDT + "P"
XSD_DATETIME, XSD_INTEGER = vocab.XSD + "dateTime", vocab.XSD + "integer"
LABEL, DESCRIPTION = vocab.RDFS + "label", vocab.SCHEMA + "description"
SITELINKS, WIKI_GROUP = vocab.WIKIBASE + "sitelinks", vocab.WIKIBASE + "wikiGroup"
# schema: predicates of an article, by the code the in_article_triples table keeps
ARTICLE_PREDICATES = {
    vocab.SCHEMA + "about": 1,
    vocab.SCHEMA + "isPartOf": 2,
    vocab.SCHEMA + "inLanguage": 3,
    vocab.SCHEMA + "name": 4,
}
ALIAS, BADGE = vocab.SKOS + "altLabel", vocab.WIKIBASE + "badge"
# Evidence statements (issue #17) and the object each must have to become a row of in_evidence
EVIDENCE_PIDS = {int(vocab.P_DESCRIBED_BY[1:]): "item", int(vocab.P_IMAGE[1:]): "iri"}
EVIDENCE_PIDS.update({int(pid[1:]): "string" for pid in vocab.AUTHORITY_IDS})


def _unescape_one(match: re.Match) -> str:
    if match.group(3) is not None:
        return _ECHARS.get(match.group(3), match.group(0))
    return chr(int(match.group(1) or match.group(2), 16))


def unescape(text: str) -> str:
    """The string an N-Triples literal's body stands for (ECHAR and UCHAR escapes resolved)."""
    return _ECHAR.sub(_unescape_one, text) if "\\" in text else text


def _item(term: str) -> int | None:
    """The QID number of <http://www.wikidata.org/entity/Q42>, else None."""
    if term.startswith(_ITEM) and term[len(_ITEM) : -1].isdigit() and term[len(_ITEM)] != "0":
        return int(term[len(_ITEM) : -1])
    return None


def _unknown(term: str) -> str | None:
    """An "unknown value" as RDF wrote it (_:b12, or the genid IRI without brackets), else None."""
    if term.startswith("_:"):
        return term
    if term.startswith(_GENID):
        return term[1:-1]
    return None


Sink = Callable[[str, tuple], None]


def _statement(qid: int, pid: int, obj: str, sink: Sink) -> None:
    item = _item(obj) if obj[0] == "<" else None
    if item is not None:
        sink("in_statements", (qid, pid, item, None, None, None))
        return
    unknown = _unknown(obj)
    if unknown is not None:
        sink("in_statements", (qid, pid, None, unknown, None, None))
        return
    literal = _LITERAL.fullmatch(obj) if obj[0] == '"' else None
    if literal and literal.group(3) == XSD_DATETIME and _DATETIME.fullmatch(literal.group(1)):
        sink("in_statements", (qid, pid, None, None, literal.group(1), None))
    else:
        sink("in_statements", (qid, pid, None, None, None, obj))


def _evidence(qid: int, pid: int, obj: str, sink: Sink) -> bool:
    """An evidence statement of the shape its table keeps (P1343 an item or unknown value, an identifier a plain
    string, P18 an IRI) into in_evidence; False for any other shape, which stays a plain statement."""
    shape = EVIDENCE_PIDS[pid]
    if shape == "item" and (_item(obj) is not None or _unknown(obj) is not None):
        sink("in_evidence", (qid, pid, _item(obj), _unknown(obj), None))
        return True
    if shape == "iri" and obj[0] == "<" and _unknown(obj) is None:
        sink("in_evidence", (qid, pid, None, None, obj[1:-1]))
        return True
    literal = _LITERAL.fullmatch(obj) if shape == "string" and obj[0] == '"' else None
    if literal and not literal.group(2) and not literal.group(3):
        sink("in_evidence", (qid, pid, None, None, unescape(literal.group(1))))
        return True
    return False


def _about_item(qid: int, predicate: str, obj: str, sink: Sink) -> bool:
    """Route a triple whose subject is an item; False when it fits no table."""
    if predicate.startswith(_WDT_P) and predicate[len(_WDT_P) :].isdigit():
        pid = int(predicate[len(_WDT_P) :])
        if pid not in EVIDENCE_PIDS or not _evidence(qid, pid, obj, sink):
            _statement(qid, pid, obj, sink)
        return True
    literal = _LITERAL.fullmatch(obj) if obj[0] == '"' else None
    if literal is None:
        return False
    if predicate in (LABEL, DESCRIPTION, ALIAS) and literal.group(2):
        table = {LABEL: "labels", DESCRIPTION: "descriptions", ALIAS: "aliases"}[predicate]
        sink(table, (qid, literal.group(2), unescape(literal.group(1))))
        return True
    if predicate == SITELINKS and literal.group(3) == XSD_INTEGER and literal.group(1).isdigit():
        sink("in_sitelinks", (qid, int(literal.group(1))))
        return True
    return False


def _about_page(iri: str, predicate: str, obj: str, sink: Sink) -> bool:
    """Route a triple whose subject is a site or an article; False when it fits no table."""
    code = ARTICLE_PREDICATES.get(predicate)
    literal = _LITERAL.fullmatch(obj) if obj[0] == '"' else None
    if predicate == WIKI_GROUP and literal and not literal.group(2) and not literal.group(3):
        sink("in_sites", (iri, unescape(literal.group(1))))
    elif predicate == BADGE and _item(obj) is not None:
        sink("in_badges", (iri, _item(obj)))
    elif code == 1 and _item(obj) is not None:
        sink("in_article_triples", (iri, 1, _item(obj), None, None, obj))
    elif code == 2 and obj[0] == "<" and _unknown(obj) is None:
        sink("in_article_triples", (iri, 2, None, obj[1:-1], None, obj))
    elif code == 3 and literal and not literal.group(2) and not literal.group(3):
        sink("in_article_triples", (iri, 3, None, unescape(literal.group(1)), None, obj))
    elif code == 4 and literal and not literal.group(3):
        sink("in_article_triples", (iri, 4, None, unescape(literal.group(1)), literal.group(2), obj))
    else:
        return False
    return True


def _terms(line: str) -> tuple[str, str, str]:
    """Subject, predicate IRI and object text of a stripped line; single spaces (as gapkit and pyoxigraph write
    them) are split without a regular expression, anything else goes through the full pattern."""
    parts = line.split(" ", 2)
    if (
        len(parts) == 3
        and parts[1][:1] == "<"
        and parts[1][-1:] == ">"
        and parts[2][-2:] == " ."
        and ((parts[0][:1] == "<" and parts[0][-1:] == ">") or parts[0][:2] == "_:")
        and len(parts[2]) > 2
        and parts[2][0] != " "
    ):
        return parts[0], parts[1][1:-1], parts[2][:-2].rstrip()
    match = _LINE.fullmatch(line)
    if match is None:
        raise ValueError(f"not an N-Triples line: {line[:80]!r}")
    return match.group(1), match.group(2), match.group(3)


def read_line(line: str, sink: Sink) -> bool:
    """Send one N-Triples line's row to sink(table, row); False for a blank line or a comment."""
    line = line.strip()
    if not line or line[0] == "#":
        return False
    subject, predicate, obj = _terms(line)
    qid = _item(subject)
    if qid is not None:
        routed = _about_item(qid, predicate, obj, sink)
    elif subject[0] == "<":
        routed = _about_page(subject[1:-1], predicate, obj, sink)
    else:
        routed = False
    if not routed:
        sink("extra_triples", (line,))
    return True

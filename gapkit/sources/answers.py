"""Checks on a remote SPARQL JSON answer before it is cached or used: size, shape, declared columns, their kinds.

The kind of a returned column comes from its name in the query file's `# returns:` line, by this rule:
- count: `people`, `total`, `known`, `found`, `articles`, a name starting `articles_` or ending `_count`: bound in
  every row, an xsd integer type, a non-negative integer;
- year: a name ending `_year`: unbound, or an xsd integer that is a historical year (no year 0);
- entity: `person`, `item`: bound in every row, an IRI of a Wikidata item (wd:Q...);
- any other column: any well-formed RDF term, or unbound.
A query file may name a kind itself with a `# kind: COLUMN KIND` line (count, year, entity, iri, any or term), which
wins over the rule; a term column gives the checked RDF term itself rather than its Python value.
A query whose every column is a count (an aggregate without GROUP BY, such as a total) must
answer exactly one row: SPARQL gives such an aggregate one row even over nothing, so 0 rows means a broken answer.
Any other query may answer 0 rows (a filter that matches nobody is a true, empty figure)."""

import json
import re
from collections.abc import Iterable, Sequence

import pyoxigraph
import requests

from gapkit.model import vocab
from gapkit.sources.endpoints import term_value

KINDS = ("count", "year", "entity", "iri", "any", "term")
COUNT_NAMES = ("people", "total", "known", "found", "articles")
MAX_COUNT = 10**12  # far above every human in Wikidata: a larger "count" is not one
MAX_YEAR = 10**11  # the range of parse_year's digits; Wikidata has dates of the Big Bang
_INTEGER = re.compile(r"\+?[0-9]{1,13}")
_YEAR = re.compile(r"-?[0-9]{1,11}")
_ENTITY = re.compile(re.escape(vocab.WD) + r"Q[1-9][0-9]*")
_KIND_LINE = re.compile(r"^#\s*kind:\s*([a-z][a-z0-9_]*)\s+([a-z]+)\s*$", re.MULTILINE)
_INTEGER_NAMES = "integer int long short byte nonNegativeInteger positiveInteger unsignedInt unsignedLong unsignedShort"
_INTEGER_TYPES = {vocab.XSD + t for t in _INTEGER_NAMES.split()}
_FLOAT_TYPES = {vocab.XSD + t for t in ("decimal", "double", "float")}
_DATE_TYPES = {vocab.XSD + "dateTime", vocab.XSD + "date"}
_DATE_TEXT = re.compile(  # sign, year digits, the rest of an xsd:date or xsd:dateTime
    r"(-?)([0-9]{1,12})(-[0-9]{2}-[0-9]{2}(?:T[0-9]{2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]+)?)?(?:Z|[+-][0-9]{2}:[0-9]{2})?)"
)
_LOOKS_LIKE_RESULTS = re.compile(rb"\A(\xef\xbb\xbf)?\s*\{")  # a JSON object; HTML, garbage and lists are not


class BadAnswer(ValueError):
    """What is wrong with an answer, as a phrase; `cut` when it is results cut short (an endpoint's timeout)."""

    def __init__(self, what: str, cut: bool = False) -> None:
        super().__init__(what)
        self.cut = cut


def kind_of(column: str) -> str:
    """A column's kind by the naming rule of this module's docstring."""
    if column in COUNT_NAMES or column.startswith("articles_") or column.endswith("_count"):
        return "count"
    if column.endswith("_year"):
        return "year"
    if column in ("person", "item"):
        return "entity"
    return "any"


def column_kinds(text: str, columns: Sequence[str]) -> dict[str, str]:
    """The kind of each column: a `# kind:` line of the query text, else the naming rule."""
    declared = {}
    for column, kind in _KIND_LINE.findall(text):
        if kind not in KINDS:
            raise ValueError(f"# kind: {column} {kind}: the kinds are {', '.join(KINDS)}.")
        declared[column] = kind
    return {column: declared.get(column) or kind_of(column) for column in columns}


def read_capped(response: requests.Response, cap: int) -> bytes:
    """The body of a streamed response, refusing (BadAnswer) one larger than `cap` bytes before reading it all."""
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > cap:
        raise BadAnswer(f"an answer of {int(declared):,} bytes, over the max_answer_bytes setting ({cap:,})")
    chunks, size = [], 0
    for chunk in response.iter_content(chunk_size=1 << 16):  # decoded: a gzip bomb is counted as it unpacks
        size += len(chunk)
        if size > cap:
            raise BadAnswer(f"an answer over the max_answer_bytes setting ({cap:,} bytes)")
        chunks.append(chunk)
    return b"".join(chunks)


def parse_answer(body: bytes) -> dict:
    """A complete SPARQL JSON answer, or BadAnswer saying what is wrong with it (cut=True for a cut one)."""
    if not _LOOKS_LIKE_RESULTS.match(body[:200]):
        raise BadAnswer("a body that is not SPARQL JSON results")
    try:
        data = json.loads(body)
    except RecursionError:
        raise BadAnswer("JSON nested too deeply to be SPARQL results") from None
    except UnicodeDecodeError:
        raise BadAnswer("a body that is not UTF-8 text") from None
    except ValueError as err:
        # It began as results and does not parse: an endpoint cut it short (WDQS answers a timeout so).
        raise BadAnswer(f"incomplete answer ({str(err)[:60]})", cut=True) from None
    if not isinstance(data, dict) or not isinstance(data.get("head"), dict):
        raise BadAnswer("an answer without head.vars")
    if not isinstance(data["head"].get("vars"), list) or not all(isinstance(v, str) for v in data["head"]["vars"]):
        raise BadAnswer("an answer without head.vars")
    results = data.get("results")
    if not isinstance(results, dict) or not isinstance(results.get("bindings"), list):
        raise BadAnswer("incomplete answer (no results.bindings)", cut=True)
    # QLever says how many rows the whole result has; fewer rows received means a cut answer.
    meta = data.get("meta") if isinstance(data.get("meta"), dict) else {}
    total = meta.get("result-size-total", data.get("resultsize"))
    if isinstance(total, int) and total != len(results["bindings"]):
        raise BadAnswer(f"incomplete answer ({len(results['bindings'])} rows of {total})", cut=True)
    return data


def checked_rows(data: dict, columns: Sequence[str], text: str) -> tuple[list[str], list[list[object]]]:
    """The columns (the declared ones, else the answer's) and rows of a parsed answer as Python values, each cell
    checked against its column's kind in the query `text`."""
    names = data["head"]["vars"]
    columns = list(columns) or list(names)
    missing = [c for c in columns if c not in names]
    if missing:
        raise BadAnswer(f"an answer without the column {missing[0]} the query declares")
    kinds = column_kinds(text, columns)
    bindings = data["results"]["bindings"]
    if all(kinds[c] == "count" for c in columns) and len(bindings) != 1:
        raise BadAnswer(f"{len(bindings)} rows where a total has exactly one")
    rows = [[_cell(row, c, kinds[c], number) for c in columns] for number, row in _rows(bindings)]
    return columns, rows


def _rows(bindings: Iterable[object]) -> Iterable[tuple[int, dict]]:
    for number, row in enumerate(bindings, start=1):
        if not isinstance(row, dict):
            raise BadAnswer(f"row {number} that is not a set of bindings")
        yield number, row


def _cell(row: dict, column: str, kind: str, number: int) -> object:
    """One checked value; BadAnswer names the row and column of the first bad one."""
    binding = row.get(column)
    try:
        term = None if binding is None else _term(binding)
        _check_kind(term, kind)
        return term if kind == "term" else term_value(term)
    except (ValueError, TypeError) as err:
        raise BadAnswer(f"a bad value in row {number}, column {column} ({str(err)[:80]})") from None


def _term(binding: object) -> pyoxigraph.NamedNode | pyoxigraph.BlankNode | pyoxigraph.Literal:
    """A SPARQL JSON term as the pyoxigraph term the local endpoint would give, so frames are equal."""
    if not isinstance(binding, dict) or not isinstance(binding.get("value"), str):
        raise ValueError("not an RDF term")
    kind, value = binding.get("type"), binding["value"]
    if kind == "uri":
        return pyoxigraph.NamedNode(value)  # refuses a malformed IRI (ValueError)
    if kind == "bnode":
        return pyoxigraph.BlankNode(value) if value.isidentifier() else pyoxigraph.BlankNode()
    if kind not in ("literal", "typed-literal"):
        raise ValueError(f"unknown term type {str(kind)[:20]!r}")
    if "xml:lang" in binding:
        if not isinstance(binding["xml:lang"], str):
            raise ValueError("a language tag that is not text")
        return pyoxigraph.Literal(value, language=binding["xml:lang"])
    if "datatype" in binding:
        if not isinstance(binding["datatype"], str):
            raise ValueError("a datatype that is not an IRI")
        datatype = binding["datatype"]
        _check_lexical(value, datatype)
        if datatype in _DATE_TYPES:
            value = date_lexical(value)
        return pyoxigraph.Literal(value, datatype=pyoxigraph.NamedNode(datatype))
    return pyoxigraph.Literal(value)


def _check_lexical(value: str, datatype: str) -> None:
    """Numbers are read from their text later: refuse a text that is not the number its datatype says."""
    if datatype in _INTEGER_TYPES and not re.fullmatch(r"[+-]?[0-9]{1,30}", value):
        raise ValueError(f"{value[:20]!r} is not an integer")
    if datatype in _FLOAT_TYPES:
        try:
            float(value)
        except ValueError:
            raise ValueError(f"{value[:20]!r} is not a number") from None


def date_lexical(value: str) -> str:
    """An xsd:date or xsd:dateTime text with the year in XSD's form (at least 4 digits, no extra leading zero).

    Engines differ in how they write a BCE year (one writes -068 for -0068); padding keeps the year, where a
    malformed text would make YEAR() fail and the birth year silently unknown. Anything else malformed: ValueError."""
    match = _DATE_TEXT.fullmatch(value)
    if not match:
        raise ValueError(f"{value[:30]!r} is not an XSD date")
    sign, year, rest = match.groups()
    digits = year.lstrip("0").rjust(4, "0")
    if int(digits) > MAX_YEAR:
        raise ValueError(f"{value[:30]!r} has a year beyond any date")
    return sign + digits + rest


def _check_kind(term: object, kind: str) -> None:
    if kind in ("any", "term"):
        return
    if term is None:
        if kind in ("count", "entity"):
            raise ValueError("unbound")
        return
    if kind == "count":
        if not (isinstance(term, pyoxigraph.Literal) and term.datatype.value in _INTEGER_TYPES):
            raise ValueError("not an integer")
        if not _INTEGER.fullmatch(term.value) or int(term.value) > MAX_COUNT:
            raise ValueError(f"{term.value[:20]!r} is not a count")
    elif kind == "year":
        if not (isinstance(term, pyoxigraph.Literal) and term.datatype.value in _INTEGER_TYPES):
            raise ValueError("not an integer year")
        if not _YEAR.fullmatch(term.value) or int(term.value) == 0 or abs(int(term.value)) > MAX_YEAR:
            raise ValueError(f"{term.value[:20]!r} is not a year")
    elif kind == "entity":
        if not (isinstance(term, pyoxigraph.NamedNode) and _ENTITY.fullmatch(term.value)):
            raise ValueError("not a Wikidata item")
    elif kind == "iri" and not isinstance(term, pyoxigraph.NamedNode):
        raise ValueError("not an IRI")


# Names by which engines report an error in the query itself (it fails the same way every time): Blazegraph's
# (WDQS) parse and evaluation exceptions, Jena's and RDF4J's parse errors.
QUERY_ERROR_NAMES = ("MalformedQueryException", "QueryEvaluationException", "QueryParseException", "ParseException")
_EXCEPTION_PREFIX = re.compile(r"^(?:[A-Za-z_$][\w$]*\.)*[A-Za-z_$][\w$]*(?:Exception|Error):\s*")
MESSAGE_CHARS = 200


def query_error(body: bytes) -> str | None:
    """The engine's own message when an error body names an error in the query, else None."""
    text = body[: 1 << 16].decode("utf-8", "replace")
    exception = _qlever_exception(text)
    if exception is not None:
        return shorten(exception)
    for name in QUERY_ERROR_NAMES:
        match = re.search(rf"{name}:[ \t]*(.*)", text)
        if match:
            message = match.group(1)
            while _EXCEPTION_PREFIX.match(message):  # "java.lang.RuntimeException: ..." wrapped inside
                message = _EXCEPTION_PREFIX.sub("", message, count=1)
            return shorten(message or name)
    return None


def first_line(body: bytes) -> str:
    """The first telling line of an error body (Blazegraph starts with the query it was sent: skipped)."""
    text = body[: 1 << 16].decode("utf-8", "replace")
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    lines = [line for line in lines if not line.startswith("SPARQL-QUERY:")] or lines
    return shorten(re.sub(r"<[^>]*>", " ", lines[0])) if lines else "no message"


def _qlever_exception(text: str) -> str | None:
    """QLever answers an error as JSON: {"exception": "...", "query": ..., "status": "ERROR"}."""
    if not text.lstrip().startswith("{"):
        return None
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        return None
    exception = data.get("exception") if isinstance(data, dict) else None
    return exception if isinstance(exception, str) and exception.strip() else None


def shorten(message: str) -> str:
    """An engine's message as one short line: control characters and runs of space folded, cut with an ellipsis."""
    line = " ".join("".join(c if c.isprintable() else " " for c in message).split())
    if len(line) > MESSAGE_CHARS:
        return line[: MESSAGE_CHARS - 3].rstrip() + "..."
    return line.rstrip(".") + "." if line else "no message."

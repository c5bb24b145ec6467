"""Query files in queries/: parse the header contract and bind validated parameters at the file's markers."""

import functools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from pyoxigraph import Literal, NamedNode

from gapkit.errors import BadInput, QueryParameterError
from gapkit.model import vocab
from gapkit.model.editions import load_editions
from gapkit.model.identifiers import parse_int, parse_language, parse_pid, parse_qid, parse_year

QUERIES_DIR = Path(__file__).resolve().parents[2] / "queries"
SQL_DIR = QUERIES_DIR / "sql"
MAX_LIMIT = 10_000
_NAME = re.compile(r"[a-z][a-z0-9_]{0,63}")
_TOKEN = re.compile(r"[a-z][a-z0-9_]{0,31}")
_XSD_INTEGER = NamedNode(vocab.XSD + "integer")


def _integer(value: int) -> Literal:
    return Literal(str(value), datatype=_XSD_INTEGER)


def _edition_term(value: object) -> NamedNode:
    return NamedNode(load_editions().get(value).site)


def _token_term(value: object) -> Literal:
    if not isinstance(value, str) or not _TOKEN.fullmatch(value):
        raise BadInput(f"{str(value)[:60]!r} is not a group name (lower-case letters, digits and _).")
    return Literal(value)


# Each parameter type turns one caller value into one RDF term, or raises BadInput.
# pyoxigraph's term types escape literals and refuse malformed IRIs; user text is never pasted.
TERM_TYPES: dict[str, Callable[[object], NamedNode | Literal]] = {
    "edition": _edition_term,  # hr -> <https://hr.wikipedia.org/>
    "qid": lambda v: NamedNode(vocab.wd(parse_qid(v))),  # Q42 -> wd:Q42
    "property": lambda v: NamedNode(vocab.wdt(parse_pid(v))),  # P21 -> wdt:P21
    "language": lambda v: Literal(parse_language(v)),  # "hr"
    "year": lambda v: _integer(parse_year(v)),  # historical year, -469 is 469 BCE
    "integer": lambda v: _integer(parse_int(v, "A number", 0, 1_000_000_000)),
    "token": _token_term,  # a group name such as "women"
}
KINDS = ("one", "list", "optional", "range", "limit", "table", "flag")
BLOCK_KINDS = ("optional", "range", "flag")  # kinds whose absence removes a `#@begin NAME` block
FRAGMENTS_DIR = QUERIES_DIR / "fragments"


@dataclass(frozen=True)
class Param:
    """One declared parameter: `# param: NAME TYPE KIND [VARS] description`."""

    name: str
    types: tuple[str, ...]  # one per column; one entry unless KIND is table
    kind: str
    variables: tuple[str, ...]  # the SPARQL variables it binds
    description: str = ""


@dataclass(frozen=True)
class QueryFile:
    """A parsed query file: its contract and its text."""

    name: str
    purpose: str
    params: dict[str, Param]
    returns: tuple[str, ...]
    text: str
    notes: tuple[str, ...] = field(default=())
    sums: tuple[str, ...] = field(default=())  # `# split: COLUMN ...`: it runs in person partitions; these add up
    # `# split: top COLUMN:HOW ...`: each partition answers its own top rows; the merge ranks them again by these
    # columns (HOW: desc, asc, or qid for QID-number order) and keeps the limit
    rank: tuple[tuple[str, str], ...] = field(default=())
    batch: str = ""  # `# split: batch PARAM`: the list parameter is halved into batches whose rows are disjoint

    @property
    def splits(self) -> bool:
        """Whether the file declares a split (its parts make up the whole answer)."""
        return bool(self.batch) or (bool(self.sums or self.rank) and "partition" in self.params)

    @property
    def split_words(self) -> list[str]:
        """The words of its `# split:` line (empty without one), as its SQL twin must repeat them."""
        if self.batch:
            return ["batch", self.batch]
        if self.rank:
            return ["top", *(f"{column}:{how}" for column, how in self.rank)]
        return list(self.sums)

    @property
    def limit(self) -> str | None:
        """The name of its limit parameter, if it has one (a ranked split keeps that many rows)."""
        return next((p.name for p in self.params.values() if p.kind == "limit"), None)

    def bind_sql(self, **values: object) -> "BoundSql":
        """The SQL twin's text with absent blocks removed, and its prepared-statement parameters ($name).

        Every value first passes the same checks as `bind` (the same errors), then is converted by SQL_VALUES;
        values reach DuckDB only as parameters, never as text. A shipped table the twin does not name is not
        passed: the columnar store applied it at build time (its hash is in the manifest)."""
        sparql = self.bind(**values)  # validation: refuses exactly what the SPARQL binder refuses
        twin = load_sql_twin(self.name)
        text = twin
        bound: dict[str, object] = {}
        for param in self.params.values():
            rendered = _sql_values(param, values.get(param.name))
            text = _apply_blocks(text, param.name, rendered is None, "--")
            bound.update(rendered or {})
        named = set(re.findall(r"\$([a-z][a-z0-9_]*)", _strip_sql_comments(text)))
        missing = sorted(named - set(bound))
        if missing:
            raise QueryParameterError(f"The SQL twin of {self.name} needs a value for {missing[0]}.")
        return BoundSql(text, {k: v for k, v in bound.items() if k in named}, sparql)

    def bind(self, **values: object) -> str:
        """The query text with every declared parameter bound; refuses unknown, missing or bad values."""
        unknown = sorted(set(values) - set(self.params))
        if unknown:
            raise QueryParameterError(f"The query {self.name} has no parameter {unknown[0]!r}.")
        text = self.text
        for param in self.params.values():
            text = _bind_one(text, param, values.get(param.name), self.name)
        return text


@dataclass(frozen=True)
class BoundSql:
    """A SQL twin ready to run: its text and its named prepared-statement parameters."""

    text: str
    params: dict[str, object]
    sparql: str = ""  # the query file bound with the same values: the definition shown beside it


def _values_block(variables: Sequence[str], rows: Sequence[Sequence[NamedNode | Literal]]) -> str:
    if len(variables) == 1:
        return f"VALUES ?{variables[0]} {{ " + " ".join(str(row[0]) for row in rows) + " }"
    head = " ".join("?" + v for v in variables)
    body = " ".join("(" + " ".join(str(term) for term in row) + ")" for row in rows)
    return f"VALUES ({head}) {{ {body} }}"


def _as_list(value: object, param: Param, query: str) -> list[object]:
    if isinstance(value, str | bytes) or not isinstance(value, Sequence | set | frozenset):
        raise QueryParameterError(f"The parameter {param.name} of {query} takes a list of values.")
    return list(value)


def _render(param: Param, value: object, query: str) -> str | None:
    """Text to put at the marker, or None when an optional parameter is absent."""
    term = TERM_TYPES[param.types[0]]
    if param.kind == "one":
        if value is None:
            raise QueryParameterError(f"The query {query} needs a value for {param.name}.")
        return _values_block(param.variables, [[term(value)]])
    if param.kind in ("list", "optional"):
        items = [] if value is None else _as_list(value, param, query)
        if not items:
            if param.kind == "optional":
                return None
            raise QueryParameterError(f"The query {query} needs at least one value for {param.name}.")
        terms = list(dict.fromkeys(str(term(v)) for v in items))  # de-duplicate, keep order
        return f"VALUES ?{param.variables[0]} {{ " + " ".join(terms) + " }"
    if param.kind == "range":
        if value is None:
            return None
        pair = _as_list(value, param, query)
        if len(pair) != 2:
            raise QueryParameterError(f"The parameter {param.name} of {query} takes (from, to).")
        parse = parse_year if param.types[0] == "year" else lambda v: parse_int(v, "A bound", 0, 10**12)
        low, high = (None if end is None else parse(end) for end in pair)
        if low is not None and high is not None and low > high:
            raise BadInput(f"The range of {param.name} starts after it ends ({low} > {high}).")
        checks = [f"?{param.variables[0]} >= {term(low)}"] if low is not None else []
        checks += [f"?{param.variables[0]} <= {term(high)}"] if high is not None else []
        return f"FILTER({' && '.join(checks)})" if checks else None
    if param.kind == "flag":
        if value is None or value is False:
            return None
        if value is not True:
            raise QueryParameterError(f"The parameter {param.name} of {query} is true or absent.")
        return ""
    if param.kind == "limit":
        if value is None:
            raise QueryParameterError(f"The query {query} needs a value for {param.name}.")
        return f"LIMIT {parse_int(value, 'The limit', 1, MAX_LIMIT)}"
    if param.kind == "table":
        rows = [] if value is None else _as_list(value, param, query)
        if not rows:
            raise QueryParameterError(f"The query {query} needs at least one row for {param.name}.")
        bound = []
        for row in rows:
            cells = _as_list(row, param, query)
            if len(cells) != len(param.types):
                raise QueryParameterError(f"Each row of {param.name} in {query} has {len(param.types)} values.")
            bound.append([TERM_TYPES[t](c) for t, c in zip(param.types, cells, strict=True)])
        return _values_block(param.variables, bound)
    raise QueryParameterError(f"Unknown parameter kind {param.kind!r}.")  # unreachable: parse checks kinds


def _bind_one(text: str, param: Param, value: object, query: str) -> str:
    rendered = _render(param, value, query)
    text = _apply_blocks(text, param.name, rendered is None, "#")
    out: list[str] = []
    for line in text.split("\n"):
        if line.strip() == f"#@{param.name}":
            if rendered:
                out.append(line[: len(line) - len(line.lstrip())] + rendered)
            continue
        out.append(line)
    return "\n".join(out)


def _apply_blocks(text: str, name: str, absent: bool, comment: str) -> str:
    """Keep `{comment}@begin NAME` blocks when the parameter is given, their `@else` part when it is absent."""
    out: list[str] = []
    skipping = False
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped == f"{comment}@begin {name}":
            skipping = absent
            continue
        if stripped == f"{comment}@else {name}":  # the part used when the parameter is absent
            skipping = not absent
            continue
        if stripped == f"{comment}@end {name}":
            skipping = False
            continue
        if not skipping:
            out.append(line)
    return "\n".join(out)


# Each parameter type as a DuckDB parameter value, checked by the same parsers as the RDF terms above.
SQL_VALUES: dict[str, Callable[[object], object]] = {
    "edition": lambda v: load_editions().get(v).site,  # hr -> 'https://hr.wikipedia.org/' (sites.iri)
    "qid": lambda v: int(parse_qid(v)[1:]),  # Q42 -> 42 (the qid columns)
    "property": parse_pid,  # 'P21'
    "language": parse_language,  # 'hr'
    "year": parse_year,
    "integer": lambda v: parse_int(v, "A number", 0, 1_000_000_000),
    "token": lambda v: _token_term(v).value,
}


def _sql_values(param: Param, value: object) -> dict[str, object] | None:
    """The named parameters one (already validated) value gives, or None when the parameter is absent."""
    convert = SQL_VALUES[param.types[0]]
    name = param.name
    if param.kind in ("one", "limit"):
        return {name: convert(value) if param.kind == "one" else int(value)}  # type: ignore[call-overload]
    if param.kind in ("list", "optional"):
        items = [] if value is None else list(value)  # type: ignore[call-overload]
        if not items:
            return None
        return {name: list(dict.fromkeys(convert(v) for v in items))}
    if param.kind == "range":
        if value is None or all(end is None for end in value):  # type: ignore[attr-defined]
            return None
        if param.types[0] == "integer":  # the same bounds as the SPARQL range (QID numbers of partitions)
            convert = lambda v: parse_int(v, "A bound", 0, 10**12)  # noqa: E731
        low, high = (None if end is None else convert(end) for end in value)  # type: ignore[attr-defined]
        return {f"{name}_from": low, f"{name}_to": high}
    if param.kind == "flag":
        return {} if value is True else None
    # a table: a list of structs, one per row, keyed by the table's variables
    rows = [[SQL_VALUES[t](c) for t, c in zip(param.types, row, strict=True)] for row in value]  # type: ignore[attr-defined]
    return {name: [dict(zip(param.variables, row, strict=True)) for row in rows]}


def _strip_comments(text: str) -> str:
    # Good enough for our own files: no query file puts '#' inside an IRI or a string.
    return "\n".join(line.split("#", 1)[0] for line in text.split("\n"))


def _param(name: str, spec: str) -> tuple[str, Param]:
    """One `# param:` line: NAME TYPES KIND [VARIABLES for a table] [help text]."""
    parts = spec.split()
    if len(parts) < 3:
        raise ValueError(f"{name}.rq: malformed param line {spec!r}.")
    pname, types, kind = parts[0], tuple(parts[1].split(",")), parts[2]
    rest = parts[3:]
    if kind not in KINDS or any(t not in TERM_TYPES for t in types) or not _NAME.fullmatch(pname):
        raise ValueError(f"{name}.rq: bad param {spec!r}.")
    if kind == "table":
        variables = tuple(rest[0].split(",")) if rest else ()
        rest = rest[1:]
        if len(variables) != len(types):
            raise ValueError(f"{name}.rq: table {pname} needs one variable per column type.")
    else:
        variables = (pname,)
    return pname, Param(pname, types, kind, variables, " ".join(rest))


def parse_query(name: str, text: str) -> QueryFile:
    """Parse and check a query file's header against its body; raises ValueError on a broken file."""
    header: dict[str, list[str]] = {}
    for line in text.split("\n"):
        match = re.match(r"#\s*(name|purpose|param|returns|note|split):\s*(.*)$", line)
        if match:
            header.setdefault(match.group(1), []).append(match.group(2).strip())
    if header.get("name") != [name]:
        raise ValueError(f"{name}.rq: the header must say '# name: {name}'.")
    if not header.get("purpose") or not header.get("returns"):
        raise ValueError(f"{name}.rq: the header needs purpose and returns.")
    params = dict(_param(name, spec) for spec in header.get("param", []))
    body = _strip_comments(text)
    marker_names = re.findall(r"^\s*#@([a-z][a-z0-9_]*)\s*$", text, flags=re.M)
    for pname, param in params.items():
        # A table or list may be bound in several places of one query (the same rows each time, e.g. in each
        # branch of a UNION, where an engine will not push one outer VALUES down); others exactly once.
        several = param.kind in ("table", "list")
        wanted = marker_names.count(pname) >= 1 if several else marker_names.count(pname) == 1
        if param.kind == "flag":  # a flag only keeps or removes its block
            wanted = marker_names.count(pname) == 0 and f"#@begin {pname}" in text
        if not wanted:
            raise ValueError(
                f"{name}.rq: parameter {pname} needs a '#@{pname}' marker (exactly one unless a list or table; "
                "a flag has a block and no marker)."
            )
        if param.kind not in ("limit", "flag"):
            for var in param.variables:
                if not re.search(rf"\?{var}\b", body):
                    raise ValueError(f"{name}.rq: parameter {pname} binds ?{var}, which the query never uses.")
    for marker in marker_names:
        if marker not in params:
            raise ValueError(f"{name}.rq: marker #@{marker} has no param line.")
    for block in re.findall(r"^\s*#@(?:begin|else|end) ([a-z0-9_]+)\s*$", text, flags=re.M):
        if block not in params or params[block].kind not in BLOCK_KINDS:
            raise ValueError(f"{name}.rq: block {block} must belong to an optional, range or flag parameter.")
    returns = tuple(v.strip() for v in header["returns"][0].split(","))
    select = body.split("WHERE", 1)[0]
    for var in returns:
        if not re.search(rf"\?{var}\b", select):
            raise ValueError(f"{name}.rq: returns {var}, which the SELECT does not project.")
    sums, rank, batch = _split(name, header.get("split", [""])[0].split(), params, returns)
    notes = tuple(header.get("note", []))
    return QueryFile(name, header["purpose"][0], params, returns, text, notes, sums, rank, batch)


RANK_ORDERS = ("desc", "asc", "qid")


def _split(
    name: str, words: list[str], params: dict[str, Param], returns: tuple[str, ...]
) -> tuple[tuple[str, ...], tuple[tuple[str, str], ...], str]:
    """A `# split:` line: columns that add up, `top COLUMN:HOW ...` (a ranked, limited list) or `batch PARAM`."""
    if not words:
        return (), (), ""
    if words[0] == "batch":
        if len(words) != 2 or words[1] not in params or params[words[1]].kind != "list":
            raise ValueError(f"{name}.rq: a batch split names one list parameter.")
        return (), (), words[1]
    if "partition" not in params:
        raise ValueError(f"{name}.rq: a split needs the partition parameter and columns it returns.")
    if words[0] == "top":
        rank = tuple(tuple(word.split(":", 1)) for word in words[1:] if ":" in word)
        if not rank or len(rank) != len(words) - 1 or not any(p.kind == "limit" for p in params.values()):
            raise ValueError(f"{name}.rq: a top split needs a limit parameter and COLUMN:HOW words.")
        if any(column not in returns or how not in RANK_ORDERS for column, how in rank):
            raise ValueError(f"{name}.rq: a top split ranks by returned columns, each {', '.join(RANK_ORDERS)}.")
        return (), rank, ""  # type: ignore[return-value]
    if not set(words) <= set(returns):
        raise ValueError(f"{name}.rq: a split needs the partition parameter and columns it returns.")
    return tuple(words), (), ""


def query_names() -> list[str]:
    """Names of every query file shipped in queries/."""
    return sorted(p.stem for p in QUERIES_DIR.glob("*.rq"))


# How deep fragments may include fragments (candidate_population includes person_filters): a cycle stops there.
_NESTING = 4


def expand_includes(name: str, text: str, fragments: Path = FRAGMENTS_DIR) -> str:
    """The text with each `#@include FRAGMENT` line replaced by queries/fragments/FRAGMENT.rq's body, indented
    like the line, and the fragment's `# param:` lines added to the header (once; a clash is an error); a
    fragment may include others, expanded in turn."""
    for _ in range(_NESTING):
        expanded = _expand_once(name, text, fragments)
        if expanded == text:
            return text
        text = expanded
    raise ValueError(f"{name}.rq: its fragments include each other more than {_NESTING} deep.")


def _expand_once(name: str, text: str, fragments: Path) -> str:
    """One pass of expand_includes: the include lines of `text` itself replaced (and the partition placed)."""
    lines = with_partition(text.split("\n"), "#")
    declared = {spec.split()[0]: spec for spec in _param_specs(lines)}
    body: list[str] = []
    added: list[str] = []
    for line in lines:
        match = re.fullmatch(r"(\s*)#@include ([a-z][a-z0-9_]*)\s*", line)
        if not match:
            body.append(line)
            continue
        path = fragments / f"{match.group(2)}.rq"
        if not path.is_file():
            raise ValueError(f"{name}.rq: there is no fragment {match.group(2)}.")
        fragment = path.read_text(encoding="utf-8").split("\n")
        for spec in _param_specs(fragment):
            pname = spec.split()[0]
            if pname in declared and declared[pname].split()[:4] != spec.split()[:4]:
                raise ValueError(f"{name}.rq: parameter {pname} differs from fragment {match.group(2)}.")
            if pname not in declared:
                declared[pname] = spec
                added.append(f"# param:   {spec}")
        body += [match.group(1) + f for f in fragment if f.strip() and not _FRAGMENT_HEADER.match(f)]
    last_param = max((i for i, line in enumerate(body) if re.match(r"#\s*param:", line)), default=0)
    return "\n".join(body[: last_param + 1] + added + body[last_param + 1 :])


_FRAGMENT_HEADER = re.compile(r"#\s*(fragment|purpose|param|note):")


def with_partition(lines: list[str], comment: str) -> list[str]:
    """The lines with the partition fragment included where a `partition: after FRAGMENT` (or `before`) header line
    says, so a query without the population fragment can be split by QID number too. After the person filters is
    where engines keep it cheap: oxigraph ran a filtered worklist part 100x slower with it before them (issue #15)."""
    header = re.compile(rf"{re.escape(comment)}\s*partition:\s*(before|after)\s+([a-z][a-z0-9_]*)\s*$")
    found = next((m for line in lines if (m := header.match(line.strip()))), None)
    if found is None:
        return lines
    where, fragment = found.groups()
    out: list[str] = []
    for line in lines:
        partition = line.replace(f"@include {fragment}", "@include partition")
        is_include = line.strip() == f"{comment}@include {fragment}"
        out += ([partition] if is_include and where == "before" else []) + [line]
        out += [partition] if is_include and where == "after" else []
    return out


def _param_specs(lines: Sequence[str]) -> list[str]:
    return [m.group(1).strip() for line in lines if (m := re.match(r"#\s*param:\s*(.*)$", line))]


@functools.cache
def load_query(name: str) -> QueryFile:
    """The parsed query file queries/NAME.rq, with its fragments included."""
    if not _NAME.fullmatch(name) or not (QUERIES_DIR / f"{name}.rq").is_file():
        raise QueryParameterError(f"There is no query file named {name[:60]!r}.")
    return parse_query(name, expand_includes(name, (QUERIES_DIR / f"{name}.rq").read_text(encoding="utf-8")))


def wdqs_link(text: str) -> str:
    """A link that opens the query in the Wikidata Query Service editor (not run)."""
    return "https://query.wikidata.org/#" + quote(text, safe="")


def qlever_link(text: str) -> str:
    """A link that opens the query in QLever's Wikidata UI."""
    return "https://qlever.dev/wikidata/?query=" + quote(text, safe="")


SQL_FRAGMENTS_DIR = SQL_DIR / "fragments"
_SQL_HEADER = re.compile(r"--\s*(name|fragment|purpose|param|returns|note|split|partition):\s*(.*)$")


def sql_twin_names() -> list[str]:
    """Names of every SQL twin shipped in queries/sql/."""
    return sorted(p.stem for p in SQL_DIR.glob("*.sql"))


def _strip_sql_comments(text: str) -> str:
    # Good enough for our own files: no twin puts '--' inside a string.
    return "\n".join(line.split("--", 1)[0] for line in text.split("\n"))


def expand_sql_includes(name: str, text: str, fragments: Path = SQL_FRAGMENTS_DIR) -> tuple[str, list[str]]:
    """The twin's text with each `--@include FRAGMENT` line replaced by queries/sql/fragments/FRAGMENT.sql
    (header dropped, indented like the line; a fragment may include others, expanded in turn), and every
    `-- param:` spec of the twin and its fragments."""
    specs = [
        m.group(2).strip()
        for line in text.split("\n")
        if (m := _SQL_HEADER.match(line.strip())) and m.group(1) == "param"
    ]
    for _ in range(_NESTING):
        expanded, found = _expand_sql_once(name, text, fragments)
        if expanded == text:
            return text, specs
        text, specs = expanded, specs + found
    raise ValueError(f"sql/{name}.sql: its fragments include each other more than {_NESTING} deep.")


def _expand_sql_once(name: str, text: str, fragments: Path) -> tuple[str, list[str]]:
    """One pass of expand_sql_includes: the include lines of `text` itself replaced, and the fragments' specs."""
    specs: list[str] = []
    body: list[str] = []
    for line in with_partition(text.split("\n"), "--"):
        match = re.fullmatch(r"(\s*)--@include ([a-z][a-z0-9_]*)\s*", line)
        if not match:
            body.append(line)
            continue
        path = fragments / f"{match.group(2)}.sql"
        if not path.is_file():
            raise ValueError(f"sql/{name}.sql: there is no fragment {match.group(2)}.")
        for fragment_line in path.read_text(encoding="utf-8").split("\n"):
            found = _SQL_HEADER.match(fragment_line.strip())
            if found:
                if found.group(1) == "param":
                    specs.append(found.group(2).strip())
                continue
            if fragment_line.strip():
                body.append(match.group(1) + fragment_line)
    return "\n".join(body), specs


def check_sql_twin(query: QueryFile, text: str, specs: Sequence[str]) -> None:
    """Refuse a twin whose header contract differs from its query file's, or whose body misuses a parameter."""
    header = {}
    for line in text.split("\n"):
        match = _SQL_HEADER.match(line.strip())
        if match:
            header.setdefault(match.group(1), []).append(match.group(2).strip())
    where = f"sql/{query.name}.sql"
    if header.get("name") != [query.name] or not header.get("purpose"):
        raise ValueError(f"{where}: the header needs '-- name: {query.name}' and a purpose.")
    returns = tuple(v.strip() for v in header.get("returns", [""])[0].split(","))
    if returns != query.returns:
        raise ValueError(f"{where}: returns {', '.join(returns)}, unlike {query.name}.rq ({', '.join(query.returns)}).")
    if header.get("split", [""])[0].split() != query.split_words:
        raise ValueError(f"{where}: its split line differs from {query.name}.rq's.")
    partition = re.search(r"^#\s*partition:\s*(.*?)\s*$", query.text, re.M)
    if header.get("partition", [""])[0] != (partition.group(1) if partition else ""):
        raise ValueError(f"{where}: its partition line differs from {query.name}.rq's.")
    declared = {spec.split()[0]: tuple(spec.split()[1:3]) for spec in specs}
    wanted = {p.name: (",".join(p.types), p.kind) for p in query.params.values()}
    if declared != wanted:
        raise ValueError(f"{where}: its parameters differ from {query.name}.rq's (names, types and kinds).")
    body = _strip_sql_comments(text)
    used = set(re.findall(r"\$([a-z][a-z0-9_]*)", body))
    allowed: set[str] = set()
    for param in query.params.values():
        names = {f"{param.name}_from", f"{param.name}_to"} if param.kind == "range" else {param.name}
        allowed |= names if param.kind != "flag" else set()
        if param.kind == "flag" and f"--@begin {param.name}" not in text:
            raise ValueError(f"{where}: the flag {param.name} needs a '--@begin {param.name}' block.")
        if param.kind not in ("flag", "table") and not names & used:
            raise ValueError(f"{where}: the parameter {param.name} is never used as ${param.name}.")
    if used - allowed:
        raise ValueError(f"{where}: ${sorted(used - allowed)[0]} is not a parameter of {query.name}.")
    for block in re.findall(r"^\s*--@(?:begin|else|end) ([a-z0-9_]+)\s*$", text, flags=re.M):
        if block not in query.params or query.params[block].kind not in BLOCK_KINDS:
            raise ValueError(f"{where}: block {block} must belong to an optional, range or flag parameter.")


@functools.cache
def load_sql_twin(name: str) -> str:
    """The checked SQL twin queries/sql/NAME.sql of a query file, with its fragments included."""
    query = load_query(name)
    path = SQL_DIR / f"{name}.sql"
    if not path.is_file():
        message = f"The query {name} has no SQL twin, so the columnar engine cannot run it: use --engine sparql."
        raise QueryParameterError(message)
    text, specs = expand_sql_includes(name, path.read_text(encoding="utf-8"))
    check_sql_twin(query, text, specs)
    return text

"""Build a store from a Wikidata dump (JSON or full N-Triples): humans and their facts, streamed, resumable."""

import bz2
import gzip
import hashlib
import io
import itertools
import json
import re
import time
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO
from urllib.parse import quote

import pyoxigraph

from gapkit.builders import truthy
from gapkit.builders.checkpoint import Checkpoint
from gapkit.errors import BadInput
from gapkit.files import BuildLock
from gapkit.model import vocab
from gapkit.model.editions import load_editions
from gapkit.model.identifiers import MAX_YEAR, MIN_YEAR, parse_language
from gapkit.stores import ntriples as nt
from gapkit.stores.columnar import ColumnarWriter
from gapkit.stores.store import Manifest, ProgressCallback, StoreRef, refuse_existing, remove_work_folder

PERSON_FACTS = ("P21", "P27", "P106", "P569", "P570", "P19")
# Evidence of notability (#17): described by source, authority identifiers, image; badges and aliases below.
EVIDENCE_FACTS = (vocab.P_DESCRIBED_BY, *vocab.AUTHORITY_IDS, vocab.P_IMAGE)
WDT = {pid: nt.iri(vocab.wdt(pid)) for pid in ("P31", *PERSON_FACTS, "P279", *EVIDENCE_FACTS)}
BADGE, ALIAS = nt.iri(vocab.WIKIBASE + "badge"), nt.iri(vocab.SKOS + "altLabel")
COMMONS_FILE = "http://commons.wikimedia.org/wiki/Special:FilePath/"  # how WDQS writes a P18 file name
ABOUT, PART_OF, IN_LANGUAGE, NAME, DESCRIPTION = (
    nt.iri(vocab.SCHEMA + x) for x in ("about", "isPartOf", "inLanguage", "name", "description")
)
LABEL, WIKI_GROUP, SITELINKS = (
    nt.iri(vocab.RDFS + "label"),
    nt.iri(vocab.WIKIBASE + "wikiGroup"),
    nt.iri(vocab.WIKIBASE + "sitelinks"),
)
HUMAN = "Q5"
JULIAN = "http://www.wikidata.org/entity/Q1985786"  # calendarmodel of a date given in the Julian calendar
DAY_PRECISION = 11
SITELINK_PROBE = 10_000  # humans looked at before a dump without any sitelink is refused
_QID = re.compile(r"Q[1-9][0-9]{0,11}")
# Ids of the entities a dump holds: items, properties, lexemes (with forms and senses) and MediaInfo.
_ENTITY_ID = re.compile(r"(?:[QPLM][1-9][0-9]{0,11})(?:-[FS][1-9][0-9]{0,5})?")
_TIME = re.compile(r"([+-])0*(\d{1,16})-(\d{2})-(\d{2})T")
READ_BUFFER = 1 << 20
REPORT_EVERY = 4096  # lines between looks at the clock for a progress report
CHECKPOINT_EVERY = 20_000  # lines between checkpoints: redoing at most this many after a crash
TREE_PASSES = 3  # passes that follow P279 upwards from the occupations people hold
_DUMP_DATE = re.compile(r"(20\d{6})")


@dataclass
class Progress:
    """What an import has done so far; saved in the checkpoint so a rerun continues where it stopped."""

    stage: int = 1  # 1: humans; 2, 3, ...: the items they reference (countries, occupations, their parents)
    line: int = 0  # lines of the dump finished in this stage
    written: int = 0  # bytes of this stage's part file that belong to finished lines
    humans: int = 0
    triples: int = 0
    skipped: list[int] = field(default_factory=list)  # line numbers of damaged lines
    wanted: list[str] = field(default_factory=list)  # items this stage writes (stage 1: items people reference)
    found: list[str] = field(default_factory=list)  # parents (P279) found in this stage
    done: list[str] = field(default_factory=list)  # items already written by earlier stages
    sites: list[str] = field(default_factory=list)  # Wikipedia site IRIs seen
    seen: int = 0  # humans looked at in stage 1, before the edition filter
    linked: int = 0  # of those, humans with at least one sitelink (a truthy dump has none)


def _decompressed(raw: IO[bytes], path: Path) -> IO[bytes]:
    """The dump's bytes, decompressed as its suffix says (.gz, .bz2, or plain)."""
    # A large buffer in front: BufferedReader's readline runs in C, GzipFile's and BZ2File's in Python.
    if path.suffix == ".gz":
        return io.BufferedReader(gzip.open(raw), READ_BUFFER)
    if path.suffix == ".bz2":
        return io.BufferedReader(bz2.open(raw), READ_BUFFER)
    return raw


def best_values(claims: dict, pid: str) -> list[dict]:
    """The main snaks of a property's best-ranked statements: preferred if any, else normal; never deprecated
    (as WDQS's truthy wdt: triples are)."""
    statements = [s for s in claims.get(pid, []) if isinstance(s, dict) and s.get("rank") != "deprecated"]
    preferred = [s for s in statements if s.get("rank") == "preferred"]
    return [s.get("mainsnak", {}) for s in (preferred or statements)]


def _object(entity_id: str, pid: str, snak: dict) -> str | None:
    """The N-Triples object of one snak, or None (no value, or a value gapkit does not read)."""
    kind = snak.get("snaktype")
    if kind == "somevalue":
        # "unknown value", as WDQS writes it: a genid IRI, stable for the statement.
        digest = hashlib.md5(f"{entity_id}-{pid}-{snak.get('hash', '')}".encode()).hexdigest()
        return nt.iri(vocab.GENID + digest)
    if kind != "value":
        return None
    datavalue = snak.get("datavalue")
    value = datavalue.get("value") if isinstance(datavalue, dict) else None
    if pid in ("P569", "P570"):
        year = date_year(value)
        return None if year is None else nt.year_date(year)
    qid = item_id(value)
    return nt.iri(vocab.wd(qid)) if qid else None


def evidence_object(entity_id: str, pid: str, snak: dict) -> str | None:
    """The N-Triples object of an evidence snak as WDQS writes it: P1343 an item (or unknown value), an
    identifier a plain string, P18 the file's Special:FilePath IRI; None for anything else."""
    if pid == vocab.P_DESCRIBED_BY:
        return _object(entity_id, pid, snak)
    datavalue = snak.get("datavalue") if snak.get("snaktype") == "value" else None
    value = datavalue.get("value") if isinstance(datavalue, dict) else None
    if not isinstance(value, str) or not value:
        return None
    if pid == vocab.P_IMAGE:
        return nt.iri(COMMONS_FILE + quote(value.replace("_", " "), safe=""))
    return nt.literal(value)


def _badges(link: dict) -> list[str]:
    """The badge QIDs of one sitelink (the JSON dump's "badges" list)."""
    badges = link.get("badges") if isinstance(link, dict) else None
    return [b for b in badges if isinstance(b, str) and _QID.fullmatch(b)] if isinstance(badges, list) else []


def item_id(value: object) -> str | None:
    """The QID of an item value: its `id`, or its `numeric-id` alone (JSON written before 2015); else None."""
    if not isinstance(value, dict):
        return None
    found = value.get("id")
    if isinstance(found, str):
        return found if _QID.fullmatch(found) else None
    number = value.get("numeric-id")
    if value.get("entity-type", "item") != "item" or isinstance(number, bool) or not isinstance(number, int):
        return None
    return f"Q{number}" if 0 < number < 10**12 else None


def date_year(value: object) -> int | None:
    """A time value's historical year (no year 0: -469 is 469 BCE), None when unreadable or out of range.

    A day-precision date in the Julian calendar gives its Gregorian year, as Wikibase's RDF does
    (25 December 1600 Julian is 4 January 1601 Gregorian)."""
    if not isinstance(value, dict) or not isinstance(value.get("time"), str):
        return None
    match = _TIME.match(value["time"])
    if not match or int(match.group(2)) == 0:
        return None
    year = int(match.group(2)) * (-1 if match.group(1) == "-" else 1)
    month, day = int(match.group(3)), int(match.group(4))
    precision = value.get("precision")
    if value.get("calendarmodel") == JULIAN and isinstance(precision, int) and precision >= DAY_PRECISION:
        year = gregorian_year(year, month, day)
    return year if MIN_YEAR <= year <= MAX_YEAR else None


def gregorian_year(year: int, month: int, day: int) -> int:
    """The Gregorian historical year of a Julian calendar date (historical years: -1 is 1 BCE)."""
    if not (1 <= month <= 12 and 1 <= day <= 31) or year < -4700:
        return year  # no day to convert (or before the Julian day count starts): the year as given
    astronomical = year if year > 0 else year + 1
    # Julian calendar date -> Julian day number -> Gregorian date (Fliegel and Van Flandern's integer method).
    shift = (14 - month) // 12
    y, m = astronomical + 4800 - shift, month + 12 * shift - 3
    jdn = day + (153 * m + 2) // 5 + 365 * y + y // 4 - 32083
    a = jdn + 32044
    b = (4 * a + 3) // 146097
    c = a - 146097 * b // 4
    d = (4 * c + 3) // 1461
    e = c - 1461 * d // 4
    gregorian = 100 * b + d - 4800 + (5 * e + 2) // 153 // 10
    return gregorian if gregorian > 0 else gregorian - 1


def _ids(snaks: list[dict]) -> list[str]:
    out = []
    for snak in snaks:
        datavalue = snak.get("datavalue") if snak.get("snaktype") == "value" else None
        qid = item_id(datavalue.get("value")) if isinstance(datavalue, dict) else None
        if qid:
            out.append(qid)
    return out


def _surrogate_problem(line: bytes, entity: dict) -> str | None:
    """A text holding half of a UTF-16 pair ("\\ud800" in the JSON) cannot be written as UTF-8; looked for only
    on lines with such an escape, so the common line costs one byte search."""
    if b"\\ud" not in line and b"\\uD" not in line:
        return None
    try:
        json.dumps(entity, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        return "a text that is not valid Unicode (a lone surrogate)"
    return None


def entity_problem(entity: dict) -> str | None:
    """Why an entity of the JSON dump cannot be read, or None; checked before any of it is written."""
    found = entity.get("id")
    if found is None:
        return "an entity without an id"
    if not isinstance(found, str):
        return f"an entity id that is a {type(found).__name__}, not text"
    if not _ENTITY_ID.fullmatch(found):
        return f"the entity id {found[:30]!r}"
    for key in ("claims", "labels", "descriptions", "sitelinks"):
        value = entity.get(key)
        # An empty map was written as [] by PHP's JSON encoder in older dumps: read as empty.
        if value is not None and value != [] and not isinstance(value, dict):
            return f"{key} that are a {type(value).__name__}, not an object"
    for key in ("labels", "descriptions"):
        for language, text in (entity.get(key) or {}).items():
            if not isinstance(text, dict) or not isinstance(text.get("value", ""), str):
                return f"a {key[:-1]} in {str(language)[:20]!r} that is not a text"
    for pid, statements in (entity.get("claims") or {}).items():
        if not isinstance(statements, list) or not all(isinstance(s, dict) for s in statements):
            return f"statements of {str(pid)[:20]} that are not a list of objects"
        if not all(isinstance(s.get("mainsnak", {}), dict) for s in statements):
            return f"a statement of {str(pid)[:20]} whose main snak is not an object"
    for site, link in (entity.get("sitelinks") or {}).items():
        if not isinstance(link, dict) or not isinstance(link.get("title", ""), str):
            return f"a sitelink to {str(site)[:20]} whose title is not a text"
    return None


class DumpImport:
    """One import: the dump, the options, a work folder beside --out with part files and the checkpoint."""

    def __init__(
        self,
        dump: Path,
        out: Path,
        languages: list[str],
        editions: list[str],
        stop_on_error: bool,
        progress: ProgressCallback | None,
    ) -> None:
        self.dump, self.out = Path(dump), Path(out)
        if not self.dump.is_file():
            raise BadInput(f"There is no dump file at {self.dump}.")
        table = load_editions()
        self.editions = {table.get(code).code for code in editions}
        default = {table.get(code).content_language for code in self.editions} | {"en"}
        # `mul` (Wikidata's default for all languages) is always kept: the label chain falls back to it.
        self.languages = ({parse_language(code) for code in languages} or default) | {"mul"}
        self.stop_on_error = stop_on_error
        self.progress = progress
        self.work = self.out.with_name(self.out.name + ".importing")
        self.lock = BuildLock(self.out)
        self.table = table
        # The N-Triples dump (latest-all.nt.gz) or the JSON dump (latest-all.json.gz), told by its first line.
        self.truthy = self._is_ntriples()

    # -- checkpoints -------------------------------------------------------------------------------------
    def _checkpoint(self) -> Checkpoint:
        stat = self.dump.stat()
        options = {
            "dump": str(self.dump.resolve()),
            "size": stat.st_size,
            "mtime": int(stat.st_mtime),
            "languages": sorted(self.languages),
            "editions": sorted(self.editions),
        }
        refusal = (
            f"{self.work} holds an interrupted import of another dump or with other options; delete it or "
            "rerun with the same options."
        )
        return Checkpoint(self.work, options, refusal)

    def _load_state(self) -> Progress:
        self.lock.start()  # held until the build ends: a second builder on the same --out is refused
        saved = self._checkpoint().load()
        if saved is None:
            return Progress()
        if self.progress:
            self.progress(f"Resuming stage {saved['stage']} after line {saved['line']:,}", None)
        return Progress(**saved)

    def _saved_checkpoint(self, path: Path) -> dict:
        """The checkpoint's content, checked; a damaged one is one sentence (never a half-trusted resume)."""
        try:
            saved = json.loads(path.read_text(encoding="utf-8"))
            Progress(**saved["progress"])
        except (OSError, ValueError, KeyError, TypeError):
            raise BadInput(f"The checkpoint in {self.work} is damaged; delete {self.work} to start again.") from None
        return saved

    def _save_state(self, state: Progress) -> None:
        self._checkpoint().save(state.__dict__)

    # -- reading -----------------------------------------------------------------------------------------
    def _is_ntriples(self) -> bool:
        """True when the dump's first non-blank line is an N-Triples line, False when it opens the JSON dump
        ([ or {); anything else (a binary or empty file, another format) is refused in one sentence."""
        try:
            with open(self.dump, "rb") as raw:
                for line in itertools.islice(_decompressed(raw, self.dump), 100):
                    first = line.strip()[:1]
                    if not first:
                        continue
                    if b"\0" not in line and first in (b"<", b"_", b"#", b"[", b"{"):
                        return first in (b"<", b"_", b"#")
                    break
        except (OSError, EOFError, ValueError, zlib.error) as err:
            raise BadInput(
                f"{self.dump.name} is damaged or cut short, or not compressed as its name says "
                f"({err.__class__.__name__})."
            ) from None
        raise BadInput(
            f"{self.dump.name} is not a Wikidata dump: it does not start with JSON (latest-all.json) or "
            "N-Triples (latest-all.nt)."
        )

    def _lines(self, state: Progress) -> Iterator[tuple[int, bytes]]:
        """(line number, bytes) from the line after the checkpoint on, with progress (rate, time left)."""
        size = self.dump.stat().st_size
        started, last_report = time.monotonic(), 0.0
        with open(self.dump, "rb", buffering=READ_BUFFER) as raw:
            for number, line in enumerate(self._checked_lines(_decompressed(raw, self.dump)), start=1):
                if number <= state.line:
                    continue  # finished before the interruption: only decompressed and skipped, not parsed
                if not self.progress or number % REPORT_EVERY:
                    yield number, line
                    continue
                now = time.monotonic()
                if now - last_report > 2:
                    last_report = now
                    done = raw.tell() / size if size else 0
                    rate = (number - state.line) / max(now - started, 1e-6)
                    eta = (now - started) / done * (1 - done) if done > 0.001 else 0
                    self.progress(
                        f"stage {state.stage}: line {number:,}, {state.humans:,} humans, {rate:,.0f} "
                        f"lines/s, about {eta:,.0f} s left",
                        done,
                    )
                yield number, line

    def _checked_lines(self, reader: IO[bytes]) -> Iterator[bytes]:
        """The decompressed lines; a compressed dump cut short or damaged stops the import with a sentence
        (what follows the damage cannot be read, so nothing of it could be counted)."""
        number = 0
        while True:
            try:
                line = reader.readline()
            except (OSError, EOFError, zlib.error) as err:
                raise BadInput(
                    f"{self.dump.name} is damaged or cut short after line {number:,} ({err.__class__.__name__}); "
                    "the import stopped: download the dump again."
                ) from None
            if not line:
                return
            number += 1
            yield line

    def _damaged(self, state: Progress, number: int, reason: str) -> None:
        """A line that cannot be read: stop the import (--on-error stop) or report and count it."""
        if self.stop_on_error:
            raise BadInput(
                f"Line {number:,} of {self.dump.name} is damaged ({reason[:60]}); the import stopped "
                "(rerun with --on-error skip to skip damaged lines, or the same command to resume)."
            )
        if self.progress:
            self.progress(f"Line {number:,} of {self.dump.name} is damaged and was skipped", None)
        state.skipped.append(number)

    def _entities(self, state: Progress, targets: set[str]) -> Iterator[tuple[int, dict]]:
        """(number of the entity's last line, entity in the JSON dump's shape) from the checkpoint on."""
        if self.truthy:
            yield from self._truthy_entities(state, targets)
            return
        for number, line in self._lines(state):
            text = line.strip().rstrip(b",")
            if text in (b"[", b"]", b""):
                yield number, {}
                continue
            try:
                entity = json.loads(text)
                if not isinstance(entity, dict):
                    raise ValueError("not an entity object")
            except (ValueError, RecursionError) as err:
                self._damaged(state, number, str(err) if isinstance(err, ValueError) else "nested too deeply")
                yield number, {}
                continue
            problem = entity_problem(entity) or _surrogate_problem(text, entity)
            if problem:
                self._damaged(state, number, problem)
                yield number, {}
                continue
            yield number, entity

    def _truthy_entities(self, state: Progress, targets: set[str]) -> Iterator[tuple[int, dict]]:
        """Items of the truthy dump; only the blocks this stage keeps are parsed (stage 1: those with a
        `wdt:P31 wd:Q5` line; later stages: the wanted items), the others only checked that every line ends
        in "." (a line cut short or broken across lines fails that and is then parsed to report it)."""
        for last, qid, lines in truthy.blocks(self._lines(state)):
            if qid is None:
                yield last, {}
                continue
            block = b"".join(line for _, line in lines)
            kept = truthy.HUMAN_LINE in block if state.stage == 1 else qid in targets
            if not kept and block.count(b".\n") == len(lines):
                yield last, {}
                continue
            try:  # one parse per item; line by line only to find a damaged line
                parsed = list(pyoxigraph.parse(block, format=truthy.N_TRIPLES))
            except SyntaxError:
                parsed = []
                for number, line in lines:
                    try:
                        parsed += pyoxigraph.parse(line, format=truthy.N_TRIPLES)
                    except SyntaxError as err:
                        self._damaged(state, number, str(err))
            yield last, truthy.entity_from_triples(qid, parsed)

    # -- writing -----------------------------------------------------------------------------------------
    def _person(self, entity: dict, state: Progress, wanted: set[str], sites: set[str]) -> list[str]:
        claims = entity.get("claims") or {}
        if not _QID.fullmatch(entity["id"]) or HUMAN not in _ids(best_values(claims, "P31")):
            return []
        links = entity.get("sitelinks") or {}
        self._count_sitelinks(state, bool(links))
        wikipedia = [(self.table.by_dbname(db), link.get("title", ""), _badges(link)) for db, link in links.items()]
        wikipedia = [(e, t, b) for e, t, b in wikipedia if e is not None and t]
        if self.editions and not any(e.code in self.editions for e, _, _ in wikipedia):
            return []
        qid = entity["id"]
        s = nt.iri(vocab.wd(qid))
        lines = [nt.triple(s, WDT["P31"], nt.iri(vocab.wd(HUMAN)))]
        for pid in PERSON_FACTS:
            for snak in best_values(claims, pid):
                obj = _object(qid, pid, snak)
                if obj:
                    lines.append(nt.triple(s, WDT[pid], obj))
            if pid in ("P27", "P106"):
                wanted.update(_ids(best_values(claims, pid)))
        lines += self._texts(entity, s) + self._evidence(entity, s)
        for edition, title, badges in wikipedia:
            page = quote(title.replace(" ", "_"), safe="/:(),'!*")
            article = nt.iri(f"https://{edition.host}/wiki/{page}")
            lines += [
                nt.triple(article, ABOUT, s),
                nt.triple(article, PART_OF, nt.iri(edition.site)),
                nt.triple(article, IN_LANGUAGE, nt.literal(edition.content_language)),
                nt.triple(article, NAME, nt.literal(title, edition.content_language)),
                *(nt.triple(article, BADGE, nt.iri(vocab.wd(badge))) for badge in badges),
            ]
            sites.add(edition.site)
        lines.append(nt.triple(s, SITELINKS, nt.integer(len(links))))
        state.humans += 1
        return lines

    def _count_sitelinks(self, state: Progress, linked: bool) -> None:
        """Count a human of stage 1; refuse the dump once SITELINK_PROBE humans came without any sitelink."""
        state.seen += 1
        state.linked += linked
        if state.seen >= SITELINK_PROBE and not state.linked:
            self._refuse_unlinked(state)

    def _refuse_unlinked(self, state: Progress) -> None:
        """The truthy dump: Wikidata writes no sitelinks into it, so every figure would be empty."""
        remove_work_folder(self.work)
        raise BadInput(
            f"None of the first {state.seen:,} humans in {self.dump.name} has a sitelink (the truthy dump has "
            "none): import latest-all.json.gz or latest-all.nt.gz, which carry them."
        )

    def _texts(self, entity: dict, subject: str) -> list[str]:
        lines = []
        for key, predicate in (("labels", LABEL), ("descriptions", DESCRIPTION)):
            for language, text in sorted((entity.get(key) or {}).items()):
                if language in self.languages and isinstance(text, dict) and text.get("value"):
                    lines.append(nt.triple(subject, predicate, nt.literal(text["value"], language)))
        return lines

    def _evidence(self, entity: dict, subject: str) -> list[str]:
        """A person's evidence statements (best rank, as WDQS's truthy triples) and aliases in the kept languages."""
        claims, lines = entity.get("claims") or {}, []
        for pid in EVIDENCE_FACTS:
            objects = (evidence_object(entity["id"], pid, snak) for snak in best_values(claims, pid))
            lines += [nt.triple(subject, WDT[pid], obj) for obj in dict.fromkeys(objects) if obj]
        aliases = entity.get("aliases")
        for language, entries in sorted(aliases.items() if isinstance(aliases, dict) else []):
            if language in self.languages and isinstance(entries, list):
                texts = (e.get("value") for e in entries if isinstance(e, dict))
                lines += [nt.triple(subject, ALIAS, nt.literal(t, language)) for t in texts if isinstance(t, str) and t]
        return lines

    def _referenced(self, entity: dict, parents: set[str]) -> list[str]:
        s = nt.iri(vocab.wd(entity["id"]))
        lines = self._texts(entity, s)
        for snak in best_values(entity.get("claims") or {}, "P279"):
            obj = _object(entity["id"], "P279", snak)
            if obj and snak.get("snaktype") == "value":
                lines.append(nt.triple(s, WDT["P279"], obj))
        parents.update(_ids(best_values(entity.get("claims") or {}, "P279")))
        return lines

    def run(self) -> StoreRef:
        """Import the dump (resuming a checkpoint if any) and write the store."""
        state = self._load_state()
        while True:
            part = self.work / f"stage{state.stage}.nt"
            with open(part, "ab") as handle:
                handle.truncate(state.written)  # drop lines written after the last checkpoint
                wanted, sites, found = set(state.wanted), set(state.sites), set(state.found)
                targets = set(state.wanted) - set(state.done) if state.stage > 1 else set()
                for number, entity in self._entities(state, targets):
                    if entity.get("id"):
                        if state.stage == 1:
                            lines = self._person(entity, state, wanted, sites)
                        elif entity["id"] in targets:
                            lines = self._referenced(entity, found)
                        else:
                            lines = []
                        if lines:
                            handle.write("".join(lines).encode("utf-8"))
                            state.triples += len(lines)
                    if number - state.line >= CHECKPOINT_EVERY:
                        handle.flush()
                        state.line, state.written = number, handle.tell()
                        state.wanted, state.found, state.sites = sorted(wanted), sorted(found), sorted(sites)
                        self._save_state(state)
                handle.flush()
                state.written = handle.tell()
            if state.stage == 1 and not state.seen:
                remove_work_folder(self.work)
                raise BadInput(
                    f"{self.dump.name} holds no humans (P31 = Q5): it is not a Wikidata dump, or it is damaged."
                )
            if state.stage == 1 and not state.linked:
                self._refuse_unlinked(state)
            # The stage is finished: the next one writes the items it found referenced and not yet written.
            done = set(state.done) | (targets if state.stage > 1 else set())
            following = (wanted | found) - done
            if state.stage > TREE_PASSES or not following:
                break
            state = Progress(
                stage=state.stage + 1,
                humans=state.humans,
                triples=state.triples,
                skipped=state.skipped,
                wanted=sorted(following),
                done=sorted(done),
                sites=sorted(sites),
            )
            self._save_state(state)
        return self._finish(state, sorted(sites))

    def _finish(self, state: Progress, sites: list[str]) -> StoreRef:
        skipped = sorted(set(state.skipped))  # a line re-read after a resume is counted once
        match = _DUMP_DATE.search(self.dump.name)
        dump_date = (
            f"{match.group(1)[:4]}-{match.group(1)[4:6]}-{match.group(1)[6:]}"
            if match
            else time.strftime("%Y-%m-%d", time.gmtime(self.dump.stat().st_mtime))
        )
        manifest = Manifest(
            source=f"Wikidata {'N-Triples' if self.truthy else 'JSON'} dump {self.dump.name}",
            description=(
                f"Humans (P31 = Q5, best-ranked statements) from {self.dump.name}"
                + (f" with an article in {', '.join(sorted(self.editions))}" if self.editions else "")
                + f"; labels and descriptions in {', '.join(sorted(self.languages))}."
            ),
            data_date=dump_date,
            synthetic=False,
            representative=True,
            counts={"people": state.humans, "damaged_lines_skipped": len(skipped), "editions": len(sites)},
            built={
                "tool": "python -m gapkit store build --from-dump",
                "input": self.dump.name,
                "editions": ",".join(sorted(self.editions)),  # named in the rebuild command of a damaged store
                "skipped_lines": ",".join(map(str, skipped[:100])),
            },
        )
        with ColumnarWriter(self.out, replace=True) as writer:
            writer.write(
                "".join(nt.triple(nt.iri(site), WIKI_GROUP, nt.literal("wikipedia")) for site in sites), len(sites)
            )
            for stage in range(1, state.stage + 1):
                part = self.work / f"stage{stage}.nt"
                with open(part, encoding="utf-8") as handle:
                    for block in iter(lambda h=handle: h.read(1 << 20), ""):
                        writer.write(block, 0)
            writer.triples += state.triples
            ref = writer.finish(manifest)
        remove_work_folder(self.work)
        return ref


def build_from_dump(
    dump: str | Path,
    out: str | Path,
    *,
    languages: list[str] = (),
    editions: list[str] = (),
    stop_on_error: bool = False,
    replace: bool = False,
    progress: ProgressCallback | None = None,
) -> StoreRef:
    """Import humans from a Wikidata JSON dump into a store at `out` (resumes an interrupted run)."""
    out = Path(out)
    refuse_existing(out, replace)
    job = DumpImport(Path(dump), out, list(languages), list(editions), stop_on_error, progress)
    try:
        return job.run()
    finally:
        job.lock.release()

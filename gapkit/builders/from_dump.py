"""Build a store from a Wikidata dump (JSON or truthy N-Triples): humans and their facts, streamed, resumable."""

import bz2
import gzip
import hashlib
import io
import json
import os
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO
from urllib.parse import quote

import pyoxigraph

from gapkit.builders import truthy
from gapkit.errors import BadInput
from gapkit.model import vocab
from gapkit.model.editions import load_editions
from gapkit.stores import ntriples as nt
from gapkit.stores.columnar import ColumnarWriter
from gapkit.stores.store import Manifest, ProgressCallback, StoreRef, refuse_existing, remove_work_folder

PERSON_FACTS = ("P21", "P27", "P106", "P569", "P570", "P19")
WDT = {pid: nt.iri(vocab.wdt(pid)) for pid in ("P31", *PERSON_FACTS, "P279")}
ABOUT, PART_OF, IN_LANGUAGE, NAME, DESCRIPTION = (
    nt.iri(vocab.SCHEMA + x) for x in ("about", "isPartOf", "inLanguage", "name", "description")
)
LABEL, WIKI_GROUP, SITELINKS = (
    nt.iri(vocab.RDFS + "label"),
    nt.iri(vocab.WIKIBASE + "wikiGroup"),
    nt.iri(vocab.WIKIBASE + "sitelinks"),
)
HUMAN = "Q5"
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
    value = snak.get("datavalue", {}).get("value")
    if pid in ("P569", "P570"):
        return _date(value)
    if isinstance(value, dict) and isinstance(value.get("id"), str) and re.fullmatch(r"Q[1-9][0-9]*", value["id"]):
        return nt.iri(vocab.wd(value["id"]))
    return None


def _date(value: object) -> str | None:
    """A time value's year as WDQS writes it (XSD 1.1); the JSON's year has no year 0 (-469 is 469 BCE)."""
    if not isinstance(value, dict) or not isinstance(value.get("time"), str):
        return None
    match = re.match(r"([+-])0*(\d{1,16})-", value["time"])
    if not match or int(match.group(2)) == 0:
        return None
    year = int(match.group(2)) * (-1 if match.group(1) == "-" else 1)
    return nt.year_date(year)


def _ids(snaks: list[dict]) -> list[str]:
    out = []
    for snak in snaks:
        value = snak.get("datavalue", {}).get("value") if snak.get("snaktype") == "value" else None
        if isinstance(value, dict) and isinstance(value.get("id"), str):
            out.append(value["id"])
    return out


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
        self.languages = set(languages) or default
        self.stop_on_error = stop_on_error
        self.progress = progress
        self.work = self.out.with_name(self.out.name + ".importing")
        self.table = table
        # The truthy N-Triples dump (latest-truthy.nt.gz) or the JSON dump (latest-all.json.gz), by name.
        self.truthy = ".nt" in "".join(self.dump.suffixes)

    # -- checkpoints -------------------------------------------------------------------------------------
    def _checkpoint_path(self) -> Path:
        return self.work / "checkpoint.json"

    def _options(self) -> dict:
        stat = self.dump.stat()
        return {"dump": str(self.dump.resolve()), "size": stat.st_size, "mtime": int(stat.st_mtime),
                "languages": sorted(self.languages), "editions": sorted(self.editions)}  # fmt: skip

    def _load_state(self) -> Progress:
        path = self._checkpoint_path()
        if path.is_file():
            saved = json.loads(path.read_text(encoding="utf-8"))
            if saved.get("options") == self._options():
                if self.progress:
                    state = saved["progress"]
                    self.progress(f"Resuming stage {state['stage']} after line {state['line']:,}", None)
                return Progress(**saved["progress"])
            raise BadInput(
                f"{self.work} holds an interrupted import of another dump or with other options; delete it or "
                "rerun with the same options."
            )
        self.work.mkdir(parents=True, exist_ok=True)
        return Progress()

    def _save_state(self, state: Progress) -> None:
        tmp = self._checkpoint_path().with_suffix(".tmp")
        tmp.write_text(json.dumps({"options": self._options(), "progress": state.__dict__}), encoding="utf-8")
        os.replace(tmp, self._checkpoint_path())

    # -- reading -----------------------------------------------------------------------------------------
    def _lines(self, state: Progress) -> Iterator[tuple[int, bytes]]:
        """(line number, bytes) from the line after the checkpoint on, with progress (rate, time left)."""
        size = self.dump.stat().st_size
        started, last_report = time.monotonic(), 0.0
        with open(self.dump, "rb", buffering=READ_BUFFER) as raw:
            for number, line in enumerate(_decompressed(raw, self.dump), start=1):
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
                    self.progress(f"stage {state.stage}: line {number:,}, {state.humans:,} humans, {rate:,.0f} "
                                  f"lines/s, about {eta:,.0f} s left", done)  # fmt: skip
                yield number, line

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
            except ValueError as err:
                self._damaged(state, number, str(err))
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
        if HUMAN not in _ids(best_values(claims, "P31")):
            return []
        links = entity.get("sitelinks") or {}
        wikipedia = [(self.table.by_dbname(db), link.get("title", "")) for db, link in links.items()]
        wikipedia = [(e, t) for e, t in wikipedia if e is not None and t]
        if self.editions and not any(e.code in self.editions for e, _ in wikipedia):
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
        lines += self._texts(entity, s)
        for edition, title in wikipedia:
            page = quote(title.replace(" ", "_"), safe="/:(),'!*")
            article = nt.iri(f"https://{edition.host}/wiki/{page}")
            lines += [
                nt.triple(article, ABOUT, s),
                nt.triple(article, PART_OF, nt.iri(edition.site)),
                nt.triple(article, IN_LANGUAGE, nt.literal(edition.content_language)),
                nt.triple(article, NAME, nt.literal(title, edition.content_language)),
            ]
            sites.add(edition.site)
        lines.append(nt.triple(s, SITELINKS, nt.integer(len(links))))
        state.humans += 1
        return lines

    def _texts(self, entity: dict, subject: str) -> list[str]:
        lines = []
        for key, predicate in (("labels", LABEL), ("descriptions", DESCRIPTION)):
            for language, text in sorted((entity.get(key) or {}).items()):
                if language in self.languages and isinstance(text, dict) and text.get("value"):
                    lines.append(nt.triple(subject, predicate, nt.literal(text["value"], language)))
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
            # The stage is finished: the next one writes the items it found referenced and not yet written.
            done = set(state.done) | (targets if state.stage > 1 else set())
            following = (wanted | found) - done
            if state.stage > TREE_PASSES or not following:
                break
            state = Progress(stage=state.stage + 1, humans=state.humans, triples=state.triples,
                             skipped=state.skipped, wanted=sorted(following), done=sorted(done),
                             sites=sorted(sites))  # fmt: skip
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
            source=f"Wikidata {'truthy N-Triples' if self.truthy else 'JSON'} dump {self.dump.name}",
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
                "skipped_lines": ",".join(map(str, skipped[:100])),
            },
        )
        with ColumnarWriter(self.out, replace=True) as writer:
            writer.write("".join(nt.triple(nt.iri(site), WIKI_GROUP, nt.literal("wikipedia")) for site in sites),
                         len(sites))  # fmt: skip
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
    return DumpImport(Path(dump), out, list(languages), list(editions), stop_on_error, progress).run()

"""Fill a store from an endpoint: an edition's biographies (and well-known people), partition by partition, checked."""

import hashlib
import json
import time
from collections.abc import Sequence
from pathlib import Path

import pandas as pd
import pyoxigraph

from gapkit.builders.checkpoint import Checkpoint
from gapkit.errors import SourceError
from gapkit.figures.base import run_query
from gapkit.files import BuildLock, atomic_write
from gapkit.model import vocab
from gapkit.model.editions import load_editions
from gapkit.model.identifiers import parse_int, parse_language
from gapkit.sources.endpoints import Endpoint
from gapkit.sources.partitions import qid_ranges
from gapkit.stores.columnar import ColumnarWriter
from gapkit.stores.store import Manifest, ProgressCallback, StoreRef, refuse_existing, remove_work_folder

BATCH = 500  # people per facts query: small enough for any endpoint's limits on query length and time
REFERENCED = (vocab.wdt("P27"), vocab.wdt("P106"))  # their objects get labels (and the occupation tree)
WIKI_GROUP = vocab.WIKIBASE + "wikiGroup"
IS_PART_OF = vocab.SCHEMA + "isPartOf"
SUBCLASS_OF = vocab.wdt("P279")
TERM = pyoxigraph.NamedNode | pyoxigraph.Literal


def _object(term: object, kind: str, language: str, datatype: str, context: str) -> TERM:
    """The object of a harvested fact: the answer's typed term, checked against the kind, language and datatype
    the query spelled out beside it (a disagreement is a broken answer, never a guess)."""
    kinds = {"iri": pyoxigraph.NamedNode, "blank": pyoxigraph.BlankNode, "literal": pyoxigraph.Literal}
    if kind not in kinds or not isinstance(term, kinds[kind]):
        raise ValueError(f"a {type(term).__name__} where the answer says {kind!r}")
    if isinstance(term, pyoxigraph.BlankNode):  # "unknown value": a genid IRI, as WDQS writes it, stable
        return pyoxigraph.NamedNode(vocab.GENID + hashlib.md5(f"{context}|{term.value}".encode()).hexdigest())
    if isinstance(term, pyoxigraph.Literal):
        # DATATYPE() of a language-tagged string is rdf:langString in SPARQL 1.1; older engines leave it empty
        typed = {term.datatype.value, ""} if term.language or term.datatype.value == vocab.XSD + "string" else set()
        if (term.language or "") != language or datatype not in (typed or {term.datatype.value}):
            raise ValueError(f"a literal {term} where the answer says {(language, datatype)}")
    return term


def _up(row: object) -> bool:
    """Whether a row of a harvest_items answer is a P279 edge to a Wikidata item (the next closure step)."""
    term = row.o_text  # type: ignore[attr-defined]
    return row.p == SUBCLASS_OF and isinstance(term, pyoxigraph.NamedNode) and term.value.startswith(vocab.WD)  # type: ignore[attr-defined]


def facts_to_ntriples(frame: pd.DataFrame) -> tuple[list[str], set[str], set[str]]:
    """N-Triples lines of a facts answer, the items its people reference, and the Wikipedia sites it names."""
    lines, referenced, sites = [], set(), set()
    for s, p, term, kind, language, datatype in frame[["s", "p", "o_text", "o_kind", "o_lang", "o_type"]].itertuples(
        index=False
    ):
        try:
            subject, predicate = pyoxigraph.NamedNode(s), pyoxigraph.NamedNode(p)
            obj = _object(term, kind, language or "", datatype or "", f"{s}|{p}")
        except (ValueError, TypeError):
            raise SourceError(f"The endpoint sent a malformed term in a harvest answer ({str(term)[:60]!r}).") from None
        lines.append(f"{subject} {predicate} {obj} .\n")
        if p in REFERENCED and isinstance(obj, pyoxigraph.NamedNode) and obj.value.startswith(vocab.WD):
            referenced.add(obj.value[len(vocab.WD) :])
        if p == IS_PART_OF:
            sites.add(obj.value)
    return lines, referenced, sites


class Harvest:
    """One harvest: an endpoint, a slice, and a work folder beside --out holding finished partitions."""

    def __init__(
        self,
        endpoint: Endpoint,
        edition: str,
        out: Path,
        min_articles: int | None,
        languages: Sequence[str],
        progress: ProgressCallback | None,
    ) -> None:
        self.endpoint, self.out, self.progress = endpoint, Path(out), progress
        table = load_editions()
        self.edition = table.get(edition)
        self.min_articles = None if min_articles is None else parse_int(min_articles, "--min-articles", 1, 10_000)
        chosen = [parse_language(code) for code in languages] or [self.edition.content_language, "en"]
        # `mul` (Wikidata's default for all languages) is always fetched: the label chain falls back to it.
        self.languages = list(dict.fromkeys([*chosen, "mul"]))
        self.work = self.out.with_name(self.out.name + ".harvesting")
        self.lock = BuildLock(self.out)
        self.options = {
            "endpoint": endpoint.name,
            "edition": self.edition.code,
            "min_articles": self.min_articles,
            "languages": self.languages,
        }
        self.checkpoint = Checkpoint(
            self.work, self.options, f"{self.work} holds an interrupted harvest with other options; delete it first."
        )

    def _say(self, message: str, fraction: float | None) -> None:
        if self.progress:
            self.progress(message, fraction)

    def _state(self) -> dict:
        self.lock.start()  # held until the build ends: a second builder on the same --out is refused
        state = self.checkpoint.load()
        if state is not None:
            self._say(f"Resuming: {len(state['done'])} partitions already harvested", None)
            return state
        state = {"done": [], "people": 0, "requests": 0}
        self._save(state)
        return state

    def _save(self, state: dict) -> None:
        self.checkpoint.save(state)

    def _people(self, low: int, high: int | None, state: dict) -> list[str]:
        """The partition's people, checked against a COUNT of the same partition."""
        people: set[str] = set()
        slices = [("harvest_edition", {"target": self.edition.code})]
        if self.min_articles is not None:
            slices.append(("harvest_known", {"min_articles": self.min_articles}))
        for name, params in slices:
            listed, _ = run_query(self.endpoint, f"{name}_people", None, partition=(low, high), **params)
            counted, _ = run_query(self.endpoint, f"{name}_count", None, partition=(low, high), **params)
            state["requests"] += 2
            expected = int(counted.frame["people"].iloc[0]) if len(counted.frame) else 0
            found = set(listed.frame["person"]) if len(listed.frame) else set()
            if len(found) != expected:
                raise SourceError(
                    f"The endpoint {self.endpoint.name} listed {len(found):,} people for Q{low:,}-"
                    f"{'' if high is None else f'Q{high:,}'} but counts {expected:,}; the harvest stopped rather "
                    "than keep a partial partition (run it again to retry)."
                )
            people |= found
        return sorted(people, key=lambda q: int(q[1:]))

    def run(self) -> StoreRef:
        """Harvest partition by partition (resuming finished ones) and write the store."""
        state = self._state()
        ranges = qid_ranges()
        started = time.monotonic()
        for number, (low, high) in enumerate(ranges, start=1):
            key = f"{low}-{high}"
            if key in state["done"]:
                continue
            people = self._people(low, high, state)
            lines, referenced, sites = [], set(), set()
            for first in range(0, len(people), BATCH):
                result, _ = run_query(
                    self.endpoint, "harvest_facts", None, person=people[first : first + BATCH], language=self.languages
                )
                state["requests"] += 1
                more, refs, seen = facts_to_ntriples(result.frame)
                lines += more
                referenced |= refs
                sites |= seen
            part = self.work / f"part-{number:02d}.nt"
            atomic_write(part, "".join(lines))  # a partition is on disk whole, or not at all
            meta = {"referenced": sorted(referenced), "sites": sorted(sites), "people": len(people)}
            atomic_write(self.work / f"part-{number:02d}.json", json.dumps(meta))
            state["done"].append(key)
            state["people"] += len(people)
            self._save(state)
            rate = state["people"] / max(time.monotonic() - started, 1e-6)
            self._say(
                f"partition {number} of {len(ranges)}: {len(people):,} people ({rate:,.0f} people/s)",
                number / (len(ranges) + 1),
            )
        return self._finish(state, ranges)

    def _items(self, referenced: set[str], state: dict) -> tuple[list[str], int]:
        """Labels and P279 edges of the referenced items and, step by step, of every class above them (the
        closure asked one level at a time: no property path from a VALUES start); the lines and the item count."""
        lines: list[str] = []
        seen: set[str] = set()
        wanted = set(referenced)
        while wanted:
            items = sorted(wanted, key=lambda q: int(q[1:]) if q[1:].isdigit() else 0)
            seen |= wanted
            wanted = set()
            for first in range(0, len(items), BATCH):
                result, _ = run_query(
                    self.endpoint, "harvest_items", None, item=items[first : first + BATCH], language=self.languages
                )
                state["requests"] += 1
                lines += facts_to_ntriples(result.frame)[0]
                wanted |= {row.o_text.value[len(vocab.WD) :] for row in result.frame.itertuples() if _up(row)}
            wanted -= seen
        return lines, len(seen)

    def _finish(self, state: dict, ranges: list) -> StoreRef:
        referenced, sites = set(), set()
        for number in range(1, len(ranges) + 1):
            meta = json.loads((self.work / f"part-{number:02d}.json").read_text(encoding="utf-8"))
            referenced |= set(meta["referenced"])
            sites |= set(meta["sites"])
        item_lines, items = self._items(referenced, state)
        self._say(f"{items:,} countries and occupations labelled", None)
        manifest = Manifest(
            source=f"harvest of {self.edition.code} from {self.endpoint.name}",
            description=(
                f"Humans with an article in {self.edition.code}"
                + (f", and humans with at least {self.min_articles} Wikipedia articles" if self.min_articles else "")
                + f", harvested from the endpoint {self.endpoint.name} in {len(ranges)} QID-number partitions, each "
                "checked against a count; labels in " + ", ".join(self.languages) + "."
            ),
            data_date=time.strftime("%Y-%m-%d", time.gmtime()),
            synthetic=self.endpoint.provenance().synthetic,
            representative=True,
            counts={"people": state["people"], "editions": len(sites), "requests": state["requests"]},
            built={
                "tool": "python -m gapkit store harvest",
                "endpoint": self.endpoint.name,
                "time": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            },
        )
        with ColumnarWriter(self.out, replace=True) as writer:
            for site in sorted(sites):
                writer.write(f'<{site}> <{WIKI_GROUP}> "wikipedia" .\n')
            for number in range(1, len(ranges) + 1):
                text = (self.work / f"part-{number:02d}.nt").read_text(encoding="utf-8")
                writer.write(text, text.count("\n"))
            writer.write("".join(item_lines), len(item_lines))
            ref = writer.finish(manifest)
        remove_work_folder(self.work)
        return ref


def harvest(
    endpoint: Endpoint,
    edition: str,
    out: str | Path,
    *,
    min_articles: int | None = None,
    languages: Sequence[str] = (),
    replace: bool = False,
    progress: ProgressCallback | None = None,
) -> StoreRef:
    """Harvest an edition's slice from an endpoint into a store at `out` (resumes an interrupted harvest)."""
    out = Path(out)
    refuse_existing(out, replace)
    job = Harvest(endpoint, edition, out, min_articles, languages, progress)
    try:
        return job.run()
    finally:
        job.lock.release()

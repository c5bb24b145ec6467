"""Fill a store from an endpoint: an edition's biographies (and well-known people), partition by partition, checked."""

import hashlib
import json
import os
import time
from collections.abc import Sequence
from pathlib import Path

import pandas as pd
import pyoxigraph

from gapkit.errors import BadInput, SourceError
from gapkit.figures.base import run_query
from gapkit.model import vocab
from gapkit.model.editions import load_editions
from gapkit.model.identifiers import parse_int
from gapkit.sources.endpoints import Endpoint
from gapkit.sources.partitions import qid_ranges
from gapkit.stores.columnar import ColumnarWriter
from gapkit.stores.store import Manifest, ProgressCallback, StoreRef, refuse_existing, remove_work_folder

BATCH = 500  # people per facts query: small enough for any endpoint's limits on query length and time
REFERENCED = (vocab.wdt("P27"), vocab.wdt("P106"))  # their objects get labels (and the occupation tree)
WIKI_GROUP = vocab.WIKIBASE + "wikiGroup"
IS_PART_OF = vocab.SCHEMA + "isPartOf"


def _term(
    text: str, kind: str, language: str, datatype: str, context: str
) -> pyoxigraph.NamedNode | pyoxigraph.Literal:
    """An RDF term from its spelled-out parts (the answer's text is not trusted: pyoxigraph checks IRIs)."""
    if kind == "iri":
        return pyoxigraph.NamedNode(text)
    if kind == "blank":  # "unknown value": a genid IRI, as WDQS writes it, stable for the statement
        return pyoxigraph.NamedNode(vocab.GENID + hashlib.md5(f"{context}|{text}".encode()).hexdigest())
    if language:
        return pyoxigraph.Literal(text, language=language)
    if datatype:
        return pyoxigraph.Literal(text, datatype=pyoxigraph.NamedNode(datatype))
    return pyoxigraph.Literal(text)


def facts_to_ntriples(frame: pd.DataFrame) -> tuple[list[str], set[str], set[str]]:
    """N-Triples lines of a facts answer, the items its people reference, and the Wikipedia sites it names."""
    lines, referenced, sites = [], set(), set()
    for s, p, text, kind, language, datatype in frame[["s", "p", "o_text", "o_kind", "o_lang", "o_type"]].itertuples(
        index=False
    ):
        try:
            subject, predicate = pyoxigraph.NamedNode(s), pyoxigraph.NamedNode(p)
            obj = _term(str(text), kind, language or "", datatype or "", f"{s}|{p}")
        except (ValueError, TypeError):
            raise SourceError(f"The endpoint sent a malformed term in a harvest answer ({str(text)[:60]!r}).") from None
        lines.append(f"{subject} {predicate} {obj} .\n")
        if p in REFERENCED and kind == "iri" and str(text).startswith(vocab.WD):
            referenced.add(str(text)[len(vocab.WD) :])
        if p == IS_PART_OF:
            sites.add(str(text))
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
        self.languages = list(dict.fromkeys(languages or [self.edition.content_language, "en"]))
        self.work = self.out.with_name(self.out.name + ".harvesting")
        self.options = {"endpoint": endpoint.name, "edition": self.edition.code, "min_articles": self.min_articles,
                        "languages": self.languages}  # fmt: skip

    def _say(self, message: str, fraction: float | None) -> None:
        if self.progress:
            self.progress(message, fraction)

    def _state(self) -> dict:
        path = self.work / "checkpoint.json"
        if path.is_file():
            state = json.loads(path.read_text(encoding="utf-8"))
            if state.get("options") != self.options:
                raise BadInput(f"{self.work} holds an interrupted harvest with other options; delete it first.")
            self._say(f"Resuming: {len(state['done'])} partitions already harvested", None)
            return state
        self.work.mkdir(parents=True, exist_ok=True)
        state = {"options": self.options, "done": [], "people": 0, "requests": 0}
        self._save(state)
        return state

    def _save(self, state: dict) -> None:
        tmp = self.work / "checkpoint.tmp"
        tmp.write_text(json.dumps(state), encoding="utf-8")
        os.replace(tmp, self.work / "checkpoint.json")

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
            tmp = part.with_suffix(".tmp")
            tmp.write_text("".join(lines), encoding="utf-8")
            os.replace(tmp, part)  # a partition is on disk whole, or not at all
            meta = {"referenced": sorted(referenced), "sites": sorted(sites), "people": len(people)}
            (self.work / f"part-{number:02d}.json").write_text(json.dumps(meta), encoding="utf-8")
            state["done"].append(key)
            state["people"] += len(people)
            self._save(state)
            rate = state["people"] / max(time.monotonic() - started, 1e-6)
            self._say(f"partition {number} of {len(ranges)}: {len(people):,} people ({rate:,.0f} people/s)",
                      number / (len(ranges) + 1))  # fmt: skip
        return self._finish(state, ranges)

    def _finish(self, state: dict, ranges: list) -> StoreRef:
        referenced, sites = set(), set()
        for number in range(1, len(ranges) + 1):
            meta = json.loads((self.work / f"part-{number:02d}.json").read_text(encoding="utf-8"))
            referenced |= set(meta["referenced"])
            sites |= set(meta["sites"])
        item_lines = []
        items = sorted(referenced, key=lambda q: int(q[1:]) if q[1:].isdigit() else 0)
        for first in range(0, len(items), BATCH):
            result, _ = run_query(
                self.endpoint, "harvest_items", None, item=items[first : first + BATCH], language=self.languages
            )
            state["requests"] += 1
            item_lines += facts_to_ntriples(result.frame)[0]
        self._say(f"{len(items):,} countries and occupations labelled", None)
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
    return Harvest(endpoint, edition, out, min_articles, languages, progress).run()

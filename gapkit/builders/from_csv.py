"""Build a store from a directory in the CSV layout of the shared real-data sample (people, sitelinks, ...)."""

import csv
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

from gapkit.errors import BadInput
from gapkit.model import vocab
from gapkit.model.editions import make_edition
from gapkit.model.identifiers import looks_like_edition_code, parse_qid, parse_year
from gapkit.stores import ntriples as nt
from gapkit.stores.columnar import ColumnarWriter
from gapkit.stores.store import Manifest, ProgressCallback, StoreRef

REQUIRED = {
    "people.csv": ("qid", "gender_qid", "birth_year", "label_en"),
    "person_sitelinks.csv": ("qid", "site"),
    "person_citizenship.csv": ("qid", "country_qid"),
    "person_occupation.csv": ("qid", "occupation_qid", "most_specific"),
    "sites.csv": ("site", "project_type", "url"),
    "countries.csv": ("country_qid", "label_en"),
    "occupations.csv": ("occupation_qid", "label_en"),
    "occupation_parents.csv": ("occupation_qid", "parent_qid"),
}
# Titles are not in the CSV layout. Each sitelink gets this stable article IRI instead: a real
# Wikidata URL that redirects to the article, so links made from it still work.
ARTICLE_IRI = "https://www.wikidata.org/wiki/Special:GoToLinkedPage/{site}/{qid}"
_NOT_LANGUAGES = {"commons", "meta", "species", "www", "wikidata", "mediawiki", "wikimania", "outreach", "incubator"}

P = {pid: nt.iri(vocab.wdt(pid)) for pid in ("P31", "P21", "P27", "P106", "P569", "P570", "P279")}
ABOUT, PART_OF, IN_LANGUAGE = (nt.iri(vocab.SCHEMA + x) for x in ("about", "isPartOf", "inLanguage"))
WIKI_GROUP, SITELINKS = nt.iri(vocab.WIKIBASE + "wikiGroup"), nt.iri(vocab.WIKIBASE + "sitelinks")
LABEL = nt.iri(vocab.RDFS + "label")
HUMAN = nt.iri(vocab.wd(vocab.HUMAN))


def _rows(directory: Path, name: str) -> Iterator[tuple[int, dict[str, str]]]:
    path = directory / name
    try:
        with open(path, encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            missing = [c for c in REQUIRED[name] if c not in (reader.fieldnames or [])]
            if missing:
                raise BadInput(f"{path} lacks the column {missing[0]!r}.")
            yield from enumerate(reader, start=2)
    except FileNotFoundError:
        raise BadInput(f"{directory} is not in the CSV layout: {name} is missing.") from None
    except (UnicodeDecodeError, csv.Error) as err:
        raise BadInput(f"{path} could not be read as UTF-8 CSV ({err.__class__.__name__}).") from None


def _qid(value: str, path: str, line: int) -> str:
    try:
        return parse_qid(value.strip())
    except BadInput:
        raise BadInput(f"{path} line {line}: {value[:40]!r} is not a Wikidata item id.") from None


def _year(value: str, path: str, line: int) -> int | None:
    if not value.strip():
        return None
    try:
        return parse_year(value.strip())
    except BadInput:
        raise BadInput(f"{path} line {line}: {value[:40]!r} is not a year.") from None


def direct_parents(closure: dict[str, set[str]]) -> dict[str, set[str]]:
    """Transitive reduction: a parent is direct when no other ancestor of the child lies below it."""
    direct = {}
    for child, ancestors in closure.items():
        ancestors = ancestors - {child}
        below = set()
        for ancestor in ancestors:
            below |= closure.get(ancestor, set()) - {ancestor}
        direct[child] = ancestors - below
    return direct


def _site_language(project_type: str, url: str) -> str | None:
    host = urlsplit(url).netloc.split(".")[0]
    if project_type == "wikipedia" and looks_like_edition_code(host):
        return make_edition(host).content_language
    return host if looks_like_edition_code(host) and host not in _NOT_LANGUAGES else None


def build_from_csv(
    directory: str | Path,
    out: str | Path,
    manifest: Manifest,
    *,
    replace: bool = False,
    progress: ProgressCallback | None = None,
) -> StoreRef:
    """Convert a CSV-layout directory to a store at `out`; BadInput names the first bad file and line."""
    src = Path(directory)
    if not src.is_dir():
        raise BadInput(f"There is no directory at {src}.")
    sites: dict[str, tuple[str, str, str | None]] = {}
    for line, row in _rows(src, "sites.csv"):
        url = row["url"].strip().split()[0] if row["url"].strip() else ""
        if not url.startswith("https://") or not url.endswith("/"):
            raise BadInput(f"sites.csv line {line}: {url[:60]!r} is not a site IRI like https://hr.wikipedia.org/.")
        sites[row["site"]] = (url, row["project_type"], _site_language(row["project_type"], url))

    writer = ColumnarWriter(out, replace=replace)
    with writer:
        for url, project_type, _ in sorted(set(sites.values())):
            if project_type:
                writer.write(nt.triple(nt.iri(url), WIKI_GROUP, nt.literal(project_type)))

        people: set[str] = set()
        for line, row in _rows(src, "people.csv"):
            qid = _qid(row["qid"], "people.csv", line)
            if qid in people:
                raise BadInput(f"people.csv line {line}: {qid} is listed twice.")
            people.add(qid)
            s = nt.iri(vocab.wd(qid))
            out_lines = [nt.triple(s, P["P31"], HUMAN)]
            if row["gender_qid"].strip():
                out_lines.append(nt.triple(s, P["P21"], nt.iri(vocab.wd(_qid(row["gender_qid"], "people.csv", line)))))
            born = _year(row["birth_year"], "people.csv", line)
            if born is not None:
                out_lines.append(nt.triple(s, P["P569"], nt.year_date(born)))
            died = _year(row.get("death_year") or "", "people.csv", line)
            if died is not None:
                out_lines.append(nt.triple(s, P["P570"], nt.year_date(died)))
            if row["label_en"].strip():
                out_lines.append(nt.triple(s, LABEL, nt.literal(row["label_en"].strip(), "en")))
            writer.write("".join(out_lines), len(out_lines))
        if progress:
            progress(f"{len(people):,} people read", 0.3)

        def person(row: dict[str, str], name: str, line: int) -> str:
            qid = _qid(row["qid"], name, line)
            if qid not in people:
                raise BadInput(f"{name} line {line}: {qid} is not in people.csv.")
            return qid

        sitelink_total: dict[str, int] = defaultdict(int)
        wikipedia_links, editions = 0, set()
        for line, row in _rows(src, "person_sitelinks.csv"):
            qid = person(row, "person_sitelinks.csv", line)
            if row["site"] not in sites:
                raise BadInput(f"person_sitelinks.csv line {line}: the site {row['site'][:40]!r} is not in sites.csv.")
            url, project_type, language = sites[row["site"]]
            article = nt.iri(ARTICLE_IRI.format(site=row["site"], qid=qid))
            lines = [nt.triple(article, ABOUT, nt.iri(vocab.wd(qid))), nt.triple(article, PART_OF, nt.iri(url))]
            if language:
                lines.append(nt.triple(article, IN_LANGUAGE, nt.literal(language)))
            writer.write("".join(lines), len(lines))
            sitelink_total[qid] += 1
            if project_type == "wikipedia":
                wikipedia_links += 1
                editions.add(url)
        writer.write(
            "".join(nt.triple(nt.iri(vocab.wd(q)), SITELINKS, nt.integer(n)) for q, n in sitelink_total.items()),
            len(sitelink_total),
        )
        if progress:
            progress(f"{wikipedia_links:,} Wikipedia sitelinks read", 0.6)

        for line, row in _rows(src, "person_citizenship.csv"):
            qid = person(row, "person_citizenship.csv", line)
            country = _qid(row["country_qid"], "person_citizenship.csv", line)
            writer.write(nt.triple(nt.iri(vocab.wd(qid)), P["P27"], nt.iri(vocab.wd(country))))
        for line, row in _rows(src, "person_occupation.csv"):
            if row["most_specific"].strip() != "1":
                continue  # the other rows are superclasses Denelezh added, not the person's own P106 values
            qid = person(row, "person_occupation.csv", line)
            occupation = _qid(row["occupation_qid"], "person_occupation.csv", line)
            writer.write(nt.triple(nt.iri(vocab.wd(qid)), P["P106"], nt.iri(vocab.wd(occupation))))

        for line, row in _rows(src, "countries.csv"):
            country = nt.iri(vocab.wd(_qid(row["country_qid"], "countries.csv", line)))
            for language in ("en", "fr"):
                text = (row.get(f"label_{language}") or "").strip()
                if text:
                    writer.write(nt.triple(country, LABEL, nt.literal(text, language)))
        for line, row in _rows(src, "occupations.csv"):
            if row["label_en"].strip():
                occupation = nt.iri(vocab.wd(_qid(row["occupation_qid"], "occupations.csv", line)))
                writer.write(nt.triple(occupation, LABEL, nt.literal(row["label_en"].strip(), "en")))
        closure: dict[str, set[str]] = defaultdict(set)
        for line, row in _rows(src, "occupation_parents.csv"):
            child = _qid(row["occupation_qid"], "occupation_parents.csv", line)
            closure[child].add(_qid(row["parent_qid"], "occupation_parents.csv", line))
        for child, parents in sorted(direct_parents(closure).items()):
            for parent in sorted(parents):
                writer.write(nt.triple(nt.iri(vocab.wd(child)), P["P279"], nt.iri(vocab.wd(parent))))

        counts = {"people": len(people), "sitelinks": wikipedia_links, "editions": len(editions)}
        built = dict(manifest.built, input=str(src.name))
        final = Manifest(**{**manifest.__dict__, "counts": counts, "built": built})
        ref = writer.finish(final)
    if progress:
        progress(f"store written: {ref.path}", 1.0)
    return ref

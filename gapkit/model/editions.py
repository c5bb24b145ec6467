"""The shipped table of Wikipedia language editions: code, database name, site IRI, content language, name."""

import csv
import functools
import io
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from gapkit.errors import BadInput
from gapkit.files import atomic_write, read_text_bounded
from gapkit.model.identifiers import looks_like_edition_code
from gapkit.model.settings import load_settings

EDITIONS_CSV = Path(__file__).resolve().parents[1] / "data" / "editions.csv"
COLUMNS = ("code", "dbname", "site", "content_language", "name")

# An edition code is its host's first label; the language its articles are written in
# (the code Content Translation and labels use) differs for a few historical hosts.
CONTENT_LANGUAGE_OVERRIDES = {
    "no": "nb",  # Norwegian Bokmål
    "zh-yue": "yue",  # Cantonese
    "als": "gsw",  # Alemannic (Swiss German code)
    "simple": "en",  # Simple English
    "zh-min-nan": "nan",  # Min Nan
    "zh-classical": "lzh",  # Literary Chinese
    "roa-rup": "rup",  # Aromanian
    "bat-smg": "sgs",  # Samogitian
    "fiu-vro": "vro",  # Võro
}
# Database names follow code.replace("-", "_") + "wiki" except where a host was renamed.
DBNAME_OVERRIDES = {"be-tarask": "be_x_oldwiki"}


@dataclass(frozen=True)
class Edition:
    """One Wikipedia language edition."""

    code: str  # host's first label: en, zh-yue, be-tarask, simple
    dbname: str  # enwiki, be_x_oldwiki
    site: str  # https://en.wikipedia.org/
    content_language: str  # nb for no, yue for zh-yue
    name: str  # English name

    @property
    def host(self) -> str:
        """The edition's host name, e.g. hr.wikipedia.org."""
        return urlsplit(self.site).netloc


def default_dbname(code: str) -> str:
    """Database name of an edition code (enwiki, zh_yuewiki, be_x_oldwiki)."""
    return DBNAME_OVERRIDES.get(code, code.replace("-", "_") + "wiki")


def make_edition(code: str, name: str = "", dbname: str = "") -> Edition:
    """An Edition from its code, filling database name, site IRI and content language by rule."""
    if not looks_like_edition_code(code):
        raise BadInput(f"{code[:60]!r} is not a Wikipedia edition code.")
    return Edition(
        code=code,
        dbname=dbname or default_dbname(code),
        site=f"https://{code}.wikipedia.org/",
        content_language=CONTENT_LANGUAGE_OVERRIDES.get(code, code),
        name=name or code,
    )


class Editions:
    """Look-ups over the editions table by code and by site IRI."""

    def __init__(self, editions: Iterable[Edition]) -> None:
        self._by_code = {e.code: e for e in sorted(editions, key=lambda e: e.code)}
        self._by_site = {e.site: e for e in self._by_code.values()}
        self._by_dbname = {e.dbname: e for e in self._by_code.values()}

    def __len__(self) -> int:
        return len(self._by_code)

    def __iter__(self):
        return iter(self._by_code.values())

    def __contains__(self, code: object) -> bool:
        return code in self._by_code

    def get(self, code: object) -> Edition:
        """The edition with this code, or BadInput naming the unknown code."""
        if isinstance(code, str) and code in self._by_code:
            return self._by_code[code]
        shown = code[:60] if isinstance(code, str) else type(code).__name__
        raise BadInput(f"{shown!r} is not a known Wikipedia edition code (for example en, hr or zh-yue).")

    def by_site(self, site: str) -> Edition | None:
        """The edition whose site IRI is `site`, or None."""
        return self._by_site.get(site)

    def by_dbname(self, dbname: str) -> Edition | None:
        """The edition whose database name is `dbname` (hrwiki), or None."""
        return self._by_dbname.get(dbname)

    def codes(self) -> list[str]:
        """Every edition code, in the table's order."""
        return list(self._by_code)


@functools.cache
def load_editions(path: Path = EDITIONS_CSV) -> Editions:
    """The shipped editions table (read once per process)."""
    with open(path, encoding="utf-8", newline="") as handle:
        return Editions(Edition(**{k: row[k] for k in COLUMNS}) for row in csv.DictReader(handle))


def write_editions(editions: Iterable[Edition], path: Path = EDITIONS_CSV) -> int:
    """Write the table sorted by code; returns the number of rows."""
    rows = sorted(editions, key=lambda e: e.code)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for e in rows:
        writer.writerow([e.code, e.dbname, e.site, e.content_language, e.name])
    atomic_write(path, buffer.getvalue())
    return len(rows)


def _code_from_url(url: str) -> str:
    host = urlsplit(url.strip()).netloc.lower()
    if not host.endswith(".wikipedia.org"):
        raise BadInput(f"{url[:80]!r} is not a Wikipedia site.")
    return host.split(".")[0]


def from_sites_csv(path: Path) -> list[Edition]:
    """Editions from a Denelezh-style sites.csv (site, project_type, wikipedia_lang, label_en, url)."""
    editions = []
    text = read_text_bounded(Path(path), load_settings().max_input_bytes)
    try:
        for row in csv.DictReader(io.StringIO(text, newline="")):
            if row.get("project_type") != "wikipedia" or not row.get("url"):
                continue
            code = _code_from_url(row["url"])
            editions.append(make_edition(code, name=row.get("label_en", ""), dbname=row.get("site", "")))
    except csv.Error as err:
        raise BadInput(f"{path} is not a readable CSV file ({err}).") from None
    if not editions:
        raise BadInput(f"{path} lists no Wikipedia sites (rows with project_type wikipedia and a url).")
    return editions


def from_sitematrix(path: Path) -> list[Edition]:
    """Editions from a saved answer of action=sitematrix (open Wikipedias only)."""
    try:
        matrix = json.loads(read_text_bounded(Path(path), load_settings().max_input_bytes))["sitematrix"]
    except (ValueError, KeyError, TypeError, RecursionError) as err:
        raise BadInput(f"{path} is not a SiteMatrix API answer ({err.__class__.__name__}).") from None
    editions = []
    for key, language in matrix.items():
        if not key.isdigit() or not isinstance(language, dict):
            continue
        name = language.get("localname") or language.get("name") or ""
        for site in language.get("site", []):
            if site.get("code") != "wiki" or "closed" in site or "private" in site:
                continue
            code = _code_from_url(site["url"])
            editions.append(make_edition(code, name=f"{name} Wikipedia".strip(), dbname=site.get("dbname", "")))
    if not editions:
        raise BadInput(f"{path} lists no open Wikipedia editions.")
    return editions


def from_sparql_answer(path: Path, known: Editions | None = None) -> list[Edition]:
    """Editions from a saved SPARQL JSON answer of queries/wikipedia_editions.rq (variable ?site)."""
    try:
        bindings = json.loads(read_text_bounded(Path(path), load_settings().max_input_bytes))["results"]["bindings"]
    except (ValueError, KeyError, TypeError, RecursionError) as err:
        raise BadInput(f"{path} is not a SPARQL JSON answer ({err.__class__.__name__}).") from None
    editions = []
    for row in bindings:
        site = row.get("site", {}).get("value", "")
        if not site:
            continue
        code = _code_from_url(site)
        old = known.get(code) if known is not None and code in known else None
        editions.append(old or make_edition(code))
    if not editions:
        raise BadInput(f"{path} lists no Wikipedia sites.")
    return editions

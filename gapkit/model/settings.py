"""Settings: defaults with help, overlaid by the TOML file named by GAPKIT_CONFIG and by GAPKIT_STORE."""

import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from gapkit import __version__
from gapkit.errors import BadInput
from gapkit.model.identifiers import looks_like_edition_code, parse_safe_name

PLACEHOLDER_CONTACT = "set-your-contact@example.org"
MAX_INPUT_BYTES = 64 * 1024 * 1024  # 64 MiB: far above any SiteMatrix answer, table or snapshot


@dataclass(frozen=True)
class Setting:
    """One knob: its name in gapkit.toml, its default, and one line of help."""

    name: str
    default: object
    help: str


SETTINGS = (
    Setting(
        "user_agent",
        f"gapkit/{__version__} (https://github.com/gapkit/gapkit; {PLACEHOLDER_CONTACT})",
        "User-Agent sent to remote endpoints: the tool, its version and YOUR contact (Wikimedia policy).",
    ),
    Setting("cache_path", "~/.cache/gapkit/http_cache.sqlite", "SQLite file of the HTTP cache for remote endpoints."),
    Setting(
        "cache_ttl", 86_400, "Seconds a cached remote answer counts as fresh (stale copies are still used on errors)."
    ),
    Setting("default_source", "local", "Data source the app opens with: local, a [stores.NAME] or an endpoint name."),
    Setting("events_dir", "~/.local/share/gapkit/events", "Folder of saved event snapshots (event save/progress)."),
    Setting(
        "max_answer_bytes",
        100_000_000,
        "Largest remote answer gapkit reads, in bytes; a larger one is refused, never read whole or cached.",
    ),
    Setting("split_floor", 100_000, "Smallest range of QID numbers a part of a split query is halved down to."),
    Setting("max_parts", 64, "Most parts one query that runs out of time is split into."),
    Setting(
        "max_input_bytes",
        MAX_INPUT_BYTES,
        "Largest input file read whole (saved answers, tables, snapshots); a larger one is refused. Dumps stream.",
    ),
    Setting("engine", "columnar", "How a store is queried: columnar (SQL on DuckDB) or sparql (in-memory pyoxigraph)."),
    Setting("duckdb_memory_limit", "4GB", "DuckDB memory limit per process, builds and queries."),
    Setting("duckdb_threads", 2, "DuckDB's worker threads per process (this machine has 2 cores)."),
)
ENGINES = ("columnar", "sparql")
# Built-in remote endpoints; operators add more under [endpoints.NAME] url = "...".
BUILTIN_ENDPOINTS = {
    "wdqs": "https://query.wikidata.org/sparql",
    "qlever": "https://qlever.dev/api/wikidata",
}


@dataclass(frozen=True)
class Settings:
    """Everything configurable, read per call by load_settings() (never at import time)."""

    user_agent: str
    cache_path: Path
    cache_ttl: int
    default_source: str
    events_dir: Path
    engine: str
    duckdb_memory_limit: str
    duckdb_threads: int
    store_path: Path | None  # GAPKIT_STORE: the store behind the "local" source (None: the bundled sample)
    stores: dict[str, Path] = field(default_factory=dict)  # [stores.NAME] path = "..."
    endpoints: dict[str, str] = field(default_factory=lambda: dict(BUILTIN_ENDPOINTS))
    # [titles_api] CODE = "URL": another MediaWiki API address for an edition's existing-page check (tests, mirrors)
    titles_api: dict[str, str] = field(default_factory=dict)
    config_file: Path | None = None
    max_answer_bytes: int = 100_000_000
    split_floor: int = 100_000
    max_parts: int = 64
    max_input_bytes: int = MAX_INPUT_BYTES


def _checked_url(name: str, url: object) -> str:
    if not isinstance(url, str) or urlsplit(url).scheme not in ("http", "https") or not urlsplit(url).netloc:
        raise BadInput(f"The endpoint {name} in the configuration needs an http or https url.")
    return url


_MEMORY = re.compile(r"[1-9][0-9]{0,5}(\.[0-9]+)?\s?(KB|MB|GB|TB|KiB|MiB|GiB|TiB)")


def parse_engine(value: object, what: str = "--engine") -> str:
    """An engine name (columnar or sparql), or BadInput naming `what`."""
    if value not in ENGINES:
        raise BadInput(f"{what} must be one of {', '.join(ENGINES)}, not {str(value)[:40]!r}.")
    return str(value)


def _config(env: Mapping[str, str]) -> tuple[Path | None, dict[str, object]]:
    """The configuration file named by GAPKIT_CONFIG (else ./gapkit.toml if present) and its tables."""
    config_file = Path(env["GAPKIT_CONFIG"]) if env.get("GAPKIT_CONFIG") else Path("gapkit.toml")
    if config_file.is_file():
        try:
            return config_file, tomllib.loads(config_file.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as err:
            raise BadInput(f"The configuration file {config_file} could not be read ({err}).") from None
    if env.get("GAPKIT_CONFIG"):
        raise BadInput(f"GAPKIT_CONFIG names {config_file}, which does not exist.")
    return None, {}


def _stores(data: dict[str, object], base: Path) -> dict[str, Path]:
    """[stores.NAME] path = "...": checked names, paths relative to the configuration file."""
    stores = {}
    for name, table in dict(data.get("stores", {})).items():
        parse_safe_name(name, "A store name")
        if not isinstance(table, dict) or not isinstance(table.get("path"), str):
            raise BadInput(f"The store {name} in the configuration needs a path.")
        stores[name] = (base / Path(table["path"]).expanduser()).resolve()
    return stores


def _endpoints(data: dict[str, object]) -> dict[str, str]:
    """The built-in endpoints and [endpoints.NAME] url = "..." (http/https only)."""
    endpoints = dict(BUILTIN_ENDPOINTS)
    for name, table in dict(data.get("endpoints", {})).items():
        parse_safe_name(name, "An endpoint name")
        endpoints[name] = _checked_url(name, (table or {}).get("url") if isinstance(table, dict) else None)
    return endpoints


def _titles_api(data: dict[str, object]) -> dict[str, str]:
    """[titles_api] CODE = "URL": checked edition codes and http(s) addresses (a page never sets one)."""
    table = data.get("titles_api", {})
    if not isinstance(table, dict):
        raise BadInput("titles_api in the configuration must be a table of edition code = API address.")
    apis = {}
    for code, url in table.items():
        if not looks_like_edition_code(code):
            raise BadInput(f"{str(code)[:40]!r} under titles_api in the configuration is not an edition code.")
        apis[code] = _checked_url(f"titles_api {code}", url)
    return apis


def load_settings(env: Mapping[str, str] | None = None) -> Settings:
    """Defaults, then the config file (GAPKIT_CONFIG, else ./gapkit.toml if present), then GAPKIT_STORE."""
    env = os.environ if env is None else env
    config_file, data = _config(env)
    values = {s.name: data.get(s.name, s.default) for s in SETTINGS}
    base = config_file.parent if config_file else Path.cwd()
    stores, endpoints = _stores(data, base), _endpoints(data)
    clash = set(stores) & (set(endpoints) | {"local"})
    if clash:
        raise BadInput(f"The name {sorted(clash)[0]!r} is used for both a store and an endpoint.")
    try:
        ttl = int(values["cache_ttl"])
    except (TypeError, ValueError):
        raise BadInput("cache_ttl in the configuration must be a number of seconds.") from None
    limit = values["max_input_bytes"]
    if isinstance(limit, bool) or not isinstance(limit, int) or limit < 1:
        raise BadInput("max_input_bytes in the configuration must be a whole number of bytes, at least 1.")
    engine = parse_engine(values["engine"], "engine in the configuration")
    memory = str(values["duckdb_memory_limit"])
    if not _MEMORY.fullmatch(memory):
        raise BadInput("duckdb_memory_limit in the configuration must be a size such as 4GB or 512MB.")
    threads = values["duckdb_threads"]
    if not isinstance(threads, int) or isinstance(threads, bool) or not 1 <= threads <= 256:
        raise BadInput("duckdb_threads in the configuration must be a whole number from 1 to 256.")
    return Settings(
        engine=engine,
        duckdb_memory_limit=memory,
        duckdb_threads=threads,
        user_agent=str(values["user_agent"]),
        cache_path=Path(str(values["cache_path"])).expanduser(),
        cache_ttl=ttl,
        default_source=str(values["default_source"]),
        events_dir=(base / Path(str(values["events_dir"])).expanduser()).resolve(),
        store_path=Path(env["GAPKIT_STORE"]).expanduser() if env.get("GAPKIT_STORE") else None,
        stores=stores,
        endpoints=endpoints,
        titles_api=_titles_api(data),
        config_file=config_file,
        max_answer_bytes=_positive(values["max_answer_bytes"], "max_answer_bytes", "a number of bytes"),
        split_floor=_positive(values["split_floor"], "split_floor", "a number of QIDs"),
        max_parts=_positive(values["max_parts"], "max_parts", "a number of parts"),
        max_input_bytes=limit,
    )


def _positive(value: object, name: str, what: str) -> int:
    """A whole number above 0 from the configuration, or one sentence."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise BadInput(f"{name} in the configuration must be {what} above 0.")
    return value

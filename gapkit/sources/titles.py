"""An edition's page titles from Wikimedia's all-titles-in-ns0 dump (gz or plain), streamed one title at a time."""

import datetime
import gzip
import io
import json
import re
import time
import zlib
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO
from urllib.parse import urlsplit

import requests

from gapkit.errors import BadInput, NotInCache, SourceError
from gapkit.model.editions import Edition
from gapkit.model.settings import Settings
from gapkit.sources.answers import BadAnswer, read_capped
from gapkit.sources.politeness import EndpointLock, Politeness, check_user_agent
from gapkit.sources.remote import _retry_after as retry_after
from gapkit.sources.remote import make_session
from gapkit.stores.store import ProgressCallback

HEADER = "page_title"  # the dump's first line: the name of the page table's column it lists
_GZIP_MAGIC = b"\x1f\x8b"
_BOM = "\ufeff"


class _Bounded(io.RawIOBase):
    """A reader that refuses to give more than `limit` bytes (an uploaded file's uncompressed size)."""

    def __init__(self, inner: BinaryIO, limit: int, name: str) -> None:
        self._inner, self._left, self._limit, self._name = inner, limit, limit, name

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:
        data = self._inner.read(len(buffer))
        self._left -= len(data)
        if self._left < 0:
            raise BadInput(
                f"{self._name} holds more than {self._limit:,} bytes of titles (the max_input_bytes setting); "
                "it was not read."
            )
        buffer[: len(data)] = data
        return len(data)


def _decompressed(handle: BinaryIO) -> BinaryIO:
    """The handle itself, or a gzip reader over it when the file starts as gzip does (whatever its name)."""
    buffered = handle if isinstance(handle, io.BufferedReader) else io.BufferedReader(handle)  # type: ignore[arg-type]
    if buffered.peek(2)[:2] == _GZIP_MAGIC:
        return gzip.GzipFile(fileobj=buffered, mode="rb")  # type: ignore[return-value]
    return buffered  # type: ignore[return-value]


def _line_text(raw: bytes, number: int, name: str) -> str:
    try:
        return raw.decode("utf-8").rstrip("\r\n")
    except UnicodeDecodeError:
        raise BadInput(f"Line {number:,} of {name} is not UTF-8 text; it is not a titles dump.") from None


def read_titles(handle: BinaryIO, name: str, limit: int | None = None) -> Iterator[str]:
    """The titles of an all-titles-in-ns0 file as written (underscores for spaces), after its `page_title`
    header; a damaged gzip, another header or non-UTF-8 text is one sentence. With `limit`, more than that many
    uncompressed bytes is refused (an upload); without it the file is streamed whatever its size (en: 17M)."""
    lines = _decompressed(handle)
    if limit is not None:  # counted after decompression: a small gzip can hold a huge file
        lines = io.BufferedReader(_Bounded(lines, limit, name))  # type: ignore[assignment]
    try:
        first = lines.readline()
        header = _line_text(first, 1, name).removeprefix(_BOM).strip()
        if header != HEADER:
            raise BadInput(
                f"{name} does not start with the line {HEADER!r}; it is not an all-titles-in-ns0 dump "
                "(for example hrwiki-latest-all-titles-in-ns0.gz)."
            )
        for number, raw in enumerate(lines, start=2):
            title = _line_text(raw, number, name)
            if title.strip():
                yield title
    except (OSError, EOFError, zlib.error) as err:
        raise BadInput(f"{name} is damaged or cut short ({err.__class__.__name__}); download it again.") from None


def check_titles_path(path: Path) -> None:
    """Refuse, before any query, a titles path that is a folder or no file at all."""
    if Path(path).is_dir():
        raise BadInput(f"{path} is a folder; --titles needs an all-titles-in-ns0 file.")
    if not Path(path).exists():
        raise BadInput(f"There is no file at {path}.")


@contextmanager
def titles_file(path: Path) -> Iterator[Iterator[str]]:
    """read_titles over a file named on the command line; a missing file or a folder is one sentence."""
    path = Path(path)
    check_titles_path(path)
    try:
        handle = open(path, "rb")  # noqa: SIM115 - closed when the block ends
    except FileNotFoundError:
        raise BadInput(f"There is no file at {path}.") from None
    except OSError as err:
        raise BadInput(f"{path} cannot be read ({err.strerror or err.__class__.__name__}).") from None
    with handle:
        yield read_titles(handle, path.name)


# The existing-page check against an edition's MediaWiki API (action=query&titles=...), for remote sources.
API_BATCH = 50  # titles per request: the API's limit for clients without the apihighlimits right
API_URL_BUDGET = 6_000  # characters of titles per request, so that a GET stays a short address
MAXLAG = 5  # seconds of replica lag above which the API asks gapkit to wait (Wikimedia's advice for tools)
_NOT_IN_TITLES = re.compile(r"[#<>\[\]|{}\x00-\x1f\x7f]")  # MediaWiki refuses these in a title (and | separates)


def api_url(edition: Edition, settings: Settings) -> str:
    """The edition's API address: its site IRI + `w/api.php`, unless gapkit.toml's [titles_api] names another."""
    return settings.titles_api.get(edition.code) or edition.site.rstrip("/") + "/w/api.php"


def askable(title: str) -> bool:
    """Whether a title can be asked at all: none of the characters MediaWiki refuses, and at most 255 bytes."""
    return bool(title) and not _NOT_IN_TITLES.search(title) and len(title.encode("utf-8")) <= 255


def batches(titles: Sequence[str]) -> Iterator[list[str]]:
    """The titles in requests of at most API_BATCH titles and API_URL_BUDGET characters."""
    batch: list[str] = []
    size = 0
    for title in titles:
        if batch and (len(batch) == API_BATCH or size + len(title) > API_URL_BUDGET):
            yield batch
            batch, size = [], 0
        batch.append(title)
        size += len(title) + 1
    if batch:
        yield batch


def parse_titles_answer(body: bytes, asked: Sequence[str]) -> dict[str, str]:
    """Each asked title that names an existing page in the main namespace, and that page's title as the API
    shows it; an answer that is not the documented shape or leaves an asked title unaccounted is BadAnswer.

    The shape (formatversion=2, https://www.mediawiki.org/wiki/API:Query#Example_1:_Specifying_pages): `query`
    holds `normalized` (from -> to, e.g. "ada_lovelace" -> "Ada lovelace") and `pages`, a list of
    {ns, title, pageid} for existing pages and {ns, title, missing: true} or {title, invalid: true} for others;
    an `error` object (code, info) replaces `query` when the API refuses the request."""
    try:
        data = json.loads(body)
    except (ValueError, RecursionError):
        raise BadAnswer("a body that is not JSON") from None
    if not isinstance(data, dict):
        raise BadAnswer("JSON that is not an API answer")
    if isinstance(data.get("error"), dict):
        error = data["error"]
        raise ApiRefusal(str(error.get("code", "")), str(error.get("info", ""))[:200])
    query = data.get("query")
    if not isinstance(query, dict) or not isinstance(query.get("pages", []), list):
        raise BadAnswer("an answer without its query part")
    normalized = {n.get("from"): n.get("to") for n in query.get("normalized", []) if isinstance(n, dict)}
    pages = [p for p in query.get("pages", []) if isinstance(p, dict) and isinstance(p.get("title"), str)]
    accounted = {p["title"] for p in pages} | {i.get("title") for i in query.get("interwiki", []) or []}
    existing = {p["title"] for p in pages if p.get("ns") == 0 and "pageid" in p and not p.get("missing")}
    found = {}
    for title in asked:
        final = normalized.get(title, title)
        if final not in accounted:
            raise BadAnswer(f"an answer that says nothing of the title {title[:60]!r}")
        if final in existing:
            found[title] = final
    return found


class ApiRefusal(BadAnswer):
    """The API answered with an error object (its code and info), such as maxlag."""

    def __init__(self, code: str, info: str) -> None:
        super().__init__(f"an error ({code}: {info})" if info else f"an error ({code})")
        self.code = code


class TitlesApi:
    """An edition's MediaWiki API asked which titles exist: polite (User-Agent with a contact, one request at a
    time across processes, spacing, Retry-After and maxlag waited out), each answer checked whole before it is
    cached; any failure is one sentence and no partial result."""

    def __init__(
        self,
        edition: Edition,
        settings: Settings,
        *,
        offline: bool = False,
        policy: Politeness | None = None,
        clock: Callable[[], float] = time.time,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.edition, self.settings, self.offline = edition, settings, offline
        self.url = api_url(edition, settings)
        self.name = f"{edition.code}-mediawiki-api"
        if urlsplit(self.url).scheme not in ("http", "https"):
            raise SourceError(f"The MediaWiki API of {edition.code} needs an http or https address.")
        if not offline:
            check_user_agent(self.name, settings.user_agent, self.url)
        self.policy = policy or Politeness(timeout=30.0)
        self.clock, self.sleep = clock, sleep
        self.session = make_session(settings)
        self.http = requests.Session()
        self.requests = 0  # sent, not answered from the cache
        self.asked = 0  # titles asked about (cached answers included); titles MediaWiki refuses are not asked

    def existing(self, titles: Sequence[str], progress: ProgressCallback | None = None) -> dict[str, str]:
        """Each of `titles` that names an existing page, and its title as MediaWiki shows it; titles MediaWiki
        refuses (askable() false) are not asked and not found."""
        wanted = list(dict.fromkeys(t for t in titles if askable(t)))
        self.asked += len(wanted)
        found: dict[str, str] = {}
        for number, batch in enumerate(batches(wanted), start=1):
            if progress:
                progress(
                    f"Asking {self.edition.code}'s MediaWiki API about {len(wanted):,} titles",
                    number * API_BATCH / max(len(wanted), 1),
                )
            found.update(self._ask(batch, progress))
        return found

    def _request(self, batch: Sequence[str]) -> requests.PreparedRequest:
        params = {"action": "query", "format": "json", "formatversion": "2", "maxlag": str(MAXLAG)}
        params["titles"] = "|".join(batch)
        headers = {"User-Agent": self.settings.user_agent, "Accept": "application/json"}
        return self.session.prepare_request(requests.Request("GET", self.url, params=params, headers=headers))

    def _ask(self, batch: Sequence[str], progress: ProgressCallback | None) -> dict[str, str]:
        """One batch: a fresh cached answer, else a request (offline: the cached answer or one sentence)."""
        request = self._request(batch)
        key = self.session.cache.create_key(request)
        cached = self.session.cache.get_response(key)
        if cached is not None and (self.offline or not cached.is_expired):
            try:
                return parse_titles_answer(cached.content, batch)
            except BadAnswer:
                self.session.cache.delete(key)  # a damaged copy is dropped, never used
        if self.offline:
            raise NotInCache(f"Offline: the existing-page check of {self.edition.code} is not in the cache.")
        response, found = self._send(request, batch, progress)
        self.session.cache.save_response(response, key, _expires(self.settings.cache_ttl))
        return found

    def _send(self, request: requests.PreparedRequest, batch: Sequence[str], progress: ProgressCallback | None):
        """Send within the endpoint lock; 429 and maxlag wait Retry-After, 5xx and dropped connections back off,
        within one budget of attempts; the answer is checked whole."""
        for attempt in range(1, self.policy.attempts + 1):
            last = attempt == self.policy.attempts
            response = self._attempt(request, last)
            if response is None:
                self._backoff(attempt, progress)
                continue
            wait = self._wait_asked(response)
            if wait is not None:
                if last or wait > self.policy.max_wait:
                    raise SourceError(
                        f"The MediaWiki API of {self.edition.code} asks gapkit to wait {wait:.0f} s (busy or lagged); "
                        "the existing-page check was not done: try again later."
                    )
                if progress:
                    progress(f"{self.edition.code}'s MediaWiki API asked gapkit to wait {wait:.0f} s", None)
                continue  # the lock waits it out before the next request
            if response.status_code >= 500 and not last:
                self._backoff(attempt, progress)
                continue
            return response, self._checked(response, batch)
        raise SourceError(f"The MediaWiki API of {self.edition.code} did not answer; the check was not done.")

    def _attempt(self, request: requests.PreparedRequest, last: bool) -> requests.Response | None:
        """One request within the lock; None when the connection dropped and there is budget left."""
        try:
            with EndpointLock(self.settings.cache_path, self.name, self.policy, self.clock, self.sleep) as lock:
                self.requests += 1
                response = self.http.send(request, timeout=self.policy.timeout, allow_redirects=False, stream=True)
                try:
                    response._content = read_capped(response, self.settings.max_answer_bytes)
                finally:
                    response.close()
                wait = self._wait_asked(response)
                if wait is not None:  # every process keeps the silence the API asked for
                    lock.hold(self.clock() + wait)
                return response
        except requests.Timeout:
            raise SourceError(
                f"The MediaWiki API of {self.edition.code} did not answer within {self.policy.timeout:g} s; "
                "the existing-page check was not done."
            ) from None
        except (requests.ConnectionError, requests.exceptions.ChunkedEncodingError):
            if last:
                raise SourceError(
                    f"The MediaWiki API of {self.edition.code} could not be reached ({urlsplit(self.url).netloc}); "
                    "the existing-page check was not done."
                ) from None
            return None
        except (requests.RequestException, BadAnswer) as err:
            raise SourceError(
                f"The MediaWiki API of {self.edition.code} sent an answer gapkit cannot read ({err}); the "
                "existing-page check was not done."
            ) from None

    @staticmethod
    def _wait_asked(response: requests.Response) -> float | None:
        """Seconds the API asked to wait: HTTP 429, or a maxlag error (HTTP 200 with Retry-After); else None."""
        if response.status_code == 429:
            return retry_after(response.headers.get("Retry-After"))
        if response.status_code == 200 and _error_code(response.content) == "maxlag":
            return max(retry_after(response.headers.get("Retry-After")), float(MAXLAG))
        return None

    def _checked(self, response: requests.Response, batch: Sequence[str]) -> dict[str, str]:
        status, kind = response.status_code, response.headers.get("content-type", "")
        where = f"The MediaWiki API of {self.edition.code}"
        if status != 200:
            raise SourceError(f"{where} answered HTTP {status}; the existing-page check was not done.")
        if "json" not in kind:
            raise SourceError(
                f"{where} answered with {kind[:40] or 'no content type'}, not JSON; the check was not done."
            )
        try:
            return parse_titles_answer(response.content, batch)
        except BadAnswer as err:
            raise SourceError(f"{where} sent {err}; the existing-page check was not done.") from None

    def _backoff(self, attempt: int, progress: ProgressCallback | None) -> None:
        wait = self.policy.backoff * 2 ** (attempt - 1)
        if progress:
            progress(f"{self.edition.code}'s MediaWiki API failed; trying again in {wait:.0f} s", None)
        self.sleep(wait)


def _error_code(body: bytes) -> str | None:
    """The code of an API error answer (`{"error": {"code": ...}}`), else None."""
    try:
        data = json.loads(body)
    except (ValueError, RecursionError):
        return None
    error = data.get("error") if isinstance(data, dict) else None
    return str(error.get("code")) if isinstance(error, dict) else None


def _expires(ttl: int) -> datetime.datetime:
    return datetime.datetime.now(datetime.UTC) + datetime.timedelta(seconds=ttl)

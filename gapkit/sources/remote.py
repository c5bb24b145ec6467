"""Remote SPARQL endpoints (WDQS, QLever, an operator's own): polite requests, checked answers, a persistent cache."""

import datetime
import logging
import random
import re
import time
import warnings
from collections.abc import Callable, Sequence
from datetime import timedelta
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

import requests
import requests_cache
from SPARQLWrapper import JSON, POST, SELECT, SPARQLWrapper

from gapkit.errors import NotInCache, QueryTimeout, SourceError
from gapkit.model.settings import Settings
from gapkit.sources.answers import BadAnswer, checked_rows, first_line, parse_answer, query_error, read_capped
from gapkit.sources.endpoints import Provenance, Result, typed_frame
from gapkit.sources.politeness import EndpointLock, Politeness, check_user_agent
from gapkit.stores.store import ProgressCallback

ACCEPT = "application/sparql-results+json"
# Words by which endpoints say they ran out of time (Blazegraph's TimeoutException, Oxigraph's cancellation).
TIMEOUT_WORDS = ("timeoutexception", "timed out", "timeout", "cancelled", "canceled")
logging.getLogger("requests_cache").setLevel(logging.ERROR)  # a stale fallback is reported by gapkit itself


def make_session(settings: Settings) -> requests_cache.CachedSession:
    """The persistent HTTP cache: POST answers keyed on the body and Accept; gapkit stores an answer itself, once
    it is checked (nothing reaches the cache through the session on its own)."""
    settings.cache_path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)  # it holds what users asked
    return requests_cache.CachedSession(
        str(settings.cache_path),
        backend="sqlite",
        expire_after=timedelta(seconds=settings.cache_ttl),
        allowable_methods=("GET", "POST"),
        allowable_codes=(200,),
        match_headers=["Accept"],
        cache_control=False,  # endpoints send no caching headers; gapkit's lifetime applies
    )


class QueryError(SourceError):
    """The engine refused the query itself (HTTP 400, or a 500 naming a query error): asking again fails again."""


class RemoteEndpoint:
    """A SPARQL endpoint over HTTP: one polite client per machine, answers checked, cached, stale copies labelled."""

    def __init__(
        self,
        name: str,
        url: str,
        settings: Settings,
        *,
        offline: bool = False,
        policy: Politeness | None = None,
        session: requests_cache.CachedSession | None = None,
        clock: Callable[[], float] = time.time,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if urlsplit(url).scheme not in ("http", "https"):
            raise SourceError(f"The endpoint {name} needs an http or https url.")
        if not offline:
            check_user_agent(name, settings.user_agent, url)
        self.name, self.url, self.settings, self.offline = name, url, settings, offline
        self.policy = policy or Politeness()
        self.session = session or make_session(settings)
        self.http = requests.Session()  # sends; the cached session only stores what gapkit checked
        self.clock, self.sleep = clock, sleep
        self.down_until = 0.0  # after a spent budget, one try per query until then (no one waits it out again)
        # Counted for --explain: every request sent (cache hits send none) and the answers that ran out of time.
        self.requests_sent = 0
        self.timeouts_seen = 0

    def provenance(self) -> Provenance:
        """The endpoint's provenance: its name and the time of the answer."""
        return Provenance(
            source=self.name,
            kind="endpoint",
            data_version="live",
            data_date="live",
            synthetic=False,
            representative=True,
            notice="Offline: answers come only from the cache." if self.offline else "",
        )

    def _request(self, text: str) -> requests.PreparedRequest:
        # SPARQLWrapper builds the request (form-encoded POST, Accept, User-Agent); the cached session sends it.
        wrapper = SPARQLWrapper(self.url, agent=self.settings.user_agent)
        wrapper.setMethod(POST)
        wrapper.setReturnFormat(JSON)
        with warnings.catch_warnings():  # its guess of the query type is overridden just below
            warnings.simplefilter("ignore", RuntimeWarning)
            wrapper.setQuery(text)
        # gapkit only sends SELECTs; SPARQLWrapper guesses the type from words in the text, and a comment
        # saying "add" made it send the query as an update.
        wrapper.queryType = SELECT
        built = wrapper._createRequest()
        headers = dict(built.header_items())
        headers["Accept"] = ACCEPT
        prepared = requests.Request(built.get_method(), built.full_url, data=built.data, headers=headers)
        return self.session.prepare_request(prepared)

    def select(self, text: str, variables: Sequence[str] = (), progress: ProgressCallback | None = None) -> Result:
        """Run a SELECT; on failure fall back to the cached copy (marked stale), else raise one sentence."""
        request = self._request(text)
        key = self.session.cache.create_key(request)
        cached = self.session.cache.get_response(key)
        if self.offline:
            if cached is None:
                raise NotInCache(
                    f"Offline: this answer{_query_name(text)} is not in the cache of {self.name} (run the view "
                    "once online first)."
                )
            columns, rows = self._copy_rows(key, cached.content, variables, text)
            return self._result(columns, rows, cached.created_at, True, cached.is_expired)
        if cached is not None:
            try:
                columns, rows = self._copy_rows(key, cached.content, variables, text)
            except SourceError:
                cached = None  # a bad copy (from an older gapkit) is dropped, never shown
            else:
                if not cached.is_expired:  # answered here, outside the lock: only real requests are spaced
                    return self._result(columns, rows, cached.created_at, True, False)
        try:
            response = self._send(request, progress)
            fresh = self._checked(response, variables, text)
        except SourceError as err:
            self.timeouts_seen += isinstance(err, QueryTimeout)
            if cached is None:
                raise
            if progress:
                progress(f"{err} Showing the cached answer of {cached.created_at:%Y-%m-%d %H:%M} UTC.", None)
            return self._result(columns, rows, cached.created_at, True, True, str(err))
        # Only now, checked whole, does the answer replace the cached copy.
        self.session.cache.save_response(response, key, _utcnow() + timedelta(seconds=self.settings.cache_ttl))
        return self._result(*fresh, _utcnow(), False, False)

    def _copy_rows(self, key: str, body: bytes, variables: Sequence[str], text: str) -> tuple[list[str], list[list]]:
        """The rows of a cached copy, checked as a new answer is; a bad copy is deleted and refused."""
        try:
            return checked_rows(parse_answer(body), variables, text)
        except BadAnswer as err:
            self.session.cache.delete(key)
            raise SourceError(f"The cached answer of {self.name} was damaged ({err}) and is dropped.") from None

    def _send(self, request: requests.PreparedRequest, progress: ProgressCallback | None) -> requests.Response:
        """Send within the lock, waiting out 429 and retrying 5xx and dropped connections within one budget."""
        attempts = 1 if self.clock() < self.down_until else self.policy.attempts
        for attempt in range(1, attempts + 1):
            last = attempt == attempts
            response = self._attempt(request, attempt, last, progress)
            if response is None or self._again(response, attempt, last, progress):
                continue
            self.down_until = 0.0
            return response
        raise SourceError(f"The endpoint {self.name} did not answer.")  # unreachable: the loop returns or raises

    def _attempt(
        self, request: requests.PreparedRequest, attempt: int, last: bool, progress: ProgressCallback | None
    ) -> requests.Response | None:
        """One request within the lock; None when the connection dropped and there is budget to try again."""
        try:
            with EndpointLock(
                self.settings.cache_path, self.name, self.policy, self.clock, self.sleep, progress
            ) as lock:
                response = self._fetch(request)
                if response.status_code == 429:  # the next request from any process waits this out
                    lock.hold(self.clock() + _retry_after(response.headers.get("Retry-After")))
                return response
        except requests.Timeout:
            raise QueryTimeout(f"The endpoint {self.name} did not answer within {self.policy.timeout:g} s.") from None
        except (requests.ConnectionError, requests.exceptions.ChunkedEncodingError) as err:
            what = (
                "sent a body shorter than it announced"
                if isinstance(err, requests.exceptions.ChunkedEncodingError)
                else "could not be reached"
            )
            if last:
                self._spent()
                raise SourceError(
                    f"The endpoint {self.name} {what} ({urlsplit(self.url).netloc}) after "
                    f"{_times(attempt, 'tries', 'one try')}."
                ) from None
            self._backoff(attempt, what, progress)
            return None
        except requests.RequestException as err:  # undecodable gzip, bad headers: asking again will not help
            raise SourceError(
                f"The endpoint {self.name} sent an answer gapkit cannot read ({type(err).__name__})."
            ) from None
        except BadAnswer as err:
            raise SourceError(f"The endpoint {self.name} sent {err}.") from None

    def _again(self, response: requests.Response, attempt: int, last: bool, progress: ProgressCallback | None) -> bool:
        """True to ask again (a 429 or 5xx within the budget); False for a 200; any other answer raises."""
        status = response.status_code
        if status == 429:
            wait = _retry_after(response.headers.get("Retry-After"))
            if last or wait > self.policy.max_wait:
                self._spent()
                raise SourceError(self._slow_down(wait))
            if progress:
                progress(f"{self.name} asked gapkit to wait {wait:.0f} s (HTTP 429: too many requests)", None)
            return True  # the lock waits it out before the next request
        if status >= 500:
            self._server_error(response)
            if last:
                self._spent()
                raise SourceError(
                    f"The endpoint {self.name} failed with HTTP {status} {_times(attempt, 'times', 'once')}; "
                    "try again later."
                )
            self._backoff(attempt, f"failed with HTTP {status}", progress)
            return True
        if 300 <= status < 400:
            raise SourceError(
                f"The endpoint {self.name} redirects elsewhere (HTTP {status}); gapkit does not follow "
                "redirects: configure the final address."
            )
        if status == 400:
            message = query_error(response.content) or first_line(response.content)
            raise QueryError(f"The endpoint {self.name} refused the query as malformed: {message}")
        if status != 200:
            raise SourceError(f"The endpoint {self.name} answered HTTP {status}.")
        return False

    def _server_error(self, response: requests.Response) -> None:
        """A 5xx that says the query ran out of time, or that the query is wrong, raises; others may be retried."""
        status = response.status_code
        body = response.content[: 1 << 16].decode("utf-8", "replace").lower()
        if any(word in body for word in TIMEOUT_WORDS):
            raise QueryTimeout(f"The endpoint {self.name} ran out of time on this query (HTTP {status}).")
        message = query_error(response.content)
        if message is not None:  # an error in the query: the same every time, so said once, not retried
            raise QueryError(f"The endpoint {self.name} could not run the query (HTTP {status}): {message}")

    def _fetch(self, request: requests.PreparedRequest) -> requests.Response:
        """One request, its body read to the end but never past max_answer_bytes."""
        self.requests_sent += 1
        response = self.http.send(request, timeout=self.policy.timeout, allow_redirects=False, stream=True)
        try:
            body = read_capped(response, self.settings.max_answer_bytes)
        finally:
            response.close()
        response._content = body  # the body as requests itself would hold it, for the cache to store
        response._content_consumed = True
        return response

    def _slow_down(self, wait: float) -> str:
        """The sentence for a 429 not waited out: how long the endpoint asked for, and until when."""
        until = datetime.datetime.fromtimestamp(self.clock() + wait, datetime.UTC)
        if wait > self.policy.max_wait:
            return (
                f"The endpoint {self.name} asks gapkit to slow down (HTTP 429) for {wait:.0f} s, longer than "
                f"gapkit waits ({self.policy.max_wait:.0f} s); try again after {until:%H:%M} UTC."
            )
        return (
            f"The endpoint {self.name} asks gapkit to slow down (HTTP 429) for {wait:.0f} s and the retry budget is "
            f"spent; try again after {until:%H:%M:%S} UTC."
        )

    def _spent(self) -> None:
        """A query spent its budget: later ones try once (no one waits out the backoff again) for a while."""
        self.down_until = self.clock() + self.policy.cooldown

    def _backoff(self, attempt: int, what: str, progress: ProgressCallback | None) -> None:
        wait = self.policy.backoff * 2 ** (attempt - 1) * (1 + random.random() / 2)  # jitter spreads clients out
        if progress:
            progress(f"{self.name} {what}; trying again in {wait:.0f} s", None)
        self.sleep(wait)

    def _checked(self, response: requests.Response, variables: Sequence[str], text: str) -> tuple[list[str], list]:
        """The rows of a new answer, checked whole; a cut one is a timeout (it may be split), others errors."""
        kind = response.headers.get("content-type", "")
        if "json" not in kind:
            raise SourceError(f"The endpoint {self.name} answered with {kind[:40] or 'no content type'}, not results.")
        try:
            return checked_rows(parse_answer(response.content), variables, text)
        except BadAnswer as err:
            if err.cut:
                raise QueryTimeout(f"The endpoint {self.name} sent an {err}; it most likely ran out of time.") from None
            raise SourceError(f"The endpoint {self.name} sent {err}.") from None

    def _result(
        self,
        columns: Sequence[str],
        rows: list[list[object]],
        when: datetime.datetime,
        from_cache: bool,
        stale: bool,
        why: str = "",
    ) -> Result:
        stamp = when.astimezone(datetime.UTC) if when.tzinfo else when.replace(tzinfo=datetime.UTC)
        notice = f"Stale: {why} This is the cached answer of {stamp:%Y-%m-%d %H:%M} UTC." if stale and why else ""
        provenance = Provenance(
            source=self.name,
            kind="endpoint",
            data_version=stamp.isoformat(timespec="seconds"),
            data_date=f"{stamp:%Y-%m-%d %H:%M} UTC",
            synthetic=False,
            representative=True,
            from_cache=from_cache,
            stale=stale,
            notice=notice,
        )
        return Result(typed_frame(list(columns), rows), provenance)


def _utcnow() -> datetime.datetime:
    return datetime.datetime.now(datetime.UTC)


def _query_name(text: str) -> str:
    """' (query NAME)' from a bound query file's `# name:` header, to say which answer is missing."""
    match = re.search(r"^#\s*name:\s*([a-z][a-z0-9_]*)\s*$", text, re.MULTILINE)
    return f" (query {match.group(1)})" if match else ""


def _times(count: int, plural: str, one: str) -> str:
    return one if count == 1 else f"{count} {plural}"


def _retry_after(value: str | None) -> float:
    """Seconds from a Retry-After header (seconds or an HTTP date); 60 when absent or unreadable."""
    if not value:
        return 60.0
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(value)
        return max(0.0, (when - datetime.datetime.now(datetime.UTC)).total_seconds())
    except (TypeError, ValueError):
        return 60.0

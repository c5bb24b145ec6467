"""Remote SPARQL endpoints (WDQS, QLever, an operator's own): polite requests, checked answers, a persistent cache."""

import datetime
import json
import logging
import random
import re
import time
import warnings
from collections.abc import Callable, Sequence
from datetime import timedelta
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

import pyoxigraph
import requests
import requests_cache
from SPARQLWrapper import JSON, POST, SELECT, SPARQLWrapper

from gapkit.errors import NotInCache, QueryTimeout, SourceError
from gapkit.model.settings import Settings
from gapkit.sources.endpoints import Provenance, Result, term_value, typed_frame
from gapkit.sources.politeness import EndpointLock, Politeness, check_user_agent
from gapkit.stores.store import ProgressCallback

ACCEPT = "application/sparql-results+json"
# Words by which endpoints say they ran out of time (Blazegraph's TimeoutException, Oxigraph's cancellation).
TIMEOUT_WORDS = ("timeoutexception", "timed out", "timeout", "cancelled", "canceled")
logging.getLogger("requests_cache").setLevel(logging.ERROR)  # a stale fallback is reported by gapkit itself


def parse_answer(body: bytes) -> dict:
    """A complete SPARQL JSON answer, or ValueError saying what is wrong with it."""
    data = json.loads(body)
    if not isinstance(data, dict) or not isinstance(data.get("head", {}).get("vars"), list):
        raise ValueError("no head.vars")
    bindings = data.get("results", {}).get("bindings")
    if not isinstance(bindings, list):
        raise ValueError("no results.bindings")
    # QLever says how many rows the whole result has; fewer rows received means a cut answer.
    meta = data.get("meta") if isinstance(data.get("meta"), dict) else {}
    total = meta.get("result-size-total", data.get("resultsize"))
    if isinstance(total, int) and total != len(bindings):
        raise ValueError(f"{len(bindings)} rows of {total}")
    return data


def complete_answer(response: requests.Response) -> bool:
    """requests-cache's filter: store only a SPARQL JSON answer that parses completely.

    Other statuses pass (allowable_codes keeps them out of the cache): requests-cache deletes the stored
    copy of a request whose new response is filtered out, and that copy is the stale fallback."""
    if response.status_code != 200:
        return True
    if "json" not in response.headers.get("content-type", ""):
        return False
    try:
        parse_answer(response.content)
    except ValueError:
        return False
    return True


def make_session(settings: Settings) -> requests_cache.CachedSession:
    """The persistent HTTP cache: POST cached, keyed on the body and Accept, answers checked before storing."""
    settings.cache_path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)  # it holds what users asked
    return requests_cache.CachedSession(
        str(settings.cache_path),
        backend="sqlite",
        expire_after=timedelta(seconds=settings.cache_ttl),
        allowable_methods=("GET", "POST"),
        allowable_codes=(200,),
        match_headers=["Accept"],
        cache_control=False,  # endpoints send no caching headers; gapkit's lifetime applies
        filter_fn=complete_answer,
    )


def _term(binding: dict | None) -> object:
    """A SPARQL JSON term as the pyoxigraph term the local endpoint would give, so frames are equal."""
    if binding is None:
        return None
    kind, value = binding.get("type"), binding.get("value", "")
    if kind == "uri":
        return pyoxigraph.NamedNode(value)
    if kind == "bnode":
        return pyoxigraph.BlankNode(value) if value.isidentifier() else pyoxigraph.BlankNode()
    if "xml:lang" in binding:
        return pyoxigraph.Literal(value, language=binding["xml:lang"])
    if "datatype" in binding:
        return pyoxigraph.Literal(value, datatype=pyoxigraph.NamedNode(binding["datatype"]))
    return pyoxigraph.Literal(value)


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
        self.clock, self.sleep = clock, sleep
        self.down_until = 0.0  # after a spent budget, one try per query until then (no one waits it out again)

    def provenance(self) -> Provenance:
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
        if self.offline:
            cached = self.session.cache.get_response(key)
            if cached is None:
                raise NotInCache(
                    f"Offline: this answer{_query_name(text)} is not in the cache of {self.name} (run the view "
                    "once online first)."
                )
            return self._result(parse_answer(cached.content), variables, cached.created_at, True, cached.is_expired)
        # Kept in memory: a bad new answer makes requests-cache drop the stored copy, which is the fallback.
        cached = self.session.cache.get_response(key)
        if cached is not None and not cached.is_expired:
            # A fresh copy is answered here, outside the lock: only real requests are spaced and counted.
            try:
                data = self._declared(parse_answer(cached.content), variables)
            except (ValueError, SourceError):
                self.session.cache.delete(key)
                cached = None
            else:
                return self._result(data, variables, cached.created_at, True, False)
        try:
            response = self._send(request, progress)
            data = self._checked(response, variables)
        except SourceError as err:
            if cached is None:
                raise
            try:
                data = self._declared(parse_answer(cached.content), variables)
            except (ValueError, SourceError):
                raise err from None
            if self.session.cache.get_response(key) is None:
                self.session.cache.save_response(cached, key, cached.expires)
            if progress:
                progress(f"{err} Showing the cached answer of {cached.created_at:%Y-%m-%d %H:%M} UTC.", None)
            return self._result(data, variables, cached.created_at, True, True, str(err))
        when = getattr(response, "created_at", None) or datetime.datetime.now(datetime.UTC)
        from_cache = bool(getattr(response, "from_cache", False))
        return self._result(data, variables, when, from_cache, False)

    def _send(self, request: requests.PreparedRequest, progress: ProgressCallback | None) -> requests.Response:
        """Send within the lock, waiting out 429 and retrying 5xx and dropped connections within one budget."""
        attempts = 1 if self.clock() < self.down_until else self.policy.attempts
        for attempt in range(1, attempts + 1):
            last = attempt == attempts
            try:
                with EndpointLock(
                    self.settings.cache_path, self.name, self.policy, self.clock, self.sleep, progress
                ) as lock:
                    response = self.session.send(request, timeout=self.policy.timeout, allow_redirects=False)
                    if response.status_code == 429:  # the next request from any process waits this out
                        lock.hold(self.clock() + _retry_after(response.headers.get("Retry-After")))
            except requests.Timeout:
                raise QueryTimeout(
                    f"The endpoint {self.name} did not answer within {self.policy.timeout:g} s."
                ) from None
            except requests.ConnectionError:
                if last:
                    self._spent()
                    raise SourceError(
                        f"The endpoint {self.name} could not be reached ({urlsplit(self.url).netloc}) after "
                        f"{_times(attempt, 'tries', 'one try')}."
                    ) from None
                self._backoff(attempt, "could not be reached", progress)
                continue
            status = response.status_code
            if status == 429:
                wait = _retry_after(response.headers.get("Retry-After"))
                if last or wait > self.policy.max_wait:
                    self._spent()
                    raise SourceError(
                        f"The endpoint {self.name} asks gapkit to slow down (HTTP 429) and the retry budget is "
                        "spent; try again in a few minutes."
                    )
                if progress:
                    progress(f"{self.name} asked gapkit to wait {wait:.0f} s (HTTP 429: too many requests)", None)
                continue  # the lock waits it out before the next request
            if status >= 500:
                body = response.content[:2000].decode("utf-8", "replace").lower()
                if any(word in body for word in TIMEOUT_WORDS):
                    raise QueryTimeout(f"The endpoint {self.name} ran out of time on this query (HTTP {status}).")
                if last:
                    self._spent()
                    raise SourceError(
                        f"The endpoint {self.name} failed with HTTP {status} {_times(attempt, 'times', 'once')}; "
                        "try again later."
                    )
                self._backoff(attempt, f"failed with HTTP {status}", progress)
                continue
            if 300 <= status < 400:
                raise SourceError(
                    f"The endpoint {self.name} redirects elsewhere (HTTP {status}); gapkit does not follow "
                    "redirects: configure the final address."
                )
            if status == 400:
                first = response.content[:300].decode("utf-8", "replace").strip().split("\n")[0]
                raise SourceError(f"The endpoint {self.name} refused the query as malformed: {first}")
            if status != 200:
                raise SourceError(f"The endpoint {self.name} answered HTTP {status}.")
            self.down_until = 0.0
            return response
        raise SourceError(f"The endpoint {self.name} did not answer.")  # unreachable: the loop returns or raises

    def _spent(self) -> None:
        """A query spent its budget: later ones try once (no one waits out the backoff again) for a while."""
        self.down_until = self.clock() + self.policy.cooldown

    def _backoff(self, attempt: int, what: str, progress: ProgressCallback | None) -> None:
        wait = self.policy.backoff * 2 ** (attempt - 1) * (1 + random.random() / 2)  # jitter spreads clients out
        if progress:
            progress(f"{self.name} {what}; trying again in {wait:.0f} s", None)
        self.sleep(wait)

    def _checked(self, response: requests.Response, variables: Sequence[str]) -> dict:
        kind = response.headers.get("content-type", "")
        if "json" not in kind:
            raise SourceError(f"The endpoint {self.name} answered with {kind[:40] or 'no content type'}, not results.")
        try:
            data = parse_answer(response.content)
        except ValueError as err:
            raise QueryTimeout(
                f"The endpoint {self.name} sent an incomplete answer ({str(err)[:60]}); it most likely ran out of time."
            ) from None
        try:
            return self._declared(data, variables)
        except SourceError:
            self.session.cache.delete(self.session.cache.create_key(response.request))
            raise

    def _declared(self, data: dict, variables: Sequence[str]) -> dict:
        missing = [v for v in variables if v not in data["head"]["vars"]]
        if missing:
            raise SourceError(f"The endpoint {self.name} answered without the column {missing[0]} the query declares.")
        return data

    def _result(
        self,
        data: dict,
        variables: Sequence[str],
        when: datetime.datetime,
        from_cache: bool,
        stale: bool,
        why: str = "",
    ) -> Result:
        columns = list(variables) or list(data["head"]["vars"])
        rows = [[term_value(_term(b.get(c))) for c in columns] for b in data["results"]["bindings"]]
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
        return Result(typed_frame(columns, rows), provenance)


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

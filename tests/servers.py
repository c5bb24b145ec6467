"""Loopback servers for tests: a real `oxigraph serve` with fixture data, and a fault-injecting proxy before it."""

import atexit
import http.server
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import deque
from collections.abc import Callable
from pathlib import Path

OXIGRAPH = Path(sys.executable).parent / "oxigraph"
RDF_TYPES = {".ttl": "text/turtle", ".nt": "application/n-triples"}
# A query containing this text "times out" at the proxy unless it is a partition (deterministic, no clock races).
SLOW_MARKER = "biographies_by_gender"
ERRORS = Path(__file__).parent / "fixtures" / "errors"
# Engine error faults: (HTTP status, content type, the body's file in tests/fixtures/errors/).
ENGINE_ERRORS = {
    "blazegraph-400": (400, "text/plain", "blazegraph_malformed.txt"),
    "blazegraph-500": (500, "text/plain", "blazegraph_malformed.txt"),
    "blazegraph-eval": (500, "text/plain", "blazegraph_evaluation.txt"),
    "blazegraph-timeout": (500, "text/plain", "blazegraph_timeout.txt"),
    "qlever-400": (400, "application/json", "qlever_error.json"),
}
JSON_TYPE = "application/sparql-results+json"
# What WDQS writes after the rows it had when the query's time ran out (the HTTP status was 200 long before).
CUT_TAIL = b"\njava.util.concurrent.TimeoutException\n"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class AnsweringHandler(http.server.BaseHTTPRequestHandler):
    """A request handler with one helper to send a whole answer: status, type, length, extra headers, body."""

    def _answer(self, status: int, kind: str, content: bytes, headers: dict | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(content)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(content)


class OxigraphServer:
    """`oxigraph serve` in memory on a free loopback port, filled over HTTP; stopped by its process id."""

    def __init__(self, data: Path) -> None:
        self.port = free_port()
        self.process = subprocess.Popen(
            [str(OXIGRAPH), "serve", "--bind", f"127.0.0.1:{self.port}"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self.url = f"http://127.0.0.1:{self.port}/query"
        atexit.register(self.stop)  # even when a test fails before its own stop, no server outlives the run
        deadline = time.monotonic() + 20
        while True:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    break
            except OSError:
                if time.monotonic() > deadline or self.process.poll() is not None:
                    self.stop()
                    raise RuntimeError("oxigraph serve did not start") from None
                time.sleep(0.05)
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.port}/store?default",
            data=data.read_bytes(),
            headers={"Content-Type": RDF_TYPES[data.suffix]},
            method="POST",
        )
        with urllib.request.urlopen(request, timeout=60) as response:
            assert response.status in (200, 201, 204)

    def stop(self) -> None:
        if self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=10)


class FaultProxy:
    """A loopback HTTP proxy in front of a SPARQL server that answers with queued faults, then passes through.

    Faults: "429" (Retry-After 7), "429-long" (Retry-After 3600), "500", "502", "503", "truncate" (200 with cut
    JSON), "html" (200 text/html), "drop" (closes the connection), "redirect" (302 elsewhere), "qlever" and
    "qlever-cut" (QLever's declared total, with all rows or half of them), "hang" (answers nothing until the
    proxy stops: the client's own timeout), "slow" (every query containing SLOW_MARKER and no
    partition filter gets a truncated 200, like a server-side timeout).

    Bad answers: "negative" and "abc" (every integer negated or made `abc`), "empty" (0 rows), "short" (a
    Content-Length above the body, then the connection closes), "nested" (JSON nested 100,000 deep), "garbage"
    (50 MB of bytes labelled as results), "garbage-unsized" (2 MB of them, no Content-Length), "html-json" (an
    HTML page labelled as results), "429-700" (Retry-After 700), and the engine errors of ENGINE_ERRORS.

    Time budget: with `budget` set to B seconds, an answer not ready within B seconds (the upstream's own time
    plus `cost(query)`, simulated engine seconds) comes back as WDQS sends it: HTTP 200 with the body cut."""

    def __init__(self, upstream: str) -> None:
        self.upstream = upstream
        self.faults: deque[str] = deque()
        self.slow = False
        self.budget: float | None = None
        self.cost: Callable[[str], float] = lambda query: 0.0
        # With `exclusive`, one upstream query at a time: a request waits until the engine has finished the query
        # before it (also one whose answer the budget cut), and its budget starts then. WDQS cancels a query at
        # its limit; `oxigraph serve` does not, so without this a cut query keeps its cores from the next one.
        self.exclusive = False
        self.engine = threading.Lock()
        self.cut: list[str] = []  # the query text of every answer the budget cut
        self.requests: list[str] = []  # the query text of every request that reached the proxy
        self.released = threading.Event()  # a "hang" lasts until this is set (at stop at the latest)
        proxy = self

        class Handler(AnsweringHandler):
            def log_message(self, *args: object) -> None:  # quiet
                pass

            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                query = urllib.parse.parse_qs(body.decode("utf-8")).get("query", [""])[0]
                proxy.requests.append(query)
                fault = proxy.faults.popleft() if proxy.faults else None
                if fault is None and proxy.slow and SLOW_MARKER in query and "?partition >=" not in query:
                    fault = "truncate"
                if fault == "hang":
                    proxy.released.wait(30)
                    return
                if fault == "drop":
                    self.connection.shutdown(socket.SHUT_RDWR)
                    return
                if fault in ENGINE_ERRORS:
                    status, kind, name = ENGINE_ERRORS[fault]
                    self._answer(status, kind, (ERRORS / name).read_bytes())
                    return
                if fault in ("nested", "garbage", "garbage-unsized", "html-json", "short"):
                    self._bad(fault)
                    return
                if fault in ("429", "429-long", "429-700"):
                    wait = {"429": "7", "429-long": "3600", "429-700": "700"}[fault]
                    self._answer(429, "text/plain", b"Too Many Requests", {"Retry-After": wait})
                    return
                if fault in ("500", "502", "503"):
                    self._answer(int(fault), "text/plain", b"upstream trouble")
                    return
                if fault == "timeout-500":
                    self._answer(500, "text/plain", b"java.util.concurrent.TimeoutException")
                    return
                if fault == "redirect":
                    self._answer(302, "text/plain", b"", {"Location": "http://example.org/sparql"})
                    return
                answer = self._within_budget(body, query) if proxy.budget is not None else self._forward(body)
                if answer is None:  # the server is stopped: answer as a reverse proxy would
                    self._answer(502, "text/plain", b"Bad Gateway")
                    return
                status, kind, content = answer
                if fault == "truncate":
                    content = content[: max(20, len(content) // 2)] + b"The SPARQL operation has been cancelled"
                if fault in ("qlever", "qlever-cut"):  # QLever's count of the whole result, with the rows
                    answer = json.loads(content)
                    rows = len(answer["results"]["bindings"])
                    if fault == "qlever-cut":
                        answer["results"]["bindings"] = answer["results"]["bindings"][: rows // 2]
                    answer["meta"] = {"result-size-total": rows, "query-time-ms": 3}
                    content = json.dumps(answer).encode()
                if fault == "html":
                    kind, content = "text/html", b"<html>maintenance</html>"
                if fault in ("negative", "abc", "empty"):
                    content = _spoiled(content, fault)
                self._answer(status, kind, content)

            def _forward(self, body: bytes) -> tuple[int, str, bytes] | None:
                forwarded = urllib.request.Request(
                    proxy.upstream,
                    data=body,
                    headers={k: v for k, v in self.headers.items() if k.lower() in ("content-type", "accept")},
                    method="POST",
                )
                try:
                    with urllib.request.urlopen(forwarded, timeout=60) as response:
                        return response.status, response.headers["Content-Type"], response.read()
                except urllib.error.HTTPError as err:
                    return err.code, err.headers["Content-Type"], err.read()
                except urllib.error.URLError:
                    return None

            def _within_budget(self, body: bytes, query: str) -> tuple[int, str, bytes] | None:
                """The upstream's answer if it is ready within the budget, else a 200 with a cut body."""
                assert proxy.budget is not None
                if proxy.exclusive:
                    proxy.engine.acquire()  # released when the upstream has answered, cut or not
                started = time.monotonic()
                if proxy.cost(query) >= proxy.budget:  # it cannot finish: spare the upstream the work
                    if proxy.exclusive:
                        proxy.engine.release()
                    time.sleep(proxy.budget)
                    proxy.cut.append(query)
                    return 200, JSON_TYPE, b'{\n  "head" : {\n    "vars" : [ ' + CUT_TAIL
                done: dict[str, tuple[int, str, bytes] | None] = {}

                def work() -> None:
                    try:
                        done.setdefault("answer", self._forward(body))
                    finally:
                        if proxy.exclusive:
                            proxy.engine.release()

                worker = threading.Thread(target=work, daemon=True)
                worker.start()
                worker.join(proxy.budget)
                cost = proxy.cost(query)
                if "answer" in done and time.monotonic() - started + cost <= proxy.budget:
                    time.sleep(cost)  # the simulated engine work
                    return done["answer"]
                time.sleep(max(0.0, started + proxy.budget - time.monotonic()))
                proxy.cut.append(query)
                answer = done.get("answer")
                content = answer[2] if answer else b'{\n  "head" : {\n    "vars" : [ '
                return 200, JSON_TYPE, content[: max(20, len(content) // 2)] + CUT_TAIL

            def _bad(self, fault: str) -> None:
                """A 200 labelled as results whose body is not one."""
                if fault == "nested":
                    content = b'{"head": {"vars": []}, "results": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"
                elif fault == "html-json":
                    content = b"<!DOCTYPE html><html><body>Wikidata Query Service maintenance</body></html>"
                elif fault == "short":
                    content = b'{"head": {"vars": ["n"]}, "results": {"bindings": ['
                else:
                    content = bytes(range(256)) * ((50 if fault == "garbage" else 2) * 4096)
                self.send_response(200)
                self.send_header("Content-Type", JSON_TYPE)
                if fault == "short":
                    self.send_header("Content-Length", str(len(content) + 1000))
                elif fault != "garbage-unsized":
                    self.send_header("Content-Length", str(len(content)))
                self.end_headers()
                self.wfile.write(content)
                self.wfile.flush()
                self.close_connection = True

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/query"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.released.set()
        self.server.shutdown()
        self.server.server_close()


def _spoiled(content: bytes, how: str) -> bytes:
    """A results body with every integer negated or made `abc`, or with no rows."""
    answer = json.loads(content)
    if how == "empty":
        answer["results"]["bindings"] = []
    for row in answer["results"]["bindings"]:
        for term in row.values():
            if term.get("datatype", "").endswith("#integer"):
                term["value"] = "abc" if how == "abc" else str(-int(term["value"]) - 1)  # 0 becomes -1
    return json.dumps(answer).encode()


# The maxlag error as https://www.mediawiki.org/wiki/Manual:Maxlag_parameter documents it (HTTP 200, Retry-After).
MAXLAG_ERROR = {
    "error": {
        "code": "maxlag",
        "info": "Waiting for db1: 7 seconds lagged.",
        "host": "db1",
        "lag": 7,
        "*": "See https://hr.wikipedia.org/w/api.php for API usage.",
    }
}
INVALID_REASON = "The requested page title contains invalid characters."


def mediawiki_title(text: str) -> str:
    """A title as MediaWiki normalises it for the main namespace: underscores are spaces, runs of them one,
    trimmed, the first letter upper-cased (Wikipedia's $wgCapitalLinks)."""
    name = " ".join(text.replace("_", " ").split())
    return name[:1].upper() + name[1:]


class MediaWikiStandIn:
    """A loopback stand-in for an edition's `w/api.php`: `action=query&titles=...&format=json&formatversion=2`
    answered in the documented shape (tests/fixtures/mediawiki/README.md), with queued faults.

    Faults: "429" (Retry-After 1), "429-long" (Retry-After 3600), "maxlag" (HTTP 200, an error object with code
    maxlag and Retry-After 1, as the API sends it), "500", "badjson" (a cut JSON body), "html" (a maintenance
    page), "drop" (the connection closes), "unaccounted" (an answer that omits the last asked title)."""

    def __init__(self, titles: list[str]) -> None:
        self.existing = {mediawiki_title(t): number for number, t in enumerate(titles, start=100)}
        self.faults: deque[str] = deque()
        self.requests: list[dict[str, str]] = []  # the parameters and User-Agent of every request
        stand_in = self

        class Handler(AnsweringHandler):
            def log_message(self, *args: object) -> None:  # quiet
                pass

            def do_GET(self) -> None:
                url = urllib.parse.urlsplit(self.path)
                params = dict(urllib.parse.parse_qsl(url.query, keep_blank_values=True))
                stand_in.requests.append({**params, "user_agent": self.headers.get("User-Agent", "")})
                fault = stand_in.faults.popleft() if stand_in.faults else None
                if fault == "drop":
                    self.connection.shutdown(socket.SHUT_RDWR)
                    return
                if fault in ("429", "429-long"):
                    wait = "1" if fault == "429" else "3600"
                    self._answer(429, "text/plain", b"Too Many Requests", {"Retry-After": wait})
                    return
                if fault == "500":
                    self._answer(500, "text/html", b"<html>Wikimedia Error</html>")
                    return
                if fault == "html":
                    self._answer(200, "text/html; charset=utf-8", b"<!DOCTYPE html><html>maintenance</html>")
                    return
                if fault == "maxlag":
                    body = MAXLAG_ERROR
                    self._answer(
                        200, "application/json; charset=utf-8", json.dumps(body).encode(), {"Retry-After": "1"}
                    )
                    return
                answer = json.dumps(stand_in.answer(params.get("titles", "").split("|"))).encode()
                if fault == "badjson":
                    answer = answer[: len(answer) // 2]
                if fault == "unaccounted":
                    data = json.loads(answer)
                    data["query"]["pages"] = data["query"]["pages"][:-1]
                    answer = json.dumps(data).encode()
                self._answer(200, "application/json; charset=utf-8", answer)

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/w/api.php"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def answer(self, asked: list[str]) -> dict:
        """The documented answer: `normalized` for each title the API rewrites, then one page per distinct
        title, missing ones first (negative ids in formatversion=1, listed first in 2), invalid ones flagged."""
        normalized, missing, found = [], [], []
        for title in dict.fromkeys(asked):
            if any(c in title for c in "#<>[]{}") or not title.strip():
                missing.append({"title": title, "invalidreason": INVALID_REASON, "invalid": True})
                continue
            final = mediawiki_title(title)
            if final != title:
                normalized.append({"fromencoded": False, "from": title, "to": final})
            if final in self.existing:
                found.append({"pageid": self.existing[final], "ns": 0, "title": final})
            else:
                missing.append({"ns": 0, "title": final, "missing": True})
        query: dict = {"pages": missing + sorted(found, key=lambda p: p["pageid"])}
        if normalized:
            query = {"normalized": normalized, **query}
        return {"batchcomplete": True, "query": query}

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

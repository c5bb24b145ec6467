"""Helpers for real-browser tests: a Streamlit server on a free loopback port and Debian's Chromium."""

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
]  # fmt: skip


def chromium_path() -> str:
    """Debian's chromium; in CI its absence is a failure, elsewhere a skip."""
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path:
        return path
    if os.environ.get("CI"):
        pytest.fail("chromium is not installed, and the browser test is mandatory in CI (apt-get install chromium).")
    pytest.skip("chromium is not installed (apt-get install -y --no-install-recommends chromium)")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def streamlit_server(env: dict[str, str] | None = None) -> Iterator[str]:
    """Run `streamlit run app.py` on 127.0.0.1:<free port>; yields its base URL; stops it by pid."""
    port = free_port()
    log = open(ROOT / ".pytest_cache" / f"streamlit-{port}.log", "w+") if (ROOT / ".pytest_cache").is_dir() else None  # noqa: SIM115
    server = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.address", "127.0.0.1",
         "--server.port", str(port), "--server.headless", "true", "--browser.gatherUsageStats", "false",
         "--server.fileWatcherType", "none", "--global.developmentMode", "false"],
        cwd=ROOT, env={**os.environ, **(env or {})}, stdout=log or subprocess.DEVNULL, stderr=subprocess.STDOUT,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as answer:
                    if answer.read() == b"ok":
                        break
            except OSError:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                output = ""
                if log:
                    log.seek(0)
                    output = log.read()
                pytest.fail(f"streamlit did not become healthy (exit {server.poll()}):\n{output[-3000:]}")
            time.sleep(0.2)
        yield base
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
        if log:
            log.close()


# Counts finished script runs: a run is over when stApp's script state goes from "running" to "notRunning".
WATCH_RUNS = """() => {
  if (window.__gkRuns) return;
  window.__gkRuns = {done: 0, last: 0, prev: null, started: 0};
  const app = document.querySelector("[data-testid='stApp']");
  const seen = () => {
    const state = app.getAttribute("data-test-script-state");
    if (state === "running" && window.__gkRuns.prev !== "running") window.__gkRuns.started = performance.now();
    if (state === "notRunning" && window.__gkRuns.prev === "running") {
      window.__gkRuns.done += 1;
      window.__gkRuns.last = performance.now();
    }
    window.__gkRuns.prev = state;
  };
  seen();
  new MutationObserver(seen).observe(app, {attributes: true, attributeFilter: ["data-test-script-state"]});
}"""


def idle(page: object, timeout: float = 60_000) -> None:
    """Wait until the app's script is not running (and the page's elements are drawn)."""
    page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']", timeout=timeout)


def timed_change(page: object, action: object, timeout: float = 60_000, runs: list | None = None) -> float:
    """Seconds from a control change (`action()`) until the rerun it starts has finished in the browser; the
    seconds the app showed as running (the server's rerun, as the browser saw it) are appended to `runs`."""
    page.wait_for_selector("[data-testid='stApp']", timeout=timeout)
    page.evaluate(WATCH_RUNS)
    before = page.evaluate("() => [window.__gkRuns.done, performance.now()]")
    action()
    page.wait_for_function(f"() => window.__gkRuns.done > {before[0]}", timeout=timeout)
    idle(page, timeout)
    last, started = page.evaluate("() => [window.__gkRuns.last, window.__gkRuns.started]")
    if runs is not None:
        runs.append((last - max(started, before[1])) / 1000)
    return (last - before[1]) / 1000


QUIET = """(quiet) => {
  const app = document.querySelector("[data-testid='stApp']");
  const now = performance.now();
  if (!app || app.getAttribute("data-test-script-state") !== "notRunning") { window.__gkQuiet = null; return false; }
  if (window.__gkQuiet == null) window.__gkQuiet = now;
  return now - window.__gkQuiet >= quiet;
}"""


def settle(page: object, quiet_ms: int = 800, timeout: float = 60_000) -> None:
    """Wait until the app's script has not been running for `quiet_ms` (a page opening may show "notRunning"
    before its first run starts, so one look at the state is not enough)."""
    page.evaluate("() => { window.__gkQuiet = null; }")
    page.wait_for_function(QUIET, arg=quiet_ms, timeout=timeout, polling=50)


def timed_open(page: object, url: str, ready: str, timeout: float = 60_000, quiet_ms: int = 800) -> float:
    """Seconds from asking for `url` until `ready` (a CSS selector) is visible and the app's runs are over."""
    started = time.perf_counter()
    page.goto(url, wait_until="domcontentloaded")
    page.wait_for_selector(ready, timeout=timeout)
    settle(page, quiet_ms, timeout)
    return time.perf_counter() - started - quiet_ms / 1000


def combobox(page: object, label: str) -> object:
    """The text input of a selectbox or multiselect, found by its label as a person reads it."""
    return page.get_by_role("combobox", name=label, exact=True)


def pick(page: object, label: str, typed: str, option: object, runs: list | None = None) -> float:
    """Choose `option` (an option's text, or a compiled pattern) in the selectbox or multiselect labelled `label`
    by typing `typed` into it, as a person would; closes the list and returns the seconds of the rerun."""
    box = combobox(page, label)
    box.click()
    box.fill("")  # a selectbox's input holds its current value's text
    box.press_sequentially(typed)
    choice = page.get_by_role("option", name=option, exact=True) if isinstance(option, str) else None
    choice = choice or page.get_by_role("option", name=option)
    seconds = timed_change(page, lambda: choice.first.click(), runs=runs)
    if box.get_attribute("aria-expanded") == "true":
        box.press("Escape")  # a multiselect keeps its list open after a pick
    # The list must be closed before the next click: a click while it is open only closes it (the walk's
    # checkbox after the occupations pick then changed nothing, and its rerun never came).
    expect(box).not_to_have_attribute("aria-expanded", "true", timeout=10_000)
    return seconds


def chosen(page: object, label: str) -> list[str]:
    """The values a multiselect labelled `label` shows as chosen (its tags), or a selectbox's shown value."""
    widget = page.locator("[data-testid='stMultiSelect'], [data-testid='stSelectbox']").filter(
        has=combobox(page, label)
    )
    tags = widget.locator("[data-tag] [title]")
    if tags.count():
        return [tags.nth(n).get_attribute("title") for n in range(tags.count())]
    return [combobox(page, label).input_value()]

"""Politeness toward public endpoints: one request at a time per endpoint on this machine, spaced, with waits told."""

import fcntl
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from urllib.parse import urlsplit

from gapkit.errors import BadInput
from gapkit.settings import BUILTIN_ENDPOINTS, PLACEHOLDER_CONTACT
from gapkit.store import ProgressCallback


@dataclass(frozen=True)
class Politeness:
    """How gently gapkit asks: spacing, the retry budget per query, backoff, and the longest wait it accepts."""

    min_interval: float = 1.0  # seconds between two requests to one endpoint, across every gapkit process
    attempts: int = 4  # requests per query at most, retries included (429, 5xx, dropped connections)
    backoff: float = 2.0  # first wait after a 5xx; doubled each time, with jitter
    max_wait: float = 600.0  # a Retry-After longer than this is an error, not a wait
    timeout: float = 65.0  # client-side: WDQS stops a query at 60 s
    cooldown: float = 60.0  # after a query spent its budget, later queries try once for this long


# Hosts of the shared public services, whatever name an operator gives them in gapkit.toml.
PUBLIC_HOSTS = tuple(urlsplit(url).hostname or "" for url in BUILTIN_ENDPOINTS.values())
PUBLIC_DOMAINS = (".wikidata.org", ".wikimedia.org", ".wmcloud.org")


def is_public(endpoint: str, url: str = "") -> bool:
    """Whether a request goes to a shared public service (by built-in name or by host)."""
    host = (urlsplit(url).hostname or "").lower()
    return endpoint in BUILTIN_ENDPOINTS or host in PUBLIC_HOSTS or host.endswith(PUBLIC_DOMAINS)


def check_user_agent(endpoint: str, user_agent: str, url: str = "") -> None:
    """Wikimedia's policy: a User-Agent naming the tool and a way to reach its operator; refuse the placeholder."""
    if not is_public(endpoint, url):
        return
    if PLACEHOLDER_CONTACT in user_agent or not ("@" in user_agent or "://" in user_agent):
        raise BadInput(
            f"Set your contact in the user_agent setting before querying {endpoint} (Wikimedia's User-Agent policy): "
            'put user_agent = "gapkit/0.1 (you@example.org)" in the gapkit.toml named by GAPKIT_CONFIG.'
        )


class EndpointLock:
    """An exclusive lock file per endpoint beside the HTTP cache, holding the time of the last request.

    Every gapkit process (each Streamlit session, the CLI, workers) takes it around each request, so a whole
    deployment is one polite client, as the services expect."""

    def __init__(
        self,
        cache_path: Path,
        endpoint: str,
        policy: Politeness,
        clock: Callable[[], float],
        sleep: Callable[[float], None],
        progress: ProgressCallback | None = None,
    ) -> None:
        safe = re.sub(r"[^A-Za-z0-9_.-]", "_", endpoint)
        self.path = Path(cache_path).with_name(f"{Path(cache_path).name}.{safe}.lock")
        self.policy, self.clock, self.sleep, self.progress = policy, clock, sleep, progress
        self._fd: int | None = None

    def __enter__(self) -> "EndpointLock":
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        fcntl.flock(self._fd, fcntl.LOCK_EX)
        text = os.pread(self._fd, 64, 0).decode("ascii", "replace").strip()
        try:
            last = float(text)
        except ValueError:
            last = 0.0
        wait = last + self.policy.min_interval - self.clock()
        if wait > 0:
            if self.progress:
                self.progress(f"Waiting {wait:.1f} s between requests to the endpoint", None)
            self.sleep(wait)
        return self

    def __exit__(self, kind: type | None, err: BaseException | None, tb: TracebackType | None) -> None:
        assert self._fd is not None
        stamp = f"{self.clock():.3f}".encode("ascii").ljust(64)
        os.pwrite(self._fd, stamp, 0)
        fcntl.flock(self._fd, fcntl.LOCK_UN)
        os.close(self._fd)
        self._fd = None

"""Politeness toward public endpoints: one request at a time per endpoint on this machine, spaced, with waits told."""

import fcntl
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from urllib.parse import urlsplit

from gapkit.errors import BadInput, SourceError
from gapkit.model.settings import BUILTIN_ENDPOINTS, PLACEHOLDER_CONTACT
from gapkit.stores.store import ProgressCallback


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
PUBLIC_DOMAINS = (".wikidata.org", ".wikimedia.org", ".wmcloud.org", ".wikipedia.org")


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
    """An exclusive lock file per endpoint beside the HTTP cache: the time of the last request and the end of
    the last HTTP 429's Retry-After, so that every process waits both out (or refuses a wait too long).

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
        self.name = endpoint
        self._fd: int | None = None
        self._quiet = 0.0

    def hold(self, until: float) -> None:
        """The endpoint asked for silence (HTTP 429) until this time: every process keeps it."""
        self._quiet = max(self._quiet, until)

    def __enter__(self) -> "EndpointLock":
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        fcntl.flock(self._fd, fcntl.LOCK_EX)
        fields = os.pread(self._fd, 64, 0).decode("ascii", "replace").split()
        try:
            last, self._quiet = float(fields[0]), float(fields[1]) if len(fields) > 1 else 0.0
        except (ValueError, IndexError):
            last, self._quiet = 0.0, 0.0
        now = self.clock()
        told = self._quiet - now
        if told > self.policy.max_wait:
            self._release()
            raise SourceError(
                f"The endpoint {self.name} asked gapkit to wait (HTTP 429) for {told:.0f} s more; gapkit sends "
                "nothing until then."
            )
        wait = max(last + self.policy.min_interval - now, told)
        if wait > 0:
            if self.progress:
                why = "as the endpoint asked (HTTP 429)" if told >= wait else "between requests to the endpoint"
                self.progress(f"Waiting {wait:.1f} s {why}", None)
            self.sleep(wait)
        return self

    def __exit__(self, kind: type | None, err: BaseException | None, tb: TracebackType | None) -> None:
        assert self._fd is not None
        stamp = f"{self.clock():.3f} {self._quiet:.3f}".encode("ascii").ljust(64)
        os.pwrite(self._fd, stamp, 0)
        self._release()

    def _release(self) -> None:
        assert self._fd is not None
        fcntl.flock(self._fd, fcntl.LOCK_UN)
        os.close(self._fd)
        self._fd = None

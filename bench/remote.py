"""Remote path numbers on the bundled sample: local vs `oxigraph serve` cold (cache miss) and warm (cache hit).

python bench/remote.py [--repeat 3]
Prints, per figure: requests sent (counted at a pass-through proxy), local, cold and warm medians and the
cold/local ratio; then a figure run in 10 partitions against its local twin, and the endpoint stopped.
Cold runs use the default politeness (1 s between requests), as users get it.
"""

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from gapkit.errors import SourceError  # noqa: E402
from gapkit.figures.base import request  # noqa: E402 (after the path is set)
from gapkit.figures.registry import make, spec_of  # noqa: E402
from gapkit.model.settings import load_settings  # noqa: E402
from gapkit.sources.remote import RemoteEndpoint  # noqa: E402
from gapkit.sources.resolve import open_store_endpoint  # noqa: E402
from gapkit.stores.export import export_ntriples  # noqa: E402
from gapkit.stores.store import SAMPLE_STORE, read_manifest  # noqa: E402
from tests.servers import FaultProxy, OxigraphServer  # noqa: E402

FIGURES: dict[str, Callable] = {
    "gender, all editions": lambda ep: make(ep, request("gender")),
    "region by gender, en+hr": lambda ep: make(ep, request("region", ["en", "hr"], by_gender=True)),
    "decades, all editions": lambda ep: make(ep, request("decade")),
    "occupations top 10, en": lambda ep: make(ep, request("occupation", ["en"], top=10)),
    "coverage, hr": lambda ep: make(ep, request("coverage", ["hr"])),
    "missing P27, all": lambda ep: make(ep, request("missing", None, prop="P27")),
    "worklist hr, 100": lambda ep: make(ep, request("worklist", "hr", limit=100, this_year=2026)),
}


def endpoint(folder: Path, url: str) -> RemoteEndpoint:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "gapkit.toml").write_text(
        f'cache_path = "{folder / "http.sqlite"}"\nuser_agent = "gapkit-bench/0.1 (bench@example.org)"\n'
    )
    return RemoteEndpoint("bench", url, load_settings({"GAPKIT_CONFIG": str(folder / "gapkit.toml")}))


def seconds(run: Callable[[], object]) -> float:
    start = time.perf_counter()
    run()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="gapkit-bench-remote-"))
    plain = work / "sample.nt"
    export_ntriples(read_manifest(SAMPLE_STORE), plain)
    local = open_store_endpoint(read_manifest(SAMPLE_STORE))
    server = OxigraphServer(plain)
    proxy = FaultProxy(server.url)
    try:
        print(f"{'figure':<26}{'requests':>9}{'local s':>9}{'cold s':>9}{'warm s':>9}{'cold/local':>11}")
        for label, make in FIGURES.items():
            make(local)  # the store is loaded once, before timing
            local_s = statistics.median(seconds(lambda: make(local)) for _ in range(args.repeat))  # noqa: B023
            cold, warm = [], []
            for n in range(args.repeat):
                ep = endpoint(work / f"{label[:8]}-{n}", proxy.url)
                before = len(proxy.requests)
                cold.append(seconds(lambda: make(ep)))  # noqa: B023 (called at once)
                sent = len(proxy.requests) - before
                warm.append(seconds(lambda: make(ep)))  # noqa: B023 (called at once)
            cold_s, warm_s = statistics.median(cold), statistics.median(warm)
            print(f"{label:<26}{sent:>9}{local_s:>9.3f}{cold_s:>9.3f}{warm_s:>9.3f}{cold_s / local_s:>11.1f}")

        proxy.slow = True  # the gender aggregate "times out" whole, so it runs in 10 partitions
        ep = endpoint(work / "partitioned", proxy.url)
        before = len(proxy.requests)
        split_s = seconds(lambda: make(ep, request("gender")))
        local_s = seconds(lambda: spec_of("gender").compute(local, request("gender")))
        print(f"partitioned gender, all editions: {len(proxy.requests) - before} requests, {split_s:.2f} s "
              f"(local twin {local_s:.3f} s, ratio {split_s / local_s:.0f})")  # fmt: skip
        proxy.slow = False

        ep = endpoint(work / "stopped", server.url)
        make(ep, request("gender", ["hr"]))
        server.stop()
        start = time.perf_counter()
        try:
            make(ep, request("gender", ["en"]))
        except SourceError as err:
            print(f"endpoint stopped, never asked: {time.perf_counter() - start:.1f} s, then: {err}")
        for key in list(ep.session.cache.responses.keys()):  # age every answer so a new request is needed
            response = ep.session.cache.responses[key]
            response.expires = response.created_at
            ep.session.cache.responses[key] = response
        start = time.perf_counter()
        stale = make(ep, request("gender", ["hr"]))
        print(f"endpoint stopped, cached before: {time.perf_counter() - start:.1f} s, {stale.provenance.line()}")
    finally:
        proxy.stop()
        server.stop()


if __name__ == "__main__":
    main()

"""Remote splits at 200k SYNTHETIC people (issue #15): `oxigraph serve` behind the time-budget proxy, each figure
equal to the local columnar store, with the parts, requests and time it took.

python bench/budget.py [--people 200000] [--budget 4] [--work DIR]
Builds (once) a SYNTHETIC store with `store synth` and its N-Triples export under --work, serves the export with
`oxigraph serve` (in memory, on loopback), puts the test proxy's time budget before it (an answer not ready within
B seconds comes back as HTTP 200 with a cut body, as WDQS sends it), and runs each figure on a fresh HTTP cache
with no spacing between requests (the 1 s default would add a second per request). Prints one row per query file
of each figure and writes bench/results/budget.csv. SYNTHETIC data: no figure here is a real-world figure.
"""

import argparse
import csv
import os
import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import pandas as pd  # noqa: E402

from gapkit.errors import GapkitError  # noqa: E402
from gapkit.figures.base import request  # noqa: E402 (after the path is set)
from gapkit.figures.registry import make  # noqa: E402
from gapkit.model.filters import make_filters  # noqa: E402
from gapkit.model.settings import load_settings  # noqa: E402
from gapkit.sources.politeness import Politeness  # noqa: E402
from gapkit.sources.remote import RemoteEndpoint  # noqa: E402
from gapkit.sources.resolve import open_store_endpoint  # noqa: E402
from gapkit.stores.store import read_manifest  # noqa: E402
from tests.servers import FaultProxy, OxigraphServer  # noqa: E402

FIGURES: dict[str, Callable] = {
    "gender, all editions, women born 1900-1999": lambda ep: make(
        ep, request("gender", filters=make_filters(gender="women", born_from=1900, born_to=1999))
    ),
    "region by gender, en+de+hr, citizens of Q183 or Q142": lambda ep: make(
        ep, request("region", ["en", "de", "hr"], by_gender=True, filters=make_filters(country=["Q183", "Q142"]))
    ),
    "unfiltered worklist hr, K=3, 500": lambda ep: make(
        ep, request("worklist", "hr", min_articles=3, limit=500, this_year=2026)
    ),
    "worklist hr, K=3, women, 500": lambda ep: make(
        ep, request("worklist", "hr", min_articles=3, limit=500, this_year=2026, filters=make_filters(gender="women"))
    ),
}


def store(work: Path, people: int) -> tuple[Path, Path]:
    """The SYNTHETIC store and its N-Triples export, built once."""
    folder, plain = work / f"synth-{people // 1000}k", work / f"synth-{people // 1000}k.nt"
    python = sys.executable
    if not folder.is_dir():
        os.system(f"{python} -m gapkit store synth --people {people} --seed 1 --out {folder}")
    if not plain.is_file():
        os.system(f"{python} -m gapkit store export {folder} --format nt --out {plain}")
    return folder, plain


def endpoint(folder: Path, url: str) -> RemoteEndpoint:
    """A remote endpoint with a fresh HTTP cache and no spacing between requests."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "gapkit.toml").write_text(
        f'cache_path = "{folder / "http.sqlite"}"\nuser_agent = "gapkit-bench/0.1 (bench@example.org)"\n'
    )
    settings = load_settings({"GAPKIT_CONFIG": str(folder / "gapkit.toml")})
    return RemoteEndpoint("budget", url, settings, policy=Politeness(min_interval=0.0))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--people", type=int, default=200_000)
    parser.add_argument("--budget", type=float, default=4.0)
    parser.add_argument("--work", type=Path, default=ROOT / "bench" / "stores" / "splits")
    parser.add_argument("--only", nargs="*", help="figures whose label starts with one of these words")
    parser.add_argument(
        "--exclusive", action="store_true", help="one upstream query at a time (a cut one finishes before the next)"
    )
    args = parser.parse_args()
    folder, plain = store(args.work, args.people)
    local = open_store_endpoint(read_manifest(folder), engine="columnar")
    started = time.perf_counter()
    server = OxigraphServer(plain)
    print(
        f"SYNTHETIC {args.people:,} people: oxigraph serve loaded {plain.name} in {time.perf_counter() - started:.0f} s"
    )
    proxy = FaultProxy(server.url)
    proxy.budget, proxy.exclusive = args.budget, args.exclusive
    rows = []
    try:
        for number, (label, run) in enumerate(FIGURES.items()):
            if args.only and not any(label.startswith(word) for word in args.only):
                continue
            rows += measure(label, run, local, endpoint(args.work / f"budget-cache-{os.getpid()}-{number}", proxy.url))
    finally:
        proxy.stop()
        server.stop()
    out = ROOT / "bench" / "results" / "budget.csv"
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    print(f"load average {os.getloadavg()[0]:.1f} {os.getloadavg()[1]:.1f} {os.getloadavg()[2]:.1f}; wrote {out}")


def measure(label: str, run: Callable, local: object, remote: RemoteEndpoint) -> list[dict[str, object]]:
    """One figure through the budget and on the local store: equal or not, and per query file how it ran."""
    started = time.perf_counter()
    try:
        through = run(remote)
    except GapkitError as err:
        spent = time.perf_counter() - started
        print(
            f"{label}: FAILED after {spent:.0f} s, {remote.requests_sent} requests ({remote.timeouts_seen} ran out of "
            f"time): {err}"
        )
        return [
            {
                "figure": label,
                "query": "",
                "parts": "",
                "requests": remote.requests_sent,
                "timeouts": remote.timeouts_seen,
                "seconds": round(spent, 1),
                "equal": f"failed: {err}",
            }
        ]
    except Exception:  # a benchmark reports and goes on
        traceback.print_exc()
        return []
    total = time.perf_counter() - started
    want = run(local)
    try:
        pd.testing.assert_frame_equal(through.frame, want.frame)
        equal = getattr(through, "total", None) == getattr(want, "total", None)
    except AssertionError as err:
        print(str(err)[:400])
        equal = False
    print(f"{label}: {total:.1f} s, equal to the local store: {equal}, {through.provenance.partitions} parts at most")
    rows = []
    for query in through.queries:
        print(
            f"  {query.name:<30}{query.parts:>6} parts{query.requests:>6} requests{query.timeouts:>5} cut"
            f"{query.seconds:>9.1f} s"
        )
        rows.append(
            {
                "figure": label,
                "query": query.name,
                "parts": query.parts,
                "requests": query.requests,
                "timeouts": query.timeouts,
                "seconds": query.seconds,
                "equal": equal,
            }
        )
    return rows


if __name__ == "__main__":
    main()

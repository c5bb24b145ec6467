"""Columnar store build rates: the CSV sample, and SYNTHETIC stores through the writer's N-Triples path.

python bench/store_build.py [--csv ../shared/data] [--people 200000 ...]
Prints, per build: people, triples, wall and CPU seconds, people/s and triples/s (wall), peak memory and the
load average (2 cores shared: wall time grows with the load; CPU time is the steadier figure).
"""

import argparse
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from gapkit.builders.from_csv import build_from_csv  # noqa: E402 (after the path is set)
from gapkit.builders.synth import build_synthetic  # noqa: E402
from gapkit.stores.store import Manifest  # noqa: E402


def timed(label: str, build) -> None:
    """Run one build and print its row."""
    wall, cpu = time.perf_counter(), time.process_time()
    ref = build()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    counts = ref.manifest.counts
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    print(
        f"| {label} | {counts['people']:,} | {counts['triples']:,} | {wall:.1f} | {cpu:.1f} | "
        f"{counts['people'] / wall:,.0f} | {counts['triples'] / wall:,.0f} | {counts['triples'] / cpu:,.0f} | "
        f"{peak:,} | {os.getloadavg()[0]:.1f} |",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--csv", default=str(ROOT.parent / "shared" / "data"), help="a CSV-layout directory")
    parser.add_argument("--people", type=int, nargs="*", default=[200_000], help="SYNTHETIC store sizes")
    args = parser.parse_args()
    print("| build | people | triples | wall s | CPU s | people/s | triples/s | triples/CPU s | peak MiB | load |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as work:
        manifest = Manifest(source="bench", description="bench", data_date="bench", synthetic=False,
                            representative=False, counts={})  # fmt: skip
        if Path(args.csv).is_dir():
            timed("CSV sample", lambda: build_from_csv(args.csv, Path(work) / "csv", manifest))
        for people in args.people:
            timed(f"SYNTHETIC {people:,}", lambda n=people: build_synthetic(n, 1, Path(work) / f"synth{n}"))


if __name__ == "__main__":
    main()

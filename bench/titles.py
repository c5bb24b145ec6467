"""Existing-page check: stream a SYNTHETIC all-titles-in-ns0 gzip of N titles against 10,000 candidates' labels.

python bench/titles.py --titles 1000000 4000000
Prints titles, matches, seconds, titles/s and the peak memory Python allocated while streaming (tracemalloc), for
each size: the peak should not grow with the number of titles (all SYNTHETIC data).
"""

import argparse
import gzip
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from gapkit.figures.existing_pages import existing_titles, find_titles, wanted_keys  # noqa: E402
from gapkit.sources.titles import read_titles  # noqa: E402

CANDIDATES = 10_000


def write_titles(path: Path, count: int) -> None:
    """A SYNTHETIC titles dump: the header, then `count` titles, every 1,000th one a candidate's label."""
    with gzip.open(path, "wt", encoding="utf-8", compresslevel=1) as out:
        out.write("page_title\n")
        for number in range(count):
            label = f"Person_{number // 1000}" if number % 1000 == 0 else f"Synthetic_page_{number}"
            out.write(label + "\n")


def run(count: int, directory: Path) -> None:
    """Time one streamed check and print its line."""
    path = directory / f"synthwiki-{count}-all-titles-in-ns0.gz"
    write_titles(path, count)
    labels = {f"Q{n}": (f"Person {n}", f"Persona {n}") for n in range(1, CANDIDATES + 1)}
    tracemalloc.start()
    started = time.perf_counter()
    keys = wanted_keys(labels)
    with path.open("rb") as handle:
        found, read = find_titles(keys, read_titles(handle, path.name))
    matches = len(existing_titles(labels, found))
    seconds = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    print(f"SYNTHETIC {read:,} titles, {matches:,} matches, {seconds:.1f} s, {read / seconds:,.0f} titles/s, "
          f"peak {peak / 2**20:.1f} MiB")  # fmt: skip


def main() -> None:
    """Parse the sizes and run each."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--titles", type=int, nargs="+", default=[1_000_000, 4_000_000])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory:
        for count in args.titles:
            run(count, Path(directory))


if __name__ == "__main__":
    main()

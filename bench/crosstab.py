"""The cross-tab figure timed on one store: every axis pair for a few editions, then with a filter and a baseline.

python bench/crosstab.py --store STORE [--engine columnar|sparql] [--editions hr,en] [--runs 3]
`first` is the pair's first call in this process after the store is opened; `again` the median of the later
calls (the figure functions have no cache; the app's st.cache_data is not measured); the heat map's PNG is
timed once per pair. On a synthetic store every number is SYNTHETIC data. Reports, never asserts.
"""

import argparse
import itertools
import os
import resource
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def timed(call) -> tuple[float, object]:
    """Seconds one call takes, and what it returned."""
    start = time.perf_counter()
    result = call()
    return time.perf_counter() - start, result


def main() -> None:
    """Print one row per view: first call, median of the others, cells, PNG time, peak MiB; then the load."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--store", required=True)
    parser.add_argument("--engine", default="columnar")
    parser.add_argument("--editions", default="hr,en")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    from gapkit.figures.crosstab import AXES, crosstab_by_edition
    from gapkit.model.filters import make_filters
    from gapkit.outputs.heatmap import crosstab_heatmap
    from gapkit.outputs.images import chart_png
    from gapkit.sources.resolve import open_store_endpoint
    from gapkit.stores.store import read_manifest

    ep = open_store_endpoint(read_manifest(Path(args.store)), engine=args.engine)
    editions = args.editions.split(",")
    views = {f"{a} x {b}": dict(rows=a, columns=b) for a, b in itertools.combinations(AXES, 2)}
    views["region x occupation, women born 1900-1999, baseline all"] = dict(
        rows="region", columns="occupation", filters=make_filters(gender="women", born_from=1900, born_to=1999),
        baseline="all",
    )  # fmt: skip
    print(f"| view ({args.engine}, {','.join(editions)}) | first s | again s | cells | png s |")
    print("|---|---|---|---|---|")
    for name, options in views.items():
        first, figure = timed(lambda o=options: crosstab_by_edition(ep, editions, **o))
        again = [timed(lambda o=options: crosstab_by_edition(ep, editions, **o))[0] for _ in range(args.runs - 1)]
        png, _ = timed(lambda f=figure: chart_png(crosstab_heatmap(f)))
        cells = len(figure.frame) // 4
        median = f"{statistics.median(again):.3f}" if again else ""
        print(f"| {name} | {first:.3f} | {median} | {cells:,} | {png:.2f} |")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\npeak {peak:,.0f} MiB; load average {', '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()

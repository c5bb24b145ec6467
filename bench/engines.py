"""Both local engines side by side on one store: each view timed on the columnar engine (SQL twins on DuckDB)
and on the sparql engine (the store's export in in-memory pyoxigraph), with their frames checked equal.

python bench/engines.py --store STORE [--runs 3] [--skip-sparql]
Columnar times are medians of --runs after one cold run; the sparql engine runs each view once (its load is a
row of its own). On a synthetic store every number is SYNTHETIC data.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def views():
    """The views of issue #13's targets, by name."""
    from gapkit.figures.coverage import coverage_by_edition, missing_property
    from gapkit.figures.decades import decade_by_edition
    from gapkit.figures.gender import gender_by_edition
    from gapkit.figures.occupations import occupation_by_edition
    from gapkit.figures.regions import region_by_edition
    from gapkit.figures.worklist import build_worklist
    from gapkit.model.filters import make_filters

    women_europe = make_filters(gender="women", region="Q46")
    tree_living = make_filters(occupation=["Q36180"], narrower=True, living="yes", this_year=2026)
    return {
        "gender, all editions": lambda ep: gender_by_edition(ep, None),
        "gender, 8 editions, women in Europe, baseline all": lambda ep: gender_by_edition(
            ep, ["en", "de", "fr", "it", "es", "ru", "pl", "ja"], baseline="all", filters=women_europe
        ),
        "gender, all editions, occupation tree + living, baseline all": lambda ep: gender_by_edition(
            ep, None, baseline="all", filters=tree_living
        ),
        "gender, hr, countries Q142/Q30, baseline en": lambda ep: gender_by_edition(
            ep, ["hr"], baseline="en", filters=make_filters(country=["Q142", "Q30"])
        ),
        "region by gender, hr, born 1900-1999": lambda ep: region_by_edition(
            ep, ["hr"], True, filters=make_filters(born_from=1900, born_to=1999)
        ),
        "decade by gender, hr, countries Q142/Q30": lambda ep: decade_by_edition(
            ep, ["hr"], True, filters=make_filters(country=["Q142", "Q30"])
        ),
        "occupation by gender, hr, living unknown": lambda ep: occupation_by_edition(
            ep, ["hr"], True, filters=make_filters(living="unknown", this_year=2026)
        ),
        "coverage, 8 editions": lambda ep: coverage_by_edition(ep, ["en", "de", "fr", "it", "es", "ru", "pl", "ja"]),
        "fix-up list, hr, no P27": lambda ep: missing_property(ep, ["hr"], "P27"),
        "worklist hr, K=3, 500": lambda ep: build_worklist(ep, "hr", min_articles=3, this_year=2026),
        "worklist en, 10,000 with total": lambda ep: build_worklist(ep, "en", limit=10_000, this_year=2026),
        "worklist hr, sources de+fr, women in Europe": lambda ep: build_worklist(
            ep, "hr", sources=["de", "fr"], filters=women_europe, this_year=2026
        ),
    }


def timed(make, endpoint) -> tuple[float, object]:
    started = time.perf_counter()
    result = make(endpoint)
    return time.perf_counter() - started, result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", required=True)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--skip-sparql", action="store_true")
    args = parser.parse_args()
    import pandas as pd

    from gapkit.sources.resolve import open_store_endpoint
    from gapkit.stores.store import read_manifest

    ref = read_manifest(args.store)
    columnar = open_store_endpoint(ref, engine="columnar")
    sparql = None if args.skip_sparql else open_store_endpoint(ref, engine="sparql")
    synthetic = "SYNTHETIC " if ref.manifest.synthetic else ""
    print(f"{synthetic}store {ref.path.name}: {ref.manifest.counts['people']:,} people; load {os.getloadavg()[0]:.1f}")
    if sparql is not None:
        seconds, _ = timed(lambda ep: ep.store, sparql)
        print(f"| sparql engine: load the export into pyoxigraph | | {seconds:.2f} | |")
    print("| view | columnar cold | columnar warm (median) | sparql | ratio | equal |")
    print("|---|---|---|---|---|---|")
    for name, make in views().items():
        cold, got = timed(make, columnar)
        warm = statistics.median(timed(make, columnar)[0] for _ in range(args.runs))
        if sparql is None:
            print(f"| {name} | {cold:.3f} | {warm:.3f} | | | |")
            continue
        slow, want = timed(make, sparql)
        try:
            pd.testing.assert_frame_equal(got.frame, want.frame)
            equal = "yes"
        except AssertionError:
            equal = "NO"
        if hasattr(got, "total"):
            equal += "" if got.total == want.total else " (total differs)"
        print(f"| {name} | {cold:.3f} | {warm:.3f} | {slow:.2f} | {slow / warm:.0f}x | {equal} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Benchmark gapkit's figures on synthetic stores against a plain-pandas twin; prints a table, writes CSV.

python bench/run.py --people 20000 200000 1000000 [--runs 5]
Stores are built once under bench/stores/ (SYNTHETIC data) and reused. Each size runs in its own process,
so its peak memory is its own. Timings are medians of --runs (cold = the first run after loading).
"""

import argparse
import csv
import json
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

EDITIONS = ["en", "de", "fr", "it", "es", "ru", "pl", "ja"]


def _figures():
    from gapkit.figures.coverage import coverage_by_edition
    from gapkit.figures.decades import decade_by_edition
    from gapkit.figures.gender import gender_by_edition
    from gapkit.figures.occupations import occupation_by_edition
    from gapkit.figures.regions import region_by_edition
    from gapkit.figures.worklist import build_worklist

    return {
        "gender, 8 editions": lambda ep: gender_by_edition(ep, EDITIONS),
        "gender, all editions": lambda ep: gender_by_edition(ep, None),
        "region by gender, hr": lambda ep: region_by_edition(ep, ["hr"], True),
        "occupation by gender, hr": lambda ep: occupation_by_edition(ep, ["hr"], True),
        "decade by gender, hr": lambda ep: decade_by_edition(ep, ["hr"], True),
        "coverage, 8 editions": lambda ep: coverage_by_edition(ep, EDITIONS),
        "worklist hr, K=3, 500": lambda ep: build_worklist(ep, "hr", min_articles=3),
    }


def _custom():
    from gapkit.figures.regions import region_by_edition
    from gapkit.figures.worklist import build_worklist
    from gapkit.model.filters import make_filters

    women_1900s = make_filters(gender="women", born_from=1900, born_to=1999)
    return {
        "custom: region by gender, hr, women born 1900-1999": lambda ep: region_by_edition(
            ep, ["hr"], True, filters=women_1900s
        ),
        "custom: gender, 8 editions, Europe, baseline all": lambda ep: _gender(ep, make_filters(region="Q46")),
        "custom: worklist hr, women in Europe, 500": lambda ep: build_worklist(
            ep, "hr", filters=make_filters(gender="women", region="Q46")
        ),
    }


def _gender(ep, filters):
    from gapkit.figures.gender import gender_by_edition

    return gender_by_edition(ep, EDITIONS, filters=filters, baseline="all")


def _standard_views() -> dict:
    from gapkit.figures.precomputed import compute

    return {
        "standard: Overview (gender, 8 editions)": lambda ep: compute(ep, "gender", EDITIONS),
        "standard: Edition profile hr (region, occupation, decade by gender)": lambda ep: [
            compute(ep, "region", ["hr"], True),
            compute(ep, "occupation", ["hr"], True, top=15),
            compute(ep, "decade", ["hr"], True),
        ],
        "standard: Data quality (coverage, 4 editions)": lambda ep: compute(ep, "coverage", EDITIONS[:4]),
    }


def standard_views(people: int, runs: int, stores: Path) -> list[dict[str, object]]:
    """The app's standard views from precomputed figures, in a process that never loads the store."""
    from gapkit.sources.resolve import open_store_endpoint
    from gapkit.stores.store import read_manifest

    endpoint = open_store_endpoint(read_manifest(stores / f"synth-{people}"))
    rows = []
    for name, make in _standard_views().items():
        times = _timed(lambda make=make: make(endpoint), runs)
        rows.append(
            {"people": people, "what": name, "cold_s": times[0], "warm_s": statistics.median(times[1:] or times)}
        )
        _report(rows[-1])
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    for row in rows:
        row["peak_mib"] = round(peak)
        row["note"] = "store not loaded" if not endpoint.loaded else "store LOADED"
    return rows


def _timed(make, runs: int) -> list[float]:
    """Seconds of each of `runs` calls: the first is the cold one."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        make()
        times.append(time.perf_counter() - started)
    return times


def _report(row: dict[str, object]) -> None:
    """Progress on stderr as each measurement ends (large sizes take minutes)."""
    timing = ", ".join(f"{k} {v:.3f}" for k, v in row.items() if isinstance(v, float))
    print(f"  {row['people']:,} people, {row['what']}: {timing} {row.get('note', '')}", file=sys.stderr, flush=True)


def one_size(people: int, runs: int, stores: Path) -> list[dict[str, object]]:
    """Build or reuse the store of this size, then time everything in this process."""
    import pandas_twin

    from gapkit.builders.synth import build_synthetic
    from gapkit.figures import precomputed
    from gapkit.sources.endpoints import LocalEndpoint
    from gapkit.stores.export import load_pyoxigraph as load_store
    from gapkit.stores.store import read_manifest

    path = stores / f"synth-{people}"
    rows: list[dict[str, object]] = []
    if not (path / "manifest.json").is_file():
        started = time.perf_counter()
        ref = build_synthetic(people, 1, path)
        took = time.perf_counter() - started
        rate = ref.manifest.counts["triples"] / took
        rows.append({"people": people, "what": "store synth (build)", "cold_s": took, "note": f"{rate:,.0f} triples/s"})
    ref = read_manifest(path)
    started = time.perf_counter()
    store = load_store(ref)
    rows.append({"people": people, "what": "load into memory", "cold_s": time.perf_counter() - started,
                 "note": f"{ref.manifest.counts['triples']:,} triples"})  # fmt: skip
    _report(rows[-1])
    endpoint = LocalEndpoint(ref, store)
    if not (path / precomputed.FILE).is_file():  # made once per store, as `store synth` does
        started = time.perf_counter()
        precomputed.precompute(endpoint)
        rows.append({"people": people, "what": "precompute standard figures (9, every edition)",
                     "cold_s": time.perf_counter() - started})  # fmt: skip
        _report(rows[-1])
    for name, make in {**_figures(), **_custom()}.items():
        times = _timed(lambda make=make: make(endpoint), runs)
        rows.append(
            {"people": people, "what": name, "cold_s": times[0], "warm_s": statistics.median(times[1:] or times)}
        )
    started = time.perf_counter()
    values, articles = pandas_twin.extract(endpoint)
    extract_s = time.perf_counter() - started
    rows.append({"people": people, "what": "pandas: extract flat rows once", "cold_s": extract_s,
                 "note": f"{len(articles):,} article rows"})  # fmt: skip
    twins = {
        "gender, all editions": lambda: pandas_twin.gender_groups(values, articles),
        "worklist hr, K=3, 500": lambda: pandas_twin.worklist_total(articles, "https://hr.wikipedia.org/", 3),
    }
    for name, make in twins.items():
        times = _timed(make, runs)
        mine = next(r for r in rows if r["what"] == name)
        mine["pandas_s"] = statistics.median(times)
        mine["ratio"] = mine["warm_s"] / mine["pandas_s"]
        _report(mine)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux -> MiB
    for row in rows:
        row["peak_mib"] = round(peak)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--people", type=int, nargs="+", default=[20_000, 200_000])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--out", default=str(ROOT / "bench" / "results" / "bench.csv"))
    parser.add_argument("--stores", default=str(ROOT / "bench" / "stores"), help="where synthetic stores are kept")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--views", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--skip-queries", action="store_true", help="only the standard views (no store load)")
    args = parser.parse_args()
    if args.one:
        print(json.dumps(one_size(args.one, args.runs, Path(args.stores))))
        return
    if args.views:
        print(json.dumps(standard_views(args.views, args.runs, Path(args.stores))))
        return
    rows = []
    for people in args.people:
        # Each part in its own process: its peak memory is its own (the views never load the store).
        modes = ([] if args.skip_queries else ["--one"]) + ["--views"]
        for mode in modes:
            command = [sys.executable, __file__, mode, str(people), "--runs", str(args.runs), "--stores", args.stores]
            run = subprocess.run(command, stdout=subprocess.PIPE, text=True)  # progress goes straight to stderr
            if run.returncode:
                sys.exit(f"bench: the run at {people:,} people failed (see above).")
            rows += json.loads(run.stdout.strip().splitlines()[-1])
    columns = ["people", "what", "cold_s", "warm_s", "pandas_s", "ratio", "peak_mib", "note"]
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, columns)
        writer.writeheader()
        writer.writerows(rows)
    print("SYNTHETIC data. " + " | ".join(columns))
    for row in rows:
        cells = []
        for column in columns:
            value = row.get(column, "")
            cells.append(f"{value:.3f}" if isinstance(value, float) else str(value))
        print(" | ".join(cells))
    print(f"written to {out}")


if __name__ == "__main__":
    main()

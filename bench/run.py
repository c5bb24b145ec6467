"""Benchmark the columnar engine on SYNTHETIC stores: build, open, every target view, plain group-bys beside them.

python bench/run.py --people 200000 1000000 3000000 12000000 [--runs 3] [--stores DIR] [--only VIEW ...]
One table per size. Stores are built once (`store synth`, seed 1) and reused. The build, the flat read and
every view run in a fresh process of their own, so each time and peak memory is that process's own. A view's
`first` is its first call in the fresh process after the store is opened (Python's start and imports are
excluded and reported as `start`); `again` is the median of the later calls (uncached); `cached` is the
app's path: the same request through gapkit.cached (st.cache_resource), the second call timed. The ratio
divides a view's first call by the plain pandas group-by of the same figure over flat rows read from the
same store in the same run (bench/pandas_twin.py). The load average is the 1-minute one when each row was measured.
"""

import argparse
import csv
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

STARTED = time.perf_counter()  # before the heavy imports: `start` is measured from here
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

COLUMNS = [
    "people",
    "what",
    "first_s",
    "again_s",
    "cached_s",
    "start_s",
    "open_s",
    "twin_s",
    "ratio",
    "peak_mib",
    "load",
    "note",
]


def _views() -> dict[str, tuple[str | None, object]]:
    """The issue's target views: name -> (the plain group-by it is compared with, the FigureRequest)."""
    from gapkit.figures.base import request
    from gapkit.model.filters import make_filters

    writers = make_filters(occupation=["Q36180"], narrower=True)  # writer and its narrower occupations
    scientists = make_filters(occupation=["Q901"], narrower=True, living="yes")
    countries = make_filters(country=["Q142", "Q183", "Q38"], born_from=1800, born_to=1999)
    three = make_filters(country=["Q142", "Q183", "Q38"])
    women = make_filters(gender="women", born_from=1900, born_to=1999)
    return {
        "gender, all editions": ("gender", request("gender")),
        "gender, all editions, women, baseline all": (
            "gender",
            request("gender", filters=make_filters(gender="women"), baseline="all"),
        ),
        "gender, all editions, Europe, baseline en": (
            "gender",
            request("gender", filters=make_filters(region="Q46"), baseline="en"),
        ),
        "gender, all editions, France+Germany+Italy, baseline parity": (
            "gender",
            request("gender", filters=three, baseline="parity"),
        ),
        "gender, all editions, writers (tree), baseline all": (
            "gender",
            request("gender", filters=writers, baseline="all"),
        ),
        "occupation, all editions, scientists (tree) + living, baseline all": (
            "gender",
            request("occupation", filters=scientists, baseline="all"),
        ),
        "region by gender, hr, 3 countries, born 1800-1999": (
            "region",
            request("region", ["hr"], filters=countries, by_gender=True),
        ),
        "decade by gender, de, 3 countries, born 1800-1999": (
            "decade",
            request("decade", ["de"], filters=countries, by_gender=True),
        ),
        "coverage, all editions": ("coverage", request("coverage")),
        "picker options: countries and occupations, every edition": (None, request("choices")),
        "picker options with narrower: every class of the occupation tree": (
            None,
            request("choices", narrower=True),
        ),
        "fix-up list: hr, no P21": (None, request("missing", ["hr"], prop="P21")),
        "fix-up list: en, no P27": (None, request("missing", ["en"], prop="P27")),
        "worklist hr, 500": ("worklist hr", request("worklist", ["hr"])),
        "worklist en, 10,000 with total": ("worklist en", request("worklist", ["en"], limit=10_000)),
        "worklist hr, sources de+fr, women born 1900-1999": (
            "worklist hr",
            request("worklist", ["hr"], filters=women, sources=["de", "fr"]),
        ),
    }


def _peak_mib() -> int:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)  # KiB on Linux


def _load() -> float:
    return round(os.getloadavg()[0], 2)


def build(people: int, path: Path) -> dict[str, object]:
    """Build the store (in this fresh process): its time and this process's peak memory."""
    from gapkit.builders.synth import build_synthetic

    started = time.perf_counter()
    ref = build_synthetic(people, 1, path, replace=True)
    counts = ref.manifest.counts
    note = f"{counts['sitelinks']:,} articles, {counts['triples']:,} triples in the RDF"
    return {"what": "store synth (build)", "first_s": time.perf_counter() - started, "peak_mib": _peak_mib(),
            "load": _load(), "note": note}  # fmt: skip


def flat(path: Path, runs: int) -> list[dict[str, object]]:
    """Read the flat rows once, then time each plain group-by (median of `runs`)."""
    import pandas_twin as twin

    started = time.perf_counter()
    rows = twin.read_flat_rows(path)
    read = {"what": "flat rows: read from the columnar store", "first_s": time.perf_counter() - started,
            "note": f"{len(rows.population):,} edition x person rows"}  # fmt: skip
    plain = {
        "gender": lambda: twin.gender_groups(rows),
        "region": lambda: twin.region_counts(rows),
        "decade": lambda: twin.decade_counts(rows),
        "coverage": lambda: twin.coverage_counts(rows),
        "worklist hr": lambda: twin.worklist_total(rows, "https://hr.wikipedia.org/"),
        "worklist en": lambda: twin.worklist_total(rows, "https://en.wikipedia.org/"),
    }
    out = [read]
    for name, make in plain.items():
        out.append({"what": f"plain group-by: {name}", "first_s": statistics.median(_timed(make, runs))})
    for row in out:
        row.update(peak_mib=_peak_mib(), load=_load())
    return out


def _timed(make, runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        make()
        times.append(time.perf_counter() - started)
    return times


def view(name: str, path: Path, runs: int) -> dict[str, object]:
    """Open the store and time one view (in this fresh process); the first call is the one that counts. Then
    the app's cached call: the same request through gapkit.cached (st.cache_resource) twice, the second timed."""
    import pandas  # noqa: F401  (the target excludes Python's start and pandas' import)

    from gapkit.figures.registry import make
    from gapkit.sources.columnar import ColumnarEndpoint
    from gapkit.stores.store import read_manifest

    asked = _views()[name][1]
    start = time.perf_counter() - STARTED
    opened = time.perf_counter()
    endpoint = ColumnarEndpoint(read_manifest(path))
    open_s = time.perf_counter() - opened
    times = _timed(lambda: make(endpoint, asked), runs)
    peak = _peak_mib()  # before Streamlit is imported for the cached call
    return {
        "what": name,
        "first_s": times[0],
        "again_s": statistics.median(times[1:] or times),
        "cached_s": _cached(endpoint, asked),
        "start_s": start,
        "open_s": open_s,
        "peak_mib": peak,
        "load": _load(),
    }


def _cached(endpoint, asked) -> float:
    """The app's cached path: the first call through gapkit.cached.figure fills st.cache_resource, the second is
    what a rerun of the page waits (the cache finds the figure by its key and hands over the same object)."""
    import logging

    logging.getLogger("streamlit").setLevel(logging.ERROR)  # "no runtime" warnings: bare mode is meant here
    from gapkit import cached

    cached.figure(endpoint, asked)
    started = time.perf_counter()
    cached.figure(endpoint, asked)
    return time.perf_counter() - started


def _child(mode: list[str]) -> list[dict[str, object]]:
    """Run one mode of this script in a fresh process; a failure becomes a row that says so."""
    run = subprocess.run([sys.executable, __file__, *mode], capture_output=True, text=True)
    if run.returncode:
        last = (run.stderr.strip().splitlines() or ["no output"])[-1]
        return [{"what": mode[1] if mode[0] == "--view" else mode[0], "note": f"FAILED: {last[:160]}"}]
    result = json.loads(run.stdout.strip().splitlines()[-1])
    return result if isinstance(result, list) else [result]


def one_size(people: int, runs: int, stores: Path, names: list[str]) -> list[dict[str, object]]:
    """Every row of one size's table: build (when the store is missing), flat read and group-bys, views."""
    path = stores / f"synth-{people}"
    rows = [] if (path / "manifest.json").is_file() else _child(["--build", str(people), str(path)])
    rows += _child(["--flat", str(path), "--runs", str(runs)])
    twins = {row["what"].removeprefix("plain group-by: "): row.get("first_s") for row in rows}
    for name in names:
        twin = _views()[name][0]
        [row] = _child(["--view", name, str(path), "--runs", str(runs)])
        if twin and row.get("first_s") is not None and twins.get(twin):
            row["twin_s"], row["ratio"] = twins[twin], row["first_s"] / twins[twin]
        rows.append(row)
        print(_line({"people": people, **row}), file=sys.stderr, flush=True)  # large sizes take minutes
    return [{"people": people, **row} for row in rows]


def _line(row: dict[str, object]) -> str:
    cells = []
    for column in COLUMNS:
        value = row.get(column, "")
        cells.append(f"{value:.3f}" if isinstance(value, float) and column != "load" else str(value))
    return "| " + " | ".join(cells) + " |"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--people", type=int, nargs="+", default=[200_000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--out", default=str(ROOT / "bench" / "results" / "bench.csv"))
    parser.add_argument("--stores", default=str(ROOT / "bench" / "stores"), help="where the SYNTHETIC stores are kept")
    parser.add_argument("--only", nargs="+", metavar="VIEW", help="time only these views (default: every one)")
    parser.add_argument("--build", nargs=2, help=argparse.SUPPRESS)
    parser.add_argument("--flat", help=argparse.SUPPRESS)
    parser.add_argument("--view", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.build:
        print(json.dumps(build(int(args.build[0]), Path(args.build[1]))))
        return
    if args.flat:
        print(json.dumps(flat(Path(args.flat), args.runs)))
        return
    if args.view:
        print(json.dumps(view(args.view[0], Path(args.view[1]), args.runs)))
        return
    names = args.only or list(_views())
    unknown = sorted(set(names) - set(_views()))
    if unknown:
        parser.error(f"no view is called {unknown[0]!r}; the views are: {', '.join(_views())}")
    rows = []
    for people in args.people:
        table = one_size(people, args.runs, Path(args.stores), names)
        print(f"\nSYNTHETIC data, {people:,} people. Seconds; ratio = first / twin.")
        print("| " + " | ".join(COLUMNS) + " |")
        print("|" + "---|" * len(COLUMNS))
        for row in table:
            print(_line(row))
        rows += table
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    print(f"written to {out}")


if __name__ == "__main__":
    main()

"""The worklist candidates query with and without the evidence score on `oxigraph serve`, before and after a change.

python bench/evidence.py [--before main] [--people 200000] [--work DIR] [--repeat 3] [--explain]
Builds (once) a SYNTHETIC store with `store synth` and its N-Triples export under --work, serves the export with
`oxigraph serve` (in memory, on loopback) and sends the bound hr worklist candidates query (K=3, 500 rows, ranked
by articles and by evidence) and the total straight to it, the files as they are at git revision --before and in
the work tree, interleaved; each answer is checked equal to the other version's. With --explain, each text is also
run once by `oxigraph query --explain-file --stats` on a RocksDB copy of the export, and the rows every operator of
the plan produced are added up ("rows touched"). Then the whole hr worklist through gapkit's remote endpoint,
compared with the local columnar store. SYNTHETIC data: no figure here is a real-world figure.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import pandas as pd  # noqa: E402

from bench.budget import endpoint, store  # noqa: E402 (after the path is set)
from gapkit.figures.worklist import build_worklist  # noqa: E402
from gapkit.model.tables import group_table, region_table  # noqa: E402
from gapkit.sources.query_files import QUERIES_DIR, expand_includes, parse_query  # noqa: E402
from gapkit.sources.resolve import open_store_endpoint  # noqa: E402
from gapkit.stores.store import read_manifest  # noqa: E402
from tests.servers import OXIGRAPH, OxigraphServer  # noqa: E402

NAME = "worklist_candidates"
PARAMS = {"target": "hr", "min_articles": 3, "top": 500}


def texts(before: str) -> dict[tuple[str, str], str]:
    """The bound query text per (version, case): the files at git revision `before` and the work tree's."""
    tables = {"gender_groups": group_table(), "regions": region_table()}
    cases = {
        "candidates by articles": (NAME, {**PARAMS}),
        "candidates by evidence": (NAME, {**PARAMS, "evidence": True}),
        "total": ("worklist_total", {"target": "hr", "min_articles": 3}),
    }
    out = {}
    for case, (name, params) in cases.items():
        show = ["git", "-C", str(ROOT), "show", f"{before}:queries/{name}.rq"]
        files = {
            "before": subprocess.run(show, check=True, capture_output=True, text=True).stdout,
            "after": (QUERIES_DIR / f"{name}.rq").read_text(encoding="utf-8"),
        }
        for version, text in files.items():
            # the fragments are today's: a file at `before` that includes one gets the work tree's version of it
            out[version, case] = parse_query(name, expand_includes(name, text)).bind(**params, **tables)
    return out


def ask(url: str, text: str) -> tuple[float, list[tuple[str, ...]]]:
    """Seconds for one answer of the server, and its rows."""
    body = urllib.parse.urlencode({"query": text}).encode()
    request = urllib.request.Request(url, data=body, headers={"Accept": "application/sparql-results+json"})
    started = time.perf_counter()
    with urllib.request.urlopen(request, timeout=3600) as response:
        answer = json.load(response)
    spent = time.perf_counter() - started
    names = answer["head"]["vars"]
    return spent, [tuple(row.get(n, {}).get("value", "") for n in names) for row in answer["results"]["bindings"]]


def touched(location: Path, text: str) -> tuple[int, int]:
    """Rows produced by all operators of oxigraph's plan for the text, added up, and by the largest one."""
    with tempfile.TemporaryDirectory() as folder:
        query, plan = Path(folder) / "q.rq", Path(folder) / "plan.json"
        query.write_text(text, encoding="utf-8")
        command = [str(OXIGRAPH), "query", "--location", str(location), "--query-file", str(query)]
        command += ["--results-format", "tsv", "--explain-file", str(plan), "--stats"]
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
        counts, todo = [], [json.loads(plan.read_text())["plan"]]
        while todo:
            node = todo.pop()
            counts.append(node.get("number of results") or 0)
            todo += node.get("children", [])
    return sum(counts), max(counts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--before", default="main", help="git revision of the query file to compare with")
    parser.add_argument("--people", type=int, default=200_000)
    parser.add_argument("--work", type=Path, default=ROOT / "bench" / "stores" / "evidence")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--explain", action="store_true", help="also count the rows of oxigraph's plan (slow)")
    args = parser.parse_args()
    folder, plain = store(args.work, args.people)
    bound = texts(args.before)
    server = OxigraphServer(plain)
    try:
        times: dict[tuple[str, str], list[float]] = {key: [] for key in bound}
        answers: dict[tuple[str, str], list] = {}
        for _ in range(args.repeat):  # interleaved, so both versions see the same load
            for key, text in bound.items():
                spent, rows = ask(server.url, text)
                times[key].append(spent)
                answers[key] = rows
        for case in ("candidates by articles", "candidates by evidence", "total"):
            same = answers["before", case] == answers["after", case]
            old, new = (statistics.median(times[v, case]) for v in ("before", "after"))
            print(f"{case}, hr K=3 500: before {old:.2f} s, after {new:.2f} s, after/before {new / old:.2f}, "
                  f"{len(answers['after', case])} rows, equal: {same}", flush=True)  # fmt: skip
        whole(folder, server.url, args.work)
    finally:
        server.stop()
    if args.explain:
        location = args.work / f"oxigraph-{args.people // 1000}k"
        if not location.is_dir():
            subprocess.run([str(OXIGRAPH), "load", "--location", str(location), "--file", str(plain)], check=True)
        for key, text in bound.items():
            total, largest = touched(location, text)
            print(f"rows touched, {key[0]}, {key[1]}: {total:,} over the plan, {largest:,} at its largest operator")
    load = os.getloadavg()
    print(f"load average {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}")


def whole(folder: Path, url: str, work: Path) -> None:
    """The hr worklist K=3 500 through the remote endpoint, by each ranking, against the local columnar store."""
    local = open_store_endpoint(read_manifest(folder), engine="columnar")
    for rank in ("articles", "evidence"):
        remote = endpoint(work / f"evidence-cache-{os.getpid()}-{rank}", url)
        started = time.perf_counter()
        through = build_worklist(remote, "hr", min_articles=3, limit=500, this_year=2026, rank=rank)
        spent = time.perf_counter() - started
        want = build_worklist(local, "hr", min_articles=3, limit=500, this_year=2026, rank=rank)
        try:
            pd.testing.assert_frame_equal(through.frame, want.frame)
            equal = through.total == want.total
        except AssertionError:
            equal = False
        print(
            f"whole worklist hr K=3 500 by {rank} (after): {spent:.2f} s, equal to the local store: {equal}", flush=True
        )


if __name__ == "__main__":
    main()

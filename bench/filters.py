"""Filtered / unfiltered time of one edition's gender figure on `oxigraph serve` over a SYNTHETIC store's export.

python bench/filters.py --nt STORE.nt [--edition hr] [--runs 3] [--timeout 900]
Starts `oxigraph serve` in memory on a loopback port, streams the N-Triples file into it, posts the bound
query file biographies_by_gender (the edition's gender figure, as the remote path sends it) unfiltered and
with each filter alone, prints a table (median seconds, people counted, ratio filtered / unfiltered) and the
load average, and stops the server. The data is SYNTHETIC (`store synth`): the times are not real-world ones.
"""

import argparse
import http.client
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from gapkit.model.filters import Filters  # noqa: E402 (after the path is set)
from gapkit.model.tables import group_table, region_table  # noqa: E402
from gapkit.sources.query_files import load_query  # noqa: E402

OXIGRAPH = Path(sys.executable).parent / "oxigraph"
FILTERS = {
    "unfiltered": Filters(),
    "gender: women": Filters(gender="women"),
    "country: Germany (Q183)": Filters(country=("Q183",)),
    "occupation: writer (Q36180)": Filters(occupation=("Q36180",)),
    "occupation: writer or narrower": Filters(occupation=("Q36180",), narrower=True),
    "born 1900-1999": Filters(born_from=1900, born_to=1999),
    "living: yes": Filters(living="yes", living_since=1926),
}


def free_port() -> int:
    """A free loopback port."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(nt: Path) -> tuple[subprocess.Popen, int, float]:
    """`oxigraph serve` in memory, filled by streaming the file (never read whole into this process)."""
    port = free_port()
    process = subprocess.Popen([str(OXIGRAPH), "serve", "--bind", f"127.0.0.1:{port}"], stdout=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            break
        except OSError:
            if time.monotonic() > deadline:
                stop_server(process)
                raise SystemExit("oxigraph serve did not start") from None
            time.sleep(0.1)
    started = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=3600)
    with open(nt, "rb") as body:
        headers = {"Content-Type": "application/n-triples", "Content-Length": str(nt.stat().st_size)}
        connection.request("POST", "/store?default", body=body, headers=headers)
        response = connection.getresponse()
        response.read()
    if response.status not in (200, 201, 204):
        stop_server(process)
        raise SystemExit(f"loading failed: HTTP {response.status}")
    return process, port, time.perf_counter() - started


def stop_server(process: subprocess.Popen) -> None:
    """Stop the server this script started, by its process id."""
    if process.poll() is None:
        os.kill(process.pid, signal.SIGTERM)
        process.wait(timeout=30)


def post(port: int, query: str, timeout: float) -> tuple[float, int]:
    """Seconds for one query and the people its rows count."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    body = urllib.parse.urlencode({"query": query})
    headers = {"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/sparql-results+json"}
    started = time.perf_counter()
    connection.request("POST", "/query", body=body, headers=headers)
    response = connection.getresponse()
    data = response.read()
    seconds = time.perf_counter() - started
    if response.status != 200:
        raise SystemExit(f"HTTP {response.status}: {data[:300]!r}")
    rows = json.loads(data)["results"]["bindings"]
    return seconds, sum(int(row["people"]["value"]) for row in rows)


def peak_rss_mib(pid: int) -> float:
    """The server's peak resident memory (VmHWM), MiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def main() -> None:
    """Load, time each filter, print the table, stop the server."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--nt", type=Path, required=True)
    parser.add_argument("--edition", default="hr")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--timeout", type=float, default=900)
    args = parser.parse_args()
    query = load_query("biographies_by_gender")
    print(f"SYNTHETIC data: {args.nt.name}; load average at start {os.getloadavg()}", flush=True)
    process, port, load_s = start_server(args.nt)
    try:
        print(f"loaded in {load_s:.1f} s; server peak {peak_rss_mib(process.pid):,.0f} MiB", flush=True)
        results = {}
        for name, filters in FILTERS.items():
            tables = {"gender_groups": group_table(), "regions": region_table()}
            text = query.bind(site=[args.edition], **tables, **filters.params())
            runs = [post(port, text, args.timeout) for _ in range(args.runs)]
            results[name] = (runs[0][0], statistics.median(s for s, _ in runs), runs[0][1])
            print(f"  {name}: {results[name][1]:.3f} s", flush=True)
        peak = peak_rss_mib(process.pid)
    finally:
        stop_server(process)
    base = results["unfiltered"][1]
    print(f"\nSYNTHETIC: biographies_by_gender for {args.edition} on oxigraph serve, {args.runs} runs")
    print("| filter | first s | median s | people | ratio to unfiltered |\n|---|---|---|---|---|")
    for name, (first, median, people) in results.items():
        print(f"| {name} | {first:.3f} | {median:.3f} | {people:,} | {median / base:.2f}x |")
    print(f"\nserver peak {peak:,.0f} MiB; load average at end {os.getloadavg()}")


if __name__ == "__main__":
    main()

"""Import throughput: write a SYNTHETIC dump-format file of N people, time `store build --from-dump` on it.

python bench/import.py --people 100000 [--format json|nt] [--keep DIR]
Prints people, dump lines, triples written, seconds, triples/s, people/s, peak memory and the 1-minute load
average (all SYNTHETIC data).
"""

import argparse
import gzip
import json
import os
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from gapkit.builders.from_dump import build_from_dump  # noqa: E402 (after the path is set)
from tests.dump_fixture import entity, full_lines  # noqa: E402

WIKIS = ["enwiki", "dewiki", "frwiki", "hrwiki", "eswiki", "itwiki", "plwiki", "jawiki", "svwiki", "nlwiki"]
GENDERS = ["Q6581097"] * 8 + ["Q6581072"] * 2
COUNTRIES = ["Q142", "Q30", "Q183", "Q17", "Q16", "Q34266"]
OCCUPATIONS = ["Q36180", "Q82955", "Q901", "Q1930187"]


def synthetic_entities(people: int, seed: int = 1):
    """SYNTHETIC people in the JSON dump's shape, then the countries and occupations they reference."""
    rng = random.Random(seed)
    for n in range(people):
        qid = f"Q{900_000_000 + n}"
        wikis = rng.sample(WIKIS, k=min(len(WIKIS), 1 + int(rng.paretovariate(1.5))))
        claims = {"P31": ["Q5"], "P21": [rng.choice(GENDERS)], "P27": [rng.choice(COUNTRIES)],
                  "P106": [rng.choice(OCCUPATIONS)], "P569": [rng.randint(1800, 2000)]}  # fmt: skip
        yield entity(qid, claims, {"en": f"Synthetic person {n}", "de": f"Person {n}"}, {"en": "synthetic"},
                     {w: f"Synthetic person {n}" for w in wikis})  # fmt: skip
    for qid in COUNTRIES + OCCUPATIONS:
        yield entity(qid, {}, {"en": qid})


def write_synthetic_dump(path: Path, people: int, truthy: bool) -> int:
    """The SYNTHETIC people as a JSON dump or a full N-Triples dump; returns its line count."""
    lines = 0
    with gzip.open(path, "wt", encoding="utf-8", compresslevel=1) as out:
        if not truthy:
            out.write("[\n")
        for item in synthetic_entities(people):
            text = "".join(full_lines(item)) if truthy else json.dumps(item) + ",\n"
            out.write(text)
            lines += text.count("\n")
        if not truthy:
            out.write(json.dumps(entity("Q1", {}, {"en": "end"})) + "\n]\n")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--format", choices=("json", "nt"), default="json", help="JSON dump or full N-Triples")
    parser.add_argument("--keep", help="a folder to keep the dump and the store in")
    args = parser.parse_args()
    folder = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="gapkit-import-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    dump = folder / f"synthetic-{args.people}.{args.format}.gz"
    lines = write_synthetic_dump(dump, args.people, truthy=args.format == "nt")
    started = time.perf_counter()
    ref = build_from_dump(dump, folder / "store", languages=["en"], replace=True)
    took = time.perf_counter() - started
    triples = ref.manifest.counts["triples"]
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    load = os.getloadavg()[0]
    print("SYNTHETIC dump | people | lines | triples | import_s | triples_per_s | people_per_s | peak_mib | load")
    print(f"{dump.name} | {args.people} | {lines} | {triples} | {took:.2f} | {triples / took:,.0f} | "
          f"{args.people / took:,.0f} | {peak:.0f} | {load:.1f}")  # fmt: skip


if __name__ == "__main__":
    main()

"""Import throughput: write a SYNTHETIC dump-format file of N people, time `store build --from-dump` on it.

python bench/import.py --people 100000 [--keep DIR]
Prints people, dump lines, triples written, seconds, triples/s and peak memory (all SYNTHETIC data).
"""

import argparse
import gzip
import json
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from gapkit.dump_import import build_from_dump  # noqa: E402 (after the path is set)
from tests.dump_fixture import entity  # noqa: E402

WIKIS = ["enwiki", "dewiki", "frwiki", "hrwiki", "eswiki", "itwiki", "plwiki", "jawiki", "svwiki", "nlwiki"]
GENDERS = ["Q6581097"] * 8 + ["Q6581072"] * 2
COUNTRIES = ["Q142", "Q30", "Q183", "Q17", "Q16", "Q34266"]
OCCUPATIONS = ["Q36180", "Q82955", "Q901", "Q1930187"]


def write_synthetic_dump(path: Path, people: int, seed: int = 1) -> int:
    rng = random.Random(seed)
    with gzip.open(path, "wt", encoding="utf-8", compresslevel=1) as out:
        out.write("[\n")
        for n in range(people):
            qid = f"Q{900_000_000 + n}"
            wikis = rng.sample(WIKIS, k=min(len(WIKIS), 1 + int(rng.paretovariate(1.5))))
            claims = {"P31": ["Q5"], "P21": [rng.choice(GENDERS)], "P27": [rng.choice(COUNTRIES)],
                      "P106": [rng.choice(OCCUPATIONS)], "P569": [rng.randint(1800, 2000)]}  # fmt: skip
            item = entity(qid, claims, {"en": f"Synthetic person {n}", "de": f"Person {n}"}, {"en": "synthetic"},
                          {w: f"Synthetic person {n}" for w in wikis})  # fmt: skip
            out.write(json.dumps(item) + ",\n")
        for qid in COUNTRIES + OCCUPATIONS:
            out.write(json.dumps(entity(qid, {}, {"en": qid})) + ",\n")
        out.write(json.dumps(entity("Q1", {}, {"en": "end"})) + "\n]\n")
    return people + len(COUNTRIES) + len(OCCUPATIONS) + 3


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--keep", help="a folder to keep the dump and the store in")
    args = parser.parse_args()
    folder = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="gapkit-import-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    dump = folder / f"synthetic-{args.people}.json.gz"
    started = time.perf_counter()
    lines = write_synthetic_dump(dump, args.people)
    written = time.perf_counter() - started
    started = time.perf_counter()
    ref = build_from_dump(dump, folder / "store", languages=["en"], replace=True)
    took = time.perf_counter() - started
    triples = ref.manifest.counts["triples"]
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print("SYNTHETIC dump | people | lines | triples | import_s | triples_per_s | peak_mib | dump_write_s")
    print(f"{dump.name} | {args.people} | {lines} | {triples} | {took:.2f} | {triples / took:,.0f} | {peak:.0f} | "
          f"{written:.2f}")  # fmt: skip


if __name__ == "__main__":
    main()

"""Derive gapkit's small calibration tables from the WHGI 2014 aggregate counts (run once; output is shipped).

python scripts/derive_calibration.py ../shared/data/calibration gapkit/data/calibration
"""

import csv
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from gapkit.model.editions import load_editions


def read(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def group(label: str) -> str:
    return {"female": "female", "male": "male", "(no gender)": "no_gender"}.get(label, "other")


def write(path: Path, header: list[str], rows: list[list[object]]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def main(source: Path, out: Path) -> None:
    editions = load_editions()
    sizes: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for row in read(source / "whgi_2014-10-13_sitelinks_by_gender.csv"):
        edition = editions.by_dbname(row["site"])
        if edition:
            sizes[edition.code][group(row["gender"])] += int(row["humans"])
    write(out / "editions.csv", ["edition", "female", "male", "other", "no_gender"],
          [[c, v["female"], v["male"], v["other"], v["no_gender"]] for c, v in sorted(sizes.items())])  # fmt: skip
    countries: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for row in read(source / "whgi_2014-10-13_citizenship_by_gender.csv"):
        countries[row["country_qid"]][group(row["gender"])] += int(row["humans"])
    write(out / "countries.csv", ["country", "female", "male", "other", "no_gender"],
          [[c, v["female"], v["male"], v["other"], v["no_gender"]] for c, v in sorted(countries.items())])  # fmt: skip
    decades: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for row in read(source / "whgi_2014-10-13_birth_year_by_gender.csv"):
        year = int(row["birth_year"])
        if year != 0 and -3000 <= year <= 2014:
            decades[(year // 10) * 10][group(row["gender"])] += int(row["humans"])
    write(out / "birth_decades.csv", ["decade", "female", "male", "other", "no_gender"],
          [[d, v["female"], v["male"], v["other"], v["no_gender"]] for d, v in sorted(decades.items())])  # fmt: skip
    totals: dict[str, int] = {}
    for row in read(source / "whgi_2014-10-13_gender_totals.csv"):
        totals[row["gender_qid"]] = max(totals.get(row["gender_qid"], 0), int(row["humans"]))  # the diagonal
    write(out / "genders.csv", ["gender_qid", "humans"], sorted(totals.items(), key=lambda kv: -kv[1]))


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))

"""Derive gapkit's country -> ISO 3166-1 code table (run once; output is shipped in gapkit/data/country_iso.csv).

python scripts/derive_country_iso.py ../shared/data/countries.csv CODES_JSON gapkit/data/country_iso.csv

CODES_JSON is codes.json of the npm package i18n-iso-countries 7.14.0 (MIT; `npm pack i18n-iso-countries@7`):
rows [alpha-2, alpha-3, numeric, ISO 3166-2 name]. The alpha-2 codes come from the shared countries.csv
(Wikidata P297, CC0); the numeric code is the id world-atlas gives each country's shape (gapkit/data/world-110m.json).
"""

import csv
import json
import sys
from pathlib import Path


def main(countries: Path, codes: Path, out: Path) -> None:
    """Write country_qid, iso_alpha2, iso_numeric for each shipped country with an alpha-2 code."""
    numeric = {row[0]: row[2] for row in json.loads(codes.read_text(encoding="utf-8"))}
    with open(countries, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))  # csv, not pandas: Namibia's code "NA" must stay a code
    with open(out, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["country_qid", "iso_alpha2", "iso_numeric"])
        for row in sorted(rows, key=lambda r: int(r["country_qid"][1:])):
            alpha2 = row["iso3166_1_alpha2"].strip()
            if alpha2 in numeric:
                writer.writerow([row["country_qid"], alpha2, numeric[alpha2]])
            else:
                sys.stderr.write(f"{row['country_qid']} ({row['label_en']}): no ISO numeric code for {alpha2!r}\n")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]))

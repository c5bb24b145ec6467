"""The region figure: people per continent of their countries of citizenship, through gapkit's shipped table."""

import csv
import functools
import io
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from gapkit import definitions, metrics
from gapkit.endpoints import Endpoint
from gapkit.errors import BadInput
from gapkit.figure import Figure, by_population, edition_codes, edition_of_site, merge_provenance, run_query
from gapkit.gender import GROUPS, group_table
from gapkit.identifiers import parse_qid
from gapkit.store import ProgressCallback

REGIONS_CSV = Path(__file__).parent / "data" / "regions.csv"
# Wikidata continent items (GeoNames continent codes mapped to them); Wikidata's own P30 is not used
# because it gives several continents for some countries and would differ between endpoints.
CONTINENTS = {
    "Q15": "Africa",
    "Q48": "Asia",
    "Q46": "Europe",
    "Q49": "North America",
    "Q18": "South America",
    "Q538": "Oceania",
    "Q51": "Antarctica",
}
UNMAPPED, NO_COUNTRY = "unmapped", "no_country"
REGION_LABELS = {
    **CONTINENTS,
    UNMAPPED: "unmapped (historical or unlisted country)",
    NO_COUNTRY: "no country of citizenship",
}
REGIONS = (*CONTINENTS, UNMAPPED, NO_COUNTRY)


@functools.cache
def region_table(path: Path = REGIONS_CSV) -> tuple[tuple[str, str], ...]:
    """Rows (country QID, continent QID) of the shipped table."""
    with open(path, encoding="utf-8", newline="") as handle:
        return tuple((row["country_qid"], row["continent_qid"]) for row in csv.DictReader(handle))


def table_from_countries_csv(source: Path) -> str:
    """The shipped table's CSV text from a countries.csv (country_qid, label_en, continent_qid)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["country_qid", "continent_qid", "country_label"])
    with open(source, encoding="utf-8", newline="") as handle:
        rows = sorted(csv.DictReader(handle), key=lambda r: int(parse_qid(r["country_qid"])[1:]))
    for row in rows:
        if row.get("continent_qid") not in CONTINENTS:
            raise BadInput(f"{source}: {row.get('country_qid')} has no known continent.")
        writer.writerow([row["country_qid"], row["continent_qid"], row.get("label_en", "")])
    return buffer.getvalue()


def region_by_edition(
    endpoint: Endpoint,
    editions: Sequence[str] | None,
    by_gender: bool = False,
    progress: ProgressCallback | None = None,
) -> Figure:
    """Columns edition, region, region_label, gender, people, share; zero rows included.

    share = people in the region / the edition's population (within the gender group when split);
    a person with countries in two regions counts in both, so shares may sum above 1."""
    codes = edition_codes(editions)
    regions, region_query = run_query(
        endpoint, "biographies_by_region", progress, site=codes, regions=region_table(), gender_groups=group_table()
    )
    genders, gender_query = run_query(
        endpoint, "biographies_by_gender", progress, site=codes, gender_groups=group_table()
    )
    counts = regions.frame.assign(edition=edition_of_site(regions.frame))
    population = genders.frame.assign(edition=edition_of_site(genders.frame))
    totals = population.groupby("edition")["people"].sum()
    order = codes or by_population(totals)
    gender_values = GROUPS if by_gender else ("all",)
    if not by_gender:
        counts = counts.assign(gender="all")
        population = population.assign(gender="all")
    people = counts.groupby(["edition", "region", "gender"])["people"].sum()
    base = population.groupby(["edition", "gender"])["people"].sum()
    rows = []
    for code in order:
        for gender in gender_values:
            whole = int(base.get((code, gender), 0))
            for region in REGIONS:
                part = int(people.get((code, region, gender), 0))
                rows.append((code, region, REGION_LABELS[region], gender, part, metrics.share(part, whole)))
    frame = pd.DataFrame(rows, columns=["edition", "region", "region_label", "gender", "people", "share"])
    return Figure(
        title="Biographies by region of citizenship" + (" and gender" if by_gender else ""),
        frame=frame,
        provenance=merge_provenance([regions, genders]),
        definition=f"{definitions.POPULATION} {definitions.REGION}",
        queries=(region_query, gender_query),
        scope={"editions": "all" if codes is None else ",".join(codes), "by_gender": by_gender},
    )

"""The shipped tables bound into every query: P21 value -> gender group, and country -> continent."""

import csv
import functools
from pathlib import Path

# DESIGN.md "Gender group of a person": the value -> group table bound into the query.
GROUP_VALUES = {
    "women": ("Q6581072", "Q1052281", "Q15145779"),  # female, trans woman, cisgender female
    "men": ("Q6581097", "Q2449503", "Q15145778"),  # male, trans man, cisgender male
}
GROUPS = ("women", "men", "other", "no_gender")
NO_GENDER = "no_gender"


def group_table() -> list[tuple[str, str]]:
    """Rows (P21 value QID, group) for the query's gender_groups table."""
    return [(qid, group) for group, qids in GROUP_VALUES.items() for qid in qids]


REGIONS_CSV = Path(__file__).resolve().parents[1] / "data" / "regions.csv"
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


COUNTRY_ISO_CSV = REGIONS_CSV.with_name("country_iso.csv")


@functools.cache
def country_names(path: Path = REGIONS_CSV) -> dict[str, str]:
    """Country QID -> English label, from the shipped country -> continent table."""
    with open(path, encoding="utf-8", newline="") as handle:
        return {row["country_qid"]: row["country_label"] for row in csv.DictReader(handle)}


@functools.cache
def country_iso_numeric(path: Path = COUNTRY_ISO_CSV) -> dict[str, str]:
    """Country QID -> ISO 3166-1 numeric code ("191" for Croatia), the id of its shape in the world geometry;
    derived from the alpha-2 codes of the shipped countries (scripts/derive_country_iso.py)."""
    with open(path, encoding="utf-8", newline="") as handle:
        return {row["country_qid"]: row["iso_numeric"] for row in csv.DictReader(handle)}

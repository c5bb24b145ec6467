"""The benchmark's yardstick: plain pandas group-bys over flat rows read once from a columnar store's tables."""

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from gapkit.stores.export import open_database
from gapkit.stores.store import read_manifest

# The flat per-edition rows (docs/store-format.md, "population") the group-bys read: one row per edition x person.
POPULATION_COLUMNS = ("site_id", "person_id", "gender_group", "birth_year", "has_gender", "has_country",
                      "has_birth", "has_occupation")  # fmt: skip
COVERAGE = {"P21": "has_gender", "P27": "has_country", "P569": "has_birth", "P106": "has_occupation"}


@dataclass(frozen=True)
class FlatRows:
    """The store's flat rows as pandas frames, read once."""

    population: pd.DataFrame  # POPULATION_COLUMNS
    regions: pd.DataFrame  # person_id, region
    people: pd.DataFrame  # person_id, articles
    sites: dict[str, int]  # site IRI -> site_id


def read_flat_rows(store: Path) -> FlatRows:
    """Read the flat tables of the columnar store at `store` (read-only, through DuckDB's relational API)."""
    con = open_database(read_manifest(store))  # the engine's own settings: DuckDB refuses a second config
    try:
        population = con.table("population").project(", ".join(POPULATION_COLUMNS)).df()
        regions = con.table("person_regions").df()
        # categories, as any pandas user would hold a few repeated strings: group-bys run on their codes
        population["gender_group"] = population["gender_group"].astype("category")
        regions["region"] = regions["region"].astype("category")
        people = con.table("person_facts").project("person_id, articles").df()
        sites = dict(con.table("sites").project("iri, site_id").fetchall())
    finally:
        con.close()
    return FlatRows(population, regions, people, sites)


def gender_groups(flat: FlatRows) -> pd.DataFrame:
    """people per (site_id, gender_group) over every edition."""
    return flat.population.groupby(["site_id", "gender_group"], observed=True).size().rename("people").reset_index()


def region_counts(flat: FlatRows) -> pd.DataFrame:
    """people per (site_id, region): a person counts once in each of their regions."""
    joined = flat.population[["site_id", "person_id"]].merge(flat.regions, on="person_id")
    return joined.groupby(["site_id", "region"], observed=True).size().rename("people").reset_index()


def decade_counts(flat: FlatRows) -> pd.DataFrame:
    """people per (site_id, decade); floor division keeps BCE decades right (-469 -> -470)."""
    decade = (flat.population["birth_year"] // 10 * 10).astype("Int64")
    return flat.population.groupby(["site_id", decade.rename("decade")], dropna=False).size().rename("people")


def coverage_counts(flat: FlatRows) -> pd.DataFrame:
    """people with each property known, per site_id."""
    return flat.population.groupby("site_id")[list(COVERAGE.values())].sum()


def worklist_total(flat: FlatRows, target_site: str, k: int = 1) -> int:
    """Humans with no article on the target site and at least k Wikipedia articles."""
    target = flat.population.loc[flat.population["site_id"] == flat.sites[target_site], "person_id"]
    people = flat.people
    return int(((people["articles"] >= k) & ~people["person_id"].isin(target)).sum())

"""The region figure: people per continent of their countries of citizenship, through gapkit's shipped table."""

import csv
import io
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from gapkit.errors import BadInput
from gapkit.figures.base import (
    Figure,
    by_population,
    counted,
    edition_of_site,
    merge_provenance,
    run_query,
    scope_of,
)
from gapkit.figures.baselines import compared
from gapkit.files import read_text_bounded
from gapkit.model import definitions, metrics
from gapkit.model.filters import NO_FILTERS, Filters
from gapkit.model.identifiers import parse_qid
from gapkit.model.settings import load_settings
from gapkit.model.tables import CONTINENTS, GROUPS, REGION_LABELS, REGIONS
from gapkit.sources.endpoints import Endpoint
from gapkit.stores.store import ProgressCallback


def table_from_countries_csv(source: Path) -> str:
    """The shipped table's CSV text from a countries.csv (country_qid, label_en, continent_qid)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["country_qid", "continent_qid", "country_label"])
    text = read_text_bounded(Path(source), load_settings().max_input_bytes)
    try:
        rows = sorted(
            csv.DictReader(io.StringIO(text, newline="")), key=lambda r: int(parse_qid(r.get("country_qid"))[1:])
        )
    except csv.Error as err:
        raise BadInput(f"{source} is not a readable CSV file ({err}).") from None
    if not rows:
        raise BadInput(f"{source} lists no countries (columns country_qid, label_en, continent_qid).")
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
    filters: Filters = NO_FILTERS,
    baseline: str | None = None,
) -> Figure:
    """Columns edition, region, region_label, gender, people, share (+ baseline, baseline_share, gap_pp);
    zero rows included.

    share = people in the region / the edition's population (within the gender group when split);
    a person with countries in two regions counts in both, so shares may sum above 1."""
    return compared(_region_figure, endpoint, editions, baseline, ["region", "gender"], by_gender=by_gender,
                    filters=filters, progress=progress)  # fmt: skip


def _region_figure(
    endpoint: Endpoint,
    codes: Sequence[str] | None,
    pooled: bool,
    by_gender: bool,
    filters: Filters,
    progress: ProgressCallback | None,
) -> Figure:
    where = counted(codes, pooled, filters)
    regions, region_query = run_query(endpoint, "biographies_by_region", progress, **where)
    genders, gender_query = run_query(endpoint, "biographies_by_gender", progress, **where)
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
        definition=" ".join(filter(None, [definitions.POPULATION, definitions.REGION, filters.describe()])),
        queries=(region_query, gender_query),
        scope=scope_of(codes, filters, by_gender=by_gender),
    )

"""The region figure: people per continent of their countries of citizenship, through gapkit's shipped table."""

import csv
import io
from collections.abc import Sequence
from pathlib import Path

from gapkit.errors import BadInput
from gapkit.figures import grid
from gapkit.figures.base import Counting, Figure, FigureSpec, Option
from gapkit.figures.baselines import compared
from gapkit.files import read_text_bounded
from gapkit.model import definitions
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
    return compared(
        _region_figure,
        endpoint,
        editions,
        baseline,
        ["region", "gender"],
        by_gender=by_gender,
        filters=filters,
        progress=progress,
    )


def _region_figure(endpoint: Endpoint, who: Counting, by_gender: bool) -> Figure:
    regions = who.run(endpoint, "biographies_by_region")
    genders = who.run(endpoint, "biographies_by_gender")
    counts = grid.by_edition(regions[0].frame, by_gender)
    population = grid.by_edition(genders[0].frame, by_gender)
    order = who.order(population)
    rows = grid.full_index(["edition", "gender", "region"], order, GROUPS if by_gender else ("all",), REGIONS)
    frame = grid.laid_out(counts, rows)
    frame["share"] = grid.shares(frame["people"], grid.wholes(frame, population, ["edition", "gender"]))
    frame["region_label"] = frame["region"].map(REGION_LABELS)
    frame = frame[["edition", "region", "region_label", "gender", "people", "share"]]
    title = "Biographies by region of citizenship" + (" and gender" if by_gender else "")
    return grid.assemble(title, frame, [regions, genders], definitions.REGION, who, by_gender=by_gender)


SPECS = (
    FigureSpec(
        name="region",
        function=region_by_edition,
        definition=definitions.REGION,
        queries=("biographies_by_region", "biographies_by_gender"),
        options=(Option("by_gender", False, bool),),
        standard=({"by_gender": False}, {"by_gender": True}),
    ),
)

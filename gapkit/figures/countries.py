"""The country figure: per edition and country of citizenship, its people and the share of women among them."""

from collections.abc import Sequence

import pandas as pd

from gapkit.figures import grid
from gapkit.figures.base import Counting, Figure, FigureSpec, edition_codes
from gapkit.model import definitions
from gapkit.model.filters import NO_FILTERS, Filters
from gapkit.model.tables import NO_GENDER, country_iso_numeric, country_names
from gapkit.sources.endpoints import Endpoint
from gapkit.stores.store import ProgressCallback

COLUMNS = ["edition", "country", "country_label", "iso_numeric", "people", "women", "with_gender", "share"]


def country_by_edition(
    endpoint: Endpoint,
    editions: Sequence[str] | None,
    progress: ProgressCallback | None = None,
    filters: Filters = NO_FILTERS,
) -> Figure:
    """Columns edition, country, country_label, iso_numeric, people, women, with_gender, share: for each known
    country of citizenship of the edition's people, how many hold it, how many of them are women and have gender
    data, and share = women / with_gender (empty when nobody has gender data); most people first, then QID."""
    who = Counting(edition_codes(editions), False, filters, progress)
    result = who.run(endpoint, "biographies_by_country")
    counts = grid.by_edition(result[0].frame)
    people = counts.groupby(["edition", "country"], as_index=False).agg(
        people=("people", "sum"), label=("country_label", "first")
    )
    women = counts[counts["gender"] == "women"].groupby(["edition", "country"])["people"].sum()
    unknown = counts[counts["gender"] == NO_GENDER].groupby(["edition", "country"])["people"].sum()
    keys = pd.MultiIndex.from_frame(people[["edition", "country"]])
    people["women"] = women.reindex(keys, fill_value=0).to_numpy().astype("int64")
    people["with_gender"] = people["people"] - unknown.reindex(keys, fill_value=0).to_numpy().astype("int64")
    people["share"] = grid.shares(people["women"], people["with_gender"])
    # The data's label (English, else mul), else the shipped table's English name, else empty.
    shipped = people["country"].map(country_names())
    people["country_label"] = people["label"].where(people["label"].notna() & (people["label"] != ""), shipped)
    people["country_label"] = people["country_label"].fillna("")
    people["iso_numeric"] = people["country"].map(country_iso_numeric()).fillna("")
    order = {code: i for i, code in enumerate(who.order(counts) if len(counts) else [])}
    frame = people.assign(
        _edition=people["edition"].map(order), _number=people["country"].str[1:].astype("int64")
    ).sort_values(["_edition", "people", "_number"], ascending=[True, False, True], kind="stable")
    frame = frame[COLUMNS].reset_index(drop=True)
    return grid.assemble("Women's share by country of citizenship", frame, [result], definitions.COUNTRY, who)


SPECS = (
    FigureSpec(
        name="country",
        function=country_by_edition,
        definition=definitions.COUNTRY,
        queries=("biographies_by_country",),
        baseline=False,
    ),
)

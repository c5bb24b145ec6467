"""The pickers' options: every country of citizenship and occupation of the counted people, with its people."""

from collections.abc import Sequence

import pandas as pd

from gapkit.figures.base import Counting, Figure, FigureSpec, Option, edition_codes, scope_of
from gapkit.model.filters import NO_FILTERS, Filters
from gapkit.model.identifiers import qid_number
from gapkit.sources.endpoints import Endpoint
from gapkit.stores.store import ProgressCallback

DIMENSIONS = ("country", "occupation")
DEFINITION = (
    "Countries of citizenship (P27) and occupations (P106, the person's own values) of the counted people; "
    "people = distinct humans with an article in the chosen editions (every edition: anyone with a Wikipedia "
    "article) holding the item, each counted once; 'unknown value' is left out. Label: English, else mul."
)
NARROWER = (
    "With narrower: every occupation class any of them is in (P279 paths up from their own occupations), with "
    "the people whose occupation is the class or one under it, each counted once."
)


def choices_in(
    endpoint: Endpoint,
    editions: Sequence[str] | None,
    progress: ProgressCallback | None = None,
    filters: Filters = NO_FILTERS,
    narrower: bool = False,
) -> Figure:
    """Columns dimension, item, item_label, people: each country, then each occupation, of the people with an
    article in the editions (None: in any edition), most people first, then QID number; item_label is empty where
    Wikidata has no English or mul label. `narrower`: the occupations are every class above theirs too, each with
    the people of its tree (what the occupation tree filter takes)."""
    codes = edition_codes(editions)
    who = Counting(codes, False, filters, progress)
    result, query = who.run(endpoint, "countries_and_occupations", narrower=narrower)
    found = result.frame
    frame = pd.DataFrame(
        {
            "dimension": found["dimension"].astype(object),
            "item": found["item"].astype(object),
            "item_label": found["item_label"].astype(object).where(found["item_label"].notna(), ""),
            "people": found["people"].astype("int64"),
        }
    )
    # Countries first, then occupations; within each, most people first, ties by QID number (Q9 before Q10).
    order = frame.assign(
        _dimension=frame["dimension"].map({d: i for i, d in enumerate(DIMENSIONS)}),
        _number=frame["item"].map(qid_number),
    ).sort_values(["_dimension", "people", "_number"], ascending=[True, False, True], kind="stable")
    return Figure(
        title="Countries of citizenship and occupations",
        frame=frame.loc[order.index].reset_index(drop=True),
        provenance=result.provenance,
        definition=" ".join(filter(None, [DEFINITION, NARROWER if narrower else "", filters.describe()])),
        queries=(query,),
        scope=scope_of(codes, filters, **({"narrower": True} if narrower else {})),
    )


def labels_of(figure: Figure) -> dict[str, str]:
    """QID -> label of a choices figure's items (items without a label left out)."""
    frame = figure.frame[figure.frame["item_label"] != ""]
    return dict(zip(frame["item"], frame["item_label"], strict=True))


SPECS = (
    FigureSpec(
        name="choices",
        function=choices_in,
        definition=DEFINITION,
        queries=("countries_and_occupations",),
        options=(Option("narrower", False, bool),),
        baseline=False,
    ),
)

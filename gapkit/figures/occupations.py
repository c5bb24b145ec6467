"""The occupation figure: people per own occupation (P106) in each edition, the top N plus no_occupation."""

from collections.abc import Sequence

import pandas as pd

from gapkit.figures import grid
from gapkit.figures.base import Counting, Figure, FigureSpec, Option
from gapkit.figures.baselines import compared
from gapkit.model import definitions
from gapkit.model.filters import NO_FILTERS, Filters
from gapkit.model.identifiers import parse_int, qid_number
from gapkit.model.tables import GROUPS
from gapkit.sources.endpoints import Endpoint
from gapkit.stores.store import ProgressCallback

NO_OCCUPATION = "no_occupation"
DEFAULT_TOP = 20
MAX_TOP = 1000
STANDARD_TOP = 50  # occupations per edition in the standard views: the most a page shows


def parse_top(top: object) -> int:
    """A checked number of occupations to list per edition."""
    return parse_int(top, "--top", 1, MAX_TOP)


def occupation_by_edition(
    endpoint: Endpoint,
    editions: Sequence[str] | None,
    by_gender: bool = False,
    top: int = DEFAULT_TOP,
    progress: ProgressCallback | None = None,
    filters: Filters = NO_FILTERS,
    baseline: str | None = None,
) -> Figure:
    """Columns edition, occupation, occupation_label, gender, people, share (+ baseline, baseline_share,
    gap_pp): per edition the `top` occupations by people (ties by QID number) and no_occupation; share =
    people / population (within the gender group when split). occupation_label is empty where Wikidata has
    no English label. The baseline is looked up for the occupations shown, whatever its own ranking."""
    top = parse_top(top)
    # The baseline lists every occupation, so each one shown finds its baseline share.
    return compared(
        _occupation_figure,
        endpoint,
        editions,
        baseline,
        ["occupation", "gender"],
        base_options={"top": MAX_TOP},
        by_gender=by_gender,
        top=top,
        filters=filters,
        progress=progress,
    )


def _occupation_figure(endpoint: Endpoint, who: Counting, by_gender: bool, top: int) -> Figure:
    result = who.run(endpoint, "biographies_by_occupation")
    genders = who.run(endpoint, "biographies_by_gender")
    counts = grid.by_edition(result[0].frame, by_gender)
    population = grid.by_edition(genders[0].frame, by_gender)
    order = who.order(population)
    chosen = _chosen(counts, order, top)
    frame = grid.laid_out(
        counts, grid.nested_index(chosen, GROUPS if by_gender else ("all",), ("edition", "gender", "occupation"))
    )
    labels = counts.drop_duplicates("occupation", keep="last").set_index("occupation")["occupation_label"]
    frame["occupation_label"] = frame["occupation"].map(labels.fillna("")).fillna("")
    frame.loc[frame["occupation"] == NO_OCCUPATION, "occupation_label"] = ""
    frame["share"] = grid.shares(frame["people"], grid.wholes(frame, population, ["edition", "gender"]))
    frame = frame[["edition", "occupation", "occupation_label", "gender", "people", "share"]]
    title = f"Biographies by occupation (top {top})" + (" and gender" if by_gender else "")
    return grid.assemble(title, frame, [result, genders], definitions.OCCUPATION, who, by_gender=by_gender, top=top)


def _chosen(counts: pd.DataFrame, order: Sequence[str], top: int) -> pd.DataFrame:
    """Per edition in order: its `top` occupations by people, then QID number, and no_occupation last."""
    rank = {code: i for i, code in enumerate(order)}
    own = counts[counts["edition"].isin(order) & (counts["occupation"] != NO_OCCUPATION)]
    ranked = own.groupby(["edition", "occupation"], sort=False)["people"].sum().reset_index()
    ranked = ranked.assign(_block=ranked["edition"].map(rank), _number=ranked["occupation"].map(qid_number), _last=0)
    ranked = ranked.sort_values(["_block", "people", "_number"], ascending=[True, False, True], kind="stable")
    ranked = ranked.groupby("edition", sort=False).head(top)
    ends = pd.DataFrame({"edition": list(order), "occupation": NO_OCCUPATION, "_block": range(len(order)), "_last": 1})
    rows = pd.concat([ranked[["edition", "occupation", "_block", "_last"]], ends], ignore_index=True)
    return rows.sort_values(["_block", "_last"], kind="stable")


SPECS = (
    FigureSpec(
        name="occupation",
        function=occupation_by_edition,
        definition=definitions.OCCUPATION,
        queries=("biographies_by_occupation", "biographies_by_gender"),
        options=(Option("by_gender", False, bool), Option("top", DEFAULT_TOP, parse_top)),
        standard=({"by_gender": False, "top": STANDARD_TOP}, {"by_gender": True, "top": STANDARD_TOP}),
    ),
)

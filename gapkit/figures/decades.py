"""The birth-decade figure: people per decade of their historical birth year, unknown kept."""

from collections.abc import Sequence

from gapkit.figures import grid
from gapkit.figures.base import Counting, Figure, FigureSpec, Option
from gapkit.figures.baselines import compared
from gapkit.model import definitions
from gapkit.model.filters import NO_FILTERS, Filters
from gapkit.model.tables import GROUPS
from gapkit.sources.endpoints import Endpoint
from gapkit.stores.store import ProgressCallback

UNKNOWN = "unknown"


def decade_of(year: object) -> int | str:
    """floor(year / 10) * 10 of a historical year (-1 -> -10, -469 -> -470); anything else -> "unknown"."""
    if isinstance(year, int) and not isinstance(year, bool):
        return (year // 10) * 10
    return UNKNOWN


def decade_by_edition(
    endpoint: Endpoint,
    editions: Sequence[str] | None,
    by_gender: bool = False,
    progress: ProgressCallback | None = None,
    filters: Filters = NO_FILTERS,
    baseline: str | None = None,
) -> Figure:
    """Columns edition, decade, gender, people, share (+ baseline, baseline_share, gap_pp): share = people /
    the edition's population (within the gender group when split); decades found in the edition, ascending,
    unknown last."""
    return compared(
        _decade_figure,
        endpoint,
        editions,
        baseline,
        ["decade", "gender"],
        by_gender=by_gender,
        filters=filters,
        progress=progress,
    )


def _decade_figure(endpoint: Endpoint, who: Counting, by_gender: bool) -> Figure:
    result = who.run(endpoint, "biographies_by_birth_year")
    counts = grid.by_edition(result[0].frame, by_gender)
    decade = counts["birth_year"].map(decade_of)
    # Known decades ascending, unknown last; the column is text so that both kinds sit in one column.
    counts = counts.assign(
        decade=decade.astype(str),
        _unknown=decade.eq(UNKNOWN),
        _year=decade.where(decade.ne(UNKNOWN), 0).astype("int64"),
    )
    order = who.order(counts)
    found = counts.loc[counts["edition"].isin(order), ["edition", "decade", "_unknown", "_year"]].drop_duplicates()
    found = found.assign(_block=found["edition"].map({code: i for i, code in enumerate(order)}))
    found = found.sort_values(["_block", "_unknown", "_year"], kind="stable")
    frame = grid.laid_out(
        counts, grid.nested_index(found, GROUPS if by_gender else ("all",), ("edition", "gender", "decade"))
    )
    frame["share"] = grid.shares(frame["people"], grid.wholes(frame, counts, ["edition", "gender"]))
    frame = frame[["edition", "decade", "gender", "people", "share"]]
    title = "Biographies by birth decade" + (" and gender" if by_gender else "")
    return grid.assemble(title, frame, [result], definitions.DECADE, who, by_gender=by_gender)


SPECS = (
    FigureSpec(
        name="decade",
        function=decade_by_edition,
        definition=definitions.DECADE,
        queries=("biographies_by_birth_year",),
        options=(Option("by_gender", False, bool),),
        standard=({"by_gender": False}, {"by_gender": True}),
    ),
)

"""How a figure was made: per query file, the parts it was split into, the requests sent and the time taken."""

from collections.abc import Sequence

from gapkit.figures.base import Figure

COLUMNS = ("query", "parts", "requests", "ran out of time", "seconds")


def explain_rows(figure: Figure) -> list[dict[str, object]]:
    """One row per query file that ran for the figure, in the order they ran."""
    return [
        {
            "query": query.name,
            "parts": query.parts,
            "requests": query.requests,
            "ran out of time": query.timeouts,
            "seconds": query.seconds,
        }
        for query in figure.queries
    ]


def explain_summary(figure: Figure) -> str:
    """One sentence: how many parts and requests the figure took in all, and where the answers came from."""
    rows = explain_rows(figure)
    split = [row for row in rows if int(row["parts"]) > 1]  # type: ignore[call-overload]
    requests = sum(int(row["requests"]) for row in rows)  # type: ignore[call-overload]
    seconds = sum(float(row["seconds"]) for row in rows)  # type: ignore[arg-type]
    source = figure.provenance.source
    queries = f"{len(rows)} {'query' if len(rows) == 1 else 'queries'}"
    if figure.provenance.kind != "endpoint":
        return f"{figure.title}: {queries} answered by the store ({source}), none split, in {seconds:.2f} s."
    named = ", ".join(f"{row['query']} in {row['parts']} parts" for row in split)
    how = f"{len(split)} split ({named})" if split else "none split"
    return f"{figure.title}: {queries} on {source}, {how}; {requests} requests in {seconds:.2f} s."


def explain_text(figure: Figure) -> str:
    """The summary and a plain-text table of explain_rows, for the command line's --explain."""
    rows = explain_rows(figure)
    table = [list(COLUMNS)] + [[_cell(row[c]) for c in COLUMNS] for row in rows]
    widths = [max(len(line[i]) for line in table) for i in range(len(COLUMNS))]
    lines = [explain_summary(figure)]
    lines += ["  " + _line(line, widths) for line in table]
    return "\n".join(lines) + "\n"


def _cell(value: object) -> str:
    return f"{value:.2f}" if isinstance(value, float) else str(value)


def _line(cells: Sequence[str], widths: Sequence[int]) -> str:
    # the query name left-aligned, the numbers right-aligned under their headers
    return "  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(cells, widths, strict=True)))

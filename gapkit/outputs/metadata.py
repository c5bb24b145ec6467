"""The one metadata writer: what is written with every figure and worklist (sidecar, XLSX about sheet, JSON meta)."""

import json
import time

from gapkit import __version__
from gapkit.figures.base import Figure
from gapkit.figures.worklist import Worklist


def _generator() -> str:
    return f"gapkit {__version__}"


def _figure_metadata(figure: Figure) -> dict[str, object]:
    return {
        "title": figure.title,
        "definition": figure.definition,
        "scope": figure.scope,
        "provenance": figure.provenance.as_dict(),
        "queries": [q.name for q in figure.queries],
        "rows": len(figure.frame),
        "generated": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "generator": _generator(),
    }


def _worklist_metadata(worklist: Worklist) -> dict[str, object]:
    # No time stamp: a worklist export is the same bytes for the same data (its provenance carries the date).
    meta = {
        "title": f"Worklist for {worklist.scope.get('edition')}",
        "definition": worklist.definition,
        "filters": worklist.scope,
        "total_candidates": worklist.total,
        "listed": len(worklist.frame),
        "provenance": worklist.provenance.as_dict(),
        # The existing-page check: "none", or the titles file, how many titles were read and how many rows matched.
        "titles_check": worklist.titles_check or "none",
        "generator": _generator(),
    }
    # A list written in sections or as several pages (gapkit.outputs.listing) says so; others stay as they were.
    if getattr(worklist, "section", ""):
        meta["section"] = worklist.section
    part = getattr(worklist, "part", None)
    if part:
        meta["part"] = f"part {part[0]} of {part[1]}"
    return meta


def metadata(item: Figure | Worklist) -> dict[str, object]:
    """Provenance, definition, scope and size of a figure or a worklist, as written beside or inside its export."""
    if isinstance(item, Worklist):
        return _worklist_metadata(item)
    return _figure_metadata(item)


def metadata_json(item: Figure | Worklist) -> str:
    """The `.meta.json` sidecar's text."""
    return json.dumps(metadata(item), ensure_ascii=False, indent=1)


def about_rows(item: Figure | Worklist) -> list[tuple[str, object]]:
    """The metadata as (key, value) rows for a sheet: nested values as JSON text."""
    return [
        (key, json.dumps(value, ensure_ascii=False) if isinstance(value, dict) else value)
        for key, value in metadata(item).items()
    ]

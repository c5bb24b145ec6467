"""Baselines: each share beside parity, all people in the data, or another edition, with the gap in points."""

import dataclasses
import math
from collections.abc import Callable, Sequence

from gapkit.errors import BadInput
from gapkit.figures.base import Figure, edition_codes
from gapkit.model import definitions, metrics
from gapkit.model.editions import load_editions
from gapkit.model.tables import GROUP_VALUES

PARITY, ALL = "parity", "all"


def parse_baseline(value: object, parity: bool = False) -> str | None:
    """A checked baseline: parity (gender shares only), all, or an edition code; None when not asked for."""
    if value in (None, ""):
        return None
    if value == PARITY:
        if not parity:
            raise BadInput("Parity is a baseline for gender shares only; choose all or an edition code.")
        return PARITY
    if value == ALL:
        return ALL
    return load_editions().get(value).code


def compared(
    make: Callable[..., Figure],
    endpoint: object,
    editions: Sequence[str] | None,
    baseline: object,
    keys: list[str],
    *,
    parity: bool = False,
    base_options: dict[str, object] | None = None,
    **options: object,
) -> Figure:
    """make(endpoint, codes, pooled, **options) for the editions and, when a baseline is asked for, the same
    figure for the baseline (options overridden by base_options, e.g. to list every occupation), compared
    row by row on `keys`: columns baseline, baseline_share, gap_pp."""
    baseline = parse_baseline(baseline, parity)
    figure = make(endpoint, edition_codes(editions), False, **options)
    if baseline is None:
        return figure
    if baseline == PARITY:
        return compare(figure, None, PARITY, keys)
    base_kwargs = {**options, **(base_options or {})}
    pooled = baseline == ALL
    base = make(endpoint, None if pooled else [baseline], pooled, **base_kwargs)
    return compare(figure, base, baseline, keys)


def compare(figure: Figure, base: Figure | None, baseline: str, keys: list[str]) -> Figure:
    """Add baseline, baseline_share and gap_pp (points, 2 decimals) to a figure's rows, matched on `keys`."""
    frame = figure.frame.copy()
    if base is None:
        # Parity is half for women and for men; it says nothing about "other", so those rows get no gap.
        shares = [0.5 if group in GROUP_VALUES else math.nan for group in frame["gender"]]
    else:
        found = base.frame.drop_duplicates(keys).set_index(keys)["share"]
        # A row missing from a baseline that has rows has no people there: share 0 (the figures list every row
        # with people, and regions and gender groups with zeros too).
        missing = 0.0 if len(base.frame) else math.nan
        rows = frame[keys].itertuples(index=False)
        shares = [found.get(tuple(row) if len(keys) > 1 else row[0], missing) for row in rows]
    frame["baseline"] = baseline
    own = list(frame["share"])
    frame["baseline_share"] = [math.nan if math.isnan(mine) else s for mine, s in zip(own, shares, strict=True)]
    frame["gap_pp"] = [metrics.gap_points(mine, s) for mine, s in zip(own, frame["baseline_share"], strict=True)]
    queries = figure.queries + (base.queries if base is not None else ())
    provenance = figure.provenance if base is None else figure.provenance.merged(base.provenance)
    return dataclasses.replace(
        figure,
        frame=frame,
        provenance=provenance,
        definition=f"{figure.definition} {definitions.GAP}",
        queries=tuple(dict.fromkeys(queries)),
        scope={**figure.scope, "baseline": baseline},
    )

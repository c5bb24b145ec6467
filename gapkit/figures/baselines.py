"""Baselines: each share beside parity, all people in the data, or another edition, with the gap in points."""

import dataclasses
import math
from collections.abc import Callable, Sequence

import numpy as np
import pandas as pd

from gapkit.errors import BadInput
from gapkit.figures.base import Counting, Figure, edition_codes
from gapkit.model import definitions, metrics
from gapkit.model.editions import load_editions
from gapkit.model.filters import NO_FILTERS, Filters
from gapkit.model.tables import GROUP_VALUES
from gapkit.stores.store import ProgressCallback

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
    filters: Filters = NO_FILTERS,
    progress: ProgressCallback | None = None,
    **options: object,
) -> Figure:
    """make(endpoint, Counting(...), **options) for the editions and, when a baseline is asked for, the same
    figure for the baseline (options overridden by base_options, e.g. to list every occupation), compared
    row by row on `keys`: columns baseline, baseline_share, gap_pp."""
    baseline = parse_baseline(baseline, parity)
    figure = make(endpoint, Counting(edition_codes(editions), False, filters, progress), **options)
    if baseline is None:
        return figure
    if baseline == PARITY:
        return compare(figure, None, PARITY, keys)
    base_kwargs = {**options, **(base_options or {})}
    pooled = baseline == ALL
    base = make(endpoint, Counting(None if pooled else [baseline], pooled, filters, progress), **base_kwargs)
    return compare(figure, base, baseline, keys)


def compare(figure: Figure, base: Figure | None, baseline: str, keys: list[str]) -> Figure:
    """Add baseline, baseline_share and gap_pp (points, 2 decimals) to a figure's rows, matched on `keys`."""
    frame = figure.frame.copy()
    if base is None:
        # Parity is half for women and for men; it says nothing about "other", so those rows get no gap.
        found = np.where(frame["gender"].isin(list(GROUP_VALUES)), 0.5, math.nan)
    else:
        shares = base.frame.drop_duplicates(keys).set_index(keys)["share"]
        # A row missing from a baseline that has rows has no people there: share 0 (the figures list every row
        # with people, and regions and gender groups with zeros too).
        missing = 0.0 if len(base.frame) else math.nan
        rows = pd.MultiIndex.from_frame(frame[keys]) if len(keys) > 1 else pd.Index(frame[keys[0]])
        found = shares.reindex(rows, fill_value=missing).to_numpy(dtype="float64")
    frame["baseline"] = baseline
    own = frame["share"].to_numpy(dtype="float64")
    frame["baseline_share"] = np.where(np.isnan(own), math.nan, found)
    # Shares have 4 decimals, so the points never sit near a rounding half: numpy's rounding is Python's here.
    frame["gap_pp"] = np.round((own - frame["baseline_share"].to_numpy()) * 100, metrics.GAP_DECIMALS)
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

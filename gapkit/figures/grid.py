"""The figure skeleton: the editions x categories grid filled by pandas, shares on whole columns, the Figure's tail."""

import math
from collections.abc import Sequence

import numpy as np
import pandas as pd

from gapkit.figures.base import BoundQuery, Counting, Figure, edition_of_site, merge_provenance, scope_of
from gapkit.model import definitions, metrics
from gapkit.sources.endpoints import Result


def full_index(names: Sequence[str], *levels: Sequence[object]) -> pd.MultiIndex:
    """Every combination of the levels, the first outermost: the editions x categories grid of a figure."""
    return pd.MultiIndex.from_product([list(level) for level in levels], names=list(names))


def nested_index(blocks: pd.DataFrame, genders: Sequence[str], names: tuple[str, str, str]) -> pd.MultiIndex:
    """(edition, gender, category) rows: each edition's categories (blocks' rows, in order) for every gender,
    editions and categories in the blocks' order, genders in the order given."""
    edition, gender, category = names
    ranked = blocks[[edition, category]].assign(_row=range(len(blocks)))
    ranked["_first"] = ranked.groupby(edition, sort=False)["_row"].transform("min")
    layers = pd.DataFrame({gender: list(genders), "_gender": range(len(genders))})
    rows = ranked.merge(layers, how="cross").sort_values(["_first", "_gender", "_row"], kind="stable")
    return pd.MultiIndex.from_frame(rows[[edition, gender, category]])


def laid_out(counts: pd.DataFrame, index: pd.MultiIndex, count: str = "people") -> pd.DataFrame:
    """counts' `count` summed over the index's columns and laid on the grid, zero where nothing was counted."""
    summed = counts.groupby(list(index.names))[count].sum()
    return summed.reindex(index, fill_value=0).astype("int64").reset_index()


def by_edition(counts: pd.DataFrame, by_gender: bool = True) -> pd.DataFrame:
    """A query's counts with each row's edition code, and gender "all" unless the figure is split by gender."""
    found = counts.assign(edition=edition_of_site(counts))
    return found if by_gender else found.assign(gender="all")


def wholes(frame: pd.DataFrame, population: pd.DataFrame, keys: list[str]) -> np.ndarray:
    """Each row's denominator: the population's people summed over `keys`, for the row's keys (0 where absent)."""
    summed = population.groupby(keys)["people"].sum()
    rows = pd.MultiIndex.from_frame(frame[keys]) if len(keys) > 1 else pd.Index(frame[keys[0]])
    return summed.reindex(rows, fill_value=0).to_numpy()


def shares(parts: object, wholes: object) -> np.ndarray:
    """metrics.share on whole columns: part / whole to 4 decimals (exact halves to even, as Python's round does),
    NaN where the whole is 0. Integer arithmetic, so every share is the one metrics.share gives."""
    part = np.asarray(parts, dtype="int64")
    whole = np.asarray(wholes, dtype="int64")
    safe = np.where(whole > 0, whole, 1)
    # Round half up on the exact fraction part * 10^4 / whole; it differs from rounding the float only on exact
    # halves, which are left to metrics.share (they depend on how part / whole was rounded to a float).
    scaled, rest = np.divmod(2 * 10**metrics.SHARE_DECIMALS * part + safe, 2 * safe)
    result = scaled / 10**metrics.SHARE_DECIMALS
    for i in np.flatnonzero((rest == 0) & (whole > 0)):
        result[i] = metrics.share(int(part[i]), int(whole[i]))
    return np.where(whole > 0, result, math.nan)


def assemble(
    title: str,
    frame: pd.DataFrame,
    results: Sequence[tuple[Result, BoundQuery]],
    definition: str,
    who: Counting,
    **options: object,
) -> Figure:
    """The Figure of a table and the queries that made it: provenance merged, the population definition, the
    figure's own and the filters' written after it, scope from the editions, the options and the filters."""
    return Figure(
        title=title,
        frame=frame,
        provenance=merge_provenance([result for result, _ in results]),
        definition=" ".join(filter(None, [definitions.POPULATION, definition, who.filters.describe()])),
        queries=tuple(query for _, query in results),
        scope=scope_of(who.codes, who.filters, **options),
    )

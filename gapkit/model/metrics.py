"""Pure figure arithmetic: shares, gaps in percentage points. Numbers in, numbers out."""

import math

import pandas as pd

SHARE_DECIMALS = 4
GAP_DECIMALS = 2
PARITY = 0.5


def share(part: int, whole: int) -> float:
    """part / whole rounded to 4 decimals; NaN when the whole is 0 (no share can be given)."""
    if whole <= 0:
        return math.nan
    return round(part / whole, SHARE_DECIMALS)


def gap_points(value: float, baseline: float) -> float:
    """Percentage points between a share and its baseline (0.2 against 0.5 -> -30.0)."""
    if value is None or baseline is None or pd.isna(value) or pd.isna(baseline):
        return math.nan
    return round((value - baseline) * 100, GAP_DECIMALS)


def shares_within(
    frame: pd.DataFrame, by: list[str], count: str = "people", exclude: dict[str, set[str]] | None = None
) -> pd.Series:
    """Each row's count over the total of its `by` block, leaving rows matched by `exclude` out of the
    denominator and without a share (e.g. no_gender)."""
    excluded = pd.Series(False, index=frame.index)
    for column, values in (exclude or {}).items():
        excluded |= frame[column].isin(values)
    counted = frame[count].where(~excluded, 0)
    totals = counted.groupby([frame[c] for c in by]).transform("sum") if by else counted.sum()
    result = [
        share(int(n), int(t)) if not skip else math.nan
        for n, t, skip in zip(frame[count], totals, excluded, strict=True)
    ]
    return pd.Series(result, index=frame.index, dtype="float64")

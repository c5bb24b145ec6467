"""Figure arithmetic: numbers in, numbers out."""

import math

import pandas as pd
import pytest

from gapkit.model.metrics import gap_points, share, shares_within


@pytest.mark.parametrize("part, whole, expected", [(1, 3, 0.3333), (2, 3, 0.6667), (0, 5, 0.0), (5, 5, 1.0)])
def test_share_has_four_decimals(part: int, whole: int, expected: float) -> None:
    assert share(part, whole) == expected


def test_share_of_nothing_is_not_a_number() -> None:
    assert math.isnan(share(0, 0))


@pytest.mark.parametrize("value, baseline, points", [(0.2, 0.5, -30.0), (0.5, 0.5, 0.0), (0.1234, 0.1, 2.34)])
def test_gap_in_percentage_points(value: float, baseline: float, points: float) -> None:
    assert gap_points(value, baseline) == points


def test_gap_without_a_share_is_not_a_number() -> None:
    assert math.isnan(gap_points(math.nan, 0.5))


def test_shares_within_leave_excluded_rows_out_of_the_denominator() -> None:
    frame = pd.DataFrame({"edition": ["a", "a", "a", "b"], "gender": ["women", "men", "no_gender", "women"],
                          "people": [1, 3, 4, 0]})  # fmt: skip
    got = shares_within(frame, ["edition"], exclude={"gender": {"no_gender"}}).tolist()
    assert got[:2] == [0.25, 0.75] and math.isnan(got[2]) and math.isnan(got[3])

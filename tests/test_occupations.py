"""The occupation figure: own P106 values, top N with ties by QID number, labels missing, no_occupation."""

import pytest

from gapkit.errors import BadInput
from gapkit.figures.base import run_query
from gapkit.figures.occupations import occupation_by_edition
from gapkit.model.tables import group_table


def test_occupations_on_the_fixture(mini) -> None:
    # hr (6): writer Q11, Q18; politician Q18; scientist Q15; journalist Q19 (its own value, not writer);
    # Q99999 (Q21) has no English label; Q14 has none. Ties ranked by QID number.
    figure = occupation_by_edition(mini, ["hr"])
    assert [tuple(r) for r in figure.frame.values] == [
        ("hr", "Q36180", "writer", "all", 2, 0.3333),
        ("hr", "Q901", "scientist", "all", 1, 0.1667),
        ("hr", "Q82955", "politician", "all", 1, 0.1667),
        ("hr", "Q99999", "", "all", 1, 0.1667),
        ("hr", "Q1930187", "journalist", "all", 1, 0.1667),
        ("hr", "no_occupation", "", "all", 1, 0.1667),
    ]


def test_top_n_keeps_no_occupation_and_splits_by_gender(mini) -> None:
    frame = occupation_by_edition(mini, ["hr"], by_gender=True, top=1).frame
    assert frame[["occupation", "gender", "people", "share"]].values.tolist() == [
        ["Q36180", "women", 1, 0.5], ["no_occupation", "women", 0, 0.0],
        ["Q36180", "men", 0, 0.0], ["no_occupation", "men", 0, 0.0],
        ["Q36180", "other", 1, 0.5], ["no_occupation", "other", 1, 0.5],
        ["Q36180", "no_gender", 0, 0.0], ["no_occupation", "no_gender", 0, 0.0],
    ]  # fmt: skip


def test_binding_an_edition_changes_the_count(mini) -> None:
    everywhere, _ = run_query(mini, "biographies_by_occupation", site=None, gender_groups=group_table())
    yue, _ = run_query(mini, "biographies_by_occupation", site=["zh-yue"], gender_groups=group_table())
    assert int(everywhere.frame["people"].sum()) == 22
    assert yue.frame[["occupation", "gender", "people"]].values.tolist() == [["no_occupation", "women", 1]]


@pytest.mark.parametrize("top", [0, "many", 1001])
def test_top_is_bounded(mini, top) -> None:
    with pytest.raises(BadInput):
        occupation_by_edition(mini, ["hr"], top=top)

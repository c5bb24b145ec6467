"""The figure registry: requests, specs found in their modules, make() as the one path, the grid's shares."""

import math

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from gapkit.errors import BadInput
from gapkit.figures import grid
from gapkit.figures.base import FigureRequest, request
from gapkit.figures.gender import gender_by_edition
from gapkit.figures.registry import make, spec_of, specs
from gapkit.model import metrics
from gapkit.model.filters import make_filters


def test_every_figure_module_declares_its_spec() -> None:
    assert sorted(specs()) == [
        "choices", "country", "coverage", "crosstab", "decade", "gender", "missing", "occupation", "region", "worklist",
    ]  # fmt: skip
    assert spec_of("gender").queries == ("biographies_by_gender", "biographies_by_gender_value")


def test_a_request_is_hashable_and_ignores_the_order_options_are_given_in() -> None:
    one = request("occupation", ["hr"], by_gender=True, top=5)
    other = request("occupation", ("hr",), top=5, by_gender=True)
    assert one == other and hash(one) == hash(other)
    assert request("worklist", "hr").editions == ("hr",)  # one edition code is one edition, not its letters
    assert request("worklist", "hr", sources=["de", "fr"]).options == (("sources", ("de", "fr")),)
    assert request("gender", baseline="") == FigureRequest("gender")


def test_make_is_the_figure_function_by_keywords(mini) -> None:
    asked = request("gender", ["hr"], grouping="raw", filters=make_filters(born_from="1900"), baseline="all")
    made, called = make(mini, asked), gender_by_edition(mini, ["hr"], "raw", filters=asked.filters, baseline="all")
    pd.testing.assert_frame_equal(made.frame, called.frame)
    assert made.scope == called.scope


def test_unknown_figures_options_and_baselines_are_refused_in_one_sentence(mini) -> None:
    with pytest.raises(BadInput, match="is not a figure"):
        make(mini, request("nonsense", ["hr"]))
    with pytest.raises(BadInput, match="takes no baseline"):
        make(mini, request("missing", ["hr"], prop="P21", baseline="all"))
    with pytest.raises(BadInput, match="has no option 'colour'"):
        spec_of("gender").checked(request("gender", colour="red"))
    with pytest.raises(BadInput, match="one edition"):
        make(mini, request("worklist", ["hr", "en"]))


def test_a_checked_request_gets_the_defaults_of_the_options_it_leaves_out() -> None:
    assert spec_of("occupation").checked(request("occupation", top="7")) == {"by_gender": False, "top": 7}
    with pytest.raises(BadInput, match="--top"):
        spec_of("occupation").checked(request("occupation", top=0))


@given(st.integers(0, 10**7), st.integers(0, 10**7))
def test_vectorised_shares_are_metrics_share(part: int, whole: int) -> None:
    found = grid.shares([part], [whole])[0]
    expected = metrics.share(part, whole)
    assert (math.isnan(found) and math.isnan(expected)) or found == expected


def test_vectorised_shares_agree_on_exact_halves() -> None:
    # 1/160 = 0.00625 and 3/32 = 0.09375 sit on a rounding half: Python's round decides on the float.
    parts, wholes = [1, 3, 5, 0, 7], [160, 32, 0, 0, 1600]
    found = grid.shares(parts, wholes)
    expected = [metrics.share(p, w) for p, w in zip(parts, wholes, strict=True)]
    assert [f if not math.isnan(f) else None for f in found] == [e if not math.isnan(e) else None for e in expected]

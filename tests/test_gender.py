"""The gender figure on the hand-written fixture: exact rows, raw mode, and binding that restricts."""

import math

import pytest

from gapkit.errors import BadInput
from gapkit.figures.base import run_query
from gapkit.figures.gender import gender_by_edition
from gapkit.model.tables import group_table
from gapkit.sources.columnar import ColumnarEndpoint


def rows(frame):
    return [
        tuple(None if isinstance(v, float) and math.isnan(v) else v for v in row)
        for row in frame.itertuples(index=False)
    ]


def test_groups_one_per_person_on_every_edition(mini) -> None:
    # en: Q11 female, Q13 trans woman -> women; Q12 male, Q19 cis male, Q22 male -> men; Q18 female+male -> other;
    # Q15 no P21 -> no_gender; Q23 is not human and is never counted.
    # hr: Q11, Q21 women; Q19 men; Q14 non-binary and Q18 mixed -> other; Q15 no_gender.
    # fr: Q11, Q13 women; Q19, Q22, Q24 (trans man) men; Q26 only "unknown value" -> no_gender.
    # zh-yue: Q27 female plus an "unknown value" genid -> women (unknown ignored beside known).
    figure = gender_by_edition(mini, None)
    assert rows(figure.frame) == [
        ("en", "women", 2, 0.3333), ("en", "men", 3, 0.5), ("en", "other", 1, 0.1667), ("en", "no_gender", 1, None),
        ("fr", "women", 2, 0.4), ("fr", "men", 3, 0.6), ("fr", "other", 0, 0.0), ("fr", "no_gender", 1, None),
        ("hr", "women", 2, 0.4), ("hr", "men", 1, 0.2), ("hr", "other", 2, 0.4), ("hr", "no_gender", 1, None),
        ("zh-yue", "women", 1, 1.0), ("zh-yue", "men", 0, 0.0),
        ("zh-yue", "other", 0, 0.0), ("zh-yue", "no_gender", 0, None),
    ]  # fmt: skip
    assert list(figure.frame.columns) == ["edition", "gender", "people", "share"]
    assert str(figure.frame["people"].dtype) == "int64"


def test_chosen_editions_keep_the_callers_order_and_zero_rows(mini) -> None:
    figure = gender_by_edition(mini, ["zh-yue", "en"])
    assert list(figure.frame["edition"].unique()) == ["zh-yue", "en"]
    assert rows(figure.frame)[:4] == [
        ("zh-yue", "women", 1, 1.0), ("zh-yue", "men", 0, 0.0),
        ("zh-yue", "other", 0, 0.0), ("zh-yue", "no_gender", 0, None),
    ]  # fmt: skip


def test_an_edition_without_biographies_gets_zero_rows_and_no_share(mini) -> None:
    figure = gender_by_edition(mini, ["de"])
    assert rows(figure.frame) == [("de", g, 0, None) for g in ("women", "men")] + [
        ("de", "other", 0, None),
        ("de", "no_gender", 0, None),
    ]


def test_raw_mode_counts_a_person_under_each_value(mini) -> None:
    # hr: Q18 has female and male, so counts under both; people with gender data = 5 (Q15 has none).
    figure = gender_by_edition(mini, ["hr"], grouping="raw")
    assert rows(figure.frame) == [
        ("hr", "Q6581072", 3, 0.6), ("hr", "Q15145778", 1, 0.2), ("hr", "Q48270", 1, 0.2), ("hr", "Q6581097", 1, 0.2),
        ("hr", "no_gender", 1, None),
    ]  # fmt: skip
    assert [q.name for q in figure.queries] == ["biographies_by_gender", "biographies_by_gender_value"]


def test_binding_an_edition_changes_the_count(mini) -> None:
    """The site VALUES sits inside the counted pattern: bound counts differ from unbound ones."""
    everywhere, _ = run_query(mini, "biographies_by_gender", site=None, gender_groups=group_table())
    only_yue, _ = run_query(mini, "biographies_by_gender", site=["zh-yue"], gender_groups=group_table())
    assert int(everywhere.frame["people"].sum()) == 20  # en 7 + fr 6 + hr 6 + zh-yue 1
    assert only_yue.frame.to_dict(orient="records") == [
        {"site": "https://zh-yue.wikipedia.org/", "gender": "women", "people": 1}
    ]


def test_binding_the_group_table_changes_the_groups(mini) -> None:
    """Moving trans woman out of the table turns Q13 into "other": the table decides per person."""
    table = [row for row in group_table() if row[0] != "Q1052281"]
    if isinstance(mini, ColumnarEndpoint):  # groups decided at build time: another table is refused
        with pytest.raises(BadInput, match="shipped gender groups table"):
            run_query(mini, "biographies_by_gender", site=["fr"], gender_groups=table)
        return
    result, _ = run_query(mini, "biographies_by_gender", site=["fr"], gender_groups=table)
    counts = dict(zip(result.frame["gender"], result.frame["people"], strict=True))
    assert counts == {"women": 1, "men": 3, "other": 1, "no_gender": 1}


def test_provenance_and_definition_travel_with_the_figure(mini) -> None:
    figure = gender_by_edition(mini, ["en"])
    assert figure.provenance.source == "gapkit test fixture (hand-written)"
    assert figure.provenance.synthetic is True
    assert "SYNTHETIC" in figure.provenance.line()
    assert "one group per person" in figure.definition
    assert "VALUES ?site { <https://en.wikipedia.org/> }" in figure.queries[0].text


@pytest.mark.parametrize("editions, grouping", [(["xx"], "groups"), (["en"], "binary"), ([], "groups")])
def test_bad_input(mini, editions, grouping) -> None:
    with pytest.raises(BadInput):
        gender_by_edition(mini, editions, grouping)


def test_bundled_sample_is_labelled_honestly(sample) -> None:
    manifest = sample.ref.manifest
    assert manifest.counts["people"] == 348 and not manifest.synthetic and not manifest.representative
    assert "NOT representative" in manifest.notice
    figure = gender_by_edition(sample, ["en", "hr"])
    assert figure.frame.set_index(["edition", "gender"]).loc[("en", "women"), "people"] == 27

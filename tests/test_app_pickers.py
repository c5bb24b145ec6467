"""Pick by name (#16 item 1): countries, occupations and editions chosen by label; captions, chart footers and
exports name them; QIDs in the URL still work, and one the data lacks is named in a sentence."""

import json

import pytest
from streamlit.testing.v1 import AppTest

from gapkit.figures.gender import gender_by_edition
from gapkit.model.filters import make_filters
from gapkit.sources.resolve import open_store_endpoint
from gapkit.stores.store import read_manifest
from tests.cli_helpers import gapkit
from tests.conftest import FIXTURE_STORE, ROOT

APP = str(ROOT / "app.py")
WRITER = "writer (Q36180): 3 people"  # the fixture's writers: Q11, Q16, Q18 (every edition)


pytestmark = pytest.mark.usefixtures("app_on_fixture")


def opened(params: dict[str, str], page: str | None = None) -> AppTest:
    """The app (then `page`) opened from a link carrying `params`."""
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params.update(params)
    at.run()
    if page:
        at.switch_page(page)
        at.query_params.update(params)
        at.run()
    assert not at.exception
    return at


def url_value(at: AppTest, name: str) -> str | None:
    value = at.query_params.get(name)
    return value[0] if isinstance(value, list) else value


def people(at: AppTest) -> list[list[object]]:
    return at.dataframe[0].value[["edition", "gender", "people"]].values.tolist()


def test_the_pickers_list_items_by_label_with_their_people() -> None:
    at = opened({"editions": "hr,en"})
    assert at.sidebar.multiselect(key="scope_occupation").options == [
        WRITER,
        "politician (Q82955): 3 people",
        "scientist (Q901): 1 person",
        "Q99999: 1 person",  # no English or mul label: its QID
        "pintor (Q1028181): 1 person",
        "journalist (Q1930187): 1 person",
    ]
    assert at.sidebar.multiselect(key="scope_country").options[:2] == [
        "United States of America (Q30): 3 people",
        "France (Q142): 3 people",
    ]
    assert at.multiselect(key="editions").options == [
        "en - English Wikipedia",
        "fr - French Wikipedia",
        "hr - Croatian Wikipedia",
        "zh-yue - Cantonese Wikipedia",
    ]
    assert at.multiselect(key="editions").value == ["hr", "en"]  # the values stay edition codes


def test_picking_writer_by_label_filters_the_figure_exactly_as_its_qid_does() -> None:
    at = opened({"editions": "hr,en"})
    at.sidebar.multiselect(key="scope_occupation").select(WRITER).run()
    assert not at.exception
    assert url_value(at, "occupation") == "Q36180"
    by_qid = opened({"editions": "hr,en", "occupation": "Q36180"})
    assert by_qid.sidebar.multiselect(key="scope_occupation").value == ["Q36180"]
    expected = gender_by_edition(
        open_store_endpoint(read_manifest(FIXTURE_STORE)), ["hr", "en"], filters=make_filters(occupation=["Q36180"])
    )
    rows = expected.frame[["edition", "gender", "people"]].values.tolist()
    assert people(at) == people(by_qid) == rows
    assert rows[:4] == [["hr", "women", 1], ["hr", "men", 0], ["hr", "other", 1], ["hr", "no_gender", 0]]
    for shown in (at, by_qid):
        assert "Filters: occupation writer (Q36180)." in [c.value for c in shown.caption]


def test_and_narrower_uses_the_occupation_tree() -> None:
    at = opened({"editions": "hr", "occupation": "Q36180"})
    assert people(at)[:3] == [["hr", "women", 1], ["hr", "men", 0], ["hr", "other", 1]]
    at.sidebar.checkbox(key="scope_narrower").check().run()
    assert not at.exception and url_value(at, "narrower") == "1"
    # journalist (Q19, a man in hr) is a narrower occupation of writer
    assert people(at)[:3] == [["hr", "women", 1], ["hr", "men", 1], ["hr", "other", 1]]
    assert "Filters: occupation writer (Q36180) or narrower." in [c.value for c in at.caption]


def test_a_qid_the_data_lacks_is_named_and_left_out() -> None:
    at = opened({"editions": "hr", "occupation": "Q36180,Q777", "country": "Q0"})
    assert [w.value for w in at.warning][1:] == [
        "The link's country names 'Q0', which is not a country of citizenship of anyone in this data; left out.",
        "The link's occupation names 'Q777', which is not an occupation of anyone in this data; left out.",
    ]
    assert at.sidebar.multiselect(key="scope_occupation").value == ["Q36180"]
    assert at.sidebar.multiselect(key="scope_country").value == []
    assert url_value(at, "occupation") == "Q36180" and url_value(at, "country") is None


def test_chart_footers_and_captions_name_the_filters_by_label() -> None:
    at = opened({"edition": "hr", "country": "Q142", "occupation": "Q36180"}, "pages/edition.py")
    named = "Filters: citizens of France (Q142); occupation writer (Q36180)."
    assert named in [c.value for c in at.caption]
    assert at.selectbox(key="edition").value == "hr" and at.selectbox(key="edition").format_func("hr") == (
        "hr - Croatian Wikipedia"
    )
    spec = json.loads(at.get("vega_lite_chart")[0].proto.spec)
    footer = " ".join(spec["title"]["subtitle"])
    assert "France (Q142)" in footer and "writer (Q36180)" in footer
    assert "Q142" not in footer.replace("France (Q142)", "")


def test_when_the_source_cannot_list_them_the_urls_qids_still_filter(monkeypatch) -> None:
    from dataclasses import replace

    from gapkit.errors import SourceError
    from gapkit.figures import registry

    def broken(*args, **kwargs):
        raise SourceError("The endpoint did not answer in time.")

    monkeypatch.setitem(registry.specs(), "choices", replace(registry.spec_of("choices"), function=broken))
    at = opened({"editions": "hr", "occupation": "Q36180,Q0"})
    assert not at.error
    assert [c.value for c in at.sidebar.caption] == [
        "Countries and occupations cannot be listed by name now: The endpoint did not answer in time."
    ]
    assert [w.value for w in at.warning][1:] == [
        "The link's occupation names 'Q0', which is not a Wikidata item (Q and a number); left out."
    ]
    assert at.sidebar.multiselect(key="scope_occupation").options == ["Q36180"]
    assert people(at)[:3] == [["hr", "women", 1], ["hr", "men", 0], ["hr", "other", 1]]
    assert "Filters: occupation Q36180." in [c.value for c in at.caption]


AUTHOR = "author (Q482980): 4 people"  # above writer, held by nobody directly: Q11, Q16, Q18 and journalist Q19


def test_with_narrower_a_class_nobody_holds_is_picked_by_label_as_the_cli_takes_it(monkeypatch, broader_store) -> None:
    monkeypatch.setenv("GAPKIT_STORE", str(broader_store))
    at = opened({"editions": "hr,en"})
    assert AUTHOR not in at.sidebar.multiselect(key="scope_occupation").options  # the people's own occupations
    at.sidebar.checkbox(key="scope_narrower").check().run()
    assert at.sidebar.multiselect(key="scope_occupation").options[:3] == [
        "occupation (Q12737077): 6 people",
        "writer (Q36180): 4 people",
        AUTHOR,
    ]
    at.sidebar.multiselect(key="scope_occupation").select(AUTHOR).run()
    assert not at.exception and url_value(at, "occupation") == "Q482980" and url_value(at, "narrower") == "1"
    assert "Filters: occupation author (Q482980) or narrower." in [c.value for c in at.caption]
    cli = gapkit("gaps", "gender", "--edition", "hr", "--edition", "en", "--occupation", "Q482980", "--narrower",
                 "--store", str(broader_store))  # fmt: skip
    assert cli.returncode == 0, cli.stderr
    rows = [line.split(",") for line in cli.stdout.splitlines()[1:]]
    assert people(at) == [[edition, gender, int(n)] for edition, gender, n, *_ in rows]
    assert people(at)[:4] == [["hr", "women", 1], ["hr", "men", 1], ["hr", "other", 1], ["hr", "no_gender", 0]]
    # the link carries the QID: with narrower it is taken again, without it it is named and left out
    by_link = opened({"editions": "hr,en", "occupation": "Q482980", "narrower": "1"})
    assert not by_link.warning  # this store has no notice, so no warning at all
    assert by_link.sidebar.multiselect(key="scope_occupation").value == ["Q482980"] and people(by_link) == people(at)
    plain = opened({"editions": "hr,en", "occupation": "Q482980"})
    assert [w.value for w in plain.warning] == [
        "The link's occupation names 'Q482980', which is not an occupation of anyone in this data; left out."
    ]

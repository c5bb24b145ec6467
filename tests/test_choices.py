"""The pickers' options (#16 item 1): countries and occupations with their people, and filters named by label."""

import json

import pytest

from gapkit.figures.base import request, run_query
from gapkit.figures.choices import choices_in, labels_of
from gapkit.figures.gender import gender_by_edition
from gapkit.figures.occupations import occupation_by_edition
from gapkit.figures.registry import make
from gapkit.model.filters import make_filters
from gapkit.outputs.metadata import metadata_json
from gapkit.sources.endpoints import LocalEndpoint
from gapkit.sources.resolve import open_store_endpoint
from gapkit.stores.store import read_manifest
from tests.conftest import FIXTURE_STORE

# Every edition of the fixture (anyone with a Wikipedia article, each once): ranked by people, then QID number.
EVERYWHERE = [
    ("country", "Q30", "United States of America", 3),
    ("country", "Q142", "France", 3),
    ("country", "Q16", "Canada", 2),
    ("country", "Q17", "Japan", 2),
    ("country", "Q34266", "Russian Empire", 2),
    ("country", "Q183", "Germany", 1),
    ("country", "Q15180", "Soviet Union", 1),
    ("occupation", "Q36180", "writer", 3),
    ("occupation", "Q82955", "politician", 3),
    ("occupation", "Q901", "scientist", 1),
    ("occupation", "Q99999", "", 1),  # no English or mul label
    ("occupation", "Q1028181", "pintor", 1),  # a mul label only
    ("occupation", "Q1930187", "journalist", 1),
]


def test_choices_on_the_fixture(mini) -> None:
    assert [tuple(row) for row in choices_in(mini, None).frame.values] == EVERYWHERE
    # hr: Q11, Q15, Q18, Q19, Q21, Q23 (a person in two chosen editions still counts once, see below)
    assert [tuple(row) for row in choices_in(mini, ["hr"]).frame.values] == [
        ("country", "Q30", "United States of America", 2),
        ("country", "Q142", "France", 2),
        ("country", "Q183", "Germany", 1),
        ("country", "Q15180", "Soviet Union", 1),
        ("occupation", "Q36180", "writer", 2),
        ("occupation", "Q901", "scientist", 1),
        ("occupation", "Q82955", "politician", 1),
        ("occupation", "Q99999", "", 1),
        ("occupation", "Q1930187", "journalist", 1),
    ]


def test_a_person_in_several_chosen_editions_counts_once(mini) -> None:
    both = choices_in(mini, ["en", "hr"]).frame.set_index("item")["people"]
    alone = [choices_in(mini, [code]).frame.set_index("item")["people"] for code in ("en", "hr")]
    # writers: en 3, hr 2, both 3 (the hr writers also have an en article); France likewise
    assert (both["Q36180"], alone[0]["Q36180"], alone[1]["Q36180"]) == (3, 3, 2)
    assert (both["Q142"], alone[0]["Q142"], alone[1]["Q142"]) == (3, 3, 2)


def test_binding_editions_and_filters_changes_the_count(mini) -> None:
    everywhere, _ = run_query(mini, "countries_and_occupations", site=None)
    pooled, _ = run_query(mini, "countries_and_occupations", pooled=True)
    yue, _ = run_query(mini, "countries_and_occupations", site=["zh-yue"])
    assert int(everywhere.frame["people"].sum()) == int(pooled.frame["people"].sum()) == 24
    assert yue.frame.values.tolist() == [["country", "Q17", "Japan", 1]]  # its one person: a citizen, no occupation
    women = choices_in(mini, None, filters=make_filters(gender="women")).frame
    assert women[["item", "people"]].values.tolist() == [
        ["Q17", 1],
        ["Q142", 1],
        ["Q15180", 1],
        ["Q34266", 1],
        ["Q36180", 2],
        ["Q99999", 1],
    ]


def test_the_registry_makes_it_and_its_labels_are_a_mapping(mini) -> None:
    figure = make(mini, request("choices"))
    assert figure.frame.equals(choices_in(mini, None).frame)
    labels = labels_of(figure)
    assert labels["Q36180"] == "writer" and "Q99999" not in labels


def test_filters_are_named_by_label_in_definitions_and_exports(mini) -> None:
    chosen = make_filters(country=["Q142"], occupation=["Q36180", "Q99999"], narrower=True)
    named = chosen.named(labels_of(choices_in(mini, None)))
    assert named.params() == chosen.params()  # labels never reach a query
    assert named.describe() == ("Filters: citizens of France (Q142); occupation writer (Q36180) or Q99999 or narrower.")
    figure = occupation_by_edition(mini, ["hr"], filters=named)
    assert figure.definition.endswith(
        "Filters: citizens of France (Q142); occupation writer (Q36180) or Q99999 or narrower."
    )
    meta = json.loads(metadata_json(figure))
    assert meta["scope"]["occupation"] == "Q36180,Q99999"
    assert meta["scope"]["occupation_labels"] == ["writer", ""]
    assert meta["scope"]["country_labels"] == ["France"]
    assert figure.frame.equals(occupation_by_edition(mini, ["hr"], filters=chosen).frame)


def test_on_a_remote_endpoint_that_runs_out_of_time_the_parts_add_up(monkeypatch, tmp_path) -> None:
    from tests import servers
    from tests.test_remote import remote

    monkeypatch.setattr(servers, "SLOW_MARKER", "countries_and_occupations")
    server = servers.OxigraphServer(FIXTURE_STORE / "data.ttl")
    proxy = servers.FaultProxy(server.url)
    try:
        proxy.slow = True  # the whole query "times out": it runs again in QID-number parts, which add up
        figure = choices_in(remote(tmp_path, proxy.url), None)
        assert figure.provenance.partitions == 10
        assert [tuple(row) for row in figure.frame.values] == EVERYWHERE
    finally:
        proxy.stop()
        server.stop()


@pytest.fixture(scope="module", params=["columnar", "sparql"])
def broader(request: pytest.FixtureRequest, broader_store) -> LocalEndpoint:
    """The fixture with classes above its occupations that nobody holds directly, on each engine."""
    return open_store_endpoint(read_manifest(broader_store), engine=request.param)


def test_with_narrower_every_class_of_the_tree_is_listed_with_its_people(broader) -> None:
    plain = choices_in(broader, None).frame
    assert [tuple(row) for row in plain.values] == EVERYWHERE  # a class nobody holds is not listed without narrower
    tree = choices_in(broader, None, narrower=True)
    # occupation (Q12737077): the writers Q11 Q16 Q18 and journalist Q19 (via author), the politicians Q12 Q18
    # Q22; Q18 once. author: writers and the journalist. Nobody holds either directly.
    assert [tuple(row) for row in tree.frame.values if row[0] == "occupation"] == [
        ("occupation", "Q12737077", "occupation", 6),
        ("occupation", "Q36180", "writer", 4),
        ("occupation", "Q482980", "author", 4),
        ("occupation", "Q82955", "politician", 3),
        ("occupation", "Q901", "scientist", 1),
        ("occupation", "Q99999", "", 1),
        ("occupation", "Q1028181", "pintor", 1),
        ("occupation", "Q1930187", "journalist", 1),
    ]
    assert tree.frame[tree.frame["dimension"] == "country"].equals(plain[plain["dimension"] == "country"])
    assert tree.scope == {"editions": "all", "narrower": True} and "With narrower:" in tree.definition
    # in each edition, a class's people are exactly who the occupation tree filter keeps
    for code in ("en", "hr"):
        listed = choices_in(broader, [code], narrower=True).frame.set_index("item")["people"]
        for qid in ("Q12737077", "Q482980"):
            kept = gender_by_edition(broader, [code], filters=make_filters(occupation=[qid], narrower=True)).frame
            assert int(kept["people"].sum()) == listed[qid]
    men_hr = choices_in(broader, ["hr"], narrower=True, filters=make_filters(gender="men")).frame
    assert men_hr[men_hr["dimension"] == "occupation"][["item", "people"]].values.tolist() == [
        ["Q36180", 1],
        ["Q482980", 1],
        ["Q1930187", 1],
        ["Q12737077", 1],
    ]
    assert make(broader, request("choices", narrower=True)).frame.equals(tree.frame)

"""The country figure and the world map: exact rows on the fixture, both engines alike, the shipped ISO codes and
world geometry, and the map exported as PNG and SVG."""

import csv
import json

import pytest

from gapkit.figures.base import run_query
from gapkit.figures.countries import country_by_edition
from gapkit.model.filters import make_filters
from gapkit.model.tables import COUNTRY_ISO_CSV, country_iso_numeric, group_table
from gapkit.outputs.charts import WORLD, country_map, image_chart
from gapkit.outputs.images import chart_png, chart_svg
from gapkit.sources.resolve import open_store_endpoint
from gapkit.stores.store import SAMPLE_STORE, read_manifest
from tests.conftest import FIXTURE_STORE

HR = [
    # edition, country, label, ISO numeric, people, women, with gender data, share
    ["hr", "Q30", "United States of America", "840", 2, 0, 1, 0.0],
    ["hr", "Q142", "France", "250", 2, 1, 2, 0.5],
    ["hr", "Q183", "Germany", "276", 1, 0, 1, 0.0],
    ["hr", "Q15180", "Soviet Union", "", 1, 1, 1, 1.0],  # a historical state: no shape on the map
]


def test_country_figure_rows_on_the_fixture(mini) -> None:
    figure = country_by_edition(mini, ["hr"])
    assert figure.frame.values.tolist() == HR
    assert figure.scope == {"editions": "hr"}
    women = country_by_edition(mini, ["hr", "en"], filters=make_filters("women", "", [], [], False, "", "", ""))
    assert women.frame[["edition", "country", "people", "share"]].values.tolist() == [
        ["hr", "Q142", 1, 1.0], ["hr", "Q15180", 1, 1.0], ["en", "Q142", 1, 1.0], ["en", "Q34266", 1, 1.0]
    ]  # fmt: skip


@pytest.mark.parametrize("store", [FIXTURE_STORE, SAMPLE_STORE], ids=["mini", "sample"])
@pytest.mark.parametrize("params", [{"site": None}, {"site": ["hr", "en"]}, {"site": None, "pooled": True}])
def test_the_country_twin_gives_the_sparql_answer(store, params) -> None:
    ref = read_manifest(store)
    answers = []
    for engine in ("sparql", "columnar"):
        result, bound = run_query(
            open_store_endpoint(ref, engine=engine), "biographies_by_country", gender_groups=group_table(), **params
        )
        frame = result.frame.sort_values(["site", "country", "gender"]).reset_index(drop=True)
        answers.append((frame, bool(bound.engine_text)))
    (sparql, ran_sql_before), (columnar, ran_sql) = answers
    assert ran_sql and not ran_sql_before
    assert sparql.dtypes.to_dict() == columnar.dtypes.to_dict() and len(sparql) > 0
    assert sparql.equals(columnar)


def test_the_shipped_iso_codes_key_the_world_geometry() -> None:
    """Each shipped country's ISO 3166-1 numeric code (from its alpha-2 code) is the id of its shape in the
    vendored world-atlas file; only states too small for the 1:110m shapes have none."""
    codes = country_iso_numeric()
    assert codes["Q224"] == "191" and codes["Q1030"] == "516"  # Croatia; Namibia, whose alpha-2 code is "NA"
    with open(COUNTRY_ISO_CSV, encoding="utf-8", newline="") as handle:
        assert all(len(row["iso_numeric"]) == 3 for row in csv.DictReader(handle))
    shapes = {g.get("id") for g in json.loads(WORLD.read_text())["objects"]["countries"]["geometries"]}
    on_map = [qid for qid, code in codes.items() if code in shapes]
    assert len(on_map) >= 160 and "Q142" in on_map and "Q30" in on_map


def test_the_world_map_is_drawn_offline_and_exported(mini) -> None:
    figure = country_by_edition(mini, ["hr", "en"])
    chart = country_map(figure, "hr")
    spec = chart.to_dict()
    land, coloured = spec["layer"]
    assert land["mark"]["type"] == "geoshape" and spec["projection"]["type"] == "equalEarth"
    assert coloured["transform"][0]["from"]["key"] == "iso_numeric"
    lookup = coloured["transform"][0]["from"]["data"]
    values = spec["datasets"][lookup["name"]] if "name" in lookup else lookup["values"]
    assert [(v["iso_numeric"], v["share"]) for v in values] == [("840", 0.0), ("250", 0.5), ("276", 0.0)]
    image = image_chart(figure, chart)
    svg = chart_svg(image)
    assert "Croatian Wikipedia (hr)" in svg and "Country of citizenship" in svg and "<path" in svg
    assert chart_png(image)[:8] == b"\x89PNG\r\n\x1a\n"

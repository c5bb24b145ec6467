"""The cross-tab figure (#16 item 2): exact cells on the fixture for several axis pairs on both engines, birth
periods, baselines on the cells shown, the CLI line, the page in AppTest and every export read back."""

import csv
import io
import math

import openpyxl
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from gapkit.errors import BadInput
from gapkit.figures.base import request
from gapkit.figures.crosstab import crosstab_by_edition, period_label, period_of, women_cells
from gapkit.figures.registry import make
from gapkit.outputs.heatmap import crosstab_heatmap, crosstab_image
from gapkit.outputs.registry import CHART_FORMATS, FIGURE_FORMATS
from gapkit.sources.resolve import open_store_endpoint
from gapkit.stores.store import SAMPLE_STORE, read_manifest
from tests.cli_helpers import gapkit
from tests.conftest import FIXTURE_STORE, ROOT


def people_rows(figure) -> list[tuple]:
    """The rows with people, as tuples (NaN shares as None, so that rows compare equal)."""
    frame = figure.frame[figure.frame["people"] > 0]
    return [tuple(None if isinstance(v, float) and math.isnan(v) else v for v in row) for row in frame.values]


@pytest.mark.parametrize(
    "year, period",
    [(1799, 1700), (1800, 1800), (1853, 1850), (2001, 2000), (-469, -500), (-1, -100), (5, 0), (None, "unknown")],
)
def test_birth_periods_are_centuries_before_1800_and_decades_from_it(year, period) -> None:
    assert period_of(year) == period


def test_period_labels_read_as_years() -> None:
    # no year 0, and BCE years as people write them (so no label starts with a formula's "-")
    assert [period_label(p) for p in ("-500", "-100", "0", "1700", "1850", "unknown")] == [
        "500 BCE to 401 BCE", "100 BCE to 1 BCE", "1 to 99", "1700 to 1799", "1850 to 1859", "unknown",
    ]  # fmt: skip


def test_region_by_occupation_on_the_fixture(mini) -> None:
    # hr: Q11 women Europe writer; Q18 other Europe writer + politician; Q15 no_gender North America scientist;
    # Q14 other, no country, no occupation; Q19 men North America journalist and Q21 women unmapped Q99999 hold
    # occupations outside the top 3 (writer 2 people, then ties by QID number: Q901, Q82955).
    figure = crosstab_by_edition(mini, ["hr"], "region", "occupation", top=3)
    assert people_rows(figure) == [
        ("hr", "Q46", "Europe", "Q36180", "writer", "women", 1, 0.5),
        ("hr", "Q46", "Europe", "Q36180", "writer", "other", 1, 0.5),
        ("hr", "Q46", "Europe", "Q82955", "politician", "other", 1, 1.0),
        ("hr", "Q49", "North America", "Q901", "scientist", "no_gender", 1, None),
        ("hr", "no_country", "no country of citizenship", "no_occupation", "no occupation", "other", 1, 1.0),
    ]
    # every region found x the 3 occupations and no_occupation x every gender group, zeros included
    assert len(figure.frame) == 4 * 4 * 4
    assert list(dict.fromkeys(figure.frame["region"])) == ["Q46", "Q49", "unmapped", "no_country"]
    assert figure.scope == {"editions": "hr", "rows": "region", "columns": "occupation", "top": 3}
    assert "the 3 occupations with the most people, then no_occupation" in figure.definition


def test_period_by_country_in_two_editions_on_the_fixture(mini) -> None:
    # fr: Q13 469 BCE (-500) and Q22 1 BCE (-100) fall in centuries; Q24 2001 in a decade; Q26 two birth years
    # that disagree (unknown) and two countries, so it is in two cells.
    figure = crosstab_by_edition(mini, ["hr", "fr"], "period", "country")
    assert people_rows(figure) == [
        ("hr", "1900", "1900 to 1909", "Q142", "France", "women", 1, 1.0),
        ("hr", "1920", "1920 to 1929", "Q30", "United States of America", "men", 1, 1.0),
        ("hr", "1920", "1920 to 1929", "Q142", "France", "other", 1, 1.0),
        ("hr", "1920", "1920 to 1929", "Q183", "Germany", "other", 1, 1.0),
        ("hr", "1950", "1950 to 1959", "Q15180", "Soviet Union", "women", 1, 1.0),
        ("hr", "1990", "1990 to 1999", "Q30", "United States of America", "no_gender", 1, None),
        ("hr", "unknown", "unknown", "no_country", "no country of citizenship", "other", 1, 1.0),
        ("fr", "-500", "500 BCE to 401 BCE", "Q34266", "Russian Empire", "women", 1, 1.0),
        ("fr", "-100", "100 BCE to 1 BCE", "Q17", "Japan", "men", 1, 1.0),
        ("fr", "1900", "1900 to 1909", "Q142", "France", "women", 1, 1.0),
        ("fr", "1920", "1920 to 1929", "Q30", "United States of America", "men", 1, 1.0),
        ("fr", "2000", "2000 to 2009", "Q16", "Canada", "men", 1, 1.0),
        ("fr", "unknown", "unknown", "Q16", "Canada", "no_gender", 1, None),
        ("fr", "unknown", "unknown", "Q34266", "Russian Empire", "no_gender", 1, None),
    ]
    periods = list(dict.fromkeys(figure.frame["period"]))
    assert periods == ["-500", "-100", "1900", "1920", "1950", "1990", "2000", "unknown"]


def test_occupation_by_region_against_parity_with_the_cells_womens_share(mini) -> None:
    # en: Q11 women Europe writer; Q12 men Europe + North America politician; Q13 women unmapped writer; Q15
    # no_gender North America scientist; Q18 other Europe writer + politician; Q19 men North America journalist;
    # Q22 men Asia politician. Nobody in en lacks an occupation, so no no_occupation column.
    figure = make(mini, request("crosstab", ["en"], rows="occupation", columns="region", baseline="parity"))
    cells = women_cells(figure)
    shown = cells[cells["people"] > 0]
    assert [tuple(r) for r in shown[["occupation", "region", "people", "women", "with_gender"]].values] == [
        ("Q36180", "Q46", 2, 1, 2), ("Q36180", "unmapped", 1, 1, 1),
        ("Q82955", "Q48", 1, 0, 1), ("Q82955", "Q46", 2, 0, 2), ("Q82955", "Q49", 1, 0, 1),
        ("Q901", "Q49", 1, 0, 0),
        ("Q1930187", "Q49", 1, 0, 1),
    ]  # fmt: skip
    assert shown["share"].tolist()[:5] == [0.5, 1.0, 0.0, 0.0, 0.0] and math.isnan(shown["share"].iloc[5])
    assert shown["gap_pp"].tolist()[:5] == [0.0, 50.0, -50.0, -50.0, -50.0] and math.isnan(shown["gap_pp"].iloc[5])
    assert set(figure.frame.loc[figure.frame["gender"] == "other", "baseline_share"].map(math.isnan)) == {True}


def test_a_baseline_is_computed_on_the_cells_shown(mini) -> None:
    # en's own top 1 occupation would be writer; hr's top 3 are kept, and each gets en's share.
    figure = crosstab_by_edition(mini, ["hr"], "region", "occupation", top=3, baseline="en")
    plain = crosstab_by_edition(mini, ["hr"], "region", "occupation", top=3)
    assert len(figure.frame) == len(plain.frame)
    women = figure.frame[(figure.frame["gender"] == "women") & (figure.frame["region"] == "Q46")]
    got = women[["occupation", "share", "baseline_share", "gap_pp"]].fillna(-1).values.tolist()
    assert got == [
        ["Q36180", 0.5, 0.5, 0.0],  # en's European writers: Q11 women, Q18 other
        ["Q901", -1, -1, -1],  # nobody in the cell: no share, no gap
        ["Q82955", 0.0, 0.0, 0.0],  # en's European politicians: Q12 men, Q18 other
        ["no_occupation", -1, -1, -1],
    ]


def test_country_by_occupation_for_every_edition_counts_each_person_once_per_cell(mini) -> None:
    # Q18 (en, hr) holds France and Germany and is a writer and a politician: four cells in each edition.
    figure = crosstab_by_edition(mini, None, "country", "occupation")
    frame = figure.frame
    q18 = frame[(frame["gender"] == "other") & (frame["people"] > 0) & (frame["edition"] == "hr")]
    assert sorted(zip(q18["country"], q18["occupation"], strict=True)) == [
        ("Q142", "Q36180"), ("Q142", "Q82955"), ("Q183", "Q36180"), ("Q183", "Q82955"), ("no_country", "no_occupation"),
    ]  # fmt: skip
    assert list(dict.fromkeys(frame["edition"]))[:3] == ["en", "fr", "hr"]  # largest first (7, 6, 6), ties by code


@pytest.mark.parametrize(
    "options, sentence",
    [
        ({"rows": "region", "columns": "region"}, "Choose two different axes"),
        ({"rows": "planet"}, "is not a cross-tab axis"),
        ({"top": 0}, "--top"),
        ({"top": 101}, "--top"),
    ],
)
def test_bad_options_are_one_sentence(mini, options: dict, sentence: str) -> None:
    with pytest.raises(BadInput, match=sentence):
        make(mini, request("crosstab", ["hr"], **options))


def test_gaps_crosstab_on_the_command_line(tmp_path) -> None:
    out = tmp_path / "xt.csv"
    done = gapkit("gaps", "crosstab", "--store", str(FIXTURE_STORE), "--edition", "hr", "--rows", "period",
                  "--columns", "region", "--gender", "women", "--out", str(out))  # fmt: skip
    assert done.returncode == 0, done.stderr
    rows = [r for r in csv.DictReader(io.StringIO(out.read_text())) if r["people"] != "0"]
    assert [(r["period"], r["region"], r["gender"], r["people"], r["share"]) for r in rows] == [
        ("1900", "Q46", "women", "1", "1.0"), ("1950", "unmapped", "women", "1", "1.0"),
    ]  # fmt: skip
    assert (tmp_path / "xt.csv.meta.json").is_file()
    same = gapkit("gaps", "crosstab", "--store", str(FIXTURE_STORE), "--edition", "hr", "--rows", "country",
                  "--columns", "country")  # fmt: skip
    assert same.returncode == 2 and "Choose two different axes" in same.stderr and "Traceback" not in same.stderr


def test_every_export_reads_back() -> None:
    ep = open_store_endpoint(read_manifest(FIXTURE_STORE))
    figure = crosstab_by_edition(ep, ["hr"], "region", "occupation", top=3, baseline="all")
    text = FIGURE_FORMATS["csv"].writer(figure).decode()
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == len(figure.frame) and list(rows[0]) == list(figure.frame.columns)
    assert rows[0]["share"] == "0.5" and rows[0]["occupation_label"] == "writer"  # fractions, as the frame has them
    book = openpyxl.load_workbook(io.BytesIO(FIGURE_FORMATS["xlsx"].writer(figure)))
    sheet = list(book["figure"].iter_rows(values_only=True))
    assert sheet[0] == tuple(figure.frame.columns) and len(sheet) == len(figure.frame) + 1
    assert sheet[1][:8] == ("hr", "Q46", "Europe", "Q36180", "writer", "women", 1, 0.5)
    assert sheet[4][7] is None  # no_gender: no share, an empty cell
    assert book["figure"]["H2"].number_format == "0.0%"
    about = {key: value for key, value in book["about"].iter_rows(values_only=True)}
    assert about["title"] == figure.title and '"baseline": "all"' in about["scope"]
    chart = crosstab_image(figure, crosstab_heatmap(figure))
    assert CHART_FORMATS["png"].writer(chart).startswith(b"\x89PNG\r\n\x1a\n")
    svg = CHART_FORMATS["svg"].writer(chart).decode()
    assert svg.startswith("<svg") and "Biographies by region of citizenship and occupation" in svg
    assert "data date 2026-01-01" in svg


@pytest.fixture
def fixture_app(monkeypatch):
    monkeypatch.delenv("GAPKIT_CONFIG", raising=False)
    monkeypatch.setenv("GAPKIT_STORE", str(FIXTURE_STORE))
    monkeypatch.chdir(ROOT)
    st.cache_data.clear()
    yield
    st.cache_data.clear()


def crosstab_page(params: dict[str, str]) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    at.switch_page("pages/crosstab.py")
    at.query_params.update(params)
    return at.run()


def test_the_page_shows_each_cells_share_of_women_and_people(fixture_app) -> None:
    at = crosstab_page({"editions": "hr", "rows": "region", "columns": "occupation", "top": "5"})
    assert not at.exception
    shares, people = at.dataframe[0].value, at.dataframe[1].value
    columns = ["writer", "scientist", "politician", "Q99999", "journalist", "no occupation"]
    assert list(shares.columns) == columns and list(people.columns) == columns
    regions = ["Europe", "North America", "unmapped (historical or unlisted country)", "no country of citizenship"]
    assert [label for _, label in shares.index] == regions
    # percentages; an empty cell where nobody in it has gender data (Q15 scientist) or nobody is in it
    assert shares.fillna(-1).values.tolist() == [
        [50.0, -1, 0.0, -1, -1, -1],
        [-1, -1, -1, -1, 0.0, -1],
        [-1, -1, -1, 100.0, -1, -1],
        [-1, -1, -1, -1, -1, 0.0],
    ]
    assert people.values.tolist() == [[2, 0, 1, 0, 0, 0], [0, 1, 0, 0, 1, 0], [0, 0, 0, 1, 0, 0], [0, 0, 0, 0, 0, 1]]
    assert [b.label for b in at.get("download_button")] == ["Download CSV", "Download XLSX", "Download PNG",
                                                            "Download SVG"]  # fmt: skip
    assert at.get("vega_lite_chart")
    at.selectbox(key="columns").set_value("period").run()
    assert not at.exception and at.query_params["columns"] in ("period", ["period"])
    assert list(at.dataframe[0].value.columns) == ["1900 to 1909", "1920 to 1929", "1950 to 1959", "1990 to 1999",
                                                   "unknown"]  # fmt: skip


def test_the_same_axis_twice_from_a_link_is_one_sentence(fixture_app) -> None:
    at = crosstab_page({"editions": "hr", "rows": "period", "columns": "period"})
    assert not at.exception and not at.dataframe
    assert "Rows and columns are both birth period (period): choose two different axes." in [i.value for i in at.info]


def test_a_figures_xlsx_keeps_the_formula_rule_on_every_text_cell() -> None:
    from tests.test_outputs import HOSTILE, hostile_figure

    book = openpyxl.load_workbook(io.BytesIO(FIGURE_FORMATS["xlsx"].writer(hostile_figure())))
    labels = [row[1] for row in book["figure"].iter_rows(min_row=2, values_only=True)]
    assert labels[HOSTILE.index("=1+1")] == "'=1+1" and labels[HOSTILE.index("-470")] == "-470"
    assert all(not isinstance(label, str) or not label.startswith(("=", "+", "@")) for label in labels)


def test_the_heat_map_names_every_column() -> None:
    """Each column of the heat map keeps its label: in the app's theme, Vega's overlap check (on the angled labels'
    boxes, which overlap though the texts do not) showed two of the bundled sample's eight regions."""
    ep = open_store_endpoint(read_manifest(SAMPLE_STORE))
    figure = crosstab_by_edition(ep, ["hr", "en"], "occupation", "region")
    spec = crosstab_heatmap(figure).to_dict(validate=False)
    assert spec["spec"]["layer"][0]["encoding"]["x"]["axis"]["labelOverlap"] is False
    svg = CHART_FORMATS["svg"].writer(crosstab_image(figure, crosstab_heatmap(figure))).decode()
    labels = set(women_cells(figure)["region_label"])
    assert len(labels) == 8
    assert {label for label in labels if f">{label[:20]}" not in svg} == set()  # a long one is cut with …

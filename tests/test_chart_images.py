"""Chart images: real PNG and SVG files carrying title, definition, counts, source, date and the synthetic label;
text readable, the definition below the plot, editions and filters named, birth periods, no 100 % stacks."""

import re
import struct

import altair as alt
import pandas as pd
import pytest

from gapkit.events.snapshots import event_progress, save_event
from gapkit.figures.decades import decade_by_edition
from gapkit.figures.gender import gender_by_edition
from gapkit.figures.regions import region_by_edition
from gapkit.model.filters import make_filters
from gapkit.outputs.charts import (
    before_after_chart,
    birth_periods,
    gender_share_chart,
    image_chart,
    period_chart,
    period_figure,
    region_chart,
    share_bars,
)
from gapkit.outputs.images import IMAGE_WIDTH, chart_png, chart_svg


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def font_sizes(svg: str) -> set[float]:
    """Every font size an SVG draws text at."""
    return {float(size) for size in re.findall(r'font-size="([0-9.]+)px"', svg)}


def test_the_gender_chart_as_png_and_svg(mini) -> None:
    figure = gender_by_edition(mini, ["en", "hr"])
    chart = image_chart(figure, gender_share_chart(figure))
    width, height = png_size(chart_png(chart))
    assert width >= IMAGE_WIDTH * 2 and height > 300  # drawn at twice the fixed width, with the text above
    svg = chart_svg(chart)
    for text in ("Biographies by gender", "Population of an edition", "SYNTHETIC DATA",
                 "Source: gapkit test fixture (hand-written)", "data date 2026-01-01", "n = 7", "n = 6"):  # fmt: skip
        assert text in svg, text


def test_split_and_baseline_charts_carry_counts_and_the_baseline_line(mini) -> None:
    figure = region_by_edition(mini, ["en"], by_gender=True, baseline="all")
    svg = chart_svg(image_chart(figure, region_chart(figure)))
    assert "Black ticks: the baseline (all people in the data)." in svg
    assert "Region of a person" in svg and "Europe" in svg
    decades = decade_by_edition(mini, ["en", "hr"])  # two editions: one panel each, named
    svg = chart_svg(share_bars(decades, "decade", "Birth decade", by_count=False))
    assert "English Wikipedia (en)" in svg and "Croatian Wikipedia (hr)" in svg


def test_images_are_readable_with_the_definition_below_the_plot(mini) -> None:
    """Every text at 11 px or more at 1x; the definition and provenance are a block below the plot (not a 7 px
    subtitle inside it)."""
    figure = region_by_edition(mini, ["en", "hr"], by_gender=True)
    image = image_chart(figure, region_chart(figure))
    spec = image.to_dict()
    plot, footer = spec["vconcat"]
    assert "Region of a person" not in str(plot)  # the plot's title names scope only
    assert footer["mark"]["type"] == "text" and footer["mark"]["fontSize"] >= 11
    svg = chart_svg(image)
    assert min(font_sizes(svg)) >= 11
    for chart in (
        gender_share_chart(gender_by_edition(mini, ["en", "hr"])),
        period_chart(decade_by_edition(mini, ["en"])),
    ):
        assert min(font_sizes(chart_svg(image_chart(gender_by_edition(mini, ["en"]), chart)))) >= 11


def test_two_editions_split_by_gender_get_one_panel_each_and_a_legend_below(mini) -> None:
    """The two editions' axis labels once ran together side by side and the legend was cut off at the right."""
    figure = region_by_edition(mini, ["en", "hr"], by_gender=True)
    spec = region_chart(figure).to_dict()
    assert "row" in spec["facet"] and "column" not in spec["facet"]  # stacked panels, not side by side
    assert spec["spec"]["layer"][0]["encoding"]["color"]["legend"]["orient"] == "bottom"
    assert spec["spec"]["layer"][0]["encoding"]["color"]["legend"]["labelLimit"] == 0  # never cut


def test_every_image_names_its_editions_filters_and_data_date(mini) -> None:
    women = make_filters("women", "", [], [], False, "", "", "")
    figure = region_by_edition(mini, ["hr"], filters=women)
    svg = chart_svg(image_chart(figure, region_chart(figure)))
    assert "Croatian Wikipedia (hr) · filters: gender=women · data date 2026-01-01" in svg
    profile = decade_by_edition(mini, ["hr"])  # an Edition-profile image names its edition
    assert "Croatian Wikipedia (hr) · filters: none" in chart_svg(image_chart(profile, period_chart(profile)))


def test_birth_periods_are_centuries_before_1800_and_decades_after() -> None:
    """DESIGN.md "Birth period": floor(year / 100) * 100 before 1800; shares of a period add up its decades'."""
    frame = pd.DataFrame(
        {
            "edition": ["hr"] * 6,
            "decade": ["-470", "-10", "1790", "1700", "1800", "unknown"],
            "gender": ["all"] * 6,
            "people": [1, 2, 3, 4, 5, 6],
            "share": [0.05, 0.1, 0.15, 0.2, 0.25, 0.25],
            "baseline_share": [0.1, 0.1, 0.1, 0.1, 0.1, 0.5],
        }
    )
    periods = birth_periods(frame)
    assert periods[["period", "people"]].values.tolist() == [
        ["500–401 BCE", 1],
        ["100–1 BCE", 2],
        ["1700–1799", 7],
        ["1800s", 5],
        ["unknown", 6],
    ]
    assert periods["share"].round(4).tolist() == [0.05, 0.1, 0.35, 0.25, 0.25]
    assert periods["gap_pp"].tolist() == [-5.0, 0.0, 15.0, 15.0, -25.0]


def test_the_birth_period_chart_on_the_fixture(mini) -> None:
    figure = decade_by_edition(mini, ["hr"], baseline="all")
    chart = period_chart(figure)
    rows = chart.to_dict()["datasets"]
    (values,) = rows.values()
    assert [(v["period"], v["people"]) for v in values] == [
        ("1900s", 1),
        ("1920s", 2),
        ("1950s", 1),
        ("1990s", 1),
        ("unknown", 1),
    ]
    svg = chart_svg(image_chart(period_figure(figure), chart))
    assert "Biographies by birth period" in svg and "the century, floor(year / 100) * 100" in svg
    assert "2 · 33.3%" in svg  # counts and percentages beside the bars


def test_gender_shares_are_bars_with_a_parity_rule_not_a_100_percent_stack(mini) -> None:
    """A 100 % stack hid small groups; bars per group against a parity rule keep a 1-person group visible."""
    figure = gender_by_edition(mini, ["en", "hr"])
    spec = gender_share_chart(figure).to_dict()
    text = str(spec)
    assert "normalize" not in text
    assert "parity 50 %" in text and "'strokeDash': [4, 3]" in text
    svg = chart_svg(gender_share_chart(figure))
    assert "parity 50 %" in svg and "%" in svg


def test_the_before_after_chart(mini, tmp_path) -> None:
    save_event(mini, "launch", "hr", tmp_path)
    chart = before_after_chart(event_progress(mini, "launch", tmp_path))
    svg = chart_svg(chart)
    assert "before and after launch" in svg and "2 of 5 (40.0%)" in svg
    # the whole 0-100 % axis: a small share does not fill the plot's width
    assert [layer["encoding"]["x"]["scale"]["domain"] for layer in chart.to_dict()["layer"]] == [[0, 1]] * 3
    assert "100%" in svg


def test_images_never_fetch_data_by_url() -> None:
    chart = alt.Chart("https://example.org/data.csv").mark_bar().encode(x="a:Q")
    with pytest.raises(ValueError, match="not allowed"):
        chart_svg(chart)

"""Chart images: real PNG and SVG files carrying title, definition, counts, source, date and the synthetic label."""

import struct

import altair as alt
import pytest

from gapkit.events.snapshots import event_progress, save_event
from gapkit.figures.decades import decade_by_edition
from gapkit.figures.gender import gender_by_edition
from gapkit.figures.regions import region_by_edition
from gapkit.outputs.charts import before_after_chart, gender_share_chart, region_chart, share_bars
from gapkit.outputs.images import IMAGE_WIDTH, chart_png, chart_svg


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_the_gender_chart_as_png_and_svg(mini) -> None:
    figure = gender_by_edition(mini, ["en", "hr"])
    chart = gender_share_chart(figure)
    width, height = png_size(chart_png(chart))
    assert width >= IMAGE_WIDTH * 2 and height > 300  # drawn at twice the fixed width, with the text above
    svg = chart_svg(chart)
    for text in ("Biographies by gender", "Population of an edition", "SYNTHETIC DATA",
                 "Source: gapkit test fixture (hand-written)", "data date 2026-01-01", "n = 7", "n = 6"):  # fmt: skip
        assert text in svg, text


def test_split_and_baseline_charts_carry_counts_and_the_baseline_line(mini) -> None:
    figure = region_by_edition(mini, ["en"], by_gender=True, baseline="all")
    svg = chart_svg(region_chart(figure))
    assert "Black ticks: the baseline (all people in the data)." in svg
    assert "Region of a person" in svg and "Europe" in svg
    decades = decade_by_edition(mini, ["en", "hr"])  # two editions: one facet each
    assert "Edition" in chart_svg(share_bars(decades, "decade", "Birth decade", by_count=False))


def test_the_before_after_chart(mini, tmp_path) -> None:
    save_event(mini, "launch", "hr", tmp_path)
    svg = chart_svg(before_after_chart(event_progress(mini, "launch", tmp_path)))
    assert "before and after launch" in svg and "2 of 5 (40.0%)" in svg


def test_images_never_fetch_data_by_url() -> None:
    chart = alt.Chart("https://example.org/data.csv").mark_bar().encode(x="a:Q")
    with pytest.raises(ValueError, match="not allowed"):
        chart_svg(chart)

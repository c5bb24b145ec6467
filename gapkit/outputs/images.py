"""Chart images for slides and reports: PNG and SVG rendered offline by vl-convert, never fetching anything."""

import json

import altair as alt
import vl_convert

IMAGE_WIDTH = 640  # a container width means nothing without a page; images get a fixed one
PNG_SCALE = 2
# Every text of an image readable at 1x (at least 11 px): Vega-Lite's defaults draw axis and legend text at 10 px.
READABLE_CONFIG = {
    "axis": {"labelFontSize": 11, "titleFontSize": 12},
    "legend": {"labelFontSize": 11, "titleFontSize": 12, "labelLimit": 0},
    "header": {"labelFontSize": 12, "titleFontSize": 12},
    "title": {"fontSize": 15, "subtitleFontSize": 12},
    "text": {"fontSize": 11},
}


def _fixed_width(node: object) -> object:
    if isinstance(node, dict):
        return {k: (IMAGE_WIDTH if k == "width" and v == "container" else _fixed_width(v)) for k, v in node.items()}
    if isinstance(node, list):
        return [_fixed_width(v) for v in node]
    return node


def _spec(chart: alt.TopLevelMixin) -> str:
    spec = _fixed_width(chart.to_dict())
    spec["background"] = "white"  # slides and documents: no transparent background
    config = spec.setdefault("config", {})
    for part, values in READABLE_CONFIG.items():
        config[part] = {**values, **config.get(part, {})}
    return json.dumps(spec)


def chart_png(chart: alt.TopLevelMixin) -> bytes:
    """The chart as a PNG at twice the screen resolution; data given by URL is refused, not fetched."""
    return vl_convert.vegalite_to_png(_spec(chart), scale=PNG_SCALE, allowed_base_urls=[])


def chart_svg(chart: alt.TopLevelMixin) -> str:
    """The chart as SVG text (its words stay text, so they can be searched and edited)."""
    return vl_convert.vegalite_to_svg(_spec(chart), allowed_base_urls=[])

"""The cross-tab heat map: each cell's share of women as its colour and its people as its text, a panel per edition."""

import altair as alt

from gapkit.figures.base import Figure
from gapkit.figures.crosstab import AXIS_NAMES, women_cells
from gapkit.outputs.charts import READABLE, footer_lines, image_chart, scope_line

CELL = 30  # pixels per cell: room for a count of four digits
# Blue for cells of men, orange for cells of women (the gender colours of the other charts), light at parity.
SCALE = alt.Scale(domain=[0, 1], domainMid=0.5, scheme="blueorange")


def crosstab_heatmap(figure: Figure) -> alt.Chart:
    """Rect per cell: colour = the women's share of its people with gender data (no colour where none has
    gender data), text = its people; the tooltip adds women, the share and the baseline's."""
    cells = women_cells(figure)
    rows, columns = str(figure.scope["rows"]), str(figure.scope["columns"])
    cells["people_text"] = cells["people"].map(lambda n: f"{int(n):,}" if n else "")
    y = alt.Y(f"{rows}_label:N", sort=list(dict.fromkeys(cells[f"{rows}_label"])), title=AXIS_NAMES[rows].capitalize())
    x = alt.X(
        f"{columns}_label:N",
        sort=list(dict.fromkeys(cells[f"{columns}_label"])),
        title=AXIS_NAMES[columns].capitalize(),
        # Angled labels' boxes overlap though their texts do not (19 px apart across a 30 px step): Vega's overlap
        # check would hide all but a few column names in the app's theme.
        axis=alt.Axis(labelAngle=-40, labelLimit=180, orient="top", labelOverlap=False),
    )
    tooltip = [
        alt.Tooltip("edition:N", title="Edition"),
        alt.Tooltip(f"{rows}_label:N", title=AXIS_NAMES[rows].capitalize()),
        alt.Tooltip(f"{columns}_label:N", title=AXIS_NAMES[columns].capitalize()),
        alt.Tooltip("people:Q", title="People", format=","),
        alt.Tooltip("women:Q", title="Women", format=","),
        alt.Tooltip("with_gender:Q", title="People with gender data", format=","),
        alt.Tooltip("share:Q", title="Women's share", format=".1%"),
    ]
    if "gap_pp" in cells:
        tooltip += [
            alt.Tooltip("baseline_share:Q", title="Baseline share", format=".1%"),
            alt.Tooltip("gap_pp:Q", title="Gap (points)", format="+.1f"),
        ]
    base = alt.Chart(cells)
    rects = base.mark_rect(stroke="white").encode(
        x=x,
        y=y,
        color=alt.Color("share:Q", scale=SCALE, title="Women's share", legend=alt.Legend(format="%")),
        tooltip=tooltip,
    )
    # Dark text on the light middle of the scale, white on its dark ends.
    dark = "datum.share < 0.2 || datum.share > 0.8"
    texts = base.mark_text(fontSize=10).encode(
        x=x,
        y=y,
        text="people_text:N",
        color=alt.condition(dark, alt.value("white"), alt.value("black")),
        tooltip=tooltip,
    )
    chart = alt.layer(rects, texts).properties(width=alt.Step(CELL), height=alt.Step(CELL * 0.8))
    if cells["edition"].nunique() > 1:
        chart = chart.facet(row=alt.Row("edition:N", title="Edition"))
    title = alt.Title(figure.title, subtitle=[scope_line(figure)], subtitleFontSize=READABLE + 1, anchor="start")
    return chart.properties(title=title)


def crosstab_image(figure: Figure, chart: alt.TopLevelMixin) -> alt.VConcatChart:
    """The heat map as its PNG and SVG draw it: the plot, then its definition, baseline note and provenance."""
    lines = [line for line in footer_lines(figure) if not line.startswith("Black ticks")]  # the bars' baseline marks
    if figure.scope.get("baseline"):
        lines.append(f"Baseline ({figure.scope['baseline']}): its share and the gap in points are in the tooltip.")
    return image_chart(figure, chart, lines)

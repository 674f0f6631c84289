"""Charts for the PDF handout, drawn as vector graphics with `reportlab.graphics`.

The numbers drawn are the outline's numbers: every bar, column, point and slice carries its
value as a label, so a reader of the handout sees what the deck's chart data holds (#5).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.charts.linecharts import HorizontalLineChart
from reportlab.graphics.charts.piecharts import Pie
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib.colors import HexColor
from reportlab.lib.utils import simpleSplit

from ..model import Chart
from ..theme import Theme
from .pdffonts import FontSet


def number(v: float) -> str:
    """`42`, `7.5`, `1,250`: a value as the data writes it, without float noise."""
    if float(v).is_integer():
        return f"{int(v):,}"
    return f"{v:,.6g}" if abs(v) >= 1 else f"{v:.6g}"


def axis_formatter(hi: float, lo: float) -> Callable[[float], str]:
    """Tick labels: `2.5B`, `300M` on axes that reach millions (value labels stay exact)."""
    top = max(abs(hi), abs(lo))
    for div, suffix in ((1e12, "T"), (1e9, "B"), (1e6, "M")):
        if top >= div:
            return lambda v, d=div, s=suffix: f"{v / d:,.6g}{s}" if v else "0"
    return number


def _scale(values: Sequence[float]) -> tuple[float, float, float]:
    """Axis min, max and step that include 0 and every value, in round steps (whole numbers
    when every value is whole: counts are not drawn on a 2.5 grid)."""
    whole = all(float(v).is_integer() for v in values)
    lo, hi = min(0.0, *values), max(0.0, *values)
    if hi == lo:
        hi = lo + 1
    span = hi - lo
    raw = span / 5
    mag = 10 ** math.floor(math.log10(raw))
    step = 10 * mag
    for m in (1, 2, 2.5, 5, 10):
        if whole and not float(m * mag).is_integer():
            continue
        if m * mag >= raw:
            step = m * mag
            break
    low = math.floor(lo / step) * step
    high = math.ceil(hi / step) * step
    if high == hi and hi > 0:
        high += step  # -- room for the value labels above the tallest column --
    return low, high, step


def drawing(chart: Chart, theme: Theme, fonts: FontSet, width: float, max_height: float) -> Drawing:
    """`chart` as a Drawing `width` points wide and at most `max_height` tall (a drawing taller
    than the frame is a LayoutError), in the theme's chart colours."""
    c = theme.colors
    size = theme.sizes.handout.caption
    palette = [HexColor("#" + h) for h in c.chart]
    text_color = HexColor("#" + c.text)
    muted = HexColor("#" + c.muted)
    rule = HexColor("#" + c.rule)
    all_text = " ".join((*chart.categories, *(s.name for s in chart.series), chart.unit or ""))
    font = fonts.font_for_text(all_text + "0123456789.,-%")
    n_series = len(chart.series)
    legend_rows = n_series if chart.kind != "pie" else len(chart.categories)
    show_legend = chart.kind == "pie" or n_series > 1

    if chart.kind == "pie":
        height = min(width * 0.55, 230.0)
        d = _drawing(width, height, font, size)
        pie = Pie()
        diameter = height - 30
        pie.x, pie.y = 30, 15
        pie.width = pie.height = diameter
        values = list(chart.series[0].values) if chart.series else []
        pie.data = [max(v, 0.0) for v in values] or [1.0]
        total = sum(pie.data) or 1.0
        if not any(pie.data):
            # -- reportlab divides by the total: all-zero data is drawn as an empty grey disc --
            pie.data = [1.0] * len(pie.data)
            palette = [rule] * len(palette)
        pie.labels = [f"{number(v)} ({v / total:.0%})" for v in values]
        pie.simpleLabels = 1
        pie.sideLabels = 1
        pie.slices.strokeColor = HexColor("#" + c.background)
        pie.slices.strokeWidth = 1
        pie.slices.fontName = font
        pie.slices.fontSize = size
        pie.slices.fontColor = text_color
        for i in range(len(pie.data)):
            pie.slices[i].fillColor = palette[i % len(palette)]
        d.add(pie)
        legend = Legend()
        legend.x = 30 + diameter + 90
        legend.y = height - 20
        legend.colorNamePairs = [(palette[i % len(palette)], cat) for i, cat in enumerate(chart.categories)]
        _style_legend(legend, font, size, text_color)
        d.add(legend)
        if chart.series and chart.series[0].name:
            d.add(String(legend.x, 5, chart.series[0].name + (f" ({chart.unit})" if chart.unit else ""),
                         fontName=font, fontSize=size, fillColor=muted))
        return d

    values = [v for s in chart.series for v in s.values] or [0.0]
    lo, hi, step = _scale(values)
    fmt = axis_formatter(hi, lo)
    n_cat = max(len(chart.categories), 1)
    legend_h = (size + 6) * ((legend_rows + 2) // 3) if show_legend else 0
    label_w = max((fonts_width(cat, font, size) for cat in chart.categories), default=0)
    if chart.kind == "bar":
        per_cat = max(n_series * 9 + 6, size * 1.3)
        plot_h = min(max(n_cat * per_cat, 90.0), max_height - 40 - (size + 6) * 4)
    else:
        plot_h = min(width * 0.42, 200.0)
    # -- category labels that do not fit their slot wrap onto lines, or slant when one word is
    # wider than the slot (the sample's "Geopolitical Ramifications" under a 40 pt column) --
    cat_lines = [[c] for c in chart.categories]
    angle = 0
    label_h = size * 1.3
    if chart.kind != "bar":
        slot = (width - 60) / n_cat
        cat_lines = [simpleSplit(c, font, size, slot * 0.92) or [""] for c in chart.categories]
        if any(fonts_width(line, font, size) > slot * 0.92 for lines in cat_lines for line in lines) \
                or max(len(lines) for lines in cat_lines or [[""]]) > 3:
            angle = 35 if slot >= size * 2 else 70
            cat_lines = [[c] for c in chart.categories]
            label_h = min(label_w, 160) * (0.58 if angle == 35 else 0.94) + size * 1.3
        else:
            label_h = size * 1.3 * max(len(lines) for lines in cat_lines or [[""]])
    bottom = 16 + label_h + legend_h
    height = plot_h + bottom + 22
    d = _drawing(width, height, font, size)

    if chart.kind == "bar":
        ch = HorizontalBarChart()
        left = min(label_w + 12, width * 0.35)
    elif chart.kind == "column":
        ch = VerticalBarChart()
        left = max(fonts_width(fmt(v), font, size) for v in (lo, hi)) + 14
    else:
        ch = HorizontalLineChart()
        left = max(fonts_width(fmt(v), font, size) for v in (lo, hi)) + 14
    ch.x, ch.y = left, bottom
    ch.width, ch.height = width - left - 20, plot_h
    ch.data = [tuple(s.values) for s in chart.series] or [(0.0,)]
    ch.categoryAxis.categoryNames = ["\n".join(lines) for lines in cat_lines]
    for axis in (ch.categoryAxis, ch.valueAxis):
        axis.labels.fontName = font
        axis.labels.fontSize = size
        axis.labels.fillColor = text_color
        axis.strokeColor = rule
    ch.valueAxis.valueMin, ch.valueAxis.valueMax, ch.valueAxis.valueStep = lo, hi, step
    ch.valueAxis.labelTextFormat = fmt
    ch.valueAxis.visibleGrid = 1
    ch.valueAxis.gridStrokeColor = rule
    ch.valueAxis.gridStrokeWidth = 0.4
    ch.valueAxis.strokeWidth = 0
    if angle:
        ch.categoryAxis.labels.angle = angle
        ch.categoryAxis.labels.boxAnchor = "ne"
        ch.categoryAxis.labels.dy = -2
    if chart.kind == "bar":
        ch.categoryAxis.reverseDirection = 1  # -- first category on top, as it reads --
        ch.categoryAxis.labels.boxAnchor = "e"
        ch.categoryAxis.labels.dx = -4
    if chart.kind in ("bar", "column"):
        ch.barSpacing = 1
        ch.groupSpacing = 8
        ch.barLabelFormat = number
        ch.barLabels.fontName = font
        ch.barLabels.fontSize = size
        ch.barLabels.fillColor = text_color
        ch.barLabels.nudge = 6
        if chart.kind == "bar":
            ch.barLabels.boxAnchor = "w"
        else:
            ch.barLabels.boxAnchor = "s"
        for i in range(n_series):
            ch.bars[i].fillColor = palette[i % len(palette)]
            ch.bars[i].strokeColor = None
    else:
        ch.joinedLines = 1
        ch.lineLabelFormat = number
        ch.lineLabels.fontName = font
        ch.lineLabels.fontSize = size
        ch.lineLabels.fillColor = text_color
        ch.lineLabels.dy = 7
        from reportlab.graphics.widgets.markers import makeMarker

        for i in range(n_series):
            ch.lines[i].strokeColor = palette[i % len(palette)]
            ch.lines[i].strokeWidth = 2
            ch.lines[i].symbol = makeMarker("FilledCircle", size=4, fillColor=palette[i % len(palette)])
    d.add(ch)
    # -- above the plot, left: the series name (when there is no legend) and the unit; a
    # label at the right would collide with the value label of the last column --
    head = [chart.series[0].name] if chart.series and chart.series[0].name and not show_legend else []
    if chart.unit:
        head.append(f"({chart.unit})" if head else chart.unit)
    if head:
        d.add(String(2, height - size - 2, " ".join(head), fontName=font, fontSize=size, fillColor=muted))
    if show_legend:
        legend = Legend()
        legend.x = left
        legend.y = legend_h + 4
        legend.columnMaximum = (legend_rows + 2) // 3 or 1
        legend.colorNamePairs = [(palette[i % len(palette)], s.name) for i, s in enumerate(chart.series)]
        _style_legend(legend, font, size, text_color)
        legend.deltax = max((fonts_width(s.name, font, size) for s in chart.series), default=40) + 24
        d.add(legend)
    return d


def _drawing(width: float, height: float, font: str, size: float) -> Drawing:
    d = Drawing(width, height)
    # -- the renderer starts each drawing in its default font, an unembedded Helvetica --
    d.initialFontName, d.initialFontSize = font, size
    return d


def _style_legend(legend: Legend, font: str, size: float, color: object) -> None:
    legend.fontName = font
    legend.fontSize = size
    legend.fillColor = color
    legend.strokeColor = None
    legend.dx = legend.dy = size * 0.8
    legend.deltay = size + 5
    legend.alignment = "right"
    legend.boxAnchor = "nw"


def fonts_width(text: str, font: str, size: float) -> float:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    return stringWidth(text, font, size)

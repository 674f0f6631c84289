"""Charts for the PDF handout, drawn as vector graphics with `reportlab.graphics`.

The numbers drawn are the outline's numbers: every bar, column, point and slice carries its
value as a label, so a reader of the handout sees what the deck's chart data holds.
A graphics string has one font, so every label picks the font that covers it (category
labels one each), and the legend and the heading above the plot are drawn as runs of
strings, one per font, like paragraph text.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import replace

from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.charts.linecharts import HorizontalLineChart
from reportlab.graphics.charts.piecharts import Pie
from reportlab.graphics.shapes import Drawing, Group, Rect, String
from reportlab.graphics.widgets.markers import makeMarker
from reportlab.lib.colors import Color, HexColor
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth

from ..model import Chart
from ..theme import Theme
from .charts import shows_values, value_text
from .pdffonts import FontSet

#: room above the plot for the unit / series line, points
HEAD = 22.0


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

            def short(v: float, d: float = div, s: str = suffix) -> str:
                return f"{v / d:,.6g}{s}" if v else "0"

            return short
    return number


def _scale(values: Sequence[float]) -> tuple[float, float, float]:
    """Axis min, max and step that include 0 and every value, in round steps (whole numbers
    when every value is whole: counts are not drawn on a 2.5 grid)."""
    whole = all(float(v).is_integer() for v in values)
    lo, hi = min(0.0, *values), max(0.0, *values)
    if hi - lo < 1e-200:
        # -- all zero, or so close to it (1e-320) that steps would underflow: one unit of axis --
        lo, hi = min(lo, 0.0), max(lo, 0.0) + 1
    raw = (hi - lo) / 5
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


class Painter:
    """Text drawing for one chart: fonts by coverage, the theme's colours and caption size."""

    def __init__(self, theme: Theme, fonts: FontSet) -> None:
        c = theme.colors
        self.fonts = fonts
        #: most points a chart labels with values (the theme's, shared with the deck and brief)
        self.labels_max = theme.config.pptx.data_labels_max
        self.size = theme.sizes.handout.caption
        self.palette = [HexColor("#" + h) for h in c.chart]
        self.text = HexColor("#" + c.text)
        self.muted = HexColor("#" + c.muted)
        self.rule = HexColor("#" + c.rule)
        self.background = HexColor("#" + c.background)
        #: the body font: numbers and Latin labels
        self.font = fonts.family("body").name

    def color(self, i: int) -> Color:
        return self.palette[i % len(self.palette)]

    def font_for(self, text: str) -> str:
        return self.fonts.font_for_text(text) if text else self.font

    def width(self, text: str) -> float:
        return sum(stringWidth(t, f, self.size) for f, t in self.fonts.segments(text))

    def string(self, text: str, x: float, y: float, color: Color | None = None) -> Group:
        """`text` at (x, y), left-aligned, as one string per font run."""
        g = Group()
        for font, t in self.fonts.segments(text):
            g.add(String(x, y, t, fontName=font, fontSize=self.size, fillColor=color or self.text))
            x += stringWidth(t, font, self.size)
        return g

    def legend_rows(self, names: Sequence[str], width: float) -> list[list[int]]:
        """Entry indexes per row, flowing left to right within `width`."""
        rows: list[list[int]] = [[]]
        x = 0.0
        for i, name in enumerate(names):
            w = self.size * 1.6 + self.width(name) + self.size * 1.5
            if rows[-1] and x + w > width:
                rows.append([])
                x = 0.0
            rows[-1].append(i)
            x += w
        return rows if rows[0] else []

    def legend(self, names: Sequence[str], x0: float, top: float, width: float) -> Group:
        """Colour swatches and names, in rows from `top` down."""
        g = Group()
        line = self.size + 5
        for r, row in enumerate(self.legend_rows(names, width)):
            x = x0
            y = top - (r + 1) * line + 4
            for i in row:
                g.add(Rect(x, y - 1, self.size * 0.9, self.size * 0.9, fillColor=self.color(i),
                           strokeColor=None))
                g.add(self.string(names[i], x + self.size * 1.6, y))
                x += self.size * 1.6 + self.width(names[i]) + self.size * 1.5
        return g


def clean_chart(chart: Chart, fonts: FontSet) -> Chart:
    """The chart with characters no font draws taken out of its labels (reported once each)."""
    return replace(chart, categories=tuple(fonts.clean(c) for c in chart.categories),
                   series=tuple(replace(s, name=fonts.clean(s.name)) for s in chart.series),
                   unit=fonts.clean(chart.unit) if chart.unit else chart.unit)


def _drawing(width: float, height: float, font: str, size: float) -> Drawing:
    d = Drawing(width, height)
    # -- the renderer starts each drawing in its default font, an unembedded Helvetica --
    d.initialFontName, d.initialFontSize = font, size
    return d


def drawing(chart: Chart, theme: Theme, fonts: FontSet, width: float, max_height: float) -> Drawing:
    """`chart` as a Drawing `width` points wide and at most `max_height` tall (a drawing taller
    than the frame is a LayoutError), in the theme's chart colours."""
    p = Painter(theme, fonts)
    chart = clean_chart(chart, fonts)
    if chart.kind == "pie":
        return _pie(chart, p, width)
    return _axes(chart, p, width, max_height)


def _pie(chart: Chart, p: Painter, width: float) -> Drawing:
    size = p.size
    names = list(chart.categories)
    line = size + 5
    height = max(min(width * 0.5, 220.0), len(names) * line + 30)
    d = _drawing(width, height, p.font, size)
    diameter = min(height - 30, 190.0)
    pie = Pie()
    pie.x, pie.y = 40, (height - diameter) / 2
    pie.width = pie.height = diameter
    values = list(chart.series[0].values) if chart.series else []
    pie.data = [max(v, 0.0) for v in values] or [1.0]
    total = sum(pie.data) or 1.0
    colors = [p.color(i) for i in range(len(pie.data))]
    if not any(pie.data):
        # -- reportlab divides by the total: all-zero data is drawn as an empty grey disc --
        pie.data = [1.0] * len(pie.data)
        colors = [p.rule] * len(pie.data)
    pie.labels = [f"{number(v)} ({v / total:.0%})" for v in values]
    pie.simpleLabels = 1
    pie.sideLabels = 1
    pie.slices.strokeColor = p.background
    pie.slices.strokeWidth = 1
    pie.slices.fontName = p.font
    pie.slices.fontSize = size
    pie.slices.fontColor = p.text
    for i, col in enumerate(colors):
        pie.slices[i].fillColor = col
    d.add(pie)
    lx = 40 + diameter + 100
    legend = Group()
    for i, name in enumerate(names):
        y = height - 12 - (i + 1) * line + 4
        legend.add(Rect(lx, y - 1, size * 0.9, size * 0.9, fillColor=colors[i % len(colors)] if colors else p.rule,
                        strokeColor=None))
        legend.add(p.string(name, lx + size * 1.6, y))
    d.add(legend)
    if chart.series and chart.series[0].name:
        label = chart.series[0].name + (f" ({chart.unit})" if chart.unit else "")
        d.add(p.string(label, lx, height - size - 2, p.muted))
    return d


def _axes(chart: Chart, p: Painter, width: float, max_height: float) -> Drawing:
    size = p.size
    n_series = len(chart.series)
    n_cat = max(len(chart.categories), 1)
    names = [s.name for s in chart.series]
    show_legend = n_series > 1
    values = [v for s in chart.series for v in s.values] or [0.0]
    lo, hi, step = _scale(values)
    fmt = axis_formatter(hi, lo)
    cat_fonts = [p.font_for(c) for c in chart.categories]
    label_w = max((stringWidth(c, f, size) for c, f in zip(chart.categories, cat_fonts, strict=True)),
                  default=0)
    value_w = max(stringWidth(fmt(v), p.font, size) for v in (lo, hi))
    left = min(label_w + 12, width * 0.35) if chart.kind == "bar" else value_w + 14
    plot_w = width - left - 20
    legend_h = len(p.legend_rows(names, plot_w)) * (size + 5) + 4 if show_legend else 0

    # -- category labels that do not fit their slot wrap onto lines, or slant when one word is
    # wider than the slot (the sample's "Geopolitical Ramifications" under a 40 pt column) --
    cat_lines = [[c] for c in chart.categories]
    angle = 0
    label_h = size * 1.3
    if chart.kind != "bar":
        slot = plot_w / n_cat
        cat_lines = [simpleSplit(c, f, size, slot * 0.92) or [""]
                     for c, f in zip(chart.categories, cat_fonts, strict=True)]
        too_wide = any(stringWidth(line, f, size) > slot * 0.92
                       for lines, f in zip(cat_lines, cat_fonts, strict=True) for line in lines)
        if too_wide or max((len(lines) for lines in cat_lines), default=1) > 3:
            angle = 35 if slot >= size * 2 else 70
            cat_lines = [[c] for c in chart.categories]
            label_h = min(label_w, 160) * (0.58 if angle == 35 else 0.94) + size * 1.3
        else:
            label_h = size * 1.3 * max((len(lines) for lines in cat_lines), default=1)
    bottom = 16 + label_h + legend_h
    if chart.kind == "bar":
        per_cat = max(n_series * 9 + 6, size * 1.3)
        plot_h = min(max(n_cat * per_cat, 90.0), max_height - HEAD - bottom)
    else:
        plot_h = min(width * 0.42, 200.0)
    height = plot_h + bottom + HEAD
    d = _drawing(width, height, p.font, size)

    ch: HorizontalBarChart | VerticalBarChart | HorizontalLineChart
    if chart.kind == "bar":
        ch = HorizontalBarChart()
    elif chart.kind == "column":
        ch = VerticalBarChart()
    else:
        ch = HorizontalLineChart()
    ch.x, ch.y = left, bottom
    ch.width, ch.height = plot_w, plot_h
    ch.data = [tuple(s.values) for s in chart.series] or [(0.0,)]
    ch.categoryAxis.categoryNames = ["\n".join(lines) for lines in cat_lines]
    for axis in (ch.categoryAxis, ch.valueAxis):
        axis.labels.fontName = p.font
        axis.labels.fontSize = size
        axis.labels.fillColor = p.text
        axis.strokeColor = p.rule
    for i, f in enumerate(cat_fonts):
        # -- with reverseDirection (bar charts) reportlab indexes labels from the other end --
        ch.categoryAxis.labels[n_cat - 1 - i if chart.kind == "bar" else i].fontName = f
    # -- value labels by the rule all three formats share (charts.shows_values) --
    labels = ((lambda v: value_text(chart, v))
              if shows_values(chart, p.labels_max) else None)
    ch.valueAxis.valueMin, ch.valueAxis.valueMax, ch.valueAxis.valueStep = lo, hi, step
    ch.valueAxis.labelTextFormat = fmt
    ch.valueAxis.visibleGrid = 1
    ch.valueAxis.gridStrokeColor = p.rule
    ch.valueAxis.gridStrokeWidth = 0.4
    ch.valueAxis.strokeWidth = 0
    if angle:
        ch.categoryAxis.labels.angle = angle
        ch.categoryAxis.labels.boxAnchor = "ne"
        ch.categoryAxis.labels.dy = -2
    if isinstance(ch, HorizontalLineChart):
        ch.joinedLines = 1
        ch.lineLabelFormat = labels
        ch.lineLabels.fontName = p.font
        ch.lineLabels.fontSize = size
        ch.lineLabels.fillColor = p.text
        ch.lineLabels.dy = 7
        for i in range(n_series):
            ch.lines[i].strokeColor = p.color(i)
            ch.lines[i].strokeWidth = 2
            ch.lines[i].symbol = makeMarker("FilledCircle", size=4, fillColor=p.color(i))
    else:
        if chart.kind == "bar":
            ch.categoryAxis.reverseDirection = 1  # -- first category on top, as it reads --
            ch.categoryAxis.labels.boxAnchor = "e"
            ch.categoryAxis.labels.dx = -4
        ch.barSpacing = 1
        ch.groupSpacing = 8
        ch.barLabelFormat = labels
        ch.barLabels.fontName = p.font
        ch.barLabels.fontSize = size
        ch.barLabels.fillColor = p.text
        ch.barLabels.nudge = 6
        ch.barLabels.boxAnchor = "w" if chart.kind == "bar" else "s"
        for i in range(n_series):
            ch.bars[i].fillColor = p.color(i)
            ch.bars[i].strokeColor = None
    d.add(ch)
    # -- above the plot, left: the series name (when there is no legend) and the unit; a
    # label at the right would collide with the value label of the last column --
    head = [names[0]] if names and names[0] and not show_legend else []
    if chart.unit:
        head.append(f"({chart.unit})" if head else chart.unit)
    if head:
        d.add(p.string(" ".join(head), 2, height - size - 2, p.muted))
    if show_legend:
        d.add(p.legend(names, left, legend_h, plot_w))
    return d

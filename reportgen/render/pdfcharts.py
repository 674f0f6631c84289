"""Charts for the PDF handout, drawn as vector graphics with `reportlab.graphics`.

The numbers drawn are the outline's numbers: every bar, column, point and slice carries its
value as a label, so a reader of the handout sees what the deck's chart data holds.
A graphics string has one font, so every label picks the font that covers it (category
labels one each), and the legend and the heading above the plot are drawn as runs of
strings, one per font, like paragraph text.
"""

from __future__ import annotations

from collections.abc import Sequence
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
from .chartstyle import (
    PIE_FIRST_SLICE,
    axis,
    chart_values,
    legend,
    legend_rows,
    pie_heading,
    pie_labels,
    shows_values,
    value_text,
)
from .pdffonts import FontSet

#: room above the plot, points
HEAD = 10.0


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
        return legend_rows(names, self.width, self.size, width)

    def legend(self, names: Sequence[str], x0: float, top: float, width: float) -> Group:
        """Colour swatches and names, in rows from `top` down."""
        g = Group()
        line = self.size + 5
        for r, row in enumerate(self.legend_rows(names, width)):
            # -- each row centred under the plot, as Office centres its bottom legend --
            row_w = sum(self.size * 1.6 + self.width(names[i]) + self.size * 1.5 for i in row) - self.size * 1.5
            x = x0 + max(0.0, (width - row_w) / 2)
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


#: totals reportlab's pie turns into finite angles (360 / total must be finite)
_SAFE_TOTAL = (1e-300, 1e300)


def _pie(chart: Chart, p: Painter, width: float) -> Drawing:
    """A pie as Office draws it (`chartstyle`): the heading line centred above, the first slice
    from twelve o'clock clockwise, "value (percent)" labels outside the slices, the legend of
    categories at the right, centred on the pie's height."""
    size = p.size
    names = list(chart.categories)
    line = size + 5
    heading = pie_heading(chart)
    head_h = size + 8 if heading else 0
    height = max(min(width * 0.5, 220.0), len(names) * line + 30) + head_h
    d = _drawing(width, height, p.font, size)
    texts = pie_labels(chart)
    label_w = max((p.width(t) for t in texts), default=0.0)
    legend_w = max((size * 1.6 + p.width(n) for n in names), default=0.0)
    diameter = max(min(height - head_h - 2 * size - 16, 190.0, width - legend_w - 2 * label_w - 60), 40.0)
    pie = Pie()
    pie.x = max(label_w + 10, (width - legend_w - 30 - diameter) / 2)
    pie.y = (height - head_h - diameter) / 2
    pie.width = pie.height = diameter
    # -- reportlab counts degrees counterclockwise from three o'clock --
    pie.startAngle = 90 - PIE_FIRST_SLICE
    pie.direction = "clockwise"
    values = list(chart.series[0].values) if chart.series else []
    pie.data = [max(v, 0.0) for v in values] or [1.0]
    total = sum(pie.data)
    if total > 0.0 and not _SAFE_TOTAL[0] < total < _SAFE_TOTAL[1]:
        # -- reportlab takes 360 / total: a total under about 2e-306 (not only a subnormal
        # one) is infinite degrees and a math domain error (tests/fuzz_regressions/
        # 2026-12-02-pdf-pie-subnormal-total.yaml, ...-pdf-pie-smallest-normal-total.yaml),
        # and an infinite total draws no slice; the same shares, scaled to the largest --
        top = max(pie.data)
        pie.data = [v / top for v in pie.data]
    colors = [p.color(i) for i in range(len(pie.data))]
    if not any(pie.data):
        # -- reportlab divides by the total: all-zero data is drawn as an empty grey disc --
        pie.data = [1.0] * len(pie.data)
        colors = [p.rule] * len(pie.data)
    pie.labels = texts or None
    # -- Label objects anchored away from the pie on each side ("autox"), as Office puts
    # outside-end labels --
    pie.simpleLabels = 0
    pie.sideLabels = 0
    pie.slices.labelRadius = 1.08
    pie.slices.label_boxAnchor = "autox"
    pie.slices.strokeColor = p.background
    pie.slices.strokeWidth = 1
    pie.slices.fontName = p.font
    pie.slices.fontSize = size
    pie.slices.fontColor = p.text
    for i, col in enumerate(colors):
        pie.slices[i].fillColor = col
    d.add(pie)
    lx = pie.x + diameter + label_w + 30
    top = pie.y + diameter / 2 + len(names) * line / 2
    legend_g = Group()
    for i, name in enumerate(names):
        y = top - (i + 1) * line + 4
        legend_g.add(Rect(lx, y - 1, size * 0.9, size * 0.9, fillColor=colors[i % len(colors)] if colors else p.rule,
                          strokeColor=None))
        legend_g.add(p.string(name, lx + size * 1.6, y))
    d.add(legend_g)
    if heading:
        d.add(p.string(heading, (width - p.width(heading)) / 2, height - size - 2, p.muted))
    return d


def _axes(chart: Chart, p: Painter, width: float, max_height: float) -> Drawing:
    size = p.size
    n_series = len(chart.series)
    n_cat = max(len(chart.categories), 1)
    names = [s.name for s in chart.series]
    show_legend = legend(chart) is not None
    ax = axis(chart_values(chart))
    lo, hi, step = ax.low, ax.high, ax.step
    fmt = ax.text
    cat_fonts = [p.font_for(c) for c in chart.categories]
    label_w = max((stringWidth(c, f, size) for c, f in zip(chart.categories, cat_fonts, strict=True)),
                  default=0)
    value_w = max(stringWidth(t, p.font, size) for t in ax.labels)
    # -- the unit is the value axis's title, beside its tick labels as Office puts it: under a
    # bar chart's, left of a column or line chart's (turned a quarter) --
    title_h = size + 6 if chart.unit else 0.0
    left = min(label_w + 12, width * 0.35) if chart.kind == "bar" else value_w + 14 + title_h
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
    bottom = 16 + label_h + legend_h + (title_h if chart.kind == "bar" else 0.0)
    if chart.kind == "bar":
        per_cat = max(n_series * 9 + 6, size * 1.3)
        # -- as tall as a column chart's plot (Office gives both one frame), taller when many
        # bars need the room --
        plot_h = min(max(n_cat * per_cat, min(width * 0.42, 200.0)), max_height - HEAD - bottom)
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
    for a in (ch.categoryAxis, ch.valueAxis):
        a.labels.fontName = p.font
        a.labels.fontSize = size
        a.labels.fillColor = p.text
        a.strokeColor = p.rule
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
    if chart.unit:
        unit_w = p.width(chart.unit)
        if chart.kind == "bar":
            d.add(p.string(chart.unit, left + (plot_w - unit_w) / 2, legend_h + 6, p.muted))
        else:
            title = p.string(chart.unit, 0, 0, p.muted)
            # -- a quarter turn counterclockwise: read bottom to top, as Office draws it --
            title.transform = (0, 1, -1, 0, size + 2, bottom + (plot_h - unit_w) / 2)
            d.add(title)
    if show_legend:
        d.add(p.legend(names, left, legend_h, plot_w))
    return d

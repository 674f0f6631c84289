"""Charts for the HTML page, drawn as inline SVG from the chart decisions the other formats
take (`chartstyle.py`): the same value axis and tick labels, the same value labels and which
points carry them, the legend only for two series or more (beside a pie: its categories), a
bar chart's first category on top, a pie's first slice at twelve o'clock running clockwise and
its "value (percent)" labels, the unit as the value axis's title.

Text widths come from the theme's font metrics (`measure.py`), as the handout's and deck's do,
so labels are placed where the browser draws them when the theme's fonts (or fonts with their
metrics) are there. Every piece of text is escaped; the SVG's `<title>` is the chart's alt text.
"""

from __future__ import annotations

import math
from html import escape

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

#: the drawing's width in user units (CSS pixels at 100 %); the page scales it down to fit
WIDTH = 640.0


def _n(x: float) -> str:
    """A coordinate, short and stable."""
    s = f"{x:.1f}"
    return s[:-2] if s.endswith(".0") else s


class _Svg:
    def __init__(self, chart: Chart, theme: Theme, title_id: str) -> None:
        from ..measure import measure_for

        self.chart = chart
        self.theme = theme
        self.c = theme.colors
        self.size = round(theme.sizes.brief.caption * 4 / 3, 1)
        self.measure = measure_for(theme)
        self.parts: list[str] = []
        self.title_id = title_id

    def color(self, i: int) -> str:
        pal = self.c.chart
        return "#" + pal[i % len(pal)]

    def width(self, text: str) -> float:
        # -- the body font's metrics at the label size, in pixels (pt * 4/3 at 96 dpi) --
        return self.measure.width(text, self.size * 0.75) * 4 / 3

    def text(self, x: float, y: float, s: str, anchor: str = "start", color: str | None = None,
             extra: str = "") -> None:
        fill = f' fill="{color}"' if color else ""
        a = f' text-anchor="{anchor}"' if anchor != "start" else ""
        self.parts.append(f'<text x="{_n(x)}" y="{_n(y)}"{a}{fill}{extra}>{escape(s)}</text>')

    def legend_rows(self, names: list[str], width: float) -> list[list[int]]:
        return legend_rows(names, self.width, self.size, width)

    def legend(self, names: list[str], x0: float, top: float, width: float) -> None:
        s = self.size
        line = s + 6
        self.parts.append('<g class="legend">')
        for r, row in enumerate(self.legend_rows(names, width)):
            row_w = sum(s * 1.6 + self.width(names[i]) + s * 1.5 for i in row) - s * 1.5
            x = x0 + max(0.0, (width - row_w) / 2)
            y = top + (r + 1) * line
            for i in row:
                self.parts.append(f'<rect x="{_n(x)}" y="{_n(y - s * 0.8)}" width="{_n(s * 0.9)}" '
                                  f'height="{_n(s * 0.9)}" fill="{self.color(i)}"/>')
                self.text(x + s * 1.6, y, names[i])
                x += s * 1.6 + self.width(names[i]) + s * 1.5
        self.parts.append("</g>")

    def svg(self, height: float) -> str:
        alt = escape(_alt(self.chart))
        return (f'<svg xmlns="http://www.w3.org/2000/svg" class="chart-svg" viewBox="0 0 {_n(WIDTH)} {_n(height)}" '
                f'width="{_n(WIDTH)}" height="{_n(height)}" role="img" aria-labelledby="{self.title_id}" '
                f'font-size="{_n(self.size)}">'
                f'<title id="{self.title_id}">{alt}</title>' + "".join(self.parts) + "</svg>")


def _alt(chart: Chart) -> str:
    from .chartstyle import alt_text

    return alt_text(chart)


def chart_svg(chart: Chart, theme: Theme, title_id: str) -> str:
    """`chart` as an `<svg>` element whose `<title id=title_id>` is its alt text."""
    p = _Svg(chart, theme, title_id)
    height = _pie(chart, p) if chart.kind == "pie" else _axes(chart, p)
    return p.svg(height)


def _pie(chart: Chart, p: _Svg) -> float:
    s = p.size
    names = list(chart.categories)
    line = s + 6
    heading = pie_heading(chart)
    head_h = s + 14 if heading else 4.0
    texts = pie_labels(chart)
    label_w = max((p.width(t) for t in texts), default=0.0)
    legend_w = max((s * 1.6 + p.width(n) for n in names), default=0.0)
    diameter = max(min(240.0, WIDTH - legend_w - 2 * label_w - 80), 60.0)
    r = diameter / 2
    height = max(diameter + 2 * s + 30, len(names) * line + 20) + head_h
    cx = max(label_w + 16 + r, (WIDTH - legend_w - 40) / 2)
    cy = head_h + (height - head_h) / 2
    values = [max(v, 0.0) for v in (chart.series[0].values if chart.series else ())]
    total = sum(values)
    colors = [p.color(i) for i in range(len(values))]
    if not total:
        # -- all zero: an empty grey disc, as the handout draws it --
        p.parts.append(f'<circle cx="{_n(cx)}" cy="{_n(cy)}" r="{_n(r)}" fill="#{p.c.rule}"/>')
        shares = [1.0 / len(values)] * len(values) if values else []
        colors = ["#" + p.c.rule] * len(values)
    else:
        shares = [v / total for v in values]
    # -- degrees clockwise from twelve o'clock, as Office counts `c:firstSliceAng` --
    start = float(PIE_FIRST_SLICE)
    for i, share in enumerate(shares):
        sweep = share * 360.0
        if total and sweep > 0:
            if sweep >= 359.999:
                p.parts.append(f'<circle cx="{_n(cx)}" cy="{_n(cy)}" r="{_n(r)}" fill="{colors[i]}"/>')
            else:
                a0, a1 = math.radians(start), math.radians(start + sweep)
                x0, y0 = cx + r * math.sin(a0), cy - r * math.cos(a0)
                x1, y1 = cx + r * math.sin(a1), cy - r * math.cos(a1)
                large = 1 if sweep > 180 else 0
                p.parts.append(f'<path d="M{_n(cx)} {_n(cy)} L{_n(x0)} {_n(y0)} A{_n(r)} {_n(r)} 0 {large} 1 '
                               f'{_n(x1)} {_n(y1)} Z" fill="{colors[i]}" stroke="#{p.c.background}" stroke-width="1"/>')
        mid = math.radians(start + sweep / 2)
        lx, ly = cx + (r + 8) * math.sin(mid), cy - (r + 8) * math.cos(mid)
        if i < len(texts):
            anchor = "start" if math.sin(mid) >= 0 else "end"
            p.text(lx, ly + s * 0.35 + (s * 0.4 if math.cos(mid) < -0.5 else 0), texts[i], anchor)
        start += sweep
    lx = cx + r + label_w + 30
    top = cy - len(names) * line / 2
    p.parts.append('<g class="legend">')
    for i, name in enumerate(names):
        y = top + (i + 1) * line - 4
        p.parts.append(f'<rect x="{_n(lx)}" y="{_n(y - s * 0.8)}" width="{_n(s * 0.9)}" height="{_n(s * 0.9)}" '
                       f'fill="{colors[i % len(colors)] if colors else "#" + p.c.rule}"/>')
        p.text(lx + s * 1.6, y, name)
    p.parts.append("</g>")
    if heading:
        p.text(WIDTH / 2, s + 4, heading, "middle", "#" + p.c.muted)
    return height


def _axes(chart: Chart, p: _Svg) -> float:
    s = p.size
    c = p.c
    n_series = len(chart.series)
    n_cat = max(len(chart.categories), 1)
    names = [x.name for x in chart.series]
    ax = axis(chart_values(chart))
    lo, hi = ax.low, ax.high
    tick_w = max(p.width(t) for t in ax.labels)
    labels = shows_values(chart, p.theme.config.pptx.data_labels_max)
    unit_h = s + 8 if chart.unit else 0.0
    show_legend = legend(chart) is not None
    bar = chart.kind == "bar"
    cat_w = max((p.width(x) for x in chart.categories), default=0.0)
    left = min(cat_w + 14, WIDTH * 0.35) if bar else tick_w + 12 + unit_h
    right = 24.0 if not bar else 40.0
    plot_w = WIDTH - left - right
    legend_rows = p.legend_rows(names, plot_w) if show_legend else []
    legend_h = len(legend_rows) * (s + 6) + (8 if legend_rows else 0)
    top = s + 8.0
    # -- category labels: wrapped into their slot (at most three lines), else slanted --
    cat_lines = [[x] for x in chart.categories]
    angle = 0
    if bar:
        cat_lines = [p.measure.lines(x, (left - 14) * 0.75, s * 0.75) or [""] for x in chart.categories]
        per_cat = max(n_series * 16 + 12, s * 1.3 * max((len(x) for x in cat_lines), default=1) + 8)
        plot_h = max(n_cat * per_cat, 200.0)
        label_h = s + 8
    else:
        slot = plot_w / n_cat
        cat_lines = [p.measure.lines(x, slot * 0.92 * 0.75, s * 0.75) or [""] for x in chart.categories]
        too_wide = any(p.width(line) > slot * 0.92 for lines in cat_lines for line in lines)
        if too_wide or max((len(x) for x in cat_lines), default=1) > 3:
            angle = 35 if slot >= s * 2 else 70
            cat_lines = [[x] for x in chart.categories]
            label_h = min(cat_w, 180) * (0.6 if angle == 35 else 0.95) + s * 1.5
        else:
            label_h = s * 1.3 * max((len(x) for x in cat_lines), default=1) + 8
        plot_h = 260.0
    bottom_at = top + plot_h
    height = bottom_at + label_h + (unit_h if bar else 0.0) + legend_h + 6

    def vpos(v: float) -> float:
        """Value -> x (bar chart) or y (column, line)."""
        f = (v - lo) / (hi - lo) if hi > lo else 0.0
        return left + f * plot_w if bar else bottom_at - f * plot_h

    # -- grid and tick labels --
    p.parts.append(f'<g class="grid" stroke="#{c.rule}" stroke-width="0.6">')
    for t in ax.ticks:
        q = vpos(t)
        if bar:
            p.parts.append(f'<line x1="{_n(q)}" y1="{_n(top)}" x2="{_n(q)}" y2="{_n(bottom_at)}"/>')
        else:
            p.parts.append(f'<line x1="{_n(left)}" y1="{_n(q)}" x2="{_n(left + plot_w)}" y2="{_n(q)}"/>')
    p.parts.append("</g>")
    for t, text in zip(ax.ticks, ax.labels, strict=True):
        q = vpos(t)
        if bar:
            p.text(q, bottom_at + s + 4, text, "middle")
        else:
            p.text(left - 6, q + s * 0.35, text, "end")
    zero = vpos(min(max(0.0, lo), hi))
    # -- the category axis line at zero --
    if bar:
        p.parts.append(f'<line x1="{_n(zero)}" y1="{_n(top)}" x2="{_n(zero)}" y2="{_n(bottom_at)}" stroke="#{c.muted}"/>')
    else:
        p.parts.append(f'<line x1="{_n(left)}" y1="{_n(zero)}" x2="{_n(left + plot_w)}" y2="{_n(zero)}" stroke="#{c.muted}"/>')
    slot = (plot_h if bar else plot_w) / n_cat
    group = slot * 0.72
    bw = group / max(n_series, 1)
    # -- category labels --
    for i, lines in enumerate(cat_lines):
        mid = (top if bar else left) + (i + 0.5) * slot
        if bar:
            y0 = mid - (len(lines) - 1) * s * 1.2 / 2 + s * 0.35
            for k, line in enumerate(lines):
                p.text(left - 8, y0 + k * s * 1.2, line, "end")
        elif angle:
            y = bottom_at + s + 2
            p.text(mid, y, lines[0], "end", extra=f' transform="rotate(-{angle} {_n(mid)} {_n(y)})"')
        else:
            for k, line in enumerate(lines):
                p.text(mid, bottom_at + s + 4 + k * s * 1.3, line, "middle")
    # -- the data --
    if chart.kind == "line":
        for k, ser in enumerate(chart.series):
            pts = [((left + (i + 0.5) * slot), vpos(v)) for i, v in enumerate(ser.values)]
            col = p.color(k)
            p.parts.append(f'<polyline fill="none" stroke="{col}" stroke-width="2.5" points="'
                           + " ".join(f"{_n(x)},{_n(y)}" for x, y in pts) + '"/>')
            for x, y in pts:
                p.parts.append(f'<circle cx="{_n(x)}" cy="{_n(y)}" r="3.5" fill="{col}"/>')
            if labels:
                for (x, y), v in zip(pts, ser.values, strict=False):
                    p.text(x, y - 8, value_text(chart, v), "middle")
    else:
        for k, ser in enumerate(chart.series):
            col = p.color(k)
            for i, v in enumerate(ser.values):
                start = (top if bar else left) + i * slot + (slot - group) / 2 + k * bw
                a, b = sorted((vpos(v), zero))
                if bar:
                    p.parts.append(f'<rect x="{_n(a)}" y="{_n(start)}" width="{_n(b - a)}" height="{_n(bw * 0.92)}" fill="{col}"/>')
                    if labels:
                        neg = v < 0
                        p.text(a - 4 if neg else b + 4, start + bw * 0.46 + s * 0.35, value_text(chart, v),
                               "end" if neg else "start")
                else:
                    p.parts.append(f'<rect x="{_n(start)}" y="{_n(a)}" width="{_n(bw * 0.92)}" height="{_n(b - a)}" fill="{col}"/>')
                    if labels:
                        neg = v < 0
                        p.text(start + bw * 0.46, b + s + 2 if neg else a - 4, value_text(chart, v), "middle")
    # -- the unit: the value axis's title --
    if chart.unit:
        if bar:
            p.text(left + plot_w / 2, bottom_at + label_h + s, chart.unit, "middle", "#" + c.muted)
        else:
            y = top + plot_h / 2
            p.text(s, y, chart.unit, "middle", "#" + c.muted, extra=f' transform="rotate(-90 {_n(s)} {_n(y)})"')
    if show_legend:
        p.legend(names, left, height - legend_h - 4, plot_w)
    return height

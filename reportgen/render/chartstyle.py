"""One chart style for the brief, the deck and the handout: every decision that a reader could
see differ between the three formats is taken here, once, and the three chart writers
(`charts.py` for Word, `pptx.py` for PowerPoint, `pdfcharts.py` for the PDF) only carry it out.

- the value axis: its range and tick step by one "nice numbers" rule (`axis`), written into the
  Office charts as explicit `c:min` / `c:max` / `c:majorUnit` (Word, PowerPoint and LibreOffice
  would each pick their own automatic scale) and drawn so by reportlab;
- the number format of tick labels and of value labels, with thousands separators, as an Office
  format code and as the text the handout draws (they agree: `tests/render/test_chartstyle.py`);
- the value axis and its title (the unit) on the same side: below a bar chart, left of a column
  or line chart; the first category on top of a bar chart in every format;
- the legend: only for two series or more (at the bottom), and beside a pie (at the right,
  listing the categories);
- which points carry value labels (`shows_values`) and their text; a pie's labels read
  "value (percent)" and its first slice starts at twelve o'clock, clockwise;
- a pie's one heading line (series name and unit), above it;
- the chart's alt text: the outline's `alt`, or a summary of the series (`alt_text`).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from .. import model

#: a pie's first slice starts at twelve o'clock and runs clockwise, in every format: Office's
#: `c:firstSliceAng` counts degrees clockwise from twelve o'clock, reportlab's `startAngle`
#: counterclockwise from three o'clock
PIE_FIRST_SLICE = 0
#: most intervals on a value axis (so ticks stay readable at the handout's caption size)
MAX_INTERVALS = 6
#: nice step multipliers, per power of ten (2.5 only when a value has a fraction: counts are
#: not drawn on a 2.5 grid)
_STEPS = (1.0, 2.0, 2.5, 5.0, 10.0)
#: axes that reach a million or more show their ticks in millions, billions, trillions
_SCALES = ((1e12, "T"), (1e9, "B"), (1e6, "M"))


def _decimals(x: float) -> int:
    """Decimal places needed to write `x` exactly (at most 6)."""
    s = f"{abs(x):.6f}".rstrip("0")
    return len(s.split(".")[1]) if "." in s else 0


@dataclass(frozen=True)
class Axis:
    """A value axis: from `low` to `high` in steps of `step`; tick labels divided by `divisor`
    and followed by `suffix` ("2.5M"), with `decimals` places and thousands separators."""

    low: float
    high: float
    step: float
    divisor: float = 1.0
    suffix: str = ""
    decimals: int = 0

    @property
    def ticks(self) -> list[float]:
        n = round((self.high - self.low) / self.step)
        return [self.low + i * self.step for i in range(n + 1)]

    def text(self, v: float) -> str:
        """A tick label as the handout draws it and Office shows `office_format`."""
        x = v / self.divisor
        s = f"{x:,.{self.decimals}f}"
        if s.lstrip("-").strip("0.,") == "":
            s = s.lstrip("-")  # -- no "-0" --
        return s + (f"{self.suffix}" if self.suffix else "")

    @property
    def labels(self) -> list[str]:
        return [self.text(v) for v in self.ticks]

    @property
    def office_format(self) -> str:
        """The Office number format code of the tick labels (a trailing comma divides by 1000)."""
        code = "#,##0" + ("." + "0" * self.decimals if self.decimals else "")
        if self.divisor > 1:
            code += "," * round(math.log10(self.divisor) / 3) + f'"{self.suffix}"'
        return code


def axis(values: list[float] | tuple[float, ...]) -> Axis:
    """The value axis for `values`: it includes 0 and every value, in at most `MAX_INTERVALS`
    steps of 1, 2, 2.5 or 5 times a power of ten, with a step of room above the largest value
    when it falls on the last tick (so its value label does not sit on the frame)."""
    values = list(values) or [0.0]
    whole = all(float(v).is_integer() for v in values)
    lo, hi = min(0.0, *values), max(0.0, *values)
    if hi - lo < 1e-200:
        # -- all zero, or so close to it (1e-320) that steps would underflow: one unit of axis --
        lo, hi = min(lo, 0.0), max(lo, 0.0) + 1
    mag = 10.0 ** math.floor(math.log10((hi - lo) / MAX_INTERVALS))
    step = 10 * mag
    for m in _STEPS:
        s = m * mag
        if whole and not float(s).is_integer():
            continue
        if math.ceil(hi / s - 1e-9) - math.floor(lo / s + 1e-9) <= MAX_INTERVALS:
            step = s
            break
    low = math.floor(lo / step + 1e-9) * step
    high = math.ceil(hi / step - 1e-9) * step
    if hi > 0 and math.isclose(high, hi):
        high += step
    if lo < 0 and math.isclose(low, lo):
        low -= step
    # -- no float noise in what Office and reportlab are given: 0.30000000000000004 --
    low, high, step = (float(f"{x:.12g}") for x in (low, high, step))
    top = max(abs(low), abs(high))
    divisor, suffix = 1.0, ""
    for div, letter in _SCALES:
        if top >= div:
            divisor, suffix = div, letter
            break
    return Axis(low, high, step, divisor, suffix, _decimals(step / divisor))


def shows_values(chart: model.Chart, limit: int) -> bool:
    """Whether a chart labels its points with their values, in every format: a pie always; a
    bar, column or one-line chart when it has at most `limit` points; lines of several series
    never (their labels fall on each other where the lines run close)."""
    if chart.kind == "pie":
        return True
    if chart.kind == "line" and len(chart.series) > 1:
        return False
    return len(chart.categories) * len(chart.series) <= limit


def value_decimals(chart: model.Chart) -> int | None:
    """Decimal places for value labels, the same for every point (7.0 beside 7.1, not 7), at
    most 3; None when a value is too small for that (0.0004): then each shows as written."""
    places = 0
    for v in (v for s in chart.series for v in s.values):
        if float(v).is_integer():
            continue
        if abs(v) < 1e-3:
            return None
        places = max(places, len(f"{abs(v):.3f}".rstrip("0").split(".")[1]))
    return places


def value_format(chart: model.Chart) -> str:
    """The Office number format of value labels (see `value_decimals`)."""
    d = value_decimals(chart)
    if d is None:
        return "General"
    return "#,##0" + ("." + "0" * d if d else "")


def value_text(chart: model.Chart, v: float) -> str:
    """A value label as the handout prints it: what `value_format` shows in Office."""
    d = value_decimals(chart)
    if d is None:
        return f"{v:.6g}"
    return f"{v:,.{d}f}"


def pie_labels(chart: model.Chart) -> list[str]:
    """A pie's slice labels, "6.5 (52%)": the value as `value_text` writes it and its share,
    rounded to whole percent. The same text in all three formats (Office gets it as each
    label's own text: its "value; percentage" label has another separator and rounding)."""
    values = list(chart.series[0].values) if chart.series else []
    total = sum(max(v, 0.0) for v in values)
    return [f"{value_text(chart, v)} ({(max(v, 0.0) / total if total else 0.0):.0%})" for v in values]


def legend(chart: model.Chart) -> str | None:
    """Where the legend goes: "right" of a pie (its categories), "bottom" for two series or
    more, None for one series (the axis title and the caption say what it measures)."""
    if chart.kind == "pie":
        return "right"
    return "bottom" if len(chart.series) > 1 else None


def pie_heading(chart: model.Chart) -> str | None:
    """The line above a pie: its series name and unit, "Revenue (m EUR)". A pie has no axis to
    carry the unit."""
    name = chart.series[0].name.strip() if chart.series else ""
    if name and chart.unit:
        return f"{name} ({chart.unit})"
    return name or chart.unit or None


def chart_values(chart: model.Chart) -> list[float]:
    """The values the value axis must show."""
    return [v for s in chart.series for v in s.values]


def alt_text(chart: model.Chart) -> str:
    """The chart's alt text: the outline's `alt`, else a summary of its data in the document's
    words: "Bar chart, mentions: North Korea 11; Russia 9" (one clause per series)."""
    if chart.alt:
        return chart.alt
    words = chart.labels
    kind = {"bar": words.bar_chart, "column": words.column_chart, "line": words.line_chart,
            "pie": words.pie_chart}[chart.kind]
    series = chart.series[:1] if chart.kind == "pie" else chart.series
    parts = []
    for s in series:
        pairs = "; ".join(f"{c} {value_text(chart, v)}" for c, v in zip(chart.categories, s.values, strict=False))
        parts.append(f"{s.name}: {pairs}" if s.name.strip() else pairs)
    unit = f" ({chart.unit})" if chart.unit else ""
    return f"{kind}{unit}. " + ". ".join(parts)


def legend_rows(names: Sequence[str], width_of: Callable[[str], float], size: float,
                width: float) -> list[list[int]]:
    """Legend entry indexes per row, flowing left to right within `width`: each entry is a
    swatch and its name (`width_of` measures a name at type `size`), the same in the handout's
    charts and the HTML page's."""
    rows: list[list[int]] = [[]]
    x = 0.0
    for i, name in enumerate(names):
        w = size * 1.6 + width_of(name) + size * 1.5
        if rows[-1] and x + w > width:
            rows.append([])
            x = 0.0
        rows[-1].append(i)
        x += w
    return rows if rows[0] else []

"""Block type `chart`: a numbered bar, column, line or pie chart (a figure)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Field

from .. import model as m
from ..formats import get as get_format
from ..outline_base import Filters, Plain, Strict
from ..textfields import PLAIN
from .base import BlockType, Context, Item, Make, mark_label, text_items

#: the largest chart value: Word and PowerPoint keep 15 significant digits
CHART_VALUE_LIMIT = 1e15


class ChartBody(Strict):
    kind: Literal["bar", "column", "line", "pie"]
    caption: Plain | None = None
    categories: list[Plain] = Field(min_length=1)
    series: dict[Annotated[str, PLAIN], list[Annotated[float, Field(allow_inf_nan=False)]]] = Field(min_length=1)
    unit: Plain | None = None
    alt: Plain | None = Field(None, description="alternative text; default: a summary of the series")


class ChartBlock(Filters):
    chart: ChartBody


def tailor(b: ChartBlock, ctx: Context) -> Make:
    ch, origin, tx = b.chart, ctx.origin, ctx.texts
    num = ctx.next_number("figure")
    cap = tx.opt_plain(ChartBody, "caption", ch.caption)
    cats = [tx.plain(ChartBody, "categories", x) for x in ch.categories]
    series = [(tx.plain(ChartBody, "series", k), tuple(float(v) for v in vals)) for k, vals in ch.series.items()]
    unit = tx.opt_plain(ChartBody, "unit", ch.unit)
    alt = tx.plain(ChartBody, "alt", ch.alt) if ch.alt else None
    return lambda fin: m.Chart(ch.kind, tuple(fin.plain(x) for x in cats),
                               tuple(m.Series(fin.plain(k), vals) for k, vals in series),
                               fin.opt_plain(cap), fin.opt_plain(unit), num, origin,
                               alt=fin.opt_plain(alt))


def items(b: m.Chart, fmt: str) -> list[Item]:
    out = text_items("caption", b.origin, b.label)
    # -- series names show in a legend, or above a pie; a one-series chart has neither in any
    # format (render/chartstyle.py), so a format whose text holds only what is drawn (the
    # handout) cannot hold its name; the brief's and deck's chart data do --
    if get_format(fmt).reads_chart_data or len(b.series) > 1 or b.kind == "pie":
        out += [Item("series", f"{b.origin}.series.{s.name}", s.name) for s in b.series if s.name.strip()]
    return out


def problems(b: ChartBlock, path: tuple[Any, ...], ld: Any) -> list[Any]:
    pos, c = ld.positions, b.chart
    out = []
    for name, values in c.series.items():
        if len(values) != len(c.categories):
            out.append(pos.problem((*path, "chart", "series", name), f"series '{name}' has "
                                   f"{len(values)} values but there are {len(c.categories)} "
                                   "categories; give one value per category"))
        big = next((k for k, v in enumerate(values) if abs(v) > CHART_VALUE_LIMIT), None)
        if big is not None:
            out.append(pos.problem((*path, "chart", "series", name, big), f"{values[big]!r} is beyond "
                                   f"±{CHART_VALUE_LIMIT:.0e}, more than charts in Word and PowerPoint "
                                   "hold exactly; give the values in a larger unit (millions, "
                                   "billions) and say so in `unit:`"))
        if c.kind == "pie" and any(v < 0 for v in values):
            out.append(pos.problem((*path, "chart", "series", name), "a pie chart cannot show "
                                   "negative values; use a bar or column chart"))
    if c.kind == "pie" and len(c.series) > 1:
        out.append(pos.problem((*path, "chart", "series"), f"a pie chart shows one series, "
                               f"this one has {len(c.series)}; use kind: column or bar"))
    if c.alt is not None and not c.alt.strip():
        out.append(pos.problem((*path, "chart", "alt"), "the alt text is empty; describe what "
                               "the chart shows, or leave `alt` out for a summary of its series"))
    return out


#: -- axis labels and the unit wrap, slant and abbreviate differently in each format; the alt
#: text is the picture's description, which the handout does not print --
TYPE = BlockType("chart", ChartBlock, m.Chart, tailor, items, problems=problems, unchecked=("categories", "unit", "alt"), mark=mark_label)

"""A table's slides: split by rows, the header row repeated, a row taller than a slide cut
between lines.
"""

from __future__ import annotations

from collections.abc import Sequence

from ...measure import slice_text, strip_text
from ...model import Run, Section, Table, Text
from ...theme import INCH
from ..columns import column_widths
from .paginate import Paginator, balanced
from .specs import SlideSpec, TableSpec
from .texts import flat


def _column_widths(p: Paginator, block: Table, size: float, margin: float,
                   avail: float | None = None) -> list[float]:
    """Column widths that fill the content width, by the rule every format uses
    (`columns.py`)."""
    cells: list[list[Text]] = [[(Run(c),) for c in block.columns]]
    cells += [list(r) + [()] * (len(block.columns) - len(r)) for r in block.rows]
    return column_widths(p.m, cells, size, 2 * margin / p.o.width_slack,
                         p.CW if avail is None else avail, slack=p.o.width_slack)


def plan_table_slides(p: Paginator, block: Table, sec: Section, lead: str | None = None,
                      area: tuple[float, float, float] | None = None) -> list[SlideSpec]:
    """The slides of a table, split by rows; with `area` (x, width, room to leave below) only
    the table set there, for a two-content slide (titles then are not claimed)."""
    size = p.size("table")
    margin = p.o.cell_margin * INCH
    x0, avail, below = area if area is not None else (p.L, p.CW, 0.0)
    widths = _column_widths(p, block, size, margin, avail)
    ncols = len(widths)
    lh_cache: dict[bool, float] = {}

    def line_h(row: Sequence[Text], bold: bool) -> float:
        return max([p.m.line_height(size, p.spacing, c, bold=bold) for c in row] or [0.0]) or \
            lh_cache.setdefault(bold, p.m.line_height(size, p.spacing, "", bold=bold))

    def wraps(row: Sequence[Text], bold: bool) -> list[list[tuple[int, int]]]:
        return [p.m.wrap(row[c] if c < len(row) else (), (widths[c] - 2 * margin) * p.o.width_slack,
                         size, bold=bold) for c in range(ncols)]

    def row_height(row: Sequence[Text], bold: bool = False) -> float:
        lines = max(len(w) for w in wraps(row, bold))
        return lines * line_h(row, bold) + 2 * margin

    header: tuple[Text, ...] = tuple((Run(c),) for c in block.columns)
    right = block.numeric  # -- once: run() is called again for every spread it tries --
    hh = row_height(header, True)
    height_cache: dict[tuple[Text, ...], float] = {}

    def row_height_cached(row: tuple[Text, ...]) -> float:
        if row not in height_cache:
            height_cache[row] = row_height(row)
        return height_cache[row]

    title0, rest = p.block_title(block.label, lead)
    if area is None:
        title0 = p.claim(title0)
    else:
        rest = ""

    def run(shrink: float) -> list[SlideSpec]:
        body: list[tuple[tuple[Text, ...], int, int]] = [
            (tuple(flat(c) for c in r) + ((),) * (ncols - len(r)), i, 0) for i, r in enumerate(block.rows)]
        slides: list[SlideSpec] = []
        n = 0
        while True:
            title = title0 if n == 0 else p.doc.labels.with_continued(title0, n)
            items, y0 = p.titled(title, sec, rest if n == 0 else None)
            room = p.bottom - y0 - hh - shrink - below
            rows: list[tuple[Text, ...]] = [header]
            heights = [hh]
            origins: list[tuple[int, int]] = []
            used = 0.0
            while body:
                row, idx, part = body[0]
                rh = row_height_cached(row)
                if used + rh <= room:
                    rows.append(row)
                    heights.append(rh)
                    origins.append((idx, part))
                    used += rh
                    body.pop(0)
                    continue
                if origins and rh <= room:
                    break
                # -- a row taller than what is left: cut every cell after the lines that fit --
                lh = line_h(row, False)
                k = int((room - used - 2 * margin) // lh)
                if k < 1:
                    if not origins:
                        k = 1  # -- impossible geometry: still make progress --
                    else:
                        break
                ws = wraps(row, False)
                head, tail = [], []
                for c in range(ncols):
                    spans = ws[c]
                    if len(spans) > k:
                        cut = spans[k][0]
                        head.append(strip_text(slice_text(row[c], 0, cut)))
                        tail.append(strip_text(slice_text(row[c], cut)))
                    else:
                        head.append(row[c])
                        tail.append(())
                hrow = tuple(head)
                rh = row_height(hrow)
                rows.append(hrow)
                heights.append(rh)
                origins.append((idx, part))
                used += rh
                if any(tail):
                    body[0] = (tuple(tail), idx, part + 1)
                else:
                    # -- every cell shown whole (a slide too full for one line, where one is
                    # forced): an empty rest put back would be "cut" again on every slide after,
                    # for ever --
                    body.pop(0)
                break
            spec = TableSpec(x0, y0, tuple(widths), tuple(heights), tuple(rows), size, margin,
                             tuple(origins), right)
            slides.append(SlideSpec("title_only", title, "table", [*items, spec], origin=block.origin,
                                    kicker=p.kicker_for(sec, title)))
            n += 1
            if not body:
                return slides

    if area is not None:
        return run(0.0)
    return p.commit(balanced(run, p.bottom - p.top))

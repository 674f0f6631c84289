"""Block type `table`: a numbered table with a caption, column headings and rows of cells."""

from __future__ import annotations

import os
from typing import Any

from pydantic import Field

from .. import model as m
from ..outline_base import Filters, Inline, Plain, Strict
from .base import BlockType, Context, Item, Make, mark_label, text_items

DEFAULT_MAX_TABLE_CELLS = 100_000


class TableBody(Strict):
    caption: Plain | None = None
    columns: list[Plain] = Field(min_length=1)
    rows: list[list[Inline]]


class TableBlock(Filters):
    table: TableBody


def tailor(b: TableBlock, ctx: Context) -> Make:
    t, origin, tx = b.table, ctx.origin, ctx.texts
    num = ctx.next_number("table")
    cap = tx.opt_plain(TableBody, "caption", t.caption)
    cols = [tx.plain(TableBody, "columns", c) for c in t.columns]
    cells = [[tx.inline(TableBody, "rows", cell) for cell in row] for row in t.rows]
    return lambda fin: m.Table(tuple(fin.plain(c) for c in cols),
                               tuple(tuple(fin.runs(c) for c in row) for row in cells),
                               fin.opt_plain(cap), num, origin)


def items(b: m.Table, fmt: str) -> list[Item]:
    o = b.origin
    out = text_items("caption", o, b.label)
    out += [Item("column", f"{o}.columns[{i}]", c, o) for i, c in enumerate(b.columns) if c.strip()]
    for r, row in enumerate(b.rows):
        for c, cell in enumerate(row):
            out += text_items("cell", f"{o}.rows[{r}][{c}]", cell, f"{o}.rows[{r}]")
    return out


def problems(b: TableBlock, path: tuple[Any, ...], ld: Any) -> list[Any]:
    pos = ld.positions
    out = []
    max_cells = int(os.environ.get("REPORTGEN_MAX_TABLE_CELLS", DEFAULT_MAX_TABLE_CELLS))
    n = len(b.table.columns)
    cells = 0
    for r, row in enumerate(b.table.rows):
        cells += len(row)
        if len(row) != n:
            more = "; in [ ] a comma separates cells: quote a cell that has one" if len(row) > n else ""
            out.append(pos.problem((*path, "table", "rows", r), f"this row has {len(row)} "
                                   f"cell{'s' if len(row) != 1 else ''} but the table has "
                                   f"{n} columns; give every row {n} cells{more}"))
    if cells > max_cells:
        out.append(pos.problem((*path, "table"), f"the table has {cells:,} cells, over the limit "
                               f"of {max_cells:,}; split it, or raise the limit with "
                               "REPORTGEN_MAX_TABLE_CELLS"))
    return out


TYPE = BlockType("table", TableBlock, m.Table, tailor, items, problems=problems, mark=mark_label)

"""The handout's body blocks as platypus flowables: one handler per block type (`HANDLERS`,
checked against the registry), with the shaded box, the table and the figure caption they share."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    ListFlowable,
    Spacer,
    Table,
    TableStyle,
)

from .. import model
from ..measure import measure_for
from ..model import Text
from . import bullet_chars, handlers_named, pdfimages
from .chartstyle import alt_text
from .columns import column_widths
from .imagesize import natural_size
from .pdfcharts import drawing
from .pdfctx import Ctx, _hex, table_style
from .pdfshape import Paragraph, list_item

Flowables = list[Flowable]

def _list_items(ctx: Ctx, items: Sequence[model.ListItem], numbered: bool, depth: int,
                start: int = 1) -> ListFlowable:
    c, s = ctx.theme.colors, ctx.theme.sizes.handout
    flow = []
    for item in items:
        content: Flowables = [Paragraph(ctx.inline(item.text), ctx.styles.item)]
        if item.children:
            content.append(_list_items(ctx, item.children, numbered, depth + 1))
        flow.append(list_item(content, s.body * 1.6))
    # -- the same bullets as the brief and the deck --
    bullets = bullet_chars(ctx.theme)
    common: dict[str, Any] = dict(
        # -- a bullet glyph the body font lacks would print as a box: take a font that has it --
        bulletFontName=ctx.fonts.font_for_text("1a" if numbered else bullets[depth % 3]),
        bulletFontSize=s.body,
        bulletColor=_hex(c.secondary),
        leftIndent=s.body * 1.6,
        bulletDedent="auto",
        spaceBefore=0,
        spaceAfter=0 if depth else s.body * 0.6,
    )
    if numbered:
        kind = "1" if depth % 2 == 0 else "a"
        return ListFlowable(flow, bulletType=kind, start=start, bulletFormat="%s.", **common)
    return ListFlowable(flow, bulletType="bullet", start=bullets[depth % 3], **common)


def h_paragraph(ctx: Ctx, b: model.Paragraph) -> Flowables:
    return [Paragraph(ctx.inline(b.text), ctx.styles.body)]


def h_bullets(ctx: Ctx, b: model.BulletList) -> Flowables:
    return [_list_items(ctx, b.items, False, 0)]


def h_numbered(ctx: Ctx, b: model.NumberedList) -> Flowables:
    return [_list_items(ctx, b.items, True, 0, b.start)]


def _box(ctx: Ctx, content: Flowables, fill: str, border: str, extra: float = 0) -> Table:
    """A shaded box with a coloured bar on the left (BLUF, callouts), splittable across pages;
    on the right in a right-to-left document or section."""
    pad = ctx.theme.sizes.handout.body * 0.8
    thick = ctx.opts.box_bar + extra
    start, end = ("RIGHT", "LEFT") if ctx.rtl else ("LEFT", "RIGHT")
    t = Table([[content]], colWidths=[ctx.width], splitInRow=1)
    t.setStyle(table_style(ctx, [
        ("BACKGROUND", (0, 0), (-1, -1), _hex(fill)),
        ("LINEAFTER" if ctx.rtl else "LINEBEFORE", (0, 0), (0, -1), thick, _hex(border)),
        (f"{start}PADDING", (0, 0), (-1, -1), pad + thick),
        (f"{end}PADDING", (0, 0), (-1, -1), pad),
        ("TOPPADDING", (0, 0), (-1, -1), pad * 0.8),
        ("BOTTOMPADDING", (0, 0), (-1, -1), pad * 0.5),
    ]))
    t.spaceBefore = 4
    t.spaceAfter = ctx.theme.sizes.handout.body
    t._rg_role = "Div"  # -- tagged as a box, not a table (pdftag/tree.py) --
    return t


def h_quote(ctx: Ctx, b: model.Quote) -> Flowables:
    st = ctx.styles
    words = ctx.document.labels
    content: Flowables = [Paragraph(f"{ctx.text(b.mark + words.quote_open)}{ctx.inline(b.text)}{ctx.text(words.quote_close)}",
                                    st.quote)]
    if b.by:
        content.append(Paragraph(f"— {ctx.text(b.by)}", st.attribution))
    # -- indented from the start side, its bar there: the left, or the right when right to left --
    t = Table([[content]], colWidths=[ctx.width - 16], splitInRow=1, hAlign="LEFT" if ctx.rtl else "RIGHT")
    t.setStyle(table_style(ctx, [
        ("LINEAFTER" if ctx.rtl else "LINEBEFORE", (0, 0), (0, -1), 2, _hex(ctx.theme.colors.secondary)),
        ("RIGHTPADDING" if ctx.rtl else "LEFTPADDING", (0, 0), (-1, -1), 10),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]))
    t.spaceBefore = 4
    t.spaceAfter = ctx.theme.sizes.handout.body
    t._rg_role = "BlockQuote"
    # -- a short quote never leaves its attribution on the next page; a long one still splits --
    return [KeepTogether([t])]


def h_callout(ctx: Ctx, b: model.Callout) -> Flowables:
    c = ctx.theme.colors
    fill, border = c.callout_fill[b.style], c.callout_border[b.style]  # type: ignore[index]
    content: Flowables = []
    if b.title:
        style = ParagraphStyle("CalloutTitle", parent=ctx.styles.box_title, textColor=_hex(border))
        content.append(Paragraph(f"{ctx.b(b.title)}", style))
    content.append(Paragraph(ctx.inline(b.text), ctx.styles.body))
    return [KeepTogether([_box(ctx, content, fill, border)])]


def _width(ctx: Ctx, text: str, bold: bool = False) -> float:
    fam = ctx.fonts.family("body")
    return stringWidth(text, fam.style(bold=bold), ctx.theme.sizes.handout.table)


def fit_columns(ctx: Ctx, header: Sequence[str], rows: Sequence[Sequence[str]], avail: float) -> list[float]:
    """Column widths that fill `avail`, by the rule every format uses (`columns.py`)."""
    n = max(len(header), max((len(r) for r in rows), default=0), 1)
    cells = [list(header) + [""] * (n - len(header)), *([*r] + [""] * (n - len(r)) for r in rows)]
    return column_widths(measure_for(ctx.theme), cells, ctx.theme.sizes.handout.table,
                         2 * ctx.opts.cell_padding + 1, avail)


def _table(ctx: Ctx, header: Sequence[str], rows: Sequence[Sequence[Text]], caption: str | None,
           widths: list[float] | None = None, first_col_style: ParagraphStyle | None = None,
           right: Sequence[bool] = ()) -> Flowables:
    st, c = ctx.styles, ctx.theme.colors
    n = max(len(header), max((len(r) for r in rows), default=0), 1)

    def aligned(style: ParagraphStyle, i: int) -> ParagraphStyle:
        # -- a column of figures is set flush right, figures under figures; in a right-to-left
        # table every cell starts at the right --
        if ctx.rtl or (i < len(right) and right[i]):
            return ParagraphStyle(f"{style.name}Right", parent=style, alignment=TA_RIGHT)
        return style

    data: list[list[Any]] = []
    if header:
        data.append([Paragraph(f"{ctx.b(h)}", aligned(st.head_cell, i)) for i, h in enumerate(header)])
    for row in rows:
        cells = list(row) + [()] * (n - len(row))
        data.append([Paragraph(ctx.inline(cell), aligned(first_col_style if i == 0 and first_col_style else st.cell, i))
                     for i, cell in enumerate(cells)])
    if widths is None:
        widths = fit_columns(ctx, header, [[model.plain(x) for x in r] for r in rows], ctx.width)
    if ctx.rtl:
        # -- a right-to-left table's first column is on the right --
        data = [row[::-1] for row in data]
        widths = widths[::-1]
    t = (MirroredTable if ctx.rtl else RowTable)(data, colWidths=widths, repeatRows=1 if header else 0,
                                                 splitInRow=1, hAlign="LEFT")
    t._rg_page = ctx.height
    pad = ctx.opts.cell_padding
    style = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), pad),
        ("RIGHTPADDING", (0, 0), (-1, -1), pad),
        ("TOPPADDING", (0, 0), (-1, -1), pad * 0.75),
        ("BOTTOMPADDING", (0, 0), (-1, -1), pad),
        ("LINEBELOW", (0, 0), (-1, -1), 0.4, _hex(c.table_border)),
    ]
    first = 1 if header else 0
    if header:
        style += [("BACKGROUND", (0, 0), (-1, 0), _hex(c.table_header)),
                  ("LINEBELOW", (0, 0), (-1, 0), 0, _hex(c.table_header))]
    if len(data) > first:
        style.append(("ROWBACKGROUNDS", (0, first), (-1, -1), [_hex(c.background), _hex(c.table_stripe)]))
    t.setStyle(table_style(ctx, style))
    t.spaceAfter = ctx.theme.sizes.handout.body
    out: Flowables = []
    if caption:
        out.append(Paragraph(f"{ctx.b(caption)}", ParagraphStyle(
            "TableCaption", parent=st.caption, keepWithNext=1, spaceBefore=6, spaceAfter=3)))
    out.append(t)
    return out


class RowTable(Table):  # type: ignore[misc]
    """A table that keeps each row whole on one page, as the brief does: a row moves to the
    next page when it does not fit, and is split only when it is taller than a page, and
    then, once the table has gone on, only at the top of a page.

    reportlab's `splitInRow` on its own splits the row that does not fit in whatever room is
    left, and after a split between rows it splits the rest again in the same room: the
    repeated header was drawn a second time in the middle of a page, over half a row."""

    #: the height of the page's body frame (set by `_table`)
    _rg_page: float = 0.0
    #: a piece after the first, which starts with the repeated header
    _rg_continued: bool = False

    def split(self, availWidth: float, availHeight: float) -> list[Table]:
        self._calc(availWidth, availHeight)
        parts = self._splitRows(availHeight, doInRowSplit=False)
        if not parts:
            heads = int(self.repeatRows) if isinstance(self.repeatRows, int) else len(self.repeatRows)
            first = sum(self._rowHeights[:heads + 1])  # -- the header and the first row under it --
            fresh = availHeight >= self._rg_page - 1
            if first <= self._rg_page + 0.01 or (self._rg_continued and not fresh):
                return []  # -- the row fits on a page of its own: it goes to the next one --
            parts = self._splitRows(availHeight, doInRowSplit=True)
        for i, part in enumerate(parts):
            part._rg_page = self._rg_page
            part._rg_continued = self._rg_continued or i > 0
        return list(parts)


class MirroredTable(RowTable):
    """A table whose rows are given right to left (its first column on the right), drawn in
    reading order: each row's cells from the right, so that text extraction, and the tagged
    structure (`pdftag/tree.py` reads `_rg_mirrored`), meet them as the outline has them."""

    _rg_mirrored = True

    def draw(self) -> None:
        self._rg_row: list[Any] = []
        super().draw()

    def _drawCell(self, cellval: Any, cellstyle: Any, pos: Any, size: Any) -> None:
        self._rg_row.append((cellval, cellstyle, pos, size))
        if len(self._rg_row) == self._ncols:
            row, self._rg_row = self._rg_row, []
            for cell in reversed(row):
                super()._drawCell(*cell)


def h_table(ctx: Ctx, b: model.Table) -> Flowables:
    return _table(ctx, b.columns, b.rows, b.label, right=b.numeric)


def h_timeline(ctx: Ctx, b: model.Timeline) -> Flowables:
    st, c = ctx.styles, ctx.theme.colors
    date_style = ParagraphStyle("TimelineDate", parent=st.cell, textColor=_hex(c.accent))
    rows = [((model.Run(e.date, bold=True),), e.event) for e in b.entries]
    date_w = max((_width(ctx, e.date, True) for e in b.entries), default=40) + 2 * ctx.opts.cell_padding + 4
    date_w = min(date_w, ctx.width * 0.35)
    out = _table(ctx, (), rows, b.caption, [date_w, ctx.width - date_w], date_style)
    t = out[-1]
    assert isinstance(t, Table)
    t._rg_row_headers = True  # -- each date heads its row (pdftag/tree.py) --
    rule = ("LINEBEFORE", (-1, 0), (-1, -1)) if ctx.rtl else ("LINEAFTER", (0, 0), (0, -1))
    t.setStyle(TableStyle([(*rule, 2, _hex(c.accent)),
                           ("ROWBACKGROUNDS", (0, 0), (-1, -1), [_hex(c.background)])]))
    return out


def _figure_caption(ctx: Ctx, label: str) -> Paragraph:
    return Paragraph(f"{ctx.b(label)}", ctx.styles.caption)


def h_chart(ctx: Ctx, b: model.Chart) -> Flowables:
    d = drawing(b, ctx.theme, ctx.fonts, ctx.width, ctx.height * 0.85)
    d.hAlign = "LEFT"
    d._rg_alt = alt_text(b)  # -- the figure's alt text in the structure tree (pdftag/tree.py) --
    return [KeepTogether([Spacer(1, 4), d, _figure_caption(ctx, b.label)])]


def h_image(ctx: Ctx, b: model.Image) -> Flowables:
    w, h = natural_size(b.file)
    # -- scale to the frame width and at most half the frame height, so a caption fits below
    # and a tall image never raises LayoutError --
    scale = min(1.0, ctx.width / w, ctx.height * ctx.opts.image_max_height / h)
    img = pdfimages.image(b.file, w * scale, h * scale)
    img.hAlign = "LEFT"
    # -- the alt text is not printed: the brief does not show it either; it is the picture's
    # description for readers who cannot see it (the PDF's structure tree carries it) --
    img._rg_alt = b.alt
    return [KeepTogether([Spacer(1, 4), img, _figure_caption(ctx, b.label)])]


HANDLERS: dict[type, Callable[[Ctx, Any], Flowables]] = handlers_named(globals(), "pdf")
#: a picture is decoded and encoded once per process, not once per layout pass
pdfimages.install()

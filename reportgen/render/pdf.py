"""The PDF handout: the brief's content laid out for print with reportlab's platypus.

`render(document, theme) -> bytes`. The story is built once from the Document; `multiBuild`
lays it out until the table of contents and the "Page X of Y" total are stable. Every piece of
user text goes through `pdffonts.FontSet.markup` (escaped, with fallback fonts per character)
before it becomes reportlab markup; nothing from the outline is ever read as a tag.
"""

from __future__ import annotations

import dataclasses
import io
import time
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import timezone
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from PIL import Image as PILImage
from reportlab.lib.colors import HexColor
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    ListFlowable,
    ListItem,
    PageBreak,
    Spacer,
    Table,
    TableStyle,
    tableofcontents,
)
from reportlab.platypus.doctemplate import BaseDocTemplate, IndexingFlowable, PageTemplate
from reportlab.platypus.flowables import HRFlowable
from reportlab.platypus.frames import Frame
from reportlab.platypus.tableofcontents import TableOfContents

from .. import model
from ..bidi import language_is_rtl
from ..errors import warn
from ..measure import measure_for
from ..model import Document, Section, Text, source_anchor
from ..theme import Theme
from ..walk import SKIP_CHILDREN, Visitor, walk
from . import bullet_chars, check_handlers, pdfimages, pdftag
from .chartstyle import alt_text
from .columns import column_widths
from .imagesize import natural_size
from .ink import Ink
from .pdfcharts import drawing
from .pdffonts import FontSet
from .pdfshape import DOCUMENT_LEVEL, Paragraph, list_item

# -- the table of contents makes its own paragraphs: entries in Arabic or Hindi are shaped too --
tableofcontents.Paragraph = Paragraph

#: leading as a multiple of font size, before the theme's line spacing (theme.page.line_spacing)
#: every theme colour this renderer draws as text, on which fill, at which size (see ink.py)
INK = (
    Ink("primary", "background", "handout.title", True, "title"),
    Ink("secondary", "background", "handout.subtitle", False, "subtitle"),
    Ink("text", "background", "handout.body", False, "body text"),
    Ink("primary", "background", "handout.h1", True, "heading 1"),
    Ink("primary", "background", "handout.h2", True, "heading 2"),
    Ink("secondary", "background", "handout.h3", True, "heading 3"),
    Ink("primary", "background", "handout.body", False, "lead sentence"),
    Ink("muted", "background", "handout.small", False, "captions, byline, contents level 3, footer"),
    Ink("marking", "background", "handout.small", False, "marking in header and footer"),
    Ink("link", "background", "handout.body", False, "links and citations"),
    Ink("secondary", "background", "handout.small", True, "labels, judgment labels"),
    Ink("table_header_text", "table_header", "handout.table", False, "table header row"),
    Ink("text", "table_stripe", "handout.table", False, "striped table rows"),
    Ink("link", "table_stripe", "handout.table", False, "links in striped rows"),
    Ink("accent", "background", "handout.table", False, "timeline dates"),
    Ink("bluf_border", "bluf_fill", "handout.small", True, "bottom-line label"),
    Ink("text", "bluf_fill", "handout.body", False, "bottom line"),
    Ink("link", "bluf_fill", "handout.body", False, "links in the bottom line"),
    Ink("callout_border.*", "callout_fill.*", "handout.body", True, "callout titles"),
    Ink("text", "callout_fill.*", "handout.body", False, "callout text"),
    Ink("link", "callout_fill.*", "handout.body", False, "links in callouts"),
    Ink("muted", "background", "handout.small", False, "chart axis labels"),
)

LEADING = 1.2


@dataclass(frozen=True)
class Fit:
    """How tightly the handout is set. The theme as written is `Fit()`; an audience with a page
    budget (`max_pages`) gets the first of `FIT_STEPS` whose handout fits."""

    #: type sizes, as a share of the theme's
    scale: float = 1.0
    #: space before and after headings, paragraphs, lists and boxes, as a share of the theme's
    space: float = 1.0
    #: a top-level section, the recommendations or the sources start on a new page when less
    #: than this share of the page is left (no heading stranded at the foot of a page)
    keep: float = 0.15


#: tighter spacing first; then type down to 90% of the theme's (10 pt body -> 9 pt), no further
FIT_STEPS = (Fit(), Fit(1.0, 0.6, 0.06), Fit(0.95, 0.5, 0.05), Fit(0.9, 0.45, 0.04))


def _hex(h: str) -> Any:
    return HexColor("#" + h)


def table_style(ctx: Ctx, cmds: list[tuple[Any, ...]]) -> TableStyle:
    """A TableStyle in the body font: reportlab's default table font is an unembedded Helvetica."""
    return TableStyle([("FONT", (0, 0), (-1, -1), ctx.fonts.family("body").name), *cmds])


@dataclass
class Styles:
    """The handout's paragraph styles, all derived from the theme."""

    body: ParagraphStyle
    item: ParagraphStyle
    lead: ParagraphStyle
    title: ParagraphStyle
    subtitle: ParagraphStyle
    meta: ParagraphStyle
    h: dict[int, ParagraphStyle]
    label: ParagraphStyle
    caption: ParagraphStyle
    small: ParagraphStyle
    cell: ParagraphStyle
    head_cell: ParagraphStyle
    quote: ParagraphStyle
    alt: ParagraphStyle
    attribution: ParagraphStyle
    box_title: ParagraphStyle
    source: ParagraphStyle
    header: ParagraphStyle
    footer_l: ParagraphStyle
    footer_c: ParagraphStyle
    footer_r: ParagraphStyle
    toc: list[ParagraphStyle]


def make_styles(theme: Theme, fonts: FontSet, space: float = 1.0) -> Styles:
    """A ParagraphStyle sheet built from the theme (style names, not formatting);
    `space` scales the space before and after paragraphs (see `Fit`)."""
    c, s = theme.colors, theme.sizes.handout
    ls = theme.page.line_spacing
    body_font = fonts.family("body").name
    head_font = fonts.family("heading").name

    def ps(name: str, size: float, font: str = body_font, color: str = c.text, **kw: Any) -> ParagraphStyle:
        kw.setdefault("leading", size * LEADING * ls)
        for k in ("spaceBefore", "spaceAfter"):
            if k in kw:
                kw[k] *= space
        return ParagraphStyle(name, fontName=font, fontSize=size, textColor=_hex(color), **kw)

    body = ps("Body", s.body, spaceAfter=s.body * 0.6)
    h = {
        1: ps("Heading1", s.h1, head_font, c.primary, spaceBefore=s.h1 * 1.1, spaceAfter=s.h1 * 0.45,
              keepWithNext=1, leading=s.h1 * LEADING),
        2: ps("Heading2", s.h2, head_font, c.primary, spaceBefore=s.h2 * 0.9, spaceAfter=s.h2 * 0.35,
              keepWithNext=1, leading=s.h2 * LEADING),
        3: ps("Heading3", s.h3, head_font, c.secondary, spaceBefore=s.h3 * 0.8, spaceAfter=s.h3 * 0.3,
              keepWithNext=1, leading=s.h3 * LEADING),
    }
    toc = [
        ps("TOC1", s.body, leftIndent=0, firstLineIndent=0, spaceBefore=s.body * 0.35),
        ps("TOC2", s.body, leftIndent=s.body * 1.6, firstLineIndent=0),
        ps("TOC3", s.small + 0.5, color=c.muted, leftIndent=s.body * 3.2, firstLineIndent=0),
    ]
    return Styles(
        body=body,
        item=ps("ListItem", s.body, spaceAfter=s.body * 0.3),
        lead=ps("Lead", s.body + 0.5, color=c.primary, spaceAfter=s.body * 0.6),
        title=ps("Title", s.title, head_font, c.primary, leading=s.title * 1.15, spaceAfter=s.title * 0.25),
        subtitle=ps("Subtitle", s.subtitle, head_font, c.secondary, leading=s.subtitle * 1.25,
                    spaceAfter=s.subtitle * 0.5),
        meta=ps("Meta", s.body, color=c.muted, spaceAfter=2),
        h=h,
        label=ps("Label", s.small + 0.5, color=c.secondary, spaceBefore=2, spaceAfter=2, keepWithNext=1),
        caption=ps("Caption", s.caption, color=c.muted, spaceBefore=4, spaceAfter=s.body * 0.8),
        small=ps("Small", s.small, color=c.muted, spaceAfter=s.small * 0.5),
        cell=ps("Cell", s.table, leading=s.table * LEADING),
        head_cell=ps("HeadCell", s.table, color=c.table_header_text, leading=s.table * LEADING),
        alt=ps("Alt", s.small, fonts.family("body").style(italic=True), c.muted, spaceAfter=s.small * 0.5),
        quote=ps("Quote", s.body + 1, fonts.family("body").style(italic=True), c.text, leading=(s.body + 1) * LEADING * ls),
        attribution=ps("Attribution", s.small + 0.5, color=c.muted, spaceBefore=3),
        box_title=ps("BoxTitle", s.body, head_font, c.primary, spaceAfter=2),
        source=ps("Source", s.small + 0.5, leftIndent=s.body * 2.2, firstLineIndent=-s.body * 2.2,
                  spaceAfter=s.small * 0.5, leading=(s.small + 0.5) * LEADING),
        header=ps("Header", s.small, color=c.marking, alignment=TA_CENTER),
        footer_l=ps("FooterL", s.small, color=c.muted, alignment=TA_LEFT),
        footer_c=ps("FooterC", s.small, color=c.marking, alignment=TA_CENTER),
        footer_r=ps("FooterR", s.small, color=c.muted, alignment=TA_RIGHT),
        toc=toc,
    )


class PageCount(IndexingFlowable):
    """The page total of the previous layout pass, for "Page X of Y" (footers do not move text)."""

    def __init__(self, doc: BaseDocTemplate) -> None:
        super().__init__()
        self.doc = doc
        self.used: int | None = None  #: the total the footers of this pass show
        self.total: int | None = None  #: the page count this pass produced

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        pass

    def beforeBuild(self) -> None:
        self.used = self.total

    def afterBuild(self) -> None:
        self.total = self.doc.page

    def isSatisfied(self) -> bool:
        return self.used is not None and self.used == self.total


class Handout(BaseDocTemplate):
    """The doc template: bookmarks and TOC entries from headings, fixed creation time."""

    def __init__(self, buf: io.BytesIO, ctx: Ctx, **kw: Any) -> None:
        super().__init__(buf, **kw)
        self.ctx = ctx
        self.counter = PageCount(self)

    def multiBuild(self, story: list[Flowable], maxPasses: int = 10, **kw: Any) -> int:
        """reportlab's passes (until the page total and the contents' page numbers settle),
        laid out without drawing; then one more pass, the same layout, that draws and saves.
        Drawing is most of a pass (charts, tables, tagging), and the sample takes three."""
        self._layout_only = True
        self._indexingFlowables = [f for f in story if f.isIndexing()]
        self._doSave = 0
        edits: list[Any] = []
        self._multiBuildEdits = edits.append
        passes = 0
        while True:
            passes += 1
            for f in self._indexingFlowables:
                f.beforeBuild()
            self.build(story[:], **kw)
            for f in self._indexingFlowables:
                f.afterBuild()
            happy = self._allSatisfied()
            if not happy and passes > maxPasses:
                raise IndexError(f"Index entries not resolved after {maxPasses} passes")
            # -- undo what the pass did to the story (keepWithNext, postponed flowables) --
            while edits:
                e = edits.pop(0)
                e[0](*e[1:])
            if happy:
                break
        # -- the drawing pass: its inputs (last pass's page total and contents) are those the
        # settled pass had, so it lays out the same pages --
        self._layout_only = False
        for f in self._indexingFlowables:
            f.beforeBuild()
        self.build(story[:], **kw)
        for f in self._indexingFlowables:
            f.afterBuild()
        del self._multiBuildEdits
        self.canv.save()
        return passes + 1

    def beforeDocument(self) -> None:
        self.canv._rg_layout_only = getattr(self, "_layout_only", False)
        # -- invariant mode stamps 2000-01-01; the metadata should carry the outline's own
        # date (SOURCE_DATE_EPOCH or meta.date, resolved into document.created) --
        ts = self.canv._doc._timeStamp
        created = self.ctx.document.created
        if created.tzinfo is None:
            created = created.replace(tzinfo=timezone.utc)
        t = created.timestamp()
        ts.t = t
        ts.lt = time.gmtime(t)
        ts.YMDhms = tuple(ts.lt)[:6]
        ts.dhh = ts.dmm = 0
        self.canv.showOutline()
        self.tagger = pdftag.start(self.canv, *self.ctx.structure[:2], self.ctx.document.meta.language)

    def afterFlowable(self, flowable: Flowable) -> None:
        mark = getattr(flowable, "_rg_outline", None)
        if mark is None:
            return
        key, title, level, toc_markup = mark
        self.canv.addOutlineEntry(title, key, level=level, closed=False)
        if toc_markup is not None:
            self.notify("TOCEntry", (min(level, 2), toc_markup, self.page, key))


class Ctx:
    """What handlers need: the document, theme, fonts, styles and the frame width."""

    def __init__(self, document: Document, theme: Theme, fit: Fit = Fit()) -> None:
        if fit.scale != 1.0:
            theme = _scaled(theme, fit.scale)
        self.document = document
        self.theme = theme
        self.fit = fit
        self.fonts = FontSet(theme)
        self.fonts.lang = document.meta.language
        self.styles = make_styles(theme, self.fonts, fit.space)
        w, h = theme.page_size_pt
        m = theme.page_margins_pt
        self.page_w, self.page_h = w, h
        self.margins = m
        self.width = w - m.left - m.right
        self.height = h - m.top - m.bottom
        self._keys = 0
        #: the theme's PDF-only settings (cell padding, box bar, rules, image height)
        self.opts = theme.config.pdf
        #: the handout's structure tree, TOC node and link names (pdftag.plan), once planned
        self.structure: tuple[Any, Any, dict[str, str]] = (None, None, {})

    # -- text --

    def text(self, s: str | None, role: str = "body", bold: bool = False, italic: bool = False) -> str:
        """Plain user text as escaped markup with fallback fonts; `bold`/`italic` say whether it
        sits inside `<b>`/`<i>` (see `FontSet.markup`)."""
        return self.fonts.markup(s or "", role, bold, italic)

    def b(self, s: str | None, role: str = "body") -> str:
        """Plain user text in bold markup."""
        return f"<b>{self.text(s, role, bold=True)}</b>"

    def inline(self, text: Text | None, role: str = "body") -> str:
        """Inline runs as reportlab markup: bold, italic, code, live links, citation links."""
        link = self.theme.colors.link
        mono = self.fonts.family("mono")
        out = []
        for run in text or ():
            s = self.fonts.markup(run.text, "mono" if run.code else role, run.bold, run.italic)
            if run.code:
                # -- DejaVu Sans Mono looks a size larger than Carlito at the same point size --
                s = f'<font name="{mono.style(run.bold, run.italic)}" size="-1">{s}</font>'
            if run.bold:
                s = f"<b>{s}</b>"
            if run.italic:
                s = f"<i>{s}</i>"
            if run.cite is not None:
                s = f'<a href="#{source_anchor(run.cite)}" color="#{link}">{s}</a>'
            elif run.href:
                s = f'<a href={quoteattr(run.href)} color="#{link}"><u>{s}</u></a>'
            out.append(s)
        return "".join(out)

    # -- headings and outline --

    def heading(self, title: str, level: int, key: str | None = None, toc: bool = True,
                style_level: int | None = None) -> Paragraph:
        """A bold heading paragraph that is a link target, a bookmark and (maybe) a TOC entry."""
        if key is None:
            self._keys += 1
            key = f"h-{self._keys}"
        style = self.styles.h[min(style_level or level + 1, 3)]
        p = Paragraph(f'<a name="{escape(key)}"/>{self.b(title, "heading")}', style)
        p._rg_outline = (key, title, level, self.text(title, "heading") if toc else None)  # type: ignore[attr-defined]
        return p


# -- blocks ---------------------------------------------------------------------------------

Flowables = list[Flowable]


#: a key point's bullet where the theme's would not do (see `section_flow`)
_KEY_BULLET = {"•": "●"}


def _list_items(ctx: Ctx, items: Sequence[model.ListItem], numbered: bool, depth: int,
                start: int = 1) -> ListFlowable:
    c, s = ctx.theme.colors, ctx.theme.sizes.handout
    flow = []
    for item in items:
        content: Flowables = [Paragraph(ctx.inline(item.text), ctx.styles.item)]
        if item.children:
            content.append(_list_items(ctx, item.children, numbered, depth + 1))
        flow.append(ListItem(content) if numbered else list_item(content, s.body * 1.6))
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
    """A shaded box with a coloured bar on the left (BLUF, callouts), splittable across pages."""
    pad = ctx.theme.sizes.handout.body * 0.8
    thick = ctx.opts.box_bar + extra
    t = Table([[content]], colWidths=[ctx.width], splitInRow=1)
    t.setStyle(table_style(ctx, [
        ("BACKGROUND", (0, 0), (-1, -1), _hex(fill)),
        ("LINEBEFORE", (0, 0), (0, -1), thick, _hex(border)),
        ("LEFTPADDING", (0, 0), (-1, -1), pad + thick),
        ("RIGHTPADDING", (0, 0), (-1, -1), pad),
        ("TOPPADDING", (0, 0), (-1, -1), pad * 0.8),
        ("BOTTOMPADDING", (0, 0), (-1, -1), pad * 0.5),
    ]))
    t.spaceBefore = 4
    t.spaceAfter = ctx.theme.sizes.handout.body
    t._rg_role = "Div"  # -- tagged as a box, not a table (pdftag.py) --
    return t


def h_quote(ctx: Ctx, b: model.Quote) -> Flowables:
    st = ctx.styles
    words = ctx.document.labels
    content: Flowables = [Paragraph(f"{ctx.text(b.mark + words.quote_open)}{ctx.inline(b.text)}{ctx.text(words.quote_close)}",
                                    st.quote)]
    if b.by:
        content.append(Paragraph(f"— {ctx.text(b.by)}", st.attribution))
    t = Table([[content]], colWidths=[ctx.width - 16], splitInRow=1, hAlign="RIGHT")
    t.setStyle(table_style(ctx, [
        ("LINEBEFORE", (0, 0), (0, -1), 2, _hex(ctx.theme.colors.secondary)),
        ("LEFTPADDING", (0, 0), (-1, -1), 10),
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
        content.append(Paragraph(f"{ctx.b(b.title, 'heading')}", style))
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
        # -- a column of figures is set flush right, figures under figures --
        if i < len(right) and right[i]:
            return ParagraphStyle(f"{style.name}Right", parent=style, alignment=TA_RIGHT)
        return style

    data: list[list[Any]] = []
    if header:
        data.append([Paragraph(f"{ctx.b(h)}", aligned(st.head_cell, i)) for i, h in enumerate(header)])
    for row in rows:
        cells = list(row) + [()] * (n - len(row))
        data.append([Paragraph(ctx.inline(cell), first_col_style if i == 0 and first_col_style else aligned(st.cell, i))
                     for i, cell in enumerate(cells)])
    if widths is None:
        widths = fit_columns(ctx, header, [[model.plain(x) for x in r] for r in rows], ctx.width)
    t = Table(data, colWidths=widths, repeatRows=1 if header else 0, splitInRow=1, hAlign="LEFT")
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
    t._rg_row_headers = True  # -- each date heads its row (pdftag.py) --
    t.setStyle(TableStyle([("LINEAFTER", (0, 0), (0, -1), 2, _hex(c.accent)),
                           ("ROWBACKGROUNDS", (0, 0), (-1, -1), [_hex(c.background)])]))
    return out


def _figure_caption(ctx: Ctx, label: str) -> Paragraph:
    return Paragraph(f"{ctx.b(label)}", ctx.styles.caption)


def h_chart(ctx: Ctx, b: model.Chart) -> Flowables:
    d = drawing(b, ctx.theme, ctx.fonts, ctx.width, ctx.height * 0.85)
    d.hAlign = "LEFT"
    d._rg_alt = alt_text(b)  # -- the figure's alt text in the structure tree (pdftag.py) --
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


HANDLERS: dict[type, Callable[[Ctx, Any], Flowables]] = {
    model.Paragraph: h_paragraph,
    model.BulletList: h_bullets,
    model.NumberedList: h_numbered,
    model.Quote: h_quote,
    model.Callout: h_callout,
    model.Table: h_table,
    model.Chart: h_chart,
    model.Image: h_image,
    model.Timeline: h_timeline,
}
check_handlers(HANDLERS, "pdf")
#: a picture is decoded and encoded once per process, not once per layout pass (issue 13)
pdfimages.install()


# -- document parts -------------------------------------------------------------------------


def title_block(ctx: Ctx) -> Flowables:
    d, st, c = ctx.document, ctx.styles, ctx.theme.colors
    m = d.meta
    out: Flowables = []
    logo = ctx.theme.logo
    if logo is not None:
        with PILImage.open(logo) as im:
            lw, lh = im.size
        height = ctx.theme.sizes.handout.title * 2
        img = pdfimages.image(logo, height * lw / lh, height)
        img.hAlign = "RIGHT"
        out += [Spacer(1, 6), img]
    title = Paragraph(f'<a name="title"/>{ctx.b(m.title, "heading")}', st.title)
    title._rg_outline = ("title", m.title, 0, None)  # type: ignore[attr-defined]
    out.append(title)
    if m.subtitle:
        out.append(Paragraph(ctx.text(m.subtitle, "heading"), st.subtitle))
    out.append(HRFlowable(width="100%", thickness=1.5, color=_hex(c.secondary), spaceBefore=2, spaceAfter=6))
    byline = " · ".join(ctx.text(x) for x in (m.author, m.organization, m.date) if x)
    if byline:
        out.append(Paragraph(byline, st.meta))
    if d.audience_label:
        out.append(Paragraph(f"<b>{ctx.text(d.labels.prepared_for)}:</b> {ctx.text(d.audience_label)}", st.meta))
    out.append(Spacer(1, ctx.theme.sizes.handout.body * 1.2))
    return out


def bluf_box(ctx: Ctx) -> Flowables:
    d, st, c = ctx.document, ctx.styles, ctx.theme.colors
    if not d.bluf:
        return []
    label = d.labels.bluf
    content: Flowables = [
        Paragraph(f'<a name="bluf"/><b>{ctx.text(label, bold=True)}</b>',
                  ParagraphStyle("BlufLabel", parent=st.label, textColor=_hex(c.bluf_border))),
        Paragraph(ctx.inline(d.bluf), ParagraphStyle("Bluf", parent=st.body, fontSize=st.body.fontSize + 1,
                                                     leading=st.body.leading + 1.2)),
    ]
    box = _box(ctx, content, c.bluf_fill, c.bluf_border, extra=1)
    box._rg_outline = ("bluf", label, 0, ctx.text(label))  # type: ignore[attr-defined]
    return [box]


def key_judgments(ctx: Ctx) -> Flowables:
    d, st, c = ctx.document, ctx.styles, ctx.theme.colors
    if not d.key_judgments:
        return []
    out: Flowables = [ctx.heading(d.labels.key_judgments, 0, "key-judgments")]
    label_style = ParagraphStyle("JudgmentLabel", parent=st.small, textColor=_hex(c.secondary),
                                 spaceBefore=1, spaceAfter=st.body.fontSize * 0.5)
    items = []
    for n, j in zip(d.judgment_numbers(), d.key_judgments, strict=True):
        content: Flowables = [Paragraph(ctx.inline(j.text), ParagraphStyle(
            "Judgment", parent=st.body, spaceAfter=0))]
        if j.label:
            content.append(Paragraph(f"{ctx.b(j.label)}", label_style))
        items.append(ListItem(content, value=n))
    # -- numbers in the colour of every list's numbers and bullets, as in the brief --
    out.append(ListFlowable(items, bulletType="1", bulletFormat="%s.", bulletFontName=st.body.fontName,
                            bulletFontSize=st.body.fontSize + 1, bulletColor=_hex(c.secondary),
                            leftIndent=st.body.fontSize * 1.8))
    if d.estimative_note:
        out.append(Paragraph(ctx.inline(d.estimative_note), ParagraphStyle("Estimative", parent=st.small, spaceBefore=4)))
    return out


def contents(ctx: Ctx) -> Flowables:
    toc = TableOfContents(levelStyles=ctx.styles.toc, dotsMinLevel=0, tableStyle=table_style(ctx, [
        ("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0), ("TOPPADDING", (0, 0), (-1, -1), 0),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 0)]))
    toc.rightColumnWidth = 30
    return [ctx.heading(ctx.document.labels.contents, 0, "contents", toc=False), toc, Spacer(1, 6)]


def section_flow(ctx: Ctx, section: Section) -> Flowables:
    st = ctx.styles
    level = section.level - 1
    out: Flowables = []
    if section.level == 1:
        out.append(CondPageBreak(ctx.height * ctx.fit.keep))
    out.append(ctx.heading(section.heading, level, f"section-{section.number}",
                           style_level=section.level))
    if section.headline:
        out.append(Paragraph(f"{ctx.b(section.headline)}", st.lead))
    if section.points:
        if section.points_labelled:
            out.append(Paragraph(ctx.b(ctx.document.labels.key_points), st.label))
        out.append(ListFlowable(
            [list_item([Paragraph(ctx.inline(p), ParagraphStyle("Point", parent=st.body, spaceAfter=1))],
                       st.body.fontSize * 1.4)
             for p in section.points],
            # -- key points take the round first-level bullet of every list, as in the brief,
            # not a square; "•" is drawn as a smaller "●": before a line of Devanagari,
            # pypdf reads a U+2022 bullet's line in reverse (tests/render/test_scripts.py) --
            bulletType="bullet", start=_KEY_BULLET.get(bullet_chars(ctx.theme)[0], bullet_chars(ctx.theme)[0]),
            bulletFontName=ctx.fonts.font_for_text(_KEY_BULLET.get(bullet_chars(ctx.theme)[0],
                                                                   bullet_chars(ctx.theme)[0])),
            bulletFontSize=st.body.fontSize * 0.6, bulletColor=_hex(ctx.theme.colors.secondary),
            leftIndent=st.body.fontSize * 1.4, spaceAfter=st.body.fontSize * 0.6))
    for block in section.body:
        out.extend(HANDLERS[type(block)](ctx, block))
    for sub in section.sections:
        out.extend(section_flow(ctx, sub))
    return out


def recommendations(ctx: Ctx) -> Flowables:
    d, st = ctx.document, ctx.styles
    if not d.recommendations:
        return []
    out: Flowables = [CondPageBreak(ctx.height * ctx.fit.keep), ctx.heading(d.labels.recommendations, 0, "recommendations")]
    items = []
    for n, r in zip(d.recommendation_numbers(), d.recommendations, strict=True):
        content: Flowables = [Paragraph(ctx.inline(r.text), ParagraphStyle("Rec", parent=st.body, spaceAfter=1))]
        if r.label:
            content.append(Paragraph(ctx.text(r.label), st.small))
        items.append(ListItem(content, value=n))
    out.append(ListFlowable(items, bulletType="1", bulletFormat="%s.", bulletFontName=st.body.fontName,
                            bulletColor=_hex(ctx.theme.colors.secondary), leftIndent=st.body.fontSize * 1.8))
    return out


def sources(ctx: Ctx) -> Flowables:
    d, st = ctx.document, ctx.styles
    if not d.sources:
        return []
    link = ctx.theme.colors.link
    out: Flowables = [CondPageBreak(ctx.height * ctx.fit.keep), ctx.heading(d.labels.sources, 0, "sources")]
    for s in d.sources:
        markup = f'<a name="{source_anchor(s.number)}"/>[{s.number}] {ctx.text(s.label)}'
        if s.url:
            markup += f' <a href={quoteattr(s.url)} color="#{link}"><u>{ctx.text(s.url)}</u></a>'
        out.append(Paragraph(markup, st.source))
    return out


def story(ctx: Ctx, counter: PageCount) -> Flowables:
    v = _Handout(ctx, [counter])
    walk(ctx.document, v)
    return v.out


class _Handout(Visitor):
    """The handout's flowables in the order `walk` gives them; a section draws its own children."""

    def __init__(self, ctx: Ctx, out: Flowables) -> None:
        self.ctx = ctx
        self.out = out

    def visit_title(self, d: Document) -> None:
        self.out += title_block(self.ctx)

    def visit_bluf(self, d: Document) -> None:
        self.out += bluf_box(self.ctx)

    def visit_judgments(self, d: Document) -> None:
        self.out += key_judgments(self.ctx)

    def visit_contents(self, d: Document) -> None:
        self.out += [CondPageBreak(self.ctx.height * 0.3)] + contents(self.ctx)

    def visit_section(self, s: Section) -> str:
        self.out += section_flow(self.ctx, s)
        return SKIP_CHILDREN

    def visit_recommendations(self, d: Document) -> None:
        self.out += recommendations(self.ctx)

    def visit_sources(self, d: Document) -> None:
        self.out += sources(self.ctx)

    def visit_annexes(self, d: Document) -> None:
        if self.ctx.opts.annex_new_page:
            self.out.append(PageBreak())


def _draw_para(canv: Any, markup: str, style: ParagraphStyle, x: float, y: float, w: float) -> None:
    p = Paragraph(markup, style)
    _, h = p.wrap(w, 1000)
    p.drawOn(canv, x, y - h + style.leading * 0.25)


def decorate(ctx: Ctx, counter: PageCount) -> Callable[[Any, Any], None]:
    """The onPage callback: marking on top, date, marking and "Page X of Y" at the bottom."""
    c, st = ctx.theme.colors, ctx.styles
    m = ctx.margins
    marking = ctx.b(ctx.document.marking) if ctx.document.marking else ""
    date = ctx.text(ctx.document.meta.date or "")

    def on_page(canv: Any, doc: Any) -> None:
        canv.saveState()
        # -- running header and footer are pagination artifacts (PDF 32000 14.8.2.2): screen
        # readers and text extraction (reportgen check) skip them instead of reading them into
        # a paragraph that continues over the page break --
        pdftag.artifact_begin(canv)
        w = ctx.width
        top = ctx.page_h - m.top * 0.45
        if marking:
            _draw_para(canv, marking, st.header, m.left, top, w)
        if ctx.opts.rule_width:
            canv.setStrokeColor(_hex(c.rule))
            canv.setLineWidth(ctx.opts.rule_width)
            canv.line(m.left, ctx.page_h - m.top + 8, m.left + w, ctx.page_h - m.top + 8)
            canv.line(m.left, m.bottom - 10, m.left + w, m.bottom - 10)
        base = m.bottom * 0.45
        total = counter.used if counter.used is not None else "?"
        third = w / 3
        if date:
            _draw_para(canv, date, st.footer_l, m.left, base, third)
        if marking:
            _draw_para(canv, marking, st.footer_c, m.left + third, base, third)
        _draw_para(canv, ctx.text(ctx.document.labels.page_of(doc.page, total)), st.footer_r,
                   m.left + 2 * third, base, third)
        pdftag.artifact_end(canv)
        canv.restoreState()

    return on_page


def _scaled(theme: Theme, scale: float) -> Theme:
    """`theme` with the handout's type sizes scaled."""
    sizes = theme.config.sizes
    handout = sizes.handout.model_copy(update={k: v * scale for k, v in sizes.handout.model_dump().items()})
    config = theme.config.model_copy(update={"sizes": sizes.model_copy(update={"handout": handout})})
    return dataclasses.replace(theme, config=config)


def render(document: Document, theme: Theme) -> bytes:
    """The PDF handout of `document` in `theme`, as bytes (identical input, identical bytes).
    With a page budget (`document.max_pages`) the first of `FIT_STEPS` that fits is used; when
    none does, the handout is set as the theme says and the build warns."""
    data, pages = _render(document, theme, Fit())
    limit = document.max_pages
    if limit is None or pages <= limit:
        return data
    for fit in FIT_STEPS[1:]:
        # -- the first pass already reported any missing glyphs --
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            tight, n = _render(document, theme, fit)
        if n <= limit:
            return tight
    warn(f"PDF handout for '{document.audience}': {pages} pages, over its budget of {limit} "
         f"(audiences.{document.audience}.max_pages) even with tighter spacing and type at "
         f"{FIT_STEPS[-1].scale:.0%}; shorten the content this audience gets, or raise max_pages")
    return data


def _render(document: Document, theme: Theme, fit: Fit) -> tuple[bytes, int]:
    token = DOCUMENT_LEVEL.set(1 if language_is_rtl(document.meta.language) else 0)
    try:
        return _render_in(document, theme, fit)
    finally:
        DOCUMENT_LEVEL.reset(token)


def _render_in(document: Document, theme: Theme, fit: Fit) -> tuple[bytes, int]:
    ctx = Ctx(document, theme, fit)
    m = document.meta
    buf = io.BytesIO()
    doc = Handout(
        buf, ctx,
        pagesize=theme.page_size_pt,
        leftMargin=ctx.margins.left, rightMargin=ctx.margins.right,
        topMargin=ctx.margins.top, bottomMargin=ctx.margins.bottom,
        title=m.title,
        author=m.author or m.organization or "",
        subject=m.subtitle or m.title,
        keywords=list(m.keywords),
        creator="reportgen",
        lang=m.language,
        invariant=1,
        # -- else every page lists an unembedded Helvetica that nothing draws with --
        initialFontName=ctx.fonts.family("body").name,
    )
    frame = Frame(ctx.margins.left, ctx.margins.bottom, ctx.width, ctx.height, id="body",
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=decorate(ctx, doc.counter))])
    flow = story(ctx, doc.counter)
    ctx.structure = pdftag.plan(flow, m.title)
    doc.multiBuild(flow, maxPasses=12)
    data = pdftag.finish(buf.getvalue(), doc.tagger, ctx.structure[2], title=m.title,
                         author=m.author or m.organization or "", subject=m.subtitle or m.title,
                         lang=m.language, keywords=", ".join(m.keywords), marking=document.marking)
    return data, doc.counter.total or doc.page


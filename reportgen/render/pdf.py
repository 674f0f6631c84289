"""The PDF handout: the brief's content laid out for print with reportlab's platypus.

`render(document, theme) -> bytes`. The story is built once from the Document; `multiBuild`
lays it out until the table of contents and the "Page X of Y" total are stable. Every piece of
user text goes through `pdffonts.FontSet.markup` (escaped, with fallback fonts per character)
before it becomes reportlab markup; nothing from the outline is ever read as a tag.
"""

from __future__ import annotations

import io
import time
import warnings
from collections.abc import Callable
from datetime import timezone
from typing import Any
from xml.sax.saxutils import quoteattr

from PIL import Image as PILImage
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    ListFlowable,
    PageBreak,
    Spacer,
    tableofcontents,
)
from reportlab.platypus.doctemplate import BaseDocTemplate, IndexingFlowable, PageTemplate
from reportlab.platypus.flowables import HRFlowable
from reportlab.platypus.frames import Frame
from reportlab.platypus.tableofcontents import TableOfContents

from ..bidi import scope_is_rtl
from ..errors import warn
from ..model import Document, Section, source_anchor
from ..theme import Theme
from ..walk import SKIP_CHILDREN, Visitor, walk
from . import bullet_chars, pdfimages, pdftag
from .ink import Ink
from .pdfblocks import HANDLERS, Flowables, _box
from .pdfctx import FIT_STEPS, Ctx, Fit, _hex, table_style
from .pdfshape import DIRECTION, DOCUMENT_LEVEL, Paragraph, direction_of, list_item

# -- the table of contents makes its own paragraphs: entries in Arabic or Hindi are shaped too --
tableofcontents.Paragraph = Paragraph

#: every theme colour this renderer draws as text, on which fill, at which size (see ink.py)
INK = (
    Ink("primary", "background", "handout.title", True, "title"),
    Ink("secondary", "background", "handout.subtitle", False, "subtitle"),
    Ink("text", "background", "handout.body", False, "body text"),
    Ink("primary", "background", "handout.h1", True, "heading 1"),
    Ink("primary", "background", "handout.h2", True, "heading 2"),
    Ink("secondary", "background", "handout.h3", True, "heading 3"),
    Ink("primary", "background", "handout.body", True, "lead sentence"),
    Ink("muted", "background", "handout.small", False, "captions, byline, contents level 3, footer"),
    Ink("marking", "background", "handout.small", True, "marking in header and footer"),
    Ink("link", "background", "handout.body", False, "links and citations"),
    Ink("secondary", "background", "handout.small", True, "labels, judgment labels"),
    Ink("table_header_text", "table_header", "handout.table", True, "table header row"),
    Ink("text", "table_stripe", "handout.table", False, "striped table rows"),
    Ink("link", "table_stripe", "handout.table", False, "links in striped rows"),
    Ink("accent", "background", "handout.table", True, "timeline dates"),
    Ink("bluf_border", "bluf_fill", "handout.small", True, "bottom-line label"),
    Ink("text", "bluf_fill", "handout.body", False, "bottom line"),
    Ink("link", "bluf_fill", "handout.body", False, "links in the bottom line"),
    Ink("callout_border.*", "callout_fill.*", "handout.body", True, "callout titles"),
    Ink("text", "callout_fill.*", "handout.body", False, "callout text"),
    Ink("link", "callout_fill.*", "handout.body", False, "links in callouts"),
    Ink("muted", "background", "handout.small", False, "chart axis labels"),
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



#: a key point's bullet where the theme's would not do (see `section_flow`)
_KEY_BULLET = {"•": "●"}



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
        text = Paragraph(ctx.inline(j.text), ParagraphStyle("Judgment", parent=st.body, spaceAfter=0))
        content: Flowables = [text]
        if j.label:
            with direction_of(text):  # -- the label line in the judgment's direction --
                content.append(Paragraph(f"{ctx.b(j.label)}", label_style))
        items.append(list_item(content, st.body.fontSize * 1.8, n))
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
    """A section's flowables, its paragraphs made in its direction (`dir:`)."""
    token = DIRECTION.set(section.dir)
    outer, ctx.rtl = ctx.rtl, scope_is_rtl(section.dir, ctx.document.meta.language)
    try:
        return _section_flow(ctx, section)
    finally:
        ctx.rtl = outer
        DIRECTION.reset(token)


def _section_flow(ctx: Ctx, section: Section) -> Flowables:
    st = ctx.styles
    level = section.level - 1
    head: Flowables = [ctx.heading(section.heading, level, f"section-{section.number}",
                                   style_level=section.level)]
    if section.headline:
        head.append(Paragraph(f"{ctx.b(section.headline)}", st.lead))
    if section.points and section.points_labelled:
        head.append(Paragraph(ctx.b(ctx.document.labels.key_points), st.label))
    # -- a heading (with its headline and label) starts a new page unless its first lines of
    # text fit under it: reportlab keeps a heading with the next flowable only when that is
    # no list (`_ktAllow` refuses ListFlowable), so a heading over key points was left alone
    # at the foot of a page --
    need = sum(f.wrap(ctx.width, ctx.height)[1] + f.getSpaceBefore() + f.getSpaceAfter() for f in head)
    if section.points or section.body or section.sections:
        need += 2 * st.body.leading
    keep = ctx.height * ctx.fit.keep if section.level == 1 else 0.0
    out: Flowables = [CondPageBreak(max(keep, need)), *head]
    if section.points:
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
        text = Paragraph(ctx.inline(r.text), ParagraphStyle("Rec", parent=st.body, spaceAfter=1))
        content: Flowables = [text]
        if r.label:
            with direction_of(text):
                content.append(Paragraph(ctx.text(r.label), st.small))
        items.append(list_item(content, st.body.fontSize * 1.8, n))
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
    m = document.meta
    token = DOCUMENT_LEVEL.set(1 if scope_is_rtl(m.dir, m.language) else 0)
    forced = DIRECTION.set(m.dir)
    try:
        return _render_in(document, theme, fit)
    finally:
        DIRECTION.reset(forced)
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
                         lang=m.language, keywords=", ".join(m.keywords), marking=document.marking,
                         pdfa=ctx.opts.pdfa)
    return data, doc.counter.total or doc.page



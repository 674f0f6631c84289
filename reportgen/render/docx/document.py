"""The brief as a whole: its parts (title block, bottom line, key judgments, contents, sections,
recommendations, sources, annexes) in the order `reportgen/walk.py` gives them, and `render`,
which writes them, the page furniture and the package, and returns the bytes."""

from __future__ import annotations

import io

from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.shared import Pt

from ... import model
from ...measure import measure_for
from ...model import Document, Section, source_anchor
from ...theme import Theme
from ...walk import SKIP_CHILDREN, Visitor, walk
from ..fontembed import embed_in_docx
from ..ooxml import normalize_zip
from .blocks import HANDLERS
from .context import Ctx
from .lists import end_list, labelled_list, list_paragraph, new_num
from .oxml import field, hyperlink, rgb, schema_order
from .page import core_properties, drop_template_leftovers, header_footer
from .pages import fill_page_fields
from .paragraphs import bookmark, box, cell_para, heading, section_anchor, spacer
from .runs import add_text, mark_languages

#: the bookmarks of the parts that are not sections (contents entries link to them)
ANCHORS = {
    "bluf": "_Toc_bluf",
    "kj": "_Toc_key_judgments",
    "recs": "_Toc_recommendations",
    "sources": "_Toc_sources",
}


class _Contents(Visitor):
    """The contents list's entries, `(level, text, bookmark)`, in the order `walk` gives the
    parts: the bottom line, key judgments, sections to `levels` deep, recommendations, sources,
    annexes."""

    def __init__(self, levels: int) -> None:
        self.levels = levels
        self.entries: list[tuple[int, str, str]] = []

    def _part(self, present: object, text: str, key: str) -> None:
        if present:
            self.entries.append((1, text, ANCHORS[key]))

    def visit_title(self, d: Document) -> None:
        pass

    visit_contents = visit_title

    def visit_bluf(self, d: Document) -> None:
        self._part(d.bluf, d.labels.bluf, "bluf")

    def visit_judgments(self, d: Document) -> None:
        self._part(d.key_judgments, d.labels.key_judgments, "kj")

    def visit_section(self, s: Section) -> str:
        self.entries += [(x.level, x.heading, section_anchor(x)) for x in s.walk()
                         if x.level <= self.levels]
        return SKIP_CHILDREN

    def visit_recommendations(self, d: Document) -> None:
        self._part(d.recommendations, d.labels.recommendations, "recs")

    def visit_sources(self, d: Document) -> None:
        self._part(d.sources, d.labels.sources, "sources")


def toc_entries(d: Document, levels: int = 3) -> list[tuple[int, str, str]]:
    """(level, text, bookmark) of every table-of-contents entry, in reading order."""
    v = _Contents(levels)
    walk(d, v)
    return v.entries


def title_block(ctx: Ctx) -> None:
    d, m = ctx.document, ctx.document.meta
    logo = ctx.theme.logo
    if logo is not None:
        p = ctx.para("Normal")
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        shape = p.add_run().add_picture(str(logo), height=Pt(ctx.theme.sizes.brief.title * 2))
        shape._inline.docPr.set("descr", m.organization or "Logo")
    ctx.para("Title", m.title)
    if m.subtitle:
        ctx.para("Subtitle", m.subtitle)
    byline = " · ".join(x for x in (m.author, m.organization, m.date) if x)
    if byline:
        ctx.para("Byline", byline)
    if d.audience_label:
        p = ctx.para("Byline")
        p.add_run(f"{d.labels.prepared_for}: ").bold = True
        p.add_run(d.audience_label)


def bluf_box(ctx: Ctx) -> None:
    d, c = ctx.document, ctx.theme.colors
    if not d.bluf:
        return
    cell = box(ctx, c.bluf_fill, c.bluf_border, 4)
    p = cell_para(ctx, cell, "Label", True)
    # -- the label as the labels table writes it, as the handout and the deck show it --
    r = p.add_run(d.labels.bluf)
    r.font.color.rgb = rgb(c.bluf_border)
    bookmark(ctx, p, ANCHORS["bluf"])
    p = cell_para(ctx, cell, "Body Text", False)
    add_text(ctx, p, d.bluf)
    p.paragraph_format.space_after = Pt(0)
    spacer(ctx)


def key_judgments(ctx: Ctx) -> None:
    d = ctx.document
    if not d.key_judgments:
        return
    heading(ctx, d.labels.key_judgments, 1, ANCHORS["kj"])
    labelled_list(ctx, [(j.text, j.label) for j in d.key_judgments], d.judgment_numbers())
    if d.estimative_note:
        p = ctx.para("Note")
        for r in d.estimative_note:
            run = p.add_run(r.text)
            if r.bold:
                run.bold = True
            if r.italic:
                run.italic = True


def contents(ctx: Ctx) -> None:
    ctx.para("TOC Heading", ctx.document.labels.contents).paragraph_format.keep_with_next = True
    entries = toc_entries(ctx.document, ctx.theme.config.docx.toc_levels)
    for i, (level, text, anchor) in enumerate(entries):
        p = ctx.para(f"toc {min(level, 3)}")
        # -- a contents list that starts at the foot of page 1 and ends on page 2 reads badly:
        # keep it in one piece --
        p.paragraph_format.keep_with_next = i < len(entries) - 1
        r = p.add_run(text)
        hyperlink(p, anchor=anchor).append(r._r)
        p.paragraph_format.tab_stops.add_tab_stop(
            ctx.text_width, WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS
        )
        p.add_run("\t")
        field(p, f"PAGEREF {anchor} \\h", "")
    spacer(ctx)


def section(ctx: Ctx, s: Section, first_annex: bool = False) -> None:
    """A section with its subsections, its paragraphs in its direction (`dir:`)."""
    outer, ctx.direction = ctx.direction, s.dir
    try:
        _section(ctx, s, first_annex)
    finally:
        ctx.direction = outer


def _section(ctx: Ctx, s: Section, first_annex: bool) -> None:
    p = heading(ctx, s.heading, s.level, section_anchor(s))
    if first_annex:
        p.paragraph_format.page_break_before = True
    if s.headline:
        ctx.para("Lead", s.headline)
    if s.points:
        if s.points_labelled:
            ctx.para("Label", ctx.document.labels.key_points)
        num = new_num(ctx, False)
        for pt in s.points:
            p = list_paragraph(ctx, pt, False, num, 0)
        end_list(ctx, p)
    for block in s.body:
        HANDLERS[type(block)](ctx, block)
    for sub in s.sections:
        section(ctx, sub)


def recommendations(ctx: Ctx) -> None:
    d = ctx.document
    if not d.recommendations:
        return
    heading(ctx, ctx.document.labels.recommendations, 1, ANCHORS["recs"])
    labelled_list(ctx, [(r.text, r.label) for r in d.recommendations], d.recommendation_numbers(),
                   strong=False)


def sources(ctx: Ctx) -> None:
    d = ctx.document
    if not d.sources:
        return
    heading(ctx, ctx.document.labels.sources, 1, ANCHORS["sources"])
    hang = Pt(ctx.theme.sizes.brief.body * ctx.theme.config.docx.list_indent * 1.4)
    for src in d.sources:
        p = ctx.para("Source")
        p.paragraph_format.left_indent = hang
        p.paragraph_format.first_line_indent = -hang
        p.add_run(f"[{src.number}]\t{src.label}")
        if src.url:
            p.add_run(" ")
            add_text(ctx, p, (model.Run(src.url, href=src.url),))
        bookmark(ctx, p, source_anchor(src.number))


class _Brief(Visitor):
    """The brief's parts in the order `walk` gives them; a section draws its own children."""

    def __init__(self, ctx: Ctx) -> None:
        self.ctx = ctx
        self.first_annex = False

    def visit_title(self, d: Document) -> None:
        title_block(self.ctx)

    def visit_bluf(self, d: Document) -> None:
        bluf_box(self.ctx)

    def visit_judgments(self, d: Document) -> None:
        key_judgments(self.ctx)

    def visit_contents(self, d: Document) -> None:
        contents(self.ctx)

    def visit_section(self, s: Section) -> str:
        section(self.ctx, s, first_annex=self.first_annex)
        self.first_annex = False
        return SKIP_CHILDREN

    def visit_recommendations(self, d: Document) -> None:
        recommendations(self.ctx)

    def visit_sources(self, d: Document) -> None:
        sources(self.ctx)

    def visit_annexes(self, d: Document) -> None:
        self.first_annex = True


def render(document: Document, theme: Theme) -> bytes:
    """The Word brief of `document` in `theme`, as bytes (identical input, identical bytes)."""
    ctx = Ctx(document, theme)
    walk(document, _Brief(ctx))
    header_footer(ctx)
    core_properties(ctx)
    drop_template_leftovers(ctx)
    sec = ctx.doc.sections[0]
    for root in (ctx.doc.element.body, sec.header._element, sec.footer._element):
        mark_languages(root, document.meta.language, dict(theme.fonts.complex_script))
    # -- page numbers in the contents and the footer's total, estimated (no w:updateFields:
    # Word would ask on every open) --
    pages = fill_page_fields(ctx.doc, [sec.header._element, sec.footer._element],
                             measure_for(ctx.theme))
    for root in (
        ctx.doc.element,
        ctx.doc.styles.element,
        sec.header._element,
        sec.footer._element,
        ctx.doc.part.numbering_part.element,
    ):
        schema_order(root)
    buf = io.BytesIO()
    ctx.doc.save(buf)
    # -- fonts that travel: the east-Asian font (and any theme font that is itself) embedded --
    data = embed_in_docx(buf.getvalue(), ctx.theme)
    return normalize_zip(data, document.created, pages=pages)

"""Page furniture of the brief: page size and margins, the header (marking) and footer (date,
marking, "Page X of Y" fields), the package's core properties, and the template's leftovers that
must not travel with the brief. The page numbers themselves are estimated in `pages.py`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.shared import Emu, Mm

from ...theme import Theme
from ..ooxml import core_text
from .oxml import EMU_PER_PT, field, rgb

if TYPE_CHECKING:
    from .context import Ctx


def setup_page(section: Any, theme: Theme) -> None:
    """The theme's page size, orientation and margins on a python-docx `section`."""
    w, h = theme.page_size_pt
    m = theme.page.margins
    section.orientation = WD_ORIENT.PORTRAIT if h >= w else WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = (
        Emu(round(w * EMU_PER_PT)),
        Emu(round(h * EMU_PER_PT)),
    )
    section.left_margin, section.right_margin = Mm(m.left), Mm(m.right)
    section.top_margin, section.bottom_margin = Mm(m.top), Mm(m.bottom)
    section.header_distance = Mm(m.top * 0.45)
    section.footer_distance = Mm(m.bottom * 0.4)


def header_footer(ctx: Ctx) -> None:
    """Marking in the header; date, marking and "Page X of Y" (fields) in the footer."""
    d, c = ctx.document, ctx.theme.colors
    sec = ctx.doc.sections[0]
    # -- a reference file's first-page or even-page headers would show its own text: one
    # header and one footer for every page --
    sec.different_first_page_header_footer = False
    ctx.doc.settings.odd_and_even_pages_header_footer = False
    marking = d.marking
    for part in (sec.header, sec.footer):
        part.is_linked_to_previous = False
        for p in part.paragraphs[1:]:
            p._p.getparent().remove(p._p)
        for t in part.tables:
            t._tbl.getparent().remove(t._tbl)
        part.paragraphs[0].clear()
    hp = sec.header.paragraphs[0]
    hp.style = ctx.doc.styles["Header"]
    hp.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if marking:
        r = hp.add_run(marking)
        r.bold = True
        r.font.color.rgb = rgb(c.marking)
    fp = sec.footer.paragraphs[0]
    fp.style = ctx.doc.styles["Footer"]
    width = int(ctx.text_width)
    fp.paragraph_format.tab_stops.add_tab_stop(Emu(width // 2), WD_TAB_ALIGNMENT.CENTER)
    fp.paragraph_format.tab_stops.add_tab_stop(Emu(width), WD_TAB_ALIGNMENT.RIGHT)
    fp.add_run(d.meta.date or "")
    fp.add_run("\t")
    if marking:
        r = fp.add_run(marking)
        r.bold = True
        r.font.color.rgb = rgb(c.marking)
    head, middle, tail = d.labels.page_parts()
    fp.add_run("\t" + head)
    field(fp, "PAGE", "1")
    fp.add_run(middle)
    field(fp, "NUMPAGES", "1")
    if tail:
        fp.add_run(tail)


def core_properties(ctx: Ctx) -> None:
    d, m = ctx.document, ctx.document.meta
    cp = ctx.doc.core_properties
    cp.title = core_text(m.title)
    cp.subject = core_text(m.subtitle or m.title)
    cp.author = core_text(m.author or m.organization or "")
    cp.last_modified_by = cp.author
    cp.keywords = core_text(", ".join(m.keywords))
    cp.language = core_text(m.language)
    cp.category = core_text(d.audience_label or d.audience)
    cp.content_status = core_text(d.marking)
    cp.comments = ""
    cp.revision = 1
    cp.created = d.created
    cp.modified = d.created
    cp.last_printed = d.created


def drop_template_leftovers(ctx: Ctx) -> None:
    """Remove the template's thumbnail (it pictures the template, not this brief) and its
    `stylesWithEffects` copy of the styles (Word 2010 would read styles the theme never set)."""
    rels = ctx.doc.part.package.rels
    for rid, rel in list(rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            rels.pop(rid)
    rels = ctx.doc.part.rels
    for rid, rel in list(rels.items()):
        if rel.reltype.endswith("/stylesWithEffects"):
            rels.pop(rid)

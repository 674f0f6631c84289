"""Paragraph pieces of the brief: headings with their bookmarks, captions, spacers, and the shaded
boxes with a coloured bar (the bottom line, callouts)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn

from ...model import Section
from .oxml import TWIPS_PER_PT, shade

if TYPE_CHECKING:
    from .context import Ctx


def bookmark(ctx: Ctx, p: Any, name: str) -> None:
    """Wrap the content of paragraph `p` in a bookmark `name` (an internal link target)."""
    bid = str(ctx.bookmark_id())
    start = OxmlElement("w:bookmarkStart")
    start.set(qn("w:id"), bid)
    start.set(qn("w:name"), name)
    end = OxmlElement("w:bookmarkEnd")
    end.set(qn("w:id"), bid)
    ppr = p._p.pPr
    p._p.insert(1 if ppr is not None else 0, start)
    p._p.append(end)


def section_anchor(section: Section) -> str:
    """The bookmark of a section heading (`_Toc` names are hidden from Word's bookmark list)."""
    return "_Toc_" + ("annex_" if section.appendix else "sec_") + section.number.replace(".", "_")


def heading(ctx: Ctx, text: str, level: int, anchor: str | None = None) -> Any:
    p = ctx.para(f"Heading {max(1, min(level, 9))}", text)
    if anchor:
        bookmark(ctx, p, anchor)
    return p


def spacer(ctx: Ctx) -> None:
    """An empty small paragraph: Word puts no space after a table."""
    ctx.para("Spacer")


def caption(ctx: Ctx, label: str, before_table: bool = False) -> Any:
    p = ctx.para("Caption")
    p.add_run(label).bold = True
    if before_table:
        p.paragraph_format.keep_with_next = True
    return p


class Box:
    """A shaded box with a coloured bar on the left (BLUF, callouts), made of bordered, shaded
    paragraphs: Word and LibreOffice draw consecutive paragraphs with the same borders and
    fill as one box, and screen readers read them as paragraphs, not as a 1 x 1 table."""

    def __init__(self, fill: str, border: str, thick: float) -> None:
        self.fill, self.border, self.thick = fill, border, thick
        self.paras: list[Any] = []

    def para(self, ctx: Ctx, style: str) -> Any:
        p = ctx.para(style)
        pad = ctx.theme.sizes.brief.body * 0.7  # points
        sz = max(2, round(self.thick * 8))
        f = self.fill
        ppr = p._p.get_or_add_pPr()
        # -- the fill-coloured top, right and bottom borders pad the text inside the shading;
        # `w:space` is at most 31 pt --
        ppr.append(parse_xml(
            f'<w:pBdr {nsdecls("w")}>'
            f'<w:top w:val="single" w:sz="4" w:space="{min(31, round(pad))}" w:color="{f}"/>'
            f'<w:left w:val="single" w:sz="{sz}" w:space="{min(31, round(pad))}" w:color="{self.border}"/>'
            f'<w:bottom w:val="single" w:sz="4" w:space="{min(31, round(pad / 2))}" w:color="{f}"/>'
            f'<w:right w:val="single" w:sz="4" w:space="{min(31, round(pad))}" w:color="{f}"/>'
            "</w:pBdr>"))
        shade(ppr, f)
        inset = round((pad + self.thick) * TWIPS_PER_PT)
        ppr.append(parse_xml(f'<w:ind {nsdecls("w")} w:left="{inset}" w:right="{inset}"/>'))
        # -- a box never breaks across a page unless it is longer than one --
        for prev in self.paras:
            prev.paragraph_format.keep_with_next = True
        self.paras.append(p)
        return p


def box(ctx: Ctx, fill: str, border: str, thick: float) -> Box:
    """A shaded box with a coloured bar on the left; add paragraphs with `cell_para`."""
    return Box(fill, border, thick)


def cell_para(ctx: Ctx, cell: Any, style: str, first: bool) -> Any:
    if isinstance(cell, Box):
        return cell.para(ctx, style)
    p = cell.paragraphs[0] if first else cell.add_paragraph()
    ctx.set_style(p, style)
    return p

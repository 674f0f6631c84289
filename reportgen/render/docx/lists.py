"""Lists in the brief: bullet and numbered `w:abstractNum` definitions, one `w:num` per list (so
numbered lists restart), list paragraphs with their level, and the labelled numbered lists of
key judgments and recommendations."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from docx.enum.text import WD_BREAK
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Pt

from ... import model
from ...model import Text
from .. import bullet_chars
from .oxml import TWIPS_PER_PT, later, rgb

if TYPE_CHECKING:
    from .context import Ctx


def add_list_definitions(ctx: Ctx) -> tuple[int, int]:
    """Bullet and decimal `w:abstractNum` definitions; each list gets its own `w:num`."""
    numbering = ctx.doc.part.numbering_part.element
    ids = [int(a.get(qn("w:abstractNumId"))) for a in numbering.findall(qn("w:abstractNum"))]
    first = max(ids, default=-1) + 1
    s = ctx.theme.sizes.brief
    step = round(s.body * ctx.theme.config.docx.list_indent * TWIPS_PER_PT)
    # -- the same bullets as the deck and the handout --
    bullets = bullet_chars(ctx.theme)
    formats = (("decimal", "%{n}."), ("lowerLetter", "%{n}."), ("lowerRoman", "%{n}."))

    def abstract(aid: int, numbered: bool) -> Any:
        levels = []
        for lvl in range(9):
            if numbered:
                fmt, text = formats[lvl % 3]
                text = text.format(n=lvl + 1)
            else:
                fmt, text = "bullet", bullets[lvl % 3]
            levels.append(
                f'<w:lvl w:ilvl="{lvl}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
                f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>'
                f'<w:pPr><w:ind w:left="{step * (lvl + 1)}" w:hanging="{step}"/></w:pPr>'
                f'<w:rPr><w:color w:val="{ctx.theme.colors.secondary}"/></w:rPr></w:lvl>'
            )
        return parse_xml(
            f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{aid}">'
            f'<w:multiLevelType w:val="hybridMultilevel"/>{"".join(levels)}</w:abstractNum>'
        )

    # -- schema order: every abstractNum before the first num --
    nums = numbering.findall(qn("w:num"))
    for i, numbered in enumerate((False, True)):
        el = abstract(first + i, numbered)
        if nums:
            nums[0].addprevious(el)
        else:
            numbering.append(el)
    return first, first + 1


def new_num(ctx: Ctx, numbered: bool, start: int = 1) -> int:
    """A fresh `w:num` for one list, so that numbered lists restart (at `start`)."""
    numbering = ctx.doc.part.numbering_part.element
    num_id = max((int(n.get(qn("w:numId"))) for n in numbering.findall(qn("w:num"))), default=0) + 1
    aid = ctx.number_abstract if numbered else ctx.bullet_abstract
    override = (
        f'<w:lvlOverride w:ilvl="0"><w:startOverride w:val="{start}"/></w:lvlOverride>'
        if numbered
        else ""
    )
    numbering.append(
        parse_xml(
            f'<w:num {nsdecls("w")} w:numId="{num_id}">'
            f'<w:abstractNumId w:val="{aid}"/>{override}</w:num>'
        )
    )
    return num_id


def list_paragraph(ctx: Ctx, text: Text, numbered: bool, num_id: int, depth: int) -> Any:
    style = ("List Number" if numbered else "List Bullet") + (
        "" if depth == 0 else f" {min(depth + 1, 3)}"
    )
    p = ctx.para(style, text)
    ppr = p._p.get_or_add_pPr()
    for el in ppr.findall(qn("w:numPr")):
        ppr.remove(el)
    num_pr = parse_xml(
        f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{min(depth, 8)}"/>'
        f'<w:numId w:val="{num_id}"/></w:numPr>'
    )
    ppr.insert_element_before(num_pr, *later("pPr", "numPr"))
    # -- the indent of the level, also as direct formatting: a style's own indent would
    # otherwise win in LibreOffice --
    step = ctx.theme.sizes.brief.body * ctx.theme.config.docx.list_indent
    p.paragraph_format.left_indent = Pt(step * (depth + 1))
    p.paragraph_format.first_line_indent = Pt(-step)
    return p


def list_items(
    ctx: Ctx, items: Sequence[model.ListItem], numbered: bool, num_id: int, depth: int
) -> Any:
    p = None
    for item in items:
        p = list_paragraph(ctx, item.text, numbered, num_id, depth)
        if item.children:
            p = list_items(ctx, item.children, numbered, num_id, depth + 1)
    return p


def end_list(ctx: Ctx, p: Any) -> None:
    """Body-text spacing after the last item (list styles keep their items close together)."""
    if p is not None:
        p.paragraph_format.space_after = Pt(ctx.theme.sizes.brief.body * 0.6)


def labelled_list(ctx: Ctx, items: Sequence[tuple[Text, str]], numbers: Sequence[int],
                   strong: bool = True) -> None:
    """A numbered list whose items carry a small second line: a judgment's likelihood in bold
    blue (`strong`), a recommendation's owner and due date in grey, as in the handout and the
    deck. Each item shows its number in `numbers`; where they skip (stable numbering)
    the list restarts at the next one."""
    c, s = ctx.theme.colors, ctx.theme.sizes.brief
    num, last = 0, None
    p = None
    for (text, label), n in zip(items, numbers, strict=True):
        if last is None or n != last + 1:
            num = new_num(ctx, True, n)
        last = n
        p = list_paragraph(ctx, text, True, num, 0)
        if label:
            p.add_run().add_break(WD_BREAK.LINE)
            r = p.add_run(label)
            r.bold = True if strong else None
            r.font.size = Pt(s.small)
            r.font.color.rgb = rgb(c.secondary if strong else c.muted)
    end_list(ctx, p)

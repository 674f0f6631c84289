"""One writer per block type of the registry (`reportgen/blocks/`), named `h_<key>` after the
block's key: `HANDLERS` maps each block's tailored type to the function that writes it into the
brief (`handlers_named`), and a missing one is an import error that names it."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Emu, Pt

from ... import model
from .. import handlers_named
from ..charts import CT_CHART, CT_XLSX, chart_parts
from ..chartstyle import alt_text
from ..imagesize import natural_size
from ..roles import ROLES
from .lists import end_list, list_items, new_num
from .oxml import EMU_PER_PT, borders, rgb
from .paragraphs import box, caption, cell_para, spacer
from .runs import add_text
from .tables import CELL_MARGIN, CHAR_WIDTH, data_table, keeps_with_next, table_base

if TYPE_CHECKING:
    from .context import Ctx


def h_paragraph(ctx: Ctx, b: model.Paragraph) -> None:
    ctx.para("Body Text", b.text)


def h_bullets(ctx: Ctx, b: model.BulletList) -> None:
    end_list(ctx, list_items(ctx, b.items, False, new_num(ctx, False), 0))


def h_numbered(ctx: Ctx, b: model.NumberedList) -> None:
    end_list(ctx, list_items(ctx, b.items, True, new_num(ctx, True, b.start), 0))


def h_quote(ctx: Ctx, b: model.Quote) -> None:
    p = ctx.para("Quote")
    words = ctx.document.labels
    if b.mark:
        p.add_run(b.mark)
    p.add_run(words.quote_open)
    add_text(ctx, p, b.text)
    p.add_run(words.quote_close)
    if b.by:
        p.paragraph_format.keep_with_next = True
        ctx.para("Attribution", f"— {b.by}")


def h_callout(ctx: Ctx, b: model.Callout) -> None:
    c = ctx.theme.colors
    border = c.callout_border[b.style]  # type: ignore[index]
    cell = box(ctx, c.callout_fill[b.style], border, 3)  # type: ignore[index]
    first = True
    if b.title:
        # -- a Label paragraph (bold, body font) at the box title's size, in the border colour --
        p = cell_para(ctx, cell, "Label", True)
        r = p.add_run(b.title)
        r.font.color.rgb = rgb(border)
        r.font.size = Pt(ROLES["box_title"].pt(ctx.theme.sizes.brief))
        first = False
    p = cell_para(ctx, cell, "Body Text", first)
    add_text(ctx, p, b.text)
    p.paragraph_format.space_after = Pt(0)
    spacer(ctx)


def h_table(ctx: Ctx, b: model.Table) -> None:
    caption(ctx, b.label, before_table=True)
    data_table(ctx, b.columns, b.rows, b.numeric)
    spacer(ctx)


def h_timeline(ctx: Ctx, b: model.Timeline) -> None:
    c = ctx.theme.colors
    if b.caption:
        caption(ctx, b.caption, before_table=True)
    size = ctx.theme.sizes.brief.table * CHAR_WIDTH * EMU_PER_PT
    date_w = int(
        max((len(e.date) for e in b.entries), default=10) * size * 1.15 + 2 * CELL_MARGIN * 635
    )
    date_w = min(date_w, int(ctx.text_width * 0.35))
    t = table_base(ctx, [date_w, int(ctx.text_width) - date_w])
    rule = ("single", 0.5, c.table_border)
    t._tbl.tblPr.append(
        borders(
            "w:tblBorders",
            {
                "top": None,
                "left": None,
                "bottom": rule,
                "right": None,
                "insideH": rule,
                "insideV": ("single", 1.5, c.accent),
            },
        )
    )
    for e in b.entries:
        cells = t.add_row().cells
        p = cell_para(ctx, cells[0], "Table Text", True)
        r = p.add_run(e.date)
        r.bold = True
        r.font.color.rgb = rgb(c.accent)
        add_text(ctx, cell_para(ctx, cells[1], "Table Text", True), e.event)
    n = len(t._tbl.tr_lst)
    for i, tr in enumerate(t._tbl.tr_lst):
        tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
        if keeps_with_next(i, n):
            for p in tr.iter(qn("w:p")):
                p.get_or_add_pPr().append(OxmlElement("w:keepNext"))
    spacer(ctx)


def inline_drawing(
    ctx: Ctx, run: Any, cx: int, cy: int, name: str, descr: str, graphic: str
) -> Any:
    from xml.sax.saxutils import quoteattr

    shape_id = ctx.doc.part.next_id
    inline = parse_xml(
        f'<wp:inline {nsdecls("wp", "a", "r")} distT="0" distB="0" distL="0" distR="0">'
        f'<wp:extent cx="{cx}" cy="{cy}"/><wp:effectExtent l="0" t="0" r="0" b="0"/>'
        f'<wp:docPr id="{shape_id}" name={quoteattr(name)} descr={quoteattr(descr)}/>'
        f"<wp:cNvGraphicFramePr/>{graphic}</wp:inline>"
    )
    drawing = OxmlElement("w:drawing")
    drawing.append(inline)
    run._r.append(drawing)
    return inline


def h_chart(ctx: Ctx, b: model.Chart) -> None:
    n = ctx.chart_number()
    package = ctx.doc.part.package
    chart_part = Part(PackURI(f"/word/charts/chart{n}.xml"), CT_CHART, b"", package)
    xlsx_part = Part(
        PackURI(f"/word/embeddings/Microsoft_Excel_Sheet{n}.xlsx"), CT_XLSX, b"", package
    )
    wb_rid = chart_part.relate_to(xlsx_part, RT.PACKAGE)
    parts = chart_parts(b, ctx.theme, wb_rid)
    chart_part._blob = parts.xml
    xlsx_part._blob = parts.xlsx
    rid = ctx.doc.part.relate_to(chart_part, RT.CHART)
    cx = int(ctx.text_width)
    cy = int(cx * ctx.theme.config.docx.chart_aspect)
    p = ctx.para("Body Text")
    p.paragraph_format.keep_with_next = True
    descr = alt_text(b)
    graphic = (
        f'<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/chart">'
        f'<c:chart xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" r:id="{rid}"/>'
        f"</a:graphicData></a:graphic>"
    )
    inline_drawing(ctx, p.add_run(), cx, cy, f"Chart {n}", descr, graphic)
    caption(ctx, b.label)


def h_image(ctx: Ctx, b: model.Image) -> None:
    w, h = (x * EMU_PER_PT for x in natural_size(b.file))
    # -- scaled to the text width, and short enough that its caption fits on the same page --
    scale = min(
        1.0, ctx.text_width / w, ctx.text_height * ctx.theme.config.docx.image_max_height / h
    )
    p = ctx.para("Body Text")
    p.paragraph_format.keep_with_next = True
    shape = p.add_run().add_picture(
        str(b.file), width=Emu(int(w * scale)), height=Emu(int(h * scale))
    )
    doc_pr = shape._inline.docPr
    doc_pr.set("descr", b.alt)
    caption(ctx, b.label)


HANDLERS: dict[type, Callable[[Ctx, Any], None]] = handlers_named(globals(), "docx")

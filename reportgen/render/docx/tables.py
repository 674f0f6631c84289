"""Tables in the brief: fixed-layout tables that fill the text width, columns fitted by the rule
every format shares (`reportgen/render/columns.py`), and the themed data table (header row
repeated on every page, striped rows, rows that never split, short tables kept whole)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Emu

from ... import model
from ...bidi import scope_is_rtl
from ...measure import measure_for
from ...model import Text, plain
from ...scripts import is_rtl
from ..columns import column_widths
from ..roles import ROLES
from .oxml import EMU_PER_PT, NS_WR, TWIPS_PER_PT, borders, run_content
from .runs import runs_xml, script_runs

if TYPE_CHECKING:
    from .context import Ctx

# -- layout proportions relative to the theme's sizes (not colours, fonts or sizes) --
CHAR_WIDTH = 0.5  #: average glyph width in font sizes, for column widths
CELL_MARGIN = 108  #: Word's default left and right cell margin, twips (0.19 cm)


def table_base(ctx: Ctx, widths: Sequence[int]) -> Any:
    """A fixed-layout table whose columns fill the text width and whose borders sit on it."""
    t = ctx.doc.add_table(rows=0, cols=len(widths))
    t.alignment = WD_TABLE_ALIGNMENT.LEFT
    t.autofit = False
    tbl_pr = t._tbl.tblPr
    for el in tbl_pr.findall(qn("w:tblW")):
        tbl_pr.remove(el)
    total = sum(widths)
    tbl_pr.append(parse_xml(f'<w:tblW {nsdecls("w")} w:w="{round(total / 635)}" w:type="dxa"/>'))
    # -- Word (compatibility mode 14) and LibreOffice draw a table's left border one cell margin
    # left of the text margin; indent by that margin so borders and fills line up with the text --
    tbl_pr.append(parse_xml(f'<w:tblInd {nsdecls("w")} w:w="{CELL_MARGIN}" w:type="dxa"/>'))
    for col, w in zip(t.columns, widths, strict=True):
        col.width = Emu(w)
    return t


def fit_columns(ctx: Ctx, rows: Sequence[Sequence[str]], avail: int) -> list[int]:
    """Column widths (EMU) filling `avail`, by the rule every format uses (`columns.py`),
    measured in the theme's fonts at the brief's table size."""
    pad = 2 * CELL_MARGIN / TWIPS_PER_PT
    widths = column_widths(measure_for(ctx.theme), rows, ctx.theme.sizes.brief.table, pad,
                           avail / EMU_PER_PT)
    ints = [int(w * EMU_PER_PT) for w in widths]
    ints[-1] += avail - sum(ints)
    return ints


def data_table(ctx: Ctx, header: Sequence[str], rows: Sequence[Sequence[Text]],
               right: Sequence[bool] = ()) -> Any:
    """A themed table: header row filled and repeated on every page, striped body rows;
    columns flagged in `right` (figures) aligned right."""
    c = ctx.theme.colors
    n = max(len(header), max((len(r) for r in rows), default=0), 1)
    texts = [list(header)] + [[plain(x) for x in r] for r in rows]
    widths = fit_columns(ctx, texts, int(ctx.text_width))
    t = table_base(ctx, widths)
    rule = ("single", 0.5, c.table_border)
    tbl_pr = t._tbl.tblPr
    if scope_is_rtl(ctx.direction, ctx.document.meta.language):
        # -- a right-to-left table: its first column on the right (Word and LibreOffice) --
        style_el = tbl_pr.find(qn("w:tblStyle"))
        tbl_pr.insert(0 if style_el is None else list(tbl_pr).index(style_el) + 1, OxmlElement("w:bidiVisual"))
    tbl_pr.append(
        borders(
            "w:tblBorders",
            {
                "top": rule,
                "left": None,
                "bottom": rule,
                "right": None,
                "insideH": rule,
                "insideV": None,
            },
        )
    )
    pad = round(ctx.theme.sizes.brief.table * 0.25 * TWIPS_PER_PT)
    tbl_pr.append(
        parse_xml(
            f'<w:tblCellMar {nsdecls("w")}><w:top w:w="{pad}" w:type="dxa"/>'
            f'<w:bottom w:w="{pad}" w:type="dxa"/></w:tblCellMar>'
        )
    )
    # -- rows are written as markup, parsed one row at a time (speed: see `runs_xml`) --
    style = ctx.style_id("Table Text")
    part = ctx.doc.part

    lang = ctx.document.meta.language

    def cell(width: int, fill: str | None, runs: str, col: int, text: Text | str = "",
             keep: bool = False) -> str:
        shd = f'<w:shd w:val="clear" w:color="auto" w:fill="{fill}"/>' if fill else ""
        # -- a right-to-left cell is a right-to-left paragraph (add_text), which starts at the
        # right: figures need no `w:jc` there (in a `w:bidi` paragraph "right" is its end) --
        bidi = "<w:bidi/>" if text and is_rtl(text if isinstance(text, str) else plain(text), lang,
                                              ctx.direction) else ""
        jc = '<w:jc w:val="right"/>' if col < len(right) and right[col] and not bidi else ""
        kn = "<w:keepNext/>" if keep else ""
        return (
            f'<w:tc><w:tcPr><w:tcW w:w="{round(width / 635)}" w:type="dxa"/>{shd}</w:tcPr>'
            f'<w:p><w:pPr><w:pStyle w:val="{style}"/>{kn}{bidi}{jc}</w:pPr>{runs}</w:p></w:tc>'
        )

    if header:
        head = list(header) + [""] * (n - len(header))
        # -- the header row's text role (render/roles.py): its weight and colour on the style's size --
        role = ROLES["table_header"]
        cells = "".join(
            cell(w, c.table_header, "".join(
                f"<w:r><w:rPr>{props}</w:rPr>{run_content(piece)}</w:r>" for piece, props in script_runs(
                    ctx, model.Run(h, bold=role.bold), None, f'<w:color w:val="{role.rgb(c)}"/>')) if h else "",
                j, h, bool(rows))
            for j, (w, h) in enumerate(zip(widths, head, strict=True))
        )
        t._tbl.append(
            parse_xml(f"<w:tr {NS_WR}><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>{cells}</w:tr>")
        )
    for i, data in enumerate(rows):
        fill = c.table_stripe if i % 2 == 1 else None
        keep = keeps_with_next(i, len(rows))
        cells = "".join(
            cell(w, fill, runs_xml(ctx, part, data[j]) if j < len(data) else "", j,
                 data[j] if j < len(data) else "", keep)
            for j, w in enumerate(widths)
        )
        # -- a row never splits across pages ("Region N –" / "North cluster") --
        t._tbl.append(parse_xml(f"<w:tr {NS_WR}><w:trPr><w:cantSplit/></w:trPr>{cells}</w:tr>"))
    return t


#: a table with at most this many body rows is kept on one page (when it fits on one)
KEEP_WHOLE_ROWS = 8


def keeps_with_next(i: int, n: int) -> bool:
    """Whether body row `i` of `n` keeps with the row after it: all but the last of a short
    table; in a long one the first two (so the header never stands with one row at a page's
    foot) and the one before the last (so the last row never stands alone on a page)."""
    if i >= n - 1:
        return False
    return n <= KEEP_WHOLE_ROWS or i < 2 or i == n - 2

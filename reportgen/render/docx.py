"""The Word brief: the Document as a .docx built with python-docx.

`render(document, theme) -> bytes`. The look comes from named styles (`Heading 1..n`,
`Body Text`, `Caption`, `Quote`, `List Bullet`, `toc 1`, ...): taken from the theme's
reference.docx when there is one (its sample content is dropped), otherwise the theme's colours,
fonts and sizes are written into the styles of python-docx's default template. What python-docx
has no API for (fields, bookmarks, internal links, list numbering, charts) is small OOXML built
here; charts come from `charts.py`.

The table of contents is written out with its entries (heading text linked to a bookmark on the
heading), because LibreOffice does not update a TOC field when it opens or converts a file
(python-docx has no field API), and Word would show an empty field until the reader presses F9.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Sequence
from typing import Any
from xml.sax.saxutils import escape

import docx
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Emu, Mm, Pt, RGBColor

from .. import model
from ..errors import InputError
from ..measure import measure_for
from ..model import Document, Section, Text, plain, source_anchor
from ..scripts import is_rtl, language_of, rtl_segments, script_of
from ..theme import Theme
from ..walk import SKIP_CHILDREN, Visitor, walk
from . import bullet_chars, check_handlers
from .charts import CT_CHART, CT_XLSX, chart_parts
from .chartstyle import alt_text
from .columns import column_widths
from .docxpages import fill_page_fields
from .fontembed import embed_in_docx
from .imagesize import natural_size
from .ink import Ink
from .ooxml import core_text, normalize_zip, read_template, template_as_document
from .scriptlang import segments, slot

# -- layout proportions relative to the theme's sizes (not colours, fonts or sizes) --
CHAR_WIDTH = 0.5  #: average glyph width in font sizes, for column widths
EMU_PER_PT = 12700
TWIPS_PER_PT = 20
CELL_MARGIN = 108  #: Word's default left and right cell margin, twips (0.19 cm)



#: every theme colour this renderer draws as text, on which fill, at which size (see ink.py)
INK = (
    Ink("primary", "background", "brief.title", True, "title"),
    Ink("secondary", "background", "brief.subtitle", False, "subtitle"),
    Ink("text", "background", "brief.body", False, "body text"),
    Ink("primary", "background", "brief.h1", True, "heading 1, contents heading"),
    Ink("primary", "background", "brief.h2", True, "heading 2"),
    Ink("secondary", "background", "brief.h3", True, "heading 3"),
    Ink("primary", "background", "brief.body", True, "lead sentence"),
    Ink("muted", "background", "brief.caption", False, "captions, byline, attribution"),
    Ink("muted", "background", "brief.small", False, "notes, footer"),
    Ink("marking", "background", "brief.small", True, "marking in header and footer"),
    Ink("link", "background", "brief.body", False, "links and citations"),
    Ink("secondary", "background", "brief.small", True, "judgment and owner labels"),
    Ink("table_header_text", "table_header", "brief.table", True, "table header row"),
    Ink("text", "table_stripe", "brief.table", False, "striped table rows"),
    Ink("link", "table_stripe", "brief.table", False, "links in striped rows"),
    Ink("accent", "background", "brief.table", True, "timeline dates"),
    Ink("bluf_border", "bluf_fill", "brief.small", True, "bottom-line label"),
    Ink("text", "bluf_fill", "brief.body", False, "bottom line"),
    Ink("link", "bluf_fill", "brief.body", False, "links in the bottom line"),
    Ink("callout_border.*", "callout_fill.*", "brief.body", False, "callout titles"),
    Ink("text", "callout_fill.*", "brief.body", False, "callout text"),
    Ink("link", "callout_fill.*", "brief.body", False, "links in callouts"),
)


def _rgb(h: str) -> RGBColor:
    return RGBColor.from_string(h)


# -- small OOXML helpers ---------------------------------------------------------------------


def set_fonts(rpr: Any, latin: str | None, east_asian: str | None = None) -> None:
    """Set `w:rFonts` of an `w:rPr`, dropping theme-font attributes that would override it."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for a in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(a), None)
    if latin:
        for a in ("w:ascii", "w:hAnsi", "w:cs"):
            fonts.set(qn(a), latin)
    if east_asian:
        fonts.set(qn("w:eastAsia"), east_asian)


#: languages whose text Word treats as east-Asian (the `w:eastAsia` slot of `w:lang`)
EAST_ASIAN_LANGS = ("ko", "ja", "zh")


def complex_script_like_latin(rpr: Any) -> None:
    """Give complex-script text (Arabic, Hebrew, Devanagari) the size, bold and italic `rpr`
    gives Latin text: Word reads `w:szCs`, `w:bCs` and `w:iCs` for it, not `w:sz`/`w:b`/`w:i`."""
    for latin, cs in (("w:b", "w:bCs"), ("w:i", "w:iCs"), ("w:sz", "w:szCs")):
        el = rpr.find(qn(latin))
        old = rpr.find(qn(cs))
        if old is not None:
            rpr.remove(old)
        if el is not None:
            new = OxmlElement(cs)
            if el.get(qn("w:val")) is not None:
                new.set(qn("w:val"), el.get(qn("w:val")))
            el.addnext(new)


def set_lang(rpr: Any, lang: str) -> None:
    el = rpr.find(qn("w:lang"))
    if el is None:
        el = OxmlElement("w:lang")
        rpr.append(el)
    el.set(qn("w:val"), lang)
    if lang.split("-")[0].lower() in EAST_ASIAN_LANGS:
        el.set(qn("w:eastAsia"), lang)


def shade(el_pr: Any, fill: str) -> None:
    """Add a `w:shd` fill to a `w:tcPr` or `w:pPr`."""
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    el_pr.append(shd)


def borders(tag: str, sides: dict[str, tuple[str, float, str] | None]) -> Any:
    """A `w:tblBorders` / `w:tcBorders` / `w:pBdr` element: side -> (val, size pt, colour)."""
    el = OxmlElement(tag)
    for side, spec in sides.items():
        b = OxmlElement(f"w:{side}")
        if spec is None:
            b.set(qn("w:val"), "nil")
        else:
            val, size, color = spec
            b.set(qn("w:val"), val)
            b.set(qn("w:sz"), str(max(2, round(size * 8))))
            b.set(qn("w:space"), "0")
            b.set(qn("w:color"), color)
        el.append(b)
    return el


def field(
    paragraph: Any, instr: str, cached: str = "", style_run: Callable[[Any], None] | None = None
) -> None:
    """A complex field (`PAGE`, `NUMPAGES`, ...) with a cached result, as Word writes it."""

    def run_with(el: Any) -> None:
        r = paragraph.add_run()
        if style_run:
            style_run(r)
        r._r.append(el)

    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    run_with(begin)
    it = OxmlElement("w:instrText")
    it.set(qn("xml:space"), "preserve")
    it.text = f" {instr} "
    run_with(it)
    sep = OxmlElement("w:fldChar")
    sep.set(qn("w:fldCharType"), "separate")
    run_with(sep)
    r = paragraph.add_run(cached)
    if style_run:
        style_run(r)
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run_with(end)


# -- context ---------------------------------------------------------------------------------


class Ctx:
    """What handlers need: the python-docx document, the model, the theme, counters."""

    def __init__(self, document: Document, theme: Theme) -> None:
        self.document = document
        self.theme = theme
        self.referenced = theme.reference_docx is not None
        self.doc = open_base(theme)
        self._bookmark = 0
        self._charts = 0
        self._style_ids: dict[str, str] = {}
        self.bullet_abstract, self.number_abstract = add_list_definitions(self)
        section = self.doc.sections[0]
        if not self.referenced:
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
        self.text_width = Emu(int(section.page_width - section.left_margin - section.right_margin))
        self.text_height = Emu(
            int(section.page_height - section.top_margin - section.bottom_margin)
        )
        setup_styles(self)

    def bookmark_id(self) -> int:
        self._bookmark += 1
        return self._bookmark

    def chart_number(self) -> int:
        self._charts += 1
        return self._charts

    def style_id(self, name: str) -> str:
        # -- python-docx resolves a style name by scanning every style, per paragraph: a brief
        # of 150 paragraphs spent half its time there --
        sid = self._style_ids.get(name)
        if sid is None:
            sid = self._style_ids[name] = self.doc.styles[name].style_id
        return sid

    def set_style(self, p: Any, name: str) -> None:
        p._p.get_or_add_pPr().style = self.style_id(name)

    def set_run_style(self, r: Any, name: str) -> None:
        r._r.get_or_add_rPr().style = self.style_id(name)

    def para(self, style: str, text: Text | str | None = None) -> Any:
        p = self.doc.add_paragraph()
        self.set_style(p, style)
        if text:
            add_text(self, p, text)
        return p


def open_base(theme: Theme) -> Any:
    """python-docx's default template, or the theme's reference.docx with its body cleared."""
    ref = theme.reference_docx
    if ref is None:
        return docx.Document()
    # -- python-docx refuses the template content type: relabel it in memory --
    data = template_as_document(read_template(ref, "Word"), ref.suffix)
    try:
        d = docx.Document(io.BytesIO(data))
    except Exception as e:  # noqa: BLE001 - python-docx raises several types for a broken package
        raise InputError(f"{ref}: not a readable Word file ({type(e).__name__}: {e}); save it "
                         "again from Word as .docx or .dotx") from None
    body = d.element.body
    # -- the reference file's sample text must not reach the brief; its final sectPr (page
    # setup, header and footer references) stays --
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    return d


# -- styles ----------------------------------------------------------------------------------


#: style names that are built into Word (a reference file may lack them)
WORD_BUILTIN = {
    "Normal",
    "Title",
    "Subtitle",
    "Body Text",
    "Caption",
    "Quote",
    "Header",
    "Footer",
    "Hyperlink",
    "TOC Heading",
}
WORD_BUILTIN_PREFIXES = ("Heading ", "List ", "toc ")


def _style(ctx: Ctx, name: str, kind: Any, base: str | None = None) -> tuple[Any, bool]:
    """The style `name`, created (based on `base`) when missing; (style, should_format)."""
    styles = ctx.doc.styles
    try:
        st = styles[name]
        return st, not ctx.referenced
    except KeyError:
        # -- Word's own names (toc 1, Hyperlink, ...) must not be marked custom, or Word keeps
        # a second style of the same name beside its built-in one --
        st = styles.add_style(
            name, kind, builtin=name in WORD_BUILTIN or name.startswith(WORD_BUILTIN_PREFIXES)
        )
        if base:
            st.base_style = styles[base]
        st.hidden = False
        st.quick_style = True
        return st, True


def setup_styles(ctx: Ctx) -> None:
    """Theme colours, fonts and sizes on the named styles (only missing ones when referenced)."""
    th, doc = ctx.theme, ctx.doc
    c, s, f = th.colors, th.sizes.brief, th.fonts
    lang = ctx.document.meta.language
    P, C = WD_STYLE_TYPE.PARAGRAPH, WD_STYLE_TYPE.CHARACTER

    # -- document defaults: east-Asian font slot and language apply in every mode, so Hangul
    # and Cyrillic get the theme's fonts and spell-checking the outline's language --
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    set_fonts(rpr, None if ctx.referenced else f.body, f.east_asian)
    set_lang(rpr, lang)

    def fmt(
        name: str,
        kind: Any = P,
        base: str | None = "Normal",
        *,
        size: float | None = None,
        color: str | None = None,
        font: str | None = None,
        bold: bool | None = None,
        italic: bool | None = None,
        before: float | None = None,
        after: float | None = None,
        keep: bool | None = None,
        line: float | None = None,
    ) -> Any:
        st, go = _style(ctx, name, kind, base)
        if not go:
            return st
        rpr = st.element.get_or_add_rPr()
        set_fonts(rpr, font, f.east_asian)
        if size is not None:
            st.font.size = Pt(size)
        if color is not None:
            st.font.color.rgb = _rgb(color)
        if bold is not None:
            st.font.bold = bold
        if italic is not None:
            st.font.italic = italic
        complex_script_like_latin(rpr)
        if kind == P:
            pf = st.paragraph_format
            if before is not None:
                pf.space_before = Pt(before)
            if after is not None:
                pf.space_after = Pt(after)
            if keep is not None:
                pf.keep_with_next = keep
            if line is not None:
                pf.line_spacing = line
        return st

    fmt(
        "Normal",
        base=None,
        size=s.body,
        color=c.text,
        font=f.body,
        after=s.body * 0.5,
        line=th.page.line_spacing,
    )
    fmt("Body Text", size=s.body, after=s.body * 0.6)
    fmt(
        "Title",
        size=s.title,
        color=c.primary,
        font=f.heading,
        bold=True,
        after=s.title * 0.2,
        line=1.0,
    )
    fmt(
        "Subtitle",
        size=s.subtitle,
        color=c.secondary,
        font=f.heading,
        italic=False,
        after=s.subtitle * 0.6,
    )
    heading_sizes = {1: s.h1, 2: s.h2, 3: s.h3}
    for n in range(1, 10):
        size = heading_sizes.get(n, s.h3)
        fmt(
            f"Heading {n}",
            size=size,
            color=c.primary if n <= 2 else c.secondary,
            font=f.heading,
            bold=True,
            before=size * (1.1 if n == 1 else 0.9),
            after=size * 0.4,
            keep=True,
            line=1.0,
        )
    fmt("TOC Heading", base="Heading 1", size=s.h1, color=c.primary, font=f.heading, bold=True)
    fmt("Lead", base="Body Text", size=s.body, color=c.primary, bold=True, keep=True)
    fmt(
        "Label",
        size=s.small,
        # -- "Key points" in the handout's colour --
        color=c.secondary,
        bold=True,
        before=s.small * 0.4,
        after=s.small * 0.2,
        keep=True,
    )
    fmt("Byline", size=s.body, color=c.muted, after=s.body * 0.2)
    fmt(
        "Caption",
        size=s.caption,
        color=c.muted,
        bold=False,
        italic=False,
        before=s.caption * 0.4,
        after=s.body,
    )
    fmt("Table Text", size=s.table, after=0, line=1.0)
    fmt("Note", size=s.small, color=c.muted, before=s.small * 0.4, after=s.small)
    fmt("Source", size=s.small + 0.5, after=s.small * 0.5, line=1.0)
    fmt(
        "Quote",
        base="Normal",
        size=s.body + 1,
        color=c.text,
        italic=True,
        before=s.body * 0.3,
        after=s.body * 0.2,
    )
    fmt("Attribution", base="Quote", size=s.small + 0.5, color=c.muted, italic=False, after=s.body)
    fmt("Spacer", size=s.small, after=0, line=1.0)
    for n in range(1, 4):
        fmt(
            f"toc {n}",
            size=s.body if n < 3 else s.small + 0.5,
            color=c.text if n < 3 else c.muted,
            before=s.body * 0.35 if n == 1 else 0,
            after=s.body * 0.1,
            line=1.0,
        )
    for name in (
        "List Bullet",
        "List Bullet 2",
        "List Bullet 3",
        "List Number",
        "List Number 2",
        "List Number 3",
    ):
        fmt(name, size=s.body, after=s.body * 0.25)
    fmt("Header", size=s.small, color=c.marking, bold=True, after=0, line=1.0)
    fmt("Footer", size=s.small, color=c.muted, after=0, line=1.0)
    fmt("Hyperlink", C, None, color=c.link)
    fmt("Citation", C, None, color=c.link)
    fmt("Verbatim Char", C, None, font=f.mono, size=s.body * 0.9)

    if not ctx.referenced:
        # -- the default template's Title draws a themed rule and its Footer has Letter-size
        # tabs; the brief draws its own rule (Subtitle) and tabs (footer paragraph) --
        for name, tag in (("Title", "w:pBdr"), ("Header", "w:tabs"), ("Footer", "w:tabs")):
            ppr = doc.styles[name].element.get_or_add_pPr()
            for el in ppr.findall(qn(tag)):
                ppr.remove(el)
        doc.styles["Hyperlink"].font.underline = True
        ppr = doc.styles["Subtitle"].element.get_or_add_pPr()
        ppr.append(borders("w:pBdr", {"bottom": ("single", 1.5, c.secondary)}))
        ppr = doc.styles["Quote"].element.get_or_add_pPr()
        ppr.append(borders("w:pBdr", {"left": ("single", 2.25, c.secondary)}))
        ind = s.body * ctx.theme.config.docx.list_indent
        for name in ("Quote", "Attribution"):
            doc.styles[name].paragraph_format.left_indent = Pt(ind)
        for n in (2, 3):
            doc.styles[f"toc {n}"].paragraph_format.left_indent = Pt(ind * (n - 1))


# -- lists -----------------------------------------------------------------------------------


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
    ppr.insert_element_before(
        num_pr,
        "w:suppressLineNumbers",
        "w:pBdr",
        "w:shd",
        "w:tabs",
        "w:suppressAutoHyphens",
        "w:kinsoku",
        "w:wordWrap",
        "w:overflowPunct",
        "w:topLinePunct",
        "w:autoSpaceDE",
        "w:autoSpaceDN",
        "w:bidi",
        "w:adjustRightInd",
        "w:snapToGrid",
        "w:spacing",
        "w:ind",
        "w:contextualSpacing",
        "w:mirrorIndents",
        "w:suppressOverlap",
        "w:jc",
        "w:textDirection",
        "w:textAlignment",
        "w:textboxTightWrap",
        "w:outlineLvl",
        "w:divId",
        "w:cnfStyle",
        "w:rPr",
        "w:sectPr",
        "w:pPrChange",
    )
    # -- the indent of the level, also as direct formatting: a style's own indent would
    # otherwise win in LibreOffice --
    step = ctx.theme.sizes.brief.body * ctx.theme.config.docx.list_indent
    p.paragraph_format.left_indent = Pt(step * (depth + 1))
    p.paragraph_format.first_line_indent = Pt(-step)
    return p


def _items(
    ctx: Ctx, items: Sequence[model.ListItem], numbered: bool, num_id: int, depth: int
) -> Any:
    p = None
    for item in items:
        p = list_paragraph(ctx, item.text, numbered, num_id, depth)
        if item.children:
            p = _items(ctx, item.children, numbered, num_id, depth + 1)
    return p


def end_list(ctx: Ctx, p: Any) -> None:
    """Body-text spacing after the last item (list styles keep their items close together)."""
    if p is not None:
        p.paragraph_format.space_after = Pt(ctx.theme.sizes.brief.body * 0.6)


# -- inline text -----------------------------------------------------------------------------


def _hyperlink(p: Any, *, anchor: str | None = None, rid: str | None = None) -> Any:
    hl = OxmlElement("w:hyperlink")
    if anchor:
        hl.set(qn("w:anchor"), anchor)
    if rid:
        hl.set(qn("r:id"), rid)
    hl.set(qn("w:history"), "1")
    p._p.append(hl)
    return hl


_NS_WR = nsdecls("w", "r")


#: characters XML 1.0 cannot carry; the loader removes them with a warning, this only keeps a
#: Document built in code from crashing the writer
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _run_content(text: str) -> str:
    """`w:t` pieces, with line breaks and tabs as python-docx's `Run.text` makes them."""
    out = []
    for piece in re.split(r"(\n|\t)", _XML_ILLEGAL.sub("", text)):
        if piece == "\n":
            out.append("<w:br/>")
        elif piece == "\t":
            out.append("<w:tab/>")
        elif piece:
            out.append(f'<w:t xml:space="preserve">{escape(piece)}</w:t>')
    return "".join(out)


def mark_languages(root: Any, lang: str, cs_fonts: dict[str, str] | None = None) -> None:
    """Give each run in another script than the document's its language (scriptlang.py), in
    the `w:lang` slot Word reads for that script; a run that mixes scripts is cut in pieces.
    A run in a complex script (Arabic, Hebrew, Devanagari) written without `runs_xml` (a
    caption, a contents entry) gets what `_script_runs` gives: its font (`cs_fonts`, the
    theme's `fonts.complex_script`), `w:bCs`, `w:rtl` and `w:lang w:bidi`."""
    import copy

    t_tag, r_tag = qn("w:t"), qn("w:r")
    for r in list(root.iter(r_tag)):
        ts = r.findall(t_tag)
        if not ts:
            continue
        rpr0 = r.find(qn("w:rPr"))
        if rpr0 is not None and rpr0.find(qn("w:lang")) is not None:
            continue  # -- complex scripts have theirs already (`_script_runs`) --
        text = "".join(t.text or "" for t in ts)
        parts = [(piece, None if tag is None or (slot(tag) == "cs" and cs_fonts is None) else tag)
                 for piece, tag in segments(text, lang)]
        if all(tag is None for _, tag in parts):
            continue
        simple = all(c.tag in (t_tag, qn("w:rPr")) for c in r)
        if len(parts) > 1 and not simple:
            # -- a run with tabs or breaks: one run per piece of content, then each by script --
            rpr0 = r.find(qn("w:rPr"))
            for c in [c for c in r if c.tag != qn("w:rPr")]:
                one = OxmlElement("w:r")
                if rpr0 is not None:
                    one.append(copy.deepcopy(rpr0))
                one.append(c)
                r.addprevious(one)
            parent = r.getparent()
            parent.remove(r)
            mark_languages(parent, lang)
            continue
        pieces = parts if len(parts) > 1 else [(None, parts[0][1])]
        for piece, tag in pieces:
            run = copy.deepcopy(r) if len(pieces) > 1 else r
            if piece is not None:
                for t in run.findall(t_tag):
                    run.remove(t)
                t = OxmlElement("w:t")
                t.set(qn("xml:space"), "preserve")
                t.text = piece
                run.append(t)
            if tag is not None:
                rpr = run.find(qn("w:rPr"))
                if rpr is None:
                    rpr = OxmlElement("w:rPr")
                    run.insert(0, rpr)
                el = rpr.find(qn("w:lang"))
                if el is None:
                    el = OxmlElement("w:lang")
                    rpr.append(el)
                el.set(qn({"latin": "w:val", "ea": "w:eastAsia", "cs": "w:bidi"}[slot(tag)]), tag)
                if slot(tag) == "cs" and cs_fonts is not None:
                    _complex_script_props(rpr, "".join(t.text or "" for t in run.findall(t_tag)), cs_fonts, lang)
            if len(pieces) > 1:
                r.addprevious(run)
        if len(pieces) > 1:
            r.getparent().remove(r)


#: `w:rPr` children in schema order (ECMA-376 CT_RPr), for inserting into a run's properties
_RPR_ORDER = [qn(f"w:{t}") for t in (
    "rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike", "dstrike", "outline",
    "shadow", "emboss", "imprint", "noProof", "snapToGrid", "vanish", "webHidden", "color", "spacing",
    "w", "kern", "position", "sz", "szCs", "highlight", "u", "effect", "bdr", "shd", "fitText",
    "vertAlign", "rtl", "cs", "em", "lang", "eastAsianLayout", "specVanish", "oMath")]


def _rpr_put(rpr: Any, el: Any) -> None:
    """Put `el` into run properties `rpr` at its place in schema order (replacing its like)."""
    old = rpr.find(el.tag)
    if old is not None:
        old.addprevious(el)
        rpr.remove(old)
        return
    rank = _RPR_ORDER.index(el.tag)
    for child in rpr:
        if child.tag in _RPR_ORDER and _RPR_ORDER.index(child.tag) > rank:
            child.addprevious(el)
            return
    rpr.append(el)


def _complex_script_props(rpr: Any, text: str, cs_fonts: dict[str, str], lang: str) -> None:
    script = script_of(text)
    if script is None:
        return
    font = cs_fonts.get(script)
    if font:
        fonts = rpr.find(qn("w:rFonts"))
        if fonts is None:
            fonts = OxmlElement("w:rFonts")
            _rpr_put(rpr, fonts)
        fonts.set(qn("w:cs"), font)
    if rpr.find(qn("w:b")) is not None and rpr.find(qn("w:bCs")) is None:
        _rpr_put(rpr, OxmlElement("w:bCs"))
    if rpr.find(qn("w:i")) is not None and rpr.find(qn("w:iCs")) is None:
        _rpr_put(rpr, OxmlElement("w:iCs"))
    if script in ("arabic", "hebrew") and rpr.find(qn("w:rtl")) is None:
        _rpr_put(rpr, OxmlElement("w:rtl"))
    el = rpr.find(qn("w:lang"))
    if el is not None:
        el.set(qn("w:bidi"), language_of(text, script, lang))


def runs_xml(ctx: Ctx, part: Any, text: Text | str) -> str:
    """Inline runs as WordprocessingML: bold, italic, code, live links, citation links.

    Written as markup and parsed once per paragraph: building runs element by element through
    python-docx took about 10 s for a 1000-row table.
    """
    if isinstance(text, str):
        text = (model.Run(text),)
    out = []
    for run in text:
        style = (
            "Citation"
            if run.cite is not None
            else "Verbatim Char"
            if run.code
            else "Hyperlink"
            if run.href
            else None
        )
        r = "".join(f"<w:r>{f'<w:rPr>{props}</w:rPr>' if props else ''}{_run_content(piece)}</w:r>"
                    for piece, props in _script_runs(ctx, run, style))
        if run.cite is not None:
            r = f'<w:hyperlink w:anchor="{source_anchor(run.cite)}" w:history="1">{r}</w:hyperlink>'
        elif run.href:
            rid = part.relate_to(run.href, RT.HYPERLINK, is_external=True)
            r = f'<w:hyperlink r:id="{rid}" w:history="1">{r}</w:hyperlink>'
        out.append(r)
    return "".join(out)


def _script_runs(ctx: Ctx, run: model.Run, style: str | None, extra: str = "") -> list[tuple[str, str]]:
    """A run's text as `(piece, w:rPr content)` pieces: right-to-left pieces marked `w:rtl`;
    complex-script text (Arabic, Hebrew, Devanagari) with its font (`w:rFonts w:cs`, from the
    theme's `fonts.complex_script`), language (`w:lang w:bidi`) and bold/italic (`w:bCs`,
    `w:iCs`), which Word applies to complex-script characters instead of `w:b`/`w:i`. `extra`
    is `w:rPr` content that comes after bold and italic in schema order (`w:color`)."""
    head = f'<w:rStyle w:val="{ctx.style_id(style)}"/>' if style else ""
    script = script_of(run.text)
    if script is None:
        return [(run.text, head + ("<w:b/>" if run.bold else "") + ("<w:i/>" if run.italic else "") + extra)]
    font = ctx.theme.fonts.complex_script.get(script)
    fonts = f'<w:rFonts w:cs="{escape(font, {chr(34): "&quot;"})}"/>' if font else ""
    lang = f'<w:lang w:bidi="{language_of(run.text, script, ctx.document.meta.language)}"/>'
    style_props = ("<w:b/><w:bCs/>" if run.bold else "") + ("<w:i/><w:iCs/>" if run.italic else "")
    # -- no letter spacing (the default Title style has 0.25 pt): LibreOffice fills it in Arabic
    # with kashida strokes, and it would break Devanagari's headline --
    spacing = '<w:spacing w:val="0"/>'
    return [(piece, head + fonts + style_props + extra + spacing + ("<w:rtl/>" if rtl else "") + lang)
            for piece, rtl in rtl_segments(run.text)]


#: `w:pPr` children that come after `w:bidi` (ECMA-376 CT_PPrBase order)
_AFTER_BIDI = tuple(qn(f"w:{t}") for t in ["adjustRightInd", "snapToGrid", "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc", "textDirection", "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr", "sectPr", "pPrChange"])


def mark_rtl(p: Any) -> None:
    """Make paragraph `p` right to left (`w:bidi`): Word aligns it to the right and orders it."""
    ppr = p._p.get_or_add_pPr()
    if ppr.find(qn("w:bidi")) is not None:
        return
    bidi = OxmlElement("w:bidi")
    for child in ppr:
        if child.tag in _AFTER_BIDI:
            child.addprevious(bidi)
            return
    ppr.append(bidi)


def add_text(ctx: Ctx, p: Any, text: Text | str) -> None:
    """Inline runs appended to paragraph `p` (marked right to left when it reads so)."""
    frag = parse_xml(f"<w:p {_NS_WR}>{runs_xml(ctx, p.part, text)}</w:p>")
    p._p.extend(list(frag))
    if is_rtl(text if isinstance(text, str) else plain(text), ctx.document.meta.language):
        mark_rtl(p)


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


# -- tables ----------------------------------------------------------------------------------


def _table_base(ctx: Ctx, widths: Sequence[int]) -> Any:
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


def _cell_borders(cell: Any, sides: dict[str, tuple[str, float, str] | None]) -> None:
    tc_pr = cell._tc.get_or_add_tcPr()
    tc_pr.append(borders("w:tcBorders", sides))


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
    t = _table_base(ctx, widths)
    rule = ("single", 0.5, c.table_border)
    tbl_pr = t._tbl.tblPr
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
        jc = '<w:jc w:val="right"/>' if col < len(right) and right[col] else ""
        # -- a right-to-left cell is a right-to-left paragraph (add_text) --
        bidi = "<w:bidi/>" if text and is_rtl(text if isinstance(text, str) else plain(text), lang) else ""
        kn = "<w:keepNext/>" if keep else ""
        return (
            f'<w:tc><w:tcPr><w:tcW w:w="{round(width / 635)}" w:type="dxa"/>{shd}</w:tcPr>'
            f'<w:p><w:pPr><w:pStyle w:val="{style}"/>{kn}{bidi}{jc}</w:pPr>{runs}</w:p></w:tc>'
        )

    if header:
        head = list(header) + [""] * (n - len(header))
        cells = "".join(
            cell(w, c.table_header, "".join(
                f"<w:r><w:rPr>{props}</w:rPr>{_run_content(piece)}</w:r>" for piece, props in _script_runs(
                    ctx, model.Run(h, bold=True), None, f'<w:color w:val="{c.table_header_text}"/>')) if h else "",
                j, h, bool(rows))
            for j, (w, h) in enumerate(zip(widths, head, strict=True))
        )
        t._tbl.append(
            parse_xml(f"<w:tr {_NS_WR}><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>{cells}</w:tr>")
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
        t._tbl.append(parse_xml(f"<w:tr {_NS_WR}><w:trPr><w:cantSplit/></w:trPr>{cells}</w:tr>"))
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
    """A shaded box with a coloured bar on the left; add paragraphs with `_cell_para`."""
    return Box(fill, border, thick)


def _cell_para(ctx: Ctx, cell: Any, style: str, first: bool) -> Any:
    if isinstance(cell, Box):
        return cell.para(ctx, style)
    p = cell.paragraphs[0] if first else cell.add_paragraph()
    ctx.set_style(p, style)
    return p


# -- blocks ----------------------------------------------------------------------------------


def h_paragraph(ctx: Ctx, b: model.Paragraph) -> None:
    ctx.para("Body Text", b.text)


def h_bullets(ctx: Ctx, b: model.BulletList) -> None:
    end_list(ctx, _items(ctx, b.items, False, new_num(ctx, False), 0))


def h_numbered(ctx: Ctx, b: model.NumberedList) -> None:
    end_list(ctx, _items(ctx, b.items, True, new_num(ctx, True, b.start), 0))


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
        p = _cell_para(ctx, cell, "Label", True)
        r = p.add_run(b.title)
        r.font.color.rgb = _rgb(border)
        r.font.size = Pt(ctx.theme.sizes.brief.body)
        first = False
    p = _cell_para(ctx, cell, "Body Text", first)
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
    t = _table_base(ctx, [date_w, int(ctx.text_width) - date_w])
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
        p = _cell_para(ctx, cells[0], "Table Text", True)
        r = p.add_run(e.date)
        r.bold = True
        r.font.color.rgb = _rgb(c.accent)
        add_text(ctx, _cell_para(ctx, cells[1], "Table Text", True), e.event)
    n = len(t._tbl.tr_lst)
    for i, tr in enumerate(t._tbl.tr_lst):
        tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
        if keeps_with_next(i, n):
            for p in tr.iter(qn("w:p")):
                p.get_or_add_pPr().append(OxmlElement("w:keepNext"))
    spacer(ctx)


def _inline_drawing(
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
    _inline_drawing(ctx, p.add_run(), cx, cy, f"Chart {n}", descr, graphic)
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


HANDLERS: dict[type, Callable[[Ctx, Any], None]] = {
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
check_handlers(HANDLERS, "docx")


# -- document parts --------------------------------------------------------------------------

ANCHORS = {
    "bluf": "_Toc_bluf",
    "kj": "_Toc_key_judgments",
    "recs": "_Toc_recommendations",
    "sources": "_Toc_sources",
}


def toc_entries(d: Document, levels: int = 3) -> list[tuple[int, str, str]]:
    """(level, text, bookmark) of every table-of-contents entry, in reading order."""
    out: list[tuple[int, str, str]] = []
    if d.bluf:
        out.append((1, d.labels.bluf, ANCHORS["bluf"]))
    if d.key_judgments:
        out.append((1, d.labels.key_judgments, ANCHORS["kj"]))
    for s in d.sections:
        out += [(x.level, x.heading, section_anchor(x)) for x in s.walk() if x.level <= levels]
    if d.recommendations:
        out.append((1, d.labels.recommendations, ANCHORS["recs"]))
    if d.sources:
        out.append((1, d.labels.sources, ANCHORS["sources"]))
    for s in d.appendix:
        out += [(x.level, x.heading, section_anchor(x)) for x in s.walk() if x.level <= levels]
    return out


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
    p = _cell_para(ctx, cell, "Label", True)
    # -- the label as the labels table writes it, as the handout and the deck show it --
    r = p.add_run(d.labels.bluf)
    r.font.color.rgb = _rgb(c.bluf_border)
    bookmark(ctx, p, ANCHORS["bluf"])
    p = _cell_para(ctx, cell, "Body Text", False)
    add_text(ctx, p, d.bluf)
    p.paragraph_format.space_after = Pt(0)
    spacer(ctx)


def _labelled_list(ctx: Ctx, items: Sequence[tuple[Text, str]], numbers: Sequence[int],
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
            r.font.color.rgb = _rgb(c.secondary if strong else c.muted)
    end_list(ctx, p)


def key_judgments(ctx: Ctx) -> None:
    d = ctx.document
    if not d.key_judgments:
        return
    heading(ctx, d.labels.key_judgments, 1, ANCHORS["kj"])
    _labelled_list(ctx, [(j.text, j.label) for j in d.key_judgments], d.judgment_numbers())
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
        _hyperlink(p, anchor=anchor).append(r._r)
        p.paragraph_format.tab_stops.add_tab_stop(
            ctx.text_width, WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS
        )
        p.add_run("\t")
        field(p, f"PAGEREF {anchor} \\h", "")
    spacer(ctx)


def section(ctx: Ctx, s: Section, first_annex: bool = False) -> None:
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
    _labelled_list(ctx, [(r.text, r.label) for r in d.recommendations], d.recommendation_numbers(),
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
        r.font.color.rgb = _rgb(c.marking)
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
        r.font.color.rgb = _rgb(c.marking)
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


#: child order of property elements that the schema fixes (Word refuses a file that breaks it;
#: LibreOffice does not mind, so only this pass keeps the helpers above honest)
SCHEMA_ORDER = {
    "pPr": (
        "pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr "
        "suppressLineNumbers pBdr shd tabs suppressAutoHyphens kinsoku wordWrap overflowPunct "
        "topLinePunct autoSpaceDE autoSpaceDN bidi adjustRightInd snapToGrid spacing ind "
        "contextualSpacing mirrorIndents suppressOverlap jc textDirection textAlignment "
        "textboxTightWrap outlineLvl divId cnfStyle rPr sectPr pPrChange"
    ),
    "rPr": (
        "rStyle rFonts b bCs i iCs caps smallCaps strike dstrike outline shadow emboss imprint "
        "noProof snapToGrid vanish webHidden color spacing w kern position sz szCs highlight u "
        "effect bdr shd fitText vertAlign rtl cs em lang eastAsianLayout specVanish oMath"
    ),
    "tblPr": (
        "tblStyle tblpPr tblOverlap bidiVisual tblStyleRowBandSize tblStyleColBandSize tblW jc "
        "tblCellSpacing tblInd tblBorders shd tblLayout tblCellMar tblLook tblCaption "
        "tblDescription tblPrChange"
    ),
    "tcPr": (
        "cnfStyle tcW gridSpan hMerge vMerge tcBorders shd noWrap tcMar textDirection tcFitText "
        "vAlign hideMark headers cellIns cellDel cellMerge tcPrChange"
    ),
}
_RANKS = {
    qn(f"w:{k}"): {qn(f"w:{n}"): i for i, n in enumerate(v.split())}
    for k, v in SCHEMA_ORDER.items()
}


def schema_order(root: Any) -> None:
    """Put the children of every pPr, rPr, tblPr and tcPr under `root` in schema order."""
    for tag, rank in _RANKS.items():
        for el in root.iter(tag):
            children = list(el)
            ordered = sorted(children, key=lambda c: rank.get(c.tag, len(rank)))
            if ordered != children:
                for c in children:
                    el.remove(c)
                el.extend(ordered)


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

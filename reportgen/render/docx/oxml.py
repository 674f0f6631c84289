"""The OOXML layer of the Word brief: small WordprocessingML elements python-docx has no API
for (fonts, languages, fills, borders, fields, links, right-to-left paragraphs), and the schema's
child order of property elements, which `schema_order` restores before the brief is saved.

Nothing here knows the document model or the theme; the other modules of the package build on it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any
from xml.sax.saxutils import escape

from docx.oxml import OxmlElement
from docx.oxml.ns import nsdecls, qn
from docx.shared import RGBColor

EMU_PER_PT = 12700
TWIPS_PER_PT = 20


def rgb(h: str) -> RGBColor:
    return RGBColor.from_string(h)


#: child order of property elements that the schema fixes (Word refuses a file that breaks it;
#: LibreOffice does not mind, so only this pass keeps the helpers below honest)
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


def later(parent: str, child: str) -> tuple[str, ...]:
    """The children of a `w:<parent>` that come after `w:<child>` in schema order (`w:` names)."""
    names = SCHEMA_ORDER[parent].split()
    return tuple(f"w:{n}" for n in names[names.index(child) + 1:])


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


def hyperlink(p: Any, *, anchor: str | None = None, rid: str | None = None) -> Any:
    hl = OxmlElement("w:hyperlink")
    if anchor:
        hl.set(qn("w:anchor"), anchor)
    if rid:
        hl.set(qn("r:id"), rid)
    hl.set(qn("w:history"), "1")
    p._p.append(hl)
    return hl


NS_WR = nsdecls("w", "r")


#: characters XML 1.0 cannot carry; the loader removes them with a warning, this only keeps a
#: Document built in code from crashing the writer
XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def run_content(text: str) -> str:
    """`w:t` pieces, with line breaks and tabs as python-docx's `Run.text` makes them."""
    out = []
    for piece in re.split(r"(\n|\t)", XML_ILLEGAL.sub("", text)):
        if piece == "\n":
            out.append("<w:br/>")
        elif piece == "\t":
            out.append("<w:tab/>")
        elif piece:
            out.append(f'<w:t xml:space="preserve">{escape(piece)}</w:t>')
    return "".join(out)


def rpr_put(rpr: Any, el: Any) -> None:
    """Put `el` into run properties `rpr` at its place in schema order (replacing its like)."""
    old = rpr.find(el.tag)
    if old is not None:
        old.addprevious(el)
        rpr.remove(old)
        return
    ranks = _RANKS[qn("w:rPr")]
    rank = ranks[el.tag]
    for child in rpr:
        if child.tag in ranks and ranks[child.tag] > rank:
            child.addprevious(el)
            return
    rpr.append(el)


#: `w:pPr` children that come after `w:bidi`
_AFTER_BIDI = tuple(qn(t) for t in later("pPr", "bidi"))


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

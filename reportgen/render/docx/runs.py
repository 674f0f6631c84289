"""Inline text in the brief: runs with bold, italic, code, links and citation links, written as
WordprocessingML markup; complex-script runs with their font, language and direction; and the
language marks of runs in another script than the document's (`mark_languages`)."""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import escape

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import qn

from ... import model
from ...model import Text, plain, source_anchor
from ...scripts import is_rtl, language_of, rtl_segments, script_of
from ..scriptlang import segments, slot
from .oxml import NS_WR, mark_rtl, rpr_put, run_content

if TYPE_CHECKING:
    from .context import Ctx


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
        r = "".join(f"<w:r>{f'<w:rPr>{props}</w:rPr>' if props else ''}{run_content(piece)}</w:r>"
                    for piece, props in script_runs(ctx, run, style))
        if run.cite is not None:
            r = f'<w:hyperlink w:anchor="{source_anchor(run.cite)}" w:history="1">{r}</w:hyperlink>'
        elif run.href:
            rid = part.relate_to(run.href, RT.HYPERLINK, is_external=True)
            r = f'<w:hyperlink r:id="{rid}" w:history="1">{r}</w:hyperlink>'
        out.append(r)
    return "".join(out)


def script_runs(ctx: Ctx, run: model.Run, style: str | None, extra: str = "") -> list[tuple[str, str]]:
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


def add_text(ctx: Ctx, p: Any, text: Text | str) -> None:
    """Inline runs appended to paragraph `p` (marked right to left when it reads so)."""
    frag = parse_xml(f"<w:p {NS_WR}>{runs_xml(ctx, p.part, text)}</w:p>")
    p._p.extend(list(frag))
    if is_rtl(text if isinstance(text, str) else plain(text), ctx.document.meta.language, ctx.direction):
        mark_rtl(p)


def mark_languages(root: Any, lang: str, cs_fonts: dict[str, str] | None = None) -> None:
    """Give each run in another script than the document's its language (scriptlang.py), in
    the `w:lang` slot Word reads for that script; a run that mixes scripts is cut in pieces.
    A run in a complex script (Arabic, Hebrew, Devanagari) written without `runs_xml` (a
    caption, a contents entry) gets what `script_runs` gives: its font (`cs_fonts`, the
    theme's `fonts.complex_script`), `w:bCs`, `w:rtl` and `w:lang w:bidi`."""
    t_tag, r_tag = qn("w:t"), qn("w:r")
    for r in list(root.iter(r_tag)):
        ts = r.findall(t_tag)
        if not ts:
            continue
        rpr0 = r.find(qn("w:rPr"))
        if rpr0 is not None and rpr0.find(qn("w:lang")) is not None:
            continue  # -- complex scripts have theirs already (`script_runs`) --
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
                    complex_script_props(rpr, "".join(t.text or "" for t in run.findall(t_tag)), cs_fonts, lang)
            if len(pieces) > 1:
                r.addprevious(run)
        if len(pieces) > 1:
            r.getparent().remove(r)


def complex_script_props(rpr: Any, text: str, cs_fonts: dict[str, str], lang: str) -> None:
    script = script_of(text)
    if script is None:
        return
    font = cs_fonts.get(script)
    if font:
        fonts = rpr.find(qn("w:rFonts"))
        if fonts is None:
            fonts = OxmlElement("w:rFonts")
            rpr_put(rpr, fonts)
        fonts.set(qn("w:cs"), font)
    if rpr.find(qn("w:b")) is not None and rpr.find(qn("w:bCs")) is None:
        rpr_put(rpr, OxmlElement("w:bCs"))
    if rpr.find(qn("w:i")) is not None and rpr.find(qn("w:iCs")) is None:
        rpr_put(rpr, OxmlElement("w:iCs"))
    if script in ("arabic", "hebrew") and rpr.find(qn("w:rtl")) is None:
        rpr_put(rpr, OxmlElement("w:rtl"))
    el = rpr.find(qn("w:lang"))
    if el is not None:
        el.set(qn("w:bidi"), language_of(text, script, lang))

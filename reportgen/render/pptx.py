"""The PowerPoint deck writer: emits the slides `render/slides/` planned, with python-pptx.

Everything about what goes where and how much fits on a slide is decided by the planner; this
module only turns `SlideSpec`s into shapes: placeholders of the theme's layouts filled by type
(moved to the planned geometry so that the measurements hold), text with explicit spacing and
indents and no autofit, native charts, pictures with alt text, timelines as shapes, slide
numbers as fields, and speaker notes.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_CONNECTOR, MSO_SHAPE, PP_PLACEHOLDER
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE, PP_ALIGN
from pptx.opc.packuri import PackURI
from pptx.oxml.ns import qn
from pptx.util import Emu, Pt

from ..bidi import scope_is_rtl
from ..errors import InputError
from ..model import Document, Run, plain
from ..scripts import is_rtl, language_of, script_of
from ..theme import Theme
from .charts import chart_data, chart_type, style_chart
from .chartstyle import alt_text
from .fontembed import embed_in_pptx
from .ooxml import core_text, normalize_zip, read_template, template_as_document
from .scriptlang import segments, slot
from .slides import (
    BLOCK_PLANNERS,
    CONTINUED_ROW_TABLE,
    ChartSpec,
    ImageSpec,
    Para,
    SlideSpec,
    TableSpec,
    TextFrame,
    TimelineSpec,
    plan_slides,
)

#: one handler per block type: each plans the slides of its block
#: (`render/slides/blockslides.py`, found by name there); the writer below emits the planned
#: items, whatever block they came from
HANDLERS = dict(BLOCK_PLANNERS)

#: U+2060: zero width, no line break on either side
WORD_JOINER = "\u2060"
_ALIGN = {"left": PP_ALIGN.LEFT, "center": PP_ALIGN.CENTER, "right": PP_ALIGN.RIGHT}
_ANCHOR = {"top": MSO_ANCHOR.TOP, "middle": MSO_ANCHOR.MIDDLE, "bottom": MSO_ANCHOR.BOTTOM}
_TITLE_TYPES = (PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE)
_ROLE_TYPES = {
    "title": _TITLE_TYPES,
    "subtitle": (PP_PLACEHOLDER.SUBTITLE, PP_PLACEHOLDER.BODY),
    "body": (PP_PLACEHOLDER.OBJECT, PP_PLACEHOLDER.BODY),
}
#: a fixed field id keeps the bytes reproducible
_SLIDENUM_ID = "{B6F15528-21DE-4FAA-801E-634DDDAF4B2B}"


def _emu(pt: float) -> Emu:
    return Emu(int(round(pt * 12700)))


def render(document: Document, theme: Theme) -> bytes:
    """The deck of `document` as .pptx bytes, identical for identical input."""
    specs = plan_slides(document, theme)
    return _Writer(document, theme).write(specs)


def _fast_partnames(package: Any) -> None:
    """python-pptx names each new part (slide, notes page, chart) by walking every part of
    the package, so a deck of n slides costs n^2 in naming alone (at 50 x the sample, 499
    slides, 1.4 s of 19 s). Keep the names seen so far instead; the choice is python-pptx's
    own (the highest free n <= count + 1), so the bytes do not change. Only for this
    package, this render."""
    seen: dict[str, set[str]] = {}
    walk = package.iter_parts

    def next_partname(tmpl: str) -> PackURI:
        prefix = tmpl[: (tmpl % 42).find("42")]
        names = seen.get(prefix)
        if names is None:
            names = seen[prefix] = {str(p.partname) for p in walk() if p.partname.startswith(prefix)}
        for n in range(len(names) + 1, 0, -1):
            candidate = tmpl % n
            if candidate not in names:
                names.add(candidate)
                return PackURI(candidate)
        raise AssertionError("no free part name")  # pragma: no cover - n = count + 1 is free

    package.next_partname = next_partname


class _Writer:
    def __init__(self, document: Document, theme: Theme) -> None:
        self.doc = document
        self.theme = theme
        self.ref = theme.reference_pptx
        self.prs = _open(self.ref)
        _fast_partnames(self.prs.part.package)
        self.prs.slide_width = _emu(theme.slide.width * 72)
        self.prs.slide_height = _emu(theme.slide.height * 72)
        #: each section's `dir:` by its outline path; the slide being written's (`direction_of`)
        self.dirs = {s.origin: s.dir for s in document.all_sections()}
        self.direction = document.meta.dir

    def color(self, key: str) -> RGBColor:
        c = self.theme.colors
        if "." in key:
            name, sub = key.split(".", 1)
            return RGBColor.from_string(getattr(c, name)[sub])
        return RGBColor.from_string(getattr(c, key))

    # -- the deck --

    def write(self, specs: Sequence[SlideSpec]) -> bytes:
        # -- only the roles this deck uses must exist: a template without "Blank" still works --
        self.layouts = _layouts_by_role(self.prs, self.theme, self.ref, {s.layout for s in specs})
        for i, spec in enumerate(specs, start=1):
            self.direction = self.direction_of(spec.origin)
            slide = self.prs.slides.add_slide(self.layouts[spec.layout])
            if self.ref is None:
                slide.background.fill.solid()
                slide.background.fill.fore_color.rgb = self.color("background")
            self.slide_items(slide, spec, i)
            if spec.notes:
                slide.notes_slide.notes_text_frame.text = spec.notes
        if self.ref is None:
            self.link_colors()
        self.core_properties()
        out = io.BytesIO()
        self.prs.save(out)
        return normalize_zip(embed_in_pptx(out.getvalue(), self.theme), self.doc.created)

    def direction_of(self, origin: str) -> str:
        """The `dir:` of what a slide shows: that of the innermost section its outline path is
        in (`sections[1].body[2]` is in `sections[1]`), else the document's."""
        best = ""
        for o in self.dirs:
            if len(o) > len(best) and (origin == o or origin.startswith(o + ".")):
                best = o
        return self.dirs[best] if best else self.doc.meta.dir

    def link_colors(self) -> None:
        """Hyperlinks in the theme's link colour: PowerPoint draws them in the slide theme's
        `hlink` colour, whatever the run says, so set that (not for a house template, whose
        own colour scheme stays)."""
        from pptx.opc.constants import RELATIONSHIP_TYPE as RT

        theme_part = self.prs.slide_masters[0].part.part_related_by(RT.THEME)
        xml = theme_part.blob
        link = self.theme.colors.link.encode()
        for tag in (b"hlink", b"folHlink"):
            xml = re.sub(rb"(<a:" + tag + rb">\s*<a:srgbClr val=\")[0-9A-Fa-f]{6}", rb"\g<1>" + link, xml)
        theme_part._blob = xml

    def core_properties(self) -> None:
        meta, cp = self.doc.meta, self.prs.core_properties
        cp.title = core_text(meta.title)
        cp.subject = core_text(meta.subtitle or "")
        cp.author = core_text(meta.author or meta.organization or "")
        cp.last_modified_by = cp.author
        cp.keywords = core_text(", ".join(meta.keywords))
        cp.category = core_text(self.doc.marking)
        cp.content_status = core_text(self.doc.marking)
        cp.comments = core_text(self.doc.audience_label or "")
        cp.language = core_text(meta.language)
        cp.revision = 1
        cp.created = cp.modified = self.doc.created
        cp.last_printed = self.doc.created

    # -- slides --

    def slide_items(self, slide: Any, spec: SlideSpec, number: int) -> None:
        used: set[int] = set()
        for item in spec.items:
            if isinstance(item, TextFrame):
                self.text_frame(slide, item, used, number)
            elif isinstance(item, TableSpec):
                self.table(slide, item)
            elif isinstance(item, ChartSpec):
                self.chart(slide, item)
            elif isinstance(item, ImageSpec):
                self.image(slide, item)
            elif isinstance(item, TimelineSpec):
                self.timeline(slide, item)
            else:  # pragma: no cover -- the planner makes only these --
                raise TypeError(f"pptx writer: unknown slide item {type(item).__name__}")
        # -- placeholders the slide did not fill would show "Click to add text" --
        for ph in list(slide.placeholders):
            if ph.shape_id not in used:
                ph._element.getparent().remove(ph._element)

    def placeholder(self, slide: Any, role: str, used: set[int]) -> Any:
        for ph in slide.placeholders:
            if ph.shape_id in used:
                continue
            if ph.placeholder_format.type in _ROLE_TYPES[role]:
                return ph
        return None

    def text_frame(self, slide: Any, f: TextFrame, used: set[int], number: int) -> None:
        shape = self.placeholder(slide, f.role, used) if f.role else None
        if shape is None:
            shape = slide.shapes.add_textbox(_emu(f.x), _emu(f.y), _emu(f.w), _emu(f.h))
        else:
            used.add(shape.shape_id)
            shape.left, shape.top, shape.width, shape.height = (
                _emu(f.x), _emu(f.y), _emu(f.w), _emu(f.h))
        if f.kind in ("marking", "number", "kicker"):
            shape.name = {"marking": "Marking", "number": "Slide Number", "kicker": "Kicker"}[f.kind]
        if f.kind == "kicker":
            # -- the tracker line reads before the title (screen readers, `check`), though the
            # layout's title placeholder comes first in the shape tree --
            for ph in slide.placeholders:
                if ph.placeholder_format.type in _TITLE_TYPES:
                    ph._element.addprevious(shape._element)
                    break
        if f.fill:
            shape.fill.solid()
            shape.fill.fore_color.rgb = self.color(f.fill)
        if f.border:
            shape.line.color.rgb = self.color(f.border)
            shape.line.width = Pt(1.5)
        tf = shape.text_frame
        self.frame_props(tf, f.inset, f.anchor)
        self.paragraphs(tf, f.paras, slide, slide_number=number if f.kind == "number" else None)
        if f.kind == "title":
            # -- a layout may set titles in capitals (the default Section Header does); the
            # deck shows section titles as the brief and handout do --
            for rPr in tf._txBody.iter(qn("a:rPr")):
                rPr.set("cap", "none")

    def frame_props(self, tf: Any, inset: float, anchor: str) -> None:
        # -- measured text never needs autofit, and autofit would only act after an edit (python-pptx issue 1021) --
        tf.word_wrap = True
        tf.auto_size = MSO_AUTO_SIZE.NONE
        tf.margin_left = tf.margin_right = tf.margin_top = tf.margin_bottom = _emu(inset)
        tf.vertical_anchor = _ANCHOR[anchor]

    def paragraphs(self, tf: Any, paras: Sequence[Para], slide: Any,
                   slide_number: int | None = None) -> None:
        tf.clear()
        for i, p in enumerate(paras):
            para = tf.paragraphs[0] if i == 0 else tf.add_paragraph()
            self.para_props(para, p)
            if slide_number is not None:
                self.slide_number_field(para, p, slide_number)
                continue
            for run in _bracket_cites(p.text):
                self.run(para, run, p, slide)
                if run.href:
                    # -- LibreOffice (7.4) draws a link in the colour of the run after it: black
                    # before "." on one slide, its own blue at a paragraph's end on another. A
                    # word joiner in link colour follows each link, so links look alike on
                    # every slide --
                    self.run(para, Run(WORD_JOINER), p, slide, color="link")
            if not p.text:
                # -- an empty paragraph still takes a line of its size --
                para.font.size = Pt(p.size)

    def para_props(self, para: Any, p: Para) -> None:
        para.alignment = _ALIGN[p.align]
        para.line_spacing = p.line_spacing
        para.space_before = Pt(0)
        para.space_after = Pt(p.space_after)
        pPr = para._p.get_or_add_pPr()
        if is_rtl(plain(p.text), self.doc.meta.language, self.direction):
            # -- a right-to-left paragraph: PowerPoint orders it, puts its bullet on the right
            # and aligns it right unless it is centred --
            pPr.set("rtl", "1")
            if p.align == "left":
                pPr.set("algn", "r")
        pPr.set("marL", str(int(_emu(p.indent))))
        pPr.set("indent", str(-int(_emu(p.hang))))
        for tag in ("a:buNone", "a:buChar", "a:buAutoNum", "a:buFont", "a:buClr", "a:buSzPct"):
            for el in pPr.findall(qn(tag)):
                pPr.remove(el)
        if p.bullet or p.number is not None:
            clr = pPr.makeelement(qn("a:buClr"), {})
            srgb = clr.makeelement(qn("a:srgbClr"), {"val": self.theme.colors.secondary})
            clr.append(srgb)
            font = pPr.makeelement(qn("a:buFont"), {"typeface": self.theme.fonts.body})
            if p.number is not None:
                # -- each number stated: right after a "(cont.)" title it goes on from the slide before --
                bu = pPr.makeelement(qn("a:buAutoNum"), {"type": "arabicPeriod", "startAt": str(p.number)})
            else:
                bu = pPr.makeelement(qn("a:buChar"), {"char": str(p.bullet)})
            for el in (clr, font, bu):
                _insert_pPr_child(pPr, el)
        else:
            _insert_pPr_child(pPr, pPr.makeelement(qn("a:buNone"), {}))

    def run(self, para: Any, run: Run, p: Para, slide: Any, color: str | None = None) -> None:
        # -- a piece in another script than the deck's says its language (scriptlang.py);
        # complex scripts get theirs from `script_font` --
        for piece, lang in segments(run.text, self.doc.meta.language):
            r = para.add_run()
            r.text = piece
            link = bool(run.href) or run.cite is not None
            self.font(r.font, p, run, color="link" if link else color)
            if lang and slot(lang) != "cs":
                r.font._rPr.set("lang", lang)
            self.script_font(r.font._rPr, piece)
            # -- a citation is text in link colour, not a link to the sources slide: LibreOffice
            # breaks a line on either side of a linked run, no-break space or not, so "[1]" could
            # start a line or leave its full stop alone on the next; and a click on it in
            # a slide show would jump away from the slide --
            if run.href:
                r.font.underline = True
                r.hyperlink.address = run.href

    def font(self, font: Any, p: Para, run: Run | None = None, color: str | None = None) -> None:
        """Set a run's font in one go (python-pptx's setters re-walk the XML for each)."""
        fonts = self.theme.fonts
        code = bool(run and run.code)
        family = fonts.mono if code else (fonts.heading if p.family == "heading" else fonts.body)
        rPr = font._rPr
        for child in list(rPr):
            rPr.remove(child)
        rPr.set("lang", self.doc.meta.language)
        rPr.set("sz", str(int(round(p.size * 100))))
        rPr.set("b", "1" if p.bold or (run and run.bold) else "0")
        rPr.set("i", "1" if p.italic or (run and run.italic) else "0")
        fill = rPr.makeelement(qn("a:solidFill"), {})
        fill.append(fill.makeelement(qn("a:srgbClr"), {"val": str(self.color(color or p.color))}))
        rPr.append(fill)
        rPr.append(rPr.makeelement(qn("a:latin"), {"typeface": family}))
        # -- Hangul needs the east-Asian font slot: PowerPoint draws it with the `a:ea` font, not `a:latin` --
        rPr.append(rPr.makeelement(qn("a:ea"), {"typeface": fonts.east_asian}))

    def script_font(self, rPr: Any, text: str) -> None:
        """A complex-script run's font (`a:cs`, from the theme's `fonts.complex_script`) and
        language (Arabic, Persian, Hebrew, Hindi), which PowerPoint and LibreOffice use to pick
        a font and shape it; README "Languages and scripts"."""
        script = script_of(text)
        if script is None:
            return
        rPr.set("lang", language_of(text, script, self.doc.meta.language))
        font = self.theme.fonts.complex_script.get(script)
        if font:
            cs = rPr.makeelement(qn("a:cs"), {"typeface": font})
            ea = rPr.find(qn("a:ea"))
            if ea is not None:
                ea.addnext(cs)
            else:
                rPr.append(cs)

    def slide_number_field(self, para: Any, p: Para, number: int) -> None:
        """A `slidenum` field: PowerPoint renumbers it, other readers show the number written."""
        # -- add_slide copies no sldNum placeholder (#64), so the field goes in a text box --
        fld = para._p.makeelement(qn("a:fld"), {"id": _SLIDENUM_ID, "type": "slidenum"})
        r = para.add_run()
        self.font(r.font, p)
        rPr = r._r.find(qn("a:rPr"))
        fld.append(rPr)
        t = fld.makeelement(qn("a:t"), {})
        t.text = str(number)
        fld.append(t)
        r._r.addprevious(fld)
        r._r.getparent().remove(r._r)

    # -- tables --

    def table(self, slide: Any, t: TableSpec) -> None:
        nrows, ncols = len(t.rows), len(t.col_widths)
        gf = slide.shapes.add_table(nrows, ncols, _emu(t.x), _emu(t.y), _emu(t.w), _emu(t.h))
        if t.sources and t.sources[0][1] > 0:
            # -- the first row is the rest of a row cut on the slide before (`check` joins them) --
            gf.name = CONTINUED_ROW_TABLE
        tbl = gf.table
        tbl.first_row = True
        tbl.horz_banding = False
        if scope_is_rtl(self.direction, self.doc.meta.language):
            # -- a right-to-left table: its first column on the right (DrawingML `a:tblPr rtl`) --
            tbl._tbl.tblPr.set("rtl", "1")
        for c, w in enumerate(t.col_widths):
            tbl.columns[c].width = _emu(w)
        for ri, (row, h) in enumerate(zip(t.rows, t.row_heights, strict=True)):
            tbl.rows[ri].height = _emu(h)
            header = ri == 0
            for c, cell in enumerate(tbl.rows[ri].cells):
                text = row[c] if c < len(row) else ()
                cell.margin_left = cell.margin_right = _emu(t.margin)
                cell.margin_top = cell.margin_bottom = _emu(t.margin)
                cell.vertical_anchor = MSO_ANCHOR.TOP
                cell.fill.solid()
                if header:
                    cell.fill.fore_color.rgb = self.color("table_header")
                elif ri % 2 == 0:
                    cell.fill.fore_color.rgb = self.color("table_stripe")
                else:
                    cell.fill.fore_color.rgb = self.color("background")
                tf = cell.text_frame
                tf.word_wrap = True
                p = Para(text, t.size, bold=header,
                         color="table_header_text" if header else "text",
                         line_spacing=self.theme.slide.line_spacing,
                         align="right" if c < len(t.right) and t.right[c] else "left")
                self.paragraphs(tf, [p], slide)

    # -- charts --

    def chart(self, slide: Any, c: ChartSpec) -> None:
        ch = c.chart
        gf = slide.shapes.add_chart(chart_type(ch.kind), _emu(c.x), _emu(c.y), _emu(c.w),
                                    _emu(c.h), chart_data(ch))
        # -- alt text in descr, as pictures carry theirs: the outline's or a summary of the data --
        gf._element.nvGraphicFramePr.cNvPr.set("descr", alt_text(ch))
        style_chart(gf.chart, ch, self.theme, c.size, c.data_labels)

    # -- pictures --

    def image(self, slide: Any, im: ImageSpec) -> None:
        pic = slide.shapes.add_picture(str(im.file), _emu(im.x), _emu(im.y), _emu(im.w), _emu(im.h))
        # -- python-pptx writes the file name into descr; the reader needs the alt text --
        pic._element.nvPicPr.cNvPr.set("descr", im.alt)
        pic.name = f"Picture {pic.shape_id}"

    # -- timelines --

    def timeline(self, slide: Any, t: TimelineSpec) -> None:
        line = slide.shapes.add_connector(MSO_CONNECTOR.STRAIGHT, _emu(t.x), _emu(t.line_y),
                                          _emu(t.x + t.w), _emu(t.line_y))
        line.line.color.rgb = self.color("secondary")
        line.line.width = Pt(2.5)
        line.name = "Timeline"
        used: set[int] = set()
        for cx, date, event in t.entries:
            r = t.marker / 2
            dot = slide.shapes.add_shape(MSO_SHAPE.OVAL, _emu(cx - r), _emu(t.line_y - r),
                                         _emu(t.marker), _emu(t.marker))
            dot.fill.solid()
            dot.fill.fore_color.rgb = self.color("accent")
            dot.line.color.rgb = self.color("background")
            dot.name = "Timeline marker"
            self.text_frame(slide, date, used, 0)
            self.text_frame(slide, event, used, 0)


def _bracket_cites(text: Sequence[Run]) -> list[Run]:
    """`text` with each citation group made one run in link colour, brackets included:
    `[1, 3]`, not `[1` and `3]` in link colour around a plain `, `. The punctuation after the
    group stays outside, as in the brief and the handout."""
    runs = list(text)
    out: list[Run] = []
    i = 0
    while i < len(runs):
        r = runs[i]
        if r.text.endswith("[") and i + 1 < len(runs) and runs[i + 1].cite is not None:
            j = i + 1
            # -- only a separator joins citations into one group: "[1, 2]", not "[1]; then [2]" --
            while (j + 2 < len(runs) and runs[j + 1].cite is None and runs[j + 1].text.strip() in (",", ";")
                   and runs[j + 2].cite is not None):
                j += 2
            if j + 1 < len(runs) and runs[j + 1].text.startswith("]") and runs[j + 1].cite is None:
                group = "".join(x.text for x in runs[i + 1:j + 1])
                first = runs[i + 1]
                out.append(replace(r, text=r.text[:-1]))
                out.append(replace(first, text="[" + group + "]"))
                runs[j + 1] = replace(runs[j + 1], text=runs[j + 1].text[1:])
                i = j + 1
                continue
        out.append(r)
        i += 1
    return [r for r in out if r.text]


def _insert_pPr_child(pPr: Any, el: Any) -> None:
    """Insert a bullet element into `a:pPr` in schema order (after spacing, before tabs)."""
    after = ("a:lnSpc", "a:spcBef", "a:spcAft", "a:buClrTx", "a:buClr", "a:buSzTx", "a:buSzPct",
             "a:buSzPts", "a:buFontTx", "a:buFont")
    order = after + ("a:buNone", "a:buAutoNum", "a:buChar", "a:buBlip")
    rank = order.index(_short(el.tag))
    pos = 0
    for i, child in enumerate(pPr):
        s = _short(child.tag)
        if s in order and order.index(s) <= rank:
            pos = i + 1
    pPr.insert(pos, el)


def _short(tag: str) -> str:
    return "a:" + tag.split("}", 1)[1] if "}" in tag else tag


# -- templates -------------------------------------------------------------------------------


def _open(ref: Any) -> Any:
    """A presentation from the theme's reference file (its sample slides removed), or the
    python-pptx default."""
    if ref is None:
        return Presentation()
    data = template_as_document(read_template(ref, "PowerPoint"), ref.suffix)
    try:
        prs = Presentation(io.BytesIO(data))
    except Exception as e:  # -- python-pptx raises several types for a broken package --
        raise InputError(f"{ref}: not a readable PowerPoint file ({e})") from None
    _drop_slides(prs)
    return prs


def _drop_slides(prs: Any) -> None:
    """Remove a template's own slides: relationship, `sldId` and any `p14:sectionLst` (#67)."""
    sld_ids = prs.slides._sldIdLst
    for sld in list(sld_ids):
        prs.part.drop_rel(sld.rId)
        sld_ids.remove(sld)
    pres = prs.part._element
    for ext_lst in pres.findall(qn("p:extLst")):
        for ext in list(ext_lst):
            if any(child.tag.endswith("}sectionLst") for child in ext):
                ext_lst.remove(ext)
        if len(ext_lst) == 0:
            pres.remove(ext_lst)


#: a layout role the theme's template may lack, and the role whose layout stands in for it
LAYOUT_FALLBACK = {"two_content": "content"}


def _layouts_by_role(prs: Any, theme: Theme, ref: Any, roles: set[str]) -> dict[str, Any]:
    """The layout of each role (title, section, content, ...), by the names in the theme."""
    by_name: dict[str, Any] = {}
    for master in prs.slide_masters:
        for layout in master.slide_layouts:
            by_name.setdefault(layout.name, layout)
    names = theme.slide.layouts.model_dump()
    out = {}
    missing = []
    for role, name in names.items():
        if role not in roles:
            continue
        if name in by_name:
            out[role] = by_name[name]
        elif role in LAYOUT_FALLBACK and names[LAYOUT_FALLBACK[role]] in by_name:
            # -- a template without a two-content layout: points and figure on the content one --
            out[role] = by_name[names[LAYOUT_FALLBACK[role]]]
        else:
            missing.append(f"slide.layouts.{role}: '{name}'")
    if missing:
        where = ref if ref is not None else "the default PowerPoint template"
        raise InputError(
            f"theme '{theme.name}': {where} has no layout named {', '.join(missing)}; "
            f"its layouts are: {', '.join(repr(n) for n in by_name)}. "
            "Set slide.layouts in theme.yaml to these names."
        )
    return out


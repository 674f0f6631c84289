"""Stamping numbered copies: one rendered file, then "Copy 3 of 12 — name, organisation" added
to every page, slide or header, and to the file's metadata, once per recipient.

A copy is never rendered anew: the brief and the deck are zip packages whose header, footer
or slide parts get one more paragraph or text box (every other member is copied as it is), and
the handout gets a small overlay drawn on each page (pikepdf), marked as a pagination artifact
like the running header. Every step is deterministic, so a copy stamped twice from the same
file has the same bytes (README "Numbered copies").

Where the line goes comes from the theme (`copies.place`, `copies.color`); its words from the
document's labels (`labels.copy`). The metadata holds the whole copy line: the brief's and
deck's `dc:identifier` core property, the handout's `/ReportgenCopy` document information
entry, the HTML page's `reportgen-copy` meta element; `copy_metadata` reads it back for
`reportgen trace`.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape

if TYPE_CHECKING:
    from ..model import Document
    from ..theme import Theme

#: the handout's document information key that holds the copy line
PDF_KEY = "/ReportgenCopy"
#: the HTML page's meta element that holds the copy line
HTML_META = "reportgen-copy"
#: name of the deck's copy-line text box (a furniture frame, see check/readers.py)
SLIDE_SHAPE = "Copy"

#: a stamper: the copy line -> the stamped file's bytes
Stamper = Callable[[str], bytes]

_CORE_ID = re.compile(rb"<dc:identifier>.*?</dc:identifier>|<dc:identifier/>", re.S)


def _xml(text: str) -> str:
    from .ooxml import core_text

    return escape(core_text(text), {'"': "&quot;"})


def _with_identifier(core: bytes, line: str) -> bytes:
    """`docProps/core.xml` whose `dc:identifier` is `line`."""
    element = f"<dc:identifier>{_xml(line)}</dc:identifier>".encode()
    if _CORE_ID.search(core):
        return _CORE_ID.sub(lambda _: element, core, count=1)
    return core.replace(b"</cp:coreProperties>", element + b"</cp:coreProperties>", 1)


class _Package:
    """An OOXML package read once, written again per copy with some members edited: same
    order, same timestamps and attributes, so equal input gives equal bytes."""

    def __init__(self, data: bytes) -> None:
        src = zipfile.ZipFile(io.BytesIO(data))
        self.infos = src.infolist()
        self.bodies = {i.filename: src.read(i.filename) for i in self.infos}

    def write(self, edit: Callable[[str, bytes], bytes]) -> bytes:
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
            for info in self.infos:
                zi = zipfile.ZipInfo(info.filename, date_time=info.date_time)
                zi.compress_type = info.compress_type
                zi.external_attr = info.external_attr
                zi.create_system = info.create_system
                dst.writestr(zi, edit(info.filename, self.bodies[info.filename]))
        return out.getvalue()

    def stamped(self, line: str, parts: re.Pattern[str], add: Callable[[bytes], bytes]) -> bytes:
        """The package with `line` as its `dc:identifier` and `add` applied to each member
        whose name `parts` matches (the brief's headers or footers, the deck's slides)."""

        def edit(name: str, body: bytes) -> bytes:
            if name == "docProps/core.xml":
                return _with_identifier(body, line)
            return add(body) if parts.fullmatch(name) else body

        return self.write(edit)


def _place(theme: Theme) -> tuple[str, str]:
    """("top" | "bottom", "left" | "right") from the theme's `copies.place`."""
    v, h = theme.config.copies.place.split("-")
    return v, h


def _color(theme: Theme) -> str:
    return str(getattr(theme.colors, theme.config.copies.color))


# -- the brief -------------------------------------------------------------------------------


def stamp_docx(data: bytes, theme: Theme, doc: Document) -> Stamper:
    """The brief: a paragraph in each header (top) or footer (bottom), at the left or right."""
    vertical, side = _place(theme)
    part = re.compile(r"word/header\d*\.xml" if vertical == "top" else r"word/footer\d*\.xml")
    size = round(theme.sizes.brief.small * 2)
    color = _color(theme)
    lang = escape(doc.meta.language, {'"': "&quot;"})
    package = _Package(data)

    def stamp(line: str) -> bytes:
        para = (f'<w:p><w:pPr><w:pStyle w:val="{"Header" if vertical == "top" else "Footer"}"/>'
                f'<w:jc w:val="{side}"/></w:pPr><w:r><w:rPr><w:b/><w:color w:val="{color}"/>'
                f'<w:sz w:val="{size}"/><w:szCs w:val="{size}"/><w:lang w:val="{lang}"/></w:rPr>'
                f'<w:t xml:space="preserve">{_xml(line)}</w:t></w:r></w:p>').encode()

        def add(body: bytes) -> bytes:
            if vertical == "top":
                # -- first in the header, above the marking --
                return re.sub(rb"(<w:hdr\b[^>]*>)", lambda m: m.group(1) + para, body, count=1)
            return body.replace(b"</w:ftr>", para + b"</w:ftr>", 1)

        return package.stamped(line, part, add)

    return stamp


# -- the deck --------------------------------------------------------------------------------


def stamp_pptx(data: bytes, theme: Theme, doc: Document) -> Stamper:
    """The deck: a text box named "Copy" on every slide, in the margin band at the top or
    bottom, at the left or right (the marking sits in the middle of the same band)."""
    vertical, side = _place(theme)
    emu = 914400
    sl = theme.slide
    m = sl.margins
    width = (sl.width - m.left - m.right) * 0.38
    band = m.top if vertical == "top" else m.bottom
    x = m.left if side == "left" else sl.width - m.right - width
    y = 0.0 if vertical == "top" else sl.height - band
    size = round(theme.sizes.slide.small * 100)
    color = _color(theme)
    fonts = theme.fonts
    lang = escape(doc.meta.language, {'"': "&quot;"})
    slide = re.compile(r"ppt/slides/slide\d+\.xml")
    ids = re.compile(rb'<p:cNvPr id="(\d+)"')
    package = _Package(data)

    def stamp(line: str) -> bytes:
        def shape(sid: int) -> bytes:
            return (f'<p:sp><p:nvSpPr><p:cNvPr id="{sid}" name="{SLIDE_SHAPE}"/><p:cNvSpPr txBox="1"/>'
                    f'<p:nvPr/></p:nvSpPr><p:spPr><a:xfrm><a:off x="{round(x * emu)}" y="{round(y * emu)}"/>'
                    f'<a:ext cx="{round(width * emu)}" cy="{round(band * emu)}"/></a:xfrm>'
                    f'<a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:noFill/></p:spPr>'
                    f'<p:txBody><a:bodyPr wrap="square" lIns="0" rIns="0" tIns="0" bIns="0" anchor="ctr">'
                    f'<a:noAutofit/></a:bodyPr><a:lstStyle/><a:p><a:pPr algn="{"l" if side == "left" else "r"}"'
                    f' marL="0" indent="0"><a:buNone/></a:pPr><a:r><a:rPr lang="{lang}" sz="{size}" b="1"'
                    f' i="0"><a:solidFill><a:srgbClr val="{color}"/></a:solidFill>'
                    f'<a:latin typeface="{escape(fonts.body)}"/><a:ea typeface="{escape(fonts.east_asian)}"/>'
                    f'</a:rPr><a:t>{_xml(line)}</a:t></a:r></a:p></p:txBody></p:sp>').encode()

        def add(body: bytes) -> bytes:
            sid = max((int(i) for i in ids.findall(body)), default=1) + 1
            return body.replace(b"</p:spTree>", shape(sid) + b"</p:spTree>", 1)

        return package.stamped(line, slide, add)

    return stamp


# -- the handout -----------------------------------------------------------------------------


def stamp_pdf(data: bytes, theme: Theme, doc: Document) -> Stamper:
    """The handout: the line drawn on every page as a Form XObject (one per copy, made by
    reportlab with the handout's fonts), inside a pagination artifact, in the header band
    (top) or footer band (bottom); the line also goes into the document information."""
    import pikepdf
    from reportlab.lib.enums import TA_LEFT, TA_RIGHT
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfgen import canvas as rl_canvas

    from . import pdftag
    from .pdf import _draw_para
    from .pdfctx import Ctx, _hex

    ctx = Ctx(doc, theme)
    vertical, side = _place(theme)
    m = ctx.margins
    style = ParagraphStyle("Copy", parent=ctx.styles.header, textColor=_hex(_color(theme)),
                           alignment=TA_LEFT if side == "left" else TA_RIGHT)
    y = ctx.page_h - m.top * 0.45 if vertical == "top" else m.bottom * 0.45

    def overlay(line: str) -> bytes:
        buf = io.BytesIO()
        c = rl_canvas.Canvas(buf, pagesize=(ctx.page_w, ctx.page_h), invariant=1,
                             initialFontName=ctx.fonts.family("body").name)
        # -- the font markup marks passages in another script for the handout's tagging; the
        # copy line is an artifact, so those marks draw nothing here --
        for name in (pdftag.SPAN_ON, pdftag.SPAN_OFF):
            c.setNamedCB(name, lambda *_: None)
        _draw_para(c, ctx.b(line), style, m.left, y, ctx.width)
        c.showPage()
        c.save()
        return buf.getvalue()

    def stamp(line: str) -> bytes:
        pdf = pikepdf.open(io.BytesIO(data))
        with pikepdf.open(io.BytesIO(overlay(line))) as over:
            form = pdf.copy_foreign(over.pages[0].as_form_xobject())
        for page in pdf.pages:
            name = page.add_resource(form, pikepdf.Name.XObject, pikepdf.Name("/RgCopy"))
            # -- a pagination artifact, as the running header is: screen readers and `check`
            # leave it out of the text (PDF 32000 14.8.2.2) --
            # -- the page's own drawing in q ... Q, so that the line is drawn in the page's
            # default coordinates whatever state the page leaves --
            page.contents_add(pdf.make_stream(b"q"), prepend=True)
            ops = f"Q q /Artifact <</Type /Pagination>> BDC {name} Do EMC Q".encode()
            page.contents_add(pdf.make_stream(ops), prepend=False)
        pdf.docinfo[PDF_KEY] = pikepdf.String(line)
        out = io.BytesIO()
        pdf.save(out, deterministic_id=True, min_version="1.7",
                 object_stream_mode=pikepdf.ObjectStreamMode.disable)
        return out.getvalue()

    return stamp


# -- the HTML page ---------------------------------------------------------------------------


def stamp_html(data: bytes, theme: Theme, doc: Document) -> Stamper:
    """The HTML page: the line under the marking in its top and bottom banners (a banner of
    its own when the page has no marking), and a `reportgen-copy` meta element. The theme's
    `copies.place` does not apply: a page has one top and one bottom."""
    from html import escape as html_escape

    text = data.decode("utf-8")
    generator = '<meta name="generator" content="reportgen">\n'
    banner = re.compile(r'(<p class="marking" id="marking-(?:top|bottom)"[^>]*>.*?)(</p>)', re.S)

    def stamp(line: str) -> bytes:
        e = html_escape(line, quote=True)
        out = text.replace(generator, f'{generator}<meta name="{HTML_META}" content="{e}">\n', 1)
        out, n = banner.subn(lambda m: f'{m.group(1)}<br><span class="copy">{e}</span>{m.group(2)}', out)
        if n == 0:
            out = out.replace('<header class="banner">',
                              f'<header class="banner"><p class="marking" id="copy-top">{e}</p>', 1)
            out = out.replace('<footer class="banner">',
                              f'<footer class="banner"><p class="marking" id="copy-bottom">{e}</p>', 1)
        return out.encode("utf-8")

    return stamp


# -- reading the metadata back ----------------------------------------------------------------


def copy_metadata(fmt: str, data: bytes) -> str | None:
    """The copy line a file's metadata holds, or None (not a numbered copy, or stripped)."""
    if fmt == "html":
        from html import unescape as html_unescape

        meta = re.search(rf'<meta name="{HTML_META}" content="([^"]*)">'.encode(), data)
        return html_unescape(meta.group(1).decode("utf-8", "replace")) if meta else None
    try:
        if fmt == "pdf":
            import pikepdf

            with pikepdf.open(io.BytesIO(data)) as pdf:
                value = pdf.docinfo.get(PDF_KEY)
                return str(value) if value is not None else None
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            core = z.read("docProps/core.xml").decode("utf-8", "replace")
    except Exception:  # noqa: BLE001 -- a damaged file has no metadata to read --
        return None
    found = re.search(r"<dc:identifier>(.*?)</dc:identifier>", core, re.S)
    if not found:
        return None
    from html import unescape

    return unescape(found.group(1)) or None

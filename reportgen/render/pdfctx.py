"""The handout's type and context: the paragraph styles derived from the theme, how tightly the
handout is set (`Fit`), and `Ctx`, what every block handler and document part needs (document,
theme, fonts, styles, frame width) with the helpers that turn user text into reportlab markup."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from reportlab.lib.colors import HexColor
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import TableStyle

from ..bidi import scope_is_rtl
from ..model import Document, Text, source_anchor
from ..theme import Theme
from .pdffonts import FontSet
from .pdfshape import Paragraph
from .roles import ROLES

#: leading as a multiple of font size, before the theme's line spacing (theme.page.line_spacing)
LEADING = 1.2


@dataclass(frozen=True)
class Fit:
    """How tightly the handout is set. The theme as written is `Fit()`; an audience with a page
    budget (`max_pages`) gets the first of `FIT_STEPS` whose handout fits."""

    #: type sizes, as a share of the theme's
    scale: float = 1.0
    #: space before and after headings, paragraphs, lists and boxes, as a share of the theme's
    space: float = 1.0
    #: a top-level section, the recommendations or the sources start on a new page when less
    #: than this share of the page is left (no heading stranded at the foot of a page)
    keep: float = 0.15


#: tighter spacing first; then type down to 90% of the theme's (10 pt body -> 9 pt), no further
FIT_STEPS = (Fit(), Fit(1.0, 0.6, 0.06), Fit(0.95, 0.5, 0.05), Fit(0.9, 0.45, 0.04))


def _hex(h: str) -> Any:
    return HexColor("#" + h)


def table_style(ctx: Ctx, cmds: list[tuple[Any, ...]]) -> TableStyle:
    """A TableStyle in the body font: reportlab's default table font is an unembedded Helvetica."""
    return TableStyle([("FONT", (0, 0), (-1, -1), ctx.fonts.family("body").name), *cmds])


@dataclass
class Styles:
    """The handout's paragraph styles, all derived from the theme."""

    body: ParagraphStyle
    item: ParagraphStyle
    lead: ParagraphStyle
    title: ParagraphStyle
    subtitle: ParagraphStyle
    meta: ParagraphStyle
    h: dict[int, ParagraphStyle]
    label: ParagraphStyle
    caption: ParagraphStyle
    small: ParagraphStyle
    cell: ParagraphStyle
    head_cell: ParagraphStyle
    quote: ParagraphStyle
    alt: ParagraphStyle
    attribution: ParagraphStyle
    box_title: ParagraphStyle
    source: ParagraphStyle
    header: ParagraphStyle
    footer_l: ParagraphStyle
    footer_c: ParagraphStyle
    footer_r: ParagraphStyle
    toc: list[ParagraphStyle]
    #: text role (render/roles.py) -> the first style made for it
    roles: dict[str, ParagraphStyle]


def make_styles(theme: Theme, fonts: FontSet, space: float = 1.0) -> Styles:
    """A ParagraphStyle sheet built from the theme (style names, not formatting): size, colour,
    font, weight and slant from the text roles the brief shares (render/roles.py), spacing and
    leading the handout's own; `space` scales the space before and after paragraphs (see `Fit`).

    A bold or italic role's style names the bold or italic face, as the brief's Word style says
    bold or italic; its text is still written inside `<b>`/`<i>` where it was, which picks the
    same face and tells `FontSet.markup` which face of a fallback font to use."""
    c, s = theme.colors, theme.sizes.handout
    ls = theme.page.line_spacing
    made: dict[str, ParagraphStyle] = {}

    def ps(name: str, role: str, **kw: Any) -> ParagraphStyle:
        r = ROLES[role]
        size = r.pt(s)
        kw.setdefault("leading", size * LEADING * ls)
        for k in ("spaceBefore", "spaceAfter"):
            if k in kw:
                kw[k] *= space
        style = ParagraphStyle(name, fontName=fonts.family(r.font).style(r.bold, r.italic), fontSize=size,
                               textColor=_hex(r.rgb(c)), **kw)
        made.setdefault(role, style)
        return style

    body = ps("Body", "body", spaceAfter=s.body * 0.6)
    h = {
        1: ps("Heading1", "h1", spaceBefore=s.h1 * 1.1, spaceAfter=s.h1 * 0.45, keepWithNext=1,
              leading=s.h1 * LEADING),
        2: ps("Heading2", "h2", spaceBefore=s.h2 * 0.9, spaceAfter=s.h2 * 0.35, keepWithNext=1,
              leading=s.h2 * LEADING),
        3: ps("Heading3", "h3", spaceBefore=s.h3 * 0.8, spaceAfter=s.h3 * 0.3, keepWithNext=1,
              leading=s.h3 * LEADING),
    }
    toc = [
        ps("TOC1", "toc1", leftIndent=0, firstLineIndent=0, spaceBefore=s.body * 0.35),
        ps("TOC2", "toc2", leftIndent=s.body * 1.6, firstLineIndent=0),
        ps("TOC3", "toc3", leftIndent=s.body * 3.2, firstLineIndent=0),
    ]
    source = ROLES["source"].pt(s)
    return Styles(
        body=body,
        item=ps("ListItem", "body", spaceAfter=s.body * 0.3),
        lead=ps("Lead", "lead", spaceAfter=s.body * 0.6),
        title=ps("Title", "title", leading=s.title * 1.15, spaceAfter=s.title * 0.25),
        subtitle=ps("Subtitle", "subtitle", leading=s.subtitle * 1.25, spaceAfter=s.subtitle * 0.5),
        meta=ps("Meta", "byline", spaceAfter=2),
        h=h,
        label=ps("Label", "label", spaceBefore=2, spaceAfter=2, keepWithNext=1),
        caption=ps("Caption", "caption", spaceBefore=4, spaceAfter=s.body * 0.8),
        small=ps("Small", "note", spaceAfter=s.small * 0.5),
        cell=ps("Cell", "table", leading=s.table * LEADING),
        head_cell=ps("HeadCell", "table_header", leading=s.table * LEADING),
        alt=ps("Alt", "alt", spaceAfter=s.small * 0.5),
        quote=ps("Quote", "quote"),
        attribution=ps("Attribution", "attribution", spaceBefore=3),
        box_title=ps("BoxTitle", "box_title", spaceAfter=2),
        source=ps("Source", "source", leftIndent=s.body * 2.2, firstLineIndent=-s.body * 2.2,
                  spaceAfter=s.small * 0.5, leading=source * LEADING),
        header=ps("Header", "marking", alignment=TA_CENTER),
        footer_l=ps("FooterL", "footer", alignment=TA_LEFT),
        footer_c=ps("FooterC", "marking", alignment=TA_CENTER),
        footer_r=ps("FooterR", "footer", alignment=TA_RIGHT),
        toc=toc,
        roles=made,
    )

class Ctx:
    """What handlers need: the document, theme, fonts, styles and the frame width."""

    def __init__(self, document: Document, theme: Theme, fit: Fit = Fit()) -> None:
        if fit.scale != 1.0:
            theme = _scaled(theme, fit.scale)
        self.document = document
        self.theme = theme
        self.fit = fit
        self.fonts = FontSet(theme)
        self.fonts.lang = document.meta.language
        self.styles = make_styles(theme, self.fonts, fit.space)
        w, h = theme.page_size_pt
        m = theme.page_margins_pt
        self.page_w, self.page_h = w, h
        self.margins = m
        self.width = w - m.left - m.right
        self.height = h - m.top - m.bottom
        self._keys = 0
        #: the theme's PDF-only settings (cell padding, box bar, rules, image height)
        self.opts = theme.config.pdf
        #: whether the section (or document) being laid out runs right to left: its tables'
        #: columns run from the right, boxes have their bar on the right (`section_flow` sets it)
        self.rtl = scope_is_rtl(document.meta.dir, document.meta.language)
        #: the handout's structure tree, TOC node and link names (pdftag.plan), once planned
        self.structure: tuple[Any, Any, dict[str, str]] = (None, None, {})

    # -- text --

    def text(self, s: str | None, role: str = "body", bold: bool = False, italic: bool = False) -> str:
        """Plain user text as escaped markup with fallback fonts; `bold`/`italic` say whether it
        sits inside `<b>`/`<i>` (see `FontSet.markup`)."""
        return self.fonts.markup(s or "", role, bold, italic)

    def b(self, s: str | None, role: str = "body") -> str:
        """Plain user text in bold markup."""
        return f"<b>{self.text(s, role, bold=True)}</b>"

    def inline(self, text: Text | None, role: str = "body") -> str:
        """Inline runs as reportlab markup: bold, italic, code, live links, citation links."""
        link = self.theme.colors.link
        mono = self.fonts.family("mono")
        out = []
        for run in text or ():
            s = self.fonts.markup(run.text, "mono" if run.code else role, run.bold, run.italic)
            if run.code:
                # -- DejaVu Sans Mono looks a size larger than Carlito at the same point size --
                s = f'<font name="{mono.style(run.bold, run.italic)}" size="-1">{s}</font>'
            if run.bold:
                s = f"<b>{s}</b>"
            if run.italic:
                s = f"<i>{s}</i>"
            if run.cite is not None:
                s = f'<a href="#{source_anchor(run.cite)}" color="#{link}">{s}</a>'
            elif run.href:
                s = f'<a href={quoteattr(run.href)} color="#{link}"><u>{s}</u></a>'
            out.append(s)
        return "".join(out)

    # -- headings and outline --

    def heading(self, title: str, level: int, key: str | None = None, toc: bool = True,
                style_level: int | None = None) -> Paragraph:
        """A bold heading paragraph that is a link target, a bookmark and (maybe) a TOC entry."""
        if key is None:
            self._keys += 1
            key = f"h-{self._keys}"
        style = self.styles.h[min(style_level or level + 1, 3)]
        p = Paragraph(f'<a name="{escape(key)}"/>{self.b(title, "heading")}', style)
        p._rg_outline = (key, title, level, self.text(title, "heading") if toc else None)  # type: ignore[attr-defined]
        return p



def _scaled(theme: Theme, scale: float) -> Theme:
    """`theme` with the handout's type sizes scaled."""
    sizes = theme.config.sizes
    handout = sizes.handout.model_copy(update={k: v * scale for k, v in sizes.handout.model_dump().items()})
    config = theme.config.model_copy(update={"sizes": sizes.model_copy(update={"handout": handout})})
    return dataclasses.replace(theme, config=config)

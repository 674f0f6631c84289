"""The brief's named styles (`Normal`, `Heading 1..9`, `Body Text`, `Caption`, `Quote`, `toc 1`,
`List Bullet`, ...) with the theme's colours, fonts and sizes, and `INK`, every theme colour the
brief draws as text (checked by `reportgen/themecheck.py`).

Size, colour, font, weight and slant of each style come from the text roles the brief shares with
the handout (`render/roles.py`; `WORD_STYLES` says which style sets which role); the spacing is
the brief's own.

With a reference.docx, its styles win: only the styles it lacks are created and formatted.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from docx.enum.style import WD_STYLE_TYPE
from docx.oxml.ns import qn
from docx.shared import Pt

from ...theme import Theme
from ..ink import Ink
from ..roles import ROLES
from .oxml import borders, complex_script_like_latin, rgb, set_fonts, set_lang

if TYPE_CHECKING:
    from .context import Ctx

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
    Ink("callout_border.*", "callout_fill.*", "brief.body", True, "callout titles"),
    Ink("text", "callout_fill.*", "brief.body", False, "callout text"),
    Ink("link", "callout_fill.*", "brief.body", False, "links in callouts"),
)


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


@dataclass(frozen=True)
class Role:
    """One named style of the brief and what the theme puts on it (None: left as it is)."""

    name: str
    base: str | None = "Normal"
    character: bool = False
    size: float | None = None
    color: str | None = None
    font: str | None = None
    bold: bool | None = None
    italic: bool | None = None
    before: float | None = None
    after: float | None = None
    keep: bool | None = None
    line: float | None = None


#: what a style inherits from `Normal` (the body role) and so leaves unset
_INHERITED = ROLES["body"]


def _role(theme: Theme, name: str, role: str, base: str | None = "Normal", *, force: tuple[str, ...] = (),
          before: float | None = None, after: float | None = None, keep: bool | None = None,
          line: float | None = None) -> Role:
    """Word style `name` formatted as text role `role` (render/roles.py): its size, and its
    colour, font, weight and slant where they differ from Normal's, or where `force` names them
    (the default template's own Subtitle, Caption, Quote and contents styles have their own)."""
    r = ROLES[role]

    def differs(attr: str) -> bool:
        return attr in force or getattr(r, attr) != getattr(_INHERITED, attr)

    return Role(
        name, base,
        size=r.pt(theme.sizes.brief),
        color=r.rgb(theme.colors) if differs("color") else None,
        font=getattr(theme.fonts, r.font) if differs("font") else None,
        bold=r.bold if differs("bold") else None,
        italic=r.italic if differs("italic") else None,
        before=before, after=after, keep=keep, line=line,
    )


def roles(theme: Theme) -> list[Role]:
    """The brief's named styles, in the order they are made: size, colour, font, weight and slant
    from the shared text roles (render/roles.py), spacing in points (in proportion to the
    sizes) the brief's own."""
    s = theme.sizes.brief
    hs = [ROLES[f"h{min(n, 3)}"].pt(s) for n in range(1, 10)]
    lists = ("List Bullet", "List Bullet 2", "List Bullet 3", "List Number", "List Number 2", "List Number 3")
    return [
        _role(theme, "Normal", "body", None, force=("color", "font"), after=s.body * 0.5,
              line=theme.page.line_spacing),
        _role(theme, "Body Text", "body", after=s.body * 0.6),
        _role(theme, "Title", "title", after=s.title * 0.2, line=1.0),
        _role(theme, "Subtitle", "subtitle", force=("italic",), after=s.subtitle * 0.6),
        *(_role(theme, f"Heading {n}", f"h{min(n, 3)}", before=size * (1.1 if n == 1 else 0.9),
                after=size * 0.4, keep=True, line=1.0)
          for n, size in enumerate(hs, 1)),
        _role(theme, "TOC Heading", "h1", "Heading 1"),
        _role(theme, "Lead", "lead", "Body Text", keep=True),
        _role(theme, "Label", "label", before=s.small * 0.4, after=s.small * 0.2, keep=True),
        _role(theme, "Byline", "byline", after=s.body * 0.2),
        _role(theme, "Caption", "caption", force=("bold", "italic"), before=s.caption * 0.4, after=s.body),
        _role(theme, "Table Text", "table", after=0, line=1.0),
        _role(theme, "Note", "note", before=s.small * 0.4, after=s.small),
        _role(theme, "Source", "source", after=s.small * 0.5, line=1.0),
        _role(theme, "Quote", "quote", force=("color",), before=s.body * 0.3, after=s.body * 0.2),
        _role(theme, "Attribution", "attribution", "Quote", force=("italic",), after=s.body),
        _role(theme, "Spacer", "spacer", after=0, line=1.0),
        *(_role(theme, f"toc {n}", f"toc{n}", force=("color",), before=s.body * 0.35 if n == 1 else 0,
                after=s.body * 0.1, line=1.0) for n in range(1, 4)),
        *(_role(theme, name, "body", after=s.body * 0.25) for name in lists),
        _role(theme, "Header", "marking", after=0, line=1.0),
        _role(theme, "Footer", "footer", after=0, line=1.0),
        # -- character styles (no text role: each format sets links and code in its own way):
        # links take only their colour; code its font, at nine tenths of the body size --
        Role("Hyperlink", None, True, color=theme.colors.link),
        Role("Citation", None, True, color=theme.colors.link),
        Role("Verbatim Char", None, True, font=theme.fonts.mono, size=s.body * 0.9),
    ]


#: the Word style each text role is set in (its first, when several share the role)
WORD_STYLES = {
    "body": "Normal", "title": "Title", "subtitle": "Subtitle", "h1": "Heading 1", "h2": "Heading 2",
    "h3": "Heading 3", "lead": "Lead", "label": "Label", "byline": "Byline", "caption": "Caption",
    "note": "Note", "table": "Table Text", "quote": "Quote", "attribution": "Attribution",
    "source": "Source", "toc1": "toc 1", "toc2": "toc 2", "toc3": "toc 3", "marking": "Header",
    "footer": "Footer", "spacer": "Spacer",
}


def apply_role(ctx: Ctx, r: Role) -> None:
    """The style of role `r` made (when missing) and formatted (unless a reference file has it)."""
    st, go = _style(ctx, r.name, WD_STYLE_TYPE.CHARACTER if r.character else WD_STYLE_TYPE.PARAGRAPH,
                    r.base)
    if not go:
        return
    rpr = st.element.get_or_add_rPr()
    set_fonts(rpr, r.font, ctx.theme.fonts.east_asian)
    if r.size is not None:
        st.font.size = Pt(r.size)
    if r.color is not None:
        st.font.color.rgb = rgb(r.color)
    if r.bold is not None:
        st.font.bold = r.bold
    if r.italic is not None:
        st.font.italic = r.italic
    complex_script_like_latin(rpr)
    if not r.character:
        pf = st.paragraph_format
        if r.before is not None:
            pf.space_before = Pt(r.before)
        if r.after is not None:
            pf.space_after = Pt(r.after)
        if r.keep is not None:
            pf.keep_with_next = r.keep
        if r.line is not None:
            pf.line_spacing = r.line


def setup_styles(ctx: Ctx) -> None:
    """Theme colours, fonts and sizes on the named styles (only missing ones when referenced)."""
    th, doc = ctx.theme, ctx.doc
    c, s, f = th.colors, th.sizes.brief, th.fonts

    # -- document defaults: east-Asian font slot and language apply in every mode, so Hangul
    # and Cyrillic get the theme's fonts and spell-checking the outline's language --
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    set_fonts(rpr, None if ctx.referenced else f.body, f.east_asian)
    set_lang(rpr, ctx.document.meta.language)
    for role in roles(th):
        apply_role(ctx, role)

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

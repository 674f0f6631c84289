"""The HTML page: one self-contained file per audience, what a reader gets by e-mail or on an
intranet (README "HTML page").

`render(document, theme) -> bytes` writes it; `page(document, theme) -> str` returns the same
page as a string without touching the disk (the preview server shows it). The page is a visitor
over the one document walk (`reportgen/walk.py`), like the brief and the handout, so it has the
same parts in the same order: marking banner, title block, BLUF, key judgments, contents,
numbered sections with every block, recommendations, numbered sources, annexes, marking banner.

- Self-contained: the stylesheet is in the page, pictures are `data:` URIs, charts are inline
  SVG (`svgcharts.py`, from the chart decisions all formats share); a Content-Security-Policy
  forbids every network request, and nothing needs a script.
- Every piece of outline text is escaped (`html.escape`), in text and attributes; links are
  written only for the schemes `load` accepts.
- Accessible: landmarks (`header`, `nav`, `main`, `footer`), the document's `lang` and `dir`,
  headings in order (h1 the title, h2 the parts and top-level sections), `th scope`, alt text,
  and `dir`/`lang` on each element whose text runs the other way or is in another script
  (`scripts.py`, `scriptlang.py`).
- The theme's colours and font names, and a print stylesheet with the marking and "Page X of
  Y" on every printed page.
"""

from __future__ import annotations

import base64
import unicodedata
from collections.abc import Callable, Sequence
from html import escape
from typing import Any

from .. import model as m
from ..bidi import scope_is_rtl
from ..blocks import REGISTRY
from ..model import Document, Section, Text, plain, source_anchor
from ..scripts import is_rtl, language_of, script_of
from ..theme import Theme
from ..walk import Visitor, walk
from . import bullet_chars, handlers_named
from .ink import Ink
from .scriptlang import segments, single_lang, slot
from .svgcharts import chart_svg
from .webfonts import Faces

#: every theme colour the page draws as text, on which fill, at which size (see ink.py)
INK = (
    Ink("primary", "background", "brief.title", True, "title, headings"),
    Ink("secondary", "background", "brief.subtitle", False, "subtitle"),
    Ink("text", "background", "brief.body", False, "body text, chart labels"),
    Ink("secondary", "background", "brief.h2", True, "heading 2, section numbers"),
    Ink("secondary", "background", "brief.small", True, "labels, judgment labels, list numbers"),
    Ink("muted", "background", "brief.small", False, "byline, captions, estimative note, chart unit"),
    Ink("marking", "background", "brief.small", True, "marking banners and printed page boxes"),
    Ink("link", "background", "brief.body", False, "links and citations"),
    Ink("table_header_text", "table_header", "brief.table", True, "table header row"),
    Ink("text", "table_stripe", "brief.table", False, "striped table rows"),
    Ink("link", "table_stripe", "brief.table", False, "links in striped rows"),
    Ink("accent", "background", "brief.body", True, "timeline dates"),
    Ink("bluf_border", "bluf_fill", "brief.body", True, "bottom-line label"),
    Ink("text", "bluf_fill", "brief.body", False, "bottom line"),
    Ink("link", "bluf_fill", "brief.body", False, "links in the bottom line"),
    Ink("callout_border.*", "callout_fill.*", "brief.body", True, "callout titles"),
    Ink("text", "callout_fill.*", "brief.body", False, "callout text"),
    Ink("link", "callout_fill.*", "brief.body", False, "links in callouts"),
)
#: where the stylesheet goes, once the page's text (and so its fonts' subsets) is known
_STYLE = "\x00style\x00"
#: link schemes written as links (`load` refuses others; this keeps the page safe regardless)
_SCHEMES = ("http://", "https://", "mailto:")
#: the page forbids every request: styles and pictures are inside it
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:"


def _edge(ch: str) -> bool:
    """White space, punctuation or a symbol: left outside a span of another script (a mark
    that belongs to a letter, as in Devanagari, stays with it)."""
    return unicodedata.category(ch)[0] in "PZS" or ch.isspace()


def esc(s: str | None) -> str:
    """Text for HTML content or a quoted attribute value."""
    return escape(s or "", quote=True)


class Page:
    """What the page's parts are written with: the document, its theme, its language and
    direction, and the text written so far."""

    def __init__(self, document: Document, theme: Theme) -> None:
        self.doc = document
        self.theme = theme
        self.lang = document.meta.language or "en"
        #: the `dir:` of the part being written (the document's, or a section's)
        self.direction = document.meta.dir
        #: whether that part runs right to left (the page's `dir`, or its section's)
        self.rtl = scope_is_rtl(self.direction, self.lang)
        self.out: list[str] = []
        self.figure_ids = 0

    def w(self, *s: str) -> None:
        self.out.extend(s)

    # -- direction and language --

    def lang_of(self, text: str) -> str | None:
        """The language of `text` when all its letters are in another script than the
        document's (Persian told from Arabic by its letters), else None."""
        tag = single_lang(text, self.lang)
        if tag and slot(tag) == "cs":
            script = script_of(text)
            if script:
                return language_of(text, script, self.lang)
        return tag

    def rtl_of(self, text: Text | str | None, parent_rtl: bool | None = None) -> bool:
        """Whether an element holding `text` runs right to left: as the part's `dir:` says when
        it is rtl or ltr; else by its first strong letter, else as its parent (the page or
        section, unless given)."""
        if self.direction in ("rtl", "ltr"):
            return self.direction == "rtl"
        s = plain(text)
        base = self.rtl if parent_rtl is None else parent_rtl
        return is_rtl(s, self.lang) if any(c.isalpha() for c in s) else base

    def attrs(self, text: Text | str | None, parent_rtl: bool | None = None) -> str:
        """` dir="rtl" lang="ar-SA"` for an element holding `text`: its direction when it runs
        the other way than its parent (the page, unless given), its language when it is all in
        another script."""
        s = plain(text)
        out = ""
        base = self.rtl if parent_rtl is None else parent_rtl
        rtl = self.rtl_of(s, base)
        if rtl != base:
            out += f' dir="{"rtl" if rtl else "ltr"}"'
        tag = self.lang_of(s) if any(c.isalpha() for c in s) else None
        if tag:
            out += f' lang="{esc(tag)}"'
        return out

    def _pieces(self, text: str, element_lang: str, own_rtl: bool) -> str:
        """`text` escaped, with each piece in another script than its element's in a `span`
        with its language (and its direction, when that differs from the element's)."""
        parts = segments(text, element_lang)
        if all(tag is None for _, tag in parts):
            return esc(text)
        out = []
        for piece, tag in parts:
            if tag is None:
                out.append(esc(piece))
                continue
            # -- spaces and punctuation at the edges stay outside: a ")" inside a
            # right-to-left span would be mirrored onto the other side --
            core = piece.strip()
            a = len(piece) - len(piece.lstrip())
            while core and _edge(core[-1]):
                core = core[:-1]
            while core and _edge(core[0]):
                core, a = core[1:], a + 1
            if not core:
                out.append(esc(piece))
                continue
            head, tail = piece[:a], piece[a + len(core):]
            script = script_of(core)
            lang = language_of(core, script, self.lang) if slot(tag) == "cs" and script else tag
            rtl = is_rtl(core, lang)
            d = f' dir="{"rtl" if rtl else "ltr"}"' if rtl != own_rtl else ""
            out.append(f'{esc(head)}<span lang="{esc(lang)}"{d}>{esc(core)}</span>{esc(tail)}')
        return "".join(out)

    def inline(self, text: Text | str | None, element: Text | str | None = None) -> str:
        """Inline runs as HTML: bold, italic, code, links, citations linked to their source."""
        if text is None:
            return ""
        runs = (m.Run(text),) if isinstance(text, str) else text
        whole = plain(element if element is not None else text)
        lang = self.lang_of(whole) or self.lang
        own_rtl = self.rtl_of(whole)
        out = []
        for r in runs:
            if r.cite is not None:
                out.append(f'<a class="cite" href="#{source_anchor(r.cite)}">{esc(r.text)}</a>')
                continue
            s = self._pieces(r.text, lang, own_rtl)
            if r.code:
                s = f"<code>{s}</code>"
            if r.italic:
                s = f"<em>{s}</em>"
            if r.bold:
                s = f"<strong>{s}</strong>"
            if r.href and r.href.lower().startswith(_SCHEMES):
                s = f'<a href="{esc(r.href)}">{s}</a>'
            out.append(s)
        return "".join(out)

    def para(self, tag: str, text: Text | str | None, cls: str = "", extra: str = "",
             parent_rtl: bool | None = None) -> str:
        """`<tag class=...>text</tag>` with the text's direction and language."""
        c = f' class="{cls}"' if cls else ""
        return f"<{tag}{c}{extra}{self.attrs(text, parent_rtl)}>{self.inline(text)}</{tag}>"

    def next_id(self, prefix: str) -> str:
        self.figure_ids += 1
        return f"{prefix}-{self.figure_ids}"


# -- blocks ------------------------------------------------------------------------------------


def _list(p: Page, items: tuple[m.ListItem, ...], tag: str, start: int = 1, parent_rtl: bool | None = None) -> str:
    s = f' start="{start}"' if tag == "ol" and start != 1 else ""
    out = [f"<{tag}{s}>"]
    for it in items:
        out.append(f"<li{p.attrs(it.text, parent_rtl)}>{p.inline(it.text)}")
        if it.children:
            out.append(_list(p, it.children, tag, parent_rtl=p.rtl_of(it.text, parent_rtl)))
        out.append("</li>")
    out.append(f"</{tag}>")
    return "".join(out)


def h_paragraph(p: Page, b: m.Paragraph) -> str:
    return p.para("p", b.text)


def h_bullets(p: Page, b: m.BulletList) -> str:
    return _list(p, b.items, "ul")


def h_numbered(p: Page, b: m.NumberedList) -> str:
    return _list(p, b.items, "ol", b.start)


def h_quote(p: Page, b: m.Quote) -> str:
    words = p.doc.labels
    # -- a portion mark stands before the quotation marks (`Quote.quoted`) --
    out = ['<figure class="quote">', f"<blockquote{p.attrs(b.text)}><p>{esc(b.mark + words.quote_open)}"
           f"{p.inline(b.text)}{esc(words.quote_close)}</p></blockquote>"]
    if b.by:
        out.append(f"<figcaption{p.attrs(b.by)}>— {p.inline(b.by)}</figcaption>")
    out.append("</figure>")
    return "".join(out)


def h_callout(p: Page, b: m.Callout) -> str:
    label = f' aria-label="{esc(b.title)}"' if b.title else ""
    out = [f'<aside class="callout callout-{esc(b.style)}"{label}>']
    if b.title:
        out.append(p.para("p", b.title, "callout-title"))
    out.append(p.para("p", b.text))
    out.append("</aside>")
    return "".join(out)


def h_table(p: Page, b: m.Table) -> str:
    numeric = b.numeric
    # -- the first column names its rows when it holds words, not figures --
    row_heads = bool(b.columns) and not numeric[0]
    out = ['<div class="table-wrap"><table>', p.para("caption", b.label), "<thead><tr>"]
    for i, col in enumerate(b.columns):
        cls = ' class="num"' if numeric[i] else ""
        out.append(f'<th scope="col"{cls}{p.attrs(col)}>{p.inline(col)}</th>')
    out.append("</tr></thead><tbody>")
    for row in b.rows:
        out.append("<tr>")
        for i, cell in enumerate(row):
            cls = ' class="num"' if i < len(numeric) and numeric[i] else ""
            if i == 0 and row_heads:
                out.append(f'<th scope="row"{cls}{p.attrs(cell)}>{p.inline(cell)}</th>')
            else:
                out.append(f"<td{cls}{p.attrs(cell)}>{p.inline(cell)}</td>")
        out.append("</tr>")
    out.append("</tbody></table></div>")
    return "".join(out)


def h_chart(p: Page, b: m.Chart) -> str:
    svg = chart_svg(b, p.theme, p.next_id("chart-title"))
    return f'<figure class="chart">{svg}{p.para("figcaption", b.label)}</figure>'


def data_uri(path: Any) -> tuple[str, int, int]:
    """A checked picture as a `data:` URI, with its size in pixels."""
    from PIL import Image

    data = path.read_bytes()
    with Image.open(path) as im:
        fmt = (im.format or "PNG").lower()
        w, h = im.size
    mime = {"jpeg": "image/jpeg", "gif": "image/gif"}.get(fmt, "image/png")
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}", w, h


def h_image(p: Page, b: m.Image) -> str:
    uri, w, h = data_uri(b.file)
    return (f'<figure class="image"><img src="{uri}" alt="{esc(b.alt)}" width="{w}" height="{h}"'
            f'{p.attrs(b.alt)}>{p.para("figcaption", b.label)}</figure>')


def h_timeline(p: Page, b: m.Timeline) -> str:
    out = ['<figure class="timeline">']
    if b.caption:
        out.append(p.para("figcaption", b.caption))
    out.append('<ol class="timeline">')
    for e in b.entries:
        out.append(f'<li><span class="date"{p.attrs(e.date)}>{esc(e.date)}</span> '
                   f'<span class="event"{p.attrs(e.event)}>{p.inline(e.event)}</span></li>')
    out.append("</ol></figure>")
    return "".join(out)


HANDLERS: dict[type, Callable[[Page, Any], str]] = handlers_named(globals(), "html")


# -- the page ----------------------------------------------------------------------------------


def _heading_level(s: Section) -> int:
    """h2 for a top-level section or annex (h1 is the title), one deeper per level, h6 at most."""
    return min(s.level + 1, 6)


def section_anchor(s: Section) -> str:
    return f"section-{s.number}"


class _Writer(Visitor):
    """The page's parts in the order `walk` gives them."""

    def __init__(self, p: Page) -> None:
        self.p = p
        #: the enclosing parts' (direction, right to left), restored when a section ends
        self.scopes: list[tuple[str, bool]] = []

    def visit_document(self, d: Document) -> None:
        p, meta = self.p, d.meta
        title = meta.title + (f" — {d.audience_label}" if d.audience_label else "")
        heads = [f'<meta name="{k}" content="{esc(v)}">' for k, v in (
            ("author", meta.author), ("description", meta.subtitle),
            ("keywords", ", ".join(meta.keywords) if meta.keywords else None),
            # -- the banner in the page's metadata too, as in the other formats' properties --
            ("classification", d.marking or None)) if v]
        p.w("<!DOCTYPE html>\n",
            f'<html lang="{esc(p.lang)}" dir="{"rtl" if p.rtl else "ltr"}">\n<head>\n<meta charset="utf-8">\n',
            f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n',
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n',
            f"<title>{esc(title)}</title>\n", *(h + "\n" for h in heads),
            '<meta name="generator" content="reportgen">\n',
            f"<style>\n{_STYLE}</style>\n</head>\n<body>\n")
        p.w(f'<header class="banner">{_marking(p, "top")}</header>\n<main id="main">\n')

    def depart_document(self, d: Document) -> None:
        p = self.p
        p.w("</main>\n", f'<footer class="banner">{_marking(p, "bottom")}</footer>\n</body>\n</html>\n')

    def visit_title(self, d: Document) -> None:
        p, meta = self.p, d.meta
        p.w('<header class="title-block" id="title">')
        logo = p.theme.logo
        if logo is not None:
            uri, w, h = data_uri(logo)
            p.w(f'<img class="logo" src="{uri}" alt="" width="{w}" height="{h}">')
        p.w(p.para("h1", meta.title))
        if meta.subtitle:
            p.w(p.para("p", meta.subtitle, "subtitle"))
        byline = " · ".join(x for x in (meta.author, meta.organization, meta.date) if x)
        if byline:
            p.w(p.para("p", byline, "byline"))
        if d.audience_label:
            p.w(f'<p class="prepared"{p.attrs(d.audience_label)}><strong>{esc(d.labels.prepared_for)}:</strong> '
                f"{p.inline(d.audience_label)}</p>")
        p.w("</header>\n")

    def visit_bluf(self, d: Document) -> None:
        p = self.p
        if not d.bluf:
            return
        p.w('<section class="bluf" aria-labelledby="bluf">', p.para("h2", d.labels.bluf, extra=' id="bluf"'),
            p.para("p", d.bluf), "</section>\n")

    def visit_judgments(self, d: Document) -> None:
        p = self.p
        if not d.key_judgments:
            return
        p.w('<section class="judgments" aria-labelledby="key-judgments">',
            p.para("h2", d.labels.key_judgments, extra=' id="key-judgments"'), "<ol>")
        self.labelled_items(d.key_judgments, "judgment-label")
        p.w("</ol>")
        if d.estimative_note:
            p.w(p.para("p", d.estimative_note, "estimative"))
        p.w("</section>\n")

    def visit_contents(self, d: Document) -> None:
        p = self.p

        def entries(sections: tuple[Section, ...]) -> str:
            out = ["<ol>"]
            for s in sections:
                out.append(f'<li><a href="#{section_anchor(s)}"{p.attrs(s.title)}>{p.inline(s.heading)}</a>')
                if s.sections:
                    out.append(entries(s.sections))
                out.append("</li>")
            out.append("</ol>")
            return "".join(out)

        p.w('<nav class="contents" aria-labelledby="contents">', p.para("h2", d.labels.contents, extra=' id="contents"'),
            entries(d.sections + d.appendix), "</nav>\n")

    def visit_section(self, s: Section) -> None:
        p = self.p
        n = _heading_level(s)
        anchor = section_anchor(s)
        cls = "annex" if s.appendix else "section"
        # -- a section with its own `dir:` runs that way (HTML inherits `dir` like Pandoc's
        # `dir=rtl` divs); it says so when that differs from the part around it --
        self.scopes.append((p.direction, p.rtl))
        p.direction, rtl = s.dir, scope_is_rtl(s.dir, p.lang)
        d = f' dir="{"rtl" if rtl else "ltr"}"' if rtl != p.rtl else ""
        p.rtl = rtl
        p.w(f'<section class="{cls} level-{min(s.level, 6)}"{d} aria-labelledby="{anchor}">',
            f'<h{n} id="{anchor}"{p.attrs(s.title)}><span class="number">'
            f'{esc(s.heading[: len(s.heading) - len(s.title)].rstrip())}</span> {p.inline(s.title)}</h{n}>')
        if s.headline:
            p.w(p.para("p", s.headline, "headline"))

    def depart_section(self, s: Section) -> None:
        self.p.w("</section>\n")
        self.p.direction, self.p.rtl = self.scopes.pop()

    def visit_points(self, s: Section) -> None:
        p = self.p
        if s.points_labelled:
            p.w(p.para("p", s.labels.key_points, "label"))
        p.w('<ul class="points">', *(f"<li{p.attrs(x)}>{p.inline(x)}</li>" for x in s.points), "</ul>")

    def visit_notes(self, s: Section) -> None:
        pass  # -- speaker notes are for the deck's presenter, as in brief and handout --

    def visit_recommendations(self, d: Document) -> None:
        p = self.p
        if not d.recommendations:
            return
        p.w('<section class="recommendations" aria-labelledby="recommendations">',
            p.para("h2", d.labels.recommendations, extra=' id="recommendations"'), "<ol>")
        self.labelled_items(d.recommendations, "rec-label")
        p.w("</ol></section>\n")

    def labelled_items(self, items: Sequence[m.Judgment | m.Recommendation], label_class: str) -> None:
        """List items of judgments or recommendations: the text, then its label line (likelihood
        and confidence; owner and due date) in the text's direction."""
        p = self.p
        for item in items:
            rtl = p.rtl_of(item.text)
            p.w(f"<li{p.attrs(item.text)}>", p.para("p", item.text, parent_rtl=rtl))
            if item.label:
                p.w(p.para("p", item.label, label_class, parent_rtl=rtl))
            p.w("</li>")

    def visit_sources(self, d: Document) -> None:
        p = self.p
        if not d.sources:
            return
        p.w('<section class="sources" aria-labelledby="sources">',
            p.para("h2", d.labels.sources, extra=' id="sources"'), '<ol class="sources">')
        for src in d.sources:
            url = ""
            if src.url:
                shown = esc(src.url)
                url = (f' <a class="url" href="{shown}">{shown}</a>' if src.url.lower().startswith(_SCHEMES)
                       else f' <span class="url">{shown}</span>')
            p.w(f'<li id="{source_anchor(src.number)}"{p.attrs(src.label)}><span class="source-number">'
                f"[{src.number}]</span> {p.inline(src.label)}{url}</li>")
        p.w("</ol></section>\n")

    def visit_annexes(self, d: Document) -> None:
        self.p.w('<div class="annexes">\n')

    def depart_annexes(self, d: Document) -> None:
        self.p.w("</div>\n")

    def unknown_visit(self, name: str, node: Any) -> Any:
        if name not in REGISTRY:
            return super().unknown_visit(name, node)
        self.p.w(HANDLERS[type(node)](self.p, node), "\n")
        return None


def _marking(p: Page, where: str) -> str:
    mk = p.doc.marking
    if not mk:
        return ""
    return f'<p class="marking" id="marking-{where}"{p.attrs(mk)}>{esc(mk)}</p>'


# -- the stylesheet ----------------------------------------------------------------------------


def css_string(s: str) -> str:
    """A CSS string literal for any text: everything but ASCII letters and digits as a
    six-digit hex escape, so that no quote, backslash or `</style>` can end it (a space is
    escaped too: one right after an escape would be taken as the escape's end)."""
    out = []
    for ch in s:
        if ch.isascii() and ch.isalnum():
            out.append(ch)
        else:
            out.append(f"\\{ord(ch):06x}")
    return '"' + "".join(out) + '"'


def _family(*names: str | None) -> str:
    seen = []
    for n in names:
        if n and n not in seen:
            seen.append(n)
    generic = {"sans-serif", "serif", "monospace", "system-ui"}
    return ", ".join(n if n in generic else css_string(n) for n in seen)


#: fonts with the metrics of common office fonts, tried after the theme's own name
_METRIC_TWINS = {"Calibri": "Carlito", "Cambria": "Caladea", "Arial": "Liberation Sans",
                 "Times New Roman": "Liberation Serif", "Courier New": "Liberation Mono",
                 "Consolas": "DejaVu Sans Mono"}


def stylesheet(theme: Theme, doc: Document | None = None, fonts: Faces | None = None) -> str:
    """The page's CSS: the theme's colours, fonts and sizes, for the screen and for print;
    with `fonts`, the embedded subsets first in each font list (`webfonts.py`)."""
    c, f = theme.colors, theme.fonts
    sz = theme.sizes.brief
    own = fonts.families if fonts else {}
    extra = fonts.fallbacks if fonts else ()
    scripts = [*extra, *f.complex_script.values(), f.east_asian]
    body = _family(own.get("body"), f.body, _METRIC_TWINS.get(f.body), *scripts, "sans-serif")
    heading = _family(own.get("heading"), f.heading, _METRIC_TWINS.get(f.heading), *scripts, "sans-serif")
    mono = _family(own.get("mono"), f.mono, _METRIC_TWINS.get(f.mono), *scripts, "monospace")
    bullet = bullet_chars(theme)
    page = theme.page
    size = page.size if isinstance(page.size, str) else f"{page.size[0]}mm {page.size[1]}mm"
    mg = page.margins
    labels = doc.labels if doc else None
    marking = css_string(doc.marking) if doc and doc.marking else '""'
    if labels:
        head, middle, tail = labels.page_parts()
        page_no = f"{css_string(head)} counter(page) {css_string(middle)} counter(pages) {css_string(tail)}"
    else:
        page_no = "counter(page)"

    def x(h: str) -> str:
        return "#" + h

    callouts = "".join(
        f".callout-{k}{{background:{x(c.callout_fill.get(k, c.bluf_fill))};"
        f"border-inline-start-color:{x(c.callout_border.get(k, c.secondary))}}}\n"
        f".callout-{k} .callout-title{{color:{x(c.callout_border.get(k, c.secondary))}}}\n"
        for k in ("note", "insight", "warning"))
    return (fonts.css if fonts else "") + f"""\
:root{{color-scheme:light}}
*{{box-sizing:border-box}}
html{{background:{x(c.background)};color:{x(c.text)};font-family:{body};font-size:{sz.body}pt;line-height:{theme.page.line_spacing * 1.25:.2f}}}
body{{margin:0}}
main{{max-width:46rem;margin:0 auto;padding:1.5rem 1.5rem 2.5rem}}
.banner{{position:sticky;z-index:2;background:{x(c.background)}}}
header.banner{{top:0;border-bottom:2px solid {x(c.marking)}}}
footer.banner{{bottom:0;border-top:2px solid {x(c.marking)}}}
.marking{{margin:0;padding:.3rem 1rem;text-align:center;font-weight:bold;letter-spacing:.06em;color:{x(c.marking)};font-size:{sz.small}pt}}
.title-block{{margin:1rem 0 1.5rem;padding-bottom:.6rem;border-bottom:2px solid {x(c.secondary)}}}
.logo{{float:inline-end;max-height:3.2rem;width:auto}}
h1,h2,h3,h4,h5,h6{{font-family:{heading};color:{x(c.primary)};line-height:1.2;margin:1.4em 0 .5em}}
h1{{font-size:{sz.title}pt;margin:0 0 .2em}}
h2{{font-size:{sz.h1}pt}}
h3{{font-size:{sz.h2}pt;color:{x(c.secondary)}}}
h4,h5,h6{{font-size:{sz.h3}pt}}
.number{{color:{x(c.secondary)}}}
.subtitle{{font-size:{sz.subtitle}pt;color:{x(c.secondary)};margin:.1em 0 .6em}}
.byline,.prepared{{color:{x(c.muted)};font-size:{sz.small}pt;margin:.2em 0}}
p{{margin:.45em 0}}
a{{color:{x(c.link)}}}
a.cite{{text-decoration:none}}
code{{font-family:{mono};font-size:.92em}}
.bluf{{background:{x(c.bluf_fill)};border-inline-start:5px solid {x(c.bluf_border)};padding:.7rem 1rem;margin:1rem 0 1.2rem}}
.bluf h2{{margin:0 0 .3em;font-size:{sz.body}pt;text-transform:uppercase;letter-spacing:.05em;color:{x(c.bluf_border)}}}
.bluf p{{font-size:{sz.body + 1}pt;margin:0}}
.judgments ol,.recommendations ol{{padding-inline-start:1.8em}}
.judgments li::marker,.recommendations li::marker,ol li::marker{{color:{x(c.secondary)};font-weight:bold}}
.judgments li p,.recommendations li p{{margin:.15em 0}}
.judgment-label,.rec-label{{color:{x(c.secondary)};font-size:{sz.small}pt;margin-bottom:.7em!important}}
.estimative{{font-size:{sz.small}pt;color:{x(c.muted)}}}
.contents ol{{list-style:none;padding-inline-start:1.2em;margin:.2em 0}}
.contents>ol{{padding-inline-start:0}}
.contents a{{text-decoration:none}}
.contents a:hover{{text-decoration:underline}}
.headline{{font-weight:bold;color:{x(c.text)}}}
.label{{font-weight:bold;color:{x(c.secondary)};margin-bottom:.2em}}
ul{{list-style-type:{css_string(bullet[0] + " ")}}}
ul ul{{list-style-type:{css_string(bullet[1] + " ")}}}
ul ul ul{{list-style-type:{css_string(bullet[2] + " ")}}}
ul li::marker{{color:{x(c.secondary)}}}
li{{margin:.2em 0}}
figure{{margin:1.2rem 0}}
figcaption,caption{{color:{x(c.muted)};font-size:{sz.caption}pt;text-align:start;margin:.4em 0}}
.table-wrap{{overflow-x:auto;margin:1.2rem 0}}
table{{border-collapse:collapse;width:100%;font-size:{sz.table}pt}}
caption{{caption-side:top}}
th,td{{border:1px solid {x(c.table_border)};padding:.3em .5em;vertical-align:top;text-align:start}}
thead th{{background:{x(c.table_header)};color:{x(c.table_header_text)};font-weight:bold}}
tbody th{{font-weight:normal}}
tbody tr:nth-child(even){{background:{x(c.table_stripe)}}}
.num{{text-align:end;font-variant-numeric:tabular-nums}}
.chart-svg{{max-width:100%;height:auto;font-family:{body}}}
.chart-svg text:not([fill]){{fill:{x(c.text)}}}
.image img{{max-width:100%;height:auto}}
.quote blockquote{{margin:0;padding:.2em 1.2em;border-inline-start:3px solid {x(c.rule)};font-style:italic;font-size:{sz.body + 1}pt}}
.quote figcaption{{padding-inline-start:1.2rem}}
.callout{{border-inline-start:5px solid {x(c.secondary)};padding:.6rem 1rem;margin:1rem 0}}
{callouts}.callout-title{{font-weight:bold;margin-top:0}}
ol.timeline{{list-style:none;padding-inline-start:1.2em;border-inline-start:2px solid {x(c.rule)};margin-inline-start:.4em}}
ol.timeline li{{position:relative;margin:.5em 0}}
ol.timeline li::before{{content:"";position:absolute;inset-inline-start:-1.62em;top:.45em;width:.6em;height:.6em;border-radius:50%;background:{x(c.accent)}}}
.date{{font-weight:bold;color:{x(c.accent)};margin-inline-end:.6em}}
ol.sources{{list-style:none;padding:0;font-size:{sz.small + 0.5}pt}}
ol.sources li{{margin:.35em 0;padding-inline-start:2.4em;text-indent:-2.4em}}
.source-number{{color:{x(c.secondary)};font-weight:bold;display:inline-block;min-width:2.4em;text-indent:0}}
.url{{word-break:break-all}}
.annexes{{margin-top:2.5rem;border-top:1px solid {x(c.rule)}}}
@media print{{
@page{{size:{size};margin:{mg.top}mm {mg.right}mm {mg.bottom}mm {mg.left}mm;
@top-center{{content:{marking};color:{x(c.marking)};font-weight:bold;font-size:{sz.small}pt;font-family:{body}}}
@bottom-center{{content:{marking};color:{x(c.marking)};font-weight:bold;font-size:{sz.small}pt;font-family:{body}}}
@bottom-right{{content:{page_no};color:{x(c.muted)};font-size:{sz.small}pt;font-family:{body}}}}}
html{{font-size:{theme.sizes.handout.body}pt;background:none}}
main{{max-width:none;padding:0}}
.banner{{position:static;border:0}}
h1,h2,h3,h4,h5,h6{{break-after:avoid}}
figure,tr,.callout,.bluf,li{{break-inside:avoid}}
thead{{display:table-header-group}}
.table-wrap{{overflow:visible}}
.annexes{{break-before:page;border:0}}
a{{color:inherit}}
}}
"""


# -- entry points ------------------------------------------------------------------------------


def page(document: Document, theme: Theme, embed_fonts: bool = True) -> str:
    """The HTML page of `document` in `theme`, as a string (nothing is written). With
    `embed_fonts`, the theme's fonts go into the page as subsets of what it shows; without,
    the page names them only (quicker: a preview)."""
    p = Page(document, theme)
    walk(document, _Writer(p))
    out = "".join(p.out)
    fonts = None
    if embed_fonts:
        from ..check.readers import read_html
        from .webfonts import faces

        shown = read_html(out.encode("utf-8"))
        words = document.labels
        fonts = faces(theme, "".join([shown.text, *shown.furniture, words.page_of(0, 0), document.marking]))
    return out.replace(_STYLE, stylesheet(theme, document, fonts), 1)


def render(document: Document, theme: Theme) -> bytes:
    """The HTML page of `document` in `theme`, as UTF-8 bytes."""
    return page(document, theme).encode("utf-8")


"""The text roles the brief and the handout share: one table of what each kind of text looks like.

`ROLES` says, for every kind of text (body, title, heading 1-3, lead sentence, label, caption,
note, table text, quote, source, contents entry, marking, footer, box title, ...), its type
size as a key of the theme's sizes plus an offset in points, its colour as a key of
`theme.colors`, its font family (`body`, `heading` or `mono`), and whether it is bold or
italic. The brief's named Word styles (`render/docx/styles.roles`) and the handout's
ParagraphStyle sheet (`render/pdfctx.make_styles`) both take size, colour, font, weight and
slant from here, so the same text cannot look different in the two formats by accident; each
format reads the sizes from its own column of the theme (`theme.sizes.brief`,
`theme.sizes.handout`; the shipped themes set the handout a size smaller).

What stays with each format is what the media genuinely do differently: spacing before and
after, leading and line spacing, indents and alignment (Word's line spacing is a multiple of the
font's line height and a reader may reflow the brief; the handout's leading is in points and its
spacing shrinks to fit a page budget, see `pdfctx.Fit`), and each format's style names (the brief's are user-visible Word style names; the
handout's feed the PDF's structure tags in `render/pdftag/tree.py`).
`tests/render/test_roles.py` builds a brief and checks that its styles and the handout's agree,
role by role.

Inline text is not a role: links take the theme's link colour in both formats, and inline code
the mono font, a little smaller than its paragraph (the brief's `Verbatim Char` at nine tenths
of the body size, the handout one point smaller than the text around it). Runs that restyle a
role's text (a callout title in its callout's border colour, the bottom-line label in the box's)
are each renderer's own.

Where the two formats had drifted apart, this table settled them: the lead sentence is at body
size in both (the handout had half a point more), a label ("Key points", "Bottom line") is at
the small size in both, like the judgment labels (the handout had half a point more), and a
callout's title is in the body font in both, like the bottom-line label of the same kind of box
(the handout had the heading font).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from ..theme import BriefSizes, Colors

SizeKey = Literal["title", "subtitle", "h1", "h2", "h3", "body", "small", "caption", "table"]
FontKey = Literal["body", "heading", "mono"]


@dataclass(frozen=True)
class TextRole:
    """What one kind of text looks like, in theme terms."""

    #: a key of the theme's sizes (`theme.sizes.brief` / `theme.sizes.handout`) ...
    size: SizeKey = "body"
    #: ... plus this many points
    offset: float = 0.0
    #: a key of `theme.colors`
    color: str = "text"
    #: the theme's font family: body, heading or mono
    font: FontKey = "body"
    bold: bool = False
    italic: bool = False

    def pt(self, sizes: BriefSizes) -> float:
        """The type size in points, from one format's sizes (brief or handout)."""
        return float(getattr(sizes, self.size)) + self.offset

    def rgb(self, colors: Colors) -> str:
        """The colour as six hex digits."""
        return str(getattr(colors, self.color))


#: every kind of text the brief and the handout set, by role name
ROLES: dict[str, TextRole] = {
    "body": TextRole(),
    "title": TextRole("title", color="primary", font="heading", bold=True),
    "subtitle": TextRole("subtitle", color="secondary", font="heading"),
    "h1": TextRole("h1", color="primary", font="heading", bold=True),
    "h2": TextRole("h2", color="primary", font="heading", bold=True),
    "h3": TextRole("h3", color="secondary", font="heading", bold=True),
    #: a section's headline, the sentence that leads it
    "lead": TextRole("body", color="primary", bold=True),
    #: "Key points", the bottom-line box's label
    "label": TextRole("small", color="secondary", bold=True),
    #: author, organisation and date under the title; "Prepared for"
    "byline": TextRole("body", color="muted"),
    "caption": TextRole("caption", color="muted"),
    #: the estimative-language note, a recommendation's owner, small print
    "note": TextRole("small", color="muted"),
    "table": TextRole("table"),
    "table_header": TextRole("table", color="table_header_text", bold=True),
    "quote": TextRole("body", 1, italic=True),
    "attribution": TextRole("small", 0.5, color="muted"),
    "source": TextRole("small", 0.5),
    "toc1": TextRole("body"),
    "toc2": TextRole("body"),
    "toc3": TextRole("small", 0.5, color="muted"),
    #: the marking in the page header and footer
    "marking": TextRole("small", color="marking", bold=True),
    #: the date and page number in the footer
    "footer": TextRole("small", color="muted"),
    #: a callout's title (drawn in the callout's border colour)
    "box_title": TextRole("body", color="primary", bold=True),
    #: the handout's alt-text style
    "alt": TextRole("small", color="muted", italic=True),
    #: the brief's empty paragraph after a table or box
    "spacer": TextRole("small"),
}

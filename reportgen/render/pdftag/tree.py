"""Step 1 of tagging the handout: the structure tree, planned from the story before layout.

`plan(story)` gives every piece of content its structure element (`Node`): headings H1–H6, P,
L / LI / Lbl / LBody, Table / THead / TBody / TR / TH (with Scope) / TD, Figure (with its alt
text), BlockQuote, Div, TOC / TOCI, a source list entry as P / BibEntry, and a caption as the
first child of its table or the last child of its figure (PDF/UA: a Caption belongs inside what
it captions). The node rides on the flowable (`_rg_se`), and on the pieces reportlab splits it
into. Elements that only drawing can find (a Link around the words that carry it, a Reference
around a citation) are made by `marks.py`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from html import unescape as html_unescape
from typing import Any

from reportlab.graphics.shapes import Drawing
from reportlab.platypus import (
    Flowable,
    Image,
    KeepTogether,
    ListFlowable,
    ListItem,
    Paragraph,
    Spacer,
    Table,
)
from reportlab.platypus.flowables import _Container
from reportlab.platypus.tableofcontents import TableOfContents


@dataclass(eq=False)
class Node:
    """One structure element: its type, attributes and children, in reading order."""

    role: str
    parent: Node | None = None
    kids: list[Node] = field(default_factory=list)
    alt: str | None = None
    #: attribute dictionaries: (owner, {key: value}), e.g. ("Table", {"Scope": "Column"})
    attrs: dict[str, dict[str, Any]] = field(default_factory=dict)
    #: the flowable the node was planned from, where finishing needs it (the TOC)
    source: Any = None
    #: what a screen reader says instead of the drawn text (`/ActualText`)
    actual: str | None = None
    #: the element's language when it is not the document's (`/Lang`)
    lang: str | None = None
    #: a Link made while drawing: where it goes ("#name" or a URL), and the link annotations
    #: it owns as (page, index in the page's /Annots)
    target: str | None = None
    annots: list[tuple[int, int]] = field(default_factory=list)

    def add(self, role: str, **kw: Any) -> Node:
        n = Node(role, self, **kw)
        self.kids.append(n)
        return n


_HEADING_STYLES = {"Title": 1}
#: paragraph styles of the handout's source list: each entry is a bibliography entry
_SOURCE_STYLES = {"Source"}


def plan(story: Iterable[Flowable], title: str) -> tuple[Node, Node | None, dict[str, str]]:
    """The structure tree of `story`, the TOC node if any, and {link anchor: what it names}.

    Every content flowable gets its node as `_rg_se`; hints set by the handout's code:
    `_rg_role` on a table that is a box ("Div", "BlockQuote"), `_rg_row_headers` on a table
    whose first column heads its rows, `_rg_alt` on a figure, `_rg_outline` on headings.
    """
    root = Node("Document")
    names: dict[str, str] = {}
    toc: list[Node] = []

    def leaf(f: Any, parent: Node, role: str | None = None) -> Node | None:
        if isinstance(f, Paragraph):
            outline = getattr(f, "_rg_outline", None)
            style = getattr(f.style, "name", "")
            if outline is not None:
                names[str(outline[0])] = str(outline[1])
            if style in _HEADING_STYLES:
                role = role or f"H{_HEADING_STYLES[style]}"
            elif outline is not None:
                # -- the title is H1; the handout's top-level headings are H2, and so on --
                role = role or f"H{min(int(outline[2]) + 2, 6)}"
            elif "Caption" in style:
                role = role or "Caption"
            elif style in _SOURCE_STYLES and role is None:
                parent, role = parent.add("P"), "BibEntry"
            f._rg_se = parent.add(role or "P", actual=logical_text(f))
            return f._rg_se  # type: ignore[no-any-return]
        if isinstance(f, (Image, Drawing)):
            alt = getattr(f, "_rg_alt", None)
            if alt:  # -- a picture without alt text (a logo) is decoration: an artifact --
                f._rg_se = parent.add("Figure", alt=alt)
                return f._rg_se  # type: ignore[no-any-return]
        return None

    def is_caption(f: Any) -> bool:
        return isinstance(f, Paragraph) and "Caption" in getattr(f.style, "name", "")

    def walk_list(items: list[Any], parent: Node) -> None:
        """Siblings in order; a caption goes inside the table after it or the figure before it."""
        content = [x for x in items if not isinstance(x, Spacer)]
        prev: Node | None = None
        for i, f in enumerate(content):
            nxt = content[i + 1] if i + 1 < len(content) else None
            if is_caption(f) and prev is not None and prev.role == "Figure":
                f._rg_se = prev.add("Caption", actual=logical_text(f))  # -- its last child --
                prev = None
                continue
            if is_caption(f) and isinstance(nxt, Table) and not getattr(nxt, "_rg_role", None):
                nxt._rg_caption = f  # -- its first child, placed when the table is planned --
                prev = None
                continue
            prev = walk(f, parent)

    def walk(f: Any, parent: Node) -> Node | None:
        if isinstance(f, (list, tuple)):
            walk_list(list(f), parent)
        elif isinstance(f, TableOfContents):
            toc.append(parent.add("TOC", source=f))
        elif isinstance(f, Table):
            outline = getattr(f, "_rg_outline", None)
            if outline is not None:
                names[str(outline[0])] = str(outline[1])
            table(f, parent)
        elif isinstance(f, ListFlowable):
            lst(f, parent)
        elif isinstance(f, KeepTogether):
            walk_list(list(f._content), parent)
        elif isinstance(f, _Container):
            walk_list(list(getattr(f, "_content", [])), parent)
        else:
            return leaf(f, parent)
        return None

    def table(t: Table, parent: Node) -> None:
        role = getattr(t, "_rg_role", None)
        rows = t._cellvalues
        if role:
            box = parent.add(role)
            for row in rows:
                for cell in row:
                    walk(cell, box)
            return
        node = parent.add("Table")
        caption = t.__dict__.pop("_rg_caption", None)
        if caption is not None:
            caption._rg_se = node.add("Caption", actual=logical_text(caption))
        heads = int(t.repeatRows) if isinstance(t.repeatRows, int) else len(t.repeatRows)
        row_heads = getattr(t, "_rg_row_headers", False)
        head = node.add("THead") if heads else None
        body = node.add("TBody") if len(rows) > heads else None
        for r, row in enumerate(rows):
            tr = (head if r < heads else body).add("TR")  # type: ignore[union-attr]
            # -- a right-to-left table holds its rows right to left (pdfblocks.MirroredTable) --
            for c, cell in enumerate(row[::-1] if getattr(t, "_rg_mirrored", False) else row):
                if r < heads:
                    td = tr.add("TH", attrs={"Table": {"Scope": "Column"}})
                elif row_heads and c == 0:
                    td = tr.add("TH", attrs={"Table": {"Scope": "Row"}})
                else:
                    td = tr.add("TD")
                walk(cell, td)

    def lst(lf: ListFlowable, parent: Node) -> None:
        kind = {"1": "Decimal", "a": "LowerAlpha", "A": "UpperAlpha", "i": "LowerRoman",
                "I": "UpperRoman"}.get(str(lf._bulletType), "Disc")
        node = parent.add("L", attrs={"List": {"ListNumbering": kind}})
        for item in lf._flowables:
            li = node.add("LI")
            li.add("Lbl")
            body = li.add("LBody")
            walk(item._flowables if isinstance(item, ListItem) else item, body)

    walk(list(story), root)
    return root, (toc[0] if toc else None), names


def plain_markup(p: Paragraph) -> str:
    """A paragraph's text from its markup (reportlab empties `frags` of a paragraph it has
    broken into lines of fragments)."""
    markup = getattr(p, "text", None)
    if isinstance(markup, str):
        return html_unescape(re.sub(r"<[^>]*>", "", markup))
    return "".join(getattr(f, "text", "") or "" for f in p.frags)


def has_rtl(text: str) -> bool:
    return any("\u0590" <= c <= "\u08ff" or "\ufb1d" <= c <= "\ufefc" for c in text)


def logical_text(p: Paragraph) -> str | None:
    """Right-to-left text is drawn glyph by glyph in display order, which is what a screen
    reader would read out: a paragraph with such text says its words in logical order
    (`/ActualText`), taken from its markup. (`marks.py` drops it again when every run of the
    paragraph was drawn in reading order with its own `/ActualText`.)"""
    markup = getattr(p, "text", None)
    if not isinstance(markup, str):
        return None
    text = html_unescape(re.sub(r"<[^>]*>", "", markup))
    if not has_rtl(text):
        return None
    return " ".join(text.split())


def frag_links(p: Paragraph) -> dict[str, str]:
    """{link target: its words} of a paragraph, from reportlab's text fragments."""
    out: dict[str, str] = {}
    prev = None
    for f in getattr(p, "frags", []):
        link = getattr(f, "link", None)
        target = str(link[0][1]) if link else None
        text = getattr(f, "text", "") or ""
        if target is not None:
            out[target] = (out.get(target, "") + text) if target == prev or target not in out else out[target]
        prev = target
    return {k: " ".join(v.split()) for k, v in out.items()}

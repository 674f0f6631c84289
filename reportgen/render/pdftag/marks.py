"""Step 2 of tagging the handout: marked content while reportlab draws.

`start(canvas, root)` arms a canvas; a canvas that is not armed draws exactly as before. Then:

- `Flowable.drawOn` (and the list bullet and table-decoration drawers) wrap what they draw in
  marked content: `/P <</MCID n>> BDC ... EMC` for content, `/Artifact BMC ... EMC` for
  backgrounds, rules, repeated header rows and untagged pictures.
- A paragraph with links is marked inside its text object instead (`inline.py`): its words in
  `/P` sequences, each link's words in a `/Link` sequence of a Link element of their own (in a
  Reference when the link is a citation), so that no structure sequence nests in another
  (PDF 32000-1 14.7.4.2); what the paragraph draws outside its text (underlines) is an artifact.
- Inside any paragraph's text, a passage in another script than the document's is marked
  `/Span <</Lang (tag)>> BDC`; a run of right-to-left glyphs drawn in display order also
  carries its words in reading order (`/ActualText`), so the paragraph needs none of its own.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from reportlab.platypus import Flowable, Paragraph, Table
from reportlab.platypus import paragraph as rl_paragraph
from reportlab.platypus.flowables import LIIndenter, _Container
from reportlab.platypus.tableofcontents import TableOfContents

from .tree import Node, frag_links, plain_markup

#: the names of the zero-width callbacks `pdffonts.FontSet.markup` puts around a passage in
#: another script than the document's (its label is the language tag); the marking goes by
#: each run's own letters now (`inline.py`), these mark where runs split
SPAN_ON, SPAN_OFF = "rgLangOn", "rgLangOff"


@dataclass
class _Mark:
    """Content drawn for a node on a page: marked-content id, and link annotations made."""

    page: int
    mcid: int
    annots: list[int]
    bbox: tuple[float, float, float, float] | None = None
    #: {link target ("https://..." or "#name"): the words that carry it}
    links: dict[str, str] = field(default_factory=dict)


class Tagger:
    """The marked content of one layout pass (multiBuild lays the handout out several times;
    only the last pass's canvas is written)."""

    def __init__(self, canv: Any, root: Node, toc: Node | None, lang: str = "en") -> None:
        self.canv = canv
        self.lang = lang
        self.root = root
        self.toc = toc
        #: id(node) -> its content in order: its marks and the elements made inside its text
        self.marks: dict[int, list[_Mark | Node]] = {}
        self.page_mcids: dict[int, list[Node]] = {}  #: page -> nodes by MCID
        self.depth = 0  #: > 0 while inside marked content (never nest content in content)
        self.drawn: set[int] = set()
        self.keep: list[Any] = []  #: drawn flowables, kept alive so their ids stay unique
        self.extra: dict[int, list[Node]] = {}  #: id(parent) -> nodes made while drawing
        #: (page, annotation index) -> "#name" or URL: reportlab writes an internal link's
        #: destination as a page position, so its name is kept here as the link is made
        self.targets: dict[tuple[int, int], str] = {}
        #: the text of the paragraph being drawn (`inline.Inline`), None between paragraphs
        self.inline: Any = None
        #: ids of paragraph nodes whose runs all said their own words (no /ActualText needed
        #: on the element) and of those with a line that did not
        self.runs_spoken: set[int] = set()
        self.runs_unspoken: set[int] = set()
        link_abs, link_rect, link_url = canv.linkAbsolute, canv.linkRect, canv.linkURL

        def made(target: str) -> None:
            key = (self.page(), len(canv._annotationrefs))
            self.targets[key] = target
            if self.inline is not None:
                self.inline.annotation(key, target)

        def linkAbsolute(contents: Any, destinationname: Any, *a: Any, **kw: Any) -> Any:
            made(f"#{destinationname}")
            return link_abs(contents, destinationname, *a, **kw)

        def linkRect(contents: Any, destinationname: Any, *a: Any, **kw: Any) -> Any:
            made(f"#{destinationname}")
            return link_rect(contents, destinationname, *a, **kw)

        def linkURL(url: Any, *a: Any, **kw: Any) -> Any:
            made(str(url))
            return link_url(url, *a, **kw)

        canv.linkAbsolute, canv.linkRect, canv.linkURL = linkAbsolute, linkRect, linkURL
        canv.setNamedCB(SPAN_ON, _ignore)
        canv.setNamedCB(SPAN_OFF, _ignore)
        from .inline import MARK, draw_text_hook, run_mark

        canv.setNamedCB(MARK, run_mark)
        canv.drawText = draw_text_hook(self, canv.drawText)

    def page(self) -> int:
        return int(self.canv.getPageNumber())

    def new_mark(self, node: Node) -> _Mark:
        """A new MCID on the current page for `node` (the caller writes the BDC)."""
        page = self.page()
        nodes = self.page_mcids.setdefault(page, [])
        mark = _Mark(page, len(nodes), [])
        nodes.append(node)
        self.marks.setdefault(id(node), []).append(mark)
        return mark

    def begin(self, node: Node) -> _Mark:
        mark = self.new_mark(node)
        self.canv.addLiteral(f"/{node.role} <</MCID {mark.mcid}>> BDC")
        self.depth += 1
        mark.annots.append(len(self.canv._annotationrefs))
        return mark

    def end(self, mark: _Mark) -> None:
        first = mark.annots.pop()
        mark.annots[:] = list(range(first, len(self.canv._annotationrefs)))
        self.canv.addLiteral("EMC")
        self.depth -= 1

    def artifact(self, draw: Callable[[], Any]) -> Any:
        if self.depth:
            return draw()
        self.canv.addLiteral("/Artifact BMC")
        self.depth += 1
        try:
            return draw()
        finally:
            self.depth -= 1
            self.canv.addLiteral("EMC")

    def extra_node(self, parent: Node, role: str) -> Node:
        n = Node(role, parent)
        self.extra.setdefault(id(parent), []).append(n)
        return n


def arabic_script(tag: str, text: str) -> str:
    """`tag`, with Arabic script said to be Persian when `text` has letters only Persian uses
    (`scripts.language_of`; `scriptlang.py` goes by script alone)."""
    from ...scripts import _PERSIAN

    return "fa-IR" if tag == "ar-SA" and any(c in _PERSIAN for c in text) else tag


def _ignore(canv: Any, kind: str, label: str | None) -> None:
    """A language-passage boundary drawn outside a tagged paragraph's lines: nothing to do."""


# -- the drawers --------------------------------------------------------------------------------

_orig: dict[str, Any] = {}


def _tagger(canv: Any) -> Tagger | None:
    return getattr(canv, "_rg_tagger", None)


def _has_links(p: Paragraph) -> bool:
    bl = getattr(p, "blPara", None)
    if bl is None or bl.kind != 1:
        return False
    return any(getattr(w, "link", None) for line in bl.lines for w in line.words)


def _flowable_draw_on(self: Any, canv: Any, x: float, y: float, _sW: float = 0) -> Any:
    if canv.__dict__.get("_rg_layout_only"):
        return None  # -- a layout pass (`Handout.multiBuild`): only where things fall counts --
    t = _tagger(canv)
    draw = _orig["Flowable.drawOn"]
    if t is None or t.depth:
        return draw(self, canv, x, y, _sW)
    node = self.__dict__.get("_rg_se")
    if node is None:
        if isinstance(self, (Table, _Container, TableOfContents)):
            return draw(self, canv, x, y, _sW)  # -- its cells and items tag themselves --
        if isinstance(self, Paragraph):
            style = getattr(self.style, "name", "")
            if style.startswith("TOC") and t.toc is not None:
                node = t.extra_node(t.toc, "TOCI")
            else:
                node = t.extra_node(t.root, "P")
        else:
            return t.artifact(lambda: draw(self, canv, x, y, _sW))
    if id(self) in t.drawn:
        # -- the same flowable drawn again is a table's header row repeated on a new page --
        return t.artifact(lambda: draw(self, canv, x, y, _sW))
    t.drawn.add(id(self))
    t.keep.append(self)
    if isinstance(self, Paragraph):
        if node.lang is None:
            # -- a paragraph all in another script than the document's says so (/Lang) --
            from ..scriptlang import single_lang

            node.lang = arabic_script(single_lang(plain_markup(self), t.lang) or "", plain_markup(self))
        from .inline import Inline

        shaped = getattr(self, "_base", None) is not None
        split = _has_links(self) or (shaped and self.blPara.kind == 1)
        t.inline = Inline(t, node, split, shaped=shaped,
                          persian=arabic_script("ar-SA", plain_markup(self)) == "fa-IR")
        if split:
            # -- the text object marks itself (inline.py); the rest is decoration --
            try:
                return t.artifact(lambda: draw(self, canv, x, y, _sW))
            finally:
                t.inline.finish()
                t.inline = None
    mark = t.begin(node)
    try:
        return draw(self, canv, x, y, _sW)
    finally:
        if node.role == "Figure":
            w, h = float(getattr(self, "width", 0) or 0), float(getattr(self, "height", 0) or 0)
            a, b, c, d, e, f = canv._currentMatrix
            x0 = self._hAlignAdjust(x, _sW)
            pts = [(a * px + c * py + e, b * px + d * py + f)
                   for px, py in ((x0, y), (x0 + w, y + h))]
            mark.bbox = (min(p[0] for p in pts), min(p[1] for p in pts),
                         max(p[0] for p in pts), max(p[1] for p in pts))
        t.end(mark)
        if isinstance(self, Paragraph):
            if mark.annots:
                mark.links = frag_links(self)
            if t.inline is not None:
                t.inline.finish()
                t.inline = None


def _li_draw_on(self: Any, canv: Any, x: float, y: float, _sW: float = 0) -> Any:
    t = _tagger(canv)
    bullet = self.__dict__.get("_bullet")
    if t is None or t.depth or not bullet:
        return _orig["LIIndenter.drawOn"](self, canv, x, y, _sW)
    inner = self.__dict__["_flowable"]
    node = inner.__dict__.get("_rg_se")
    li = node.parent.parent if node is not None and node.parent is not None else None
    lbl = li.kids[0] if li is not None and li.role == "LI" and li.kids and li.kids[0].role == "Lbl" else None
    if lbl is None:
        t.artifact(lambda: bullet.drawOn(self, canv, x, y, 0))
    else:
        mark = t.begin(lbl)
        try:
            bullet.drawOn(self, canv, x, y, 0)
        finally:
            t.end(mark)
    return inner.drawOn(canv, x + self._leftIndent, y, max(0, _sW - self._leftIndent - self._rightIndent))


def _artifact_method(name: str) -> Callable[..., Any]:
    orig = _orig[name]

    def method(self: Any, *a: Any, **kw: Any) -> Any:
        canv = getattr(self, "canv", None)
        t = _tagger(canv) if canv is not None else None
        if t is None:
            return orig(self, *a, **kw)
        return t.artifact(lambda: orig(self, *a, **kw))

    return method


def _keep_node(name: str) -> Callable[..., Any]:
    orig = _orig[name]

    def split(self: Any, *a: Any, **kw: Any) -> Any:
        parts = orig(self, *a, **kw)
        node = self.__dict__.get("_rg_se")
        if node is not None:
            for p in parts or ():
                if p is not self and "_rg_se" not in p.__dict__:
                    p.__dict__["_rg_se"] = node
        return parts

    return split


def _install() -> None:
    """Route reportlab's drawing through the tagger (a no-op for a canvas not `start`ed)."""
    if _orig:
        return
    from .inline import put_frag_line

    _orig["Flowable.drawOn"] = Flowable.drawOn
    _orig["LIIndenter.drawOn"] = LIIndenter.drawOn
    _orig["Table._drawBkgrnd"] = Table._drawBkgrnd
    _orig["Table._drawLines"] = Table._drawLines
    _orig["Paragraph.split"] = Paragraph.split
    _orig["_putFragLine"] = rl_paragraph._putFragLine
    Flowable.drawOn = _flowable_draw_on  # type: ignore[method-assign]
    LIIndenter.drawOn = _li_draw_on  # type: ignore[method-assign]
    Table._drawBkgrnd = _artifact_method("Table._drawBkgrnd")  # type: ignore[method-assign]
    Table._drawLines = _artifact_method("Table._drawLines")  # type: ignore[method-assign]
    Paragraph.split = _keep_node("Paragraph.split")  # type: ignore[method-assign]
    rl_paragraph._putFragLine = put_frag_line(_orig["_putFragLine"])


def start(canv: Any, root: Node, toc: Node | None, lang: str = "en") -> Tagger:
    """Arm `canv` for a layout pass: from now on what is drawn on it is marked."""
    _install()
    t = Tagger(canv, root, toc, lang)
    canv._rg_tagger = t
    return t


def artifact_begin(canv: Any, kind: str = "Pagination") -> None:
    """Open a pagination artifact (running header and footer; PDF 32000 14.8.2.2)."""
    canv.addLiteral(f"/Artifact <</Type /{kind}>> BDC")
    t = _tagger(canv)
    if t is not None:
        t.depth += 1


def artifact_end(canv: Any) -> None:
    canv.addLiteral("EMC")
    t = _tagger(canv)
    if t is not None:
        t.depth -= 1

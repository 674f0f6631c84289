"""A tagged PDF (PDF/UA-1) for the handout: structure tree, marked content, metadata.

reportlab has no tagging API, so the handout is tagged in three steps around its build:

1. `plan(story)` walks the flowables before layout and gives every piece of content its
   structure element (`Node`): headings H1–H6, P, Caption, L / LI / Lbl / LBody, Table / THead /
   TBody / TR / TH (with Scope) / TD, Figure (with its alt text), BlockQuote, Div, TOC / TOCI.
   The node rides on the flowable (`_rg_se`), and on the pieces reportlab splits it into.
2. While a pass lays out the pages, `Flowable.drawOn` (and the list bullet and table-decoration
   drawers) wrap what they draw in marked content: `/P <</MCID n>> BDC ... EMC` for content,
   `/Artifact BMC ... EMC` for backgrounds, rules, repeated header rows and untagged pictures.
   `start(canvas, root)` arms a canvas; a canvas that is not armed draws exactly as before.
3. `finish(pdf_bytes, tagger, ...)` writes the StructTreeRoot, ParentTree, `/StructParents`,
   Link elements with OBJR and `/Contents` for every link annotation, `/MarkInfo`,
   `DisplayDocTitle`, `/Tabs /S` and XMP metadata with `pdfuaid:part 1` (pikepdf).

`read_aloud(pdf_bytes)` walks the finished structure tree in reading order with the text of each
element, as a screen reader would announce it (used by the tests and `README.md` §Accessibility).
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from html import unescape as html_unescape
from typing import Any
from xml.sax.saxutils import escape

from reportlab.graphics.shapes import Drawing
from reportlab.platypus import (
    Flowable,
    Image,
    KeepTogether,
    ListFlowable,
    ListItem,
    Paragraph,
    Table,
)
from reportlab.platypus.flowables import LIIndenter, _Container
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

    def add(self, role: str, **kw: Any) -> Node:
        n = Node(role, self, **kw)
        self.kids.append(n)
        return n


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
        self.marks: dict[int, list[_Mark]] = {}  #: id(node) -> its marks
        self.page_mcids: dict[int, list[Node]] = {}  #: page -> nodes by MCID
        self.depth = 0  #: > 0 while inside marked content (never nest content in content)
        self.drawn: set[int] = set()
        self.keep: list[Any] = []  #: drawn flowables, kept alive so their ids stay unique
        self.extra: dict[int, list[Node]] = {}  #: id(parent) -> nodes made while drawing
        #: (page, annotation index) -> "#name" or URL: reportlab writes an internal link's
        #: destination as a page position, so its name is kept here as the link is made
        self.targets: dict[tuple[int, int], str] = {}
        link_abs, link_rect, link_url = canv.linkAbsolute, canv.linkRect, canv.linkURL

        def linkAbsolute(contents: Any, destinationname: Any, *a: Any, **kw: Any) -> Any:
            self.targets[(self.page(), len(canv._annotationrefs))] = f"#{destinationname}"
            return link_abs(contents, destinationname, *a, **kw)

        def linkRect(contents: Any, destinationname: Any, *a: Any, **kw: Any) -> Any:
            self.targets[(self.page(), len(canv._annotationrefs))] = f"#{destinationname}"
            return link_rect(contents, destinationname, *a, **kw)

        def linkURL(url: Any, *a: Any, **kw: Any) -> Any:
            self.targets[(self.page(), len(canv._annotationrefs))] = str(url)
            return link_url(url, *a, **kw)

        canv.linkAbsolute, canv.linkRect, canv.linkURL = linkAbsolute, linkRect, linkURL
        canv.setNamedCB(SPAN_ON, _span_on)
        canv.setNamedCB(SPAN_OFF, _span_off)
        draw_text = canv.drawText

        def drawText(tx: Any) -> Any:
            _close_span(tx)  # -- a passage cut by a page break ends with its part --
            return draw_text(tx)

        canv.drawText = drawText

    def page(self) -> int:
        return int(self.canv.getPageNumber())

    def begin(self, node: Node) -> _Mark:
        page = self.page()
        nodes = self.page_mcids.setdefault(page, [])
        mark = _Mark(page, len(nodes), [])
        nodes.append(node)
        self.marks.setdefault(id(node), []).append(mark)
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


# -- passages in another language: marked content with /Lang inside a paragraph -------------

#: the names of the zero-width callbacks `pdffonts.FontSet.markup` puts around a passage in
#: another script than the document's; the label of SPAN_ON is its language tag
SPAN_ON, SPAN_OFF = "rgLangOn", "rgLangOff"


def _span_on(canv: Any, kind: str, label: str | None) -> None:
    """Open `/Span <</Lang (tag)>> BDC` in the text object being drawn (PDF 32000 14.9.2: a
    property list's Lang gives a passage its language without a structure element of its own)."""
    info = getattr(canv, "_curr_tx_info", None)
    if info is None or not label or getattr(canv, "_rg_tagger", None) is None:
        return
    tx = info["tx"]
    if not tx.__dict__.get("_rg_span"):
        tx._code.append(f"/Span <</Lang ({label})>> BDC")
        tx._rg_span = True


def _span_off(canv: Any, kind: str, label: str | None) -> None:
    info = getattr(canv, "_curr_tx_info", None)
    if info is not None:
        _close_span(info["tx"])


def _close_span(tx: Any) -> None:
    if tx.__dict__.get("_rg_span"):
        tx._code.append("EMC")
        tx._rg_span = False


# -- step 1: structure from the story --------------------------------------------------------

_HEADING_STYLES = {"Title": 1}


def plan(story: Iterable[Flowable], title: str) -> tuple[Node, Node | None, dict[str, str]]:
    """The structure tree of `story`, the TOC node if any, and {link anchor: what it names}.

    Every content flowable gets its node as `_rg_se`; hints set by the handout's code:
    `_rg_role` on a table that is a box ("Div", "BlockQuote"), `_rg_row_headers` on a table
    whose first column heads its rows, `_rg_alt` on a figure, `_rg_outline` on headings.
    """
    root = Node("Document")
    names: dict[str, str] = {}
    toc: list[Node] = []

    def leaf(f: Any, parent: Node, role: str | None = None) -> None:
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
            f._rg_se = parent.add(role or "P", actual=logical_text(f))
        elif isinstance(f, (Image, Drawing)):
            alt = getattr(f, "_rg_alt", None)
            if alt:  # -- a picture without alt text (a logo) is decoration: an artifact --
                f._rg_se = parent.add("Figure", alt=alt)

    def walk(f: Any, parent: Node) -> None:
        if isinstance(f, (list, tuple)):
            for x in f:
                walk(x, parent)
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
            walk(f._content, parent)
        elif isinstance(f, _Container):
            walk(getattr(f, "_content", []), parent)
        else:
            leaf(f, parent)

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
        heads = int(t.repeatRows) if isinstance(t.repeatRows, int) else len(t.repeatRows)
        row_heads = getattr(t, "_rg_row_headers", False)
        head = node.add("THead") if heads else None
        body = node.add("TBody") if len(rows) > heads else None
        for r, row in enumerate(rows):
            tr = (head if r < heads else body).add("TR")  # type: ignore[union-attr]
            for c, cell in enumerate(row):
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


# -- step 2: marked content while drawing ----------------------------------------------------

_orig: dict[str, Any] = {}


def _tagger(canv: Any) -> Tagger | None:
    return getattr(canv, "_rg_tagger", None)


def _flowable_draw_on(self: Any, canv: Any, x: float, y: float, _sW: float = 0) -> Any:
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
        if mark.annots and isinstance(self, Paragraph):
            mark.links = frag_links(self)
        if isinstance(self, Paragraph) and node.lang is None:
            # -- a paragraph all in another script than the document's says so (/Lang) --
            from .scriptlang import single_lang

            node.lang = single_lang(_plain_markup(self), t.lang) or ""


def _plain_markup(p: Paragraph) -> str:
    """A paragraph's text from its markup (reportlab empties `frags` of a paragraph it has
    broken into lines of fragments)."""
    import re

    markup = getattr(p, "text", None)
    if isinstance(markup, str):
        return html_unescape(re.sub(r"<[^>]*>", "", markup))
    return "".join(getattr(f, "text", "") or "" for f in p.frags)


def logical_text(p: Paragraph) -> str | None:
    """Right-to-left text is drawn glyph by glyph in display order, which is what a screen
    reader would read out: a paragraph with such text says its words in logical order
    (`/ActualText`), taken from its markup."""
    import re

    markup = getattr(p, "text", None)
    if not isinstance(markup, str):
        return None
    text = html_unescape(re.sub(r"<[^>]*>", "", markup))
    if not any("\u0590" <= c <= "\u08ff" or "\ufb1d" <= c <= "\ufefc" for c in text):
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
    _orig["Flowable.drawOn"] = Flowable.drawOn
    _orig["LIIndenter.drawOn"] = LIIndenter.drawOn
    _orig["Table._drawBkgrnd"] = Table._drawBkgrnd
    _orig["Table._drawLines"] = Table._drawLines
    _orig["Paragraph.split"] = Paragraph.split
    Flowable.drawOn = _flowable_draw_on  # type: ignore[method-assign]
    LIIndenter.drawOn = _li_draw_on  # type: ignore[method-assign]
    Table._drawBkgrnd = _artifact_method("Table._drawBkgrnd")  # type: ignore[method-assign]
    Table._drawLines = _artifact_method("Table._drawLines")  # type: ignore[method-assign]
    Paragraph.split = _keep_node("Paragraph.split")  # type: ignore[method-assign]


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


# -- step 3: the document catalog -------------------------------------------------------------


def _xmp(title: str, author: str, subject: str, lang: str, keywords: str) -> bytes:
    e = escape
    return f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:pdf="http://ns.adobe.com/pdf/1.3/" xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">
   <dc:format>application/pdf</dc:format>
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{e(title)}</rdf:li></rdf:Alt></dc:title>
   <dc:creator><rdf:Seq><rdf:li>{e(author)}</rdf:li></rdf:Seq></dc:creator>
   <dc:description><rdf:Alt><rdf:li xml:lang="x-default">{e(subject)}</rdf:li></rdf:Alt></dc:description>
   <dc:language><rdf:Bag><rdf:li>{e(lang)}</rdf:li></rdf:Bag></dc:language>
   <pdf:Keywords>{e(keywords)}</pdf:Keywords>
   <xmp:CreatorTool>reportgen</xmp:CreatorTool>
   <pdfuaid:part>1</pdfuaid:part>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>""".encode()


def _link_target(annot: Any, known: str | None = None) -> str:
    """`https://...` for a web link, `#name` for a link to a named place in the handout."""
    import pikepdf

    if known:
        return known

    action = annot.get("/A")
    if action is not None and action.get("/S") == pikepdf.Name.URI:
        return bytes(action.URI).decode("latin-1")
    dest = annot.get("/Dest")
    if dest is None and action is not None:
        dest = action.get("/D")
    name = str(dest) if isinstance(dest, (pikepdf.String, pikepdf.Name)) else ""
    return "#" + name.lstrip("/")


def _link_text(annot: Any, names: dict[str, str], known: str | None = None) -> str:
    """What a link annotation's `/Contents` says: where it goes, in words."""
    target = _link_target(annot, known)
    if not target.startswith("#"):
        return f"Link to {target}"
    name = target[1:]
    if name.startswith("source-"):
        return f"Source {name.rsplit('-', 1)[-1]}"
    if name in names:
        return f"Go to {names[name]}"
    return "Go to a place in this document"


def finish(data: bytes, tagger: Tagger, names: dict[str, str], title: str, author: str,
           subject: str, lang: str, keywords: str, marking: str = "") -> bytes:
    """`data` (the PDF as reportlab wrote it, with marked content) with its structure tree;
    `marking`, when given, is written to the document information as `/Marking`."""
    import pikepdf

    pdf = pikepdf.open(io.BytesIO(data))
    pages = list(pdf.pages)
    nums: list[Any] = []
    next_key = len(pages)
    annot_owner: dict[tuple[int, int], Any] = {}

    def kids_of(node: Node) -> list[Node]:
        return node.kids + tagger.extra.get(id(node), [])

    def has_content(node: Node) -> bool:
        return bool(tagger.marks.get(id(node))) or any(has_content(k) for k in kids_of(node))

    page_parents: dict[int, dict[int, Any]] = {}

    def build(node: Node, parent_ref: Any) -> Any:
        nonlocal next_key
        se = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.StructElem,
                                                  S=pikepdf.Name("/" + node.role), P=parent_ref))
        k: list[Any] = []
        bbox = None
        for mark in tagger.marks.get(id(node), []):
            page = pages[mark.page - 1]
            k.append(pikepdf.Dictionary(Type=pikepdf.Name.MCR, Pg=page.obj, MCID=mark.mcid))
            page_parents.setdefault(mark.page, {})[mark.mcid] = se
            if mark.bbox:
                bbox = mark.bbox
            for i in mark.annots:
                annot = page.obj.Annots[i]
                link = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.StructElem,
                                                            S=pikepdf.Name.Link, P=se))
                link.K = pikepdf.Array([pikepdf.Dictionary(Type=pikepdf.Name.OBJR, Obj=annot,
                                                           Pg=page.obj)])
                annot.StructParent = next_key
                known = tagger.targets.get((mark.page, i))
                annot.Contents = pikepdf.String(_link_text(annot, names, known))
                annot.F = 4  # -- printed like the text around it (ISO 14289-1 7.18.1) --
                words = mark.links.get(_link_target(annot, known))
                link.Alt = pikepdf.String(words or _link_text(annot, names, known))
                nums.extend([next_key, link])
                next_key += 1
                annot_owner[(mark.page, i)] = link
                k.append(link)
        for kid in kids_of(node):
            if has_content(kid):
                k.append(build(kid, se))
        se.K = pikepdf.Array(k)
        if node.alt:
            se.Alt = pikepdf.String(node.alt)
        if node.actual:
            se.ActualText = pikepdf.String(node.actual)
        if node.lang:
            se.Lang = pikepdf.String(node.lang)
        attrs = [pikepdf.Dictionary({"/O": pikepdf.Name("/" + o),
                                     **{"/" + a: (pikepdf.Name("/" + v) if isinstance(v, str) else v)
                                        for a, v in d.items()}})
                 for o, d in node.attrs.items()]
        if node.role == "Figure" and bbox is not None:
            attrs.append(pikepdf.Dictionary(O=pikepdf.Name.Layout, Placement=pikepdf.Name.Block,
                                            BBox=pikepdf.Array([round(v, 2) for v in bbox])))
        if attrs:
            se.A = attrs[0] if len(attrs) == 1 else pikepdf.Array(attrs)
        return se

    if tagger.toc is not None and tagger.toc.source is not None:
        # -- an entry draws its dot leader and page number before its title: say it as
        # "title page" (the entries the last pass drew) --
        import re

        entries = tagger.toc.source._lastEntries
        for node, entry in zip(tagger.extra.get(id(tagger.toc), []), entries, strict=False):
            words = html_unescape(re.sub(r"<[^>]*>", "", str(entry[1])))
            node.actual = f"{' '.join(words.split())} {entry[2]}"
    tree = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.StructTreeRoot))
    doc = build(tagger.root, tree)
    tree.K = doc
    page_nums: list[Any] = []
    for i, page in enumerate(pages, start=1):
        page.obj.StructParents = i - 1
        page.obj.Tabs = pikepdf.Name.S
        by_mcid = page_parents.get(i, {})
        arr = [by_mcid.get(m) for m in range(max(by_mcid, default=-1) + 1)]
        page_nums += [i - 1, pdf.make_indirect(pikepdf.Array(arr))]
        # -- a link drawn outside any tagged content (none expected) still gets words --
        for a_i, annot in enumerate(page.obj.get("/Annots", [])):
            if (i, a_i) not in annot_owner and annot.get("/Subtype") == pikepdf.Name.Link:
                annot.Contents = pikepdf.String(_link_text(annot, names, tagger.targets.get((i, a_i))))
    tree.ParentTree = pdf.make_indirect(pikepdf.Dictionary(Nums=pikepdf.Array(page_nums + nums)))
    tree.ParentTreeNextKey = next_key
    root = pdf.Root
    root.StructTreeRoot = tree
    root.MarkInfo = pikepdf.Dictionary(Marked=True)
    root.Lang = pikepdf.String(lang)
    root.ViewerPreferences = pikepdf.Dictionary(DisplayDocTitle=True)
    meta = pdf.make_stream(_xmp(title, author, subject, lang, keywords))
    meta.Type = pikepdf.Name.Metadata
    meta.Subtype = pikepdf.Name.XML
    root.Metadata = meta
    if marking:
        pdf.docinfo[pikepdf.Name("/Marking")] = pikepdf.String(marking)
    out = io.BytesIO()
    pdf.save(out, deterministic_id=True, min_version="1.7",
             object_stream_mode=pikepdf.ObjectStreamMode.disable)
    return out.getvalue()


# -- reading it back ---------------------------------------------------------------------------


def _to_unicode(font: Any) -> dict[int, str]:
    """A simple font's ToUnicode map (reportlab's subsets: one byte a glyph)."""
    import re

    cmap = font.get("/ToUnicode")
    if cmap is None:
        return {}
    text = cmap.read_bytes().decode("latin-1")
    out: dict[int, str] = {}
    for block in re.findall(r"beginbfchar(.*?)endbfchar", text, re.S):
        for src, dst in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            out[int(src, 16)] = bytes.fromhex(dst).decode("utf-16-be", "replace")
    for block in re.findall(r"beginbfrange(.*?)endbfrange", text, re.S):
        for lo, hi, dst in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            base = int(dst, 16)
            for k in range(int(lo, 16), int(hi, 16) + 1):
                out[k] = chr(base + k - int(lo, 16))
    return out


def mcid_texts(data: bytes) -> dict[tuple[int, int], str]:
    """{(page index, MCID): the text drawn in that marked content}, decoded through each
    font's ToUnicode map."""
    import pikepdf

    out: dict[tuple[int, int], str] = {}
    pdf = pikepdf.open(io.BytesIO(data))
    for pi, page in enumerate(pdf.pages):
        resources: Any = page.obj.get("/Resources", {})
        fonts: Any = resources.get("/Font", {})
        maps = {str(k): _to_unicode(v) for k, v in fonts.items()}
        cur: dict[int, str] = {}
        stack: list[int | None] = []
        instructions: Any = pikepdf.parse_content_stream(page)
        for operands, op in instructions:
            name = str(op)
            if name == "BDC":
                props = operands[1] if len(operands) > 1 else None
                mcid = props.get("/MCID") if isinstance(props, pikepdf.Dictionary) else None
                stack.append(int(mcid) if mcid is not None else None)
            elif name == "BMC":
                stack.append(None)
            elif name == "EMC" and stack:
                stack.pop()
            elif name == "Tf":
                cur = maps.get(str(operands[0]), {})
            elif name in ("Tj", "TJ", "'", '"', "ET", "T*"):
                # -- text in a passage marked with its language (a Span inside a
                # paragraph's content) belongs to the paragraph --
                top = next((m for m in reversed(stack) if m is not None), None)
                if top is None:
                    continue
                if name in ("ET", "T*"):
                    piece = " "
                else:
                    parts = operands[-1] if name != "TJ" else [x for x in operands[0] if isinstance(x, pikepdf.String)]
                    parts = [parts] if isinstance(parts, pikepdf.String) else parts
                    piece = "".join(cur.get(b, chr(b)) for x in parts for b in bytes(x))
                out[(pi, top)] = out.get((pi, top), "") + piece
    return out


def read_aloud(data: bytes) -> list[tuple[int, str, str]]:
    """The structure tree of a PDF in reading order: (depth, type, text) for each element,
    text being its own marked content (or its alt text), as a screen reader would say it."""
    import pikepdf

    texts = mcid_texts(data)
    pdf = pikepdf.open(io.BytesIO(data))
    index: dict[Any, int] = {p.objgen: i for i, p in enumerate(pdf.pages)}
    out: list[tuple[int, str, str]] = []

    def walk(se: Any, depth: int) -> None:
        role = str(se.get("/S", "")).lstrip("/")
        own: list[str] = []
        kids = se.get("/K")
        kids = list(kids) if isinstance(kids, pikepdf.Array) else ([] if kids is None else [kids])
        later = []
        for k in kids:
            if isinstance(k, pikepdf.Dictionary) and k.get("/Type") == pikepdf.Name.MCR:
                own.append(texts.get((index[k.Pg.objgen], int(k.MCID)), ""))
            elif isinstance(k, pikepdf.Dictionary) and k.get("/Type") == pikepdf.Name.OBJR:
                own.append(str(k.Obj.get("/Contents", "")))
            elif isinstance(k, pikepdf.Dictionary):
                later.append(k)
        text = " ".join(" ".join(own).split())
        if "/Alt" in se:
            text = str(se.Alt)
        elif "/ActualText" in se:
            text = str(se.ActualText)
        out.append((depth, role, text))
        for k in later:
            walk(k, depth + 1)

    walk(pdf.Root.StructTreeRoot.K, 0)
    return out

"""Marked content inside a paragraph's text object: links, citations, languages, reading order.

reportlab draws a paragraph of styled fragments line by line (`paragraph._putFragLine`) into one
text object. Before each line is drawn, `put_frag_line` looks at its fragments as they will be
drawn (after `pdfshape.py` has shaped and ordered a right-to-left line) and puts a zero-width
callback (`MARK`) before each fragment that needs other marking than the one before it:

- in a paragraph with links, the element its words belong to: a Link element of their own
  (inside a Reference for a citation of a source) or, between links, a Span of the paragraph,
  each in its own structure sequence (`/Link <</MCID n>> BDC`); the link annotations reportlab
  makes for a line go to the Link element of that line's words (`/OBJR`);
- the language of its letters when it is not the document's (`/Span <</Lang (ko-KR)>> BDC`,
  PDF 32000-1 14.9.2), by their script (`scriptlang.py`), inside a right-to-left line too;
- for glyphs shaped right to left (drawn in display order), their words in reading order as
  the span's `/ActualText` (PDF 32000-1 14.9.4).
"""

from __future__ import annotations

from typing import Any

from reportlab.lib.abag import ABag
from reportlab.pdfbase.ttfonts import ShapedStr
from reportlab.platypus.paraparser import ParaFrag

from .marks import SPAN_OFF, SPAN_ON, Tagger
from .tree import Node, has_rtl

#: the callback name of a marking switch; its label is the wanted (element, language, words)
MARK = "rgMark"


def _target(f: Any) -> str | None:
    link = getattr(f, "link", None)
    if not link:
        return None
    target = str(link[0][1])
    return "#" + target[len("document:"):] if target.startswith("document:") else target


def logical(text: Any) -> tuple[str, str]:
    """(words in reading order, words in the order drawn) of a drawn fragment's text."""
    from ..pdfshape import CLUSTER_TEXT

    chars = [CLUSTER_TEXT.get(ord(c), c) for c in str(text)]
    drawn = "".join(chars).replace("\u200b", "")
    data = getattr(text, "__shapeData__", None) if isinstance(text, ShapedStr) else None
    if not data or len(data) != len(chars):
        return drawn, drawn
    order = sorted(range(len(chars)), key=lambda i: data[i].cluster)
    return "".join(chars[i] for i in order).replace("\u200b", ""), drawn


def pdf_text(s: str) -> str:
    """`s` as a PDF text string for a content stream: UTF-16BE with its byte-order mark."""
    return "<FEFF" + s.encode("utf-16-be").hex().upper() + ">"


class Inline:
    """The marking of one paragraph's text object (one drawn part of a paragraph)."""

    def __init__(self, t: Tagger, node: Node, split: bool, shaped: bool, persian: bool = False) -> None:
        self.t, self.node, self.split, self.shaped = t, node, split, shaped
        self.persian = persian  #: its Arabic-script words are Persian
        #: planning (line by line, before each is drawn): the marking of the last fragment
        self.want: tuple[Node, str | None, str | None] | None = None
        self.by_target: dict[str, Node] = {}  #: link target -> its latest Link element
        self.lines = 0
        self.in_order = True  #: every run of right-to-left glyphs said its own words
        #: drawing: the element whose sequence is open, the span open in it
        self.open_se: Node | None = None
        self.span: tuple[str | None, str | None] | None = None
        self.placed: set[int] = set()
        self.said: dict[int, str] = {}  #: id(Span) -> its words so far, in reading order

    # -- planning ---------------------------------------------------------------------------

    def element(self, f: Any) -> Node:
        if not self.split:
            return self.node
        target = _target(f)
        cur = self.want[0] if self.want else None
        if target is None:
            # -- the paragraph's own words between its links, each stretch a Span (`own_span`
            # says whether it goes on with the one before): its content stays in drawing
            # order when read element by element (as checkers such as outloud's ORD-001 do) --
            return Node("Span", self.node)
        if cur is not None and cur.role == "Link" and cur.target == target:
            return cur  # -- the same link going on (on the next line) --
        parent = Node("Reference", self.node) if target.startswith("#source-") else self.node
        link = Node("Link", parent, target=target)
        self.by_target[target] = link
        return link

    def own_span(self, new: Node, lang: str | None, actual: str | None, letters: bool, f: Any) -> Node:
        """The Span for a fragment of the paragraph's own words: the current one when the
        fragment goes on in its language (or has no letters: spaces, digits, brackets), else
        `new`. A Span with right-to-left runs says all its words in reading order (the runs of
        a shaped line are written in reading order, `pdfshape._in_reading_order`)."""
        words = logical(f.text)[0]
        cur = self.want[0] if self.want else None
        if cur is not None and cur.role == "Span" and cur.parent is self.node and (
                not letters or cur.lang == lang):
            if actual is not None or cur.actual is not None:
                cur.actual = self.said[id(cur)] + (actual or words)
            self.said[id(cur)] += words
            return cur
        new.lang, new.actual = lang, actual
        self.said[id(new)] = words
        return new

    def speech(self, f: Any) -> tuple[str | None, str | None, bool]:
        """(language, words in reading order, has letters) of a text fragment."""
        from ..scriptlang import segments

        text = f.text
        actual = None
        if isinstance(text, ShapedStr):
            words, drawn = logical(text)
            if words != drawn:
                actual = words
        else:
            words = str(text)
            if self.shaped and has_rtl(words):
                self.in_order = False  # -- right-to-left letters drawn as plain reversed text --
        if words.isascii():
            return None, actual, any(c.isalpha() for c in words)
        pieces = [(p, g) for p, g in segments(words, self.t.lang) if any(c.isalpha() for c in p)]
        lang = pieces[0][1] if pieces else None
        return ("fa-IR" if lang == "ar-SA" and self.persian else lang), actual, bool(pieces)

    def plan(self, words: list[Any]) -> list[Any]:
        """A line's fragments with a MARK callback wherever the marking changes."""
        self.lines += 1
        out: list[Any] = []
        prev_text = ""
        texts = [f for f in words if not hasattr(f, "cbDefn") and f.text]
        for f in words:
            cb = getattr(f, "cbDefn", None)
            if cb is not None:
                if getattr(cb, "name", None) not in (SPAN_ON, SPAN_OFF):
                    out.append(f)
                continue
            if not f.text:
                out.append(f)
                continue
            se = self.element(f)
            lang, actual, letters = self.speech(f)
            if se.role == "Span":
                # -- the paragraph's own words, in Spans that say their language and, drawn
                # right to left, their words in reading order --
                se = self.own_span(se, lang, actual, letters, f)
                if f is texts[-1] and not self.said[id(se)].endswith(" "):
                    # -- the line ends there: so do its words --
                    self.said[id(se)] += " "
                    se.actual = se.actual + " " if se.actual is not None else None
                lang = actual = None
            elif self.split:
                if actual is not None:
                    self.in_order = False  # -- a link's words drawn right to left --
                lang = actual = None
            elif not letters and self.want is not None and self.want[0] is se:
                lang = self.want[1]  # -- spaces, digits, brackets go with the words before --
            want = (se, lang, actual)
            if self.want is None and not self.split and lang is None and actual is None:
                self.want = want  # -- plain words at the start of a plain paragraph: nothing to mark --
            elif want != self.want:
                # -- its text: the trailing spaces of the fragment before, which reportlab
                # measures off the end of an underline or a link --
                trail = prev_text[len(prev_text.rstrip(" ")):]
                out.append(ParaFrag(text=trail, cbDefn=ABag(kind="onDraw", name=MARK, label=want)))
                self.want = want
            out.append(f)
            prev_text = str(f.text)
        return out

    # -- drawing ----------------------------------------------------------------------------

    def _place(self, se: Node) -> None:
        """Put an element made while drawing into its parent's content, in drawing order."""
        if se is self.node or id(se) in self.placed:
            return
        assert se.parent is not None
        self._place(se.parent)
        self.t.marks.setdefault(id(se.parent), []).append(se)
        self.placed.add(id(se))

    def switch(self, code: list[str], want: tuple[Node, str | None, str | None]) -> None:
        se, lang, actual = want
        span = (lang, actual) if lang or actual else None
        if self.span is not None and (se is not self.open_se or span != self.span):
            code.append("EMC")
            self.span = None
        if se is not self.open_se:
            if self.split:
                if self.open_se is not None:
                    code.append("EMC")
                self._place(se)
                mark = self.t.new_mark(se)
                code.append(f"/{se.role} <</MCID {mark.mcid}>> BDC")
            self.open_se = se
        if span is not None and self.span is None:
            props = (f"/Lang ({span[0]}) " if span[0] else "") + (
                f"/ActualText {pdf_text(span[1])}" if span[1] else "")
            code.append(f"/Span <<{props.strip()}>> BDC")
            self.span = span

    def close(self, code: list[str]) -> None:
        """End what is open before the text object ends (ET)."""
        if self.span is not None:
            code.append("EMC")
            self.span = None
        if self.split and self.open_se is not None:
            code.append("EMC")
        self.open_se = None

    def annotation(self, key: tuple[int, int], target: str) -> None:
        """A link annotation made while this paragraph is drawn belongs to its Link element."""
        if not self.split:
            return
        link = self.by_target.get(target)
        if link is None:  # -- not from the words of a line (none expected): a Link of its own --
            link = Node("Link", self.node, target=target)
            self._place(link)
        link.annots.append(key)

    def finish(self) -> None:
        if self.shaped and self.lines:
            (self.t.runs_spoken if self.in_order else self.t.runs_unspoken).add(id(self.node))


def put_frag_line(orig: Any) -> Any:
    """reportlab's `_putFragLine`, with the marking of a tagged paragraph's fragments."""

    def put(cur_x: Any, tx: Any, line: Any, last: Any, pKind: Any) -> Any:
        t: Tagger | None = getattr(tx._canvas, "_rg_tagger", None)
        st = t.inline if t is not None else None
        if st is None:
            return orig(cur_x, tx, line, last, pKind)
        tx.__dict__["_rg"] = st
        return orig(cur_x, tx, line.clone(words=st.plan(list(line.words))), last, pKind)

    return put


def run_mark(canv: Any, kind: str, label: Any) -> None:
    """The MARK callback: switch the marking in the text object being drawn."""
    t: Tagger | None = getattr(canv, "_rg_tagger", None)
    info = getattr(canv, "_curr_tx_info", None)
    if t is None or t.inline is None or info is None:
        return
    t.inline.switch(info["tx"]._code, label)


def draw_text_hook(t: Tagger, draw_text: Any) -> Any:
    """`canvas.drawText` closing a paragraph's marking before its text object ends; in a
    paragraph marked inside its text, the text object steps out of the artifact around it."""
    canv = t.canv

    def drawText(tx: Any) -> Any:
        st: Inline | None = tx.__dict__.get("_rg")
        if st is not None:
            st.close(tx._code)
            if not st.split:
                return draw_text(tx)
            canv.addLiteral("EMC")
            try:
                return draw_text(tx)
            finally:
                canv.addLiteral("/Artifact BMC")
        # -- any other text object drawn meanwhile (a contents entry's dots and page number,
        # drawn by a callback at the end of its title's line, before the title's text object
        # is written) stays in the artifact: the entry says its page number (`write.py`) --
        return draw_text(tx)

    return drawText

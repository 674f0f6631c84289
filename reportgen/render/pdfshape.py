"""Right-to-left order and complex-script shaping for the PDF handout.

reportlab 5.1 can shape through `uharfbuzz` (`ParagraphStyle.shaping`) but its right-to-left
support needs the `rlbidi` package, which is not on PyPI, and it turns bidi off for a paragraph
that switches font (reportlab `paragraph.py`: `bidiSort = False`), which every paragraph with a
fallback font does. So the handout does it here, at drawing time:

- a paragraph's base direction is that of its first strong character, else the document's
  (`meta.language`); a right-to-left paragraph that would be aligned left is aligned right;
- reportlab breaks lines on the logical text; each line is then split into runs of one font and
  one bidi level (`reportgen.bidi`), each run is shaped by harfbuzz in its direction (joined
  Arabic forms, lam-alef, Devanagari conjuncts and vowel signs, mirrored brackets), and the runs
  are put in display order (rule L2) and drawn by reportlab's own shaped-text code;
- a glyph that is not a font's own glyph for one character (a joined form, a ligature) is given
  a private code point whose ToUnicode entry is the characters it stands for, in logical order,
  so text extraction gives back what the outline said (`pdffonts.to_unicode_cmap`).

README "Languages and scripts" describes what a reader gets.
"""

from __future__ import annotations

import contextlib
import contextvars
import unicodedata
from collections.abc import Iterator
from functools import cache, lru_cache
from typing import Any

import uharfbuzz as hb
from reportlab.graphics import renderPDF
from reportlab.lib.abag import ABag
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import ShapeData, ShapedStr, TTFont
from reportlab.platypus import paragraph as rl_paragraph

from ..bidi import MIRROR, bidi_class, first_strong, has_rtl, levels, visual_order
from ..scripts import is_complex
from .pdftag import SPAN_OFF, SPAN_ON

#: the base direction (0 left to right, 1 right to left) of a paragraph without strong characters
DOCUMENT_LEVEL: contextvars.ContextVar[int] = contextvars.ContextVar("DOCUMENT_LEVEL", default=0)
#: the `dir:` of the section (or document) whose paragraphs are being made: "rtl" and "ltr" set
#: every paragraph's base direction, "auto" leaves it to the paragraph's first letter
DIRECTION: contextvars.ContextVar[str] = contextvars.ContextVar("DIRECTION", default="auto")

#: private code point -> the characters its glyph stands for (read by `pdffonts.to_unicode_cmap`)
CLUSTER_TEXT: dict[int, str] = {}
_private: dict[tuple[str, int, str, float], int] = {}
_next_private = [0xF0000]  # -- plane 15: never a font's own character, so never a clash --


@cache
def _hb_font(font_name: str) -> Any:
    font = pdfmetrics.getFont(font_name)
    face = hb.Face(hb.Blob(font.face._ttf_data))
    return hb.Font(face)


def _private_char(font: TTFont, gid: int, text: str, advance: float) -> int:
    """A private code point that draws glyph `gid` of `font`, extracts as `text` and has the
    width `advance` (in thousandths of the font size)."""
    key = (font.fontName, gid, text, round(advance, 1))
    cp = _private.get(key)
    if cp is None:
        cp = _private[key] = _next_private[0]
        _next_private[0] += 1
        CLUSTER_TEXT[cp] = text
        face = font.face
        face.charToGlyph[cp] = gid
        face.glyphToChar.setdefault(gid, []).append(cp)
        face.charWidths[cp] = advance
    return cp


def shape(text: str, font_name: str, rtl: bool) -> str:
    """`text` shaped in `font_name`, in display order: a `ShapedStr` reportlab draws glyph by
    glyph, or plain text (reversed and mirrored when `rtl`) for a font harfbuzz cannot use."""
    font = pdfmetrics.getFont(font_name)
    if not isinstance(font, TTFont) or not text:
        return "".join(MIRROR.get(c, c) for c in reversed(text)) if rtl else text
    hbf = _hb_font(font_name)
    upem = hbf.face.upem
    buf = hb.Buffer()
    # -- str(): reportlab passes str subclasses (its soft-hyphen words), which harfbuzz's
    # Cython buffer refuses --
    buf.add_str(str(text))
    buf.guess_segment_properties()
    buf.direction = "rtl" if rtl else "ltr"
    buf.cluster_level = hb.BufferClusterLevel.MONOTONE_CHARACTERS
    hb.shape(hbf, buf, {"kern": True, "liga": True})
    infos, positions = buf.glyph_infos, buf.glyph_positions
    starts = sorted({i.cluster for i in infos})
    end = {c: (starts[k + 1] if k + 1 < len(starts) else len(text)) for k, c in enumerate(starts)}
    count: dict[int, int] = {}
    for i in infos:
        count[i.cluster] = count.get(i.cluster, 0) + 1
    seen: set[int] = set()
    scale = 1000 / upem
    face = font.face
    chars: list[str] = []
    data: list[ShapeData] = []
    # -- a cluster of several glyphs (a vowel sign drawn before its consonant, a split vowel)
    # extracts once, from its first glyph in reading order; its other glyphs extract as U+200B
    # (an empty ToUnicode entry makes pdftotext split the word there) --
    order = range(len(infos) - 1, -1, -1) if rtl else range(len(infos))
    first_of: set[int] = set()
    for k in order:
        c = infos[k].cluster
        if c not in seen:
            seen.add(c)
            first_of.add(k)
    for k, (info, pos) in enumerate(zip(infos, positions, strict=True)):
        gid, c = info.codepoint, info.cluster
        cluster_text = text[c:end[c]]
        advance = hbf.get_glyph_h_advance(gid) * scale
        if pos.x_advance == 0 and pos.x_offset < 0:
            # -- a mark placed back over its letter: given a width that ends where the pen is,
            # or readers that go by position (pdftotext) see a gap after it and split the word --
            cp = _private_char(font, gid, cluster_text if k in first_of else "\u200b", -pos.x_offset * scale)
        elif count[c] == 1 and len(cluster_text) == 1 and face.charToGlyph.get(ord(cluster_text)) == gid:
            cp = ord(cluster_text)
        elif count[c] == 1:
            cp = _private_char(font, gid, cluster_text, advance)
        else:
            own = face.glyphToChar.get(gid, [None])[0]
            nominal = "".join(chr(face.glyphToChar.get(i.codepoint, [0x200B])[0])
                              for i in (infos[j] for j in range(len(infos)) if infos[j].cluster == c))
            if rtl:
                nominal = nominal[::-1]
            if nominal == cluster_text and own is not None:
                cp = own
            else:
                cp = _private_char(font, gid, cluster_text if k in first_of else "\u200b", advance)
        chars.append(chr(cp))
        data.append(ShapeData(c, pos.x_advance * scale, pos.y_advance * scale, pos.x_offset * scale,
                              pos.y_offset * scale, face.charWidths.get(cp, advance)))
    return ShapedStr("".join(chars), shapeData=data)


def width(text: str, font_name: str, size: float) -> float:
    """Drawn width of `text` as `shape` returns it."""
    if isinstance(text, ShapedStr):
        return sum(d.x_advance for d in text.__shapeData__) * size / 1000
    return float(pdfmetrics.stringWidth(text, font_name, size))


def visual_runs(pieces: list[tuple[str, Any]], base: int) -> list[tuple[str, Any, int, int]]:
    """One line's `(text, key)` pieces in logical order, as `(text, key, level, start)` runs in
    display order: each run of one piece and one level, not yet shaped; `start` is where the
    run begins in the line's logical text."""
    text = "".join(t for t, _ in pieces)
    lv = levels(text, base)
    runs: list[tuple[str, Any, int, int]] = []
    i = 0
    for t, key in pieces:
        j = 0
        while j < len(t):
            k = j
            while k < len(t) and lv[i + k] == lv[i + j]:
                k += 1
            runs.append((t[j:k], key, lv[i + j], i + j))
            j = k
        i += len(t)
    return [runs[r] for r in visual_order([r[2] for r in runs])]


def visual_line(pieces: list[tuple[str, str]], size: float, base: int) -> list[tuple[str, str]]:
    """`(font name, text)` pieces of one line in logical order, shaped and in display order."""
    out = []
    for t, font_name, lvl, _ in visual_runs([(t, f) for f, t in pieces], base):
        if lvl % 2 or is_complex(t):
            out.append((font_name, shape(t, font_name, bool(lvl % 2))))
        else:
            out.append((font_name, t))
    return out


_rl_string_width = rl_paragraph.stringWidth


@lru_cache(maxsize=65536)
def _shaped_em_width(text: str, font_name: str) -> float:
    return width(shape(text, font_name, has_rtl(text)), font_name, 1.0)


def shaped_string_width(text: str, font_name: str, size: float, encoding: str = "utf8") -> float:
    """reportlab's `stringWidth`, shaped for text in a complex script."""
    if is_complex(text):
        return _shaped_em_width(text, font_name) * size
    return float(_rl_string_width(text, font_name, size, encoding))


# -- paragraphs -------------------------------------------------------------------------------


class Paragraph(rl_paragraph.Paragraph):  # type: ignore[misc]
    """reportlab's Paragraph, drawing right-to-left and complex-script text shaped and in order.

    A paragraph without such text is reportlab's own, untouched.
    """

    _base: int | None = None

    def _setup(self, text: Any, style: ParagraphStyle, bulletText: Any, frags: Any, cleaner: Any) -> None:
        super()._setup(text, style, bulletText, frags, cleaner)
        logical = "".join(getattr(f, "text", "") for f in self.frags if not hasattr(f, "cbDefn"))
        direction = DIRECTION.get()
        forced = {"rtl": 1, "ltr": 0}.get(direction)
        if not is_complex(logical) and not forced:
            return
        base = first_strong(logical) if forced is None else forced
        self._base = DOCUMENT_LEVEL.get() if base is None else base
        # -- a table-of-contents entry (it ends in an onDraw callback that draws the dots and
        # the page number; the language marks of pdftag are callbacks too) keeps its alignment --
        toc = any(getattr(getattr(f, "cbDefn", None), "kind", "") == "onDraw"
                  and f.cbDefn.name not in (SPAN_ON, SPAN_OFF) for f in self.frags)
        st: ParagraphStyle = self.__dict__["style"]
        if self._base and st.alignment == TA_LEFT and not toc:
            # -- same name: the tagging takes the structure role from it (pdftag.tree) --
            self.style = ParagraphStyle(st.name, parent=st, alignment=TA_RIGHT)
        if len(self.frags) == 1:
            # -- reportlab lays one plain frag out as a "simple" paragraph (lines of strings in
            # one font); a frag with a background is laid out as styled lines, which we reorder --
            self.frags[0].backColor = None

    def breakLines(self, width: Any) -> Any:
        if self._base is None:
            return super().breakLines(width)
        # -- lines are filled by the widths the words have when drawn (joined Arabic forms are
        # narrower than the letters alone): reportlab's paragraph module measures words through
        # its module-level `stringWidth`, swapped for the duration --
        rl_paragraph.stringWidth = shaped_string_width
        try:
            return super().breakLines(width)
        finally:
            rl_paragraph.stringWidth = _rl_string_width

    def split(self, availWidth: float, availHeight: float) -> list[Any]:
        parts = super().split(availWidth, availHeight)
        if self._base is not None:
            for p in parts:
                if isinstance(p, Paragraph):
                    p._base, p.style = self._base, self.style
        return parts

    def drawPara(self, debug: int = 0) -> None:
        if self._base is None or self.blPara.kind != 1:
            super().drawPara(debug)
            return
        lines = self.blPara.lines
        self._decor: list[list[tuple[str, Any, float, float, Any]]] = []
        self.blPara.lines = [self._visual(line) for line in lines]
        self.canv.setNamedCB(_DECOR, self._place_decor)
        try:
            super().drawPara(debug)
        finally:
            self.blPara.lines = lines

    def _visual(self, line: Any) -> Any:
        # -- anchors (bookmarks, link targets) go first; callbacks that draw after the text
        # (the table of contents' dots and page number) last --
        # -- a line set in display order has no logical passages to mark: the language
        # callbacks (pdftag.SPAN_ON / SPAN_OFF) go; the paragraph keeps its own /Lang --
        specials = [f for f in line.words if hasattr(f, "cbDefn")
                    and getattr(f.cbDefn, "name", None) not in (SPAN_ON, SPAN_OFF)]
        anchors = [f for f in specials if f.cbDefn.kind == "anchor"]
        frags = [f for f in line.words if not hasattr(f, "cbDefn") and f.text]
        base = self._base or 0
        before = sum(shaped_string_width(f.text, f.fontName, f.fontSize) for f in frags)
        runs = []
        for t, f, lvl, start in visual_runs([(f.text, f) for f in frags], base):
            shaped = shape(t, f.fontName, bool(lvl % 2))
            if isinstance(shaped, ShapedStr):
                for piece in _reader_pieces(shaped, t, bool(lvl % 2)):  # -- display order, as the runs are --
                    c = min(d.cluster for d in piece.__shapeData__)
                    runs.append(((start + c, 0), f, piece, width(piece, f.fontName, f.fontSize)))
                continue
            runs.append(((start, 0), f, shaped, width(shaped, f.fontName, f.fontSize)))
        drawn = sum(r[3] for r in runs)
        words = list(anchors)
        decor = _decorations(runs)
        if decor:
            # -- links and underlines: reportlab places them by the pen, which a line written in
            # reading order moves back and forth; a callback at the line's start notes where
            # the line starts, and they are put where their runs are drawn (`_place_decor`) --
            self._decor.append(decor)
            words.append(frags[0].clone(text="", cbDefn=ABag(kind="onDraw", name=_DECOR,
                                                              label=str(len(self._decor) - 1))))
        if all(isinstance(r[2], ShapedStr) for r in runs):
            words += _in_reading_order(runs)
        else:
            words += [f.clone(text=t) for _, f, t, _ in runs]
        words += [f for f in specials if f not in anchors]
        return line.clone(words=words, extraSpace=line.extraSpace + before - drawn)

    def _place_decor(self, canv: Any, kind: str, label: str) -> None:
        """Note where a line with links or underlines starts, and what they are, for
        `_do_post_text` (the frags keep their links: the tagging reads them, pdftag.inline)."""
        info = canv._curr_tx_info
        info["xs"]._rg_decor = (info["cur_x"], self._decor[int(label)])


#: the name of the callback that notes where a reordered line starts
_DECOR = "rg-decor"

_rl_do_post_text = rl_paragraph._do_post_text


def _do_post_text(tx: Any) -> None:
    """reportlab's end of a line (backgrounds, links, underlines): in a line written in reading
    order, the links and underlines reportlab placed by the pen are replaced by those placed
    where their runs are drawn."""
    xs = tx.XtraState
    noted = xs.__dict__.pop("_rg_decor", None)
    if noted is not None:
        x, decor = noted
        xs.links, xs.us_lines = {}, {}
        for k, (what, key, a, b, f) in enumerate(decor):
            if what == "link":
                xs.links[(_DECOR, k)] = (((key, x + a), f.rise - 0.2 * f.fontSize, f.rise + f.fontSize), x + b)
            else:
                xs.us_lines[(_DECOR, k)] = (((key, f.fontSize, f.textColor, x + a), f.fontSize), x + b)
    _rl_do_post_text(tx)


rl_paragraph._do_post_text = _do_post_text


def _decorations(runs: list[tuple[Any, Any, Any, float]]) -> list[tuple[str, Any, float, float, Any]]:
    """The links and underlines of a line's runs (in display order, with their widths) as
    `(kind, key, start, end, frag)`, `start` and `end` from the line's left end: one span for
    each stretch of runs side by side that carry it (a link split by a run in the other
    direction gets two)."""
    out: list[tuple[str, Any, float, float, Any]] = []
    open_: dict[tuple[str, Any], int] = {}
    x = 0.0
    for _, f, _, w in runs:
        keys = [("link", k) for k in f.link] + [("underline", k) for k in f.us_lines]
        for key in list(open_):
            if key not in keys:
                del open_[key]
        for key in keys:
            i = open_.get(key)
            if i is None:
                open_[key] = len(out)
                out.append((key[0], key[1], x, x + w, f))
            else:
                what, k, a, _, f0 = out[i]
                out[i] = (what, k, a, x + w, f0)
        x += w
    return out


def _reader_pieces(shaped: ShapedStr, text: str, rtl: bool) -> list[ShapedStr]:
    """A shaped run cut where readers that take text in writing order (pypdf) would misread it.

    Such readers reverse the right-to-left letters of what is written between two font
    changes, and with them the punctuation and spaces written while the last letter they met
    was right to left (even in the piece before); they take a character outside the ranges
    they know as neutral or right to left (brackets, a backslash, a Devanagari sign) as left
    to right. So: in a right-to-left run, each stretch of glyphs that stand for right-to-left
    letters (with their marks and joiners) is one piece (but for a ligature at its left end,
    which is a piece of its own), and every other glyph a piece of its own; a left-to-right run with
    Arabic-Indic digits (in the block such readers reverse) is cut into glyphs; another
    left-to-right run has each punctuation mark or space before its first letter or digit
    on its own, then the rest. Written in reading order (`_in_reading_order`), each piece
    reads right.
    """
    data = shaped.__shapeData__
    starts = sorted({d.cluster for d in data})
    end = {c: (starts[k + 1] if k + 1 < len(starts) else len(text)) for k, c in enumerate(starts)}

    def chars(k: int) -> str:
        c = data[k].cluster
        return text[c:end[c]]

    n = len(shaped)
    if not rtl:
        if any(0x0590 <= ord(c) <= 0x08FF for c in text):
            return [shaped[k:k + 1] for k in range(n)]
        lead = 0
        while lead < n and all(_reader_neutral(c) for c in chars(lead)):
            lead += 1
        return [shaped[k:k + 1] for k in range(lead)] + ([shaped[lead:]] if lead < n else [])

    def word(k: int) -> bool:
        # -- a right-to-left letter, or a mark or joiner (Persian's zero-width non-joiner)
        # that belongs to the letters around it and that such readers do not take for a
        # left-to-right letter (a Devanagari sign, a soft hyphen) --
        cs = chars(k)
        return any(is_rtl_char(c) for c in cs) or all(
            bidi_class(c) in ("NSM", "BN") and (_reader_neutral(c) or "\u0590" <= c <= "\u08ff") for c in cs)

    pieces: list[ShapedStr] = []
    k = 0
    while k < n:
        j = k + 1
        if word(k):
            while j < n and word(j):
                j += 1
            if j - k > 1 and len(CLUSTER_TEXT.get(ord(shaped[k]), "")) > 1:
                # -- a glyph that stands for several letters (lam-alef) is neutral to such
                # readers: written first in its piece (the word's last letters, drawn
                # leftmost) it would stay before the letters they reverse --
                pieces.append(shaped[k:k + 1])
                k += 1
        pieces.append(shaped[k:j])
        k = j
    return pieces


#: what pypdf (7.x, `_utils.NEUTRAL_CHARACTER_RANGES`) reads as neutral: kept in writing order
#: whatever the direction, reversed with the right-to-left letters before them
_READER_NEUTRAL = (("\x00", "\x2f"), ("\x3a", "\x40"), ("\u0660", "\u066d"), ("\u06f0", "\u06f9"),
                   ("\u2000", "\u206f"), ("\u20a0", "\u21ff"))


def _reader_neutral(ch: str) -> bool:
    return any(a <= ch <= b for a, b in _READER_NEUTRAL)


def _in_reading_order(runs: list[tuple[tuple[int, int], Any, Any, float]]) -> list[Any]:
    """Display-ordered shaped runs as frags written in reading order, each moved to its place.

    A PDF keeps no paragraph direction, so readers that take text in the order it is written
    (pypdf, and `reportgen check` through it) would read a right-to-left line from its left
    end. Written in logical order, with each run's first glyph moved to where the run stands
    (a glyph is drawn at pen + x_offset and moves the pen by x_advance, reportlab
    `textobject._formatText`), the page looks the same and reads in order; readers that go by
    position (pdftotext) are not affected.
    """
    x = 0.0
    placed = []
    for start, f, t, w in runs:
        placed.append((start, f, t, x))
        x += w
    pen = 0.0
    out = []
    for i, (_, f, t, at) in enumerate(sorted(placed, key=lambda r: r[0])):
        jump = (at - pen) * 1000 / f.fontSize
        data = list(t.__shapeData__)
        if data and jump:
            d = data[0]
            data[0] = ShapeData(d.cluster, d.x_advance + jump, d.y_advance, d.x_offset + jump, d.y_offset, d.width)
        # -- pypdf reverses right-to-left text across the pieces written since the last font
        # operator, as if all were in display order; a font size that differs in the ninth
        # digit (written the same) makes reportlab repeat `Tf` before each piece, so each
        # piece is read on its own --
        size = f.fontSize * (1 + 1e-9 * (i % 2))
        out.append(f.clone(text=ShapedStr(str(t), shapeData=data), fontSize=size))
        pen = at + width(t, f.fontName, f.fontSize)
    return out


def shaped_line(text: str, font_name: str) -> str:
    """One line of `text` in one font, shaped and in display order (chart labels)."""
    base = first_strong(text)
    runs = visual_runs([(text, font_name)], DOCUMENT_LEVEL.get() if base is None else base)
    parts = [shape(t, font_name, bool(lvl % 2)) for t, _, lvl, _ in runs]
    if not all(isinstance(p, ShapedStr) for p in parts):
        return "".join(parts)
    data: list[ShapeData] = []
    for p in parts:
        data += p.__shapeData__  # type: ignore[attr-defined]
    return ShapedStr("".join(parts), shapeData=data)


_draw_string = renderPDF._PDFRenderer.drawString


def _draw_shaped_string(self: Any, string: Any) -> None:
    """reportlab graphics' drawString, with complex-script text shaped and in display order:
    chart labels, legends and axis titles go through it."""
    text = string.text
    if not isinstance(text, str) or not is_complex(text):
        _draw_string(self, string)
        return
    string.text = shaped_line(text, self._tracker.getState()["fontName"])
    try:
        _draw_string(self, string)
    finally:
        string.text = text


renderPDF._PDFRenderer.drawString = _draw_shaped_string


@contextlib.contextmanager
def direction_of(p: Paragraph) -> Iterator[None]:
    """Paragraphs made inside run in the direction of `p` (a judgment's label line follows the
    judgment), when `p` has one of its own."""
    token = DIRECTION.set({1: "rtl", 0: "ltr"}[p._base]) if p._base is not None else None
    try:
        yield
    finally:
        if token is not None:
            DIRECTION.reset(token)


def list_item(flowables: list[Any], indent: float, value: int | None = None) -> Any:
    """A list item whose bullet (or number: `value`, or the list's count when None) stands on
    the right when its first paragraph runs right to left."""
    from reportlab.platypus import ListItem

    kw: dict[str, Any] = {} if value is None else {"value": value}
    first = flowables[0] if flowables else None
    if isinstance(first, Paragraph) and first._base:
        return ListItem(flowables, bulletDir="rtl", bulletAlign="right", leftIndent=0, rightIndent=indent, **kw)
    return ListItem(flowables, **kw)


def is_rtl_char(ch: str) -> bool:
    return bidi_class(ch) in ("R", "AL")


def normalise_extracted(text: str) -> str:
    """Extracted text as the outline holds it: NFC, without bidi controls."""
    return unicodedata.normalize("NFC", "".join(c for c in text if not 0x202A <= ord(c) <= 0x202E
                                                and not 0x2066 <= ord(c) <= 0x2069))

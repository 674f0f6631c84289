"""Text measurement with TrueType metrics: how wide a string is, where text wraps, how tall.

The deck planner (`render/slides/`) uses it to know how many lines each bullet, title and
table cell takes at the theme's slide sizes, so that slides are split before they overflow
instead of relying on PowerPoint's autofit (python-pptx's `fit_text` and TEXT_TO_FIT_SHAPE do
not work). Widths come from `reportlab.pdfbase.pdfmetrics.stringWidth` on the theme's font
files (Carlito has Calibri's metrics); characters a font lacks (Hangul) are measured in the
theme's fallback fonts, as the office suites substitute them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

from reportlab.pdfbase import pdfmetrics

from .fontfiles import FontFile, font_file
from .model import Run, Text, plain
from .scripts import is_complex
from .theme import FontPaths, Theme

_Font = FontFile


@lru_cache(maxsize=64)
def _hb_font(path: Path) -> tuple[Any, int]:
    import uharfbuzz as hb

    face = hb.Face(hb.Blob.from_file_path(str(path)))
    return hb.Font(face), face.upem


def _hb_width(path: Path, text: str) -> float:
    """Advance width of `text` shaped in the font at `path`, per point of size."""
    import uharfbuzz as hb

    font, upem = _hb_font(path)
    buf = hb.Buffer()
    buf.add_str(text)
    buf.guess_segment_properties()
    hb.shape(font, buf, {"kern": True, "liga": True})
    return sum(p.x_advance for p in buf.glyph_positions) / upem


#: a style key: (family, bold, italic); family is "body", "heading" or "mono"
Style = tuple[str, bool, bool]


class Measure:
    """Widths, wrapping and line heights for one theme's fonts (sizes in points)."""

    def __init__(self, theme: Theme) -> None:
        self._paths: dict[str, FontPaths] = dict(theme.font_paths)
        self._fallbacks: tuple[FontPaths, ...] = theme.fallback_font_paths
        #: style -> its font, and the fallback fonts in that style's weight and slant
        self._primaries: dict[Style, _Font] = {}
        self._fallback_fonts: dict[tuple[bool, bool], tuple[_Font, ...]] = {}

    # -- fonts (files parsed once per process, shared with the handout: `fontfiles`) --

    def _primary(self, style: Style) -> _Font:
        font = self._primaries.get(style)
        if font is None:
            family, bold, italic = style
            font = self._primaries[style] = font_file(self._paths[family].style(bold, italic))
        return font

    def _fallback(self, bold: bool, italic: bool) -> tuple[_Font, ...]:
        fonts = self._fallback_fonts.get((bold, italic))
        if fonts is None:
            fonts = tuple(font_file(fb.style(bold, italic)) for fb in self._fallbacks)
            self._fallback_fonts[(bold, italic)] = fonts
        return fonts

    def _font_for(self, ch: str, style: Style) -> _Font:
        primary = self._primary(style)
        cp = ord(ch)
        if cp in primary.covers or ch.isspace():
            return primary
        for f in self._fallback(style[1], style[2]):
            if cp in f.covers:
                return f
        return primary

    # -- widths --

    def width(self, s: str, size: float, family: str = "body", bold: bool = False,
              italic: bool = False) -> float:
        """Width of `s` in points, at `size`."""
        return self._width(s, (family, bold, italic)) * size

    @lru_cache(maxsize=100_000)  # noqa: B019 -- one Measure per theme, kept for the process --
    def _width(self, s: str, style: Style) -> float:
        primary = self._primary(style)
        if all(ord(c) in primary.covers for c in s):
            return pdfmetrics.stringWidth(s, primary.name, 1.0)
        if is_complex(s):
            return self._shaped_width(s, style)
        total = 0.0
        for ch in s:
            total += pdfmetrics.stringWidth(ch, self._font_for(ch, style).name, 1.0)
        return total

    def _shaped_width(self, s: str, style: Style) -> float:
        """Width of Arabic, Hebrew or Devanagari text as it is drawn: joined forms, ligatures
        and conjuncts shaped by harfbuzz in the font that draws them (README "Languages and
        scripts"); other characters as `_width` measures them."""
        total, i = 0.0, 0
        while i < len(s):
            font = self._font_for(s[i], style)
            j = i + 1
            while j < len(s) and (self._font_for(s[j], style) is font or s[j].isspace()):
                j += 1
            total += _hb_width(font.path, s[i:j]) if is_complex(s[i:j]) else \
                pdfmetrics.stringWidth(s[i:j], font.name, 1.0)
            i = j
        return total

    def text_width(self, text: Text | str, size: float, family: str = "body",
                   bold: bool = False, italic: bool = False) -> float:
        """Width of inline text on one line, each run in its own style."""
        chars, styles = _styled(text, family, bold, italic)
        return self._span_width(chars, styles, 0, len(chars)) * size

    def _span_width(self, chars: str, styles: Sequence[Style], start: int, end: int) -> float:
        total = 0.0
        i = start
        while i < end:
            j = i + 1
            while j < end and styles[j] == styles[i]:
                j += 1
            total += self._width(chars[i:j], styles[i])
            i = j
        return total

    # -- heights --

    def line_height(self, size: float, spacing: float = 1.0, text: Text | str = "",
                    family: str = "body", bold: bool = False) -> float:
        """Height of one line of `text` at `size` and line spacing `spacing` (1.0 = single)."""
        chars, styles = _styled(text, family, bold, False)
        factor = self._primary((family, bold, False)).line_factor
        # -- each distinct (character, style) once: a 100,000-character paragraph is measured
        # once per slide it spans, and looking up fonts per character made that slow --
        for ch, st in set(zip(chars, styles, strict=True)):
            factor = max(factor, self._font_for(ch, st).line_factor)
        return factor * size * spacing

    # -- wrapping --

    def wrap(self, text: Text | str, width: float, size: float, family: str = "body",
             bold: bool = False, italic: bool = False) -> list[tuple[int, int]]:
        """Where `text` breaks into lines no wider than `width`: (start, end) offsets into
        `plain(text)`, greedy at spaces, a word wider than a line broken between characters.

        Break opportunities after hyphens are ignored: an office suite that breaks there too
        only ever needs fewer lines, never more.
        """
        chars, styles = _styled(text, family, bold, italic)
        n = len(chars)
        limit = width / size if size else 0.0
        lines: list[tuple[int, int]] = []
        if n == 0:
            return [(0, 0)]
        start = 0
        while start < n:
            # -- a forced break (newline) ends the line --
            stop = chars.find("\n", start)
            stop = n if stop < 0 else stop
            lines.extend(self._wrap_span(chars, styles, start, stop, limit))
            start = stop + 1
            if stop < n and start == n:
                lines.append((n, n))
        return lines

    def _wrap_span(self, chars: str, styles: Sequence[Style], start: int, end: int,
                   limit: float) -> list[tuple[int, int]]:
        words = _words(chars, start, end)
        if not words:
            return [(start, start)]
        lines: list[tuple[int, int]] = []
        line_start: int | None = None
        line_end = start
        for ws, we in words:
            if line_start is not None and self._span_width(chars, styles, line_start, we) <= limit:
                line_end = we
                continue
            if line_start is not None:
                lines.append((line_start, line_end))
            # -- the word starts a new line; break it by characters while it is too wide --
            s = ws
            while self._span_width(chars, styles, s, we) > limit and we - s > 1:
                e = s + 1
                while e < we and self._span_width(chars, styles, s, e + 1) <= limit:
                    e += 1
                lines.append((s, e))
                s = e
            line_start, line_end = s, we
        if line_start is not None:
            lines.append((line_start, line_end))
        return lines

    def lines(self, text: Text | str, width: float, size: float, family: str = "body",
              bold: bool = False, italic: bool = False) -> list[str]:
        """The lines of `text` wrapped at `width`, as strings."""
        s = plain(text)
        return [s[a:b] for a, b in self.wrap(text, width, size, family, bold, italic)]

    def count_lines(self, text: Text | str, width: float, size: float, family: str = "body",
                    bold: bool = False, italic: bool = False) -> int:
        """How many lines `text` takes at `width`."""
        return len(self.wrap(text, width, size, family, bold, italic))

    def height(self, text: Text | str, width: float, size: float, spacing: float = 1.0,
               family: str = "body", bold: bool = False, italic: bool = False) -> float:
        """Height of `text` wrapped at `width`: lines times line height."""
        return (self.count_lines(text, width, size, family, bold, italic)
                * self.line_height(size, spacing, text, family, bold))


def _styled(text: Text | str, family: str, bold: bool, italic: bool) -> tuple[str, list[Style]]:
    """The characters of `text` and the style of each."""
    if isinstance(text, str):
        return text, [(family, bold, italic)] * len(text)
    chars: list[str] = []
    styles: list[Style] = []
    for r in text:
        st: Style = ("mono" if r.code else family, bold or r.bold, italic or r.italic)
        chars.append(r.text)
        styles.extend([st] * len(r.text))
    return "".join(chars), styles


#: spaces that do not break a line: a citation is tied to the word before it (`inline.py`)
_NO_BREAK = "\u00a0\u2007\u202f"


def _breaks(ch: str) -> bool:
    return ch.isspace() and ch not in _NO_BREAK


def _words(chars: str, start: int, end: int) -> list[tuple[int, int]]:
    """(start, end) of each run of characters between breaking spaces in chars[start:end]."""
    out = []
    i = start
    while i < end:
        while i < end and _breaks(chars[i]):
            i += 1
        if i >= end:
            break
        j = i
        while j < end and not _breaks(chars[j]):
            j += 1
        out.append((i, j))
        i = j
    return out


_MEASURES: dict[tuple[tuple[Path, int, int], ...], Measure] = {}


def measure_for(theme: Theme) -> Measure:
    """The (cached) `Measure` of a theme; themes with the same font files share one, for the
    life of the process or until one of those files changes."""
    fp = theme.font_paths
    paths = [p for fam in ("body", "heading", "mono") for p in
             (fp[fam].regular, fp[fam].bold, fp[fam].italic, fp[fam].bold_italic)]
    paths += [p for f in theme.fallback_font_paths for p in (f.regular, f.bold, f.italic, f.bold_italic)]
    key = tuple(_stamp(p) for p in paths)
    if key not in _MEASURES:
        _MEASURES[key] = Measure(theme)
    return _MEASURES[key]


def _stamp(path: Path) -> tuple[Path, int, int]:
    try:
        st = path.stat()
    except OSError:
        return (path, -1, -1)
    return (path, st.st_mtime_ns, st.st_size)


# -- cutting inline text at plain-text offsets ------------------------------------------------


def slice_text(text: Text | str, start: int, end: int | None = None) -> Text:
    """The runs covering `plain(text)[start:end]`, formatting and links kept."""
    runs: tuple[Run, ...] = (Run(text),) if isinstance(text, str) else text
    total = sum(len(r.text) for r in runs)
    end = total if end is None else end
    out: list[Run] = []
    pos = 0
    for r in runs:
        a, b = pos, pos + len(r.text)
        pos = b
        lo, hi = max(a, start), min(b, end)
        if lo < hi:
            piece = r.text[lo - a:hi - a]
            out.append(Run(piece, r.bold, r.italic, r.code, r.href, r.cite))
    return tuple(out)


def strip_text(text: Text) -> Text:
    """`text` without leading and trailing white space."""
    s = plain(text)
    a = len(s) - len(s.lstrip())
    b = len(s.rstrip())
    return slice_text(text, a, b)


def join_texts(parts: Iterable[Text]) -> Text:
    out: list[Run] = []
    for p in parts:
        out.extend(p)
    return tuple(out)

"""Fonts for the PDF handout: TrueType registration and per-character fallback.

reportlab draws a character a font lacks as an empty box and has no fallback of its own
(reportlab does no font fallback), so every piece of user text goes through `FontSet.markup`, which splits it
by glyph coverage into `<font name=...>` segments: the role's font first (body, heading,
mono), then the theme's fallback fonts in order (NanumGothic for Hangul, DejaVuSans for
symbols and Greek), then reportlab's built-in CID fonts for CJK (not embedded, but shown by
every PDF viewer). A character nothing covers is reported once, by name, as a warning.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.cidfonts import UnicodeCIDFont

from ..errors import warn
from ..fontfiles import font_file
from ..theme import FontPaths, Theme
from .pdfshape import CLUSTER_TEXT
from .pdftag import SPAN_OFF, SPAN_ON
from .scriptlang import segments

#: built-in CID fonts, last resort for east-Asian scripts: (name, predicate on code point)
CID_FONTS = (
    ("HYGothic-Medium", lambda cp: 0xAC00 <= cp <= 0xD7A3 or 0x1100 <= cp <= 0x11FF
     or 0x3130 <= cp <= 0x318F),
    ("HeiseiKakuGo-W5", lambda cp: 0x3040 <= cp <= 0x30FF or 0x31F0 <= cp <= 0x31FF
     or 0xFF00 <= cp <= 0xFFEF),
    ("STSong-Light", lambda cp: 0x4E00 <= cp <= 0x9FFF or 0x3400 <= cp <= 0x4DBF
     or 0x3000 <= cp <= 0x303F),
)

_rl_to_unicode_cmap = ttfonts.makeToUnicodeCMap


def _utf16_hex(cp: int) -> str:
    # -- a shaped glyph's private code point stands for the characters it draws (pdfshape) --
    return CLUSTER_TEXT.get(cp, chr(cp)).encode("utf-16-be", "surrogatepass").hex().upper()


def to_unicode_cmap(fontname: str, subset: list[int]) -> str:
    """reportlab's ToUnicode CMap, with characters beyond U+FFFF written as UTF-16 pairs.

    reportlab writes `<1F600>` for an emoji, which is not UTF-16, so text extractors drop it
    ("Got invalid hex string" in pypdf); the PDF spec wants `<D83DDE00>`.
    """
    cmap = _rl_to_unicode_cmap(fontname, subset)
    if all(v <= 0xFFFF for v in subset):  # -- shaped glyphs' private code points are above --
        return cmap
    lines = cmap.split("\n")
    for i, v in enumerate(subset):
        if v > 0xFFFF:
            old = f"<{i:02X}> <{v:04X}>"  # -- exactly as reportlab writes it --
            lines = [f"<{i:02X}> <{_utf16_hex(v)}>" if line == old else line for line in lines]
    return "\n".join(lines)


ttfonts.makeToUnicodeCMap = to_unicode_cmap

#: characters a paragraph treats as layout, never looked up in a font
_LAYOUT = frozenset("\n\r\t \u00ad\u200b")

STYLES = ("regular", "bold", "italic", "bold_italic")


@dataclass(frozen=True)
class Family:
    """One registered TrueType family: reportlab font names by style, and its coverage."""

    names: dict[str, str]
    #: code points the regular face has a glyph for
    coverage: frozenset[int]

    @property
    def name(self) -> str:
        return self.names["regular"]

    def style(self, bold: bool = False, italic: bool = False) -> str:
        key = "bold_italic" if bold and italic else "bold" if bold else "italic" if italic else "regular"
        return self.names[key]


def _register_file(path: Path) -> tuple[str, frozenset[int]]:
    """Register one TTF under a name unique to its file, once per process (the registry is
    shared with the deck's text measurement: `reportgen.fontfiles`)."""
    f = font_file(path)
    return f.name, f.covers


def register_family(paths: FontPaths) -> Family:
    """Register the four styles of `paths` as one family, so `<b>`/`<i>` pick the right file."""
    names: dict[str, str] = {}
    coverage: frozenset[int] = frozenset()
    for style in STYLES:
        name, cov = _register_file(getattr(paths, style))
        names[style] = name
        if style == "regular":
            coverage = cov
    # -- reversed, so that when two styles share a file (no italic face) the reverse lookup
    # reportlab's `<font name=...>` does (ps2tt) finds the plainer style last-written --
    for style in reversed(STYLES):
        bold, italic = style in ("bold", "bold_italic"), style in ("italic", "bold_italic")
        addMapping(names["regular"], int(bold), int(italic), names[style])
    return Family(names, coverage)


def _register_cid(name: str) -> str:
    if name not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(name))
    return name


def _joins(ch: str) -> bool:
    """A combining mark or a (non-)joiner: drawn in the font of the letter before it."""
    return ch in "\u200c\u200d" or unicodedata.category(ch) in ("Mn", "Mc", "Me")


def char_name(ch: str) -> str:
    """`U+1F600 GRINNING FACE`: how a warning names a character."""
    return f"U+{ord(ch):04X} {unicodedata.name(ch, 'unnamed character')}"


class FontSet:
    """The theme's fonts for one render: role families, fallbacks, and the warnings given."""

    def __init__(self, theme: Theme) -> None:
        self.roles = {role: register_family(p) for role, p in theme.font_paths.items()}
        self._fallback_paths = theme.fallback_font_paths
        self._warned: set[str] = set()
        self._cache: dict[tuple[str, str], str | None] = {}
        #: the document's language: a passage in another script is marked with its own
        #: (`pdftag.SPAN_ON`), None for no marking
        self.lang: str | None = None

    @cached_property
    def fallbacks(self) -> tuple[Family, ...]:
        """The fallback families, registered when a character first needs one: parsing a
        TrueType file costs ~40 ms, and most documents are drawn by the role fonts alone."""
        return tuple(register_family(p) for p in self._fallback_paths)

    @cached_property
    def _styled(self) -> dict[str, dict[tuple[bool, bool], str]]:
        """regular face name -> (bold, italic) -> styled face name, for fallback families"""
        return {f.name: {(b, i): f.style(b, i) for b in (False, True) for i in (False, True)}
                for f in self.fallbacks}

    @cached_property
    def _covers(self) -> dict[str, frozenset[int]]:
        """any face name -> what its family covers"""
        return {n: f.coverage for f in (*self.roles.values(), *self.fallbacks) for n in f.names.values()}

    def family(self, role: str) -> Family:
        return self.roles[role]

    def font_for_char(self, ch: str, role: str = "body") -> str | None:
        """The font name that draws `ch` for `role`: None means the role's own font."""
        key = (role, ch)
        if key in self._cache:
            return self._cache[key]
        cp = ord(ch)
        found: str | None = None
        if ch in _LAYOUT or cp in self.roles[role].coverage:
            found = None
        else:
            for fam in self.fallbacks:
                if cp in fam.coverage:
                    found = fam.name
                    break
            else:
                for name, covers in CID_FONTS:
                    if covers(cp):
                        found = _register_cid(name)
                        break
                else:
                    found = ""  # -- nothing covers it: keep it in the role's font (a box), warn --
        self._cache[key] = found
        return found

    def _missing(self, ch: str) -> None:
        if ch not in self._warned:
            self._warned.add(ch)
            warn(f"PDF handout: no font in the theme has a glyph for {char_name(ch)}; "
                 "it is left out of the drawn page (add a font that covers it to the theme's "
                 "fonts.files.fallback)")

    def segments(self, text: str, role: str = "body", bold: bool = False,
                 italic: bool = False) -> list[tuple[str, str]]:
        """`text` split into (font name, text) runs by glyph coverage; uncovered characters
        are left out (drawn in the role's font they would be a .notdef box that extracts as
        NUL) and reported once each."""
        base = self.roles[role].style(bold, italic)
        out: list[tuple[str, str]] = []
        for ch in text:
            font = self.font_for_char(ch, role)
            if out and ord(ch) >= 0x300 and _joins(ch) and ord(ch) in self._covers.get(out[-1][0], ()):
                # -- a mark or joiner stays in its letter's font, so that they shape together --
                font = out[-1][0]
            if font == "":
                self._missing(ch)
                continue
            name = base if font is None else self._styled.get(font, {}).get((bold, italic), font)
            if out and out[-1][0] == name:
                out[-1] = (name, out[-1][1] + ch)
            else:
                out.append((name, ch))
        return out

    def markup(self, text: str, role: str = "body", bold: bool = False, italic: bool = False) -> str:
        """`text` escaped for a reportlab paragraph, with `<font>` segments for fallback glyphs.

        `bold`/`italic` must say what the surrounding markup is: reportlab's `<font name=...>`
        resets bold and italic to those of the named face, so a fallback segment names the
        styled face itself (Hangul in a bold heading is NanumGothicBold). Text in the role's
        own font gets no tag, so the paragraph style decides it. A passage in another script
        than the document's language is wrapped in zero-width callbacks that mark it as a
        `Span` with its own `/Lang` in the tagged PDF (`pdftag/inline.py`).
        """
        if not self.lang or text.isascii():
            return self._markup(text, role, bold, italic)
        out = []
        for piece, tag in segments(text, self.lang):
            if tag is None:
                out.append(self._markup(piece, role, bold, italic))
            else:
                out.append(f'<onDraw name="{SPAN_ON}" label="{tag}"/>{self._markup(piece, role, bold, italic)}'
                           f'<onDraw name="{SPAN_OFF}" label=""/>')
        return "".join(out)

    def _markup(self, text: str, role: str, bold: bool, italic: bool) -> str:
        base = self.roles[role].style(bold, italic)
        return "".join(escape(t) if name == base else f'<font name="{name}">{escape(t)}</font>'
                       for name, t in self.segments(text, role, bold, italic))

    def clean(self, text: str, role: str = "body") -> str:
        """`text` without the characters no font covers (each reported once)."""
        out = []
        for ch in text:
            if self.font_for_char(ch, role) == "":
                self._missing(ch)
            else:
                out.append(ch)
        return "".join(out)

    def font_for_text(self, text: str, role: str = "body", bold: bool = False) -> str:
        """One font that draws all of `text` (chart labels cannot switch font mid-string)."""
        fam = self.roles[role]
        needed = {ord(c) for c in text if c not in _LAYOUT}
        if needed <= fam.coverage:
            return fam.style(bold=bold)
        for f in self.fallbacks:
            if needed <= f.coverage:
                return f.style(bold=bold)
        for ch in text:
            if self.font_for_char(ch, role) == "":
                self._missing(ch)
        # -- no single font draws everything: the one covering the most characters wins --
        best = max((fam, *self.fallbacks), key=lambda f: len(needed & f.coverage))
        return best.style(bold=bold)

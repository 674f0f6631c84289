"""The theme's fonts inside the HTML page: WOFF2 subsets as `data:` URIs in `@font-face` rules.

A page read where the theme's fonts are missing (Calibri on a Linux desktop, Noto Sans Arabic
on most machines) would fall back to whatever the browser has. The page carries the theme's own
font files instead, cut down to the characters it shows (fontTools' subsetter, WOFF2 with
brotli; the Latin text fonts without their kerning and ligature tables, which cost most of the
time; the fonts of other scripts with them, which shaping needs), under private family names (`reportgen-body`, ...) so that a metric twin (Carlito for
Calibri) is never presented as the font the theme names; the names stay behind them in each
`font-family` list. Fonts whose licence forbids embedding (`fontembed.embedding_problem`) are
left out. Subsets are cached per file and character set, so a preview that re-renders the page
after an edit does not cut the same fonts again.
"""

from __future__ import annotations

import base64
import io
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..scripts import is_complex
from ..theme import FontPaths, Theme
from .fontembed import FS_NO_SUBSET, embedding_problem, font_file

#: what every page's text fonts carry, whatever it shows (printable ASCII, Latin-1, the common
#: punctuation, euro and trade mark): so their subsets are cut once per process, not once per
#: page, and a page's text in these ranges always has its glyphs
BASE = "".join(map(chr, [*range(0x20, 0x7F), *range(0xA0, 0x100), *range(0x2010, 0x2028),
                         *range(0x2030, 0x203B), 0x20AC, 0x2122]))


@dataclass(frozen=True)
class Faces:
    """`@font-face` rules and the private family names they define, by role."""

    css: str
    #: "body", "heading", "mono" -> the private family name, when embedded
    families: dict[str, str]
    #: private names of fallback fonts (other scripts), in the theme's order
    fallbacks: tuple[str, ...]


@lru_cache(maxsize=16)
def _cmap(path: Path) -> frozenset[int]:
    from fontTools.ttLib import TTFont

    with TTFont(str(path), lazy=True) as f:
        return frozenset(f.getBestCmap() or {})


@lru_cache(maxsize=256)
def woff2(path: Path, chars: str, layout: bool = True) -> bytes:
    """The font at `path` cut down to `chars`, as WOFF2; without `layout`, also without its
    OpenType layout tables (kerning and ligatures of a Latin text font: reading them costs
    most of a subset's time, 1.3 s of 1.5 s for Carlito, and the text reads the same)."""
    import logging

    from fontTools import subset as ft_subset
    from fontTools.ttLib import TTFont

    # -- fontTools reports each table it drops (hinting sources like TSI*) as a warning --
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    # -- recalcTimestamp=False: else saving stamps head.modified with the clock (not reproducible) --
    with TTFont(str(path), lazy=True, recalcTimestamp=False) as font:
        if not font_file(path).fs_type & FS_NO_SUBSET:
            opts = ft_subset.Options()
            opts.notdef_outline = True
            opts.glyph_names = False
            opts.hinting = False
            if layout:
                opts.layout_features = ["*"]
            else:
                opts.drop_tables += ["GPOS", "GSUB", "GDEF", "kern"]
            sub = ft_subset.Subsetter(opts)
            sub.populate(text=chars)
            sub.subset(font)
        font.flavor = "woff2"
        buf = io.BytesIO()
        font.save(buf)
    return buf.getvalue()


def _usable(path: Path) -> bool:
    try:
        return embedding_problem(path) is None
    except Exception:  # noqa: BLE001 - a font fontTools cannot read is not embedded
        return False


def _face(family: str, path: Path, chars: str, weight: str, style: str, layout: bool) -> str:
    data = base64.b64encode(woff2(path, chars, layout)).decode("ascii")
    return (f'@font-face{{font-family:"{family}";src:url(data:font/woff2;base64,{data}) format("woff2");'
            f"font-weight:{weight};font-style:{style};font-display:swap}}\n")


def _family_faces(family: str, fp: FontPaths, chars: str, styles: tuple[str, ...], layout: bool = False) -> str:
    out = []
    seen: set[tuple[Path, str, str]] = set()
    for name in styles:
        path = {"regular": fp.regular, "bold": fp.bold, "italic": fp.italic, "bold_italic": fp.bold_italic}[name]
        weight = "bold" if "bold" in name else "normal"
        style = "italic" if "italic" in name else "normal"
        # -- a style without its own file is the regular one: let the browser slant or
        # embolden it, rather than embed the same file twice --
        if (name != "regular" and path == fp.regular) or (path, weight, style) in seen or not _usable(path):
            continue
        seen.add((path, weight, style))
        covered = "".join(c for c in chars if ord(c) in _cmap(path))
        if covered.strip():
            out.append(_face(family, path, covered, weight, style, layout))
    return "".join(out)


def faces(theme: Theme, text: str) -> Faces:
    """`@font-face` rules for the theme's fonts, each subset to the characters of `text` it
    has; a fallback font only when it draws a character the body font does not."""
    chars = "".join(sorted(set(text) | set(BASE)))
    fp = theme.font_paths
    css: list[str] = []
    families: dict[str, str] = {}
    all_styles = ("regular", "bold", "italic", "bold_italic")
    body = _family_faces("reportgen-body", fp["body"], chars, all_styles)
    if body:
        css.append(body)
        families["body"] = "reportgen-body"
    if fp["heading"] == fp["body"]:
        if body:
            families["heading"] = "reportgen-body"
    else:
        head = _family_faces("reportgen-heading", fp["heading"], chars, ("regular", "bold"))
        if head:
            css.append(head)
            families["heading"] = "reportgen-heading"
    mono = _family_faces("reportgen-mono", fp["mono"], chars, ("regular", "bold"))
    if mono:
        css.append(mono)
        families["mono"] = "reportgen-mono"
    body_cmap = _cmap(fp["body"].regular)
    rest = "".join(sorted(c for c in set(text) if ord(c) not in body_cmap and not c.isspace()))
    fallbacks = []
    for i, f in enumerate(theme.fallback_font_paths):
        if not rest:
            break
        mine = "".join(c for c in rest if ord(c) in _cmap(f.regular))
        if not mine:
            continue
        name = f"reportgen-fallback-{i + 1}"
        # -- the subset keeps the page's Latin punctuation and digits too: a script's font
        # shapes them with its letters (Arabic comma, digits inside an Arabic phrase) --
        # -- regular only: the browser draws bold of another script from it (a heading in
        # Arabic), at half the subsetting time and size --
        block = _family_faces(name, f, mine + "".join(c for c in set(text) if c.isascii()), ("regular",),
                              layout=is_complex(mine))
        if block:
            css.append(block)
            fallbacks.append(name)
        rest = "".join(c for c in rest if c not in mine)
    return Faces("".join(css), families, tuple(fallbacks))

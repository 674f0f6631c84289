"""One registry of TrueType files for the whole process, shared by measurement and the handout.

`font_file(path)` parses a font file once, registers it with reportlab under a name unique to
the file, and returns what both users need: the reportlab name (for `stringWidth` and for
`<font name=...>` in the handout), the code points it has glyphs for, and its line height.
The deck's text measurement (`measure.py`) and the handout's fonts (`render/pdffonts.py`) both
ask here, so a font file is parsed once a process, not once per user.

The cache is keyed by the resolved path, its modification time and size: a font file replaced
while a process lives (a preview server) is parsed again and re-registered under its name.
"""

from __future__ import annotations

import hashlib
import struct
from dataclasses import dataclass
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

#: PowerPoint draws a single-spaced line at least this many font sizes tall
MIN_LINE_FACTOR = 1.2


@dataclass(frozen=True)
class FontFile:
    """A parsed, registered TrueType file."""

    #: the name it is registered under with reportlab (it is written into PDFs: keep it stable)
    name: str
    #: the resolved path of the file (harfbuzz shapes complex scripts from it: `measure.py`)
    path: Path
    font: TTFont
    #: code points the font has glyphs for
    covers: frozenset[int]
    #: height of a single-spaced line, in font sizes (winAscent + winDescent, or hhea with gap)
    line_factor: float


_files: dict[tuple[Path, int, int], FontFile] = {}


def font_name(path: Path) -> str:
    """The reportlab name of a font file: its stem plus a digest of its resolved path, so that
    two themes shipping different files of one name cannot clash in reportlab's global registry."""
    digest = hashlib.sha1(str(path).encode("utf-8")).hexdigest()[:8]
    return f"rg-{path.stem}-{digest}"


def font_file(path: str | Path) -> FontFile:
    """The parsed, registered font at `path`, parsed once per process (per version of the file)."""
    path = Path(path).resolve()
    st = path.stat()
    key = (path, st.st_mtime_ns, st.st_size)
    found = _files.get(key)
    if found is None:
        name = font_name(path)
        font = TTFont(name, str(path))
        pdfmetrics.registerFont(font)
        face = font.face
        found = FontFile(name, path, font, frozenset(face.charToGlyph), _line_factor(face))
        _files[key] = found
    return found


def _line_factor(face: object) -> float:
    factor = MIN_LINE_FACTOR
    try:
        get = face.get_table  # type: ignore[attr-defined]
        units = struct.unpack(">H", get("head")[18:20])[0]
        win_ascent, win_descent = struct.unpack(">HH", get("OS/2")[74:78])
        ascent, descent, gap = struct.unpack(">hhh", get("hhea")[4:10])
        factor = max(factor, (win_ascent + win_descent) / units, (ascent - descent + gap) / units)
    except (KeyError, struct.error):
        pass  # -- a font without these tables: keep the conservative default --
    return factor

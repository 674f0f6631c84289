"""Text as `check` compares it: without white space, case and invisible characters."""

from __future__ import annotations

import re
import unicodedata

from ..formats import FORMATS

#: white space, invisible characters, and control characters: the outline cannot hold the
#: latter (load removes them), so in extracted text they are artifacts (pypdf reads a zero-width
#: space drawn in the Hangul font as U+0000)
WS = re.compile(r"[\s\u200b\u200c\u200d\u2060\u00ad\ufeff\x00-\x1f\x7f]+")


_NO_GLYPH = re.compile("[\U0001F000-\U0001FAFF\uFE0F]")


def norm(text: str, fmt: str = "") -> str:
    """Text for comparison: NFKC, case-folded, without white space and without invisible format
    characters (zero-width, bidi controls, soft hyphens: category Cf), which no reader sees."""
    t = WS.sub("", unicodedata.normalize("NFKC", text)).casefold()
    if fmt in FORMATS and FORMATS[fmt].paginated:
        # -- emoji have no glyph in any embedded font; the handout warns and leaves them out --
        t = _NO_GLYPH.sub("", t)
    return "".join(c for c in t if unicodedata.category(c) != "Cf") if not t.isascii() else t



"""Text as the outline may hold it: characters documents cannot carry removed (with a warning),
Unicode in NFC; and how a YAML value is named in a message."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from ..errors import warn
from ..yamlread import PathKey, Positions, format_path

# -- characters XML 1.0 cannot carry (python-docx raises, python-pptx writes _x0001_), and
# U+FEFF: a byte order mark inside text, which the PDF handout cannot place and readers skip --
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufeff\ufffe\uffff\ud800-\udfff]")


def kind_of(v: Any) -> str:
    if isinstance(v, dict):
        return "a mapping"
    if isinstance(v, list):
        return "a list"
    if isinstance(v, bool):
        return f"the boolean {str(v).lower()}"
    if isinstance(v, (int, float)):
        return f"the number {v}"
    if v is None:
        return "nothing (null)"
    return f"the text {str(v)[:40]!r}"



def clean_text(v: Any, path: PathKey, pos: Positions) -> Any:
    if isinstance(v, str):
        if _ILLEGAL.search(v):
            bad = sorted({f"U+{ord(c):04X}" for c in _ILLEGAL.findall(v)})
            line, col = pos.of(path)
            warn(f"{pos.file}:{line}:{col}: {format_path(path)}: removed characters that documents "
                 f"cannot hold ({', '.join(bad)})")
            v = _ILLEGAL.sub("", v)
        return unicodedata.normalize("NFC", v)
    if isinstance(v, list):
        return [clean_text(x, (*path, i), pos) for i, x in enumerate(v)]
    if isinstance(v, dict):
        # -- keys are text too (chart series names): clean them the same way --
        return {(clean_text(k, (*path, k), pos) if isinstance(k, str) else k): clean_text(x, (*path, k), pos)
                for k, x in v.items()}
    return v



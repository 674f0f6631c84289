"""Images for the PDF handout, decoded and encoded once per process.

reportlab embeds a picture drawn from a file once per document, but builds that embedding
(decode with Pillow, Flate-compress, ASCII85-encode) afresh for every document, and the
handout is laid out in several passes, each a new document (table of contents, page totals,
page-budget fits): the sample's picture was decoded up to eight times per handout, and at
x 50 a hundred times (issue 13). Here the finished image object of each file is kept, keyed
by path, modification time and size, and copied into each document that draws the file; what
is written is what reportlab would write, byte for byte.
"""

from __future__ import annotations

import copy
import os
from typing import Any

from reportlab.pdfbase import pdfdoc

_Original = pdfdoc.PDFImageXObject

#: (path, mtime_ns, size, mask) -> a loaded image object used as a template
_loaded: dict[tuple[str, int, int, str], Any] = {}
#: at most this many files are kept (a long-lived process drawing many different files)
LIMIT = 64


class CachedImageXObject(_Original):  # type: ignore[misc,valid-type]
    """`PDFImageXObject` that loads a file once per (path, mtime, size) and copies it after."""

    def __init__(self, name: Any, source: Any = None, mask: Any = None) -> None:
        if not isinstance(source, str):
            super().__init__(name, source, mask)
            return
        try:
            st = os.stat(source)
        except OSError:
            super().__init__(name, source, mask)
            return
        key = (os.path.abspath(source), st.st_mtime_ns, st.st_size, repr(mask))
        template = _loaded.get(key)
        if template is None:
            template = _Original(name, source, mask)
            if len(_loaded) >= LIMIT:
                _loaded.pop(next(iter(_loaded)))
            _loaded[key] = template
        # -- a shallow copy per document: the document sets attributes (name, smask) on it --
        self.__dict__.update(copy.copy(template).__dict__)
        smask = template.__dict__.get("_smask")
        if smask is not None:
            self._smask = copy.copy(smask)
        self.name = name


def install() -> None:
    """Make reportlab's canvas use the cached image objects (idempotent)."""
    pdfdoc.PDFImageXObject = CachedImageXObject  # type: ignore[misc]

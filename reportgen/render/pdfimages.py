"""Images for the PDF handout, decoded and encoded once per process.

reportlab's `Image` flowable opens its own `ImageReader`, which keeps the decoded pixels for
as long as the flowable lives, and builds the PDF image object (Flate-compress, ASCII85-encode)
afresh for every document; the handout is laid out in several passes, each a new document
(table of contents, page totals, page-budget fits), and keeps its flowables between passes. At
x 50 the sample's one picture was decoded 50 times and held 50 times (4 MB each), and encoded
150 times. Here every use of a file shares one reader (`image`), and the finished
image object is kept and copied into each document that draws it, keyed by path, modification
time and size. What is written is what reportlab would write, byte for byte.
"""

from __future__ import annotations

import copy
import os
from typing import Any

from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfdoc
from reportlab.platypus import Image

_Original = pdfdoc.PDFImageXObject

#: (path, mtime_ns, size) -> the one reader of that file
_readers: dict[tuple[str, int, int], ImageReader] = {}

#: (path, mtime_ns, size, mask) -> a loaded image object used as a template
_loaded: dict[tuple[Any, ...], Any] = {}
#: at most this many files are kept (a long-lived process drawing many different files)
LIMIT = 64


class CachedImageXObject(_Original):  # type: ignore[misc,valid-type]
    """`PDFImageXObject` that loads a file once per (path, mtime, size) and copies it after."""

    def __init__(self, name: Any, source: Any = None, mask: Any = None) -> None:
        file_key = getattr(source, "_rg_key", None)
        if file_key is None and isinstance(source, str):
            try:
                st = os.stat(source)
                file_key = (os.path.abspath(source), st.st_mtime_ns, st.st_size)
            except OSError:
                pass
        if file_key is None:
            super().__init__(name, source, mask)
            return
        key = (*file_key, repr(mask))
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


def reader(path: str | os.PathLike[str]) -> ImageReader:
    """The one `ImageReader` of the file at `path` (per version of the file)."""
    full = os.path.abspath(path)
    st = os.stat(full)
    key = (full, st.st_mtime_ns, st.st_size)
    found = _readers.get(key)
    if found is None:
        if len(_readers) >= LIMIT:
            _readers.pop(next(iter(_readers)))
        found = _readers[key] = ImageReader(full)
        found._rg_key = key
    return found


def image(path: str | os.PathLike[str], width: float, height: float) -> Image:
    """A platypus `Image` of the file at `path` drawn at `width` x `height`, sharing the
    file's reader with every other use of it."""
    img = Image(str(path), width=width, height=height)
    img._img = reader(path)
    return img


def install() -> None:
    """Make reportlab's canvas use the cached image objects (idempotent)."""
    pdfdoc.PDFImageXObject = CachedImageXObject  # type: ignore[misc]

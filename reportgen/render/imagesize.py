"""A picture's natural size, the one rule every format sizes pictures by.

A picture is as large as its pixels at its own resolution (the file's `dpi`, else 96 dpi, as
Word and LibreOffice take it), then scaled down by each format to fit its frame; only the
aspect ratio matters to the deck, which fits pictures to its boxes.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

#: the resolution a picture without one is taken to have (Word's and LibreOffice's)
DEFAULT_DPI = 96.0


def natural_size(path: Path | str) -> tuple[float, float]:
    """(width, height) in points of the picture at `path`."""
    st = os.stat(path)
    return _natural_size(str(path), st.st_mtime_ns, st.st_size)


@lru_cache(maxsize=256)
def _natural_size(path: str, mtime_ns: int, size: int) -> tuple[float, float]:
    from PIL import Image as PILImage

    del mtime_ns, size  # -- part of the cache key: an edited picture is read again --
    with PILImage.open(path) as im:
        px_w, px_h = im.size
        dpi = im.info.get("dpi", (DEFAULT_DPI, DEFAULT_DPI))
    x_dpi = float(dpi[0] or DEFAULT_DPI)
    y_dpi = float(dpi[1] or x_dpi) if len(dpi) > 1 else x_dpi
    return px_w * 72.0 / x_dpi, px_h * 72.0 / y_dpi

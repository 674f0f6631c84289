"""Files an outline names (images, theme folders): resolved against the outline's folder and
checked, for `load` (which reports problems) and `tailor` (which needs the resolved path)."""

from __future__ import annotations

import errno
import os
import re
from pathlib import Path
from typing import Protocol

from .errors import did_you_mean

#: Image limits; raise through the environment variable named in the message.
DEFAULT_MAX_IMAGE_PIXELS = 50_000_000
IMAGE_FORMATS = {"PNG", "JPEG", "GIF"}


class Folders(Protocol):
    """Where an outline's files may come from (a `load.Loaded` is one)."""

    @property
    def base_dir(self) -> Path: ...

    @property
    def allowed_dirs(self) -> tuple[Path, ...]: ...


def resolve_path(ld: Folders, raw: str, what: str = "image file") -> tuple[Path | None, str | None]:
    """An image or theme path of the outline, resolved and checked: (path, None) or (None, why)."""
    if not raw.strip():
        return None, f"the {what.replace(' file', '')} path is empty; give the name of a file beside the outline"
    if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]+:", raw) or raw.startswith("//"):
        # -- scheme://..., data:..., //host/...: a URL (a one-letter "scheme" is a Windows drive) --
        shown = raw if len(raw) <= 60 else raw[:57] + "..."
        return None, (f"'{shown}' is a URL; reportgen never downloads anything: save the file beside "
                      "the outline and give its path")
    p = Path(raw)
    try:
        full = (p if p.is_absolute() else ld.base_dir / p).resolve()
        if not any(full == d or d in full.parents for d in ld.allowed_dirs):
            return None, (f"'{raw}' is outside the outline's folder {ld.base_dir}; move it there, or "
                          "allow its folder with --allow-path DIR")
        exists = full.exists()
    except RuntimeError:  # -- Python < 3.13 reports a symlink loop this way --
        return None, f"'{raw}' cannot be opened: symbolic link loop"
    except OSError as e:
        if e.errno == errno.ELOOP:
            return None, f"'{raw}' cannot be opened: symbolic link loop"
        if e.errno == errno.ENAMETOOLONG:
            return None, f"'{raw[:40]}...' cannot be opened: file name too long"
        return None, f"'{raw}' cannot be opened: {e.strerror or e}"
    if not exists:
        try:
            names = [f.name for f in full.parent.iterdir()] if full.parent.is_dir() else []
        except OSError:
            names = []
        return None, f"{what} '{raw}' not found (looked for {_shown(full)}){did_you_mean(full.name, names)}"
    if what == "image file" and not full.is_file():
        return None, f"'{raw}' is not a file"
    return full, None


def _shown(p: Path) -> str:
    """`p` relative to the current folder when it is below it, else absolute."""
    try:
        return str(p.relative_to(Path.cwd()))
    except ValueError:
        return str(p)


def check_image(ld: Folders, raw: str) -> str | None:
    """Why the image at `raw` can't be used, or None."""
    full, why = resolve_path(ld, raw)
    if why or full is None:
        return why
    from PIL import Image as PILImage

    limit = int(os.environ.get("REPORTGEN_MAX_IMAGE_PIXELS", DEFAULT_MAX_IMAGE_PIXELS))
    try:
        with PILImage.open(full) as im:
            fmt = im.format or "unknown"
            w, h = im.size
            if w * h > limit:
                return (f"image '{raw}' is {w}x{h} pixels, over the limit of {limit:,}; scale it "
                        "down, or raise the limit with REPORTGEN_MAX_IMAGE_PIXELS")
            im.verify()
    except PILImage.DecompressionBombError:
        return (f"image '{raw}' is far over the pixel limit of {limit:,}; scale it down, or raise "
                "the limit with REPORTGEN_MAX_IMAGE_PIXELS")
    except Exception as e:  # noqa: BLE001 - Pillow raises many types for corrupt files
        why = "not an image Pillow knows" if "cannot identify image file" in str(e) else "it is damaged or cut short"
        return f"image '{raw}' cannot be read ({why}); save it again as PNG or JPEG"
    if fmt not in IMAGE_FORMATS:
        return f"image '{raw}' is {fmt}; save it as PNG or JPEG"
    return None

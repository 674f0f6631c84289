"""The build pipeline: load -> tailor per audience -> render per format -> atomic write.

Everything is rendered in memory first; only when every requested file rendered does the
writer touch the output folder, and it replaces each file atomically (a temp file in the same
folder, then `os.replace`). A failed build therefore leaves earlier outputs as they were.
"""

from __future__ import annotations

import errno
import os
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from .errors import InputError, OutputError
from .formats import FORMATS
from .formats import get as get_format
from .load import Loaded, load
from .model import Document
from .tailor import audience_config, tailor


@dataclass(frozen=True)
class Output:
    """One rendered file."""

    audience: str
    fmt: str
    path: Path
    data: bytes

    @property
    def summary(self) -> str:
        """`12 slides`, `9 pages` or `2,345 words`: what a reader would count."""
        return describe(self.fmt, self.data)


def describe(fmt: str, data: bytes) -> str:
    return get_format(fmt).describe(data)


def created_time(loaded: Loaded) -> datetime:
    """SOURCE_DATE_EPOCH when set (reproducible builds), else the outline's date."""
    sde = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if sde:
        try:
            return datetime.fromtimestamp(int(sde), tz=timezone.utc).replace(tzinfo=None)
        except (ValueError, OverflowError, OSError):
            raise InputError(f"SOURCE_DATE_EPOCH={sde!r} is not a number of seconds since 1970") from None
    from .tailor import default_created

    return default_created(loaded.outline.meta.date)


def plan(loaded: Loaded, audiences: Iterable[str] | None = None,
         formats: Iterable[str] | None = None) -> list[tuple[str, str]]:
    """(audience, format) pairs to build: each audience's formats, narrowed by `formats`."""
    names = list(audiences) if audiences else loaded.audience_names()
    wanted = list(formats) if formats else None
    for f in wanted or []:
        get_format(f)  # -- an unknown name is an error that names the formats --
    pairs: list[tuple[str, str]] = []
    for name in names:
        aud = audience_config(loaded, name)
        for f in FORMATS:
            if f in aud.formats and (wanted is None or f in wanted):
                pairs.append((name, f))
    return pairs


def render_all(loaded: Loaded, pairs: list[tuple[str, str]], out_dir: Path,
               theme: str | None = None, created: datetime | None = None,
               progress: Callable[[str, str], None] | None = None) -> list[Output]:
    """Render every (audience, format) pair in memory."""
    from .theme import load_theme

    when = created or created_time(loaded)
    docs: dict[str, Document] = {}
    themes = {}
    outputs = []
    for name, fmt in pairs:
        if name not in docs:
            docs[name] = tailor(loaded, name, created=when)
        doc = docs[name]
        theme_name = theme or doc.theme
        if theme_name not in themes:
            themes[theme_name] = load_theme(theme_name, loaded.base_dir)
        if progress:
            progress(name, fmt)
        form = get_format(fmt)
        data = form.render(doc, themes[theme_name])
        outputs.append(Output(name, fmt, out_dir / f"{loaded.stem}-{name}.{form.extension}", data))
    return outputs


def new_file_mode() -> int:
    """The mode `open()` gives a new file under the current umask (0o644 under umask 022)."""
    # -- the umask can only be read by setting it; set it straight back --
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o666 & ~mask


def write_atomic(path: Path, data: bytes) -> None:
    """Replace `path` by `data` all at once; on any failure the old file stays as it was."""
    folder = path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise OutputError(f"cannot create the output folder {folder}: {e.strerror or e}") from None
    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
        # -- mkstemp makes the file 0600 and the rename keeps it: give the output the mode any
        # new file gets, so colleagues on a shared drive can open it --
        os.fchmod(fd, new_file_mode())
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
        tmp = None
    except OSError as e:
        if e.errno == errno.ENOSPC:
            why = "the disk is full"
        elif e.errno in (errno.EACCES, errno.EPERM):
            why = "permission denied (is the folder writable, or the file open in another program?)"
        elif e.errno == errno.EROFS:
            why = "the file system is read-only"
        else:
            why = e.strerror or str(e)
        raise OutputError(f"cannot write {path}: {why}; the previous file, if any, is unchanged") from None
    finally:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass


def build(outline: str | Path = "outline.yaml", audiences: Iterable[str] | None = None,
          formats: Iterable[str] | None = None, out_dir: str | Path = "output",
          theme: str | None = None, allow_paths: tuple[str | Path, ...] = (),
          progress: Callable[[str, str], None] | None = None) -> list[Output]:
    """Build the outputs of `outline` and write them into `out_dir`; return what was written."""
    loaded = load(outline, allow_paths=allow_paths)
    pairs = plan(loaded, audiences, formats)
    if not pairs:
        raise InputError("nothing to build: the audiences asked for have none of the formats asked "
                         "for (see `formats:` of each audience)")
    outputs = render_all(loaded, pairs, Path(out_dir), theme=theme, progress=progress)
    for out in outputs:
        write_atomic(out.path, out.data)
    return outputs

"""Incremental builds: a file whose input did not change is not rendered again.

Each output's *content key* is a SHA-256 over everything that decides its bytes: the tailored
Document (text, numbering, marking, creation date, the files it names), the format, the theme
(its settings and every file of it and of the themes it inherits: theme.yaml, reference
documents, fonts, logo), the pictures (path, modification time and size), and reportgen itself
(version, its source files, the versions of the libraries that write the files, Python).

`output/.reportgen-cache.json` records, per file, the key it was built from, the SHA-256 of
the bytes written, what the summary line says, and the warnings its rendering gave. A build
reuses a file only when its key is unchanged *and* the file on disk still has the recorded
hash: a deleted, replaced or edited output is rendered again. The warnings are shown again, so
a build says the same thing whether or not it rendered. The cache is only a shortcut: delete
it, or run `reportgen build --force`, and everything is rendered.
"""

from __future__ import annotations

import hashlib
import json
import sys
import warnings
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import __version__, model

#: the cache file, in the output folder
CACHE_NAME = ".reportgen-cache.json"
#: bumped when the cache file's layout or the key's recipe changes
CACHE_VERSION = 1

#: libraries whose version can change the bytes written
LIBRARIES = ("python-docx", "python-pptx", "reportlab", "pillow", "XlsxWriter", "lxml", "rl_accel",
             "uharfbuzz")


@dataclass(frozen=True)
class CaughtWarning:
    """A warning given while rendering, kept to be shown again (and cached)."""

    message: str
    module: str
    category: str
    filename: str
    lineno: int

    @classmethod
    def of(cls, w: warnings.WarningMessage) -> CaughtWarning:
        cat = w.category
        return cls(str(w.message), cat.__module__, cat.__qualname__, w.filename, w.lineno)

    def emit(self) -> None:
        warnings.warn_explicit(self.message, _category(self.module, self.category), self.filename,
                               self.lineno)


def _category(module: str, qualname: str) -> type[Warning]:
    mod = sys.modules.get(module)
    if mod is None and module.startswith("reportgen"):
        import importlib

        try:
            mod = importlib.import_module(module)
        except ImportError:
            mod = None
    cat = getattr(mod, qualname, None) if mod is not None else None
    return cat if isinstance(cat, type) and issubclass(cat, Warning) else UserWarning


def replay(caught: Iterable[CaughtWarning]) -> None:
    """Give the warnings of a rendering again, where it happened."""
    for w in caught:
        w.emit()


# -- the key --------------------------------------------------------------------------------

_FINGERPRINT: list[str] = []


def fingerprint() -> str:
    """reportgen's version and source files, the writing libraries' versions and Python's, as
    one string; computed once a process."""
    if not _FINGERPRINT:
        from importlib import metadata

        parts = [f"reportgen {__version__}", sys.version]
        for name in LIBRARIES:
            try:
                parts.append(f"{name} {metadata.version(name)}")
            except metadata.PackageNotFoundError:
                parts.append(f"{name} -")
        package = Path(__file__).resolve().parent
        for p in sorted(package.rglob("*")):
            if p.suffix in (".py", ".yaml", ".json", ".xml", ".ttf", ".docx", ".pptx", ".png") and p.is_file():
                st = p.stat()
                parts.append(f"{p.relative_to(package)} {st.st_size} {st.st_mtime_ns}")
        _FINGERPRINT.append("\n".join(parts))
    return _FINGERPRINT[0]


def _stamp(path: Path) -> str:
    try:
        st = path.stat()
    except OSError:
        return f"{path} missing"
    return f"{path} {st.st_size} {st.st_mtime_ns}"


def _images(sections: Iterable[model.Section]) -> Iterable[Path]:
    for s in sections:
        for b in s.body:
            if isinstance(b, model.Image):
                yield b.file
        yield from _images(s.sections)


def theme_files(theme: Any) -> list[Path]:
    """Every file that can decide how `theme` looks: its folders (and its parents'), and the
    font files it resolved wherever they are."""
    files: set[Path] = set()
    for folder in (*theme.chain, *theme.font_dirs):
        if folder.is_dir():
            files.update(p for p in folder.rglob("*") if p.is_file())
    try:
        fonts = [*theme.font_paths.values(), *theme.fallback_font_paths]
    except Exception:  # noqa: BLE001 -- a missing font is the renderer's error to report --
        fonts = []
    for f in fonts:
        files.update((f.regular, f.bold, f.italic, f.bold_italic))
    return sorted(files)


def content_key(doc: model.Document, theme: Any, fmt: str) -> str:
    """The SHA-256 of everything that decides the bytes of `doc` rendered as `fmt` in `theme`."""
    h = hashlib.sha256()
    for part in (fingerprint(), fmt, repr(doc), repr(theme)):
        h.update(part.encode("utf-8", "surrogatepass"))
        h.update(b"\0")
    for p in theme_files(theme):
        h.update(_stamp(p).encode("utf-8", "surrogateescape"))
    for p in sorted(set(_images((*doc.sections, *doc.appendix)))):
        h.update(_stamp(p).encode("utf-8", "surrogateescape"))
    return h.hexdigest()


# -- the cache file -------------------------------------------------------------------------


class Cache:
    """What the output folder's files were built from (`.reportgen-cache.json`)."""

    def __init__(self, folder: Path, entries: dict[str, dict[str, Any]], reuse: bool = True) -> None:
        self.folder = folder
        self.entries = entries
        #: False: render everything, but still record what was built (`build --force`)
        self.use = reuse
        self._changed = False

    @classmethod
    def read(cls, folder: Path, reuse: bool = True) -> Cache:
        entries: dict[str, dict[str, Any]] = {}
        try:
            data = json.loads((folder / CACHE_NAME).read_text(encoding="utf-8"))
            if isinstance(data, dict) and data.get("version") == CACHE_VERSION:
                entries = {k: v for k, v in data.get("files", {}).items() if isinstance(v, dict)}
        except (OSError, ValueError):
            pass  # -- no cache, or one we cannot read: build everything --
        return cls(folder, entries, reuse)

    def reuse(self, path: Path, key: str) -> tuple[bytes, list[CaughtWarning]] | None:
        """The bytes of `path` and the warnings its rendering gave, when `path` was built from
        `key` and is still what was written; else None."""
        entry = self.entries.get(path.name)
        if not self.use or entry is None or entry.get("key") != key:
            return None
        try:
            data = path.read_bytes()
        except OSError:
            return None
        if hashlib.sha256(data).hexdigest() != entry.get("sha256"):
            return None
        try:
            caught = [CaughtWarning(**w) for w in entry.get("warnings", [])]
        except TypeError:
            return None
        return data, caught

    def record(self, path: Path, key: str, data: bytes, caught: list[CaughtWarning]) -> None:
        self.entries[path.name] = {
            "key": key,
            "sha256": hashlib.sha256(data).hexdigest(),
            "warnings": [w.__dict__ for w in caught],
        }
        self._changed = True

    def save(self) -> None:
        """Write the cache file (only when something was rendered); a failure only costs the
        next build its shortcut."""
        if not self._changed:
            return
        from .build import write_atomic
        from .errors import OutputError

        body = json.dumps({"version": CACHE_VERSION, "files": self.entries}, indent=1, sort_keys=True)
        try:
            write_atomic(self.folder / CACHE_NAME, body.encode("utf-8"))
        except OutputError:
            pass
        self._changed = False

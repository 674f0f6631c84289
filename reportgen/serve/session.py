"""A preview session: one outline, rebuilt in this (warm) process whenever its files change.

`Session.rebuild()` loads the outline; when it loads, the previews of every audience are made
first (slide SVGs from the deck planner, the brief as HTML) and published at once, so an open
page updates in well under a second; then the real files are rendered through the build's own
pieces (`build.plan`, the incremental `Cache` and content keys, the build's render job, in a
warm worker process, and `build.write_atomic`) and written only when every file rendered, as
`reportgen build` does. When the outline (or a theme
or picture) has errors, they are published with their positions and fixes, and the previews
and the files in the output folder stay the last good ones.

`Watcher` runs the rebuilds: a thread waits for changes to the outline, its pictures and its
themes' files (watchfiles), another rebuilds; a change that arrives while files are being
rendered makes the rebuild drop them and start again from the newer text.
"""

from __future__ import annotations

import functools
import hashlib
import queue
import threading
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import Problem, ReportgenError


@dataclass(frozen=True)
class ErrorItem:
    """One problem as the page shows it: where, and what is wrong and what to do."""

    where: str
    path: str
    message: str

    @classmethod
    def of(cls, p: Problem) -> ErrorItem:
        where = p.file + (f":{p.line}:{p.col}" if p.line else "")
        return cls(where, p.path, p.message)

    def __str__(self) -> str:
        return f"{self.where}: {self.path}: {self.message}" if self.path else f"{self.where}: {self.message}"


def error_items(e: BaseException) -> list[ErrorItem]:
    """The problems of an error, or its message as one item."""
    if isinstance(e, ReportgenError):
        items = [ErrorItem.of(p) for p in e.problems]
        head = e.args[0] if e.args else ""
        if head or not items:
            items.append(ErrorItem("", "", head or str(e)))
        return items
    return [ErrorItem("", "", f"internal error: {type(e).__name__}: {e} (a bug in reportgen; "
                              "`reportgen build --debug` shows the traceback)")]


@dataclass(frozen=True)
class AudienceView:
    """What the preview shows of one audience, from one good version of the outline."""

    name: str
    label: str
    detail: str
    formats: tuple[str, ...]
    marking: str
    title: str
    slides: tuple[Any, ...]
    #: the brief as an HTML document, or None when no HTML renderer is available
    brief_html: bytes | None
    counts: dict[str, int]
    #: text per outline item, for the diff view
    items: dict[str, str]


@dataclass(frozen=True)
class OutputFile:
    audience: str
    fmt: str
    name: str
    path: Path
    sha: str
    summary: str


@dataclass(frozen=True)
class State:
    """Everything the pages show, replaced as a whole on each rebuild."""

    #: bumped on every change of what the page shows
    version: int = 0
    audiences: dict[str, AudienceView] = field(default_factory=dict)
    #: problems of the outline as it is on disk now; empty when it builds
    errors: tuple[ErrorItem, ...] = ()
    warnings: tuple[str, ...] = ()
    #: the last good files, by file name
    files: dict[str, OutputFile] = field(default_factory=dict)
    #: names of the files the last build wrote (the others were unchanged)
    written: tuple[str, ...] = ()
    #: font id -> file, for the slide previews' web fonts
    fonts: dict[str, tuple[str, bool, bool, Path]] = field(default_factory=dict)
    #: "building files", "ready", ...
    status: str = "starting"
    #: when the previews of this version were published (time.time()), and what they took
    published: float = 0.0
    took: float = 0.0
    #: what writing the files of the last good version took
    files_took: float = 0.0
    #: the outline's text when this state was made (tests and the page show what changed)
    source_sha: str = ""

    @property
    def ok(self) -> bool:
        return not self.errors


class Session:
    """One outline and its output folder, and the last state made from them."""

    def __init__(self, outline: str | Path, out_dir: str | Path = "output",
                 allow_paths: tuple[str | Path, ...] = (), previews: bool = True,
                 worker: bool = True) -> None:
        self.outline = Path(outline)
        #: render files in a separate process (False: in the thread that writes them)
        self.worker = worker
        self._pool: Any = None
        #: warnings the last files' rendering gave
        self.file_warnings: tuple[str, ...] = ()
        self.out_dir = Path(out_dir)
        self.allow_paths = allow_paths
        self.previews = previews
        self.state = State()
        self._lock = threading.Lock()
        self._listeners: list[Callable[[State], None]] = []
        #: files whose change means a rebuild (the outline, its pictures, theme files)
        self.watched: set[Path] = {self.outline.resolve()}
        self.watched_dirs: set[Path] = {self.outline.resolve().parent}
        self.theme_dirs: set[Path] = set()
        #: modification time and size of each file above when the outline last loaded
        self.stamps: dict[Path, tuple[int, int]] = {}
        #: called when the folders to watch changed (the watcher starts watching those)
        self.dirs_changed: Callable[[], None] = lambda: None
        #: whether the files being rendered are already out of date (a newer good version waits)
        self.stale: Callable[[], bool] = lambda: self._pending is not None
        #: open pages by audience (their event streams): previewed first
        self.viewers: dict[str, int] = {}
        #: the newest good outline whose files are not written yet
        self._pending: Any = None

    # -- listeners --

    def listen(self, fn: Callable[[State], None]) -> None:
        self._listeners.append(fn)

    def publish(self, **changes: Any) -> State:
        with self._lock:
            old = self.state
            self.state = State(**{**old.__dict__, **changes, "version": old.version + 1})
            new = self.state
        for fn in list(self._listeners):
            fn(new)
        return new

    # -- the rebuild --

    def rebuild(self) -> State:
        """Load and preview, then write the files; publish each step. Never raises for a
        problem of the input."""
        self.preview()
        self.write_pending()
        return self.state

    def preview(self) -> State:
        """Load the outline and publish its previews, or its errors over the last good ones."""
        t0 = time.perf_counter()
        try:
            text = self.outline.read_bytes()
        except OSError:
            text = b""
        sha = hashlib.sha256(text).hexdigest()
        caught: list[warnings.WarningMessage] = []
        def early(views: dict[str, AudienceView], fonts: dict[str, Any]) -> None:
            # -- the audiences open in a browser are previewed first and shown at once --
            self.publish(audiences=views, errors=(), fonts=fonts, status="previewing",
                         source_sha=sha, published=time.time(), took=time.perf_counter() - t0)

        try:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                loaded, views, fonts = self._prepare(early)
        except Exception as e:  # noqa: BLE001 -- every failure is shown on the page, not raised --
            return self.publish(errors=tuple(error_items(e)), status="error", source_sha=sha,
                                published=time.time(), took=time.perf_counter() - t0)
        warned = tuple(dict.fromkeys(str(w.message) for w in caught))
        with self._lock:
            self._pending = loaded
        return self.publish(audiences=views, errors=(), warnings=warned, fonts=fonts,
                            status="building files", source_sha=sha, published=time.time(),
                            took=time.perf_counter() - t0)

    def write_pending(self) -> State | None:
        """Write the files of the newest good version not yet written, unless a newer one
        arrives meanwhile; publish them. None when there was nothing to write, or it was dropped.

        An outline saved with errors after a good version does not stop that version's files:
        they are the last good ones."""
        with self._lock:
            loaded, self._pending = self._pending, None
        if loaded is None:
            return None
        t0 = time.perf_counter()
        try:
            done = self._write(loaded)
        except Exception as e:  # noqa: BLE001 -- an unwritable file is shown, the rest stays --
            return self.publish(errors=tuple(error_items(e)), status="error")
        if done is None:
            with self._lock:
                if self._pending is None:
                    self._pending = loaded
            return None
        files, written = done
        status = "ready" if not self.state.errors and self._pending is None else self.state.status
        warned = tuple(dict.fromkeys((*self.state.warnings, *self.file_warnings)))
        return self.publish(files=files, written=written, status=status, warnings=warned,
                            files_took=time.perf_counter() - t0)

    def _prepare(self, early: Callable[[dict[str, AudienceView], dict[str, Any]], None] | None = None
                 ) -> tuple[Any, dict[str, AudienceView], dict[str, tuple[str, bool, bool, Path]]]:
        from ..check import diff_items
        from ..incremental import _images
        from ..load import load
        from ..tailor import audience_config, counts, tailor, tailor_everything
        from ..theme import load_theme

        loaded = load(self.outline, allow_paths=self.allow_paths)
        everything = tailor_everything(loaded)
        images = {p.resolve() for p in _images((*everything.sections, *everything.appendix))}
        views: dict[str, AudienceView] = {}
        fonts: dict[str, tuple[str, bool, bool, Path]] = {}
        theme_dirs: set[Path] = set()
        names = loaded.audience_names()
        viewed = [n for n in names if self.viewers.get(n)]
        order = viewed + [n for n in names if n not in viewed]
        for name in order:
            if early is not None and viewed and name == order[len(viewed)]:
                old = self.state.audiences
                early({n: views.get(n) or old[n] for n in names if n in views or n in old}, fonts)
            aud = audience_config(loaded, name)
            doc = tailor(loaded, name)
            theme = load_theme(doc.theme, loaded.base_dir)
            theme_dirs.update(theme.chain)
            slides: tuple[Any, ...] = ()
            brief: bytes | None = None
            if self.previews:
                from ..preview import deck_previews, font_faces

                slides = tuple(deck_previews(doc, theme))
                brief = _brief_html(doc, theme)
                if not fonts:
                    fonts = {fid: (css, b, i, p) for css, fid, b, i, p in font_faces(theme)}
            views[name] = AudienceView(name, aud.label or name, aud.detail, tuple(aud.formats),
                                       doc.marking, doc.meta.title, slides, brief, dict(counts(doc)),
                                       diff_items(doc) if self.previews else {})
        views = {n: views[n] for n in names}
        self.watched = {self.outline.resolve(), *images}
        self.theme_dirs = {d.resolve() for d in theme_dirs}
        dirs = {self.outline.resolve().parent, *(p.parent for p in images)}
        for d in self.theme_dirs:
            dirs.add(d)
            dirs.update(p for p in d.rglob("*") if p.is_dir())
        files = [*self.watched, *(f for d in self.theme_dirs for f in d.rglob("*") if f.is_file())]
        self.stamps = {f: _stamp(f) for f in files}
        if dirs != self.watched_dirs:
            self.watched_dirs = dirs
            self.dirs_changed()
        return loaded, views, fonts

    def _write(self, loaded: Any) -> tuple[dict[str, OutputFile], tuple[str, ...]] | None:
        """Render what changed (the build's incremental cache decides) and write it all, as
        `build.build` does; None when a newer version arrived meanwhile."""
        from ..build import (
            Output,
            _Job,
            copies_of,
            copy_outputs,
            created_time,
            plan,
            registers,
            write_atomic,
        )
        from ..formats import get as get_format
        from ..incremental import Cache, content_key
        from ..tailor import tailor
        from ..theme import load_theme

        pairs = plan(loaded)
        cache = Cache.read(self.out_dir)
        when = created_time(loaded)
        docs: dict[str, Any] = {}
        themes: dict[str, Any] = {}
        outputs: list[Output] = []
        warned: list[str] = []
        for name, fmt in pairs:
            if self.stale():
                return None
            if name not in docs:
                docs[name] = tailor(loaded, name, created=when)
            doc = docs[name]
            if doc.theme not in themes:
                themes[doc.theme] = load_theme(doc.theme, loaded.base_dir)
            theme = themes[doc.theme]
            path = self.out_dir / f"{loaded.stem}-{name}.{fmt}"
            key = content_key(doc, theme, fmt)
            if get_format(fmt).stamp and copies_of(loaded, name):
                # -- an audience with `recipients:` gets its numbered copies, as `build` writes them --
                made = copy_outputs(loaded, name, fmt, doc, theme, key, cache, self.out_dir,
                                    functools.partial(self._render, _Job(name, fmt, path, doc, theme, key)))
                if made is None:
                    return None
                outputs += made[0]
                warned += [w.message for w in made[1]]
                continue
            kept = cache.reuse(path, key)
            if kept is not None:
                outputs.append(Output(name, fmt, path, kept[0], unchanged=True))
                warned += [w.message for w in kept[1]]
                continue
            done = self._render(_Job(name, fmt, path, doc, theme, key))
            if done is None:
                return None
            data, caught = done
            cache.record(path, key, data, caught)
            outputs.append(Output(name, fmt, path, data))
            warned += [w.message for w in caught]
        if self.stale():
            return None
        outputs += registers(loaded, outputs, self.out_dir)
        for out in outputs:
            if not out.unchanged:
                write_atomic(out.path, out.data)
        cache.save()
        self.file_warnings = tuple(dict.fromkeys(warned))
        files = {o.path.name: OutputFile(o.audience, o.fmt, o.path.name, o.path,
                                         hashlib.sha256(o.data).hexdigest()[:16], o.summary)
                 for o in outputs}
        return files, tuple(o.path.name for o in outputs if not o.unchanged)

    def _render(self, job: Any) -> tuple[bytes, list[Any]] | None:
        """Render one file in the worker process, so that previews made meanwhile in this one
        need not share its interpreter; None when it became stale while rendering."""
        from concurrent.futures import TimeoutError as FutureTimeout
        from concurrent.futures.process import BrokenProcessPool

        from ..build import _pool_render, _render_one, _unwrap

        pool = self._worker()
        if pool is None:
            return _render_one(job)
        try:
            future = pool.submit(_pool_render, job)
            while True:
                try:
                    return _unwrap(future.result(timeout=0.05))
                except FutureTimeout:
                    if self.stale():
                        return None
        except BrokenProcessPool:
            self._pool = None
            return _render_one(job)

    def _worker(self) -> Any:
        """The process that renders files: started (not forked: this process runs threads)
        on first use and kept, warm, for the session."""
        if self._pool is None and self.worker:
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            # -- niced: on a busy machine the previews, which a person waits for, go first --
            self._pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"),
                                             initializer=_lower_priority)
        return self._pool

    def close(self) -> None:
        """Stop the worker process."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    # -- what a change must touch --

    def moved(self) -> bool:
        """Whether a file this session follows changed since the outline last loaded (a save
        while the watcher was moving to other folders)."""
        return any(_stamp(f) != st for f, st in self.stamps.items())

    def relevant(self, path: str | Path) -> bool:
        """Whether a change to `path` changes what this session shows."""
        p = Path(path)
        try:
            p = p.resolve()
        except OSError:
            return False
        if p in self.watched:
            return True
        return any(p.is_relative_to(d) for d in self.theme_dirs)


def _stamp(path: Path) -> tuple[int, int]:
    try:
        st = path.stat()
    except OSError:
        return (-1, -1)
    return (st.st_mtime_ns, st.st_size)


def _lower_priority() -> None:
    import os

    try:
        os.nice(10)
    except (AttributeError, OSError):
        pass  # -- not on this platform: the worker runs at the normal priority --


def _brief_html(doc: Any, theme: Any) -> bytes | None:
    """The brief as an HTML page, when this reportgen has the HTML format (`render/html.py`),
    without embedded fonts (it names the theme's, which is quicker: a preview); else None."""
    import importlib

    try:
        html = importlib.import_module("reportgen.render.html")
    except ModuleNotFoundError:
        return None
    page = getattr(html, "page", None)
    if page is not None:
        return page(doc, theme, embed_fonts=False).encode("utf-8")  # type: ignore[no-any-return]
    return html.render(doc, theme)  # type: ignore[no-any-return]


class Watcher:
    """Rebuild `session` on every change to its files until `stop()`: one thread waits for
    changes (watchfiles), one makes the previews, one writes the files; so a save is previewed
    at once even while the files of the one before are being rendered."""

    def __init__(self, session: Session, on_rebuild: Callable[[State, str], None] | None = None,
                 step_ms: int = 30) -> None:
        self.session = session
        self.on_rebuild = on_rebuild
        self.step_ms = step_ms
        self._stop = threading.Event()
        self._changes: queue.Queue[list[str]] = queue.Queue()
        self._files = threading.Event()
        #: set when the folders to watch changed, or to stop: ends the current watch
        self._moved = threading.Event()
        session.dirs_changed = self._moved.set
        self._threads: list[threading.Thread] = []

    def start(self, initial: bool = True) -> None:
        if initial:
            self._changes.put([])
        for target, name in ((self._watch, "reportgen-watch"), (self._preview, "reportgen-preview"),
                             (self._write, "reportgen-files")):
            t = threading.Thread(target=target, name=name, daemon=True)
            t.start()
            self._threads.append(t)

    def stop(self) -> None:
        self._stop.set()
        self._moved.set()
        self._changes.put([])
        self._files.set()
        for t in self._threads:
            t.join(timeout=5)
        self.session.close()

    def _watch(self) -> None:
        from watchfiles import watch

        while not self._stop.is_set():
            self._moved.clear()
            dirs = sorted(d for d in self.session.watched_dirs if d.is_dir())
            if self.session.moved():
                # -- saved while the watch was moving to other folders: nobody saw it --
                self._changes.put([])
            for changes in watch(*dirs, watch_filter=lambda _c, p: self.session.relevant(p),
                                 debounce=400, step=self.step_ms, stop_event=self._moved,
                                 recursive=False, rust_timeout=500, yield_on_timeout=True,
                                 raise_interrupt=False):
                if self._stop.is_set():
                    return
                if changes:
                    self._changes.put(sorted({p for _, p in changes}))
                if self._moved.is_set():
                    break  # -- the outline now names other folders: watch those --

    def _preview(self) -> None:
        while not self._stop.is_set():
            paths = self._changes.get()
            # -- several saves in a row: one rebuild, from the newest text --
            while not self._changes.empty():
                paths += self._changes.get_nowait()
            if self._stop.is_set():
                return
            state = self.session.preview()
            if state.errors:
                if self.on_rebuild is not None:
                    self.on_rebuild(state, "error")
            else:
                self._files.set()

    def _write(self) -> None:
        while not self._stop.is_set():
            self._files.wait()
            self._files.clear()
            if self._stop.is_set():
                return
            state = self.session.write_pending()
            if state is not None and self.on_rebuild is not None:
                self.on_rebuild(state, "files")

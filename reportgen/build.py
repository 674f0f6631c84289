"""The build pipeline: load -> tailor per audience -> render per format -> atomic write.

Everything is rendered in memory first; only when every requested file rendered does the
writer touch the output folder, and it replaces each file atomically (a temp file in the same
folder, then `os.replace`). A failed build therefore leaves earlier outputs as they were.
"""

from __future__ import annotations

import errno
import os
import sys
import tempfile
import threading
import warnings
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import InputError, OutputError
from .formats import FORMATS
from .formats import get as get_format
from .incremental import Cache, CaughtWarning, replay
from .load import Loaded, load
from .model import Document
from .tailor import audience_config, tailor
from .theme import Theme

if TYPE_CHECKING:
    from .copies import Copy


@dataclass(frozen=True)
class Output:
    """One rendered file."""

    audience: str
    fmt: str
    path: Path
    data: bytes
    #: the file on disk was already this, built from the same input: nothing was rendered
    unchanged: bool = False
    #: a numbered copy: "Copy 1 of 12 — Deputy Secretary, Ministry of Foreign Affairs"
    copy_line: str | None = None
    #: a numbered copy's number (1 for copy01), 0 for an unnumbered file
    copy: int = 0
    #: what the summary line says instead of counting pages (a register: "3 copies")
    note: str = ""
    #: built because `-f` asked for it, though the audience's `formats:` does not list it
    extra: bool = False

    @property
    def summary(self) -> str:
        """`12 slides`, `9 pages` or `2,345 words`: what a reader would count."""
        return self.note or describe(self.fmt, self.data)


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
    """(audience, format) pairs to build: each audience's formats; `formats` (`-f`), when
    given, are built for every audience asked for, whatever its `formats:` lists."""
    names = list(audiences) if audiences else loaded.audience_names()
    wanted = list(formats) if formats else None
    for f in wanted or []:
        if f not in FORMATS:
            from .errors import did_you_mean, one_of

            raise InputError(f"unknown format '{f}'{did_you_mean(f, FORMATS)}; formats: {one_of(FORMATS)}")
    pairs: list[tuple[str, str]] = []
    for name in names:
        aud = audience_config(loaded, name)
        for f in FORMATS:
            if (f in wanted) if wanted is not None else (f in aud.formats):
                pairs.append((name, f))
    return pairs


def default_out_dir(outline: str | Path) -> Path:
    """`output/` beside the outline: where `build` and `check` write when no `-o` is given
    (from the outline's own folder, `output/` as before)."""
    p = Path(outline)
    folder = p.parent / "output"
    try:
        # -- shown relative to here when it is below here, as a user typed it --
        return folder.resolve().relative_to(Path.cwd().resolve()) if not p.is_absolute() else folder
    except ValueError:
        return folder


def stale_files(loaded: Loaded, folder: Path, produced: Iterable[Path]) -> list[Path]:
    """Files in `folder` that this outline wrote once and no longer produces: named
    `<stem>-<audience>.<ext>`, `<stem>-<audience>-copyNN.<ext>` or
    `<stem>-<audience>-register.csv` for an audience or format that is gone, or a copy beyond
    the recipients now listed. Nothing else is ever touched (`build --clean`)."""
    import re

    keep = {p.name for p in produced}
    stem = re.escape(loaded.stem)
    exts = "|".join(re.escape(f) for f in FORMATS)
    ours = re.compile(rf"{stem}-(?P<aud>.+?)(?:-copy\d{{2,}}\.(?:{exts})|-register\.csv|\.(?:{exts}))")
    names = set(loaded.audience_names())
    out = []
    try:
        entries = sorted(folder.iterdir())
    except OSError:
        return []
    for f in entries:
        m = ours.fullmatch(f.name)
        if m is None or f.name in keep or not f.is_file() or f.is_symlink():
            continue
        aud = m.group("aud")
        if aud not in names and any(f.name.startswith(f"{loaded.stem}-{a}-") for a in names):
            # -- `<stem>-a-b.pdf` is audience "a-b": gone only if no audience "a" made it a copy --
            continue
        out.append(f)
    return out


def copies_of(loaded: Loaded, audience: str, labels: Any = None) -> list[Copy]:
    """The numbered copies an audience's `recipients:` ask for ([] for none)."""
    from .copies import copies_for
    from .inline import substitute

    aud = audience_config(loaded, audience)
    if not aud.recipients:
        return []
    variables = {**loaded.outline.variables, **aud.variables}
    return copies_for((substitute(r.name, variables), substitute(r.org, variables) if r.org else None)
                      for r in aud.recipients)


def _copy_key(key: str, line: str) -> str:
    import hashlib

    return hashlib.sha256(f"{key}\0copy\0{line}".encode("utf-8", "surrogatepass")).hexdigest()


def render_all(loaded: Loaded, pairs: list[tuple[str, str]], out_dir: Path,
               theme: str | None = None, created: datetime | None = None,
               progress: Callable[[str, str], None] | None = None,
               cache: Cache | None = None, jobs: int | None = None,
               copies: bool = False) -> list[Output]:
    """Render every (audience, format) pair in memory.

    With `copies`, a pair whose audience has `recipients:` gives its numbered copies instead
    of the one file: rendered once, then stamped per recipient (`copies.py`); the cache keeps
    each copy, and a copy whose input and recipient did not change is not stamped again.

    With a `cache` of `out_dir`, a pair whose file there was built from the same tailored
    document, theme and reportgen (`incremental.py`) is not rendered again: its Output is the
    file as it is, marked `unchanged`; what is rendered is recorded in the cache. Pairs are rendered in a pool of processes when there is more
    than one core and more than one pair and the work is worth it (`jobs` caps the processes;
    1 renders here, in this process).
    """
    from .incremental import content_key
    from .theme import load_theme

    when = created or created_time(loaded)
    docs: dict[str, Document] = {}
    themes = {}
    outputs: dict[tuple[str, str], Output] = {}
    todo: list[_Job] = []
    lines: dict[tuple[str, str], list[tuple[Copy, str, Path]]] = {}
    copied: dict[tuple[str, str], list[Output]] = defaultdict(list)
    kept_copies: dict[tuple[str, str], list[tuple[bytes, list[CaughtWarning]] | None]] = {}
    for name, fmt in pairs:
        if name not in docs:
            docs[name] = tailor(loaded, name, created=when)
        doc = docs[name]
        theme_name = theme or doc.theme
        if theme_name not in themes:
            themes[theme_name] = load_theme(theme_name, loaded.base_dir)
        path = out_dir / f"{loaded.stem}-{name}.{fmt}"
        key = content_key(doc, themes[theme_name], fmt) if cache is not None else ""
        numbered = copies_of(loaded, name) if copies and get_format(fmt).stamp else []
        if numbered:
            lines[(name, fmt)] = [(c, c.line(doc.labels), out_dir / c.file_name(loaded.stem, name, fmt))
                                  for c in numbered]
            if cache is not None:
                kept_all = [cache.reuse(p, _copy_key(key, line)) for _, line, p in lines[(name, fmt)]]
                kept_copies[(name, fmt)] = kept_all
                if all(k is not None for k in kept_all):
                    for (c, line, p), k in zip(lines[(name, fmt)], kept_all, strict=True):
                        assert k is not None
                        replay(k[1])
                        copied[(name, fmt)].append(Output(name, fmt, p, k[0], unchanged=True,
                                                          copy_line=line, copy=c.number))
                    continue
            todo.append(_Job(name, fmt, path, doc, themes[theme_name], key))
            continue
        if cache is not None:
            kept = cache.reuse(path, key)
            if kept is not None:
                data, caught = kept
                replay(caught)
                outputs[(name, fmt)] = Output(name, fmt, path, data, unchanged=True)
                continue
        todo.append(_Job(name, fmt, path, doc, themes[theme_name], key))
    if progress is not None and hasattr(progress, "total"):
        progress.total = len(todo)
    for job, data, caught in _run(todo, progress, jobs):
        replay(caught)
        pair = (job.audience, job.fmt)
        if pair in lines:
            stamp = get_format(job.fmt).stamper(data, job.theme, job.doc)
            kept_list = kept_copies.get(pair) or [None] * len(lines[pair])
            for (c, line, p), kept in zip(lines[pair], kept_list, strict=True):
                if kept is not None:
                    # -- this copy's file is already what its input and recipient give --
                    copied[pair].append(Output(job.audience, job.fmt, p, kept[0], unchanged=True,
                                               copy_line=line, copy=c.number))
                    continue
                stamped = stamp(line)
                if cache is not None:
                    cache.record(p, _copy_key(job.key, line), stamped, caught)
                copied[pair].append(Output(job.audience, job.fmt, p, stamped, copy_line=line,
                                           copy=c.number))
            continue
        if cache is not None:
            cache.record(job.path, job.key, data, caught)
        outputs[pair] = Output(job.audience, job.fmt, job.path, data)
    return [o for p in pairs for o in (copied[p] if p in lines else [outputs[p]])]


def copy_outputs(loaded: Loaded, name: str, fmt: str, doc: Document, theme: Theme, key: str,
                 cache: Cache | None, out_dir: Path,
                 render: Callable[[], tuple[bytes, list[CaughtWarning]] | None],
                 ) -> tuple[list[Output], list[CaughtWarning]] | None:
    """The numbered copies of one (audience, format) pair, for a caller that renders pairs
    itself (`serve`): each copy kept from the cache when its input and recipient did not
    change, else `render()` once and stamped; None when `render` gives up."""
    numbered = copies_of(loaded, name)
    lines = [(c, c.line(doc.labels), out_dir / c.file_name(loaded.stem, name, fmt)) for c in numbered]
    kept = [cache.reuse(p, _copy_key(key, line)) if cache is not None else None for _, line, p in lines]
    if all(k is not None for k in kept):
        return ([Output(name, fmt, p, k[0], unchanged=True, copy_line=line, copy=c.number)
                 for (c, line, p), k in zip(lines, kept, strict=True) if k is not None],
                kept[0][1] if kept and kept[0] is not None else [])
    done = render()
    if done is None:
        return None
    data, caught = done
    stamp = get_format(fmt).stamper(data, theme, doc)
    outs = []
    for (c, line, p), k in zip(lines, kept, strict=True):
        if k is not None:
            outs.append(Output(name, fmt, p, k[0], unchanged=True, copy_line=line, copy=c.number))
            continue
        stamped = stamp(line)
        if cache is not None:
            cache.record(p, _copy_key(key, line), stamped, caught)
        outs.append(Output(name, fmt, p, stamped, copy_line=line, copy=c.number))
    return outs, caught


def registers(loaded: Loaded, outputs: list[Output], out_dir: Path) -> list[Output]:
    """The register of each audience whose numbered copies are among `outputs`: its rows for
    the formats built now, and the rows of formats not built now kept from the register on
    disk (`-f pdf` does not forget the brief's copies)."""
    from .copies import Entry, read_register, register_bytes, register_name, sha256

    order = list(FORMATS)
    out = []
    for name in dict.fromkeys(o.audience for o in outputs if o.copy):
        mine = [o for o in outputs if o.audience == name and o.copy]
        built = {o.fmt for o in mine}
        people = {c.number: c for c in copies_of(loaded, name)}
        path = out_dir / register_name(loaded.stem, name)
        entries = [e for e in read_register(path)
                   if e.format not in built and e.copy in people and (out_dir / e.file).is_file()]
        for o in mine:
            c = people[o.copy]
            entries.append(Entry(c.number, c.name, c.org or "", o.fmt, o.path.name, sha256(o.data)))
        entries.sort(key=lambda e: (e.copy, order.index(e.format) if e.format in order else len(order)))
        data = register_bytes(entries)
        try:
            same = path.read_bytes() == data
        except OSError:
            same = False
        n = len(people)
        out.append(Output(name, "csv", path, data, unchanged=same,
                          note=f"{n} {'copy' if n == 1 else 'copies'}"))
    return out


@dataclass(frozen=True)
class _Job:
    audience: str
    fmt: str
    path: Path
    doc: Document
    theme: Theme
    key: str


def _finished(progress: Callable[[str, str], None], name: str, fmt: str) -> None:
    done = getattr(progress, "finished", None)
    if done is not None:
        done(name, fmt)


def _render_one(job: _Job) -> tuple[bytes, list[CaughtWarning]]:
    """Render one pair, catching its warnings so that they can be replayed (and cached)."""
    from .render import get_renderer

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        data = get_renderer(job.fmt)(job.doc, job.theme)
    return data, [CaughtWarning.of(w) for w in caught]


def _run(todo: list[_Job], progress: Callable[[str, str], None] | None,
         jobs: int | None) -> Iterable[tuple[_Job, bytes, list[CaughtWarning]]]:
    workers = pool_size(todo, jobs)
    if workers <= 1:
        for job in todo:
            if progress:
                progress(job.audience, job.fmt)
            data, caught = _render_one(job)
            if progress:
                _finished(progress, job.audience, job.fmt)
            yield job, data, caught
        return
    yield from _run_pool(todo, progress, workers)


def _run_pool(todo: list[_Job], progress: Callable[[str, str], None] | None,
              workers: int) -> Iterable[tuple[_Job, bytes, list[CaughtWarning]]]:
    import multiprocessing
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait

    # -- fork: the children start with the loaded outline, themes, fonts and imports of this
    # process, so a job costs only its own rendering --
    ctx = multiprocessing.get_context("fork")
    # -- the biggest jobs first, so that the last one to finish is a short one --
    order = sorted(range(len(todo)), key=lambda i: -_cost(todo[i]))
    results: dict[int, tuple[bytes, list[CaughtWarning]]] = {}
    use_pool = getattr(progress, "use_pool", None)
    if use_pool is not None:
        use_pool()
    with ProcessPoolExecutor(max_workers=workers, mp_context=ctx) as pool:
        futures = {pool.submit(_pool_render, todo[i]): i for i in order}
        if progress:
            for i in order[:workers]:
                progress(todo[i].audience, todo[i].fmt)
        started = workers
        pending = set(futures)
        while pending:
            done, pending = wait(pending, timeout=0.1, return_when=FIRST_COMPLETED)
            for f in done:
                i = futures[f]
                results[i] = _unwrap(f.result())
                if progress:
                    _finished(progress, todo[i].audience, todo[i].fmt)
                    if started < len(order):
                        j = order[started]
                        progress(todo[j].audience, todo[j].fmt)
                        started += 1
            tick = getattr(progress, "tick", None)
            if tick is not None:
                tick()
    for i, job in enumerate(todo):
        yield job, *results[i]


def _pool_render(job: _Job) -> tuple[str, Any]:
    """In a worker: the rendered bytes and warnings, or a user error as plain data (a
    ReportgenError does not survive pickling with its problems)."""
    from .errors import ReportgenError

    try:
        return "ok", _render_one(job)
    except ReportgenError as e:
        return "error", (type(e).__module__, type(e).__qualname__, e.args[0] if e.args else "",
                         list(e.problems))


def _unwrap(result: tuple[str, Any]) -> tuple[bytes, list[CaughtWarning]]:
    kind, value = result
    if kind == "ok":
        return value  # type: ignore[no-any-return]
    module, qualname, message, problems = value
    import importlib

    cls = getattr(importlib.import_module(module), qualname)
    raise cls(message, problems)


#: seconds one format of an average page of text costs to render, and to import the first
#: time (measured on the sample, 2-core machine; only their ratio to START_COST matters)
CHAR_COST = {"docx": 8e-6, "pptx": 12e-6, "pdf": 20e-6}
IMPORT_COST = {"docx": 0.2, "pptx": 0.3, "pdf": 0.25}
#: what starting a worker and sending its result back costs
START_COST = 0.15


def _cost(job: _Job) -> float:
    from .render import MODULES

    cost = _doc_chars(job.doc) * CHAR_COST.get(job.fmt, 2e-5)
    if MODULES.get(job.fmt) not in sys.modules:
        cost += IMPORT_COST.get(job.fmt, 0.2)
    return cost


def _doc_chars(doc: Document) -> int:
    n = getattr(doc, "_rg_chars", None)
    if n is None:
        n = len(repr(doc))
        object.__setattr__(doc, "_rg_chars", n)
    return n


def cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def pool_size(todo: list[_Job], jobs: int | None = None) -> int:
    """How many processes to render `todo` in: 1 (here) unless there are several cores and
    several jobs, and the work beyond the largest job pays for starting the workers.
    `jobs`, else `REPORTGEN_JOBS`, caps it (1: never a pool)."""
    if jobs is None:
        env = os.environ.get("REPORTGEN_JOBS", "").strip()
        jobs = int(env) if env.isdigit() else None
    limit = min(len(todo), jobs or cores())
    # -- forking a process that runs other threads can deadlock the child on a lock one of
    # them held (Python 3.12 warns): a build called from a threaded program renders here --
    if limit <= 1 or os.name != "posix" or threading.active_count() > 1:
        return 1
    costs = sorted((_cost(j) for j in todo), reverse=True)
    # -- in a pool the build takes about as long as its largest job, or its share of the total
    saved = sum(costs) - max(costs[0], sum(costs) / limit)
    return limit if saved > START_COST * limit else 1


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
          formats: Iterable[str] | None = None, out_dir: str | Path | None = None,
          theme: str | None = None, allow_paths: tuple[str | Path, ...] = (),
          progress: Callable[[str, str], None] | None = None, force: bool = False,
          jobs: int | None = None, clean: bool = False,
          removed: list[Path] | None = None) -> list[Output]:
    """Build the outputs of `outline` and write them into `out_dir` (default: `output/`
    beside the outline); return what was written, numbered copies and their registers included.

    A file whose input did not change since it was written (same tailored document, theme,
    reportgen and libraries; the file itself untouched) is left as it is and comes back
    marked `unchanged`; `force` renders everything again. With `clean`, files of this outline
    that it no longer produces (`stale_files`) are removed and listed in `removed`."""
    loaded = load(outline, allow_paths=allow_paths)
    pairs = plan(loaded, audiences, formats)
    if not pairs:
        raise InputError("nothing to build: the audiences asked for have none of the formats asked "
                         "for (see `formats:` of each audience)")
    folder = Path(out_dir) if out_dir is not None else default_out_dir(outline)
    cache = Cache.read(folder, reuse=not force)
    outputs = render_all(loaded, pairs, folder, theme=theme, progress=progress, cache=cache,
                         jobs=jobs, copies=True)
    import dataclasses

    listed = {name: audience_config(loaded, name).formats for name in dict.fromkeys(a for a, _ in pairs)}
    outputs = [dataclasses.replace(o, extra=o.fmt not in listed[o.audience]) for o in outputs]
    outputs += registers(loaded, outputs, folder)
    for out in outputs:
        if not out.unchanged:
            write_atomic(out.path, out.data)
    cache.save()
    if clean:
        produced = [*render_names(loaded, folder), *(o.path for o in outputs)]
        for f in stale_files(loaded, folder, produced):
            try:
                f.unlink()
            except OSError as e:
                raise OutputError(f"cannot remove {f}: {e.strerror or e}") from None
            if removed is not None:
                removed.append(f)
    return outputs


def render_names(loaded: Loaded, folder: Path) -> list[Path]:
    """Every file the outline produces in `folder` with each audience's own formats."""
    out = []
    for name in loaded.audience_names():
        aud = audience_config(loaded, name)
        numbered = copies_of(loaded, name)
        fmts = [f for f in FORMATS if f in aud.formats]
        for f in fmts:
            if numbered and get_format(f).stamp:
                out += [folder / c.file_name(loaded.stem, name, f) for c in numbered]
            else:
                out.append(folder / f"{loaded.stem}-{name}.{f}")
        if numbered:
            from .copies import register_name

            out.append(folder / register_name(loaded.stem, name))
    return out

"""Running the preview: `reportgen serve` (the web app) and `reportgen watch` (files only)."""

from __future__ import annotations

import socket
import sys
import time
from pathlib import Path

from ..errors import InputError
from . import check_host, is_loopback, require
from .session import Session, State, Watcher


def _stamp() -> str:
    return time.strftime("%H:%M:%S")


def _say(line: str, err: bool = False) -> None:
    stream = sys.stderr if err else sys.stdout
    print(line, file=stream, flush=True)


def _check_outline(outline: str | Path) -> Path:
    p = Path(outline)
    if not p.is_file():
        raise InputError(f"{p}: no such outline file; `reportgen init` writes one")
    return p


def _bind(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host.strip("[]") else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host.strip("[]"), port))
    except OSError as e:
        sock.close()
        why = "it is in use; pick another with --port" if e.errno in (98, 48) else (e.strerror or str(e))
        raise InputError(f"cannot serve on {host}:{port}: {why}") from None
    sock.listen(128)
    sock.set_inheritable(True)
    return sock


def serve(outline: str | Path, out_dir: str | Path = "output", host: str = "127.0.0.1",
          port: int = 8000, explicit_host: bool = False,
          allow_paths: tuple[str | Path, ...] = ()) -> int:
    """Serve the preview of `outline` until interrupted."""
    require("starlette", "uvicorn", "jinja2", "watchfiles")
    import uvicorn

    from .app import create_app

    path = _check_outline(outline)
    check_host(host, explicit_host)
    loopback = is_loopback(host)
    session = Session(path, out_dir, allow_paths)
    sock = _bind(host, port)
    actual = sock.getsockname()[1]
    app = create_app(session, loopback=loopback)
    watcher = Watcher(session, on_rebuild=_log_errors)
    watcher.start()
    shown = f"[{host}]" if ":" in host else host
    if not loopback:
        _say(f"warning: serving on {host}, which other machines can reach: anyone on the network "
             "can read these previews and files", err=True)
    _say(f"serving {path} at http://{shown}:{actual}/ (output folder {out_dir}; Ctrl-C stops)")
    config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off",
                            timeout_graceful_shutdown=1)
    server = uvicorn.Server(config)
    try:
        server.run(sockets=[sock])
    finally:
        app.state.hub.closing = True
        watcher.stop()
        sock.close()
    return 0


def _log_errors(state: State, what: str) -> None:
    if what == "error":
        for e in state.errors:
            _say(f"{_stamp()} error: {e}", err=True)


def rebuild_lines(state: State, what: str) -> list[str]:
    """What `watch` prints for one rebuild: one line for the files written, or one line per
    error."""
    if what == "error":
        return [f"{_stamp()} error: {e}" for e in state.errors]
    n = len(state.files)
    written = len(state.written)
    return [f"{_stamp()} built {n} file{'s' if n != 1 else ''} ({written} written, "
            f"{n - written} unchanged) in {state.files_took:.2f} s"]


def watch(outline: str | Path, out_dir: str | Path = "output",
          allow_paths: tuple[str | Path, ...] = ()) -> int:
    """Rebuild the files of `outline` on every save until interrupted; one line per rebuild."""
    require("watchfiles")
    path = _check_outline(outline)
    session = Session(path, out_dir, allow_paths, previews=False)
    started = [time.perf_counter()]

    def report(state: State, what: str) -> None:
        for line in rebuild_lines(state, what):
            _say(line, err=what == "error")

    watcher = Watcher(session, on_rebuild=report)
    _say(f"watching {path} (output folder {out_dir}; Ctrl-C stops)")
    watcher.start()
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        watcher.stop()
    _say(f"stopped watching after {time.perf_counter() - started[0]:.0f} s")
    return 0

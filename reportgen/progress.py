"""The build's progress bar: shown on a terminal once a build has taken a second, never before.

A quick build prints nothing but its summary lines; a slow one (a long outline, many
audiences, a first build that imports every library) gets a rich progress bar on stderr that
counts files and names the ones being rendered, and disappears when the build ends.

Rendering in this process, a timer thread puts the bar up after `DELAY` and rich's refresh
thread animates it. Rendering in a process pool (`use_pool`, called before the pool forks), no
thread is started: the waiting loop refreshes the bar (`tick`), so the fork copies no thread
that might hold a lock.
"""

from __future__ import annotations

import sys
import threading
import time
from typing import Any

#: seconds a build runs before the bar appears
DELAY = 1.0


class BuildProgress:
    """A `progress(audience, fmt)` callable for `build()`, with `finished` and `tick` hooks."""

    def __init__(self, total: int | None = None, console: Any = None, delay: float = DELAY) -> None:
        self.total = total
        self.console = console
        self.delay = delay
        self.t0 = time.monotonic()
        self.running: list[str] = []
        self.done = 0
        self._bar: Any = None
        self._task: Any = None
        self._threads = True
        self._timer: threading.Timer | None = None
        self._lock = threading.Lock()

    # -- the hooks build() calls --

    def use_pool(self) -> None:
        """Rendering happens in forked workers: start no thread from now on."""
        self._threads = False

    def __call__(self, audience: str, fmt: str) -> None:
        self.running.append(f"{audience}.{fmt}")
        if self._threads and self._timer is None and self._bar is None:
            wait = max(0.0, self.delay - (time.monotonic() - self.t0))
            self._timer = threading.Timer(wait, self.tick)
            self._timer.daemon = True
            self._timer.start()
        self.tick()

    def finished(self, audience: str, fmt: str) -> None:
        name = f"{audience}.{fmt}"
        if name in self.running:
            self.running.remove(name)
        self.done += 1
        self.tick()

    def tick(self) -> None:
        """Show or refresh the bar, if the build has run long enough to deserve one."""
        with self._lock:
            if self._bar is None:
                if time.monotonic() - self.t0 < self.delay or not self._wanted():
                    return
                self._start()
            self._bar.update(self._task, completed=self.done, total=self.total,
                             description=", ".join(self.running) or "writing")
            self._bar.refresh()

    def close(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
        with self._lock:
            if self._bar is not None:
                self._bar.stop()
                self._bar = None

    def __enter__(self) -> BuildProgress:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- rich, imported only when a bar is shown --

    def _wanted(self) -> bool:
        if self.console is not None:
            return bool(self.console.is_terminal)
        return sys.stderr.isatty()

    def _start(self) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
        )

        console = self.console or Console(stderr=True)
        self._bar = Progress(TextColumn("building"), BarColumn(), MofNCompleteColumn(),
                             TimeElapsedColumn(), TextColumn("{task.description}"),
                             console=console, transient=True, auto_refresh=self._threads)
        self._bar.start()
        self._task = self._bar.add_task("", total=self.total, completed=self.done)

"""Fixtures of the preview's tests: a small outline with an analysts-only section, and a
running `reportgen serve` on it."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import textwrap
import time
import urllib.request
from pathlib import Path

import pytest

pytest.importorskip("starlette", reason="the preview needs the serve extra: pip install -e '.[serve]'")
pytest.importorskip("watchfiles", reason="the preview needs the serve extra: pip install -e '.[serve]'")

OUTLINE = """
meta:
  title: Preview test
  date: 2024-06-20
  marking: INTERNAL
audiences:
  analysts: {label: Working analysts, detail: full, formats: [pptx, pdf]}
  public: {label: Public release, detail: standard, exclude_tags: [sensitive], marking: PUBLIC RELEASE, formats: [pptx, pdf]}
bluf: The bottom line of the preview test.
sections:
  - title: Open findings
    points:
      - Everyone reads this opening point
      - "<script>alert(1)</script> stays text"
    notes: Say this aloud.
  - title: Sourcing detail QUILLFEATHER
    tags: [sensitive]
    points:
      - Only analysts read QUILLFEATHER sourcing
"""


def write_outline(folder: Path, text: str = OUTLINE) -> Path:
    p = folder / "outline.yaml"
    p.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return p


@pytest.fixture
def outline(tmp_path: Path) -> Path:
    return write_outline(tmp_path)


def get_json(url: str) -> dict:
    with urllib.request.urlopen(url, timeout=10) as r:
        return json.load(r)  # type: ignore[no-any-return]


def wait_state(base: str, pred, timeout: float = 120.0) -> dict:
    end = time.monotonic() + timeout
    state: dict = {}
    while time.monotonic() < end:
        try:
            state = get_json(base + "/state")
            if pred(state):
                return state
        except OSError:
            pass
        time.sleep(0.05)
    raise AssertionError(f"server state never became what was waited for; last: {state}")


class Server:
    def __init__(self, proc: subprocess.Popen, url: str, out: Path) -> None:
        self.proc, self.url, self.out = proc, url, out


@pytest.fixture
def server(outline: Path, tmp_path: Path):
    """`reportgen serve` on `outline`, on a free port; its base URL once the files are built."""
    out = tmp_path / "output"
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    log = tmp_path / "serve.err"
    err = log.open("w", encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "reportgen", "serve", str(outline), "--port", "0",
                             "-o", str(out)], stdout=subprocess.PIPE, stderr=err,
                            text=True, env=env, cwd=tmp_path)
    try:
        line = proc.stdout.readline() if proc.stdout else ""
        m = re.search(r"http://127\.0\.0\.1:\d+", line)
        assert m, f"serve printed {line!r}; stderr: {log.read_text(encoding='utf-8')}"
        url = m.group(0)
        wait_state(url, lambda s: s["status"] == "ready")
        yield Server(proc, url, out)
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        if proc.stdout is not None:
            proc.stdout.close()
        err.close()

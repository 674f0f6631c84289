"""The preview app without a browser: what a URL can reach, host checks, escaping, errors
over the last good preview, and `reportgen watch`."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from reportgen.cli import main
from reportgen.errors import InputError
from reportgen.serve import check_host, is_loopback
from reportgen.serve.session import Session

from .conftest import write_outline

TestClient = pytest.importorskip("starlette.testclient", reason="needs httpx").TestClient


@pytest.fixture
def built(outline: Path, tmp_path: Path):
    from reportgen.serve.app import create_app

    session = Session(outline, tmp_path / "output")
    state = session.rebuild()
    assert state.ok, state.errors
    client = TestClient(create_app(session), base_url="http://127.0.0.1")
    yield session, client
    session.close()


TRAVERSALS = [
    "/files/..%2f..%2f..%2fetc%2fpasswd",
    "/files/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
    "/files/..%252f..%252fetc%252fpasswd",
    "/files/outline.yaml",
    "/files/.reportgen-cache.json",
    "/files/%2Fetc%2Fpasswd",
    "/static/..%2f__init__.py",
    "/static/..%2f..%2fcli.py",
    "/static/%2e%2e/session.py",
    "/fonts/..%2f..%2f..%2fetc%2fpasswd.ttf",
    "/fonts/body-00%2f..%2f..%2foutline.yaml.ttf",
    "/a/public/handout/..%2f..%2f1.png",
    "/a/..%2f..%2fetc%2fpasswd",
    "/a/public/../../../etc/passwd",
    "//etc/passwd",
]


@pytest.mark.parametrize("url", TRAVERSALS)
def test_no_url_reaches_the_disk(built, url):
    _, client = built
    r = client.get(url, follow_redirects=False)
    assert r.status_code in (404, 400, 303, 307), (url, r.status_code)
    assert b"root:" not in r.content
    assert b"QUILLFEATHER" not in r.content or url.startswith("/a/")
    assert b"import " not in r.content


def test_the_outlines_files_are_served(built):
    session, client = built
    names = sorted(session.state.files)
    assert names == ["outline-analysts.pdf", "outline-analysts.pptx", "outline-public.pdf",
                     "outline-public.pptx"]
    for name in names:
        r = client.get(f"/files/{name}")
        assert r.status_code == 200
        assert r.content == (session.out_dir / name).read_bytes()
    assert client.get("/static/app.js").status_code == 200
    assert client.get("/fonts/body-00.ttf").content[:4] in (b"\x00\x01\x00\x00", b"true")


def test_pages_only_answer_loopback_names(built, outline, tmp_path):
    from reportgen.serve.app import create_app

    session, client = built
    assert client.get("/a/public", headers={"Host": "127.0.0.1:8000"}).status_code == 200
    assert client.get("/a/public", headers={"Host": "localhost:8000"}).status_code == 200
    # -- a page elsewhere that rebinds its own name to 127.0.0.1 --
    assert client.get("/a/public", headers={"Host": "attacker.example:8000"}).status_code == 400
    remote = TestClient(create_app(session, loopback=False), base_url="http://192.0.2.7")
    assert remote.get("/a/public").status_code == 200


def test_outline_text_is_escaped_in_every_view(built):
    _, client = built
    for tab in ("deck", "brief", "handout", "audiences", "diff"):
        page = client.get(f"/a/analysts?tab={tab}").text
        assert "<script>alert" not in page, tab
    deck = client.get("/a/public?tab=deck").text
    assert "&lt;script&gt;alert(1)&lt;/script&gt; stays text" in deck
    diff = client.get("/a/analysts?tab=diff&with=public").text
    assert "Only analysts read QUILLFEATHER sourcing" in diff
    csp = client.get("/a/public").headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]


def test_public_pages_never_show_analysts_only_text(built):
    from reportgen.formats import FORMATS

    _, client = built
    for tab in ("deck", "brief", "handout"):
        assert "QUILLFEATHER" not in client.get(f"/a/public?tab={tab}").text, tab
    assert "QUILLFEATHER" in client.get("/a/analysts?tab=deck").text
    assert "QUILLFEATHER" not in client.get("/a/public/brief").text
    brief = client.get("/a/analysts/brief")
    assert "sandbox" in brief.headers["content-security-policy"]
    if "html" in FORMATS:
        assert "Only analysts read QUILLFEATHER sourcing" in brief.text
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in client.get("/a/public/brief").text
    else:
        assert "appears here once" in brief.text


def test_errors_show_over_the_last_good_preview(built, outline):
    session, client = built
    before = {n: hashlib.sha256(f.path.read_bytes()).hexdigest() for n, f in session.state.files.items()}
    text = outline.read_text(encoding="utf-8")
    outline.write_text(text.replace("  - title: Open findings", "  - titel: Open findings"), encoding="utf-8")
    state = session.rebuild()
    assert not state.ok
    assert any(e.where == f"{outline}:10:5" and "'titel'" in e.message and "'title'" in e.message for e in state.errors), state.errors
    page = client.get("/a/analysts").text
    assert f"{outline}:10:5" in page and "unknown key" in page
    assert "Everyone reads this opening point" in page  # -- the last good preview stays --
    after = {n: hashlib.sha256(f.path.read_bytes()).hexdigest() for n, f in session.state.files.items()}
    assert after == before
    outline.write_text(text.replace("this opening point", "this fixed point"), encoding="utf-8")
    state = session.rebuild()
    assert state.ok
    assert "Everyone reads this fixed point" in client.get("/a/analysts").text


def test_check_host():
    assert is_loopback("127.0.0.1") and is_loopback("localhost") and is_loopback("::1")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.0.2.7")
    check_host("127.0.0.1", explicit=False)
    check_host("0.0.0.0", explicit=True)
    with pytest.raises(InputError, match=r"refusing to serve on 0\.0\.0\.0.*--host 0\.0\.0\.0"):
        check_host("0.0.0.0", explicit=False)


def test_serve_refuses_a_remote_address_it_was_not_given(outline, monkeypatch, capsys):
    monkeypatch.setenv("REPORTGEN_HOST", "0.0.0.0")
    assert main(["serve", str(outline), "--port", "0"]) == 2
    err = capsys.readouterr().err
    assert "refusing to serve on 0.0.0.0" in err and "--host 0.0.0.0" in err


class Lines:
    """The lines a process prints on one stream, read in a thread as they come."""

    def __init__(self, stream) -> None:
        import queue
        import threading

        self.q: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        self.stream = stream
        self.thread = threading.Thread(target=lambda: [self.q.put(x) for x in stream], daemon=True)
        self.thread.start()

    def close(self) -> None:
        """After the process ended: the reader has read to the end; close the pipe."""
        self.thread.join(timeout=10)
        self.stream.close()

    def until(self, pattern: str, timeout: float = 120.0) -> str:
        import queue

        end = time.monotonic() + timeout
        while time.monotonic() < end:
            try:
                line = self.q.get(timeout=0.5)
            except queue.Empty:
                continue
            self.seen.append(line)
            if pattern in line:
                return line
        raise AssertionError(f"no line with {pattern!r} in {self.seen}")


def test_watch_prints_one_line_per_rebuild(outline, tmp_path):
    out = tmp_path / "output"
    proc = subprocess.Popen([sys.executable, "-m", "reportgen", "watch", str(outline), "-o", str(out)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=dict(os.environ, PYTHONUNBUFFERED="1"))
    out_lines, err_lines = Lines(proc.stdout), Lines(proc.stderr)
    try:
        assert "watching" in out_lines.until("watching")
        first = out_lines.until("built")
        assert "built 4 files (4 written, 0 unchanged)" in first
        text = outline.read_text(encoding="utf-8")
        time.sleep(0.3)
        outline.write_text(text.replace("QUILLFEATHER sourcing", "QUILLFEATHER sourcing, again"), encoding="utf-8")
        second = out_lines.until("built")
        # -- only the analysts' files hold that section --
        assert "built 4 files (2 written, 2 unchanged)" in second
        outline.write_text(text.replace("  - title: Open findings", "  - titel: Open findings"), encoding="utf-8")
        missing = err_lines.until("error:")
        assert f"{outline}:10:5: sections[0]: 'title' is missing; add `title:` here" in missing
        unknown = err_lines.until("error:")
        assert f"{outline}:10:5" in unknown and "unknown key 'titel'" in unknown
        assert not any(p.name.startswith(".") and p.suffix == ".tmp" for p in out.iterdir())
    finally:
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=10)
        out_lines.close()
        err_lines.close()


def test_a_picture_or_theme_file_saved_rebuilds(tmp_path):
    """The watcher follows the outline's pictures and its theme's files, not the output folder."""
    from PIL import Image

    from reportgen.serve.session import Watcher

    (tmp_path / "images").mkdir()
    picture = tmp_path / "images" / "map.png"
    Image.new("RGB", (40, 30), "navy").save(picture)
    (tmp_path / "house").mkdir()
    theme_yaml = tmp_path / "house" / "theme.yaml"
    theme_yaml.write_text('inherit: default\nname: house\ncolors: {primary: "1F3864"}\n', encoding="utf-8")
    outline = write_outline(tmp_path, """
        meta: {title: Pictures, date: 2024-06-20}
        theme: ./house
        sections:
          - title: One
            points: [A point]
            body:
              - image: {path: images/map.png, alt: A navy map}
    """)
    session = Session(outline, tmp_path / "output", worker=False)
    builds: list[tuple[str, ...]] = []
    watcher = Watcher(session, on_rebuild=lambda s, what: builds.append(s.written) if what == "files" else None)
    watcher.start()
    try:
        _wait(lambda: len(builds) == 1)
        assert session.relevant(picture) and session.relevant(theme_yaml) and session.relevant(outline)
        assert not session.relevant(tmp_path / "output" / "outline-default.pdf")
        Image.new("RGB", (40, 30), "darkred").save(picture)
        _wait(lambda: len(builds) == 2)
        assert set(builds[1]) == {"outline-default.docx", "outline-default.pptx", "outline-default.pdf"}
        theme_yaml.write_text(theme_yaml.read_text(encoding="utf-8").replace('primary: "1F3864"', 'primary: "203864"'),
                              encoding="utf-8")
        _wait(lambda: len(builds) == 3)
        assert len(builds[2]) == 3
        time.sleep(0.5)
        assert len(builds) == 3  # -- writing the outputs did not set off another rebuild --
    finally:
        watcher.stop()


def _wait(pred, timeout: float = 120.0) -> None:
    end = time.monotonic() + timeout
    while not pred():
        assert time.monotonic() < end, "timed out"
        time.sleep(0.05)


def test_serve_says_what_is_wrong_before_it_starts(tmp_path, outline, capsys):
    import socket

    assert main(["serve", str(tmp_path / "missing.yaml"), "--port", "0"]) == 2
    assert "missing.yaml: no such outline file" in capsys.readouterr().err
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen(1)
        port = busy.getsockname()[1]
        assert main(["serve", str(outline), "--port", str(port)]) == 2
    assert f"cannot serve on 127.0.0.1:{port}: it is in use; pick another with --port" in capsys.readouterr().err

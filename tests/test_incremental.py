"""Incremental builds, the process pool and the progress bar (issue 13).

What a user checks: after an edit, only the files that edit reaches are written again (the
others keep their bytes and their modification time, and the summary says "unchanged");
changing a picture or the theme does reach the files; a deleted or edited output is rebuilt;
the warnings of a build come back on a build that reused the files.
"""

from __future__ import annotations

import io
import os
import shutil
import time
from pathlib import Path

import pytest
from PIL import Image

import reportgen.render as render_pkg
from reportgen.build import Output, build, pool_size
from reportgen.cli import main
from reportgen.errors import ReportgenWarning
from reportgen.incremental import CACHE_NAME
from reportgen.progress import BuildProgress

ROOT = Path(__file__).resolve().parent.parent

OUTLINE = """
meta: {title: Cache test, date: 2024-06-20, marking: UNCLASSIFIED}
theme: mine
audiences:
  leadership: {detail: summary, formats: [docx, pptx, pdf]}
  analysts: {detail: full, formats: [docx, pptx, pdf]}
bluf: The bottom line.
sections:
  - title: One
    points:
      - Shared point
      - text: Leadership-only point
        audiences: [leadership]
    body:
      - A paragraph for everyone.
      - image: {path: pic.png, alt: A square, caption: The square}
        detail: summary
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """An outline with a picture and a theme of its own (inheriting the default)."""
    Image.new("RGB", (120, 80), (200, 30, 30)).save(tmp_path / "pic.png")
    theme = tmp_path / "templates" / "mine"
    theme.mkdir(parents=True)
    (theme / "theme.yaml").write_text("inherit: default\ncolors: {primary: 1F3864}\n", encoding="utf-8")
    (tmp_path / "outline.yaml").write_text(OUTLINE.lstrip("\n"), encoding="utf-8")
    return tmp_path


def _files(out: Path) -> dict[str, tuple[bytes, int]]:
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(out.iterdir())
            if not p.name.startswith(".")}


def _build(project: Path, **kw: object) -> list[Output]:
    return build(project / "outline.yaml", out_dir=project / "out", jobs=1, **kw)  # type: ignore[arg-type]


def _age(out: Path) -> None:
    """Set every output's mtime into the past, so that a rewrite shows in st_mtime_ns."""
    for p in out.iterdir():
        os.utime(p, ns=(1_000_000_000, 1_000_000_000))


def test_unchanged_outline_rebuilds_nothing(project):
    first = _build(project)
    assert not any(o.unchanged for o in first)
    _age(project / "out")
    before = _files(project / "out")
    again = _build(project)
    assert all(o.unchanged for o in again)
    assert _files(project / "out") == before  # -- same bytes, not even rewritten --
    assert [(o.path, o.data) for o in again] == [(o.path, o.data) for o in first]


def test_editing_a_leadership_only_point_rewrites_only_leadership_files(project):
    _build(project)
    _age(project / "out")
    before = _files(project / "out")
    src = project / "outline.yaml"
    src.write_text(src.read_text().replace("Leadership-only point", "Leadership-only point, edited"))
    out = _build(project)
    rebuilt = sorted(o.path.name for o in out if not o.unchanged)
    assert rebuilt == ["outline-leadership.docx", "outline-leadership.pdf", "outline-leadership.pptx"]
    after = _files(project / "out")
    for name in ("outline-analysts.docx", "outline-analysts.pptx", "outline-analysts.pdf"):
        assert after[name] == before[name]
    for name in rebuilt:
        assert after[name][0] != before[name][0]


def test_changing_the_picture_changes_every_output_that_shows_it(project):
    _build(project)
    before = _files(project / "out")
    time.sleep(0.01)
    Image.new("RGB", (120, 80), (30, 30, 200)).save(project / "pic.png")
    out = _build(project)
    assert not any(o.unchanged for o in out)
    after = _files(project / "out")
    assert all(after[n][0] != before[n][0] for n in before)


def test_touching_the_picture_renders_again(project):
    _build(project)
    st = (project / "pic.png").stat()
    os.utime(project / "pic.png", ns=(st.st_atime_ns, st.st_mtime_ns + 5_000_000_000))
    assert not any(o.unchanged for o in _build(project))


def test_changing_the_theme_changes_the_output(project):
    _build(project)
    before = _files(project / "out")
    theme = project / "templates" / "mine" / "theme.yaml"
    theme.write_text(theme.read_text().replace("1F3864", "7A1F1F"))
    out = _build(project)
    assert not any(o.unchanged for o in out)
    after = _files(project / "out")
    assert all(after[n][0] != before[n][0] for n in before)


def test_a_new_file_in_the_theme_folder_renders_again(project):
    _build(project)
    # -- e.g. a reference.docx dropped into the theme: whatever is in the folder counts --
    shutil.copy(project / "pic.png", project / "templates" / "mine" / "logo.png")
    assert not any(o.unchanged for o in _build(project))


def test_a_deleted_or_edited_output_is_rebuilt(project):
    _build(project)
    out = project / "out"
    good = (out / "outline-analysts.pdf").read_bytes()
    (out / "outline-analysts.pdf").unlink()
    (out / "outline-leadership.docx").write_bytes(b"edited by hand")
    result = {o.path.name: o.unchanged for o in _build(project)}
    assert result["outline-analysts.pdf"] is False
    assert result["outline-leadership.docx"] is False
    assert sum(not u for u in result.values()) == 2
    assert (out / "outline-analysts.pdf").read_bytes() == good
    assert (out / "outline-leadership.docx").read_bytes()[:2] == b"PK"


def test_force_renders_everything_and_a_damaged_cache_is_ignored(project):
    _build(project)
    assert not any(o.unchanged for o in _build(project, force=True))
    assert all(o.unchanged for o in _build(project))
    (project / "out" / CACHE_NAME).write_text("{not json")
    assert not any(o.unchanged for o in _build(project))


def test_source_date_epoch_is_part_of_the_input(project, monkeypatch):
    _build(project)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert not any(o.unchanged for o in _build(project))


def test_warnings_come_back_when_the_files_are_reused(write_outline, tmp_path):
    # -- a character no font has: the handout warns, and must warn again on a reused build --
    src = write_outline("""
        meta: {title: "Glyph \U0001fae8 test", date: 2024-06-20}
        audiences: {a: {formats: [pdf]}}
        sections: [{title: One, body: [text]}]
        """)
    with pytest.warns(ReportgenWarning, match="no font in the theme has a glyph") as first:
        out = build(src, out_dir=tmp_path / "out", jobs=1)
    assert not out[0].unchanged
    with pytest.warns(ReportgenWarning, match="no font in the theme has a glyph") as second:
        out = build(src, out_dir=tmp_path / "out", jobs=1)
    assert out[0].unchanged
    assert [str(w.message) for w in first] == [str(w.message) for w in second]


def test_cli_says_unchanged_and_prints_no_progress_when_quick(project, capsys):
    args = [str(project / "outline.yaml"), "-o", str(project / "out")]
    assert main(["build", *args]) == 0
    first = capsys.readouterr()
    assert first.err == ""
    assert [line.split()[0] for line in first.out.splitlines()] == ["wrote"] * 6
    assert main(["build", *args]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in lines] == ["unchanged"] * 6
    assert "outline-analysts.pdf" in lines[5] and "page" in lines[5]


def test_pool_writes_the_same_bytes_as_one_process(project):
    serial = {o.path.name: o.data for o in build(project / "outline.yaml", out_dir=project / "a", jobs=1)}
    pooled = {o.path.name: o.data for o in build(project / "outline.yaml", out_dir=project / "b", jobs=2,
                                                 force=True)}
    assert pooled == serial


def test_pool_is_used_only_when_it_pays(project, monkeypatch):
    from reportgen.build import _Job
    from reportgen.load import load
    from reportgen.tailor import tailor
    from reportgen.theme import load_theme

    monkeypatch.setattr("reportgen.build.cores", lambda: 2)
    monkeypatch.delenv("REPORTGEN_JOBS", raising=False)
    loaded = load(project / "outline.yaml")
    doc = tailor(loaded, "analysts")
    theme = load_theme("mine", project)
    job = _Job("analysts", "pdf", project / "x.pdf", doc, theme, "")
    import reportgen.render.pdf  # noqa: F401 -- imported: no import cost left to share --

    assert pool_size([job]) == 1  # -- one file --
    assert pool_size([job, job]) == 1  # -- two tiny files: forking costs more than it saves --
    assert pool_size([job] * 2, jobs=1) == 1
    monkeypatch.setattr("reportgen.build.CHAR_COST", {"pdf": 1e-3})
    assert pool_size([job, job]) == 2  # -- big files on two cores --
    import threading

    started, stop = threading.Event(), threading.Event()
    t = threading.Thread(target=lambda: (started.set(), stop.wait()))
    t.start()
    started.wait()
    try:
        assert pool_size([job, job]) == 1  # -- another thread runs: never fork --
    finally:
        stop.set()
        t.join()
    monkeypatch.setattr("reportgen.build.cores", lambda: 1)
    assert pool_size([job, job]) == 1  # -- one core --


def test_an_error_in_a_worker_reaches_the_user_with_its_message(write_outline, tmp_path, monkeypatch):
    from reportgen.errors import InputError

    def get(fmt):
        def render(doc, theme):
            raise InputError(f"cannot render {fmt} of {doc.audience}")
        return render

    monkeypatch.setattr(render_pkg, "get_renderer", get)
    monkeypatch.setattr("reportgen.build.pool_size", lambda todo, jobs=None: 2)
    src = write_outline("""
        meta: {title: T, date: 2024-06-20}
        audiences: {a: {formats: [docx, pptx]}}
        sections: [{title: One, body: [text]}]
        """)
    with pytest.raises(InputError, match=r"cannot render (docx|pptx) of a"):
        build(src, out_dir=tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_progress_bar_appears_only_after_a_second():
    from rich.console import Console

    buf = io.StringIO()
    console = Console(file=buf, force_terminal=True, width=100)
    with BuildProgress(total=2, console=console, delay=0.05) as p:
        p.use_pool()  # -- no timer thread: only explicit ticks draw --
        p("analysts", "pdf")
        assert buf.getvalue() == ""  # -- quick so far: nothing shown --
        time.sleep(0.06)
        p.finished("analysts", "pdf")
    assert "1/2" in buf.getvalue() and "building" in buf.getvalue()

    quiet = io.StringIO()
    with BuildProgress(total=2, console=Console(file=quiet, force_terminal=True)) as p:
        p("a", "pdf")
        p.finished("a", "pdf")
    assert quiet.getvalue() == ""


def test_progress_bar_shows_during_one_long_render_in_this_process():
    from rich.console import Console

    buf = io.StringIO()
    with BuildProgress(total=1, console=Console(file=buf, force_terminal=True, width=100), delay=0.05) as p:
        p("analysts", "pdf")
        time.sleep(0.3)  # -- one long rendering, no callback meanwhile: the timer shows the bar --
        shown = buf.getvalue()
        p.finished("analysts", "pdf")
    assert "analysts.pdf" in shown


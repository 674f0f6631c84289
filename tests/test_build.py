"""The build pipeline and CLI: atomic writes, failures that keep earlier outputs, exit codes."""

from __future__ import annotations

import errno
import importlib
import os
import subprocess
import sys

import pytest

import reportgen.render as render_pkg
from reportgen.blocks import BLOCK_TYPES
from reportgen.build import build, write_atomic
from reportgen.cli import main
from reportgen.errors import OutputError
from reportgen.formats import Format
from reportgen.render import MissingHandler

OUTLINE = """
meta: {title: Build test, date: 2024-06-20}
audiences:
  a: {formats: [docx, pdf]}
  b: {formats: [pptx]}
sections: [{title: One, body: [text]}]
"""


def fake_renderers(monkeypatch, fail_on=None):
    def render(self, doc, theme):
        if self.name == fail_on:
            raise RuntimeError("renderer crashed half-way")
        return f"{self.name}:{doc.audience}:{doc.meta.title}".encode()
    monkeypatch.setattr(Format, "render", render)


def test_build_writes_each_audience_in_its_formats(write_outline, tmp_path, monkeypatch):
    fake_renderers(monkeypatch)
    out = build(write_outline(OUTLINE), out_dir=tmp_path / "out")
    assert sorted(p.path.name for p in out) == ["outline-a.docx", "outline-a.pdf", "outline-b.pptx"]
    assert (tmp_path / "out" / "outline-b.pptx").read_bytes() == b"pptx:b:Build test"


def test_format_filter_and_audience_filter(write_outline, tmp_path, monkeypatch):
    fake_renderers(monkeypatch)
    out = build(write_outline(OUTLINE), audiences=["a"], formats=["pdf"], out_dir=tmp_path / "o")
    assert [p.path.name for p in out] == ["outline-a.pdf"]


def test_failed_renderer_leaves_earlier_outputs_byte_identical(write_outline, tmp_path, monkeypatch):
    fake_renderers(monkeypatch)
    src = write_outline(OUTLINE)
    build(src, out_dir=tmp_path / "out")
    before = {p.name: p.read_bytes() for p in (tmp_path / "out").iterdir()}
    src.write_text(src.read_text().replace("Build test", "Changed"))
    fake_renderers(monkeypatch, fail_on="pdf")
    with pytest.raises(RuntimeError):
        build(src, out_dir=tmp_path / "out")
    after = {p.name: p.read_bytes() for p in (tmp_path / "out").iterdir()}
    assert after == before  # -- same files, same bytes, no temp files left --


def test_disk_full_keeps_the_old_file_and_leaves_no_temp(tmp_path, monkeypatch):
    target = tmp_path / "x.pdf"
    target.write_bytes(b"old")

    def full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(OutputError, match="the disk is full; the previous file, if any, is unchanged"):
        write_atomic(target, b"new content")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["x.pdf"]


def test_output_folder_that_is_a_file_is_a_clear_error(write_outline, tmp_path, monkeypatch, capsys):
    fake_renderers(monkeypatch)
    blocker = tmp_path / "blocker"
    blocker.write_text("not a folder")
    code = main(["build", str(write_outline(OUTLINE)), "-o", str(blocker / "out")])
    err = capsys.readouterr().err
    assert code == 3
    assert "cannot create the output folder" in err and "Traceback" not in err


def test_cli_build_prints_one_line_per_file(write_outline, tmp_path, monkeypatch, capsys):
    fake_renderers(monkeypatch)
    code = main(["build", str(write_outline(OUTLINE)), "-o", str(tmp_path / "out"), "-f", "docx,pptx"])
    lines = capsys.readouterr().out.strip().splitlines()
    assert code == 0
    assert [ln.split()[1].rsplit("/", 1)[-1] for ln in lines] == [
        "outline-a.docx", "outline-a.pptx", "outline-b.docx", "outline-b.pptx"]
    # -- an explicit -f builds what the audience's formats: leaves out, and says so --
    said = {ln.split()[1].rsplit("/", 1)[-1]: ln for ln in lines}
    assert said["outline-a.pptx"].endswith("(-f pptx: not in audiences.a.formats)")
    assert said["outline-b.docx"].endswith("(-f docx: not in audiences.b.formats)")
    assert "-f" not in said["outline-a.docx"] and "-f" not in said["outline-b.pptx"]


def test_default_output_folder_is_beside_the_outline(write_outline, tmp_path, monkeypatch, capsys):
    fake_renderers(monkeypatch)
    src = write_outline(OUTLINE)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    assert main(["build", str(src)]) == 0
    assert sorted(p.name for p in (src.parent / "output").glob("outline-*")) == [
        "outline-a.docx", "outline-a.pdf", "outline-b.pptx"]
    assert not (elsewhere / "output").exists()
    # -- run from the outline's folder, the files land in output/ as they always did, and the
    # lines name them as output/... --
    monkeypatch.chdir(src.parent)
    capsys.readouterr()
    assert main(["build", src.name]) == 0
    assert capsys.readouterr().out.split()[1] == "output/outline-a.docx"


CLEAN_BEFORE = """
meta: {title: Clean test, date: 2024-06-20}
audiences:
  a: {formats: [docx, pdf]}
  old: {formats: [pptx]}
  b: {formats: [pptx], recipients: [{name: X}, {name: Y}, {name: Z}]}
sections: [{title: One, body: [text]}]
"""


def test_clean_removes_only_files_the_outline_no_longer_produces(write_outline, tmp_path, monkeypatch, capsys):
    fake_renderers(monkeypatch)
    monkeypatch.setattr(Format, "stamper", lambda self, data, theme, doc: (lambda line: data + line.encode()))
    src = write_outline(CLEAN_BEFORE)
    out = tmp_path / "out"
    assert main(["build", str(src), "-o", str(out)]) == 0
    theirs = ["notes.txt", "outline-a.txt", "other-a.pdf", "outline.pdf", "outline-a-draft.docx"]
    for name in theirs:
        (out / name).write_text("not ours")
    # -- audience `old` is gone, `a` no longer has pdf, `b` has two recipients now --
    src.write_text(CLEAN_BEFORE.replace("  old: {formats: [pptx]}\n", "").replace("docx, pdf", "docx")
                   .replace(", {name: Z}", ""))
    capsys.readouterr()
    assert main(["build", str(src), "-o", str(out), "--clean"]) == 0
    printed = capsys.readouterr().out
    removed = sorted(ln.split()[1].rsplit("/", 1)[-1] for ln in printed.splitlines() if ln.startswith("removed"))
    assert removed == ["outline-a.pdf", "outline-b-copy03.pptx", "outline-old.pptx"]
    left = sorted(p.name for p in out.iterdir() if not p.name.startswith("."))
    assert left == sorted(["outline-a.docx", "outline-b-copy01.pptx", "outline-b-copy02.pptx",
                           "outline-b-register.csv", *theirs])
    # -- without --clean nothing is removed --
    (out / "outline-old.pptx").write_text("again")
    assert main(["build", str(src), "-o", str(out)]) == 0
    assert (out / "outline-old.pptx").exists()


def test_cli_unknown_format_suggests(write_outline, capsys):
    code = main(["build", str(write_outline(OUTLINE)), "-f", "pfd"])
    assert code == 2
    assert "unknown format 'pfd' (did you mean 'pdf'?)" in capsys.readouterr().err


def test_cli_validate_exit_codes(write_outline, capsys):
    assert main(["validate", str(write_outline(OUTLINE))]) == 0
    assert "ok" in capsys.readouterr().out
    bad = write_outline("meta: {title: x}\nsections: [{title: a, bodyy: []}]\n", "bad.yaml")
    assert main(["validate", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "bad.yaml:2:23: sections[0].bodyy: unknown key 'bodyy' (did you mean 'body'?)" in err


def test_internal_error_is_a_message_not_a_traceback(write_outline, monkeypatch, capsys, tmp_path):
    fake_renderers(monkeypatch, fail_on="docx")
    code = main(["build", str(write_outline(OUTLINE)), "-o", str(tmp_path / "o")])
    err = capsys.readouterr().err
    assert code == 70
    assert "internal error: RuntimeError: renderer crashed half-way" in err
    assert "Traceback" not in err and not (tmp_path / "o").exists()


@pytest.mark.parametrize("where", ["before", "after"])
def test_debug_shows_the_traceback_before_or_after_the_command(write_outline, monkeypatch, capsys, tmp_path, where):
    fake_renderers(monkeypatch, fail_on="docx")
    args = ["build", str(write_outline(OUTLINE)), "-o", str(tmp_path / "o")]
    with pytest.raises(RuntimeError, match="renderer crashed half-way"):
        main(["--debug", *args] if where == "before" else [*args, "--debug"])


def test_schema_is_json_schema_with_every_block_type(capsys):
    import json

    assert main(["schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert schema["title"] == "reportgen outline, version 1"
    text = json.dumps(schema)
    for key in ("bullets", "numbered", "quote", "callout", "table", "chart", "image", "timeline"):
        assert f'"{key}"' in text


def test_help_does_not_import_renderer_libraries():
    code = ("import sys; from reportgen.cli import main\n"
            "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
            "print(sorted(m for m in ('docx', 'pptx', 'reportlab', 'pydantic', 'yaml') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip().splitlines()[-1] == "[]"


def test_handlers_are_collected_by_name_and_a_missing_one_is_named():
    from reportgen.blocks import REGISTRY
    from reportgen.render import handlers_named

    namespace = {f"h_{key}": key for key in REGISTRY}
    assert handlers_named(namespace, "test") == {t.tailored: key for key, t in REGISTRY.items()}
    del namespace["h_timeline"]
    with pytest.raises(MissingHandler, match="no handler for Timeline; define h_timeline in"):
        handlers_named(namespace, "test")


def test_the_deck_finds_its_planners_by_name_too():
    """The deck's planners are `plan_<key>` methods of BlockSlides, found as the other formats
    find `h_<key>`: a block type without one is named with the method to add."""
    from reportgen.blocks import REGISTRY
    from reportgen.render import handlers_named
    from reportgen.render.slides import BLOCK_PLANNERS
    from reportgen.render.slides.blockslides import BlockSlides

    assert {t.tailored: BLOCK_PLANNERS[t.tailored] for t in REGISTRY.values()} == {
        t.tailored: getattr(BlockSlides, f"plan_{key}") for key, t in REGISTRY.items()}
    namespace = {k: v for k, v in vars(BlockSlides).items() if k != "plan_chart"}
    namespace["__name__"] = "BlockSlides"
    with pytest.raises(MissingHandler, match="no handler for Chart; define plan_chart in BlockSlides"):
        handlers_named(namespace, "pptx", prefix="plan_")


@pytest.mark.parametrize("fmt", sorted(render_pkg.MODULES))
def test_every_renderer_has_one_handler_per_block_type(fmt):
    try:
        module = importlib.import_module(render_pkg.MODULES[fmt])
    except ModuleNotFoundError:
        pytest.skip(f"{fmt} renderer not written yet")
    assert set(module.HANDLERS) == set(BLOCK_TYPES)


@pytest.mark.parametrize("umask", [0o022, 0o002, 0o077])
def test_outputs_get_the_mode_a_new_file_gets_under_the_umask(tmp_path, umask):
    """A temporary file is 0600 and a rename keeps that; colleagues on a shared drive must be
    able to open the brief, so the output gets what `open()` would give a new file."""
    old = os.umask(umask)
    try:
        write_atomic(tmp_path / "new.pdf", b"%PDF-")
        (tmp_path / "plain").write_bytes(b"x")
        (tmp_path / "old.pdf").write_bytes(b"old")
        os.chmod(tmp_path / "old.pdf", 0o600)
        write_atomic(tmp_path / "old.pdf", b"%PDF-")
    finally:
        os.umask(old)
    want = 0o666 & ~umask
    assert (tmp_path / "plain").stat().st_mode & 0o777 == want
    assert (tmp_path / "new.pdf").stat().st_mode & 0o777 == want
    assert (tmp_path / "old.pdf").stat().st_mode & 0o777 == want
    assert os.umask(old) == old  # the umask is left as it was

"""Untrusted input and output faults: paths stay inside the project, writes stay whole."""

from __future__ import annotations

import errno
import os
import threading

import pytest
from PIL import Image as PILImage

import reportgen.render as render_pkg
from reportgen.build import build, write_atomic
from reportgen.errors import InputError, OutputError
from reportgen.load import load


def outline_with_image(path_text: str) -> str:
    return f"""
        meta: {{title: T}}
        sections:
          - title: S
            body:
              - image: {{path: "{path_text}", alt: a picture}}
    """


def problems(excinfo):
    return [(p.path, p.message) for p in excinfo.value.problems]


def test_image_outside_the_outline_folder_is_refused_unless_allowed(tmp_path, write_outline):
    outside = tmp_path.parent / f"{tmp_path.name}-outside"
    outside.mkdir()
    PILImage.new("RGB", (10, 10)).save(outside / "x.png")
    src = write_outline(outline_with_image(f"../{outside.name}/x.png"))
    with pytest.raises(InputError) as e:
        load(src)
    [(path, msg)] = problems(e)
    assert path == "sections[0].body[0].image.path"
    assert "is outside the outline's folder" in msg and "--allow-path DIR" in msg
    load(src, allow_paths=(outside,))  # -- allowed explicitly: loads --


def test_absolute_image_path_outside_is_refused(tmp_path, write_outline):
    with pytest.raises(InputError, match="is outside the outline's folder"):
        load(write_outline(outline_with_image("/etc/hostname")))


def test_symlink_pointing_out_is_refused(tmp_path, write_outline):
    outside = tmp_path.parent / f"{tmp_path.name}-target"
    outside.mkdir()
    PILImage.new("RGB", (10, 10)).save(outside / "real.png")
    (tmp_path / "link.png").symlink_to(outside / "real.png")
    with pytest.raises(InputError, match="'link.png' is outside the outline's folder"):
        load(write_outline(outline_with_image("link.png")))


def test_url_as_image_is_refused_without_network(write_outline):
    with pytest.raises(InputError, match="is a URL; reportgen never downloads anything"):
        load(write_outline(outline_with_image("https://example.org/map.png")))


@pytest.mark.parametrize("content, fragment", [
    (b"not an image at all", "cannot be read"),
    (b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, "cannot be read"),
    (b"<svg xmlns='http://www.w3.org/2000/svg'></svg>", "cannot be read"),
])
def test_corrupt_or_non_image_file_is_a_clear_error(tmp_path, write_outline, content, fragment):
    (tmp_path / "bad.png").write_bytes(content)
    with pytest.raises(InputError) as e:
        load(write_outline(outline_with_image("bad.png")))
    [(path, msg)] = problems(e)
    assert path == "sections[0].body[0].image.path" and fragment in msg and "bad.png" in msg


def test_image_over_the_pixel_limit_names_the_limit(tmp_path, write_outline, monkeypatch):
    PILImage.new("1", (3000, 3000)).save(tmp_path / "big.png")
    monkeypatch.setenv("REPORTGEN_MAX_IMAGE_PIXELS", "1000000")
    with pytest.raises(InputError, match=r"3000x3000 pixels, over the limit of 1,000,000.*REPORTGEN_MAX_IMAGE_PIXELS"):
        load(write_outline(outline_with_image("big.png")))


def test_theme_folder_outside_the_outline_folder_is_refused(write_outline):
    with pytest.raises(InputError, match=r"outline.yaml:2:8: theme: '../../elsewhere' is outside the outline's folder"):
        load(write_outline("""
            meta: {title: T}
            theme: ../../elsewhere
            sections: [{title: S}]
        """))


# -- output faults -------------------------------------------------------------------------------


def test_two_builds_into_one_folder_at_once_leave_whole_files(tmp_path, write_outline, monkeypatch):
    src = write_outline("""
        meta: {title: T}
        sections: [{title: S}]
    """)
    # -- each thread renders its own content; files must end up all-A or all-B, never mixed --
    monkeypatch.setattr(render_pkg, "get_renderer",
                        lambda fmt: lambda doc, theme: (threading.current_thread().name * 300_000).encode())
    errors = []

    def worker():
        try:
            for _ in range(5):
                build(src, out_dir=tmp_path / "out", formats=["pdf"])
        except Exception as e:  # noqa: BLE001
            errors.append(e)

    threads = [threading.Thread(target=worker, name=t) for t in "AB"]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    data = (tmp_path / "out" / "outline-default.pdf").read_bytes()
    assert data in (b"A" * 300_000, b"B" * 300_000)
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["outline-default.pdf"]


def test_file_locked_by_another_program_is_a_clear_error(tmp_path, monkeypatch):
    target = tmp_path / "brief.docx"
    target.write_bytes(b"old")

    def locked(src, dst):
        raise PermissionError(errno.EACCES, "Permission denied", str(dst))

    monkeypatch.setattr(os, "replace", locked)
    with pytest.raises(OutputError, match="open in another program"):
        write_atomic(target, b"new")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["brief.docx"]


def test_read_only_output_folder_is_a_clear_error(tmp_path, monkeypatch):
    def readonly(*a, **k):
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr("tempfile.mkstemp", readonly)
    with pytest.raises(OutputError, match="read-only"):
        write_atomic(tmp_path / "x.pdf", b"data")

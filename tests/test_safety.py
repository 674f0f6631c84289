"""Untrusted input and output faults: paths stay inside the project, writes stay whole."""

from __future__ import annotations

import errno
import os
import threading

import pytest
from PIL import Image as PILImage

from reportgen.build import build, write_atomic
from reportgen.errors import InputError, OutputError
from reportgen.formats import Format
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
    monkeypatch.setattr(Format, "render",
                        lambda self, doc, theme: (threading.current_thread().name * 300_000).encode())
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
    # -- no temporary file left behind; the incremental-build cache may be there --
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) in (
        ["outline-default.pdf"], [".reportgen-cache.json", "outline-default.pdf"])


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


# -- corrupt house templates ---------------------------------------------------------------------


def _theme_with(tmp_path, name: str, content: bytes):
    folder = tmp_path / "templates" / "house"
    folder.mkdir(parents=True)
    (folder / "theme.yaml").write_text("inherit: default\n", encoding="utf-8")
    (folder / name).write_bytes(content)
    src = tmp_path / "outline.yaml"
    src.write_text("meta: {title: T}\ntheme: house\nsections: [{title: S}]\n", encoding="utf-8")
    return src


def _zip(members: dict[str, bytes]) -> bytes:
    import io
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for k, v in members.items():
            z.writestr(k, v)
    return buf.getvalue()


@pytest.mark.parametrize("fmt, name, what", [("docx", "reference.docx", "Word"), ("pptx", "reference.pptx", "PowerPoint")])
@pytest.mark.parametrize("kind, content, fragment", [
    ("not a zip", b"this is not a zip", "(it is not a zip package)"),
    ("missing parts", _zip({"[Content_Types].xml": b"<Types/>"}), "not a readable"),
    ("zip bomb", _zip({"big.xml": b"0" * 2_000_000}), "unpacks to 2,000,000 bytes, over the limit of 1,000,000"),
])
def test_corrupt_reference_file_is_a_clear_error_naming_it(tmp_path, monkeypatch, capsys, fmt, name, what,
                                                           kind, content, fragment):
    from reportgen.cli import main

    monkeypatch.setenv("REPORTGEN_MAX_TEMPLATE_BYTES", "1000000")
    src = _theme_with(tmp_path, name, content)
    code = main(["build", str(src), "-f", fmt, "-o", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert code == 2, err
    assert f"templates/house/{name}: " in err and fragment in err and "Traceback" not in err
    assert not (tmp_path / "out").exists()

"""Numbered copies (issue 17 part 3): one stamped file per recipient and format, a register of
their hashes, `reportgen trace`, and `check` on copies. Every file is read back as a reader
would: the brief's headers, every slide, every PDF page, and the metadata."""

from __future__ import annotations

import csv
import hashlib
import io
import zipfile

import pikepdf
import pytest

from reportgen.build import build
from reportgen.cli import main
from reportgen.copies import trace
from reportgen.render.stamp import copy_metadata

OUTLINE = """
meta: {title: Copies test, date: 2024-06-20, marking: OFFICIAL}
audiences:
  board:
    formats: [docx, pptx, pdf]
    recipients:
      - {name: Deputy Secretary, org: Ministry of Foreign Affairs}
      - {name: J. Smith, org: Joint Staff}
      - {name: Сергей Иванов}
  staff: {formats: [pdf]}
bluf: The bottom line.
key_judgments:
  - {text: One judgment., likelihood: likely, confidence: high}
sections:
  - title: First
    points: [A point.]
    body: [A paragraph of the first section.]
  - title: Second
    points: [Another point.]
"""

LINES = {
    1: "Copy 1 of 3 — Deputy Secretary, Ministry of Foreign Affairs",
    2: "Copy 2 of 3 — J. Smith, Joint Staff",
    3: "Copy 3 of 3 — Сергей Иванов",
}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    folder = tmp_path_factory.mktemp("copies")
    src = folder / "outline.yaml"
    src.write_text(OUTLINE, encoding="utf-8")
    outputs = build(src, out_dir=folder / "out")
    return src, folder / "out", outputs


def _docx_header_texts(data: bytes) -> list[str]:
    import docx

    d = docx.Document(io.BytesIO(data))
    return [p.text for s in d.sections for p in s.header.paragraphs]


def _pptx_slide_texts(data: bytes) -> list[list[str]]:
    from pptx import Presentation

    prs = Presentation(io.BytesIO(data))
    return [[sh.text_frame.text for sh in s.shapes if sh.has_text_frame and sh.name == "Copy"]
            for s in prs.slides]


def _pdf_page_texts(data: bytes) -> list[str]:
    from pypdf import PdfReader

    return [p.extract_text() for p in PdfReader(io.BytesIO(data)).pages]


def test_one_file_per_recipient_and_format_and_no_unnumbered_file(built):
    _, out, outputs = built
    names = sorted(p.name for p in out.iterdir() if not p.name.startswith("."))
    assert names == sorted([*(f"outline-board-copy0{n}.{ext}" for n in (1, 2, 3) for ext in ("docx", "pptx", "pdf")),
                            "outline-board-register.csv", "outline-staff.pdf"])
    assert {o.copy_line for o in outputs if o.copy} == set(LINES.values())


@pytest.mark.parametrize("n", [1, 2, 3])
def test_every_page_slide_and_header_says_which_copy(built, n):
    _, out, _ = built
    line = LINES[n]
    assert _docx_header_texts((out / f"outline-board-copy0{n}.docx").read_bytes())[0] == line
    slides = _pptx_slide_texts((out / f"outline-board-copy0{n}.pptx").read_bytes())
    assert len(slides) >= 4 and all(texts == [line] for texts in slides)
    pages = _pdf_page_texts((out / f"outline-board-copy0{n}.pdf").read_bytes())
    assert pages and all(" ".join(line.split()) in " ".join(p.split()) for p in pages)
    for ext in ("docx", "pptx", "pdf"):
        assert copy_metadata(ext, (out / f"outline-board-copy0{n}.{ext}").read_bytes()) == line


def test_copies_differ_only_by_their_stamp(built):
    _, out, _ = built
    one, two = ((out / f"outline-board-copy0{n}.pptx").read_bytes() for n in (1, 2))
    with zipfile.ZipFile(io.BytesIO(one)) as a, zipfile.ZipFile(io.BytesIO(two)) as b:
        assert a.namelist() == b.namelist()
        differ = [n for n in a.namelist() if a.read(n) != b.read(n)]
    assert differ and all(n.startswith("ppt/slides/slide") or n == "docProps/core.xml" for n in differ)


def test_register_lists_every_copy_with_the_hash_of_its_file(built):
    _, out, _ = built
    rows = list(csv.DictReader(io.StringIO((out / "outline-board-register.csv").read_text(encoding="utf-8"))))
    assert list(rows[0]) == ["copy", "recipient", "organisation", "format", "file", "sha256"]
    assert [(r["copy"], r["format"]) for r in rows] == [(str(n), f) for n in (1, 2, 3) for f in ("docx", "pptx", "pdf")]
    assert rows[0]["recipient"] == "Deputy Secretary" and rows[0]["organisation"] == "Ministry of Foreign Affairs"
    assert rows[-1]["recipient"] == "Сергей Иванов" and rows[-1]["organisation"] == ""
    for r in rows:
        assert hashlib.sha256((out / r["file"]).read_bytes()).hexdigest() == r["sha256"]


def test_stamping_is_reproducible(built, tmp_path):
    src, out, _ = built
    again = build(src, out_dir=tmp_path / "again", force=True)
    for o in again:
        assert o.data == (out / o.path.name).read_bytes(), o.path.name


def test_a_second_build_stamps_nothing_and_a_changed_recipient_restamps_only_that_copy(tmp_path):
    src = tmp_path / "outline.yaml"
    src.write_text(OUTLINE, encoding="utf-8")
    build(src, out_dir=tmp_path / "out", formats=["pdf"])
    second = build(src, out_dir=tmp_path / "out", formats=["pdf"])
    assert all(o.unchanged for o in second)
    src.write_text(OUTLINE.replace("J. Smith", "K. Jones"), encoding="utf-8")
    third = {o.path.name: o for o in build(src, out_dir=tmp_path / "out", formats=["pdf"])}
    assert [n for n, o in sorted(third.items()) if not o.unchanged] == [
        "outline-board-copy02.pdf", "outline-board-register.csv"]
    assert copy_metadata("pdf", (tmp_path / "out" / "outline-board-copy02.pdf").read_bytes()) == \
        "Copy 2 of 3 — K. Jones, Joint Staff"


def _strip_metadata(data: bytes, ext: str) -> bytes:
    if ext == "pdf":
        with pikepdf.open(io.BytesIO(data)) as pdf:
            del pdf.docinfo["/ReportgenCopy"]
            buf = io.BytesIO()
            pdf.save(buf)
            return buf.getvalue()
    src = zipfile.ZipFile(io.BytesIO(data))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                body = body.replace(b"<dc:identifier>", b"<dc:identifier>x").split(b"<dc:identifier>")[0] + \
                    b"</cp:coreProperties>"
            dst.writestr(info, body)
    return buf.getvalue()


@pytest.mark.parametrize("ext", ["docx", "pptx", "pdf"])
def test_trace_from_metadata_register_and_copy_line(built, tmp_path, ext):
    _, out, _ = built
    issued = out / f"outline-board-copy02.{ext}"
    found = trace(issued)
    assert (found.copy, found.copies, found.recipient, found.how) == (2, 3, "J. Smith, Joint Staff", "metadata")
    assert found.issued_as == issued.name
    # -- metadata stripped, but the register beside it knows the file's hash --
    stripped = _strip_metadata(issued.read_bytes(), ext)
    assert copy_metadata(ext, stripped) is None
    register = out / "outline-board-register.csv"
    text = register.read_text(encoding="utf-8").replace(
        hashlib.sha256(issued.read_bytes()).hexdigest(), hashlib.sha256(stripped).hexdigest())
    (tmp_path / "outline-board-register.csv").write_text(text, encoding="utf-8")
    (tmp_path / f"leaked.{ext}").write_bytes(stripped)
    found = trace(tmp_path / f"leaked.{ext}")
    assert (found.copy, found.recipient, found.how) == (2, "J. Smith, Joint Staff", "register")
    # -- no metadata, no register: the copy line printed on it --
    alone = tmp_path / "alone"
    alone.mkdir()
    (alone / f"leaked.{ext}").write_bytes(stripped)
    found = trace(alone / f"leaked.{ext}")
    assert (found.copy, found.copies, found.how) == (2, 3, "copy line")
    assert found.recipient.startswith("J. Smith, Joint Staff")


def test_trace_command_exit_codes(built, capsys):
    _, out, _ = built
    assert main(["trace", str(out / "outline-board-copy03.pdf")]) == 0
    said = capsys.readouterr().out
    assert "copy 3 of 3 — Сергей Иванов (from its metadata)" in said
    assert "unchanged since it was issued as outline-board-copy03.pdf" in said
    assert main(["trace", str(out / "outline-staff.pdf")]) == 1
    assert "matches no numbered copy" in capsys.readouterr().out
    assert main(["trace", str(out / "missing.pdf")]) == 2
    assert "no such file" in capsys.readouterr().err


def test_check_verifies_copies_and_finds_a_swapped_one(built, capsys):
    src, out, _ = built
    assert main(["check", str(src), "-o", str(out), "--no-build"]) == 0
    table = capsys.readouterr().out
    assert table.count("copy 1") == 3 and table.count("copy 3") == 3
    one = (out / "outline-board-copy01.pdf").read_bytes()
    two = (out / "outline-board-copy02.pdf").read_bytes()
    try:
        (out / "outline-board-copy02.pdf").write_bytes(one)
        assert main(["check", str(src), "-o", str(out), "--no-build", "-f", "pdf", "-a", "board"]) == 1
        said = capsys.readouterr().out
        assert "outline-board-copy02.pdf:" in said
        assert "copy: 'Copy 2 of 3 — J. Smith, Joint Staff' missing on page 1" in said
        assert "metadata says 'Copy 1 of 3" in said
        assert "not the file the register lists" in said
    finally:
        (out / "outline-board-copy02.pdf").write_bytes(two)


def test_copy_line_follows_the_theme_place(tmp_path):
    theme = tmp_path / "low"
    theme.mkdir()
    (theme / "theme.yaml").write_text("inherit: default\ncopies: {place: bottom-left}\n", encoding="utf-8")
    src = tmp_path / "outline.yaml"
    src.write_text(OUTLINE.replace("meta:", "theme: ./low\nmeta:"), encoding="utf-8")
    build(src, out_dir=tmp_path / "out", formats=["docx", "pptx"])
    import docx

    d = docx.Document(io.BytesIO((tmp_path / "out" / "outline-board-copy01.docx").read_bytes()))
    assert LINES[1] not in [p.text for p in d.sections[0].header.paragraphs]
    footer = d.sections[0].footer.paragraphs
    assert footer[-1].text == LINES[1] and footer[-1].alignment == 0  # LEFT
    from pptx import Presentation

    prs = Presentation(io.BytesIO((tmp_path / "out" / "outline-board-copy01.pptx").read_bytes()))
    shape = next(sh for sh in prs.slides[1].shapes if sh.name == "Copy")
    assert shape.left < prs.slide_width / 4 and shape.top > prs.slide_height * 3 / 4


def test_html_copies_carry_the_line_in_both_banners_and_the_meta(tmp_path):
    from reportgen.check import read_output

    src = tmp_path / "outline.yaml"
    src.write_text(OUTLINE, encoding="utf-8")
    outs = build(src, out_dir=tmp_path / "out", formats=["html"], audiences=["board"])
    assert sorted(o.path.name for o in outs) == [
        "outline-board-copy01.html", "outline-board-copy02.html", "outline-board-copy03.html",
        "outline-board-register.csv"]
    for n, line in LINES.items():
        data = (tmp_path / "out" / f"outline-board-copy0{n}.html").read_bytes()
        assert copy_metadata("html", data) == line
        banners = read_output("html", data).furniture
        assert len(banners) == 2 and all("OFFICIAL" in b and line in b for b in banners)
        assert line not in read_output("html", data).text
    found = trace(tmp_path / "out" / "outline-board-copy02.html")
    assert (found.copy, found.recipient, found.how) == (2, "J. Smith, Joint Staff", "metadata")
    assert main(["check", str(src), "-o", str(tmp_path / "out"), "--no-build", "-f", "html", "-a", "board"]) == 0

"""`dir:` (docs/outline.md "Direction"): a document's or section's base direction, and a
right-to-left handout laid out right to left: tables mirrored, links where their text is drawn
(README "Languages and scripts")."""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import unicodedata

import pytest
from pypdf import PdfReader

from reportgen.build import plan, render_all
from reportgen.load import load
from reportgen.tailor import tailor

ARABIC_REPORT = """
    meta: {title: تقرير, language: ar, dir: rtl, date: 2025-01-01}
    sections:
      - title: القسم الأول
        points: ["NATO قالت إن التعاون سيزداد"]
        body:
          - paragraph: "قال الوزير إن [الاتفاق](https://example.org/deal) سيعزز التعاون."
          - table: {columns: ["المدينة", "البيان", "العدد"], rows: [["القاهرة", "بيان", "12"], ["دمشق", "تصريح", "7"]]}
          - timeline: [{date: "2024-03-12", event: "توقيع الاتفاق"}]
        sections:
          - title: فرعي
            points: ["Reuters ذكرت ذلك"]
      - title: English
        dir: ltr
        points: ["The ministry (وزارة الخارجية) said"]
        body:
          - table: {columns: [First, Second], rows: [[alpha, beta]]}
        sections:
          - title: Back to the letters
            dir: auto
            points: ["NATO قالت"]
"""


def _build(write_outline, tmp_path, text: str, fmt: str = "pdf"):
    loaded = load(write_outline(text))
    (o,) = render_all(loaded, plan(loaded, None, [fmt]), tmp_path)
    o.path.write_bytes(o.data)
    return loaded, o


def test_dir_is_inherited_by_subsections_until_one_sets_its_own(write_outline):
    doc = tailor(load(write_outline(ARABIC_REPORT)), "default")
    assert doc.meta.dir == "rtl"
    arabic, english = doc.sections
    assert (arabic.dir, arabic.sections[0].dir) == ("rtl", "rtl")
    assert (english.dir, english.sections[0].dir) == ("ltr", "auto")


def test_without_dir_everything_is_auto(write_outline):
    doc = tailor(load(write_outline("meta: {title: T}\nsections: [{title: S, sections: [{title: U}]}]\n")), "default")
    assert doc.meta.dir == doc.sections[0].dir == doc.sections[0].sections[0].dir == "auto"


# -- the handout, as a reader sees it: word boxes (pdftotext -bbox) and link rectangles -------


def _words(path) -> list[tuple[str, float, float, float, float]]:
    """(word, x min, y min, x max, y max) on page 1, y from the top, in points."""
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) is not installed; .ci/run installs it")
    out = subprocess.run(["pdftotext", "-bbox", "-f", "1", "-l", "1", str(path), "-"], capture_output=True,
                         text=True, check=True).stdout
    return [(html.unescape(w), float(a), float(b), float(c), float(d)) for a, b, c, d, w in re.findall(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', out)]


def _box(words, text: str) -> tuple[float, float, float, float]:
    # -- pdftotext -bbox gives an Arabic word's letters in the order drawn (and lam-alef read
    # backwards): a word is found by its letters --
    found = [w[1:] for w in words if sorted(unicodedata.normalize("NFKC", w[0])) == sorted(text)]
    assert found, f"{text!r} not on the page: {[w[0] for w in words]}"
    return found[0]


def test_rtl_document_mirrors_its_tables_and_sets_cells_flush_right(write_outline, tmp_path):
    _, o = _build(write_outline, tmp_path, ARABIC_REPORT)
    words = _words(o.path)
    first, second, count = (_box(words, w) for w in ("المدينة", "البيان", "العدد"))
    # -- the first column stands on the right, the last on the left --
    assert first[0] > second[2] and second[0] > count[2]
    # -- every cell set flush right in its column: the cells under a head end where it ends --
    for head, cell in ((first, _box(words, "القاهرة")), (second, _box(words, "بيان")), (count, _box(words, "12"))):
        assert abs(cell[2] - head[2]) < 1.5, (head, cell)
    # -- the timeline's date column is on the right too --
    assert _box(words, "2024-03-12")[0] > _box(words, "توقيع")[2]


def test_a_section_with_dir_ltr_keeps_its_table_left_to_right(write_outline, tmp_path):
    _, o = _build(write_outline, tmp_path, ARABIC_REPORT)
    words = _words(o.path)
    first, second = _box(words, "First"), _box(words, "Second")
    assert first[2] < second[0]
    assert abs(_box(words, "alpha")[0] - first[0]) < 1.5  # -- flush left --


def test_dir_rtl_sets_a_paragraph_that_starts_with_a_latin_word_right_to_left(write_outline, tmp_path):
    _, o = _build(write_outline, tmp_path, ARABIC_REPORT)
    words = _words(o.path)
    # -- "NATO قالت ...": with dir rtl, NATO is where the line starts, on the right --
    assert _box(words, "NATO")[0] > _box(words, "قالت")[2]
    # -- without dir the Latin first word makes the same point left to right --
    (tmp_path / "auto").mkdir()
    _, auto = _build(write_outline, tmp_path / "auto", ARABIC_REPORT.replace("dir: rtl, ", ""))
    words = _words(auto.path)
    assert _box(words, "NATO")[2] < _box(words, "قالت")[0]


def _link_rects(path) -> dict[str, list[float]]:
    out = {}
    for page in PdfReader(str(path)).pages[:1]:
        h = float(page.mediabox.height)
        for a in page.get("/Annots") or []:
            a = a.get_object()
            uri = a.get("/A", {}).get("/URI")
            if uri:
                x0, y0, x1, y1 = (float(v) for v in a["/Rect"])
                out[str(uri)] = [x0, h - y1, x1, h - y0]  # -- y from the top, as pdftotext --
    return out


@pytest.mark.parametrize("text", [
    "قال الوزير إن [الاتفاق](https://example.org/deal) سيعزز التعاون.",
    "The ministry said that [الاتفاق](https://example.org/deal) holds.",
    "قال الوزير إن [the agreement](https://example.org/deal) سيعزز التعاون.",
])
def test_a_link_inside_a_rtl_or_mixed_line_is_where_its_text_is_drawn(text, write_outline, tmp_path):
    _, o = _build(write_outline, tmp_path, f"""
        meta: {{title: T, date: 2025-01-01}}
        sections:
          - title: S
            body: [{text!r}]
    """)
    words = _words(o.path)
    rect = _link_rects(o.path)["https://example.org/deal"]
    label = re.search(r"\[(.*?)\]", text).group(1).split()
    boxes = [_box(words, w) for w in label]
    left, right = min(b[0] for b in boxes), max(b[2] for b in boxes)
    assert abs(rect[0] - left) < 1.5 and abs(rect[2] - right) < 1.5, (rect, left, right)
    assert rect[1] < boxes[0][3] and rect[3] > boxes[0][1]  # -- on the text's line --


# -- the HTML page ----------------------------------------------------------------------------


def test_html_page_and_sections_carry_dir(write_outline, tmp_path):
    _, o = _build(write_outline, tmp_path, ARABIC_REPORT, "html")
    page = o.data.decode()
    assert '<html lang="ar" dir="rtl">' in page
    # -- the English section says ltr; its `dir: auto` subsection goes back to the page's rtl --
    assert '<section class="section level-1" dir="ltr" aria-labelledby="section-2">' in page
    assert '<section class="section level-2" dir="rtl" aria-labelledby="section-2.1">' in page
    assert '<section class="section level-1" aria-labelledby="section-1">' in page
    # -- in the rtl document a point that starts with a Latin word inherits rtl (no dir of its
    # own); in the auto subsection it runs by its first letter, left to right --
    assert re.search(r"<li>NATO قالت إن", page)
    assert re.search(r'<li dir="ltr"[^>]*>NATO قالت</li>', page)


def test_rtl_paragraph_in_an_english_handout_is_set_flush_right(write_outline, tmp_path):
    # -- the language marks of a passage in another script are callbacks, which once made every
    # such paragraph look like a contents entry and kept it flush left --
    _, o = _build(write_outline, tmp_path, """
        meta: {title: T, date: 2025-01-01, contents: false}
        key_judgments:
          - {text: "قال الوزير إن الاتفاق سيعزز التعاون.", likelihood: likely, confidence: low}
        sections:
          - title: S
            body: ["وزارة الخارجية قالت ذلك", "The ministry said so"]
    """)
    words = _words(o.path)
    width = float(PdfReader(str(o.path)).pages[0].mediabox.width)
    for first, last in (("وزارة", "ذلك"), ("قال", "التعاون")):
        assert _box(words, first)[2] > width * 0.8 and _box(words, last)[0] > width * 0.4
    # -- a judgment's label line follows the judgment: flush right too --
    assert _box(words, "Likely")[0] > width * 0.5
    assert _box(words, "The")[0] < width * 0.2


# -- the deck -----------------------------------------------------------------------------------


def test_deck_marks_paragraphs_and_tables_by_dir(write_outline, tmp_path):
    from pptx import Presentation
    from pptx.oxml.ns import qn

    _, o = _build(write_outline, tmp_path, ARABIC_REPORT, "pptx")
    rtl_paras: dict[str, bool] = {}
    tables: list[tuple[str, str | None]] = []
    for slide in Presentation(str(o.path)).slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                for p in shape.text_frame.paragraphs:
                    pPr = p._p.find(qn("a:pPr"))
                    rtl_paras[p.text] = pPr is not None and pPr.get("rtl") == "1"
            if shape.has_table:
                first = shape.table.cell(0, 0).text
                tables.append((first, shape.table._tbl.tblPr.get("rtl")))
    # -- dir rtl: a point that starts with a Latin word runs right to left; the ltr section's
    # English point left to right; the auto subsection's point by its first letter --
    assert rtl_paras["NATO قالت إن التعاون سيزداد"] is True
    assert rtl_paras["The ministry (وزارة الخارجية) said"] is False
    assert rtl_paras["NATO قالت"] is False
    assert ("المدينة", "1") in tables and ("First", None) in tables


def test_brief_marks_paragraphs_and_tables_by_dir(write_outline, tmp_path):
    import docx
    from docx.oxml.ns import qn

    _, o = _build(write_outline, tmp_path, ARABIC_REPORT, "docx")
    d = docx.Document(str(o.path))
    bidi = {p.text: p._p.pPr is not None and p._p.pPr.find(qn("w:bidi")) is not None for p in d.paragraphs}
    assert bidi["NATO قالت إن التعاون سيزداد"] is True
    assert bidi["The ministry (وزارة الخارجية) said"] is False
    assert bidi["NATO قالت"] is False
    mirrored = {t.cell(0, 0).text: t._tbl.tblPr.find(qn("w:bidiVisual")) is not None for t in d.tables}
    assert mirrored["المدينة"] is True and mirrored["First"] is False
    # -- figures in a right-to-left cell start at its right, as its words do: no `w:jc` "right"
    # (which a `w:bidi` paragraph reads as its end, the left) --
    (arabic,) = [t for t in d.tables if t.cell(0, 0).text == "المدينة"]
    figure = arabic.cell(1, 2).paragraphs[0]._p.pPr
    assert figure.find(qn("w:bidi")) is not None and figure.find(qn("w:jc")) is None

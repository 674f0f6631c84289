"""`numbering: stable` and the `contents` / `estimative_note` switches (issue 17 part 4), read
back from the brief, the deck and the handout."""

from __future__ import annotations

import io
import re

from reportgen.check import check_files
from reportgen.formats import FORMATS
from reportgen.load import load
from reportgen.tailor import tailor, tailor_everything

from .conftest import outline_fixtures

OUTLINE = """
meta: {title: Numbering test, date: 2024-06-20}
audiences:
  all: {detail: full}
  few: {detail: standard, numbering: stable}
  dense: {detail: standard}
  bare: {detail: standard, contents: false, estimative_note: false}
key_judgments:
  - {text: First judgment holds., likelihood: likely}
  - {text: Second judgment is for all only., likelihood: unlikely, audiences: [all]}
  - {text: Third judgment holds too., likelihood: very likely}
recommendations:
  - {text: First recommendation for all only., audiences: [all]}
  - Second recommendation for everyone.
  - Third recommendation for everyone.
sections:
  - title: Alpha
    body:
      - table: {caption: Alpha table, columns: [A], rows: [[x]]}
  - title: Beta hidden
    audiences: [all]
    body:
      - table: {caption: Beta table, columns: [B], rows: [[y]]}
      - chart: {kind: bar, caption: Beta chart, categories: [a], series: {n: [1]}}
  - title: Gamma
    body:
      - table: {caption: Gamma table, columns: [C], rows: [[z]]}
      - chart: {kind: bar, caption: Gamma chart, categories: [a], series: {n: [2]}}
    sections:
      - {title: Gamma one, audiences: [all], points: [p]}
      - {title: Gamma two, points: [q]}
"""


loaded, theme = outline_fixtures("numbering", OUTLINE)[:2]


def test_stable_numbers_are_the_full_outlines(loaded):
    doc = tailor(loaded, "few")
    assert [s.heading for s in doc.all_sections()] == ["1 Alpha", "3 Gamma", "3.2 Gamma two"]
    labels = [b.label for s in doc.all_sections() for b in s.body]
    assert labels == ["Table 1: Alpha table", "Table 3: Gamma table", "Figure 2: Gamma chart"]
    assert doc.judgment_numbers() == [1, 3]
    assert doc.recommendation_numbers() == [2, 3]


def test_dense_numbering_stays_the_default(loaded):
    doc = tailor(loaded, "dense")
    assert [s.heading for s in doc.all_sections()] == ["1 Alpha", "2 Gamma", "2.1 Gamma two"]
    assert [b.label for s in doc.all_sections() for b in s.body] == [
        "Table 1: Alpha table", "Table 2: Gamma table", "Figure 1: Gamma chart"]
    assert doc.judgment_numbers() == [1, 2] and doc.recommendation_numbers() == [1, 2]


def test_meta_numbering_applies_to_every_audience_and_an_audience_may_say_otherwise(tmp_path):
    p = tmp_path / "outline.yaml"
    p.write_text(OUTLINE.replace("meta: {title: Numbering test, date: 2024-06-20}",
                                 "meta: {title: Numbering test, date: 2024-06-20, numbering: stable}")
                 .replace("few: {detail: standard, numbering: stable}", "few: {detail: standard, numbering: dense}"),
                 encoding="utf-8")
    ld = load(p)
    assert [s.number for s in tailor(ld, "dense").sections] == ["1", "3"]
    assert [s.number for s in tailor(ld, "few").sections] == ["1", "2"]


def _docx_list_numbers(data: bytes, texts: list[str]) -> list[int]:
    """The number Word shows before each paragraph that starts with one of `texts`."""
    import docx
    from docx.oxml.ns import qn

    d = docx.Document(io.BytesIO(data))
    numbering = d.part.numbering_part.element
    starts = {}
    for num in numbering.findall(qn("w:num")):
        so = num.find(f"{qn('w:lvlOverride')}/{qn('w:startOverride')}")
        starts[num.get(qn("w:numId"))] = int(so.get(qn("w:val"))) if so is not None else 1
    shown, counters = [], {}
    for p in d.paragraphs:
        num_id = p._p.xpath("./w:pPr/w:numPr/w:numId/@w:val")
        if not num_id:
            continue
        n = counters.get(num_id[0], starts[num_id[0]] - 1) + 1
        counters[num_id[0]] = n
        if any(p.text.startswith(t) for t in texts):
            shown.append(n)
    return shown


def _pptx_numbers(data: bytes, texts: list[str]) -> list[int]:
    from pptx import Presentation

    out = []
    for slide in Presentation(io.BytesIO(data)).slides:
        for sh in slide.shapes:
            if not sh.has_text_frame:
                continue
            for p in sh.text_frame.paragraphs:
                if any(p.text.startswith(t) for t in texts):
                    auto = p._p.xpath("./a:pPr/a:buAutoNum/@startAt")
                    out.append(int(auto[0]) if auto else 1)
    return out


def _pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    return " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages).split())


JUDGMENTS = ["First judgment", "Third judgment"]
RECS = ["Second recommendation", "Third recommendation"]


def test_stable_numbers_in_every_format(loaded, theme):
    doc = tailor(loaded, "few")
    files = {f: FORMATS[f].render(doc, theme) for f in ("docx", "pptx", "pdf")}
    assert _docx_list_numbers(files["docx"], JUDGMENTS) == [1, 3]
    assert _docx_list_numbers(files["docx"], RECS) == [2, 3]
    assert _pptx_numbers(files["pptx"], JUDGMENTS) == [1, 3]
    assert _pptx_numbers(files["pptx"], RECS) == [2, 3]
    pdf = _pdf_text(files["pdf"])
    assert re.search(r"3\.\s*Third judgment", pdf) and re.search(r"2\.\s*Second recommendation", pdf)
    assert "3 Gamma" in pdf and "3.2 Gamma two" in pdf and "Table 3: Gamma table" in pdf
    assert "Figure 2: Gamma chart" in pdf
    # -- check expects the stable numbers: the files pass, and a dense file does not --
    everything = tailor_everything(loaded)
    for fmt, data in files.items():
        [rep] = check_files(doc, {fmt: data}, everything)
        assert rep.findings == [], (fmt, rep.findings[:3])
    dense = tailor(loaded, "dense")
    for fmt in ("docx", "pptx", "pdf"):
        [rep] = check_files(doc, {fmt: FORMATS[fmt].render(dense, theme)}, everything)
        missing = {f.text for f in rep.findings if f.kind == "missing"}
        if fmt != "pptx":  # -- the deck shows no table captions with numbers on its own --
            assert {"3 Gamma", "Table 3: Gamma table"} <= missing, (fmt, missing)
        numbering = [(f.origin, f.text) for f in rep.findings if f.kind == "numbering"]
        assert numbering == [
            ("key_judgments[2]", "key judgment shows number 2, not 3 (numbering: stable)"),
            ("recommendations[1]", "recommendation shows number 1, not 2 (numbering: stable)"),
            ("recommendations[2]", "recommendation shows number 2, not 3 (numbering: stable)"),
        ], fmt


def test_dense_numbers_in_every_format(loaded, theme):
    doc = tailor(loaded, "dense")
    assert _docx_list_numbers(FORMATS["docx"].render(doc, theme), JUDGMENTS) == [1, 2]
    assert _pptx_numbers(FORMATS["pptx"].render(doc, theme), RECS) == [1, 2]
    assert re.search(r"2\.\s*Third judgment", _pdf_text(FORMATS["pdf"].render(doc, theme)))


def test_contents_and_estimative_note_switches(loaded, theme):
    from reportgen.check import read_output

    bare, dense = tailor(loaded, "bare"), tailor(loaded, "dense")
    assert not bare.show_toc and dense.show_toc
    everything = tailor_everything(loaded)
    for fmt in ("docx", "pptx", "pdf"):
        with_all = read_output(fmt, FORMATS[fmt].render(dense, theme)).text
        data = FORMATS[fmt].render(bare, theme)
        text = read_output(fmt, data).text
        word = "Agenda" if fmt == "pptx" else "Contents"
        assert word in with_all and word not in text, fmt
        assert "Estimative language" in with_all and "Estimative language" not in text, fmt
        [rep] = check_files(bare, {fmt: data}, everything)
        assert rep.findings == [], (fmt, rep.findings[:3])

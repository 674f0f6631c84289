"""Right-to-left and complex scripts (Arabic, Hebrew, Persian, Devanagari) in the handout:
shaped, in reading order, extracted as the outline says it (README "Languages and scripts")."""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata

import pytest
from pypdf import PdfReader

from reportgen.bidi import display, language_is_rtl
from reportgen.build import plan, render_all
from reportgen.check import check_files
from reportgen.load import load
from reportgen.render import pdfshape
from reportgen.tailor import tailor, tailor_everything

from ..conftest import ROOT

CASE = ROOT / "tests" / "cases" / "complex-scripts" / "outline.yaml"

#: phrases of the case outline a reader must find, each on one line of the handout
PHRASES = [
    "تعزيز التعاون",
    "العسكري بين البلدين",
    "שיתוף פעולה צבאי בין המדינות",
    "दोनों देशों के बीच सैन्य सहयोग",
    "وزارة الخارجية",
    "قال الوزير إن الاتفاق سيعزز التعاون العسكري بين البلدين في عام",
    "השר אמר כי ההסכם ייחתם בשנת",
    "वित्त मंत्रालय ने कहा कि हिंदी संस्करण तैयार है",
    "وزیر امور خارجه گفت که همکاری\u200cها ادامه می\u200cیابد",
    "همکاری نظامی میان دو کشور",
]


@pytest.fixture(scope="module")
def handout(tmp_path_factory):
    loaded = load(CASE)
    out = tmp_path_factory.mktemp("scripts")
    outputs = render_all(loaded, plan(loaded, None, ["pdf"]), out)
    (o,) = outputs
    o.path.write_bytes(o.data)
    return loaded, o


def _poppler(phrase: str) -> str:
    # -- poppler (22.12) reads the lam-alef ligature's two letters backwards, in LibreOffice's
    # PDFs as in ours (ToUnicode "لا", logical order, as the PDF spec has it) --
    return re.sub("ل([اأإآ])", r"\1ل", phrase)


def _logical(text: str) -> str:
    """Extracted text without bidi controls and the U+200B a reordered cluster's other glyphs
    extract as, NFC, white space collapsed."""
    t = "".join(c for c in text if not (0x202A <= ord(c) <= 0x202E or 0x2066 <= ord(c) <= 0x2069
                                        or c == "\u200b"))
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", t))


def test_pdftotext_reads_every_phrase_in_logical_order(handout):
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) is not installed; .ci/run installs it")
    _, o = handout
    text = _logical(subprocess.run(["pdftotext", str(o.path), "-"], capture_output=True, text=True,
                                   check=True).stdout)
    for phrase in PHRASES:
        assert _poppler(phrase) in text, phrase


def test_pypdf_reads_every_phrase_in_logical_order(handout):
    _, o = handout
    text = _logical("\n".join(p.extract_text() for p in PdfReader(str(o.path)).pages))
    for phrase in PHRASES:
        assert phrase in text, phrase


def test_script_fonts_are_embedded_as_subsets(handout):
    _, o = handout
    names = set()
    for page in PdfReader(str(o.path)).pages:
        for f in page["/Resources"]["/Font"].values():
            names.add(str(f.get_object()["/BaseFont"]))
    for script in ("NotoSansArabic", "NotoSansHebrew", "NotoSansDevanagari"):
        embedded = [n for n in names if script in n]
        assert embedded, f"{script} not used: {sorted(names)}"
        assert all(re.match(r"/[A-Z]{6}\+", n) for n in embedded), embedded


def test_check_is_clean_and_fails_an_unshaped_reversed_handout(handout, monkeypatch, tmp_path):
    loaded, o = handout
    doc = tailor(loaded, "default")
    everything = tailor_everything(loaded)
    (rep,) = check_files(doc, {"pdf": o.data}, everything)
    assert rep.findings == []
    # -- the handout as it was before shaping: letters drawn in stored order, left to right --
    monkeypatch.setattr(pdfshape.Paragraph, "drawPara", pdfshape.rl_paragraph.Paragraph.drawPara)
    (bad,) = render_all(loaded, plan(loaded, None, ["pdf"]), tmp_path)
    (rep,) = check_files(doc, {"pdf": bad.data}, everything)
    assert any(f.kind == "missing" and "الاتفاق" in f.text for f in rep.findings), rep.findings


def test_rtl_paragraph_is_aligned_right_and_ltr_one_left():
    from reportlab.lib.enums import TA_LEFT, TA_RIGHT
    from reportlab.lib.styles import ParagraphStyle

    style = ParagraphStyle("b", fontName="Helvetica", alignment=TA_LEFT)
    assert pdfshape.Paragraph("the ministry (وزارة) said", style).style.alignment == TA_LEFT
    assert pdfshape.Paragraph("قال (the ministry) اليوم", style).style.alignment == TA_RIGHT
    # -- no strong character: the document's direction --
    token = pdfshape.DOCUMENT_LEVEL.set(1)
    try:
        assert pdfshape.Paragraph("12 ٣٤", style).style.alignment == TA_RIGHT
    finally:
        pdfshape.DOCUMENT_LEVEL.reset(token)


@pytest.mark.parametrize(("logical", "shown"), [
    ("the ministry (وزارة الخارجية) said", "the ministry (ةيجراخلا ةرازو) said"),
    ("שיתוף פעולה", "הלועפ ףותיש"),
    ("מחיר 100$ ו-20% הנחה.", ".החנה 20%-ו 100$ ריחמ"),
    ("Persian: سال ۱۴۰۳ و 2024", "Persian: 2024 و ۱۴۰۳ لاس"),
    # -- brackets around left-to-right words in a right-to-left line stay with them (N0) --
    ("قال (the ministry) 2024", "2024 (the ministry) لاق"),
])
def test_bidi_display_order(logical, shown):
    assert display(logical) == shown


def test_rtl_languages():
    assert language_is_rtl("ar") and language_is_rtl("fa-IR") and language_is_rtl("he")
    assert not language_is_rtl("en") and not language_is_rtl(None) and not language_is_rtl("hi")

"""Right-to-left and complex scripts (Arabic, Hebrew, Persian, Devanagari) in the handout:
shaped, in reading order, extracted as the outline says it (README "Languages and scripts")."""

from __future__ import annotations

import io
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


@pytest.fixture(scope="module")
def office(tmp_path_factory):
    loaded = load(CASE)
    out = tmp_path_factory.mktemp("office")
    return {o.fmt: o.data for o in render_all(loaded, plan(loaded, None, ["docx", "pptx"]), out)}


def _paragraphs(xml: bytes, ns: str, tag: str) -> dict[str, object]:
    from lxml import etree

    root = etree.fromstring(xml)
    t = f"{{{ns}}}t"
    return {"".join(x.text or "" for x in p.iter(t)): p for p in root.iter(f"{{{ns}}}{tag}")}


def test_brief_marks_rtl_paragraphs_runs_fonts_and_languages(office):
    import io
    import zipfile

    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    xml = zipfile.ZipFile(io.BytesIO(office["docx"])).read("word/document.xml")
    paras = _paragraphs(xml, w, "p")

    def q(tag: str) -> str:
        return f"{{{w}}}{tag}"

    kj = next(p for t, p in paras.items() if t.startswith("قال الوزير إن الاتفاق"))
    assert kj.find(f"{q('pPr')}/{q('bidi')}") is not None
    runs = kj.findall(q("r"))
    assert all(r.find(f"{q('rPr')}/{q('rtl')}") is not None for r in runs
               if any("\u0600" <= c <= "\u06ff" for c in "".join(r.itertext())))
    rpr = runs[0].find(q("rPr"))
    assert runs[0].find(f"{q('rPr')}/{q('rtl')}") is not None
    assert rpr.find(q("rFonts")).get(q("cs")) == "Noto Sans Arabic"
    assert rpr.find(q("lang")).get(q("bidi")) == "ar-SA"
    # -- the Title style's letter spacing would make LibreOffice stretch Arabic with kashida --
    assert rpr.find(q("spacing")).get(q("val")) == "0"
    persian = paras["وزیر امور خارجه گفت که همکاری\u200cها ادامه می\u200cیابد"]
    assert persian.find(f"{q('r')}/{q('rPr')}/{q('lang')}").get(q("bidi")) == "fa-IR"
    # -- an English paragraph with an Arabic phrase stays left to right; the phrase is marked --
    bluf = next(p for t, p in paras.items() if t.startswith("The ministry"))
    assert bluf.find(f"{q('pPr')}/{q('bidi')}") is None
    marked = ["".join(r.itertext()) for r in bluf.findall(q("r")) if r.find(f"{q('rPr')}/{q('rtl')}") is not None]
    assert marked == ["وزارة الخارجية", "الاتفاق"]
    hindi = paras["वित्त मंत्रालय ने कहा कि हिंदी संस्करण तैयार है"]
    assert hindi.find(f"{q('pPr')}/{q('bidi')}") is None
    assert hindi.find(f"{q('r')}/{q('rPr')}/{q('rFonts')}").get(q("cs")) == "Noto Sans Devanagari"
    # -- table cells --
    cell = paras["שיתוף פעולה צבאי בין המדינות"]
    assert cell.find(f"{q('pPr')}/{q('bidi')}") is not None


def test_every_brief_run_in_a_complex_script_has_its_font_and_language(office):
    """Captions, contents entries, headers: every run with Arabic, Hebrew or Devanagari letters
    names the theme's complex-script font and its language, not only the runs of body text."""
    import io
    import re
    import zipfile

    z = zipfile.ZipFile(io.BytesIO(office["docx"]))
    seen = 0
    for part in [n for n in z.namelist() if re.fullmatch(r"word/(document|header\d+|footer\d+)\.xml", n)]:
        xml = z.read(part).decode()
        for props, body in re.findall(r"<w:r>(?:<w:rPr>(.*?)</w:rPr>)?((?:<w:t[^>]*>[^<]*</w:t>|<w:br/>|<w:tab/>)+)</w:r>", xml):
            text = "".join(re.findall(r">([^<]*)</w:t>", body))
            if not re.search(r"[\u0590-\u08ff\u0900-\u097f]", text):
                continue
            seen += 1
            assert re.search(r'w:rFonts [^>]*w:cs="Noto Sans (Arabic|Hebrew|Devanagari)"', props), (part, text, props)
            assert 'w:bidi="' in props, (part, text, props)
            if "<w:b/>" in props:
                assert "<w:bCs/>" in props, (part, text, props)
    assert seen > 20
    # -- the caption "Table 1: Statements — البيانات": its Arabic is a run of its own, bold --
    xml = z.read("word/document.xml").decode()
    assert re.search(r'<w:rPr><w:rFonts w:cs="Noto Sans Arabic"/><w:b/><w:bCs/><w:rtl/><w:lang w:bidi="ar-SA"/></w:rPr>'
                     r'<w:t[^>]*>البيانات</w:t>', xml)


def test_deck_marks_rtl_paragraphs_and_complex_script_fonts(office):
    import io

    from pptx import Presentation

    a = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
    seen = {}
    for slide in Presentation(io.BytesIO(office["pptx"])).slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                for p in shape.text_frame.paragraphs:
                    seen[p.text] = p._p
    kj = next(p for t, p in seen.items() if t.startswith("قال الوزير"))
    ppr = kj.find(f"{a}pPr")
    assert ppr.get("rtl") == "1" and ppr.get("algn") == "r"
    rpr = kj.find(f"{a}r/{a}rPr")
    assert rpr.find(f"{a}cs").get("typeface") == "Noto Sans Arabic"
    assert rpr.get("lang") == "ar-SA"
    bluf = next(p for t, p in seen.items() if t.startswith("The ministry"))
    assert bluf.find(f"{a}pPr").get("rtl") is None


def test_deck_measures_shaped_widths():
    from reportlab.pdfbase import pdfmetrics

    from reportgen.measure import measure_for
    from reportgen.render.pdffonts import FontSet
    from reportgen.theme import load_theme

    theme = load_theme()
    m = measure_for(theme)
    text = "همکاری نظامی"
    fonts = FontSet(theme)
    drawn = sum(pdfshape.width(pdfshape.shape(t, f, True), f, 10) for f, t in fonts.segments(text))
    unshaped = sum(pdfmetrics.stringWidth(t, f, 10) for f, t in fonts.segments(text))
    assert m.width(text, 10) == pytest.approx(drawn, rel=0.01)
    assert drawn < unshaped * 0.97  # -- joined forms are narrower than the isolated ones --


def test_rtl_point_has_its_bullet_on_the_right():
    from reportlab.lib.styles import ParagraphStyle

    style = ParagraphStyle("b", fontName="Helvetica")
    rtl = pdfshape.list_item([pdfshape.Paragraph("وزارة الخارجية", style)], 14)
    ltr = pdfshape.list_item([pdfshape.Paragraph("the ministry", style)], 14)
    assert rtl._params["bulletDir"] == "rtl" and rtl._params["rightIndent"] == 14
    assert "bulletDir" not in ltr._params


@pytest.mark.parametrize("line", [
    "سال ۱۴۰۳: وزیر گفت «همکاری ادامه دارد»",
    "قال الوزير في عام ٢٠٢٤ إن ٣٥٪ من الميزانية",
    'הוא אמר ("hello") ועוד 3 מילים',
    "the ministry (وزارة الخارجية) said on 12 March",
])
def test_lines_that_trip_writing_order_readers_read_back_in_order(line, write_outline, tmp_path):
    # -- Arabic-Indic digits, a percent sign and brackets around English in a right-to-left
    # line: pypdf, and so `check`, reads the handout in the order it is written --
    path = write_outline(f"""
        meta: {{title: Lines, date: 2025-01-01}}
        sections:
          - title: One
            points: [{line!r}]
    """)
    loaded = load(path)
    (o,) = render_all(loaded, plan(loaded, None, ["pdf"]), tmp_path)
    text = _logical("\n".join(p.extract_text() for p in PdfReader(io.BytesIO(o.data)).pages))
    # -- pypdf puts a space where a piece of the line is moved to its place; `check` ignores it --
    assert re.sub(r"\s", "", line) in re.sub(r"\s", "", text)


def test_rtl_lines_are_filled_by_shaped_widths():
    from reportlab.lib.styles import ParagraphStyle

    from reportgen.render.pdffonts import FontSet
    from reportgen.theme import load_theme

    fonts = FontSet(load_theme())
    text = "قال الوزير إن الاتفاق سيعزز التعاون العسكري بين البلدين في عام 2025. " * 12
    style = ParagraphStyle("b", fontName=fonts.family("body").name, fontSize=10, leading=12)
    ours = pdfshape.Paragraph(fonts.markup(text), style)
    theirs = pdfshape.rl_paragraph.Paragraph(fonts.markup(text), style)
    ours.wrap(300, 1000)
    theirs.wrap(300, 1000)
    # -- joined letters are narrower than isolated ones: measured shaped, the text takes fewer
    # lines, and each full line leaves little room at its end once drawn --
    assert len(ours.blPara.lines) < len(theirs.blPara.lines)
    drawn = [ours._visual(line) for line in ours.blPara.lines[:-1]]
    assert max(line.extraSpace for line in drawn) < 300 * 0.15


@pytest.mark.parametrize("markup, logical", [
    # -- fuzz seed 1234: Arabic letters and a bracket or an asterisk in one font (the code
    # font) in a right-to-left run; pypdf took "[" for a left-to-right letter and the
    # asterisk into the letters' run, and read "[لب" and "* سم" --
    ("`ل[ب`", "ل[ب"),
    ("`سم *it*` x", "سم *it* x"),
    ("ו `م्ل[्سم *it*` x", "ו م्ل[्سم *it* x"),
    # -- punctuation after a right-to-left letter, before a left-to-right one: pypdf carried
    # the letter's direction into it and read "ر< (b" --
    ("x ر( <b", "x ر( <b"),
    # -- seed 1234, next finding: a word that ends in lam-alef after left-to-right text; pypdf
    # takes the ligature (one glyph for two letters) for punctuation and read "&لام" --
    ("bold &ملاy", "bold &ملاy"),
    ("the word لا here", "the word لا here"),
])
def test_punctuation_in_and_after_rtl_runs_reads_back_in_order(markup, logical, write_outline, tmp_path):
    path = write_outline(f"""
        meta: {{title: Lines, date: 2025-01-01}}
        sections:
          - title: One
            body:
              - paragraph: {markup!r}
    """)
    loaded = load(path)
    (o,) = render_all(loaded, plan(loaded, None, ["pdf"]), tmp_path)
    lines = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(o.data)).pages).split("\n")
    # -- strict: the line as written, letters and punctuation in logical order (pypdf puts a
    # space where a piece of the line is moved to its place; `check` ignores white space) --
    assert re.sub(r"\s", "", logical) in [re.sub(r"\s", "", _logical(line)) for line in lines]

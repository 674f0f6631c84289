"""The PowerPoint deck, read back with python-pptx: content, overflow, templates, bytes.

Every case runs twice: with the default theme and with a theme whose reference.pptx has renamed
layouts and moved placeholders (`reference_pptx.py`).
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest
from pptx import Presentation
from pptx.enum.chart import XL_CHART_TYPE
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pptx.enum.text import MSO_AUTO_SIZE
from pptx.oxml.ns import qn

from reportgen.errors import InputError
from reportgen.measure import measure_for
from reportgen.model import BulletList, NumberedList, Run, Section, Table
from reportgen.render.pptx import render
from reportgen.theme import load_theme
from tests.factory import rich_document, t
from tests.render.reference_pptx import BAND_COLOR, LAYOUT_NAMES, SAMPLE_TEXT, reference_theme

EMU_PT = 12700


@pytest.fixture(params=["default", "reference"])
def theme(request, tmp_path):
    if request.param == "default":
        return load_theme()
    return reference_theme(tmp_path / "corp")


def deck(document, theme):
    return Presentation(io.BytesIO(render(document, theme)))


def seen(text: str) -> str:
    """Text as a reader sees it: a no-break space is a space, a word joiner is nothing."""
    return text.replace("\u00a0", " ").replace("\u2060", "")


def title_of(slide) -> str:
    return seen(slide.shapes.title.text_frame.text) if slide.shapes.title is not None else ""


def texts(slide) -> list[str]:
    """The paragraphs of every text shape and table cell of a slide."""
    out = []
    for sh in slide.shapes:
        if sh.has_text_frame:
            out += [seen(p.text) for p in sh.text_frame.paragraphs]
        if sh.has_table:
            for row in sh.table.rows:
                out += [seen(c.text) for c in row.cells]
    return out


def body_paras(slide) -> list[str]:
    """The paragraphs of the body placeholder (bullets) of a content slide."""
    for ph in slide.placeholders:
        if ph.placeholder_format.idx == 1:
            return [seen(p.text) for p in ph.text_frame.paragraphs]
    return []


# -- content ---------------------------------------------------------------------------------


def test_rich_deck_content(tmp_path, theme):
    doc = rich_document(tmp_path)
    prs = deck(doc, theme)
    slides = list(prs.slides)
    titles = [title_of(s) for s in slides]
    assert titles == [
        "Russia–DPRK Mutual Defense Pact",
        "Bottom line up front",
        "Key judgments",
        "Agenda",
        "1 Strengthening Bilateral Relations",  # divider: the subsections below the title
        "The pact is the core of a broader strategic partnership",  # points, quote, callout; table beside
        "1.1 A subsection",
        "2 Data and Geography",  # two content: the point beside the chart
        "Figure 2: Northeast Asia",
        "Key dates",
        "Recommendations",
        "Sources",
        "Backup",
        "Annex A: Methodology",
    ]
    # -- the section's number and title over every slide of a section with a headline --
    kickers = [next((sh.text_frame.text for sh in sl.shapes if sh.name == "Kicker"), "") for sl in slides]
    assert kickers[5] == "1 Strengthening Bilateral Relations"
    assert kickers[8:10] == ["2 Data and Geography"] * 2 and kickers[7] == ""
    assert "1.1 A subsection" in texts(slides[4])
    assert prs.slide_width == round(theme.slide.width * 72 * EMU_PT)
    assert prs.slide_height == round(theme.slide.height * 72 * EMU_PT)
    first = texts(slides[0])
    for want in ("Implications for Global Security", "Strategic Analysis Unit · Example Institute",
                 "2024-06-20", "Working-level analysts"):
        assert want in first
    assert body_paras(slides[5]) == ["Political, economic and military cooperation in one framework",
                                     "Leverage for an isolated Pyongyang [1]"]
    assert body_paras(slides[2]) == ["Moscow will likely supply technology [1].",
                                     "Likely · moderate confidence",
                                     "The pact will almost certainly complicate sanctions.",
                                     "Almost certain · high confidence",
                                     "Estimative language (ICD 203 probability ranges): likely 55–80%; almost certain 95–99%."]
    assert "The pact formalises Russian military support for North Korea [1]." in texts(slides[1])
    # -- judgments and recommendations are numbered as in the brief and handout ("judgment 2") --
    for slide, count in ((slides[2], 2), (slides[10], 1)):
        nums = [p._p.find(qn("a:pPr")).find(qn("a:buAutoNum")) for p in
                slide.shapes.placeholders[1].text_frame.paragraphs]
        assert [(n.get("type"), n.get("startAt")) for n in nums if n is not None] == [
            ("arabicPeriod", str(i)) for i in range(1, count + 1)]
    assert "“strongest ever treaty”" in texts(slides[5]) and "— Kim Jong-un" in texts(slides[5])
    assert "Why it matters" in texts(slides[5])
    assert "The pact changes the deterrence picture." in texts(slides[5])
    assert body_paras(slides[10]) == ["Coordinate a trilateral response",
                                      "Owner: Policy Planning · Due: 2024-07-15"]
    assert body_paras(slides[11]) == [
        "[1] Treaty on Comprehensive Strategic Partnership. KCNA, 2024-06-20. https://example.org/kcna",
        "[2] Reactions to the pact. Reuters, 2024-06-21."]
    assert body_paras(slides[13]) == ["Open sources only"]
    # -- the timeline is shapes: a line, one marker per date, labels --
    tl = slides[9]
    markers = [s for s in tl.shapes if s.name == "Timeline marker"]
    assert len(markers) == 2
    assert {"2023-09-13", "2024-06-19", "Summit at Vostochny", "Pact signed in Pyongyang [1]"} <= set(texts(tl))
    assert markers[0].left < markers[1].left


def test_table_chart_image(tmp_path, theme):
    prs = deck(rich_document(tmp_path), theme)
    slides = list(prs.slides)
    # -- two points and a table: the table beside them, its caption under it --
    table = next(s for s in slides[5].shapes if s.has_table).table
    assert "Table 1: Reactions by country" in texts(slides[5])
    cells = [[seen(c.text) for c in row.cells] for row in table.rows]
    assert cells == [["Country", "Position"], ["United States", "Condemned"], ["China", "Cautious"],
                     ["South Korea", "Concerned [2]"]]
    # -- the section's one point stands beside its chart (two-content layout), caption below --
    chart_frame = next(s for s in slides[7].shapes if s.has_chart)
    chart = chart_frame.chart
    assert body_paras(slides[7]) == ["Trade grew in 2023"]
    assert "Figure 1: Trade volume" in texts(slides[7])
    assert chart.chart_type == XL_CHART_TYPE.COLUMN_CLUSTERED
    assert list(chart.plots[0].categories) == ["2021", "2022", "2023"]
    assert [(s.name, list(s.values)) for s in chart.plots[0].series] == [
        ("Trade (USD m)", [42.0, 35.0, 60.0]), ("Aid (USD m)", [5.0, 7.5, 9.0])]
    assert chart.value_axis.axis_title.text_frame.text == "USD m"
    assert chart.plots[0].has_data_labels
    fill = chart.plots[0].series[0].format.fill.fore_color.rgb
    assert str(fill) == theme.colors.chart[0]
    pics = [s for s in slides[8].shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
    assert len(pics) == 1
    assert pics[0]._element.nvPicPr.cNvPr.get("descr") == "Map of the region"
    # -- the 640x400 picture keeps its aspect ratio --
    assert abs(pics[0].width / pics[0].height - 640 / 400) < 0.01


@pytest.mark.parametrize("kind,ctype", [("bar", XL_CHART_TYPE.BAR_CLUSTERED),
                                        ("line", XL_CHART_TYPE.LINE_MARKERS),
                                        ("pie", XL_CHART_TYPE.PIE)])
def test_chart_kinds(tmp_path, kind, ctype):
    doc = rich_document(tmp_path)
    s2 = doc.sections[1]
    chart = replace(s2.body[0], kind=kind)
    doc = replace(doc, sections=(doc.sections[0], replace(s2, body=(chart,))))
    prs = deck(doc, load_theme())
    c = next(sh for s in prs.slides for sh in s.shapes if sh.has_chart).chart
    assert c.chart_type == ctype
    assert list(c.plots[0].series[0].values) == [42.0, 35.0, 60.0]


def test_notes_numbers_marking_links(tmp_path, theme):
    prs = deck(rich_document(tmp_path), theme)
    slides = list(prs.slides)
    notes = seen(slides[5].notes_slide.notes_text_frame.text)
    assert notes.startswith("The pact is the core of a broader partnership [1], with code, a link and R&D <tags>.")
    for line in ("• Political cooperation", "• Military cooperation", "    • Munitions",
                 "1. First step", "2. Second step"):
        assert line in notes.split("\n")
    assert notes.endswith("Say the treaty text is public.")
    assert slides[6].notes_slide.notes_text_frame.text == "Sub paragraph."
    sources = slides[11]
    for i, slide in enumerate(slides, start=1):
        marks = [sh for sh in slide.shapes if sh.name == "Marking"]
        assert [m.text_frame.text for m in marks] == ["UNCLASSIFIED", "UNCLASSIFIED"]
        assert marks[0].top < slide.shapes.title.top < marks[1].top
        fields = slide._element.findall(".//" + qn("a:fld"))
        if i == 1:
            assert fields == []
        else:
            assert [(f.get("type"), f.findtext(qn("a:t"))) for f in fields] == [("slidenum", str(i))]
    # -- the inline link is live; a citation is text in link colour, not a link (#12) --
    paras = slides[5].shapes.placeholders[1].text_frame.paragraphs
    cite_run = paras[1].runs[-1]
    assert cite_run.text == "[1]"
    assert cite_run._r.find(qn("a:rPr")).find(qn("a:hlinkClick")) is None
    assert str(cite_run.font.color.rgb) == theme.colors.link
    assert paras[1].text.endswith("Pyongyang\u00a0[1]")  # -- tied to the word before --
    url_run, joiner = sources.shapes.placeholders[1].text_frame.paragraphs[0].runs[-2:]
    assert url_run.hyperlink.address == "https://example.org/kcna"
    # -- a word joiner in link colour after a link: LibreOffice draws a link in the colour of
    # the run after it --
    assert joiner.text == "\u2060" and joiner.font.color.rgb == url_run.font.color.rgb


def test_template_is_used_and_its_samples_removed(tmp_path):
    theme = reference_theme(tmp_path / "corp")
    data = render(rich_document(tmp_path), theme)
    prs = Presentation(io.BytesIO(data))
    assert {s.slide_layout.name for s in prs.slides} == {
        LAYOUT_NAMES["title"], LAYOUT_NAMES["section"], LAYOUT_NAMES["content"], LAYOUT_NAMES["title_only"],
        LAYOUT_NAMES["two_content"]}
    assert all(SAMPLE_TEXT not in texts(s) for s in prs.slides)
    z = zipfile.ZipFile(io.BytesIO(data))
    assert b"sectionLst" not in z.read("ppt/presentation.xml")
    assert sum(n.startswith("ppt/slides/slide") for n in z.namelist()) == len(prs.slides)
    assert BAND_COLOR.encode() in z.read("ppt/slideMasters/slideMaster1.xml")


def test_missing_layout_is_a_clear_error(tmp_path):
    names = dict(LAYOUT_NAMES, content="Fancy Content")
    theme = reference_theme(tmp_path / "corp", names)
    with pytest.raises(InputError) as e:
        render(rich_document(tmp_path), theme)
    msg = str(e.value)
    assert "slide.layouts.content: 'Fancy Content'" in msg
    assert "'Corp Content'" in msg and "'Corp Title Only'" in msg


def test_bytes_are_reproducible_and_core_properties_set(tmp_path, theme):
    doc = rich_document(tmp_path)
    a, b = render(doc, theme), render(doc, theme)
    assert a == b
    cp = Presentation(io.BytesIO(a)).core_properties
    assert cp.title == "Russia–DPRK Mutual Defense Pact"
    assert cp.author == "Strategic Analysis Unit"
    assert cp.created == doc.created and cp.modified == doc.created


# -- overflow --------------------------------------------------------------------------------


MONO = load_theme().fonts.mono


def _para_text(p) -> tuple[tuple[Run, ...], float, bool]:
    runs = []
    size = None
    for r in p.runs:
        mono = r.font.name == MONO
        runs.append(Run(r.text, bold=bool(r.font.bold), italic=bool(r.font.italic), code=mono))
        size = r.font.size.pt if r.font.size is not None else size
    for f in p._p.findall(qn("a:fld")):
        runs.append(Run(f.findtext(qn("a:t")) or ""))
        size = int(f.find(qn("a:rPr")).get("sz")) / 100
    if size is None:
        size = p.font.size.pt if p.font.size is not None else 18.0
    return tuple(runs), size, False


def _text_height(m, tf, width: float) -> float:
    """Measured height of a text frame's paragraphs wrapped at `width` (points)."""
    total = 0.0
    for p in tf.paragraphs:
        runs, size, _ = _para_text(p)
        pPr = p._p.pPr
        marl = int(pPr.get("marL", "0")) / EMU_PT if pPr is not None else 0.0
        spacing = p.line_spacing if isinstance(p.line_spacing, float) else 1.0
        after = p.space_after.pt if p.space_after is not None else 0.0
        lines = m.count_lines(runs, width - marl, size)
        total += lines * m.line_height(size, spacing, runs) + after
    return total


def assert_everything_fits(prs, theme):
    """Every text frame's measured content fits its frame, every shape fits the slide, no
    autofit, no text below the minimum size."""
    m = measure_for(theme)
    W, H = prs.slide_width, prs.slide_height
    floor = theme.sizes.slide.min
    for n, slide in enumerate(prs.slides, start=1):
        for sh in slide.shapes:
            where = f"slide {n} '{title_of(slide)}' shape '{sh.name}'"
            assert sh.left >= 0 and sh.top >= 0, where
            assert sh.left + sh.width <= W + 2 and sh.top + sh.height <= H + 2, where
            if sh.has_text_frame and sh.text_frame.text.strip():
                tf = sh.text_frame
                assert tf.auto_size == MSO_AUTO_SIZE.NONE and tf.word_wrap is True, where
                width = (sh.width - tf.margin_left - tf.margin_right) / EMU_PT
                room = (sh.height - tf.margin_top - tf.margin_bottom) / EMU_PT
                need = _text_height(m, tf, width)
                assert need <= room + 0.5, f"{where}: needs {need:.1f} pt, has {room:.1f}"
                if sh.name not in ("Marking", "Slide Number"):
                    for p in tf.paragraphs:
                        for r in p.runs:
                            assert r.font.size.pt >= floor, where
            if sh.has_table:
                tbl = sh.table
                assert sh.top + sum(r.height for r in tbl.rows) <= H - theme.slide.margins.bottom * 72 * EMU_PT + 2, where
                for row in tbl.rows:
                    for ci, cell in enumerate(row.cells):
                        width = (tbl.columns[ci].width - cell.margin_left - cell.margin_right) / EMU_PT
                        need = _text_height(m, cell.text_frame, width)
                        room = (row.height - cell.margin_top - cell.margin_bottom) / EMU_PT
                        assert need <= room + 0.5, f"{where}: cell needs {need:.1f} pt, has {room:.1f}"


def _long(i: int, words: int = 28) -> str:
    return f"P{i:02d} " + " ".join(f"word{(i * 7 + k) % 23}xyz" for k in range(words))


def test_forty_long_points_continue(tmp_path, theme):
    doc = rich_document(tmp_path)
    points = tuple(t(_long(i)) for i in range(40))
    s1 = replace(doc.sections[0], points=points, body=(), sections=())
    doc = replace(doc, sections=(s1,), appendix=())
    prs = deck(doc, theme)
    assert_everything_fits(prs, theme)
    title = "The pact is the core of a broader strategic partnership"
    slides = [s for s in prs.slides if title_of(s).startswith(title)]
    assert len(slides) > 3
    assert [title_of(s) for s in slides] == [title, title + " (cont.)"] + [
        f"{title} (cont. {n})" for n in range(2, len(slides))]
    bullets = [p for s in slides for p in body_paras(s)]
    assert bullets == [_long(i) for i in range(40)]
    # -- the notes stay on the first slide only --
    assert slides[0].notes_slide.notes_text_frame.text == "Say the treaty text is public."
    assert not slides[1].has_notes_slide or slides[1].notes_slide.notes_text_frame.text == ""


def test_long_table_splits_with_header(tmp_path, theme):
    doc = rich_document(tmp_path)
    big = " ".join(f"long{k}" for k in range(300))
    rows = tuple((t(f"R{i:02d}"), t(f"value {i}"), t(big if i == 30 else f"note {i}")) for i in range(60))
    table = Table(("Row", "Value", "Note"), rows, "Long table", 1, "sections[0].body[0]")
    s1 = replace(doc.sections[0], body=(table,), sections=())
    doc = replace(doc, sections=(s1,), appendix=())
    prs = deck(doc, theme)
    assert_everything_fits(prs, theme)
    slides = [s for s in prs.slides if title_of(s).startswith("Table 1: Long table")]
    assert len(slides) >= 3
    assert [title_of(s) for s in slides[1:]] == ["Table 1: Long table (cont.)"] + [
        f"Table 1: Long table (cont. {n})" for n in range(2, len(slides))]
    firsts, notes = [], []
    for s in slides:
        tbl = next(sh for sh in s.shapes if sh.has_table).table
        cells = [[c.text for c in row.cells] for row in tbl.rows]
        assert cells[0] == ["Row", "Value", "Note"]
        firsts += [r[0] for r in cells[1:] if r[0]]
        notes += [(r[0], r[2]) for r in cells[1:]]
    assert firsts == [f"R{i:02d}" for i in range(60)]
    # -- the 300-word cell is there once, whole (cut between lines if it had to be) --
    pieces = [n for first, n in notes if n.startswith("long") or (first == "" and n)]
    assert " ".join(pieces).split() == big.split()


def test_long_title_wraps_and_pushes_content_down(tmp_path, theme):
    doc = rich_document(tmp_path)
    head = ("A headline that goes on " * 9).strip()[:200]
    assert len(head) == 200
    s1 = replace(doc.sections[0], headline=head, sections=(), body=())
    doc = replace(doc, sections=(s1,), appendix=())
    prs = deck(doc, theme)
    assert_everything_fits(prs, theme)
    slide = next(s for s in prs.slides if title_of(s) == head)
    title = slide.shapes.title
    body = slide.placeholders[1]
    assert body.top >= title.top + title.height
    assert [seen(p.text) for p in body.text_frame.paragraphs] == [
        "Political, economic and military cooperation in one framework",
        "Leverage for an isolated Pyongyang [1]"]


def test_rich_deck_fits(tmp_path, theme):
    assert_everything_fits(deck(rich_document(tmp_path), theme), theme)


def test_every_section_title_is_numbered(tmp_path):
    doc = rich_document(tmp_path)
    prs = deck(doc, load_theme())
    shown = [t for s in prs.slides for t in [title_of(s)] + [sh.text_frame.text for sh in s.shapes
                                                          if sh.name == "Kicker"]]
    for sec in doc.all_sections():
        assert sec.heading in shown


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed")
def test_libreoffice_converts_every_slide(tmp_path):
    doc = rich_document(tmp_path)
    data = render(doc, reference_theme(tmp_path / "corp"))
    src = tmp_path / "deck.pptx"
    src.write_bytes(data)
    # -- a private profile: a LibreOffice already running (another test, the user's) would
    # otherwise take the job and the conversion could fail or time out --
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(src)],
                   check=True, capture_output=True, timeout=180)
    pdf = (tmp_path / "deck.pdf").read_bytes()
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    assert pages == len(Presentation(io.BytesIO(data)).slides)


def test_section_without_points_shows_its_paragraphs(tmp_path):
    doc = rich_document(tmp_path)
    s2 = replace(doc.sections[1], points=())
    sec = Section("3", 1, "bare", "Bare", None, (), doc.appendix[0].body, None, (), "sections[2]")
    doc = replace(doc, sections=(doc.sections[0], s2, sec))
    prs = deck(doc, load_theme())
    slide = next(s for s in prs.slides if title_of(s) == "3 Bare")
    assert body_paras(slide) == ["We read the treaty text."]
    # -- on the slide, so not repeated in the notes --
    assert not slide.has_notes_slide or slide.notes_slide.notes_text_frame.text == ""


def test_section_without_points_shows_its_lists_and_never_an_empty_slide(tmp_path):
    doc = rich_document(tmp_path)
    s0 = doc.sections[0]
    lists = tuple(b for b in s0.body if isinstance(b, (BulletList, NumberedList)))
    table = next(b for b in s0.body if isinstance(b, Table))
    listed = Section("3", 1, "lists", "Lists only", None, (), lists, "Say it.", (), "sections[2]")
    tabled = Section("4", 1, "table", "Table only", None, (), (table,), "Explain.", (), "sections[3]")
    doc = replace(doc, sections=(s0, listed, tabled))
    prs = deck(doc, load_theme())
    slides = list(prs.slides)
    slide = next(s for s in slides if title_of(s) == "3 Lists only")
    assert body_paras(slide) == ["Political cooperation", "Military cooperation", "Munitions", "Technology", "Economic cooperation [2]",
                                 "1. First step", "2. Second step"]
    assert slide.notes_slide.notes_text_frame.text == "Say it."
    # -- a section of only a table: its number and title over the table slide's --
    [slide] = [s for s in slides if [sh.text_frame.text for sh in s.shapes if sh.name == "Kicker"]
               == ["4 Table only"]]
    # -- titled with the table's caption (section 1 shows it beside its points) --
    assert title_of(slide) == table.label
    assert any(sh.has_table for sh in slide.shapes)
    assert slide.notes_slide.notes_text_frame.text == "Explain."


# -- the sample outline ----------------------------------------------------------------------

SAMPLE = Path(__file__).resolve().parents[2] / "outline.yaml"


@pytest.mark.skipif(not SAMPLE.is_file(), reason="sample outline.yaml not in this checkout")
@pytest.mark.parametrize("audience", ["leadership", "analysts", "public"])
def test_sample_outline_decks(audience, theme):
    # -- the submodules, not `reportgen.load`: once imported, the module shadows the function --
    from reportgen.load import load
    from reportgen.tailor import tailor

    doc = tailor(load(SAMPLE), audience)
    prs = deck(doc, theme)
    assert_everything_fits(prs, theme)
    titles = [title_of(s) for s in prs.slides]
    assert titles[0] == doc.meta.title
    # -- every section's number and title (tracker line or title) in reading order, each point
    # once; no two slides share a title --
    assert len(titles) == len(set(titles))
    shown = [[title_of(s)] + [sh.text_frame.text for sh in s.shapes if sh.name == "Kicker"] + texts(s)
             for s in prs.slides]
    positions = []
    for sec in doc.all_sections():
        hits = [i for i, tt in enumerate(shown) if sec.heading in tt]
        assert hits, sec.heading
        positions.append(hits[0])
        # -- each text shape once (the title is among them): a point that is a shared slide's
        # title is not also in its card --
        everything = re.sub(r"\s+", " ", "\n".join(t for s in prs.slides for t in texts(s)))
        for pt in sec.points:
            assert everything.count(re.sub(r"\s+", " ", "".join(r.text for r in pt))) == 1
    assert positions == sorted(positions)
    if audience == "leadership":
        assert len(titles) <= doc.max_slides
    for s in prs.slides:
        assert [sh.text_frame.text for sh in s.shapes if sh.name == "Marking"] == [doc.marking] * 2
    assert len([t for t in titles if t.startswith("Sources")]) >= 1


def test_citation_brackets_join_their_linked_run():
    from reportgen.render.pptx import _bracket_cites

    def pairs(runs):
        return [(r.text, r.cite) for r in _bracket_cites(runs)]

    # -- the punctuation after a citation is outside its link (#12) --
    assert pairs((Run("a ["), Run("1", cite=1), Run("]. Next"))) == [("a ", None), ("[1]", 1), (". Next", None)]
    # -- a group is one link (all citations jump to the sources slide), one colour --
    assert pairs((Run("["), Run("1", cite=1), Run(", "), Run("3", cite=3), Run("]"))) == [("[1, 3]", 1)]
    assert pairs((Run("as [", bold=True), Run("1", cite=1), Run(", "), Run("2", cite=2), Run("]; so"))) == [
        ("as ", None), ("[1, 2]", 1), ("; so", None)]
    assert pairs((Run("[x] ["), Run("2", cite=2))) == [("[x] [", None), ("2", 2)]
    # -- two groups in one sentence stay two links, the text between them plain --
    assert pairs((Run("a ["), Run("1", cite=1), Run("]; then ["), Run("2", cite=2), Run("] end"))) == [
        ("a ", None), ("[1]", 1), ("; then ", None), ("[2]", 2), (" end", None)]


def test_theme_logo_on_the_title_slide_only(tmp_path):
    from tests.factory import make_image

    folder = tmp_path / "logo-theme"
    folder.mkdir()
    make_image(folder, "logo.png", (300, 100))
    (folder / "theme.yaml").write_text("inherit: default\nlogo: logo.png\n", encoding="utf-8")
    theme = load_theme(str(folder))
    prs = deck(rich_document(tmp_path), theme)
    slides = list(prs.slides)
    logos = [sh for sh in slides[0].shapes if sh.shape_type == MSO_SHAPE_TYPE.PICTURE]
    assert len(logos) == 1
    assert abs(logos[0].width / logos[0].height - 3) < 0.01
    assert logos[0].top + logos[0].height <= slides[0].shapes.title.top
    assert all(sh.shape_type != MSO_SHAPE_TYPE.PICTURE for sh in slides[1].shapes)
    assert_everything_fits(prs, theme)


def test_potx_template_is_accepted(tmp_path):
    theme_dir = tmp_path / "corp"
    reference_theme(theme_dir)
    pptx_file = theme_dir / "reference.pptx"
    src = zipfile.ZipFile(pptx_file)
    with zipfile.ZipFile(theme_dir / "reference.potx", "w") as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "[Content_Types].xml":
                body = body.replace(b"presentationml.presentation.main+xml", b"presentationml.template.main+xml")
            dst.writestr(info, body)
    src.close()
    pptx_file.unlink()
    theme = load_theme(str(theme_dir))
    assert theme.reference_pptx.name == "reference.potx"
    doc = rich_document(tmp_path)
    prs = deck(doc, theme)
    # -- the same slides as with the default template (the layouts' geometry is the same) --
    assert len(prs.slides) == len(deck(doc, load_theme()).slides)
    assert prs.slides[2].slide_layout.name == LAYOUT_NAMES["content"]


def test_unused_layout_roles_need_not_exist(tmp_path):
    theme = reference_theme(tmp_path / "corp", dict(LAYOUT_NAMES, blank="No Such Layout",
                                                    two_content="Nor This"))
    # -- without a two-content layout, the content layout holds points and chart side by side --
    doc = rich_document(tmp_path)
    prs = deck(doc, theme)
    assert len(prs.slides) == len(deck(doc, load_theme()).slides)
    assert prs.slides[7].slide_layout.name == LAYOUT_NAMES["content"]


@pytest.mark.skipif(not SAMPLE.is_file(), reason="sample outline.yaml not in this checkout")
def test_every_citation_in_the_sample_deck_is_one_run_in_one_colour():
    """New-user finding: links covered "[1", "2" and "3]." and once a whole sentence; the BLUF
    slide's citation was black where others were blue (#12)."""
    import re

    from reportgen.load import load
    from reportgen.tailor import tailor

    for audience in ("leadership", "analysts"):
        doc = tailor(load(SAMPLE), audience)
        theme = load_theme(doc.theme, doc.base_dir)
        prs = Presentation(io.BytesIO(render(doc, theme)))
        cites = []
        for s in prs.slides:
            for sh in s.shapes:
                if not sh.has_text_frame:
                    continue
                for p in sh.text_frame.paragraphs:
                    runs = list(p.runs)
                    for k, r in enumerate(runs):
                        # -- not the sources slide's "[1] " that starts each entry --
                        if re.search(r"\[\d", r.text) and k:
                            cites.append((r, runs[k - 1].text))
        assert len(cites) > 10
        for r, before in cites:
            # -- the group and nothing else: the punctuation after it stays outside --
            assert re.fullmatch(r"\[\d+(,\u00a0\d+)*\]", r.text), r.text
            assert str(r.font.color.rgb) == theme.colors.link, r.text
            assert r._r.find(qn("a:rPr")).find(qn("a:hlinkClick")) is None
            # -- tied to the word before it: never at the start of a line --
            assert before.endswith("\u00a0"), (before, r.text)


def test_a_column_of_figures_is_aligned_right(tmp_path):
    from pptx.enum.text import PP_ALIGN

    doc = rich_document(tmp_path)
    table = Table(("Reservoir", "Capacity (ML)"), (((Run("Clearwater"),), (Run("18,400"),)),
                                                   ((Run("Hollis"),), (Run("6,200"),))), "Storage", 1)
    s0 = replace(doc.sections[0], body=(table,), sections=())
    prs = deck(replace(doc, sections=(s0,), appendix=()), load_theme())
    tbl = next(sh for s in prs.slides for sh in s.shapes if sh.has_table).table
    aligns = [[c.text_frame.paragraphs[0].alignment for c in row.cells] for row in tbl.rows]
    assert all(a[0] in (None, PP_ALIGN.LEFT) and a[1] == PP_ALIGN.RIGHT for a in aligns)

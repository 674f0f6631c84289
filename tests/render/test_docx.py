"""The Word brief (#3), read back with python-docx: text, order, numbering, styles, links, parts.

Golden files: `tests/render/golden/docx/sample-analysts/` holds every XML part the renderer
writes for the sample outline's analysts brief, pretty-printed (parts copied unchanged from
python-docx's template are left out). After an intended change, rewrite them with

    REPORTGEN_UPDATE_GOLDEN=1 pytest tests/render/test_docx.py -k golden

and review the diff before committing.
"""

from __future__ import annotations

import dataclasses
import difflib
import io
import os
import re
import shutil
import subprocess
import zipfile
from datetime import datetime, timezone
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph as DocxParagraph
from lxml import etree

from reportgen.model import Document, Paragraph, Table, plain, source_anchor
from reportgen.render import docx as rdocx
from reportgen.theme import load_theme
from tests.conftest import SAMPLE
from tests.factory import make_image, rich_document, t

GOLDEN = Path(__file__).parent / "golden" / "docx"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CT_CHART = "application/vnd.openxmlformats-officedocument.drawingml.chart+xml"
C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"


def render(document: Document, theme_name: str = "default", base_dir: Path | None = None) -> bytes:
    return rdocx.render(document, load_theme(theme_name, base_dir))


def read(data: bytes):
    return docx.Document(io.BytesIO(data))


def all_paragraphs(d) -> list[DocxParagraph]:
    """Every body paragraph in reading order, including those inside table cells."""
    return [DocxParagraph(p, d._body) for p in d.element.body.iter(qn("w:p"))]


def headings(d) -> list[tuple[str, str]]:
    return [(p.style.name, p.text) for p in d.paragraphs if p.style.name.startswith("Heading")]


def bookmarks(d) -> dict[str, str]:
    """Bookmark name -> text of the paragraph that holds it."""
    out = {}
    for p in d.element.body.iter(qn("w:p")):
        for b in p.iter(qn("w:bookmarkStart")):
            out[b.get(qn("w:name"))] = DocxParagraph(p, d._body).text
    return out


def internal_links(d) -> list[tuple[str, str]]:
    """(anchor, link text) of every internal hyperlink, in order."""
    return [
        (h.get(qn("w:anchor")), "".join(x.text or "" for x in h.iter(qn("w:t"))))
        for h in d.element.body.iter(qn("w:hyperlink"))
        if h.get(qn("w:anchor"))
    ]


@pytest.fixture(scope="module")
def rich(tmp_path_factory):
    folder = tmp_path_factory.mktemp("rich")
    full = rich_document(folder, "full")
    summary = rich_document(folder, "summary")
    return {"full": (full, render(full)), "summary": (summary, render(summary))}


# -- the rich document ---------------------------------------------------------------------


def test_headings_are_numbered_in_order_with_heading_styles(rich):
    _, data = rich["full"]
    assert headings(read(data)) == [
        ("Heading 1", "Key judgments"),
        ("Heading 1", "1 Strengthening Bilateral Relations"),
        ("Heading 2", "1.1 A subsection"),
        ("Heading 1", "2 Data and Geography"),
        ("Heading 1", "Recommendations"),
        ("Heading 1", "Sources"),
        ("Heading 1", "Annex A: Methodology"),
    ]


def test_named_styles_carry_the_content(rich):
    _, data = rich["full"]
    d = read(data)
    by_style: dict[str, list[str]] = {}
    for p in all_paragraphs(d):
        by_style.setdefault(p.style.name, []).append(p.text)
    assert by_style["Title"] == ["Russia–DPRK Mutual Defense Pact"]
    assert by_style["Subtitle"] == ["Implications for Global Security"]
    assert "Prepared for: Working-level analysts" in by_style["Byline"]
    assert by_style["Lead"] == ["The pact is the core of a broader strategic partnership"]
    assert by_style["Label"].count("Key points") == 4
    assert by_style["Quote"] == ["“strongest ever treaty”"]
    assert by_style["Attribution"] == ["— Kim Jong-un"]
    assert by_style["Caption"] == [
        "Table 1: Reactions by country",
        "Figure 1: Trade volume",
        "Figure 2: Northeast Asia",
        "Key dates",
    ]
    assert by_style["List Bullet 2"] == ["Munitions", "Technology"]
    assert "Sub paragraph." in by_style["Body Text"]
    # -- the look of the styles comes from the theme --
    theme = load_theme()
    h1 = d.styles["Heading 1"]
    assert str(h1.font.color.rgb) == theme.colors.primary
    assert h1.font.size.pt == theme.sizes.brief.h1
    assert d.styles["Normal"].font.name == theme.fonts.body


def test_every_point_paragraph_and_table_cell_is_there(rich):
    doc, data = rich["full"]
    d = read(data)
    texts = [p.text for p in all_paragraphs(d)]
    for s in doc.all_sections():
        for pt in s.points:
            assert plain(pt) in texts, plain(pt)
        for b in s.body:
            if isinstance(b, Paragraph):
                assert plain(b.text) in texts
    table = next(tb for tb in d.tables if tb.rows[0].cells[0].text == "Country")
    got = [[c.text for c in row.cells] for row in table.rows]
    src = next(b for b in doc.sections[0].body if isinstance(b, Table))
    assert got == [list(src.columns)] + [[plain(c) for c in r] for r in src.rows]
    # -- the header row repeats on every page --
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    timeline = next(tb for tb in d.tables if tb.rows[0].cells[0].text == "2023-09-13")
    assert [[c.text for c in r.cells] for r in timeline.rows] == [
        ["2023-09-13", "Summit at Vostochny"],
        ["2024-06-19", "Pact signed in Pyongyang\u00a0[1]"],
    ]


def test_long_table_keeps_every_row_in_order(tmp_path):
    doc = rich_document(tmp_path)
    rows = tuple(
        (t(str(i)), t(f"Item {i} & <x>"), t("[link](https://example.org)")) for i in range(400)
    )
    long = Table(("#", "Item", "Link"), rows, "Long", 2, "x")
    s0 = dataclasses.replace(doc.sections[0], body=(long,))
    d = read(render(dataclasses.replace(doc, sections=(s0,))))
    table = next(tb for tb in d.tables if tb.rows[0].cells[0].text == "#")
    got = [[c.text for c in row.cells] for row in table.rows]
    assert got[0] == ["#", "Item", "Link"]
    assert got[1:] == [[str(i), f"Item {i} & <x>", "link"] for i in range(400)]
    # -- only the header row repeats --
    assert [
        i
        for i, r in enumerate(table.rows)
        if r._tr.trPr is not None and r._tr.trPr.find(qn("w:tblHeader")) is not None
    ] == [0]


def test_tables_fit_inside_the_text_width(rich):
    _, data = rich["full"]
    d = read(data)
    sec = d.sections[0]
    width = sec.page_width - sec.left_margin - sec.right_margin
    for tb in d.tables:
        cols = tb._tbl.tblGrid.findall(qn("w:gridCol"))
        assert sum(int(c.get(qn("w:w"))) for c in cols) * 635 <= width + 635 * len(cols)


def test_bluf_callout_and_judgments(rich):
    _, data = rich["full"]
    texts = [p.text for p in all_paragraphs(read(data))]
    assert "Bottom line up front" in texts  # -- as the labels table writes it, as the handout does (#12)
    assert "The pact formalises Russian military support for North Korea\u00a0[1]." in texts
    assert "Moscow will likely supply technology\u00a0[1].\nLikely · moderate confidence" in texts
    assert (
        "The pact will almost certainly complicate sanctions.\nAlmost certain · high confidence"
        in texts
    )
    note = next(x for x in texts if x.startswith("Estimative language"))
    assert "likely 55–80%" in note and "almost certain 95–99%" in note
    assert texts.index("Why it matters") + 1 == texts.index(
        "The pact changes the deterrence picture."
    )
    assert "Coordinate a trilateral response\nOwner: Policy Planning · Due: 2024-07-15" in texts


def test_bluf_and_callouts_are_bordered_shaded_paragraphs_not_tables(rich):
    """A screen reader announces a 1 x 1 layout table as a table; the boxes are paragraphs
    with a left bar and a fill, kept together on one page."""
    _, data = rich["full"]
    d = read(data)
    for tb in d.tables:
        assert len(tb.rows) > 1 or len(tb.columns) > 1, [c.text for c in tb.rows[0].cells]
    def starting(words):
        return next(p for p in d.paragraphs if p.text.casefold().startswith(words.casefold()))

    for label, body in (("BOTTOM LINE UP FRONT", "The pact formalises Russian military support"),
                        ("Why it matters", "The pact changes the deterrence picture.")):
        first, last = starting(label), starting(body)
        for p in (first, last):
            ppr = p._p.pPr
            assert ppr.find(qn("w:pBdr")).find(qn("w:left")).get(qn("w:val")) == "single"
            assert ppr.find(qn("w:shd")).get(qn("w:fill")) not in (None, "auto", "FFFFFF")
        assert first.paragraph_format.keep_with_next


def test_table_rows_never_split_and_no_row_stands_alone(rich):
    _, data = rich["full"]
    d = read(data)
    for tb in d.tables:
        rows = tb.rows
        for r in rows:
            assert r._tr.trPr is not None and r._tr.trPr.find(qn("w:cantSplit")) is not None

        def keeps(r):
            return all(p.paragraph_format.keep_with_next for c in r.cells for p in c.paragraphs)

        if len(rows) >= 3:
            # -- the last row keeps company with the one before it; the first stays with the next --
            assert keeps(rows[-2]) and not keeps(rows[-1])
            assert keeps(rows[0])


def test_contents_carries_page_numbers_and_word_is_not_asked_to_update(rich):
    _, data = rich["full"]
    d = read(data)
    assert b"updateFields" not in zipfile.ZipFile(io.BytesIO(data)).read("word/settings.xml")
    toc = [p for p in d.paragraphs if p.style.name.startswith("toc")]
    numbers = [p.text.rsplit("\t", 1)[-1] for p in toc]
    assert all(n.isdigit() for n in numbers), numbers
    # -- contents run in page order, from the first page to at most the last --
    pages = [int(n) for n in numbers]
    assert pages == sorted(pages) and pages[0] == 1
    total = int(re.search(rb"<Pages>(\d+)</Pages>", zipfile.ZipFile(io.BytesIO(data)).read("docProps/app.xml"))[1])
    assert pages[-1] <= total


def test_lists_nest_and_numbered_lists_restart(rich):
    _, data = rich["full"]
    d = read(data)

    def num(text):
        p = next(p for p in all_paragraphs(d) if p.text == text or p.text.startswith(text + "\n"))
        pr = p._p.pPr.numPr
        return int(pr.numId.val), int(pr.ilvl.val)

    assert num("Munitions")[1] == 1 and num("Military cooperation")[1] == 0
    assert num("Munitions")[0] == num("Political cooperation")[0]
    first_step, judgment = num("First step")[0], num("Moscow will likely supply technology\u00a0[1].")[0]
    assert num("Second step")[0] == first_step != judgment
    numbering = d.part.numbering_part.element
    el = next(n for n in numbering.findall(qn("w:num")) if n.get(qn("w:numId")) == str(first_step))
    assert el.find(f"{qn('w:lvlOverride')}/{qn('w:startOverride')}").get(qn("w:val")) == "1"


def test_citations_link_to_bookmarked_sources(rich):
    doc, data = rich["full"]
    d = read(data)
    marks = bookmarks(d)
    for s in doc.sources:
        assert marks[source_anchor(s.number)].startswith(f"[{s.number}]\t{s.label}")
    assert "https://example.org/kcna" in marks[source_anchor(1)]
    cites = [(a, x) for a, x in internal_links(d) if a.startswith("source-")]
    # -- one link per citation number wherever the document cites (BLUF, judgment, point,
    # paragraph, bullet, table cell, timeline ...), counted from the document, not pinned --
    assert len(cites) == len(cite_runs(doc)) > 0
    assert all(a == source_anchor(int(x)) for a, x in cites)
    assert {a for a, _ in cites} == {"source-1", "source-2"}
    # -- external links are live relationships --
    rels = {r.reltype.rsplit("/", 1)[-1]: r for r in d.part.rels.values()}
    targets = {r.target_ref for r in d.part.rels.values() if r.is_external}
    assert targets == {"https://example.org/a?b=1&c=2", "https://example.org/kcna"}
    assert "hyperlink" in rels


def test_header_marking_and_page_fields(rich):
    _, data = rich["full"]
    sec = read(data).sections[0]
    assert sec.header.paragraphs[0].text == "UNCLASSIFIED"
    footer = sec.footer.paragraphs[0]
    instr = [x.text.strip() for x in footer._p.iter(qn("w:instrText"))]
    assert instr == ["PAGE", "NUMPAGES"]
    # -- the page total is the brief's estimated page count (render/docx/pages.py), as in app.xml --
    pages = re.search(rb"<Pages>(\d+)</Pages>", zipfile.ZipFile(io.BytesIO(data)).read("docProps/app.xml"))
    assert pages and int(pages[1]) > 1
    assert footer.text == f"2024-06-20\tUNCLASSIFIED\tPage 1 of {int(pages[1])}"


def test_toc_is_prefilled_with_links_to_headings(rich):
    _, data = rich["full"]
    d = read(data)
    toc = [p for p in d.paragraphs if p.style.name.startswith("toc")]
    texts = [p.text.split("\t")[0] for p in toc]
    assert texts == [
        "Bottom line up front",
        "Key judgments",
        "1 Strengthening Bilateral Relations",
        "1.1 A subsection",
        "2 Data and Geography",
        "Recommendations",
        "Sources",
        "Annex A: Methodology",
    ]
    assert [p.style.name for p in toc][2:4] == ["toc 1", "toc 2"]
    marks = bookmarks(d)
    links = [(a, x) for a, x in internal_links(d) if a.startswith("_Toc")]
    assert [x for _, x in links] == texts
    for anchor, text in links:
        assert marks[anchor] in (text, text.upper())
    assert [x.text.strip() for x in toc[0]._p.iter(qn("w:instrText"))] == [r"PAGEREF _Toc_bluf \h"]


def test_summary_has_no_toc(rich):
    _, data = rich["summary"]
    d = read(data)
    assert not [p for p in d.paragraphs if p.style.name.startswith("toc") or p.text == "Contents"]
    assert b"updateFields" not in zipfile.ZipFile(io.BytesIO(data)).read("word/settings.xml")
    assert headings(d)[1] == ("Heading 1", "1 Strengthening Bilateral Relations")


def test_image_alt_text_and_width(rich):
    _, data = rich["full"]
    d = read(data)
    shapes = list(d.inline_shapes)
    pics = [s for s in shapes if s._inline.docPr.get("descr") == "Map of the region"]
    assert len(pics) == 1
    sec = d.sections[0]
    assert pics[0].width <= sec.page_width - sec.left_margin - sec.right_margin


def test_native_chart_part_with_its_data(rich):
    _, data = rich["full"]
    d = read(data)
    charts = [p for p in d.part.package.iter_parts() if p.content_type == CT_CHART]
    assert len(charts) == 1
    root = etree.fromstring(charts[0].blob)
    assert root.find(f".//{C}barChart/{C}barDir").get("val") == "col"
    series = root.findall(f".//{C}ser")
    names = [s.find(f"{C}tx//{C}v").text for s in series]
    assert names == ["Trade (USD m)", "Aid (USD m)"]
    cats = [v.text for v in series[0].find(f"{C}cat").iter(f"{C}v")]
    assert cats == ["2021", "2022", "2023"]
    values = [[float(v.text) for v in s.find(f"{C}val").iter(f"{C}v")] for s in series]
    assert values == [[42, 35, 60], [5, 7.5, 9]]
    # -- theme colours, theme font, and an embedded workbook for "Edit data" --
    colors = [
        s.find(f"{C}spPr//{{http://schemas.openxmlformats.org/drawingml/2006/main}}srgbClr").get(
            "val"
        )
        for s in series
    ]
    assert colors == load_theme().colors.chart[:2]
    assert b'typeface="Calibri"' in charts[0].blob
    wb = [r.target_part for r in charts[0].rels.values() if r.reltype.endswith("/package")]
    assert len(wb) == 1 and zipfile.ZipFile(io.BytesIO(wb[0].blob)).namelist()
    inline = next(s for s in d.inline_shapes if s._inline.docPr.get("name") == "Chart 1")
    assert "Trade (USD m): 2021 42" in inline._inline.docPr.get("descr")


@pytest.mark.parametrize(
    "kind, element", [("bar", "barChart"), ("line", "lineChart"), ("pie", "pieChart")]
)
def test_every_chart_kind_is_a_native_chart(tmp_path, kind, element):
    doc = rich_document(tmp_path)
    s1 = doc.sections[1]
    chart = dataclasses.replace(s1.body[0], kind=kind)
    doc = dataclasses.replace(
        doc, sections=(doc.sections[0], dataclasses.replace(s1, body=(chart,) + s1.body[1:]))
    )
    d = read(render(doc))
    part = next(p for p in d.part.package.iter_parts() if p.content_type == CT_CHART)
    root = etree.fromstring(part.blob)
    plot = root.find(f".//{C}plotArea/{C}{element}")
    assert plot is not None
    cats = [v.text for v in plot.find(f"{C}ser/{C}cat").iter(f"{C}v")]
    # -- the data (and the workbook behind it) in the outline's order; a bar chart's axis runs
    # top-down instead, with the value axis crossing at the bottom --
    assert cats == ["2021", "2022", "2023"]
    if kind == "bar":
        assert root.find(f".//{C}catAx/{C}scaling/{C}orientation").get("val") == "maxMin"
        assert root.find(f".//{C}valAx/{C}crosses").get("val") == "max"
    # -- a pie shows the first series only, as in the deck and the handout --
    assert len(plot.findall(f"{C}ser")) == (1 if kind == "pie" else 2)


def test_core_properties(rich):
    _, data = rich["full"]
    cp = read(data).core_properties
    assert cp.title == "Russia–DPRK Mutual Defense Pact"
    assert cp.subject == "Implications for Global Security"
    assert cp.author == "Strategic Analysis Unit"
    assert cp.keywords == "Russia, DPRK"
    assert cp.language == "en"
    assert cp.created == cp.modified == datetime(2024, 6, 20, tzinfo=timezone.utc)


def test_long_title_is_cut_in_the_core_properties_only(tmp_path):
    doc = rich_document(tmp_path)
    title = "A very long title " * 30
    d = read(render(dataclasses.replace(doc, meta=dataclasses.replace(doc.meta, title=title))))
    assert d.paragraphs[0].text == title
    assert len(d.core_properties.title) == 255 and d.core_properties.title.endswith("…")


def test_two_renders_are_byte_identical(rich, tmp_path):
    doc, data = rich["full"]
    again = render(rich_document(tmp_path, "full"))
    assert again == data


def test_markup_characters_cyrillic_and_hangul_come_through(tmp_path):
    doc = rich_document(tmp_path)
    text = 'R&D <b>not bold</b> & "quotes" — Кириллица, 한국어 보고서 😀'
    s0 = doc.sections[0]
    s0 = dataclasses.replace(s0, body=(Paragraph(t(text), "x"),) + s0.body[1:])
    doc = dataclasses.replace(
        doc,
        meta=dataclasses.replace(doc.meta, title="Доклад 보고서 <&>"),
        sections=(s0,) + doc.sections[1:],
    )
    d = read(render(doc))
    texts = [p.text for p in all_paragraphs(d)]
    assert text in texts
    assert d.paragraphs[0].text == "Доклад 보고서 <&>"
    assert d.core_properties.title == "Доклад 보고서 <&>"
    defaults = d.styles.element.find(qn("w:docDefaults")).find(
        f"{qn('w:rPrDefault')}/{qn('w:rPr')}"
    )
    assert defaults.find(qn("w:rFonts")).get(qn("w:eastAsia")) == load_theme().fonts.east_asian
    assert defaults.find(qn("w:lang")).get(qn("w:val")) == "en"


def test_control_characters_in_a_built_document_do_not_crash(tmp_path):
    doc = rich_document(tmp_path)
    s0 = doc.sections[0]
    s0 = dataclasses.replace(s0, body=(Paragraph(t("bell\x07 and\x01 text"), "x"),) + s0.body[1:])
    d = read(render(dataclasses.replace(doc, sections=(s0,) + doc.sections[1:])))
    assert "bell and text" in [p.text for p in d.paragraphs]


def _as_dotx(src: Path, dst: Path) -> None:
    """The same package with Word's template content type, as Word saves a .dotx."""
    zin = zipfile.ZipFile(src)
    with zipfile.ZipFile(dst, "w") as zout:
        for info in zin.infolist():
            body = zin.read(info.filename)
            if info.filename == "[Content_Types].xml":
                body = body.replace(
                    b"wordprocessingml.document.main", b"wordprocessingml.template.main"
                )
            zout.writestr(info, body)


@pytest.mark.parametrize("suffix", ["docx", "dotx"])
def test_reference_docx_styles_and_logo_are_used_and_its_content_dropped(tmp_path, suffix):
    theme_dir = tmp_path / "templates" / "house"
    theme_dir.mkdir(parents=True)
    (theme_dir / "theme.yaml").write_text(
        "inherit: default\nname: house\nlogo: logo.png\n", encoding="utf-8"
    )
    make_image(theme_dir, "logo.png", (200, 80))
    ref = docx.Document()
    ref.add_paragraph("SAMPLE TEXT FROM THE REFERENCE FILE")
    ref.styles["Heading 1"].font.color.rgb = docx.shared.RGBColor(0x12, 0x34, 0x56)
    ref.sections[0].different_first_page_header_footer = True
    ref.sections[0].first_page_header.paragraphs[0].text = "REFERENCE FIRST-PAGE HEADER"
    ref.save(tmp_path / "ref.docx")
    if suffix == "dotx":
        _as_dotx(tmp_path / "ref.docx", theme_dir / "reference.dotx")
    else:
        shutil.copy(tmp_path / "ref.docx", theme_dir / "reference.docx")
    data = render(rich_document(tmp_path), "house", tmp_path)
    d = read(data)
    texts = [p.text for p in all_paragraphs(d)]
    assert "SAMPLE TEXT FROM THE REFERENCE FILE" not in texts
    # -- the theme's logo above the title, with alt text --
    assert texts[0] == "" and texts[1] == "Russia–DPRK Mutual Defense Pact"
    assert d.inline_shapes[0]._inline.docPr.get("descr") == "Example Institute"
    assert str(d.styles["Heading 1"].font.color.rgb) == "123456"
    assert not d.sections[0].different_first_page_header_footer
    assert d.sections[0].header.paragraphs[0].text == "UNCLASSIFIED"
    # -- styles the reference lacks are added from the theme --
    assert d.styles["Lead"].font.bold


# -- the sample outline, two audiences --------------------------------------------------------

needs_sample = pytest.mark.skipif(
    not SAMPLE.exists(), reason="sample outline.yaml not in this checkout"
)


def sample_document(audience: str) -> tuple[Document, bytes]:
    from reportgen.load import load
    from reportgen.tailor import tailor

    loaded = load(SAMPLE)
    doc = tailor(loaded, audience, created=datetime(2024, 6, 20))
    return doc, rdocx.render(doc, load_theme(doc.theme, loaded.base_dir))


@needs_sample
@pytest.mark.parametrize("audience", ["analysts", "public"])
def test_sample_brief_matches_its_document(audience):
    doc, data = sample_document(audience)
    d = read(data)
    numbered = [x for _, x in headings(d) if re.match(r"^(\d|Annex )", x)]
    assert numbered == [s.heading for s in doc.all_sections()]
    for s in doc.all_sections():
        level = min(s.level, 9)
        assert (f"Heading {level}", s.heading) in headings(d)
    texts = [p.text for p in all_paragraphs(d)]
    for s in doc.all_sections():
        for pt in s.points:
            assert plain(pt) in texts
        for b in s.body:
            if isinstance(b, Table):
                tb = next(
                    x for x in d.tables if [c.text for c in x.rows[0].cells] == list(b.columns)
                )
                assert [[c.text for c in r.cells] for r in tb.rows[1:]] == [
                    [plain(c) for c in r] for r in b.rows
                ]
    marks = bookmarks(d)
    for s in doc.sources:
        assert marks[source_anchor(s.number)].startswith(f"[{s.number}]\t{s.label}")
    assert d.sections[0].header.paragraphs[0].text == doc.marking
    assert {int(x) for a, x in internal_links(d) if a.startswith("source-")} == {
        s.number for s in doc.sources
    }


#: parts copied unchanged from python-docx's default template: not the renderer's output
TEMPLATE_ONLY = (
    "customXml/",
    "word/stylesWithEffects.xml",
    "word/theme/",
    "word/fontTable.xml",
    "word/webSettings.xml",
)


def _pretty(xml: bytes) -> str:
    parser = etree.XMLParser(remove_blank_text=True)
    root = etree.fromstring(xml, parser)
    for el in root.iter():
        # -- dates of core properties are set from the document, but ignore them anyway --
        if isinstance(el.tag, str) and el.tag.endswith(("}created", "}modified", "}lastPrinted")):
            el.text = "TIMESTAMP"
    return etree.tostring(root, pretty_print=True, encoding="unicode")


@needs_sample
def test_golden_sample_brief_part_by_part():
    _, data = sample_document("analysts")
    z = zipfile.ZipFile(io.BytesIO(data))
    parts = {
        n: _pretty(z.read(n))
        for n in z.namelist()
        if n.endswith((".xml", ".rels")) and not n.startswith(TEMPLATE_ONLY)
    }
    folder = GOLDEN / "sample-analysts"
    if os.environ.get("REPORTGEN_UPDATE_GOLDEN"):
        shutil.rmtree(folder, ignore_errors=True)
        for name, text in parts.items():
            path = folder / (name.replace("[", "_").replace("]", "_"))
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    expected = {
        str(p.relative_to(folder)): p.read_text(encoding="utf-8")
        for p in folder.rglob("*")
        if p.is_file()
    }
    got = {n.replace("[", "_").replace("]", "_"): x for n, x in parts.items()}
    assert sorted(got) == sorted(expected)
    for name in sorted(got):
        if got[name] != expected[name]:
            diff = "".join(
                list(
                    difflib.unified_diff(
                        expected[name].splitlines(True),
                        got[name].splitlines(True),
                        "golden/" + name,
                        "rendered/" + name,
                    )
                )[:60]
            )
            pytest.fail(
                f"{name} differs from the golden file (REPORTGEN_UPDATE_GOLDEN=1 to accept):\n{diff}"
            )


# -- LibreOffice ---------------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.skipif(
    shutil.which("soffice") is None or shutil.which("pdftotext") is None,
    reason="LibreOffice (soffice) or poppler (pdftotext) not installed",
)
def test_libreoffice_shows_toc_headings_and_chart(rich, tmp_path):
    _, data = rich["full"]
    src = tmp_path / "brief.docx"
    src.write_bytes(data)
    subprocess.run(
        [
            "soffice",
            "--headless",
            f"-env:UserInstallation=file://{tmp_path}/lo",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(src),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    pdf = tmp_path / "brief.pdf"
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    pages = text.count("\f")
    assert 2 <= pages <= 8, pages
    # -- the contents block: the lines after "Contents" up to the first empty line --
    toc = text[text.index("Contents\n") :].split("\n\n")[0]
    # -- each entry with the page number LibreOffice computed from its PAGEREF field --
    for entry in (
        "Key judgments",
        "1 Strengthening Bilateral Relations",
        "1.1 A subsection",
        "2 Data and Geography",
        "Sources",
        "Annex A: Methodology",
    ):
        assert re.search(re.escape(entry) + r"[ .]*\d+\s*$", toc, re.M), entry
        assert text.count(entry) >= 2, entry
    # -- the native chart is drawn: its legend names exist nowhere else --
    assert "Aid (USD m)" in text
    assert text.count("Page 1 of ") == 1 and f"Page {pages} of {pages}" in text


def test_key_points_label_only_where_body_text_follows(tmp_path):
    """Points alone (a summary read-ahead) need no "Key points" label; before body text they do."""
    doc = rich_document(tmp_path)
    first = doc.sections[0]
    assert first.points and first.body
    bare = dataclasses.replace(first, body=(), sections=())
    d = read(render(dataclasses.replace(doc, sections=(first, bare, *doc.sections[1:]))))
    labels = [p.text for p in all_paragraphs(d) if p.style.name == "Label"]
    expected = sum(1 for s in doc.all_sections() if s.points and s.body)
    assert labels.count("Key points") == expected  # -- the copy without body adds none --
    paras = [p.text for p in all_paragraphs(d)]
    after = paras[paras.index(bare.heading, paras.index(first.heading) + 1) + 1:]
    assert "Key points" not in after[:3] and plain(bare.points[0]) in after[:4]


def cite_runs(node):
    """Every citation run in a Document (or any part of one)."""
    import dataclasses

    from reportgen.model import Run

    if isinstance(node, Run):
        return [node] if node.cite is not None else []
    if isinstance(node, tuple):
        return [r for x in node for r in cite_runs(x)]
    if dataclasses.is_dataclass(node) and not isinstance(node, type):
        return [r for f in dataclasses.fields(node) for r in cite_runs(getattr(node, f.name))]
    return []


@needs_sample
def test_every_font_the_runs_name_is_declared_in_the_font_table():
    """Word and LibreOffice pick a stand-in for a missing font by its font-table entry: the
    mono font (Consolas) must say it is fixed-pitch, the east-Asian one (NanumGothic) that it
    is for Hangul, even when the brief has no such text to embed a subset for."""
    _, data = sample_document("analysts")
    z = zipfile.ZipFile(io.BytesIO(data))
    named = set()
    for n in z.namelist():
        if re.fullmatch(r"word/(document|styles|header\d+|footer\d+)\.xml", n):
            for fonts in re.findall(r"<w:rFonts\s[^>]*>", z.read(n).decode()):
                named |= set(re.findall(r'w:(?:ascii|hAnsi|eastAsia|cs)="([^"]+)"', fonts))
    table = etree.fromstring(z.read("word/fontTable.xml"))
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    entries = {f.get(w + "name"): f for f in table.findall(w + "font")}
    assert {"Consolas", "NanumGothic", "Calibri"} <= named
    assert named <= set(entries), sorted(named - set(entries))
    assert entries["Consolas"].find(w + "pitch").get(w + "val") == "fixed"
    assert entries["NanumGothic"].find(w + "charset").get(w + "val") == "81"

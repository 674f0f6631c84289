"""The PDF handout, read back with pypdf: text, order, numbering, links, bookmarks, metadata (#5).

Golden files live in tests/render/golden/pdf/; after an intended change, regenerate them with
`REPORTGEN_UPDATE_GOLDEN=1 pytest tests/render/test_pdf.py` and review the diff.
"""

from __future__ import annotations

import dataclasses as dc
import io
import os
import re
import shutil
import subprocess
from pathlib import Path

import pypdf
import pytest

from reportgen.errors import ReportgenWarning
from reportgen.model import (
    BulletList,
    Callout,
    Chart,
    ListItem,
    Paragraph,
    Run,
    Section,
    Series,
    Source,
    Table,
    plain,
)
from reportgen.render.pdf import HANDLERS, render
from reportgen.theme import load_theme
from tests.factory import rich_document, t

GOLDEN = Path(__file__).parent / "golden" / "pdf"
UPDATE = os.environ.get("REPORTGEN_UPDATE_GOLDEN") == "1"
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def theme():
    return load_theme()


@pytest.fixture(scope="module")
def rich(tmp_path_factory):
    return rich_document(tmp_path_factory.mktemp("rich"))


@pytest.fixture(scope="module")
def rich_pdf(rich, theme):
    return render(rich, theme)


def reader(data: bytes) -> pypdf.PdfReader:
    return pypdf.PdfReader(io.BytesIO(data))


def pages_text(data: bytes) -> list[str]:
    return [p.extract_text() for p in reader(data).pages]


def seen(text: str) -> str:
    """Text as extracted: pypdf reads the no-break space before a citation as a space."""
    return text.replace("\u00a0", " ")


def flat(s: str) -> str:
    """Text without whitespace: line breaks inside wrapped words do not count as loss."""
    return re.sub(r"\s+", "", s)


def outline_tree(r: pypdf.PdfReader) -> list:
    """The bookmarks as nested [(title, [children])]."""

    def walk(items: list) -> list:
        out: list = []
        for it in items:
            if isinstance(it, list):
                out[-1] = (out[-1][0], walk(it))
            else:
                out.append((it.title, []))
        return out

    return walk(r.outline)


def link_dests(r: pypdf.PdfReader) -> list[tuple[int, int, float]]:
    """Internal links as (page it is on, page it jumps to, top of the target)."""
    index = {p.indirect_reference.idnum: i for i, p in enumerate(r.pages)}
    out = []
    for i, page in enumerate(r.pages):
        for a in page.get("/Annots", []):
            a = a.get_object()
            if a.get("/Subtype") == "/Link" and "/Dest" in a:
                dest = a["/Dest"]
                out.append((i, index[dest[0].idnum], float(dest[3])))
    return out


def line_tops(page: pypdf.PageObject, starts: str) -> list[float]:
    """The y of every text line on `page` that starts with `starts`."""
    ys: list[float] = []

    def visit(text, cm, tm, font, size):
        if text.startswith(starts):
            ys.append(tm[5] * cm[3] + cm[5])

    page.extract_text(visitor_text=visit)
    return ys


# -- the matching contract -------------------------------------------------------------------


def test_every_block_type_has_a_handler():
    from reportgen.blocks import BLOCK_TYPES

    assert set(HANDLERS) == set(BLOCK_TYPES)


def test_headings_numbered_in_order(rich, rich_pdf):
    text = "\n".join(pages_text(rich_pdf))
    headings = [s.heading for s in rich.all_sections()]
    assert headings == ["1 Strengthening Bilateral Relations", "1.1 A subsection",
                        "2 Data and Geography", "Annex A: Methodology"]
    # -- the table of contents lists them first; the body headings are the last occurrences --
    positions = [text.rindex(h) for h in headings]
    assert positions == sorted(positions)
    toc = text.index("Contents")
    assert all(toc < text.index(h) < positions[0] for h in headings[1:])


def test_title_block_bluf_judgments(rich, rich_pdf):
    first = pages_text(rich_pdf)[0]
    for s in ("Russia–DPRK Mutual Defense Pact", "Implications for Global Security",
              "Strategic Analysis Unit", "Example Institute", "2024-06-20", "Working-level analysts",
              "Bottom line up front", seen(plain(rich.bluf))):
        assert s in first
    for n, j in enumerate(rich.key_judgments, 1):
        assert re.search(rf"{n}\.\s*{re.escape(seen(plain(j.text)))}", first)
        assert j.label in first
    assert "Estimative language" in first
    assert "likely 55–80%" in first and "almost certain 95–99%" in first


def test_every_point_block_and_cell(rich, rich_pdf):
    text = "\n".join(pages_text(rich_pdf))
    body = flat(text)
    for s in rich.all_sections():
        if s.headline:
            assert s.headline in text
        for p in s.points:
            assert seen(plain(p)) in text
    for cell in ("Country", "Position", "United States", "Condemned", "China", "Cautious",
                 "South Korea", "Concerned [2]"):
        assert cell in text
    assert "Table 1: Reactions by country" in text
    # -- markup characters from the outline are text, never reportlab tags --
    assert "R&D <tags>" in text
    assert flat("with code, a link and R&D <tags>.") in body
    for s in ("Munitions", "Technology", "1. First step", "2. Second step", "strongest ever treaty",
              "— Kim Jong-un", "Why it matters", "The pact changes the deterrence picture.",
              "Figure 1: Trade volume", "Figure 2: Northeast Asia",
              "Key dates", "2023-09-13", "Summit at Vostochny", "Pact signed in Pyongyang [1]",
              "Sub paragraph.", "We read the treaty text.", "Coordinate a trilateral response",
              "Owner: Policy Planning · Due: 2024-07-15"):
        assert flat(s) in body, s  # -- list numbers are separate strings: compare without spaces --
    # -- alt text is not printed, as in the brief (#12) --
    assert flat("Map of the region") not in body


def test_chart_numbers_are_the_data(rich, rich_pdf):
    page = next(p for p in pages_text(rich_pdf) if "Figure 1: Trade volume" in p)
    words = set(page.split())
    # -- one chart, one number of decimals: 42.0 beside 7.5 (as the deck and brief label them) --
    for v in ("42.0", "35.0", "60.0", "5.0", "7.5", "9.0", "2021", "2022", "2023"):
        assert v in words, v
    assert "Trade (USD m)" in page and "Aid (USD m)" in page


def test_sources_and_citation_links(rich, rich_pdf):
    r = reader(rich_pdf)
    texts = pages_text(rich_pdf)
    src_page = max(i for i, p in enumerate(texts) if "Sources" in p)
    for s in rich.sources:
        assert f"[{s.number}] {s.label}" in texts[src_page]
    assert "https://example.org/kcna" in texts[src_page]
    tops = {n: line_tops(r.pages[src_page], f"[{n}]")[-1] for n in (1, 2)}
    # -- each citation link lands on its own source line: the nearest source line below the
    # link target is that source --
    heading_y = line_tops(r.pages[src_page], "Sources")[-1]
    to_sources = [d for d in link_dests(r) if d[1] == src_page and d[2] < heading_y]
    hit = set()
    for _, _, top in to_sources:
        below = [n for n in tops if tops[n] < top]
        nearest = max(below, key=lambda n: tops[n])
        assert top - tops[nearest] < 20
        hit.add(nearest)
    assert hit == {1, 2}
    # -- [1] is cited 4 times outside the TOC, [2] twice; every cite is a link --
    cites = sum(1 for d in to_sources)
    assert cites >= 6
    uris = [a.get_object()["/A"]["/URI"] for p in r.pages for a in p.get("/Annots", [])
            if "/A" in a.get_object()]
    assert "https://example.org/a?b=1&c=2" in uris and "https://example.org/kcna" in uris


def test_marking_and_page_x_of_y_on_every_page(rich_pdf):
    texts = pages_text(rich_pdf)
    n = len(texts)
    assert n >= 3
    for i, page in enumerate(texts, 1):
        assert page.count("UNCLASSIFIED") >= 2, i
        assert f"Page {i} of {n}" in page
        assert "2024-06-20" in page


def test_bookmarks_nested_with_numbered_titles(rich_pdf):
    tree = outline_tree(reader(rich_pdf))
    titles = [t for t, _ in tree]
    assert titles == ["Russia–DPRK Mutual Defense Pact", "Bottom line up front", "Key judgments",
                      "Contents", "1 Strengthening Bilateral Relations", "2 Data and Geography",
                      "Recommendations", "Sources", "Annex A: Methodology"]
    assert dict(tree)["1 Strengthening Bilateral Relations"] == [("1.1 A subsection", [])]


def test_toc_has_page_numbers_and_links(rich_pdf):
    r = reader(rich_pdf)
    texts = pages_text(rich_pdf)
    toc_page = next(i for i, p in enumerate(texts) if "Contents" in p)
    section_page = next(i for i, p in enumerate(texts) if p.count("2 Data and Geography") and i > toc_page
                        or p.count("2 Data and Geography") > 1)
    n = section_page + 1
    # -- pypdf gives the dot leader and page number either after or before the title --
    assert re.search(rf"2 Data and Geography[ .\n]*{n}\n|\n[ .]*{n}\n2 Data and Geography", texts[toc_page])
    links = {(src, dst) for src, dst, _ in link_dests(r)}
    assert (toc_page, section_page) in links


def test_toc_only_above_summary_detail(tmp_path, theme):
    doc = rich_document(tmp_path, detail="summary")
    text = "\n".join(pages_text(render(doc, theme)))
    assert "Contents" not in text
    assert "1 Strengthening Bilateral Relations" in text


def test_metadata(rich_pdf):
    r = reader(rich_pdf)
    m = r.metadata
    assert m.title == "Russia–DPRK Mutual Defense Pact"
    assert m.author == "Strategic Analysis Unit"
    assert m.subject == "Implications for Global Security"
    assert m["/Keywords"] == "Russia, DPRK"
    assert m["/CreationDate"].startswith("D:20240620")
    assert r.trailer["/Root"]["/Lang"] == "en"


def test_fonts_embedded(rich_pdf):
    r = reader(rich_pdf)
    names = set()
    for p in r.pages:
        for f in p["/Resources"]["/Font"].values():
            f = f.get_object()
            desc = f.get("/FontDescriptor")
            if desc is None and "/DescendantFonts" in f:
                desc = f["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            names.add(str(f["/BaseFont"]))
            assert desc is not None and "/FontFile2" in desc.get_object(), f["/BaseFont"]
    assert any("Carlito" in n for n in names)


def test_byte_identical(rich, rich_pdf, theme):
    assert render(rich, theme) == rich_pdf


@pytest.mark.skipif(shutil.which("qpdf") is None, reason="qpdf not installed")
def test_qpdf_check(rich_pdf, tmp_path):
    p = tmp_path / "h.pdf"
    p.write_bytes(rich_pdf)
    res = subprocess.run(["qpdf", "--check", str(p)], capture_output=True, text=True)
    assert res.returncode == 0, res.stdout + res.stderr


# -- scripts ---------------------------------------------------------------------------------

MULTI = {
    "title": "Договор — 상호 방위 조약 — Ελληνικά — Crème brûlée, naïve façade 😀",
    "point1": "Пункт один: 한국어 텍스트 και ελληνικά",
    "point2": "Ångström Øre Łódź Dvořák — Straße",
    "cells": ("Россия", "러시아", "Ρωσία", "Ünïcödé", "α β γ δ"),
}


def test_multilingual_text_extracts_as_written(rich, theme):
    s1 = dc.replace(rich.sections[0], title=MULTI["title"],
                    points=(t(MULTI["point1"]), t(MULTI["point2"] + " 🚀")))
    tab = Table(("Страна", "국가", "Χώρα"),
                ((t(MULTI["cells"][0]), t(MULTI["cells"][1]), t(MULTI["cells"][2])),
                 (t(MULTI["cells"][3]), t("😀 emoji"), t(MULTI["cells"][4]))),
                "Многоязычная таблица", 2)
    chart = Chart("bar", ("러시아", "Россия", "Ρωσία 🚀"), (Series("Значение", (1.0, 2.0, 3.0)), Series("값", (2.0, 1.0, 3.0))), "차트", None, 3)
    s2 = dc.replace(rich.sections[1], body=rich.sections[1].body + (tab, chart))
    doc = dc.replace(rich, sections=(s1, s2))
    # -- U+1F680 ROCKET is in none of the theme's fonts (DejaVu has U+1F600): reported once --
    with pytest.warns(ReportgenWarning, match="U\\+1F680 ROCKET") as rec:
        data = render(doc, theme)
    assert len([w for w in rec if "ROCKET" in str(w.message)]) == 1
    text = "\n".join(pages_text(data))
    assert "1 " + MULTI["title"] in text
    assert MULTI["point1"] in text and MULTI["point2"] in text
    for c in (*MULTI["cells"], "Страна", "국가", "Χώρα", "😀 emoji", "Table 2: Многоязычная таблица",
              "러시아", "Россия", "Ρωσία", "Значение", "Figure 3: 차트"):
        assert c in text, c
    # -- the uncovered character is left out, not drawn as a box that extracts as NUL --
    assert "\x00" not in text and "🚀" not in text
    titles = [t for t, _ in outline_tree(reader(data))]
    assert "1 " + MULTI["title"] in titles


def test_hangul_uses_an_embedded_truetype_font(tmp_path, theme):
    doc = rich_document(tmp_path)
    doc = dc.replace(doc, meta=dc.replace(doc.meta, title="상호 방위 조약"))
    data = render(doc, theme)
    fonts = {str(f.get_object()["/BaseFont"]) for p in reader(data).pages
             for f in p["/Resources"]["/Font"].values()}
    assert any("NanumGothic" in f for f in fonts)
    assert "상호 방위 조약" in pages_text(data)[0]


# -- stress ------------------------------------------------------------------------------------


def _with_body(doc, *blocks, points=()):
    s = Section("1", 1, "stress", "Stress", None, points, tuple(blocks), None, (), "sections[0]")
    return dc.replace(doc, sections=(s,), appendix=())


def test_60_row_table_repeats_its_header(rich, theme):
    rows = tuple((t(f"Row {i:02d}"), t(f"Value {i * 7}"), t("lorem ipsum " * (i % 4))) for i in range(60))
    table = Table(("Row label", "Value column", "Notes"), rows, "Long table", 1)
    filler = Paragraph(t("Filler paragraph. " * 80))
    data = render(_with_body(rich, filler, table), theme)
    texts = pages_text(data)
    text = "\n".join(texts)
    for i in range(60):
        assert f"Row {i:02d}" in text and f"Value {i * 7}" in text
    pages_with_rows = [p for p in texts if "Row 0" in p or "Row 5" in p]
    assert len(pages_with_rows) >= 2
    assert all("Row label" in p and "Value column" in p for p in pages_with_rows)


def test_table_rows_stay_whole_and_the_header_repeats_only_at_the_top_of_a_page(rich, theme):
    # -- as in the brief, a row that fits on a page is never split; one taller than a page is
    # split at the top of a page, under the repeated header. reportlab alone split each row
    # that did not fit, and drew the repeated header again in the middle of a page over it --
    def note(i: int, words: int) -> str:
        return " ".join(f"r{i:02d}w{k}" for k in range(words))

    sizes = [60, 150, 90, 150, 2200, 120, 150, 80]
    rows = tuple((t(f"Row {i:02d}"), t(note(i, n))) for i, n in enumerate(sizes))
    table = Table(("Row label", "Notes"), rows, "Tall rows", 1)
    data = render(_with_body(rich, Paragraph(t("Filler paragraph. " * 40)), table), theme)
    pages = reader(data).pages
    where: dict[int, set[int]] = {}
    for n, page in enumerate(pages):
        heads = line_tops(page, "Row label")
        assert len(heads) <= 1, f"page {n + 1}: the header drawn {len(heads)} times"
        rows_here = {int(m) for m in re.findall(r"r(\d\d)w", page.extract_text())}
        for i in rows_here:
            where.setdefault(i, set()).add(n)
        if heads and rows_here:
            # -- the header stands above every row's text on its page --
            tops = [y for i in rows_here for y in line_tops(page, f"r{i:02d}w")]
            tops += [y for i in rows_here for y in line_tops(page, f"Row {i:02d}")]
            assert heads[0] > max(tops), f"page {n + 1}: a row stands above the repeated header"
    assert sorted(where) == list(range(len(sizes)))
    split = {i for i, ps in where.items() if len(ps) > 1}
    assert split == {4}, f"rows split over pages: {sorted(split)} (only the row taller than a page may be)"
    text = flat("\n".join(pages_text(data)))
    assert all(flat(note(i, n)) in text or i == 4 for i, n in enumerate(sizes))


def test_2000_character_url_in_a_cell_wraps(rich, theme):
    url = "https://example.org/" + "a1b2c3d4e5" * 198
    assert len(url) == 2000
    table = Table(("Key", "Link"), ((t("long"), (Run(url, href=url),)), (t("short"), t("ok"))), "URLs", 1)
    data = render(_with_body(rich, table, Paragraph((Run(url),))), theme)
    body = flat("\n".join(pages_text(data)))
    assert body.count(url) == 2
    r = reader(data)
    # -- the cell wrapped inside the frame: nothing drawn past the right margin --
    m = theme.page_margins_pt
    right = theme.page_size_pt[0] - m.right
    xs: list[float] = []
    for page in r.pages:
        for a in page.get("/Annots", []):
            a = a.get_object()
            if "/A" in a and a["/A"].get("/URI") == url:
                xs.append(float(a["/Rect"][2]))
    assert xs and max(xs) <= right + 1


def test_500_word_paragraph_loses_nothing(rich, theme):
    words = [f"word{i}" for i in range(500)]
    data = render(_with_body(rich, Paragraph(t(" ".join(words)))), theme)
    text = "\n".join(pages_text(data))
    found = re.findall(r"word\d+", text)
    assert found == words


def test_300_sections(rich, theme):
    sections = tuple(
        Section(str(i), 1, f"s{i}", f"Section title {i}", None, (t(f"Point of section {i}"),),
                (Paragraph(t(f"Body of section {i}.")),), None, (), f"sections[{i - 1}]")
        for i in range(1, 301))
    doc = dc.replace(rich, sections=sections, appendix=())
    data = render(doc, theme)
    text = "\n".join(pages_text(data))
    for i in (1, 2, 150, 299, 300):
        assert f"{i} Section title {i}" in text and f"Point of section {i}" in text
    assert len(re.findall(r"Body of section \d+\.", text)) == 300
    titles = [t for t, _ in outline_tree(reader(data))]
    assert [x for x in titles if x.endswith(tuple(f"title {i}" for i in range(1, 301)))] == \
        [f"{i} Section title {i}" for i in range(1, 301)]


def test_markup_characters_and_long_callout(rich, theme):
    nasty = 'a < b && c > d <b>not bold</b> <font name="x"> &amp; "quoted" \'single\''
    blocks = (Paragraph(t(nasty.replace("*", ""))), BulletList((ListItem((Run(nasty),)),)),
              Callout((Run("word " * 900),), nasty, "warning"),
              Chart("pie", ("A <1>", "B & C"), (Series("Share", (30.0, 70.0)),), "Pie <x>", None, 1),
              Chart("line", ("Q1", "Q2", "Q3"), (Series("Index", (1.5, 2.25, -0.5)),), "Line", "pts", 2),
              Chart("bar", ("Left", "Right"), (Series("N", (3.0, 4.0)), Series("M", (1.0, 2.0))), "Bar", None, 3))
    data = render(_with_body(rich, *blocks), theme)
    text = "\n".join(pages_text(data))
    assert text.count(nasty) >= 2
    assert "A <1>" in text and "B & C" in text and "Figure 1: Pie <x>" in text
    for v in ("1.5", "2.25", "-0.5", "30 (30%)", "70 (70%)"):
        assert v in text
    assert len(re.findall(r"\bword\b", text)) == 900


def test_sources_without_url_and_many_citations(rich, theme):
    srcs = tuple(Source(i, f"s{i}", f"Source & title <{i}>", None, None, None) for i in range(1, 41))
    cites = tuple(r for i in range(1, 41) for r in (Run("["), Run(str(i), cite=i), Run("] ")))
    doc = dc.replace(_with_body(rich, Paragraph(cites)), sources=srcs)
    data = render(doc, theme)
    text = "\n".join(pages_text(data))
    for i in range(1, 41):
        assert f"[{i}] Source & title <{i}>." in text
    r = reader(data)
    targets = {d[2] for d in link_dests(r) if d[1] >= len(r.pages) - 2}
    assert len(targets) >= 40


# -- golden ----------------------------------------------------------------------------------


def _golden(name: str, data: bytes) -> None:
    # -- pypdf gives a contents line as its dot leader and page number, then its title:
    # write it as "title ... page" --
    texts = [re.sub(r"(?:[ \t]*\.){4,}[ \t]*(\d+)\n([^\n]+)", r"\2 ... \1", p) for p in pages_text(data)]
    got = f"pages: {len(texts)}\n" + "".join(
        f"\n=== page {i} ===\n{p.rstrip()}\n" for i, p in enumerate(texts, 1))
    path = GOLDEN / f"{name}.txt"
    if UPDATE or not path.exists():
        if not UPDATE:
            pytest.fail(f"{path} missing; run with REPORTGEN_UPDATE_GOLDEN=1 to create it")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(got, encoding="utf-8")
    assert got == path.read_text(encoding="utf-8"), (
        f"{path.name} differs; if the change is intended, run REPORTGEN_UPDATE_GOLDEN=1 pytest "
        f"{Path(__file__).relative_to(ROOT)} and review the diff")


def test_golden_rich_document(rich_pdf):
    _golden("rich", rich_pdf)


SAMPLE = ROOT / "outline.yaml"


@pytest.mark.skipif(not SAMPLE.exists(), reason="sample outline.yaml not present")
@pytest.mark.parametrize("audience", ["leadership", "analysts", "public"])
def test_sample_outline(audience, tmp_path):
    from reportgen.load import load
    from reportgen.tailor import tailor

    doc = tailor(load(SAMPLE), audience)
    data = render(doc, load_theme(doc.theme, doc.base_dir))
    texts = pages_text(data)
    text = "\n".join(texts)
    for i, page in enumerate(texts, 1):
        assert f"Page {i} of {len(texts)}" in page
        if doc.marking:
            assert doc.marking in page
    for s in doc.all_sections():
        assert s.heading in text
        for p in s.points:
            assert flat(plain(p)) in flat(text)
    for s in doc.sources:
        assert flat(f"[{s.number}] {s.label}") in flat(text)
    if shutil.which("qpdf"):
        p = tmp_path / "s.pdf"
        p.write_bytes(data)
        assert subprocess.run(["qpdf", "--check", str(p)], capture_output=True).returncode == 0
    if audience == "analysts":
        _golden("sample-analysts", data)


def test_theme_logo_on_the_title_page(tmp_path, rich):
    from tests.factory import make_image

    folder = tmp_path / "branded"
    folder.mkdir()
    make_image(folder, "logo.png", (300, 100))
    (folder / "theme.yaml").write_text("inherit: default\nlogo: logo.png\n", encoding="utf-8")
    data = render(rich, load_theme(str(folder)))
    first = reader(data).pages[0]
    images = [x.get_object() for x in first["/Resources"].get("/XObject", {}).values()]
    assert [(im["/Width"], im["/Height"]) for im in images] == [(300, 100)]
    plain_pdf = reader(render(rich, load_theme())).pages[0]
    assert "/XObject" not in plain_pdf["/Resources"]


def test_nested_lists_three_levels_keep_order_and_real_bullets(rich, theme):
    deep = BulletList((ListItem(t("Level one"), (ListItem(t("Level two"), (ListItem(t("Level three")),)),)),
                       ListItem(t("Back to one"))))
    data = render(_with_body(rich, deep), theme)
    text = "\n".join(pages_text(data))
    assert "\x00" not in text
    # -- the theme's bullets, the same in brief, deck and handout (#12) --
    assert re.search(r"•\s*Level one\s*–\s*Level two\s*·\s*Level three\s*•\s*Back to one", text)


def test_pdf_options_annex_page_break(tmp_path, rich, rich_pdf):
    def annex_page(texts):
        return next(i for i, p in enumerate(texts) if "Annex A: Methodology" in p and "Contents" not in p)

    def sources_page(texts):
        return max(i for i, p in enumerate(texts) if "Sources" in p)

    texts = pages_text(rich_pdf)
    assert annex_page(texts) == sources_page(texts) + 1
    folder = tmp_path / "compact"
    folder.mkdir()
    (folder / "theme.yaml").write_text("inherit: default\npdf: {annex_new_page: false}\n", encoding="utf-8")
    texts = pages_text(render(rich, load_theme(str(folder))))
    assert annex_page(texts) == sources_page(texts)


# -- page budget (audiences.<name>.max_pages) ------------------------------------------------


def _font_sizes(data: bytes) -> set[float]:
    sizes: set[float] = set()

    def visit(text, cm, tm, font, size):
        if text.strip():
            sizes.add(round(size, 2))

    for page in reader(data).pages:
        page.extract_text(visitor_text=visit)
    return sizes


@pytest.mark.skipif(not SAMPLE.exists(), reason="sample outline.yaml not present")
def test_leadership_read_ahead_fits_its_two_page_budget():
    from reportgen.load import load
    from reportgen.tailor import tailor

    doc = tailor(load(SAMPLE), "leadership")
    assert doc.max_pages == 2
    theme = load_theme(doc.theme, doc.base_dir)
    fitted = render(doc, theme)
    loose = render(dc.replace(doc, max_pages=None), theme)
    assert len(reader(loose).pages) == 3  # -- the theme as written needs three pages --
    assert len(reader(fitted).pages) == 2
    assert max(_font_sizes(fitted)) < max(_font_sizes(loose))
    text = flat("\n".join(pages_text(fitted)))
    for s in doc.all_sections():
        assert flat(s.heading) in text
        for p in s.points:
            assert flat(plain(p)) in text
    assert "Page2of2" in text


def test_a_handout_within_its_budget_is_set_as_the_theme_says(rich, theme):
    data = render(rich, theme)
    pages = len(reader(data).pages)
    assert render(dc.replace(rich, max_pages=pages), theme) == data


def test_an_impossible_budget_warns_and_keeps_the_theme_sizes(rich, theme, rich_pdf):
    with pytest.warns(ReportgenWarning, match=r"over its budget of 1 \(audiences\.\w+\.max_pages\)"):
        data = render(dc.replace(rich, max_pages=1), theme)
    assert data == rich_pdf


def test_the_handout_draws_its_pages_once(rich, theme, monkeypatch):
    # -- reportlab lays the story out until the page total and contents settle (several
    # passes); only the last needs drawing. The bytes are those of a build that drew every
    # pass (the golden and reproducibility tests), so this is what keeps it cheap --
    from reportlab.graphics import renderPDF

    import reportgen.render.pdf as pdf_mod

    passes: list[int] = []
    build = pdf_mod.Handout.build
    monkeypatch.setattr(pdf_mod.Handout, "build", lambda self, *a, **kw: (passes.append(1), build(self, *a, **kw))[1])
    drawn: list[int] = []
    draw = renderPDF.draw
    monkeypatch.setattr(renderPDF, "draw", lambda *a, **kw: (drawn.append(1), draw(*a, **kw))[1])
    render(rich, theme)
    def all_sections(secs):
        for s in secs:
            yield s
            yield from all_sections(s.sections)

    charts = sum(isinstance(b, Chart) for s in all_sections(rich.sections) for b in s.body)
    assert len(passes) >= 2 and charts >= 1
    assert len(drawn) == charts


def test_theme_switch_pdfa_makes_the_handout_pdfa_2b(rich, tmp_path):
    """`pdf: {pdfa: true}` in a theme: an sRGB output intent, XMP saying PDF/A-2b (with the
    extension schema for `pdfuaid`) that agrees with the document information, every font
    embedded, the metadata unfiltered; still tagged PDF/UA-1. The default theme adds none of it.
    (No PDF/A validator installs here; these are the points it would check that we control.)"""
    import pikepdf

    folder = tmp_path / "archival"
    folder.mkdir()
    (folder / "theme.yaml").write_text("inherit: default\npdf:\n  pdfa: true\n", encoding="utf-8")
    data = render(rich, load_theme(str(folder)))
    with pikepdf.open(io.BytesIO(data)) as pdf:
        (intent,) = pdf.Root.OutputIntents
        assert intent.S == "/GTS_PDFA1" and intent.DestOutputProfile.N == 3
        icc = intent.DestOutputProfile.read_bytes()
        assert icc[36:40] == b"acsp" and icc[16:20] == b"RGB "
        assert "/Filter" not in pdf.Root.Metadata
        raw = pdf.Root.Metadata.read_bytes()
        assert b"<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>" in raw
        meta = pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False)
        assert meta.pdfa_status == "2B"
        assert meta["pdfuaid:part"] == "1"
        info = pdf.docinfo
        assert meta["dc:title"] == str(info.Title)
        assert meta["pdf:Producer"] == str(info.Producer)
        assert meta["xmp:CreatorTool"] == str(info.Creator)
        assert meta["pdf:Keywords"] == str(info.Keywords)
        created = str(info.CreationDate)
        assert meta["xmp:CreateDate"].replace("-", "").replace(":", "").replace("T", "")[:14] == created[2:16]
        from reportgen.render.pdftag.pdfa import problems

        assert problems(pdf) == [] and not pdf.is_encrypted
        assert all(int(a.F) & 4 for p in pdf.pages for a in p.get("/Annots", []))
        assert pdf.Root.MarkInfo.Marked and "/StructTreeRoot" in pdf.Root
    with pikepdf.open(io.BytesIO(render(rich, load_theme()))) as plain:
        assert "/OutputIntents" not in plain.Root
        assert b"pdfaid" not in plain.Root.Metadata.read_bytes()
    # -- the readers and the PDF/UA checker at hand take it as they take the others --
    path = tmp_path / "archival.pdf"
    path.write_bytes(data)
    for tool, args in (("qpdf", ["--check"]), ("gs", ["-q", "-dNOPAUSE", "-dBATCH", "-sDEVICE=nullpage"]),
                       ("outloud", ["-q", "--fail-on", "error"])):
        exe = shutil.which(tool)
        if exe:
            r = subprocess.run([exe, *args, str(path)], capture_output=True, text=True, timeout=300)
            assert r.returncode == 0, (tool, r.stdout[-2000:], r.stderr[-2000:])


def test_pdfa_is_not_claimed_when_a_font_is_not_embedded(tmp_path):
    """A font that is not embedded (a standard font) keeps the file from PDF/A: the handout
    says so in a warning and does not claim it."""
    import pikepdf
    from reportlab.pdfgen import canvas

    from reportgen.render.pdftag.pdfa import make_pdfa, problems

    c = canvas.Canvas(str(tmp_path / "x.pdf"))
    c.setFont("Helvetica", 12)
    c.drawString(72, 720, "Hello")
    c.save()
    with pikepdf.open(tmp_path / "x.pdf") as pdf:
        assert problems(pdf) == ["font Helvetica is not embedded"]
        with pytest.warns(ReportgenWarning, match="not made PDF/A-2b.*Helvetica is not embedded"):
            assert make_pdfa(pdf) == ""
        assert "/OutputIntents" not in pdf.Root

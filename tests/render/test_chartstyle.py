"""One chart style in three formats (#12): a chart built as a Word chart part, a PowerPoint chart
frame and a handout drawing shows the same value axis (range, ticks, tick labels), the same
value labels, the same legend decision and the same axis title, read back from each file.

The Office files hold the axis as `c:min` / `c:max` / `c:majorUnit` and a number format: the
tick labels are what that format makes of each tick (`office_text`, written here from the
format code, independently of `chartstyle`). The handout's are the strings it draws, read back
with pypdf. With LibreOffice installed, the Office files are also converted and the tick
labels it draws are compared with the handout's.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from dataclasses import replace

import pytest
from lxml import etree
from pptx import Presentation
from pypdf import PdfReader
from reportlab.graphics import renderPDF

from reportgen.model import Chart, Series
from reportgen.render.chartstyle import axis
from reportgen.render.docx import render as render_docx
from reportgen.render.pdfcharts import Painter, drawing
from reportgen.render.pdffonts import FontSet
from reportgen.render.pptx import render as render_pptx
from reportgen.theme import load_theme
from tests.factory import rich_document

C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
CT_CHART = "application/vnd.openxmlformats-officedocument.drawingml.chart+xml"

NAMES = ["North Korea", "Russia", "Kim Jong-un", "Vladimir Putin", "Western nations",
         "United States", "South Korea", "Japan"]

#: the charts compared, with what a reader must see on each
CHARTS = {
    # -- the sample's chart: the handout ran 0-15 where Word and the deck ran 0-12 --
    "bar": Chart("bar", tuple(NAMES), (Series("Mentions", (11.0, 9.0, 7.0, 5.0, 5.0, 2.0, 1.0, 1.0)),),
                 "Mentions", "mentions", 1, "bar"),
    # -- thousands: "450000" in the deck's ticks beside "420,000" in its labels --
    "column": Chart("column", ("2022", "2023", "2024"),
                    (Series("Exports", (420000.0, 450000.0, 380000.0)),
                     Series("Imports", (310000.0, 298500.0, 402000.0))),
                    "Trade", "USD", 2, "column"),
    "line": Chart("line", ("Apr", "May", "Jun", "Jul"),
                  (Series("SMB", (2.0, 2.1, 2.6, 3.4)), Series("Enterprise", (1.4, 1.3, 1.5, 1.6))),
                  "Churn", "%", 3, "line", alt="Churn rises for SMB customers and stays flat for enterprise"),
    "pie": Chart("pie", ("Subscriptions", "Services", "Hardware"), (Series("Revenue", (6.5, 3.7, 2.2)),),
                 "Revenue by line", "m EUR", 4, "pie"),
    # -- billions: ticks in B, labels exact --
    "big": Chart("column", ("A", "B"), (Series("Budget", (2.5e9, 1.2e9)),), "Budget", "USD", 5, "big"),
}

EXPECTED = {
    "bar": {"ticks": ["0", "2", "4", "6", "8", "10", "12"],
            "labels": ["11", "9", "7", "5", "5", "2", "1", "1"], "legend": None},
    "column": {"ticks": ["0", "100,000", "200,000", "300,000", "400,000", "500,000"],
               "labels": ["420,000", "450,000", "380,000", "310,000", "298,500", "402,000"],
               "legend": "b"},
    "line": {"ticks": ["0", "1", "2", "3", "4"], "labels": [], "legend": "b"},
    "pie": {"ticks": [], "labels": ["6.5 (52%)", "3.7 (30%)", "2.2 (18%)"], "legend": "r"},
    "big": {"ticks": ["0.0B", "0.5B", "1.0B", "1.5B", "2.0B", "2.5B", "3.0B"],
            "labels": ["2,500,000,000", "1,200,000,000"], "legend": None},
}


def office_text(code: str, v: float) -> str:
    """What Office shows for `v` under the number format `code` (the subset reportgen writes:
    `#,##0`, decimals, trailing commas that divide by 1000, a quoted suffix)."""
    m = re.fullmatch(r'#,##0(?:\.(0+))?(,*)(?:"([^"]*)")?', code)
    assert m, f"unexpected number format {code!r}"
    decimals = len(m.group(1) or "")
    x = v / 1000 ** len(m.group(2))
    return f"{x:,.{decimals}f}" + (m.group(3) or "")


def read_office_chart(root: etree._Element) -> dict:
    """Axis, tick labels, value labels, legend position and axis title of one chart part."""
    out: dict = {"ticks": [], "labels": [], "legend": None, "title": None}
    va = root.find(f".//{C}valAx")
    if va is not None:
        lo = float(va.find(f"{C}scaling/{C}min").get("val"))
        hi = float(va.find(f"{C}scaling/{C}max").get("val"))
        step = float(va.find(f"{C}majorUnit").get("val"))
        code = va.find(f"{C}numFmt").get("formatCode")
        assert va.find(f"{C}numFmt").get("sourceLinked") == "0"
        n = round((hi - lo) / step)
        out["ticks"] = [office_text(code, lo + i * step) for i in range(n + 1)]
        title = va.find(f"{C}title")
        out["title"] = "".join(title.itertext()).strip() if title is not None else None
    for ser in root.iter(f"{C}ser"):
        custom = [dl for dl in ser.iter(f"{C}dLbl") if dl.find(f"{C}tx") is not None]
        if custom:
            out["labels"] += ["".join(t.text or "" for t in dl.iter(f"{A}t")) for dl in custom]
            continue
        dls = ser.getparent().find(f"{C}dLbls")
        if dls is None or dls.find(f"{C}showVal") is None or dls.find(f"{C}showVal").get("val") != "1":
            continue
        code = dls.find(f"{C}numFmt").get("formatCode")
        out["labels"] += [office_text(code, float(v.text)) for v in ser.find(f"{C}val").iter(f"{C}v")]
    legend = root.find(f".//{C}legend")
    if legend is not None:
        pos = legend.find(f"{C}legendPos")
        out["legend"] = pos.get("val", "r") if pos is not None else "r"
    chart_title = root.find(f".//{C}chart/{C}title")
    out["heading"] = "".join(chart_title.itertext()).strip() if chart_title is not None else None
    return out


@pytest.fixture(scope="module")
def theme():
    return load_theme()


@pytest.fixture(scope="module")
def files(tmp_path_factory, theme):
    """The brief and the deck of a document whose one section holds the five charts."""
    folder = tmp_path_factory.mktemp("charts")
    doc = rich_document(folder)
    s2 = replace(doc.sections[1], body=tuple(replace(c, origin=f"sections[1].body[{i}]", number=i + 1)
                                              for i, c in enumerate(CHARTS.values())))
    doc = replace(doc, sections=(doc.sections[0], s2))
    return render_docx(doc, theme), render_pptx(doc, theme)


def docx_charts(data: bytes) -> list[etree._Element]:
    import docx

    d = docx.Document(io.BytesIO(data))
    parts = [p for p in d.part.package.iter_parts() if p.content_type == CT_CHART]
    parts.sort(key=lambda p: int(re.search(r"(\d+)\.xml$", str(p.partname)).group(1)))
    return [etree.fromstring(p.blob) for p in parts]


def pptx_charts(data: bytes) -> list[tuple[etree._Element, str]]:
    """Each chart part of the deck with its frame's alt text, in slide order."""
    prs = Presentation(io.BytesIO(data))
    out = []
    for slide in prs.slides:
        for sh in slide.shapes:
            if getattr(sh, "has_chart", False) and sh.has_chart:
                out.append((etree.fromstring(sh.chart.part.blob), sh._element.nvGraphicFramePr.cNvPr.get("descr")))
    return out


def pdf_strings(chart: Chart, theme) -> list[tuple[str, float, float]]:
    """The strings the handout draws for `chart`, with their x and y, in drawing order."""
    d = drawing(chart, theme, FontSet(theme), 450, 600)
    reader = PdfReader(io.BytesIO(renderPDF.drawToString(d)))
    out: list[tuple[str, float, float]] = []

    def visit(text, cm, tm, *_):
        if text.strip():
            out.append((text.strip(), tm[4] * cm[0] + tm[5] * cm[2] + cm[4], tm[4] * cm[1] + tm[5] * cm[3] + cm[5]))

    reader.pages[0].extract_text(visitor_text=visit)
    return out


def read_pdf_chart(chart: Chart, theme) -> dict:
    strings = pdf_strings(chart, theme)
    texts = [s for s, _, _ in strings]
    painter = Painter(theme, FontSet(theme))
    numeric = [(s, x, y) for s, x, y in strings
               if re.fullmatch(r"-?[\d,.]+[MBT]?", s) and s not in chart.categories]
    ticks: list[str] = []
    on_axis: list[tuple[str, float, float]] = []
    if chart.kind != "pie":
        # -- tick labels: the numbers in one row with the lowest tick (bar), or right-aligned
        # in one column with it (column, line) --
        low = axis([v for s in chart.series for v in s.values]).text(
            axis([v for s in chart.series for v in s.values]).low)
        _, x0, y0 = next(st for st in numeric if st[0] == low)
        if chart.kind == "bar":
            on_axis = [st for st in numeric if abs(st[2] - y0) < 0.5]
        else:
            right = x0 + painter.width(low)
            on_axis = [st for st in numeric if abs(st[1] + painter.width(st[0]) - right) < 0.5]
        ticks = [s for s, _, _ in on_axis]
    labels = [st[0] for st in numeric if st not in on_axis] + [s for s in texts if "%)" in s]
    names = [s.name for s in chart.series]
    legend = None
    if chart.kind == "pie":
        legend = "r" if all(c in texts for c in chart.categories) else None
    elif any(n in texts for n in names):
        legend = "b"
    return {"ticks": ticks, "labels": labels, "legend": legend, "strings": strings}


@pytest.mark.parametrize("name", list(CHARTS))
def test_axis_labels_and_legend_agree_in_brief_deck_and_handout(name, files, theme):
    chart = CHARTS[name]
    want = EXPECTED[name]
    i = list(CHARTS).index(name)
    brief = read_office_chart(docx_charts(files[0])[i])
    deck_root, descr = pptx_charts(files[1])[i]
    deck = read_office_chart(deck_root)
    handout = read_pdf_chart(chart, theme)
    for fmt, got in (("brief", brief), ("deck", deck), ("handout", handout)):
        assert got["ticks"] == want["ticks"], (fmt, got["ticks"])
        assert sorted(got["labels"]) == sorted(want["labels"]), (fmt, got["labels"])
        assert got["legend"] == want["legend"], (fmt, got["legend"])
    if chart.kind != "pie":
        assert brief["title"] == deck["title"] == chart.unit
        assert chart.unit in [s for s, _, _ in handout["strings"]]
        # -- one series: its name shows nowhere (no legend), in no format --
        if len(chart.series) == 1:
            assert chart.series[0].name not in [s for s, _, _ in handout["strings"]]
    else:
        heading = f"{chart.series[0].name} ({chart.unit})"
        assert brief["heading"] == deck["heading"] == heading
        assert heading in [s for s, _, _ in handout["strings"]]
    # -- the deck's chart frame carries alt text (a summary of the data here) --
    assert descr and chart.series[0].name in descr


def test_bar_value_axis_and_its_title_are_below_the_bars(files, theme):
    """The first category on top and the value axis with its title below, in every format (the
    deck had its value labels at the top and its axis title at the bottom)."""
    chart = CHARTS["bar"]
    for root in (docx_charts(files[0])[0], pptx_charts(files[1])[0][0]):
        assert root.find(f".//{C}catAx/{C}scaling/{C}orientation").get("val") == "maxMin"
        assert root.find(f".//{C}valAx/{C}crosses").get("val") == "max"
        cats = [v.text for v in root.find(f".//{C}ser/{C}cat").iter(f"{C}v")]
        assert cats == list(chart.categories)  # -- the workbook in the outline's order --
        # -- ids LibreOffice reads: one of 2^31 or more made it draw the bars from the right --
        ids = [int(e.get("val")) for e in root.iter(f"{C}axId", f"{C}crossAx")]
        assert ids and all(0 <= i < 2**31 for i in ids)
    strings = pdf_strings(chart, theme)
    y = {s: yy for s, _, yy in strings}
    assert y[chart.categories[0]] > y[chart.categories[-1]]  # -- first on top --
    assert y["12"] < y[chart.categories[-1]] and y[chart.unit] < y["12"]


def test_pie_starts_at_twelve_oclock_in_every_format(files, theme):
    for root in (docx_charts(files[0])[3], pptx_charts(files[1])[3][0]):
        assert root.find(f".//{C}firstSliceAng").get("val") == "0"
    from reportgen.render import pdfcharts

    d = pdfcharts.drawing(CHARTS["pie"], theme, FontSet(theme), 450, 600)
    pie = next(c for c in d.contents if c.__class__.__name__ == "Pie")
    assert (pie.startAngle, pie.direction) == (90, "clockwise")


def test_every_chart_frame_carries_alt_text(files):
    """The outline's `alt`, or a summary of the series in the document's words (#12)."""
    import docx

    deck = [descr for _, descr in pptx_charts(files[1])]
    d = docx.Document(io.BytesIO(files[0]))
    brief = [e.get("descr") for e in d.element.body.iter("{http://schemas.openxmlformats.org/drawingml/2006/"
                                                          "wordprocessingDrawing}docPr")
             if e.get("name", "").startswith("Chart")]
    assert deck == brief
    assert deck[2] == CHARTS["line"].alt
    assert deck[0] == ("Bar chart (mentions). Mentions: North Korea 11; Russia 9; Kim Jong-un 7; "
                       "Vladimir Putin 5; Western nations 5; United States 2; South Korea 1; Japan 1")
    assert deck[3].startswith("Pie chart (m EUR). Revenue: Subscriptions 6.5; Services 3.7")


def sheet_columns(xlsx: bytes) -> dict[str, list]:
    """The first sheet of a workbook as columns ("A": [...]), strings and numbers as stored."""
    import zipfile

    S = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    z = zipfile.ZipFile(io.BytesIO(xlsx))
    shared = [("".join(si.itertext())) for si in etree.fromstring(z.read("xl/sharedStrings.xml")).iter(f"{S}si")]
    cols: dict[str, list] = {}
    for c in etree.fromstring(z.read("xl/worksheets/sheet1.xml")).iter(f"{S}c"):
        v = c.find(f"{S}v")
        value = shared[int(v.text)] if c.get("t") == "s" else float(v.text)
        cols.setdefault(re.match(r"[A-Z]+", c.get("r")).group(0), []).append(value)
    return cols


def test_workbook_holds_the_series_in_outline_order(files):
    import docx

    d = docx.Document(io.BytesIO(files[0]))
    books = sorted((p for p in d.part.package.iter_parts() if str(p.partname).endswith(".xlsx")),
                   key=lambda p: int(re.search(r"(\d+)\.xlsx$", str(p.partname)).group(1)))
    bar = sheet_columns(books[0].blob)
    assert bar["A"] == NAMES and bar["B"] == ["Mentions", 11, 9, 7, 5, 5, 2, 1, 1]
    column = sheet_columns(books[1].blob)
    assert column["B"][0] == "Exports" and column["C"][0] == "Imports"


def _pages(pdf) -> list[str]:
    n = len(PdfReader(str(pdf)).pages)
    return [subprocess.run(["pdftotext", "-f", str(i), "-l", str(i), str(pdf), "-"], capture_output=True,
                           text=True, check=True).stdout for i in range(1, n + 1)]


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None or shutil.which("pdftotext") is None,
                    reason="LibreOffice (soffice) or poppler (pdftotext) not installed; .ci/run installs both")
def test_libreoffice_draws_the_handouts_tick_and_value_labels(files, tmp_path, theme):
    """What LibreOffice draws for the brief and the deck: the handout's tick and value labels."""
    (tmp_path / "brief.docx").write_bytes(files[0])
    (tmp_path / "deck.pptx").write_bytes(files[1])
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/lo", "--headless", "--convert-to",
                    "pdf", "--outdir", str(tmp_path / "out"), str(tmp_path / "brief.docx"),
                    str(tmp_path / "deck.pptx")], check=True, capture_output=True, timeout=300)
    slides = _pages(tmp_path / "out" / "deck.pdf")
    brief = " ".join(" ".join(_pages(tmp_path / "out" / "brief.pdf")).split())
    for name, chart in CHARTS.items():
        slide = next(s for s in slides if chart.label in s)
        tokens = slide.split()
        flat = " ".join(tokens)
        for tick in EXPECTED[name]["ticks"]:
            assert tick in tokens, (name, tick, tokens)
        for label in EXPECTED[name]["labels"]:
            assert label in flat, (name, label)
            assert label in brief, (name, label)
        if len(chart.series) == 1 and chart.kind != "pie":
            assert chart.series[0].name not in flat.replace(chart.label, "")  # -- no legend: one series --
    # -- the bar chart's axis ends at 12, as in the handout (it ran to 15 there) --
    bar = next(s for s in slides if CHARTS["bar"].label in s).split()
    assert "14" not in bar and "15" not in bar
    for tick in ("100,000", "500,000", "0.5B", "3.0B"):
        assert tick in brief.split()

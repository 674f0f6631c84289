"""One look across three formats: the sample built with every shipped theme and with a
corporate theme (reference.docx + reference.pptx + logo), read back."""

from __future__ import annotations

import io

import pytest
from docx import Document as DocxDocument
from docx.shared import Inches, Pt, RGBColor
from PIL import Image as PILImage
from pptx import Presentation
from pypdf import PdfReader

from reportgen.build import plan, render_all
from reportgen.check import check_files
from reportgen.load import load
from reportgen.tailor import tailor, tailor_everything
from reportgen.theme import load_theme

from .conftest import SAMPLE
from .render.reference_pptx import BAND_COLOR, LAYOUT_NAMES, SAMPLE_TEXT, make_reference_pptx

DOCX_SAMPLE_TEXT = "TEXT OF THE WORD TEMPLATE THAT MUST NOT REACH THE BRIEF"
CORP_HEADING_FONT = "Georgia"
CORP_COLOR = "7A1F3D"


def build(theme: str, tmp_path):
    loaded = load(SAMPLE, allow_paths=(tmp_path,))
    outs = render_all(loaded, plan(loaded, ["analysts"], None), tmp_path / "out", theme=theme)
    return loaded, {o.fmt: o.data for o in outs}


def assert_check_clean(loaded, files):
    doc = tailor(loaded, "analysts")
    for rep in check_files(doc, files, tailor_everything(loaded)):
        assert rep.findings == [], f"{rep.fmt}: {rep.findings[:3]}"


def heading_color(docx_bytes):
    d = DocxDocument(io.BytesIO(docx_bytes))
    style = d.styles["Heading 1"]
    return str(style.font.color.rgb) if style.font.color and style.font.color.rgb else None, d


def first_title_color(pptx_bytes):
    prs = Presentation(io.BytesIO(pptx_bytes))
    for slide in list(prs.slides)[1:]:
        title = slide.shapes.title
        if title is not None and title.text_frame.text.strip():
            for run in title.text_frame.paragraphs[0].runs:
                if run.font.color and run.font.color.type is not None:
                    return str(run.font.color.rgb)
            return None
    return None


def pdf_fonts(pdf_bytes):
    names = set()
    for page in PdfReader(io.BytesIO(pdf_bytes)).pages:
        fonts = page.get("/Resources", {}).get("/Font", {})
        for f in fonts.values():
            names.add(str(f.get_object().get("/BaseFont")))
    return names


@pytest.mark.parametrize("name", ["default", "print", "meridian"])
def test_sample_with_each_shipped_theme(name, tmp_path):
    loaded, files = build(name, tmp_path)
    assert_check_clean(loaded, files)
    theme = load_theme(name)
    color, d = heading_color(files["docx"])
    assert color == theme.colors.primary
    assert first_title_color(files["pptx"]) == theme.colors.primary
    # -- PowerPoint colours hyperlinks from the slide theme, not the run: it must be the link colour --
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT

    prs = Presentation(io.BytesIO(files["pptx"]))
    scheme = prs.slide_masters[0].part.part_related_by(RT.THEME).blob.decode()
    assert f'<a:hlink><a:srgbClr val="{theme.colors.link}"' in scheme
    fonts = pdf_fonts(files["pdf"])
    heading_file = theme.font_paths["heading"].bold.stem.split("-")[0]
    assert any(heading_file in f for f in fonts), fonts
    w, h = (float(x) for x in PdfReader(io.BytesIO(files["pdf"])).pages[0].mediabox[2:])
    assert (round(w), round(h)) == tuple(round(x) for x in theme.page_size_pt)
    assert abs(d.sections[0].page_width.pt - theme.page_size_pt[0]) < 1


@pytest.fixture
def corporate(tmp_path):
    """A house theme: renamed layouts and moved placeholders, Georgia headings, Letter pages, a logo."""
    folder = tmp_path / "templates" / "corp"
    folder.mkdir(parents=True)
    (folder / "theme.yaml").write_text(
        "inherit: default\n"
        "name: corp\n"
        f'colors: {{primary: "{CORP_COLOR}"}}\n'
        "logo: logo.png\n"
        "page: {size: Letter}\n"
        "slide:\n  layouts:\n" + "".join(f"    {k}: {v}\n" for k, v in LAYOUT_NAMES.items()),
        encoding="utf-8")
    make_reference_pptx(folder / "reference.pptx")
    d = DocxDocument()
    sec = d.sections[0]
    sec.page_width, sec.page_height = Inches(8.5), Inches(11)
    h1 = d.styles["Heading 1"]
    h1.font.name = CORP_HEADING_FONT
    h1.font.size = Pt(18)
    h1.font.color.rgb = RGBColor.from_string(CORP_COLOR)
    d.add_paragraph(DOCX_SAMPLE_TEXT)
    d.save(folder / "reference.docx")
    PILImage.new("RGB", (300, 100), (122, 31, 61)).save(folder / "logo.png")
    return folder


def test_corporate_templates_are_used_and_their_content_dropped(corporate, tmp_path):
    loaded, files = build(str(corporate), tmp_path)
    assert_check_clean(loaded, files)

    d = DocxDocument(io.BytesIO(files["docx"]))
    h1 = d.styles["Heading 1"]
    assert h1.font.name == CORP_HEADING_FONT and str(h1.font.color.rgb) == CORP_COLOR
    assert round(d.sections[0].page_width.inches, 2) == 8.5
    text = "\n".join(p.text for p in d.paragraphs)
    assert DOCX_SAMPLE_TEXT not in text
    assert any(p.style.name == "Heading 1" for p in d.paragraphs)
    # -- the logo is the first picture of the brief, before the first heading --
    body = d.element.body.xml
    assert body.index("<pic:pic") < body.index("Heading1")

    prs = Presentation(io.BytesIO(files["pptx"]))
    used = {s.slide_layout.name for s in prs.slides}
    assert used <= set(LAYOUT_NAMES.values()), used
    assert all(SAMPLE_TEXT not in sh.text_frame.text for s in prs.slides for sh in s.shapes if sh.has_text_frame)
    master_xml = prs.slide_masters[0]._element.xml
    assert BAND_COLOR in master_xml  # -- the master's own design is kept --
    title_slide = prs.slides[0]
    assert any(sh.shape_type == 13 for sh in title_slide.shapes), "logo picture on the title slide"

    reader = PdfReader(io.BytesIO(files["pdf"]))
    w, h = (round(float(x)) for x in reader.pages[0].mediabox[2:])
    assert (w, h) == (612, 792)
    xobjects = reader.pages[0]["/Resources"].get("/XObject", {})
    assert any(x.get_object()["/Subtype"] == "/Image" for x in xobjects.values()), "logo on page 1"


def test_audience_theme_is_used_and_theme_flag_overrides(tmp_path):
    src = tmp_path / "o.yaml"
    src.write_text(
        "meta: {title: T}\n"
        "audiences:\n  a: {formats: [docx]}\n  b: {formats: [docx], theme: print}\n"
        "sections: [{title: S}]\n", encoding="utf-8")
    loaded = load(src)
    outs = {o.audience: o.data for o in render_all(loaded, plan(loaded, None, None), tmp_path)}
    assert heading_color(outs["a"])[0] == load_theme("default").colors.primary
    assert heading_color(outs["b"])[0] == "000000"
    outs = {o.audience: o.data for o in render_all(loaded, plan(loaded, None, None), tmp_path, theme="meridian")}
    assert heading_color(outs["b"])[0] == load_theme("meridian").colors.primary



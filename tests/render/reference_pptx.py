"""A reference.pptx made in code, for running every deck test with a template too.

Its layouts are renamed ("Corp ..."), its placeholders moved (titles to the bottom), its master
has a tinted background and a coloured band, and it carries a sample slide listed in a
`p14:sectionLst`, which the renderer must remove without leaving a broken section (#67).
"""

from __future__ import annotations

from pathlib import Path

from lxml import etree
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_SHAPE
from pptx.util import Emu, Inches

from reportgen.theme import Theme, load_theme

#: role -> layout name in the reference file
LAYOUT_NAMES = {
    "title": "Corp Title",
    "section": "Corp Section",
    "content": "Corp Content",
    "two_content": "Corp Two Content",
    "title_only": "Corp Title Only",
    "blank": "Corp Blank",
}
_DEFAULT_NAMES = {
    "Title Slide": "title",
    "Section Header": "section",
    "Title and Content": "content",
    "Two Content": "two_content",
    "Title Only": "title_only",
    "Blank": "blank",
}
SAMPLE_TEXT = "SAMPLE SLIDE OF THE TEMPLATE"
BAND_COLOR = "7A1F3D"

_P14 = "http://schemas.microsoft.com/office/powerpoint/2010/main"
_P = "http://schemas.openxmlformats.org/presentationml/2006/main"


def make_reference_pptx(path: Path) -> Path:
    """Write the reference deck to `path`."""
    prs = Presentation()
    prs.slide_width, prs.slide_height = Inches(13.333), Inches(7.5)
    master = prs.slide_masters[0]
    master.background.fill.solid()
    master.background.fill.fore_color.rgb = RGBColor.from_string("FAF7F0")
    # -- a master has no add_shape: draw the band on a scratch slide and move it over --
    scratch = prs.slides.add_slide(master.slide_layouts[6])
    band = scratch.shapes.add_shape(MSO_SHAPE.RECTANGLE, 0, Inches(7.38), Inches(13.333), Inches(0.12))
    band.fill.solid()
    band.fill.fore_color.rgb = RGBColor.from_string(BAND_COLOR)
    band.line.fill.background()
    master.shapes._spTree.append(band._element)
    sld = prs.slides._sldIdLst[0]
    prs.part.drop_rel(sld.rId)
    prs.slides._sldIdLst.remove(sld)
    for layout in master.slide_layouts:
        if layout.name in _DEFAULT_NAMES:
            layout.name = LAYOUT_NAMES[_DEFAULT_NAMES[layout.name]]
        for ph in layout.placeholders:
            # -- moved and squeezed: the renderer must not depend on where the template puts them --
            if ph.placeholder_format.idx == 0:
                ph.left, ph.top, ph.width, ph.height = Inches(1), Inches(6), Inches(4), Emu(300000)
            elif ph.placeholder_format.idx == 1:
                ph.left, ph.top, ph.width, ph.height = Inches(7), Inches(0.5), Inches(3), Inches(2)
    sample = prs.slides.add_slide(master.slide_layouts[0])
    sample.shapes.title.text = SAMPLE_TEXT
    slide_id = prs.slides._sldIdLst[0].get("id")
    pres = prs.part._element
    ext_lst = etree.SubElement(pres, f"{{{_P}}}extLst")
    ext = etree.SubElement(ext_lst, f"{{{_P}}}ext", uri="{521415D9-36F7-43E2-AB2F-B90AF26B5E84}")
    sec_lst = etree.SubElement(ext, f"{{{_P14}}}sectionLst", nsmap={"p14": _P14})
    sec = etree.SubElement(sec_lst, f"{{{_P14}}}section", name="Samples",
                           id="{0B7B6B0E-9C1B-4E0B-8F3A-2D7C2C1E5A11}")
    ids = etree.SubElement(sec, f"{{{_P14}}}sldIdLst")
    etree.SubElement(ids, f"{{{_P14}}}sldId", id=slide_id)
    prs.save(str(path))
    return path


def reference_theme(folder: Path, layouts: dict[str, str] | None = None) -> Theme:
    """A theme folder `folder` that inherits the default theme and has the reference deck."""
    folder.mkdir(parents=True, exist_ok=True)
    make_reference_pptx(folder / "reference.pptx")
    names = layouts or LAYOUT_NAMES
    lines = ["inherit: default", "slide:", "  layouts:"]
    lines += [f"    {role}: {name}" for role, name in names.items()]
    (folder / "theme.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return load_theme(str(folder))

"""The brief and the handout set each kind of text alike: one table of text roles
(`reportgen/render/roles.py`) gives both their size, colour, font, weight and slant.

The brief's styles are read back from a built .docx (python-docx, following `basedOn` as Word
does); the handout's are the ParagraphStyles of `pdfctx.make_styles`. The theme is given the
brief's sizes for the handout too, so that both formats must come to the same numbers: a role
edited on one side only fails here.
"""

from __future__ import annotations

import dataclasses
import io

import docx
import pytest
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml.ns import qn

from reportgen.render import docx as rdocx
from reportgen.render.docx.styles import INK as BRIEF_INK
from reportgen.render.docx.styles import WORD_STYLES
from reportgen.render.pdf import INK as HANDOUT_INK
from reportgen.render.pdfctx import make_styles
from reportgen.render.pdffonts import FontSet
from reportgen.render.roles import ROLES
from reportgen.theme import Theme, load_theme
from tests.factory import rich_document

#: the roles both formats must have a style for
SHARED = {"body", "title", "subtitle", "h1", "h2", "h3", "lead", "label", "byline", "caption", "note",
          "table", "quote", "attribution", "source", "toc1", "toc2", "toc3", "marking", "footer"}


@dataclasses.dataclass(frozen=True)
class Look:
    size: float
    color: str
    fonts: frozenset[str]  #: the font names it may be (a face can be shared by two families)
    bold: bool
    italic: bool

    def same(self, other: Look) -> bool:
        return (self.size, self.color, self.bold, self.italic) == (other.size, other.color, other.bold,
                                                                   other.italic) and bool(self.fonts & other.fonts)


def _same_sizes(theme: Theme) -> Theme:
    """`theme` whose handout is set at the brief's sizes."""
    sizes = theme.config.sizes.model_copy(update={"handout": theme.config.sizes.brief})
    return dataclasses.replace(theme, config=theme.config.model_copy(update={"sizes": sizes}))


@pytest.fixture(scope="module", params=["default", "meridian"])
def theme(request):
    return _same_sizes(load_theme(request.param))


@pytest.fixture(scope="module")
def brief(theme, tmp_path_factory):
    data = rdocx.render(rich_document(tmp_path_factory.mktemp("roles")), theme)
    return docx.Document(io.BytesIO(data))


@pytest.fixture(scope="module")
def handout(theme):
    fonts = FontSet(theme)
    return make_styles(theme, fonts), fonts


def _inherited(style, get):
    while style is not None:
        v = get(style)
        if v is not None:
            return v
        style = style.base_style
    return None


def word_look(d, name: str) -> Look:
    st = d.styles[name]
    size = _inherited(st, lambda s: s.font.size.pt if s.font.size is not None else None)
    color = _inherited(st, lambda s: str(s.font.color.rgb) if s.font.color.rgb is not None else None)
    font = _inherited(st, lambda s: s.font.name)
    return Look(size, color, frozenset({font}), bool(_inherited(st, lambda s: s.font.bold)),
                bool(_inherited(st, lambda s: s.font.italic)))


def face_look(theme: Theme, fonts: FontSet, face: str, size: float, color: str) -> Look:
    """What a handout style with reportlab face `face` looks like, in the theme's font names."""
    found = [(key, style) for key, fam in fonts.roles.items() for style, name in fam.names.items() if name == face]
    assert found, f"{face} is not one of the theme's role fonts"
    names = frozenset(getattr(theme.fonts, key) for key, _ in found)
    style = found[0][1]
    return Look(size, color.upper(), names, style in ("bold", "bold_italic"), style in ("italic", "bold_italic"))


def pdf_look(theme: Theme, fonts: FontSet, ps) -> Look:
    return face_look(theme, fonts, ps.fontName, ps.fontSize, ps.textColor.hexval()[2:])


def table_look(theme: Theme, role: str) -> Look:
    r = ROLES[role]
    return Look(r.pt(theme.sizes.brief), r.rgb(theme.colors), frozenset({getattr(theme.fonts, r.font)}),
                r.bold, r.italic)


def test_both_formats_have_a_style_for_every_shared_role(handout):
    styles, _ = handout
    assert set(WORD_STYLES) >= SHARED
    assert set(styles.roles) >= SHARED


@pytest.mark.parametrize("role", sorted(SHARED))
def test_a_role_looks_the_same_in_the_brief_and_the_handout(theme, brief, handout, role):
    """Size, colour, font, weight and slant of the brief's Word style for `role` (read back
    from styles.xml) equal those of the handout's ParagraphStyle, and the role table's."""
    styles, fonts = handout
    in_brief = word_look(brief, WORD_STYLES[role])
    in_handout = pdf_look(theme, fonts, styles.roles[role])
    assert in_brief.same(in_handout), f"{role}: brief {in_brief} != handout {in_handout}"
    assert in_brief.same(table_look(theme, role)), f"{role}: brief {in_brief} != roles.py"


def test_the_table_header_row_looks_the_same_in_the_brief_and_the_handout(theme, brief, handout):
    """The brief sets its header row as runs on the table-text style: bold, in the header colour."""
    styles, fonts = handout
    row = next(tr for tr in brief.element.body.iter(qn("w:tr")) if tr.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None)
    rpr = row.find(f".//{qn('w:r')}/{qn('w:rPr')}")
    style = row.find(f".//{qn('w:pStyle')}").get(qn("w:val"))
    base = word_look(brief, brief.styles.get_by_id(style, WD_STYLE_TYPE.PARAGRAPH).name)
    in_brief = dataclasses.replace(base, color=rpr.find(qn("w:color")).get(qn("w:val")),
                                   bold=rpr.find(qn("w:b")) is not None)
    assert in_brief.same(pdf_look(theme, fonts, styles.roles["table_header"]))
    assert in_brief.same(table_look(theme, "table_header"))


def test_a_callout_title_looks_the_same_in_the_brief_and_the_handout(theme, brief, handout):
    """The brief sets a callout's title as a run in a Label paragraph, at the box title's size;
    both formats then colour it with the callout's border colour."""
    styles, fonts = handout
    title = next(p for p in brief.paragraphs if p.text == "Why it matters")
    run = title.runs[0]
    base = word_look(brief, title.style.name)
    in_brief = dataclasses.replace(base, size=run.font.size.pt, color=ROLES["box_title"].rgb(theme.colors))
    assert in_brief.same(pdf_look(theme, fonts, styles.roles["box_title"]))
    assert in_brief.same(table_look(theme, "box_title"))


@pytest.mark.parametrize("ink, roles", [(BRIEF_INK, set(WORD_STYLES) | {"table_header", "box_title"}),
                                        (HANDOUT_INK, None)], ids=["brief", "handout"])
def test_the_ink_tables_name_each_roles_colour_and_claim_bold_only_where_it_is(handout, ink, roles):
    """`reportgen themes check` judges contrast from the INK tables: every role colour a format
    sets is there, and no entry calls a colour bold (judged as large text sooner) that some
    role draws in regular weight, unless another entry for that colour says regular."""
    styles, _ = handout
    for role in sorted(roles if roles is not None else set(styles.roles)):
        r = ROLES[role]
        entries = [i for i in ink if i.fg == r.color]
        assert entries, f"{role}: colour {r.color} is not in the INK table"
        if not r.bold:
            assert any(not i.bold for i in entries), f"{role}: {r.color} drawn regular, INK says bold only"


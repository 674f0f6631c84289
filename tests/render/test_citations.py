"""Citation typography in the three formats (#12): a citation never starts a line, a group
"[1, 3]" never breaks inside, and the punctuation after it is outside its link.

A paragraph with a citation after every few words is laid out in the handout at several
widths, so that lines end at many different places; the lines pypdf reads back are checked.
The brief and the deck are checked in their XML: Word and PowerPoint do not break at a no-break
space, and the deck's citations are plain runs (LibreOffice breaks around a linked run).
"""

from __future__ import annotations

import io
import re
from dataclasses import replace

import pypdf
import pytest
from docx import Document as open_docx
from docx.oxml.ns import qn

from reportgen.model import Paragraph
from reportgen.render.docx import render as render_docx
from reportgen.render.pdf import render as render_pdf
from reportgen.theme import load_theme
from tests.factory import rich_document, t

WORDS = ("The pact binds both parties", "Moscow may supply technology", "Seoul and Tokyo are alarmed",
         "Beijing stays cautious", "sanctions may weaken", "the treaty text is public")


def cited_paragraph(n: int = 24) -> str:
    """Sentences of varying length, each ending in a citation or a group and a full stop."""
    out = []
    for i in range(n):
        cite = "[@kcna; @reuters]" if i % 2 else "[@kcna]"
        out.append(" ".join(WORDS[j % len(WORDS)] for j in range(i % 4 + 1)) + f" {cite}.")
    return " ".join(out)


@pytest.fixture(scope="module")
def doc(tmp_path_factory):
    d = rich_document(tmp_path_factory.mktemp("cites"))
    s0 = replace(d.sections[0], body=(Paragraph(t(cited_paragraph()), "sections[0].body[0]"),), sections=())
    return replace(d, sections=(s0,), appendix=())


@pytest.mark.parametrize("scale", [0.8, 1.0, 1.13, 1.27, 1.4, 1.6])
def test_handout_never_starts_a_line_with_a_citation_nor_breaks_a_group(doc, scale):
    theme = load_theme()
    # -- other widths move every line break --
    page = theme.config.page
    margins = page.margins.model_copy(update={"left": page.margins.left * scale})
    theme = replace(theme, config=theme.config.model_copy(
        update={"page": page.model_copy(update={"margins": margins})}))
    reader = pypdf.PdfReader(io.BytesIO(render_pdf(doc, theme)))
    lines = [ln.strip() for page in reader.pages for ln in page.extract_text().splitlines()]
    lines = lines[:len(lines) - lines[::-1].index("Sources") - 1]  # -- not the source list's "[1] ..." --
    body = [ln for ln in lines if "[" in ln or ln.endswith(("1,", "2]."))]
    assert len(body) > 5
    for ln in lines:
        assert not ln.startswith("["), ln
        assert not re.search(r"\[\d+,$", ln), ln  # -- "[1," at a line's end: the group broke --
        assert not re.match(r"^\d+\]", ln), ln


def test_brief_ties_citations_and_keeps_punctuation_outside_links(doc):
    d = open_docx(io.BytesIO(render_docx(doc, load_theme())))
    p = next(p for p in d.paragraphs if "Beijing" in p.text)
    nodes = list(p._p.iterchildren())
    links = [(k, n) for k, n in enumerate(nodes) if n.tag == qn("w:hyperlink")]
    assert len(links) > 20
    text = lambda n: "".join(x.text or "" for x in n.iter(qn("w:t")))  # noqa: E731
    for k, link in links:
        assert re.fullmatch(r"\d+", text(link))  # -- the number only: "]" and "." stay outside --
        before = text(nodes[k - 1])
        assert before.endswith(("\u00a0[", ",\u00a0")), before


# -- labels: the brief as the handout shows them (#12) -------------------------------------


def test_brief_labels_casing_colours_and_bullets_as_in_the_handout(tmp_path):
    from reportgen.render import bullet_chars
    from reportgen.render.pdf import render as pdf

    theme = load_theme()
    doc = rich_document(tmp_path)
    d = open_docx(io.BytesIO(render_docx(doc, theme)))
    texts = [p.text for p in d.paragraphs] + [p.text for t in d.tables for row in t.rows
                                              for c in row.cells for p in c.paragraphs]
    handout = "\n".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf(doc, theme))).pages)
    # -- "Bottom line up front" as the labels table writes it, not "BOTTOM LINE UP FRONT" --
    assert doc.labels.bluf in texts and doc.labels.bluf in handout
    assert doc.labels.bluf.upper() not in texts
    # -- "Key points" in blue (the handout's label colour), owner and due lines in grey --
    label = d.styles["Label"].font.color.rgb
    assert str(label) == theme.colors.secondary
    owner = next(r for p in d.paragraphs for r in p.runs if r.text.startswith(doc.labels.owner))
    assert str(owner.font.color.rgb) == theme.colors.muted and not owner.bold
    # -- one set of bullets: the theme's, in the brief's numbering as in the handout's lists --
    point = next(p for p in d.paragraphs if p.text.startswith("Political, economic"))
    num_id = point._p.pPr.numPr.numId.val
    numbering = d.part.numbering_part.element
    num = next(n for n in numbering.findall(qn("w:num")) if n.get(qn("w:numId")) == str(num_id))
    aid = num.find(qn("w:abstractNumId")).get(qn("w:val"))
    abstract = next(a for a in numbering.findall(qn("w:abstractNum")) if a.get(qn("w:abstractNumId")) == aid)
    chars = [lvl.find(qn("w:lvlText")).get(qn("w:val")) for lvl in abstract.findall(qn("w:lvl"))][:3]
    assert tuple(chars) == bullet_chars(theme)

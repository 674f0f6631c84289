"""The context every writer of the brief gets: the python-docx document opened on the theme's
reference.docx or python-docx's default template, the tailored document, the theme, the page's
text area, counters, and the style-name cache."""

from __future__ import annotations

import io
from typing import Any

import docx
from docx.oxml.ns import qn
from docx.shared import Emu

from ...errors import InputError
from ...model import Document, Text
from ...theme import Theme
from ..ooxml import read_template, template_as_document
from .lists import add_list_definitions
from .page import setup_page
from .runs import add_text
from .styles import setup_styles


class Ctx:
    """What handlers need: the python-docx document, the model, the theme, counters."""

    def __init__(self, document: Document, theme: Theme) -> None:
        self.document = document
        self.theme = theme
        self.referenced = theme.reference_docx is not None
        #: the `dir:` of the part being written: the document's, or its section's (`section`)
        self.direction = document.meta.dir
        self.doc = open_base(theme)
        self._bookmark = 0
        self._charts = 0
        self._style_ids: dict[str, str] = {}
        self.bullet_abstract, self.number_abstract = add_list_definitions(self)
        section = self.doc.sections[0]
        if not self.referenced:
            setup_page(section, theme)
        self.text_width = Emu(int(section.page_width - section.left_margin - section.right_margin))
        self.text_height = Emu(
            int(section.page_height - section.top_margin - section.bottom_margin)
        )
        setup_styles(self)

    def bookmark_id(self) -> int:
        self._bookmark += 1
        return self._bookmark

    def chart_number(self) -> int:
        self._charts += 1
        return self._charts

    def style_id(self, name: str) -> str:
        # -- python-docx resolves a style name by scanning every style, per paragraph: a brief
        # of 150 paragraphs spent half its time there --
        sid = self._style_ids.get(name)
        if sid is None:
            sid = self._style_ids[name] = self.doc.styles[name].style_id
        return sid

    def set_style(self, p: Any, name: str) -> None:
        p._p.get_or_add_pPr().style = self.style_id(name)

    def set_run_style(self, r: Any, name: str) -> None:
        r._r.get_or_add_rPr().style = self.style_id(name)

    def para(self, style: str, text: Text | str | None = None) -> Any:
        p = self.doc.add_paragraph()
        self.set_style(p, style)
        if text:
            add_text(self, p, text)
        return p


def open_base(theme: Theme) -> Any:
    """python-docx's default template, or the theme's reference.docx with its body cleared."""
    ref = theme.reference_docx
    if ref is None:
        return docx.Document()
    # -- python-docx refuses the template content type: relabel it in memory --
    data = template_as_document(read_template(ref, "Word"), ref.suffix)
    try:
        d = docx.Document(io.BytesIO(data))
    except Exception as e:  # noqa: BLE001 - python-docx raises several types for a broken package
        raise InputError(f"{ref}: not a readable Word file ({type(e).__name__}: {e}); save it "
                         "again from Word as .docx or .dotx") from None
    body = d.element.body
    # -- the reference file's sample text must not reach the brief; its final sectPr (page
    # setup, header and footer references) stays --
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    return d

"""Reading files back: the text a reader sees in a brief, deck or handout, in reading order,
with the page furniture (marking, page numbers) apart."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import accumulate
from typing import Any

from ..labels import ENGLISH, Labels
from ..render.slides import CONTINUED_ROW_TABLE
from .text import WS


@dataclass
class Extracted:
    """A file's text in reading order, and per page/slide for the marking check."""

    text: str
    pages: list[str] = field(default_factory=list)
    #: what a reader sees as page furniture: per page (pdf) or header/footer text (docx)
    furniture: list[str] = field(default_factory=list)
    page_numbers: bool = False
    #: the file's document properties (title, subject, keywords, category, status; the PDF's
    #: information dictionary), joined: where the banner must stand too; None when the reader
    #: does not read properties
    metadata: str | None = None
    #: where each page's content starts in `text` (paginated formats whose reader knows)
    page_starts: list[int] = field(default_factory=list)


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
_C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"


def _chart_texts(xml: bytes) -> list[str]:
    from lxml import etree

    root = etree.fromstring(xml)
    out = ["".join(t.itertext()) for t in root.iter(f"{_A}t")]  # title runs
    for ser in root.iter(f"{_C}ser"):
        for v in ser.find(f"{_C}tx").iter(f"{_C}v") if ser.find(f"{_C}tx") is not None else []:
            out.append(v.text or "")
    return out


def read_docx(data: bytes, labels: Labels = ENGLISH) -> Extracted:
    import docx
    from docx.oxml.ns import qn

    d = docx.Document(io.BytesIO(data))
    parts: list[str] = []
    body = d.element.body
    rels = d.part.rels

    def para_text(p: Any) -> str:
        texts = []
        for node in p.iter():
            if node.tag == qn("w:t") and node.text:
                texts.append(node.text)
            elif node.tag == qn("w:tab"):
                texts.append(" ")
            elif node.tag.endswith("}docPr") and node.get("descr"):
                texts.append(" " + node.get("descr") + " ")
            elif node.tag == f"{_C}chart":
                rid = node.get("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id")
                if rid in rels:
                    texts.append(" " + " ".join(_chart_texts(rels[rid].target_part.blob)) + " ")
        return "".join(texts)

    for child in body.iterchildren():
        if child.tag == qn("w:p"):
            parts.append(para_text(child))
        elif child.tag == qn("w:tbl") or child.tag == qn("w:sdt"):
            for p in child.iter(qn("w:p")):
                parts.append(para_text(p))
    furniture = []
    fields = ""
    for sec in d.sections:
        for hf in (sec.header, sec.footer, sec.first_page_header, sec.first_page_footer):
            if hf is None or hf.is_linked_to_previous and hf is not sec.header and hf is not sec.footer:
                continue
            xml = hf._element.xml
            fields += xml
            furniture.append(" ".join(para_text(p) for p in hf._element.iter(qn("w:p"))))
    page_numbers = bool(re.search(r"\bPAGE\b", fields) and re.search(r"\bNUMPAGES\b|\bSECTIONPAGES\b", fields))
    return Extracted("\n".join(parts), [], furniture, page_numbers, _core(d.core_properties))


#: names of the deck's text boxes that repeat on every slide (see render/pptx.py)
SLIDE_FURNITURE = ("Marking", "Slide Number", "Copy")
#: name of the deck's tracker line over a slide title (the section's number and title)
KICKER = "Kicker"


@dataclass
class _PptxTable:
    rows: list[list[str]]
    continues: bool


def read_pptx(data: bytes, labels: Labels = ENGLISH) -> Extracted:
    from pptx import Presentation

    prs = Presentation(io.BytesIO(data))
    pages = []
    content: list[str] = []
    speaker: list[str] = []

    def shape_texts(shapes: Any) -> Iterator[tuple[str, Any]]:
        """(kind, text) of each shape: kind "frame" for a whole text frame, else "cell" etc."""
        for sh in shapes:
            descr = sh._element.xpath("./*[1]/p:cNvPr/@descr")
            if descr:
                yield "alt", descr[0]
            if sh.shape_type is not None and sh.shape_type == 6:  # group
                yield from shape_texts(sh.shapes)
                continue
            if sh.has_text_frame:
                is_title = sh.is_placeholder and sh.placeholder_format.type in (1, 3)  # TITLE, CENTER_TITLE
                kind = ("title" if is_title else "furniture" if sh.name in SLIDE_FURNITURE
                        else "kicker" if sh.name == KICKER else "frame")
                yield kind, sh.text_frame.text
            if getattr(sh, "has_table", False) and sh.has_table:
                rows = [[cell.text for cell in row.cells] for row in sh.table.rows]
                yield "table", _PptxTable(rows, sh.name == CONTINUED_ROW_TABLE)
            if getattr(sh, "has_chart", False) and sh.has_chart:
                yield "chart", " ".join(_chart_texts(sh.chart.part.blob))

    found = [list(shape_texts(s.shapes)) for s in prs.slides]
    # -- a table row cut at a slide break continues as the first row under the repeated header
    # of the next slide's table: put its pieces back together, cell by cell --
    last: _PptxTable | None = None
    for item in (t for texts in found for kind, t in texts if kind == "table"):
        assert isinstance(item, _PptxTable)
        if item.continues and last is not None and len(item.rows) > 1 and len(last.rows) > 1:
            cont = item.rows.pop(1)
            last.rows[-1] = [a + b for a, b in zip(last.rows[-1], cont, strict=False)]
        if len(item.rows) > 1:  # -- a table of only the rest of a long row leaves it where it was --
            last = item
    slides = [[(k, t) for kind, t in texts
               for k, t in ([("cell", c) for row in t.rows for c in row] if isinstance(t, _PptxTable) else [(kind, t)])]
              for texts in found]
    # -- slide furniture: the marking and other frames repeated on most slides, slide numbers,
    # and the titles of "(cont.)" slides; left out of the content so that a bullet or table
    # continued on the next slide reads as one piece --
    # -- reportgen names its marking and slide-number boxes; in a deck without those names, a
    # frame repeated on most slides is taken for furniture (a point "bold" on two of three
    # slides is content, so the names come first) --
    counts: dict[str, int] = {}
    named = any(kind == "furniture" for texts in slides for kind, _ in texts)
    for texts in slides:
        for t in {t for kind, t in texts if kind == "frame" and t.strip()}:
            counts[t] = counts.get(t, 0) + 1
    repeated = set() if named else {t for t, c in counts.items() if len(slides) >= 3 and c >= 0.6 * len(slides)}
    last_kickers: list[str] = []
    for slide, texts in zip(prs.slides, slides, strict=True):
        notes = ""
        if slide.has_notes_slide and slide.notes_slide.notes_text_frame is not None:
            notes = slide.notes_slide.notes_text_frame.text
        pages.append("\n".join([t for _, t in texts] + [notes]))
        # -- on a "(cont.)" slide the title, and the tracker line above it where it repeats the
        # slide before's, say again what came before --
        again = any(kind == "title" and re.search(labels.continued_pattern(), t) for kind, t in texts)
        kickers = [t for kind, t in texts if kind == "kicker"]
        kept = [t for kind, t in texts
                if kind != "furniture" and not (kind == "frame" and (t in repeated or (not named and t.strip().isdigit())))
                and not (again and (kind == "title" or (kind == "kicker" and t in last_kickers)))]
        last_kickers = kickers
        content.append("\n".join(kept))
        speaker.append(notes)
    numbered = all(
        re.search(r'type="slidenum"', s._element.xml) for s in list(prs.slides)[1:]
    ) if len(prs.slides) > 1 else True
    # -- speaker notes after all slides: between a slide and its "(cont.)" slide they would cut
    # a bullet continued there in two (notes are not part of any order group) --
    return Extracted("\n".join(content + speaker), pages, pages, numbered, _core(prs.core_properties))


def read_pdf(data: bytes, labels: Labels = ENGLISH) -> Extracted:
    """The handout's text. Running header and footer are left out of the content text: those
    marked as pagination artifacts exactly, and in a file without such marks (made by another
    tool, or before reportgen marked them) the rows repeated at one height on every page."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    placed: list[list[tuple[str, float]]] = []
    content: list[str] = []
    pages = []
    marked = False
    for page in reader.pages:
        parts: list[tuple[str, float]] = []
        kept: list[str] = []
        depth = [0]

        def operator(op: bytes, args: list[Any], *_: Any, depth: list[int] = depth) -> None:
            if (op == b"BDC" and args and args[0] == "/Artifact") or (depth[0] and op in (b"BDC", b"BMC")):
                depth[0] += 1
            elif op == b"EMC" and depth[0]:
                depth[0] -= 1

        def visit(text: str, cm: list[float], tm: list[float], *_: Any, parts: list[tuple[str, float]] = parts,
                  kept: list[str] = kept, depth: list[int] = depth) -> None:
            parts.append((text, round(tm[4] * cm[1] + tm[5] * cm[3] + cm[5], 1)))
            if not depth[0]:
                kept.append(text)

        pages.append(page.extract_text(visitor_operand_before=operator, visitor_text=visit) or "")
        marked = marked or len(kept) < len(parts)
        placed.append(parts)
        content.append("".join(kept))
    n = len(pages)
    numbered = all(re.search(labels.page_pattern(i, n), pg) for i, pg in enumerate(pages, 1))
    info = " | ".join(str(v) for v in (reader.metadata or {}).values())
    kept_pages = content if marked else _without_furniture(placed, labels)
    starts = list(accumulate((len(t) + 1 for t in kept_pages[:-1]), initial=0)) if kept_pages else []
    return Extracted("\n".join(kept_pages), pages, pages, numbered, info, starts)


def _core(cp: Any) -> str:
    """A Word or PowerPoint file's core properties, joined."""
    return " | ".join(str(getattr(cp, k) or "") for k in ("title", "subject", "keywords", "category",
                                                         "content_status"))


def _furniture_key(line: str, labels: Labels = ENGLISH) -> str:
    # -- only the page number varies; other digits are content ("item 1000") --
    return re.sub(labels.page_pattern(), "Page # of #", WS.sub("", line))


def _without_furniture(placed: list[list[tuple[str, float]]], labels: Labels = ENGLISH) -> list[str]:
    """Each page's text without its running header and footer, so that a paragraph or table
    continued over a page break reads as one piece. `placed` holds each page's text pieces in
    reading order with their height on the page. A row of text is furniture when the same row
    (page numbers aside) stands at the same height on every page, above or below all content;
    content that happens to repeat ("xxxx" lines, a repeated table header) stays."""
    if len(placed) < 2:
        return ["".join(t for t, _ in parts) for parts in placed]
    rows: list[dict[float, str]] = []
    for parts in placed:
        row: dict[float, str] = {}
        for text, y in parts:
            if text.strip():
                row[y] = row.get(y, "") + text
        rows.append({y: _furniture_key(t, labels) for y, t in row.items()})
    candidates = set(rows[0].items())
    for row in rows[1:]:
        candidates &= set(row.items())
    content = [y for row in rows for y, k in row.items() if (y, k) not in candidates]
    top, bottom = (max(content), min(content)) if content else (float("inf"), float("-inf"))
    furniture = {y for y, _ in candidates if y > top or y < bottom}
    return ["".join(t for t, y in parts if y not in furniture) for parts in placed]




def read_output(fmt: str, data: bytes, labels: Labels = ENGLISH) -> Extracted:
    """The text a reader sees in a file of format `fmt` (for tests and other tools)."""
    from ..formats import get

    return get(fmt).read(data, labels)


def is_zip(data: bytes) -> bool:
    import zipfile

    return zipfile.is_zipfile(io.BytesIO(data))


#: elements whose text a reader of the page does not see as content
_HTML_HIDDEN = frozenset({"head", "style", "script", "template"})
#: elements that end a line of text
_HTML_BLOCKS = frozenset({"p", "div", "li", "tr", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6", "caption",
                          "figcaption", "blockquote", "section", "header", "footer", "nav", "main", "aside",
                          "figure", "ol", "ul", "table", "br", "text"})
#: elements that have no end tag
_HTML_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
                        "track", "wbr"})


def read_html(data: bytes, labels: Labels = ENGLISH) -> Extracted:
    """The HTML page's text as a browser shows it (the standard library's HTML parser), with
    pictures' alt text; the marking banners (`class="marking"`, top and bottom) are the page
    furniture, each one entry. An SVG chart's `<title>` is its alt text and is read as such."""
    from html.parser import HTMLParser

    class Reader(HTMLParser):
        def __init__(self) -> None:
            super().__init__(convert_charrefs=True)
            self.stack: list[tuple[str, bool, bool]] = []  # tag, hidden, marking
            self.content: list[str] = []
            self.markings: list[list[str]] = []
            #: the `<meta name=... content=...>` values (title, author, keywords, classification)
            self.meta: list[str] = []

        def _state(self) -> tuple[bool, bool]:
            return (self.stack[-1][1], self.stack[-1][2]) if self.stack else (False, False)

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            hidden, marking = self._state()
            a = dict(attrs)
            if tag == "meta" and a.get("name") and a.get("content"):
                self.meta.append(a["content"] or "")
            if tag == "img" and not hidden and a.get("alt"):
                self.content.append(f" {a['alt']} ")
            if tag in _HTML_BLOCKS:
                self.content.append("\n")
            if tag in _HTML_VOID:
                return
            is_marking = "marking" in (a.get("class") or "").split()
            if is_marking and not hidden:
                self.markings.append([])
            self.stack.append((tag, hidden or tag in _HTML_HIDDEN, marking or is_marking))

        def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            self.handle_starttag(tag, attrs)
            if tag not in _HTML_VOID:
                self.handle_endtag(tag)

        def handle_endtag(self, tag: str) -> None:
            # -- close up to the matching open element (a browser's recovery, in short) --
            for i in range(len(self.stack) - 1, -1, -1):
                if self.stack[i][0] == tag:
                    del self.stack[i:]
                    break
            if tag in _HTML_BLOCKS:
                self.content.append("\n")

        def handle_data(self, text: str) -> None:
            hidden, marking = self._state()
            if hidden:
                return
            if marking and self.markings:
                self.markings[-1].append(text)
            else:
                self.content.append(text)

    r = Reader()
    r.feed(data.decode("utf-8", "replace"))
    r.close()
    # -- the top banner and the bottom one: a page with one of them missing misses it on "2" --
    found = ["".join(x) for x in r.markings]
    furniture = [found[0], found[-1] if len(found) > 1 else ""] if found else []
    text = "".join(r.content)
    return Extracted(text, [text], furniture, False, " | ".join(r.meta))

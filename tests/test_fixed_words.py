"""No English word of a renderer's own reaches the output (#12): every fixed word comes from
the labels table (`reportgen/labels.py`).

The renderers' string literals are read with `ast` (the grep); a document is then rendered in
all three formats with Korean labels, and no literal word may be in what a reader gets (the
visible text, speaker notes, chart texts and alt text) unless the document itself holds it.
"""

from __future__ import annotations

import ast
import dataclasses
import io
import re
from pathlib import Path

import pytest

from reportgen.labels import labels_for
from reportgen.tailor import with_labels
from reportgen.theme import load_theme
from tests.factory import rich_document

RENDER = Path(__file__).resolve().parents[1] / "reportgen" / "render"
#: the modules whose strings could reach an output (a folder: every module of that package)
MODULES = ("docx", "pptx.py", "pdf.py", "charts.py", "chartstyle.py", "pdfcharts.py", "ooxml.py",
           "html.py", "svgcharts.py", "pdfctx.py", "pdfblocks.py")
#: the deck planner is a package: every module of it
MODULES += tuple(f"slides/{p.name}" for p in sorted((RENDER / "slides").glob("*.py")))
_WORD = re.compile(r"[A-Za-z]{3,}")


def literal_words() -> dict[str, str]:
    """Each word (3 letters or more) of the renderers' string literals, with where it is."""
    out: dict[str, str] = {}
    paths = [RENDER / name for name in MODULES]
    for path in [f for p in paths for f in (sorted(p.glob("*.py")) if p.is_dir() else [p])]:
        name = str(path.relative_to(RENDER))
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {id(n.body[0].value) for n in ast.walk(tree)
                      if isinstance(n, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
                      and n.body and isinstance(n.body[0], ast.Expr) and isinstance(n.body[0].value, ast.Constant)}
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
                for w in _WORD.findall(node.value):
                    out.setdefault(w.casefold(), f"{name}:{node.lineno}")
    return out


def document_words(obj: object, seen: set[int] | None = None) -> set[str]:
    """Every word of every string the document holds (its content and its labels)."""
    seen = set() if seen is None else seen
    if id(obj) in seen:
        return set()
    seen.add(id(obj))
    if isinstance(obj, str):
        return {w.casefold() for w in _WORD.findall(obj)}
    if isinstance(obj, Path):
        return set()
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return set().union(*(document_words(getattr(obj, f.name), seen) for f in dataclasses.fields(obj)))
    if isinstance(obj, (tuple, list, set, frozenset)):
        return set().union(*(document_words(x, seen) for x in obj)) if obj else set()
    if isinstance(obj, dict):
        return set().union(*(document_words(k, seen) | document_words(v, seen) for k, v in obj.items())) if obj else set()
    return set()


def docx_text(data: bytes) -> str:
    import docx

    d = docx.Document(io.BytesIO(data))
    parts = ["".join(t.text or "" for t in d.element.body.iter(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}t"))]
    parts += [e.get("descr", "") for e in d.element.body.iter(
        "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr")]
    for sec in d.sections:
        for part in (sec.header, sec.footer):
            parts += [p.text for p in part.paragraphs]
    for p in d.part.package.iter_parts():
        if p.content_type.endswith("drawingml.chart+xml"):
            parts += [t.decode() for t in re.findall(rb"<(?:a:t|c:v)>([^<]*)</(?:a:t|c:v)>", p.blob)]
    return " ".join(parts)


def pptx_text(data: bytes) -> str:
    from pptx import Presentation

    prs = Presentation(io.BytesIO(data))
    parts = []
    for s in prs.slides:
        for sh in s.shapes:
            parts += sh._element.xpath("./*[1]/p:cNvPr/@descr")
            if sh.has_text_frame:
                parts.append(sh.text_frame.text)
            if getattr(sh, "has_table", False) and sh.has_table:
                parts += [c.text for row in sh.table.rows for c in row.cells]
            if getattr(sh, "has_chart", False) and sh.has_chart:
                parts += [t.decode() for t in re.findall(rb"<(?:a:t|c:v)>([^<]*)</(?:a:t|c:v)>", sh.chart.part.blob)]
        if s.has_notes_slide:
            parts.append(s.notes_slide.notes_text_frame.text)
    return " ".join(parts)


def pdf_text(data: bytes) -> str:
    import pypdf

    return " ".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(data)).pages)


def test_the_grep_finds_the_renderers_literals():
    words = literal_words()
    # -- a sample of what the renderers do write: XML, style and shape names, not content --
    assert {"hyperlink", "anchor", "marking"} <= set(words)
    assert len(words) > 100


def html_text(data: bytes) -> str:
    from reportgen.check import read_html

    ex = read_html(data)
    return " ".join([ex.text, *ex.furniture])


@pytest.mark.parametrize("fmt", ["docx", "pptx", "pdf", "html"])
def test_no_english_word_of_a_renderer_reaches_the_output(tmp_path, fmt):
    from reportgen.render import get_renderer

    doc = rich_document(tmp_path)
    # -- a timeline without a caption takes its slide title from the section and a label --
    s2 = doc.sections[1]
    body = tuple(dataclasses.replace(b, caption=None) if type(b).__name__ == "Timeline" else b for b in s2.body)
    doc = dataclasses.replace(doc, sections=(doc.sections[0], dataclasses.replace(s2, body=body)))
    doc = with_labels(doc, labels_for("ko"))
    data = get_renderer(fmt)(doc, load_theme())
    text = {"docx": docx_text, "pptx": pptx_text, "pdf": pdf_text, "html": html_text}[fmt](data)
    shown = {w.casefold() for w in _WORD.findall(text)}
    literals = literal_words()
    leaked = {w: literals[w] for w in shown - document_words(doc) if w in literals}
    assert leaked == {}, f"English words of the {fmt} renderer in the output; take them from labels.py: {leaked}"

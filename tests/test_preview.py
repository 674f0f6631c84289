"""Slide previews (`reportgen/preview.py`) show what the .pptx holds: for the sample's three
decks the same slides, titles and text boxes, each box broken into as many lines as the text
written into the .pptx takes in that box (measured back from the file with python-pptx)."""

from __future__ import annotations

import io
import re
from html import unescape

import pytest
from pptx import Presentation
from pptx.util import Emu

from reportgen.load import load
from reportgen.measure import measure_for
from reportgen.model import Run
from reportgen.preview import deck_previews
from reportgen.render.pptx import render as render_pptx
from reportgen.tailor import tailor
from reportgen.theme import load_theme

from .conftest import SAMPLE

A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
BOX = re.compile(r'<g class="tf" data-kind="([^"]*)" data-role="[^"]*" data-x="([\d.]+)" '
                 r'data-y="([\d.]+)" data-w="([\d.]+)" data-h="[\d.]+" data-lines="(\d+)">')


def _pt(emu: int) -> float:
    return Emu(emu).pt


def _pptx_lines(shape, measure, theme) -> int:
    """How many lines the text the .pptx holds in `shape` takes, measured as the planner
    measures: the box's width less its insets and each paragraph's left margin, the theme's
    width slack, each run's size, weight, slant and font as written."""
    tf = shape.text_frame
    inner = _pt(shape.width) - _pt(tf.margin_left) - _pt(tf.margin_right)
    slack = theme.config.pptx.width_slack
    total = 0
    for p in tf.paragraphs:
        pPr = p._p.pPr
        mar_l = _pt(int(pPr.get("marL", "0"))) if pPr is not None else 0.0
        runs, size = [], None
        for r in p._p.iter(A + "r", A + "fld"):
            rPr = r.find(A + "rPr")
            text = (r.findtext(A + "t") or "").replace("\u2060", "")
            latin = rPr.find(A + "latin") if rPr is not None else None
            face = latin.get("typeface") if latin is not None else theme.fonts.body
            size = size or int(rPr.get("sz")) / 100
            runs.append(Run(text, bold=rPr.get("b") == "1", italic=rPr.get("i") == "1",
                            code=face == theme.fonts.mono and face != theme.fonts.body))
        if size is None:
            total += 1  # -- an empty paragraph takes a line --
            continue
        family = "heading" if shape.is_placeholder and shape.placeholder_format.type in (1, 3) else "body"
        total += measure.count_lines(tuple(runs), (inner - mar_l) * slack, size, family)
    return total


def _text_shapes(slide):
    for shape in slide.shapes:
        if shape.has_text_frame and shape.name not in ("Timeline marker",):
            yield shape


@pytest.mark.parametrize("audience", ["leadership", "analysts", "public"])
def test_previews_match_the_deck(audience):
    loaded = load(SAMPLE)
    doc = tailor(loaded, audience)
    theme = load_theme(doc.theme, loaded.base_dir)
    measure = measure_for(theme)
    previews = deck_previews(doc, theme)
    prs = Presentation(io.BytesIO(render_pptx(doc, theme)))
    slides = list(prs.slides)
    assert len(previews) == len(slides), "slide count"
    checked = 0
    for i, (pv, slide) in enumerate(zip(previews, slides, strict=True), start=1):
        title = slide.shapes.title.text_frame.text if slide.shapes.title is not None else ""
        assert pv.title == title, f"slide {i}: title"
        assert f'aria-label="Slide {i}: ' in pv.svg
        boxes = [(k, float(x), float(y), float(w), int(n)) for k, x, y, w, n in BOX.findall(pv.svg)]
        shapes = list(_text_shapes(slide))
        assert len(boxes) == len(shapes), f"slide {i}: text boxes"
        for shape in shapes:
            sx, sy, sw = _pt(shape.left), _pt(shape.top), _pt(shape.width)
            match = [b for b in boxes if abs(b[1] - sx) < 0.2 and abs(b[2] - sy) < 0.2 and abs(b[3] - sw) < 0.2]
            assert len(match) == 1, f"slide {i}: no preview box at ({sx:.1f}, {sy:.1f}) for {shape.name!r}"
            kind, *_, lines = match[0]
            assert lines == _pptx_lines(shape, measure, theme), \
                f"slide {i} ({pv.title}): {kind} box {shape.text_frame.text[:60]!r}"
            checked += 1
        tables = [s for s in slide.shapes if s.has_table]
        rows = [int(n) for n in re.findall(r'<g class="table" data-rows="(\d+)"', pv.svg)]
        assert rows == [len(t.table.rows) for t in tables], f"slide {i}: table rows"
        notes = slide.notes_slide.notes_text_frame.text if slide.has_notes_slide else ""
        assert pv.notes == notes, f"slide {i}: speaker notes"
    assert checked > 5 * len(slides)


def test_continued_slides_and_numbers_show():
    loaded = load(SAMPLE)
    doc = tailor(loaded, "public")
    theme = load_theme(doc.theme, loaded.base_dir)
    previews = deck_previews(doc, theme)
    assert any(p.title.endswith("(cont.)") for p in previews)
    # -- every slide but the title slide shows its number, and the marking top and bottom --
    for p in previews[1:]:
        assert re.search(rf'data-kind="number"[^>]*>(?:<[^>]+>)*{p.number}</text>', p.svg), p.title
        assert p.svg.count('data-kind="marking"') == 2


def test_outline_text_is_escaped(write_outline):
    path = write_outline("""
        meta: {title: "Tags <b>stay</b> text"}
        sections:
          - title: One
            points: ["<script>alert(1)</script> & more"]
            notes: "<img src=x onerror=alert(2)>"
    """)
    loaded = load(path)
    doc = tailor(loaded, "default")
    previews = deck_previews(doc, load_theme(doc.theme, loaded.base_dir))
    svg = "".join(p.svg for p in previews)
    assert "<script" not in svg and "<b>" not in svg
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; more" in svg
    assert "Tags &lt;b&gt;stay&lt;/b&gt; text" in svg
    assert unescape("&lt;script&gt;") in unescape(svg)

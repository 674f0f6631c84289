"""Text measurement with the theme's TrueType metrics."""

from __future__ import annotations

import pytest
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from reportgen.measure import measure_for, slice_text, strip_text
from reportgen.model import Run, plain
from reportgen.theme import load_theme


@pytest.fixture(scope="module")
def m():
    return measure_for(load_theme())


def test_width_is_reportlabs_on_the_theme_font(m):
    theme = load_theme()
    pdfmetrics.registerFont(TTFont("test-carlito", str(theme.font_paths["body"].regular)))
    s = "Strengthening Bilateral Relations"
    assert m.width(s, 20) == pytest.approx(pdfmetrics.stringWidth(s, "test-carlito", 20))
    assert m.width(s, 20, bold=True) > m.width(s, 20)
    # -- a code run is measured in the (wider) mono font --
    text = (Run("abc "), Run("mono_code", code=True))
    assert m.text_width(text, 10) > m.width("abc mono_code", 10)


def test_line_height_from_the_font_tables(m):
    # -- Carlito (Calibri metrics): winAscent + winDescent = 2500 / 2048 em --
    assert m.line_height(20) == pytest.approx(20 * 2500 / 2048)
    assert m.line_height(20, 1.5) == pytest.approx(1.5 * 20 * 2500 / 2048)


def test_wrap_never_exceeds_width_and_keeps_every_word(m):
    text = "The pact formalises Russian military support for North Korea " * 8
    for width in (120, 300, 700):
        lines = m.lines(text, width, 20)
        assert all(m.width(line, 20) <= width for line in lines)
        assert " ".join(lines).split() == text.split()
        assert len(lines) > 1
    assert m.count_lines("short", 700, 20) == 1


def test_wrap_is_greedy(m):
    lines = m.lines("aa bb cc dd", m.width("aa bb", 20) + 0.01, 20)
    assert lines == ["aa bb", "cc dd"]


def test_long_word_breaks_between_characters(m):
    word = "x" * 200
    lines = m.lines(word, 100, 20)
    assert "".join(lines) == word
    assert all(m.width(line, 20) <= 100 for line in lines)


def test_newline_forces_a_break(m):
    assert m.lines("one\ntwo", 1000, 20) == ["one", "two"]


def test_hangul_is_measured_in_the_fallback_font(m):
    assert m.width("한국어", 20) > 0
    assert m.lines("한국어 텍스트", m.width("한국어", 20) + 1, 20) == ["한국어", "텍스트"]


def test_mixed_runs_wrap_with_their_own_styles(m):
    text = (Run("normal words "), Run("BOLD WORDS HERE", bold=True), Run(" and more"))
    lines = m.lines(text, m.width("normal words BOLD", 20) + 0.01, 20)
    # -- "BOLD" is wider in bold than in regular, so it does not fit on the first line --
    assert lines[0] == "normal words"


def test_slice_and_strip_keep_formatting():
    text = (Run("see "), Run("link", href="https://x.org"), Run(" and "), Run("1", cite=1))
    part = slice_text(text, 2, 10)
    assert plain(part) == "e link a"
    assert part[1] == Run("link", href="https://x.org")
    assert strip_text((Run("  a "), Run("b  ", bold=True))) == (Run("a "), Run("b", bold=True))

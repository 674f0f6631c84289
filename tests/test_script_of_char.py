"""One function tells a character's script (`reportgen.scripts.script_of_char`) for the
complex-script fonts and directions of the brief, the deck and the HTML page and for the
language marks of every format (`render/scriptlang.py`); the two uses agree on every letter."""

from __future__ import annotations

import pytest

from reportgen.render.scriptlang import segments
from reportgen.scripts import script_of, script_of_char, scripts_in


@pytest.mark.parametrize(("ch", "script"), [
    ("a", "latin"), ("é", "latin"), ("Ω", "greek"), ("Ж", "cyrillic"), ("한", "hangul"),
    ("ᄀ", "hangul"), ("か", "kana"), ("漢", "han"), ("ع", "arabic"), ("ע", "hebrew"),
    ("ह", "devanagari"),
    # -- a complex script's marks, digits and punctuation are of it (its font draws them) --
    ("،", "arabic"), ("١", "arabic"), ("\u05b0", "hebrew"),
    # -- Arabic letters outside the main blocks (Arabic Extended-B, mathematical letters) --
    ("\u0870", "arabic"), ("\U0001ee00", "arabic"),
    (" ", None), ("1", None), (",", None), ("。", None),
])
def test_script_of_char_names_the_script_themes_use(ch, script):
    assert script_of_char(ch) == script


def test_complex_script_lookups_see_only_complex_scripts():
    assert script_of("Report 2024 — تقرير") == "arabic"
    assert script_of("Отчёт 한국") is None
    assert scripts_in("a ע ह ، b") == {"hebrew", "devanagari", "arabic"}


def test_language_pieces_are_cut_by_letters_only():
    # -- the Arabic comma and digits stay with the English text around them; an Arabic
    # Extended-B letter is Arabic here as it is for the fonts --
    assert segments("Total، ١٢ units", "en") == [("Total، ١٢ units", None)]
    assert segments("see \u0870\u0628 here", "en") == [("see ", None), ("\u0870\u0628 ", "ar-SA"), ("here", None)]
    assert segments("한국 report", "ko") == [("한국 report", None)]

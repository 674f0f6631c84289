"""Which theme colour each renderer draws as text on which background, at what size.

Every renderer module keeps an `INK` table next to the code that colours its text; `reportgen
themes check` (themecheck.py) reads all of them and judges each pair against WCAG 2.x AA, so a
colour that a renderer starts to use for text is checked as soon as it is written into the
table (tests/test_themes.py checks the tables against the renderers' code).
"""

from __future__ import annotations

from typing import NamedTuple


class Ink(NamedTuple):
    """Text in theme colour `fg` drawn on theme colour `bg`.

    `fg` and `bg` are keys of `theme.colors`; `callout_border.*` / `callout_fill.*` stand for
    every callout style, paired style by style. `size` is a key of `theme.sizes`
    (`brief.body`, `handout.small`, `slide.title`), so large text (≥ 18 pt, or ≥ 14 pt bold) is
    judged at 3:1 and the rest at 4.5:1.
    """

    fg: str
    bg: str
    size: str
    bold: bool
    what: str

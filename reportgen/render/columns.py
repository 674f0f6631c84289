"""Table column widths: one rule for the brief, the handout and the deck.

A table has the same proportions in every format: each format measures its cells with the
theme's font metrics (`measure.Measure`) at its own type size and cell padding, and
`share` divides the width the same way:

- when every column fits on one line, each gets its one-line width, and the room left over is
  shared in proportion;
- else each column gets its one-line width if that is short (within 60% of an equal share),
  else at least its longest word, capped at an equal share (a 2,000-character URL wraps
  instead of pushing the other columns out); the rest is shared by how much more each column
  would need for one line.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..measure import Measure
from ..model import Text, plain


def measure_cells(m: Measure, rows: Sequence[Sequence[Text | str]], size: float, pad: float,
                  slack: float = 1.0) -> tuple[list[float], list[float]]:
    """(one-line width, longest word) of each column, padding included; the first row is the
    header, set bold. `slack` divides measured widths (the deck's allowance for how PowerPoint
    sets text wider than the metrics say)."""
    n = max((len(r) for r in rows), default=0) or 1
    natural = [0.0] * n
    longest = [0.0] * n
    for ri, row in enumerate(rows):
        bold = ri == 0
        for c, text in enumerate(row):
            natural[c] = max(natural[c], m.text_width(text, size, bold=bold) / slack + pad)
            for word in (text if isinstance(text, str) else plain(text)).split():
                longest[c] = max(longest[c], m.width(word, size, bold=bold) / slack + pad)
    return natural, longest


def share(natural: Sequence[float], longest: Sequence[float], avail: float) -> list[float]:
    """Column widths that fill `avail`, from each column's one-line width and longest word."""
    n = len(natural)
    if n == 0:
        return []
    natural = [min(x, avail) for x in natural]
    total = sum(natural)
    if total <= avail:
        return [x + (avail - total) * x / total for x in natural] if total else [avail / n] * n
    fair = avail / n
    # -- a column keeps its whole text on one line when that is within 60% of an equal share
    # (short labels stay unwrapped), else gets at least its longest word, capped at an equal
    # share; every step is continuous, so a slightly wider page never reshuffles the columns --
    minimum = [min(nat, max(min(word, fair), fair * 0.6)) for nat, word in zip(natural, longest, strict=True)]
    if sum(minimum) > avail:
        minimum = [x * avail / sum(minimum) for x in minimum]
    rest = avail - sum(minimum)
    want = [max(nat - low, 0.0) for nat, low in zip(natural, minimum, strict=True)]
    if rest <= 0 or sum(want) == 0:
        return [avail * x / sum(minimum) for x in minimum]
    return [low + rest * w / sum(want) for low, w in zip(minimum, want, strict=True)]


def column_widths(m: Measure, rows: Sequence[Sequence[Text | str]], size: float, pad: float,
                  avail: float, slack: float = 1.0) -> list[float]:
    """Widths (in the unit of `avail` and `pad`: points) of a table whose first row is its
    header, set at `size` points."""
    return share(*measure_cells(m, rows, size, pad, slack), avail)

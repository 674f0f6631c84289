"""Table column widths: one rule (`render/columns.py`), so a table has the same proportions in
the brief, the deck and the handout."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile

import pytest
from pptx import Presentation

from reportgen.load import load
from reportgen.render import get_renderer
from reportgen.render.columns import share
from reportgen.tailor import tailor
from reportgen.theme import load_theme


def test_columns_that_fit_share_the_room_left_in_proportion():
    assert share([10, 30, 20], [5, 5, 5], 120) == [20, 60, 40]


def test_a_long_url_wraps_at_an_equal_share_and_short_columns_keep_one_line():
    widths = share([40, 2000, 60], [30, 2000, 20], 300)
    assert widths[0] == 40 and widths[2] == 60  # -- one line each, within an equal share --
    assert widths[1] == pytest.approx(200)
    assert sum(widths) == pytest.approx(300)


def test_a_wide_column_gets_at_least_its_longest_word():
    widths = share([400, 400], [50, 140], 300)
    assert widths[1] >= 140 and sum(widths) == pytest.approx(300)
    # -- but never more than an equal share for it alone --
    assert share([400, 400], [50, 280], 300)[1] == pytest.approx(150 + 60 * 150 / 360)


OUTLINE = """\
meta: {title: Columns, marking: UNCLASSIFIED}
sections:
  - title: Reactions
    body:
      - table:
          caption: Reactions to the pact
          columns: [Who, Reaction described, Part of the seed analysis]
          rows:
            - [Western capitals, Concerns and alarms over the pact's ramifications for global security, Introduction]
            - [United States and its allies, Concern; they view North Korea as a nuclear-armed state with unpredictable behavior, Geopolitical Ramifications]
            - [Western nations, "Concerns over global stability, nuclear proliferation risks and the potential for increased tensions", International Response and Concerns]
            - [International community as a whole, From cautious monitoring to outright condemnation, International Response and Concerns]
"""


SHORT = """\
meta: {title: Columns, marking: UNCLASSIFIED}
sections:
  - title: Reactions
    body:
      - table:
          caption: Positions
          columns: [Who, Position, Part]
          rows:
            - [WWW MMM capitals, Concerned, Intro]
            - [Iiii, "Condemned outright, loudly", Response and concerns]
"""


def _ratios(widths: list[float]) -> list[float]:
    return [w / sum(widths) for w in widths]


def _widths(tmp_path, outline: str) -> tuple[list[float], list[float], list[float]]:
    """Column proportions of the outline's one table in the brief and the deck, and the ratio of
    its second column to its first in the handout."""
    (tmp_path / "outline.yaml").write_text(outline, encoding="utf-8")
    doc = tailor(load(tmp_path / "outline.yaml"), "default")
    theme = load_theme("default")
    brief = get_renderer("docx")(doc, theme)
    xml = zipfile.ZipFile(io.BytesIO(brief)).read("word/document.xml").decode()
    grid = re.search(r"<w:tblGrid>(.*?)</w:tblGrid>", xml, re.S)
    assert grid
    in_brief = _ratios([float(w) for w in re.findall(r'w:gridCol w:w="(\d+)"', grid[1])])
    deck = Presentation(io.BytesIO(get_renderer("pptx")(doc, theme)))
    table = next(s.table for slide in deck.slides for s in slide.shapes if s.has_table)
    in_deck = _ratios([float(c.width) for c in table.columns])
    # -- the handout: where each header cell's text starts (the last column's right edge is not
    # drawn as text, so compare the first two columns) --
    pdf = tmp_path / "h.pdf"
    pdf.write_bytes(get_renderer("pdf")(doc, theme))
    html = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    words = [(float(x0), w) for x0, w in re.findall(r'<word xMin="([\d.]+)"[^>]*>([^<]+)</word>', html)]
    x = {w: x0 for x0, w in reversed(words)}
    starts = [x["Who"], x[re.findall(r"columns: \[Who, (\w+)", outline)[0]], x["Part"]]
    return in_brief, in_deck, [starts[1] - starts[0], starts[2] - starts[1]]


needs_pdftotext = pytest.mark.skipif(shutil.which("pdftotext") is None,
                                     reason="pdftotext (poppler-utils) is not installed")


@needs_pdftotext
def test_a_table_whose_cells_fit_on_one_line_has_the_same_proportions_everywhere(tmp_path):
    in_brief, in_deck, handout = _widths(tmp_path, SHORT)
    assert in_brief == pytest.approx(in_deck, abs=0.02)
    assert handout[1] / handout[0] == pytest.approx(in_brief[1] / in_brief[0], rel=0.05)


@needs_pdftotext
def test_a_wrapping_table_has_the_same_proportions_in_brief_and_handout(tmp_path):
    """The deck is wider in ems, so its columns wrap less and may be shared otherwise."""
    in_brief, in_deck, handout = _widths(tmp_path, OUTLINE)
    assert len(in_brief) == len(in_deck) == 3
    assert handout[1] / handout[0] == pytest.approx(in_brief[1] / in_brief[0], rel=0.1)

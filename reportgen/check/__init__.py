"""`reportgen check` and `reportgen diff`: prove that the outputs say what the outline says.

`check` reads every output back (python-docx, python-pptx with speaker notes and chart data,
pypdf) and compares it with the tailored Document of its audience:

- every expected item (title, headline, point, paragraph, list item, table cell, chart title and
  series name, quote, callout, judgment with its likelihood and confidence, recommendation,
  source, section number) is found in the file's text;
- items that belong together keep their order (sections, the points of a section, the rows of
  a table, the items of a list, judgments, recommendations, sources);
- the marking is on every page or slide, and page numbers are there;
- nothing the audience's rules removed has leaked in (sections, blocks, points, sources that
  only a fuller view of the outline contains).

Text is compared after removing all white space and case, so line wrapping, slide splitting and
table layout do not matter, but every character of the content does.

Modules: `expected` (what a file must show), `readers` (a file's text read back), `compare`
(findings), `text` (normalised text). The command-line printing is in `reportgen/cli.py`.
"""

from __future__ import annotations

from .compare import Finding, Report, check_files, compare, leaks
from .expected import Item, block_items, diff_items, expected_items, section_items
from .readers import Extracted, is_zip, read_docx, read_html, read_output, read_pdf, read_pptx
from .text import norm

__all__ = [
    "Extracted", "Finding", "Item", "Report", "block_items", "check_files", "compare",
    "diff_items", "expected_items", "is_zip", "leaks", "norm", "read_docx", "read_html", "read_output", "read_pdf",
    "read_pptx", "section_items",
]

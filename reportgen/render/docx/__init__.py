"""The Word brief: the Document as a .docx built with python-docx.

`render(document, theme) -> bytes`. The look comes from named styles (`Heading 1..n`,
`Body Text`, `Caption`, `Quote`, `List Bullet`, `toc 1`, ...): taken from the theme's
reference.docx when there is one (its sample content is dropped), otherwise the theme's colours,
fonts and sizes are written into the styles of python-docx's default template. What python-docx
has no API for (fields, bookmarks, internal links, list numbering, charts) is small OOXML built
here; charts come from `reportgen/render/charts.py`.

The table of contents is written out with its entries (heading text linked to a bookmark on the
heading), because LibreOffice does not update a TOC field when it opens or converts a file
(python-docx has no field API), and Word would show an empty field until the reader presses F9.

The modules, each on the one below it:
- `document.py`: the brief's parts in the order the walk gives them, and `render`;
- `blocks.py`: one writer per block type (`HANDLERS`);
- `tables.py`, `lists.py`, `paragraphs.py`: tables, lists, headings, captions and boxes;
- `runs.py`: inline text (bold, italic, code, links, citations, scripts and directions);
- `context.py`, `styles.py`, `page.py`: the python-docx document, its named styles (and `INK`),
  its page setup, header, footer and properties; `pages.py`: the estimated page numbers;
- `oxml.py`: WordprocessingML elements python-docx has no API for, and the schema's child order.
"""

from __future__ import annotations

from .blocks import HANDLERS
from .document import render
from .styles import INK

__all__ = ["HANDLERS", "INK", "render"]

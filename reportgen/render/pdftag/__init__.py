"""A tagged PDF (PDF/UA-1) for the handout: structure tree, marked content, metadata.

reportlab has no tagging API, so the handout is tagged in three steps around its build:

1. `plan(story)` (`tree.py`) walks the flowables before layout and gives every piece of content
   its structure element.
2. While a pass lays out the pages, what is drawn is wrapped in marked content (`marks.py`;
   inside a paragraph's text, links, citations, languages and right-to-left runs: `inline.py`).
   `start(canvas, root)` arms a canvas; a canvas that is not armed draws exactly as before.
3. `finish(pdf_bytes, tagger, ...)` (`write.py`) writes the structure tree and the catalog;
   with `pdfa=True` the file is PDF/A-2b too (`pdfa.py`).

`read_aloud(pdf_bytes)` (`readback.py`) walks the finished structure tree in reading order with
the text of each element, as a screen reader would announce it.
"""

from __future__ import annotations

from .marks import SPAN_OFF, SPAN_ON, Tagger, artifact_begin, artifact_end, start
from .readback import _to_unicode, mcid_texts, read_aloud
from .tree import Node, logical_text, plan
from .write import finish

__all__ = ["SPAN_OFF", "SPAN_ON", "Node", "Tagger", "_to_unicode", "artifact_begin", "artifact_end",
           "finish", "logical_text", "mcid_texts", "plan", "read_aloud", "start"]

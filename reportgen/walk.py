"""One walk through a Document, in the order every output follows: title, BLUF, key judgments,
contents, sections (heading, points, blocks, subsections), recommendations, sources, annexes.

A visitor in the docutils sense: `walk(document, visitor)` calls `visitor.visit_<part>` on the
way in and `visitor.depart_<part>` on the way out (departs are optional). A block calls
`visit_<key>` by its registered key (`visit_paragraph`, `visit_table`, ...; see
`reportgen/blocks/`); a visitor without a method for a part it is given gets `unknown_visit`,
which raises, so a new block type cannot be skipped silently. A `visit_section` that returns
`SKIP_CHILDREN` draws the section's points, blocks and subsections itself.

`check`'s expectations (`reportgen/check/expected.py`), the brief (`render/docx.render`), the
handout (`render/pdf.story`) and the deck's planner (`render/slides/planner.py`) are visitors.
The planner is the one that lets `walk` into its sections: it plans a section's opening slides
in `visit_section` and `visit_points`, each block's in `visit_block` (its `unknown_visit` for
every registered block key), and its subsections as `walk` reaches them; only a short section
that shares a slide with its siblings returns `SKIP_CHILDREN` (its card draws its children).
"""

from __future__ import annotations

from typing import Any

from . import model as m

#: returned by `visit_section`: do not walk into the section's points, blocks and subsections
SKIP_CHILDREN = "skip children"


class Visitor:
    """Base class: `visit_<part>(node)` and `depart_<part>(node)` per part of a Document."""

    def dispatch(self, name: str, node: Any, depart: bool = False) -> Any:
        method = getattr(self, f"{'depart' if depart else 'visit'}_{name}", None)
        if method is None:
            return None if depart else self.unknown_visit(name, node)
        return method(node)

    def unknown_visit(self, name: str, node: Any) -> Any:
        raise NotImplementedError(f"{type(self).__name__} has no visit_{name}")

    # -- optional parts: the document as a whole, and the start of the annexes --
    def visit_document(self, doc: m.Document) -> None:
        pass

    def visit_annexes(self, doc: m.Document) -> None:
        pass


def walk(doc: m.Document, v: Visitor) -> None:
    """Call `v`'s visit and depart methods for every part of `doc`, in reading order."""
    front = ("document", "title", "bluf", "judgments", *(("contents",) if doc.show_toc else ()))
    for part in front:
        v.dispatch(part, doc)
    for s in doc.sections:
        walk_section(s, v)
    for part in ("recommendations", "sources"):
        v.dispatch(part, doc)
    if doc.appendix:
        v.dispatch("annexes", doc)
        for s in doc.appendix:
            walk_section(s, v)
        v.dispatch("annexes", doc, depart=True)
    v.dispatch("document", doc, depart=True)


def walk_section(s: m.Section, v: Visitor) -> None:
    """A section: its heading (`visit_section`), points, blocks, speaker notes, subsections,
    then `depart_section`."""
    if v.dispatch("section", s) != SKIP_CHILDREN:
        if s.points:
            v.dispatch("points", s)
        for b in s.body:
            walk_block(b, v)
        if s.notes:
            v.dispatch("notes", s)
        for sub in s.sections:
            walk_section(sub, v)
    v.dispatch("section", s, depart=True)


def walk_block(b: m.Block, v: Visitor) -> None:
    from .blocks import of_block

    v.dispatch(of_block(b).key, b)

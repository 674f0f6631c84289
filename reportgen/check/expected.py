"""What a file must show: the expected items of a Document, in reading order, per format."""

from __future__ import annotations

import re
from typing import Any

from .. import model as m
from ..blocks import REGISTRY, of_block
from ..blocks.base import Item, text_items
from ..formats import get as get_format
from ..walk import Visitor, walk, walk_section


def block_items(b: Any, fmt: str) -> list[Item]:
    """What a file of format `fmt` must show of block `b` (each block type says, see
    `reportgen/blocks/`)."""
    return of_block(b).items(b, fmt)


class Expected(Visitor):
    """The items a file of format `fmt` must show, collected in reading order by `walk`."""

    def __init__(self, fmt: str) -> None:
        self.fmt = fmt
        self.slides = get_format(fmt).slides
        self.items: list[Item] = []

    def visit_title(self, doc: m.Document) -> None:
        meta = doc.meta
        self.items += text_items("title", "meta.title", meta.title)
        for k in ("subtitle", "author", "organization"):
            self.items += text_items(k, f"meta.{k}", getattr(meta, k))
        if doc.audience_label:
            self.items += text_items("audience label", f"audiences.{doc.audience}.label", doc.audience_label)

    def visit_bluf(self, doc: m.Document) -> None:
        self.items += text_items("bluf", "bluf", doc.bluf)

    def visit_judgments(self, doc: m.Document) -> None:
        for j in doc.key_judgments:
            self.items += text_items("judgment", j.origin, j.text, "key_judgments")
            self.items += text_items("likelihood", j.origin, j.label)

    def visit_contents(self, doc: m.Document) -> None:
        if self.slides:
            # -- the agenda slide lists sections and subsections ("1 Title", "1.1 Title") and
            # the annexes, not their subsections; the brief's and handout's contents are
            # headings again, not looked for twice --
            listed = [s for top in doc.sections for s in top.walk() if s.level <= 2] + list(doc.appendix)
            self.items += [Item("agenda", s.origin, s.heading, "agenda") for s in listed]

    def visit_section(self, s: m.Section) -> None:
        # -- the deck shows a section's number and title as the tracker line over its slides (or
        # as their title when it has no headline), as brief and handout show the heading --
        self.items += [Item("heading", s.origin, s.heading, "sections")]
        self.items += text_items("headline", s.origin, s.headline)

    def visit_points(self, s: m.Section) -> None:
        o = s.origin
        self.items += [it for i, p in enumerate(s.points)
                       for it in text_items("point", f"{o}.points[{i}]", p, f"{o}.points")]

    def visit_notes(self, s: m.Section) -> None:
        if self.slides:
            self.items += text_items("notes", f"{s.origin}.notes", s.notes)

    def visit_recommendations(self, doc: m.Document) -> None:
        for r in doc.recommendations:
            self.items += text_items("recommendation", r.origin, r.text, "recommendations")
            self.items += text_items("owner/due", r.origin, r.label)

    def visit_sources(self, doc: m.Document) -> None:
        for src in doc.sources:
            self.items += text_items("source", src.origin, src.label, "sources")
            self.items += text_items("source url", src.origin, src.url)

    def unknown_visit(self, name: str, node: Any) -> None:
        if name not in REGISTRY:
            super().unknown_visit(name, node)
        self.items += block_items(node, self.fmt)


def section_items(s: m.Section, fmt: str) -> list[Item]:
    """What a file must show of section `s` and its subsections."""
    v = Expected(fmt)
    walk_section(s, v)
    return v.items


def expected_items(doc: m.Document, fmt: str) -> list[Item]:
    """Everything `fmt`'s file for `doc` must show, in reading order."""
    v = Expected(fmt)
    walk(doc, v)
    return v.items


def diff_items(doc: m.Document) -> dict[str, str]:
    """Outline path -> text of what `doc` contains, for `reportgen diff`."""
    out: dict[str, str] = {}
    number = re.compile(rf"^(\d+(\.\d+)*|{re.escape(doc.labels.annex)} [A-Z]+:)\s+")
    for it in expected_items(doc, "docx"):
        if it.kind in ("title", "subtitle", "author", "organization", "audience label", "likelihood",
                       "owner/due", "source url"):
            continue
        text = it.text
        if it.kind == "heading":
            text = number.sub("", text)
        key = it.origin if it.kind not in ("point",) else f"{it.origin.rsplit('[', 1)[0]}: {text}"
        out.setdefault(key, f"{it.kind}: {text}")
    return out

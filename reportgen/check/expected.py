"""What a file must show: the expected items of a Document, in reading order, per format."""

from __future__ import annotations

import re
from typing import Any

from .. import model as m
from ..blocks import of_block
from ..blocks.base import Item, text_items
from ..formats import get as get_format


def block_items(b: Any, fmt: str) -> list[Item]:
    """What a file of format `fmt` must show of block `b` (each block type says, see
    `reportgen/blocks/`)."""
    return of_block(b).items(b, fmt)


def section_items(s: m.Section, fmt: str) -> list[Item]:
    o = s.origin
    out: list[Item] = []
    slides = get_format(fmt).slides
    if slides:
        # -- the deck titles a section's slide with its number and headline (or title); a
        # section with subsections opens with a header slide: number and title, headline below --
        lead = s.heading if s.appendix and s.level == 1 else f"{s.number} {s.headline or s.title}"
        if s.sections:
            out += [Item("slide title", o, s.heading, "sections")]
            if s.headline:
                out += text_items("headline", o, s.headline)
            if s.points:
                out += [Item("slide title", o, lead)]
        else:
            out += [Item("slide title", o, lead, "sections")]
    else:
        out += [Item("heading", o, s.heading, "sections")]
        if s.headline:
            out += text_items("headline", o, s.headline)
    out += [it for i, p in enumerate(s.points) for it in text_items("point", f"{o}.points[{i}]", p, f"{o}.points")]
    for b in s.body:
        out += block_items(b, fmt)
    if slides and s.notes:
        out += text_items("notes", f"{o}.notes", s.notes)
    for sub in s.sections:
        out += section_items(sub, fmt)
    return out


def expected_items(doc: m.Document, fmt: str) -> list[Item]:
    """Everything `fmt`'s file for `doc` must show, in reading order."""
    meta = doc.meta
    out: list[Item] = text_items("title", "meta.title", meta.title)
    for k in ("subtitle", "author", "organization"):
        v = getattr(meta, k)
        if v:
            out += text_items(k, f"meta.{k}", v)
    if doc.audience_label:
        out += text_items("audience label", f"audiences.{doc.audience}.label", doc.audience_label)
    if doc.bluf:
        out += text_items("bluf", "bluf", doc.bluf)
    for j in doc.key_judgments:
        out += text_items("judgment", j.origin, j.text, "key_judgments")
        if j.label:
            out += text_items("likelihood", j.origin, j.label)
    if get_format(fmt).slides and doc.show_toc:
        # -- the agenda slide lists sections and subsections ("1 Title", "1.1 Title") and the
        # annexes, not their subsections --
        listed = [s for top in doc.sections for s in top.walk() if s.level <= 2] + list(doc.appendix)
        out += [Item("agenda", s.origin, s.heading, "agenda") for s in listed]
    for s in doc.sections:
        out += section_items(s, fmt)
    for r in doc.recommendations:
        out += text_items("recommendation", r.origin, r.text, "recommendations")
        if r.label:
            out += text_items("owner/due", r.origin, r.label)
    for src in doc.sources:
        out += text_items("source", src.origin, src.label, "sources")
        if src.url:
            out += text_items("source url", src.origin, src.url)
    for s in doc.appendix:
        out += section_items(s, fmt)
    return out


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

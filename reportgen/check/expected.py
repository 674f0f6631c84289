"""What a file must show: the expected items of a Document, in reading order, per format."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .. import model as m
from ..formats import get as get_format
from ..model import plain


@dataclass(frozen=True)
class Item:
    """One piece of content a file must show."""

    kind: str  # heading, point, paragraph, cell, ...
    origin: str  # outline path
    text: str  # as the reader sees it
    group: str = ""  # items of one group must appear in order


def _text_items(kind: str, origin: str, text: m.Text | str, group: str = "") -> list[Item]:
    t = plain(text).strip()
    return [Item(kind, origin, t, group)] if t else []


def _list_items(items: tuple[m.ListItem, ...], origin: str, group: str) -> list[Item]:
    out: list[Item] = []
    for i, it in enumerate(items):
        out += _text_items("list item", f"{origin}[{i}]", it.text, group)
        out += _list_items(it.children, f"{origin}[{i}]", f"{group}[{i}]")
    return out


def block_items(b: m.Block, fmt: str) -> list[Item]:
    o = b.origin
    if isinstance(b, m.Paragraph):
        return _text_items("paragraph", o, b.text)
    if isinstance(b, (m.BulletList, m.NumberedList)):
        return _list_items(b.items, o, o)
    if isinstance(b, m.Quote):
        return _text_items("quote", o, b.text) + (_text_items("attribution", o, b.by) if b.by else [])
    if isinstance(b, m.Callout):
        return (_text_items("callout title", o, b.title) if b.title else []) + _text_items("callout", o, b.text)
    if isinstance(b, m.Table):
        out = _text_items("caption", o, b.label)
        out += [Item("column", f"{o}.columns[{i}]", c, o) for i, c in enumerate(b.columns) if c.strip()]
        for r, row in enumerate(b.rows):
            for c, cell in enumerate(row):
                out += _text_items("cell", f"{o}.rows[{r}][{c}]", cell, f"{o}.rows[{r}]")
        return out
    if isinstance(b, m.Chart):
        out = _text_items("caption", o, b.label)
        out += [Item("series", f"{o}.series.{s.name}", s.name) for s in b.series if s.name.strip()]
        return out
    if isinstance(b, m.Image):
        return _text_items("caption", o, b.label) + _text_items("alt text", o, b.alt)
    if isinstance(b, m.Timeline):
        out = _text_items("caption", o, b.caption) if b.caption else []
        for i, e in enumerate(b.entries):
            out += _text_items("date", f"{o}[{i}].date", e.date, o)
            out += _text_items("event", f"{o}[{i}].event", e.event, o)
        return out
    raise TypeError(type(b).__name__)  # pragma: no cover


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
                out += _text_items("headline", o, s.headline)
            if s.points:
                out += [Item("slide title", o, lead)]
        else:
            out += [Item("slide title", o, lead, "sections")]
    else:
        out += [Item("heading", o, s.heading, "sections")]
        if s.headline:
            out += _text_items("headline", o, s.headline)
    out += [it for i, p in enumerate(s.points) for it in _text_items("point", f"{o}.points[{i}]", p, f"{o}.points")]
    for b in s.body:
        out += block_items(b, fmt)
    if slides and s.notes:
        out += _text_items("notes", f"{o}.notes", s.notes)
    for sub in s.sections:
        out += section_items(sub, fmt)
    return out


def expected_items(doc: m.Document, fmt: str) -> list[Item]:
    """Everything `fmt`'s file for `doc` must show, in reading order."""
    meta = doc.meta
    out: list[Item] = _text_items("title", "meta.title", meta.title)
    for k in ("subtitle", "author", "organization"):
        v = getattr(meta, k)
        if v:
            out += _text_items(k, f"meta.{k}", v)
    if doc.audience_label:
        out += _text_items("audience label", f"audiences.{doc.audience}.label", doc.audience_label)
    if doc.bluf:
        out += _text_items("bluf", "bluf", doc.bluf)
    for j in doc.key_judgments:
        out += _text_items("judgment", j.origin, j.text, "key_judgments")
        if j.label:
            out += _text_items("likelihood", j.origin, j.label)
    if get_format(fmt).slides and doc.show_toc:
        # -- the agenda slide lists sections and subsections ("1 Title", "1.1 Title") and the
        # annexes, not their subsections --
        listed = [s for top in doc.sections for s in top.walk() if s.level <= 2] + list(doc.appendix)
        out += [Item("agenda", s.origin, s.heading, "agenda") for s in listed]
    for s in doc.sections:
        out += section_items(s, fmt)
    for r in doc.recommendations:
        out += _text_items("recommendation", r.origin, r.text, "recommendations")
        if r.label:
            out += _text_items("owner/due", r.origin, r.label)
    for src in doc.sources:
        out += _text_items("source", src.origin, src.label, "sources")
        if src.url:
            out += _text_items("source url", src.origin, src.url)
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

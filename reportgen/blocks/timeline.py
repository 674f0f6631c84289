"""Block type `timeline`: dated events, as a list or with a caption."""

from __future__ import annotations

import dataclasses
from typing import Annotated, Any, Union

from pydantic import Discriminator, Field, Tag

from .. import model as m
from ..outline_base import Filters, Inline, Plain, Str, Strict
from .base import BlockType, Context, Item, Make, marked, text_items


class TimelineEntry(Strict):
    date: Str
    event: Inline


class TimelineBody(Strict):
    caption: Plain | None = None
    entries: list[TimelineEntry] = Field(min_length=1)


def _timeline_tag(v: Any) -> str:
    return "list" if isinstance(v, list) else "map"


TimelineValue = Annotated[
    Union[Annotated[list[TimelineEntry], Tag("list")], Annotated[TimelineBody, Tag("map")]],
    Discriminator(_timeline_tag),
]


class TimelineBlock(Filters):
    timeline: TimelineValue


def tailor(b: TimelineBlock, ctx: Context) -> Make:
    tl, origin, tx = b.timeline, ctx.origin, ctx.texts
    entries = tl if isinstance(tl, list) else tl.entries
    cap = None if isinstance(tl, list) else tx.opt_plain(TimelineBody, "caption", tl.caption)
    parsed = [(e.date, tx.inline(TimelineEntry, "event", e.event)) for e in entries]
    return lambda fin: m.Timeline(tuple(m.TimelineEntry(d, fin.runs(n)) for d, n in parsed),
                                  fin.opt_plain(cap), origin)


def items(b: m.Timeline, fmt: str) -> list[Item]:
    o = b.origin
    out = text_items("caption", o, b.caption)
    for i, e in enumerate(b.entries):
        out += text_items("date", f"{o}[{i}].date", e.date, o)
        out += text_items("event", f"{o}[{i}].event", e.event, o)
    return out


def mark(b: m.Timeline, mark: str) -> m.Timeline:
    """A timeline with a caption is one exhibit, like a table: the mark stands before its
    caption; without one, each event is a portion of a list and carries the mark."""
    if b.caption:
        return dataclasses.replace(b, caption=mark + b.caption)
    return dataclasses.replace(b, entries=tuple(dataclasses.replace(e, event=marked(e.event, mark))
                                                for e in b.entries))


TYPE = BlockType("timeline", TimelineBlock, m.Timeline, tailor, items, mark=mark)

"""Block type `callout`: a boxed note, insight or warning with an optional title."""

from __future__ import annotations

from typing import Literal

from .. import model as m
from ..outline_base import Filters, Inline, Plain, Strict
from .base import BlockType, Context, Item, Make, text_items


class CalloutBody(Strict):
    text: Inline
    title: Plain | None = None
    style: Literal["note", "insight", "warning"] = "note"


class CalloutBlock(Filters):
    callout: CalloutBody


def tailor(b: CalloutBlock, ctx: Context) -> Make:
    c, origin = b.callout, ctx.origin
    title = ctx.texts.opt_plain(CalloutBody, "title", c.title)
    nodes = ctx.texts.inline(CalloutBody, "text", c.text)
    return lambda fin: m.Callout(fin.runs(nodes), fin.opt_plain(title), c.style, origin)


def items(b: m.Callout, fmt: str) -> list[Item]:
    return text_items("callout title", b.origin, b.title) + text_items("callout", b.origin, b.text)


TYPE = BlockType("callout", CalloutBlock, m.Callout, tailor, items)

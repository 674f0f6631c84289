"""Block type `quote`: a quotation and who said it."""

from __future__ import annotations

from .. import model as m
from ..outline_base import Filters, Inline, Plain, Strict
from .base import BlockType, Context, Item, Make, mark_label, text_items


class QuoteBody(Strict):
    text: Inline
    by: Plain | None = None


class QuoteBlock(Filters):
    quote: QuoteBody


def tailor(b: QuoteBlock, ctx: Context) -> Make:
    q, origin = b.quote, ctx.origin
    nodes = ctx.texts.inline(QuoteBody, "text", q.text)
    by = ctx.texts.opt_plain(QuoteBody, "by", q.by)
    return lambda fin: m.Quote(fin.runs(nodes), fin.opt_plain(by), origin)


def items(b: m.Quote, fmt: str) -> list[Item]:
    # -- a marked quote is looked for with its mark before the opening quotation mark --
    text = b.quoted() if b.mark else b.text
    return text_items("quote", b.origin, text) + text_items("attribution", b.origin, b.by)


#: the portion mark stands before the quotation marks, not inside them (`Quote.quoted`)
TYPE = BlockType("quote", QuoteBlock, m.Quote, tailor, items, mark=mark_label)

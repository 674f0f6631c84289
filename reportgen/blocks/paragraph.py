"""Block type `paragraph`: a plain string in `body:`, or `- paragraph: text`."""

from __future__ import annotations

from typing import Any

from .. import model as m
from ..outline_base import Filters, Inline
from .base import BlockType, Context, Item, Make, text_items


class ParagraphBlock(Filters):
    paragraph: Inline


def tailor(b: Any, ctx: Context) -> Make:
    if isinstance(b, str):
        from ..outline import Section

        nodes = ctx.texts.inline(Section, "body", b)
    else:
        nodes = ctx.texts.inline(ParagraphBlock, "paragraph", b.paragraph)
    origin = ctx.origin
    return lambda fin: m.Paragraph(fin.runs(nodes), origin)


def items(b: m.Paragraph, fmt: str) -> list[Item]:
    return text_items("paragraph", b.origin, b.text)


TYPE = BlockType("paragraph", ParagraphBlock, m.Paragraph, tailor, items)

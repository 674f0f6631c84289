"""Block types `bullets` and `numbered`: lists whose items may nest (a list after an item)."""

from __future__ import annotations

import functools
from typing import Annotated, Any, Union

from pydantic import Discriminator, Field, Tag

from .. import model as m
from ..outline_base import Filters, Inline
from ..textfields import INLINE
from .base import (
    BlockType,
    Context,
    Item,
    Make,
    list_check_items,
    list_items,
    list_nodes,
    mark_items,
)


def _list_tag(v: Any) -> str:
    return "list" if isinstance(v, list) else "str"


#: A list item: text, or a list that nests under the item before it (its entries are checked
#: by `load`, since a recursive alias would make the schema recurse).
ListEntry = Annotated[
    Union[Annotated[Inline, Tag("str")], Annotated[list[Any], Tag("list"), INLINE]],
    Discriminator(_list_tag),
]


class BulletsBlock(Filters):
    bullets: list[ListEntry] = Field(min_length=1)


class NumberedBlock(Filters):
    numbered: list[ListEntry] = Field(min_length=1)
    start: Annotated[int, Field(strict=True)] = 1


def tailor_bullets(b: BulletsBlock, ctx: Context) -> Make:
    entries = list_nodes(b.bullets, functools.partial(ctx.texts.inline, BulletsBlock, "bullets"))
    origin = ctx.origin
    return lambda fin: m.BulletList(list_items(entries, fin.runs), origin)


def tailor_numbered(b: NumberedBlock, ctx: Context) -> Make:
    entries = list_nodes(b.numbered, functools.partial(ctx.texts.inline, NumberedBlock, "numbered"))
    origin, start = ctx.origin, b.start
    return lambda fin: m.NumberedList(list_items(entries, fin.runs), start, origin)


def items(b: m.BulletList | m.NumberedList, fmt: str) -> list[Item]:
    return list_check_items(b.items, b.origin, b.origin)


BULLETS = BlockType("bullets", BulletsBlock, m.BulletList, tailor_bullets, items, mark=mark_items)
NUMBERED = BlockType("numbered", NumberedBlock, m.NumberedList, tailor_numbered, items, extra_keys=("start",), mark=mark_items)

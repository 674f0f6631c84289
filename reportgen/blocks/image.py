"""Block type `image`: a numbered picture (a figure) with alt text and a caption."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from .. import model as m
from ..formats import get as get_format
from ..outline_base import Filters, Plain, Str, Strict
from ..paths import check_image
from .base import BlockType, Context, Item, Make, mark_label, text_items


class ImageBody(Strict):
    path: Str
    alt: Plain = Field(description="alternative text for readers who cannot see the image")
    caption: Plain | None = None


class ImageBlock(Filters):
    image: ImageBody


def tailor(b: ImageBlock, ctx: Context) -> Make:
    im, origin, tx = b.image, ctx.origin, ctx.texts
    num = ctx.next_number("figure")
    full = ctx.resolve(im.path)
    cap = tx.opt_plain(ImageBody, "caption", im.caption)
    alt = tx.plain(ImageBody, "alt", im.alt)
    return lambda fin: m.Image(full, fin.plain(alt), fin.opt_plain(cap), num, origin)


def items(b: m.Image, fmt: str) -> list[Item]:
    # -- the handout does not print alt text, as the brief does not show it: it is the
    # picture's description for those who cannot see it, not a paragraph (README, accessibility) --
    alt = text_items("alt text", b.origin, b.alt) if get_format(fmt).reads_alt_text else []
    return text_items("caption", b.origin, b.label) + alt


def problems(b: ImageBlock, path: tuple[Any, ...], ld: Any) -> list[Any]:
    problem = check_image(ld, b.image.path)
    return [ld.positions.problem((*path, "image", "path"), problem)] if problem else []


TYPE = BlockType("image", ImageBlock, m.Image, tailor, items, problems=problems, mark=mark_label)

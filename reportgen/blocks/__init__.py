"""The block types, one module each, in one registry.

A block type's module holds its outline model (with its texts' kinds declared on the field
types), its tailoring into the Document's type, its check items and any checks `load` makes
beyond the model; `REGISTRY` lists them in the order the outline format documents them.
`outline.BodyBlock`, `load`, `tailor` and `check` are built from the registry; renderers have
one handler per tailored type (`render.handlers_named`), and `tests/test_blocks.py` fails,
naming what is missing, for a registered type without a handler, a fuzz strategy, a
declared text or a portion mark (a tailored type without a `text` field brings its own `mark`).
"""

from __future__ import annotations

from typing import Any

from . import callout, chart, image, lists, paragraph, quote, table, timeline
from .base import BlockType

#: block key -> its type, in documentation order
REGISTRY: dict[str, BlockType] = {t.key: t for t in (
    paragraph.TYPE, lists.BULLETS, lists.NUMBERED, quote.TYPE, callout.TYPE, table.TYPE, chart.TYPE,
    image.TYPE, timeline.TYPE,
)}

#: block key -> outline model
BLOCK_MODELS: dict[str, type] = {k: t.outline for k, t in REGISTRY.items()}
#: keys that may stand beside the block key, besides the filters
BLOCK_EXTRA_KEYS: dict[str, tuple[str, ...]] = {k: t.extra_keys for k, t in REGISTRY.items() if t.extra_keys}
#: the Document's block types
BLOCK_TYPES: tuple[type, ...] = tuple(dict.fromkeys(t.tailored for t in REGISTRY.values()))

_BY_OUTLINE = {t.outline: t for t in REGISTRY.values()}
_BY_TAILORED = {t.tailored: t for t in REGISTRY.values()}


def block_key(v: Any) -> str | None:
    """The block type of a body entry: `str` for a plain paragraph, else its block key."""
    if isinstance(v, str):
        return "str"
    if isinstance(v, dict):
        keys = [k for k in v if k in BLOCK_MODELS]
        if len(keys) == 1:
            return keys[0]
    t = _BY_OUTLINE.get(type(v))
    return t.key if t else None


def of_entry(entry: Any) -> BlockType:
    """The block type of an outline body entry (a string is a paragraph)."""
    return REGISTRY["paragraph"] if isinstance(entry, str) else _BY_OUTLINE[type(entry)]


def of_block(block: Any) -> BlockType:
    """The block type of a Document block."""
    return _BY_TAILORED[type(block)]

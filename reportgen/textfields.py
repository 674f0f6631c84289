"""Which outline fields are text, and of what kind: declared once, on the models' types.

A text field of `outline.py` is typed `Inline`, `Plain` or `Verbatim`:

- `Inline`: inline markup, citations `[@id]` and `${variables}`; drawn as formatted runs
  (paragraphs, points, list items, cells, judgments, quote and callout text, events, BLUF);
- `Plain`: citations and `${variables}`, markup removed; drawn as plain text with the
  citations numbered (titles, headlines, captions, column headings, `quote.by`, callout titles,
  chart categories, series and unit, image alt text);
- `Verbatim`: `${variables}` only, shown as written (meta fields, audience labels and
  markings, source titles and publishers, owners, speaker notes).

Any text field may be written per audience, as a mapping `{default: ..., leadership: ...}`:
`load` reads it as a `Variants` (a `str` whose value is the default wording, carrying every
wording), `texts()` yields each wording at its own path (`bluf.leadership`), and `tailor` picks
the audience's wording (`Variants.pick`) before anything else looks at the text.

Any other text (ids, paths, dates, tags) is neither substituted nor parsed. `load` validates
every text field found by `texts()` by its kind, and `tailor` treats a field only as its
declared kind (`kind_of` is asked there), so the two cannot disagree about a field.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Union

from pydantic import BaseModel


@dataclass(frozen=True)
class TextKind:
    """A marker in a field's `Annotated` type: what the text may hold."""

    name: str
    #: inline markup is parsed (and kept: `inline`; removed: `plain`)
    markup: bool
    #: `[@id]` citations are numbered
    citations: bool


INLINE = TextKind("inline", markup=True, citations=True)
PLAIN = TextKind("plain", markup=True, citations=True)
VERBATIM = TextKind("verbatim", markup=False, citations=False)

PathKey = tuple[Any, ...]

#: the key of a per-audience mapping that holds the wording of every audience not named
DEFAULT_WORDING = "default"


class Variants(str):
    """A text written per audience (`{default: ..., leadership: ...}`): as a `str` it is the
    default wording (or, without one, the first); `pick(audience)` is the audience's."""

    variants: dict[str, str]

    def __new__(cls, text: str, variants: dict[str, str] | None = None) -> Variants:
        obj = super().__new__(cls, text)
        obj.variants = dict(variants or {DEFAULT_WORDING: text})
        return obj

    @classmethod
    def of(cls, mapping: dict[str, str]) -> Variants:
        first = mapping.get(DEFAULT_WORDING, next(iter(mapping.values()), ""))
        return cls(first, mapping)

    def pick(self, audience: str) -> str:
        """The wording `audience` gets: its own, else the default (load makes sure one exists)."""
        return self.variants.get(audience, self.variants.get(DEFAULT_WORDING, str(self)))

    def __reduce__(self) -> tuple[Any, ...]:
        # -- pickled to the build's worker processes with every wording --
        return (Variants, (str(self), self.variants))


def pick(text: Any, audience: str) -> Any:
    """`text` as `audience` reads it: a `Variants`' wording for it; any other value unchanged."""
    return text.pick(audience) if isinstance(text, Variants) else text


def _marker(meta: typing.Iterable[Any]) -> TextKind | None:
    return next((x for x in meta if isinstance(x, TextKind)), None)


def texts(obj: BaseModel, path: PathKey = ()) -> Iterator[tuple[PathKey, str, TextKind]]:
    """Every text of `obj` (an outline model) with its data path and kind, in field order."""
    for name, f in type(obj).model_fields.items():
        v = getattr(obj, name)
        if v is not None:
            yield from _walk(v, f.annotation, _marker(f.metadata), (*path, name))


def kind_of(model: type[BaseModel], field: str) -> TextKind | None:
    """The declared kind of the text in `model.field` (of its items, for a list), or None."""
    f = model.model_fields[field]
    return _marker(f.metadata) or _first_marker(f.annotation)


def _first_marker(ann: Any) -> TextKind | None:
    if typing.get_origin(ann) is typing.Annotated:
        args = typing.get_args(ann)
        return _marker(args[1:]) or _first_marker(args[0])
    for a in typing.get_args(ann):
        found = _first_marker(a)
        if found:
            return found
    return None


def _base(ann: Any) -> Any:
    while typing.get_origin(ann) is typing.Annotated:
        ann = typing.get_args(ann)[0]
    return typing.get_origin(ann) or ann


def _matches(v: Any, ann: Any) -> bool:
    base = _base(ann)
    if base is Any:
        return True
    if isinstance(base, type):
        return isinstance(v, base)
    return False  # pragma: no cover - Literal members are not text


def _walk(v: Any, ann: Any, kind: TextKind | None, path: PathKey) -> Iterator[tuple[PathKey, str, TextKind]]:
    while typing.get_origin(ann) is typing.Annotated:
        args = typing.get_args(ann)
        kind = _marker(args[1:]) or kind
        ann = args[0]
    origin = typing.get_origin(ann)
    if origin is Union or origin is types.UnionType:
        member = next((a for a in typing.get_args(ann) if a is not type(None) and _matches(v, a)), Any)
        yield from _walk(v, member, kind, path)
        return
    if isinstance(v, BaseModel):
        yield from texts(v, path)
    elif isinstance(v, Variants):
        if kind is not None:
            for name, text in v.variants.items():
                yield (*path, name), text, kind
    elif isinstance(v, str):
        if kind is not None:
            yield path, v, kind
    elif isinstance(v, list):
        item = typing.get_args(ann)[0] if origin is list else Any
        for i, x in enumerate(v):
            yield from _walk(x, item, kind, (*path, i))
    elif isinstance(v, dict):
        key, value = typing.get_args(ann) if origin is dict else (Any, Any)
        for k, x in v.items():
            yield from _walk(k, key, None, (*path, k))
            yield from _walk(x, value, None, (*path, k))

"""Problems with the outline's shape, in the user's words: block types and nested lists checked
before pydantic (which would word them badly), then pydantic's errors translated into
`file:line:col: path: message; what to do` with did-you-mean hints."""

from __future__ import annotations

import re
import types
import typing
from typing import Any, Union

from pydantic import BaseModel, Tag, ValidationError

from .. import outline as om
from ..errors import Problem, did_you_mean, one_of
from ..yamlread import PathKey, Positions
from .cleaning import kind_of

_TAGS = {"str", "map", "list", *om.BLOCK_MODELS}


def shape_problems(data: dict[str, Any], pos: Positions) -> list[Problem]:
    """Problems pydantic would word badly: block types, nested list entries."""
    out: list[Problem] = []

    def sections(items: Any, path: PathKey) -> None:
        if not isinstance(items, list):
            return
        for i, sec in enumerate(items):
            if not isinstance(sec, dict):
                continue
            body = sec.get("body")
            if isinstance(body, list):
                for j, blk in enumerate(body):
                    out.extend(_block_shape(blk, (*path, i, "body", j), pos))
            sections(sec.get("sections"), (*path, i, "sections"))

    sections(data.get("sections"), ("sections",))
    sections(data.get("appendix"), ("appendix",))
    return out


def _block_shape(blk: Any, path: PathKey, pos: Positions) -> list[Problem]:
    if isinstance(blk, str):
        return []
    if not isinstance(blk, dict):
        return [pos.problem(path, f"a block is text (a paragraph) or a one-key mapping such as "
                                  f"`- bullets: [...]`, not {kind_of(blk)}")]
    keys = [k for k in blk if k in om.BLOCK_MODELS]
    if len(keys) > 1:
        return [pos.problem((*path, keys[1]), f"a block has exactly one type, found "
                            f"{' and '.join(repr(k) for k in keys)}; split it into separate "
                            "`- ...` entries", key=True)]
    if not keys:
        others = [k for k in blk if k not in om.FILTER_KEYS]
        if others:
            k = others[0]
            return [pos.problem((*path, k), f"unknown block type '{k}'"
                                f"{did_you_mean(k, om.BLOCK_MODELS)}; expected "
                                f"{one_of(om.BLOCK_MODELS)}", key=True)]
        return [pos.problem(path, f"this block has no type; add one of {one_of(om.BLOCK_MODELS)}")]
    key = keys[0]
    out: list[Problem] = []
    if key in ("bullets", "numbered"):
        out.extend(_list_entries(blk[key], (*path, key), pos))
    return out


def _list_entries(items: Any, path: PathKey, pos: Positions, depth: int = 0) -> list[Problem]:
    if not isinstance(items, list):
        return []
    out: list[Problem] = []
    for i, it in enumerate(items):
        if isinstance(it, list):
            if i == 0 and depth == 0:
                out.append(pos.problem((*path, i), "a nested list must follow the item it belongs to"))
            out.extend(_list_entries(it, (*path, i), pos, depth + 1))
        elif isinstance(it, (str, int, float)) and not isinstance(it, bool):
            continue
        elif depth > 0:
            out.append(pos.problem((*path, i), f"a list item is text or a nested list, not {kind_of(it)}"))
    return out


def _unwrap(t: Any) -> Any:
    while True:
        origin = typing.get_origin(t)
        if origin is typing.Annotated:
            args = typing.get_args(t)
            inner = args[0]
            if typing.get_origin(inner) is Union and any(
                type(m).__name__ == "Discriminator" for m in args[1:]
            ):
                return t
            t = inner
            continue
        if origin is Union or origin is types.UnionType:
            members = [a for a in typing.get_args(t) if a is not type(None)]
            if len(members) == 1:
                t = members[0]
                continue
        return t


def _step(t: Any, part: Any) -> Any:
    t = _unwrap(t)
    origin = typing.get_origin(t)
    if origin is typing.Annotated:  # a discriminated union: part is the tag
        union = typing.get_args(t)[0]
        for member in typing.get_args(union):
            for meta in typing.get_args(member)[1:]:
                if isinstance(meta, Tag) and meta.tag == part:
                    return typing.get_args(member)[0]
        return None
    if isinstance(t, type) and issubclass(t, BaseModel):
        f = t.model_fields.get(part)
        if f is None:
            return None
        # -- pydantic moves a field's Annotated metadata (a Discriminator) out of .annotation --
        t = f.annotation
        for meta in f.metadata:
            t = typing.Annotated[t, meta]
        return t
    if origin is list:
        return typing.get_args(t)[0]
    if origin is dict:
        return typing.get_args(t)[1]
    return None


def _model_at(loc: tuple[Any, ...]) -> type[BaseModel] | None:
    t: Any = om.Outline
    for part in loc:
        t = _step(t, part)
        if t is None:
            return None
    t = _unwrap(t)
    return t if isinstance(t, type) and issubclass(t, BaseModel) else None


def _strip_tags(loc: tuple[Any, ...]) -> tuple[Any, ...]:
    out: list[Any] = []
    skipped = False
    for part in loc:
        if not skipped and out and part in _TAGS and (
            isinstance(out[-1], int) or (out[-1] == "timeline" and part in ("list", "map"))
        ):
            skipped = True  # -- one tag follows a union position, the next part is real --
            continue
        skipped = False
        out.append(part)
    return tuple(out)


def _get(data: Any, path: PathKey) -> Any:
    for part in path:
        if isinstance(data, dict) and part in data or isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data):
            data = data[part]
        else:
            return None
    return data


def _colon_text(value: Any) -> str | None:
    """`Key words: more words` as YAML read it (a one-key mapping of text) when it was meant as
    text, rebuilt for the message; else None."""
    if isinstance(value, dict) and len(value) == 1:
        (k, v), = value.items()
        if isinstance(k, str) and (v is None or isinstance(v, (str, int, float))) and " " in k.strip():
            return f"{k}: {v}" if v is not None else f"{k}:"
    return None


_QUOTE_HINT = "; a ': ' inside text makes YAML read a mapping: put the text in quotes"


def pydantic_problems(e: ValidationError, data: Any, pos: Positions, shaped: bool = True) -> list[Problem]:
    """pydantic's errors in the user's words; `shaped`: `shape_problems` reported the block shapes."""
    out: list[Problem] = []
    for err in e.errors():
        raw = tuple(err["loc"])
        kind = err["type"]
        loc = _strip_tags(raw)
        if kind in ("union_tag_not_found", "union_tag_invalid"):
            if not shaped:
                # -- shape_problems words these; should it have found none, say something --
                out.append(pos.problem(loc, f"this entry has no type reportgen knows; expected text or "
                                       f"one of {one_of(om.BLOCK_MODELS)}"))
            continue
        value = err.get("input")
        ctx = err.get("ctx") or {}
        if kind == "extra_forbidden":
            key = loc[-1]
            model = _model_at(raw[:-1])
            allowed = list(model.model_fields) if model else []
            # -- the item's own keys first, the audience filters after --
            allowed = [k for k in allowed if k not in om.FILTER_KEYS] + [k for k in allowed if k in om.FILTER_KEYS]
            if model is not None and issubclass(model, om.Filters) and raw[-2] in om.BLOCK_MODELS:
                allowed = [raw[-2], *om.FILTER_KEYS, *om.BLOCK_EXTRA_KEYS.get(raw[-2], ())]
            hint = did_you_mean(str(key), allowed)
            text = _colon_text(_get(data, loc[:-1]))
            if text is not None and not hint:
                out.append(pos.problem(loc[:-1], f"this reads as a mapping with the key '{key}'"
                                       f"{_QUOTE_HINT}: \"{text}\""))
                continue
            msg = f"unknown key '{key}'{hint}; expected {one_of(allowed)}" if allowed else f"unknown key '{key}'"
            out.append(pos.problem(loc, msg, key=True))
            continue
        if kind == "missing":
            parent = loc[:-1]
            if _colon_text(_get(data, parent)) is not None:
                continue  # -- the unknown key above says what happened --
            out.append(pos.problem(parent, f"'{loc[-1]}' is missing; add `{loc[-1]}:` here"))
            continue
        if kind in ("literal_error", "enum"):
            expected = ctx.get("expected", "")
            choices = re.findall(r"'([^']*)'", expected) or [str(x) for x in re.findall(r"(\d+)", expected)]
            hint = did_you_mean(str(value), choices) if isinstance(value, str) else ""
            what = {"likelihood": "an ICD 203 likelihood term", "confidence": "a confidence level",
                    "detail": "a detail level", "kind": "a chart kind", "style": "a callout style",
                    "formats": "a format", "reportgen": "a format version"}.get(
                        next((p for p in reversed(loc) if isinstance(p, str)), ""), "allowed here")
            msg = f"'{value}' is not {what}{hint}; expected {one_of(choices)}"
            out.append(pos.problem(loc, msg))
            continue
        if kind == "string_type":
            msg = f"expected text, got {kind_of(value)}"
            if _colon_text(value) is not None:
                msg += f'{_QUOTE_HINT}: "{_colon_text(value)}"'
            if isinstance(value, bool):
                # -- YAML 1.1 reads yes/no/on/off/true/false as booleans --
                msg += f"; quote it if you mean the word (e.g. \"{'yes' if value else 'no'}\")"
            out.append(pos.problem(loc, msg))
            continue
        if kind == "list_type":
            out.append(pos.problem(loc, f"expected a list (`- item` lines or [a, b]), got {kind_of(value)}"))
            continue
        if kind in ("model_type", "model_attributes_type", "dict_type"):
            model = _model_at(raw)
            fields = [k for k in model.model_fields if k not in om.FILTER_KEYS] if model else []
            keys = f" with keys {one_of(fields)}" if fields else ""
            msg = f"expected a mapping{keys}, got {kind_of(value)}"
            if isinstance(value, str) and re.match(r"^\s*[\w-]+:\S", value):
                msg += "; put a space after the ':' (`key: value`)"
            out.append(pos.problem(loc, msg))
            continue
        if kind in ("int_from_float", "int_parsing", "int_type"):
            out.append(pos.problem(loc, f"expected a whole number, got {kind_of(value)}"))
            continue
        if kind in ("greater_than_equal", "less_than_equal"):
            bound = ctx.get("ge", ctx.get("le"))
            msg = f"must be {'at least' if kind == 'greater_than_equal' else 'at most'} {bound}, got {value!r}"
            out.append(pos.problem(loc, msg))
            continue
        if kind in ("float_parsing", "float_type"):
            out.append(pos.problem(loc, f"expected a number, got {kind_of(value)}"))
            continue
        if kind == "finite_number":
            out.append(pos.problem(loc, f"expected a finite number, got {value!r}; a chart cannot draw it"))
            continue
        if kind in ("bool_type", "bool_parsing"):
            out.append(pos.problem(loc, f"expected true or false, got {kind_of(value)}"))
            continue
        if kind == "too_short":
            n = ctx.get("min_length", 1)
            out.append(pos.problem(loc, f"needs at least {n} item{'s' if n != 1 else ''}"))
            continue
        msg = err["msg"].removeprefix("Value error, ")
        out.append(pos.problem(loc, msg[0].lower() + msg[1:]))
    return out



"""Checks of sensitivity levels (`meta.levels`): names defined, no hand-typed marking, a
section at least as high as what it holds, no text citing a source above its own level."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from .. import outline as om
from ..errors import Problem, did_you_mean, one_of
from ..inline import InlineError, cite_ids, parse
from ..sensitivity import Scale
from ..textfields import texts
from ..yamlread import PathKey, format_path

if TYPE_CHECKING:
    from . import Loaded


def _items(o: om.Outline) -> Iterator[tuple[PathKey, Any]]:
    """Every outline item that may carry `level:`, with its path (sections before their contents)."""
    for name in ("sections", "appendix"):
        for i, s in enumerate(getattr(o, name)):
            yield from _section_items(s, (name, i))
    for i, k in enumerate(o.key_judgments):
        yield ("key_judgments", i), k
    for i, r in enumerate(o.recommendations):
        yield ("recommendations", i), r
    for i, src in enumerate(o.sources):
        yield ("sources", i), src


def _section_items(s: om.Section, path: PathKey) -> Iterator[tuple[PathKey, Any]]:
    yield path, s
    for i, p in enumerate(s.points):
        yield (*path, "points", i), p
    for j, b in enumerate(s.body):
        yield (*path, "body", j), b
    for k, sub in enumerate(s.sections):
        yield from _section_items(sub, (*path, "sections", k))


def level_problems(ld: Loaded) -> list[Problem]:
    o, pos = ld.outline, ld.positions
    out: list[Problem] = []
    scale = Scale.of(o.meta)
    used: list[tuple[PathKey, str]] = [((*p, "level"), it.level) for p, it in _items(o)
                                       if not isinstance(it, str) and it.level is not None]
    used += [(("audiences", n, "max_level"), a.max_level) for n, a in o.audiences.items() if a.max_level is not None]
    if o.meta.level is not None:
        used.append((("meta", "level"), o.meta.level))
    if scale is None:
        why = ("sensitivity levels need `meta.levels` (the levels, lowest first, e.g. "
               "`- {name: U, banner: UNCLASSIFIED}`); define them under `meta:`")
        out += [pos.problem(p, f"level '{name}' is not defined: {why}") for p, name in used]
        out += [pos.problem(("audiences", n, "caveats"), f"caveats are added to the computed banner: {why}")
                for n, a in o.audiences.items() if a.caveats]
        if o.meta.portion_marks:
            out.append(pos.problem(("meta", "portion_marks"), f"portion marks show each item's level: {why}"))
        return out
    seen: dict[str, int] = {}
    for i, lv in enumerate(o.meta.levels or ()):
        if lv.name in seen:
            out.append(pos.problem(("meta", "levels", i, "name"), f"level '{lv.name}' is defined twice "
                                   f"(also meta.levels[{seen[lv.name]}]); give each level its own name"))
        seen.setdefault(lv.name, i)
        if not lv.name.strip() or any(c in lv.name for c in "()"):
            out.append(pos.problem(("meta", "levels", i, "name"), f"level name '{lv.name}' cannot be a "
                                   "portion mark; use letters such as U, C or Internal, without brackets"))
    # -- the banner is computed: a typed one could say less than the file holds --
    typed = [(("meta", "marking"), o.meta.marking)] + [(("audiences", n, "marking"), a.marking)
                                                      for n, a in o.audiences.items()]
    for p, value in typed:
        if value is not None:
            out.append(pos.problem(p, "with `meta.levels` the banner is computed from the highest level "
                                   "each file contains, so it cannot be typed: remove `marking` (limit an "
                                   "audience with `max_level`, add REL TO and the like with `caveats`)"))
    for p, name in used:
        if name not in scale.names:
            out.append(pos.problem(p, f"unknown level '{name}'{_suggest(name, scale)}; "
                                   f"levels (meta.levels): {one_of(scale.names)}"))
    # -- a section is at least as high as what it holds --
    for name in ("sections", "appendix"):
        for i, s in enumerate(getattr(o, name)):
            _containment(s, (name, i), scale, pos, out)
    # -- a text may not cite a source above its own level (its reader would see the entry) --
    src_level = {s.id: scale.level(s) for s in o.sources}
    for p, it in _items(o):
        if p[0] == "sources":
            continue
        own = scale.level(it)
        model = it if not isinstance(it, str) else None
        found = texts(model, p) if model is not None else iter([(p, it, None)])
        for tp, text, kind in found:
            if isinstance(model, om.Section) and tp[len(p)] in ("points", "body", "sections"):
                continue  # -- judged as items of their own --
            if kind is not None and not kind.citations:
                continue
            try:
                ids = cite_ids(parse(text))
            except InlineError:
                continue  # -- reported by `semantic` --
            for cid in ids:
                high = src_level.get(cid)
                if high is not None and scale.rank(high) > scale.rank(own):
                    out.append(pos.problem(tp, f"cites source '{cid}' at level {high}, above this text's "
                                           f"level {own}; mark the text `level: {high}` or lower the source"))
    return out


def _suggest(name: str, scale: Scale) -> str:
    """` (did you mean 'U'?)` by the level's name, or by its banner (`Unclassified` -> U)."""
    hint = did_you_mean(name, scale.names)
    if hint:
        return hint
    low = name.strip().lower()
    for n, b in zip(scale.names, scale.banners, strict=True):
        if low and (b.lower().startswith(low) or did_you_mean(low, [b.lower()])):
            return f" (did you mean '{n}', whose banner is {b}?)"
    return ""


def _containment(s: om.Section, path: PathKey, scale: Scale, pos: Any, out: list[Problem]) -> str:
    """The level `s` must have (its own, or the highest of what it holds); reports a section
    marked lower than something it holds."""
    inner: list[tuple[str, PathKey]] = []
    for i, p in enumerate(s.points):
        inner.append((scale.level(p), (*path, "points", i)))
    for j, b in enumerate(s.body):
        inner.append((scale.level(b), (*path, "body", j)))
    for k, sub in enumerate(s.sections):
        inner.append((_containment(sub, (*path, "sections", k), scale, pos, out), (*path, "sections", k)))
    top = max(inner, key=lambda x: scale.rank(x[0]), default=None)
    if s.level in scale.names and top is not None and scale.rank(top[0]) > scale.rank(s.level):
        out.append(pos.problem((*path, "level"), f"the section is marked {s.level} but holds "
                               f"{format_path(top[1])} at level {top[0]}; a section is at least as high "
                               f"as what it holds: mark it `level: {top[0]}`, or lower that item"))
    return scale.highest([scale.level(s), *(lv for lv, _ in inner)])

"""Checks across a validated outline: citations name sources, variables are defined, audiences
and themes exist, section ids are unique, tables, charts and images are usable."""

from __future__ import annotations

import re
import typing
from typing import TYPE_CHECKING, Any

from .. import outline as om
from ..blocks import of_entry
from ..errors import InputError, Problem, did_you_mean, one_of
from ..inline import InlineError, cite_ids, find_variables, parse
from ..paths import resolve_path
from ..textfields import texts
from ..yamlread import PathKey, format_path

if TYPE_CHECKING:
    from . import Loaded

def semantic_problems(ld: Loaded, data: Any) -> list[Problem]:
    o, pos = ld.outline, ld.positions
    out: list[Problem] = []
    audiences = list(o.audiences)
    # -- labels with numbers to fill in --
    if o.labels is not None:
        page = o.labels.page  # type: ignore[attr-defined]
        if page is not None and not re.search(r"\{page\}.*\{pages\}", page, re.S):
            out.append(pos.problem(("labels", "page"), f"'{page}' must hold {{page}} and then {{pages}}, "
                                   "e.g. 'Page {page} of {pages}'"))
        level = o.labels.confidence  # type: ignore[attr-defined]
        if level is not None and "{level}" not in level:
            out.append(pos.problem(("labels", "confidence"), f"'{level}' must hold {{level}} for the "
                                   "confidence level, e.g. '{level} confidence'"))
        number = o.labels.copy_number  # type: ignore[attr-defined]
        if number is not None and not re.search(r"\{copy\}.*\{copies\}", number, re.S):
            out.append(pos.problem(("labels", "copy_number"), f"'{number}' must hold {{copy}} and then "
                                   "{copies}, e.g. 'Copy {copy} of {copies}'"))
    # -- recipients of numbered copies --
    for name, aud in o.audiences.items():
        seen_people: dict[tuple[str, str], int] = {}
        for i, r in enumerate(aud.recipients):
            where = ("audiences", name, "recipients", i)
            if not r.name.strip():
                out.append(pos.problem((*where, "name"), "a recipient needs a name: who holds this copy"))
                continue
            who = (" ".join(r.name.split()).casefold(), " ".join((r.org or "").split()).casefold())
            if who in seen_people:
                shown = f"{r.name}, {r.org}" if r.org else r.name
                out.append(pos.problem((*where, "name"), f"recipient '{shown}' is listed twice (also "
                                       f"recipients[{seen_people[who]}]); each numbered copy goes to one "
                                       "holder: remove one, or tell them apart with `org:`"))
            seen_people.setdefault(who, i)
    # -- sources --
    source_ids: dict[str, int] = {}
    for i, s in enumerate(o.sources):
        if s.id in source_ids:
            out.append(pos.problem(("sources", i, "id"), f"duplicate source id '{s.id}' "
                                   f"(also sources[{source_ids[s.id]}]); give each source its own id"))
        source_ids.setdefault(s.id, i)
    # -- variables: defined in `variables`, or by every audience --
    defined = set(o.variables)
    if o.audiences:
        defined |= set.intersection(*(set(a.variables) for a in o.audiences.values()))
    known_vars = set(o.variables) | {k for a in o.audiences.values() for k in a.variables}
    for path, text, kind in texts(o):
        for name in find_variables(text):
            if name not in defined:
                if name in known_vars:
                    missing = [a for a, aud in o.audiences.items() if name not in aud.variables]
                    msg = (f"variable '{name}' is not defined for audience "
                           f"{', '.join(repr(a) for a in missing)}; define it under `variables:` "
                           "or in every audience")
                else:
                    msg = (f"unknown variable '${{{name}}}'{did_you_mean(name, known_vars)}; define it "
                           "under `variables:` (write $${ for a literal ${)")
                out.append(pos.problem(path, msg))
        if not kind.markup:
            continue
        try:
            nodes = parse(text)
        except InlineError as e:
            out.append(pos.problem(path, str(e)))
            continue
        for cid in cite_ids(nodes):
            if cid not in source_ids:
                hint = did_you_mean(cid, source_ids)
                fix = (f"; correct the id, or add a source with `id: {cid}` under `sources:`" if hint
                       else f"; add it under `sources:` with `id: {cid}`")
                out.append(pos.problem(path, f"citation [@{cid}] names no source{hint}{fix}"))
    # -- audience names used in filters --
    for path, names in _audience_refs(data):
        for k, name in enumerate(names):
            if name not in audiences:
                hint = did_you_mean(str(name), audiences)
                known = one_of(audiences) if audiences else "none: this outline defines no `audiences:`"
                out.append(pos.problem((*path, k), f"unknown audience '{name}'{hint}; audiences: {known}"))
    # -- audience themes --
    from ..theme import available_themes

    themes = None
    for key, theme in [(("theme",), o.theme), *((("audiences", n, "theme"), a.theme) for n, a in o.audiences.items())]:
        if not theme:
            continue
        if "/" in theme or "\\" in theme or theme.startswith("."):
            # -- a theme folder given as a path: same rule as images, inside the outline's folder --
            full, why = resolve_path(ld, theme, what="theme folder")
            if why:
                out.append(pos.problem(key, why))
            elif full is not None and not (full / "theme.yaml").is_file():
                out.append(pos.problem(key, f"theme folder '{theme}' has no theme.yaml"))
            continue
        try:
            themes = themes if themes is not None else available_themes(ld.base_dir)
        except (OSError, InputError):
            themes = {}
        if theme not in themes:
            out.append(pos.problem(key, f"unknown theme '{theme}'{did_you_mean(theme, themes)}; "
                                   f"themes: {one_of(sorted(themes))}"))
    # -- sections: ids, tables, charts, images --
    seen_ids: dict[str, str] = {}
    for name, secs in (("sections", o.sections), ("appendix", o.appendix)):
        for i, sec in enumerate(secs):
            out.extend(_section_problems(ld, sec, (name, i), seen_ids))
    return out


def _audience_refs(data: Any, path: PathKey = ()) -> typing.Iterator[tuple[PathKey, list[Any]]]:
    if isinstance(data, dict):
        for k, v in data.items():
            if k == "audiences" and isinstance(v, list) and path:
                yield (*path, k), v
            elif not (k == "audiences" and not path):
                yield from _audience_refs(v, (*path, k))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            yield from _audience_refs(v, (*path, i))


def _section_problems(ld: Loaded, s: om.Section, path: PathKey, seen: dict[str, str]) -> list[Problem]:
    pos = ld.positions
    out: list[Problem] = []
    sid = s.id or om.slug(s.title)
    if sid in seen:
        where = (*path, "id") if s.id else (*path, "title")
        out.append(pos.problem(where, f"duplicate section id '{sid}' (also {seen[sid]}); "
                               "give one of them its own `id:`"))
    else:
        seen[sid] = format_path(path)
    for j, b in enumerate(s.body):
        check = of_entry(b).problems
        if check is not None:
            out.extend(check(b, (*path, "body", j), ld))
    for k, sub in enumerate(s.sections):
        out.extend(_section_problems(ld, sub, (*path, "sections", k), seen))
    return out



"""Load an outline file: YAML -> validated `Outline`, every problem with its position.

All problems of a file are collected and raised together as one `InputError`, each as
`outline.yaml:LINE:COL: sections[2].body[1].table.rows[3]: what is wrong; what to do`.
"""

from __future__ import annotations

import errno
import os
import re
import types
import typing
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Union

from pydantic import BaseModel, Tag, ValidationError

from . import outline as om
from .errors import InputError, Problem, did_you_mean, one_of, warn
from .inline import InlineError, cite_ids, find_variables, parse
from .yamlread import PathKey, Positions, format_path, read_yaml

#: Image limits; raise through the environment variable named in the message.
DEFAULT_MAX_IMAGE_PIXELS = 50_000_000
DEFAULT_MAX_TABLE_CELLS = 100_000
IMAGE_FORMATS = {"PNG", "JPEG", "GIF"}

_TAGS = {"str", "map", "list", *om.BLOCK_MODELS}
# -- characters XML 1.0 cannot carry (python-docx raises, python-pptx writes _x0001_), and
# U+FEFF: a byte order mark inside text, which the PDF handout cannot place and readers skip --
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufeff\ufffe\uffff\ud800-\udfff]")


@dataclass
class Loaded:
    """A validated outline with everything needed to tailor and report on it."""

    outline: om.Outline
    positions: Positions
    path: Path
    #: folders images and theme paths may come from (the outline's folder, plus --allow-path)
    allowed_dirs: tuple[Path, ...] = ()
    warnings: list[str] = field(default_factory=list)

    @property
    def base_dir(self) -> Path:
        return self.path.parent

    @property
    def stem(self) -> str:
        return self.path.stem

    def audience_names(self) -> list[str]:
        return list(self.outline.audiences) or ["default"]


def load(path: str | Path, *, allow_paths: tuple[str | Path, ...] = (), display: str | None = None) -> Loaded:
    """Read and validate an outline file. Raises `InputError` listing every problem found."""
    p = Path(path)
    shown = display or str(path)
    data, pos = read_yaml(p, shown)
    if data is None:
        raise InputError("", [Problem(shown, 1, 1, "", "the file is empty (or only comments); "
                                      "an outline needs at least meta.title and one section — "
                                      "`reportgen init` writes a commented example")])
    if not isinstance(data, dict):
        raise InputError("", [pos.problem((), "an outline is a mapping of keys (meta, sections, ...), "
                                          f"not {_kind(data)}")])
    data = _clean_text(data, (), pos)
    problems = _shape_problems(data, pos)
    try:
        outline = om.Outline.model_validate(data)
    except ValidationError as e:
        problems.extend(_pydantic_problems(e, data, pos))
        raise InputError("", problems) from None
    if problems:  # pragma: no cover - shape problems also fail pydantic validation
        raise InputError("", problems)
    base = p.resolve().parent
    allowed = (base, *(Path(a).resolve() for a in allow_paths))
    loaded = Loaded(outline, pos, p.resolve(), allowed)
    problems = _semantic_problems(loaded, data)
    if problems:
        raise InputError("", problems)
    return loaded


def _kind(v: Any) -> str:
    if isinstance(v, dict):
        return "a mapping"
    if isinstance(v, list):
        return "a list"
    if isinstance(v, bool):
        return f"the boolean {str(v).lower()}"
    if isinstance(v, (int, float)):
        return f"the number {v}"
    if v is None:
        return "nothing (null)"
    return f"the text {str(v)[:40]!r}"


# -- text cleaning ---------------------------------------------------------------------------


def _clean_text(v: Any, path: PathKey, pos: Positions) -> Any:
    if isinstance(v, str):
        if _ILLEGAL.search(v):
            bad = sorted({f"U+{ord(c):04X}" for c in _ILLEGAL.findall(v)})
            line, col = pos.of(path)
            warn(f"{pos.file}:{line}:{col}: {format_path(path)}: removed characters that documents "
                 f"cannot hold ({', '.join(bad)})")
            v = _ILLEGAL.sub("", v)
        return unicodedata.normalize("NFC", v)
    if isinstance(v, list):
        return [_clean_text(x, (*path, i), pos) for i, x in enumerate(v)]
    if isinstance(v, dict):
        # -- keys are text too (chart series names): clean them the same way --
        return {(_clean_text(k, (*path, k), pos) if isinstance(k, str) else k): _clean_text(x, (*path, k), pos)
                for k, x in v.items()}
    return v


# -- block shapes ----------------------------------------------------------------------------


def _shape_problems(data: dict[str, Any], pos: Positions) -> list[Problem]:
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
                                  f"`- bullets: [...]`, not {_kind(blk)}")]
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
            out.append(pos.problem((*path, i), f"a list item is text or a nested list, not {_kind(it)}"))
    return out


# -- pydantic errors -> problems ---------------------------------------------------------------


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


def _pydantic_problems(e: ValidationError, data: Any, pos: Positions) -> list[Problem]:
    out: list[Problem] = []
    for err in e.errors():
        raw = tuple(err["loc"])
        kind = err["type"]
        if kind in ("union_tag_not_found", "union_tag_invalid"):
            continue  # -- reported by _shape_problems in our words --
        loc = _strip_tags(raw)
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
            msg = f"expected text, got {_kind(value)}"
            if _colon_text(value) is not None:
                msg += f'{_QUOTE_HINT}: "{_colon_text(value)}"'
            if isinstance(value, bool):
                # -- YAML 1.1 reads yes/no/on/off/true/false as booleans --
                msg += f"; quote it if you mean the word (e.g. \"{'yes' if value else 'no'}\")"
            out.append(pos.problem(loc, msg))
            continue
        if kind == "list_type":
            out.append(pos.problem(loc, f"expected a list (`- item` lines or [a, b]), got {_kind(value)}"))
            continue
        if kind in ("model_type", "model_attributes_type", "dict_type"):
            model = _model_at(raw)
            fields = [k for k in model.model_fields if k not in om.FILTER_KEYS] if model else []
            keys = f" with keys {one_of(fields)}" if fields else ""
            msg = f"expected a mapping{keys}, got {_kind(value)}"
            if isinstance(value, str) and re.match(r"^\s*[\w-]+:\S", value):
                msg += "; put a space after the ':' (`key: value`)"
            out.append(pos.problem(loc, msg))
            continue
        if kind in ("int_from_float", "int_parsing", "int_type"):
            out.append(pos.problem(loc, f"expected a whole number, got {_kind(value)}"))
            continue
        if kind in ("greater_than_equal", "less_than_equal"):
            bound = ctx.get("ge", ctx.get("le"))
            msg = f"must be {'at least' if kind == 'greater_than_equal' else 'at most'} {bound}, got {value!r}"
            out.append(pos.problem(loc, msg))
            continue
        if kind in ("float_parsing", "float_type"):
            out.append(pos.problem(loc, f"expected a number, got {_kind(value)}"))
            continue
        if kind == "finite_number":
            out.append(pos.problem(loc, f"expected a finite number, got {value!r}; a chart cannot draw it"))
            continue
        if kind in ("bool_type", "bool_parsing"):
            out.append(pos.problem(loc, f"expected true or false, got {_kind(value)}"))
            continue
        if kind == "too_short":
            n = ctx.get("min_length", 1)
            out.append(pos.problem(loc, f"needs at least {n} item{'s' if n != 1 else ''}"))
            continue
        msg = err["msg"].removeprefix("Value error, ")
        out.append(pos.problem(loc, msg[0].lower() + msg[1:]))
    return out


# -- checks across the outline -----------------------------------------------------------------


def slug(text: str) -> str:
    """`Strengthening Bilateral Relations` -> `strengthening-bilateral-relations`."""
    s = unicodedata.normalize("NFKD", text)
    s = re.sub(r"[^\w\s-]", "", s, flags=re.UNICODE).strip().lower()
    return re.sub(r"[\s_-]+", "-", s) or "section"


def iter_texts(o: om.Outline) -> typing.Iterator[tuple[PathKey, str]]:
    """Every inline-markup text of the outline with its data path."""
    if o.bluf:
        yield ("bluf",), o.bluf
    for i, kj in enumerate(o.key_judgments):
        yield ("key_judgments", i, "text"), kj.text
    for i, r in enumerate(o.recommendations):
        yield (("recommendations", i), r) if isinstance(r, str) else (("recommendations", i, "text"), r.text)
    for name, secs in (("sections", o.sections), ("appendix", o.appendix)):
        for i, s in enumerate(secs):
            yield from _section_texts(s, (name, i))


def _section_texts(s: om.Section, path: PathKey) -> typing.Iterator[tuple[PathKey, str]]:
    yield (*path, "title"), s.title
    if s.headline:
        yield (*path, "headline"), s.headline
    for i, p in enumerate(s.points):
        yield ((*path, "points", i), p) if isinstance(p, str) else ((*path, "points", i, "text"), p.text)
    for j, b in enumerate(s.body):
        bp = (*path, "body", j)
        if isinstance(b, str):
            yield bp, b
        elif isinstance(b, om.ParagraphBlock):
            yield (*bp, "paragraph"), b.paragraph
        elif isinstance(b, (om.BulletsBlock, om.NumberedBlock)):
            key = "bullets" if isinstance(b, om.BulletsBlock) else "numbered"
            yield from _list_texts(getattr(b, key), (*bp, key))
        elif isinstance(b, om.QuoteBlock):
            yield (*bp, "quote", "text"), b.quote.text
        elif isinstance(b, om.CalloutBlock):
            yield (*bp, "callout", "text"), b.callout.text
        elif isinstance(b, om.TableBlock):
            for r, row in enumerate(b.table.rows):
                for c, cell in enumerate(row):
                    yield (*bp, "table", "rows", r, c), cell
        elif isinstance(b, om.TimelineBlock):
            entries = b.timeline if isinstance(b.timeline, list) else b.timeline.entries
            tp = (*bp, "timeline") if isinstance(b.timeline, list) else (*bp, "timeline", "entries")
            for k, ent in enumerate(entries):
                yield (*tp, k, "event"), ent.event
    if s.notes:
        yield (*path, "notes"), s.notes
    for k, sub in enumerate(s.sections):
        yield from _section_texts(sub, (*path, "sections", k))


def _list_texts(items: list[Any], path: PathKey) -> typing.Iterator[tuple[PathKey, str]]:
    for i, it in enumerate(items):
        if isinstance(it, list):
            yield from _list_texts(it, (*path, i))
        else:
            yield (*path, i), str(it)


def _plain_texts(o: om.Outline) -> typing.Iterator[tuple[PathKey, str]]:
    """Texts without inline markup that may still use ${variables}."""
    m = o.meta
    for k in ("title", "subtitle", "author", "organization", "marking"):
        v = getattr(m, k)
        if v:
            yield ("meta", k), v
    for name, a in o.audiences.items():
        if a.label:
            yield ("audiences", name, "label"), a.label


#: the largest chart value: Word and PowerPoint keep 15 significant digits
CHART_VALUE_LIMIT = 1e15


def _semantic_problems(ld: Loaded, data: Any) -> list[Problem]:
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
    for path, text in [*iter_texts(o), *_plain_texts(o)]:
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
    from .theme import available_themes

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
    sid = s.id or slug(s.title)
    if sid in seen:
        where = (*path, "id") if s.id else (*path, "title")
        out.append(pos.problem(where, f"duplicate section id '{sid}' (also {seen[sid]}); "
                               "give one of them its own `id:`"))
    else:
        seen[sid] = format_path(path)
    max_cells = int(os.environ.get("REPORTGEN_MAX_TABLE_CELLS", DEFAULT_MAX_TABLE_CELLS))
    for j, b in enumerate(s.body):
        bp = (*path, "body", j)
        if isinstance(b, om.TableBlock):
            n = len(b.table.columns)
            cells = 0
            for r, row in enumerate(b.table.rows):
                cells += len(row)
                if len(row) != n:
                    more = "; in [ ] a comma separates cells: quote a cell that has one" if len(row) > n else ""
                    out.append(pos.problem((*bp, "table", "rows", r), f"this row has {len(row)} "
                                           f"cell{'s' if len(row) != 1 else ''} but the table has "
                                           f"{n} columns; give every row {n} cells{more}"))
            if cells > max_cells:
                out.append(pos.problem((*bp, "table"), f"the table has {cells:,} cells, over the limit "
                                       f"of {max_cells:,}; split it, or raise the limit with "
                                       "REPORTGEN_MAX_TABLE_CELLS"))
        elif isinstance(b, om.ChartBlock):
            c = b.chart
            for name, values in c.series.items():
                if len(values) != len(c.categories):
                    out.append(pos.problem((*bp, "chart", "series", name), f"series '{name}' has "
                                           f"{len(values)} values but there are {len(c.categories)} "
                                           "categories; give one value per category"))
                big = next((k for k, v in enumerate(values) if abs(v) > CHART_VALUE_LIMIT), None)
                if big is not None:
                    out.append(pos.problem((*bp, "chart", "series", name, big), f"{values[big]!r} is beyond "
                                           f"±{CHART_VALUE_LIMIT:.0e}, more than charts in Word and PowerPoint "
                                           "hold exactly; give the values in a larger unit (millions, "
                                           "billions) and say so in `unit:`"))
                if c.kind == "pie" and any(v < 0 for v in values):
                    out.append(pos.problem((*bp, "chart", "series", name), "a pie chart cannot show "
                                           "negative values; use a bar or column chart"))
            if c.kind == "pie" and len(c.series) > 1:
                out.append(pos.problem((*bp, "chart", "series"), f"a pie chart shows one series, "
                                       f"this one has {len(c.series)}; use kind: column or bar"))
            if c.alt is not None and not c.alt.strip():
                out.append(pos.problem((*bp, "chart", "alt"), "the alt text is empty; describe what "
                                       "the chart shows, or leave `alt` out for a summary of its series"))
        elif isinstance(b, om.ImageBlock):
            problem = check_image(ld, b.image.path)
            if problem:
                out.append(pos.problem((*bp, "image", "path"), problem))
    for k, sub in enumerate(s.sections):
        out.extend(_section_problems(ld, sub, (*path, "sections", k), seen))
    return out


def resolve_path(ld: Loaded, raw: str, what: str = "image file") -> tuple[Path | None, str | None]:
    """An image or theme path of the outline, resolved and checked: (path, None) or (None, why)."""
    if not raw.strip():
        return None, f"the {what.replace(' file', '')} path is empty; give the name of a file beside the outline"
    if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]+:", raw) or raw.startswith("//"):
        # -- scheme://..., data:..., //host/...: a URL (a one-letter "scheme" is a Windows drive) --
        shown = raw if len(raw) <= 60 else raw[:57] + "..."
        return None, (f"'{shown}' is a URL; reportgen never downloads anything: save the file beside "
                      "the outline and give its path")
    p = Path(raw)
    try:
        full = (p if p.is_absolute() else ld.base_dir / p).resolve()
        if not any(full == d or d in full.parents for d in ld.allowed_dirs):
            return None, (f"'{raw}' is outside the outline's folder {ld.base_dir}; move it there, or "
                          "allow its folder with --allow-path DIR")
        exists = full.exists()
    except RuntimeError:  # -- Python < 3.13 reports a symlink loop this way --
        return None, f"'{raw}' cannot be opened: symbolic link loop"
    except OSError as e:
        if e.errno == errno.ELOOP:
            return None, f"'{raw}' cannot be opened: symbolic link loop"
        if e.errno == errno.ENAMETOOLONG:
            return None, f"'{raw[:40]}...' cannot be opened: file name too long"
        return None, f"'{raw}' cannot be opened: {e.strerror or e}"
    if not exists:
        try:
            names = [f.name for f in full.parent.iterdir()] if full.parent.is_dir() else []
        except OSError:
            names = []
        return None, f"{what} '{raw}' not found (looked for {_shown(full)}){did_you_mean(full.name, names)}"
    if what == "image file" and not full.is_file():
        return None, f"'{raw}' is not a file"
    return full, None


def _shown(p: Path) -> str:
    """`p` relative to the current folder when it is below it, else absolute."""
    try:
        return str(p.relative_to(Path.cwd()))
    except ValueError:
        return str(p)


def check_image(ld: Loaded, raw: str) -> str | None:
    """Why the image at `raw` can't be used, or None."""
    full, why = resolve_path(ld, raw)
    if why or full is None:
        return why
    from PIL import Image as PILImage

    limit = int(os.environ.get("REPORTGEN_MAX_IMAGE_PIXELS", DEFAULT_MAX_IMAGE_PIXELS))
    try:
        with PILImage.open(full) as im:
            fmt = im.format or "unknown"
            w, h = im.size
            if w * h > limit:
                return (f"image '{raw}' is {w}x{h} pixels, over the limit of {limit:,}; scale it "
                        "down, or raise the limit with REPORTGEN_MAX_IMAGE_PIXELS")
            im.verify()
    except PILImage.DecompressionBombError:
        return (f"image '{raw}' is far over the pixel limit of {limit:,}; scale it down, or raise "
                "the limit with REPORTGEN_MAX_IMAGE_PIXELS")
    except Exception as e:  # noqa: BLE001 - Pillow raises many types for corrupt files
        why = "not an image Pillow knows" if "cannot identify image file" in str(e) else "it is damaged or cut short"
        return f"image '{raw}' cannot be read ({why}); save it again as PNG or JPEG"
    if fmt not in IMAGE_FORMATS:
        return f"image '{raw}' is {fmt}; save it as PNG or JPEG"
    return None

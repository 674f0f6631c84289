"""Tailoring: an outline and an audience -> the `Document` that audience gets. Pure.

Rules, in order, for every section, block, point, key judgment and recommendation:

1. `audiences: [...]` on the item: only those audiences see it;
2. `tags`: hidden when a tag is in the audience's `exclude_tags`; when the audience has
   `include_tags`, a tagged item needs one of them (untagged items stay);
3. `detail`: shown when the audience's detail is at least the item's (defaults: sections,
   points, judgments, recommendations `summary`; body blocks `standard`; appendix `full`).

A hidden section hides its subsections. Then numbers are assigned to what remains: sections
(1, 1.1, ...), annexes (A, A.1, ...), tables and figures, and citations in order of first use.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Iterable, Mapping
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from . import model as m
from . import outline as om
from .blocks import of_block, of_entry
from .blocks.base import Context, Finish, Make, Texts, marked
from .errors import InputError, did_you_mean, one_of
from .inline import Node, cite_ids, parse, substitute
from .labels import Labels, labels_for
from .load import Loaded
from .paths import resolve_path
from .sensitivity import Scale
from .textfields import DEFAULT_WORDING, pick

_RANK = {d: i for i, d in enumerate(m.DETAIL_LEVELS)}
DEFAULT_AUDIENCE = "default"


def audience_config(loaded: Loaded, name: str) -> om.Audience:
    """The audience `name`, or the implicit `default` audience of an outline without any."""
    auds = loaded.outline.audiences
    if not auds and name == DEFAULT_AUDIENCE:
        return om.Audience(label=None, detail="standard")
    if name not in auds:
        names = list(auds) or [DEFAULT_AUDIENCE]
        raise InputError(f"{loaded.positions.file}: unknown audience '{name}'"
                         f"{did_you_mean(name, names)}; audiences: {one_of(names)}")
    return auds[name]


class _Visibility:
    def __init__(self, name: str, aud: om.Audience, everything: bool = False,
                 scale: Scale | None = None) -> None:
        self.name = name
        self.rank = _RANK[aud.detail]
        self.exclude = set(aud.exclude_tags)
        self.include = set(aud.include_tags)
        self.everything = everything
        self.scale = scale
        #: rank of the audience's `max_level` on the scale (None: no limit)
        self.max_rank = scale.rank(aud.max_level) if scale is not None and aud.max_level is not None else None

    def __call__(self, item: Any, default: str) -> bool:
        if self.everything:
            return True
        if self.scale is not None and self.max_rank is not None and self.scale.rank(self.scale.level(item)) > self.max_rank:
            return False
        if isinstance(item, str):
            return _RANK[default] <= self.rank
        if item.audiences is not None and self.name not in item.audiences:
            return False
        tags = set(item.tags)
        if tags & self.exclude:
            return False
        if self.include and tags and not tags & self.include:
            return False
        return _RANK[item.detail or default] <= self.rank


def tailor_everything(loaded: Loaded, *, created: datetime | None = None,
                      wording: str = DEFAULT_WORDING) -> m.Document:
    """Everything the outline holds, as if one audience could see it all (for leak checks),
    in the per-audience wording of `wording` (the default wording unless told)."""
    return tailor(loaded, created=created, _everything=True, _wording=wording)


def everything_worded(loaded: Loaded, *, created: datetime | None = None) -> list[m.Document]:
    """Everything the outline holds once in each audience's wording (one Document when the
    outline words nothing per audience): the leak check's view, in which another audience's
    wording is content this audience must not see."""
    if not loaded.has_wordings:
        return [tailor_everything(loaded, created=created)]
    return [tailor_everything(loaded, created=created, wording=w)
            for w in (DEFAULT_WORDING, *loaded.audience_names())]


def tailor(loaded: Loaded, audience: str = DEFAULT_AUDIENCE, *, created: datetime | None = None,
           _everything: bool = False, _wording: str = DEFAULT_WORDING) -> m.Document:
    """The Document `audience` gets from `loaded`. Does not change `loaded`."""
    o = loaded.outline
    if _everything:
        # -- variables an audience defines for itself: take the first audience's value --
        first = {k: v for a in reversed(list(o.audiences.values())) for k, v in a.variables.items()}
        aud = om.Audience(detail="full", variables=first)
        audience = "(everything)"
    else:
        aud = audience_config(loaded, audience)
    scale = Scale.of(o.meta)
    visible = _Visibility(audience, aud, everything=_everything, scale=scale)
    #: the levels of everything this audience gets, for the banner
    seen: list[str] = []

    def level(item: Any) -> str:
        """The item's level, noted for the banner, or "" without levels."""
        if scale is None:
            return ""
        lv = scale.level(item)
        seen.append(lv)
        return lv

    def mark(lv: str) -> str:
        return scale.mark(lv) if scale is not None and lv else ""
    variables = {**o.variables, **aud.variables}
    wording = _wording if _everything else audience

    def sub(text: str) -> str:
        # -- a per-audience text becomes this audience's wording before anything reads it --
        return substitute(pick(text, wording), variables)

    # -- 1. filter, keeping raw text; 2. walk in reading order to number citations --
    sections = [s for s in o.sections if visible(s, "summary")]
    appendix = [s for s in o.appendix if visible(s, "full")]
    judgments = [k for k in o.key_judgments if visible(k, "summary")]
    recs = [r for r in o.recommendations if visible(r, "summary")]

    order: list[str] = []

    def note(text: str) -> list[Node]:
        nodes = parse(sub(text))
        for cid in cite_ids(nodes):
            if cid not in order:
                order.append(cid)
        return nodes

    numbers: dict[str, int] = {}

    def number(cid: str) -> int:
        return numbers[cid]

    # -- parse everything once in reading order; build runs after numbering --
    tx = Texts(sub, note)
    # -- the BLUF names no level: it is at the default level, and left out above max_level --
    show_bluf = bool(o.bluf) and visible(o.bluf or "", "summary")
    bluf_nodes = tx.inline(om.Outline, "bluf", o.bluf) if o.bluf and show_bluf else None
    kj_nodes = [tx.inline(om.KeyJudgment, "text", k.text) for k in judgments]
    counters = {"table": 0, "figure": 0}

    sec_builders = [b for b in (_SectionBuilder(s, ("sections", i), visible, tx, loaded, counters, False, scale)
                                for i, s in enumerate(o.sections) if s in sections) if not b.empty]
    rec_nodes = [tx.inline(om.Outline, "recommendations", r) if isinstance(r, str) else tx.inline(om.Recommendation, "text", r.text)
                 for r in recs]
    app_builders = [b for b in (_SectionBuilder(s, ("appendix", i), visible, tx, loaded, counters, True, scale)
                                for i, s in enumerate(o.appendix) if s in appendix) if not b.empty]

    src_by_id = {s.id: (i, s) for i, s in enumerate(o.sources)}
    used = [cid for cid in order if cid in src_by_id]
    used += [s.id for s in o.sources if s.always and s.id not in used]
    # -- a source above the audience's level is left out (load makes sure no text it may see
    # cites one) --
    used = [cid for cid in used if visible.everything or visible.max_rank is None or scale is None
            or scale.rank(scale.level(src_by_id[cid][1])) <= visible.max_rank]
    for n, cid in enumerate(used, 1):
        numbers[cid] = n
    sources = tuple(
        m.Source(numbers[cid], cid, tx.verbatim(om.Source, "title", src.title) or "", tx.verbatim(om.Source, "publisher", src.publisher), src.date,
                 src.url, f"sources[{i}]", mark(level(src)))
        for cid in used
        for i, src in [src_by_id[cid]]
    )

    fin = Finish(number)
    runs = fin.runs
    top = [b.build(str(i + 1), 1, fin, o.meta.dir) for i, b in enumerate(sec_builders)]
    annexes = [b.build(_letter(i), 1, fin, o.meta.dir) for i, b in enumerate(app_builders)]
    seen += [lv for b in (*sec_builders, *app_builders) for lv in b.levels]
    bluf_level = level(None) if bluf_nodes is not None else ""
    kj_levels = [level(k) for k in judgments]
    rec_levels = [level(r) for r in recs]

    meta = o.meta
    marking = aud.marking if aud.marking is not None else meta.marking
    highest = scale.highest(seen) if scale is not None else None
    if scale is not None and highest is not None:
        marking = scale.banner(highest, aud.caveats)
    verbatim = functools.partial(tx.verbatim, om.Meta)
    mmeta = m.Meta(
        title=verbatim("title", meta.title) or "",
        subtitle=verbatim("subtitle", meta.subtitle),
        author=verbatim("author", meta.author),
        organization=verbatim("organization", meta.organization),
        date=meta.date,
        language=meta.language,
        dir=meta.dir,
        marking=verbatim("marking", marking),
        keywords=tuple(meta.keywords),
    )
    doc = m.Document(
        meta=mmeta,
        audience=audience,
        audience_label=tx.verbatim(om.Audience, "label", aud.label),
        detail=aud.detail,
        theme=aud.theme or o.theme,
        formats=tuple(aud.formats),
        bluf=marked(runs(bluf_nodes), mark(bluf_level)) if bluf_nodes is not None else None,
        key_judgments=tuple(
            m.Judgment(marked(runs(nodes), mark(lv)), k.likelihood, k.confidence,
                       f"key_judgments[{o.key_judgments.index(k)}]")
            for k, nodes, lv in zip(judgments, kj_nodes, kj_levels, strict=True)
        ),
        sections=tuple(top),
        recommendations=tuple(
            m.Recommendation(marked(runs(nodes), mark(lv)), None if isinstance(r, str) else tx.verbatim(om.Recommendation, "owner", r.owner),
                             None if isinstance(r, str) else r.due,
                             f"recommendations[{_index(o.recommendations, r)}]")
            for r, nodes, lv in zip(recs, rec_nodes, rec_levels, strict=True)
        ),
        sources=sources,
        appendix=tuple(annexes),
        base_dir=loaded.base_dir,
        stem=loaded.stem,
        created=created or default_created(meta.date),
        max_pages=aud.max_pages,
        max_slides=aud.max_slides,
        levels=tuple(zip(scale.names, scale.banners, strict=True)) if scale is not None else (),
        level=highest,
        max_level=aud.max_level if scale is not None else None,
        portion_marks=bool(scale and scale.portion_marks),
        contents=meta.contents if aud.contents is None else aud.contents,
        show_estimative_note=meta.estimative_note if aud.estimative_note is None else aud.estimative_note,
        numbering=(aud.numbering or meta.numbering) if not _everything else "stable",
    )
    if doc.numbering == "stable" and not _everything:
        doc = stable_numbers(doc, tailor(loaded, created=created, _everything=True))
    # -- the fixed words as this audience reads them (a label may be worded per audience) --
    words = ({k: pick(getattr(o.labels, k), wording) for k in type(o.labels).model_fields
              if getattr(o.labels, k) is not None} if o.labels else None)
    return with_labels(doc, labels_for(meta.language, words))


def _position(origin: str) -> int:
    """1 + the index in `key_judgments[3]` / `recommendations[3]`."""
    return int(origin.rsplit("[", 1)[1].rstrip("]")) + 1


def stable_numbers(doc: m.Document, everything: m.Document) -> m.Document:
    """`doc` with the numbers its sections, tables, figures, judgments and recommendations have
    in `everything` (the full outline): `numbering: stable`. Matched by outline path."""
    sections = {s.origin: s.number for s in everything.all_sections()}
    blocks = {b.origin: b.number for s in everything.all_sections() for b in s.body
              if isinstance(b, (m.Table, m.Chart, m.Image))}

    def block(b: m.Block) -> m.Block:
        if isinstance(b, (m.Table, m.Chart, m.Image)) and b.origin in blocks:
            return dataclasses.replace(b, number=blocks[b.origin])
        return b

    def section(s: m.Section) -> m.Section:
        return dataclasses.replace(s, number=sections.get(s.origin, s.number),
                                   body=tuple(block(b) for b in s.body),
                                   sections=tuple(section(c) for c in s.sections))

    return dataclasses.replace(
        doc,
        sections=tuple(section(s) for s in doc.sections),
        appendix=tuple(section(s) for s in doc.appendix),
        key_judgments=tuple(dataclasses.replace(j, number=_position(j.origin)) for j in doc.key_judgments),
        recommendations=tuple(dataclasses.replace(r, number=_position(r.origin)) for r in doc.recommendations),
    )


def with_labels(doc: m.Document, labels: Labels) -> m.Document:
    """`doc` with `labels` on the document and on everything that shows a fixed word."""
    def block(b: m.Block) -> m.Block:
        if isinstance(b, (m.Table, m.Chart, m.Image, m.Quote)):
            return dataclasses.replace(b, labels=labels)
        return b

    def section(s: m.Section) -> m.Section:
        return dataclasses.replace(s, labels=labels, body=tuple(block(b) for b in s.body),
                                   sections=tuple(section(c) for c in s.sections))

    return dataclasses.replace(
        doc, labels=labels,
        sections=tuple(section(s) for s in doc.sections),
        appendix=tuple(section(s) for s in doc.appendix),
        key_judgments=tuple(dataclasses.replace(j, labels=labels) for j in doc.key_judgments),
        recommendations=tuple(dataclasses.replace(r, labels=labels) for r in doc.recommendations),
    )


def _index(items: list[Any], item: Any) -> int:
    for i, x in enumerate(items):
        if x is item:
            return i
    return items.index(item)


def _letter(i: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    s = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s


def default_created(date: str | None) -> datetime:
    """The outline's date at midnight UTC, else 2000-01-01: never the clock (reproducible)."""
    if date:
        try:
            d = datetime.fromisoformat(str(date)[:10])
            return d.replace(tzinfo=timezone.utc).replace(tzinfo=None)
        except ValueError:
            pass
    return datetime(2000, 1, 1)




class _SectionBuilder:
    """Parses a visible section in reading order now, builds its `model.Section` later."""

    def __init__(self, s: om.Section, path: tuple[Any, ...], visible: _Visibility, tx: Texts,
                 loaded: Loaded, counters: dict[str, int], appendix: bool, scale: Scale | None = None) -> None:
        self.s = s
        self.scale = scale
        self.path = path
        self.appendix = appendix
        default = "full" if appendix else "summary"
        item_default = "full" if appendix else "summary"
        block_default = "full" if appendix else "standard"
        self.title = tx.plain(om.Section, "title", s.title)
        self.headline = tx.opt_plain(om.Section, "headline", s.headline)
        shown = [p for p in s.points if visible(p, item_default)]
        self.points = [tx.inline(om.Section, "points", p) if isinstance(p, str) else tx.inline(om.Point, "text", p.text)
                       for p in shown]
        lv = scale.level if scale is not None else (lambda item: "")
        self.point_levels = [lv(p) for p in shown]
        self.blocks: list[Make] = []
        self.block_levels: list[str] = []
        for j, b in enumerate(s.body):
            if visible(b, block_default):
                self.blocks.append(_block(b, f"{_fmt(path)}.body[{j}]", tx, loaded, counters))
                self.block_levels.append(lv(b))
        self.notes = tx.verbatim(om.Section, "notes", s.notes)
        children = [
            _SectionBuilder(c, (*path, "sections", k), visible, tx, loaded, counters, appendix, scale)
            for k, c in enumerate(s.sections) if visible(c, default)
        ]
        self.children = [c for c in children if not c.empty]
        #: the section's own level for this audience: its `level:` (or the default), at least
        #: the highest of what it shows (load refuses a section marked lower than its contents)
        self.level: str = scale.highest([lv(s), *self.point_levels, *self.block_levels,
                                    *(c.level for c in self.children)]) if scale is not None else ""

    @property
    def levels(self) -> list[str]:
        """Every level this section and its subsections show, for the banner."""
        return [self.level, *self.point_levels, *self.block_levels, *(x for c in self.children for x in c.levels)]

    def mark(self, level: str) -> str:
        return self.scale.mark(level) if self.scale is not None and level else ""

    @property
    def empty(self) -> bool:
        """Everything under the title is hidden from this audience (points, blocks and
        subsections written, none visible, no headline). Such a section is left out rather than
        shown as a heading over nothing or an empty slide; a section written with only a title
        stays."""
        s = self.s
        written = bool(s.points or s.body or s.sections)
        return written and not (s.headline or self.points or self.blocks or self.children)

    def build(self, number: str, level: int, fin: Finish, direction: str) -> m.Section:
        """The section numbered `number` at `level`; `direction` is its parent's `dir`."""
        s = self.s
        direction = s.dir or direction
        return m.Section(
            number=number,
            level=level,
            id=s.id or om.slug(s.title),
            title=self.mark(self.level) + fin.plain(self.title),
            headline=self.mark(self.level) + h if (h := fin.opt_plain(self.headline)) is not None else None,
            points=tuple(marked(fin.runs(p), self.mark(lv)) for p, lv in zip(self.points, self.point_levels, strict=True)),
            body=tuple(_marked_block(make(fin), self.mark(lv)) for make, lv in zip(self.blocks, self.block_levels, strict=True)),
            notes=self.notes,
            sections=tuple(c.build(f"{number}.{k + 1}", level + 1, fin, direction)
                           for k, c in enumerate(self.children)),
            origin=_fmt(self.path),
            appendix=self.appendix,
            dir=direction,
        )


def _marked_block(b: m.Block, mark: str) -> m.Block:
    """Block `b` showing its portion mark (none when `mark` is "")."""
    return of_block(b).mark(b, mark) if mark else b


def _block(b: Any, origin: str, tx: Texts, loaded: Loaded, counters: dict[str, int]) -> Make:
    """Parse block `b` now (its citations in reading order); the returned function builds it."""
    def resolve(raw: str) -> Path:
        full, why = resolve_path(loaded, raw)
        if full is None:  # pragma: no cover - load checked it
            raise InputError(f"{origin}: {why}")
        return full

    return of_entry(b).tailor(b, Context(tx, origin, counters, resolve))


def _fmt(path: tuple[Any, ...]) -> str:
    from .yamlread import format_path

    return format_path(path)


def tailor_all(loaded: Loaded, audiences: Iterable[str] | None = None,
               created: datetime | None = None) -> dict[str, m.Document]:
    """Documents for several audiences (all by default), by name."""
    names = list(audiences) if audiences else loaded.audience_names()
    return {n: tailor(loaded, n, created=created) for n in names}


def with_created(doc: m.Document, created: datetime) -> m.Document:
    return dataclasses.replace(doc, created=created)


def counts(doc: m.Document) -> Mapping[str, int]:
    """How much an audience gets: sections, blocks, judgments, sources (for `audiences`)."""
    secs = list(doc.all_sections())
    return {
        "sections": len(secs),
        "blocks": sum(len(s.body) for s in secs),
        "points": sum(len(s.points) for s in secs),
        "judgments": len(doc.key_judgments),
        "recommendations": len(doc.recommendations),
        "sources": len(doc.sources),
    }

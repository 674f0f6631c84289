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
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime, timezone
from typing import Any

from . import model as m
from . import outline as om
from .errors import InputError, did_you_mean, one_of
from .inline import Node, cite_ids, parse, render_plain, substitute, to_runs
from .labels import Labels, labels_for
from .load import Loaded, resolve_path, slug

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
    def __init__(self, name: str, aud: om.Audience, everything: bool = False) -> None:
        self.name = name
        self.rank = _RANK[aud.detail]
        self.exclude = set(aud.exclude_tags)
        self.include = set(aud.include_tags)
        self.everything = everything

    def __call__(self, item: Any, default: str) -> bool:
        if self.everything:
            return True
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


def tailor_everything(loaded: Loaded, *, created: datetime | None = None) -> m.Document:
    """Everything the outline holds, as if one audience could see it all (for leak checks)."""
    return tailor(loaded, created=created, _everything=True)


def tailor(loaded: Loaded, audience: str = DEFAULT_AUDIENCE, *, created: datetime | None = None,
           _everything: bool = False) -> m.Document:
    """The Document `audience` gets from `loaded`. Does not change `loaded`."""
    o = loaded.outline
    if _everything:
        # -- variables an audience defines for itself: take the first audience's value --
        first = {k: v for a in reversed(list(o.audiences.values())) for k, v in a.variables.items()}
        aud = om.Audience(detail="full", variables=first)
        audience = "(everything)"
    else:
        aud = audience_config(loaded, audience)
    visible = _Visibility(audience, aud, everything=_everything)
    variables = {**o.variables, **aud.variables}

    def sub(text: str) -> str:
        return substitute(text, variables)

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
    bluf_nodes = note(o.bluf) if o.bluf else None
    kj_nodes = [note(k.text) for k in judgments]
    counters = {"table": 0, "figure": 0}

    sec_builders = [b for b in (_SectionBuilder(s, ("sections", i), visible, note, sub, loaded, counters, False)
                                for i, s in enumerate(o.sections) if s in sections) if not b.empty]
    rec_nodes = [note(r if isinstance(r, str) else r.text) for r in recs]
    app_builders = [b for b in (_SectionBuilder(s, ("appendix", i), visible, note, sub, loaded, counters, True)
                                for i, s in enumerate(o.appendix) if s in appendix) if not b.empty]

    src_by_id = {s.id: (i, s) for i, s in enumerate(o.sources)}
    used = [cid for cid in order if cid in src_by_id]
    used += [s.id for s in o.sources if s.always and s.id not in used]
    for n, cid in enumerate(used, 1):
        numbers[cid] = n
    sources = tuple(
        m.Source(numbers[cid], cid, sub(src.title), _opt(sub, src.publisher), src.date, src.url,
                 f"sources[{i}]")
        for cid in used
        for i, src in [src_by_id[cid]]
    )

    def runs(nodes: list[Node]) -> m.Text:
        return to_runs(nodes, number)

    top = [b.build(str(i + 1), 1, runs) for i, b in enumerate(sec_builders)]
    annexes = [b.build(_letter(i), 1, runs) for i, b in enumerate(app_builders)]

    meta = o.meta
    marking = aud.marking if aud.marking is not None else meta.marking
    mmeta = m.Meta(
        title=sub(meta.title),
        subtitle=_opt(sub, meta.subtitle),
        author=_opt(sub, meta.author),
        organization=_opt(sub, meta.organization),
        date=meta.date,
        language=meta.language,
        marking=_opt(sub, marking),
        keywords=tuple(meta.keywords),
    )
    doc = m.Document(
        meta=mmeta,
        audience=audience,
        audience_label=_opt(sub, aud.label),
        detail=aud.detail,
        theme=aud.theme or o.theme,
        formats=tuple(aud.formats),
        bluf=runs(bluf_nodes) if bluf_nodes is not None else None,
        key_judgments=tuple(
            m.Judgment(runs(nodes), k.likelihood, k.confidence, f"key_judgments[{o.key_judgments.index(k)}]")
            for k, nodes in zip(judgments, kj_nodes, strict=True)
        ),
        sections=tuple(top),
        recommendations=tuple(
            m.Recommendation(runs(nodes), None if isinstance(r, str) else _opt(sub, r.owner),
                             None if isinstance(r, str) else r.due,
                             f"recommendations[{_index(o.recommendations, r)}]")
            for r, nodes in zip(recs, rec_nodes, strict=True)
        ),
        sources=sources,
        appendix=tuple(annexes),
        base_dir=loaded.base_dir,
        stem=loaded.stem,
        created=created or default_created(meta.date),
        max_pages=aud.max_pages,
        max_slides=aud.max_slides,
    )
    return with_labels(doc, labels_for(meta.language, o.labels.model_dump(exclude_none=True) if o.labels else None))


def with_labels(doc: m.Document, labels: Labels) -> m.Document:
    """`doc` with `labels` on the document and on everything that shows a fixed word."""
    def block(b: m.Block) -> m.Block:
        if isinstance(b, (m.Table, m.Chart, m.Image)):
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


def _opt(sub: Callable[[str], str], v: str | None) -> str | None:
    return sub(v) if v is not None else None


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


def _plain(sub: Callable[[str], str], text: str) -> str:
    """Inline text reduced to plain text (titles, captions, column heads): markup removed."""
    return render_plain(parse(sub(text)))


class _SectionBuilder:
    """Parses a visible section in reading order now, builds its `model.Section` later."""

    def __init__(self, s: om.Section, path: tuple[Any, ...], visible: _Visibility,
                 note: Callable[[str], list[Node]], sub: Callable[[str], str], loaded: Loaded,
                 counters: dict[str, int], appendix: bool) -> None:
        self.s = s
        self.path = path
        self.sub = sub
        self.appendix = appendix
        default = "full" if appendix else "summary"
        item_default = "full" if appendix else "summary"
        block_default = "full" if appendix else "standard"
        self.points = [note(p if isinstance(p, str) else p.text)
                       for p in s.points if visible(p, item_default)]
        self.blocks: list[Callable[[Callable[[list[Node]], m.Text]], m.Block]] = []
        for j, b in enumerate(s.body):
            if visible(b, block_default):
                self.blocks.append(self._block(b, f"{_fmt(path)}.body[{j}]", note, loaded, counters))
        self.notes = sub(s.notes) if s.notes else None
        children = [
            _SectionBuilder(c, (*path, "sections", k), visible, note, sub, loaded, counters, appendix)
            for k, c in enumerate(s.sections) if visible(c, default)
        ]
        self.children = [c for c in children if not c.empty]

    @property
    def empty(self) -> bool:
        """Everything under the title is hidden from this audience (points, blocks and
        subsections written, none visible, no headline). Such a section is left out rather than
        shown as a heading over nothing or an empty slide; a section written with only a title
        stays."""
        s = self.s
        written = bool(s.points or s.body or s.sections)
        return written and not (s.headline or self.points or self.blocks or self.children)

    def build(self, number: str, level: int, runs: Callable[[list[Node]], m.Text]) -> m.Section:
        s = self.s
        return m.Section(
            number=number,
            level=level,
            id=s.id or slug(s.title),
            title=_plain(self.sub, s.title),
            headline=_plain(self.sub, s.headline) if s.headline else None,
            points=tuple(runs(p) for p in self.points),
            body=tuple(make(runs) for make in self.blocks),
            notes=self.notes,
            sections=tuple(c.build(f"{number}.{k + 1}", level + 1, runs) for k, c in enumerate(self.children)),
            origin=_fmt(self.path),
            appendix=self.appendix,
        )

    def _block(self, b: Any, origin: str, note: Callable[[str], list[Node]], loaded: Loaded,
               counters: dict[str, int]) -> Callable[[Callable[[list[Node]], m.Text]], m.Block]:
        sub = self.sub
        if isinstance(b, (str, om.ParagraphBlock)):
            nodes = note(b if isinstance(b, str) else b.paragraph)
            return lambda runs: m.Paragraph(runs(nodes), origin)
        if isinstance(b, (om.BulletsBlock, om.NumberedBlock)):
            items = _list_nodes(b.bullets if isinstance(b, om.BulletsBlock) else b.numbered, note)
            if isinstance(b, om.BulletsBlock):
                return lambda runs: m.BulletList(_list_items(items, runs), origin)
            start = b.start
            return lambda runs: m.NumberedList(_list_items(items, runs), start, origin)
        if isinstance(b, om.QuoteBlock):
            nodes = note(b.quote.text)
            by = _plain(sub, b.quote.by) if b.quote.by else None
            return lambda runs: m.Quote(runs(nodes), by, origin)
        if isinstance(b, om.CalloutBlock):
            c = b.callout
            nodes = note(c.text)
            title = _plain(sub, c.title) if c.title else None
            return lambda runs: m.Callout(runs(nodes), title, c.style, origin)
        if isinstance(b, om.TableBlock):
            t = b.table
            cells = [[note(cell) for cell in row] for row in t.rows]
            counters["table"] += 1
            num = counters["table"]
            cols = tuple(_plain(sub, c) for c in t.columns)
            cap = _plain(sub, t.caption) if t.caption else None
            return lambda runs: m.Table(cols, tuple(tuple(runs(c) for c in row) for row in cells), cap, num, origin)
        if isinstance(b, om.ChartBlock):
            ch = b.chart
            counters["figure"] += 1
            num = counters["figure"]
            chart = m.Chart(ch.kind, tuple(_plain(sub, x) for x in ch.categories),
                            tuple(m.Series(_plain(sub, k), tuple(float(v) for v in vals)) for k, vals in ch.series.items()),
                            _plain(sub, ch.caption) if ch.caption else None,
                            _plain(sub, ch.unit) if ch.unit else None, num, origin,
                            alt=_plain(sub, ch.alt) if ch.alt else None)
            return lambda runs: chart
        if isinstance(b, om.ImageBlock):
            im = b.image
            counters["figure"] += 1
            num = counters["figure"]
            full, why = resolve_path(loaded, im.path)
            if full is None:  # pragma: no cover - load checked it
                raise InputError(f"{origin}: {why}")
            image = m.Image(full, _plain(sub, im.alt), _plain(sub, im.caption) if im.caption else None, num, origin)
            return lambda runs: image
        if isinstance(b, om.TimelineBlock):
            tl = b.timeline
            entries = tl if isinstance(tl, list) else tl.entries
            cap = None if isinstance(tl, list) else (_plain(sub, tl.caption) if tl.caption else None)
            parsed = [(e.date, note(e.event)) for e in entries]
            return lambda runs: m.Timeline(tuple(m.TimelineEntry(d, runs(n)) for d, n in parsed), cap, origin)
        raise TypeError(f"no tailoring for {type(b).__name__}")  # pragma: no cover


def _fmt(path: tuple[Any, ...]) -> str:
    from .yamlread import format_path

    return format_path(path)


def _list_nodes(items: Iterable[Any], note: Callable[[str], list[Node]]) -> list[tuple[list[Node], list[Any]]]:
    """Outline list entries (text, or a nested list after its item) -> [(nodes, children)]."""
    out: list[tuple[list[Node], list[Any]]] = []
    for it in items:
        if isinstance(it, list):
            if out:
                out[-1][1].extend(_list_nodes(it, note))
            else:  # pragma: no cover - load refuses a leading nested list
                out.extend(_list_nodes(it, note))
        else:
            out.append((note(str(it)), []))
    return out


def _list_items(items: list[tuple[list[Node], list[Any]]], runs: Callable[[list[Node]], m.Text]) -> tuple[m.ListItem, ...]:
    return tuple(m.ListItem(runs(n), _list_items(ch, runs)) for n, ch in items)


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

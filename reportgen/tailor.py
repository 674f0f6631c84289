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
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime, timezone
from typing import Any

from . import model as m
from . import outline as om
from .errors import InputError, did_you_mean, one_of
from .inline import Node, cite_ids, parse, render_plain, substitute, to_runs
from .labels import Labels, labels_for
from .load import Loaded
from .paths import resolve_path
from .textfields import INLINE, PLAIN, VERBATIM, TextKind, kind_of

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


class _Texts:
    """Text fields processed by their declared kind (`reportgen/textfields.py`): `inline` and
    `plain` fields are parsed now, in reading order, so that their citations are numbered by
    first use; `Finish` turns them into runs or plain text once the numbers are known."""

    def __init__(self, sub: Callable[[str], str], note: Callable[[str], list[Node]]) -> None:
        self.sub = sub
        self._note = note

    def inline(self, model: type, field: str, text: str) -> list[Node]:
        _declared(model, field, INLINE)
        return self._note(text)

    def plain(self, model: type, field: str, text: str) -> list[Node]:
        _declared(model, field, PLAIN)
        return self._note(text)

    def opt_plain(self, model: type, field: str, text: str | None) -> list[Node] | None:
        return self.plain(model, field, text) if text is not None else None

    def verbatim(self, model: type, field: str, text: str | None) -> str | None:
        _declared(model, field, VERBATIM)
        return self.sub(text) if text is not None else None


@functools.cache
def _declared(model: type, field: str, kind: TextKind) -> None:
    declared = kind_of(model, field)
    if declared is not kind:  # pragma: no cover - a programming error, caught by any test
        raise TypeError(f"{model.__name__}.{field} is declared {declared and declared.name}, "
                        f"tailored as {kind.name}")


class Finish:
    """Parsed text -> what the Document holds, once citation numbers are known."""

    def __init__(self, number: Callable[[str], int]) -> None:
        self.number = number

    def runs(self, nodes: list[Node]) -> m.Text:
        return to_runs(nodes, self.number)

    def plain(self, nodes: list[Node]) -> str:
        return render_plain(nodes, self.number)

    def opt_plain(self, nodes: list[Node] | None) -> str | None:
        return render_plain(nodes, self.number) if nodes is not None else None


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
    tx = _Texts(sub, note)
    bluf_nodes = tx.inline(om.Outline, "bluf", o.bluf) if o.bluf else None
    kj_nodes = [tx.inline(om.KeyJudgment, "text", k.text) for k in judgments]
    counters = {"table": 0, "figure": 0}

    sec_builders = [b for b in (_SectionBuilder(s, ("sections", i), visible, tx, loaded, counters, False)
                                for i, s in enumerate(o.sections) if s in sections) if not b.empty]
    rec_nodes = [tx.inline(om.Outline, "recommendations", r) if isinstance(r, str) else tx.inline(om.Recommendation, "text", r.text)
                 for r in recs]
    app_builders = [b for b in (_SectionBuilder(s, ("appendix", i), visible, tx, loaded, counters, True)
                                for i, s in enumerate(o.appendix) if s in appendix) if not b.empty]

    src_by_id = {s.id: (i, s) for i, s in enumerate(o.sources)}
    used = [cid for cid in order if cid in src_by_id]
    used += [s.id for s in o.sources if s.always and s.id not in used]
    for n, cid in enumerate(used, 1):
        numbers[cid] = n
    sources = tuple(
        m.Source(numbers[cid], cid, tx.verbatim(om.Source, "title", src.title) or "", tx.verbatim(om.Source, "publisher", src.publisher), src.date,
                 src.url, f"sources[{i}]")
        for cid in used
        for i, src in [src_by_id[cid]]
    )

    fin = Finish(number)
    runs = fin.runs
    top = [b.build(str(i + 1), 1, fin) for i, b in enumerate(sec_builders)]
    annexes = [b.build(_letter(i), 1, fin) for i, b in enumerate(app_builders)]

    meta = o.meta
    marking = aud.marking if aud.marking is not None else meta.marking
    verbatim = functools.partial(tx.verbatim, om.Meta)
    mmeta = m.Meta(
        title=verbatim("title", meta.title) or "",
        subtitle=verbatim("subtitle", meta.subtitle),
        author=verbatim("author", meta.author),
        organization=verbatim("organization", meta.organization),
        date=meta.date,
        language=meta.language,
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
        bluf=runs(bluf_nodes) if bluf_nodes is not None else None,
        key_judgments=tuple(
            m.Judgment(runs(nodes), k.likelihood, k.confidence, f"key_judgments[{o.key_judgments.index(k)}]")
            for k, nodes in zip(judgments, kj_nodes, strict=True)
        ),
        sections=tuple(top),
        recommendations=tuple(
            m.Recommendation(runs(nodes), None if isinstance(r, str) else tx.verbatim(om.Recommendation, "owner", r.owner),
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


Make = Callable[[Finish], m.Block]


class _SectionBuilder:
    """Parses a visible section in reading order now, builds its `model.Section` later."""

    def __init__(self, s: om.Section, path: tuple[Any, ...], visible: _Visibility, tx: _Texts,
                 loaded: Loaded, counters: dict[str, int], appendix: bool) -> None:
        self.s = s
        self.path = path
        self.appendix = appendix
        default = "full" if appendix else "summary"
        item_default = "full" if appendix else "summary"
        block_default = "full" if appendix else "standard"
        self.title = tx.plain(om.Section, "title", s.title)
        self.headline = tx.opt_plain(om.Section, "headline", s.headline)
        self.points = [tx.inline(om.Section, "points", p) if isinstance(p, str) else tx.inline(om.Point, "text", p.text)
                       for p in s.points if visible(p, item_default)]
        self.blocks: list[Make] = []
        for j, b in enumerate(s.body):
            if visible(b, block_default):
                self.blocks.append(_block(b, f"{_fmt(path)}.body[{j}]", tx, loaded, counters))
        self.notes = tx.verbatim(om.Section, "notes", s.notes)
        children = [
            _SectionBuilder(c, (*path, "sections", k), visible, tx, loaded, counters, appendix)
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

    def build(self, number: str, level: int, fin: Finish) -> m.Section:
        s = self.s
        return m.Section(
            number=number,
            level=level,
            id=s.id or om.slug(s.title),
            title=fin.plain(self.title),
            headline=fin.opt_plain(self.headline),
            points=tuple(fin.runs(p) for p in self.points),
            body=tuple(make(fin) for make in self.blocks),
            notes=self.notes,
            sections=tuple(c.build(f"{number}.{k + 1}", level + 1, fin) for k, c in enumerate(self.children)),
            origin=_fmt(self.path),
            appendix=self.appendix,
        )


def _block(b: Any, origin: str, tx: _Texts, loaded: Loaded, counters: dict[str, int]) -> Make:
    """Parse block `b` now (its citations in reading order); the returned function builds it."""
    if isinstance(b, str):
        nodes = tx.inline(om.Section, "body", b)
        return lambda fin: m.Paragraph(fin.runs(nodes), origin)
    if isinstance(b, om.ParagraphBlock):
        nodes = tx.inline(om.ParagraphBlock, "paragraph", b.paragraph)
        return lambda fin: m.Paragraph(fin.runs(nodes), origin)
    if isinstance(b, (om.BulletsBlock, om.NumberedBlock)):
        if isinstance(b, om.BulletsBlock):
            items = _list_nodes(b.bullets, functools.partial(tx.inline, om.BulletsBlock, "bullets"))
            return lambda fin: m.BulletList(_list_items(items, fin.runs), origin)
        items = _list_nodes(b.numbered, functools.partial(tx.inline, om.NumberedBlock, "numbered"))
        start = b.start
        return lambda fin: m.NumberedList(_list_items(items, fin.runs), start, origin)
    if isinstance(b, om.QuoteBlock):
        q = b.quote
        nodes = tx.inline(om.QuoteBody, "text", q.text)
        by = tx.opt_plain(om.QuoteBody, "by", q.by)
        return lambda fin: m.Quote(fin.runs(nodes), fin.opt_plain(by), origin)
    if isinstance(b, om.CalloutBlock):
        c = b.callout
        title = tx.opt_plain(om.CalloutBody, "title", c.title)
        nodes = tx.inline(om.CalloutBody, "text", c.text)
        return lambda fin: m.Callout(fin.runs(nodes), fin.opt_plain(title), c.style, origin)
    if isinstance(b, om.TableBlock):
        t = b.table
        counters["table"] += 1
        num = counters["table"]
        cap = tx.opt_plain(om.TableBody, "caption", t.caption)
        cols = [tx.plain(om.TableBody, "columns", c) for c in t.columns]
        cells = [[tx.inline(om.TableBody, "rows", cell) for cell in row] for row in t.rows]
        return lambda fin: m.Table(tuple(fin.plain(c) for c in cols),
                                   tuple(tuple(fin.runs(c) for c in row) for row in cells),
                                   fin.opt_plain(cap), num, origin)
    if isinstance(b, om.ChartBlock):
        ch = b.chart
        counters["figure"] += 1
        num = counters["figure"]
        cap = tx.opt_plain(om.ChartBody, "caption", ch.caption)
        cats = [tx.plain(om.ChartBody, "categories", x) for x in ch.categories]
        series = [(tx.plain(om.ChartBody, "series", k), tuple(float(v) for v in vals)) for k, vals in ch.series.items()]
        unit = tx.opt_plain(om.ChartBody, "unit", ch.unit)
        return lambda fin: m.Chart(ch.kind, tuple(fin.plain(x) for x in cats),
                                   tuple(m.Series(fin.plain(k), vals) for k, vals in series),
                                   fin.opt_plain(cap), fin.opt_plain(unit), num, origin)
    if isinstance(b, om.ImageBlock):
        im = b.image
        counters["figure"] += 1
        num = counters["figure"]
        full, why = resolve_path(loaded, im.path)
        if full is None:  # pragma: no cover - load checked it
            raise InputError(f"{origin}: {why}")
        path = full
        cap = tx.opt_plain(om.ImageBody, "caption", im.caption)
        alt = tx.plain(om.ImageBody, "alt", im.alt)
        return lambda fin: m.Image(path, fin.plain(alt), fin.opt_plain(cap), num, origin)
    if isinstance(b, om.TimelineBlock):
        tl = b.timeline
        entries = tl if isinstance(tl, list) else tl.entries
        tcap = None if isinstance(tl, list) else tx.opt_plain(om.TimelineBody, "caption", tl.caption)
        parsed = [(e.date, tx.inline(om.TimelineEntry, "event", e.event)) for e in entries]
        return lambda fin: m.Timeline(tuple(m.TimelineEntry(d, fin.runs(n)) for d, n in parsed),
                                      fin.opt_plain(tcap), origin)
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

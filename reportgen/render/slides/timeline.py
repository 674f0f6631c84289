"""A timeline's slides: entries spread evenly, an event taller than a slide cut between lines.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from ...model import Run, Section, Timeline, TimelineEntry
from .paginate import Paginator
from .specs import Para, SlideSpec, TextFrame, TimelineSpec
from .texts import flat


def plan_timeline_slides(p: Paginator, block: Timeline, sec: Section, lead: str | None = None) -> list[SlideSpec]:
    if block.caption:
        title0, rest = p.block_title(block.caption, lead)
    else:
        title0, rest = lead or p.doc.labels.timeline, ""
    title0 = p.claim(title0)
    size = p.size("table")
    entries = list(block.entries)
    per = max(1, p.o.timeline_per_slide)
    # -- spread the entries evenly over the slides they need: 5 + 4, not 6 + 3 --
    per = -(-len(entries) // -(-len(entries) // per)) if entries else per
    slides: list[SlideSpec] = []
    n = 0
    while entries:
        title = title0 if n == 0 else p.doc.labels.with_continued(title0, n)
        items, y0 = p.titled(title, sec, rest if n == 0 else None)
        k = min(per, len(entries))
        while True:
            spec = timeline_spec(p, entries[:k], y0, size)
            if spec is not None or k == 1:
                break
            k -= 1
        if spec is None:
            # -- one entry whose text is taller than the slide: cut the event text --
            e = entries[0]
            spec, left = _timeline_cut(p, e, y0, size)
            entries[0] = left
        else:
            entries = entries[k:]
        slides.append(SlideSpec("title_only", title, "timeline", [*items, spec], origin=block.origin,
                                kicker=p.kicker_for(sec, title)))
        n += 1
    return p.commit(slides)


def timeline_geometry(p: Paginator, n: int, y0: float, size: float,
                       line_y: float | None = None) -> tuple[float, float, float, float]:
    slot = p.CW / n
    date_h = p.m.line_height(size, p.spacing, "", bold=True) + 2 * p.inset
    marker = size * 0.9
    if line_y is None:
        line_y = y0 + (p.bottom - y0) * 0.25
    return slot, date_h, marker, line_y


def timeline_spec(p: Paginator, entries: Sequence[TimelineEntry], y0: float,
                   size: float, line_y: float | None = None) -> TimelineSpec | None:
    n = len(entries)
    slot, date_h, marker, line_y = timeline_geometry(p, n, y0, size, line_y)
    fw = slot - p.gap
    ev_top = line_y + marker / 2 + p.gap
    room = p.bottom - ev_top
    out = []
    for i, e in enumerate(entries):
        cx = p.L + slot * (i + 0.5)
        dp = Para((Run(e.date),), size, bold=True, color="accent", align="center",
                  line_spacing=p.spacing)
        ep = Para(flat(e.event), size, align="center", line_spacing=p.spacing)
        eh = p.frame_height([ep], fw)
        if eh > room:
            return None
        dh = max(date_h, p.frame_height([dp], fw))
        out.append((cx,
                    TextFrame(cx - fw / 2, line_y - marker / 2 - p.gap / 2 - dh, fw, dh, (dp,),
                              inset=p.inset, anchor="bottom", kind="date"),
                    TextFrame(cx - fw / 2, ev_top, fw, eh, (ep,), inset=p.inset, kind="event")))
    return TimelineSpec(p.L, y0, p.CW, p.bottom - y0, line_y, marker, tuple(out))


def _timeline_cut(p: Paginator, e: TimelineEntry, y0: float, size: float) -> tuple[TimelineSpec, TimelineEntry]:
    slot, date_h, marker, line_y = timeline_geometry(p, 1, y0, size)
    fw = slot - p.gap
    ev_top = line_y + marker / 2 + p.gap
    ep = Para(flat(e.event), size, align="center", line_spacing=p.spacing)
    head, tail = p.split_para(ep, fw, p.bottom - ev_top - 2 * p.inset)
    if head is None:
        head, tail = ep, replace(ep, text=())
    cut = TimelineEntry(e.date, head.text)
    spec = timeline_spec(p, [cut], y0, size)
    assert spec is not None
    return spec, TimelineEntry(p.doc.labels.with_continued(e.date), tail.text)

"""Text over slides: paragraphs continued on "(cont.)" slides, spread evenly, and set larger
when there is room to spare (balanced fill, docs/outline.md).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from functools import partial

from .layout import Layout
from .specs import Para, SlideSpec, TextFrame

#: grown text covers at most this share of the room below the title (balanced fill)
FILL = 0.72


#: a filled panel alone on its slide (the bottom line, a callout) covers at least this share of
#: the room below the title, its text in the middle: docs/deck.md "Balanced fill", a box hugging
#: three lines under the title leaves the slide two thirds empty
PANEL = 0.5


#: above this many continuation slides, content is not spread evenly (see `balanced`)
BALANCE_MAX_SLIDES = 12


def balanced(run: Callable[[float], list[SlideSpec]], span: float) -> list[SlideSpec]:
    """`run(0)`, or, when that needs several slides, `run(shrink)` with the largest shrink of
    the usable height (found by bisection) that needs no more slides: even slides."""
    slides = run(0.0)
    if len(slides) < 2 or len(slides) > BALANCE_MAX_SLIDES:
        # -- evening out 40 slides of one paragraph helps nobody and costs 8 more plans --
        return slides
    lo, hi = 0.0, span / 2
    best = slides
    for _ in range(8):
        mid = (lo + hi) / 2
        trial = run(mid)
        if len(trial) <= len(slides):
            lo, best = mid, trial
        else:
            hi = mid
    return best


class Paginator(Layout):
    """Slides of text: `text_slides` and the type size it grows to."""

    def text_slides(self, title: str, kind: str, units: Sequence[Sequence[Para]], *,
                    layout: str = "content", role: str | None = "body", fill: str | None = None,
                    border: str | None = None, notes: str = "", origin: str = "",
                    inset: float | None = None, kicker: str = "", grow: bool = False,
                    reserve: float = 0.0, width: float | None = None,
                    grow_max: float | None = None) -> list[SlideSpec]:
        """Slides showing `units` (groups of paragraphs kept together when they can be),
        continued on "(cont.)", "(cont. 2)" ... slides; a unit taller than a slide is cut
        between lines.

        When it takes several slides, the content is spread evenly over them rather than
        leaving one bullet alone on the last. With `grow`, content that fits one slide with
        room to spare is set larger (`fill_size`), leaving `reserve` points free below it.
        """
        title = self.claim(title)
        w = self.CW if width is None else width
        pad = 2 * (self.inset if inset is None else inset)
        # -- text is measured at the box's own inset (the bottom line's and callouts' are
        # wider than the standard one `text_width` assumes) --
        mw = self.measure_w(w, pad / 2)
        size = self.size("body")
        room = self.bottom - self.content_top(self.title_frame(title)) - pad - reserve
        if grow:
            paras = [p for u in units for p in u]
            size = self.fill_size(paras, mw, room, grow_max)
            if fill is not None:
                size = self.steady_size(paras, mw, size, grow_max)
            units = [[self.grown(p, size, grow_max) for p in u] for u in units]

        def run(shrink: float, units: Sequence[Sequence[Para]] = units) -> list[SlideSpec]:
            return self._text_slides(title, kind, units, layout, role, fill, border, notes,
                                     origin, inset, shrink, kicker, w)

        slides = balanced(run, self.bottom - self.top)
        if grow and 1 < len(slides) <= BALANCE_MAX_SLIDES:
            # -- spread over several slides, each holds less: set them all larger alike while
            # every slide's share still fits and the count stays --
            per = [[p for f in sl.items if isinstance(f, TextFrame) and f.kind == "body" for p in f.paras]
                   for sl in slides]
            bigger = min(self.fill_size(ps, mw, room, grow_max) for ps in per)
            if bigger > size:
                big = [[self.grown(p, bigger, grow_max) for p in u] for u in units]
                again = balanced(partial(run, units=big), self.bottom - self.top)
                if len(again) == len(slides):
                    slides, size = again, bigger
        for sl in slides:
            sl.body_size = size
        return self.commit(slides)

    def panels(self, slides: list[SlideSpec]) -> list[SlideSpec]:
        """`slides` with a filled box that is the only body of a single slide made at least
        `PANEL` of the room below the title tall, its text in the middle."""
        if len(slides) != 1:
            return slides
        boxes = [i for i in slides[0].items if isinstance(i, TextFrame) and i.kind == "body"]
        if len(boxes) != 1 or boxes[0].fill is None:
            return slides
        box = boxes[0]
        h = max(box.h, PANEL * (self.bottom - box.y))
        slides[0].items = [replace(i, h=h, anchor="middle") if i is box else i for i in slides[0].items]
        return slides

    def fill_size(self, paras: Sequence[Para], w: float, room: float,
                  grow_max: float | None = None) -> float:
        """The body size for `paras` in a frame `w` wide with `room` points of height: the
        theme's body size, or larger (up to `slide_body_max`) while the text still covers no
        more than `FILL` of the room. Text that does not fit at body size keeps it (it splits)."""
        body = self.size("body")
        best = body
        if sum(self.para_height(p, w) for p in paras) > room:
            return body
        top = self.body_max if grow_max is None else max(grow_max, self.body_max)
        s = body + 1.0
        while s <= top + 0.01:
            h = sum(self.para_height(self.grown(p, s, grow_max), w) for p in paras)
            if h > FILL * room:
                break
            best = s
            s += 1.0
        return best

    def steady_size(self, paras: Sequence[Para], w: float, size: float,
                    grow_max: float | None = None) -> float:
        """The largest size from `size` down to the body size at which every paragraph breaks
        into as many lines whether an office suite sets its text `width_slack` narrower or
        wider than measured (LibreOffice sets Carlito about 0.7% narrower than its advances):
        a box that hugs its text then shows no spare line and does not overflow. `size` when
        no size is steady."""
        s = size
        while s >= self.size("body"):
            if all(self.steady(self.grown(p, s, grow_max), w) for p in paras):
                return s
            s -= 1.0
        return size

    def steady(self, p: Para, frame_w: float) -> bool:
        """Whether `p` wraps to as many lines in a frame `frame_w` wide at the measured width
        (`text_width`, the slack taken off) as with the slack given on top instead."""
        narrow = self.text_width(frame_w, p)
        wide = narrow / self.o.width_slack ** 2
        lines = [self.m.count_lines(p.text, x, p.size, p.family, p.bold, p.italic) for x in (narrow, wide)]
        return lines[0] == lines[1]

    def grown(self, p: Para, size: float, grow_max: float | None = None) -> Para:
        """`p` set for a body size of `size` instead of the theme's: every paragraph grows by
        the same points, none beyond `slide_body_max` (or `grow_max`) unless it was larger to
        begin with."""
        delta = size - self.size("body")
        if delta == 0:
            return p
        cap = self.body_max if grow_max is None else grow_max
        new = min(p.size + delta, max(p.size, cap)) if delta > 0 else max(p.size + delta, float(self.sz.min))
        if new == p.size:
            return p
        return replace(p, size=new, space_after=p.space_after * new / p.size)

    def _text_slides(self, title: str, kind: str, units: Sequence[Sequence[Para]], layout: str,
                     role: str | None, fill: str | None, border: str | None, notes: str,
                     origin: str, inset: float | None, shrink: float, kicker: str = "",
                     w: float | None = None) -> list[SlideSpec]:
        slides: list[SlideSpec] = []
        inset = self.inset if inset is None else inset
        pending = [list(u) for u in units if u]
        n = 0
        w = self.CW if w is None else w
        mw = self.measure_w(w, inset)
        while True:
            name = title if n == 0 else self.doc.labels.with_continued(title, n)
            items, y0 = self.heading(name, kicker)
            room = self.bottom - y0 - 2 * inset - shrink
            used: list[Para] = []
            height = 0.0
            while pending:
                unit = pending[0]
                hu = sum(self.para_height(p, mw) for p in unit)
                if height + hu <= room:
                    used.extend(unit)
                    height += hu
                    pending.pop(0)
                    continue
                if used and hu <= room:
                    break  # -- the unit fits on a slide of its own: keep it together --
                # -- cut the unit between lines, paragraph by paragraph --
                rest = list(unit)
                while rest:
                    hp = self.para_height(rest[0], mw)
                    if height + hp <= room:
                        used.append(rest.pop(0))
                        height += hp
                        continue
                    head, tail = self.split_para(rest[0], mw, room - height)
                    if head is None and not used:
                        # -- not even one line fits: impossible geometry; place it anyway --
                        used.append(rest.pop(0))
                        break
                    if head is not None:
                        used.append(head)
                        height += self.para_height(head, mw)
                        rest[0] = tail
                    break
                pending[0] = rest
                if not rest:
                    pending.pop(0)
                break
            # -- a box ends with its text: no space after its last paragraph --
            if fill is not None and used and used[-1].space_after:
                height -= used[-1].space_after
                used[-1] = replace(used[-1], space_after=0.0)
            frame = TextFrame(self.L, y0, w, min(self.bottom - y0, height + 2 * inset),
                              tuple(used), role=role, inset=inset, fill=fill, border=border,
                              kind="body")
            if fill is None:
                frame = replace(frame, h=self.bottom - y0)
            s = SlideSpec(layout, name, kind, [*items, frame],
                          notes=notes if n == 0 else "", origin=origin, kicker=kicker)
            slides.append(s)
            n += 1
            if not pending:
                return slides

"""Condensing: short sections as cards sharing a slide, in up to three columns at the largest
type size that fits, and the summary's overview of judgments beside recommendations.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from functools import partial
from itertools import combinations

from ...model import Callout, Quote, Run, Section, plain
from .front import FrontSlides
from .paginate import FILL
from .specs import Box, Item, Para, SlideSpec, TextFrame
from .texts import TEXT_BLOCKS, section_notes

#: body text is never set smaller to fit a budget: readable from the back of the room (docs/deck.md,
#: "body 18–24 pt"); a dense slide splits instead
READABLE = 18.0

#: above this many sections in a run, shared slides are grouped by fit alone, not by type size
SIZE_SEARCH_MAX = 30


class Cards(FrontSlides):
    """Cards, shared slides and the overview slide."""

    def card_head(self, label: str, headline: str | None, size: float) -> list[Para]:
        """A card's tracker line (section number and title) and its headline, bold."""
        out = [Para((Run(label),), self.kicker_size, family="heading", bold=True, color="secondary",
                    line_spacing=self.spacing, space_after=2)]
        if headline:
            out.append(Para((Run(headline),), size, family="heading", bold=True, color="primary",
                            line_spacing=self.spacing, space_after=self.para_space))
        return out

    def section_card(self, sec: Section, size: float, lead: bool = False,
                     subs: bool = True) -> list[Box]:
        """A short section as one card: tracker, headline, points, its quotes and callouts,
        and (in a summary, with `subs`) its subsections the same way. The `lead` section is
        the slide's: its tracker is the slide's and its message the slide's title
        (`shared_title`), so its card holds neither (nor, without a headline, its first
        point), and no box at all when nothing is left."""
        if lead:
            paras = [self.bullet(p, size=size) for p in sec.points[0 if sec.headline else 1:]]
        else:
            paras = self.card_head(sec.heading, sec.headline, size)
            paras += [self.bullet(p, size=size) for p in sec.points]
        boxes: list[Box] = [(tuple(paras), None, None)] if paras else []
        for b in sec.body:
            if isinstance(b, (Quote, Callout)):
                ps, fill, border = self.aside_paras(b, size)
                boxes.append((tuple(ps), fill, border))
        for sub in sec.sections if subs else ():
            boxes += self.section_card(sub, size)
        return boxes

    def aside_paras(self, block: Quote | Callout, body: float | None = None
                    ) -> tuple[list[Para], str | None, str | None]:
        """A quote or callout as a box below a slide's text: paragraphs, fill, border."""
        size = self.size("body") if body is None else body
        big = size + self.size("subtitle") - self.size("body")
        if isinstance(block, Quote):
            paras = [replace(self.bullet(block.quoted(), size=big, bullet=False,
                                         italic=True, color="primary", space_after=0), align="center")]
            if block.by:
                paras.append(replace(self.bullet((Run("— " + block.by),), size=size,
                                                 bullet=False, color="muted", space_after=0),
                                     align="center"))
            return paras, None, None
        border = f"callout_border.{block.style}"
        paras = []
        if block.title:
            paras.append(self.bullet((Run(block.title),), size=size, bullet=False, bold=True,
                                     color=border, space_after=self.para_space / 2))
        paras.append(self.bullet(block.text, size=size, bullet=False, space_after=0))
        return paras, f"callout_fill.{block.style}", border

    def packable(self, sec: Section) -> bool:
        """Whether a section can share a slide: points, and besides them only text, quotes
        and callouts (in a summary, subsections alike; else none)."""
        if not sec.points or any(not isinstance(b, (*TEXT_BLOCKS, Quote, Callout)) for b in sec.body):
            return False
        if sec.sections and not self.compact.summary:
            return False
        return all(self.packable(sub) for sub in sec.sections)

    def box_height(self, box: Box, w: float) -> float:
        paras, fill, _ = box
        inset = self.inset * 2 if fill else self.inset
        mw = self.measure_w(w, inset)
        return sum(self.para_height(p, mw) for p in paras) + 2 * inset

    def card_height(self, boxes: Sequence[Box], w: float) -> float:
        return sum(self.box_height(b, w) for b in boxes) + self.gap * (len(boxes) - 1)

    def lay_cards(self, cards: Sequence[Callable[[float], list[Box]]], size: float, y0: float,
                  weights: Sequence[float] | None = None, fill_target: float = 1.0
                  ) -> tuple[list[Item], float] | None:
        """Cards set at `size` in up to three columns, in reading order (down each column, then
        across), as many columns as fit: the items and the height used, or None when no
        arrangement fits below `y0`."""
        room = (self.bottom - y0) * fill_target
        # -- a lead card with nothing left beside the slide's title takes no column --
        built = [b for b in (c(size) for c in cards) if b]
        n = len(built)
        cg = self.gap * 3
        stack_gap = self.gap * 2
        for k in range(min(n, 3), 0, -1):
            wts = list(weights) if weights is not None and len(weights) == k else [1.0] * k
            avail = self.CW - cg * (k - 1)
            ws = [avail * x / sum(wts) for x in wts]
            best: tuple[float, tuple[int, ...]] | None = None
            # -- each card's height in each column width, once: the arrangements reuse them --
            heights = [[self.card_height(b, w) for b in built] for w in dict.fromkeys(ws)]
            by_width = {w: heights[i] for i, w in enumerate(dict.fromkeys(ws))}
            for cuts in combinations(range(1, n), k - 1):
                bounds = (0, *cuts, n)
                hs = [sum(by_width[ws[i]][bounds[i]:bounds[i + 1]])
                      + stack_gap * (bounds[i + 1] - bounds[i] - 1) for i in range(k)]
                if max(hs) <= room and (best is None or max(hs) < best[0]):
                    best = (max(hs), bounds)
            if best is None:
                continue
            bounds = best[1]
            items: list[Item] = []
            x = self.L
            for i in range(k):
                y = y0
                for boxes in built[bounds[i]:bounds[i + 1]]:
                    items += self.stack(boxes, x, y, ws[i])
                    y += self.card_height(boxes, ws[i]) + stack_gap
                x += ws[i] + cg
            return items, best[0]
        return None

    def stack(self, boxes: Sequence[Box], x: float, y: float, w: float) -> list[Item]:
        out: list[Item] = []
        for i, box in enumerate(boxes):
            paras, fill, border = box
            h = self.box_height(box, w)
            out.append(TextFrame(x, y, w, h, paras, inset=self.inset * 2 if fill else self.inset,
                                 fill=fill, border=border, kind="card" if i == 0 else "aside"))
            y += h + self.gap
        return out

    def fit_cards(self, cards: Sequence[Callable[[float], list[Box]]], y0: float, floor: float,
                  weights: Sequence[float] | None = None) -> tuple[list[Item], float] | None:
        """The cards laid out at the largest size from `slide_body_max` down to `floor` that
        fits (above the body size only while the balanced-fill share is kept)."""
        def lay(size: float) -> tuple[list[Item], float] | None:
            target = FILL if size > self.size("body") else 1.0
            return self.lay_cards(cards, size, y0, weights, target)

        # -- larger type never fits where smaller does not: bisect the whole points --
        sizes = [self.body_max - k for k in range(int(self.body_max - floor + 0.01) + 1)]
        lo, hi = 0, len(sizes)  # -- sizes[lo:] may fit; sizes[:lo] do not --
        found: tuple[list[Item], float] | None = None
        while lo < hi:
            mid = (lo + hi) // 2
            got = lay(sizes[mid])
            if got is not None:
                found, hi = (got[0], sizes[mid]), mid
            else:
                lo = mid + 1
        # -- `hi` moves only when a size fits, so `found` is the largest that does (or None) --
        return found

    def steady_cards(self, cards: Sequence[Callable[[float], list[Box]]], y0: float,
                     laid: tuple[list[Item], float], floor: float) -> tuple[list[Item], float]:
        """`laid`, or the cards laid out a point or more smaller (not below `floor`) where every
        boxed quote or callout wraps to as many lines however wide an office suite sets its
        text (`steady`), so that no box shows a spare line; `laid` when no size is steady."""
        size = laid[1]
        while size >= floor:
            target = FILL if size > self.size("body") else 1.0
            got = self.lay_cards(cards, size, y0, None, target)
            if got is not None and all(self.steady(p, self.measure_w(f.w, f.inset))
                                       for f in got[0] if isinstance(f, TextFrame) and f.fill
                                       for p in f.paras):
                return got[0], size
            size -= 1.0
        return laid

    def pack_floor(self) -> float:
        """The smallest body size a shared or overview slide may set: the compact step's,
        never below `READABLE` (nor the theme's body size, when that is smaller)."""
        return max(float(self.sz.min), min(self.size("body"), READABLE),
                   self.size("body") - self.compact.pack_floor)

    def overview_slide(self) -> SlideSpec | None:
        """Key judgments beside the recommendations (what is asked), on one slide."""
        d = self.doc
        if not d.key_judgments or not d.recommendations:
            return None
        words = d.labels
        title = self.claim(f"{words.key_judgments} · {words.recommendations}")
        items, y0 = self.heading(title)

        def kj(size: float) -> list[Box]:
            paras = self.card_head(words.key_judgments, None, size)
            paras += [p for u in self.judgment_units(size) for p in u]
            return [(tuple(paras), None, None)]

        def recs(size: float) -> list[Box]:
            paras = self.card_head(words.recommendations, None, size)
            paras += [p for u in self.recommendation_units(size) for p in u]
            return [(tuple(paras), None, None)]

        got = self.fit_cards([kj, recs], y0, self.pack_floor(), weights=(3, 2))
        if got is None:
            return None
        cards, size = got
        slide = SlideSpec("title_only", title, "overview", [*items, *cards],
                          origin="key_judgments", body_size=size)
        return self.commit([slide])[0]

    def cards(self, group: Sequence[Section]) -> list[Callable[[float], list[Box]]]:
        """The cards of a shared slide, the first leading (its message is the title); a
        section alone with its subsections (a summary's) shows its own card beside theirs."""
        if len(group) == 1 and group[0].sections:
            sec = group[0]
            return [partial(self.section_card, sec, lead=True, subs=False),
                    *(partial(self.section_card, sub) for sub in sec.sections)]
        return [partial(self.section_card, s, lead=i == 0) for i, s in enumerate(group)]

    def group_run(self, secs: Sequence[Section]) -> list[list[Section]]:
        """A run of short sibling sections in groups that share a slide: the fewest slides,
        then the largest smallest type, then the most even groups."""
        floor = self.pack_floor()
        y0 = self.content_top(self.title_frame("X"))

        def fits(group: Sequence[Section]) -> bool:
            top = y0 if len(group) == 1 else self.content_top(
                self.title_frame(self.shared_title(group)))
            return self.lay_cards(self.cards(group), floor, top) is not None

        def size_of(group: Sequence[Section]) -> float | None:
            """The type size the group's shared slide gets, None when it does not fit."""
            if len(group) == 1:
                return self.size("body")
            if len(secs) > SIZE_SEARCH_MAX:
                # -- a long outline: any size that fits will do; searching costs too much --
                return floor if fits(group) else None
            top = self.content_top(self.title_frame(self.shared_title(group)))
            got = self.fit_cards(self.cards(group), top, floor)
            return None if got is None else got[1]

        # -- the fewest slides, then the largest smallest type, then the most even groups:
        # best[i] plans secs[i:] as (slides, -smallest size, largest group, end of first group) --
        count = len(secs)
        inf = float("inf")
        best: list[tuple[int, float, int, int]] = [(0, -inf, 0, count)] * (count + 1)
        for i in range(count - 1, -1, -1):
            nxt = best[i + 1]
            options = [(nxt[0] + 1, max(-self.size("body"), nxt[1]), max(1, nxt[2]), i + 1)]
            for j in range(i + 2, min(count, i + self.compact.pack) + 1):
                got = size_of(secs[i:j])
                if got is None:
                    break
                rest = best[j]
                options.append((rest[0] + 1, max(-got, rest[1]), max(j - i, rest[2]), j))
            best[i] = min(options)
        groups: list[list[Section]] = []
        i = 0
        while i < count:
            j = best[i][3]
            groups.append(list(secs[i:j]))
            i = j
        return groups

    def shared_slide(self, group: Sequence[Section]) -> SlideSpec | None:
        """The slide `group` shares, or None when its cards do not fit under its title."""
        title = self.claim(self.shared_title(group))
        items, top = self.heading(title, group[0].heading)
        cards = self.cards(group)
        laid = self.fit_cards(cards, top, self.pack_floor())
        if laid is None:
            return None
        frames, size = self.steady_cards(cards, top, laid, self.pack_floor())
        notes = "\n\n".join(f"{s.heading}\n{n}" for s in group for n in [self.card_notes(s)] if n)
        return self.commit([SlideSpec("title_only", title, "sections", [*items, *frames],
                                      notes=notes, origin=group[0].origin,
                                      kicker=group[0].heading, body_size=size)])[0]

    def shared_title(self, secs: Sequence[Section]) -> str:
        """The title of a slide shared by sections: the message of the first (its headline,
        else its first point), whose number and title are the tracker line above it; so the
        title states a claim, not a topic (docs/deck.md "One message per slide"), and the other
        cards carry their own tracker and headline. "Key points: 3–5" only for a first
        section with neither."""
        first = secs[0]
        if first.headline:
            return first.headline
        if first.points:
            return plain(first.points[0])
        return f"{self.doc.labels.key_points}: {secs[0].number}–{secs[-1].number}"

    def card_notes(self, sec: Section) -> str:
        parts = [section_notes(sec)] + [self.card_notes(sub) for sub in sec.sections]
        return "\n\n".join(p for p in parts if p)

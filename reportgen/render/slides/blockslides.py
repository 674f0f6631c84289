"""The slides of a section's points and of each block type: points beside an exhibit
(two-content) or over a timeline, a quote or callout joining the text's slide, and one
planner per block type (`BLOCK_PLANNERS`, the `plan_<key>` methods).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

from ...model import (
    Block,
    BulletList,
    Callout,
    Chart,
    Image,
    ListItem,
    NumberedList,
    Paragraph,
    Quote,
    Run,
    Section,
    Table,
    Timeline,
)
from .. import handlers_named
from ..charts import shows_values
from ..imagesize import natural_size
from .cards import Cards
from .specs import ChartSpec, ImageSpec, Item, Para, SlideSpec, TableSpec, TextFrame, TimelineSpec
from .tables import plan_table_slides
from .texts import TEXT_BLOCKS, flat
from .timeline import plan_timeline_slides, timeline_geometry, timeline_spec


class BlockSlides(Cards):
    """A section's points and blocks as slides."""

    def section_title(self, sec: Section) -> str:
        """The action title of a section's slides: its headline, else its number and title."""
        return sec.headline or sec.heading

    def section_kicker(self, sec: Section) -> str:
        """The tracker line over a section's slides: its number and title, unless that is
        already the title."""
        return sec.heading if sec.headline else ""

    def joining(self, body: Sequence[Block]) -> list[Block]:
        """The quotes and callouts that follow a section's text directly (they may join its
        slide)."""
        out: list[Block] = []
        for b in body:
            if isinstance(b, TEXT_BLOCKS):
                continue
            if isinstance(b, (Quote, Callout)):
                out.append(b)
                continue
            break
        return out

    def beside(self, sec: Section) -> Chart | Image | Table | Timeline | None:
        """The chart, picture or table shown beside a section's points (three or fewer) on
        one two-content slide (a timeline: under them), or None."""
        if not sec.points or len(sec.points) > 3:
            return None
        for b in sec.body:
            if isinstance(b, (Chart, Image, Table, Timeline)):
                return b
        return None

    def over_timeline(self, sec: Section, units: list[list[Para]], block: Timeline,
                      notes: str) -> list[SlideSpec] | None:
        """A section's few points above its timeline, on one slide; None when it does not
        fit so (more entries than a slide takes, or events too long)."""
        if len(block.entries) > max(1, self.o.timeline_per_slide):
            return None
        title = self.claim(self.section_title(sec))
        kicker = self.section_kicker(sec)
        items, y0 = self.heading(title, kicker)
        paras = [p for u in units for p in u]
        hp = self.frame_height(paras, self.CW)
        body = TextFrame(self.L, y0, self.CW, hp, tuple(paras), role="body", inset=self.inset,
                         kind="body")
        y = y0 + hp + self.gap
        extra: list[Item] = []
        if block.caption:
            cap = self.caption_frame(y, block.caption)
            extra.append(cap)
            y += cap.h
        if self.bottom - y < (self.bottom - y0) * 0.5:
            return None
        size = self.size("table")
        _, date_h, marker, _ = timeline_geometry(self, len(block.entries), y, size)
        spec = timeline_spec(self, block.entries, y, size,
                              line_y=y + self.gap + date_h + marker)
        if spec is None:
            return None
        slide = SlideSpec("content", title, "points", [*items, body, *extra, spec], notes=notes,
                          origin=sec.origin, kicker=kicker, body_size=self.size("body"))
        return self.commit([slide])

    def two_content(self, sec: Section, units: list[list[Para]],
                    figure: Chart | Image | Table | Timeline,
                    notes: str, asides: Sequence[Block]) -> list[SlideSpec] | None:
        """Points on the left, the chart, picture or table on the right, its caption under
        it; None when the points or the table do not fit so."""
        if isinstance(figure, Timeline):
            return self.over_timeline(sec, units, figure, notes)
        title = self.claim(self.section_title(sec))
        kicker = self.section_kicker(sec)
        items, y0 = self.heading(title, kicker)
        cg = self.gap * 3
        lw = self.CW * 0.4
        rx, rw = self.L + lw + cg, self.CW - lw - cg
        room = self.bottom - y0 - 2 * self.inset
        paras = [p for u in units for p in u]
        if self.frame_height(paras, lw) > self.bottom - y0:
            return None
        if isinstance(figure, Table):
            cap = self.caption_frame(0.0, figure.label, rx, rw)
            tables = plan_table_slides(self, figure, sec, None, area=(rx, rw, cap.h + self.gap / 2))
            if len(tables) != 1:
                return None
            spec = next(i for i in tables[0].items if isinstance(i, TableSpec))
            fig: list[Item] = [replace(cap, y=spec.y + spec.h + self.gap / 2), spec]
        else:
            fig = self.figure_items(figure, rx, y0, rw, self.bottom - y0, figure.label)
        reserve = sum(self.aside_height(b, lw) + self.gap for b in asides)
        size = self.fill_size(paras, lw, room - reserve)
        paras = [self.grown(p, size) for p in paras]
        body = TextFrame(self.L, y0, lw, self.bottom - y0, tuple(paras), role="body",
                         inset=self.inset, kind="body")
        slide = SlideSpec("two_content", title, "points", [*items, body, *fig], notes=notes,
                          origin=sec.origin, kicker=kicker, body_size=size)
        return self.commit([slide])

    def aside_height(self, block: Block, w: float) -> float:
        if not isinstance(block, (Quote, Callout)):
            return 0.0
        paras, _, _ = self.aside_paras(block)
        inset = self.inset * 2
        return sum(self.para_height(p, self.measure_w(w, inset)) for p in paras) + 2 * inset

    def join(self, slide: SlideSpec, block: Quote | Callout) -> bool:
        """Put `block` below the text of `slide` (a section's points, or below a timeline's
        events) if it fits there whole; the body placeholder is shortened to its text so the
        two never overlap."""
        frames = [i for i in slide.items if isinstance(i, TextFrame) and i.kind in ("body", "aside")]
        lines = [i for i in slide.items if isinstance(i, TimelineSpec)]
        if lines:
            body = None
            x, w = self.L, self.CW
            used = max([f.y + f.h for _, _, f in lines[-1].entries] + [f.y + f.h for f in frames])
        elif frames and frames[0].kind == "body":
            body = frames[0]
            x, w = body.x, body.w
            bw = self.measure_w(body.w, body.inset)
            text_end = body.y + (sum(self.para_height(p, bw) for p in body.paras) + 2 * body.inset
                                 if body.paras else 0.0)
            used = max([text_end] + [f.y + f.h for f in frames[1:]])
        else:
            return False
        paras, fill, border = self.aside_paras(block)
        inset = self.inset * 2
        h = sum(self.para_height(p, self.measure_w(w, inset)) for p in paras) + 2 * inset
        y = used + self.gap
        if y + h > self.bottom:
            return False
        aside = TextFrame(x, y, w, h, tuple(paras), inset=inset, fill=fill, border=border,
                          kind="aside")
        if body is not None:
            short = replace(body, h=max(text_end - body.y, 2 * self.inset))
            slide.items = [short if i is body else i for i in slide.items]
        slide.items = [*slide.items, aside]
        return True

    def text_units(self, sec: Section) -> list[list[Para]]:
        """A section's paragraphs and lists as slide text (for a section without points)."""
        units: list[list[Para]] = []

        def items(entries: Sequence[ListItem], level: int, start: int | None) -> None:
            for i, it in enumerate(entries):
                if start is None:
                    units.append([self.bullet(it.text, level)])
                else:
                    text = (Run(f"{start + i}. "), *flat(it.text))
                    units.append([self.bullet(text, level, bullet=False)])
                items(it.children, level + 1, None)

        for b in sec.body:
            if isinstance(b, Paragraph):
                units.append([self.bullet(b.text, bullet=False)])
            elif isinstance(b, BulletList):
                items(b.items, 0, None)
            elif isinstance(b, NumberedList):
                items(b.items, 0, b.start)
        return units

    def block_slides(self, block: Block, sec: Section, lead: str | None = None) -> list[SlideSpec]:
        """The slides of one block; `lead` (the section's title) replaces the block's own title
        on its first slide, the block's label then standing under it as a caption."""
        return BLOCK_PLANNERS[type(block)](self, block, sec, lead)

    def plan_nothing(self, block: Block, sec: Section, lead: str | None = None) -> list[SlideSpec]:
        """Paragraphs and lists go into the speaker notes of the section's slide."""
        return []

    # -- paragraphs and lists go into the speaker notes of their section's slide --
    plan_paragraph = plan_bullets = plan_numbered = plan_nothing

    def plan_quote(self, block: Quote, sec: Section, lead: str | None = None) -> list[SlideSpec]:
        size = self.size("subtitle")
        units = [[replace(self.bullet(block.quoted(), size=size, bullet=False, italic=True,
                                      color="primary"), align="center")]]
        if block.by:
            units.append([replace(self.bullet((Run("— " + block.by),), size=self.size("body"),
                                              bullet=False, color="muted"), align="center")])
        title = self.section_title(sec)
        slides = self.text_slides(title, "quote", units, layout="title_only",
                                  role=None, inset=self.inset * 3, origin=block.origin,
                                  kicker=self.kicker_for(sec, title))
        # -- a quote stands in the middle of its slide --
        for s in slides:
            s.items = [replace(i, anchor="middle") if isinstance(i, TextFrame) and i.kind == "body"
                       else i for i in s.items]
        return slides

    def plan_callout(self, block: Callout, sec: Section, lead: str | None = None) -> list[SlideSpec]:
        title = lead or block.title or self.section_title(sec)
        units = [[self.bullet(block.text, size=self.size("subtitle"), bullet=False)]]
        if lead and block.title:
            units.insert(0, [self.bullet((Run(block.title),), size=self.size("subtitle"), bullet=False,
                                         bold=True, color=f"callout_border.{block.style}")])
        return self.panels(self.text_slides(title, "callout", units, layout="title_only", role=None,
                                            fill=f"callout_fill.{block.style}",
                                            border=f"callout_border.{block.style}",
                                            inset=self.inset * 3, origin=block.origin,
                                            kicker=self.kicker_for(sec, title), grow=True,
                                            grow_max=self.size("title")))

    def plan_table(self, block: Table, sec: Section, lead: str | None = None) -> list[SlideSpec]:
        return plan_table_slides(self, block, sec, lead)

    def figure_items(self, block: Chart | Image, x: float, y: float, w: float, h: float,
                     caption: str) -> list[Item]:
        """A chart or picture in a box, its caption line under it (the caption comes first in
        the file, right after the title, so the two read as the whole caption)."""
        cap = self.caption_frame(0.0, caption, x, w) if caption else None
        ch = (cap.h + self.gap / 2) if cap else 0.0
        fh = h - ch
        spec: Item
        if isinstance(block, Chart):
            spec = ChartSpec(x, y, w, fh, block, shows_values(block, self.o.data_labels_max),
                             self.size("table"))
            bottom = y + fh
        else:
            iw, ih = natural_size(block.file)
            scale = min(w / iw, fh / ih)
            pw, ph = iw * scale, ih * scale
            spec = ImageSpec(x + (w - pw) / 2, y + (fh - ph) / 2, pw, ph, block.file, block.alt)
            bottom = spec.y + ph
        if cap is None:
            return [spec]
        return [replace(cap, y=bottom + self.gap / 2), spec]

    def plan_figure(self, block: Chart | Image, sec: Section, lead: str | None) -> list[SlideSpec]:
        title, rest = self.block_title(block.label, lead)
        title = self.claim(title)
        items, y0 = self.titled(title, sec, None)
        fig = self.figure_items(block, self.L, y0, self.CW, self.bottom - y0, rest)
        kind = "chart" if isinstance(block, Chart) else "image"
        return self.commit([SlideSpec("title_only", title, kind, [*items, *fig], origin=block.origin,
                                      kicker=self.kicker_for(sec, title))])

    def plan_chart(self, block: Chart, sec: Section, lead: str | None = None) -> list[SlideSpec]:
        return self.plan_figure(block, sec, lead)

    plan_image = plan_chart

    def plan_timeline(self, block: Timeline, sec: Section, lead: str | None = None) -> list[SlideSpec]:
        return plan_timeline_slides(self, block, sec, lead)


#: the planner of each block type, found by name as the other formats find their handlers
#: (`plan_table` for the `table` block): a missing one fails at import, naming the method to add
BLOCK_PLANNERS: dict[type, Callable[..., list[SlideSpec]]] = handlers_named(
    {**vars(BlockSlides), "__name__": f"{__name__}.BlockSlides"}, "pptx", prefix="plan_")

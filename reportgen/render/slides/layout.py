"""Measuring and placing: the slide's geometry from the theme, paragraph heights measured
with the theme's font metrics (`reportgen.measure`), cutting a paragraph between lines, and
the parts every slide has (tracker line, title, caption, marking and slide number).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from ...measure import Measure, measure_for, slice_text, strip_text
from ...model import Document, Run, Section, Text, plain
from ...theme import INCH, Theme
from .specs import Compact, Item, Para, SlideSpec, TextFrame
from .texts import flat, split_caption


class Layout:
    """The geometry and measures of one deck; the planner's base."""

    def __init__(self, document: Document, theme: Theme, compact: Compact | None = None,
                 heights: dict[tuple[Para, float], float] | None = None) -> None:
        self.doc = document
        self.theme = theme
        self.m: Measure = measure_for(theme)
        s, o = theme.slide, theme.config.pptx
        sz = theme.sizes.slide
        self.sz = sz
        self.o = o
        self.W, self.H = s.width * INCH, s.height * INCH
        self.L = s.margins.left * INCH
        self.R = self.W - s.margins.right * INCH
        self.CW = self.R - self.L
        self.top = s.margins.top * INCH
        self.bottom = self.H - s.margins.bottom * INCH
        self.band = s.title_height * INCH
        self.gap = o.gap * INCH
        self.inset = o.inset * INCH
        self.step = o.bullet_indent * INCH
        self.spacing = s.line_spacing
        self.para_space = s.paragraph_space
        self._heights: dict[tuple[Para, float], float] = {} if heights is None else heights
        #: the tracker line above a title: one line of the theme's minimum size
        self.kicker_size = self.size("min")
        self.kh = self.m.line_height(self.kicker_size, self.spacing, "", "heading", True) + 2 * self.inset
        self.body_max = max(self.size("body"), float(sz.body_max or sz.body))
        #: titles of the slides planned so far: no two slides share a title
        self.titles: set[str] = set()
        self.compact = compact or Compact()

    def size(self, name: str) -> float:
        """The theme's slide size `name`, never below its minimum."""
        return max(float(getattr(self.sz, name)), float(self.sz.min))

    def measure_w(self, frame_w: float, inset: float) -> float:
        """The frame width at which to measure text for a frame with its own `inset`:
        `text_width` takes off the standard inset, so a wider one narrows the frame here."""
        return frame_w - 2 * (inset - self.inset)

    def text_width(self, frame_w: float, p: Para) -> float:
        """Width the text of `p` may fill in a frame `frame_w` wide."""
        return (frame_w - 2 * self.inset - p.indent) * self.o.width_slack

    def para_height(self, p: Para, frame_w: float) -> float:
        key = (p, frame_w)
        if key not in self._heights:
            self._heights[key] = self._para_height(p, frame_w)
        return self._heights[key]

    def _para_height(self, p: Para, frame_w: float) -> float:
        width = self.text_width(frame_w, p)
        lh = self.m.line_height(p.size, p.line_spacing, p.text, p.family, p.bold)
        per_line = max(8, int(width / (p.size * 0.1)))  # -- no glyph is narrower than 0.1 em --
        n = len(plain(p.text))
        if n > (int((self.bottom - self.top) // lh) + 2) * per_line:
            # -- it cannot fit on any slide however it wraps; a lower bound is enough to make
            # the planner split it, without wrapping 100,000 characters for every slide --
            return (n / per_line) * lh + p.space_after
        lines = self.m.count_lines(p.text, width, p.size, p.family, p.bold, p.italic)
        return lines * lh + p.space_after

    def frame_height(self, paras: Sequence[Para], frame_w: float) -> float:
        return sum(self.para_height(p, frame_w) for p in paras) + 2 * self.inset

    def split_para(self, p: Para, frame_w: float, room: float) -> tuple[Para | None, Para]:
        """Cut `p` after as many lines as fit in `room` (points); the rest loses its bullet."""
        width = self.text_width(frame_w, p)
        # -- wrap only what can fit (k lines of at most 5 characters per em) plus a margin: the
        # first k lines of a prefix are those of the whole text, and re-wrapping (and scanning
        # for fonts) the whole tail of a 100,000-character paragraph for every slide made
        # planning quadratic. The primary font's line height is the smallest, so k0 >= k --
        k0 = int((room - p.space_after) // self.m.line_height(p.size, p.line_spacing, "", p.family, p.bold))
        budget = (max(k0, 0) + 2) * max(8, int(width / (p.size * 0.2)))
        probe = p.text if len(plain(p.text)) <= budget else slice_text(p.text, 0, budget)
        lh = self.m.line_height(p.size, p.line_spacing, probe, p.family, p.bold)
        k = int((room - p.space_after) // lh)
        spans = self.m.wrap(probe, width, p.size, p.family, p.bold, p.italic)
        k = max(0, min(k, len(spans) - 1))
        if k == 0:
            return None, p
        cut = spans[k][0]
        head = replace(p, text=strip_text(slice_text(p.text, 0, cut)))
        tail = replace(p, text=strip_text(slice_text(p.text, cut)), bullet=None, number=None)
        return head, tail

    def title_frame(self, title: str) -> TextFrame:
        """The title band, below the kicker line: the theme's title size, smaller (never below
        the minimum) only to keep a long title to two lines, and taller when even that is not
        enough. Every slide's title starts at the same height, kicker or not."""
        size = self.size("title")
        floor = max(self.size("body"), float(self.sz.min))
        while True:
            p = self._title_para(title, size)
            lines = self.m.count_lines(p.text, self.text_width(self.CW, p), size, p.family)
            if lines <= 2 or size <= floor:
                break
            size = max(floor, size - 2)
        y = self.top + self.kh
        h = max(self.band - self.kh, self.frame_height([p], self.CW))
        return TextFrame(self.L, y, self.CW, h, (p,), role="title", inset=self.inset,
                         anchor="top", kind="title")

    def kicker_frame(self, kicker: str) -> TextFrame:
        """The tracker line above the title: section number and title, small, in the accent."""
        p = Para((Run(kicker),), self.kicker_size, family="heading", bold=True, color="secondary",
                 line_spacing=self.spacing)
        return TextFrame(self.L, self.top, self.CW, self.kh, (p,), inset=self.inset,
                         anchor="bottom", kind="kicker")

    def heading(self, title: str, kicker: str = "") -> tuple[list[Item], float]:
        """Kicker (if any) and title frames, and where the content starts below them."""
        t = self.title_frame(title)
        items: list[Item] = [self.kicker_frame(kicker)] if kicker else []
        items.append(t)
        return items, self.content_top(t)

    def claim(self, title: str) -> str:
        """`title`, or its next free "(cont. n)" form when a slide already has it."""
        if title not in self.titles:
            return title
        n = 1
        while self.doc.labels.with_continued(title, n) in self.titles:
            n += 1
        return self.doc.labels.with_continued(title, n)

    def commit(self, slides: Sequence[SlideSpec]) -> list[SlideSpec]:
        """`slides`, their titles now taken."""
        self.titles.update(s.title for s in slides)
        return list(slides)

    def _title_para(self, title: str, size: float) -> Para:
        return Para((Run(title),), size, family="heading", color="primary",
                    line_spacing=self.spacing)

    def content_top(self, title: TextFrame) -> float:
        return title.y + title.h + self.gap

    def chrome(self, slide: SlideSpec) -> None:
        """Add the marking (top and bottom) and the slide number to `slide`."""
        small = float(self.sz.small)
        marking = self.doc.marking
        if marking:
            p = Para((Run(marking),), small, bold=True, color="marking", align="center")
            w = self.CW
            for y, h in ((0.0, self.top), (self.bottom, self.H - self.bottom)):
                slide.items.append(TextFrame(self.L, y, w, h, (p,), anchor="middle",
                                             kind="marking"))
        if slide.numbered:
            p = Para((Run("#"),), small, color="muted", align="right")
            w = self.m.width("0000", small) + 2 * self.inset
            slide.items.append(TextFrame(self.R - w, self.bottom, w, self.H - self.bottom, (p,),
                                         anchor="middle", kind="number"))

    def bullet(self, text: Text, level: int = 0, size: float | None = None,
               color: str = "text", bullet: bool = True, space_after: float | None = None,
               bold: bool = False, italic: bool = False, number: int | None = None) -> Para:
        """A paragraph of body text at list `level`: bulleted, numbered (`number`) or plain."""
        size = self.size("body") if size is None else size
        chars = self.o.bullets
        char = chars[min(level, len(chars) - 1)] if bullet and number is None else None
        bullet = bullet or number is not None
        indent = self.step * (level + 1) if bullet else self.step * level
        return Para(flat(text), size, bullet=char, number=number, indent=indent, hang=self.step if bullet else 0,
                    color=color, bold=bold, italic=italic, line_spacing=self.spacing,
                    space_after=self.para_space if space_after is None else space_after)

    def caption_frame(self, y: float, text: str, x: float | None = None,
                      w: float | None = None) -> TextFrame:
        """A caption line at `y`, as wide as the content (or `w`)."""
        x = self.L if x is None else x
        w = self.CW if w is None else w
        p = Para((Run(text),), self.size("caption"), color="muted", line_spacing=self.spacing)
        return TextFrame(x, y, w, self.frame_height([p], w), (p,), inset=self.inset,
                         kind="caption")

    def kicker_for(self, sec: Section, title: str) -> str:
        """Every slide of a section shows its number and title: as the kicker, or as the title."""
        return "" if title == sec.heading else sec.heading

    def titled(self, title: str, sec: Section, caption: str | None) -> tuple[list[Item], float]:
        """Kicker, title and (if any) a caption line under the title; and where content starts."""
        items, y0 = self.heading(title, self.kicker_for(sec, title))
        if caption:
            cap = self.caption_frame(y0 - self.gap / 2, caption)
            items.append(cap)
            y0 = cap.y + cap.h + self.gap / 2
        return items, y0

    def block_title(self, label: str, lead: str | None) -> tuple[str, str]:
        """A block slide's title and the caption text left for under the exhibit: the section's
        headline when the block opens a section without points, else the short caption title
        with the rest (source, method) under the exhibit."""
        if lead:
            return lead, label
        return split_caption(label)

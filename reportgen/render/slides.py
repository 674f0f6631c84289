"""The deck planner: a tailored `Document` becomes a list of `SlideSpec`, no python-pptx needed.

Planning is separate from writing (as Pandoc's PowerPoint writer separates its slide model from
its OOXML output): here every text is measured with the theme's font metrics
(`reportgen.measure`) at the theme's slide sizes, and whatever does not fit is carried onto a
"<title> (cont.)" slide; tables split by rows with the header row repeated, and a row, bullet
or quote taller than a whole slide is cut between lines. All geometry is in points, from the
slide's top-left corner; `render/pptx.py` only writes what is planned here.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from functools import partial
from itertools import combinations
from pathlib import Path

from ..errors import warn
from ..labels import ENGLISH
from ..measure import Measure, measure_for, slice_text, strip_text
from ..model import (
    LIKELIHOOD_RANGES,
    Block,
    BulletList,
    Callout,
    Chart,
    Document,
    Image,
    ListItem,
    NumberedList,
    Paragraph,
    Quote,
    Run,
    Section,
    Table,
    Text,
    Timeline,
    TimelineEntry,
    plain,
)
from ..theme import INCH, Theme
from .charts import shows_values
from .columns import column_widths
from .imagesize import natural_size
from .ink import Ink

#: what an English deck adds to the title of a continued slide (see `Labels.continued`)
CONT = " " + ENGLISH.continued
#: the deck's shape name for a table whose first row continues a row cut on the slide before
CONTINUED_ROW_TABLE = "Table (first row continued)"

#: every theme colour the deck draws as text, on which fill, at which size (see ink.py)
INK = (
    Ink("primary", "background", "slide.title_slide", True, "title slide"),
    Ink("primary", "background", "slide.title", True, "slide titles"),
    Ink("secondary", "background", "slide.subtitle", False, "subtitles"),
    Ink("text", "background", "slide.min", False, "body text"),
    Ink("primary", "background", "slide.subtitle", False, "quotes"),
    Ink("muted", "background", "slide.caption", False, "captions, attributions"),
    Ink("muted", "background", "slide.small", False, "slide numbers, chart labels"),
    Ink("marking", "background", "slide.small", True, "marking"),
    Ink("link", "background", "slide.small", False, "links and sources"),
    Ink("accent", "background", "slide.small", True, "timeline dates"),
    Ink("table_header_text", "table_header", "slide.table", True, "table header row"),
    Ink("text", "table_stripe", "slide.table", False, "striped table rows"),
    Ink("callout_border.*", "callout_fill.*", "slide.body", True, "callout titles"),
    Ink("text", "callout_fill.*", "slide.min", False, "callout text"),
)

# -- slide specifications --------------------------------------------------------------------


@dataclass(frozen=True)
class Para:
    """One paragraph of a text frame, with everything needed to measure and write it."""

    text: Text
    size: float
    family: str = "body"
    bold: bool = False
    italic: bool = False
    #: a key of `theme.colors`
    color: str = "text"
    #: bullet character, or None
    bullet: str | None = None
    #: the paragraph's number in a numbered list (key judgments, recommendations), or None
    number: int | None = None
    #: left margin of every line (the bullet hangs into it), points
    indent: float = 0.0
    #: how far the bullet hangs left of the text, points
    hang: float = 0.0
    align: str = "left"
    space_after: float = 0.0
    line_spacing: float = 1.0


@dataclass(frozen=True)
class TextFrame:
    """A text box (or the placeholder `role` of the layout) at a planned place."""

    x: float
    y: float
    w: float
    h: float
    paras: tuple[Para, ...]
    #: placeholder to fill: "title", "subtitle", "body", or None for a plain text box
    role: str | None = None
    inset: float = 0.0
    #: "top", "middle" or "bottom"
    anchor: str = "top"
    #: theme colour keys of a filled, outlined box, or None
    fill: str | None = None
    border: str | None = None
    #: what the frame is, for tests and the writer ("marking", "number", "caption", ...)
    kind: str = "text"


@dataclass(frozen=True)
class TableSpec:
    x: float
    y: float
    col_widths: tuple[float, ...]
    row_heights: tuple[float, ...]
    #: the header row first
    rows: tuple[tuple[Text, ...], ...]
    size: float
    margin: float
    #: where each body row came from: (row index in the table, part number if the row was cut)
    sources: tuple[tuple[int, int], ...] = ()
    #: per column: figures, aligned right
    right: tuple[bool, ...] = ()

    @property
    def w(self) -> float:
        return sum(self.col_widths)

    @property
    def h(self) -> float:
        return sum(self.row_heights)


@dataclass(frozen=True)
class ChartSpec:
    x: float
    y: float
    w: float
    h: float
    chart: Chart
    data_labels: bool
    size: float


@dataclass(frozen=True)
class ImageSpec:
    x: float
    y: float
    w: float
    h: float
    file: Path
    alt: str


@dataclass(frozen=True)
class TimelineSpec:
    """A horizontal line with one marker per entry, the date above it and the event below."""

    x: float
    y: float
    w: float
    h: float
    #: y of the line
    line_y: float
    marker: float
    #: (marker centre x, date frame, event frame) per entry
    entries: tuple[tuple[float, TextFrame, TextFrame], ...]


Item = TextFrame | TableSpec | ChartSpec | ImageSpec | TimelineSpec
#: a box of a card on a shared slide: paragraphs, fill and border colour keys (or None)
Box = tuple[tuple["Para", ...], "str | None", "str | None"]


@dataclass
class SlideSpec:
    """One slide: its layout role, title, content items, speaker notes."""

    #: a key of `theme.slide.layouts`: title, section, content, title_only, blank
    layout: str
    title: str
    #: what the slide shows: title, bluf, judgments, agenda, section, points, table, chart,
    #: image, timeline, quote, callout, recommendations, sources, backup
    kind: str
    items: list[Item] = field(default_factory=list)
    notes: str = ""
    numbered: bool = True
    #: outline path of what the slide shows
    origin: str = ""
    #: the tracker line above the title: the section's number and title, or ""
    kicker: str = ""
    #: the body type size the slide's text was set in (grown when there is little text)
    body_size: float = 0.0


# -- planner ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Compact:
    """How tightly the deck is planned: one step of `COMPACT_STEPS`."""

    #: at most this many short sections share a slide (1: none share)
    pack: int = 2
    #: the smallest body size for slides shared by sections, below the theme's body size
    pack_floor: float = 0.0
    #: key judgments and recommendations on one overview slide, no dividers, subsections
    #: inside their section's card (summary detail)
    summary: bool = False


#: planning steps by detail level, loosest first: the first whose deck meets the slide budget
#: is used (docs/outline.md, "Slide budget")
COMPACT_STEPS: dict[str, tuple[Compact, ...]] = {
    "summary": (Compact(4, 2, True), Compact(4, 6, True), Compact(4, 99, True)),
    "standard": (Compact(2, 0), Compact(3, 2), Compact(3, 99)),
    "full": (Compact(2, 0), Compact(3, 2), Compact(3, 99)),
}
#: the slide budget of each detail level when the audience sets no `max_slides`; over it the
#: deck is planned more tightly, but no warning is given
DEFAULT_MAX_SLIDES = {"summary": 8, "standard": 20, "full": 30}


def plan_slides(document: Document, theme: Theme) -> list[SlideSpec]:
    """The slides of `document`, measured and split so that nothing overflows, planned as
    loosely as its slide budget (`max_slides`, else the detail level's default) allows."""
    steps = COMPACT_STEPS.get(document.detail, COMPACT_STEPS["standard"])
    limit = document.max_slides or DEFAULT_MAX_SLIDES.get(document.detail, 30)
    # -- the steps measure the same paragraphs: one cache of heights for all of them --
    heights: dict[tuple[Para, float], float] = {}
    slides = _Planner(document, theme, steps[0], heights).plan()
    first = len(slides)
    # -- a deck far over its budget will not meet it; planning it again only costs time --
    if first > limit and first <= 2 * limit:
        for step in steps[1:]:
            slides = _Planner(document, theme, step, heights).plan()
            if len(slides) <= limit:
                break
    if document.max_slides is not None and len(slides) > limit:
        warn(f"PowerPoint deck for '{document.audience}': {len(slides)} slides, over its budget "
             f"of {limit} (audiences.{document.audience}.max_slides) even with short sections "
             f"sharing slides; shorten the content this audience gets, or raise max_slides")
    return slides


class _Planner:
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

    # -- sizes never below the theme's minimum (#4) --

    def size(self, name: str) -> float:
        return max(float(getattr(self.sz, name)), float(self.sz.min))

    # -- measuring --

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

    # -- titles --

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
        self.titles.update(s.title for s in slides)
        return list(slides)

    def _title_para(self, title: str, size: float) -> Para:
        return Para((Run(title),), size, family="heading", color="primary",
                    line_spacing=self.spacing)

    def content_top(self, title: TextFrame) -> float:
        return title.y + title.h + self.gap

    # -- chrome: marking and slide number --

    def chrome(self, slide: SlideSpec) -> None:
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

    # -- paginated text --

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
            size = self.fill_size([p for u in units for p in u], mw, room, grow_max)
            units = [[self.grown(p, size, grow_max) for p in u] for u in units]

        def run(shrink: float, units: Sequence[Sequence[Para]] = units) -> list[SlideSpec]:
            return self._text_slides(title, kind, units, layout, role, fill, border, notes,
                                     origin, inset, shrink, kicker, w)

        slides = _balanced(run, self.bottom - self.top)
        if grow and 1 < len(slides) <= BALANCE_MAX_SLIDES:
            # -- spread over several slides, each holds less: set them all larger alike while
            # every slide's share still fits and the count stays --
            per = [[p for f in sl.items if isinstance(f, TextFrame) and f.kind == "body" for p in f.paras]
                   for sl in slides]
            bigger = min(self.fill_size(ps, mw, room, grow_max) for ps in per)
            if bigger > size:
                big = [[self.grown(p, bigger, grow_max) for p in u] for u in units]
                again = _balanced(partial(run, units=big), self.bottom - self.top)
                if len(again) == len(slides):
                    slides, size = again, bigger
        for sl in slides:
            sl.body_size = size
        return self.commit(slides)

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

    def bullet(self, text: Text, level: int = 0, size: float | None = None,
               color: str = "text", bullet: bool = True, space_after: float | None = None,
               bold: bool = False, italic: bool = False, number: int | None = None) -> Para:
        size = self.size("body") if size is None else size
        chars = self.o.bullets
        char = chars[min(level, len(chars) - 1)] if bullet and number is None else None
        bullet = bullet or number is not None
        indent = self.step * (level + 1) if bullet else self.step * level
        return Para(_flat(text), size, bullet=char, number=number, indent=indent, hang=self.step if bullet else 0,
                    color=color, bold=bold, italic=italic, line_spacing=self.spacing,
                    space_after=self.para_space if space_after is None else space_after)

    # -- the deck --

    def plan(self) -> list[SlideSpec]:
        d = self.doc
        slides: list[SlideSpec] = [self.title_slide()]
        self.titles.add(slides[0].title)
        if d.bluf:
            slides += self.text_slides(
                d.labels.bluf, "bluf",
                [[self.bullet(d.bluf, size=self.size("subtitle"), bullet=False)]],
                layout="title_only", role=None, fill="bluf_fill", border="bluf_border",
                inset=self.inset * 3, origin="bluf", grow=True, grow_max=self.size("title"))
        overview = self.overview_slide() if self.compact.summary else None
        if overview is not None:
            slides.append(overview)
        elif d.key_judgments:
            slides += self.judgments_slides()
        if d.show_toc and d.sections:
            slides += self.agenda_slides()
        slides += self.sections_slides(d.sections)
        if d.recommendations and overview is None:
            slides += self.text_slides(d.labels.recommendations, "recommendations",
                                       self.recommendation_units(), origin="recommendations",
                                       grow=True)
        if d.sources:
            slides += self.sources_slides()
        if d.appendix:
            slides.append(self.divider(d.labels.backup, "", "backup", "appendix"))
            slides += self.sections_slides(d.appendix)
        for s in slides:
            self.chrome(s)
        return slides

    def recommendation_units(self, size: float | None = None) -> list[list[Para]]:
        units = []
        for n, r in zip(self.doc.recommendation_numbers(), self.doc.recommendations, strict=True):
            u = [self.bullet(r.text, size=size, space_after=0 if r.label else None, number=n)]
            if r.label:
                u.append(self.bullet((Run(r.label),), 1, self.size("caption"), "muted",
                                     bullet=False))
            units.append(u)
        return units

    def judgment_units(self, size: float | None = None) -> list[list[Para]]:
        units = []
        for n, j in zip(self.doc.judgment_numbers(), self.doc.key_judgments, strict=True):
            u = [self.bullet(j.text, size=size, space_after=0 if j.label else None, number=n)]
            if j.label:
                u.append(self.bullet((Run(j.label),), 1, self.size("caption"), "secondary",
                                     bullet=False, bold=True))
            units.append(u)
        used = self.doc.likelihoods_used if self.doc.show_estimative_note else ()
        if used:
            words = self.doc.labels
            note = f"{words.estimative_language} ({words.estimative_ranges}): " + "; ".join(
                f"{words.term(t)} {LIKELIHOOD_RANGES[t]}" for t in used) + "."
            units.append([self.bullet((Run(note),), 0, self.size("min"), "muted", bullet=False)])
        return units

    # -- slides shared by several short sections (and the summary's overview) --

    def card_head(self, label: str, headline: str | None, size: float) -> list[Para]:
        """A card's tracker line (section number and title) and its headline, bold."""
        out = [Para((Run(label),), self.kicker_size, family="heading", bold=True, color="secondary",
                    line_spacing=self.spacing, space_after=2)]
        if headline:
            out.append(Para((Run(headline),), size, family="heading", bold=True, color="primary",
                            line_spacing=self.spacing, space_after=self.para_space))
        return out

    def section_card(self, sec: Section, size: float, top: bool = True) -> list[Box]:
        """A short section as one card: tracker, headline, points, its quotes and callouts,
        and (in a summary) its subsections the same way."""
        paras = self.card_head(sec.heading, sec.headline, size)
        paras += [self.bullet(p, size=size) for p in sec.points]
        boxes: list[Box] = [(tuple(paras), None, None)]
        for b in sec.body:
            if isinstance(b, (Quote, Callout)):
                ps, fill, border = self.aside_paras(b, size)
                boxes.append((tuple(ps), fill, border))
        for sub in sec.sections:
            boxes += self.section_card(sub, size, top=False)
        return boxes

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
        built = [c(size) for c in cards]
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

    def pack_floor(self) -> float:
        return max(float(self.sz.min), self.size("body") - self.compact.pack_floor)

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

    def sections_slides(self, sections: Sequence[Section]) -> list[SlideSpec]:
        """The slides of `sections` in order: runs of short sections share slides (at most
        `compact.pack` a slide), the others get their own."""
        out: list[SlideSpec] = []
        run: list[Section] = []

        def flush() -> None:
            out.extend(self.packed_slides(run))
            run.clear()

        for sec in sections:
            if self.compact.pack > 1 and self.packable(sec) and not (sec.appendix and sec.level == 1):
                run.append(sec)
                continue
            flush()
            out.extend(self.section_slides(sec))
        flush()
        return out

    def packed_slides(self, secs: Sequence[Section]) -> list[SlideSpec]:
        if not secs:
            return []
        floor = self.pack_floor()
        y0 = self.content_top(self.title_frame("X"))

        def cards(group: Sequence[Section]) -> list[Callable[[float], list[Box]]]:
            return [partial(self.section_card, s) for s in group]

        def fits(group: Sequence[Section]) -> bool:
            top = y0 if len(group) == 1 else self.content_top(
                self.title_frame(self.shared_title(group)))
            return self.lay_cards(cards(group), floor, top) is not None

        def size_of(group: Sequence[Section]) -> float | None:
            """The type size the group's shared slide gets, None when it does not fit."""
            if len(group) == 1:
                return self.size("body")
            if len(secs) > SIZE_SEARCH_MAX:
                # -- a long outline: any size that fits will do; searching costs too much --
                return floor if fits(group) else None
            top = self.content_top(self.title_frame(self.shared_title(group)))
            got = self.fit_cards(cards(group), top, floor)
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
        out: list[SlideSpec] = []
        for g in groups:
            if len(g) == 1:
                out += self.section_slides(g[0])
                continue
            title = self.claim(self.shared_title(g))
            items, top = self.heading(title)
            laid = self.fit_cards(cards(g), top, floor)
            if laid is None:  # -- a two-line title left less room: each on its own --
                for s in g:
                    out += self.section_slides(s)
                continue
            frames, size = laid
            notes = "\n\n".join(f"{s.heading}\n{n}" for s in g for n in [self.card_notes(s)] if n)
            out += self.commit([SlideSpec("title_only", title, "sections", [*items, *frames],
                                          notes=notes, origin=g[0].origin, body_size=size)])
        return out

    def shared_title(self, secs: Sequence[Section]) -> str:
        """The title of a slide shared by sections: "Key points: 3–5" (each card carries its
        section's number, title and headline; a short title leaves them the room)."""
        return f"{self.doc.labels.key_points}: {secs[0].number}–{secs[-1].number}"

    def card_notes(self, sec: Section) -> str:
        parts = [section_notes(sec)] + [self.card_notes(sub) for sub in sec.sections]
        return "\n\n".join(p for p in parts if p)

    def title_slide(self) -> SlideSpec:
        d, meta = self.doc, self.doc.meta
        w = self.CW
        paras_title = self._fit_paras(meta.title, "title_slide", "heading", max_lines=3, bold=True)
        sub = (Para((Run(meta.subtitle),), self.size("subtitle"), color="secondary",
                    line_spacing=self.spacing),) if meta.subtitle else ()
        info_lines = [" · ".join(x for x in (meta.author, meta.organization) if x), meta.date or "",
                      d.audience_label or ""]
        info = tuple(Para((Run(x),), self.size("caption"), color="muted", space_after=2,
                          line_spacing=self.spacing) for x in info_lines if x)
        ht = self.frame_height(paras_title, w)
        hs = self.frame_height(sub, w) if sub else 0.0
        hi = self.frame_height(info, w) if info else 0.0
        logo_h = self.o.logo_height * INCH if self.theme.logo else 0.0
        area_top = self.top + logo_h + (self.gap if logo_h else 0.0)
        total = ht + hs + hi + 2 * self.gap
        # -- the block sits a little above the middle, as title slides usually do --
        y = max(area_top, area_top + (self.bottom - area_top - total) * 0.4)
        items: list[Item] = []
        if logo_h and self.theme.logo is not None:
            lw, lh = natural_size(self.theme.logo)
            h = logo_h
            wl = h * lw / lh
            items.append(ImageSpec(self.R - wl, self.top, wl, h, self.theme.logo, "Logo"))
        tf = TextFrame(self.L, y, w, ht, paras_title, role="title", inset=self.inset,
                       anchor="bottom", kind="title")
        items.append(tf)
        y += ht + self.gap
        if sub:
            items.append(TextFrame(self.L, y, w, hs, sub, role="subtitle", inset=self.inset,
                                   kind="subtitle"))
            y += hs + self.gap
        if info:
            items.append(TextFrame(self.L, y, w, hi, info, inset=self.inset, kind="info"))
        return SlideSpec("title", meta.title, "title", items, numbered=False, origin="meta")

    def _fit_paras(self, text: str, size_name: str, family: str, max_lines: int,
                   bold: bool = False) -> tuple[Para, ...]:
        size = self.size(size_name)
        while True:
            p = Para((Run(text),), size, family=family, bold=bold, color="primary",
                     line_spacing=self.spacing)
            n = self.m.count_lines(p.text, self.text_width(self.CW, p), size, family, bold)
            if n <= max_lines or size <= self.size("title"):
                return (p,)
            size = max(self.size("title"), size - 2)

    def divider(self, title: str, subtitle: str | Sequence[str], kind: str, origin: str,
                notes: str = "") -> SlideSpec:
        """A section-header slide: the title a third down the slide, the subtitle below."""
        title = self.claim(title)
        self.titles.add(title)
        paras = self._fit_paras(title, "title_slide", "heading", max_lines=3)
        ht = self.frame_height(paras, self.CW)
        y = max(self.top, self.top + (self.bottom - self.top) * 0.3)
        items: list[Item] = [TextFrame(self.L, y, self.CW, ht, paras, role="title",
                                       inset=self.inset, anchor="bottom", kind="title")]
        lines = [subtitle] if isinstance(subtitle, str) else list(subtitle)
        if any(lines):
            sp = tuple(Para((Run(x),), self.size("subtitle"), color="secondary",
                            line_spacing=self.spacing, space_after=self.para_space)
                       for x in lines if x)
            hs = self.frame_height(sp, self.CW)
            yy = min(y + ht + self.gap, self.bottom - hs)
            items.append(TextFrame(self.L, yy, self.CW, hs, sp, role="subtitle",
                                   inset=self.inset, kind="subtitle"))
        return SlideSpec("section", title, kind, items, notes=notes, origin=origin)

    def judgments_slides(self) -> list[SlideSpec]:
        return self.text_slides(self.doc.labels.key_judgments, "judgments", self.judgment_units(),
                                origin="key_judgments", grow=True)

    def agenda_slides(self) -> list[SlideSpec]:
        units = []
        for sec in self.doc.sections:
            units.append([self.bullet((Run(sec.heading),), 0, bullet=False)]
                         + [self.bullet((Run(s.heading),), 1, self.size("caption"), "muted",
                                        bullet=False) for s in sec.sections])
        if self.doc.appendix:
            units.append([self.bullet((Run(f"{self.doc.labels.backup}: " + "; ".join(a.heading for a in self.doc.appendix)),),
                                      0, self.size("caption"), "muted", bullet=False)])
        return self.text_slides(self.doc.labels.agenda, "agenda", units, origin="sections", grow=True)

    def sources_slides(self) -> list[SlideSpec]:
        units = []
        size = self.size("table")
        for src in self.doc.sources:
            num = f"[{src.number}]"
            hang = self.m.width("[00] ", size, bold=True)
            runs = [Run(num + " ", bold=True), Run(src.label)]
            if src.url:
                runs += [Run(" "), Run(src.url, href=src.url)]
            units.append([Para(tuple(runs), size, indent=hang, hang=hang,
                               line_spacing=self.spacing, space_after=self.para_space)])
        return self.text_slides(self.doc.labels.sources, "sources", units, origin="sources", grow=True)

    # -- sections --

    def section_title(self, sec: Section) -> str:
        """The action title of a section's slides: its headline, else its number and title."""
        return sec.headline or sec.heading

    def section_kicker(self, sec: Section) -> str:
        """The tracker line over a section's slides: its number and title, unless that is
        already the title."""
        return sec.heading if sec.headline else ""

    def section_slides(self, sec: Section) -> list[SlideSpec]:
        slides: list[SlideSpec] = []
        notes = section_notes(sec)
        title = self.section_title(sec)
        kicker = self.section_kicker(sec)
        # -- a divider opens a section with subsections, where it helps: not in a summary, and
        # not when the next slide would carry the same title (docs/outline.md) --
        if sec.sections and not self.compact.summary and (sec.headline or not sec.points):
            # -- under the title the headline, when no slide of points carries it, and the
            # subsections --
            subs = ([sec.headline] if sec.headline and not sec.points else []) + [
                " · ".join(s.heading for s in sec.sections)]
            slides.append(self.divider(sec.heading, subs, "section", sec.origin,
                                       notes=notes if not sec.points else ""))
        lead: str | None = None
        body = list(sec.body)
        if sec.points:
            units = [[self.bullet(p)] for p in sec.points]
            figure = self.beside(sec)
            pair = None
            if figure is not None:
                pair = self.two_content(sec, units, figure, notes,
                                        self.joining([b for b in body if b is not figure]))
            if pair is not None:
                slides += pair
                body = [b for b in body if b is not figure]
            else:
                reserve = sum(self.aside_height(b, self.CW) + self.gap for b in self.joining(body))
                slides += self.text_slides(title, "points", units, notes=notes, origin=sec.origin,
                                           kicker=kicker, grow=True, reserve=reserve)
        elif not sec.sections or not slides:
            # -- no points and no divider: the paragraphs and lists themselves are the slide's
            # text (and so not repeated in the notes) --
            units = self.text_units(sec)
            own = any(not isinstance(b, TEXT_BLOCKS) for b in sec.body)
            if units or not own:
                slides += self.text_slides(title, "points", units or [[]], notes=sec.notes or "",
                                           origin=sec.origin, kicker=kicker, grow=True)
            else:
                # -- nothing but tables, charts, ...: the first of them carries the section's
                # headline, if any, over its own caption, instead of an empty slide before it --
                lead = sec.headline or ""
        # -- a quote or callout right after the text joins the text's last slide when it fits
        # there whole (blocks that go to the notes do not count as in between) --
        joining = bool(slides) and slides[-1].kind == "points"
        first_block = True
        for block in body:
            if joining and isinstance(block, (Quote, Callout)) and self.join(slides[-1], block):
                continue
            more = self.block_slides(block, sec, lead if first_block else None)
            if more:
                if first_block and lead is not None:
                    more[0].notes = more[0].notes or notes
                first_block = False
                # -- a timeline leaves room below its events for a quote or callout --
                joining = more[-1].kind == "timeline"
            slides += more
        slides += self.sections_slides(sec.sections)
        return slides

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
        _, date_h, marker, _ = _timeline_geometry(self, len(block.entries), y, size)
        spec = _timeline_spec(self, block.entries, y, size,
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
                    text = (Run(f"{start + i}. "), *_flat(it.text))
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

    def caption_frame(self, y: float, text: str, x: float | None = None,
                      w: float | None = None) -> TextFrame:
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

    def plan_nothing(self, block: Block, sec: Section, lead: str | None = None) -> list[SlideSpec]:
        """Paragraphs and lists go into the speaker notes of the section's slide."""
        return []

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
        return self.text_slides(title, "callout", units, layout="title_only", role=None,
                                fill=f"callout_fill.{block.style}",
                                border=f"callout_border.{block.style}",
                                inset=self.inset * 3, origin=block.origin,
                                kicker=self.kicker_for(sec, title))

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


def split_caption(label: str) -> tuple[str, str]:
    """A caption as a short title and the rest: "Figure 1: Trade (drawn by X; not a map)" is
    "Figure 1: Trade" over the exhibit and "(drawn by X; not a map)" under it. Only a closing
    bracketed part is split off, so the two read back as the whole caption."""
    text = label.rstrip()
    if text.endswith(")"):
        depth = 0
        for i in range(len(text) - 1, -1, -1):
            depth += {")": 1, "(": -1}.get(text[i], 0)
            if depth == 0:
                head = text[:i].rstrip()
                if i > 0 and text[i - 1] == " " and head and not head.endswith(":"):
                    return head, text[i:]
                break
    return text, ""


#: above this many sections in a run, shared slides are grouped by fit alone, not by type size
SIZE_SEARCH_MAX = 30

#: grown text covers at most this share of the room below the title (balanced fill)
FILL = 0.72

#: above this many continuation slides, content is not spread evenly (see `_balanced`)
BALANCE_MAX_SLIDES = 12


def _balanced(run: Callable[[float], list[SlideSpec]], span: float) -> list[SlideSpec]:
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


def _flat(text: Text) -> Text:
    """`text` with line breaks made spaces: a slide paragraph is one flowing paragraph."""
    return tuple(Run(r.text.replace("\n", " "), r.bold, r.italic, r.code, r.href, r.cite)
                 if "\n" in r.text else r for r in text)


def section_notes(sec: Section) -> str:
    """The speaker notes of a section: its paragraphs and lists as text, then its notes."""
    parts: list[str] = []
    for b in sec.body:
        if isinstance(b, Paragraph):
            parts.append(plain(b.text))
        elif isinstance(b, BulletList):
            parts.append("\n".join(_list_lines(b.items, 0, None)))
        elif isinstance(b, NumberedList):
            parts.append("\n".join(_list_lines(b.items, 0, b.start)))
    if sec.notes:
        parts.append(sec.notes)
    return "\n\n".join(p for p in parts if p)


def _list_lines(items: Sequence[ListItem], level: int, start: int | None) -> list[str]:
    out = []
    for i, it in enumerate(items):
        mark = f"{start + i}." if start is not None else "•"
        out.append("    " * level + f"{mark} {plain(it.text)}")
        out += _list_lines(it.children, level + 1, None)
    return out


# -- tables ----------------------------------------------------------------------------------


def _column_widths(p: _Planner, block: Table, size: float, margin: float,
                   avail: float | None = None) -> list[float]:
    """Column widths that fill the content width, by the rule every format uses
    (`columns.py`)."""
    cells: list[list[Text]] = [[(Run(c),) for c in block.columns]]
    cells += [list(r) + [()] * (len(block.columns) - len(r)) for r in block.rows]
    return column_widths(p.m, cells, size, 2 * margin / p.o.width_slack,
                         p.CW if avail is None else avail, slack=p.o.width_slack)


def plan_table_slides(p: _Planner, block: Table, sec: Section, lead: str | None = None,
                      area: tuple[float, float, float] | None = None) -> list[SlideSpec]:
    """The slides of a table, split by rows; with `area` (x, width, room to leave below) only
    the table set there, for a two-content slide (titles then are not claimed)."""
    size = p.size("table")
    margin = p.o.cell_margin * INCH
    x0, avail, below = area if area is not None else (p.L, p.CW, 0.0)
    widths = _column_widths(p, block, size, margin, avail)
    ncols = len(widths)
    lh_cache: dict[bool, float] = {}

    def line_h(row: Sequence[Text], bold: bool) -> float:
        return max([p.m.line_height(size, p.spacing, c, bold=bold) for c in row] or [0.0]) or \
            lh_cache.setdefault(bold, p.m.line_height(size, p.spacing, "", bold=bold))

    def wraps(row: Sequence[Text], bold: bool) -> list[list[tuple[int, int]]]:
        return [p.m.wrap(row[c] if c < len(row) else (), (widths[c] - 2 * margin) * p.o.width_slack,
                         size, bold=bold) for c in range(ncols)]

    def row_height(row: Sequence[Text], bold: bool = False) -> float:
        lines = max(len(w) for w in wraps(row, bold))
        return lines * line_h(row, bold) + 2 * margin

    header: tuple[Text, ...] = tuple((Run(c),) for c in block.columns)
    right = block.numeric  # -- once: run() is called again for every spread it tries --
    hh = row_height(header, True)
    height_cache: dict[tuple[Text, ...], float] = {}

    def row_height_cached(row: tuple[Text, ...]) -> float:
        if row not in height_cache:
            height_cache[row] = row_height(row)
        return height_cache[row]

    title0, rest = p.block_title(block.label, lead)
    if area is None:
        title0 = p.claim(title0)
    else:
        rest = ""

    def run(shrink: float) -> list[SlideSpec]:
        body: list[tuple[tuple[Text, ...], int, int]] = [
            (tuple(_flat(c) for c in r) + ((),) * (ncols - len(r)), i, 0) for i, r in enumerate(block.rows)]
        slides: list[SlideSpec] = []
        n = 0
        while True:
            title = title0 if n == 0 else p.doc.labels.with_continued(title0, n)
            items, y0 = p.titled(title, sec, rest if n == 0 else None)
            room = p.bottom - y0 - hh - shrink - below
            rows: list[tuple[Text, ...]] = [header]
            heights = [hh]
            origins: list[tuple[int, int]] = []
            used = 0.0
            while body:
                row, idx, part = body[0]
                rh = row_height_cached(row)
                if used + rh <= room:
                    rows.append(row)
                    heights.append(rh)
                    origins.append((idx, part))
                    used += rh
                    body.pop(0)
                    continue
                if origins and rh <= room:
                    break
                # -- a row taller than what is left: cut every cell after the lines that fit --
                lh = line_h(row, False)
                k = int((room - used - 2 * margin) // lh)
                if k < 1:
                    if not origins:
                        k = 1  # -- impossible geometry: still make progress --
                    else:
                        break
                ws = wraps(row, False)
                head, tail = [], []
                for c in range(ncols):
                    spans = ws[c]
                    if len(spans) > k:
                        cut = spans[k][0]
                        head.append(strip_text(slice_text(row[c], 0, cut)))
                        tail.append(strip_text(slice_text(row[c], cut)))
                    else:
                        head.append(row[c])
                        tail.append(())
                hrow = tuple(head)
                rh = row_height(hrow)
                rows.append(hrow)
                heights.append(rh)
                origins.append((idx, part))
                used += rh
                body[0] = (tuple(tail), idx, part + 1)
                break
            spec = TableSpec(x0, y0, tuple(widths), tuple(heights), tuple(rows), size, margin,
                             tuple(origins), right)
            slides.append(SlideSpec("title_only", title, "table", [*items, spec], origin=block.origin,
                                    kicker=p.kicker_for(sec, title)))
            n += 1
            if not body:
                return slides

    if area is not None:
        return run(0.0)
    return p.commit(_balanced(run, p.bottom - p.top))


# -- timelines -------------------------------------------------------------------------------


def plan_timeline_slides(p: _Planner, block: Timeline, sec: Section, lead: str | None = None) -> list[SlideSpec]:
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
            spec = _timeline_spec(p, entries[:k], y0, size)
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


def _timeline_geometry(p: _Planner, n: int, y0: float, size: float,
                       line_y: float | None = None) -> tuple[float, float, float, float]:
    slot = p.CW / n
    date_h = p.m.line_height(size, p.spacing, "", bold=True) + 2 * p.inset
    marker = size * 0.9
    if line_y is None:
        line_y = y0 + (p.bottom - y0) * 0.25
    return slot, date_h, marker, line_y


def _timeline_spec(p: _Planner, entries: Sequence[TimelineEntry], y0: float,
                   size: float, line_y: float | None = None) -> TimelineSpec | None:
    n = len(entries)
    slot, date_h, marker, line_y = _timeline_geometry(p, n, y0, size, line_y)
    fw = slot - p.gap
    ev_top = line_y + marker / 2 + p.gap
    room = p.bottom - ev_top
    out = []
    for i, e in enumerate(entries):
        cx = p.L + slot * (i + 0.5)
        dp = Para((Run(e.date),), size, bold=True, color="accent", align="center",
                  line_spacing=p.spacing)
        ep = Para(_flat(e.event), size, align="center", line_spacing=p.spacing)
        eh = p.frame_height([ep], fw)
        if eh > room:
            return None
        dh = max(date_h, p.frame_height([dp], fw))
        out.append((cx,
                    TextFrame(cx - fw / 2, line_y - marker / 2 - p.gap / 2 - dh, fw, dh, (dp,),
                              inset=p.inset, anchor="bottom", kind="date"),
                    TextFrame(cx - fw / 2, ev_top, fw, eh, (ep,), inset=p.inset, kind="event")))
    return TimelineSpec(p.L, y0, p.CW, p.bottom - y0, line_y, marker, tuple(out))


def _timeline_cut(p: _Planner, e: TimelineEntry, y0: float, size: float) -> tuple[TimelineSpec, TimelineEntry]:
    slot, date_h, marker, line_y = _timeline_geometry(p, 1, y0, size)
    fw = slot - p.gap
    ev_top = line_y + marker / 2 + p.gap
    ep = Para(_flat(e.event), size, align="center", line_spacing=p.spacing)
    head, tail = p.split_para(ep, fw, p.bottom - ev_top - 2 * p.inset)
    if head is None:
        head, tail = ep, replace(ep, text=())
    cut = TimelineEntry(e.date, head.text)
    spec = _timeline_spec(p, [cut], y0, size)
    assert spec is not None
    return spec, TimelineEntry(p.doc.labels.with_continued(e.date), tail.text)


#: blocks that are text: the speaker notes of a section with points, the slide text of one without
TEXT_BLOCKS = (Paragraph, BulletList, NumberedList)

BLOCK_PLANNERS: dict[type, Callable[..., list[SlideSpec]]] = {
    Paragraph: _Planner.plan_nothing,
    BulletList: _Planner.plan_nothing,
    NumberedList: _Planner.plan_nothing,
    Quote: _Planner.plan_quote,
    Callout: _Planner.plan_callout,
    Table: _Planner.plan_table,
    Chart: _Planner.plan_chart,
    Image: _Planner.plan_image,
    Timeline: _Planner.plan_timeline,
}

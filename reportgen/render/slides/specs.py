"""What the deck planner makes: `SlideSpec`s of text frames, tables, charts, pictures and
timelines, in points from the slide's top-left corner (`render/pptx.py` writes them,
`reportgen/preview.py` draws them); and how tightly a deck is planned (`Compact`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ...labels import ENGLISH
from ...model import Chart, Text
from ..ink import Ink

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

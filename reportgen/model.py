"""The tailored `Document`: what every renderer draws.

`load()` reads YAML into an `Outline` (see `outline.py`), `tailor()` turns an Outline and an
audience into a `Document`. A Document is plain frozen data: no audience rules, no variables,
no `[@id]` citations left, every number (section, table, figure, citation) already assigned, so
that the three renderers cannot disagree about them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Union

from .labels import ENGLISH, Labels

#: Detail levels, lowest first. An item appears for an audience whose detail is at least its own.
DETAIL_LEVELS = ("summary", "standard", "full")
#: ICD 203 estimative terms, lowest probability first.
LIKELIHOODS = (
    "almost no chance",
    "very unlikely",
    "unlikely",
    "roughly even chance",
    "likely",
    "very likely",
    "almost certain",
)
#: ICD 203 probability ranges, shown in the estimative-language note.
LIKELIHOOD_RANGES = {
    "almost no chance": "1–5%",
    "very unlikely": "5–20%",
    "unlikely": "20–45%",
    "roughly even chance": "45–55%",
    "likely": "55–80%",
    "very likely": "80–95%",
    "almost certain": "95–99%",
}
CONFIDENCES = ("low", "moderate", "high")
CALLOUT_STYLES = ("note", "insight", "warning")
CHART_KINDS = ("bar", "column", "line", "pie")


# -- inline text ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Run:
    """A piece of text with one formatting.

    A citation is drawn as runs too: `[`, `1` (with `cite=1`), `, `, `3` (with `cite=3`), `]`;
    a renderer links a run with `cite` to the source entry of that number.
    """

    text: str
    bold: bool = False
    italic: bool = False
    code: bool = False
    #: external link target (http, https, mailto) or None
    href: str | None = None
    #: citation number: the run's text is that number; links to source `n`
    cite: int | None = None


#: Inline text is a tuple of runs.
Text = tuple[Run, ...]


def plain(text: Text | str | None) -> str:
    """The text of `text` without formatting."""
    if text is None:
        return ""
    if isinstance(text, str):
        return text
    return "".join(r.text for r in text)


def source_anchor(number: int) -> str:
    """The internal link name of source `number`, the same in every format."""
    return f"source-{number}"


# -- blocks ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Paragraph:
    text: Text
    origin: str = ""


@dataclass(frozen=True)
class ListItem:
    text: Text
    children: tuple[ListItem, ...] = ()


@dataclass(frozen=True)
class BulletList:
    items: tuple[ListItem, ...]
    origin: str = ""


@dataclass(frozen=True)
class NumberedList:
    items: tuple[ListItem, ...]
    start: int = 1
    origin: str = ""


@dataclass(frozen=True)
class Quote:
    text: Text
    by: str | None = None
    origin: str = ""
    #: portion mark with its space (`(C) `), drawn before the opening quotation mark; or ""
    mark: str = ""
    #: the document's fixed words (its quotation marks)
    labels: Labels = ENGLISH

    def quoted(self) -> Text:
        """`(U) “text”`: the text in the document's quotation marks, after its portion mark."""
        words = self.labels
        head = (Run(self.mark),) if self.mark else ()
        return (*head, Run(words.quote_open), *self.text, Run(words.quote_close))


@dataclass(frozen=True)
class Callout:
    text: Text
    title: str | None = None
    #: one of CALLOUT_STYLES
    style: str = "note"
    origin: str = ""


#: a cell that reads as one figure: sign, currency, digits with separators, a unit or percent
_NUMBER = re.compile(r"[+\-−–]?\s?[$€£¥]?\s?\d[\d,.\u00a0\u202f ]*(\s?(%|pts?|[kKmMbB]n?|[A-Za-z]{1,3}))?")


@dataclass(frozen=True)
class Table:
    columns: tuple[str, ...]
    rows: tuple[tuple[Text, ...], ...]
    caption: str | None = None
    #: "Table n" number, shared by all formats
    number: int = 0
    origin: str = ""
    #: the document's fixed words ("Table" or its translation)
    #: portion mark with its space (`(C) `), shown before the label; "" when portions are unmarked
    mark: str = ""
    labels: Labels = ENGLISH

    @property
    def label(self) -> str:
        """`Table 2: Caption`, after its portion mark when portions are marked (`(C) Table 2: ...`)."""
        return self.mark + self.labels.caption(self.labels.table, self.number, self.caption)

    @property
    def numeric(self) -> tuple[bool, ...]:
        """Per column: every filled body cell is a number ("18,400", "-3.5%", "$1.2bn", "42 ML"),
        so brief, deck and handout align the column right, figures under figures."""
        out = []
        for c in range(len(self.columns)):
            cells = [plain(r[c]).strip() for r in self.rows if c < len(r)]
            filled = [x for x in cells if x and x not in ("-", "–", "—", "n/a")]
            out.append(bool(filled) and all(_NUMBER.fullmatch(x) for x in filled))
        return tuple(out)


@dataclass(frozen=True)
class Series:
    name: str
    values: tuple[float, ...]


@dataclass(frozen=True)
class Chart:
    kind: str
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    caption: str | None = None
    unit: str | None = None
    #: "Figure n" number, shared with images
    number: int = 0
    origin: str = ""
    #: portion mark with its space (`(C) `), shown before the label; "" when portions are unmarked
    mark: str = ""
    labels: Labels = ENGLISH
    #: the outline's alt text; None: a summary of the series is used (`chartstyle.alt_text`)
    alt: str | None = None

    @property
    def label(self) -> str:
        """`Table 2: Caption`, after its portion mark when portions are marked (`(C) Table 2: ...`)."""
        return self.mark + self.labels.caption(self.labels.figure, self.number, self.caption)


@dataclass(frozen=True)
class Image:
    #: absolute path of a checked image file (PNG, JPEG or GIF)
    file: Path
    alt: str
    caption: str | None = None
    #: "Figure n" number, shared with charts
    number: int = 0
    origin: str = ""
    #: portion mark with its space (`(C) `), shown before the label; "" when portions are unmarked
    mark: str = ""
    labels: Labels = ENGLISH

    @property
    def label(self) -> str:
        """`Table 2: Caption`, after its portion mark when portions are marked (`(C) Table 2: ...`)."""
        return self.mark + self.labels.caption(self.labels.figure, self.number, self.caption)


@dataclass(frozen=True)
class TimelineEntry:
    date: str
    event: Text


@dataclass(frozen=True)
class Timeline:
    entries: tuple[TimelineEntry, ...]
    caption: str | None = None
    origin: str = ""


Block = Union[Paragraph, BulletList, NumberedList, Quote, Callout, Table, Chart, Image, Timeline]


# -- document --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Section:
    #: "1", "2.3" for sections; "A", "A.1" for appendix annexes
    number: str
    #: 1 for a top-level section
    level: int
    id: str
    title: str
    headline: str | None = None
    points: tuple[Text, ...] = ()
    body: tuple[Block, ...] = ()
    notes: str | None = None
    sections: tuple[Section, ...] = ()
    origin: str = ""
    appendix: bool = False
    labels: Labels = ENGLISH
    #: base direction of its paragraphs: "auto" (each from its first letter, else the
    #: document's language), "rtl" or "ltr"; its own `dir:`, else its parent's, else `meta.dir`
    dir: str = "auto"

    @property
    def heading(self) -> str:
        """`2.1 Title`, or `Annex A: Title` for a top-level appendix section."""
        if self.appendix and self.level == 1:
            return f"{self.labels.annex} {self.number}: {self.title}"
        return f"{self.number} {self.title}"

    @property
    def points_labelled(self) -> bool:
        """Whether brief and handout put "Key points" over the points: only when body blocks
        follow, to tell the two apart; alone (a summary read-ahead) the points need no label."""
        return bool(self.points and self.body)

    def walk(self) -> Iterator[Section]:
        """This section and all its subsections, depth first, in order."""
        yield self
        for sub in self.sections:
            yield from sub.walk()


@dataclass(frozen=True)
class Meta:
    title: str
    subtitle: str | None = None
    author: str | None = None
    organization: str | None = None
    #: ISO date, as written in the outline (`2024-06-20`)
    date: str | None = None
    language: str = "en"
    marking: str | None = None
    keywords: tuple[str, ...] = ()
    #: base direction of the document's paragraphs: "auto", "rtl" or "ltr" (`meta.dir`)
    dir: str = "auto"


@dataclass(frozen=True)
class Judgment:
    text: Text
    likelihood: str | None = None
    confidence: str | None = None
    origin: str = ""
    labels: Labels = ENGLISH
    #: its number in the list; 0: its position (dense numbering). With `numbering: stable` the
    #: number it has in the full outline, so numbers may skip
    number: int = 0

    @property
    def label(self) -> str:
        """`Likely · moderate confidence`: the same words in every format."""
        return self.labels.judgment(self.likelihood, self.confidence)




@dataclass(frozen=True)
class Recommendation:
    text: Text
    owner: str | None = None
    due: str | None = None
    origin: str = ""
    labels: Labels = ENGLISH
    #: its number in the list; 0: its position (see `Judgment.number`)
    number: int = 0

    @property
    def label(self) -> str:
        """`Owner: Policy Planning · Due: 2024-07-15`, or "" when neither is given."""
        parts = []
        if self.owner:
            parts.append(f"{self.labels.owner}: {self.owner}")
        if self.due:
            parts.append(f"{self.labels.due}: {self.due}")
        return " · ".join(parts)


@dataclass(frozen=True)
class Source:
    #: citation number, 1..n in order of first use
    number: int
    id: str
    title: str
    publisher: str | None = None
    date: str | None = None
    url: str | None = None
    origin: str = ""
    #: portion mark with its space (`(C) `), or ""
    mark: str = ""

    @property
    def label(self) -> str:
        """`Title. Publisher, 2024-06-20.` without the URL, the same in every format (after the
        entry's portion mark when portions are marked)."""
        text = self.mark + self.title.rstrip(".") + "."
        tail = ", ".join(p for p in (self.publisher, self.date) if p)
        return f"{text} {tail}." if tail else text


@dataclass(frozen=True)
class Document:
    """One audience's view of an outline: what the renderers draw."""

    meta: Meta
    audience: str
    audience_label: str | None
    #: the audience's detail level, one of DETAIL_LEVELS
    detail: str
    #: theme name or path, resolved by `theme.load_theme`
    theme: str
    formats: tuple[str, ...]
    bluf: Text | None
    key_judgments: tuple[Judgment, ...]
    sections: tuple[Section, ...]
    recommendations: tuple[Recommendation, ...]
    sources: tuple[Source, ...]
    appendix: tuple[Section, ...]
    #: the outline's folder; images and relative theme paths resolve against it
    base_dir: Path
    #: file stem of the outline, e.g. "outline"
    stem: str = "outline"
    #: creation time written into file metadata (SOURCE_DATE_EPOCH, else meta.date)
    created: datetime = field(default_factory=lambda: datetime(2000, 1, 1))
    #: the audience's page budget for the PDF handout (`audiences.<name>.max_pages`)
    max_pages: int | None = None
    #: the audience's slide budget for the deck (`audiences.<name>.max_slides`), when set
    max_slides: int | None = None
    #: fixed words in the outline's language (`meta.language`, `labels:`)
    labels: Labels = ENGLISH
    #: the outline's sensitivity levels, lowest first, as (name, banner); () without `meta.levels`
    levels: tuple[tuple[str, str], ...] = ()
    #: the highest level this document contains (its banner's level); None without levels
    level: str | None = None
    #: the audience's `max_level`, when it has one
    max_level: str | None = None
    #: whether portions carry marks (`meta.portion_marks`); the marks are in the text already
    portion_marks: bool = False
    #: `contents: false` (meta or audience): no contents list or agenda at any detail
    contents: bool = True
    #: `estimative_note: false` (meta or audience): no estimative-language note
    show_estimative_note: bool = True
    #: "dense" or "stable" (`numbering:`): how sections, judgments, recommendations, tables
    #: and figures were numbered
    numbering: str = "dense"

    @property
    def marking(self) -> str:
        return self.meta.marking or ""

    @property
    def show_toc(self) -> bool:
        """A table of contents (brief, handout) and agenda (deck) at standard and full detail,
        unless `contents: false`."""
        return self.contents and self.detail != "summary"

    def judgment_numbers(self) -> list[int]:
        """The number each key judgment shows: its own (stable numbering), else its position."""
        return [j.number or i for i, j in enumerate(self.key_judgments, 1)]

    def recommendation_numbers(self) -> list[int]:
        """The number each recommendation shows (see `judgment_numbers`)."""
        return [r.number or i for i, r in enumerate(self.recommendations, 1)]

    @property
    def likelihoods_used(self) -> tuple[str, ...]:
        """The estimative terms the key judgments use, in ICD 203 order (for the note)."""
        used = {j.likelihood for j in self.key_judgments if j.likelihood}
        return tuple(t for t in LIKELIHOODS if t in used)

    @property
    def estimative_note(self) -> Text:
        """The note under the key judgments that gives the ICD 203 range of each likelihood term
        they use ("Estimative language (ICD 203 probability ranges): likely 55–80%."), as
        runs: the label bold, the terms italic; () when no judgment uses a term."""
        used = self.likelihoods_used
        if not used or not self.show_estimative_note:
            return ()
        words = self.labels
        out = [Run(words.estimative_language, bold=True), Run(f" ({words.estimative_ranges}): ")]
        for i, term in enumerate(used):
            if i:
                out.append(Run("; "))
            out += [Run(words.term(term), italic=True), Run(f" {LIKELIHOOD_RANGES[term]}")]
        return (*out, Run("."))

    def all_sections(self) -> Iterator[Section]:
        """Every section and annex, depth first, in reading order."""
        for s in self.sections:
            yield from s.walk()
        for s in self.appendix:
            yield from s.walk()

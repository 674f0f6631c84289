"""The deck planner: a visitor of `reportgen/walk.py`, which gives the order of the document's
parts; each `visit_` method plans the slides of one part. `plan_slides` plans a deck as loosely
as its slide budget allows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ...blocks import REGISTRY
from ...errors import warn
from ...model import Block, Callout, Document, Quote, Section
from ...theme import Theme
from ...walk import SKIP_CHILDREN, Visitor, walk, walk_section
from .blockslides import BlockSlides
from .specs import Compact, Para, SlideSpec
from .texts import TEXT_BLOCKS, section_notes

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


@dataclass
class _Open:
    """A section `walk` is inside of (or the document, `sec` None): where its slides start,
    what its blocks need, and its short subsections waiting to share slides."""

    sec: Section | None = None
    #: index in the deck of the section's first slide
    start: int = 0
    #: the speaker notes of the section's first slide (`section_notes`)
    notes: str = ""
    #: the section's headline, to head its first block's slide (a section of exhibits only)
    lead: str | None = None
    #: the exhibit already shown beside the section's points
    beside: Block | None = None
    #: whether a quote or callout may join the last slide (below its text or timeline)
    joining: bool = False
    first_block: bool = True
    #: short subsections waiting to share slides
    run: list[Section] = field(default_factory=list)


class _Planner(BlockSlides, Visitor):
    """The deck's planner: a visitor of `walk` (`reportgen/walk.py`), which fixes the order of
    the document's parts; each `visit_` method plans the slides of one part."""

    def __init__(self, document: Document, theme: Theme, compact: Compact | None = None,
                 heights: dict[tuple[Para, float], float] | None = None) -> None:
        super().__init__(document, theme, compact, heights)
        #: the slides planned so far, in deck order
        self.out: list[SlideSpec] = []
        #: the sections `walk` is inside of, innermost last; the first is the document's own
        #: (its run: top-level sections waiting to share slides)
        self.frames: list[_Open] = [_Open()]
        #: the section `walk_alone` walks, which must not wait for siblings again
        self.solo: Section | None = None
        #: whether the recommendations are planned already (a summary's, after its judgments)
        self.asked = False

    def plan(self) -> list[SlideSpec]:
        """The deck's slides, in the order `walk` visits the document's parts."""
        walk(self.doc, self)
        return self.out

    def visit_title(self, d: Document) -> None:
        self.out.append(self.title_slide())
        self.titles.add(self.out[-1].title)

    def visit_bluf(self, d: Document) -> None:
        if d.bluf:
            self.out += self.panels(self.text_slides(
                d.labels.bluf, "bluf",
                [[self.bullet(d.bluf, size=self.size("subtitle"), bullet=False)]],
                layout="title_only", role=None, fill="bluf_fill", border="bluf_border",
                inset=self.inset * 3, origin="bluf", grow=True, grow_max=self.size("title")))

    def visit_judgments(self, d: Document) -> None:
        if not self.compact.summary:
            if d.key_judgments:
                self.out += self.judgments_slides()
            return
        # -- answer first (docs/deck.md "The storyline"): a summary asks what it asks before the
        # evidence, the judgments beside the recommendations on one overview slide, or, when
        # that is too full to read, on slides of their own right after the judgments' --
        self.asked = True
        overview = self.overview_slide()
        if overview is not None:
            self.out.append(overview)
            return
        if d.key_judgments:
            self.out += self.judgments_slides()
        self.out += self.recommendations_slides()

    def visit_contents(self, d: Document) -> None:
        if d.sections:
            self.out += self.agenda_slides()

    def visit_recommendations(self, d: Document) -> None:
        self.close_run()
        if not self.asked:
            self.out += self.recommendations_slides()

    def visit_sources(self, d: Document) -> None:
        self.close_run()
        if d.sources:
            self.out += self.sources_slides()

    def visit_annexes(self, d: Document) -> None:
        self.close_run()
        self.out.append(self.divider(d.labels.backup, "", "backup", "appendix"))

    def depart_document(self, d: Document) -> None:
        self.close_run()
        for s in self.out:
            self.chrome(s)

    def packs(self, sec: Section) -> bool:
        """Whether `sec` joins its siblings' run of short sections sharing slides (at most
        `compact.pack` a slide), instead of getting its own."""
        return (self.compact.pack > 1 and sec is not self.solo and self.packable(sec)
                and not (sec.appendix and sec.level == 1))

    def close_run(self, frame: _Open | None = None) -> None:
        """Plan the run of short sections waiting in `frame` (the innermost open section's, or
        the document's when None): the next sibling does not share, or the siblings end."""
        frame = frame or self.frames[-1]
        run, frame.run = frame.run, []
        if not run:
            return
        for group in self.group_run(run):
            shared = self.shared_slide(group) if len(group) > 1 or group[0].sections else None
            if shared is not None:
                self.out.append(shared)
                continue
            # -- a group of one (without subsections), or a two-line title left less room, or
            # a section whose subsections do not fit beside it: each on its own --
            for sec in group:
                self.walk_alone(sec)

    def visit_section(self, sec: Section) -> str | None:
        """A short section waits for its siblings (its card draws its points, quotes,
        callouts and subsections itself); any other opens with a divider where it helps, then
        its points or its text, and `walk` visits its blocks and subsections."""
        parent = self.frames[-1]
        if self.packs(sec):
            parent.run.append(sec)
            return SKIP_CHILDREN
        self.solo = None
        self.close_run(parent)
        f = _Open(sec, start=len(self.out), notes=section_notes(sec))
        self.frames.append(f)
        # -- a divider opens a section with subsections, where it helps: not in a summary, and
        # not when the next slide would carry the same title (docs/outline.md) --
        if sec.sections and not self.compact.summary and (sec.headline or not sec.points):
            # -- under the title the headline, when no slide of points carries it, and the
            # subsections --
            subs = ([sec.headline] if sec.headline and not sec.points else []) + [
                " · ".join(s.heading for s in sec.sections)]
            self.out.append(self.divider(sec.heading, subs, "section", sec.origin,
                                         notes=f.notes if not sec.points else ""))
        if not sec.points and (not sec.sections or len(self.out) == f.start):
            # -- no points and no divider: the paragraphs and lists themselves are the slide's
            # text (and so not repeated in the notes) --
            units = self.text_units(sec)
            own = any(not isinstance(b, TEXT_BLOCKS) for b in sec.body)
            if units or not own:
                self.out += self.text_slides(self.section_title(sec), "points", units or [[]],
                                             notes=sec.notes or "", origin=sec.origin,
                                             kicker=self.section_kicker(sec), grow=True)
            else:
                # -- nothing but tables, charts, ...: the first of them carries the section's
                # headline, if any, over its own caption, instead of an empty slide before it --
                f.lead = sec.headline or ""
        f.joining = self.ends_with_points(f)
        return None

    def visit_points(self, sec: Section) -> None:
        """A section's points: beside its chart, picture or table (or over its timeline) when
        there are few and they fit so, else on slides of their own."""
        f = self.frames[-1]
        units = [[self.bullet(p)] for p in sec.points]
        figure = self.beside(sec)
        pair = None
        if figure is not None:
            pair = self.two_content(sec, units, figure, f.notes,
                                    self.joining([b for b in sec.body if b is not figure]))
        if pair is not None:
            self.out += pair
            f.beside = figure
        else:
            reserve = sum(self.aside_height(b, self.CW) + self.gap for b in self.joining(sec.body))
            self.out += self.text_slides(self.section_title(sec), "points", units, notes=f.notes,
                                         origin=sec.origin, kicker=self.section_kicker(sec),
                                         grow=True, reserve=reserve)
        f.joining = self.ends_with_points(f)

    def ends_with_points(self, f: _Open) -> bool:
        return len(self.out) > f.start and self.out[-1].kind == "points"

    def visit_block(self, block: Block) -> None:
        """One block of the open section: a quote or callout right after the text joins the
        text's last slide when it fits there whole (blocks that go to the notes do not count as
        in between); any other gets its slides (`BLOCK_PLANNERS`)."""
        f = self.frames[-1]
        assert f.sec is not None, "a block is always inside a section"
        if block is f.beside:
            return
        if f.joining and isinstance(block, (Quote, Callout)) and self.join(self.out[-1], block):
            return
        more = self.block_slides(block, f.sec, f.lead if f.first_block else None)
        if more:
            if f.first_block and f.lead is not None:
                more[0].notes = more[0].notes or f.notes
            f.first_block = False
            # -- a timeline leaves room below its events for a quote or callout --
            f.joining = more[-1].kind == "timeline"
        self.out += more

    def unknown_visit(self, name: str, node: Any) -> None:
        # -- every registered block type is planned by `visit_block`; `BLOCK_PLANNERS` has one
        # planner per type (`render.handlers_named` holds it) --
        if name not in REGISTRY:
            super().unknown_visit(name, node)
        self.visit_block(node)

    def visit_notes(self, sec: Section) -> None:
        """A section's notes are its slides' speaker notes (`section_notes`), nothing more."""

    def depart_section(self, sec: Section) -> None:
        f = self.frames[-1]
        if f.sec is sec:
            self.close_run(f)
            self.frames.pop()

    def walk_alone(self, sec: Section) -> None:
        """Walk a short section that shares no slide as a section of its own."""
        self.solo = sec
        walk_section(sec, self)

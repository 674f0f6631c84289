"""The deck planner: a tailored `Document` becomes a list of `SlideSpec`, no python-pptx needed.

Planning is separate from writing (as Pandoc's PowerPoint writer separates its slide model from
its OOXML output): here every text is measured with the theme's font metrics
(`reportgen.measure`) at the theme's slide sizes, and whatever does not fit is carried onto a
"<title> (cont.)" slide; tables split by rows with the header row repeated, and a row, bullet
or quote taller than a whole slide is cut between lines. All geometry is in points, from the
slide's top-left corner; `render/pptx.py` only writes what is planned here.

The planner is a visitor of `reportgen/walk.py`: `walk` gives the order of the document's parts
(title, BLUF, key judgments, agenda, sections with their blocks and subsections,
recommendations, sources, annexes) and each `visit_` method plans the slides of one part.

One module per concern, each layer a base class of the next:
- `specs`: what is planned (`SlideSpec`, `TextFrame`, `TableSpec`, ...) and `Compact`;
- `texts`: flattening, caption splitting, speaker notes;
- `layout` (`Layout`): geometry, measuring, titles, tracker line, marking and slide numbers;
- `paginate` (`Paginator`): text continued over slides, spread evenly, grown to fill;
- `front` (`FrontSlides`): title slide, dividers, judgments, agenda, recommendations, sources;
- `cards` (`Cards`): short sections sharing a slide, the summary's overview;
- `tables`, `timeline`: the slides of a table and of a timeline;
- `blockslides` (`BlockSlides`): a section's points and one planner per block type;
- `planner` (`_Planner`, `plan_slides`): the visitor, and planning within the slide budget.
"""

from .blockslides import BLOCK_PLANNERS
from .cards import READABLE
from .planner import COMPACT_STEPS, DEFAULT_MAX_SLIDES, _Planner, plan_slides
from .specs import (
    CONT,
    CONTINUED_ROW_TABLE,
    INK,
    ChartSpec,
    Compact,
    ImageSpec,
    Item,
    Para,
    SlideSpec,
    TableSpec,
    TextFrame,
    TimelineSpec,
)
from .texts import section_notes, split_caption

__all__ = [
    "BLOCK_PLANNERS", "COMPACT_STEPS", "CONT", "CONTINUED_ROW_TABLE", "DEFAULT_MAX_SLIDES", "INK", "READABLE",
    "ChartSpec", "Compact", "ImageSpec", "Item", "Para", "SlideSpec", "TableSpec", "TextFrame",
    "TimelineSpec", "_Planner", "plan_slides", "section_notes", "split_caption",
]

"""The outline format, version 1, as pydantic models: what `outline.yaml` may say.

These models validate the YAML (with `reportgen/load/` turning pydantic's errors into
`file:line:col: path: message` lines) and give `reportgen schema` its JSON Schema. They hold
the text as written: variables, citations and audience rules are resolved by `tailor`.
"""

from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING, Annotated, Any, Literal, Union

from pydantic import (
    BaseModel,
    Discriminator,
    Field,
    Tag,
    create_model,
)

from .blocks import BLOCK_EXTRA_KEYS, BLOCK_MODELS, REGISTRY, block_key
from .blocks.callout import CalloutBlock, CalloutBody
from .blocks.chart import ChartBlock, ChartBody
from .blocks.image import ImageBlock, ImageBody
from .blocks.lists import BulletsBlock, ListEntry, NumberedBlock
from .blocks.paragraph import ParagraphBlock
from .blocks.quote import QuoteBlock, QuoteBody
from .blocks.table import TableBlock, TableBody
from .blocks.timeline import TimelineBlock, TimelineBody, TimelineEntry, TimelineValue
from .labels import ENGLISH
from .labels import NAMES as LABEL_NAMES
from .outline_base import FILTER_KEYS, Detail, Filters, Inline, Plain, Str, Strict, Verbatim

#: names kept here for callers of `outline` (the blocks' models live in `reportgen/blocks/`)
__all__ = [
    "BLOCK_EXTRA_KEYS",
    "BLOCK_MODELS",
    "BulletsBlock",
    "CalloutBlock",
    "CalloutBody",
    "ChartBlock",
    "ChartBody",
    "Detail",
    "FILTER_KEYS",
    "Filters",
    "ImageBlock",
    "ImageBody",
    "Inline",
    "ListEntry",
    "NumberedBlock",
    "ParagraphBlock",
    "Plain",
    "QuoteBlock",
    "QuoteBody",
    "REGISTRY",
    "Str",
    "Strict",
    "TableBlock",
    "TableBody",
    "TimelineBlock",
    "TimelineBody",
    "TimelineEntry",
    "TimelineValue",
    "Verbatim",
    "block_key",
]

Likelihood = Literal[
    "almost no chance",
    "very unlikely",
    "unlikely",
    "roughly even chance",
    "likely",
    "very likely",
    "almost certain",
]
Confidence = Literal["low", "moderate", "high"]
#: the output formats an outline may name (see `reportgen/formats.py`, which checks that the
#: two lists agree)
Format = Literal["docx", "pptx", "pdf", "html"]
#: an audience's formats when it lists none: an explicit list, so that a format added to
#: reportgen later is not added to every existing outline
DEFAULT_FORMATS: tuple[Format, ...] = ("docx", "pptx", "pdf")


class Level(Strict):
    """One sensitivity level of `meta.levels`."""

    name: Str = Field(description="what `level:` and `max_level:` name, and the portion mark: (name)")
    banner: Verbatim = Field(description="the banner of a file whose highest level is this one")


#: `numbering:`: dense (1, 2, 3 of what the audience gets) or stable (the full outline's numbers)
Numbering = Literal["dense", "stable"]
#: `dir:`: a paragraph's base direction. auto: from its first letter (UAX #9 rules P2, P3), or
#: from `meta.language` when it has none; rtl, ltr: that direction, whatever its first letter
Direction = Literal["auto", "rtl", "ltr"]
DIRECTION_HELP = ("base direction of every paragraph: auto (from its first letter, else from "
                  "meta.language), rtl (right to left) or ltr (left to right)")
NUMBERING_HELP = ("dense: sections, judgments, recommendations, tables and figures numbered 1, 2, 3 "
                  "in what the audience gets; stable: the numbers they have in the full outline "
                  "(gaps allowed), so that audiences who meet mean the same thing by 'Recommendation 3'")


class Meta(Strict):
    title: Verbatim
    subtitle: Verbatim | None = None
    author: Verbatim | None = None
    organization: Verbatim | None = None
    date: Str | None = Field(None, description="ISO date, e.g. 2024-06-20")
    language: Str = "en"
    dir: Direction = Field("auto", description=DIRECTION_HELP)
    marking: Verbatim | None = Field(None, description="banner on every page and slide, e.g. UNCLASSIFIED")
    keywords: list[Str] = Field(default_factory=list)
    levels: list[Level] | None = Field(None, min_length=1, description=(
        "sensitivity levels, lowest first; with them the banner is computed from what a file "
        "contains and `marking` may not be written"))
    level: Str | None = Field(None, description="the level of any item that names none (default: the lowest)")
    portion_marks: bool = Field(False, description="'(U) ' before each paragraph, point, list item, "
                                                   "judgment, recommendation, caption, quote and heading")
    numbering: Numbering = Field("dense", description=NUMBERING_HELP)
    contents: bool = Field(True, description="a contents list (brief, handout) and agenda (deck); "
                                             "false: none, whatever the detail")
    estimative_note: bool = Field(True, description="the note under the key judgments that gives "
                                                    "the ICD 203 range of each likelihood term")


class Recipient(Strict):
    """One numbered copy's holder (`audiences.<name>.recipients`)."""

    name: Verbatim = Field(description="who holds the copy, e.g. Deputy Secretary")
    org: Verbatim | None = Field(None, description="their organisation, e.g. Ministry of Foreign Affairs")


class Audience(Strict):
    label: Verbatim | None = None
    detail: Detail = "standard"
    exclude_tags: list[Str] = Field(default_factory=list)
    include_tags: list[Str] = Field(default_factory=list)
    marking: Verbatim | None = None
    theme: Str | None = None
    formats: list[Format] = Field(default_factory=lambda: list(DEFAULT_FORMATS),
                                 description="default: docx, pptx, pdf; html (a self-contained page) may be listed too")
    variables: dict[str, Str] = Field(default_factory=dict)
    max_pages: Annotated[int, Field(ge=1, le=500, strict=True)] | None = Field(
        None, description="the PDF handout's page budget: its type and spacing tighten to fit, "
                          "and the build warns when it cannot (a two-page read-ahead: 2)")
    max_slides: Annotated[int, Field(ge=1, le=1000, strict=True)] | None = Field(
        None, description="the deck's slide budget: short sections share slides and type "
                          "tightens to fit, and the build warns when it cannot (default by "
                          "detail: summary 8, standard 20, full 30, without a warning)")
    max_level: Str | None = Field(None, description="items above this level of meta.levels are left out")
    caveats: list[Verbatim] = Field(default_factory=list,
                                    description="added to the banner: CONFIDENTIAL//REL TO PARTNERS")
    recipients: list[Recipient] = Field(
        default_factory=list,
        description="numbered copies: one file per recipient and format (<stem>-<audience>-copy01.<ext>), "
                    "each saying 'Copy 1 of N — name, org' on every page and slide and in its metadata, "
                    "and a register of their SHA-256 hashes (<stem>-<audience>-register.csv)")
    numbering: Numbering | None = Field(None, description="overrides meta.numbering; " + NUMBERING_HELP)
    contents: bool | None = Field(None, description="overrides meta.contents")
    estimative_note: bool | None = Field(None, description="overrides meta.estimative_note")


class Point(Filters):
    text: Inline


def _item_tag(v: Any) -> str:
    # -- called on YAML data when validating and on model instances when serialising --
    return "str" if isinstance(v, str) else "map"


PointItem = Annotated[
    Union[Annotated[Inline, Tag("str")], Annotated[Point, Tag("map")]],
    Discriminator(_item_tag),
]


class KeyJudgment(Filters):
    text: Inline
    likelihood: Likelihood | None = None
    confidence: Confidence | None = None


class Recommendation(Filters):
    text: Inline
    owner: Verbatim | None = None
    due: Str | None = None


RecommendationItem = Annotated[
    Union[Annotated[Inline, Tag("str")], Annotated[Recommendation, Tag("map")]],
    Discriminator(_item_tag),
]


class Source(Strict):
    id: Str
    title: Verbatim
    publisher: Verbatim | None = None
    date: Str | None = None
    url: Str | None = None
    always: bool = Field(False, description="list it even when no text cites it")
    level: Str | None = Field(None, description="sensitivity level of the source entry (see meta.levels)")


#: A body entry: a string (a paragraph) or one of the registered block types.
if TYPE_CHECKING:
    BodyBlock = Any
else:
    BodyBlock = Annotated[
        Union[tuple([Annotated[Inline, Tag("str")], *(Annotated[t.outline, Tag(k)] for k, t in REGISTRY.items())])],
        Discriminator(block_key),
    ]

def slug(text: str) -> str:
    """`Strengthening Bilateral Relations` -> `strengthening-bilateral-relations`."""
    s = unicodedata.normalize("NFKD", text)
    s = re.sub(r"[^\w\s-]", "", s, flags=re.UNICODE).strip().lower()
    return re.sub(r"[\s_-]+", "-", s) or "section"


class Section(Filters):
    title: Plain
    headline: Plain | None = Field(None, description="action title for the slide")
    id: Str | None = Field(None, description="derived from the title when absent")
    points: list[PointItem] = Field(default_factory=list)
    body: list[BodyBlock] = Field(default_factory=list)
    notes: Verbatim | None = Field(None, description="speaker notes for this section's slide")
    sections: list[Section] = Field(default_factory=list)
    dir: Direction | None = Field(None, description="overrides meta.dir for this section and its "
                                                    "subsections; " + DIRECTION_HELP)


def _labels_model() -> type[BaseModel]:
    fields: dict[str, Any] = {
        name: (Str | None, Field(None, description=f"default: {getattr(ENGLISH, name)!r}"))
        for name in LABEL_NAMES
    }
    return create_model("Labels", __base__=Strict, **fields)


#: the fixed words an outline may replace (`labels:`); see reportgen/labels.py
LabelsIn = _labels_model()


class Outline(Strict):
    """An outline file, format version 1."""

    reportgen: Literal[1] = Field(1, description="format version")
    meta: Meta
    theme: Str = "default"
    variables: dict[str, Str] = Field(default_factory=dict)
    audiences: dict[str, Audience] = Field(default_factory=dict)
    bluf: Inline | None = None
    key_judgments: list[KeyJudgment] = Field(default_factory=list)
    sections: list[Section] = Field(min_length=1)
    recommendations: list[RecommendationItem] = Field(default_factory=list)
    sources: list[Source] = Field(default_factory=list)
    appendix: list[Section] = Field(default_factory=list)
    labels: LabelsIn | None = Field(  # type: ignore[valid-type]
        None, description="fixed words of the outputs, over those of meta.language")


def json_schema() -> dict[str, Any]:
    """The JSON Schema of the outline format, for editors."""
    schema = Outline.model_json_schema(mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://reportgen.example.org/schema/outline-1.json"
    schema["title"] = "reportgen outline, version 1"
    return schema

"""The outline format, version 1, as pydantic models: what `outline.yaml` may say.

These models validate the YAML (with `load.py` turning pydantic's errors into
`file:line:col: path: message` lines) and give `reportgen schema` its JSON Schema. They hold
the text as written: variables, citations and audience rules are resolved by `tailor`.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal, Union

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
    create_model,
)

from .labels import ENGLISH
from .labels import NAMES as LABEL_NAMES

Detail = Literal["summary", "standard", "full"]
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
Format = Literal["docx", "pptx", "pdf"]
ALL_FORMATS: tuple[Format, ...] = ("docx", "pptx", "pdf")


def _scalar_text(v: Any) -> Any:
    # -- YAML reads `2024` or `3.5` as numbers; in a text position they are meant as text --
    if isinstance(v, bool):
        return v
    if isinstance(v, (int, float)):
        return str(v)
    return v


#: Text in the outline: a string (numbers are accepted and read as text).
Str = Annotated[str, BeforeValidator(_scalar_text), Field(json_schema_extra={"type": ["string", "number"]})]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Filters(_Strict):
    """Audience rules any section, block, point, judgment or recommendation may carry."""

    detail: Detail | None = Field(None, description="lowest audience detail at which this appears")
    audiences: list[str] | None = Field(None, description="only these audiences see it")
    tags: list[Str] = Field(default_factory=list, description="matched against include_tags / exclude_tags")


FILTER_KEYS = ("detail", "audiences", "tags")


class Meta(_Strict):
    title: Str
    subtitle: Str | None = None
    author: Str | None = None
    organization: Str | None = None
    date: Str | None = Field(None, description="ISO date, e.g. 2024-06-20")
    language: Str = "en"
    marking: Str | None = Field(None, description="banner on every page and slide, e.g. UNCLASSIFIED")
    keywords: list[Str] = Field(default_factory=list)


class Audience(_Strict):
    label: Str | None = None
    detail: Detail = "standard"
    exclude_tags: list[Str] = Field(default_factory=list)
    include_tags: list[Str] = Field(default_factory=list)
    marking: Str | None = None
    theme: Str | None = None
    formats: list[Format] = Field(default_factory=lambda: list(ALL_FORMATS))
    variables: dict[str, Str] = Field(default_factory=dict)
    max_pages: Annotated[int, Field(ge=1, le=500, strict=True)] | None = Field(
        None, description="the PDF handout's page budget: its type and spacing tighten to fit, "
                          "and the build warns when it cannot (a two-page read-ahead: 2)")
    max_slides: Annotated[int, Field(ge=1, le=1000, strict=True)] | None = Field(
        None, description="the deck's slide budget: short sections share slides and type "
                          "tightens to fit, and the build warns when it cannot (default by "
                          "detail: summary 8, standard 20, full 30, without a warning)")


class Point(Filters):
    text: Str


def _item_tag(v: Any) -> str:
    # -- called on YAML data when validating and on model instances when serialising --
    return "str" if isinstance(v, str) else "map"


PointItem = Annotated[
    Union[Annotated[Str, Tag("str")], Annotated[Point, Tag("map")]],
    Discriminator(_item_tag),
]


class KeyJudgment(Filters):
    text: Str
    likelihood: Likelihood | None = None
    confidence: Confidence | None = None


class Recommendation(Filters):
    text: Str
    owner: Str | None = None
    due: Str | None = None


RecommendationItem = Annotated[
    Union[Annotated[Str, Tag("str")], Annotated[Recommendation, Tag("map")]],
    Discriminator(_item_tag),
]


class Source(_Strict):
    id: Str
    title: Str
    publisher: Str | None = None
    date: Str | None = None
    url: Str | None = None
    always: bool = Field(False, description="list it even when no text cites it")


# -- blocks ----------------------------------------------------------------------------------


def _list_tag(v: Any) -> str:
    return "list" if isinstance(v, list) else "str"


#: A list item: text, or a list that nests under the item before it (its entries are checked
#: by `load`, since a recursive alias would make the schema recurse).
ListEntry = Annotated[
    Union[Annotated[Str, Tag("str")], Annotated[list[Any], Tag("list")]],
    Discriminator(_list_tag),
]


class QuoteBody(_Strict):
    text: Str
    by: Str | None = None


class CalloutBody(_Strict):
    text: Str
    title: Str | None = None
    style: Literal["note", "insight", "warning"] = "note"


class TableBody(_Strict):
    caption: Str | None = None
    columns: list[Str] = Field(min_length=1)
    rows: list[list[Str]]


class ChartBody(_Strict):
    kind: Literal["bar", "column", "line", "pie"]
    caption: Str | None = None
    categories: list[Str] = Field(min_length=1)
    series: dict[str, list[Annotated[float, Field(allow_inf_nan=False)]]] = Field(min_length=1)
    unit: Str | None = None
    alt: Str | None = Field(None, description="alternative text; default: a summary of the series")


class ImageBody(_Strict):
    path: Str
    alt: Str = Field(description="alternative text for readers who cannot see the image")
    caption: Str | None = None


class TimelineEntry(_Strict):
    date: Str
    event: Str


class TimelineBody(_Strict):
    caption: Str | None = None
    entries: list[TimelineEntry] = Field(min_length=1)


def _timeline_tag(v: Any) -> str:
    return "list" if isinstance(v, list) else "map"


TimelineValue = Annotated[
    Union[Annotated[list[TimelineEntry], Tag("list")], Annotated[TimelineBody, Tag("map")]],
    Discriminator(_timeline_tag),
]


class ParagraphBlock(Filters):
    paragraph: Str


class BulletsBlock(Filters):
    bullets: list[ListEntry] = Field(min_length=1)


class NumberedBlock(Filters):
    numbered: list[ListEntry] = Field(min_length=1)
    start: Annotated[int, Field(strict=True)] = 1


class QuoteBlock(Filters):
    quote: QuoteBody


class CalloutBlock(Filters):
    callout: CalloutBody


class TableBlock(Filters):
    table: TableBody


class ChartBlock(Filters):
    chart: ChartBody


class ImageBlock(Filters):
    image: ImageBody


class TimelineBlock(Filters):
    timeline: TimelineValue


#: block key -> model
BLOCK_MODELS: dict[str, type[Filters]] = {
    "paragraph": ParagraphBlock,
    "bullets": BulletsBlock,
    "numbered": NumberedBlock,
    "quote": QuoteBlock,
    "callout": CalloutBlock,
    "table": TableBlock,
    "chart": ChartBlock,
    "image": ImageBlock,
    "timeline": TimelineBlock,
}
#: keys that may stand beside the block key, besides the filters
BLOCK_EXTRA_KEYS = {"numbered": ("start",)}


def block_key(v: Any) -> str | None:
    """The block type of a body entry: `str` for a plain paragraph, else its block key."""
    if isinstance(v, str):
        return "str"
    if isinstance(v, dict):
        keys = [k for k in v if k in BLOCK_MODELS]
        if len(keys) == 1:
            return keys[0]
    for key, model in BLOCK_MODELS.items():
        if type(v) is model:
            return key
    return None


BodyBlock = Annotated[
    Union[
        Annotated[Str, Tag("str")],
        Annotated[ParagraphBlock, Tag("paragraph")],
        Annotated[BulletsBlock, Tag("bullets")],
        Annotated[NumberedBlock, Tag("numbered")],
        Annotated[QuoteBlock, Tag("quote")],
        Annotated[CalloutBlock, Tag("callout")],
        Annotated[TableBlock, Tag("table")],
        Annotated[ChartBlock, Tag("chart")],
        Annotated[ImageBlock, Tag("image")],
        Annotated[TimelineBlock, Tag("timeline")],
    ],
    Discriminator(block_key),
]


class Section(Filters):
    title: Str
    headline: Str | None = Field(None, description="action title for the slide")
    id: Str | None = Field(None, description="derived from the title when absent")
    points: list[PointItem] = Field(default_factory=list)
    body: list[BodyBlock] = Field(default_factory=list)
    notes: Str | None = Field(None, description="speaker notes for this section's slide")
    sections: list[Section] = Field(default_factory=list)


def _labels_model() -> type[BaseModel]:
    fields: dict[str, Any] = {
        name: (Str | None, Field(None, description=f"default: {getattr(ENGLISH, name)!r}"))
        for name in LABEL_NAMES
    }
    return create_model("Labels", __base__=_Strict, **fields)


#: the fixed words an outline may replace (`labels:`); see reportgen/labels.py
LabelsIn = _labels_model()


class Outline(_Strict):
    """An outline file, format version 1."""

    reportgen: Literal[1] = Field(1, description="format version")
    meta: Meta
    theme: Str = "default"
    variables: dict[str, Str] = Field(default_factory=dict)
    audiences: dict[str, Audience] = Field(default_factory=dict)
    bluf: Str | None = None
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

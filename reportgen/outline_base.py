"""The pieces every outline model is made of: text types, strict models, audience filters.

`outline.py` (the outline as a whole) and the block types of `reportgen/blocks/` build on these.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from .textfields import INLINE, PLAIN, VERBATIM

Detail = Literal["summary", "standard", "full"]


def _scalar_text(v: Any) -> Any:
    # -- YAML reads `2024` or `3.5` as numbers; in a text position they are meant as text --
    if isinstance(v, bool):
        return v
    if isinstance(v, (int, float)):
        return str(v)
    return v


#: Text in the outline: a string (numbers are accepted and read as text).
Str = Annotated[str, BeforeValidator(_scalar_text), Field(json_schema_extra={"type": ["string", "number"]})]
#: Text with inline markup, citations and variables (see `reportgen/textfields.py`).
Inline = Annotated[Str, INLINE]
#: Text with citations and variables, drawn without markup.
Plain = Annotated[Str, PLAIN]
#: Text with variables, drawn as written.
Verbatim = Annotated[Str, VERBATIM]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Filters(Strict):
    """Audience rules any section, block, point, judgment or recommendation may carry."""

    detail: Detail | None = Field(None, description="lowest audience detail at which this appears")
    audiences: list[str] | None = Field(None, description="only these audiences see it")
    tags: list[Str] = Field(default_factory=list, description="matched against include_tags / exclude_tags")
    level: Str | None = Field(None, description="sensitivity level, one of meta.levels (default meta.level); "
                                                "left out for audiences whose max_level is lower")


FILTER_KEYS = ("detail", "audiences", "tags", "level")

"""The pieces every outline model is made of: text types, strict models, audience filters.

`outline.py` (the outline as a whole) and the block types of `reportgen/blocks/` build on these.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidatorFunctionWrapHandler,
    WrapValidator,
)

from .textfields import INLINE, PLAIN, VERBATIM, Variants

Detail = Literal["summary", "standard", "full"]


def _scalar_text(v: Any) -> Any:
    # -- YAML reads `2024` or `3.5` as numbers; in a text position they are meant as text --
    if isinstance(v, bool):
        return v
    if isinstance(v, (int, float)):
        return str(v)
    return v


def _keep_variants(v: Any, handler: ValidatorFunctionWrapHandler) -> Any:
    # -- pydantic would turn the `str` subclass into a plain str, losing the other wordings --
    return v if isinstance(v, Variants) else handler(v)


#: Text in the outline: a string (numbers are accepted and read as text), or per audience a
#: mapping `{default: ..., <audience>: ...}` that `load` has read as a `Variants`.
Str = Annotated[str, BeforeValidator(_scalar_text), WrapValidator(_keep_variants),
                Field(json_schema_extra={"type": ["string", "number", "object"]})]
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

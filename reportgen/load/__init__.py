"""Load an outline file: YAML -> validated `Outline`, every problem with its position.

All problems of a file are collected and raised together as one `InputError`, each as
`outline.yaml:LINE:COL: sections[2].body[1].table.rows[3]: what is wrong; what to do`.

Modules: `cleaning` (characters documents cannot hold), `shape` (block shapes, and pydantic's
errors in the user's words), `semantic` (checks across the outline). Paths of images and theme
folders are resolved by `reportgen/paths.py`, which `tailor` uses too.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from .. import outline as om
from ..errors import InputError, Problem
from ..textfields import Variants
from ..yamlread import PathKey, Positions, read_yaml
from .cleaning import clean_text, kind_of
from .levels import level_problems
from .semantic import semantic_problems
from .shape import pydantic_problems, shape_problems
from .variants import read_variants, variant_problems


@dataclass
class Loaded:
    """A validated outline with everything needed to tailor and report on it."""

    outline: om.Outline
    positions: Positions
    path: Path
    #: folders images and theme paths may come from (the outline's folder, plus --allow-path)
    allowed_dirs: tuple[Path, ...] = ()
    warnings: list[str] = field(default_factory=list)
    #: whether any text is worded per audience (`{default: ..., leadership: ...}`)
    has_wordings: bool = False

    @property
    def base_dir(self) -> Path:
        return self.path.parent

    @property
    def stem(self) -> str:
        return self.path.stem

    def audience_names(self) -> list[str]:
        return list(self.outline.audiences) or ["default"]


def load(path: str | Path, *, allow_paths: tuple[str | Path, ...] = (), display: str | None = None) -> Loaded:
    """Read and validate an outline file. Raises `InputError` listing every problem found."""
    p = Path(path)
    shown = display or str(path)
    data, pos = read_yaml(p, shown)
    if data is None:
        raise InputError("", [Problem(shown, 1, 1, "", "the file is empty (or only comments); "
                                      "an outline needs at least meta.title and one section — "
                                      "`reportgen init` writes a commented example")])
    if not isinstance(data, dict):
        raise InputError("", [pos.problem((), "an outline is a mapping of keys (meta, sections, ...), "
                                          f"not {kind_of(data)}")])
    data = clean_text(data, (), pos)
    wordings: dict[PathKey, Variants] = {}
    data = read_variants(data, wordings)
    problems = shape_problems(data, pos)
    try:
        outline = om.Outline.model_validate(data)
    except ValidationError as e:
        problems.extend(pydantic_problems(e, data, pos, shaped=bool(problems)))
        raise InputError("", problems) from None
    if problems:  # pragma: no cover - shape problems also fail pydantic validation
        raise InputError("", problems)
    base = p.resolve().parent
    allowed = (base, *(Path(a).resolve() for a in allow_paths))
    loaded = Loaded(outline, pos, p.resolve(), allowed, has_wordings=bool(wordings))
    problems = variant_problems(loaded, wordings) + semantic_problems(loaded, data) + level_problems(loaded)
    if problems:
        raise InputError("", problems)
    return loaded

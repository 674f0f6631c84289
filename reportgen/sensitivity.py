"""Sensitivity levels (`meta.levels`): their order, portion marks and the computed banner.

Shared by `load` (names checked, containment), `tailor` (what an audience may see, the marks
baked into the Document's text, the banner) and `check` (the marks and banner read back).
See README "Sensitivity levels and portion marks".
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

#: joins a banner and an audience's caveats: CONFIDENTIAL//REL TO PARTNERS
CAVEAT_SEPARATOR = "//"


@dataclass(frozen=True)
class Scale:
    """The levels of an outline, lowest first, with the default and whether portions are marked."""

    names: tuple[str, ...]
    banners: tuple[str, ...]
    #: the level of an item that names none (`meta.level`, else the lowest)
    default: str
    #: `meta.portion_marks`: "(U) " before every portion
    portion_marks: bool = False

    @classmethod
    def of(cls, meta: Any) -> Scale | None:
        """The scale of an outline's `meta`, or None when it defines no `levels`."""
        if not meta.levels:
            return None
        names = tuple(lv.name for lv in meta.levels)
        default = meta.level if meta.level in names else names[0]
        return cls(names, tuple(lv.banner for lv in meta.levels), default, bool(meta.portion_marks))

    def rank(self, name: str | None) -> int:
        """Position of `name` (None: the default level) on the scale, lowest 0."""
        name = self.default if name is None else name
        return self.names.index(name) if name in self.names else 0

    def level(self, item: Any) -> str:
        """The level of an outline item: its own `level:`, else the default."""
        own = getattr(item, "level", None)
        return own if own in self.names else self.default

    def highest(self, names: Iterable[str | None]) -> str:
        """The highest of `names` (the lowest level when there are none)."""
        ranks = [self.rank(n) for n in names]
        return self.names[max(ranks, default=0)]

    def banner(self, name: str, caveats: Iterable[str] = ()) -> str:
        """The banner of a file whose highest level is `name`, with the audience's caveats."""
        return CAVEAT_SEPARATOR.join((self.banners[self.rank(name)], *caveats))

    def mark(self, name: str | None) -> str:
        """The portion mark of `name`, with its space: `(C) `; "" without portion marks."""
        return f"({self.default if name is None else name}) " if self.portion_marks else ""

    def mark_pattern(self) -> re.Pattern[str]:
        """A portion mark of any level, at the start of a text (after optional spaces)."""
        alts = "|".join(re.escape(n) for n in sorted(self.names, key=len, reverse=True))
        return re.compile(rf"\((?:{alts})\)\s*")

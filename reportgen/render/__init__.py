"""Renderers: one module a format, each `render(document, theme) -> bytes`.

Modules are imported only when their format is asked for (python-docx, python-pptx and
reportlab cost 0.1–0.25 s each to import). Every renderer module defines `HANDLERS`, one
callable per block type of the registry (`reportgen/blocks/`), checked at import time, so a
block type without a handler is an import error, never a silent drop. A renderer names its
handlers `h_<key>` after the block's registered key (as docutils names `visit_<node>`) and
`handlers_named` collects them (the deck's planner names its own `plan_<key>`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from ..formats import FORMATS

#: format -> module that renders it
MODULES = {name: f.module for name, f in FORMATS.items()}

#: what each format is called for a person
FORMAT_NAMES = {name: f.title for name, f in FORMATS.items()}


class MissingHandler(TypeError):
    """A renderer lacks a handler for a block type."""


def handlers_named(namespace: Mapping[str, Any], fmt: str, prefix: str = "h_") -> dict[type, Any]:
    """`{tailored type: namespace[prefix + key]}` for every registered block type (`h_table` for
    the `table` block); MissingHandler names each function a module still has to define."""
    from ..blocks import REGISTRY

    absent = {t.tailored.__name__: prefix + key for key, t in REGISTRY.items() if prefix + key not in namespace}
    if absent:
        raise MissingHandler(f"{fmt} renderer: no handler for {', '.join(absent)}; define "
                             f"{', '.join(absent.values())} in {namespace.get('__name__', 'its module')}")
    return {t.tailored: namespace[prefix + key] for key, t in REGISTRY.items()}


def get_renderer(fmt: str) -> Callable[..., bytes]:
    """The `render(document, theme) -> bytes` function of a format, imported on first use."""
    from ..formats import get

    return get(fmt).render


def bullet_chars(theme: Any) -> tuple[str, str, str]:
    """The bullet of list levels 1, 2 and 3 (and on, in turn), the same in brief, deck and
    handout: the theme's `pptx.bullets`, the last one repeated when it names fewer."""
    chars = list(theme.config.pptx.bullets) or ["•"]
    return (chars[0], chars[min(1, len(chars) - 1)], chars[min(2, len(chars) - 1)])

"""reportgen: one outline of an analysis -> a matching Word brief, PowerPoint deck and PDF handout.

The public API is three functions, the pipeline of DESIGN.md:

    >>> import reportgen
    >>> loaded = reportgen.load("outline.yaml")            # validated, with YAML positions
    >>> doc = reportgen.tailor(loaded, "leadership")       # pure: what one audience gets
    >>> outputs = reportgen.build("outline.yaml", out_dir="output")   # render and write

Submodules are imported on first use, so `import reportgen` stays cheap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["load", "tailor", "build", "__version__"]

if TYPE_CHECKING:  # pragma: no cover
    from .build import build
    from .load import load
    from .tailor import tailor


def __getattr__(name: str) -> Any:
    if name == "load":
        from .load import load

        return load
    if name == "tailor":
        from .tailor import tailor

        return tailor
    if name == "build":
        from .build import build

        return build
    raise AttributeError(f"module 'reportgen' has no attribute {name!r}")

"""reportgen: one outline of an analysis -> a matching Word brief, PowerPoint deck and PDF handout.

The public API is three functions, the pipeline of the README:

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
    # -- importing reportgen.load binds the *module* `load` on this package, shadowing the
    # function; so bind the function explicitly, once, after the import --
    if name in ("load", "tailor", "build"):
        import importlib

        fn = getattr(importlib.import_module(f".{name}", __name__), name)
        globals()[name] = fn
        return fn
    raise AttributeError(f"module 'reportgen' has no attribute {name!r}")

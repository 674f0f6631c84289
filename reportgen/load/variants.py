"""Per-audience wording: a text written as `{default: ..., <audience>: ...}`.

`read_variants` runs on the YAML data before validation and turns each such mapping into a
`textfields.Variants` (a `str` carrying every wording), so the models, the block registry and
the discriminators see text; `variant_problems` then checks the audience names, that every
audience has a wording, and that the mapping stands where text does.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..errors import Problem, did_you_mean, one_of
from ..textfields import DEFAULT_WORDING, Variants, texts
from ..yamlread import PathKey, format_path

if TYPE_CHECKING:
    from . import Loaded

#: mappings whose keys are names, not audiences: never read as wordings
_NOT_WORDING = ("variables", "series")


def _is_wording(v: dict[Any, Any], audiences: set[str]) -> bool:
    """A mapping of texts keyed by `default` or (mostly) by audience names."""
    if not v or not all(isinstance(k, str) for k in v):
        return False
    if not all(isinstance(x, (str, int, float)) and not isinstance(x, bool) for x in v.values()):
        return False
    named = sum(1 for k in v if k in audiences or k == DEFAULT_WORDING)
    return DEFAULT_WORDING in v or named * 2 > len(v)


def read_variants(data: Any, found: dict[PathKey, Variants], path: PathKey = (),
                  audiences: set[str] | None = None) -> Any:
    """`data` with every per-audience mapping as a `Variants`; each is recorded in `found`."""
    if audiences is None:
        auds = data.get("audiences") if isinstance(data, dict) else None
        audiences = {str(k) for k in auds} if isinstance(auds, dict) else set()
    if isinstance(data, dict):
        if path and _is_wording(data, audiences):
            v = Variants.of({k: str(x) for k, x in data.items()})
            found[path] = v
            return v
        out = {}
        for k, x in data.items():
            if k in _NOT_WORDING or (not path and k == "audiences"):
                out[k] = x if k != "audiences" else _audiences(x, found, audiences)
            else:
                out[k] = read_variants(x, found, (*path, k), audiences)
        return out
    if isinstance(data, list):
        return [read_variants(x, found, (*path, i), audiences) for i, x in enumerate(data)]
    return data


def _audiences(auds: Any, found: dict[PathKey, Variants], audiences: set[str]) -> Any:
    # -- an audience's label may be worded per audience too; its other keys are settings --
    if not isinstance(auds, dict):
        return auds
    out = {}
    for name, a in auds.items():
        if isinstance(a, dict) and isinstance(a.get("label"), dict):
            a = {**a, "label": read_variants(a["label"], found, ("audiences", name, "label"), audiences)}
        out[name] = a
    return out


def variant_problems(ld: Loaded, found: dict[PathKey, Variants]) -> list[Problem]:
    o, pos = ld.outline, ld.positions
    names = ld.audience_names()
    out: list[Problem] = []
    text_paths = {p[:-1] for p, _, _ in texts(o)}
    for path, v in found.items():
        # -- the fixed words of `labels:` are text too, though drawn as written (no markup) --
        if path not in text_paths and not (len(path) == 2 and path[0] == "labels"):
            out.append(pos.problem(path, f"{format_path(path)} is not a text, so it cannot be worded per "
                                   "audience; write one value (per-audience wording is for titles, "
                                   "headlines, points, paragraphs, judgments, captions and other text)"))
            continue
        for key in v.variants:
            if key != DEFAULT_WORDING and key not in names:
                hint = did_you_mean(key, [*names, DEFAULT_WORDING])
                out.append(pos.problem((*path, key), f"unknown audience '{key}'{hint}; a per-audience "
                                       f"text is keyed by {one_of([*names, DEFAULT_WORDING])}", key=True))
        if DEFAULT_WORDING not in v.variants:
            left = [n for n in names if n not in v.variants]
            if left:
                out.append(pos.problem(path, f"no wording for audience{'s' if len(left) > 1 else ''} "
                                       f"{', '.join(repr(n) for n in left)}; add "
                                       f"{'them' if len(left) > 1 else 'it'} or a `default:` wording"))
    return out

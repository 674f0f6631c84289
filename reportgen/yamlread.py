"""Safe YAML reading that remembers where every key and value stands.

The only YAML reader in reportgen (outlines and themes both use it). It composes the node
tree with PyYAML's safe loader and builds plain Python data itself, so that it can:

- record the line and column of every value and key (`Positions`),
- refuse duplicate keys instead of keeping the last one,
- refuse tags that construct objects (`!!python/object`), so no code runs from input,
- count the nodes an alias expands to and stop a "billion laughs" file early,
- keep dates as the strings the user wrote (`2024-06-20`), not `datetime.date`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .errors import InputError, Problem

#: Limits; each can be raised through the environment variable named in its message.
DEFAULT_MAX_BYTES = 5_000_000
DEFAULT_MAX_NODES = 1_000_000
DEFAULT_MAX_DEPTH = 64

PathKey = tuple[Any, ...]

_SCALAR_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
}


@dataclass
class Positions:
    """Line and column (1-based) of every value and mapping key, by data path."""

    file: str
    values: dict[PathKey, tuple[int, int]] = field(default_factory=dict)
    keys: dict[PathKey, tuple[int, int]] = field(default_factory=dict)

    def of(self, path: PathKey, *, key: bool = False) -> tuple[int, int]:
        """Position of `path`, or of its nearest ancestor that has one."""
        table = self.keys if key else self.values
        p = tuple(path)
        if key and p in self.keys:
            return self.keys[p]
        while p:
            if p in self.values:
                return self.values[p]
            if p in table:
                return table[p]
            p = p[:-1]
        return self.values.get((), (1, 1))

    def problem(self, path: PathKey, message: str, *, key: bool = False) -> Problem:
        line, col = self.of(path, key=key)
        return Problem(self.file, line, col, format_path(path), message)


def format_path(path: PathKey) -> str:
    """`('sections', 2, 'body', 1)` -> `sections[2].body[1]`."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def _limit(name: str, default: int) -> int:
    import os

    try:
        return int(os.environ.get(name, default))
    except ValueError:
        return default


def read_yaml(path: Path, display: str | None = None) -> tuple[Any, Positions]:
    """Read a YAML file into plain data and its positions; raise `InputError` on any problem."""
    shown = display or str(path)
    max_bytes = _limit("REPORTGEN_MAX_BYTES", DEFAULT_MAX_BYTES)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise InputError(
                f"{shown}: the file is {size:,} bytes, over the limit of {max_bytes:,}; "
                "split it, or raise the limit with REPORTGEN_MAX_BYTES"
            )
        raw = path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{shown}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{shown}: is a folder, not a file") from None
    except PermissionError:
        raise InputError(f"{shown}: cannot be read (permission denied)") from None
    return parse_yaml(raw, shown)


def parse_yaml(raw: bytes, shown: str) -> tuple[Any, Positions]:
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]  # -- a BOM from Windows editors is harmless --
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        col = e.start - (raw.rfind(b"\n", 0, e.start) + 1) + 1
        raise InputError(
            "",
            [
                Problem(
                    shown,
                    line,
                    col,
                    "",
                    f"the file is not UTF-8: byte 0x{raw[e.start]:02X} at offset {e.start}; "
                    "save the file as UTF-8",
                )
            ],
        ) from None
    text = text.replace("\r\n", "\n")
    pos = Positions(shown)
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as e:
        raise InputError("", [_yaml_problem(e, shown, text)]) from None
    except yaml.YAMLError as e:  # pragma: no cover - PyYAML raises marked errors for syntax
        raise InputError(f"{shown}: {e}") from None
    if node is None:
        return None, pos
    builder = _Builder(pos, _limit("REPORTGEN_MAX_NODES", DEFAULT_MAX_NODES),
                       _limit("REPORTGEN_MAX_DEPTH", DEFAULT_MAX_DEPTH))
    data = builder.build(node, (), 0)
    if builder.problems:
        raise InputError("", builder.problems)
    return data, pos


def _yaml_problem(e: yaml.MarkedYAMLError, shown: str, text: str) -> Problem:
    mark = e.problem_mark or e.context_mark
    line = mark.line + 1 if mark else 0
    col = mark.column + 1 if mark else 0
    problem = (e.problem or "").strip()
    hint = ""
    src_line = text.split("\n")[mark.line] if mark and mark.line < len(text.split("\n")) else ""
    if "\t" in problem or "'\\t'" in problem or (src_line and "\t" in src_line[: mark.column + 1]):
        hint = "YAML does not allow tabs for indentation; indent with spaces"
    elif "mapping values are not allowed" in problem:
        hint = "a value containing ': ' must be quoted, or the indentation is off"
    elif "expected <block end>" in problem or "expected <block" in problem:
        hint = "check the indentation of this line against the lines above"
    elif "found unexpected end of stream" in problem or "unexpected end of stream" in problem:
        hint = "a quote or bracket opened earlier is never closed"
    elif "could not find expected ':'" in problem:
        hint = "a key is missing its ':' or a quoted string is not closed"
    elif "found undefined alias" in problem:
        hint = "define the anchor (&name) before using it (*name)"
    context = (e.context or "").strip()
    msg = "YAML syntax error: " + problem
    if context:
        msg += f" ({context}"
        if e.context_mark and mark and e.context_mark.line != mark.line:
            msg += f" at line {e.context_mark.line + 1}"
        msg += ")"
    if hint:
        msg += "; " + hint
    return Problem(shown, line, col, "", msg)


class _Builder:
    def __init__(self, pos: Positions, max_nodes: int, max_depth: int) -> None:
        self.pos = pos
        self.max_nodes = max_nodes
        self.max_depth = max_depth
        self.count = 0
        self.problems: list[Problem] = []
        self._stopped = False

    def _at(self, node: Node) -> tuple[int, int]:
        return node.start_mark.line + 1, node.start_mark.column + 1

    def _fail(self, node: Node, path: PathKey, message: str) -> None:
        line, col = self._at(node)
        self.problems.append(Problem(self.pos.file, line, col, format_path(path), message))

    def build(self, node: Node, path: PathKey, depth: int) -> Any:
        if self._stopped:
            return None
        self.count += 1
        if self.count > self.max_nodes:
            self._fail(node, path, f"the file expands to more than {self.max_nodes:,} YAML nodes "
                       "(aliases expanding to huge data?); raise the limit with REPORTGEN_MAX_NODES")
            self._stopped = True
            return None
        if depth > self.max_depth:
            self._fail(node, path, f"nested deeper than {self.max_depth} levels; "
                       "raise the limit with REPORTGEN_MAX_DEPTH")
            self._stopped = True
            return None
        self.pos.values.setdefault(path, self._at(node))
        if isinstance(node, ScalarNode):
            return self._scalar(node, path)
        if isinstance(node, SequenceNode):
            if node.tag != "tag:yaml.org,2002:seq":
                self._bad_tag(node, path)
                return None
            return [self.build(child, (*path, i), depth + 1) for i, child in enumerate(node.value)]
        if isinstance(node, MappingNode):
            if node.tag not in ("tag:yaml.org,2002:map",):
                self._bad_tag(node, path)
                return None
            out: dict[Any, Any] = {}
            first: dict[Any, tuple[int, int]] = {}
            for knode, vnode in node.value:
                if knode.tag == "tag:yaml.org,2002:merge":
                    self._fail(knode, path, "merge keys (<<) are not supported; write the keys out")
                    continue
                key = self.build(knode, (*path, "<key>"), depth + 1)
                if isinstance(key, (list, dict)) or key is None:
                    self._fail(knode, path, "a mapping key must be a plain word or string")
                    continue
                key = str(key) if not isinstance(key, str) else key
                if key in out:
                    fl, fc = first[key]
                    self._fail(knode, (*path, key),
                               f"duplicate key '{key}' (first at line {fl}); remove one of them")
                    continue
                first[key] = self._at(knode)
                self.pos.keys[(*path, key)] = self._at(knode)
                out[key] = self.build(vnode, (*path, key), depth + 1)
            self.pos.values.pop((*path, "<key>"), None)
            return out
        self._bad_tag(node, path)  # pragma: no cover
        return None

    def _bad_tag(self, node: Node, path: PathKey) -> None:
        tag = node.tag.replace("tag:yaml.org,2002:", "!!")
        self._fail(node, path, f"the YAML tag {tag} is not allowed; reportgen reads plain YAML "
                   "(strings, numbers, lists, mappings) and never constructs objects")

    def _scalar(self, node: ScalarNode, path: PathKey) -> Any:
        tag = node.tag
        if tag not in _SCALAR_TAGS:
            self._bad_tag(node, path)
            return None
        if tag == "tag:yaml.org,2002:str":
            return node.value
        if tag == "tag:yaml.org,2002:timestamp":
            return node.value  # -- dates stay as written, e.g. "2024-06-20" --
        constructor = yaml.SafeLoader.__new__(yaml.SafeLoader)
        yaml.constructor.SafeConstructor.__init__(constructor)
        try:
            return constructor.construct_object(node, deep=True)
        except (yaml.YAMLError, ValueError) as e:
            self._fail(node, path, f"cannot read the value {node.value!r}: {e}")
            return None

"""Safe YAML reading that remembers where every key and value stands.

The only YAML reader in reportgen (outlines and themes both use it). It composes the node
tree with PyYAML's safe loader and builds plain Python data itself, so that it can:

- record the line and column of every value and key (`Positions`),
- refuse duplicate keys instead of keeping the last one,
- refuse tags that construct objects (`!!python/object`), so no code runs from input,
- count the nodes an alias expands to and stop a "billion laughs" file before building it,
- stop nesting deeper than the limit while scanning (before PyYAML's recursion overflows),
- keep dates as the strings the user wrote (`2024-06-20`), not `datetime.date`,
- say what a syntax error means in plain words, at the place to fix (an unclosed quote or
  bracket is reported where it opens), and name the byte offset of text that is not UTF-8.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .errors import InputError, Problem, warn

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
            # -- refused before reading, so a huge file costs no memory --
            raise InputError("", [Problem(
                shown, 1, 1, "", f"the file is {size:,} bytes, over the limit of {max_bytes:,}; "
                "split it, or raise the limit with REPORTGEN_MAX_BYTES")])
        raw = path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{shown}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{shown}: is a folder, not a file") from None
    except PermissionError:
        raise InputError(f"{shown}: cannot be read (permission denied)") from None
    return parse_yaml(raw, shown)


#: A BOM at the start of a line after the first: two files pasted together. (Inside text a
#: U+FEFF is a zero-width no-break space and is left to the text cleaning.)
_STRAY_BOM = re.compile("(?<=\n)\ufeff")


def parse_yaml(raw: bytes, shown: str) -> tuple[Any, Positions]:
    """Parse YAML bytes into plain data and positions; raise `InputError` on any problem."""
    head = raw[:200]
    if raw[:2] in (b"\xff\xfe", b"\xfe\xff") or (head.count(0) >= 2 and head.count(0) * 3 >= len(head)):
        # -- UTF-16 without a BOM can even decode as UTF-8 (full of NULs): name it first --
        raise InputError("", [Problem(shown, 1, 1, "", "the file is not UTF-8: it looks like UTF-16; "
                                      "save it as UTF-8 (in most editors: Save As, encoding UTF-8)")])
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
                    "save the file as UTF-8 (in most editors: Save As, encoding UTF-8)",
                )
            ],
        ) from None
    text = text.replace("\r\n", "\n")
    stray = _STRAY_BOM.search(text)
    if stray:
        line = text.count("\n", 0, stray.start()) + 1
        raise InputError("", [Problem(shown, line, 1, "", "a byte order mark (U+FEFF) starts this "
                                      "line, usually left by joining two files; delete it")])
    pos = Positions(shown)
    max_depth = _limit("REPORTGEN_MAX_DEPTH", DEFAULT_MAX_DEPTH)
    loader = None
    try:
        loader = _GuardedLoader(text, max_depth)  # -- the reader checks characters here --
        node = loader.get_single_node()
    except _TooDeep as e:
        raise InputError("", [Problem(shown, e.mark.line + 1, e.mark.column + 1, "",
                                      _depth_message(max_depth))]) from None
    except yaml.MarkedYAMLError as e:
        raise InputError("", [_yaml_problem(e, shown, text)]) from None
    except yaml.reader.ReaderError as e:
        raise InputError("", [_reader_problem(e, shown, text)]) from None
    except RecursionError:
        # -- only when REPORTGEN_MAX_DEPTH is raised past what PyYAML's recursive composer can do --
        assert loader is not None
        raise InputError("", [_too_deep_for_python(loader, shown)]) from None
    except yaml.YAMLError as e:  # pragma: no cover - PyYAML raises marked errors for syntax
        raise InputError(f"{shown}: {e}") from None
    finally:
        if loader is not None:
            loader.dispose()
    if node is None:
        return None, pos
    max_nodes = _limit("REPORTGEN_MAX_NODES", DEFAULT_MAX_NODES)
    bomb = _expansion_problem(node, max_nodes, shown)
    if bomb is not None:
        raise InputError("", [bomb])
    builder = _Builder(pos, max_nodes, max_depth)
    try:
        data = builder.build(node, (), 0)
    except RecursionError:  # pragma: no cover - the composer overflows first
        raise InputError("", [Problem(shown, 1, 1, "", _depth_message(max_depth))]) from None
    if builder.problems:
        raise InputError("", builder.problems)
    return data, pos


_CLOSERS = {"flow sequence": ("[", "]"), "flow mapping": ("{", "}")}
_TOKENS = {
    "<block end>": "the end of the indented block",
    "<block mapping start>": "a new key",
    "<block sequence start>": "a new list item",
    "<scalar>": "a value",
    "<stream end>": "the end of the file",
    "?": "a key",
    "<document start>": "'---' (the start of a document)",
}


def _yaml_problem(e: yaml.MarkedYAMLError, shown: str, text: str) -> Problem:
    """One YAML syntax error in plain words: what is wrong, where, and what to do."""
    mark = e.problem_mark or e.context_mark
    ctx = e.context_mark
    problem = (e.problem or "").strip()
    context = (e.context or "").strip()
    lines = text.split("\n")

    def src(m: Any) -> str:
        return lines[m.line] if m is not None and m.line < len(lines) else ""

    def at(m: Any, message: str) -> Problem:
        line, col = (m.line + 1, m.column + 1) if m is not None else (0, 0)
        return Problem(shown, line, col, "", "YAML syntax error: " + message)

    def where(m: Any) -> str:
        return f"line {m.line + 1} column {m.column + 1}"

    before = src(mark)[: mark.column] if mark is not None else ""
    if "'\\t'" in problem or (mark is not None and "\t" in src(mark)[: mark.column + 1]
                               and "cannot start any token" in problem):
        line = src(mark)
        tab = line.find("\t") if mark is not None else -1
        if mark is not None and tab > 0 and line[:tab].strip() and not line[:tab].strip().endswith((",", "[", "{")):
            # -- a tab after text on the line: inside a value, not indentation --
            return Problem(shown, mark.line + 1, tab + 1, "", "YAML syntax error: a tab character inside "
                           "this text; YAML cannot read a tab there; replace it with a space, or put "
                           "the text in quotes")
        return at(mark, "a tab character here; YAML does not allow tabs for indentation; "
                  "indent with spaces")
    if "while scanning a quoted scalar" in context and "end of stream" in problem:
        q = src(ctx)[ctx.column] if ctx is not None and ctx.column < len(src(ctx)) else '"'
        return at(ctx, f"the quote opened here is never closed; add the closing {q} at the end "
                  "of the value")
    if "while scanning a quoted scalar" in context and "document separator" in problem:
        return at(ctx, "the quote opened here is not closed before the '---' line; close it")
    if context.removeprefix("while parsing a ") in _CLOSERS:
        opener, closer = _CLOSERS[context.removeprefix("while parsing a ")]
        if "<stream end>" in problem:
            return at(ctx, f"the '{opener}' opened here is never closed; add '{closer}' where "
                      "it ends")
        found = re.search(r"but got (.*)$", problem)
        got = _TOKENS.get(found[1].strip("'"), found[1]) if found else "something else"
        return at(mark, f"expected ',' or '{closer}' but found {got}: the '{opener}' opened at "
                  f"{where(ctx)} is not closed before this, or a value in it needs quotes")
    if context == "while parsing a flow node" and "expected the node content" in problem:
        return at(mark, "an empty entry (two commas in a row?) in a [ ] or { } list; remove "
                  "the extra comma or write the value")
    if "mapping values are not allowed" in problem:
        return at(mark, "mapping values are not allowed here; a value containing ': ' must be "
                  "quoted, or the indentation is off")
    if "could not find expected ':'" in problem:
        item = src(ctx).lstrip()
        if item.startswith("-") and item[1:2] not in (" ", ""):
            return at(ctx, f"a list item needs a space after its '-': write '- {item[1:]}'")
        return at(ctx or mark, "a key is missing its ':' (or a text runs onto the next line "
                  "without being quoted); write `key: value`, or quote the text")
    if problem.startswith("expected <block end>"):
        found = re.search(r"but found (.*)$", problem)
        token = found[1].strip("'") if found else ""
        runaway = _runaway_quote(text, mark)
        if token == "<scalar>" and runaway is not None:
            return at(mark, f"the quote opened at {where(runaway)} runs to here; is its closing "
                      f"quote missing on line {runaway.line + 1}?")
        if token in ("<scalar>", "]", "}") and before.rstrip()[-1:] in ("\"", "'", "]", "}"):
            last = before.rstrip()[-1]
            what = "quote" if last in "\"'" else f"'{last}'"
            return at(mark, f"text after the closing {what} of a value; quote the whole value "
                      "or remove the extra text")
        opened = f" that starts at line {ctx.line + 1}" if ctx is not None else ""
        return at(mark, f"bad indentation: found {_TOKENS.get(token, repr(token))} where "
                  f"{_TOKENS['<block end>']}{opened} was expected; check the indentation of this "
                  "line against the lines above")
    if "did not find expected" in problem:
        return at(mark, f"{problem} ({context}); check the indentation of this line against "
                  "the lines above")
    if "found undefined alias" in problem:
        return at(mark, f"{problem}; define the anchor (&name) before using it (*name)")
    if "found duplicate anchor" in context:
        name = re.search(r"anchor '([^']*)'", context)
        first = f" (first at line {ctx.line + 1})" if ctx is not None else ""
        return at(mark, f"anchor '&{name[1] if name else '?'}' is defined twice{first}; give "
                  "each anchor its own name")
    if "while scanning an anchor" in context or "while scanning an alias" in context:
        sign = "&" if "anchor" in context else "*"
        return at(ctx or mark, f"'{sign}' must be followed by an anchor name (letters, digits, "
                  f"'-' or '_'); put the value in quotes if '{sign}' is meant as text")
    if "cannot start any token" in problem:
        ch = re.search(r"character '(.*)' that", problem)
        c = ch[1] if ch else "this character"
        return at(mark, f"'{c}' cannot start a plain value; put the value in quotes "
                  f"(\"{c}...\")")
    if "sequence entries are not allowed here" in problem:
        return at(mark, "a '- ' list cannot start on the same line as its key; put the items on "
                  "the lines below, indented, or write [a, b]")
    if "while scanning a directive" in context:
        return at(mark, f"{problem} (a line starting with '%' is a YAML directive); put a value "
                  "that starts with '%' in quotes")
    if "while scanning a double-quoted scalar" in context and "escape" in problem:
        return at(mark, f"{problem.removeprefix('found ')} in double quotes; write \\\\ for a "
                  "backslash, or use single quotes")
    if "while scanning a block scalar" in context:
        return at(mark, f"{problem} after '|' or '>' (a block scalar); write the text on the "
                  "lines below it, indented")
    if "incompatible YAML document" in problem:
        v = re.search(r"%YAML\s+(\S+)", src(mark))
        version = f"YAML {v[1]}" if v else "this YAML version"
        return at(mark, f"{version} is not supported; remove the %YAML line")
    if "expected a single document" in context:
        return at(mark, "the file holds more than one YAML document (a second '---' here); an "
                  "outline is one document: remove the '---' line or split the file")
    message = problem
    for token, words in _TOKENS.items():
        message = message.replace(f"'{token}'", words)
        if token.startswith("<"):
            message = message.replace(token, words)
    if context:
        message += f" ({context}" + (f" at line {ctx.line + 1}" if ctx is not None and mark is
                                     not None and ctx.line != mark.line else "") + ")"
    return at(mark, message)


def _runaway_quote(text: str, mark: Any) -> Any:
    """Start of a quoted value that spans lines and ends just before `mark`, if there is one.

    A missing closing quote makes YAML read on until the next quote on a later line; the error
    then shows up far from the mistake, so the message points back at where the quote opened.
    """
    last = None
    try:
        for tok in yaml.scan(text, Loader=yaml.SafeLoader):
            if tok.start_mark.index >= mark.index:
                break
            last = tok
    except yaml.YAMLError:
        pass
    if (isinstance(last, yaml.tokens.ScalarToken) and last.style in ('"', "'")
            and last.end_mark.line > last.start_mark.line and last.end_mark.line == mark.line):
        return last.start_mark
    return None


def _depth_message(max_depth: int) -> str:
    return f"nested deeper than {max_depth} levels; raise the limit with REPORTGEN_MAX_DEPTH"


class _TooDeep(Exception):
    def __init__(self, mark: Any) -> None:
        super().__init__("too deep")
        self.mark = mark


class _GuardedLoader(yaml.SafeLoader):
    """PyYAML's safe loader, stopped as soon as collections nest deeper than the limit.

    Deep nesting has to be stopped while scanning: PyYAML's scanner slows down with every open
    `[`/`{` and its composer recurses once per level, so "[[[[..." a few thousand deep would take
    seconds and then overflow the stack long before the data could be checked.
    """

    def __init__(self, stream: str, max_depth: int) -> None:
        super().__init__(stream)
        # -- open collections = depth + 1 (the top-level collection is depth 0, as in _Builder) --
        self._max_open = max_depth + 1

    def _open(self) -> int:
        return self.flow_level + len(self.indents)

    def fetch_flow_collection_start(self, TokenClass: Any) -> None:  # noqa: N803 - PyYAML's name
        mark = self.get_mark()
        super().fetch_flow_collection_start(TokenClass)
        if self._open() > self._max_open:
            raise _TooDeep(mark)

    def add_indent(self, column: int) -> bool:
        added = super().add_indent(column)
        if added and self._open() > self._max_open:
            raise _TooDeep(self.get_mark())
        return added


def _too_deep_for_python(loader: _GuardedLoader, shown: str) -> Problem:
    mark = loader.get_mark()
    return Problem(shown, mark.line + 1, mark.column + 1, "",
                   f"nested {loader._open()} levels deep here, more than the YAML reader can follow; "
                   "flatten the data")


def _reader_problem(e: yaml.reader.ReaderError, shown: str, text: str) -> Problem:
    """A character YAML refuses (control characters): its line, column and code point."""
    pos = e.position
    line = text.count("\n", 0, pos) + 1
    col = pos - (text.rfind("\n", 0, pos) + 1) + 1
    ch = e.character if isinstance(e.character, int) else ord(str(e.character)[:1] or "\0")
    return Problem(shown, line, col, "", f"the control character U+{ch:04X} cannot appear in "
                   "a YAML file; delete it (it is invisible in most editors)")


def _nodes_message(max_nodes: int) -> str:
    return (f"the file expands to more than {max_nodes:,} YAML nodes (aliases expanding to huge "
            "data?); raise the limit with REPORTGEN_MAX_NODES")


def _expansion_problem(root: Node, max_nodes: int, shown: str) -> Problem | None:
    """The node limit, checked before anything is built: a "billion laughs" file costs nothing.

    An alias is the very node its anchor names, so sizes are memoised per node and the whole
    expanded size is known after one visit of each distinct node. When it is over the limit, the
    problem is placed where the expansion crosses it: at the first alias (a node already met
    elsewhere) on the way down, or at the node where the count runs out.
    """
    size: dict[int, int] = {}
    first: dict[int, PathKey] = {}

    def children(node: Node, path: PathKey) -> list[tuple[PathKey, Node, int]]:
        if isinstance(node, SequenceNode):
            return [((*path, i), c, 0) for i, c in enumerate(node.value)]
        if isinstance(node, MappingNode):
            out = []
            for k, v in node.value:
                key = k.value if isinstance(k, ScalarNode) else "<key>"
                out.append(((*path, key), v, size_of(k, (*path, "<key>"))))
            return out
        return []

    def size_of(node: Node, path: PathKey) -> int:
        if id(node) not in size:
            first[id(node)] = path
            size[id(node)] = 1  # -- a node inside itself (recursive alias) counts once --
            size[id(node)] = 1 + sum(extra + size_of(c, p) for p, c, extra in children(node, path))
        return size[id(node)]

    if size_of(root, ()) <= max_nodes:
        return None
    node, path, budget = root, (), max_nodes - 1
    while True:
        for cpath, child, extra in children(node, path):
            need = extra + size[id(child)]
            if need <= budget:
                budget -= need
                continue
            alias = first[id(child)] != cpath
            budget -= extra + 1
            if alias or budget < 0 or not isinstance(child, (SequenceNode, MappingNode)):
                # -- an alias has no position of its own: show the collection it stands in --
                at = node if alias else child
                line, col = at.start_mark.line + 1, at.start_mark.column + 1
                return Problem(shown, line, col, format_path(cpath), _nodes_message(max_nodes))
            node, path = child, cpath
            break
        else:  # pragma: no cover - the sizes say some child crosses the limit
            line, col = node.start_mark.line + 1, node.start_mark.column + 1
            return Problem(shown, line, col, format_path(path), _nodes_message(max_nodes))


def _scalar_constructor() -> yaml.constructor.SafeConstructor:
    c = yaml.constructor.SafeConstructor()
    return c


#: one constructor for ints, floats, booleans and nulls (it keeps no state between scalars)
_SCALARS = _scalar_constructor()


class _Builder:
    def __init__(self, pos: Positions, max_nodes: int, max_depth: int) -> None:
        self.pos = pos
        self.max_nodes = max_nodes
        self.max_depth = max_depth
        self.count = 0
        self.problems: list[Problem] = []
        self._stopped = False
        self._open: set[int] = set()  # -- collections being built: a recursive alias is in here --

    def _at(self, node: Node) -> tuple[int, int]:
        return node.start_mark.line + 1, node.start_mark.column + 1

    def _fail(self, node: Node, path: PathKey, message: str) -> None:
        line, col = self._at(node)
        shown = tuple(p for p in path if p != "<key>")
        self.problems.append(Problem(self.pos.file, line, col, format_path(shown), message))

    def build(self, node: Node, path: PathKey, depth: int) -> Any:
        if self._stopped:
            return None
        self.count += 1
        if self.count > self.max_nodes:
            self._fail(node, path, _nodes_message(self.max_nodes))  # pragma: no cover
            self._stopped = True
            return None
        if depth > self.max_depth:
            self._fail(node, path, _depth_message(self.max_depth))
            self._stopped = True
            return None
        self.pos.values.setdefault(path, self._at(node))
        if isinstance(node, ScalarNode):
            return self._scalar(node, path)
        if id(node) in self._open:
            self._fail(node, path, "this alias refers to the list or mapping it is inside, which "
                       "would contain itself forever; copy the values instead")
            return None
        self._open.add(id(node))
        try:
            return self._collection(node, path, depth)
        finally:
            self._open.discard(id(node))

    def _collection(self, node: Node, path: PathKey, depth: int) -> Any:
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
                if self._stopped:
                    break
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
                self.pos.keys[path + (key,)] = self._at(knode)
                out[key] = self.build(vnode, (*path, key), depth + 1)
            self.pos.values.pop((*path, "<key>"), None)
            return out
        self._bad_tag(node, path)  # pragma: no cover
        return None

    def _folded_item(self, node: ScalarNode, path: PathKey) -> None:
        """Warn when unquoted text runs over a line that starts with '- ': a list item indented
        further than its siblings, which YAML silently joins to the text above."""
        buf = getattr(node.start_mark, "buffer", None)
        if not isinstance(buf, str):
            return
        lines = buf[node.start_mark.index:node.end_mark.index].split("\n")
        for k, line in enumerate(lines[1:], 1):
            if line.lstrip().startswith("- "):
                col = len(line) - len(line.lstrip()) + 1
                shown = format_path(tuple(p for p in path if p != "<key>"))
                warn(f"{self.pos.file}:{node.start_mark.line + k + 1}:{col}: {shown}: this line starts "
                     "with '- ' but YAML joined it to the text above, because it is indented further "
                     "than that list's items; if it is a new item, indent it like the others")
                return

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
            if node.style is None and node.end_mark.line > node.start_mark.line:
                self._folded_item(node, path)
            return node.value
        if tag == "tag:yaml.org,2002:timestamp":
            return node.value  # -- dates stay as written, e.g. "2024-06-20" --
        try:
            return _SCALARS.construct_object(node, deep=True)
        except (yaml.YAMLError, ValueError) as e:
            self._fail(node, path, f"cannot read the value {node.value!r}: {e}")
            return None

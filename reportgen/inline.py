"""Inline markup: parsed once, shared by all renderers.

The markup is a small, predictable subset of Pandoc Markdown:

- `**bold**`, `*italic*` (nest freely: `**bold *both***`), `` `code` `` (literal inside),
- `[label](https://example.org)` (http, https and mailto links; the label may hold emphasis),
- citations `[@id]` and `[@a; @b]`, numbered per audience by `tailor`,
- `${name}` variables, substituted as plain text before parsing; `$${` is a literal `${`,
- a backslash before any ASCII punctuation makes it literal (`\\*`, `\\[`, `\\\\`).

Anything else is literal text, including `<`, `>` and `&`: renderers must escape them for
their format. An unmatched `*` stays a literal `*`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace

from .model import Run, Text

_PUNCT = set("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
_VAR = re.compile(r"\$\$\{|\$\{([^}]*)\}")
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_.-]*$")
_CITE = re.compile(r"\[(\s*@[^\]\s;,]+\s*(?:[;,]\s*@[^\]\s;,]+\s*)*)\]")
_URL_OK = re.compile(r"^(https?://|mailto:)", re.I)


# -- variables -------------------------------------------------------------------------------


def find_variables(text: str) -> list[str]:
    """Names of the `${name}` references in `text` (not `$${`)."""
    return [m.group(1).strip() for m in _VAR.finditer(text) if m.group(0) != "$${"]


def substitute(text: str, variables: Mapping[str, str]) -> str:
    """Replace `${name}` by its value and `$${` by `${`; unknown names raise KeyError."""

    def repl(m: re.Match[str]) -> str:
        if m.group(0) == "$${":
            return "${"
        name = m.group(1).strip()
        if name not in variables:
            raise KeyError(name)
        return str(variables[name])

    return _VAR.sub(repl, text)


# -- parse tree ------------------------------------------------------------------------------


@dataclass
class Node:
    kind: str  # str | strong | emph | code | link | cite
    text: str = ""
    children: list[Node] = field(default_factory=list)
    url: str = ""
    ids: tuple[str, ...] = ()


class InlineError(ValueError):
    """Markup that cannot be meant as written, e.g. a link to `javascript:`."""


@dataclass
class _Delim:
    char: str
    count: int
    can_open: bool
    can_close: bool
    index: int  # position in the token list


def parse(text: str) -> list[Node]:
    """Parse inline markup into a tree of `Node`s. Raises InlineError for a bad link target."""
    tokens: list[Node | _Delim] = []
    buf: list[str] = []
    i, n = 0, len(text)

    def flush() -> None:
        if buf:
            tokens.append(Node("str", "".join(buf)))
            buf.clear()

    while i < n:
        c = text[i]
        if c == "\\" and i + 1 < n and text[i + 1] in _PUNCT:
            buf.append(text[i + 1])
            i += 2
            continue
        if c == "`":
            j = i
            while j < n and text[j] == "`":
                j += 1
            ticks = text[i:j]
            end = text.find(ticks, j)
            while end != -1 and end + len(ticks) < n and text[end + len(ticks)] == "`":
                end = text.find(ticks, end + len(ticks) + 1)
            if end == -1:
                buf.append(ticks)
                i = j
                continue
            flush()
            code = text[j:end]
            if code.startswith(" ") and code.endswith(" ") and code.strip():
                code = code[1:-1]
            tokens.append(Node("code", code))
            i = end + len(ticks)
            continue
        if c == "[":
            m = _CITE.match(text, i)
            if m:
                flush()
                ids = tuple(p.strip().lstrip("@") for p in re.split(r"[;,]", m.group(1)))
                tokens.append(Node("cite", ids=ids))
                i = m.end()
                continue
            link = _match_link(text, i)
            if link is not None:
                label, url, end = link
                if not _URL_OK.match(url):
                    raise InlineError(
                        f"link target '{url}' is not allowed; links must start with "
                        "http://, https:// or mailto:"
                    )
                flush()
                tokens.append(Node("link", url=url, children=parse(label)))
                i = end
                continue
        if c == "*":
            j = i
            while j < n and text[j] == "*":
                j += 1
            before = text[i - 1] if i > 0 else " "
            after = text[j] if j < n else " "
            flush()
            tokens.append(_Delim("*", j - i, not after.isspace(), not before.isspace(), len(tokens)))
            i = j
            continue
        buf.append(c)
        i += 1
    flush()
    return _resolve_emphasis(tokens)


def _match_link(text: str, i: int) -> tuple[str, str, int] | None:
    """`[label](url)` starting at i: (label, url, end) or None."""
    depth, j, n = 0, i, len(text)
    while j < n:
        ch = text[j]
        if ch == "\\":
            j += 2
            continue
        if ch == "[":
            depth += 1
        elif ch == "]":
            depth -= 1
            if depth == 0:
                break
        j += 1
    if j >= n or j + 1 >= n or text[j + 1] != "(":
        return None
    close = text.find(")", j + 2)
    if close == -1:
        return None
    url = text[j + 2 : close].strip()
    if not url or " " in url:
        return None
    return text[i + 1 : j], url, close + 1


def _resolve_emphasis(tokens: list[Node | _Delim]) -> list[Node]:
    """Match `*` runs the CommonMark way (simplified) and build strong/emph nodes."""
    # -- each item: a Node, or a [delim, remaining_count] placeholder --
    items: list[Node | _Delim] = list(tokens)
    # find matches: walk closers left to right, look back for openers
    opens: list[int] = []  # indexes into items of delimiters that can open
    matches: list[tuple[int, int, int]] = []  # (opener idx, closer idx, count)
    remaining = {k: it.count for k, it in enumerate(items) if isinstance(it, _Delim)}
    for k, it in enumerate(items):
        if not isinstance(it, _Delim):
            continue
        if it.can_close:
            while remaining[k] > 0 and opens:
                o = opens[-1]
                use = 2 if remaining[o] >= 2 and remaining[k] >= 2 else 1
                matches.append((o, k, use))
                remaining[o] -= use
                remaining[k] -= use
                if remaining[o] == 0:
                    opens.pop()
        if it.can_open and remaining[k] > 0:
            opens.append(k)
    # build the tree with a stack of (kind, children)
    # -- events: at a delimiter, first the closings it makes (innermost first), then the openings --
    closes_at: dict[int, list[tuple[int, int]]] = {}
    opens_at: dict[int, list[tuple[int, int]]] = {}
    for o, c, use in matches:
        closes_at.setdefault(c, []).append((o, use))
        opens_at.setdefault(o, []).append((c, use))
    root: list[Node] = []
    stack: list[tuple[Node, int]] = []  # (node, closer index)

    def add(node: Node) -> None:
        (stack[-1][0].children if stack else root).append(node)

    for k, it in enumerate(items):
        if isinstance(it, Node):
            add(it)
            continue
        closing = closes_at.get(k, [])
        for _o, _use in closing:
            if stack:
                node, _ = stack.pop()
                add(node)
        used = sum(u for _, u in closing) + sum(u for _, u in opens_at.get(k, []))
        literal = it.count - used
        # -- literal stars of an opener stand before its openings, of a closer after its closings --
        if literal > 0 and not opens_at.get(k):
            add(Node("str", "*" * literal))
            literal = 0
        if literal > 0:
            add(Node("str", "*" * literal))
        # openings: the outermost (matched by the farthest closer) first
        for c, use in sorted(opens_at.get(k, []), key=lambda t: -t[0]):
            stack.append((Node("strong" if use == 2 else "emph"), c))
    while stack:  # pragma: no cover - every opening has its closing by construction
        node, _ = stack.pop()
        add(node)
    return _merge_str(root)


def _merge_str(nodes: list[Node]) -> list[Node]:
    out: list[Node] = []
    for nd in nodes:
        if nd.children:
            nd.children = _merge_str(nd.children)
        if nd.kind == "str" and out and out[-1].kind == "str":
            out[-1] = Node("str", out[-1].text + nd.text)
        else:
            out.append(nd)
    return out


def cite_ids(nodes: list[Node]) -> list[str]:
    """Every cited source id in order of appearance."""
    out: list[str] = []
    for nd in nodes:
        if nd.kind == "cite":
            out.extend(nd.ids)
        out.extend(cite_ids(nd.children))
    return out


# -- runs ------------------------------------------------------------------------------------


#: the no-break space that ties a citation to the word before it, and its numbers together
NBSP = "\u00a0"


def to_runs(nodes: list[Node], number: Callable[[str], int], **fmt: object) -> Text:
    """Flatten a tree into runs; `number(id)` gives the citation number of a source id.

    A citation group is tied to the word before it and within itself with no-break spaces
    ("Pyongyang\u00a0[1,\u00a03]."), so no format starts a line with it or breaks it;
    the punctuation after it is a run of its own, outside any link."""
    return tie_citations(_to_runs(nodes, number, **fmt))


def tie_citations(text: Text) -> Text:
    """`text` with the space before each citation group's `[` made a no-break space."""
    out = list(text)
    for i in range(len(out) - 1):
        if out[i + 1].cite is None or out[i].cite is not None or not out[i].text.endswith("["):
            continue
        head = out[i].text[:-1]
        prev = out[i - 1].text if i > 0 else ""
        if head.endswith((" ", "\t")):
            before = head.rstrip(" \t")
            # -- the word before may end the run before ("*x* [@a]") --
            if before or (prev and not prev[-1].isspace()):
                out[i] = replace(out[i], text=before + NBSP + "[")
        elif not head and prev.endswith((" ", "\t")) and prev.strip() and out[i - 1].cite is None:
            out[i - 1] = replace(out[i - 1], text=prev.rstrip(" \t") + NBSP)  # -- "[" on its own --
    return tuple(out)


def _to_runs(nodes: list[Node], number: Callable[[str], int], **fmt: object) -> Text:
    out: list[Run] = []
    bold = bool(fmt.get("bold"))
    italic = bool(fmt.get("italic"))
    href = fmt.get("href")
    for nd in nodes:
        if nd.kind == "str":
            out.append(Run(nd.text, bold=bold, italic=italic, href=href))  # type: ignore[arg-type]
        elif nd.kind == "code":
            out.append(Run(nd.text, bold=bold, italic=italic, code=True, href=href))  # type: ignore[arg-type]
        elif nd.kind == "strong":
            out.extend(_to_runs(nd.children, number, bold=True, italic=italic, href=href))
        elif nd.kind == "emph":
            out.extend(_to_runs(nd.children, number, bold=bold, italic=not italic, href=href))
        elif nd.kind == "link":
            out.extend(_to_runs(nd.children, number, bold=bold, italic=italic, href=nd.url))
        elif nd.kind == "cite":
            nums = sorted({number(i) for i in nd.ids})
            out.append(Run("[", bold=bold, italic=italic))
            for k, num in enumerate(nums):
                if k:
                    out.append(Run("," + NBSP, bold=bold, italic=italic))
                out.append(Run(str(num), bold=bold, italic=italic, cite=num))
            out.append(Run("]", bold=bold, italic=italic))
    return _merge_runs(out)


def _merge_runs(runs: list[Run]) -> Text:
    out: list[Run] = []
    for r in runs:
        if not r.text:
            continue
        if out and r.cite is None and out[-1].cite is None:
            p = out[-1]
            if (p.bold, p.italic, p.code, p.href) == (r.bold, r.italic, r.code, r.href):
                out[-1] = Run(p.text + r.text, p.bold, p.italic, p.code, p.href)
                continue
        out.append(r)
    return tuple(out)


def render_plain(nodes: list[Node], number: Callable[[str], int] | None = None) -> str:
    """The text of a tree without formatting (citations as `[n]` when `number` is given)."""
    num = number or (lambda _id: 0)
    return "".join(r.text for r in to_runs(nodes, num))


def runs(text: str, number: Callable[[str], int] | None = None) -> Text:
    """Parse `text` and flatten it to runs in one step (for tests and simple callers)."""
    return to_runs(parse(text), number or (lambda _id: 0))

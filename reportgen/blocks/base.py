"""What a block type is made of, and what its tailoring and its check items are given."""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import model as m
from ..inline import Node, render_plain, to_runs
from ..textfields import INLINE, PLAIN, VERBATIM, TextKind, kind_of

# -- tailoring ---------------------------------------------------------------------------------


class Finish:
    """Parsed text -> what the Document holds, once citation numbers are known."""

    def __init__(self, number: Callable[[str], int]) -> None:
        self.number = number

    def runs(self, nodes: list[Node]) -> m.Text:
        return to_runs(nodes, self.number)

    def plain(self, nodes: list[Node]) -> str:
        return render_plain(nodes, self.number)

    def opt_plain(self, nodes: list[Node] | None) -> str | None:
        return render_plain(nodes, self.number) if nodes is not None else None


#: builds a tailored block once citation numbers are known
Make = Callable[[Finish], Any]


class Texts:
    """Text fields processed by their declared kind (`reportgen/textfields.py`): `inline` and
    `plain` fields are parsed now, in reading order, so that their citations are numbered by
    first use; `Finish` turns them into runs or plain text once the numbers are known."""

    def __init__(self, sub: Callable[[str], str], note: Callable[[str], list[Node]]) -> None:
        self.sub = sub
        self._note = note

    def inline(self, model: type, field: str, text: str) -> list[Node]:
        _declared(model, field, INLINE)
        return self._note(text)

    def plain(self, model: type, field: str, text: str) -> list[Node]:
        _declared(model, field, PLAIN)
        return self._note(text)

    def opt_plain(self, model: type, field: str, text: str | None) -> list[Node] | None:
        return self.plain(model, field, text) if text is not None else None

    def verbatim(self, model: type, field: str, text: str | None) -> str | None:
        _declared(model, field, VERBATIM)
        return self.sub(text) if text is not None else None


@functools.cache
def _declared(model: type, field: str, kind: TextKind) -> None:
    declared = kind_of(model, field)
    if declared is not kind:  # pragma: no cover - a programming error, caught by any test
        raise TypeError(f"{model.__name__}.{field} is declared {declared and declared.name}, "
                        f"tailored as {kind.name}")


@dataclass
class Context:
    """What tailoring one block is given."""

    texts: Texts
    #: outline path of the block, e.g. `sections[0].body[2]`
    origin: str
    #: "table" and "figure" numbers handed out so far
    counters: dict[str, int]
    #: an image path of the outline -> the checked file
    resolve: Callable[[str], Path]

    def next_number(self, counter: str) -> int:
        self.counters[counter] = self.counters.get(counter, 0) + 1
        return self.counters[counter]


def list_nodes(items: Iterable[Any], note: Callable[[str], list[Node]]) -> list[tuple[list[Node], list[Any]]]:
    """Outline list entries (text, or a nested list after its item) -> [(nodes, children)]."""
    out: list[tuple[list[Node], list[Any]]] = []
    for it in items:
        if isinstance(it, list):
            if out:
                out[-1][1].extend(list_nodes(it, note))
            else:  # pragma: no cover - load refuses a leading nested list
                out.extend(list_nodes(it, note))
        else:
            # -- `it` itself, not str(it): a per-audience text (`Variants`) keeps its wordings --
            out.append((note(it if isinstance(it, str) else str(it)), []))
    return out


def list_items(items: list[tuple[list[Node], list[Any]]], runs: Callable[[list[Node]], m.Text]) -> tuple[m.ListItem, ...]:
    return tuple(m.ListItem(runs(n), list_items(ch, runs)) for n, ch in items)


# -- portion marks ----------------------------------------------------------------------------


def marked(text: m.Text, mark: str) -> m.Text:
    """`text` after the portion mark `mark` (`(C) `); unchanged when `mark` is ""."""
    return (m.Run(mark), *text) if mark else text


def mark_text(b: Any, mark: str) -> Any:
    """A block whose `text` is the portion (paragraph, quote, callout) with its mark."""
    return dataclasses.replace(b, text=marked(b.text, mark))


def mark_items(b: Any, mark: str) -> Any:
    """A list whose every item, nested ones too, carries the block's mark."""
    def item(it: m.ListItem) -> m.ListItem:
        return m.ListItem(marked(it.text, mark), tuple(item(c) for c in it.children))

    return dataclasses.replace(b, items=tuple(item(i) for i in b.items))


def mark_label(b: Any, mark: str) -> Any:
    """A table or figure, whose caption line (`label`) shows the mark."""
    return dataclasses.replace(b, mark=mark)


# -- check items -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Item:
    """One piece of content a file must show."""

    kind: str  # heading, point, paragraph, cell, ...
    origin: str  # outline path
    text: str  # as the reader sees it
    group: str = ""  # items of one group must appear in order


def text_items(kind: str, origin: str, text: m.Text | str | None, group: str = "") -> list[Item]:
    t = m.plain(text).strip()
    return [Item(kind, origin, t, group)] if t else []


def list_check_items(items: tuple[m.ListItem, ...], origin: str, group: str) -> list[Item]:
    out: list[Item] = []
    for i, it in enumerate(items):
        out += text_items("list item", f"{origin}[{i}]", it.text, group)
        out += list_check_items(it.children, f"{origin}[{i}]", f"{group}[{i}]")
    return out


# -- the registry entry ------------------------------------------------------------------------


@dataclass(frozen=True)
class BlockType:
    """Everything reportgen knows about one block type, in one place.

    Which of its texts hold markup, citations and variables is declared on the outline
    model's field types (`reportgen/textfields.py`). A renderer's handler for `tailored` lives
    in its format's module (`HANDLERS`); the fuzz strategy in `tests/strategies.py`
    (`block_strategies`). `tests/test_blocks.py` fails, naming what is missing, when a
    registered type lacks any of them."""

    #: the key in the outline (`- quote: ...`)
    key: str
    #: the outline model of a body entry of this type (the key plus the audience filters)
    outline: type
    #: the Document's type for it, which every renderer has a handler for
    tailored: type
    #: outline entry -> a function that builds the tailored block once citations are numbered;
    #: parses its texts (by their declared kinds) in reading order now
    tailor: Callable[[Any, Context], Make]
    #: tailored block, format -> what a file must show of it, in order (see `reportgen/check/`)
    items: Callable[[Any, str], list[Item]]
    #: keys that may stand beside the block key, besides the audience filters
    extra_keys: tuple[str, ...] = ()
    #: fields of the outline model whose texts `check` does not look for, with the reason
    unchecked: tuple[str, ...] = ()
    #: checks across the outline beyond the model's own, for `load`:
    #: (entry, data path, loaded outline) -> problems with positions
    problems: Callable[[Any, tuple[Any, ...], Any], list[Any]] | None = None
    #: (tailored block, portion mark such as `(C) `) -> the block showing that mark on each of
    #: its portions (`meta.portion_marks`; README "Sensitivity levels and portion marks")
    mark: Callable[[Any, str], Any] = mark_text

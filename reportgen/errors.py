"""Problems found in user input, reported as `file:line:col: path: what is wrong; what to do`."""

from __future__ import annotations

import difflib
import warnings
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with an input file, with its position."""

    file: str
    line: int  # 1-based; 0 when unknown
    col: int  # 1-based; 0 when unknown
    path: str  # outline path, e.g. sections[2].body[1].table.rows[3]; "" for the whole file
    message: str

    def __str__(self) -> str:
        where = self.file
        if self.line:
            where += f":{self.line}:{self.col}"
        return f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"


class ReportgenError(Exception):
    """An error a user can fix; its text is shown without a traceback."""

    exit_code = 2

    def __init__(self, message: str, problems: Iterable[Problem] = ()) -> None:
        self.problems = sorted(set(problems))
        super().__init__(message)

    def __str__(self) -> str:
        head = self.args[0] if self.args else ""
        if not self.problems:
            return head
        lines = [str(p) for p in self.problems]
        if head:
            lines.append(head)
        return "\n".join(lines)


class InputError(ReportgenError):
    """The outline, a theme or an image is wrong: exit code 2."""


class OutputError(ReportgenError):
    """An output could not be written (folder missing, disk full, file locked): exit code 3."""

    exit_code = 3


class ReportgenWarning(UserWarning):
    """Something was changed or left out to make the output writable; the build still succeeds."""


def warn(message: str) -> None:
    """Report a `ReportgenWarning`; the CLI prints it, tests can `pytest.warns` it."""
    warnings.warn(ReportgenWarning(message), stacklevel=2)


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """` (did you mean 'x'?)` for the closest choice, or ""."""
    choices = [c for c in choices if c]
    low = {c.lower(): c for c in choices}
    match = difflib.get_close_matches(word.lower(), list(low), n=1, cutoff=0.6)
    return f" (did you mean '{low[match[0]]}'?)" if match else ""


def one_of(choices: Iterable[str]) -> str:
    """`one of 'a', 'b' or 'c'`."""
    items = [f"'{c}'" for c in choices]
    if not items:
        return "nothing"
    if len(items) == 1:
        return items[0]
    return "one of " + ", ".join(items[:-1]) + " or " + items[-1]

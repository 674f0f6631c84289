"""Numbered copies: one file per recipient and format, and a register of what was issued.

An audience with `recipients:` gets, per format, `<stem>-<audience>-copy01.<ext>`, ... instead
of one unnumbered file: each is the audience's file stamped with "Copy 1 of 12 — Deputy
Secretary, Ministry of Foreign Affairs" on every page, slide or header and in its metadata
(`render/stamp.py`). `<stem>-<audience>-register.csv` lists copy, recipient, organisation,
format, file and SHA-256. `reportgen trace FILE` says which copy a file is: from its metadata,
else from a register's hashes, else from the copy line printed on it (README "Numbered copies").
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .labels import BUILTIN, ENGLISH, Labels, labels_for

#: the register's columns, in order
REGISTER_COLUMNS = ("copy", "recipient", "organisation", "format", "file", "sha256")
#: the dash between "Copy 1 of 12" and the recipient
DASH = " — "


@dataclass(frozen=True)
class Copy:
    """One numbered copy of an audience's files."""

    number: int
    total: int
    name: str
    org: str | None = None

    @property
    def recipient(self) -> str:
        """`Deputy Secretary, Ministry of Foreign Affairs`."""
        return f"{self.name}, {self.org}" if self.org else self.name

    def line(self, labels: Labels = ENGLISH) -> str:
        """`Copy 1 of 12 — Deputy Secretary, Ministry of Foreign Affairs`."""
        return f"{labels.copy_of(self.number, self.total)}{DASH}{self.recipient}"

    def file_name(self, stem: str, audience: str, ext: str) -> str:
        """`outline-leadership-copy01.pdf` (three digits from 100 copies on)."""
        width = max(2, len(str(self.total)))
        return f"{stem}-{audience}-copy{self.number:0{width}d}.{ext}"


def register_name(stem: str, audience: str) -> str:
    return f"{stem}-{audience}-register.csv"


def copies_for(recipients: Iterable[tuple[str, str | None]]) -> list[Copy]:
    """The copies of a list of (name, organisation), numbered from 1."""
    people = list(recipients)
    return [Copy(i, len(people), name, org) for i, (name, org) in enumerate(people, 1)]


# -- the register ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    """One row of a register: one copy in one format."""

    copy: int
    recipient: str
    organisation: str
    format: str
    file: str
    sha256: str


def register_bytes(entries: Iterable[Entry]) -> bytes:
    """The register as CSV (UTF-8, one header row), sorted by copy and then format as built."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(REGISTER_COLUMNS)
    for e in entries:
        w.writerow([e.copy, e.recipient, e.organisation, e.format, e.file, e.sha256])
    return buf.getvalue().encode("utf-8")


def read_register(path: Path) -> list[Entry]:
    """The rows of a register file; [] when it cannot be read as one."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return []
    rows = list(csv.reader(io.StringIO(text)))
    if not rows or tuple(rows[0]) != REGISTER_COLUMNS:
        return []
    out = []
    for r in rows[1:]:
        if len(r) == len(REGISTER_COLUMNS) and r[0].isdigit():
            out.append(Entry(int(r[0]), r[1], r[2], r[3], r[4], r[5]))
    return out


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# -- tracing a file back to its copy --------------------------------------------------------------


@dataclass(frozen=True)
class Traced:
    """Which copy a file is, and how that was found."""

    copy: int
    copies: int | None
    recipient: str
    #: "metadata", "register" or "copy line"
    how: str
    #: the register that lists the file's hash, when one does
    register: Path | None = None
    #: the register's file name for that copy
    issued_as: str | None = None


def parse_line(line: str, labels: Iterable[Labels] | None = None) -> tuple[int, int, str] | None:
    """(copy, copies, recipient) of a copy line in any built-in language, else None."""
    text = " ".join(line.split())
    for words in labels or all_labels():
        m = re.search(words.copy_pattern() + r"\s*[—–-]\s*(?P<who>.+)", text)
        if m:
            return int(m.group("copy")), int(m.group("copies")), m.group("who").strip()
    return None


def all_labels() -> list[Labels]:
    return [labels_for(lang) for lang in BUILTIN]


def registers_near(path: Path) -> list[Path]:
    """The registers in the file's folder."""
    try:
        return sorted(path.parent.glob("*-register.csv"))
    except OSError:
        return []


def trace(path: Path, registers: list[Path] | None = None) -> Traced | None:
    """Which numbered copy the file at `path` is, or None when it matches none."""
    from .formats import FORMATS
    from .render.stamp import copy_metadata

    data = path.read_bytes()
    ext = path.suffix.lstrip(".").lower()
    regs = registers if registers is not None else registers_near(path)
    digest = sha256(data)
    by_hash = [(reg, e) for reg in regs for e in read_register(reg) if e.sha256 == digest]
    fmt = FORMATS.get(ext)
    if fmt is not None:
        line = copy_metadata(fmt.name, data)
        got = parse_line(line) if line else None
        if got is not None:
            reg, entry = by_hash[0] if by_hash else (None, None)
            return Traced(got[0], got[1], got[2], "metadata", reg, entry.file if entry else None)
    if by_hash:
        reg, e = by_hash[0]
        total = max((x.copy for x in read_register(reg)), default=None)
        who = f"{e.recipient}, {e.organisation}" if e.organisation else e.recipient
        return Traced(e.copy, total, who, "register", reg, e.file)
    if fmt is not None:
        try:
            ex = fmt.read(data)
        except Exception:  # noqa: BLE001 -- an unreadable file shows no copy line --
            return None
        for page in [*ex.furniture, *ex.pages, ex.text]:
            for raw in page.splitlines() or [page]:
                got = parse_line(raw)
                if got is not None:
                    return Traced(got[0], got[1], _known(got[2], regs), "copy line")
    return None


def _known(seen: str, regs: list[Path]) -> str:
    """The recipient as a register names them when the line read back starts with that name
    (text extraction may run the marking or page number into the same line)."""
    flat = re.sub(r"\s+", "", seen)
    for reg in regs:
        for e in read_register(reg):
            who = f"{e.recipient}, {e.organisation}" if e.organisation else e.recipient
            if flat.startswith(re.sub(r"\s+", "", who)):
                return who
    return seen

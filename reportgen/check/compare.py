"""Comparing a file's text with its Document: missing, out of order, leaked; marking, page
numbers and page budget."""

from __future__ import annotations

import dataclasses
import io
import re
from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Union

from .. import model as m
from ..bidi import bidi_class, has_rtl
from ..formats import get as get_format
from ..render.chartstyle import alt_text
from .expected import expected_items
from .readers import Extracted
from .text import norm


@dataclass
class Finding:
    kind: str  # missing | out of order | leaked | marking | page numbers | page budget
    origin: str
    text: str

    def __str__(self) -> str:
        short = self.text if len(self.text) <= 70 else self.text[:67] + "..."
        if self.kind in ("missing", "out of order", "leaked"):
            short = repr(short)  # -- the outline's text, quoted; a finding's own words are not --
        return f"{self.kind}: {self.origin}: {short}" if self.origin else f"{self.kind}: {short}"


@dataclass
class Report:
    audience: str
    fmt: str
    expected: int = 0
    found: int = 0
    findings: list[Finding] = field(default_factory=list)
    #: a numbered copy's number (0: the audience's one file)
    copy: int = 0

    def count(self, kind: str) -> int:
        return sum(1 for f in self.findings if f.kind == kind)

    @property
    def ok(self) -> bool:
        return not self.findings


#: the outline as a whole, for the leak check: one Document, or one per audience's wording
#: (`tailor.everything_worded`), since another audience's wording must not reach this one
Everything = Union[m.Document, Sequence[m.Document], None]


def compare(doc: m.Document, fmt: str, ex: Extracted, everything: Everything = None) -> Report:
    """Check one file's extracted text against its audience's Document."""
    form = get_format(fmt)
    rep = Report(doc.audience, fmt)
    stream = norm(ex.text, fmt)
    rtl_file = has_rtl(stream)
    starts = _page_starts(ex, fmt)
    items = expected_items(doc, fmt)
    rep.expected = len(items)
    last_pos: dict[str, int] = {}
    for it in items:
        key = norm(it.text, fmt)
        if not key:
            rep.expected -= 1
            continue
        find = _finder(it.text, key, fmt, stream, rtl_file, starts if it.kind in _ROW_CELLS else None)
        pos = find(0)
        if pos < 0:
            wrong = _wrong_mark(doc, it.text, fmt, stream)
            rep.findings.append(Finding("portion mark", it.origin, wrong) if wrong
                                else Finding("missing", it.origin, it.text))
            continue
        rep.found += 1
        if it.group:
            start = last_pos.get(it.group, -1)
            after = find(start + 1) if start >= 0 else pos
            if after < 0:
                rep.findings.append(Finding("out of order", it.origin, it.text))
            else:
                last_pos[it.group] = after
    # -- marking on every page / slide / header --
    mk = norm(doc.marking, fmt)
    if mk:  # -- a marking of emoji alone has no glyph in the handout: nothing to look for --
        pages = ex.furniture or [ex.text]
        # -- found as items are: a long marking may break at its soft hyphen, showing one --
        bad = [i + 1 for i, pg in enumerate(pages)
               if _finder(doc.marking, mk, fmt, n := norm(pg, fmt), has_rtl(n))(0) < 0]
        if bad or not pages:
            rep.findings.append(Finding("marking", "", f"'{doc.marking}' missing on {form.furniture} "
                                        f"{', '.join(map(str, bad[:10]))}"))
    if doc.levels:
        rep.findings += sensitivity(doc, ex, fmt)
    if form.paginated and doc.max_pages is not None and len(ex.pages) > doc.max_pages:
        rep.findings.append(Finding("page budget", f"audiences.{doc.audience}.max_pages",
                                    f"{len(ex.pages)} pages, over the budget of {doc.max_pages}"))
    if form.slides and doc.max_slides is not None and len(ex.pages) > doc.max_slides:
        rep.findings.append(Finding("slide budget", f"audiences.{doc.audience}.max_slides",
                                    f"{len(ex.pages)} slides, over the budget of {doc.max_slides}"))
    if form.numbered and not ex.page_numbers:
        rep.findings.append(Finding("page numbers", "", form.no_page_numbers))
    views = [everything] if isinstance(everything, m.Document) else list(everything or ())
    seen: set[tuple[str, str]] = set()
    for view in views:
        for f in leaks(doc, view, fmt, ex.text, ex):
            if (f.origin, f.text) not in seen:
                seen.add((f.origin, f.text))
                rep.findings.append(f)
    return rep


#: items that are cells of a table row: a row taller than a page is split over pages, and the
#: handout draws each cell's first part, the other cells' and the repeated header before the
#: cell's second part
_ROW_CELLS = frozenset({"cell", "event"})


def _page_starts(ex: Extracted, fmt: str, raw: str | None = None,
                 prepare: Callable[[str], str] = str) -> list[int]:
    """Where each page's content starts in `norm(prepare(raw))` (`raw`: the file's text)."""
    if not get_format(fmt).paginated or not ex.page_starts:
        return []
    raw = ex.text if raw is None else raw
    out, at = [], 0
    for a, b in zip(ex.page_starts, [*ex.page_starts[1:], len(raw)], strict=True):
        out.append(at)
        at += len(norm(prepare(raw[a:b]), fmt))
    return out


def _finder(text: str, key: str, fmt: str, stream: str, rtl_file: bool = False,
            pages: list[int] | None = None) -> Callable[[int], int]:
    """Where `key` stands in `stream` from a position on, or -1 (see `_pattern`). With `pages`
    (the cell of a table row), also where it starts when it stands in parts on successive
    pages (`_across_pages`)."""
    pattern = _pattern(text, key, fmt, rtl_file)

    def whole(start: int) -> int:
        if pattern is None:
            return stream.find(key, start)
        m = pattern.search(stream, start)
        return m.start() if m else -1

    if not pages:
        return whole

    def find(start: int) -> int:
        p = whole(start)
        if p < 0:
            parts = _across_pages(key, stream, start, pages)
            p = parts[0][0] if parts else -1
        return p

    return find


def _across_pages(key: str, stream: str, start: int, pages: list[int]) -> list[tuple[int, int]]:
    """The spans of `key` in `stream` from `start` on when it stands in parts, each part on a
    later page than the one before ends (a table row split over pages); [] when it does not.
    Each part is the longest beginning of what is left that stands from there on, up to the
    end of its page; the first is tried at each place where it stands (another cell may begin
    alike), up to 20."""
    for _ in range(20):
        parts, ok = _parts_from(key, stream, start, pages)
        if ok or not parts:
            return parts
        start = parts[0][0] + 1
    return []


def _parts_from(key: str, stream: str, start: int, pages: list[int]) -> tuple[list[tuple[int, int]], bool]:
    """`_across_pages` from one start: the parts found, and whether they make up `key`."""
    parts: list[tuple[int, int]] = []
    i, at = 0, start
    while i < len(key):
        if len(parts) > len(pages) or stream.find(key[i], at) < 0:
            return parts, False
        lo, hi = 1, len(key) - i
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if stream.find(key[i:i + mid], at) >= 0:
                lo = mid
            else:
                hi = mid - 1
        p = stream.find(key[i:i + lo], at)
        page = bisect_right(pages, p)
        if parts and page <= bisect_right(pages, parts[-1][1] - 1):
            return parts, False  # -- a part must start on a page after the one where the last ended --
        # -- and ends on its page: what follows there is the next page's header or cells --
        lo = min(lo, pages[page] - p) if page < len(pages) else lo
        parts.append((p, p + lo))
        i, at = i + lo, p + lo
    return parts, True


def _spans(text: str, key: str, fmt: str, stream: str, rtl_file: bool) -> list[tuple[int, int]]:
    """Every place (overlapping ones too) where `key` stands in `stream`, as `_finder` finds
    it: `compare` and `leaks` must agree on where an item stands, or an item `compare` found
    is not accounted for in the leak check."""
    pattern = _pattern(text, key, fmt, rtl_file)
    if pattern is None:
        return [(p, p + len(key)) for p in _places(stream, key)]
    out = []
    mt = pattern.search(stream)
    while mt:
        out.append(mt.span())
        mt = pattern.search(stream, mt.start() + 1)
    return out


def _pattern(text: str, key: str, fmt: str, rtl_file: bool = False) -> re.Pattern[str] | None:
    """How the item `text` (normalized: `key`) is looked for in a file's text, or None for an
    exact search. A line broken at a soft hyphen shows a hyphen there (the handout does), so
    at each soft hyphen of `text` one may stand.
    Readers of a PDF cannot know a paragraph's direction, so punctuation next to right-to-left
    letters may be read in either order (pypdf and pdftotext count it into the right-to-left
    run): there, a run of such punctuation matches in any order."""
    form = get_format(fmt)
    # -- pypdf also carries a right-to-left line's direction into the punctuation that starts
    # the next one ("&#0;" under an Arabic title reads "#&0;"): in a file with right-to-left
    # text, punctuation at either end of a piece is let go too --
    rtl = form.paginated and (rtl_file or has_rtl(key))
    if not rtl and ("\u00ad" not in text or not form.paginated):
        return None
    pieces = [norm(part, fmt) for part in text.split("\u00ad")] if form.paginated else [key]
    return re.compile("-?".join(_loose_neutrals(p) if rtl else re.escape(p) for p in pieces))


def _loose_neutrals(key: str) -> str:
    """A pattern for `key` in which each run of neutral characters (punctuation, symbols)
    beside a right-to-left letter, or at either end of `key`, matches those characters in any
    order."""
    out: list[str] = []
    i = 0
    while i < len(key):
        j = i
        while j < len(key) and bidi_class(key[j]) in _NEUTRAL:
            j += 1
        if j == i:
            out.append(re.escape(key[i]))
            i += 1
            continue
        beside = i == 0 or j == len(key) or bidi_class(key[i - 1]) in ("R", "AL") or (
            bidi_class(key[j]) in ("R", "AL"))
        run = key[i:j]
        if beside and len(set(run)) > 1:
            out.append("[" + "".join(re.escape(c) for c in sorted(set(run))) + f"]{{{len(run)}}}")
        else:
            out.append(re.escape(run))
        i = j
    return "".join(out)


#: bidi classes whose order a reader of a PDF decides for itself next to right-to-left text
_NEUTRAL = frozenset({"ON", "ET", "ES", "CS", "WS", "S"})


def _marks(doc: m.Document) -> re.Pattern[str]:
    """A portion mark of any of `doc`'s levels, with the level's name as group 1."""
    names = sorted((n for n, _ in doc.levels), key=len, reverse=True)
    return re.compile(r"\((" + "|".join(re.escape(n) for n in names) + r")\)(?=\s)")


def _unmarked(doc: m.Document, text: str) -> str:
    """`text` without the portion mark it starts with."""
    if not doc.portion_marks or not doc.levels:
        return text
    return re.sub(r"^\s*" + _marks(doc).pattern + r"\s*", "", text)


def _wrong_mark(doc: m.Document, text: str, fmt: str, stream: str) -> str:
    """For an item not found: "marked (U), not (C): text" when its text stands in the file
    after another level's portion mark; else ""."""
    if not doc.portion_marks or not doc.levels:
        return ""
    head = _marks(doc).match(text.strip())
    bare = norm(_unmarked(doc, text), fmt)
    if head is None or not bare:
        return ""
    p = stream.find(bare)
    while p >= 0:
        for name, _ in doc.levels:
            if name != head.group(1) and stream[:p].endswith(norm(f"({name})", fmt)):
                return f"marked ({name}), not ({head.group(1)}): {_unmarked(doc, text)}"
        p = stream.find(bare, p + 1)
    return ""


def sensitivity(doc: m.Document, ex: Extracted, fmt: str) -> list[Finding]:
    """The banner and portion marks of a file read back: the banner in its metadata; no
    portion above the banner any page shows, nor above the audience's `max_level`."""
    out: list[Finding] = []
    names = [n for n, _ in doc.levels]
    rank = {n: i for i, n in enumerate(names)}
    if ex.metadata is not None and norm(doc.marking) not in norm(ex.metadata):
        out.append(Finding("banner", "", f"'{doc.marking}' missing from the file's metadata"))
    found = {mt.group(1) for mt in _marks(doc).finditer(ex.text)} if doc.portion_marks else set()
    if not found:
        return out
    top = max(found, key=rank.__getitem__)
    # -- the weakest banner any page shows: the highest level whose banner stands on it --
    pages = ex.furniture or [ex.text]
    shown = [max((i for i, (_, b) in enumerate(doc.levels) if norm(b) in norm(pg)), default=-1)
             for pg in pages]
    weakest = min(shown, default=-1)
    if weakest < rank[top]:
        banner = doc.levels[weakest][1] if weakest >= 0 else "none"
        out.append(Finding("banner", "", f"a ({top}) portion in a file whose banner is {banner}; "
                                         f"the banner must be {doc.levels[rank[top]][1]} or higher"))
    if doc.max_level is not None and rank[top] > rank.get(doc.max_level, len(names)):
        above = sorted((n for n in found if rank[n] > rank[doc.max_level]), key=rank.__getitem__)
        out.append(Finding("leaked", f"audiences.{doc.audience}.max_level",
                           f"({', '.join(above)}) portions, above this audience's max_level {doc.max_level}"))
    return out


_CITATION = re.compile(r"\[\d+(?:,\s*\d+)*\]")


def _nocite(text: str) -> str:
    """Text without citation numbers, which differ between audiences for the same sentence."""
    return _CITATION.sub("", text)


def leaks(doc: m.Document, everything: m.Document, fmt: str, raw: str,
          ex: Extracted | None = None) -> list[Finding]:
    """Content of the full outline that this audience must not get, found in its file.

    Judged by where the file's text came from: every place where one of the audience's own
    items stands (found as `compare` finds them, at each place it stands) is accounted for.
    A hidden item leaks when it stands somewhere in the file not wholly accounted for by the
    audience's own items; text that merely repeats what the audience may see, or that reads
    across the seam of two of its items, is no leak. `ex`, the file read back, says where its
    pages start, for the cells of a table row split over pages (`_across_pages`)."""
    stream = norm(_nocite(raw), fmt)
    pages = _page_starts(ex, fmt, raw, _nocite) if ex is not None else []
    own = expected_items(doc, fmt)
    mine = [_nocite(i.text) for i in own]
    cells = {_nocite(i.text) for i in own if i.kind in _ROW_CELLS}
    # -- the audience's own chart categories, units and alt text are in its file too (not
    # checked as items: axis labels wrap and slant, and the handout prints no alt text) --
    mine += [t for sec in doc.all_sections() for b in sec.body if isinstance(b, m.Chart)
             for t in (*b.categories, b.unit or "", alt_text(b))]
    # -- and the fixed wording the model builds for it --
    mine.append(m.plain(doc.estimative_note))
    rtl_file = has_rtl(stream)
    covered = _provenance(stream, mine, fmt, rtl_file, pages, cells)
    out = []
    annex = re.escape(everything.labels.annex)
    for it in expected_items(everything, fmt):
        # -- judged by content: a leaked portion need not carry its mark --
        it = dataclasses.replace(it, text=_unmarked(everything, re.sub(rf"^(\d+(\.\d+)*|{annex} [A-Z]+:)\s+(?=\()", "", it.text)))
        text = _nocite(it.text)
        if it.kind in ("title", "subtitle", "author", "organization", "audience label", "caption",
                       "slide title", "heading", "likelihood", "owner/due", "source", "column", "date"):
            # -- numbering shifts between audiences; labels repeat: judge leaks by content --
            if it.kind not in ("heading", "slide title", "source"):
                continue
            text = re.sub(rf"^(\d+(\.\d+)*|{annex} [A-Z]+:)\s+", "", it.text)
        key = norm(text, fmt)
        if len(key) < 12:
            continue  # -- a short text stands anywhere by coincidence --
        # -- a hidden cell may stand in parts on successive pages; a short part may stand
        # anywhere (a whole place is never under 12: shorter keys are skipped above) --
        spans = _places_of(text, key, fmt, stream, rtl_file, pages if it.kind in _ROW_CELLS else [])
        if any(0 in covered[a:b] for a, b in spans if b - a >= 12):
            out.append(Finding("leaked", it.origin, it.text))
    return out


def _places(stream: str, key: str) -> list[int]:
    """Every position where `key` starts in `stream` (overlapping ones too)."""
    out = []
    p = stream.find(key)
    while p >= 0:
        out.append(p)
        p = stream.find(key, p + 1)
    return out


def _provenance(stream: str, texts: list[str], fmt: str, rtl_file: bool,
                pages: list[int] | None = None, cells: set[str] | frozenset[str] = frozenset()) -> bytearray:
    """Per character of `stream`: 1 where one of `texts` stands (at any of its places), else 0;
    those of `cells` (of table rows) also where they stand in parts over `pages`."""
    covered = bytearray(len(stream))
    for text in dict.fromkeys(texts):
        key = norm(text, fmt)
        if not key:
            continue
        for a, b in _places_of(text, key, fmt, stream, rtl_file, pages if text in cells else []):
            covered[a:b] = b"\x01" * (b - a)
    return covered


def _places_of(text: str, key: str, fmt: str, stream: str, rtl_file: bool,
               pages: list[int] | None) -> list[tuple[int, int]]:
    """`_spans`; when `key` stands nowhere whole and `pages` are given (a table row's cell),
    the parts it stands in over successive pages (`_across_pages`)."""
    spans = _spans(text, key, fmt, stream, rtl_file)
    return spans if spans or not pages else _across_pages(key, stream, 0, pages)


def copy_findings(fmt: str, data: bytes, ex: Extracted, line: str) -> list[Finding]:
    """A numbered copy's line: on every page, slide or header (as the marking must be), and
    the same in the file's metadata."""
    from ..render.stamp import copy_metadata

    form = get_format(fmt)
    key = norm(line, fmt)
    pages = ex.furniture or [ex.text]
    if form.furniture == "header/footer":
        # -- the brief's header repeats on every page (or its footer, as the theme places the
        # line): one of them carries it --
        pages = [" ".join(pages)]
    bad = [i + 1 for i, pg in enumerate(pages) if key not in norm(pg, fmt)]
    out = []
    if bad or not pages:
        out.append(Finding("copy", "", f"'{line}' missing on {form.furniture} {', '.join(map(str, bad[:10]))}"))
    meta = copy_metadata(fmt, data)
    if meta != line:
        out.append(Finding("copy", "", f"metadata says {meta!r}, not {line!r}" if meta else
                           f"no copy line in the metadata (expected {line!r})"))
    return out


# -- list numbers: key judgments and recommendations show the numbers the Document gives them
# (dense, or the full outline's with `numbering: stable`) --


def list_numbers(fmt: str, data: bytes, ex: Extracted, starts: list[str]) -> list[int | None]:
    """The number shown before the list item that begins with each of `starts` (normalised
    text), read as its reader sees it: Word's numbering (`w:numPr` and the list's
    `w:startOverride`), the deck's `a:buAutoNum startAt`, the handout's drawn "3."; None
    where no such numbered item is found."""
    # -- an item is looked for only when its start is long enough and stands once in the file:
    # a short or repeated start (a numbered body list saying the same) could be found at the
    # wrong item --
    stream = norm(ex.text, fmt)
    keys = [k if len(k) >= 12 and stream.count(k) == 1 else "" for k in (norm(s, fmt)[:24] for s in starts)]
    found: dict[int, int] = {}
    if fmt == "docx":
        import docx
        from docx.oxml.ns import qn

        d = docx.Document(io.BytesIO(data))
        part = d.part.numbering_part.element
        first = {}
        for num in part.findall(qn("w:num")):
            so = num.find(f"{qn('w:lvlOverride')}/{qn('w:startOverride')}")
            first[num.get(qn("w:numId"))] = int(so.get(qn("w:val"))) if so is not None else 1
        counters: dict[str, int] = {}
        for p in d.element.body.iter(qn("w:p")):
            ids = p.xpath("./w:pPr/w:numPr/w:numId/@w:val")
            if not ids or ids[0] not in first:
                continue
            n = counters.get(ids[0], first[ids[0]] - 1) + 1
            counters[ids[0]] = n
            text = norm("".join(t.text or "" for t in p.iter(qn("w:t"))), fmt)
            for i, k in enumerate(keys):
                if k and i not in found and text.startswith(k):
                    found[i] = n
                    break  # -- one paragraph is one item, even when two items start alike --
    elif fmt == "pptx":
        from pptx import Presentation

        for slide in Presentation(io.BytesIO(data)).slides:
            for sh in slide.shapes:
                if not sh.has_text_frame:
                    continue
                for p in sh.text_frame.paragraphs:
                    auto = p._p.xpath("./a:pPr/a:buAutoNum/@startAt")
                    if not p._p.xpath("./a:pPr/a:buAutoNum"):
                        continue
                    text = norm(p.text, fmt)
                    for i, k in enumerate(keys):
                        if k and i not in found and text.startswith(k):
                            found[i] = int(auto[0]) if auto else 1
                            break
    else:
        # -- the drawn number stands before the item's text, apart from what precedes it (a
        # due date's digits run into it once white space is taken out) --
        pos = 0
        for i, start in enumerate(starts):
            chars = [c for c in start if not c.isspace()][:24]
            if not chars or not keys[i]:
                continue
            pattern = r"(?:^|\s)(\d{1,4})\.\s*" + r"\s*".join(re.escape(c) for c in chars)
            hit = re.compile(pattern).search(ex.text, pos)
            if hit:
                found[i] = int(hit.group(1))
                pos = hit.end()
    return [found.get(i) for i in range(len(starts))]


def number_findings(doc: m.Document, fmt: str, data: bytes, ex: Extracted) -> list[Finding]:
    """Judgments and recommendations whose number in the file is not the one `doc` gives."""
    out = []
    lists: list[tuple[list[tuple[str, m.Text]], list[int], str]] = [
        ([(j.origin, j.text) for j in doc.key_judgments], doc.judgment_numbers(), "key judgment"),
        ([(r.origin, r.text) for r in doc.recommendations], doc.recommendation_numbers(), "recommendation")]
    for items, numbers, what in lists:
        if not items:
            continue
        shown = list_numbers(fmt, data, ex, [m.plain(text) for _, text in items])
        for (origin, _), want, got in zip(items, numbers, shown, strict=True):
            if got is not None and got != want:
                out.append(Finding("numbering", origin, f"{what} shows number {got}, not {want}"
                                   + (" (numbering: stable)" if doc.numbering == "stable" else "")))
    return out


def check_files(doc: m.Document, files: dict[str, bytes], everything: Everything,
                copy_line: str | None = None, copy: int = 0) -> list[Report]:
    """Check each file (by format) against `doc`; for a numbered copy, `copy_line` is the line
    it must carry (`copy_findings`) and `copy` its number."""
    out = []
    for fmt, data in files.items():
        form = get_format(fmt)
        try:
            ex = form.read(data, doc.labels)
        except Exception as e:  # noqa: BLE001 - any reader failure means the file is unreadable
            rep = Report(doc.audience, fmt, copy=copy)
            rep.findings.append(Finding("unreadable", "", f"{type(e).__name__}: {e}"))
            out.append(rep)
            continue
        rep = compare(doc, fmt, ex, everything)
        rep.copy = copy
        rep.findings += number_findings(doc, fmt, data, ex)
        if copy_line is not None:
            rep.findings += copy_findings(fmt, data, ex, copy_line)
        out.append(rep)
    return out



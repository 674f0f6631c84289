"""`reportgen check` and `reportgen diff`: prove that the outputs say what the outline says.

`check` reads every output back (python-docx, python-pptx with speaker notes and chart data,
pypdf) and compares it with the tailored Document of its audience:

- every expected item (title, headline, point, paragraph, list item, table cell, chart title and
  series name, quote, callout, judgment with its likelihood and confidence, recommendation,
  source, section number) is found in the file's text;
- items that belong together keep their order (sections, the points of a section, the rows of
  a table, the items of a list, judgments, recommendations, sources);
- the marking is on every page or slide, and page numbers are there;
- nothing the audience's rules removed has leaked in (sections, blocks, points, sources that
  only a fuller view of the outline contains).

Text is compared after removing all white space and case, so line wrapping, slide splitting and
table layout do not matter, but every character of the content does.
"""

from __future__ import annotations

import argparse
import io
import re
import unicodedata
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import model as m
from .labels import ENGLISH, Labels
from .model import plain
from .render.slides import CONTINUED_ROW_TABLE

#: white space, invisible characters, and control characters: the outline cannot hold the
#: latter (load removes them), so in extracted text they are artifacts (pypdf reads a zero-width
#: space drawn in the Hangul font as U+0000)
_WS = re.compile(r"[\s\u200b\u200c\u200d\u2060\u00ad\ufeff\x00-\x1f\x7f]+")


_NO_GLYPH = re.compile("[\U0001F000-\U0001FAFF\uFE0F]")


def norm(text: str, fmt: str = "") -> str:
    """Text for comparison: NFKC, case-folded, without white space and without invisible format
    characters (zero-width, bidi controls, soft hyphens: category Cf), which no reader sees."""
    t = _WS.sub("", unicodedata.normalize("NFKC", text)).casefold()
    if fmt == "pdf":
        # -- emoji have no glyph in any embedded font; the handout warns and leaves them out --
        t = _NO_GLYPH.sub("", t)
    return "".join(c for c in t if unicodedata.category(c) != "Cf") if not t.isascii() else t


# -- expected items -------------------------------------------------------------------------


@dataclass(frozen=True)
class Item:
    """One piece of content a file must show."""

    kind: str  # heading, point, paragraph, cell, ...
    origin: str  # outline path
    text: str  # as the reader sees it
    group: str = ""  # items of one group must appear in order


def _text_items(kind: str, origin: str, text: m.Text | str, group: str = "") -> list[Item]:
    t = plain(text).strip()
    return [Item(kind, origin, t, group)] if t else []


def _list_items(items: tuple[m.ListItem, ...], origin: str, group: str) -> list[Item]:
    out: list[Item] = []
    for i, it in enumerate(items):
        out += _text_items("list item", f"{origin}[{i}]", it.text, group)
        out += _list_items(it.children, f"{origin}[{i}]", f"{group}[{i}]")
    return out


def block_items(b: m.Block, fmt: str) -> list[Item]:
    o = b.origin
    if isinstance(b, m.Paragraph):
        return _text_items("paragraph", o, b.text)
    if isinstance(b, (m.BulletList, m.NumberedList)):
        return _list_items(b.items, o, o)
    if isinstance(b, m.Quote):
        return _text_items("quote", o, b.text) + (_text_items("attribution", o, b.by) if b.by else [])
    if isinstance(b, m.Callout):
        return (_text_items("callout title", o, b.title) if b.title else []) + _text_items("callout", o, b.text)
    if isinstance(b, m.Table):
        out = _text_items("caption", o, b.label)
        out += [Item("column", f"{o}.columns[{i}]", c, o) for i, c in enumerate(b.columns) if c.strip()]
        for r, row in enumerate(b.rows):
            for c, cell in enumerate(row):
                out += _text_items("cell", f"{o}.rows[{r}][{c}]", cell, f"{o}.rows[{r}]")
        return out
    if isinstance(b, m.Chart):
        out = _text_items("caption", o, b.label)
        # -- series names show in a legend, or above a pie; a one-series chart has neither in any
        # format (render/chartstyle.py), so the handout's text cannot hold its name --
        if fmt != "pdf" or len(b.series) > 1 or b.kind == "pie":
            out += [Item("series", f"{o}.series.{s.name}", s.name) for s in b.series if s.name.strip()]
        return out
    if isinstance(b, m.Image):
        # -- the handout does not print alt text, as the brief does not show it (#12): it is
        # the picture's description for those who cannot see it, not a paragraph --
        return _text_items("caption", o, b.label) + (_text_items("alt text", o, b.alt) if fmt != "pdf" else [])
    if isinstance(b, m.Timeline):
        out = _text_items("caption", o, b.caption) if b.caption else []
        for i, e in enumerate(b.entries):
            out += _text_items("date", f"{o}[{i}].date", e.date, o)
            out += _text_items("event", f"{o}[{i}].event", e.event, o)
        return out
    raise TypeError(type(b).__name__)  # pragma: no cover


def section_items(s: m.Section, fmt: str) -> list[Item]:
    o = s.origin
    out: list[Item] = []
    # -- the deck shows a section's number and title as the tracker line over its slides (or as
    # their title when it has no headline), as brief and handout show the heading --
    out += [Item("heading", o, s.heading, "sections")]
    if s.headline:
        out += _text_items("headline", o, s.headline)
    out += [it for i, p in enumerate(s.points) for it in _text_items("point", f"{o}.points[{i}]", p, f"{o}.points")]
    for b in s.body:
        out += block_items(b, fmt)
    if fmt == "pptx" and s.notes:
        out += _text_items("notes", f"{o}.notes", s.notes)
    for sub in s.sections:
        out += section_items(sub, fmt)
    return out


def expected_items(doc: m.Document, fmt: str) -> list[Item]:
    """Everything `fmt`'s file for `doc` must show, in reading order."""
    meta = doc.meta
    out: list[Item] = _text_items("title", "meta.title", meta.title)
    for k in ("subtitle", "author", "organization"):
        v = getattr(meta, k)
        if v:
            out += _text_items(k, f"meta.{k}", v)
    if doc.audience_label:
        out += _text_items("audience label", f"audiences.{doc.audience}.label", doc.audience_label)
    if doc.bluf:
        out += _text_items("bluf", "bluf", doc.bluf)
    for j in doc.key_judgments:
        out += _text_items("judgment", j.origin, j.text, "key_judgments")
        if j.label:
            out += _text_items("likelihood", j.origin, j.label)
    if fmt == "pptx" and doc.show_toc:
        # -- the agenda slide lists sections and subsections ("1 Title", "1.1 Title") and the
        # annexes, not their subsections --
        listed = [s for top in doc.sections for s in top.walk() if s.level <= 2] + list(doc.appendix)
        out += [Item("agenda", s.origin, s.heading, "agenda") for s in listed]
    for s in doc.sections:
        out += section_items(s, fmt)
    for r in doc.recommendations:
        out += _text_items("recommendation", r.origin, r.text, "recommendations")
        if r.label:
            out += _text_items("owner/due", r.origin, r.label)
    for src in doc.sources:
        out += _text_items("source", src.origin, src.label, "sources")
        if src.url:
            out += _text_items("source url", src.origin, src.url)
    for s in doc.appendix:
        out += section_items(s, fmt)
    return out


# -- reading files back -----------------------------------------------------------------------


@dataclass
class Extracted:
    """A file's text in reading order, and per page/slide for the marking check."""

    text: str
    pages: list[str] = field(default_factory=list)
    #: what a reader sees as page furniture: per page (pdf) or header/footer text (docx)
    furniture: list[str] = field(default_factory=list)
    page_numbers: bool = False


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
_C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"


def _chart_texts(xml: bytes) -> list[str]:
    from lxml import etree

    root = etree.fromstring(xml)
    out = ["".join(t.itertext()) for t in root.iter(f"{_A}t")]  # title runs
    for ser in root.iter(f"{_C}ser"):
        for v in ser.find(f"{_C}tx").iter(f"{_C}v") if ser.find(f"{_C}tx") is not None else []:
            out.append(v.text or "")
    return out


def read_docx(data: bytes, labels: Labels = ENGLISH) -> Extracted:
    import docx
    from docx.oxml.ns import qn

    d = docx.Document(io.BytesIO(data))
    parts: list[str] = []
    body = d.element.body
    rels = d.part.rels

    def para_text(p: Any) -> str:
        texts = []
        for node in p.iter():
            if node.tag == qn("w:t") and node.text:
                texts.append(node.text)
            elif node.tag == qn("w:tab"):
                texts.append(" ")
            elif node.tag.endswith("}docPr") and node.get("descr"):
                texts.append(" " + node.get("descr") + " ")
            elif node.tag == f"{_C}chart":
                rid = node.get("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id")
                if rid in rels:
                    texts.append(" " + " ".join(_chart_texts(rels[rid].target_part.blob)) + " ")
        return "".join(texts)

    for child in body.iterchildren():
        if child.tag == qn("w:p"):
            parts.append(para_text(child))
        elif child.tag == qn("w:tbl") or child.tag == qn("w:sdt"):
            for p in child.iter(qn("w:p")):
                parts.append(para_text(p))
    furniture = []
    fields = ""
    for sec in d.sections:
        for hf in (sec.header, sec.footer, sec.first_page_header, sec.first_page_footer):
            if hf is None or hf.is_linked_to_previous and hf is not sec.header and hf is not sec.footer:
                continue
            xml = hf._element.xml
            fields += xml
            furniture.append(" ".join(para_text(p) for p in hf._element.iter(qn("w:p"))))
    page_numbers = bool(re.search(r"\bPAGE\b", fields) and re.search(r"\bNUMPAGES\b|\bSECTIONPAGES\b", fields))
    return Extracted("\n".join(parts), [], furniture, page_numbers)


#: names of the deck's text boxes that repeat on every slide (see render/pptx.py)
SLIDE_FURNITURE = ("Marking", "Slide Number")
#: name of the deck's tracker line over a slide title (the section's number and title)
KICKER = "Kicker"


@dataclass
class _PptxTable:
    rows: list[list[str]]
    continues: bool


def read_pptx(data: bytes, labels: Labels = ENGLISH) -> Extracted:
    from pptx import Presentation

    prs = Presentation(io.BytesIO(data))
    pages = []
    content: list[str] = []
    speaker: list[str] = []

    def shape_texts(shapes: Any) -> Iterator[tuple[str, Any]]:
        """(kind, text) of each shape: kind "frame" for a whole text frame, else "cell" etc."""
        for sh in shapes:
            descr = sh._element.xpath("./*[1]/p:cNvPr/@descr")
            if descr:
                yield "alt", descr[0]
            if sh.shape_type is not None and sh.shape_type == 6:  # group
                yield from shape_texts(sh.shapes)
                continue
            if sh.has_text_frame:
                is_title = sh.is_placeholder and sh.placeholder_format.type in (1, 3)  # TITLE, CENTER_TITLE
                kind = ("title" if is_title else "furniture" if sh.name in SLIDE_FURNITURE
                        else "kicker" if sh.name == KICKER else "frame")
                yield kind, sh.text_frame.text
            if getattr(sh, "has_table", False) and sh.has_table:
                rows = [[cell.text for cell in row.cells] for row in sh.table.rows]
                yield "table", _PptxTable(rows, sh.name == CONTINUED_ROW_TABLE)
            if getattr(sh, "has_chart", False) and sh.has_chart:
                yield "chart", " ".join(_chart_texts(sh.chart.part.blob))

    found = [list(shape_texts(s.shapes)) for s in prs.slides]
    # -- a table row cut at a slide break continues as the first row under the repeated header
    # of the next slide's table: put its pieces back together, cell by cell --
    last: _PptxTable | None = None
    for item in (t for texts in found for kind, t in texts if kind == "table"):
        assert isinstance(item, _PptxTable)
        if item.continues and last is not None and len(item.rows) > 1 and len(last.rows) > 1:
            cont = item.rows.pop(1)
            last.rows[-1] = [a + b for a, b in zip(last.rows[-1], cont, strict=False)]
        if len(item.rows) > 1:  # -- a table of only the rest of a long row leaves it where it was --
            last = item
    slides = [[(k, t) for kind, t in texts
               for k, t in ([("cell", c) for row in t.rows for c in row] if isinstance(t, _PptxTable) else [(kind, t)])]
              for texts in found]
    # -- slide furniture: the marking and other frames repeated on most slides, slide numbers,
    # and the titles of "(cont.)" slides; left out of the content so that a bullet or table
    # continued on the next slide reads as one piece --
    # -- reportgen names its marking and slide-number boxes; in a deck without those names, a
    # frame repeated on most slides is taken for furniture (a point "bold" on two of three
    # slides is content, so the names come first) --
    counts: dict[str, int] = {}
    named = any(kind == "furniture" for texts in slides for kind, _ in texts)
    for texts in slides:
        for t in {t for kind, t in texts if kind == "frame" and t.strip()}:
            counts[t] = counts.get(t, 0) + 1
    repeated = set() if named else {t for t, c in counts.items() if len(slides) >= 3 and c >= 0.6 * len(slides)}
    last_kickers: list[str] = []
    for slide, texts in zip(prs.slides, slides, strict=True):
        notes = ""
        if slide.has_notes_slide and slide.notes_slide.notes_text_frame is not None:
            notes = slide.notes_slide.notes_text_frame.text
        pages.append("\n".join([t for _, t in texts] + [notes]))
        # -- on a "(cont.)" slide the title, and the tracker line above it where it repeats the
        # slide before's, say again what came before --
        again = any(kind == "title" and re.search(labels.continued_pattern(), t) for kind, t in texts)
        kickers = [t for kind, t in texts if kind == "kicker"]
        kept = [t for kind, t in texts
                if kind != "furniture" and not (kind == "frame" and (t in repeated or (not named and t.strip().isdigit())))
                and not (again and (kind == "title" or (kind == "kicker" and t in last_kickers)))]
        last_kickers = kickers
        content.append("\n".join(kept))
        speaker.append(notes)
    numbered = all(
        re.search(r'type="slidenum"', s._element.xml) for s in list(prs.slides)[1:]
    ) if len(prs.slides) > 1 else True
    # -- speaker notes after all slides: between a slide and its "(cont.)" slide they would cut
    # a bullet continued there in two (notes are not part of any order group) --
    return Extracted("\n".join(content + speaker), pages, pages, numbered)


def read_pdf(data: bytes, labels: Labels = ENGLISH) -> Extracted:
    """The handout's text. Running header and footer are left out of the content text: those
    marked as pagination artifacts exactly, and in a file without such marks (made by another
    tool, or before reportgen marked them) the rows repeated at one height on every page."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    placed: list[list[tuple[str, float]]] = []
    content: list[str] = []
    pages = []
    marked = False
    for page in reader.pages:
        parts: list[tuple[str, float]] = []
        kept: list[str] = []
        depth = [0]

        def operator(op: bytes, args: list[Any], *_: Any, depth: list[int] = depth) -> None:
            if (op == b"BDC" and args and args[0] == "/Artifact") or (depth[0] and op in (b"BDC", b"BMC")):
                depth[0] += 1
            elif op == b"EMC" and depth[0]:
                depth[0] -= 1

        def visit(text: str, cm: list[float], tm: list[float], *_: Any, parts: list[tuple[str, float]] = parts,
                  kept: list[str] = kept, depth: list[int] = depth) -> None:
            parts.append((text, round(tm[4] * cm[1] + tm[5] * cm[3] + cm[5], 1)))
            if not depth[0]:
                kept.append(text)

        pages.append(page.extract_text(visitor_operand_before=operator, visitor_text=visit) or "")
        marked = marked or len(kept) < len(parts)
        placed.append(parts)
        content.append("".join(kept))
    n = len(pages)
    numbered = all(re.search(labels.page_pattern(i, n), pg) for i, pg in enumerate(pages, 1))
    return Extracted("\n".join(content if marked else _without_furniture(placed, labels)), pages, pages, numbered)


def _furniture_key(line: str, labels: Labels = ENGLISH) -> str:
    # -- only the page number varies; other digits are content ("item 1000") --
    return re.sub(labels.page_pattern(), "Page # of #", _WS.sub("", line))


def _without_furniture(placed: list[list[tuple[str, float]]], labels: Labels = ENGLISH) -> list[str]:
    """Each page's text without its running header and footer, so that a paragraph or table
    continued over a page break reads as one piece. `placed` holds each page's text pieces in
    reading order with their height on the page. A row of text is furniture when the same row
    (page numbers aside) stands at the same height on every page, above or below all content;
    content that happens to repeat ("xxxx" lines, a repeated table header) stays."""
    if len(placed) < 2:
        return ["".join(t for t, _ in parts) for parts in placed]
    rows: list[dict[float, str]] = []
    for parts in placed:
        row: dict[float, str] = {}
        for text, y in parts:
            if text.strip():
                row[y] = row.get(y, "") + text
        rows.append({y: _furniture_key(t, labels) for y, t in row.items()})
    candidates = set(rows[0].items())
    for row in rows[1:]:
        candidates &= set(row.items())
    content = [y for row in rows for y, k in row.items() if (y, k) not in candidates]
    top, bottom = (max(content), min(content)) if content else (float("inf"), float("-inf"))
    furniture = {y for y, _ in candidates if y > top or y < bottom}
    return ["".join(t for t, y in parts if y not in furniture) for parts in placed]


READERS = {"docx": read_docx, "pptx": read_pptx, "pdf": read_pdf}


# -- comparing ------------------------------------------------------------------------------


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

    def count(self, kind: str) -> int:
        return sum(1 for f in self.findings if f.kind == kind)

    @property
    def ok(self) -> bool:
        return not self.findings


def compare(doc: m.Document, fmt: str, ex: Extracted, everything: m.Document | None = None) -> Report:
    """Check one file's extracted text against its audience's Document."""
    rep = Report(doc.audience, fmt)
    stream = norm(ex.text, fmt)
    items = expected_items(doc, fmt)
    rep.expected = len(items)
    last_pos: dict[str, int] = {}
    for it in items:
        key = norm(it.text, fmt)
        if not key:
            rep.expected -= 1
            continue
        find = _finder(it.text, key, fmt, stream)
        pos = find(0)
        if pos < 0:
            rep.findings.append(Finding("missing", it.origin, it.text))
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
        bad = [i + 1 for i, pg in enumerate(pages) if mk not in norm(pg, fmt)]
        if bad or not pages:
            where = "page" if fmt == "pdf" else "slide" if fmt == "pptx" else "header/footer"
            rep.findings.append(Finding("marking", "", f"'{doc.marking}' missing on {where} "
                                        f"{', '.join(map(str, bad[:10]))}"))
    if fmt == "pdf" and doc.max_pages is not None and len(ex.pages) > doc.max_pages:
        rep.findings.append(Finding("page budget", f"audiences.{doc.audience}.max_pages",
                                    f"{len(ex.pages)} pages, over the budget of {doc.max_pages}"))
    if fmt == "pptx" and doc.max_slides is not None and len(ex.pages) > doc.max_slides:
        rep.findings.append(Finding("slide budget", f"audiences.{doc.audience}.max_slides",
                                    f"{len(ex.pages)} slides, over the budget of {doc.max_slides}"))
    if not ex.page_numbers:
        what = {"pdf": "'Page X of Y' is missing on some page", "docx": "no PAGE / NUMPAGES fields in the footer",
                "pptx": "a slide after the first has no slide number"}[fmt]
        rep.findings.append(Finding("page numbers", "", what))
    if everything is not None:
        rep.findings += leaks(doc, everything, fmt, ex.text)
    return rep


def _finder(text: str, key: str, fmt: str, stream: str) -> Callable[[int], int]:
    """Where `key` stands in `stream` from a position on, or -1. A line broken at a soft hyphen
    shows a hyphen there (the handout does), so at each soft hyphen of `text` one may stand."""
    if "\u00ad" not in text or fmt != "pdf":
        return lambda start: stream.find(key, start)
    pieces = [norm(part, fmt) for part in text.split("\u00ad")]
    pattern = re.compile("-?".join(re.escape(p) for p in pieces))

    def find(start: int) -> int:
        m = pattern.search(stream, start)
        return m.start() if m else -1

    return find


_CITATION = re.compile(r"\[\d+(?:,\s*\d+)*\]")


def _nocite(text: str) -> str:
    """Text without citation numbers, which differ between audiences for the same sentence."""
    return _CITATION.sub("", text)


def leaks(doc: m.Document, everything: m.Document, fmt: str, raw: str) -> list[Finding]:
    """Content of the full outline that this audience must not get, found in its file."""
    stream = norm(_nocite(raw), fmt)
    mine_items = [norm(_nocite(i.text), fmt) for i in expected_items(doc, fmt)]
    # -- the audience's own chart categories are in its file too (not checked as items: axis
    # labels wrap and slant); a hidden text equal to one of them is no leak --
    mine_items += [norm(c, fmt) for sec in doc.all_sections() for b in sec.body
                   if isinstance(b, m.Chart) for c in b.categories]
    # -- also joined in reading order: "bold" then "bold bold" reads "boldboldbold", which is
    # no leak of another item "bold bold bold" --
    mine_blob = "\n".join(mine_items) + "\n" + "".join(mine_items)
    out = []
    for it in expected_items(everything, fmt):
        key = norm(_nocite(it.text), fmt)
        if it.kind in ("title", "subtitle", "author", "organization", "audience label", "caption",
                       "slide title", "heading", "likelihood", "owner/due", "source", "column", "date"):
            # -- numbering shifts between audiences; labels repeat: judge leaks by content --
            if it.kind not in ("heading", "slide title", "source"):
                continue
            annex = re.escape(everything.labels.annex)
            key = norm(re.sub(rf"^(\d+(\.\d+)*|{annex} [A-Z]+:)\s+", "", it.text), fmt)
        if len(key) < 12 or key in mine_blob:
            continue
        if key in stream and key in _without(stream, [k for k in mine_items if k and k not in key]):
            out.append(Finding("leaked", it.origin, it.text))
    return out


def _without(stream: str, items: list[str]) -> str:
    """`stream` with the audience's own items cut out, longest first: a short text found only
    across the seam of two of them ("... it value" + "value ...") is no leak."""
    for k in sorted(set(items), key=len, reverse=True):
        stream = stream.replace(k, "\x00")
    return stream


def check_files(doc: m.Document, files: dict[str, bytes], everything: m.Document | None) -> list[Report]:
    out = []
    for fmt, data in files.items():
        try:
            ex = READERS[fmt](data, doc.labels)
        except Exception as e:  # noqa: BLE001 - any reader failure means the file is unreadable
            rep = Report(doc.audience, fmt)
            rep.findings.append(Finding("unreadable", "", f"{type(e).__name__}: {e}"))
            out.append(rep)
            continue
        out.append(compare(doc, fmt, ex, everything))
    return out


# -- commands -------------------------------------------------------------------------------


def run_check(args: argparse.Namespace) -> int:
    from rich.console import Console
    from rich.table import Table

    from .build import created_time, plan, render_all, write_atomic
    from .errors import InputError
    from .load import load
    from .tailor import tailor, tailor_everything

    loaded = load(args.outline, allow_paths=tuple(args.allow_path))
    formats = [f for v in args.format for f in v] or None
    pairs = plan(loaded, args.audience or None, formats)
    out_dir = Path(args.output)
    files: dict[tuple[str, str], bytes] = {}
    if args.no_build:
        for aud, fmt in pairs:
            p = out_dir / f"{loaded.stem}-{aud}.{fmt}"
            if not p.is_file():
                raise InputError(f"{p} does not exist; build it first or drop --no-build")
            files[(aud, fmt)] = p.read_bytes()
    else:
        for o in render_all(loaded, pairs, out_dir, theme=args.theme):
            write_atomic(o.path, o.data)
            files[(o.audience, o.fmt)] = o.data
    when = created_time(loaded)
    everything = tailor_everything(loaded, created=when)
    reports: list[Report] = []
    for aud in dict.fromkeys(a for a, _ in pairs):
        doc = tailor(loaded, aud, created=when)
        reports += check_files(doc, {f: files[(a, f)] for a, f in pairs if a == aud}, everything)
    console = Console(width=120 if not console_is_tty() else None)
    table = Table(title=f"reportgen check {args.outline}", title_justify="left")
    for col in ("audience", "format", "expected", "found", "missing", "out of order", "leaked", "other", "result"):
        table.add_column(col, justify="left" if col in ("audience", "format", "result") else "right")
    for r in reports:
        other = len(r.findings) - r.count("missing") - r.count("out of order") - r.count("leaked")
        table.add_row(r.audience, r.fmt, str(r.expected), str(r.found), str(r.count("missing")),
                      str(r.count("out of order")), str(r.count("leaked")), str(other),
                      "ok" if r.ok else "DIFFERS")
    console.print(table)
    bad = [r for r in reports if not r.ok]
    for r in bad:
        print(f"\n{loaded.stem}-{r.audience}.{r.fmt}:")
        for f in r.findings[:10]:
            print(f"  {f}")
        if len(r.findings) > 10:
            print(f"  ... and {len(r.findings) - 10} more")
    return 1 if bad else 0


def console_is_tty() -> bool:
    import sys

    return sys.stdout.isatty()


def diff_items(doc: m.Document) -> dict[str, str]:
    """Outline path -> text of what `doc` contains, for `reportgen diff`."""
    out: dict[str, str] = {}
    for it in expected_items(doc, "docx"):
        if it.kind in ("title", "subtitle", "author", "organization", "audience label", "likelihood",
                       "owner/due", "source url"):
            continue
        text = it.text
        if it.kind == "heading":
            text = re.sub(r"^(\d+(\.\d+)*|Annex [A-Z]+:)\s+", "", text)
        key = it.origin if it.kind not in ("point",) else f"{it.origin.rsplit('[', 1)[0]}: {text}"
        out.setdefault(key, f"{it.kind}: {text}")
    return out


def run_diff(args: argparse.Namespace) -> int:
    from .errors import InputError
    from .load import load
    from .tailor import tailor

    if len(args.audience) != 2:
        raise InputError("diff compares two audiences: reportgen diff OUTLINE -a A -a B")
    loaded = load(args.outline, allow_paths=tuple(args.allow_path))
    a, b = args.audience
    da, db = diff_items(tailor(loaded, a)), diff_items(tailor(loaded, b))
    only_a = [k for k in da if k not in db]
    only_b = [k for k in db if k not in da]
    for name, keys, src in ((a, only_a, da), (b, only_b, db)):
        other = b if name == a else a
        print(f"only {name} gets ({len(keys)}), {other} does not:")
        for k in keys:
            short = src[k] if len(src[k]) <= 80 else src[k][:77] + "..."
            print(f"  {k.split(': ')[0]}: {short}")
    return 0


def read_output(fmt: str, data: bytes, labels: Labels = ENGLISH) -> Extracted:
    """The text a reader sees in a docx, pptx or pdf file (for tests and other tools)."""
    return READERS[fmt](data, labels)


def is_zip(data: bytes) -> bool:
    return zipfile.is_zipfile(io.BytesIO(data))

"""Page numbers for the Word brief without Word: an estimate from a layout of its own text.

Word shows a field's cached result until fields are updated, and asking Word to update them on
open (`w:updateFields`) makes it prompt on every open. So the brief carries its contents list's
page numbers (and the page total of its footer) already, estimated here: every paragraph and
table row of the body is set in the theme's font metrics (`reportgen.measure`: Carlito for
Calibri, and so on) at its style's size, spacing and indents, within the page geometry, with
page breaks, keep-with-next chains, rows that never split and pictures at their size.
README.md §Accessibility gives how close the estimate comes to LibreOffice's own layout.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from docx.oxml.ns import qn

from ..measure import Measure

EMU_PER_PT = 12700
TWIPS_PER_PT = 20


@dataclass
class _Block:
    """A paragraph or a table row: its height, whether it may break across pages."""

    height: float
    line: float  #: height of its first line (what must fit for a keep-with-next chain)
    keep_next: bool = False
    break_before: bool = False
    splittable: bool = True
    bookmarks: list[str] = field(default_factory=list)
    before: float = 0.0  #: space before, which a page's first paragraph does not get


class _Styles:
    """Effective paragraph properties of a style, through its base styles."""

    def __init__(self, doc: Any) -> None:
        self.doc = doc
        self.cache: dict[str, dict[str, Any]] = {}

    def props(self, style_id: str | None) -> dict[str, Any]:
        key = style_id or ""
        if key in self.cache:
            return self.cache[key]
        styles = self.doc.styles.element
        chain = []
        sid = style_id
        seen = set()
        while sid and sid not in seen:
            seen.add(sid)
            st = styles.find(f"{qn('w:style')}[@{qn('w:styleId')}='{sid}']")
            if st is None:
                break
            chain.append(st)
            based = st.find(qn("w:basedOn"))
            sid = based.get(qn("w:val")) if based is not None else None
        if not chain:
            default = styles.find(f"{qn('w:style')}[@{qn('w:default')}='1'][@{qn('w:type')}='paragraph']")
            if default is not None:
                chain.append(default)
        out: dict[str, Any] = {}
        for st in reversed(chain):
            out.update(_props(st.find(qn("w:pPr")), st.find(qn("w:rPr"))))
        out.setdefault("heading", bool(chain) and "heading" in (chain[-1].get(qn("w:styleId")) or "").lower())
        self.cache[key] = out
        return out


def _props(ppr: Any, rpr: Any) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if ppr is not None:
        sp = ppr.find(qn("w:spacing"))
        if sp is not None:
            for a, k in (("before", "before"), ("after", "after")):
                v = sp.get(qn(f"w:{a}"))
                if v is not None:
                    out[k] = int(v) / TWIPS_PER_PT
            line, rule = sp.get(qn("w:line")), sp.get(qn("w:lineRule"))
            if line is not None:
                out["line"] = (int(line) / 240, "auto") if rule in (None, "auto") else (int(line) / TWIPS_PER_PT, rule)
        ind = ppr.find(qn("w:ind"))
        if ind is not None:
            for a in ("left", "right", "hanging", "firstLine", "start", "end"):
                v = ind.get(qn(f"w:{a}"))
                if v is not None:
                    out[{"start": "left", "end": "right"}.get(a, a)] = int(v) / TWIPS_PER_PT
        for flag, key in (("keepNext", "keep_next"), ("pageBreakBefore", "break_before")):
            el = ppr.find(qn(f"w:{flag}"))
            if el is not None:
                out[key] = el.get(qn("w:val")) not in ("0", "false")
    if rpr is not None:
        sz = rpr.find(qn("w:sz"))
        if sz is not None:
            out["size"] = int(sz.get(qn("w:val"))) / 2
        b = rpr.find(qn("w:b"))
        if b is not None:
            out["bold"] = b.get(qn("w:val")) not in ("0", "false")
    return out


def _text(p: Any) -> str:
    parts = []
    for el in p.iter(qn("w:t"), qn("w:tab"), qn("w:br")):
        parts.append(el.text or "" if el.tag == qn("w:t") else ("\t" if el.tag == qn("w:tab") else "\n"))
    return "".join(parts)


class PageEstimate:
    """Lay out the body of a python-docx document and say on which page each bookmark falls."""

    def __init__(self, doc: Any, measure: Measure) -> None:
        self.doc = doc
        self.m = measure
        self.styles = _Styles(doc)
        sec = doc.sections[0]
        self.width = (sec.page_width - sec.left_margin - sec.right_margin) / EMU_PER_PT
        self.height = (sec.page_height - sec.top_margin - sec.bottom_margin) / EMU_PER_PT

    def para(self, p: Any, width: float) -> _Block:
        ppr = p.find(qn("w:pPr"))
        sid = None
        if ppr is not None and ppr.find(qn("w:pStyle")) is not None:
            sid = ppr.find(qn("w:pStyle")).get(qn("w:val"))
        props = dict(self.styles.props(sid))
        props.update(_props(ppr, ppr.find(qn("w:rPr")) if ppr is not None else None))
        size = float(props.get("size", 11))
        bold = bool(props.get("bold", False))
        family = "heading" if props.get("heading") else "body"
        spacing, rule = props.get("line", (1.0, "auto"))
        w = width - props.get("left", 0) - props.get("right", 0) - props.get("firstLine", 0)
        text = _text(p)
        if rule == "auto":
            line = self.m.line_height(size, spacing, text[:200], family, bold)
        elif rule == "exact":
            line = spacing
        else:
            line = max(spacing, self.m.line_height(size, 1.0, text[:200], family, bold))
        lines = self.m.count_lines(text, max(w, size * 2), size, family, bold) if text else 1
        body = lines * line
        pics = [int(e.get("cy")) / EMU_PER_PT for e in p.iter(qn("wp:extent"))]
        if pics:
            body = max(body - line, 0) + sum(pics) + line * 0.2
        before, after = float(props.get("before", 0)), float(props.get("after", 0))
        marks = [b.get(qn("w:name")) for b in p.iter(qn("w:bookmarkStart"))]
        # -- a paragraph of four lines or fewer is not broken (widow and orphan control) --
        return _Block(before + body + after, before + min(body, line * 2), bool(props.get("keep_next")),
                      bool(props.get("break_before")), splittable=lines > 4 and not pics,
                      bookmarks=[m for m in marks if m], before=before)

    def row(self, tr: Any) -> _Block:
        heights, keep, marks = [0.0], False, []
        for tc in tr.iter(qn("w:tc")):
            tcw = tc.find(f"{qn('w:tcPr')}/{qn('w:tcW')}")
            w = int(tcw.get(qn("w:w"))) / TWIPS_PER_PT if tcw is not None else self.width
            h = 0.0
            for p in tc.iter(qn("w:p")):
                b = self.para(p, w - 11)
                h += b.height
                keep = keep or b.keep_next
                marks += b.bookmarks
            heights.append(h + 4)
        split = tr.find(f"{qn('w:trPr')}/{qn('w:cantSplit')}") is None
        h = max(heights)
        return _Block(h, h, keep, False, splittable=split, bookmarks=marks)

    def blocks(self) -> list[_Block]:
        out: list[_Block] = []
        for el in self.doc.element.body:
            if el.tag == qn("w:p"):
                out.append(self.para(el, self.width))
            elif el.tag == qn("w:tbl"):
                out.extend(self.row(tr) for tr in el.iter(qn("w:tr")))
        return out

    def pages(self) -> tuple[dict[str, int], int]:
        """{bookmark: page} and the page count."""
        blocks = self.blocks()
        where: dict[str, int] = {}
        page, y, H = 1, 0.0, self.height
        for i, b in enumerate(blocks):
            if b.break_before and y > 0:
                page, y = page + 1, 0.0
            # -- a keep-with-next chain moves whole to the next page when it does not fit --
            chain, j = b.height, i
            while blocks[j].keep_next and j + 1 < len(blocks) and chain < H:
                j += 1
                chain += blocks[j].height if blocks[j].keep_next else blocks[j].line
            if b.keep_next and y > 0 and y + chain > H and chain <= H or y > 0 and y + (b.line if b.splittable else b.height) > H:
                page, y = page + 1, 0.0
            for name in b.bookmarks:
                where.setdefault(name, page)
            rest = b.height - (b.before if y == 0 else 0.0)
            while y + rest > H and b.splittable and rest > 0:
                rest -= H - y
                page, y = page + 1, 0.0
            y += rest
        return where, page


_PAGEREF = re.compile(r"^\s*PAGEREF\s+(\S+)")


def fill_page_fields(doc: Any, parts: list[Any], measure: Measure) -> int:
    """Write estimated page numbers into the cached results of every `PAGEREF` field of the
    body and the page total into `NUMPAGES` fields of `parts` (header, footer); the total."""
    where, total = PageEstimate(doc, measure).pages()

    def fill(root: Any, value_of: Any) -> None:
        value: str | None = None
        state = ""
        for r in root.iter(qn("w:r")):
            fc = r.find(qn("w:fldChar"))
            if fc is not None:
                kind = fc.get(qn("w:fldCharType"))
                state = "result" if kind == "separate" and value is not None else ""
                if kind == "end":
                    value = None
                continue
            it = r.find(qn("w:instrText"))
            if it is not None:
                value = value_of(it.text or "")
                continue
            if state == "result" and value is not None:
                t = r.find(qn("w:t"))
                if t is None:
                    t = r.makeelement(qn("w:t"), {})
                    r.append(t)
                t.text = value
                state = ""

    def ref(instr: str) -> str | None:
        m = _PAGEREF.match(instr)
        return str(where[m[1]]) if m and m[1] in where else None

    fill(doc.element.body, ref)
    for part in parts:
        fill(part, lambda instr: str(total) if instr.strip().startswith("NUMPAGES") else None)
    return total

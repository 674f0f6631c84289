"""Reading a tagged handout back as a screen reader would: the structure tree in reading order
with the text of each element (used by the tests and `README.md` §Accessibility)."""

from __future__ import annotations

import io
import re
from typing import Any


def _to_unicode(font: Any) -> dict[int, str]:
    """A simple font's ToUnicode map (reportlab's subsets: one byte a glyph)."""
    cmap = font.get("/ToUnicode")
    if cmap is None:
        return {}
    text = cmap.read_bytes().decode("latin-1")
    out: dict[int, str] = {}
    for block in re.findall(r"beginbfchar(.*?)endbfchar", text, re.S):
        for src, dst in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            out[int(src, 16)] = bytes.fromhex(dst).decode("utf-16-be", "replace")
    for block in re.findall(r"beginbfrange(.*?)endbfrange", text, re.S):
        for lo, hi, dst in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            base = int(dst, 16)
            for k in range(int(lo, 16), int(hi, 16) + 1):
                out[k] = chr(base + k - int(lo, 16))
    return out


def mcid_texts(data: bytes) -> dict[tuple[int, int], str]:
    """{(page index, MCID): the text drawn in that marked content}, decoded through each
    font's ToUnicode map; a span with `/ActualText` says that instead of its glyphs."""
    import pikepdf

    out: dict[tuple[int, int], str] = {}
    pdf = pikepdf.open(io.BytesIO(data))
    for pi, page in enumerate(pdf.pages):
        resources: Any = page.obj.get("/Resources", {})
        fonts: Any = resources.get("/Font", {})
        maps = {str(k): _to_unicode(v) for k, v in fonts.items()}
        cur: dict[int, str] = {}
        #: open sequences: (MCID or None, replaced by /ActualText)
        stack: list[tuple[int | None, bool]] = []

        def add(piece: str, pi: int = pi, stack: list[tuple[int | None, bool]] = stack) -> None:
            top = next((m for m, _ in reversed(stack) if m is not None), None)
            if top is not None:
                out[(pi, top)] = out.get((pi, top), "") + piece

        instructions: Any = pikepdf.parse_content_stream(page)
        for operands, op in instructions:
            name = str(op)
            if name == "BDC":
                props = operands[1] if len(operands) > 1 else None
                props = props if isinstance(props, pikepdf.Dictionary) else {}
                mcid = props.get("/MCID")
                actual = props.get("/ActualText")
                stack.append((int(mcid) if mcid is not None else None, actual is not None))
                if actual is not None and not any(r for _, r in stack[:-1]):
                    add(str(actual))
            elif name == "BMC":
                stack.append((None, False))
            elif name == "EMC" and stack:
                stack.pop()
            elif name == "Tf":
                cur = maps.get(str(operands[0]), {})
            elif name in ("Tj", "TJ", "'", '"', "ET", "T*"):
                if any(r for _, r in stack):
                    continue
                if name in ("ET", "T*"):
                    add(" ")
                    continue
                parts = operands[-1] if name != "TJ" else [x for x in operands[0] if isinstance(x, pikepdf.String)]
                parts = [parts] if isinstance(parts, pikepdf.String) else parts
                add("".join(cur.get(b, chr(b)) for x in parts for b in bytes(x)))
    return out


#: elements read as part of the text around them
INLINE = {"Span", "Link", "Reference", "Quote", "Note", "Code", "BibEntry"}


def read_aloud(data: bytes) -> list[tuple[int, str, str]]:
    """The structure tree of a PDF in reading order: (depth, type, text) for each element,
    text being what it says (its alt text, or its marked content with the words of the links
    and references in it, in order), as a screen reader would say it."""
    import pikepdf

    texts = mcid_texts(data)
    pdf = pikepdf.open(io.BytesIO(data))
    index: dict[Any, int] = {p.objgen: i for i, p in enumerate(pdf.pages)}
    out: list[tuple[int, str, str]] = []

    def said(se: Any, raw: bool = False) -> str:
        """What the element says: /Alt, /ActualText, or its marked content and the words of
        the inline elements in it (a Link, a Reference), in order."""
        if "/Alt" in se:
            return str(se.Alt)
        if "/ActualText" in se:
            return str(se.ActualText)
        own: list[str] = []
        links: list[str] = []  #: what its annotations say, for an element with no text
        kids = se.get("/K")
        for k in list(kids) if isinstance(kids, pikepdf.Array) else ([] if kids is None else [kids]):
            if not isinstance(k, pikepdf.Dictionary):
                continue
            if k.get("/Type") == pikepdf.Name.MCR:
                own.append(texts.get((index[k.Pg.objgen], int(k.MCID)), ""))
            elif k.get("/Type") == pikepdf.Name.OBJR:
                links.append(str(k.Obj.get("/Contents", "")))
            elif str(k.get("/S", "")).lstrip("/") in INLINE:
                own.append(said(k, raw=True))
        text = "".join(own)
        return text if raw else (" ".join(text.split()) or " ".join(links))

    def walk(se: Any, depth: int) -> None:
        out.append((depth, str(se.get("/S", "")).lstrip("/"), said(se)))
        kids = se.get("/K")
        for k in list(kids) if isinstance(kids, pikepdf.Array) else ([] if kids is None else [kids]):
            if isinstance(k, pikepdf.Dictionary) and k.get("/Type") not in (pikepdf.Name.MCR, pikepdf.Name.OBJR):
                walk(k, depth + 1)

    walk(pdf.Root.StructTreeRoot.K, 0)
    return out

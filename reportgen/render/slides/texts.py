"""Text helpers of the deck planner: a slide paragraph flows as one line of text, a caption
splits into a title and what stands under the exhibit, and a section's prose becomes its
speaker notes.
"""

from __future__ import annotations

from collections.abc import Sequence

from ...model import BulletList, ListItem, NumberedList, Paragraph, Run, Section, Text, plain

#: blocks that are text: the speaker notes of a section with points, the slide text of one without
TEXT_BLOCKS = (Paragraph, BulletList, NumberedList)


def flat(text: Text) -> Text:
    """`text` with line breaks made spaces: a slide paragraph is one flowing paragraph."""
    return tuple(Run(r.text.replace("\n", " "), r.bold, r.italic, r.code, r.href, r.cite)
                 if "\n" in r.text else r for r in text)


def split_caption(label: str) -> tuple[str, str]:
    """A caption as a short title and the rest: "Figure 1: Trade (drawn by X; not a map)" is
    "Figure 1: Trade" over the exhibit and "(drawn by X; not a map)" under it. Only a closing
    bracketed part is split off, so the two read back as the whole caption."""
    text = label.rstrip()
    if text.endswith(")"):
        depth = 0
        for i in range(len(text) - 1, -1, -1):
            depth += {")": 1, "(": -1}.get(text[i], 0)
            if depth == 0:
                head = text[:i].rstrip()
                if i > 0 and text[i - 1] == " " and head and not head.endswith(":"):
                    return head, text[i:]
                break
    return text, ""


def section_notes(sec: Section) -> str:
    """The speaker notes of a section: its paragraphs and lists as text, then its notes."""
    parts: list[str] = []
    for b in sec.body:
        if isinstance(b, Paragraph):
            parts.append(plain(b.text))
        elif isinstance(b, BulletList):
            parts.append("\n".join(_list_lines(b.items, 0, None)))
        elif isinstance(b, NumberedList):
            parts.append("\n".join(_list_lines(b.items, 0, b.start)))
    if sec.notes:
        parts.append(sec.notes)
    return "\n\n".join(p for p in parts if p)


def _list_lines(items: Sequence[ListItem], level: int, start: int | None) -> list[str]:
    out = []
    for i, it in enumerate(items):
        mark = f"{start + i}." if start is not None else "•"
        out.append("    " * level + f"{mark} {plain(it.text)}")
        out += _list_lines(it.children, level + 1, None)
    return out

"""A tailored Document as pandoc Markdown: the same text reportgen lays out, for the baseline.

`benchmarks/run.py --vs-pandoc` times pandoc writing docx and pptx from this Markdown, and
weasyprint printing pandoc's HTML of it to PDF, next to reportgen building the same audience.
Charts become their data tables and images stay images, so both tools carry the same words
and pictures; the comparison is about speed, not looks.
"""

from __future__ import annotations

from reportgen import model
from reportgen.model import Document, Section, Text


def _esc(s: str) -> str:
    return s.replace("\\", "\\\\").replace("*", "\\*").replace("_", "\\_").replace("[", "\\[") \
        .replace("]", "\\]").replace("|", "\\|").replace("<", "\\<").replace("#", "\\#") \
        .replace("`", "\\`").replace("$", "\\$")


def inline(text: Text | str | None) -> str:
    if text is None:
        return ""
    if isinstance(text, str):
        return _esc(text)
    return "".join(_run(r) for r in text)


def _run(r: model.Run) -> str:
    """One run as Markdown: code or escaped text, emphasis around it (not around blanks: pandoc
    would read `** **` as text), then the citation or live link it is."""
    s = f"`{r.text}`" if r.code else _esc(r.text)
    for mark, on in (("**", r.bold), ("*", r.italic)):
        if on and s.strip():
            s = f"{mark}{s}{mark}"
    target = f"#src-{r.cite}" if r.cite is not None else r.href
    return f"[{s}]({target})" if target else s


def _items(items: tuple[model.ListItem, ...], numbered: bool, depth: int = 0) -> list[str]:
    lines = []
    for i, it in enumerate(items, 1):
        mark = f"{i}." if numbered else "-"
        lines.append("    " * depth + f"{mark} {inline(it.text)}")
        lines += _items(it.children, numbered, depth + 1)
    return lines


def _table(columns: tuple[str, ...], rows: list[list[str]]) -> list[str]:
    width = max([len(columns)] + [len(r) for r in rows])
    head = list(columns) + [""] * (width - len(columns)) if columns else [" "] * width
    out = ["| " + " | ".join(_esc(c) for c in head) + " |", "|" + "---|" * width]
    out += ["| " + " | ".join(c.replace("\n", " ") for c in r) + " |" for r in rows]
    return out


def block(b: model.Block) -> list[str]:
    if isinstance(b, model.Paragraph):
        return [inline(b.text)]
    if isinstance(b, model.BulletList):
        return _items(b.items, False)
    if isinstance(b, model.NumberedList):
        return _items(b.items, True)
    if isinstance(b, model.Quote):
        return [f"> {inline(b.text)}"] + ([">", f"> — {_esc(b.by)}"] if b.by else [])
    if isinstance(b, model.Callout):
        return ([f"> **{_esc(b.title)}**", ">"] if b.title else []) + [f"> {inline(b.text)}"]
    if isinstance(b, model.Table):
        cap = [f"Table: {_esc(b.label)}", ""] if b.caption else []
        return cap + _table(b.columns, [[inline(c) for c in r] for r in b.rows])
    if isinstance(b, model.Chart):
        rows = [[_esc(c)] + [f"{s.values[i]:g}" for s in b.series] for i, c in enumerate(b.categories)]
        return [f"Table: {_esc(b.label)}", ""] + _table(("", *(s.name for s in b.series)), rows)
    if isinstance(b, model.Image):
        return [f"![{_esc(b.label)}]({b.file})"]
    if isinstance(b, model.Timeline):
        return [f"- **{_esc(e.date)}** {inline(e.event)}" for e in b.entries]
    raise TypeError(type(b))


def section(s: Section) -> list[str]:
    out = ["#" * min(s.level, 6) + f" {_esc(s.heading)}", ""]
    if s.headline:
        out += [f"**{_esc(s.headline)}**", ""]
    if s.points:
        out += [f"- {inline(p)}" for p in s.points] + [""]
    for b in s.body:
        out += block(b) + [""]
    for sub in s.sections:
        out += section(sub)
    return out


def to_markdown(doc: Document) -> str:
    m = doc.meta
    out = ["---", f"title: \"{m.title}\""]
    if m.subtitle:
        out.append(f"subtitle: \"{m.subtitle}\"")
    if m.author:
        out.append(f"author: \"{m.author}\"")
    if m.date:
        out.append(f"date: \"{m.date}\"")
    out += ["---", ""]
    if doc.bluf:
        out += ["# Bottom line up front", "", inline(doc.bluf), ""]
    if doc.key_judgments:
        out += ["# Key judgments", ""]
        out += [f"{i}. {inline(j.text)}" + (f" ({_esc(j.label)})" if j.label else "")
                for i, j in enumerate(doc.key_judgments, 1)] + [""]
    for s in doc.sections:
        out += section(s)
    if doc.recommendations:
        out += ["# Recommendations", ""]
        out += [f"{i}. {inline(r.text)}" + (f" ({_esc(r.label)})" if r.label else "")
                for i, r in enumerate(doc.recommendations, 1)] + [""]
    if doc.sources:
        out += ["# Sources", ""]
        out += [f"{s.number}. []{{#src-{s.number}}}{_esc(s.label)}" + (f" <{s.url}>" if s.url else "")
                for s in doc.sources] + [""]
    for s in doc.appendix:
        out += section(s)
    return "\n".join(out) + "\n"

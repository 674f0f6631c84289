"""Slide previews: the deck planner's own `SlideSpec`s drawn as SVG, for `reportgen serve`.

Nothing here decides where text goes: every box, table, chart, picture and timeline is drawn
where `render/slides/` planned it (in points, so the SVG's user units are the deck's points),
and every paragraph is broken into the lines `measure.Measure.wrap` gives (the planner's
measure, with its width slack) at the width the written box leaves it. A preview therefore
shows the same "(cont.)" slides, the same line breaks and the same marking and slide numbers
as the .pptx the writer emits from the same specifications; a box whose text is taller than
the box gets a dashed red outline (`overflow`). The fonts are the theme's own files, which the server
offers as web fonts (`font_faces`), so the browser draws with the metrics that were measured.

Every piece of outline text is escaped (`_esc`); the SVG carries no script and no link that
leaves the page (an outline's hyperlinks are drawn underlined, not followed).
"""

from __future__ import annotations

import base64
import math
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape
from pathlib import Path

from .measure import Measure, measure_for, slice_text
from .model import Document, Run, Text
from .render.slides import (
    ChartSpec,
    ImageSpec,
    Para,
    SlideSpec,
    TableSpec,
    TextFrame,
    TimelineSpec,
    _Planner,
    plan_slides,
)
from .theme import Theme

#: the CSS font families the preview names; `font_faces` maps them to the theme's files
FAMILY_CSS = {"body": "rg-body", "heading": "rg-heading", "mono": "rg-mono"}
#: what a browser falls back to while (or if) the web fonts do not load
FALLBACK_CSS = "Carlito, Calibri, 'Liberation Sans', Arial, sans-serif"


@dataclass(frozen=True)
class SlidePreview:
    """One slide as the preview shows it."""

    number: int
    title: str
    kind: str
    svg: str
    notes: str
    #: lines drawn in each text box, in the order of the slide's items (tests compare them
    #: with the .pptx)
    box_lines: tuple[int, ...]


def _esc(s: str) -> str:
    return escape(s, quote=True)


def _color(theme: Theme, key: str) -> str:
    c = theme.colors
    if "." in key:
        name, sub = key.split(".", 1)
        return "#" + str(getattr(c, name)[sub])
    return "#" + str(getattr(c, key))


def deck_previews(doc: Document, theme: Theme, specs: Sequence[SlideSpec] | None = None
                  ) -> list[SlidePreview]:
    """The slides of `doc` as SVG, numbered as the deck numbers them."""
    if specs is None:
        specs = plan_slides(doc, theme)
    drawer = _Drawer(doc, theme)
    return [drawer.slide(spec, i) for i, spec in enumerate(specs, start=1)]


class _Drawer:
    def __init__(self, doc: Document, theme: Theme) -> None:
        self.doc = doc
        self.theme = theme
        self.m: Measure = measure_for(theme)
        # -- the planner's own measuring rules (insets, slack), not a copy of them --
        self.p = _Planner(doc, theme)
        self.W, self.H = self.p.W, self.p.H

    # -- a slide --

    def slide(self, spec: SlideSpec, number: int) -> SlidePreview:
        out: list[str] = [
            f'<svg xmlns="http://www.w3.org/2000/svg" class="slide" viewBox="0 0 {self.W:.2f} {self.H:.2f}" '
            f'role="img" aria-label="{_esc(f"Slide {number}: {spec.title}")}" '
            f'data-number="{number}" data-kind="{_esc(spec.kind)}">',
            f'<rect class="bg" x="0" y="0" width="{self.W:.2f}" height="{self.H:.2f}" '
            f'fill="{_color(self.theme, "background")}"/>',
        ]
        lines: list[int] = []
        for item in spec.items:
            if isinstance(item, TextFrame):
                svg, n = self.text_frame(item, number)
                out.append(svg)
                lines.append(n)
            elif isinstance(item, TableSpec):
                out.append(self.table(item))
            elif isinstance(item, ChartSpec):
                out.append(self.chart(item))
            elif isinstance(item, ImageSpec):
                out.append(self.image(item))
            elif isinstance(item, TimelineSpec):
                svg, ns = self.timeline(item)
                out.append(svg)
                lines.extend(ns)
        out.append("</svg>")
        return SlidePreview(number, spec.title, spec.kind, "".join(out), spec.notes, tuple(lines))

    # -- text --

    def para_lines(self, p: Para, f: TextFrame) -> list[Text]:
        """The lines of `p` in frame `f`: wrapped by the planner's measure at the width the
        written box leaves it (the frame's own insets and the paragraph's indent, with the
        theme's width slack), so a box the planner measured too narrow shows its overflow."""
        text = p.text
        width = (f.w - 2 * f.inset - p.indent) * self.p.o.width_slack
        spans = self.m.wrap(text, width, p.size, p.family, p.bold, p.italic)
        return [slice_text(text, a, b) for a, b in spans]

    def text_frame(self, f: TextFrame, number: int) -> tuple[str, int]:
        out = [f'<g class="tf" data-kind="{_esc(f.kind)}" data-role="{_esc(f.role or "")}" '
               f'data-x="{f.x:.1f}" data-y="{f.y:.1f}" data-w="{f.w:.1f}" data-h="{f.h:.1f}"']
        body: list[str] = []
        if f.fill or f.border:
            fill = _color(self.theme, f.fill) if f.fill else "none"
            stroke = f' stroke="{_color(self.theme, f.border)}" stroke-width="1.5"' if f.border else ""
            body.append(f'<rect x="{f.x:.2f}" y="{f.y:.2f}" width="{f.w:.2f}" height="{f.h:.2f}" '
                        f'fill="{fill}"{stroke}/>')
        laid: list[tuple[Para, list[Text], float]] = []
        total = 0.0
        for p in f.paras:
            if f.kind == "number":
                p = Para((Run(str(number)),), p.size, p.family, p.bold, p.italic, p.color, align=p.align,
                         line_spacing=p.line_spacing)
            lines = self.para_lines(p, f)
            lh = self.m.line_height(p.size, p.line_spacing, p.text, p.family, p.bold)
            laid.append((p, lines, lh))
            total += lh * len(lines) + p.space_after
        inner_h = f.h - 2 * f.inset
        y = f.y + f.inset
        if f.anchor == "middle":
            y += max(0.0, (inner_h - total) / 2)
        elif f.anchor == "bottom":
            y += max(0.0, inner_h - total)
        count = 0
        for p, lines, lh in laid:
            ascent = self._ascent(p)
            for i, line in enumerate(lines):
                base = y + (lh - p.size * self._factor(p)) / 2 + ascent * p.size
                if i == 0 and (p.bullet or p.number is not None):
                    mark = p.bullet if p.number is None else f"{p.number}."
                    bx = f.x + f.inset + p.indent - p.hang
                    body.append(f'<text x="{bx:.2f}" y="{base:.2f}" font-size="{p.size:g}" '
                                f'font-family="{FAMILY_CSS["body"]}, {FALLBACK_CSS}" '
                                f'fill="{_color(self.theme, "secondary")}">{_esc(str(mark))}</text>')
                body.append(self.line(line, p, f, base))
                y += lh
                count += 1
            y += p.space_after
        out[0] += f' data-lines="{count}">'
        if total > inner_h + 0.5 and f.kind not in ("number", "marking"):
            # -- more text than the box holds: PowerPoint would spill it over the box's edge --
            body.append(f'<rect class="overflow" x="{f.x:.2f}" y="{f.y:.2f}" width="{f.w:.2f}" '
                        f'height="{f.h:.2f}" fill="none" stroke="#d00" stroke-width="2" '
                        f'stroke-dasharray="6 4"><title>text overflows this box by '
                        f'{total - inner_h:.0f} pt</title></rect>')
        out.extend(body)
        out.append("</g>")
        return "".join(out), count

    def _font(self, p: Para) -> object:
        return self.m._primary((p.family, p.bold, p.italic))

    def _ascent(self, p: Para) -> float:
        face = self._font(p).font.face  # type: ignore[attr-defined]
        return float(getattr(face, "ascent", 800)) / 1000.0

    def _factor(self, p: Para) -> float:
        return float(self._font(p).line_factor)  # type: ignore[attr-defined]

    def line(self, line: Text, p: Para, f: TextFrame, base: float) -> str:
        left = f.x + f.inset + p.indent
        right = f.x + f.w - f.inset
        if p.align == "center":
            x, anchor = (left + right) / 2, "middle"
        elif p.align == "right":
            x, anchor = right, "end"
        else:
            x, anchor = left, "start"
        family = FAMILY_CSS.get(p.family, FAMILY_CSS["body"])
        attrs = (f'x="{x:.2f}" y="{base:.2f}" font-size="{p.size:g}" text-anchor="{anchor}" '
                 f'font-family="{family}, {FALLBACK_CSS}" fill="{_color(self.theme, p.color)}" '
                 f'xml:space="preserve"')
        if p.bold:
            attrs += ' font-weight="bold"'
        if p.italic:
            attrs += ' font-style="italic"'
        # -- a line break between lines: the slide's text reads (and copies) as words --
        return f"<text {attrs}>{self.runs(line)}</text>\n"

    def runs(self, line: Text) -> str:
        parts = []
        for r in line:
            if not r.text:
                continue
            style = []
            if r.bold:
                style.append('font-weight="bold"')
            if r.italic:
                style.append('font-style="italic"')
            if r.code:
                style.append(f'font-family="{FAMILY_CSS["mono"]}, monospace"')
            if r.href or r.cite is not None:
                style.append(f'fill="{_color(self.theme, "link")}"')
            if r.href:
                style.append('text-decoration="underline"')
            text = _esc(r.text)
            parts.append(f"<tspan {' '.join(style)}>{text}</tspan>" if style else text)
        return "".join(parts)

    # -- tables --

    def table(self, t: TableSpec) -> str:
        out = [f'<g class="table" data-rows="{len(t.rows)}" data-cols="{len(t.col_widths)}">']
        y = t.y
        spacing = self.p.spacing
        for ri, (row, h) in enumerate(zip(t.rows, t.row_heights, strict=True)):
            header = ri == 0
            fill = "table_header" if header else ("table_stripe" if ri % 2 == 0 else "background")
            x = t.x
            for c, w in enumerate(t.col_widths):
                out.append(f'<rect x="{x:.2f}" y="{y:.2f}" width="{w:.2f}" height="{h:.2f}" '
                           f'fill="{_color(self.theme, fill)}" stroke="{_color(self.theme, "table_border")}" '
                           f'stroke-width="0.5"/>')
                text = row[c] if c < len(row) else ()
                right = c < len(t.right) and t.right[c]
                p = Para(text, t.size, bold=header, color="table_header_text" if header else "text",
                         line_spacing=spacing, align="right" if right else "left")
                frame = TextFrame(x, y, w, h, (p,), inset=t.margin)
                spans = self.m.wrap(text, (w - 2 * t.margin) * self.p.o.width_slack, t.size, bold=header)
                lh = self.m.line_height(t.size, spacing, text, bold=header)
                ly = y + t.margin
                for a, b in spans:
                    base = ly + (lh - t.size * self._factor(p)) / 2 + self._ascent(p) * t.size
                    out.append(self.line(slice_text(text, a, b), p, frame, base))
                    ly += lh
                x += w
            y += h
        out.append("</g>")
        return "".join(out)

    # -- charts: the same data in the same box; the deck's native chart is PowerPoint's to draw --

    def chart(self, c: ChartSpec) -> str:
        ch = c.chart
        colors = ["#" + x for x in self.theme.colors.chart]
        muted = _color(self.theme, "muted")
        out = [f'<g class="chart" data-kind="{_esc(ch.kind)}"><title>{_esc(ch.label)}</title>']
        size = c.size * 0.8
        font = f'font-family="{FAMILY_CSS["body"]}, {FALLBACK_CSS}" font-size="{size:g}" fill="{muted}"'
        legend_h = size * 1.6
        x0, y0, w, h = c.x + size * 3, c.y + size, c.w - size * 4, c.h - size * 3 - legend_h
        series = ch.series
        # -- legend --
        lx = c.x + size * 3
        for i, s in enumerate(series):
            col = colors[i % len(colors)]
            out.append(f'<rect x="{lx:.1f}" y="{c.y + c.h - legend_h:.1f}" width="{size:g}" height="{size:g}" fill="{col}"/>')
            out.append(f'<text x="{lx + size * 1.4:.1f}" y="{c.y + c.h - legend_h + size * 0.9:.1f}" {font}>{_esc(s.name)}</text>')
            lx += size * 2.4 + self.m.width(s.name, size)
        if ch.kind == "pie" and series:
            vals = [max(0.0, v) for v in series[0].values]
            total = sum(vals) or 1.0
            r = min(w, h) / 2
            cx, cy = x0 + w / 2, y0 + h / 2
            a = -math.pi / 2
            for i, v in enumerate(vals):
                b = a + 2 * math.pi * v / total
                large = 1 if b - a > math.pi else 0
                p1 = (cx + r * math.cos(a), cy + r * math.sin(a))
                p2 = (cx + r * math.cos(b), cy + r * math.sin(b))
                col = colors[i % len(colors)]
                if v >= total:
                    out.append(f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="{r:.1f}" fill="{col}"/>')
                else:
                    out.append(f'<path d="M{cx:.1f},{cy:.1f} L{p1[0]:.1f},{p1[1]:.1f} A{r:.1f},{r:.1f} 0 {large} 1 '
                               f'{p2[0]:.1f},{p2[1]:.1f} Z" fill="{col}" stroke="#fff"/>')
                a = b
            out.append("</g>")
            return "".join(out)
        values = [v for s in series for v in s.values]
        hi = max([0.0, *values]) or 1.0
        lo = min([0.0, *values])
        span = hi - lo or 1.0
        n = max(1, len(ch.categories))
        out.append(f'<line x1="{x0:.1f}" y1="{y0 + h:.1f}" x2="{x0 + w:.1f}" y2="{y0 + h:.1f}" stroke="{muted}"/>')
        if ch.kind == "bar":
            # -- horizontal bars: categories down the side --
            band = h / n
            bw = band * 0.7 / max(1, len(series))
            zero = x0 + w * (-lo / span)
            for ci, cat in enumerate(ch.categories):
                out.append(f'<text x="{x0 - 2:.1f}" y="{y0 + band * (ci + 0.5):.1f}" text-anchor="end" {font}>{_esc(cat)}</text>')
                for si, s in enumerate(series):
                    v = s.values[ci] if ci < len(s.values) else 0.0
                    bx = zero if v >= 0 else zero + w * v / span
                    out.append(f'<rect x="{bx:.1f}" y="{y0 + band * ci + band * 0.15 + bw * si:.1f}" '
                               f'width="{abs(w * v / span):.1f}" height="{bw:.1f}" fill="{colors[si % len(colors)]}"/>')
        else:
            band = w / n
            zero = y0 + h * (hi / span)
            for ci, cat in enumerate(ch.categories):
                out.append(f'<text x="{x0 + band * (ci + 0.5):.1f}" y="{y0 + h + size * 1.2:.1f}" text-anchor="middle" {font}>{_esc(cat)}</text>')
            for si, s in enumerate(series):
                col = colors[si % len(colors)]
                if ch.kind == "line":
                    pts = " ".join(f"{x0 + band * (ci + 0.5):.1f},{zero - h * v / span:.1f}"
                                   for ci, v in enumerate(s.values))
                    out.append(f'<polyline points="{pts}" fill="none" stroke="{col}" stroke-width="2.5"/>')
                    continue
                bw = band * 0.7 / max(1, len(series))
                for ci, v in enumerate(s.values):
                    top = zero - h * max(v, 0) / span
                    out.append(f'<rect x="{x0 + band * ci + band * 0.15 + bw * si:.1f}" y="{top:.1f}" '
                               f'width="{bw:.1f}" height="{abs(h * v / span):.1f}" fill="{col}"/>')
        out.append("</g>")
        return "".join(out)

    # -- pictures --

    def image(self, im: ImageSpec) -> str:
        uri = image_uri(im.file)
        return (f'<image class="picture" x="{im.x:.2f}" y="{im.y:.2f}" width="{im.w:.2f}" height="{im.h:.2f}" '
                f'href="{_esc(uri)}" preserveAspectRatio="none"><title>{_esc(im.alt)}</title></image>')

    # -- timelines --

    def timeline(self, t: TimelineSpec) -> tuple[str, list[int]]:
        out = [f'<g class="timeline"><line x1="{t.x:.2f}" y1="{t.line_y:.2f}" x2="{t.x + t.w:.2f}" '
               f'y2="{t.line_y:.2f}" stroke="{_color(self.theme, "secondary")}" stroke-width="2.5"/>']
        counts: list[int] = []
        for cx, date, event in t.entries:
            out.append(f'<circle cx="{cx:.2f}" cy="{t.line_y:.2f}" r="{t.marker / 2:.2f}" '
                       f'fill="{_color(self.theme, "accent")}" stroke="{_color(self.theme, "background")}"/>')
            for frame in (date, event):
                svg, n = self.text_frame(frame, 0)
                out.append(svg)
                counts.append(n)
        out.append("</g>")
        return "".join(out), counts


_IMAGE_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".gif": "image/gif"}


def image_uri(path: Path) -> str:
    """A picture as a data: URI (the preview page loads nothing from the disk by path)."""
    try:
        data = path.read_bytes()
    except OSError:
        return ""
    mime = _IMAGE_TYPES.get(path.suffix.lower(), "image/png")
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"


def font_faces(theme: Theme) -> list[tuple[str, str, bool, bool, Path]]:
    """(CSS family, id, bold, italic, file) of each web font the preview names: the theme's
    body, heading and mono files, in each style."""
    out: list[tuple[str, str, bool, bool, Path]] = []
    seen: set[tuple[str, bool, bool]] = set()
    for fam, css in FAMILY_CSS.items():
        paths = theme.font_paths[fam]
        for bold in (False, True):
            for italic in (False, True):
                if (css, bold, italic) in seen:
                    continue
                seen.add((css, bold, italic))
                out.append((css, f"{fam}-{int(bold)}{int(italic)}", bold, italic, paths.style(bold, italic)))
    return out


"""The document's own slides: the title slide, section dividers, key judgments (with the
estimative note), agenda, recommendations and sources.
"""

from __future__ import annotations

from collections.abc import Sequence

from ...model import Judgment, Recommendation, Run, plain
from ...theme import INCH
from ..imagesize import natural_size
from .paginate import Paginator
from .specs import ImageSpec, Item, Para, SlideSpec, TextFrame


class FrontSlides(Paginator):
    """The slides of the document's parts outside its sections."""

    def title_slide(self) -> SlideSpec:
        d, meta = self.doc, self.doc.meta
        w = self.CW
        paras_title = self._fit_paras(meta.title, "title_slide", "heading", max_lines=3, bold=True)
        sub = (Para((Run(meta.subtitle),), self.size("subtitle"), color="secondary",
                    line_spacing=self.spacing),) if meta.subtitle else ()
        info_lines = [" · ".join(x for x in (meta.author, meta.organization) if x), meta.date or "",
                      d.audience_label or ""]
        info = tuple(Para((Run(x),), self.size("caption"), color="muted", space_after=2,
                          line_spacing=self.spacing) for x in info_lines if x)
        ht = self.frame_height(paras_title, w)
        hs = self.frame_height(sub, w) if sub else 0.0
        hi = self.frame_height(info, w) if info else 0.0
        logo_h = self.o.logo_height * INCH if self.theme.logo else 0.0
        area_top = self.top + logo_h + (self.gap if logo_h else 0.0)
        total = ht + hs + hi + 2 * self.gap
        # -- the block sits a little above the middle, as title slides usually do --
        y = max(area_top, area_top + (self.bottom - area_top - total) * 0.4)
        items: list[Item] = []
        if logo_h and self.theme.logo is not None:
            lw, lh = natural_size(self.theme.logo)
            h = logo_h
            wl = h * lw / lh
            items.append(ImageSpec(self.R - wl, self.top, wl, h, self.theme.logo, "Logo"))
        tf = TextFrame(self.L, y, w, ht, paras_title, role="title", inset=self.inset,
                       anchor="bottom", kind="title")
        items.append(tf)
        y += ht + self.gap
        if sub:
            items.append(TextFrame(self.L, y, w, hs, sub, role="subtitle", inset=self.inset,
                                   kind="subtitle"))
            y += hs + self.gap
        if info:
            items.append(TextFrame(self.L, y, w, hi, info, inset=self.inset, kind="info"))
        return SlideSpec("title", meta.title, "title", items, numbered=False, origin="meta")

    def _fit_paras(self, text: str, size_name: str, family: str, max_lines: int,
                   bold: bool = False) -> tuple[Para, ...]:
        size = self.size(size_name)
        while True:
            p = Para((Run(text),), size, family=family, bold=bold, color="primary",
                     line_spacing=self.spacing)
            n = self.m.count_lines(p.text, self.text_width(self.CW, p), size, family, bold)
            if n <= max_lines or size <= self.size("title"):
                return (p,)
            size = max(self.size("title"), size - 2)

    def divider(self, title: str, subtitle: str | Sequence[str], kind: str, origin: str,
                notes: str = "") -> SlideSpec:
        """A section-header slide: the title a third down the slide, the subtitle below."""
        title = self.claim(title)
        self.titles.add(title)
        paras = self._fit_paras(title, "title_slide", "heading", max_lines=3)
        ht = self.frame_height(paras, self.CW)
        y = max(self.top, self.top + (self.bottom - self.top) * 0.3)
        items: list[Item] = [TextFrame(self.L, y, self.CW, ht, paras, role="title",
                                       inset=self.inset, anchor="bottom", kind="title")]
        lines = [subtitle] if isinstance(subtitle, str) else list(subtitle)
        if any(lines):
            sp = tuple(Para((Run(x),), self.size("subtitle"), color="secondary",
                            line_spacing=self.spacing, space_after=self.para_space)
                       for x in lines if x)
            hs = self.frame_height(sp, self.CW)
            yy = min(y + ht + self.gap, self.bottom - hs)
            items.append(TextFrame(self.L, yy, self.CW, hs, sp, role="subtitle",
                                   inset=self.inset, kind="subtitle"))
        return SlideSpec("section", title, kind, items, notes=notes, origin=origin)

    def numbered_units(self, items: Sequence[Judgment | Recommendation], numbers: Sequence[int],
                       size: float | None, label_color: str, label_bold: bool) -> list[list[Para]]:
        """Key judgments or recommendations as numbered paragraphs, each with its label line
        (likelihood and confidence; owner and due date) under it."""
        units = []
        for n, it in zip(numbers, items, strict=True):
            u = [self.bullet(it.text, size=size, space_after=0 if it.label else None, number=n)]
            if it.label:
                u.append(self.bullet((Run(it.label),), 1, self.size("caption"), label_color,
                                     bullet=False, bold=label_bold))
            units.append(u)
        return units

    def judgment_units(self, size: float | None = None) -> list[list[Para]]:
        """The key judgments, then the estimative-language note when they use its terms."""
        d = self.doc
        units = self.numbered_units(d.key_judgments, d.judgment_numbers(), size, "secondary", True)
        # -- the model's note (`Document.estimative_note`) as one plain run: the slide sets it
        # small and muted, without the brief's bold label and italic terms --
        note = plain(d.estimative_note)
        if note:
            units.append([self.bullet((Run(note),), 0, self.size("min"), "muted", bullet=False)])
        return units

    def judgments_slides(self) -> list[SlideSpec]:
        return self.text_slides(self.doc.labels.key_judgments, "judgments", self.judgment_units(),
                                origin="key_judgments", grow=True)

    def recommendations_slides(self) -> list[SlideSpec]:
        if not self.doc.recommendations:
            return []
        return self.text_slides(self.doc.labels.recommendations, "recommendations",
                                self.recommendation_units(), origin="recommendations", grow=True)

    def recommendation_units(self, size: float | None = None) -> list[list[Para]]:
        d = self.doc
        return self.numbered_units(d.recommendations, d.recommendation_numbers(), size, "muted", False)

    def agenda_slides(self) -> list[SlideSpec]:
        units = []
        for sec in self.doc.sections:
            units.append([self.bullet((Run(sec.heading),), 0, bullet=False)]
                         + [self.bullet((Run(s.heading),), 1, self.size("caption"), "muted",
                                        bullet=False) for s in sec.sections])
        if self.doc.appendix:
            units.append([self.bullet((Run(f"{self.doc.labels.backup}: " + "; ".join(a.heading for a in self.doc.appendix)),),
                                      0, self.size("caption"), "muted", bullet=False)])
        return self.text_slides(self.doc.labels.agenda, "agenda", units, origin="sections", grow=True)

    def sources_slides(self) -> list[SlideSpec]:
        units = []
        size = self.size("table")
        for src in self.doc.sources:
            num = f"[{src.number}]"
            hang = self.m.width("[00] ", size, bold=True)
            runs = [Run(num + " ", bold=True), Run(src.label)]
            if src.url:
                runs += [Run(" "), Run(src.url, href=src.url)]
            units.append([Para(tuple(runs), size, indent=hang, hang=hang,
                               line_spacing=self.spacing, space_after=self.para_space)])
        return self.text_slides(self.doc.labels.sources, "sources", units, origin="sources", grow=True)

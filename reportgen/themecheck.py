"""`reportgen themes check NAME`: lint a theme before a build trips over it.

Reports, each as one line naming the file and what to fix:
- settings that do not validate (theme.yaml errors with line and column),
- font files that cannot be found or that reportlab cannot embed (CFF-outline .otf),
- every text/background colour pair a renderer draws (the `INK` tables of render/docx/styles.py,
  render/pdf.py and render/slides/specs.py) that fails WCAG 2.x AA contrast (4.5:1; 3:1 for large text),
- reference.docx: not a Word file, or missing styles the brief uses,
- reference.pptx / .potx: not a PowerPoint file, layouts named in `slide.layouts` that it lacks,
  and layouts without the placeholders the deck fills;
- with `--outline FILE`: the scripts (Arabic, Devanagari, Thai, ...) the outline's text uses that
  no font of the theme can draw in the handout, and complex scripts without a
  `fonts.complex_script` font for Word and PowerPoint (README "Languages and scripts").
"""

from __future__ import annotations

import unicodedata
import zipfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from .errors import InputError
from .theme import FontFiles, Theme, load_theme

#: Styles the Word brief uses by name (from a reference.docx when the theme has one).
DOCX_STYLES = ("Normal", "Title", "Subtitle", "Heading 1", "Heading 2", "Heading 3", "Caption",
               "Quote", "List Bullet", "List Number")

#: Placeholder types each layout role must have: (role, needed types).
PPTX_PLACEHOLDERS = {
    "title": ("title",),
    "section": ("title",),
    "content": ("title", "body"),
    "two_content": ("title",),
    "title_only": ("title",),
    "blank": (),
}

AA_NORMAL = 4.5


def luminance(hex_color: str) -> float:
    """WCAG relative luminance of an RRGGBB colour."""
    def chan(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (int(hex_color[i:i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * chan(r) + 0.7152 * chan(g) + 0.0722 * chan(b)


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two colours, 1.0 to 21.0."""
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


#: WCAG 2.x AA: large text is at least 18 pt, or 14 pt bold
AA_LARGE = 3.0
LARGE_PT, LARGE_BOLD_PT = 18.0, 14.0

#: the renderer modules whose `INK` tables say which colour is drawn on which (see render/ink.py)
INK_MODULES = {"brief": "reportgen.render.docx", "handout": "reportgen.render.pdf",
               "deck": "reportgen.render.slides", "page": "reportgen.render.html"}


def ink_tables() -> dict[str, tuple[Any, ...]]:
    """{medium: the renderer's `INK` table}."""
    import importlib

    return {medium: importlib.import_module(mod).INK for medium, mod in INK_MODULES.items()}


def _color(t: Theme, key: str, style: str | None) -> tuple[str, str] | None:
    """(name, hex) of colour `key` (with `*` standing for callout `style`), or None."""
    if "." in key:
        group, sub = key.split(".", 1)
        table = getattr(t.colors, group)
        name = style if sub == "*" and style is not None else sub
        return (f"{group}.{name}", table[name]) if name in table else None
    return key, getattr(t.colors, key)


def contrast_findings(t: Theme) -> list[tuple[str, str, str, str, str, float, float, float]]:
    """Every text/background pair the renderers draw in theme `t`, judged against WCAG AA.

    Returns (media, fg name, fg hex, bg name, bg hex, size pt, ratio, required) for each pair
    below its minimum, one entry per distinct colour pair and requirement (the strictest case).
    """
    worst: dict[tuple[str, str, float], tuple[list[str], str, str, str, str, float, float, float]] = {}
    styles = sorted(set(t.colors.callout_fill) | set(t.colors.callout_border))
    for medium, table in ink_tables().items():
        for ink in table:
            group, size_name = ink.size.split(".")
            pt = float(getattr(getattr(t.sizes, group), size_name))
            large = pt >= LARGE_PT or (ink.bold and pt >= LARGE_BOLD_PT)
            need = AA_LARGE if large else AA_NORMAL
            for style in (styles if "*" in ink.fg + ink.bg else [None]):
                fg, bg = _color(t, ink.fg, style), _color(t, ink.bg, style)
                if fg is None or bg is None:
                    continue
                ratio = contrast(fg[1], bg[1])
                if ratio >= need:
                    continue
                key = (fg[0], bg[0], need)
                if key in worst:
                    worst[key][0].append(f"{medium} {ink.what}")
                else:
                    worst[key] = ([f"{medium} {ink.what}"], fg[0], fg[1], bg[0], bg[1], pt, ratio, need)
    out = []
    for where, fgn, fgx, bgn, bgx, pt, ratio, need in worst.values():
        out.append(("; ".join(dict.fromkeys(where)), fgn, fgx, bgn, bgx, pt, ratio, need))
    return out


def check_theme(name: str, base_dir: Path | None = None, texts: Iterable[str] = ()) -> list[str]:
    """Every problem found in theme `name`, as lines of text; [] when it is fine. `texts` is
    an outline's text, whose scripts the theme's fonts must cover."""
    try:
        t = load_theme(name, base_dir)
    except InputError as e:
        return [str(e)]
    where = f"theme '{t.name}' ({t.folder / 'theme.yaml'})"
    out: list[str] = []
    covers: set[int] = set()
    out.extend(_font_problems(t, where, covers))
    out.extend(_script_problems(t, where, "".join(texts), covers))
    for media, fg_name, fg, bg_name, bg, pt, ratio, need in contrast_findings(t):
        kind = "large text" if need == AA_LARGE else "text"
        out.append(f"{where}: colors.{fg_name} #{fg} on colors.{bg_name} #{bg} has contrast "
                   f"{ratio:.2f}:1, below the WCAG AA minimum of {need:g}:1 for {kind} "
                   f"({media}, {pt:g} pt); darken the text or lighten the fill")
    if t.reference_docx:
        out.extend(_docx_problems(t.reference_docx))
    if t.reference_pptx:
        out.extend(_pptx_problems(t, t.reference_pptx))
    if t.config.logo and not t.logo:
        out.append(f"{where}: logo '{t.config.logo}' not found in the theme folder")
    return out


def _script_problems(t: Theme, where: str, text: str, covers: set[int]) -> list[str]:
    """Scripts in `text` that no font of the theme draws in the handout (the built-in CID fonts
    draw Chinese, Japanese and Korean), and complex scripts without a Word/PowerPoint font."""
    from .render.pdffonts import CID_FONTS
    from .scripts import scripts_in

    missing: dict[str, list[str]] = {}
    for ch in sorted(set(text)):
        cp = ord(ch)
        if ch.isspace() or unicodedata.category(ch) in ("Cc", "Cf", "Zs", "Co", "Cs") or cp in covers:
            continue
        if any(cid(cp) for _, cid in CID_FONTS):
            continue
        script = unicodedata.name(ch, "UNNAMED").split()[0].capitalize()
        missing.setdefault(script, []).append(ch)
    out = []
    for script, chars in missing.items():
        sample = "".join(chars[:8])
        out.append(f"{where}: no font draws {script} text in the handout ({len(chars)} characters the "
                   f"outline uses, e.g. '{sample}'): add a TrueType font that covers it to "
                   "fonts.files.fallback")
    for script in sorted(scripts_in(text) - set(t.fonts.complex_script)):
        out.append(f"{where}: fonts.complex_script has no {script} font: Word and PowerPoint will "
                   f"pick one themselves; add e.g. `{script}: Noto Sans {script.capitalize()}`")
    return out


def _font_problems(t: Theme, where: str, covers: set[int] | None = None) -> list[str]:
    out = []
    files = t.fonts.files
    groups: list[tuple[str, FontFiles]] = [("body", files.body), ("heading", files.heading), ("mono", files.mono)]
    groups += [(f"fallback[{i}]", f) for i, f in enumerate(files.fallback)]
    from reportlab.pdfbase.ttfonts import TTFError, TTFont

    for role, ff in groups:
        for style in ("regular", "bold", "italic", "bold_italic"):
            name = getattr(ff, style)
            if not name:
                continue
            try:
                path = t.find_font(name, f"fonts.files.{role}.{style}")
            except InputError as e:
                out.append(f"{where}: {e}".replace(f"theme '{t.name}': ", ""))
                continue
            try:
                font = TTFont(f"check-{path.name}", str(path))
                if covers is not None and style == "regular":
                    covers.update(font.face.charToGlyph)
            except (TTFError, OSError, ValueError) as e:
                out.append(f"{where}: fonts.files.{role}.{style}: {path.name} cannot be embedded in "
                           f"a PDF ({e}); use a TrueType-outline .ttf file")
                continue
            from .render.fontembed import embedding_problem

            why = embedding_problem(path)
            if why:
                out.append(f"{where}: fonts.files.{role}.{style}: {why}; the brief and the deck "
                           "will not embed it, so readers without it installed see another font")
    return out


def _docx_problems(path: Path) -> list[str]:
    if not zipfile.is_zipfile(path):
        return [f"{path}: not a Word file (not a zip package); save it from Word as .docx or .dotx"]
    try:
        import io

        import docx

        from .render.ooxml import template_as_document

        doc = docx.Document(io.BytesIO(template_as_document(path.read_bytes(), path.suffix)))
    except Exception as e:  # noqa: BLE001 - python-docx raises many types for bad packages
        return [f"{path}: cannot be read as a Word document ({type(e).__name__}: {e})"]
    names = {s.name for s in doc.styles}
    missing = [s for s in DOCX_STYLES if s not in names]
    if missing:
        return [f"{path}: missing styles {', '.join(missing)}; the brief uses them by name (add "
                "them in Word: Styles pane > New Style, or leave them out to use reportgen's look)"]
    return []


def _pptx_problems(t: Theme, path: Path) -> list[str]:
    if not zipfile.is_zipfile(path):
        return [f"{path}: not a PowerPoint file (not a zip package); save it as .pptx or .potx"]
    try:
        import io

        from pptx import Presentation
        from pptx.enum.shapes import PP_PLACEHOLDER

        from .render.ooxml import template_as_document

        prs = Presentation(io.BytesIO(template_as_document(path.read_bytes(), path.suffix)))
    except Exception as e:  # noqa: BLE001 - python-pptx raises many types for bad packages
        return [f"{path}: cannot be read as a PowerPoint file ({type(e).__name__}: {e})"]
    layouts: dict[str, Any] = {}
    for master in prs.slide_masters:
        for layout in master.slide_layouts:
            layouts.setdefault(layout.name, layout)
    out = []
    kinds = {
        "title": {PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE},
        "body": {PP_PLACEHOLDER.BODY, PP_PLACEHOLDER.OBJECT, PP_PLACEHOLDER.SUBTITLE},
    }
    for role, name in t.slide.layouts.model_dump().items():
        layout = layouts.get(name)
        if layout is None:
            out.append(f"{path}: no layout named '{name}' (slide.layouts.{role} in theme.yaml); "
                       f"the file has: {', '.join(repr(n) for n in layouts)}")
            continue
        types = {ph.placeholder_format.type for ph in layout.placeholders}
        for need in PPTX_PLACEHOLDERS.get(role, ()):
            if not types & kinds[need]:
                out.append(f"{path}: layout '{name}' ({role}) has no {need} placeholder; add one in "
                           "PowerPoint's Slide Master view")
    return out

"""Themes: colours, fonts, sizes and geometry for all three formats, as data.

A theme is a folder with a `theme.yaml` and optionally `reference.docx`, `reference.pptx`
(or `.potx`), a `fonts/` folder and a logo. `inherit: NAME` starts from another theme and
deep-merges this file over it. Themes are looked up (by name) in `templates/` beside the
outline, in `templates/` of the current folder, then among the themes reportgen ships.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cached_property
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from .errors import InputError, Problem, did_you_mean
from .yamlread import Positions, read_yaml

MM = 72 / 25.4  #: points per millimetre
INCH = 72.0  #: points per inch

PAGE_SIZES_MM = {"A4": (210.0, 297.0), "Letter": (215.9, 279.4), "Legal": (215.9, 355.6), "A5": (148.0, 210.0)}


def _hex(v: str) -> str:
    s = str(v).strip().lstrip("#").upper()
    if len(s) != 6 or any(c not in "0123456789ABCDEF" for c in s):
        raise ValueError(f"'{v}' is not a colour; write six hex digits like \"1F3864\"")
    return s


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


Color = str


class Colors(_Strict):
    primary: Color
    secondary: Color
    accent: Color
    text: Color
    muted: Color
    background: Color
    marking: Color
    link: Color
    rule: Color
    table_header: Color
    table_header_text: Color
    table_stripe: Color
    table_border: Color
    bluf_fill: Color
    bluf_border: Color
    callout_fill: dict[Literal["note", "insight", "warning"], Color]
    callout_border: dict[Literal["note", "insight", "warning"], Color]
    chart: list[Color] = Field(min_length=1)

    @field_validator("*", mode="before")
    @classmethod
    def _colors(cls, v: Any) -> Any:
        if isinstance(v, str):
            return _hex(v)
        if isinstance(v, list):
            return [_hex(x) for x in v]
        if isinstance(v, dict):
            return {k: _hex(x) for k, x in v.items()}
        return v


class FontFiles(_Strict):
    regular: str
    bold: str | None = None
    italic: str | None = None
    bold_italic: str | None = None


class FontFileSet(_Strict):
    body: FontFiles
    heading: FontFiles
    mono: FontFiles
    fallback: list[FontFiles] = []


class Fonts(_Strict):
    body: str
    heading: str
    mono: str
    east_asian: str
    #: font names for complex-script runs in Word and PowerPoint, by script (reportgen.scripts)
    complex_script: dict[str, str] = {}
    files: FontFileSet


class BriefSizes(_Strict):
    title: float
    subtitle: float
    h1: float
    h2: float
    h3: float
    body: float
    small: float
    caption: float
    table: float


class SlideSizes(_Strict):
    title_slide: float
    subtitle: float
    title: float
    body: float
    #: the largest body size a slide with little text grows to (`slide_body_max`); none: body
    body_max: float | None = None
    min: float
    table: float
    caption: float
    small: float
    notes: float


class Sizes(_Strict):
    brief: BriefSizes
    handout: BriefSizes
    slide: SlideSizes


class Margins(_Strict):
    top: float
    bottom: float
    left: float
    right: float


class Page(_Strict):
    size: str | tuple[float, float] = "A4"
    margins: Margins
    line_spacing: float = 1.15

    @field_validator("size")
    @classmethod
    def _size(cls, v: Any) -> Any:
        if isinstance(v, str) and v not in PAGE_SIZES_MM:
            raise ValueError(f"unknown page size '{v}'; use one of {', '.join(PAGE_SIZES_MM)} "
                             "or [width_mm, height_mm]")
        return v


class Layouts(_Strict):
    title: str = "Title Slide"
    section: str = "Section Header"
    content: str = "Title and Content"
    two_content: str = "Two Content"
    title_only: str = "Title Only"
    blank: str = "Blank"


class Slide(_Strict):
    width: float = 13.333
    height: float = 7.5
    margins: Margins
    title_height: float = 1.0
    line_spacing: float = 1.0
    paragraph_space: float = 6
    layouts: Layouts = Layouts()


class DocxOptions(_Strict):
    """Settings only the Word renderer reads (owned by the render/docx package)."""

    #: indent of each list level, in body font sizes
    list_indent: float = 1.6
    #: height of a chart as a share of the text width
    chart_aspect: float = 0.55
    #: an image is at most this share of the text height tall, so its caption stays with it
    image_max_height: float = 0.55
    #: heading levels listed in the table of contents (1-3)
    toc_levels: int = Field(default=3, ge=1, le=3)


class PptxOptions(_Strict):
    """Settings only the PowerPoint renderer reads (owned by render/pptx.py)."""

    #: inner margin of every text frame, inches
    inset: float = 0.05
    #: indent of each bullet level, inches
    bullet_indent: float = 0.32
    #: space between the title band and the content, and between stacked items, inches
    gap: float = 0.15
    #: inner margin of table cells, inches
    cell_margin: float = 0.06
    #: bullet characters by level
    bullets: list[str] = ["•", "–", "·"]
    #: measured text may fill at most this share of a frame's width (office suites kern a
    #: little differently from the metrics)
    width_slack: float = 0.96
    #: a chart shows data labels only when it has at most this many points
    data_labels_max: int = 24
    #: timeline entries per slide before it continues
    timeline_per_slide: int = 6
    #: height of the title slide's logo, inches
    logo_height: float = 0.8


class PdfOptions(_Strict):
    """Settings only the PDF renderer reads (owned by render/pdf.py)."""

    #: padding inside table cells, points
    cell_padding: float = Field(4.0, ge=0, le=20)
    #: width of the coloured bar at the left of the BLUF box and callouts, points
    box_bar: float = Field(3.0, ge=0, le=12)
    #: width of the header and footer rules, points (0: no rules)
    rule_width: float = Field(0.5, ge=0, le=4)
    #: tallest an image may be drawn, as a fraction of the text frame's height
    image_max_height: float = Field(0.55, gt=0.1, le=0.9)
    #: start the first annex on a new page
    annex_new_page: bool = True
    #: make the handout PDF/A-2b as well as PDF/UA-1 (sRGB output intent, `pdfaid` in XMP)
    pdfa: bool = False


class CopyLine(_Strict):
    """Where a numbered copy says "Copy 1 of 12 — name, organisation" (README "Numbered copies")."""

    #: the corner of every page and slide: in the brief's header (top) or footer (bottom)
    place: Literal["top-left", "top-right", "bottom-left", "bottom-right"] = "top-right"
    #: its colour, a name under `colors:` (default: the marking's)
    color: Literal["marking", "primary", "secondary", "accent", "text", "muted", "link"] = "marking"


class ThemeConfig(_Strict):
    name: str | None = None
    description: str | None = None
    inherit: str | None = None
    colors: Colors
    fonts: Fonts
    sizes: Sizes
    page: Page
    slide: Slide
    logo: str | None = None
    docx: DocxOptions = DocxOptions()
    pptx: PptxOptions = PptxOptions()
    pdf: PdfOptions = PdfOptions()
    copies: CopyLine = CopyLine()


@dataclass(frozen=True)
class FontPaths:
    """Resolved TrueType files of one family; missing styles fall back to `regular`."""

    regular: Path
    bold: Path
    italic: Path
    bold_italic: Path

    def style(self, bold: bool = False, italic: bool = False) -> Path:
        if bold and italic:
            return self.bold_italic
        if bold:
            return self.bold
        if italic:
            return self.italic
        return self.regular


@dataclass(frozen=True)
class Theme:
    """A loaded theme. Renderers read `colors`, `fonts`, `sizes`, `page`, `slide` from here."""

    name: str
    folder: Path
    config: ThemeConfig
    #: folders searched for font files, this theme's first, then its parents'
    font_dirs: tuple[Path, ...]
    #: folders of this theme and the themes it inherits, nearest first
    chain: tuple[Path, ...]

    colors = property(lambda self: self.config.colors)
    fonts = property(lambda self: self.config.fonts)
    sizes = property(lambda self: self.config.sizes)
    page = property(lambda self: self.config.page)
    slide = property(lambda self: self.config.slide)

    # -- geometry in points --

    @property
    def page_size_pt(self) -> tuple[float, float]:
        size = self.page.size
        w, h = PAGE_SIZES_MM[size] if isinstance(size, str) else size
        return w * MM, h * MM

    @property
    def page_margins_pt(self) -> Margins:
        m = self.page.margins
        return Margins(top=m.top * MM, bottom=m.bottom * MM, left=m.left * MM, right=m.right * MM)

    # -- files --

    def _find(self, names: tuple[str, ...]) -> Path | None:
        for folder in self.chain:
            for n in names:
                p = folder / n
                if p.is_file():
                    return p
        return None

    @cached_property
    def reference_docx(self) -> Path | None:
        """`reference.docx` (or `.dotx`) of this theme or the nearest theme it inherits."""
        return self._find(("reference.docx", "reference.dotx"))

    @cached_property
    def reference_pptx(self) -> Path | None:
        """`reference.pptx` (or `.potx`) of this theme or the nearest theme it inherits."""
        return self._find(("reference.pptx", "reference.potx"))

    @cached_property
    def logo(self) -> Path | None:
        if not self.config.logo:
            return None
        return self._find((self.config.logo,))

    @cached_property
    def font_paths(self) -> dict[str, FontPaths]:
        """`body`, `heading`, `mono` font files, resolved; raises InputError if one is missing."""
        files = self.fonts.files
        return {
            "body": self._font_paths(files.body, "fonts.files.body"),
            "heading": self._font_paths(files.heading, "fonts.files.heading"),
            "mono": self._font_paths(files.mono, "fonts.files.mono"),
        }

    @cached_property
    def fallback_font_paths(self) -> tuple[FontPaths, ...]:
        out = []
        for i, f in enumerate(self.fonts.files.fallback):
            try:
                out.append(self._font_paths(f, f"fonts.files.fallback[{i}]"))
            except InputError:
                continue  # -- a missing fallback only costs glyphs, reported per character --
        return tuple(out)

    def _font_paths(self, f: FontFiles, where: str) -> FontPaths:
        regular = self.find_font(f.regular, where + ".regular")
        bold = self.find_font(f.bold, where + ".bold") if f.bold else regular
        italic = self.find_font(f.italic, where + ".italic") if f.italic else regular
        bi = self.find_font(f.bold_italic, where + ".bold_italic") if f.bold_italic else bold
        return FontPaths(regular, bold, italic, bi)

    def find_font(self, name: str, where: str = "fonts") -> Path:
        """A font file by name: the theme's fonts/ folders, then system font folders."""
        p = Path(name)
        if p.is_absolute() and p.is_file():
            return p
        for d in self.font_dirs:
            if (d / name).is_file():
                return d / name
        for d in system_font_dirs():
            hits = sorted(d.rglob(name)) if d.is_dir() else []
            if hits:
                return hits[0]
        raise InputError(
            f"theme '{self.name}': {where}: font file '{name}' not found in "
            f"{', '.join(str(d) for d in self.font_dirs) or 'the theme'} or the system font "
            "folders; put the .ttf file into the theme's fonts/ folder"
        )


def system_font_dirs() -> list[Path]:
    dirs = [Path("/usr/share/fonts"), Path("/usr/local/share/fonts"), Path.home() / ".fonts",
            Path.home() / ".local/share/fonts", Path("/Library/Fonts"),
            Path("/System/Library/Fonts"), Path(os.environ.get("WINDIR", "C:/Windows")) / "Fonts"]
    return [d for d in dirs if d.is_dir()]


def builtin_themes_dir() -> Path:
    """The `templates/` folder shipped with reportgen."""
    # -- a source checkout or editable install has templates/ beside the package; a wheel
    # carries it inside as reportgen/templates (pyproject package-dir) --
    here = Path(__file__).resolve().parent
    for cand in (here / "templates", here.parent / "templates"):
        if cand.is_dir():
            return cand
    return Path(str(resources.files("reportgen.templates")))


def theme_dirs(base_dir: Path | None = None) -> list[Path]:
    """Folders searched for themes by name, first match wins."""
    dirs = []
    if base_dir is not None:
        dirs.append(base_dir / "templates")
    dirs.append(Path.cwd() / "templates")
    dirs.append(builtin_themes_dir())
    seen: list[Path] = []
    for d in dirs:
        try:
            r = d.resolve()
        except OSError:
            continue
        if r not in seen and r.is_dir():
            seen.append(r)
    return seen


def available_themes(base_dir: Path | None = None) -> dict[str, Path]:
    """Theme name -> folder, for every theme found (nearest folder wins)."""
    out: dict[str, Path] = {}
    for d in theme_dirs(base_dir):
        for sub in sorted(d.iterdir()):
            if (sub / "theme.yaml").is_file() and sub.name not in out:
                out[sub.name] = sub
    return out


def _locate(name: str, base_dir: Path | None) -> Path:
    if "/" in name or "\\" in name or name.startswith("."):
        p = Path(name)
        if not p.is_absolute() and base_dir is not None:
            p = base_dir / p
        if (p / "theme.yaml").is_file():
            return p
        raise InputError(f"theme folder '{name}' has no theme.yaml")
    found = available_themes(base_dir)
    if name in found:
        return found[name]
    raise InputError(
        f"unknown theme '{name}'{did_you_mean(name, found)}; themes found: "
        f"{', '.join(sorted(found)) or 'none'} (in {', '.join(str(d) for d in theme_dirs(base_dir))})"
    )


def _merge(base: Any, over: Any) -> Any:
    if isinstance(base, dict) and isinstance(over, dict):
        out = dict(base)
        for k, v in over.items():
            out[k] = _merge(base[k], v) if k in base else v
        return out
    return over


def load_theme(name: str = "default", base_dir: Path | None = None) -> Theme:
    """Load a theme by name or folder path, with its `inherit:` chain merged."""
    folder = _locate(name, base_dir)
    chain: list[Path] = []
    layers: list[tuple[dict[str, Any], Positions]] = []
    current: Path | None = folder
    while current is not None:
        if current in chain:
            raise InputError(f"theme '{name}': inherit: loops back to {current.name}")
        chain.append(current)
        data, pos = read_yaml(current / "theme.yaml")
        if not isinstance(data, dict):
            raise InputError(f"{current / 'theme.yaml'}: a theme file must be a mapping of settings")
        layers.append((data, pos))
        parent = data.get("inherit")
        current = _locate(str(parent), current.parent) if parent else None
    merged: dict[str, Any] = {}
    for data, _ in reversed(layers):
        merged = _merge(merged, data)
    merged["inherit"] = layers[0][0].get("inherit")
    try:
        config = ThemeConfig.model_validate(merged)
    except ValidationError as e:
        raise InputError("", _theme_problems(e, layers)) from None
    font_dirs = tuple(c / "fonts" for c in chain if (c / "fonts").is_dir())
    return Theme(name=folder.name, folder=folder, config=config, font_dirs=font_dirs,
                 chain=tuple(chain))


def _theme_problems(e: ValidationError, layers: list[tuple[dict[str, Any], Positions]]) -> list[Problem]:
    problems = []
    for err in e.errors():
        loc = tuple(err["loc"])
        # -- report in the nearest file that sets this key, else the top theme file --
        pos = layers[0][1]
        for data, p in layers:
            node: Any = data
            ok = True
            for part in loc[:-1] if err["type"] == "missing" else loc:
                if isinstance(node, dict) and part in node:  # noqa: SIM114 - split so mypy narrows the index type
                    node = node[part]
                elif isinstance(node, list) and isinstance(part, int) and part < len(node):
                    node = node[part]
                else:
                    ok = False
                    break
            if ok:
                pos = p
                break
        msg = err["msg"].removeprefix("Value error, ")
        if err["type"] == "extra_forbidden":
            parent: Any = ThemeConfig
            for part in loc[:-1]:
                f = parent.model_fields.get(str(part)) if isinstance(parent, type) and issubclass(parent, BaseModel) else None
                parent = f.annotation if f else None
            choices = list(parent.model_fields) if isinstance(parent, type) and issubclass(parent, BaseModel) else []
            msg = f"unknown setting '{loc[-1]}'{did_you_mean(str(loc[-1]), choices)}"
        elif err["type"] == "missing":
            msg = f"the setting '{loc[-1]}' is missing"
        problems.append(pos.problem(loc, msg, key=err["type"] == "extra_forbidden"))
    return problems

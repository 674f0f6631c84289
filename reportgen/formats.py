"""Output formats as objects: what `build`, `check` and `render` ask instead of testing names.

A `Format` carries what the rest of the code needs to know about one kind of output, in the
manner of a Sphinx builder: its name (also the file extension), what a person calls it, the
module that renders it, how its file is read back, how its size is described, what repeats on
each page, and how `check` adjusts its expectations. Adding a format (HTML) is a new entry in
`FORMATS` plus a renderer module and a reader; nothing else lists format names.
"""

from __future__ import annotations

import importlib
import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .check.readers import Extracted
    from .labels import Labels
    from .model import Document
    from .theme import Theme


@dataclass(frozen=True)
class Format:
    """One output format."""

    #: short name, used on the command line, in `formats:` and as the file extension
    name: str
    #: what a person calls the file ("Word brief")
    title: str
    #: the module whose `render(document, theme) -> bytes` writes it (imported on first use)
    module: str
    #: the function of `reportgen.check.readers` that reads a file back
    reader: str
    #: where the marking must repeat: "page", "slide" or "header/footer"
    furniture: str
    #: what `check` reports when the file has no page numbers
    no_page_numbers: str
    #: `12 slides`, `9 pages`, `2,345 words`: what a reader would count
    count: Callable[[bytes], str]
    #: sections are slides: `check` expects slide titles, the agenda and speaker notes
    slides: bool = False
    #: the reader reads pictures' and charts' alt text (the brief's and deck's `descr`); the
    #: handout's text holds only what is printed
    reads_alt_text: bool = True
    #: the reader reads a chart's data (series names even without a legend), not only what is drawn
    reads_chart_data: bool = True
    #: the file is laid out on fixed pages by reportgen: the audience's `max_pages` applies,
    #: text is drawn with embedded fonts (which have no emoji glyphs), and a line broken at a
    #: soft hyphen shows a hyphen there
    paginated: bool = False
    #: the file has pages that must say "Page X of Y"; an HTML page has none
    numbered: bool = True
    #: `-f NAME` builds it for every audience, also those whose `formats:` do not list it: it
    #: is another view of what an audience already gets (HTML), not one more release decision
    on_request: bool = False
    #: the function of `reportgen.render.stamp` that stamps numbered copies of a file ("" when
    #: the format has none: `recipients:` then make no copies of it)
    stamp: str = ""

    @property
    def extension(self) -> str:
        return self.name

    def render(self, doc: Document, theme: Theme) -> bytes:
        """The file's bytes for `doc` drawn with `theme`."""
        try:
            module = importlib.import_module(self.module)
        except ModuleNotFoundError as e:
            if e.name != self.module:
                raise
            from .errors import InputError

            raise InputError(f"the {self.title} renderer ({self.name}) is not available in this "
                             f"version of reportgen; build another format with -f") from None
        return module.render(doc, theme)  # type: ignore[no-any-return]

    def read(self, data: bytes, labels: Labels | None = None) -> Extracted:
        """The text a reader sees in a file of this format."""
        from .check import readers
        from .labels import ENGLISH

        fn: Callable[[bytes, Labels], Extracted] = getattr(readers, self.reader)
        return fn(data, labels or ENGLISH)

    def stamper(self, data: bytes, theme: Theme, doc: Document) -> Callable[[str], bytes]:
        """A function that returns `data` stamped with a copy line (`render/stamp.py`)."""
        from .render import stamp

        make: Callable[[bytes, Theme, Document], Callable[[str], bytes]] = getattr(stamp, self.stamp)
        return make(data, theme, doc)

    def describe(self, data: bytes) -> str:
        """What a reader would count in the file, or "" when it cannot be read."""
        try:
            return self.count(data)
        except (zipfile.BadZipFile, KeyError):
            return ""


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' if n != 1 else ''}"


def _count_words(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        xml = z.read("word/document.xml").decode("utf-8", "replace")
    words = sum(len(t.split()) for t in re.findall(r"<w:t(?:\s[^>]*)?>([^<]*)</w:t>", xml))
    return f"{words:,} words"


def _count_slides(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        n = sum(1 for f in z.namelist() if re.fullmatch(r"ppt/slides/slide\d+\.xml", f))
    return _plural(n, "slide")


def _count_html_words(data: bytes) -> str:
    from .check.readers import read_html

    return f"{len(read_html(data).text.split()):,} words"


def _count_pages(data: bytes) -> str:
    return _plural(len(re.findall(rb"/Type\s*/Page(?![s\w])", data)), "page")


DOCX = Format("docx", "Word brief", "reportgen.render.docx", "read_docx", "header/footer",
              "no PAGE / NUMPAGES fields in the footer", _count_words, stamp="stamp_docx")
PPTX = Format("pptx", "PowerPoint deck", "reportgen.render.pptx", "read_pptx", "slide",
              "a slide after the first has no slide number", _count_slides, slides=True,
              stamp="stamp_pptx")
PDF = Format("pdf", "PDF handout", "reportgen.render.pdf", "read_pdf", "page",
             "'Page X of Y' is missing on some page", _count_pages, paginated=True,
             reads_alt_text=False, reads_chart_data=False, stamp="stamp_pdf")
#: -- an HTML page is one page: the marking stands in its top and bottom banners, and its
#: charts are SVG pictures whose legend and alt text (the SVG's title) are read back --
HTML = Format("html", "HTML page", "reportgen.render.html", "read_html", "banner",
              "", _count_html_words, reads_chart_data=False, numbered=False,
              on_request=True, stamp="stamp_html")

#: every format, by name, in the order builds list them
FORMATS: dict[str, Format] = {f.name: f for f in (DOCX, PPTX, PDF, HTML)}


def get(name: str) -> Format:
    """The format called `name`; a clear error for a name that is none."""
    try:
        return FORMATS[name]
    except KeyError:
        from .errors import InputError, did_you_mean, one_of

        raise InputError(f"unknown format '{name}'{did_you_mean(name, FORMATS)}; "
                         f"formats: {one_of(FORMATS)}") from None

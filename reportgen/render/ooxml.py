"""Helpers shared by the Word and PowerPoint writers: reproducible zip packages."""

from __future__ import annotations

import html
import io
import os
import re
import zipfile
from datetime import datetime
from pathlib import Path

_CORE_DATES = re.compile(
    rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:(?:created|modified)>)"
)


#: python-docx and python-pptx refuse core-property strings longer than this
CORE_PROPERTY_MAX = 255
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def core_text(text: str) -> str:
    """`text` fit for a core property: XML-legal, and cut with an ellipsis past 255 characters."""
    text = _XML_ILLEGAL.sub("", text)
    if len(text) <= CORE_PROPERTY_MAX:
        return text
    return text[: CORE_PROPERTY_MAX - 1] + "…"


#: the most a reference.docx / reference.pptx may unpack to; REPORTGEN_MAX_TEMPLATE_BYTES raises it
DEFAULT_MAX_TEMPLATE_BYTES = 200_000_000


def read_template(path: Path, what: str) -> bytes:
    """The bytes of a theme's reference file, after checking it is a zip package of sane size.

    A file that is not a zip, or that would unpack to more than the limit (a zip bomb), is an
    `InputError` naming the file, before python-docx / python-pptx read it.
    """
    from ..errors import InputError

    limit = int(os.environ.get("REPORTGEN_MAX_TEMPLATE_BYTES", DEFAULT_MAX_TEMPLATE_BYTES))
    try:
        data = path.read_bytes()
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            total = sum(i.file_size for i in z.infolist())
    except zipfile.BadZipFile:
        raise InputError(f"{path}: not a {what} file (it is not a zip package); save it again "
                         f"from the office program") from None
    except OSError as e:
        raise InputError(f"{path}: cannot be read ({e.strerror or e})") from None
    if total > limit:
        raise InputError(f"{path}: unpacks to {total:,} bytes, over the limit of {limit:,} (a zip "
                         "bomb?); use a smaller template, or raise REPORTGEN_MAX_TEMPLATE_BYTES")
    return data


_TEMPLATE_TYPES = {
    ".dotx": (b"wordprocessingml.template.main+xml", b"wordprocessingml.document.main+xml"),
    ".potx": (b"presentationml.template.main+xml", b"presentationml.presentation.main+xml"),
}


def template_as_document(data: bytes, suffix: str) -> bytes:
    """A .dotx / .potx package relabelled as .docx / .pptx, which python-docx and python-pptx
    refuse otherwise; other packages are returned as they are."""
    types = _TEMPLATE_TYPES.get(suffix.lower())
    if types is None:
        return data
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "[Content_Types].xml":
                body = body.replace(*types)
            dst.writestr(info, body)
    return out.getvalue()


def w3cdtf(when: datetime) -> str:
    """`2024-06-20T00:00:00Z`, as core properties want it."""
    return when.strftime("%Y-%m-%dT%H:%M:%SZ")


_AXIS_ID = re.compile(rb'(<c:(?:axId|crossAx) val=")(-\d+)(")')


def unsigned_axis_ids(chart_xml: bytes) -> bytes:
    """Chart XML with negative `c:axId` / `c:crossAx` values (python-pptx's chart writer makes
    them; the schema type is unsignedInt) rewritten as their low 31 bits, so an axis and the
    axis that crosses it still name each other. Not all 32: LibreOffice reads an id of 2^31 or
    more as a signed int and loses which axis crosses which (a bar chart drew its value axis at
    the top and its bars from the right; tests/render/test_chartstyle.py)."""
    return _AXIS_ID.sub(lambda m: m[1] + str(int(m[2]) & 0x7FFFFFFF).encode() + m[3], chart_xml)


_SLD_SZ = re.compile(rb'<p:sldSz\b[^>]*/>')
#: `p:sldSz type` values and the aspect they mean; any other size is left untyped ("custom")
_SLIDE_TYPES = {b"screen4x3": (4, 3), b"screen16x9": (16, 9), b"screen16x10": (16, 10)}


def slide_size_type(presentation_xml: bytes) -> bytes:
    """`p:sldSz` without a `type` that contradicts its size (python-pptx's default template says
    `screen4x3` on whatever size the deck is set to)."""

    def fix(m: re.Match[bytes]) -> bytes:
        tag = m[0]
        t = re.search(rb'\stype="([^"]*)"', tag)
        cx = re.search(rb'\bcx="(\d+)"', tag)
        cy = re.search(rb'\bcy="(\d+)"', tag)
        if t is None or cx is None or cy is None:
            return tag
        aspect = _SLIDE_TYPES.get(t[1])
        if aspect is not None and abs(int(cx[1]) * aspect[1] - int(cy[1]) * aspect[0]) <= int(cy[1]) // 100:
            return tag
        return tag.replace(t[0], b"")

    return _SLD_SZ.sub(fix, presentation_xml)


def _xml_text(xml: bytes, tag: bytes) -> list[str]:
    """The text of every `<tag>` element of a part, element by element."""
    pat = re.compile(rb"<" + tag + rb"(?:\s[^>]*)?>([^<]*)</" + tag + rb">")
    return [html.unescape(t.decode("utf-8", "replace")) for t in pat.findall(xml)]


def _paragraph_texts(xml: bytes, para: bytes, text: bytes) -> list[str]:
    """The text of each paragraph (`para` elements) of a part, empty ones left out."""
    out = []
    for chunk in re.split(rb"</" + para + rb">", xml):
        t = "".join(_xml_text(chunk, text))
        if t.strip():
            out.append(t)
    return out


def app_properties(members: dict[str, bytes], pages: int | None = None) -> bytes:
    """`docProps/app.xml` that tells the truth about this package: the program that made it
    (reportgen), and the brief's words, characters and paragraphs (and `pages` when known) or
    the deck's slides, notes, words and slide format, instead of the default templates'
    "Microsoft Macintosh Word", Pages 1, "On-screen Show (4:3)" and Slides 0."""
    from .. import __version__

    props: list[tuple[str, str]] = []
    if "word/document.xml" in members:
        paras = _paragraph_texts(members["word/document.xml"], b"w:p", b"w:t")
        text = " ".join(paras)
        if pages:
            props.append(("Pages", str(pages)))
        props += [
            ("Words", str(len(text.split()))),
            ("Characters", str(len("".join(text.split())))),
            ("Application", f"reportgen {__version__}"),
            ("DocSecurity", "0"),
            ("Lines", str(len(paras))),
            ("Paragraphs", str(len(paras))),
            ("ScaleCrop", "false"),
            ("LinksUpToDate", "false"),
            ("CharactersWithSpaces", str(len(text))),
            ("SharedDoc", "false"),
            ("HyperlinksChanged", "false"),
        ]
    elif "ppt/presentation.xml" in members:
        slides = [n for n in members if re.fullmatch(r"ppt/slides/slide\d+\.xml", n)]
        notes = [n for n in members if re.fullmatch(r"ppt/notesSlides/notesSlide\d+\.xml", n)]
        paras = []
        for n in slides:
            paras += _paragraph_texts(members[n], b"a:p", b"a:t")
        size = re.search(rb'<p:sldSz\b[^>]*\bcx="(\d+)"[^>]*\bcy="(\d+)"', members["ppt/presentation.xml"])
        fmt = "Custom"
        if size:
            cx, cy = int(size[1]), int(size[2])
            for name, (w, h) in (("Widescreen", (16, 9)), ("On-screen Show (16:10)", (16, 10)),
                                 ("On-screen Show (4:3)", (4, 3))):
                if abs(cx * h - cy * w) <= cy // 100:
                    fmt = name
                    break
        props += [
            ("Words", str(len(" ".join(paras).split()))),
            ("Application", f"reportgen {__version__}"),
            ("PresentationFormat", fmt),
            ("Paragraphs", str(len(paras))),
            ("Slides", str(len(slides))),
            ("Notes", str(len(notes))),
            ("HiddenSlides", "0"),
            ("MMClips", "0"),
            ("ScaleCrop", "false"),
            ("LinksUpToDate", "false"),
            ("SharedDoc", "false"),
            ("HyperlinksChanged", "false"),
        ]
    body = "".join(f"<{k}>{html.escape(v)}</{k}>" for k, v in props)
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
        'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
        f"{body}</Properties>"
    ).encode()


def normalize_zip(data: bytes, when: datetime, pages: int | None = None) -> bytes:
    """Rewrite an OOXML package so that identical content gives identical bytes, and so that
    it says only true things about itself.

    Members keep their order; every member gets the timestamp `when` (zip can't hold dates
    before 1980), and `docProps/core.xml` dates inside the package and inside embedded
    workbooks (chart data) are set to `when` as well. `docProps/app.xml` is written anew
    (`app_properties`), chart axis ids made unsigned and the slide size's type made true.
    """
    stamp = max(when, datetime(1980, 1, 1)).timetuple()[:6]
    iso = w3cdtf(when).encode()
    src = zipfile.ZipFile(io.BytesIO(data))
    members = {i.filename: src.read(i.filename) for i in src.infolist()}
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            name = info.filename
            body = members[name]
            if name.endswith("core.xml"):
                body = _CORE_DATES.sub(rb"\g<1>" + iso + rb"\g<2>", body)
            elif name.endswith(".xlsx"):
                body = normalize_zip(body, when)
            elif name == "docProps/app.xml" and ("word/document.xml" in members
                                                 or "ppt/presentation.xml" in members):
                body = app_properties(members, pages)
            elif re.fullmatch(r"(?:word|ppt)/charts/chart\d+\.xml", name):
                body = unsigned_axis_ids(body)
            elif name == "ppt/presentation.xml":
                body = slide_size_type(body)
            zi = zipfile.ZipInfo(info.filename, date_time=stamp)  # type: ignore[arg-type]
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o600 << 16
            zi.create_system = 0
            dst.writestr(zi, body)
    return out.getvalue()

"""Helpers shared by the Word and PowerPoint writers: reproducible zip packages."""

from __future__ import annotations

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
    refuse otherwise (LIBRARIES.md); other packages are returned as they are."""
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


def normalize_zip(data: bytes, when: datetime) -> bytes:
    """Rewrite an OOXML package so that identical content gives identical bytes.

    Members keep their order; every member gets the timestamp `when` (zip can't hold dates
    before 1980), and `docProps/core.xml` dates inside the package and inside embedded
    workbooks (chart data) are set to `when` as well.
    """
    stamp = max(when, datetime(1980, 1, 1)).timetuple()[:6]
    iso = w3cdtf(when).encode()
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename.endswith("core.xml"):
                body = _CORE_DATES.sub(rb"\g<1>" + iso + rb"\g<2>", body)
            elif info.filename.endswith(".xlsx"):
                body = normalize_zip(body, when)
            zi = zipfile.ZipInfo(info.filename, date_time=stamp)  # type: ignore[arg-type]
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o600 << 16
            zi.create_system = 0
            dst.writestr(zi, body)
    return out.getvalue()

"""Helpers shared by the Word and PowerPoint writers: reproducible zip packages."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import datetime

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

"""PDF/A-2b for the tagged handout (theme switch `pdf.pdfa`, README §Accessibility).

On top of what `write.py` gives every handout (tagged, XMP metadata, no encryption), PDF/A-2b
(ISO 19005-2, level B) asks for: an output intent with an ICC profile for the device colours
the page uses (sRGB, as LittleCMS builds it, through Pillow), every font embedded, XMP that
says `pdfaid:part 2` / `pdfaid:conformance B`, describes the other schemas it uses that PDF/A
does not predefine (`pdfuaid`, as an extension schema) and agrees with the document
information (title, author, subject, keywords, creator, producer, dates). `problems(pdf)` names
what stands in the way (a font that is not embedded); the handout then does not claim PDF/A.
No PDF/A validator installs here (veraPDF is not on PyPI or Debian): the tests check these
points with pikepdf.
"""

from __future__ import annotations

import re
from typing import Any
from xml.sax.saxutils import escape

#: the XMP extension schema that declares `pdfuaid:part` (ISO 14289-1 5, as PDF/A asks of any
#: property outside its predefined schemas)
_PDFUA_SCHEMA = """
  <rdf:Description rdf:about="" xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/"
    xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#"
    xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
   <pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType="Resource">
    <pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>
    <pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>
    <pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>
    <pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType="Resource">
     <pdfaProperty:name>part</pdfaProperty:name>
     <pdfaProperty:valueType>Integer</pdfaProperty:valueType>
     <pdfaProperty:category>internal</pdfaProperty:category>
     <pdfaProperty:description>Indicates, which part of ISO 14289 standard is followed</pdfaProperty:description>
    </rdf:li></rdf:Seq></pdfaSchema:property>
   </rdf:li></rdf:Bag></pdfaExtension:schemas>
  </rdf:Description>"""


def _fonts(pdf: Any) -> list[tuple[str, Any]]:
    """(name, font dictionary) of every font the pages and their forms use, descendants too."""
    import pikepdf

    out: list[tuple[str, Any]] = []
    seen: set[Any] = set()

    def visit(resources: Any) -> None:
        if not isinstance(resources, pikepdf.Dictionary):
            return
        for font in resources.get("/Font", {}).values():
            if font.objgen in seen:
                continue
            seen.add(font.objgen)
            out.append((str(font.get("/BaseFont", "?")), font))
            for d in font.get("/DescendantFonts", []):
                out.append((str(d.get("/BaseFont", "?")), d))
        for xobj in resources.get("/XObject", {}).values():
            if xobj.objgen not in seen and xobj.get("/Subtype") == pikepdf.Name.Form:
                seen.add(xobj.objgen)
                visit(xobj.get("/Resources"))

    for page in pdf.pages:
        visit(page.obj.get("/Resources"))
    return out


def problems(pdf: Any) -> list[str]:
    """What keeps `pdf` from being PDF/A-2b that this module cannot mend."""
    out = []
    if pdf.is_encrypted:
        out.append("the file is encrypted")
    for name, font in _fonts(pdf):
        if font.get("/Subtype") == "/Type0":
            continue  # -- its descendant carries the font program --
        desc = font.get("/FontDescriptor")
        if desc is None or not any(k in desc for k in ("/FontFile", "/FontFile2", "/FontFile3")):
            out.append(f"font {name.lstrip('/')} is not embedded")
    return out


def _iso(date: str) -> str:
    """A PDF date (`D:20240620000000+00'00'`) as an XMP date."""
    m = re.match(r"D:(\d{4})(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)(?:([+-])(\d\d)'?(\d\d)'?|Z)?", date)
    if not m:
        return ""
    y, mo, d, h, mi, s, sign, th, tm = m.groups()
    zone = f"{sign}{th}:{tm}" if sign else "Z"
    return f"{y}-{mo}-{d}T{h}:{mi}:{s}{zone}"


def make_pdfa(pdf: Any) -> str:
    """Add the sRGB output intent to `pdf` and return the XMP that makes it PDF/A-2b (to go
    with `write._xmp`'s), or "" (with a warning) when `problems` finds something."""
    import pikepdf
    from PIL import ImageCms

    from ...errors import warn

    found = problems(pdf)
    if found:
        warn("PDF handout: not made PDF/A-2b (theme pdf.pdfa): " + "; ".join(found))
        return ""
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    profile = pdf.make_stream(icc)
    profile.N = 3
    pdf.Root.OutputIntents = pikepdf.Array([pdf.make_indirect(pikepdf.Dictionary(
        Type=pikepdf.Name.OutputIntent, S=pikepdf.Name.GTS_PDFA1,
        OutputConditionIdentifier=pikepdf.String("sRGB IEC61966-2.1"),
        RegistryName=pikepdf.String("http://www.color.org"),
        Info=pikepdf.String("sRGB IEC61966-2.1"), DestOutputProfile=profile))])
    info = pdf.docinfo
    producer = escape(str(info.get("/Producer", "")))
    created, modified = (_iso(str(info.get(k, ""))) for k in ("/CreationDate", "/ModDate"))
    trapped = str(info.get("/Trapped", "")).lstrip("/")
    return f"""
  <rdf:Description rdf:about="" xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/"
    xmlns:pdf="http://ns.adobe.com/pdf/1.3/" xmlns:xmp="http://ns.adobe.com/xap/1.0/">
   <pdfaid:part>2</pdfaid:part>
   <pdfaid:conformance>B</pdfaid:conformance>
   <pdf:Producer>{producer}</pdf:Producer>{f'''
   <pdf:Trapped>{trapped}</pdf:Trapped>''' if trapped else ""}
   <xmp:CreateDate>{created}</xmp:CreateDate>
   <xmp:ModifyDate>{modified}</xmp:ModifyDate>
  </rdf:Description>{_PDFUA_SCHEMA}"""

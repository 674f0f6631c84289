"""Fonts that travel: the theme's fonts embedded in the brief, subset to what it uses.

A brief opened where its fonts are missing (NanumGothic for Hangul on most machines) shows
empty boxes. Word embeds fonts as obfuscated TrueType parts (`word/fonts/fontN.odttf`, ECMA-376
Part 1 §17.8.1: the first 32 bytes XORed with the font key's GUID) named from
`word/fontTable.xml` (`w:embedRegular w:fontKey`); LibreOffice reads them too.

Only a font whose file *is* the font the document names is embedded (the file's family name is
the name written into the runs: NanumGothic is, Carlito standing in for Calibri is not), and
only when its OS/2 `fsType` allows embedding (`embedding_problem`; `themes check` names a
font that forbids it). The subset keeps the characters the document uses.
"""

from __future__ import annotations

import hashlib
import io
import uuid
from dataclasses import dataclass
from functools import lru_cache
from html import unescape as html_unescape
from pathlib import Path
from typing import Any

#: OS/2 fsType bits (OpenType spec): restricted licence, no subsetting, bitmap only
FS_RESTRICTED, FS_NO_SUBSET, FS_BITMAP_ONLY = 0x0002, 0x0100, 0x0200


@dataclass(frozen=True)
class FontFile:
    """A font file and what it says about itself."""

    path: Path
    family: str
    fs_type: int
    bold: bool

    @property
    def embeddable(self) -> bool:
        return not (self.fs_type & (FS_RESTRICTED | FS_BITMAP_ONLY)) or bool(self.fs_type & 0x000C)


@lru_cache(maxsize=64)
def font_file(path: Path) -> FontFile:
    from fontTools.ttLib import TTFont

    with TTFont(str(path), lazy=True) as f:
        name = f["name"]
        family = (name.getDebugName(16) or name.getDebugName(1) or path.stem).strip()
        os2 = f.get("OS/2")
        fs = int(getattr(os2, "fsType", 0)) if os2 is not None else 0
        bold = bool(getattr(os2, "fsSelection", 0) & 0x20) if os2 is not None else False
    return FontFile(path, family, fs, bold)


def embedding_problem(path: Path) -> str | None:
    """Why the font at `path` may not be embedded (its licence bits), or None."""
    f = font_file(path)
    if f.fs_type & FS_RESTRICTED and not f.fs_type & 0x000C:
        return f"{path.name} forbids embedding (OS/2 fsType {f.fs_type:#06x}: restricted licence)"
    if f.fs_type & FS_BITMAP_ONLY:
        return f"{path.name} allows only bitmap embedding (OS/2 fsType {f.fs_type:#06x})"
    return None


def theme_font_files(theme: Any) -> dict[str, dict[str, Path]]:
    """{font name the documents write: {"regular"/"bold": file}} for every theme font whose
    file is that very font (by its family name), and that may be embedded."""
    names = {theme.fonts.body, theme.fonts.heading, theme.fonts.mono, theme.fonts.east_asian}
    groups = list(theme.font_paths.values()) + list(theme.fallback_font_paths)
    out: dict[str, dict[str, Path]] = {}
    for fp in groups:
        for style, path in (("regular", fp.regular), ("bold", fp.bold)):
            try:
                f = font_file(path)
            except Exception:  # noqa: BLE001 - a font fontTools cannot read is not embedded
                continue
            if f.family in names and f.embeddable and not (style == "bold" and path == fp.regular):
                out.setdefault(f.family, {}).setdefault(style, path)
    return out


def subset(path: Path, text: str) -> bytes:
    """The font at `path` cut down to the glyphs of `text` (all of it if its licence forbids
    subsetting)."""
    import logging

    from fontTools import subset as ft_subset
    from fontTools.ttLib import TTFont

    # -- fontTools reports each table it drops (hinting sources like TSI*) as a warning --
    logging.getLogger("fontTools.subset").setLevel(logging.ERROR)
    # -- recalcTimestamp=False: saving would stamp head.modified with the clock, and the same
    # outline must give the same bytes --
    font = TTFont(str(path), recalcTimestamp=False)
    if font_file(path).fs_type & FS_NO_SUBSET:
        buf = io.BytesIO()
        font.save(buf)
        return buf.getvalue()
    opts = ft_subset.Options()
    opts.name_IDs = ["*"]
    opts.name_languages = ["*"]
    opts.notdef_outline = True
    opts.glyph_names = False
    opts.layout_features = ["*"]
    sub = ft_subset.Subsetter(opts)
    sub.populate(text=text + " ")
    sub.subset(font)
    buf = io.BytesIO()
    font.save(buf)
    return buf.getvalue()


def font_key(name: str, data: bytes) -> str:
    """A GUID for the font's obfuscation key, derived from its content (reproducible builds)."""
    return "{" + str(uuid.UUID(bytes=hashlib.md5(name.encode() + data).digest())).upper() + "}"


def obfuscate(data: bytes, key: str) -> bytes:
    """ECMA-376 font obfuscation: XOR the first 32 bytes with the key GUID's 16 bytes, taken
    from the GUID string in reverse order (as Word and LibreOffice read them)."""
    k = bytes.fromhex(key.strip("{}").replace("-", ""))[::-1]
    head = bytes(b ^ k[i % 16] for i, b in enumerate(data[:32]))
    return head + data[32:]


def _is_east_asian(ch: str) -> bool:
    o = ord(ch)
    return (0x1100 <= o <= 0x11FF or 0x3000 <= o <= 0x30FF or 0x3130 <= o <= 0x318F
            or 0x3400 <= o <= 0x9FFF or 0xAC00 <= o <= 0xD7AF or 0xF900 <= o <= 0xFAFF
            or 0xFF00 <= o <= 0xFFEF)


_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_RT_FONT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/font"
_CT_ODTTF = "application/vnd.openxmlformats-officedocument.obfuscatedFont"
#: `w:settings` children that come before `w:embedTrueTypeFonts` (the schema fixes the order)
_SETTINGS_BEFORE = {"writeProtection", "view", "zoom", "removePersonalInformation", "removeDateAndTime",
                    "doNotDisplayPageBoundaries", "displayBackgroundShape", "printPostScriptOverText",
                    "printFractionalCharacterWidth", "printFormsData"}
#: `w:font` children that come before the `w:embed*` elements
_FONT_BEFORE = {"altName", "panose1", "charset", "family", "notTrueType", "pitch", "sig"}


def _embedding_plan(theme: Any, named: set[str], text: str) -> list[tuple[str, dict[str, Path], str]]:
    """(family, {style: file}, characters to keep) of each embeddable theme font that the
    document names: the east-Asian font (when it is not also a text font) for the document's
    east-Asian characters, the others for all its text; none with nothing to draw."""
    east = "".join(sorted({c for c in text if _is_east_asian(c)}))
    plan = []
    for family, files in theme_font_files(theme).items():
        if family not in named:
            continue
        chars = east if family == theme.fonts.east_asian and family not in (
            theme.fonts.body, theme.fonts.heading, theme.fonts.mono) else "".join(sorted(set(text)))
        if chars.strip():
            plan.append((family, files, chars))
    return plan


def embed_in_docx(data: bytes, theme: Any) -> bytes:
    """The brief `data` with the theme's embeddable fonts that its text uses embedded, subset:
    the east-Asian font when there is east-Asian text (for those characters), the others for
    all the text they are named on."""
    import re
    import zipfile

    from lxml import etree

    src = zipfile.ZipFile(io.BytesIO(data))
    names = src.namelist()
    members = {n: src.read(n) for n in names}
    parts = [n for n in names if re.fullmatch(r"word/(document|header\d+|footer\d+|footnotes)\.xml", n)]
    text = "".join(t.decode("utf-8", "replace") for n in parts
                   for t in re.findall(rb"<w:t(?:\s[^>]*)?>([^<]*)</w:t>", members[n]))
    named = set()
    for n in parts + ["word/styles.xml"]:
        for fonts in re.findall(rb"<w:rFonts\s[^>]*>", members.get(n, b"")):
            named |= {m.decode() for m in re.findall(rb'w:(?:ascii|hAnsi|eastAsia|cs)="([^"]+)"', fonts)}
    east = "".join(sorted({c for c in text if _is_east_asian(c)}))
    plan = [(family, style, path, chars) for family, files, chars in _embedding_plan(theme, named, text)
            for style, path in files.items()]
    w = f"{{{_W}}}"
    table = etree.fromstring(members["word/fontTable.xml"])
    declared = {f.get(w + "name") for f in table.findall(w + "font")}
    # -- every font the runs name is declared, with its kind, so that Word and LibreOffice
    # substitute a like font where it is missing (a fixed-pitch one for the mono font) --
    missing = sorted(named - declared)
    for family in missing:
        el = etree.SubElement(table, w + "font")
        el.set(w + "name", family)
        mono = family == theme.fonts.mono
        east_asian = family == theme.fonts.east_asian
        etree.SubElement(el, w + "charset").set(w + "val", "81" if east_asian else "00")
        etree.SubElement(el, w + "family").set(w + "val", "modern" if mono else "swiss")
        etree.SubElement(el, w + "pitch").set(w + "val", "fixed" if mono else "variable")
    if not plan and not missing:
        return data
    rels_name = "word/_rels/fontTable.xml.rels"
    rels = etree.fromstring(members.get(rels_name, (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"/>')))
    new: dict[str, bytes] = {}
    for i, (family, style, path, chars) in enumerate(plan, start=1):
        font = subset(path, chars)
        key = font_key(family + style, font)
        part = f"word/fonts/font{i}.odttf"
        new[part] = obfuscate(font, key)
        rid = f"rIdFont{i}"
        etree.SubElement(rels, "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship",
                         Id=rid, Type=_RT_FONT, Target=f"fonts/font{i}.odttf")
        el = next((f for f in table.findall(w + "font") if f.get(w + "name") == family), None)
        if el is None:
            el = etree.SubElement(table, w + "font")
            el.set(w + "name", family)
            etree.SubElement(el, w + "charset").set(w + "val", "81" if east and family == theme.fonts.east_asian else "00")
            etree.SubElement(el, w + "family").set(w + "val", "swiss")
            etree.SubElement(el, w + "pitch").set(w + "val", "variable")
        tag = w + ("embedRegular" if style == "regular" else "embedBold")
        for old in el.findall(tag):
            el.remove(old)
        emb = etree.Element(tag)
        emb.set(f"{{{_R}}}id", rid)
        emb.set(w + "fontKey", key)
        order = ["embedRegular", "embedBold", "embedItalic", "embedBoldItalic"]
        after = [c for c in el if etree.QName(c).localname in _FONT_BEFORE
                 or (etree.QName(c).localname in order
                     and order.index(etree.QName(c).localname) < order.index(etree.QName(tag).localname))]
        if after:
            after[-1].addnext(emb)
        else:
            el.insert(0, emb)
    members["word/fontTable.xml"] = etree.tostring(table, xml_declaration=True, encoding="UTF-8", standalone=True)
    if not plan:
        return _rezip(src, names, members, {})
    members[rels_name] = etree.tostring(rels, xml_declaration=True, encoding="UTF-8", standalone=True)
    settings = etree.fromstring(members["word/settings.xml"])
    for tag in ("saveSubsetFonts", "embedTrueTypeFonts"):
        for old in settings.findall(w + tag):
            settings.remove(old)
    lead = [c for c in settings if isinstance(c.tag, str) and etree.QName(c).localname in _SETTINGS_BEFORE]
    embed, save = etree.Element(w + "embedTrueTypeFonts"), etree.Element(w + "saveSubsetFonts")
    if lead:
        lead[-1].addnext(embed)
    else:
        settings.insert(0, embed)
    embed.addnext(save)
    members["word/settings.xml"] = etree.tostring(settings, xml_declaration=True, encoding="UTF-8", standalone=True)
    ct = members["[Content_Types].xml"]
    if b'Extension="odttf"' not in ct:
        ct = ct.replace(b"<Default ", f'<Default Extension="odttf" ContentType="{_CT_ODTTF}"/><Default '.encode(), 1)
    members["[Content_Types].xml"] = ct
    if rels_name not in names:
        new = {rels_name: members[rels_name], **new}
    return _rezip(src, names, members, new)


def _rezip(src: Any, names: list[str], members: dict[str, bytes], new: dict[str, bytes]) -> bytes:
    """The package `src` again, with its members' new bodies and the `new` parts added."""
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for n in names:
            dst.writestr(src.getinfo(n), members[n])
        for n, body in new.items():
            dst.writestr(n, body)
    return out.getvalue()


# -- the deck -----------------------------------------------------------------------------------

_P = "http://schemas.openxmlformats.org/presentationml/2006/main"
_CT_FNTDATA = "application/x-fontdata"
#: `p:presentation` children that come after `p:embeddedFontLst` (the schema fixes the order)
_PRESENTATION_AFTER = {"custShowLst", "photoAlbum", "custDataLst", "kinsoku", "defaultTextStyle",
                       "modifyVerifier", "extLst"}
#: EOT (W3C submission 2008, "Embedded OpenType"): version 2.1, a subset, not compressed
EOT_VERSION, TTEMBED_SUBSET, EOT_MAGIC = 0x00020001, 0x00000001, 0x504C


def eot(font: bytes) -> bytes:
    """`font` (TrueType) in an Embedded OpenType container, as PowerPoint keeps an embedded
    font (`ppt/fonts/fontN.fntdata`): not compressed, not XOR-encrypted, no root string."""
    import struct

    from fontTools.ttLib import TTFont

    f = TTFont(io.BytesIO(font), lazy=True)
    os2, head, name = f["OS/2"], f["head"], f["name"]
    panose = os2.panose
    panose_bytes = bytes([panose.bFamilyType, panose.bSerifStyle, panose.bWeight, panose.bProportion,
                          panose.bContrast, panose.bStrokeVariation, panose.bArmStyle,
                          panose.bLetterForm, panose.bMidline, panose.bXHeight])

    def field(name_id: int) -> bytes:
        s = (name.getDebugName(name_id) or "").encode("utf-16-le")
        return struct.pack("<HH", 0, len(s)) + s  # -- padding, size, the UTF-16LE string --

    body = (panose_bytes
            + struct.pack("<BBIHH", 1, 1 if head.macStyle & 2 else 0, os2.usWeightClass, os2.fsType, EOT_MAGIC)
            + struct.pack("<IIII", os2.ulUnicodeRange1, os2.ulUnicodeRange2, os2.ulUnicodeRange3,
                          os2.ulUnicodeRange4)
            + struct.pack("<II", getattr(os2, "ulCodePageRange1", 0), getattr(os2, "ulCodePageRange2", 0))
            + struct.pack("<IIIII", head.checkSumAdjustment, 0, 0, 0, 0)
            # -- family, style, version and full name; then no root string --
            + field(1) + field(2) + field(5) + field(4) + struct.pack("<HH", 0, 0))
    size = 16 + len(body) + len(font)
    return struct.pack("<IIII", size, len(font), EOT_VERSION, TTEMBED_SUBSET) + body + font


def font_in_eot(data: bytes) -> bytes:
    """The TrueType font an uncompressed EOT container holds (to read a deck's fonts back)."""
    import struct

    size, font_size, _, flags = struct.unpack_from("<IIII", data)
    if size != len(data) or flags & 0x10000004:
        raise ValueError("not an uncompressed, unencrypted EOT font")
    return data[-font_size:]


def embed_in_pptx(data: bytes, theme: Any) -> bytes:
    """The deck `data` with the theme's embeddable fonts that its slides use embedded, subset,
    as PowerPoint embeds them ("Embed fonts in the file": `p:embeddedFontLst` in
    `ppt/presentation.xml`, each face an EOT part `ppt/fonts/fontN.fntdata`): the east-Asian
    font for the deck's east-Asian characters, the others for all its text."""
    import re
    import zipfile

    from lxml import etree

    src = zipfile.ZipFile(io.BytesIO(data))
    names = src.namelist()
    members = {n: src.read(n) for n in names}
    parts = [n for n in names if re.fullmatch(r"ppt/(slides/slide|slideLayouts/slideLayout|slideMasters/slideMaster"
                                              r"|notesSlides/notesSlide)\d+\.xml", n)]
    text = "".join(t.decode("utf-8", "replace") for n in parts
                   for t in re.findall(rb"<a:t>([^<]*)</a:t>", members[n]))
    text = html_unescape(text)
    named: set[str] = set()
    for n in parts + [n for n in names if n.startswith("ppt/theme/")]:
        named |= {m.decode() for m in re.findall(rb'<a:(?:latin|ea|cs)\s[^>]*typeface="([^"+][^"]*)"', members[n])}
    east = "".join(sorted({c for c in text if _is_east_asian(c)}))
    plan = _embedding_plan(theme, named, text)
    if not plan:
        return data
    p, r = f"{{{_P}}}", f"{{{_R}}}"
    pres = etree.fromstring(members["ppt/presentation.xml"])
    rels_name = "ppt/_rels/presentation.xml.rels"
    rels = etree.fromstring(members[rels_name])
    for old in pres.findall(p + "embeddedFontLst"):
        pres.remove(old)
    lst = etree.Element(p + "embeddedFontLst")
    new: dict[str, bytes] = {}
    count = 0
    for family, files, chars in sorted(plan, key=lambda x: x[0]):
        el = etree.SubElement(lst, p + "embeddedFont")
        font = etree.SubElement(el, p + "font")
        font.set("typeface", family)
        if family == theme.fonts.east_asian and east:
            font.set("charset", "-127")  # -- Hangul (Windows charset 129, as a signed byte) --
        for style in ("regular", "bold"):
            if style not in files:
                continue
            count += 1
            part = f"ppt/fonts/font{count}.fntdata"
            new[part] = eot(subset(files[style], chars))
            rid = f"rIdFont{count}"
            etree.SubElement(rels, "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship",
                             Id=rid, Type=_RT_FONT, Target=f"fonts/font{count}.fntdata")
            etree.SubElement(el, p + style).set(r + "id", rid)
    after = [c for c in pres if isinstance(c.tag, str) and etree.QName(c).localname in _PRESENTATION_AFTER]
    if after:
        after[0].addprevious(lst)
    else:
        pres.append(lst)
    # -- PowerPoint keeps the fonts only when the deck says they are embedded on purpose --
    pres.set("embedTrueTypeFonts", "1")
    pres.set("saveSubsetFonts", "1")
    members["ppt/presentation.xml"] = etree.tostring(pres, xml_declaration=True, encoding="UTF-8", standalone=True)
    members[rels_name] = etree.tostring(rels, xml_declaration=True, encoding="UTF-8", standalone=True)
    ct = members["[Content_Types].xml"]
    if b'Extension="fntdata"' not in ct:
        ct = ct.replace(b"<Default ", f'<Default Extension="fntdata" ContentType="{_CT_FNTDATA}"/><Default '.encode(), 1)
    members["[Content_Types].xml"] = ct
    return _rezip(src, names, members, new)

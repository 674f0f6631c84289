"""Writing systems in the outline's text: which complex script a run is in, its language and
direction, for the complex-script font and language slots of Word and PowerPoint runs
(README "Languages and scripts")."""

from __future__ import annotations

import unicodedata

from .bidi import paragraph_is_rtl

#: complex scripts reportgen knows, by the name themes use (`fonts.complex_script`), with the
#: code point ranges of their letters
SCRIPTS: dict[str, tuple[tuple[int, int], ...]] = {
    "arabic": ((0x0600, 0x06FF), (0x0750, 0x077F), (0x08A0, 0x08FF), (0xFB50, 0xFDFF), (0xFE70, 0xFEFF)),
    "hebrew": ((0x0590, 0x05FF), (0xFB1D, 0xFB4F)),
    "devanagari": ((0x0900, 0x097F), (0xA8E0, 0xA8FF)),
}

#: a script's language when neither the text nor `meta.language` says better
LANGUAGE = {"arabic": "ar-SA", "hebrew": "he-IL", "devanagari": "hi-IN"}

#: languages written in each script, so that `meta.language: fa` keeps Persian runs Persian
_WRITTEN_IN = {"arabic": {"ar", "fa", "ur", "ps", "ckb", "sd", "ug"}, "hebrew": {"he", "iw", "yi"},
               "devanagari": {"hi", "mr", "ne", "sa", "kok", "mai"}}

#: letters Persian has and Arabic has not (پ چ ژ گ ک ی and the Persian digits)
_PERSIAN = frozenset("\u067e\u0686\u0698\u06af\u06a9\u06cc" + "".join(map(chr, range(0x06F0, 0x06FA))))


def needs_shaping(ch: str) -> bool:
    """True for a character whose look depends on its neighbours or whose order is not the
    order it is stored in: right-to-left scripts, Indic and south-east Asian scripts."""
    cp = ord(ch)
    return (0x0590 <= cp <= 0x08FF or 0x0900 <= cp <= 0x0DFF or 0x0E00 <= cp <= 0x0EFF
            or 0x1000 <= cp <= 0x109F or 0x1780 <= cp <= 0x17FF or 0xA8E0 <= cp <= 0xA8FF
            or 0xFB1D <= cp <= 0xFDFF or 0xFE70 <= cp <= 0xFEFF or cp in (0x200C, 0x200D, 0x200F))


def is_complex(text: str) -> bool:
    return any(needs_shaping(ch) for ch in text if ord(ch) >= 0x0590)


#: scripts told by the names of their letters (`LATIN SMALL LETTER A`), in the order tried
_NAMED = ("LATIN", "GREEK", "CYRILLIC", "ARABIC", "HEBREW", "DEVANAGARI")


def script_of_char(ch: str) -> str | None:
    """The script of one character, by the names themes use: a complex script of `SCRIPTS`
    for any character of its blocks (marks, digits and punctuation too), else `hangul`,
    `kana`, `han`, `latin`, `greek`, `cyrillic` (or a complex script by its name) for a
    letter; None for anything else (spaces, digits and punctuation of other scripts)."""
    cp = ord(ch)
    if cp >= 0x0590:
        for name, ranges in SCRIPTS.items():
            if any(a <= cp <= b for a, b in ranges):
                return name
    if not ch.isalpha():
        return None
    if 0xAC00 <= cp <= 0xD7AF or 0x1100 <= cp <= 0x11FF or 0x3130 <= cp <= 0x318F:
        return "hangul"
    if 0x3040 <= cp <= 0x30FF:
        return "kana"
    if 0x3400 <= cp <= 0x9FFF or 0xF900 <= cp <= 0xFAFF:
        return "han"
    name = unicodedata.name(ch, "")
    return next((s.lower() for s in _NAMED if name.startswith(s)), None)


def script_of(text: str) -> str | None:
    """The first complex script `text` has a character of, or None."""
    # -- every complex script lies above U+0590: the letters below it need no look-up --
    return next((s for s in (script_of_char(ch) for ch in text if ord(ch) >= 0x0590)
                 if s in SCRIPTS), None)


def scripts_in(text: str) -> set[str]:
    """The complex scripts `text` has characters of."""
    return {s for s in map(script_of_char, text) if s in SCRIPTS}


def language_of(text: str, script: str, document_language: str | None) -> str:
    """The language of a run in `script`: the document's when it is written in that script,
    Persian for Arabic script with Persian letters, else the script's usual language."""
    if document_language and document_language.split("-")[0].lower() in _WRITTEN_IN[script]:
        return document_language
    if script == "arabic" and any(c in _PERSIAN for c in text):
        return "fa-IR"
    return LANGUAGE[script]


def is_rtl(text: str, document_language: str | None, direction: str = "auto") -> bool:
    """True when a paragraph of `text` runs right to left: as `direction` says (the `dir:` of
    its section or document) when that is "rtl" or "ltr"; with "auto", when its first strong
    character is right-to-left, or it has none and the document's language is written right
    to left."""
    return paragraph_is_rtl(text, direction, document_language)


def rtl_segments(text: str) -> list[tuple[str, bool]]:
    """`text` cut where right-to-left writing starts and stops: `(piece, right_to_left)`.
    White space and punctuation between two right-to-left letters stay with them; Word and
    PowerPoint want runs of right-to-left text marked as such (`w:rtl`)."""
    from .bidi import bidi_class

    kinds = []
    for ch in text:
        c = bidi_class(ch)
        kinds.append("R" if c in ("R", "AL") else "L" if c == "L" else "N")
    out: list[tuple[str, bool]] = []
    i = 0
    while i < len(text):
        if kinds[i] == "R":
            j = i
            last = i
            while j < len(text) and kinds[j] != "L":
                if kinds[j] == "R":
                    last = j
                j += 1
            out.append((text[i:last + 1], True))
            i = last + 1
        else:
            j = i
            while j < len(text) and kinds[j] != "R":
                j += 1
            out.append((text[i:j], False))
            i = j
    return [(t, r) for t, r in out if t]

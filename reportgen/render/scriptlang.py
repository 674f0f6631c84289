"""Which language and font slot a piece of text needs, by its script.

Word and PowerPoint choose a run's font and spell-checking language by character class: Latin,
Greek and Cyrillic text use the `w:val` / `lang` slot, east-Asian text (Hangul, Han, kana) the
`eastAsia` / `ea` slot, right-to-left and complex scripts the `bidi` / `cs` slot. A run in
another script than the document's own language gets the language of that script here (one
table, `SCRIPTS`, for every renderer to extend: Arabic, Hebrew and Devanagari sit in it too).

Latin text in a document whose language is not written in Latin letters keeps the document's
language: which Latin-script language it is cannot be told from the letters (README
§Accessibility).
"""

from __future__ import annotations

import unicodedata

#: script -> (language tag for text in it, font slot: "latin", "ea" or "cs")
SCRIPTS = {
    "Greek": ("el-GR", "latin"),
    "Cyrillic": ("ru-RU", "latin"),
    "Hangul": ("ko-KR", "ea"),
    "Han": ("zh-CN", "ea"),
    "Kana": ("ja-JP", "ea"),
    "Arabic": ("ar-SA", "cs"),
    "Hebrew": ("he-IL", "cs"),
    "Devanagari": ("hi-IN", "cs"),
}

#: a document language's primary subtag -> the script it is written in
LANG_SCRIPT = {"el": "Greek", "ru": "Cyrillic", "uk": "Cyrillic", "bg": "Cyrillic", "sr": "Cyrillic",
               "ko": "Hangul", "zh": "Han", "ja": "Kana", "ar": "Arabic", "fa": "Arabic",
               "he": "Hebrew", "hi": "Devanagari"}


def script_of(ch: str) -> str | None:
    """The script of a letter (`Latin`, `Greek`, `Hangul`, ...), None for anything else
    (spaces, digits, punctuation belong to the text around them)."""
    if not ch.isalpha():
        return None
    o = ord(ch)
    if 0xAC00 <= o <= 0xD7AF or 0x1100 <= o <= 0x11FF or 0x3130 <= o <= 0x318F:
        return "Hangul"
    if 0x3040 <= o <= 0x30FF:
        return "Kana"
    if 0x3400 <= o <= 0x9FFF or 0xF900 <= o <= 0xFAFF:
        return "Han"
    name = unicodedata.name(ch, "")
    for script in ("LATIN", "GREEK", "CYRILLIC", "ARABIC", "HEBREW", "DEVANAGARI"):
        if name.startswith(script):
            return script.capitalize()
    return None


def doc_script(lang: str) -> str:
    return LANG_SCRIPT.get(lang.split("-")[0].lower(), "Latin")


def segments(text: str, lang: str) -> list[tuple[str, str | None]]:
    """`text` cut where its script changes: (piece, language tag), the tag None where the piece
    is in the document's own script (or Latin, see above)."""
    own = doc_script(lang)
    out: list[tuple[str, str | None]] = []
    cur: str | None = None
    start = 0
    for i, ch in enumerate(text):
        s = script_of(ch)
        tag = None if s in (None, own, "Latin") else SCRIPTS.get(s, (None, ""))[0]
        if s is None:
            continue
        if tag != cur and i > start:
            out.append((text[start:i], cur))
            start = i
        cur = tag
    out.append((text[start:], cur))
    return [(t, g) for t, g in out if t]


def single_lang(text: str, lang: str) -> str | None:
    """The language of `text` when all its letters are in one script other than the
    document's, else None."""
    tags = {g for t, g in segments(text, lang) if any(c.isalpha() for c in t)}
    return tags.pop() if len(tags) == 1 and None not in tags else None


def slot(tag: str) -> str:
    """The font slot ("latin", "ea", "cs") of a language tag from `SCRIPTS`."""
    return next((s for t, s in SCRIPTS.values() if t == tag), "latin")

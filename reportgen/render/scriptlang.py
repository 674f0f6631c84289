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

from ..scripts import script_of_char

#: script (as `reportgen.scripts.script_of_char` names it) -> (language tag for text in it,
#: font slot: "latin", "ea" or "cs")
SCRIPTS = {
    "greek": ("el-GR", "latin"),
    "cyrillic": ("ru-RU", "latin"),
    "hangul": ("ko-KR", "ea"),
    "han": ("zh-CN", "ea"),
    "kana": ("ja-JP", "ea"),
    "arabic": ("ar-SA", "cs"),
    "hebrew": ("he-IL", "cs"),
    "devanagari": ("hi-IN", "cs"),
}

#: a document language's primary subtag -> the script it is written in
LANG_SCRIPT = {"el": "greek", "ru": "cyrillic", "uk": "cyrillic", "bg": "cyrillic", "sr": "cyrillic",
               "ko": "hangul", "zh": "han", "ja": "kana", "ar": "arabic", "fa": "arabic",
               "he": "hebrew", "hi": "devanagari"}


def doc_script(lang: str) -> str:
    return LANG_SCRIPT.get(lang.split("-")[0].lower(), "latin")


def segments(text: str, lang: str) -> list[tuple[str, str | None]]:
    """`text` cut where its script changes: (piece, language tag), the tag None where the piece
    is in the document's own script (or Latin, see above)."""
    own = doc_script(lang)
    out: list[tuple[str, str | None]] = []
    cur: str | None = None
    start = 0
    for i, ch in enumerate(text):
        # -- only letters decide: spaces, digits and punctuation belong to the text around them --
        s = script_of_char(ch) if ch.isalpha() else None
        tag = None if s in (None, own, "latin") else SCRIPTS.get(s, (None, ""))[0]
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

"""The Unicode bidirectional algorithm (UAX #9), for one line of text at a time.

Word and PowerPoint order right-to-left text themselves; the PDF handout and measuring need
it done here. What the outline can hold is plain text, so the explicit embedding, override and
isolate controls (U+202A–U+202E, U+2066–U+2069) are treated as boundary neutrals that are
dropped (rule X9) instead of opening levels: a paragraph has its base level and the implicit
levels above it (rules W1–W7, N1–N2, I1–I2, L1). Right-to-left marks (U+200F) and left-to-right
marks (U+200E) work, as strong characters. The README ("Languages and scripts") says so.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from functools import lru_cache

#: languages written right to left (ISO 639-1 and -3 codes); `meta.language` picks the base
#: direction of a paragraph that has no strong character of its own
RTL_LANGUAGES = frozenset({"ar", "arc", "ckb", "dv", "fa", "he", "iw", "ks", "ku-arab", "pa-arab", "ps",
                           "sd", "syr", "ug", "ur", "yi", "ara", "fas", "per", "heb", "urd", "pus"})

_EXPLICIT = frozenset({"LRE", "LRO", "RLE", "RLO", "PDF", "LRI", "RLI", "FSI", "PDI"})

#: Bidi_Mirroring_Glyph pairs that text outside a shaping engine needs (harfbuzz mirrors itself)
MIRROR = {a: b for a, b in zip("()[]{}<>«»‹›⁅⁆⁽⁾₍₎", ")(][}{><»«›‹⁆⁅⁾⁽₎₍", strict=True)}


def language_is_rtl(language: str | None) -> bool:
    """True when a language tag (`ar`, `fa-IR`, `he`) names a right-to-left language."""
    if not language:
        return False
    tag = language.lower().replace("_", "-")
    return tag in RTL_LANGUAGES or tag.split("-")[0] in RTL_LANGUAGES and not tag.endswith(("-latn", "-cyrl"))


def paragraph_is_rtl(text: str, direction: str = "auto", language: str | None = None) -> bool:
    """Whether a paragraph of `text` runs right to left in a scope whose `dir:` is `direction`:
    "rtl" or "ltr" decide (rule HL1), "auto" goes by its first strong character (P2, P3), or by
    `language` when it has none."""
    if direction in ("rtl", "ltr"):
        return direction == "rtl"
    s = first_strong(text)
    return bool(s) if s is not None else language_is_rtl(language)


def scope_is_rtl(direction: str = "auto", language: str | None = None) -> bool:
    """Whether a document or section with `dir:` `direction` is laid out right to left (table
    columns, box bars): "rtl", or "auto" in a language written right to left."""
    return direction == "rtl" or (direction not in ("rtl", "ltr") and language_is_rtl(language))


@lru_cache(maxsize=4096)
def bidi_class(ch: str) -> str:
    c = unicodedata.bidirectional(ch) or "L"
    return "BN" if c in _EXPLICIT else c


def first_strong(text: str) -> int | None:
    """0 for a left-to-right first strong character, 1 for right-to-left, None for none (P2, P3)."""
    for ch in text:
        c = bidi_class(ch)
        if c == "L":
            return 0
        if c in ("R", "AL"):
            return 1
    return None


def has_rtl(text: str) -> bool:
    """True when `text` has a character written right to left (or an Arabic-Indic digit)."""
    return any(bidi_class(ch) in ("R", "AL", "AN") for ch in text if ord(ch) >= 0x0590)


def levels(text: str, base: int) -> list[int]:
    """The embedding level of each character of one line at paragraph level `base` (0 or 1)."""
    n = len(text)
    if n == 0:
        return []
    orig = [bidi_class(ch) for ch in text]
    # -- X9: boundary neutrals take no part; they get a neighbour's level at the end --
    idx = [i for i, c in enumerate(orig) if c != "BN"]
    t = [orig[i] for i in idx]
    e = "R" if base % 2 else "L"
    # W1: a non-spacing mark takes the type of the character before it
    prev = e
    for k, c in enumerate(t):
        if c == "NSM":
            t[k] = prev
        prev = t[k]
    # W2, W3: European digits after Arabic letters are Arabic digits; AL is R
    last = e
    for k, c in enumerate(t):
        if c in ("L", "R", "AL"):
            last = c
        elif c == "EN" and last == "AL":
            t[k] = "AN"
    t = ["R" if c == "AL" else c for c in t]
    # W4: one separator between two numbers of a kind joins them
    for k in range(1, len(t) - 1):
        if t[k] == "ES" and t[k - 1] == t[k + 1] == "EN":
            t[k] = "EN"
        elif t[k] == "CS" and t[k - 1] == t[k + 1] and t[k - 1] in ("EN", "AN"):
            t[k] = t[k - 1]
    # W5: terminators (%, currency) next to European digits are European digits
    k = 0
    while k < len(t):
        if t[k] == "ET":
            j = k
            while j < len(t) and t[j] == "ET":
                j += 1
            if (k > 0 and t[k - 1] == "EN") or (j < len(t) and t[j] == "EN"):
                t[k:j] = ["EN"] * (j - k)
            k = j
        else:
            k += 1
    # W6: other separators and terminators are neutral
    t = ["ON" if c in ("ES", "ET", "CS") else c for c in t]
    # W7: European digits after a left-to-right letter are left to right
    last = e
    for k, c in enumerate(t):
        if c in ("L", "R"):
            last = c
        elif c == "EN" and last == "L":
            t[k] = "L"
    _pair_brackets(text, idx, t, e)
    # N1, N2: a run of neutrals between two strong types of one direction takes it; else base
    strong: list[str | None] = [("R" if c in ("EN", "AN") else c) if c in ("L", "R", "EN", "AN") else None
                                for c in t]
    k = 0
    while k < len(t):
        if strong[k] is None:
            j = k
            while j < len(t) and strong[j] is None:
                j += 1
            before = strong[k - 1] if k > 0 else e
            after = strong[j] if j < len(t) else e
            fill: str = before if before is not None and before == after else e
            t[k:j] = [fill] * (j - k)
            k = j
        else:
            k += 1
    # I1, I2
    lv = []
    for c in t:
        if base % 2 == 0:
            lv.append(base + (1 if c == "R" else 2 if c in ("AN", "EN") else 0))
        else:
            lv.append(base + (1 if c in ("L", "EN", "AN") else 0))
    out = [base] * n
    for k, i in enumerate(idx):
        out[i] = lv[k]
    for i in range(n):  # -- boundary neutrals: the level of the character before --
        if orig[i] == "BN":
            out[i] = out[i - 1] if i else base
    # L1: segment and paragraph separators, and white space before them or at the line end
    trailing = True
    for i in range(n - 1, -1, -1):
        c = orig[i]
        if c in ("S", "B"):
            out[i] = base
            trailing = True
        elif c in ("WS", "BN") and trailing:
            out[i] = base
        else:
            trailing = False
    return out


#: Bidi_Paired_Bracket pairs (opening -> closing) for rule N0
_BRACKETS = dict(zip("([{⁅⁽₍〈⌈⌊❨❪❬❮❰❲❴⟅⟦⟨⟪⦃⦅⦇⦉⦋⦍⦏⦑⦓⦕⦗⧘⧚⧼〈《「『【〔〖〘〚﹙﹛﹝（［｛｟｢",
                     ")]}⁆⁾₎〉⌉⌋❩❫❭❯❱❳❵⟆⟧⟩⟫⦄⦆⦈⦊⦌⦎⦐⦒⦔⦖⦘⧙⧛⧽〉》」』】〕〗〙〛﹚﹜﹞）］｝｠｣", strict=True))
_CLOSING = frozenset(_BRACKETS.values())


def _pair_brackets(text: str, idx: list[int], t: list[str], e: str) -> None:
    """Rule N0: a bracket pair takes the direction of what it encloses, or of its context."""
    stack: list[tuple[str, int]] = []
    pairs: list[tuple[int, int]] = []
    for k, i in enumerate(idx):
        ch = text[i]
        if t[k] != "ON":
            continue
        if ch in _BRACKETS:
            if len(stack) == 63:
                break
            stack.append((_BRACKETS[ch], k))
        elif ch in _CLOSING:
            for s in range(len(stack) - 1, -1, -1):
                if stack[s][0] == ch:
                    pairs.append((stack[s][1], k))
                    del stack[s:]
                    break
    def strong(c: str) -> str | None:
        return "L" if c == "L" else "R" if c in ("R", "EN", "AN") else None
    o = "R" if e == "L" else "L"
    for a, b in sorted(pairs):
        inside = {strong(c) for c in t[a + 1:b]}
        if e in inside:
            t[a] = t[b] = e
        elif o in inside:
            before = next((s for s in (strong(c) for c in reversed(t[:a])) if s), e)
            t[a] = t[b] = o if before == o else e


def visual_order(lv: Sequence[int]) -> list[int]:
    """Indexes of a line's items in display order, left to right (rule L2)."""
    order = list(range(len(lv)))
    if not lv:
        return order
    top = max(lv)
    lowest_odd = min(x for x in lv) | 1
    for level in range(top, lowest_odd - 1, -1):
        i = 0
        while i < len(order):
            if lv[order[i]] >= level:
                j = i
                while j < len(order) and lv[order[j]] >= level:
                    j += 1
                order[i:j] = order[i:j][::-1]
                i = j
            else:
                i += 1
    return order


def display(text: str, base: int | None = None) -> str:
    """`text` in display order, mirrored where right to left (for tests and single lines)."""
    b = first_strong(text) if base is None else base
    lv = levels(text, b or 0)
    return "".join(MIRROR.get(text[i], text[i]) if lv[i] % 2 else text[i] for i in visual_order(lv))

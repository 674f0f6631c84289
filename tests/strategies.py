"""Hypothesis strategies for outlines: valid ones, and valid ones with hostile text."""

from __future__ import annotations

from hypothesis import strategies as st

SOURCE_IDS = ["s1", "s2", "s3"]
AUDIENCES = ["lead", "wg", "pub"]
TAGS = ["sensitive", "economy", "military"]

#: right-to-left letters (Arabic, Hebrew, Persian) and Devanagari, so that mixed-direction
#: paragraphs and headings are fuzzed in every format (README "Languages and scripts")
RTL_LETTERS = list("سلامعربיםשלוپکनमस्ते")

# -- text: printable characters of several scripts, markup characters, and citations --
words = st.text(
    alphabet=st.sampled_from(list("abcxyz ЖжΩω한국é<>&*`_[]()\\$#:-'\"") + RTL_LETTERS),
    min_size=1, max_size=30,
).filter(lambda s: s.strip())
cite = st.sampled_from(SOURCE_IDS).map(lambda i: f"[@{i}]")
text = st.lists(st.one_of(words, cite, st.just("**bold**"), st.just("*it*"), st.just("${v}")),
                min_size=1, max_size=5).map(" ".join)

#: Text a format may choke on: control characters, lone surrogates, zero-width and bidi controls,
#: markup of every format, emoji, combining characters, long unbroken words.
HOSTILE = [
    "\x00", "\x07", "\x0b", "\x1f", "\ufffe", "\ud800", "\udfff", "\u200b", "\u200d", "\u2060",
    "\u202e", "\u2066", "\ufeff", "<b>", "</w:t>", "]]>", "&amp;", "&#0;", "<font name=x>",
    "<a href='x'>", "%PDF", "\\\\", "😀", "👩\u200d💻", "e\u0301", "ﬁ", "\t",
    "x" * 300, "https://example.org/" + "a" * 500, "$${v}", "`", "**", "[x](", "\u00ad",
]
hostile_text = st.lists(st.one_of(text, st.sampled_from(HOSTILE)), min_size=1, max_size=6).map(" ".join)
hostile_words = st.one_of(words, st.lists(st.sampled_from(HOSTILE), min_size=1, max_size=3).map("".join))

filters = st.fixed_dictionaries({}, optional={
    "detail": st.sampled_from(["summary", "standard", "full"]),
    "audiences": st.lists(st.sampled_from(AUDIENCES), min_size=1, max_size=2, unique=True),
    "tags": st.lists(st.sampled_from(TAGS), max_size=2, unique=True),
})


def _with_filters(block):
    return st.tuples(block, filters).map(lambda t: {**t[0], **t[1]})


#: chart values an outline may hold (the loader refuses beyond ±1e15)
everyday_values = st.floats(-1e6, 1e6, allow_nan=False)
#: mostly everyday numbers; sometimes any finite float (1e308, 5e-324), which must build or be
#: refused with a message
any_values = st.one_of(everyday_values, st.floats(allow_nan=False, allow_infinity=False))


def block_strategies(text=text, words=words, value=everyday_values):
    """Block key -> a strategy for body entries of that type (without the audience filters).
    Every registered block type has one (tests/test_blocks.py)."""
    list_items = st.lists(text, min_size=1, max_size=4)
    table = st.integers(1, 4).flatmap(lambda n: st.fixed_dictionaries({
        "columns": st.lists(words, min_size=n, max_size=n),
        "rows": st.lists(st.lists(text, min_size=n, max_size=n), max_size=6),
    }, optional={"caption": words}))
    chart = st.integers(1, 5).flatmap(lambda n: st.fixed_dictionaries({
        "kind": st.sampled_from(["bar", "column", "line"]),
        "categories": st.lists(words, min_size=n, max_size=n),
        "series": st.dictionaries(words, st.lists(value, min_size=n, max_size=n),
                                  min_size=1, max_size=3),
    }, optional={"caption": words, "unit": words}))
    pie = st.integers(1, 5).flatmap(lambda n: st.fixed_dictionaries({
        "kind": st.just("pie"),
        "categories": st.lists(words, min_size=n, max_size=n),
        "series": st.dictionaries(words, st.lists(st.floats(0, 1e6, allow_nan=False), min_size=n, max_size=n),
                                  min_size=1, max_size=1),
    }))
    return {
        "paragraph": st.fixed_dictionaries({"paragraph": text}),
        "bullets": st.fixed_dictionaries({"bullets": list_items}),
        "numbered": st.fixed_dictionaries({"numbered": list_items}),
        "quote": st.fixed_dictionaries({"quote": st.fixed_dictionaries({"text": text}, optional={"by": words})}),
        "callout": st.fixed_dictionaries({"callout": st.fixed_dictionaries(
            {"text": text}, optional={"title": words, "style": st.sampled_from(["note", "insight", "warning"])})}),
        "table": st.fixed_dictionaries({"table": table}),
        "chart": st.fixed_dictionaries({"chart": st.one_of(chart, pie)}),
        # -- images need a file beside the outline; the fuzz test writes none, so they are
        # drawn only where a caller provides one (see test_blocks) --
        "image": st.fixed_dictionaries({"image": st.fixed_dictionaries(
            {"path": st.just("map.png"), "alt": words}, optional={"caption": words})}),
        "timeline": st.fixed_dictionaries({"timeline": st.lists(
            st.fixed_dictionaries({"date": st.just("2024-06-19"), "event": text}), min_size=1, max_size=4)}),
    }


def outlines(text=text, words=words, max_sections=4, max_body=5, depth=2, value=everyday_values, images=False):
    """Outlines the schema accepts, every text drawn from `text` (titles etc. from `words`),
    chart values from `value`; with `images`, image blocks name `map.png` beside the outline."""
    kinds = block_strategies(text, words, value)
    if not images:
        kinds.pop("image")
    block = st.one_of(text, *(_with_filters(s) for s in kinds.values()))
    point = st.one_of(text, st.tuples(text, filters).map(lambda t: {"text": t[0], **t[1]}))

    def section(d):
        base = {"title": words, "points": st.lists(point, max_size=4), "body": st.lists(block, max_size=max_body)}
        if d > 0:
            base["sections"] = st.lists(section(d - 1), max_size=2)
        return st.tuples(st.fixed_dictionaries(base, optional={"headline": words, "notes": text}), filters).map(
            lambda t: {**t[0], **t[1]})

    return st.fixed_dictionaries({
        "meta": st.fixed_dictionaries({"title": words}, optional={"subtitle": words, "marking": words}),
        "variables": st.just({"v": "value"}),
        "audiences": st.just({
            "lead": {"detail": "summary"},
            "wg": {"detail": "full"},
            "pub": {"exclude_tags": ["sensitive"], "include_tags": []},
        }),
        "sections": st.lists(section(depth), min_size=1, max_size=max_sections),
        "sources": st.just([{"id": i, "title": f"Source {i}"} for i in SOURCE_IDS]),
    }, optional={
        "bluf": text,
        "key_judgments": st.lists(st.fixed_dictionaries({"text": text}, optional={
            "likelihood": st.sampled_from(["unlikely", "likely", "almost certain"]),
            "confidence": st.sampled_from(["low", "moderate", "high"])}), max_size=4),
        "recommendations": st.lists(point, max_size=3),
        "appendix": st.lists(section(1), max_size=2),
    }).map(unique_ids)


def unique_ids(data):
    """Section ids derive from titles; make them unique (duplicates are a load error by design)."""
    counter = [0]

    def fix(secs):
        for s in secs:
            counter[0] += 1
            s["id"] = f"s{counter[0]}"
            fix(s.get("sections", []))

    fix(data["sections"])
    fix(data.get("appendix", []))
    return data


outline = outlines()

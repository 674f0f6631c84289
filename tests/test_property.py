"""Properties: outlines the schema accepts load and tailor for every audience."""

from __future__ import annotations

import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reportgen.errors import InputError
from reportgen.load import load
from reportgen.model import plain
from reportgen.tailor import tailor

SOURCE_IDS = ["s1", "s2", "s3"]
AUDIENCES = ["lead", "wg", "pub"]
TAGS = ["sensitive", "economy", "military"]

# -- text: printable characters of several scripts, markup characters, and citations --
words = st.text(
    alphabet=st.sampled_from(list("abcxyz ЖжΩω한국é<>&*`_[]()\\$#:-'\"")),
    min_size=1, max_size=30,
).filter(lambda s: s.strip())
cite = st.sampled_from(SOURCE_IDS).map(lambda i: f"[@{i}]")
text = st.lists(st.one_of(words, cite, st.just("**bold**"), st.just("*it*"), st.just("${v}")),
                min_size=1, max_size=5).map(" ".join)
filters = st.fixed_dictionaries({}, optional={
    "detail": st.sampled_from(["summary", "standard", "full"]),
    "audiences": st.lists(st.sampled_from(AUDIENCES), min_size=1, max_size=2, unique=True),
    "tags": st.lists(st.sampled_from(TAGS), max_size=2, unique=True),
})


def with_filters(block):
    return st.tuples(block, filters).map(lambda t: {**t[0], **t[1]})


list_items = st.lists(text, min_size=1, max_size=4)
n_cols = st.integers(1, 4)
table = n_cols.flatmap(lambda n: st.fixed_dictionaries({
    "columns": st.lists(words, min_size=n, max_size=n),
    "rows": st.lists(st.lists(text, min_size=n, max_size=n), max_size=6),
}))
n_cats = st.integers(1, 5)
chart = n_cats.flatmap(lambda n: st.fixed_dictionaries({
    "kind": st.sampled_from(["bar", "column", "line"]),
    "categories": st.lists(words, min_size=n, max_size=n),
    "series": st.dictionaries(words, st.lists(st.floats(-1e6, 1e6, allow_nan=False), min_size=n, max_size=n),
                              min_size=1, max_size=3),
}))
block = st.one_of(
    text,
    with_filters(st.fixed_dictionaries({"paragraph": text})),
    with_filters(st.fixed_dictionaries({"bullets": list_items})),
    with_filters(st.fixed_dictionaries({"numbered": list_items})),
    with_filters(st.fixed_dictionaries({"quote": st.fixed_dictionaries({"text": text}, optional={"by": words})})),
    with_filters(st.fixed_dictionaries({"callout": st.fixed_dictionaries(
        {"text": text}, optional={"title": words, "style": st.sampled_from(["note", "insight", "warning"])})})),
    with_filters(st.fixed_dictionaries({"table": table})),
    with_filters(st.fixed_dictionaries({"chart": chart})),
    with_filters(st.fixed_dictionaries({"timeline": st.lists(
        st.fixed_dictionaries({"date": st.just("2024-06-19"), "event": text}), min_size=1, max_size=4)})),
)
point = st.one_of(text, st.tuples(text, filters).map(lambda t: {"text": t[0], **t[1]}))


def section(depth):
    base = {
        "title": words,
        "points": st.lists(point, max_size=4),
        "body": st.lists(block, max_size=5),
    }
    if depth > 0:
        base["sections"] = st.lists(section(depth - 1), max_size=2)
    return st.tuples(st.fixed_dictionaries(base, optional={"headline": words, "notes": text}), filters).map(
        lambda t: {**t[0], **t[1]})


outline = st.fixed_dictionaries({
    "meta": st.fixed_dictionaries({"title": words}, optional={"subtitle": words, "marking": words}),
    "variables": st.just({"v": "value"}),
    "audiences": st.just({
        "lead": {"detail": "summary"},
        "wg": {"detail": "full"},
        "pub": {"exclude_tags": ["sensitive"], "include_tags": []},
    }),
    "sections": st.lists(section(2), min_size=1, max_size=4),
    "sources": st.just([{"id": i, "title": f"Source {i}"} for i in SOURCE_IDS]),
}, optional={
    "bluf": text,
    "key_judgments": st.lists(st.fixed_dictionaries({"text": text}, optional={
        "likelihood": st.sampled_from(["unlikely", "likely", "almost certain"]),
        "confidence": st.sampled_from(["low", "moderate", "high"])}), max_size=4),
    "recommendations": st.lists(point, max_size=3),
    "appendix": st.lists(section(1), max_size=2),
})


def unique_titles(data):
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


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(outline.map(unique_titles))
def test_valid_outlines_load_and_tailor_for_every_audience(data):
    with tempfile.TemporaryDirectory() as d:
        p = Path(d) / "outline.yaml"
        p.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
        try:
            ld = load(p)
        except InputError as e:
            # -- the only thing generated text may get wrong is a link whose target is not a URL --
            assert all("link target" in pr.message for pr in e.problems), str(e)
            return
        for name in AUDIENCES:
            doc = tailor(ld, name)
            cited = {r.cite for s in doc.all_sections() for p in s.points for r in p if r.cite}
            assert cited <= {s.number for s in doc.sources}
            assert [s.number for s in doc.sources] == list(range(1, len(doc.sources) + 1))
            for s in doc.all_sections():
                assert s.title == plain(s.title)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_any_text_file_gives_an_outline_or_an_input_error(content):
    with tempfile.TemporaryDirectory() as d:
        p = Path(d) / "outline.yaml"
        p.write_text(content, encoding="utf-8", errors="surrogatepass")
        try:
            load(p)
        except InputError:
            pass

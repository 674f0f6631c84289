"""Tailoring on tiny outlines: exactly what each audience gets, and the input unchanged."""

from __future__ import annotations

import copy

import pytest

from reportgen.errors import InputError
from reportgen.load import load
from reportgen.model import BulletList, Paragraph, Table, plain
from reportgen.tailor import tailor

OUTLINE = """
meta:
  title: Test for ${meeting}
  date: 2024-06-20
  marking: INTERNAL
variables: {meeting: Working Group}
audiences:
  lead: {label: Leaders, detail: summary, formats: [pptx, pdf], variables: {meeting: Deputies}}
  analysts: {detail: full}
  public: {exclude_tags: [sensitive], marking: PUBLIC}
  econ: {include_tags: [economy]}
bluf: Cited second [@b], then first [@a].
key_judgments:
  - {text: "Always there [@a]", likelihood: likely, confidence: moderate}
  - {text: Full only, detail: full}
  - {text: Secret judgment, tags: [sensitive]}
sections:
  - title: One
    points: [p1, {text: secret point, tags: [sensitive]}, {text: full point, detail: full}]
    body:
      - para one [@c]
      - bullets: [x, [y, z], w]
        tags: [economy]
      - table: {columns: [A, B], rows: [[1, 2]]}
        detail: full
      - paragraph: only analysts
        audiences: [analysts]
      - table: {caption: Second, columns: [A], rows: [[a]]}
    sections:
      - title: Sub
        tags: [military]
      - title: Sub two
  - title: Two
    tags: [sensitive]
    body: ["hidden [@d]"]
  - title: Three
recommendations:
  - Do it
  - {text: Secretly, tags: [sensitive]}
sources:
  - {id: a, title: Source A}
  - {id: b, title: Source B}
  - {id: c, title: Source C}
  - {id: d, title: Source D}
  - {id: e, title: Always listed, always: true}
  - {id: f, title: Never cited}
appendix:
  - title: Method
"""


@pytest.fixture
def loaded(write_outline):
    return load(write_outline(OUTLINE))


def headings(doc):
    return [s.heading for s in doc.all_sections()]


def test_summary_audience_gets_sections_and_points_but_no_body(loaded):
    doc = tailor(loaded, "lead")
    # -- "Two" has only body text, hidden at summary detail: no heading over nothing; "Three"
    # was written with a title only and stays --
    assert headings(doc) == ["1 One", "1.1 Sub", "1.2 Sub two", "2 Three"]
    assert [plain(p) for p in doc.sections[0].points] == ["p1", "secret point"]
    assert all(not s.body for s in doc.all_sections())
    assert [plain(k.text) for k in doc.key_judgments] == ["Always there\u00a0[2]", "Secret judgment"]
    assert doc.meta.title == "Test for Deputies"
    assert doc.audience_label == "Leaders"
    assert doc.formats == ("pptx", "pdf")
    assert doc.show_toc is False


def test_full_audience_gets_everything_and_the_appendix(loaded):
    doc = tailor(loaded, "analysts")
    assert headings(doc) == ["1 One", "1.1 Sub", "1.2 Sub two", "2 Two", "3 Three", "Annex A: Method"]
    body = doc.sections[0].body
    assert [type(b).__name__ for b in body] == ["Paragraph", "BulletList", "Table", "Paragraph", "Table"]
    assert [b.number for b in body if isinstance(b, Table)] == [1, 2]
    assert [b.label for b in body if isinstance(b, Table)] == ["Table 1", "Table 2: Second"]
    bullets = body[1]
    assert isinstance(bullets, BulletList)
    assert [plain(i.text) for i in bullets.items] == ["x", "w"]
    assert [plain(c.text) for c in bullets.items[0].children] == ["y", "z"]
    assert doc.meta.title == "Test for Working Group"


def test_exclude_tags_hide_items_sections_and_their_sources(loaded):
    doc = tailor(loaded, "public")
    assert headings(doc) == ["1 One", "1.1 Sub", "1.2 Sub two", "2 Three"]
    assert [plain(p) for p in doc.sections[0].points] == ["p1"]
    assert [plain(r.text) for r in doc.recommendations] == ["Do it"]
    assert "D" not in [s.title[-1] for s in doc.sources]
    assert doc.marking == "PUBLIC"
    assert not any(isinstance(b, Paragraph) and plain(b.text) == "only analysts"
                   for s in doc.all_sections() for b in s.body)


def test_include_tags_keep_untagged_items_and_matching_tagged_ones(loaded):
    doc = tailor(loaded, "econ")
    # -- "Sub" is tagged military: not included; "Two" is tagged sensitive: not included --
    assert headings(doc) == ["1 One", "1.1 Sub two", "2 Three"]
    assert any(isinstance(b, BulletList) for b in doc.sections[0].body)


def test_citations_numbered_by_first_use_and_sources_reduced(loaded):
    doc = tailor(loaded, "analysts")
    # -- a citation is tied to the word before it with a no-break space (#12) --
    assert plain(doc.bluf) == "Cited second\u00a0[1], then first\u00a0[2]."
    # b first (BLUF), a, c (section one), d (section two), then `always` e; f never cited
    assert [(s.number, s.id) for s in doc.sources] == [(1, "b"), (2, "a"), (3, "c"), (4, "d"), (5, "e")]
    cites = [r.cite for r in doc.bluf if r.cite]
    assert cites == [1, 2]


def test_public_renumbers_without_the_hidden_source(loaded):
    doc = tailor(loaded, "public")
    assert [(s.number, s.id) for s in doc.sources] == [(1, "b"), (2, "a"), (3, "c"), (4, "e")]


def test_tailor_does_not_change_the_outline(loaded):
    before = copy.deepcopy(loaded.outline.model_dump())
    for name in ("lead", "analysts", "public", "econ"):
        tailor(loaded, name)
    assert loaded.outline.model_dump() == before


def test_unknown_audience_is_an_error_with_suggestion(loaded):
    with pytest.raises(InputError, match="unknown audience 'analyst' \\(did you mean 'analysts'\\?\\)"):
        tailor(loaded, "analyst")


def test_outline_without_audiences_has_an_implicit_default(write_outline):
    ld = load(write_outline("""
        meta: {title: T}
        sections: [{title: S, body: [text]}]
    """))
    doc = tailor(ld)
    assert doc.audience == "default" and doc.detail == "standard"
    assert headings(doc) == ["1 S"]
    assert len(doc.sections[0].body) == 1


def test_origin_paths_point_back_into_the_outline(loaded):
    doc = tailor(loaded, "analysts")
    assert doc.sections[0].origin == "sections[0]"
    assert doc.sections[0].body[2].origin == "sections[0].body[2]"
    assert doc.sections[0].sections[1].origin == "sections[0].sections[1]"
    assert doc.key_judgments[0].origin == "key_judgments[0]"


def test_a_section_or_annex_with_everything_hidden_is_left_out(write_outline):
    """A heading over nothing (and an empty slide) helps no reader: a section whose points,
    blocks and subsections are all hidden from an audience is dropped, and numbering closes up."""
    src = """\
meta: {title: T}
audiences:
  lead: {detail: summary}
  pub: {detail: standard}
sections:
  - title: Points
    points: [shown]
  - title: Only lists
    sections:
      - title: Lists
        body: [{bullets: [a, b]}]
  - title: Headline only at summary
    headline: The message
    body: [text]
  - title: Last
    points: [end]
appendix:
  - title: Glossary
    detail: standard
    body: [{table: {columns: [Term], rows: [[x]]}}]
  - title: Method
    detail: standard
    body: [{paragraph: How, detail: standard}]
"""
    loaded = load(write_outline(src))
    lead = tailor(loaded, "lead")
    assert headings(lead) == ["1 Points", "2 Headline only at summary", "3 Last"]
    pub = tailor(loaded, "pub")
    # -- the glossary's table keeps the appendix default (full): the annex is left out, and the
    # next annex becomes A --
    assert headings(pub) == ["1 Points", "2 Only lists", "2.1 Lists", "3 Headline only at summary",
                             "4 Last", "Annex A: Method"]

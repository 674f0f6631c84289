"""Sensitivity levels: what each audience gets, the computed banner and portion marks, read
back from every format, and `check` catching a wrong mark, a low banner and a leaked portion."""

from __future__ import annotations

import dataclasses
import io

import pytest

from reportgen.check import check_files, read_output
from reportgen.errors import InputError
from reportgen.load import load
from reportgen.model import Paragraph, Run, plain
from reportgen.render import get_renderer
from reportgen.tailor import tailor, tailor_everything

from .conftest import FORMATS, outline_fixtures

OUTLINE = """\
meta:
  title: Levels test
  levels:
    - {name: U, banner: UNCLASSIFIED}
    - {name: CUI, banner: CUI}
    - {name: C, banner: CONFIDENTIAL}
  level: U
  portion_marks: true
audiences:
  public: {max_level: U}
  partners: {max_level: CUI, caveats: [REL TO PARTNERS]}
  analysts: {detail: full}
bluf: The bottom line of this test [@a].
key_judgments:
  - {text: Cooperation will likely deepen this year, likelihood: likely}
  - {text: Transfers of missile technology continue, level: C}
sections:
  - title: Open section
    points: [An open point about trade, {text: A controlled point about shipping, level: CUI}]
    body:
      - Open paragraph about the summit.
      - table: {caption: Port calls, columns: [Port, Calls], rows: [[Rajin, "12"]]}
        level: CUI
    sections:
      - title: Open subsection
        points: [A point in a subsection]
  - title: Military cooperation
    level: C
    body:
      - bullets: [Artillery shells, Ballistic missiles]
        level: C
      - {paragraph: "Secret paragraph about transfers [@b].", level: C}
      - quote: {text: Strongest ever treaty, by: A leader}
        level: C
recommendations:
  - text: Brief the partners on trade
  - {text: Protect the reporting on transfers, level: C}
sources:
  - {id: a, title: Open reporting}
  - {id: b, title: Controlled reporting, level: C}
"""


loaded, theme, files = outline_fixtures("levels", OUTLINE, ("public", "partners", "analysts"))


def _texts(doc):
    out = [plain(doc.bluf)] + [plain(j.text) for j in doc.key_judgments]
    for s in doc.all_sections():
        out += [s.title, *(plain(p) for p in s.points)]
        for b in s.body:
            out.append(plain(b.text) if isinstance(b, Paragraph) else getattr(b, "label", ""))
    return out + [plain(r.text) for r in doc.recommendations] + [s.label for s in doc.sources]


def test_each_audience_gets_only_what_its_max_level_allows_and_the_banner_of_what_it_got(loaded):
    public, partners, analysts = (tailor(loaded, a) for a in ("public", "partners", "analysts"))
    assert public.marking == "UNCLASSIFIED"
    assert partners.marking == "CUI//REL TO PARTNERS"
    assert analysts.marking == "CONFIDENTIAL"
    assert [s.title for s in public.sections] == ["(U) Open section"]
    assert [(s.title, plain(s.points[0])) for s in public.sections[0].sections] == [
        ("(U) Open subsection", "(U) A point in a subsection")]
    assert [plain(p) for p in public.sections[0].points] == ["(U) An open point about trade"]
    assert [plain(j.text) for j in public.key_judgments] == ["(U) Cooperation will likely deepen this year"]
    assert [s.label for s in public.sources] == ["(U) Open reporting."]
    # -- a section is at least as high as what it shows to this audience --
    assert [s.title for s in partners.sections] == ["(CUI) Open section"]
    assert [s.title for s in analysts.sections] == ["(CUI) Open section", "(C) Military cooperation"]
    assert partners.sections[0].body[1].label == "(CUI) Table 1: Port calls"
    lists = analysts.sections[1].body[0]
    assert [plain(i.text) for i in lists.items] == ["(C) Artillery shells", "(C) Ballistic missiles"]
    assert [s.label for s in analysts.sources] == ["(U) Open reporting.", "(C) Controlled reporting."]
    assert not any("Secret" in t or "transfers" in t.lower() for t in _texts(public) + _texts(partners))


def test_a_recommendation_or_judgment_alone_raises_the_banner(tmp_path):
    p = tmp_path / "o.yaml"
    p.write_text(OUTLINE.replace("  partners: {max_level: CUI, caveats: [REL TO PARTNERS]}\n", "")
                 .replace("  - {text: Transfers of missile technology continue, level: C}\n", "")
                 .replace("    level: C\n    body:", "    level: C\n    audiences: [analysts]\n    body:")
                 .replace("level: CUI", "level: U"), encoding="utf-8")
    ld = load(p)
    assert tailor(ld, "analysts").marking == "CONFIDENTIAL"  # -- the section and a recommendation
    without = p.read_text().replace("    audiences: [analysts]\n", "    audiences: [public]\n")
    p.write_text(without.replace("public: {max_level: U}", "public: {}"), encoding="utf-8")
    doc = tailor(load(p), "analysts")
    assert [plain(r.text) for r in doc.recommendations][-1] == "(C) Protect the reporting on transfers"
    assert doc.marking == "CONFIDENTIAL"  # -- the recommendation alone


def test_tailor_leaves_the_outline_unchanged(loaded):
    before = loaded.outline.model_dump()
    tailor(loaded, "public")
    tailor(loaded, "analysts")
    assert loaded.outline.model_dump() == before


def test_without_portion_marks_the_text_is_unmarked_and_the_banner_still_computed(tmp_path):
    p = tmp_path / "o.yaml"
    p.write_text(OUTLINE.replace("portion_marks: true", "portion_marks: false"), encoding="utf-8")
    doc = tailor(load(p), "analysts")
    assert doc.marking == "CONFIDENTIAL"
    assert doc.sections[1].title == "Military cooperation"


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("audience,banner,marks,absent", [
    ("public", "UNCLASSIFIED", ["(U) Open paragraph about the summit", "(U) An open point"],
     ["(CUI)", "(C)", "Secret paragraph", "Controlled reporting"]),
    ("partners", "CUI//REL TO PARTNERS", ["(CUI) A controlled point", "(CUI) Table 1: Port calls",
                                          "(CUI) Open section"], ["(C)", "Secret paragraph"]),
    ("analysts", "CONFIDENTIAL", ["(C) Secret paragraph", "(C) Artillery shells", "(C) Military cooperation",
                                  "(C) “Strongest ever treaty”",
                                  "(C) Controlled reporting", "(C) Transfers of missile"], []),
])
def test_files_read_back_show_banner_on_every_page_in_metadata_and_portion_marks(
        files, fmt, audience, banner, marks, absent):
    ex = read_output(fmt, files[(audience, fmt)])
    flat = " ".join(ex.text.split())
    pages = ex.furniture
    assert pages and all(banner in " ".join(pg.split()) for pg in pages)
    assert banner in ex.metadata
    for m in marks:
        assert m in flat, (m, flat[:400])
    for a in absent:
        assert a not in flat
    if audience != "partners":
        assert "REL TO" not in flat + " ".join(pages)


def test_the_deck_puts_marks_before_slide_titles_and_bullets(files):
    from pptx import Presentation

    prs = Presentation(io.BytesIO(files[("analysts", "pptx")]))
    titles = [sh.text_frame.text for sl in prs.slides for sh in sl.shapes
              if sh.has_text_frame and sh.name.startswith("Title")]
    # -- a section's slide title keeps its number first, as its heading does ("2 (C) ...") --
    assert "2 (C) Military cooperation" in titles
    bullets = [p.text for sl in prs.slides for sh in sl.shapes if sh.has_text_frame
               for p in sh.text_frame.paragraphs]
    assert "(CUI) A controlled point about shipping" in bullets


@pytest.mark.parametrize("fmt", FORMATS)
def test_check_passes_honest_files(loaded, files, fmt):
    everything = tailor_everything(loaded)
    for a in ("public", "partners", "analysts"):
        [rep] = check_files(tailor(loaded, a), {fmt: files[(a, fmt)]}, everything)
        assert rep.findings == [], (a, [str(f) for f in rep.findings])


def _with_paragraph_mark(doc, mark):
    sec = doc.sections[1]
    para = sec.body[1]
    assert plain(para.text).startswith("(C) Secret")
    new = dataclasses.replace(para, text=(Run(mark), *para.text[1:]))
    sec = dataclasses.replace(sec, body=(sec.body[0], new, *sec.body[2:]))
    return dataclasses.replace(doc, sections=(doc.sections[0], sec))


@pytest.mark.parametrize("fmt", FORMATS)
def test_check_reports_a_wrong_portion_mark(loaded, theme, fmt):
    doc = tailor(loaded, "analysts")
    data = get_renderer(fmt)(_with_paragraph_mark(doc, "(U) "), theme)
    [rep] = check_files(doc, {fmt: data}, None)
    assert [(f.kind, f.origin, f.text) for f in rep.findings] == [
        ("portion mark", "sections[1].body[1]", "marked (U), not (C): Secret paragraph about transfers\u00a0[2].")]


@pytest.mark.parametrize("fmt", FORMATS)
def test_check_reports_a_banner_lower_than_a_portion(loaded, theme, fmt):
    doc = tailor(loaded, "analysts")
    low = dataclasses.replace(doc, meta=dataclasses.replace(doc.meta, marking="UNCLASSIFIED"))
    [rep] = check_files(doc, {fmt: get_renderer(fmt)(low, theme)}, None)
    found = sorted((f.kind, f.text) for f in rep.findings)
    from reportgen.formats import get as get_format

    furniture = get_format(fmt).furniture
    assert found[:2] == [
        ("banner", "'CONFIDENTIAL' missing from the file's metadata"),
        ("banner", "a (C) portion in a file whose banner is UNCLASSIFIED; the banner must be CONFIDENTIAL or higher"),
    ]
    assert [k for k, _ in found[2:]] == ["marking"] and furniture in found[2][1]


@pytest.mark.parametrize("fmt", FORMATS)
def test_check_reports_portions_above_max_level_as_leaked(loaded, theme, fmt):
    public, analysts = tailor(loaded, "public"), tailor(loaded, "analysts")
    # -- the analysts' content sent under the public's name and banner --
    data = get_renderer(fmt)(dataclasses.replace(analysts, audience="public", meta=public.meta), theme)
    [rep] = check_files(public, {fmt: data}, tailor_everything(loaded))
    leaked = [f for f in rep.findings if f.kind == "leaked"]
    assert any(f.origin == "audiences.public.max_level" and "(CUI, C) portions" in f.text for f in leaked)
    assert "sections[1].body[1]" in {f.origin for f in leaked}
    # -- a leaked portion is found by its words, with or without its mark --
    sec = analysts.sections[1]
    unmarked = dataclasses.replace(sec.body[1], text=(Run("Secret paragraph about transfers."),))
    data = get_renderer(fmt)(dataclasses.replace(
        public, sections=(*public.sections, dataclasses.replace(sec, body=(unmarked,)))), theme)
    [rep] = check_files(public, {fmt: data}, tailor_everything(loaded))
    assert "sections[1].body[1]" in {f.origin for f in rep.findings if f.kind == "leaked"}


CORPORATE = """\
meta:
  title: Quarterly review
  levels:
    - {name: Public, banner: PUBLIC}
    - {name: Internal, banner: INTERNAL}
    - {name: Confidential, banner: CONFIDENTIAL}
  level: Internal
  portion_marks: true
audiences:
  press: {max_level: Public}
  staff: {max_level: Internal}
  board: {}
sections:
  - title: Results
    level: SECTION_LEVEL
    points: [{text: Revenue grew four percent, level: Public}]
    body:
      - {paragraph: Margins fell in the second half., level: Confidential}
  - title: Plans
    points: [Open two offices]
"""


def test_corporate_labels_work_the_same(tmp_path):
    p = tmp_path / "o.yaml"
    p.write_text(CORPORATE.replace("SECTION_LEVEL", "Public"), encoding="utf-8")
    with pytest.raises(InputError) as e:
        load(p)
    assert ("sections[0].level: the section is marked Public but holds sections[0].body[0] at level "
            "Confidential; a section is at least as high as what it holds") in str(e.value)
    p.write_text(CORPORATE.replace("SECTION_LEVEL", "Public").replace("level: Confidential}", "level: Public}"),
                 encoding="utf-8")
    ld = load(p)
    press, staff, board = (tailor(ld, a) for a in ("press", "staff", "board"))
    assert (press.marking, staff.marking, board.marking) == ("PUBLIC", "INTERNAL", "INTERNAL")
    # -- Plans names no level: it is Internal (meta.level), which the press may not see --
    assert [s.title for s in press.sections] == ["(Public) Results"]
    assert [plain(p) for p in press.sections[0].points] == ["(Public) Revenue grew four percent"]
    assert [s.title for s in staff.sections] == ["(Public) Results", "(Internal) Plans"]
    p.write_text(CORPORATE.replace("SECTION_LEVEL", "Confidential"), encoding="utf-8")
    board = tailor(load(p), "board")
    assert board.marking == "CONFIDENTIAL"
    assert plain(board.sections[0].body[0].text) == "(Confidential) Margins fell in the second half."

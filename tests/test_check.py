"""`reportgen check` must pass on honest outputs and fail on tampered ones."""

from __future__ import annotations

import dataclasses
import importlib.util
import io

import pytest

from reportgen.check import check_files, compare, read_output
from reportgen.cli import main
from reportgen.load import load
from reportgen.model import Table
from reportgen.render import get_renderer
from reportgen.tailor import tailor, tailor_everything
from reportgen.theme import load_theme

from .conftest import SAMPLE

pytestmark = pytest.mark.skipif(not SAMPLE.exists(), reason="sample outline.yaml not present")


def available(fmt):
    return importlib.util.find_spec(f"reportgen.render.{fmt}") is not None


@pytest.fixture(scope="module")
def sample():
    loaded = load(SAMPLE)
    return loaded, load_theme("default"), tailor_everything(loaded)


def render(doc, theme, fmt):
    return get_renderer(fmt)(doc, theme)


def findings(reports):
    return [(f.kind, f.origin) for r in reports for f in r.findings]


@pytest.mark.parametrize("fmt", ["docx", "pptx", "pdf", "html"])
@pytest.mark.parametrize("audience", ["leadership", "analysts", "public"])
def test_honest_outputs_pass(sample, fmt, audience):
    if not available(fmt):
        pytest.skip(f"{fmt} renderer not available")
    loaded, theme, everything = sample
    doc = tailor(loaded, audience)
    [rep] = check_files(doc, {fmt: render(doc, theme, fmt)}, everything)
    assert rep.findings == [] and rep.found == rep.expected > 20


def _drop_point(doc, section_index, point_index):
    s = doc.sections[section_index]
    points = s.points[:point_index] + s.points[point_index + 1:]
    return dataclasses.replace(doc, sections=(dataclasses.replace(s, points=points), *doc.sections[1:]))


@pytest.mark.parametrize("fmt", ["docx", "pptx", "pdf", "html"])
def test_a_removed_point_is_reported_missing(sample, fmt):
    if not available(fmt):
        pytest.skip(f"{fmt} renderer not available")
    loaded, theme, everything = sample
    doc = tailor(loaded, "analysts")
    data = render(_drop_point(doc, 0, 1), theme, fmt)
    [rep] = check_files(doc, {fmt: data}, everything)
    assert ("missing", "sections[0].points[1]") in findings([rep])


def test_a_point_removed_from_the_deck_file_itself_is_reported(sample):
    """Tamper with the written pptx (not the model): delete one bullet paragraph."""
    from pptx import Presentation

    loaded, theme, everything = sample
    doc = tailor(loaded, "analysts")
    prs = Presentation(io.BytesIO(render(doc, theme, "pptx")))
    from reportgen.model import plain

    target = plain(doc.sections[1].points[0])
    removed = False
    for slide in prs.slides:
        for sh in slide.shapes:
            if sh.has_text_frame:
                for p in sh.text_frame.paragraphs:
                    if not removed and p.text.strip() == target:
                        p._p.getparent().remove(p._p)
                        removed = True
    assert removed
    buf = io.BytesIO()
    prs.save(buf)
    [rep] = check_files(doc, {"pptx": buf.getvalue()}, everything)
    assert ("missing", "sections[1].points[0]") in findings([rep])


@pytest.mark.parametrize("fmt", ["docx", "pdf", "html"])
def test_a_removed_table_row_is_reported(sample, fmt):
    if not available(fmt):
        pytest.skip(f"{fmt} renderer not available")
    loaded, theme, everything = sample
    doc = tailor(loaded, "analysts")
    sections = list(doc.sections)
    hit = None
    for i, s in enumerate(sections):
        for j, b in enumerate(s.body):
            if isinstance(b, Table) and len(b.rows) >= 3 and hit is None:
                hit = (i, j, b)
    assert hit, "the sample has a table with 3+ rows"
    i, j, table = hit
    body = list(sections[i].body)
    body[j] = dataclasses.replace(table, rows=table.rows[:1] + table.rows[2:])
    sections[i] = dataclasses.replace(sections[i], body=tuple(body))
    data = render(dataclasses.replace(doc, sections=tuple(sections)), theme, fmt)
    [rep] = check_files(doc, {fmt: data}, everything)
    missing = [o for k, o in findings([rep]) if k == "missing"]
    assert any(o.startswith(f"{table.origin}.rows[1]") for o in missing), missing


@pytest.mark.parametrize("fmt", ["docx", "pptx", "pdf", "html"])
def test_content_from_a_fuller_audience_is_reported_as_leaked(sample, fmt):
    if not available(fmt):
        pytest.skip(f"{fmt} renderer not available")
    loaded, theme, everything = sample
    public = tailor(loaded, "public")
    analysts = tailor(loaded, "analysts")
    # -- the public file is built from the analysts' document: it carries what public may not see --
    data = render(dataclasses.replace(analysts, audience="public", meta=public.meta), theme, fmt)
    [rep] = check_files(public, {fmt: data}, everything)
    assert rep.count("leaked") > 0, rep.findings


@pytest.mark.parametrize("fmt", ["pptx", "pdf", "html"])
def test_swapped_points_are_out_of_order(sample, fmt):
    if not available(fmt):
        pytest.skip(f"{fmt} renderer not available")
    loaded, theme, everything = sample
    doc = tailor(loaded, "analysts")
    s = doc.sections[0]
    swapped = dataclasses.replace(s, points=(s.points[1], s.points[0], *s.points[2:]))
    data = render(dataclasses.replace(doc, sections=(swapped, *doc.sections[1:])), theme, fmt)
    [rep] = check_files(doc, {fmt: data}, everything)
    assert rep.count("out of order") >= 1 and rep.count("missing") == 0


@pytest.mark.parametrize("fmt", ["docx", "pptx", "pdf", "html"])
def test_missing_marking_is_reported(sample, fmt):
    if not available(fmt):
        pytest.skip(f"{fmt} renderer not available")
    loaded, theme, everything = sample
    doc = tailor(loaded, "analysts")
    data = render(dataclasses.replace(doc, meta=dataclasses.replace(doc.meta, marking="OTHER")), theme, fmt)
    rep = compare(doc, fmt, read_output(fmt, data))
    assert [f.kind for f in rep.findings if f.kind == "marking"] == ["marking"]


def test_check_command_on_sample_is_clean_and_no_build_reads_files(tmp_path, capsys):
    fmts = ",".join(f for f in ("docx", "pptx", "pdf") if available(f))
    out = tmp_path / "out"
    assert main(["check", str(SAMPLE), "-o", str(out), "-f", fmts]) == 0
    text = capsys.readouterr().out
    assert "DIFFERS" not in text and text.count(" ok") >= 3
    # -- tamper with a written file, then check it without rebuilding --
    pdf = out / "outline-analysts.pdf"
    if pdf.exists():
        pdf.write_bytes(render(_drop_point(tailor(load(SAMPLE), "analysts"), 0, 0), load_theme("default"), "pdf"))
        assert main(["check", str(SAMPLE), "-o", str(out), "-f", "pdf", "-a", "analysts", "--no-build"]) == 1
        text = capsys.readouterr().out
        assert "DIFFERS" in text and "missing: sections[0].points[0]" in text


def test_diff_lists_what_each_audience_gets(capsys):
    assert main(["diff", str(SAMPLE), "-a", "public", "-a", "analysts"]) == 0
    text = capsys.readouterr().out
    assert text.startswith("only public gets (")
    assert "only analysts gets (" in text
    assert "appendix[0]" in text.split("only analysts gets")[1]


def _outline(tmp_path, body: str):
    p = tmp_path / "outline.yaml"
    p.write_text("meta:\n  title: Split\n  marking: INTERNAL\nsections:\n  - title: One\n    body:\n" + body,
                 encoding="utf-8")
    loaded = load(p)
    return tailor(loaded, "default"), tailor_everything(loaded)


def test_pdf_paragraph_split_over_a_page_break_reads_as_one_piece(tmp_path):
    """The running header and footer are pagination artifacts, so the check reads a paragraph
    continued on the next page without "INTERNAL ... Page 2 of 3" in its middle."""
    from reportgen.check import norm, read_pdf

    words = " ".join(f"word{i}" for i in range(1500))
    doc, everything = _outline(tmp_path, f"      - paragraph: {words}\n")
    data = render(doc, load_theme("default"), "pdf")
    ex = read_pdf(data)
    assert len(ex.pages) >= 2 and all("INTERNAL" in pg and "Page" in pg for pg in ex.pages)
    assert norm(words) in norm(ex.text)
    assert "INTERNAL" not in ex.text and "Page 2 of" not in ex.text
    [rep] = check_files(doc, {"pdf": data}, everything)
    assert rep.findings == []


def test_pdf_unbreakable_timeline_event_over_a_page_break_is_found(tmp_path):
    """Fuzz finding 2026-11-29: a 600-character run of "x" in a timeline row split over a page
    break has lines equal to each other at the foot of one page and the head of the next; those
    are content, not running header or footer. (A row that fits on a page now moves whole to
    the next one, so the row here is taller than a page.)"""
    filler = "".join(f"      - paragraph: filler paragraph {i} " + "lorem ipsum " * 30 + "\n" for i in range(5))
    event = "%PDF " + "x" * 300 + " <font name=x> " + ("x" * 300 + " ") * 30 + " end"
    from reportgen.check import read_pdf

    for n in range(40):  # -- shift the row until it straddles a page break --
        doc, everything = _outline(tmp_path, filler + "".join(
            f"      - paragraph: short {i}\n" for i in range(n)) + f"      - timeline:\n          - date: '2024-06-19'\n            event: '{event}'\n")
        data = render(doc, load_theme("default"), "pdf")
        ex = read_pdf(data)
        first = [i for i, pg in enumerate(ex.pages) if "%PDF" in pg]
        if first and "end" not in ex.pages[first[0]]:
            break
    else:
        pytest.fail("could not place the timeline row across a page break")
    [rep] = check_files(doc, {"pdf": data}, everything)
    assert rep.findings == []


def test_pdf_table_row_taller_than_a_page_is_read_cell_by_cell(tmp_path):
    """A row taller than a page is split at the top of a page: the handout draws the first
    part of every cell, then the repeated header, then the second parts, so no cell stands in
    one piece in the file's text. Each cell is found in parts on successive pages; a part that
    is gone is still missing."""
    from reportgen.check import read_pdf

    left = " ".join(f"left{k}" for k in range(900))
    right = " ".join(f"right{k}" for k in range(900))
    doc, everything = _outline(tmp_path, "      - table:\n          columns: [Alpha, Beta]\n"
                               f"          rows:\n            - [short, short]\n            - [{left}, {right}]\n"
                               "            - [tail, tail]\n")
    data = render(doc, load_theme("default"), "pdf")
    ex = read_pdf(data)
    # -- the row is split: the header stands between the two parts of the left cell --
    assert "left0" in ex.text and ex.text.index("Alpha", ex.text.index("left0")) < ex.text.index("left899")
    [rep] = check_files(doc, {"pdf": data}, everything)
    assert rep.findings == []
    # -- the right cell's second part dropped: missing, though its first part stands --
    gone = dataclasses.replace(ex, text=ex.text.replace("right899", ""))
    assert [(f.kind, f.origin) for f in compare(doc, "pdf", gone, everything).findings] == [
        ("missing", "sections[0].body[0].rows[1][1]")]


def test_a_cell_in_parts_is_found_only_across_pages():
    """The parts of a cell must follow each other, each on a later page than the last."""
    from reportgen.check.compare import _across_pages

    stream = "alphabeta|gamma|delta"
    # -- pages start at 0, 10 and 16: "alphabeta|" "gamma|" "delta" --
    assert _across_pages("alphabetadelta", stream, 0, [0, 10, 16]) == [(0, 9), (16, 21)]
    assert _across_pages("alphabetagamma", stream, 0, [0, 10, 16]) == [(0, 9), (10, 15)]
    # -- on one page: not a split row --
    assert _across_pages("alphagamma", stream, 0, [0, 21]) == []
    # -- out of order --
    assert _across_pages("deltaalpha", stream, 0, [0, 10, 16]) == []


def test_leaks_of_a_row_split_over_pages(tmp_path):
    """The audience's own split cell accounts for both its parts; a hidden cell standing in
    parts on successive pages is a leak."""
    from reportgen.check import Extracted, leaks
    from tests.factory import rich_document, t

    full = rich_document(tmp_path)
    first = full.sections[0]
    own = ("the first half of a long cell", "and its second half on the next page")
    hidden = ("a hidden cell that starts here", "and goes on after the break")

    def with_rows(doc, *rows):
        table = Table(("A",), tuple((t(" ".join(r)),) for r in rows), origin=f"{first.origin}.body[0]")
        return dataclasses.replace(doc, sections=(dataclasses.replace(first, body=(table,)), *doc.sections[1:]))

    mine, everything = with_rows(full, own), with_rows(full, own, hidden)

    def file(*pages):
        text = "\n".join(pages)
        return text, Extracted(text, page_starts=[sum(len(p) + 1 for p in pages[:i]) for i in range(len(pages))])

    raw, ex = file(f"A {own[0]}", f"A {own[1]}")
    assert leaks(mine, everything, "pdf", raw, ex) == []
    raw, ex = file(f"A {own[0]} {hidden[0]}", f"A {own[1]} {hidden[1]}")
    assert [f.origin for f in leaks(mine, everything, "pdf", raw, ex)] == [f"{first.origin}.body[0].rows[1][0]"]


def test_pdf_without_artifact_marks_drops_only_rows_repeated_at_one_height_outside_content():
    """Fallback for handouts that do not mark their header and footer: rows at the same height
    on every page above or below all content are furniture; equal content rows at different
    heights, or inside the content area, stay."""
    from reportgen.check.readers import _without_furniture

    line = "x" * 40 + "\n"
    pages = [
        [("Page 1 of 2\n", 20.0), ("INTERNAL\n", 820.0), ("Title\n", 780.0), (line, 80.0), (line, 70.0)],
        [("Page 2 of 2\n", 20.0), ("INTERNAL\n", 820.0), (line, 780.0), (line, 770.0), ("end\n", 760.0)],
    ]
    first, second = _without_furniture(pages)
    assert first == "Title\n" + line * 2 and second == line * 2 + "end\n"


def test_a_handout_over_its_page_budget_is_reported(sample):
    loaded, theme, everything = sample
    doc = tailor(loaded, "leadership")
    data = render(doc, theme, "pdf")
    [ok] = check_files(doc, {"pdf": data}, everything)
    assert ok.findings == []
    [rep] = check_files(dataclasses.replace(doc, max_pages=1), {"pdf": data}, everything)
    assert [(f.kind, f.origin) for f in rep.findings] == [("page budget", "audiences.leadership.max_pages")]
    assert "2 pages, over the budget of 1" in str(rep.findings[0])


def test_a_point_continued_on_the_next_slide_is_read_whole_despite_speaker_notes(tmp_path):
    """Fuzz finding 2026-11-29: notes of the first slide sat between a bullet's two halves."""
    from reportgen.check import read_pptx

    long_point = " ".join(f"clause{i}" for i in range(400))
    p = tmp_path / "outline.yaml"
    p.write_text("meta:\n  title: Split\nsections:\n  - title: One\n    notes: say this first\n"
                 f"    points:\n      - {long_point}\n      - second point\n", encoding="utf-8")
    loaded = load(p)
    doc, everything = tailor(loaded, "default"), tailor_everything(loaded)
    data = render(doc, load_theme("default"), "pptx")
    ex = read_pptx(data)
    slides = [i for i, pg in enumerate(ex.pages) if "clause" in pg]
    assert len(slides) >= 2 and "say this first" in ex.pages[slides[0]]
    [rep] = check_files(doc, {"pptx": data}, everything)
    assert rep.findings == []


def test_a_table_row_cut_between_slides_is_read_back_whole(tmp_path):
    """Fuzz finding 2026-11-29: a middle cell continued on the next slide came back in two."""
    from pptx import Presentation

    from reportgen.render.slides import CONTINUED_ROW_TABLE

    long_cell = " ".join(f"detail{i}" for i in range(700))
    p = tmp_path / "outline.yaml"
    p.write_text("meta:\n  title: Cut\nsections:\n  - title: One\n    body:\n      - table:\n"
                 "          columns: [Name, Detail, Note]\n"
                 f"          rows: [[alpha, '{long_cell}', first note], [beta, short, second note]]\n",
                 encoding="utf-8")
    loaded = load(p)
    doc, everything = tailor(loaded, "default"), tailor_everything(loaded)
    data = render(doc, load_theme("default"), "pptx")
    names = [sh.name for s in Presentation(io.BytesIO(data)).slides for sh in s.shapes if sh.has_table]
    assert len(names) >= 2 and CONTINUED_ROW_TABLE in names
    [rep] = check_files(doc, {"pptx": data}, everything)
    assert rep.findings == []


def test_a_point_on_most_slides_is_content_not_furniture(tmp_path):
    """Fuzz finding 2026-11-29: the same short point on most slides was dropped as furniture."""
    p = tmp_path / "outline.yaml"
    p.write_text("meta: {title: T, marking: INTERNAL}\nsections:\n"
                 + "".join(f"  - title: S{i}\n    points: [Same point]\n" for i in range(4)), encoding="utf-8")
    loaded = load(p)
    doc, everything = tailor(loaded, "default"), tailor_everything(loaded)
    [rep] = check_files(doc, {"pptx": render(doc, load_theme("default"), "pptx")}, everything)
    assert rep.findings == [] and rep.found == rep.expected


def test_control_characters_in_extracted_text_are_ignored():
    """The outline cannot hold them (load removes them), so in a file's text they are reading
    artifacts: pypdf returns U+0000 for a zero-width space drawn in the Hangul font."""
    from reportgen.check import norm

    assert norm("ab\x00c\x1fd", "pdf") == norm("ab c d", "pdf") == "abcd"
    assert norm("한\x00국", "pdf") == "한국"


def test_a_line_broken_at_a_soft_hyphen_still_matches(tmp_path):
    """Fuzz finding 2026-11-29: where the handout breaks a line at a soft hyphen it draws a
    hyphen; the text is still the outline's."""
    from reportgen.check import Extracted

    p = tmp_path / "outline.yaml"
    p.write_text('meta: {title: T}\nsections:\n  - title: S\n    points: ["Wasser\\xadversorgungs\\xadbetrieb läuft"]\n',
                 encoding="utf-8")
    doc = tailor(load(p), "default")
    ex = Extracted("T\n1 S\nWasser-\nversorgungsbetrieb läuft", ["T 1 S Page 1 of 1"], ["Page 1 of 1"], True)
    assert [f.origin for f in compare(doc, "pdf", ex).findings if f.kind == "missing"] == []
    ex = Extracted("T\n1 S\nWasser-\nversorgungs-\nbetrieb läuft", ["Page 1 of 1"], ["Page 1 of 1"], True)
    assert compare(doc, "pdf", ex).findings == []
    # -- a hyphen where the outline has none is still a difference --
    ex = Extracted("T\n1 S\nWasser-versorgungsbe-trieb läuft", ["Page 1 of 1"], ["Page 1 of 1"], True)
    assert [f.origin for f in compare(doc, "pdf", ex).findings] == ["sections[0].points[0]"]


def test_leaks_are_judged_by_where_the_text_came_from(tmp_path):
    # -- hidden text that stands only where the audience's own items stand is no leak (it
    # merely repeats them, or reads across the seam of two of them); hidden text standing
    # anywhere else is --
    from reportgen.check import leaks
    from reportgen.model import Paragraph
    from tests.factory import rich_document, t

    full = rich_document(tmp_path)
    first = full.sections[0]

    def with_paragraphs(doc, *texts):
        body = tuple(Paragraph(t(x), f"{first.origin}.body[{i}]") for i, x in enumerate(texts))
        return dataclasses.replace(doc, sections=(dataclasses.replace(first, body=body), *doc.sections[1:]))

    mine = with_paragraphs(full, "**bold** value", "value of the pact")
    everything = with_paragraphs(full, "**bold** value", "value of the pact", "bold value value of",
                                 "a secret paragraph nobody may see")
    own = "\n".join(["bold value", "value of the pact"])
    assert [f.origin for f in leaks(mine, everything, "pdf", own)] == []
    # -- the same hidden sentence, standing on its own, is a leak --
    found = leaks(mine, everything, "pdf", own + "\nbold value value of")
    assert [f.origin for f in found] == [f"{first.origin}.body[2]"]
    found = leaks(mine, everything, "pdf", own + "\nA secret paragraph nobody may see")
    assert [f.origin for f in found] == [f"{first.origin}.body[3]"]


def test_punctuation_beside_right_to_left_letters_may_be_read_in_either_order(tmp_path):
    """Fuzz finding 2026-12-02: PDF readers count punctuation after an Arabic letter into its
    right-to-left run ("ب*(त" reads "ب(*त"); only that punctuation's order is let go."""
    from reportgen.check import Extracted

    p = tmp_path / "outline.yaml"
    p.write_text('meta: {title: T}\nsections:\n  - title: S\n    points: ["value # ب*(त ok"]\n', encoding="utf-8")
    doc = tailor(load(p), "default")

    def missing(text: str, fmt: str = "pdf") -> list[str]:
        ex = Extracted(f"T\n1 S\n{text}", ["Page 1 of 1"], ["Page 1 of 1"], True)
        return [f.origin for f in compare(doc, fmt, ex).findings if f.kind == "missing"]

    assert missing("value # ب(*त ok") == []
    assert missing("value # ب*(त ok") == []
    # -- letters out of order, a character more or less, or the brief (whose text is logical) --
    assert missing("value # त(*ب ok") == ["sections[0].points[0]"]
    assert missing("value # ب(त ok") == ["sections[0].points[0]"]
    assert missing("value # ب((*त ok") == ["sections[0].points[0]"]
    assert missing("value # ب(*त ok", "docx") == ["sections[0].points[0]"]


def test_punctuation_starting_a_line_after_right_to_left_text_may_be_read_reversed(tmp_path):
    """Fuzz finding 2026-12-02: pypdf carries an Arabic title's direction into the
    punctuation that starts the subtitle ("&#0;" reads "#&0;")."""
    from reportgen.check import Extracted

    p = tmp_path / "outline.yaml"
    p.write_text('meta: {title: "سلام", subtitle: "&#0;<a> ok"}\nsections:\n  - title: S\n    points: [one]\n',
                 encoding="utf-8")
    doc = tailor(load(p), "default")

    def missing(text: str) -> list[str]:
        ex = Extracted(text, ["Page 1 of 1"], ["Page 1 of 1"], True)
        return [f.origin for f in compare(doc, "pdf", ex).findings if f.kind == "missing"]

    assert missing("سلام\n#&0;<a> ok\n1 S\none") == []
    # -- in a file with no right-to-left text the order is held --
    doc2 = dataclasses.replace(doc, meta=dataclasses.replace(doc.meta, title="T"))
    ex = Extracted("T\n#&0;<a> ok\n1 S\none", ["Page 1 of 1"], ["Page 1 of 1"], True)
    assert [f.origin for f in compare(doc2, "pdf", ex).findings if f.kind == "missing"] == ["meta.subtitle"]


def test_the_leak_check_finds_items_where_compare_finds_them(tmp_path):
    """Fuzz finding: in a file with right-to-left text, `compare` found an item whose
    punctuation the reader put in another order, but the leak check looked for it exactly, so
    the place it stood counted as unaccounted for and the same words, hidden in another item,
    were reported leaked. Both now look for an item the same way, in both directions."""
    from reportgen.check import leaks

    p = tmp_path / "outline.yaml"
    p.write_text(
        'meta: {title: "سلام"}\naudiences:\n  pub: {label: Public}\n  wg: {label: WG}\n'
        'sections:\n  - title: S\n    points:\n      - "ب*( <font name=x> value"\n'
        '      - {text: "<font name=x> value", audiences: [wg]}\n'
        '      - {text: "hidden ب*(त words here", audiences: [wg]}\n',
        encoding="utf-8")
    loaded = load(p)
    pub, wg = tailor(loaded, "pub"), tailor(loaded, "wg")
    # -- the reader counts "*(" into the Arabic run and reads it "(*" --
    shown = "سلام\n1 S\nب(* <font name=x> value"
    assert leaks(pub, wg, "pdf", shown) == []
    # -- the hidden right-to-left point, read with its punctuation in another order, leaks --
    found = leaks(pub, wg, "pdf", shown + "\nhidden ب(*त words here")
    assert [f.origin for f in found] == ["sections[0].points[2]"]

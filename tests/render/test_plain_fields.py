"""Citations and variables in plain-text fields (titles, headlines, captions, column headings,
`quote.by`, callout titles, chart texts, image alt text) come out as real numbers and values in
every format; they used to print "[0]" (see reportgen/textfields.py)."""

from __future__ import annotations

import pytest

from reportgen.check import check_files, norm, read_output
from reportgen.formats import FORMATS
from reportgen.load import load
from reportgen.tailor import tailor, tailor_everything
from reportgen.theme import load_theme

OUTLINE = """
meta: {title: Citations everywhere}
variables: {year: "2024"}
sections:
  - title: Trade in ${year} [@a]
    headline: Trade grew [@b]
    points: ["One point [@c]"]
    body:
      - table: {caption: "Volumes [@a]", columns: ["Country [@b]", "Value"], rows: [[X, "1"]]}
      - quote: {text: We agree, by: "Kim [@c]"}
      - callout: {title: "Why it matters [@a]", text: Because}
sources:
  - {id: a, title: Source A}
  - {id: b, title: Source B}
  - {id: c, title: Source C}
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    p = tmp_path_factory.mktemp("plain") / "outline.yaml"
    p.write_text(OUTLINE, encoding="utf-8")
    loaded = load(p)
    doc = tailor(loaded)
    theme = load_theme("default")
    return loaded, doc, {name: f.render(doc, theme) for name, f in FORMATS.items()}


def test_the_document_numbers_citations_in_plain_fields_by_first_use(built):
    _, raw, _ = built
    # -- a citation is tied to the word before it with a no-break space (inline.tie_citations) --
    doc = tailor_plain(raw)
    s = doc.sections[0]
    assert s.title == "Trade in 2024 [1]"
    assert s.headline == "Trade grew [2]"
    table, quote, callout = s.body
    assert (table.caption, table.columns[0]) == ("Volumes [1]", "Country [2]")
    assert quote.by == "Kim [3]"
    assert callout.title == "Why it matters [1]"
    assert [src.id for src in doc.sources] == ["a", "b", "c"]


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_every_format_shows_the_numbers_not_zero(built, fmt):
    loaded, doc, files = built
    text = norm(read_output(fmt, files[fmt]).text, fmt)
    for shown in ("Trade in 2024 [1]", "Trade grew [2]", "Volumes [1]", "Country [2]", "Kim [3]",
                  "Why it matters [1]"):
        assert norm(shown) in text, f"{fmt}: {shown!r} missing"
    assert "[0]" not in text
    (rep,) = check_files(doc, {fmt: files[fmt]}, tailor_everything(loaded))
    assert rep.findings == []


def tailor_plain(doc):
    """`doc` with no-break spaces read as spaces, for comparing texts."""
    import dataclasses

    def fix(x):
        if isinstance(x, str):
            return x.replace("\u00a0", " ")
        if isinstance(x, tuple):
            return tuple(fix(i) for i in x)
        if dataclasses.is_dataclass(x) and not isinstance(x, type):
            return dataclasses.replace(x, **{f.name: fix(getattr(x, f.name)) for f in dataclasses.fields(x)
                                             if f.init and isinstance(getattr(x, f.name), (str, tuple))})
        return x

    return fix(doc)

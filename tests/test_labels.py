"""Fixed words ("Key judgments", "Table 1", "Page 2 of 5") follow the outline's language and its
`labels:`, the same in all three formats, and `check` still matches the files."""

from __future__ import annotations

import warnings

import pytest

from reportgen.check import check_files, read_output
from reportgen.labels import BUILTIN, ENGLISH, NAMES, labels_for
from reportgen.load import load
from reportgen.render import get_renderer
from reportgen.tailor import tailor, tailor_everything
from reportgen.theme import load_theme

GERMAN = """\
meta:
  title: Lagebild Wasserversorgung
  language: {language}
  marking: INTERN
audiences:
  team: {{detail: full}}
{labels}
bluf: Die Versorgung ist gesichert [@amt].
key_judgments:
  - text: Die Nachfrage steigt weiter.
    likelihood: very likely
    confidence: moderate
sections:
  - title: Verbrauch
    points: [Der Verbrauch stieg um 4 Prozent.]
    body:
      - Der Sommer war trocken.
      - table:
          columns: [Monat, Verbrauch]
          rows: [[Juni, "41"], [Juli, "48"]]
          caption: Verbrauch je Monat
      - chart: {{kind: column, categories: [Juni, Juli], series: {{Verbrauch: [41, 48]}}, caption: Verbrauch}}
  - title: Lange Liste
    points:
{points}
recommendations:
  - text: Reserven prüfen.
    owner: Wasserwerk
    due: 2025-07-01
sources:
  - {{id: amt, title: Bericht des Wasseramts}}
appendix:
  - title: Methode
    body: [Zahlen aus dem Bericht.]
"""


def build(tmp_path, language="de", labels=""):
    points = "".join(f"      - Punkt {i} mit etwas mehr Text, damit die Folie voll wird.\n" for i in range(30))
    p = tmp_path / "outline.yaml"
    p.write_text(GERMAN.format(language=language, labels=labels, points=points), encoding="utf-8")
    loaded = load(p)
    doc = tailor(loaded, "team")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        files = {fmt: get_renderer(fmt)(doc, load_theme()) for fmt in ("docx", "pptx", "pdf", "html")}
    return doc, files, tailor_everything(loaded)


def test_every_built_in_language_names_only_known_labels():
    for language, words in BUILTIN.items():
        assert set(words) <= set(NAMES), language
        assert all(isinstance(v, str) and v for v in words.values()), language
        labels = labels_for(language)
        assert "{page}" in labels.page and "{pages}" in labels.page.split("{page}", 1)[1]
        assert "{level}" in labels.confidence


def test_language_subtags_and_unknown_languages():
    assert labels_for("de-AT").sources == "Quellen"
    assert labels_for("pt-BR") == ENGLISH
    assert labels_for("en", {"sources": "References"}).sources == "References"


@pytest.mark.parametrize("fmt", ["docx", "pptx", "pdf", "html"])
def test_a_german_outline_gets_german_words_in_every_format(tmp_path, fmt):
    doc, files, everything = build(tmp_path)
    text = read_output(fmt, files[fmt], doc.labels).text
    want = ["Kernaussagen", "Sehr wahrscheinlich · Vertrauen: mittel", "Empfehlungen", "Quellen",
            "Verantwortlich: Wasserwerk · Fällig: 2025-07-01", "Anhang A: Methode"]
    want += ["Tabelle 1: Verbrauch je Monat"] if fmt != "pptx" else []
    for w in want:
        assert w in text, w
    for english in ("Key judgments", "Recommendations", "Sources", "Owner:", "Annex A", "Table 1"):
        assert english not in text, english
    pages = read_output(fmt, files[fmt], doc.labels).pages
    if fmt == "pdf":
        assert all(f"Seite {i} von {len(pages)}" in pg for i, pg in enumerate(pages, 1))
        assert "Page " not in "".join(pages)
    if fmt == "pptx":
        assert any("(Forts.)" in pg for pg in pages)  # -- the long list continues --
        assert not any("(cont.)" in pg for pg in pages)
    [rep] = check_files(doc, {fmt: files[fmt]}, everything)
    assert rep.findings == []


@pytest.mark.parametrize("fmt", ["docx", "pptx", "pdf", "html"])
def test_labels_override_the_language_and_check_reads_them(tmp_path, fmt):
    labels = "labels:\n  sources: Belege\n  page: '{page}/{pages}'\n  continued: (weiter)\n"
    doc, files, everything = build(tmp_path, labels=labels)
    ex = read_output(fmt, files[fmt], doc.labels)
    assert "Belege" in ex.text and "Quellen" not in ex.text
    if fmt == "pdf":
        assert all(f"{i}/{len(ex.pages)}" in pg for i, pg in enumerate(ex.pages, 1))
    if fmt == "pptx":
        assert any("(weiter)" in pg for pg in ex.pages)
    [rep] = check_files(doc, {fmt: files[fmt]}, everything)
    assert rep.findings == []
    # -- read with English words instead, continued slides and page numbers no longer match --
    ex_en = read_output(fmt, files[fmt])
    if fmt == "pdf":
        assert ex.page_numbers and not ex_en.page_numbers
    if fmt == "pptx":
        assert "(weiter)" not in ex.text and "(weiter)" in ex_en.text

"""The outline format (pydantic Literals) and the Document model (plain tuples renderers read)
name the same terms; renderers must not import pydantic, so the lists live twice: keep them equal."""

import typing

from reportgen import model
from reportgen import outline as om
from reportgen.formats import FORMATS


def test_format_terms_match_the_model():
    assert typing.get_args(om.Likelihood) == model.LIKELIHOODS
    assert set(model.LIKELIHOOD_RANGES) == set(model.LIKELIHOODS)
    assert typing.get_args(om.Confidence) == model.CONFIDENCES
    assert typing.get_args(om.Detail) == model.DETAIL_LEVELS
    assert typing.get_args(om.Format) == tuple(FORMATS)
    callout = om.CalloutBody.model_fields["style"].annotation
    assert typing.get_args(callout) == model.CALLOUT_STYLES
    assert typing.get_args(om.ChartBody.model_fields["kind"].annotation) == model.CHART_KINDS


def test_columns_of_figures_are_recognised_for_right_alignment():
    from reportgen.model import Run, Table

    rows = [("Clearwater", "18,400", "-3.5%", "ok", "12", "2024-06-19"),
            ("Hollis", "1,200", "+2 pts", "-", "x", "2024-07-01"),
            ("Total", "", "−4%", "n/a", "3", "2024-08-01"),
            ("Imports", "$1.2bn", "42 ML", "", "", "")]
    t = Table(("Name", "Capacity", "Change", "Note", "Mixed", "Date"),
              tuple(tuple((Run(x),) for x in r) for r in rows))
    assert t.numeric == (False, True, True, False, False, False)


def test_an_audience_without_formats_gets_an_explicit_list_not_every_format_there_is():
    # -- a format added to reportgen later must not appear in the builds of existing outlines --
    assert om.Audience().formats == ["docx", "pptx", "pdf"]
    assert om.DEFAULT_FORMATS == ("docx", "pptx", "pdf")


def test_each_format_is_one_object_that_build_check_and_render_ask(tmp_path):
    import pytest

    from reportgen.build import describe
    from reportgen.check import compare
    from reportgen.check.readers import Extracted
    from reportgen.errors import InputError
    from reportgen.formats import get
    from tests.factory import rich_document

    assert [(f.name, f.extension, f.title) for f in FORMATS.values()] == [
        ("docx", "docx", "Word brief"), ("pptx", "pptx", "PowerPoint deck"), ("pdf", "pdf", "PDF handout"),
        ("html", "html", "HTML page")]
    assert describe("pdf", b"%PDF /Type /Page /Type /Pages /Type /Page") == "2 pages"
    assert describe("pptx", b"not a zip") == ""
    with pytest.raises(InputError, match=r"unknown format 'htm'.*formats: one of 'docx', 'pptx', 'pdf' or 'html'"):
        get("htm")
    # -- compare used to raise KeyError for a format it did not know --
    with pytest.raises(InputError, match="unknown format 'odt'"):
        compare(rich_document(tmp_path), "odt", Extracted("text"))


def test_every_text_field_of_the_outline_declares_its_kind():
    # -- a new text field must say whether it holds markup, citations and variables
    # (reportgen/textfields.py); these hold names, paths, dates and choices instead --
    from pydantic import BaseModel

    from reportgen.textfields import kind_of

    not_text = {("Meta", "date"), ("Meta", "language"), ("Meta", "keywords"), ("Audience", "theme"),
                ("Audience", "exclude_tags"), ("Audience", "include_tags"), ("Audience", "variables"),
                ("Filters", "tags"), ("Recommendation", "due"), ("Source", "id"), ("Source", "date"),
                ("Source", "url"), ("ImageBody", "path"), ("TimelineEntry", "date"), ("Section", "id"),
                ("Outline", "theme"), ("Outline", "variables"), ("Outline", "audiences"), ("Filters", "audiences"),
                # -- level names: choices of meta.levels --
                ("Filters", "level"), ("Source", "level"), ("Meta", "level"), ("Audience", "max_level"),
                ("Level", "name")}

    def has_str(t):
        return t is str or any(has_str(a) for a in typing.get_args(t))

    models = {c for c in vars(om).values() if isinstance(c, type) and issubclass(c, BaseModel)
              and c.__module__ == om.__name__ and c.__name__ != "Labels"}
    undeclared = []
    for cls in models:
        for name, f in cls.model_fields.items():
            owner = next(c.__name__ for c in cls.__mro__ if name in getattr(c, "__annotations__", {}))
            if has_str(f.annotation) and kind_of(cls, name) is None and (owner, name) not in not_text:
                undeclared.append(f"{owner}.{name}")
    assert sorted(set(undeclared)) == []


def test_load_and_tailor_agree_on_the_kind_of_every_text():
    from reportgen import outline as o
    from reportgen.textfields import INLINE, PLAIN, VERBATIM, kind_of

    assert kind_of(o.Section, "title") is PLAIN
    assert kind_of(o.Section, "points") is INLINE
    assert kind_of(o.QuoteBody, "by") is PLAIN
    assert kind_of(o.ChartBody, "series") is PLAIN
    assert kind_of(o.Source, "title") is VERBATIM
    assert kind_of(o.Source, "id") is None

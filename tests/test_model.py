"""The outline format (pydantic Literals) and the Document model (plain tuples renderers read)
name the same terms; renderers must not import pydantic, so the lists live twice: keep them equal."""

import typing

from reportgen import model
from reportgen import outline as om


def test_format_terms_match_the_model():
    assert typing.get_args(om.Likelihood) == model.LIKELIHOODS
    assert set(model.LIKELIHOOD_RANGES) == set(model.LIKELIHOODS)
    assert typing.get_args(om.Confidence) == model.CONFIDENCES
    assert typing.get_args(om.Detail) == model.DETAIL_LEVELS
    assert typing.get_args(om.Format) == model.FORMATS == om.ALL_FORMATS
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

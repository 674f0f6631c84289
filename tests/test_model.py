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

"""Properties: outlines the schema accepts load and tailor for every audience."""

from __future__ import annotations

import contextlib
import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reportgen.errors import InputError
from reportgen.load import load
from reportgen.model import plain
from reportgen.tailor import tailor

from .strategies import AUDIENCES, outline


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(outline)
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
        with contextlib.suppress(InputError):
            load(p)

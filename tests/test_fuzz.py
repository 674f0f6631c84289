"""Fuzzing: generated outlines, some with hostile text in every field, through every renderer.

Each example either is refused by `load` with a reportgen error message, or builds in every
format with `check` passing: a renderer refusing an outline that loaded is a failure, and so
is any unexpected exception. CI runs a bounded number of examples;
for a longer run: `REPORTGEN_FUZZ_EXAMPLES=2000 python -m pytest tests/test_fuzz.py`.

Every example a run found is kept under `tests/fuzz_regressions/` (the outline as YAML, with an
`# audience:` line) and replayed on every run, fixed or not.
"""

from __future__ import annotations

import os
import re
import tempfile
import warnings
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image as PILImage

from reportgen.check import check_files
from reportgen.errors import ReportgenError
from reportgen.formats import FORMATS
from reportgen.load import load
from reportgen.render import get_renderer
from reportgen.tailor import tailor, tailor_everything
from reportgen.theme import load_theme

from .strategies import AUDIENCES, any_values, hostile_text, hostile_words, outlines

REGRESSIONS = sorted((Path(__file__).parent / "fuzz_regressions").glob("*.yaml"))
EXAMPLES = int(os.environ.get("REPORTGEN_FUZZ_EXAMPLES", "25"))
THEME = load_theme("default")

small_valid = outlines(max_sections=2, max_body=3, depth=1, value=any_values, images=True)
small_hostile = outlines(text=hostile_text, words=hostile_words, max_sections=2, max_body=3, depth=1,
                         value=any_values, images=True)


def build_and_check(data, audiences=AUDIENCES) -> None:
    with tempfile.TemporaryDirectory() as d:
        p = Path(d) / "outline.yaml"
        # -- allow_unicode=False: lone surrogates must travel as \\ud800 escapes in YAML --
        p.write_text(yaml.safe_dump(data, allow_unicode=False, sort_keys=False), encoding="utf-8")
        PILImage.new("RGB", (64, 40), (40, 90, 160)).save(Path(d) / "map.png")  # -- for image blocks --
        with warnings.catch_warnings():
            # -- cleaned characters and glyphs no font has are warnings, not failures --
            warnings.simplefilter("ignore")
            try:
                loaded = load(p)
            except ReportgenError as e:
                assert str(e).strip()
                return
            everything = tailor_everything(loaded)
            for name in audiences:
                doc = tailor(loaded, name)
                files = {}
                for fmt in FORMATS:
                    try:
                        files[fmt] = get_renderer(fmt)(doc, THEME)
                    except ReportgenError as e:
                        # -- the outline loaded: every format must draw it --
                        pytest.fail(f"{name} {fmt}: the renderer refused a valid outline: {e}")
                for rep in check_files(doc, files, everything):
                    assert rep.findings == [], f"{name} {rep.fmt}: " + "; ".join(map(str, rep.findings[:5]))


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.one_of(small_valid, small_hostile), st.sampled_from(AUDIENCES))
def test_generated_outlines_build_and_match_or_are_refused(data, audience):
    build_and_check(data, [audience])


@pytest.mark.parametrize("path", REGRESSIONS, ids=[p.stem for p in REGRESSIONS])
def test_earlier_fuzz_findings_stay_fixed(path):
    text = path.read_text(encoding="utf-8")
    audience = re.search(r"^# audience: (\S+)", text, re.M)
    assert audience, f"{path.name}: add a line '# audience: NAME'"
    build_and_check(yaml.safe_load(text), [audience.group(1)])


def test_the_regression_folder_is_not_empty():
    assert REGRESSIONS, "tests/fuzz_regressions/ holds the examples earlier fuzz runs found"

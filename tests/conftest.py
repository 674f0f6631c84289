"""Shared fixtures: outlines written into tmp folders."""

from __future__ import annotations

import os
import textwrap
from pathlib import Path

import pytest
from hypothesis import settings

# -- CI runs the same examples every time (a landing must not depend on luck); a developer's
# run explores new ones, and REPORTGEN_FUZZ_EXAMPLES=2000 makes a long fuzzing run --
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "outline.yaml"


@pytest.fixture
def write_outline(tmp_path):
    """Write YAML text (dedented) to tmp_path/outline.yaml and return the path."""

    def write(text: str, name: str = "outline.yaml") -> Path:
        p = tmp_path / name
        p.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return p

    return write


#: every output format, for tests that read each one back
FORMATS = ("docx", "pptx", "pdf", "html")


def outline_fixtures(folder: str, text: str, audiences: tuple[str, ...] = ()):
    """Module-scoped fixtures for a test module built around one outline `text`: `loaded` (the
    text written to a fresh folder named after `folder`, loaded), `theme` (the default theme)
    and `files` ({(audience, format): bytes} for each of `audiences` in every format). Bind
    them in the module: `loaded, theme, files = outline_fixtures(...)`."""
    from reportgen.load import load
    from reportgen.render import get_renderer
    from reportgen.tailor import tailor
    from reportgen.theme import load_theme

    @pytest.fixture(scope="module")
    def loaded(tmp_path_factory):
        p = tmp_path_factory.mktemp(folder) / "outline.yaml"
        p.write_text(text, encoding="utf-8")
        return load(p)

    @pytest.fixture(scope="module")
    def theme():
        return load_theme("default")

    @pytest.fixture(scope="module")
    def files(loaded, theme):
        return {(a, f): get_renderer(f)(tailor(loaded, a), theme) for a in audiences for f in FORMATS}

    return loaded, theme, files


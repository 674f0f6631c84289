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

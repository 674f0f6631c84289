"""Shared fixtures: outlines written into tmp folders."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

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

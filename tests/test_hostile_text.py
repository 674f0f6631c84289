"""Text the formats cannot carry as written: cleaned with a warning, or built as it is; never a
traceback. Every case goes through the CLI for all three formats and then `check`."""

from __future__ import annotations

import json
import warnings

import pytest

from reportgen.check import check_files
from reportgen.cli import main
from reportgen.errors import ReportgenWarning
from reportgen.load import load
from reportgen.tailor import tailor, tailor_everything


def outline(tmp_path, sections_yaml: str, title: str = "T") -> str:
    p = tmp_path / "outline.yaml"
    p.write_text(f"meta: {{title: {json.dumps(title)}}}\nsections:\n{sections_yaml}", encoding="utf-8")
    return str(p)


def build_and_check(src: str, out, capsys) -> str:
    code = main(["build", src, "-o", str(out)])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    # -- and the HTML page, which no audience lists by default --
    code = main(["build", src, "-o", str(out), "-f", "html"])
    assert code == 0, capsys.readouterr().err
    assert "Traceback" not in captured.err
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ReportgenWarning)  # -- the CLI printed them already --
        loaded = load(src)
    doc = tailor(loaded)
    files = {f: (out / f"outline-default.{f}").read_bytes() for f in ("docx", "pptx", "pdf", "html")}
    for rep in check_files(doc, files, tailor_everything(loaded)):
        assert rep.findings == [], f"{rep.fmt}: {rep.findings[:3]}"
    return captured.err


def test_control_characters_and_lone_surrogates_are_cleaned_with_a_warning(tmp_path, capsys):
    # -- YAML double quotes can spell characters no document may hold --
    src = outline(tmp_path, '  - title: "Bell\\a and NUL\\0 here"\n'
                            '    points: ["lone \\uD800 surrogate", "form\\ffeed"]\n')
    with pytest.warns(ReportgenWarning, match="removed characters that documents cannot hold"):
        load(src)
    err = build_and_check(src, tmp_path / "out", capsys)
    assert "outline.yaml:3:12: sections[0].title: removed characters" in err
    assert "U+0007" in err and "U+0000" in err and "U+D800" in err


def test_zero_width_and_bidi_controls_pass_through(tmp_path, capsys):
    src = outline(tmp_path, '  - title: "zero\\u200bwidth and \\u202eright-to-left override\\u202c"\n'
                            '    points: ["joiner\\u200d here", "isolate \\u2066x\\u2069"]\n')
    build_and_check(src, tmp_path / "out", capsys)


def test_a_title_of_300_characters_builds(tmp_path, capsys):
    # -- core properties hold at most 255 characters; the file property is cut, the text is not --
    title = "A very long title " * 17
    src = outline(tmp_path, "  - title: S\n    points: [p]\n", title=title.strip())
    build_and_check(src, tmp_path / "out", capsys)


def test_a_100000_character_paragraph_builds(tmp_path, capsys):
    words = " ".join(f"word{i}" for i in range(12_000))[:100_000]
    src = outline(tmp_path, f"  - title: S\n    body:\n      - {json.dumps(words)}\n")
    build_and_check(src, tmp_path / "out", capsys)


@pytest.mark.slow
def test_ten_thousand_bullets_build(tmp_path, capsys):
    items = ", ".join(f"item {i}" for i in range(10_000))
    src = outline(tmp_path, f"  - title: S\n    body:\n      - bullets: [{items}]\n")
    build_and_check(src, tmp_path / "out", capsys)

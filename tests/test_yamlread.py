"""The positioned safe YAML reader: data, positions, refusals, limits and syntax-error messages."""

from __future__ import annotations

import os

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reportgen.errors import InputError
from reportgen.yamlread import Positions, format_path, parse_yaml, read_yaml

SHOWN = "o.yaml"


def parse(text: str):
    return parse_yaml(text.encode("utf-8"), SHOWN)


def problems(text: str | bytes) -> list[str]:
    raw = text.encode("utf-8") if isinstance(text, str) else text
    with pytest.raises(InputError) as info:
        parse_yaml(raw, SHOWN)
    return [str(p) for p in info.value.problems]


# -- data and positions ----------------------------------------------------------------------


def test_plain_data_and_scalar_types():
    data, _ = parse("a: 1\nb: 2.5\nc: true\nd: ~\ne: text\nf: 2024-06-20\ng: [x, {h: i}]\n7: seven\n")
    assert data == {"a": 1, "b": 2.5, "c": True, "d": None, "e": "text", "f": "2024-06-20",
                    "g": ["x", {"h": "i"}], "7": "seven"}
    assert isinstance(data["f"], str)  # -- dates stay as written --


def test_explicit_standard_scalar_tags_are_allowed():
    data, _ = parse("a: !!str 2024\nb: !!int '7'\n")
    assert data == {"a": "2024", "b": 7}


def test_positions_of_keys_and_values():
    text = "meta:\n  title: Pact\nsections:\n  - title: One\n    points: [a, b]\n"
    _, pos = parse(text)
    assert pos.values[("meta", "title")] == (2, 10)
    assert pos.keys[("meta", "title")] == (2, 3)
    assert pos.values[("sections", 0)] == (4, 5)
    assert pos.values[("sections", 0, "points", 1)] == (5, 17)
    assert pos.of(("sections", 0, "points", 1)) == (5, 17)
    assert pos.of(("sections", 0, "title"), key=True) == (4, 5)
    # -- a path the file does not have falls back to its nearest ancestor --
    assert pos.of(("sections", 0, "body", 3, "table")) == (4, 5)
    p = pos.problem(("sections", 0, "points", 1), "bad point")
    assert str(p) == "o.yaml:5:17: sections[0].points[1]: bad point"


def test_format_path():
    assert format_path(("sections", 2, "body", 1, "table", "rows", 3)) == "sections[2].body[1].table.rows[3]"
    assert format_path(()) == ""
    assert format_path(("a", 0, 1)) == "a[0][1]"


def test_positions_default_to_file_start():
    assert Positions("x").of(("nothing",)) == (1, 1)


def test_crlf_and_bom_keep_positions():
    text = "a:\n  b: [1, 2]\n  c: x\n"
    _, lf = parse(text)
    _, crlf = parse_yaml(text.replace("\n", "\r\n").encode(), SHOWN)
    _, bom = parse_yaml(b"\xef\xbb\xbf" + text.encode(), SHOWN)
    assert lf.values == crlf.values == bom.values
    assert lf.values[("a", "c")] == (3, 6)


def test_empty_and_comment_only_give_none():
    assert parse("")[0] is None
    assert parse("# just\n# comments\n")[0] is None


def test_small_aliases_expand():
    data, _ = parse("a: &x [1, 2]\nb: *x\n")
    assert data == {"a": [1, 2], "b": [1, 2]}


# -- refusals ----------------------------------------------------------------------------------


def test_duplicate_keys_all_reported_in_one_run():
    got = problems("a: 1\nb:\n  c: 1\n  c: 2\na: 3\n")
    assert got == [
        "o.yaml:4:3: b.c: duplicate key 'c' (first at line 3); remove one of them",
        "o.yaml:5:1: a: duplicate key 'a' (first at line 1); remove one of them",
    ]


def test_duplicate_key_differing_only_by_type_of_scalar():
    # -- `1` and `"1"` are the same key once keys are text --
    got = problems('1: a\n"1": b\n')
    assert got == ["o.yaml:2:1: 1: duplicate key '1' (first at line 1); remove one of them"]


@pytest.mark.parametrize("tag", ["!!python/object:os.system", "!!python/object/new:os.system",
                                 "!!python/name:os.system", "!!python/module:os", "!!binary",
                                 "!!omap", "!custom"])
def test_constructing_tags_are_refused(tag):
    got = problems(f"a: {tag} x\n")
    assert len(got) == 1
    assert got[0].startswith(f"o.yaml:1:4: a: the YAML tag {tag} is not allowed")
    assert "never constructs objects" in got[0]


def test_python_apply_never_runs(tmp_path):
    marker = tmp_path / "ran"
    text = f"a: !!python/object/apply:os.system ['touch {marker}']\n"
    got = problems(text)
    assert "the YAML tag !!python/object/apply:os.system is not allowed" in got[0]
    assert not marker.exists()


def test_merge_and_complex_keys_refused():
    assert problems("b: &b {x: 1}\na:\n  <<: *b\n") == [
        "o.yaml:3:3: a: merge keys (<<) are not supported; write the keys out"]
    assert problems("? [1, 2]\n: x\n") == ["o.yaml:1:3: a mapping key must be a plain word or string"]


# -- limits ------------------------------------------------------------------------------------

BOMB = "".join(
    f"{n}: &{n} [" + ",".join([f"*{p}"] * 10) + "]\n"
    for p, n in zip("abcdefgh", "bcdefghi", strict=True)
)
BOMB = "a: &a [" + ",".join(['"lol"'] * 10) + "]\n" + BOMB


def test_billion_laughs_rejected_by_node_limit():
    # -- one problem, not a cascade, placed at the alias where the count crosses the limit --
    assert problems(BOMB) == [
        "o.yaml:6:4: f[7]: the file expands to more than 1,000,000 YAML nodes (aliases expanding "
        "to huge data?); raise the limit with REPORTGEN_MAX_NODES"]


def test_wide_alias_expansion_rejected():
    big = "big: &x [" + ", ".join(["w"] * 2000) + "]\n"
    refs = "copies: [" + ", ".join(["*x"] * 600) + "]\n"
    got = problems(big + refs)
    assert len(got) == 1 and got[0].startswith("o.yaml:2:9: copies[498]: the file expands to more")


def test_recursive_alias_does_not_hang():
    # -- PyYAML lets an anchor refer to the collection it names; neither count nor build loops --
    assert problems("a: &x [1, *x]\n") == [
        "o.yaml:1:4: a[1]: this alias refers to the list or mapping it is inside, which would "
        "contain itself forever; copy the values instead"]


def test_node_limit_is_configurable(monkeypatch):
    text = "a: [1, 2, 3]\n"
    parse(text)
    monkeypatch.setenv("REPORTGEN_MAX_NODES", "4")
    assert problems(text) == ["o.yaml:1:8: a[1]: the file expands to more than 4 YAML nodes "
                              "(aliases expanding to huge data?); raise the limit with "
                              "REPORTGEN_MAX_NODES"]


def test_depth_limit_is_configurable(monkeypatch):
    text = "a: {b: {c: {d: 1}}}\n"
    parse(text)
    monkeypatch.setenv("REPORTGEN_MAX_DEPTH", "3")
    assert problems(text) == ["o.yaml:1:13: a.b.c: nested deeper than 3 levels; raise the limit "
                              "with REPORTGEN_MAX_DEPTH"]


def test_invalid_limit_value_falls_back_to_default(monkeypatch):
    monkeypatch.setenv("REPORTGEN_MAX_DEPTH", "lots")
    assert parse("a: {b: 1}\n")[0] == {"a": {"b": 1}}


@pytest.mark.parametrize("n", [500, 5_000, 200_000])
def test_deep_brackets_never_overflow_the_stack(n):
    got = problems("a: " + "[" * n + "]" * n + "\n")
    assert got == ["o.yaml:1:68: nested deeper than 64 levels; raise the limit with REPORTGEN_MAX_DEPTH"]


def test_depth_beyond_what_the_reader_can_follow(monkeypatch):
    monkeypatch.setenv("REPORTGEN_MAX_DEPTH", "100000")
    got = problems("a: " + "[" * 3000 + "]" * 3000 + "\n")
    assert len(got) == 1 and "more than the YAML reader can follow" in got[0]


def test_size_limit(tmp_path, monkeypatch):
    path = tmp_path / "big.yaml"
    path.write_text("a: " + "x" * 97 + "\n")  # -- 101 bytes --
    monkeypatch.setenv("REPORTGEN_MAX_BYTES", "101")
    assert read_yaml(path)[0] == {"a": "x" * 97}
    monkeypatch.setenv("REPORTGEN_MAX_BYTES", "100")
    with pytest.raises(InputError) as info:
        read_yaml(path, "big.yaml")
    assert str(info.value) == ("big.yaml:1:1: the file is 101 bytes, over the limit of 100; split it, "
                               "or raise the limit with REPORTGEN_MAX_BYTES")


def test_missing_file_and_folder(tmp_path):
    with pytest.raises(InputError, match="nope.yaml: no such file"):
        read_yaml(tmp_path / "nope.yaml", "nope.yaml")
    with pytest.raises(InputError, match="is a folder, not a file"):
        read_yaml(tmp_path)


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads any file")
def test_unreadable_file(tmp_path):
    path = tmp_path / "locked.yaml"
    path.write_text("a: 1\n")
    path.chmod(0)
    with pytest.raises(InputError, match="cannot be read"):
        read_yaml(path)


# -- encodings and characters ------------------------------------------------------------------


def test_not_utf8_names_line_column_and_offset():
    assert problems(b"a: 1\nb: caf\xe9\n") == [
        "o.yaml:2:7: the file is not UTF-8: byte 0xE9 at offset 11; save the file as UTF-8 "
        "(in most editors: Save As, encoding UTF-8)"]


def test_utf16_is_named():
    got = problems("a: 1\n".encode("utf-16-le"))
    assert "looks like UTF-16" in got[0]


def test_control_character_position():
    assert problems("a: 1\nb: x\x1by\n") == [
        "o.yaml:2:5: the control character U+001B cannot appear in a YAML file; delete it "
        "(it is invisible in most editors)"]


def test_stray_bom_from_joined_files():
    assert problems("a: 1\n\ufeffb: 2\n") == [
        "o.yaml:2:1: a byte order mark (U+FEFF) starts this line, usually left by joining two "
        "files; delete it"]


# -- syntax errors, one per class: position and plain words ------------------------------------

SYNTAX = [
    ("a:\n\tb: 1\n", 2, 1, "a tab character here; YAML does not allow tabs for indentation"),
    ("a:\n  b: 1\n c: 2\n", 3, 2, "bad indentation: found a new key where the end of the indented block"),
    ("a:\n  - b: 1\n   - c: 2\n", 3, 4, "bad indentation: found a new list item"),
    ("a: b: c\n", 1, 5, "a value containing ': ' must be quoted"),
    ('a: "open\nb: 1\n', 1, 4, 'the quote opened here is never closed; add the closing "'),
    ("a: 'open\n", 1, 4, "the quote opened here is never closed; add the closing '"),
    ('a: "x\nb: "y"\n', 2, 5, "the quote opened at line 1 column 4 runs to here"),
    ("a: [1, 2\n", 1, 4, "the '[' opened here is never closed; add ']'"),
    ("a: {b: 1\n", 1, 4, "the '{' opened here is never closed; add '}'"),
    ("a: [1, 2\nb: 3\n", 2, 2, "expected ',' or ']' but found ':': the '[' opened at line 1 column 4"),
    ("a: [1,, 2]\n", 1, 7, "an empty entry (two commas in a row?)"),
    ("a: *nothing\n", 1, 4, "found undefined alias 'nothing'; define the anchor (&name) before"),
    ("a: &x 1\nb: &x 2\n", 2, 4, "anchor '&x' is defined twice (first at line 1)"),
    ("a: &\n", 1, 4, "'&' must be followed by an anchor name"),
    ("a: *\n", 1, 4, "'*' must be followed by an anchor name"),
    ("a: 1\nb\nc: 2\n", 2, 1, "a key is missing its ':'"),
    ('a: "x\\q"\n', 1, 7, "unknown escape character 'q' in double quotes; write \\\\ for a backslash"),
    ("a: @x\n", 1, 4, "'@' cannot start a plain value; put the value in quotes"),
    ("a: `x`\n", 1, 4, "'`' cannot start a plain value"),
    ("a: %x\n", 1, 4, "'%' cannot start a plain value"),
    ("a: |x\n  t\n", 1, 5, "after '|' or '>' (a block scalar)"),
    ("%YAML 2.0\n---\na: 1\n", 1, 1, "YAML 2.0 is not supported; remove the %YAML line"),
    ("a: 1\n---\nb: 2\n", 2, 1, "the file holds more than one YAML document"),
    ('a: "x" y\n', 1, 8, "text after the closing quote of a value"),
    ("a: [1] y\n", 1, 8, "text after the closing ']' of a value"),
    ("- a\nb: c\n", 2, 1, "bad indentation"),
    ("a:\n  - one\n  -two\n  - three\n", 3, 3, "a list item needs a space after its '-': write '- two'"),
    ("a: - b\n", 1, 4, "a '- ' list cannot start on the same line as its key"),
    ("%\n---\na: 1\n", 1, 2, "a line starting with '%' is a YAML directive"),
    ('a: "\\xZZ"\n', 1, 7, "expected escape sequence of 2 hexadecimal numbers"),
    ("---\n- a\n...\n- b\n", 4, 1, "expected '---' (the start of a document), but found a new list item"),
]


@pytest.mark.parametrize(("text", "line", "col", "fragment"), SYNTAX, ids=[s[3][:30] for s in SYNTAX])
def test_syntax_error_classes(text, line, col, fragment):
    got = problems(text)
    assert len(got) == 1
    assert got[0].startswith(f"o.yaml:{line}:{col}: YAML syntax error: "), got[0]
    assert fragment in got[0]


def test_no_parser_jargon_in_messages():
    """PyYAML's token names (`<block end>`, `<scalar>`) mean nothing to an analyst."""
    for text, *_ in SYNTAX:
        for msg in problems(text):
            assert "<block" not in msg and "<scalar>" not in msg and "<stream" not in msg, msg


YAMLISH = st.text(alphabet=st.sampled_from(list("ab:- \n\t[]{},'\"&*!|>#%@`?\\~0") + ["\ufeff", "\x07"]),
                  max_size=60)


@settings(max_examples=400, deadline=None)
@given(YAMLISH)
def test_any_text_loads_or_gives_positioned_problems(text):
    """Whatever the bytes, the reader returns data or raises InputError with positioned problems."""
    try:
        parse(text)
    except InputError as e:
        assert e.problems
        for p in e.problems:
            assert p.file == SHOWN and p.line >= 1 and p.col >= 1 and p.message


def test_a_list_item_indented_too_far_is_joined_with_a_warning():
    from reportgen.errors import ReportgenWarning

    src = "points:\n  - Demand fell\n    - Residential use dropped\n  - Three large users\n"
    with pytest.warns(ReportgenWarning, match=r"t\.yaml:3:5: points\[0\]: this line starts with '- '"):
        data, _ = parse_yaml(src.encode(), "t.yaml")
    assert data["points"] == ["Demand fell - Residential use dropped", "Three large users"]


@pytest.mark.parametrize("text", ['"Demand fell\n    - on purpose"', "|\n    Demand fell\n    - on purpose",
                                  "Demand fell\n    and - kept"])
def test_quoted_block_or_inner_dashes_do_not_warn(text, recwarn):
    parse_yaml(f"points:\n  - {text}\n".encode(), "t.yaml")
    assert not [w for w in recwarn if "starts with '- '" in str(w.message)]

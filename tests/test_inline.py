"""Inline markup: what each construct becomes, and that everything else stays literal."""

import pytest

from reportgen.inline import InlineError, find_variables, parse, runs, substitute
from reportgen.model import Run

NUM = {"a": 1, "b": 2, "k": 3}.__getitem__


def fmt(text):
    """Runs as (text, flags) pairs, flags a string of B I C, plus href/cite when set."""
    out = []
    for r in runs(text, NUM):
        flags = ("B" if r.bold else "") + ("I" if r.italic else "") + ("C" if r.code else "")
        item = (r.text, flags)
        if r.href:
            item += (r.href,)
        if r.cite is not None:
            item += (f"cite={r.cite}",)
        out.append(item)
    return out


@pytest.mark.parametrize(
    "src, expected",
    [
        ("plain text", [("plain text", "")]),
        ("R&D <b>not bold</b> & a > b", [("R&D <b>not bold</b> & a > b", "")]),
        ("**bold**", [("bold", "B")]),
        ("*italic*", [("italic", "I")]),
        ("**bold *both***", [("bold ", "B"), ("both", "BI")]),
        ("*it **both** it*", [("it ", "I"), ("both", "BI"), (" it", "I")]),
        ("***x***", [("x", "BI")]),
        ("un*matched", [("un*matched", "")]),
        ("2 * 3 * 4", [("2 * 3 * 4", "")]),
        ("**a*", [("*", ""), ("a", "I")]),
        ("trailing *", [("trailing *", "")]),
        ("\\*not\\* \\[x\\] \\\\", [("*not* [x] \\", "")]),
        ("`code **x** <y>`", [("code **x** <y>", "C")]),
        ("``a `tick` b``", [("a `tick` b", "C")]),
        ("`unclosed", [("`unclosed", "")]),
        ("[label](https://example.org/?a=1&b=2)", [("label", "", "https://example.org/?a=1&b=2")]),
        ("[*it*](mailto:x@example.org)", [("it", "I", "mailto:x@example.org")]),
        ("[not a link] (x)", [("[not a link] (x)", "")]),
        # -- a citation is tied to the word before it, its numbers to each other (#12) --
        ("see [@a]", [("see\u00a0[", ""), ("1", "", "cite=1"), ("]", "")]),
        ("[@b; @a]", [("[", ""), ("1", "", "cite=1"), (",\u00a0", ""), ("2", "", "cite=2"), ("]", "")]),
        ("*see* [@a].", [("see", "I"), ("\u00a0[", ""), ("1", "", "cite=1"), ("].", "")]),
        ("[@a, @a]", [("[", ""), ("1", "", "cite=1"), ("]", "")]),
        ("**[@k]**", [("[", "B"), ("3", "B", "cite=3"), ("]", "B")]),
        ("email me@example.org [x]", [("email me@example.org [x]", "")]),
        ("Кириллица and 한국어 **жирный**", [("Кириллица and 한국어 ", ""), ("жирный", "B")]),
    ],
)
def test_inline_runs(src, expected):
    assert fmt(src) == expected


def test_link_to_javascript_is_refused():
    with pytest.raises(InlineError, match="http://, https:// or mailto:"):
        parse("[x](javascript:alert(1))")


def test_variables_substitute_and_escape():
    assert substitute("Meet ${meeting} at $${literal}", {"meeting": "WG"}) == "Meet WG at ${literal}"
    assert find_variables("${a} $${b} ${ c }") == ["a", "c"]
    with pytest.raises(KeyError):
        substitute("${missing}", {})


def test_variable_value_is_not_evaluated():
    # -- plain substitution: a value that looks like a template is inserted verbatim --
    assert substitute("${x}", {"x": "{{ 7*7 }} ${y}"}) == "{{ 7*7 }} ${y}"


def test_runs_merge_adjacent_same_format():
    assert runs("a" + "b") == (Run("ab"),)

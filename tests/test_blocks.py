"""The block registry (reportgen/blocks/): every registered block type has everything it needs,
and a test names what is missing when one does not."""

from __future__ import annotations

import importlib
import typing

import pytest

from reportgen import outline as om
from reportgen.blocks import REGISTRY
from reportgen.formats import FORMATS
from reportgen.render import MissingHandler
from reportgen.textfields import texts

from .strategies import block_strategies


@pytest.mark.parametrize("key", list(REGISTRY))
def test_every_block_type_is_complete(key):
    t = REGISTRY[key]
    missing = []
    # -- the outline's body accepts it (BodyBlock is built from the registry) --
    body = typing.get_args(typing.get_args(om.Section.model_fields["body"].annotation)[0])[0]
    if t.outline not in [typing.get_args(a)[0] for a in typing.get_args(body)]:
        missing.append("a member of outline.BodyBlock")
    # -- one handler per format --
    for name, f in FORMATS.items():
        where = f"{f.module}.HANDLERS"
        try:
            handlers = getattr(importlib.import_module(f.module), "HANDLERS", {})
        except MissingHandler as e:  # -- the renderer refuses to import; it names what it lacks --
            lacking = str(e).split(";")[0].split("no handler for ")[-1].split(", ")
            handlers = {} if t.tailored.__name__ in lacking else {t.tailored: None}
            said = str(e).split("; ", 1)[-1]  # -- "define h_<key> in <module>", where it says so --
            where = said if said.startswith("define ") else where
        if t.tailored not in handlers:
            missing.append(f"a {name} handler for {t.tailored.__name__} ({where})")
    # -- a fuzz strategy, so that generated outlines exercise it --
    if key not in block_strategies():
        missing.append("a fuzz strategy (tests/strategies.py, block_strategies)")
    # -- tailoring and check items --
    if not callable(t.tailor):
        missing.append("a tailoring function")
    if not callable(t.items):
        missing.append("check items")
    assert missing == [], f"block type '{key}' lacks: " + "; ".join(missing)


def _for_examples(key, check, max_examples):
    """Run `check(entry)` on examples of block type `key` drawn from its fuzz strategy, every text
    a distinctive made-up word (no markup, no citations)."""
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    marker = st.text(alphabet="qwzjkv", min_size=6, max_size=8)
    run = given(block_strategies(text=marker, words=marker)[key])(check)
    settings(max_examples=max_examples, deadline=None, suppress_health_check=list(HealthCheck),
             derandomize=True)(run)()


def _load_one(folder, entry, **meta):
    """The outline of one section holding `entry` (a `map.png` beside it for images), loaded."""
    import yaml
    from PIL import Image

    from reportgen.load import load

    Image.new("RGB", (20, 10)).save(folder / "map.png")
    p = folder / "outline.yaml"
    p.write_text(yaml.safe_dump({"meta": {"title": "T", **meta}, "sections": [{"title": "S", "body": [entry]}]}),
                 encoding="utf-8")
    return load(p)


@pytest.mark.parametrize("key", list(REGISTRY))
def test_every_block_type_declares_its_texts_and_check_finds_them(key, tmp_path):
    # -- an example of the block, drawn from its fuzz strategy with distinctive text: every
    # text the outline model holds is declared (load validates it) and reaches a check item --
    from reportgen.check import expected_items
    from reportgen.tailor import tailor

    def check(entry):
        loaded = _load_one(tmp_path, entry)
        block = loaded.outline.sections[0].body[0]
        declared = [text for path, text, _ in texts(block) if not set(path) & set(REGISTRY[key].unchecked)]
        assert declared, f"block type '{key}' declares no text field (reportgen/textfields.py)"
        doc = tailor(loaded)
        shown = " ".join(i.text for i in expected_items(doc, "docx"))
        unseen = [t for t in declared if t not in shown]
        assert unseen == [], f"block type '{key}': its items (check) do not show {unseen}"

    _for_examples(key, check, 5)


@pytest.mark.parametrize("key", list(REGISTRY))
def test_every_block_type_shows_its_portion_mark(key, tmp_path):
    # -- with `meta.portion_marks`, tailoring marks each block through its type's `mark`; the
    # default marks a `text` field, so a type without one must bring its own --
    from reportgen.check import expected_items
    from reportgen.tailor import tailor

    levels = {"levels": [{"name": "U", "banner": "UNCLASSIFIED"}], "level": "U"}

    def check(entry):
        # -- a failure without marks is not the marks' (the tests above say what it is) --
        tailor(_load_one(tmp_path, entry, **levels))
        marked = _load_one(tmp_path, entry, **levels, portion_marks=True)
        try:
            doc = tailor(marked)
        except Exception as e:  # noqa: BLE001 - whatever it is, the message must say where to look
            pytest.fail(f"block type '{key}': tailoring with portion marks fails ({type(e).__name__}: "
                        f"{e}); give its BlockType a `mark` function (reportgen/blocks/base.py)")
        shown = [i.text for i in expected_items(doc, "docx") if i.origin.startswith("sections[0].body[0]")]
        assert any("(U)" in t for t in shown), f"block type '{key}': no portion mark in {shown}"

    _for_examples(key, check, 3)


def test_the_fuzz_strategies_cover_every_registered_block_type():
    drawn, registered = set(block_strategies()), set(REGISTRY)
    assert drawn - registered == set(), (
        f"fuzz strategies for block types not in blocks.REGISTRY (reportgen/blocks/__init__.py): "
        f"{sorted(drawn - registered)}")
    assert registered - drawn == set(), (
        f"registered block types without a fuzz strategy (tests/strategies.py): {sorted(registered - drawn)}")


def test_a_block_pydantic_refuses_by_its_type_never_gives_an_empty_message():
    # -- `shape_problems` words unknown block types; were it to miss one (a type left out of
    # its checks), pydantic's own union error still reaches the user in our words --
    from pydantic import ValidationError

    from reportgen.load.shape import pydantic_problems
    from reportgen.yamlread import Positions

    data = {"meta": {"title": "T"}, "sections": [{"title": "S", "body": [{"kpi": [1]}]}]}
    with pytest.raises(ValidationError) as e:
        om.Outline.model_validate(data)
    problems = pydantic_problems(e.value, data, Positions("outline.yaml", {}), shaped=False)
    assert [(p.path, p.message.split(";")[0]) for p in problems] == [
        ("sections[0].body[0]", "this entry has no type reportgen knows")]

"""Per-audience wording: a text written `{default: ..., <audience>: ...}` reads as each
audience's own wording in every format; `check` treats another audience's wording as a leak;
`diff` shows the differences."""

from __future__ import annotations

import dataclasses
import pickle

import pytest

from reportgen.check import check_files, read_output
from reportgen.cli import main
from reportgen.load import load
from reportgen.model import plain
from reportgen.render import get_renderer
from reportgen.tailor import everything_worded, tailor
from reportgen.textfields import Variants, texts

from .conftest import FORMATS, outline_fixtures

OUTLINE = """\
meta: {title: Wording test}
audiences:
  leadership: {detail: summary, label: {default: Senior leaders, leadership: Principals}}
  analysts: {detail: full}
  public: {}
bluf:
  default: Russia and North Korea signed a mutual defense pact [@a].
  leadership: The pact binds both sides to assist if attacked; we need a position by Friday.
key_judgments:
  - text: {default: The pact will likely deepen cooperation, public: Cooperation is likely to deepen}
    likelihood: likely
sections:
  - title: {default: Bilateral relations, public: Relations between the two}
    headline: {default: The pact anchors the partnership, leadership: Anchor of the partnership}
    points:
      - {default: Cooperation spans politics and trade, analysts: "Cooperation spans politics, trade and arms"}
      - {text: {default: Sanctions pressure may ease, leadership: Expect weaker sanctions pressure}, detail: summary}
    body:
      - {default: The default paragraph about the summit., analysts: The analysts' paragraph about the summit.}
      - bullets: [Artillery shells, {default: Missile parts, public: Military equipment}]
      - table:
          caption: {default: Port calls by month, public: Port calls}
          columns: [Port, Calls]
          rows: [[Rajin, "12"]]
recommendations:
  - {default: Coordinate with partners on a response, public: Partners should coordinate a response}
sources:
  - {id: a, title: Open reporting}
labels:
  bluf: {default: Bottom line up front, leadership: The ask}
"""


loaded, theme, files = outline_fixtures("wording", OUTLINE, ("leadership", "analysts", "public"))


def test_each_audience_gets_its_own_wording_of_every_kind_of_text(loaded):
    lead, ana, pub = (tailor(loaded, a) for a in ("leadership", "analysts", "public"))
    assert plain(lead.bluf) == "The pact binds both sides to assist if attacked; we need a position by Friday."
    assert plain(ana.bluf) == plain(pub.bluf) == "Russia and North Korea signed a mutual defense pact\u00a0[1]."
    assert lead.audience_label == "Principals"
    assert (lead.labels.bluf, ana.labels.bluf) == ("The ask", "Bottom line up front")
    assert [s.title for s in (lead.sections[0], ana.sections[0], pub.sections[0])] == [
        "Bilateral relations", "Bilateral relations", "Relations between the two"]
    assert lead.sections[0].headline == "Anchor of the partnership"
    assert [plain(p) for p in lead.sections[0].points] == [
        "Cooperation spans politics and trade", "Expect weaker sanctions pressure"]
    assert plain(ana.sections[0].points[0]) == "Cooperation spans politics, trade and arms"
    assert plain(ana.sections[0].body[0].text) == "The analysts' paragraph about the summit."
    assert plain(pub.sections[0].body[0].text) == "The default paragraph about the summit."
    assert [plain(i.text) for i in pub.sections[0].body[1].items] == ["Artillery shells", "Military equipment"]
    assert pub.sections[0].body[2].label == "Table 1: Port calls"
    assert ana.sections[0].body[2].label == "Table 1: Port calls by month"
    assert plain(pub.key_judgments[0].text) == "Cooperation is likely to deepen"
    assert plain(pub.recommendations[0].text) == "Partners should coordinate a response"
    # -- the section id comes from the default title: the same for every audience --
    assert lead.sections[0].id == pub.sections[0].id == "bilateral-relations"


def test_load_records_every_wording_at_its_own_path(loaded):
    found = {p: t for p, t, _ in texts(loaded.outline)}
    assert found[("bluf", "leadership")].startswith("The pact binds")
    assert found[("sections", 0, "title", "public")] == "Relations between the two"
    assert isinstance(loaded.outline.bluf, Variants)
    # -- the build's worker processes get every wording --
    again = pickle.loads(pickle.dumps(loaded.outline.bluf))
    assert again.pick("leadership") == loaded.outline.bluf.pick("leadership")
    assert again.pick("public") == str(loaded.outline.bluf)


@pytest.mark.parametrize("fmt", FORMATS)
def test_files_read_back_hold_their_audiences_wording_only(files, fmt):
    def text(a):
        return " ".join(read_output(fmt, files[(a, fmt)]).text.split())

    lead, ana, pub = text("leadership"), text("analysts"), text("public")
    assert "we need a position by Friday" in lead and "we need a position by Friday" not in ana + pub
    assert "Expect weaker sanctions pressure" in lead and "Expect weaker" not in ana + pub
    assert "Relations between the two" in pub and "Relations between the two" not in lead + ana
    assert "The analysts' paragraph" in ana and "The analysts' paragraph" not in pub
    assert "Military equipment" in pub and "Missile parts" in ana and "Military equipment" not in ana
    assert "Partners should coordinate a response" in pub and "Coordinate with partners" in ana


@pytest.mark.parametrize("fmt", FORMATS)
def test_check_passes_honest_files_and_reports_another_audiences_wording_as_leaked(loaded, theme, files, fmt):
    views = everything_worded(loaded)
    assert len(views) == 4  # -- the default wording and each audience's --
    for a in ("leadership", "analysts", "public"):
        [rep] = check_files(tailor(loaded, a), {fmt: files[(a, fmt)]}, views)
        assert rep.findings == [], (a, [str(f) for f in rep.findings])
    # -- the analysts' file with the leadership's bottom line in it --
    ana, lead = tailor(loaded, "analysts"), tailor(loaded, "leadership")
    data = get_renderer(fmt)(dataclasses.replace(ana, bluf=lead.bluf), theme)
    [rep] = check_files(ana, {fmt: data}, views)
    assert ("leaked", "bluf") in {(f.kind, f.origin) for f in rep.findings}
    assert ("missing", "bluf") in {(f.kind, f.origin) for f in rep.findings}


def test_diff_shows_wording_differences(loaded, capsys):
    assert main(["diff", str(loaded.path), "-a", "leadership", "-a", "public"]) == 0
    out = capsys.readouterr().out.replace("\u00a0", " ")
    assert "worded differently (" in out
    assert ("  bluf:\n    leadership: bluf: The pact binds both sides to assist if attacked; we need a "
            "position by ...\n    public: bluf: Russia and North Korea signed a mutual defense pact [1].") in out
    assert "    public: heading: Relations between the two" in out
    assert "    public: recommendation: Partners should coordinate a response" in out


def test_a_variable_inside_a_wording_is_substituted_for_that_audience(tmp_path):
    p = tmp_path / "o.yaml"
    p.write_text("""\
meta: {title: T}
variables: {meeting: the working group}
audiences:
  leadership: {variables: {meeting: the Deputies}}
  public: {}
bluf: {default: "For ${meeting}.", leadership: "Decide before ${meeting} meet."}
sections: [{title: S}]
""", encoding="utf-8")
    ld = load(p)
    assert plain(tailor(ld, "leadership").bluf) == "Decide before the Deputies meet."
    assert plain(tailor(ld, "public").bluf) == "For the working group."

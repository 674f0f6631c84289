"""The bad-input corpus: every outline under tests/bad/ must fail with the problems it states.

Each `tests/bad/<name>.yaml` starts with comment lines that say what loading it must report:

    # expect: 12:9 sections[0].body[0].tabel: unknown block type 'tabel'
    # expect: 1:1 -: the file is empty          (`-` = no outline path)
    # more                                      (other problems may be reported too; without
                                                 it every reported problem must match an
                                                 `expect:` line. `# exact` says the default.)
    # env: REPORTGEN_MAX_DEPTH=8                (set while loading)
    # file: images/map.png png 40x30            (created beside the outline before loading;
    # file: ../outside/map.png png 40x30         paths are relative to the outline's folder,
    # file: images/bad.png bytes not an image    which sits one level below the test's tmp folder)
    # file: images/copy.png copy files/x.png    (a helper file from tests/bad/files/)
    # file: pipe.png fifo                       (also: `dir`; `bmp`, `gif`, `jpeg` WxH images)
    # symlink: images/link.png -> ../outside/map.png
    # cli                                       (also run `reportgen validate`: exit 2, message on
    #                                            stderr, no traceback)
    # xfail: why                                (the loader gives a worse message today; the
    #                                            expectation is what it SHOULD say)

These comment lines count: line numbers in `expect:` are those of the file as it stands.
Inputs that cannot live as text files (non-UTF-8 bytes, BOMs, CRLF, an empty file) are tables
below, as are inputs that must be accepted.
"""

from __future__ import annotations

import copy
import os
import re
import shutil
import subprocess
import sys
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from reportgen.errors import InputError, Problem
from reportgen.load import load
from reportgen.yamlread import format_path, read_yaml

BAD = Path(__file__).parent / "bad"
SHOWN = "outline.yaml"

_EXPECT = re.compile(r"^# expect: (\d+):(\d+) (\S*?): (.+)$")


@dataclass(frozen=True)
class Expected:
    """One problem a case must report: position, outline path and a fragment of the message."""

    line: int
    col: int
    path: str
    fragment: str

    def found_in(self, problems: list[Problem]) -> bool:
        return any(
            (p.line, p.col, p.path) == (self.line, self.col, self.path) and self.fragment in p.message
            for p in problems
        )

    def __str__(self) -> str:
        return f"{self.line}:{self.col} {self.path or '-'}: {self.fragment}"


@dataclass
class Case:
    """A bad outline with its expectations, parsed from its leading comment lines."""

    name: str
    data: bytes
    expected: list[Expected]
    exact: bool = True
    env: dict[str, str] = field(default_factory=dict)
    files: list[tuple[str, str, str]] = field(default_factory=list)
    symlinks: list[tuple[str, str]] = field(default_factory=list)
    cli: bool = False
    xfail: str = ""


def parse_case(path: Path) -> Case:
    data = path.read_bytes()
    case = Case(path.stem, data, [])
    for line in data.decode("utf-8").splitlines():
        if not line.startswith("#"):
            break
        if m := _EXPECT.match(line):
            p = "" if m[3] == "-" else m[3]
            case.expected.append(Expected(int(m[1]), int(m[2]), p, m[4].strip()))
        elif line.strip() == "# exact":
            case.exact = True
        elif line.strip() == "# more":
            case.exact = False
        elif line.strip() == "# cli":
            case.cli = True
        elif line.startswith("# env: "):
            k, _, v = line[7:].strip().partition("=")
            case.env[k] = v
        elif line.startswith("# file: "):
            rel, kind, arg = (line[8:].strip().split(" ", 2) + [""])[:3]
            case.files.append((rel, kind, arg))
        elif line.startswith("# symlink: "):
            rel, _, target = line[11:].partition(" -> ")
            case.symlinks.append((rel.strip(), target.strip()))
        elif line.startswith("# xfail: "):
            case.xfail = line[9:].strip()
        elif line.startswith("# expect"):
            raise ValueError(f"{path.name}: malformed expectation {line!r}")
    return case


CASES = sorted((parse_case(p) for p in BAD.glob("*.yaml")), key=lambda c: c.name)


def _param(case: Case):
    marks = [pytest.mark.xfail(strict=True, reason=case.xfail)] if case.xfail else []
    return pytest.param(case, id=case.name, marks=marks)


def make_file(folder: Path, rel: str, kind: str, arg: str) -> None:
    """Create a helper file of a case: an image of a size, raw text, or a copy from files/."""
    target = folder / rel
    target.parent.mkdir(parents=True, exist_ok=True)
    if kind in ("png", "jpeg", "bmp", "gif", "tiff"):
        w, h = (int(x) for x in arg.split("x"))
        Image.new("RGB", (w, h), (200, 30, 30)).save(target, format=kind.upper())
    elif kind == "bytes":
        target.write_bytes(arg.encode("utf-8"))
    elif kind == "copy":
        shutil.copyfile(BAD / arg, target)
    elif kind == "dir":
        target.mkdir(exist_ok=True)
    elif kind == "fifo":
        os.mkfifo(target)  # -- opening it to read would block forever --
    else:  # pragma: no cover - a typo in a case file
        raise ValueError(f"unknown file kind {kind!r}")


def stage(case: Case, tmp_path: Path) -> Path:
    """Write the case's outline and helper files into tmp_path/project; return the outline."""
    project = tmp_path / "project"
    project.mkdir()
    (tmp_path / "outside").mkdir()
    for rel, kind, arg in case.files:
        make_file(project, rel, kind, arg)
    for rel, target in case.symlinks:
        link = project / rel
        link.parent.mkdir(parents=True, exist_ok=True)
        link.symlink_to(target)
    outline = project / SHOWN
    outline.write_bytes(case.data)
    return outline


def load_problems(path: Path, **kw) -> tuple[list[Problem], list[str]]:
    """Load and return (problems, warnings); any exception other than InputError escapes."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            load(path, display=SHOWN, **kw)
        except InputError as e:
            return list(e.problems), [str(w.message) for w in caught]
    return [], [str(w.message) for w in caught]


def check(problems: list[Problem], expected: list[Expected], exact: bool) -> None:
    reported = "\n".join(str(p) for p in problems) or "(nothing: the outline was accepted)"
    missing = [str(e) for e in expected if not e.found_in(problems)]
    assert not missing, "expected but not reported:\n  " + "\n  ".join(missing) + "\nreported:\n" + reported
    assert all(p.file == SHOWN for p in problems), reported
    if exact:
        extra = [str(p) for p in problems
                 if not any(e.found_in([p]) for e in expected)]
        assert not extra, "reported but not expected:\n  " + "\n  ".join(extra)


def test_corpus_is_large_and_well_formed():
    """The corpus has the size the issues ask for, and every case says what it must produce."""
    assert len(CASES) + len(BYTES_CASES) >= 60
    for case in CASES:
        assert case.expected, f"{case.name}.yaml has no '# expect:' line"


@pytest.mark.parametrize("case", [_param(c) for c in CASES])
def test_bad_outline(case: Case, tmp_path, monkeypatch):
    for k, v in case.env.items():
        monkeypatch.setenv(k, v)
    problems, caught = load_problems(stage(case, tmp_path))
    check(problems, case.expected, case.exact)
    assert caught == [], f"unexpected warnings: {caught}"
    for p in problems:
        assert "Traceback" not in p.message and "pydantic" not in p.message.lower(), str(p)


def run_cli(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    full_env = {**os.environ, **(env or {})}
    full_env.pop("REPORTGEN_DEBUG", None)
    return subprocess.run([sys.executable, "-m", "reportgen", *args], cwd=cwd, env=full_env,
                          capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize("case", [_param(c) for c in CASES if c.cli])
def test_bad_outline_cli(case: Case, tmp_path):
    outline = stage(case, tmp_path)
    r = run_cli("validate", SHOWN, cwd=outline.parent, env=case.env)
    assert r.returncode == 2, r.stdout + r.stderr
    assert "Traceback" not in r.stderr
    lines = r.stderr.splitlines()
    for e in case.expected:
        where = f"{SHOWN}:{e.line}:{e.col}: " + (f"{e.path}: " if e.path else "")
        assert any(line.startswith(where) and e.fragment in line for line in lines), \
            f"{where}{e.fragment}\nnot in stderr:\n{r.stderr}"
    # -- problems are listed in file order, so a user can work down the file --
    shown = [tuple(map(int, m.groups())) for m in
             (re.match(rf"{re.escape(SHOWN)}:(\d+):(\d+): ", line) for line in lines) if m]
    assert shown == sorted(shown) and len(shown) >= len({(e.line, e.col) for e in case.expected})


# -- inputs that are bytes, not text: encodings, BOMs, line endings ------------------------------

GOOD = b"meta:\n  title: T\nsections:\n  - title: S\n"
BAD_INDENT = b"meta:\n  title: T\n bad: x\nsections:\n  - title: S\n"

#: name -> (bytes, [expected problems])
BYTES_CASES: dict[str, tuple[bytes, list[Expected]]] = {
    "empty-file": (b"", [Expected(1, 1, "", "the file is empty")]),
    "only-whitespace": (b"\n\n   \n", [Expected(1, 1, "", "the file is empty")]),
    "latin1-in-title": (
        b"meta:\n  title: Caf\xe9\nsections:\n  - title: S\n",
        [Expected(2, 13, "", "not UTF-8: byte 0xE9 at offset 18")],
    ),
    "cp1252-quotes": (
        b"meta:\n  title: T\nsections:\n  - title: \x93quoted\x94\n",
        [Expected(4, 12, "", "not UTF-8: byte 0x93 at offset 38")],
    ),
    "utf16-le": (
        "meta:\n  title: T\n".encode("utf-16"),
        [Expected(1, 1, "", "the file is not UTF-8: it looks like UTF-16; save it as UTF-8")],
    ),
    "utf16-be-no-bom": (
        "meta:\n  title: T\n".encode("utf-16-be"),
        [Expected(1, 1, "", "the file is not UTF-8: it looks like UTF-16")],
    ),
    "encoded-surrogate": (
        b"meta:\n  title: \xed\xa0\x80\nsections:\n  - title: S\n",
        [Expected(2, 10, "", "not UTF-8: byte 0xED at offset 15")],
    ),
    "nul-byte": (
        b"meta:\n  title: a\x00b\nsections:\n  - title: S\n",
        [Expected(2, 11, "", "control character U+0000")],
    ),
    "bell-character": (
        b"meta:\n  title: T\nsections:\n  - title: a\x07b\n",
        [Expected(4, 13, "", "control character U+0007")],
    ),
    "crlf-error-position": (
        BAD_INDENT.replace(b"\n", b"\r\n"),
        [Expected(3, 2, "", "indentation")],
    ),
    "bom-error-position": (
        b"\xef\xbb\xbf" + BAD_INDENT,
        [Expected(3, 2, "", "indentation")],
    ),
    "bom-in-middle": (
        b"meta:\n  title: T\n\xef\xbb\xbfsections:\n  - title: S\n",
        [Expected(3, 1, "", "byte order mark")],
    ),
}


@pytest.mark.parametrize("name", sorted(BYTES_CASES))
def test_bad_bytes(name: str, tmp_path):
    data, expected = BYTES_CASES[name]
    path = tmp_path / SHOWN
    path.write_bytes(data)
    problems, _ = load_problems(path)
    check(problems, expected, exact=True)


#: name -> bytes that must load without problems or warnings
ACCEPTED: dict[str, bytes] = {
    "crlf": GOOD.replace(b"\n", b"\r\n"),
    "bom": b"\xef\xbb\xbf" + GOOD,
    "bom-crlf": b"\xef\xbb\xbf" + GOOD.replace(b"\n", b"\r\n"),
    "no-final-newline": GOOD.rstrip(b"\n"),
    "comments-everywhere": b"# outline\n\nmeta:  # the front matter\n  title: T  # short\n"
                           b"# between\nsections:\n  # first\n  - title: S # done\n# end\n",
    "flow-style": b"{meta: {title: T}, sections: [{title: S, points: [a, b]}]}\n",
    "explicit-document-markers": b"%YAML 1.1\n---\n" + GOOD + b"...\n",
    "small-anchors": b"meta: {title: &t Same}\nsections:\n  - title: *t\n  - {title: Other, headline: *t}\n",
    "tabs-inside-quoted-text": b'meta:\n  title: "a\\tb"\nsections:\n  - title: "x\ty"\n',
    "unicode-text": "meta:\n  title: Пакт — 조약 ✓\nsections:\n  - title: Ünïcødé\n".encode(),
}


@pytest.mark.parametrize("name", sorted(ACCEPTED))
def test_accepted(name: str, tmp_path):
    path = tmp_path / SHOWN
    path.write_bytes(ACCEPTED[name])
    problems, caught = load_problems(path)
    assert problems == [] and caught == []


def test_control_characters_in_text_are_removed_with_a_warning(tmp_path):
    """Characters a document cannot hold (written as YAML escapes) load, cleaned, with a warning."""
    path = tmp_path / SHOWN
    path.write_bytes(b'meta:\n  title: "Pact\\x01 \\x1b[31mred"\nsections:\n  - title: S\n')
    with pytest.warns(Warning) as record:
        loaded = load(path, display=SHOWN)
    assert loaded.outline.meta.title == "Pact [31mred"
    messages = [str(w.message) for w in record]
    assert messages == [f"{SHOWN}:2:10: meta.title: removed characters that documents cannot hold "
                        "(U+0001, U+001B)"]


def test_crlf_loads_same_as_lf(tmp_path):
    (tmp_path / "lf.yaml").write_bytes(GOOD)
    (tmp_path / "crlf.yaml").write_bytes(GOOD.replace(b"\n", b"\r\n"))
    a = load(tmp_path / "lf.yaml").outline
    b = load(tmp_path / "crlf.yaml").outline
    assert a == b
    assert b.meta.title == "T" and b.sections[0].title == "S"


def test_image_inside_and_allowed_outside(tmp_path):
    """Images beside the outline load; one outside loads only when --allow-path names its folder."""
    project, outside = tmp_path / "project", tmp_path / "outside"
    make_file(project, "img/in.png", "png", "20x10")
    make_file(outside, "out.png", "png", "20x10")
    text = ("meta: {title: T}\nsections:\n  - title: S\n    body:\n"
            "      - image: {path: img/in.png, alt: inside}\n"
            "      - image: {path: ../outside/out.png, alt: outside}\n")
    (project / SHOWN).write_text(text, encoding="utf-8")
    problems, _ = load_problems(project / SHOWN)
    check(problems, [Expected(6, 23, "sections[0].body[1].image.path", "outside the outline's folder")],
          exact=True)
    problems, _ = load_problems(project / SHOWN, allow_paths=(outside,))
    assert problems == []


def test_symlink_inside_the_folder_is_accepted(tmp_path):
    project = tmp_path / "project"
    make_file(project, "store/real.png", "png", "20x10")
    (project / "img").mkdir()
    (project / "img" / "link.png").symlink_to("../store/real.png")
    (project / SHOWN).write_text("meta: {title: T}\nsections:\n  - title: S\n    body:\n"
                                 "      - image: {path: img/link.png, alt: x}\n", encoding="utf-8")
    assert load_problems(project / SHOWN) == ([], [])


def test_cli_allow_path(tmp_path):
    project, outside = tmp_path / "project", tmp_path / "outside"
    project.mkdir()
    make_file(outside, "out.png", "png", "20x10")
    (project / SHOWN).write_text("meta: {title: T}\nsections:\n  - title: S\n    body:\n"
                                 "      - image: {path: ../outside/out.png, alt: x}\n", encoding="utf-8")
    r = run_cli("validate", SHOWN, cwd=project)
    assert r.returncode == 2 and "--allow-path" in r.stderr, r.stderr
    r = run_cli("validate", SHOWN, "--allow-path", str(outside), cwd=project)
    assert r.returncode == 0, r.stderr


def test_cli_bad_bytes_no_traceback(tmp_path):
    (tmp_path / SHOWN).write_bytes(BYTES_CASES["latin1-in-title"][0])
    r = run_cli("validate", SHOWN, cwd=tmp_path)
    assert r.returncode == 2
    assert "Traceback" not in r.stderr
    assert f"{SHOWN}:2:13: the file is not UTF-8: byte 0xE9 at offset 18" in r.stderr


def test_cli_missing_file(tmp_path):
    r = run_cli("validate", "nope.yaml", cwd=tmp_path)
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert "nope.yaml: no such file" in r.stderr


# -- every wrong type: each value of a full outline replaced by one of the wrong kind ------------

#: An outline that uses every field of the format once (the image is created beside it).
FULL = {
    "reportgen": 1,
    "meta": {"title": "T", "subtitle": "Sub", "author": "A", "organization": "O",
             "date": "2024-06-20", "language": "en", "marking": "UNCLASSIFIED", "keywords": ["k"]},
    "theme": "default",
    "variables": {"meeting": "Working Group"},
    "audiences": {"lead": {"label": "L", "detail": "summary", "exclude_tags": ["x"],
                           "include_tags": ["y"], "marking": "M", "theme": "default",
                           "formats": ["pdf"], "variables": {"meeting": "Deputies"}}},
    "bluf": "Bottom line [@s1].",
    "key_judgments": [{"text": "K", "likelihood": "likely", "confidence": "high",
                       "detail": "summary", "audiences": ["lead"], "tags": ["t"]}],
    "sections": [{
        "title": "S", "headline": "H", "id": "s", "detail": "summary", "audiences": ["lead"],
        "tags": ["t"], "points": ["p", {"text": "q", "detail": "full"}], "notes": "N",
        "body": [
            "para",
            {"paragraph": "P"},
            {"bullets": ["a", ["b"]]},
            {"numbered": ["a"], "start": 2},
            {"quote": {"text": "Q", "by": "B"}},
            {"callout": {"title": "C", "text": "T", "style": "note"}},
            {"table": {"caption": "C", "columns": ["A"], "rows": [["1"]]}},
            {"chart": {"kind": "bar", "caption": "C", "categories": ["a"],
                       "series": {"x": [1.5]}, "unit": "u"}},
            {"image": {"path": "map.png", "alt": "A", "caption": "C"}},
            {"timeline": [{"date": "2024", "event": "E"}]},
            {"timeline": {"caption": "C", "entries": [{"date": "2024", "event": "E"}]}},
        ],
        "sections": [{"title": "Sub"}],
    }],
    "recommendations": ["R", {"text": "R2", "owner": "O", "due": "2024-07-01"}],
    "sources": [{"id": "s1", "title": "S", "publisher": "P", "date": "2024", "url": "https://x",
                 "always": True}],
    "appendix": [{"title": "Annex"}],
}


def _leaves(data, path=()):
    """Every value path of `data` (mappings, lists and scalars alike), parents first."""
    yield path, data
    if isinstance(data, dict):
        for k, v in data.items():
            yield from _leaves(v, (*path, k))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            yield from _leaves(v, (*path, i))


def _wrong(path, value):
    """A value of the wrong kind for where `value` stands."""
    if path[-1] == "timeline":
        return True  # -- a timeline may be a list or a mapping: neither is wrong there --
    if isinstance(value, (bool, int, float)):
        return "not a number"
    if isinstance(value, str):
        return ["a list"]
    if isinstance(value, list):
        return {"a": "mapping"}
    return ["a list"]


def _get(data, path):
    for part in path:
        data = data[part]
    return data


def _swap(data, path, new):
    out = copy.deepcopy(data)
    target = out
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = new
    return out


def _wrong_type_params():
    skip = {
        # -- a list in a list item is a nested list there, which is allowed --
        ("sections", 0, "body", 2, "bullets", 0), ("sections", 0, "body", 2, "bullets", 1, 0),
        ("sections", 0, "body", 3, "numbered", 0),
    }
    for path, value in _leaves(FULL):
        if not path or path in skip:
            continue
        yield pytest.param(path, _wrong(path, value), id=format_path(path))


@pytest.mark.parametrize(("path", "bad"), list(_wrong_type_params()))
def test_every_wrong_type_is_reported_where_it_stands(path, bad, tmp_path):
    make_file(tmp_path, "map.png", "png", "8x8")
    out = tmp_path / SHOWN
    out.write_text(yaml.safe_dump(FULL, sort_keys=False, allow_unicode=True), encoding="utf-8")
    assert load_problems(out) == ([], []), "the full outline itself must load"
    out.write_text(yaml.safe_dump(_swap(FULL, path, bad), sort_keys=False, allow_unicode=True),
                   encoding="utf-8")
    _, pos = read_yaml(out)
    line, col = pos.values[path]
    problems, _ = load_problems(out)
    where = format_path(path)
    assert any((p.line, p.col, p.path) == (line, col, where) for p in problems), (
        f"nothing reported at {line}:{col} {where}; reported:\n" + "\n".join(map(str, problems)))
    for p in problems:
        assert "Input should be" not in p.message and "pydantic" not in p.message, str(p)


#: mappings whose keys are names the user chooses
_FREE_KEYS = {("variables",), ("audiences",), ("audiences", "lead", "variables"),
              ("sections", 0, "body", 7, "chart", "series")}


@pytest.mark.parametrize("path", [
    pytest.param(path, id=format_path(path) or "top")
    for path, value in _leaves(FULL) if isinstance(value, dict) and path not in _FREE_KEYS
])
def test_every_unknown_key_is_reported_where_it_stands(path, tmp_path):
    make_file(tmp_path, "map.png", "png", "8x8")
    data = _swap(FULL, path, {**_get(FULL, path), "zzyzx": "v"}) if path else {**FULL, "zzyzx": "v"}
    out = tmp_path / SHOWN
    out.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    _, pos = read_yaml(out)
    where = (*path, "zzyzx")
    line, col = pos.keys[where]
    problems, _ = load_problems(out)
    assert [(p.line, p.col, p.path) for p in problems if "unknown key 'zzyzx'" in p.message] == [
        (line, col, format_path(where))], "\n".join(map(str, problems))



# -- hand-editing mistakes at random: only InputError may come out -------------------------------

_EDIT_CHARS = list(":-[]{}'\"\t\n #&*!|>%@`,?\\") + ["\x00", "\ufeff", "é", "\r\n", "  ", "${x}", "[@", "**"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(edits=st.lists(st.tuples(st.integers(0, 10**6), st.sampled_from(["insert", "delete", "dup-line"]),
                                st.sampled_from(_EDIT_CHARS)), min_size=1, max_size=4))
def test_random_edits_give_problems_never_tracebacks(edits, tmp_path):
    """Random edits of a full outline: it loads, or every problem has a position and a message."""
    text = yaml.safe_dump(FULL, sort_keys=False, allow_unicode=True)
    for at, kind, chars in edits:
        i = at % (len(text) + 1)
        if kind == "insert":
            text = text[:i] + chars + text[i:]
        elif kind == "delete":
            text = text[:i] + text[i + 1:]
        else:
            lines = text.split("\n")
            k = at % len(lines)
            text = "\n".join(lines[:k + 1] + lines[k:])
    folder = tmp_path / "fuzz"
    folder.mkdir(exist_ok=True)
    make_file(folder, "map.png", "png", "8x8")
    path = folder / SHOWN
    path.write_bytes(text.encode("utf-8", "surrogatepass"))
    problems, _ = load_problems(path)
    for p in problems:
        assert p.file == SHOWN and p.line >= 1 and p.col >= 1 and p.message, str(p)
        assert "Traceback" not in p.message and "Input should be" not in p.message, str(p)

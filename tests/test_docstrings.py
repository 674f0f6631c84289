"""Module docstrings point only to files of this repository, and cite no bare issue numbers
(a number means nothing to a reader of the code; an upstream one is qualified, `python-pptx#64`)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
MODULES = sorted((ROOT / "reportgen").rglob("*.py"))
#: a file name: a path ending in a known extension
FILE = re.compile(r"(?<![\w./-])((?:[\w-]+/)*[\w-]+\.(?:py|md|yaml|toml|docx|pptx))\b")


#: files a user's theme folder may hold (templates/<theme>/), not files of this repository
USER_FILES = {"reference.docx", "reference.pptx"}


def _exists(name: str, module: Path) -> bool:
    if name in USER_FILES:
        return True
    candidates = [ROOT / name, ROOT / "reportgen" / name, module.parent / name, ROOT / "tests" / name]
    # -- `render/pdf.py` and the like: relative to the package; `outline.yaml`: any file so named --
    return any(p.exists() for p in candidates) or any(ROOT.glob(f"**/{name}"))


@pytest.mark.parametrize("module", MODULES, ids=[str(p.relative_to(ROOT)) for p in MODULES])
def test_module_docstring_names_only_files_that_exist(module):
    doc = ast.get_docstring(ast.parse(module.read_text(encoding="utf-8"))) or ""
    missing = [n for n in FILE.findall(doc) if not _exists(n, module)]
    assert missing == [], f"{module.name} names files not in this repository: {missing}"
    # -- `python-pptx#64`, `PR #392`, `UAX #9` name what they point to; `(#5)` and `issue 5` do not --
    bare = [m.group(0) for m in re.finditer(r"(\S*)( ?)#\d+", doc)
            if not (m.group(1) and (m.group(1).isupper() if m.group(2) else m.group(1)[-1] not in "([,;"))]
    assert bare == [], f"{module.name} cites bare issue numbers {bare}; say what they are"

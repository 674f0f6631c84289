"""`reportgen init [DIR]`: a new project with a commented outline and a theme to edit."""

from __future__ import annotations

from pathlib import Path

from .errors import OutputError
from .theme import builtin_themes_dir

STARTER = Path(__file__).resolve().parent / "starter" / "outline.yaml"


def format_doc() -> Path:
    """docs/outline.md, the outline format's reference: beside the package in a checkout,
    inside it (reportgen/docs) in a wheel."""
    here = Path(__file__).resolve().parent
    for cand in (here / "docs" / "outline.md", here.parent / "docs" / "outline.md"):
        if cand.is_file():
            return cand
    from importlib import resources

    return Path(str(resources.files("reportgen.docs") / "outline.md"))

THEME_HEADER = """\
# Your house theme. It starts from reportgen's default theme (`inherit: default`) and every
# setting below is yours to change; delete a line to keep the default's value.
# Put reference.docx / reference.pptx (your Word and PowerPoint templates) beside this file to
# use their styles, masters and layouts; `reportgen themes check house` lints the result.
inherit: default
name: house
description: Our house style.

"""

README = """\
# {name}

Build the brief, deck and handout for every audience into `output/`:

    reportgen build outline.yaml

Edit `outline.yaml` (the analysis) and `templates/house/theme.yaml` (the look).
`FORMAT.md` describes every field of the outline.
`reportgen validate outline.yaml` checks the outline; `reportgen audiences outline.yaml`
shows what each audience gets.
"""


def init_project(folder: Path) -> int:
    """Create outline.yaml, templates/house/theme.yaml and README.md in `folder`."""
    targets = {
        folder / "outline.yaml": STARTER.read_text(encoding="utf-8"),
        folder / "templates" / "house" / "theme.yaml": _house_theme(),
        folder / "README.md": README.format(name=folder.resolve().name),
        folder / "FORMAT.md": format_doc().read_text(encoding="utf-8"),
    }
    existing = [p for p in targets if p.exists()]
    if existing:
        raise OutputError(f"not overwriting {', '.join(str(p) for p in existing)}; "
                          "choose an empty folder: reportgen init NEWDIR")
    for path, text in targets.items():
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        except OSError as e:
            raise OutputError(f"cannot write {path}: {e.strerror or e}") from None
        print(f"wrote {path}")
    print(f"next: cd {folder} && reportgen build outline.yaml")
    return 0


def _house_theme() -> str:
    body = (builtin_themes_dir() / "default" / "theme.yaml").read_text(encoding="utf-8")
    lines = body.splitlines()
    # -- drop the default theme's own header, name and description; keep every setting --
    keep = [ln for ln in lines if not ln.startswith(("name:", "description:", "#"))]
    text = "\n".join(keep).lstrip("\n")
    return THEME_HEADER + text + "\n"

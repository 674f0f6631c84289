"""The `reportgen` command line.

Imports here are kept to argparse: every command imports what it needs when it runs, so that
`reportgen --help` answers in well under 0.3 s.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import warnings
from collections.abc import Sequence
from pathlib import Path

from . import __version__

EXIT_OK, EXIT_DIFF, EXIT_INPUT, EXIT_OUTPUT, EXIT_INTERNAL = 0, 1, 2, 3, 70


def _formats(value: str) -> list[str]:
    return [f.strip() for f in value.split(",") if f.strip()]


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="reportgen",
        description="Turn one outline of an analysis into a matching Word brief, PowerPoint deck "
        "and PDF handout, tailored per audience.",
        epilog="Run `reportgen COMMAND --help` for a command's options. Exit codes: 0 ok, 1 check "
        "found differences, 2 bad input, 3 cannot write output.",
    )
    p.add_argument("--version", action="version", version=f"reportgen {__version__}")
    p.add_argument("--debug", action="store_true", help="show Python tracebacks (for bug reports)")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")
    # -- `--debug` also after the command (`reportgen build --debug`); SUPPRESS keeps a
    # `--debug` given before the command --
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--debug", action="store_true", default=argparse.SUPPRESS,
                        help="show Python tracebacks (for bug reports)")

    def outline_arg(sp: argparse.ArgumentParser) -> None:
        sp.add_argument("outline", nargs="?", default="outline.yaml",
                        help="the outline file (default: outline.yaml)")
        sp.add_argument("--allow-path", action="append", default=[], metavar="DIR",
                        help="also allow images and themes from DIR (default: only the outline's folder)")

    b = sub.add_parser("build", parents=[common], help="write the brief, deck and handout for each audience")
    outline_arg(b)
    b.add_argument("-a", "--audience", action="append", default=[], metavar="NAME",
                   help="build only this audience (repeatable; default: all)")
    b.add_argument("-f", "--format", action="append", default=[], type=_formats, metavar="FMT",
                   help="docx, pptx, pdf or a comma list (default: each audience's formats)")
    b.add_argument("-o", "--output", default=None, metavar="DIR",
                   help="output folder (default: output/ beside the outline)")
    b.add_argument("--theme", metavar="NAME", help="use this theme for every audience")
    b.add_argument("--force", action="store_true",
                   help="render every file, even those whose input did not change")
    b.add_argument("-j", "--jobs", type=int, default=None, metavar="N",
                   help="render in at most N processes (default: one per core, when it pays)")
    b.add_argument("--clean", action="store_true",
                   help="also remove files of this outline in the output folder that it no longer "
                        "produces (audiences, formats or copies that are gone), and list them")

    v = sub.add_parser("validate", parents=[common], help="check an outline and report every problem")
    outline_arg(v)

    c = sub.add_parser("check", parents=[common], help="build (or read) the outputs and verify that they match")
    outline_arg(c)
    c.add_argument("-a", "--audience", action="append", default=[], metavar="NAME")
    c.add_argument("-f", "--format", action="append", default=[], type=_formats, metavar="FMT")
    c.add_argument("-o", "--output", default=None, metavar="DIR",
                   help="output folder (default: output/ beside the outline)")
    c.add_argument("--no-build", action="store_true", help="read the files already in -o DIR")
    c.add_argument("--theme", metavar="NAME")

    d = sub.add_parser("diff", parents=[common], help="what one audience gets that another does not")
    outline_arg(d)
    d.add_argument("-a", "--audience", action="append", default=[], metavar="NAME", required=True)

    a = sub.add_parser("audiences", parents=[common], help="list the audiences and what each gets")
    outline_arg(a)

    sub.add_parser("schema", parents=[common], help="print the JSON Schema of the outline format")

    sv = sub.add_parser("serve", parents=[common], help="preview every audience's brief, deck and handout in the browser, rebuilt on save")
    outline_arg(sv)
    sv.add_argument("--port", type=int, default=8000, help="port (default: 8000; 0 picks a free one)")
    sv.add_argument("--host", default=None, help="address to serve on (default: 127.0.0.1, this machine only)")
    sv.add_argument("-o", "--output", default=None, metavar="DIR",
                    help="output folder (default: output/ beside the outline)")
    w = sub.add_parser("watch", parents=[common], help="rebuild the files on every save of the outline, its pictures or theme")
    outline_arg(w)
    w.add_argument("-o", "--output", default=None, metavar="DIR",
                   help="output folder (default: output/ beside the outline)")
    tr = sub.add_parser("trace", parents=[common], help="say which numbered copy a file is")
    tr.add_argument("file", help="a brief, deck or handout (a numbered copy, or what is left of one)")
    tr.add_argument("--register", action="append", default=[], metavar="CSV",
                    help="a register to look the file's SHA-256 up in (default: every "
                         "*-register.csv beside the file)")

    i = sub.add_parser("init", parents=[common], help="start a new project: a commented outline and a theme to edit")
    i.add_argument("dir", nargs="?", default=".", help="folder to create it in (default: here)")

    t = sub.add_parser("themes", parents=[common], help="list themes, or `themes check NAME` to lint one")
    t.add_argument("action", nargs="?", choices=["list", "check"], default="list")
    t.add_argument("name", nargs="?")
    t.add_argument("--outline", metavar="FILE",
                   help="also report scripts in this outline's text that the theme's fonts cannot draw")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if not args.command:
        parser.print_help()
        return EXIT_OK
    debug = args.debug or bool(os.environ.get("REPORTGEN_DEBUG"))
    from .errors import ReportgenError

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            code = _COMMANDS[args.command](args)
        except ReportgenError as e:
            _print_warnings(caught)
            _err(str(e))
            n = len(e.problems)
            if n > 1:
                _err(f"{n} problems" + ("; nothing was written" if args.command == "build" else ""))
            return e.exit_code
        except BrokenPipeError:
            # -- `reportgen themes | head`: the reader left; stop quietly, like other tools --
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            return EXIT_OK
        except KeyboardInterrupt:
            _err("interrupted; outputs already written are complete, none is half-written")
            return 130
        except Exception as e:  # noqa: BLE001 - the one place that turns bugs into a message
            if debug:
                raise
            _print_warnings(caught)
            _err(f"internal error: {type(e).__name__}: {e}\nThis is a bug in reportgen. Run again "
                 "with --debug for the traceback and report it; no output was changed.")
            return EXIT_INTERNAL
    _print_warnings(caught)
    return code


def _err(msg: str) -> None:
    print(msg, file=sys.stderr)


def _print_warnings(caught: list[warnings.WarningMessage]) -> None:
    from .errors import ReportgenWarning

    seen = set()
    for w in caught:
        text = str(w.message)
        if text in seen:
            continue
        seen.add(text)
        prefix = "warning: " if issubclass(w.category, ReportgenWarning) else f"warning ({w.category.__name__}): "
        _err(prefix + text)


def _flat(values: list[list[str]]) -> list[str]:
    return [x for v in values for x in v]


def cmd_build(args: argparse.Namespace) -> int:
    from .build import build
    from .progress import BuildProgress

    removed: list[Path] = []
    with BuildProgress() as progress:
        outputs = build(args.outline, args.audience or None, _flat(args.format) or None, args.output,
                        theme=args.theme, allow_paths=tuple(args.allow_path), progress=progress,
                        force=args.force, jobs=args.jobs, clean=args.clean, removed=removed)
    width = max(len(str(o.path)) for o in outputs)
    verb_w = 9 if any(o.unchanged for o in outputs) else 5
    for out in outputs:
        verb = "unchanged" if out.unchanged else "wrote"
        tail = f"  {out.copy_line}" if out.copy_line else ""
        if out.extra:
            # -- an explicit -f builds what the audience's `formats:` leaves out: say so --
            tail += f"  (-f {out.fmt}: not in audiences.{out.audience}.formats)"
        line = f"{verb:<{verb_w}} {str(out.path):<{width}}  {out.summary:>13}  {_size(len(out.data)):>8}{tail}"
        print(line.rstrip())
    for f in removed:
        print(f"{'removed':<{verb_w}} {f}")
    return EXIT_OK


def _size(n: int) -> str:
    if n < 1024:
        return f"{n} B"
    if n < 1024 * 1024:
        return f"{n / 1024:.0f} KB"
    return f"{n / 1024 / 1024:.1f} MB"


def cmd_validate(args: argparse.Namespace) -> int:
    from .load import load
    from .tailor import tailor

    loaded = load(args.outline, allow_paths=tuple(args.allow_path))
    names = loaded.audience_names()
    for name in names:
        tailor(loaded, name)
    o = loaded.outline
    n_sec = len(o.sections)
    print(f"{args.outline}: ok — format version {o.reportgen}, {n_sec} section{'s' if n_sec != 1 else ''}, "
          f"{len(o.sources)} source{'s' if len(o.sources) != 1 else ''}, audiences: {', '.join(names)}")
    return EXIT_OK


def cmd_audiences(args: argparse.Namespace) -> int:
    from rich.console import Console
    from rich.table import Table

    from .load import load
    from .tailor import audience_config, counts, tailor

    loaded = load(args.outline, allow_paths=tuple(args.allow_path))
    table = Table(title=f"Audiences of {args.outline}", title_justify="left")
    for col in ("audience", "label", "detail", "formats", "sections", "points", "blocks",
                "judgments", "recs", "sources", "marking"):
        table.add_column(col, no_wrap=True,
                         justify="right" if col in ("sections", "points", "blocks", "judgments", "recs", "sources") else "left")
    for name in loaded.audience_names():
        aud = audience_config(loaded, name)
        doc = tailor(loaded, name)
        c = counts(doc)
        table.add_row(name, aud.label or "", aud.detail, ", ".join(aud.formats), str(c["sections"]),
                      str(c["points"]), str(c["blocks"]), str(c["judgments"]), str(c["recommendations"]),
                      str(c["sources"]), doc.marking)
    # -- piped or in a narrow terminal, don't wrap labels over three lines --
    Console(width=200 if not sys.stdout.isatty() else None).print(table)
    return EXIT_OK


def _term_width() -> int:
    import shutil

    return shutil.get_terminal_size((120, 24)).columns


def cmd_schema(args: argparse.Namespace) -> int:
    import json

    from .outline import json_schema

    print(json.dumps(json_schema(), indent=2, ensure_ascii=False))
    return EXIT_OK


def cmd_themes(args: argparse.Namespace) -> int:
    from .theme import available_themes, load_theme

    if args.action == "check":
        from .themecheck import check_theme

        if not args.name:
            from .errors import InputError

            raise InputError("themes check needs a theme name or folder, e.g. `reportgen themes check default`")
        texts: list[str] = []
        if args.outline:
            from .check import expected_items
            from .load import load
            from .tailor import tailor_everything

            doc = tailor_everything(load(Path(args.outline)))
            texts = [i.text for i in expected_items(doc, "pdf")]
        problems = check_theme(args.name, Path.cwd(), texts)
        for p in problems:
            print(p)
        if problems:
            print(f"{len(problems)} problem{'s' if len(problems) != 1 else ''} in theme '{args.name}'")
            return EXIT_DIFF
        print(f"theme '{args.name}': ok")
        return EXIT_OK
    found = available_themes(Path.cwd())
    for name, folder in found.items():
        t = load_theme(str(folder))
        files = [f.name for f in (t.reference_docx, t.reference_pptx, t.logo) if f]
        extra = f"  [{', '.join(files)}]" if files else ""
        desc = t.config.description or ""
        print(f"{name:<14} {desc}{extra}\n{'':<14} {folder}")
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    from rich.console import Console
    from rich.table import Table

    from .build import (
        copies_of,
        created_time,
        default_out_dir,
        plan,
        registers,
        render_all,
        write_atomic,
    )
    from .check import Finding, Report, check_files
    from .copies import read_register, register_name, sha256
    from .errors import InputError
    from .formats import get as get_format
    from .load import load
    from .tailor import everything_worded, tailor

    loaded = load(args.outline, allow_paths=tuple(args.allow_path))
    formats = [f for v in args.format for f in v] or None
    pairs = plan(loaded, args.audience or None, formats)
    out_dir = Path(args.output) if args.output else default_out_dir(args.outline)
    when = created_time(loaded)
    docs = {aud: tailor(loaded, aud, created=when) for aud in dict.fromkeys(a for a, _ in pairs)}
    #: (audience, format, copy number, copy line or None, path, bytes)
    files: list[tuple[str, str, int, str | None, Path, bytes]] = []
    if args.no_build:
        for aud, fmt in pairs:
            ext = get_format(fmt).extension
            numbered = copies_of(loaded, aud) if get_format(fmt).stamp else []
            wanted: list[tuple[int, str | None, Path]] = [
                (c.number, c.line(docs[aud].labels), out_dir / c.file_name(loaded.stem, aud, ext))
                for c in numbered] or [(0, None, out_dir / f"{loaded.stem}-{aud}.{ext}")]
            for n, line, p in wanted:
                if not p.is_file():
                    raise InputError(f"{p} does not exist; build it first or drop --no-build")
                files.append((aud, fmt, n, line, p, p.read_bytes()))
    else:
        outs = render_all(loaded, pairs, out_dir, theme=args.theme, copies=True)
        for o in [*outs, *registers(loaded, outs, out_dir)]:
            write_atomic(o.path, o.data)
        files = [(o.audience, o.fmt, o.copy, o.copy_line, o.path, o.data) for o in outs]
    everything = everything_worded(loaded, created=when)
    reports: list[Report] = []
    names: dict[int, str] = {}
    registered: dict[str, dict[str, str]] = {}
    for aud, fmt, n, line, path, data in files:
        [rep] = check_files(docs[aud], {fmt: data}, everything, copy_line=line, copy=n)
        if n:
            if aud not in registered:
                reg = out_dir / register_name(loaded.stem, aud)
                registered[aud] = {e.file: e.sha256 for e in read_register(reg)}
            want = registered[aud].get(path.name)
            if want is None:
                rep.findings.append(Finding("copy", "", f"{path.name} is not in {register_name(loaded.stem, aud)}"))
            elif want != sha256(data):
                rep.findings.append(Finding("copy", "", f"{path.name} is not the file the register lists "
                                            "(its SHA-256 differs)"))
        names[id(rep)] = path.name
        reports.append(rep)
    console = Console(width=120 if not sys.stdout.isatty() else None)
    table = Table(title=f"reportgen check {args.outline}", title_justify="left")
    for col in ("audience", "format", "expected", "found", "missing", "out of order", "leaked", "other", "result"):
        table.add_column(col, justify="left" if col in ("audience", "format", "result") else "right")
    for r in reports:
        other = len(r.findings) - r.count("missing") - r.count("out of order") - r.count("leaked")
        table.add_row(r.audience, f"{r.fmt} copy {r.copy}" if r.copy else r.fmt, str(r.expected), str(r.found),
                      str(r.count("missing")), str(r.count("out of order")), str(r.count("leaked")), str(other),
                      "ok" if r.ok else "DIFFERS")
    console.print(table)
    bad = [r for r in reports if not r.ok]
    for r in bad:
        print(f"\n{names[id(r)]}:")
        for f in r.findings[:10]:
            print(f"  {f}")
        if len(r.findings) > 10:
            print(f"  ... and {len(r.findings) - 10} more")
    return 1 if bad else 0


def cmd_diff(args: argparse.Namespace) -> int:
    from .check import diff_items
    from .errors import InputError
    from .load import load
    from .tailor import tailor

    if len(args.audience) != 2:
        raise InputError("diff compares two audiences: reportgen diff OUTLINE -a A -a B")
    loaded = load(args.outline, allow_paths=tuple(args.allow_path))
    a, b = args.audience
    da, db = diff_items(tailor(loaded, a)), diff_items(tailor(loaded, b))
    only_a = [k for k in da if k not in db]
    only_b = [k for k in db if k not in da]

    def short(text: str) -> str:
        return text if len(text) <= 80 else text[:77] + "..."

    for name, keys, src in ((a, only_a, da), (b, only_b, db)):
        other = b if name == a else a
        print(f"only {name} gets ({len(keys)}), {other} does not:")
        for k in keys:
            print(f"  {k.split(': ')[0]}: {short(src[k])}")
    # -- the same item worded (or marked) differently; citation numbers aside, which follow
    # each audience's own order --
    cite = re.compile(r"\s*\[\d+(?:,\s*\d+)*\]")
    both = [k for k in da if k in db and cite.sub("", da[k]) != cite.sub("", db[k])]
    print(f"worded differently ({len(both)}):")
    for k in both:
        print(f"  {k}:\n    {a}: {short(da[k])}\n    {b}: {short(db[k])}")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from .serve.run import serve

    host = args.host or os.environ.get("REPORTGEN_HOST") or "127.0.0.1"
    from .build import default_out_dir

    out = args.output or str(default_out_dir(args.outline))
    return serve(args.outline, out, host, args.port, explicit_host=args.host is not None,
                 allow_paths=tuple(args.allow_path))


def cmd_watch(args: argparse.Namespace) -> int:
    from .build import default_out_dir
    from .serve.run import watch

    return watch(args.outline, args.output or str(default_out_dir(args.outline)),
                 allow_paths=tuple(args.allow_path))


def cmd_trace(args: argparse.Namespace) -> int:
    from .copies import trace
    from .errors import InputError

    path = Path(args.file)
    if not path.is_file():
        raise InputError(f"{path}: no such file; give the path of a brief, deck or handout")
    regs = [Path(r) for r in args.register] or None
    for r in regs or []:
        if not r.is_file():
            raise InputError(f"{r}: no such register; give the path of a <stem>-<audience>-register.csv")
    found = trace(path, regs)
    if found is None:
        print(f"{path}: matches no numbered copy (no copy line in its metadata, its SHA-256 in no "
              "register beside it, no copy line on its pages)")
        return EXIT_DIFF
    of = f" of {found.copies}" if found.copies else ""
    how = {"metadata": "from its metadata", "register": f"its SHA-256 is in {found.register}",
           "copy line": "read from the copy line on its pages; its metadata is gone and no "
                        "register lists its SHA-256"}[found.how]
    print(f"{path}: copy {found.copy}{of} — {found.recipient} ({how})")
    if found.how == "metadata" and found.register is not None:
        print(f"  unchanged since it was issued as {found.issued_as} ({found.register})")
    elif found.how == "metadata":
        print("  not as issued: no register beside it lists its SHA-256 (edited, re-saved, or the "
              "register is elsewhere: --register CSV)")
    return EXIT_OK


def cmd_init(args: argparse.Namespace) -> int:
    from .scaffold import init_project

    return init_project(Path(args.dir))


_COMMANDS = {
    "build": cmd_build,
    "validate": cmd_validate,
    "audiences": cmd_audiences,
    "schema": cmd_schema,
    "themes": cmd_themes,
    "check": cmd_check,
    "diff": cmd_diff,
    "init": cmd_init,
    "serve": cmd_serve,
    "watch": cmd_watch,
    "trace": cmd_trace,
}


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

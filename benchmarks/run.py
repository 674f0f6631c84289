"""Speed and memory of reportgen, as ratios against baselines measured in the same run.

    python benchmarks/run.py                      # --help, validate, scaling (about a minute)
    python benchmarks/run.py --vs-pandoc          # against pandoc, on the sample
    python benchmarks/run.py --vs-pandoc --scale 1,10,50 --repeat 3

Nothing here is a pass/fail test: machines differ, so each figure is reported next to a
baseline taken on the same machine, in the same run, and the targets are stated as ratios.

`--vs-pandoc` needs pandoc (`apt-get install pandoc`) and WeasyPrint (`pip install
weasyprint`; with Debian's `libharfbuzz-subset0` it subsets fonts natively, as the issue's
figures assume). The outline, at `--scale N` (every section repeated N times), is tailored for
one audience and written as Markdown (`markdown.py`): the same text, tables, chart data and
pictures. The *pandoc trio* is `pandoc -o x.docx`, `pandoc -o x.pptx` and `pandoc
--pdf-engine=weasyprint -o x.pdf`, one after another, as a user would run them. Runs are
paired (reportgen, then the trio, alternating which goes first) and repeated; each figure is
the best of its runs, so that other work on a shared machine disturbs it least. Times are whole
processes (start-up and imports included): wall-clock seconds, CPU seconds (user + system of
the process and its children), and the peak resident memory of the largest process.

Targets (issue 13):
- sample, one audience x 3 formats: <= 0.5 x the pandoc trio (wall);
- sample, every audience (8 files), one command: <= 0.75 x the trio for one set (wall);
- x 50, one audience x 3 formats: <= 0.5 x the trio at x 50, peak <= 250 MiB; cost grows
  linearly with the outline;
- `validate` <= 0.3 s on the sample; `--help` <= 1.5 x `python -c pass`;
- warm rebuild through the Python API, one audience x 3 formats: <= 0.25 s; a rebuild whose
  input did not change does no work.

`--copies` (issue 17): 40 numbered copies x 3 formats of one audience, made by stamping one
rendered set, take at most 3 x the time of rendering that set.
"""

from __future__ import annotations

import argparse
import functools
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "outline.yaml"
AUDIENCE = "analysts"
sys.path.insert(0, str(ROOT))


def best_of(cmd: list[str], n: int = 5) -> float:
    times = []
    env = bytecode_env()
    for _ in range(n):
        t0 = time.perf_counter()
        subprocess.run(cmd, cwd=ROOT, capture_output=True, check=True, env=env)
        times.append(time.perf_counter() - t0)
    return min(times)


def scaled_outline(factor: int, folder: Path) -> Path:
    """The sample with its sections repeated `factor` times (ids made unique)."""
    data = yaml.safe_load(SAMPLE.read_text(encoding="utf-8"))
    sections = []
    for k in range(factor):
        for s in data["sections"]:
            s = yaml.safe_load(yaml.safe_dump(s))
            s["id"] = f"{s.get('id') or s['title']}-{k}".replace(" ", "-").lower()
            for j, sub in enumerate(s.get("sections", [])):
                sub["id"] = f"{s['id']}-sub{j}"
            sections.append(s)
    data["sections"] = sections
    for img in (ROOT / "images").glob("*"):
        (folder / "images").mkdir(exist_ok=True)
        (folder / "images" / img.name).write_bytes(img.read_bytes())
    p = folder / "outline.yaml"
    p.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return p


def build_once(outline: Path, fmt: str, trace: bool = False) -> float:
    """Seconds to load and render `outline` for analysts; with `trace`, peak bytes allocated
    instead (tracemalloc slows Python several-fold, so time and memory are separate runs)."""
    from reportgen.build import plan, render_all
    from reportgen.load import load

    if trace:
        tracemalloc.start()
    t0 = time.perf_counter()
    loaded = load(outline)
    render_all(loaded, plan(loaded, [AUDIENCE], [fmt]), Path(tempfile.mkdtemp()), jobs=1)
    elapsed = time.perf_counter() - t0
    if trace:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        return float(peak)
    return elapsed


def scaling() -> None:
    py = best_of([sys.executable, "-c", "pass"])
    help_t = best_of([sys.executable, "-m", "reportgen", "--help"])
    validate_t = best_of([sys.executable, "-m", "reportgen", "validate", str(SAMPLE)])
    print(f"{'measure':<44}{'value':>10}{'baseline':>10}{'ratio':>8}")
    print(f"{'reportgen --help (s) vs python -c pass':<44}{help_t:>10.3f}{py:>10.3f}{help_t / py:>8.1f}")
    print(f"{'reportgen validate sample (s) vs python':<44}{validate_t:>10.3f}{py:>10.3f}{validate_t / py:>8.1f}")
    with tempfile.TemporaryDirectory() as d:
        big = scaled_outline(10, Path(d))
        for fmt in ("docx", "pptx", "pdf"):
            build_once(SAMPLE, fmt)  # -- warm imports and font caches --
            t_small = statistics.median(build_once(SAMPLE, fmt) for _ in range(3))
            t_big = build_once(big, fmt)
            m_small = build_once(SAMPLE, fmt, trace=True)
            m_big = build_once(big, fmt, trace=True)
            print(f"{f'{fmt}: 10x outline time vs sample (s)':<44}{t_big:>10.3f}{t_small:>10.3f}{t_big / t_small:>8.1f}")
            print(f"{f'{fmt}: 10x outline peak memory vs sample (MB)':<44}{m_big / 1e6:>10.1f}{m_small / 1e6:>10.1f}"
                  f"{m_big / m_small:>8.1f}")


# -- against pandoc -------------------------------------------------------------------------


@dataclass
class Run:
    """One or more processes run one after another: wall and CPU seconds, peak RSS in MiB."""

    wall: float = 0.0
    cpu: float = 0.0
    peak: float = 0.0

    def __add__(self, other: Run) -> Run:
        return Run(self.wall + other.wall, self.cpu + other.cpu, max(self.peak, other.peak))


def run(cmd: list[str], cwd: Path, env: dict[str, str] | None = None) -> Run:
    """Run `cmd` to its end; its wall time, CPU time and peak RSS (itself and its children)."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{err}")
    # -- ru_maxrss is in KiB on Linux; it covers the process and the children it waited for --
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)


def best(runs: list[Run]) -> Run:
    return Run(min(r.wall for r in runs), min(r.cpu for r in runs), min(r.peak for r in runs))


def weasyprint_bin() -> str | None:
    # -- a pyenv shim costs a bash start-up and a `pyenv` lookup per call: take the real one --
    here = Path(sys.executable).parent / "weasyprint"
    return str(here) if here.exists() else shutil.which("weasyprint")


def pandoc_trio(md: Path, out: Path) -> Run:
    total = Run()
    for ext, extra in (("docx", []), ("pptx", []), ("pdf", [f"--pdf-engine={weasyprint_bin()}"])):
        total = total + run(["pandoc", str(md), "-s", "-o", str(out / f"pandoc.{ext}"), *extra], md.parent)
    return total


@functools.cache
def bytecode_env() -> dict[str, str]:
    """The environment for timed processes: reportgen importable from this checkout, with its
    bytecode compiled once beforehand (in `__pycache__/`, which git ignores), as an installed
    copy has it. Without this, a shell with PYTHONDONTWRITEBYTECODE=1 makes every process
    compile reportgen from source (~0.3 s), which pandoc and WeasyPrint never pay."""
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]))
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "reportgen")], env=env, check=True,
                   stdout=subprocess.DEVNULL)
    return env


def reportgen_cmd(*args: str) -> list[str]:
    return [sys.executable, "-m", "reportgen", *args]


def vs_pandoc(scales: list[int], repeat: int) -> None:
    if not shutil.which("pandoc") or not weasyprint_bin():
        raise SystemExit("--vs-pandoc needs pandoc (apt-get install pandoc) and weasyprint "
                         "(pip install weasyprint) on PATH")
    sys.path.insert(0, str(Path(__file__).parent))
    from markdown import to_markdown

    from reportgen.load import load
    from reportgen.tailor import tailor

    rows: list[tuple[str, Run, Run | None, str]] = []
    with tempfile.TemporaryDirectory(prefix="rg-bench-") as tmp:
        folder = Path(tmp)
        env = bytecode_env()
        for n in scales:
            work = folder / f"x{n}"
            work.mkdir()
            outline = scaled_outline(n, work) if n != 1 else _copy_sample(work)
            doc = tailor(load(outline), AUDIENCE)
            md = work / "outline.md"
            md.write_text(to_markdown(doc), encoding="utf-8")
            words = len(md.read_text(encoding="utf-8").split())
            one: list[Run] = []
            every: list[Run] = []
            trio: list[Run] = []
            for r in range(repeat):
                out = work / f"out{r}"
                out.mkdir()
                order = ["one", "trio", "every"] if n == 1 else ["one", "trio"]
                for job in (order if r % 2 == 0 else order[::-1]):
                    if job == "trio":
                        trio.append(pandoc_trio(md, out))
                    elif job == "one":
                        one.append(run(reportgen_cmd("build", str(outline), "-a", AUDIENCE, "--force",
                                                     "-o", str(out / "one")), work, env))
                    else:
                        every.append(run(reportgen_cmd("build", str(outline), "--force", "-o", str(out / "all")),
                                         work, env))
            t = best(trio)
            label = "sample" if n == 1 else f"sample x {n} ({words:,} words)"
            rows.append((f"{label}, {AUDIENCE} x 3 formats", best(one), t, "0.5"))
            if every:
                rows.append((f"{label}, every audience (8 files), one command", best(every), t, "0.75"))
            if n == 1:
                rows.extend(_small_rows(outline, work, env, repeat))
    _print_table(rows)


def _copy_sample(work: Path) -> Path:
    shutil.copytree(ROOT / "images", work / "images")
    p = work / "outline.yaml"
    p.write_text(SAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    return p


def _small_rows(outline: Path, work: Path, env: dict[str, str], repeat: int) -> list[tuple[str, Run, Run | None, str]]:
    py = best([run([sys.executable, "-c", "pass"], work, env) for _ in range(repeat + 2)])
    helps = best([run(reportgen_cmd("--help"), work, env) for _ in range(repeat + 2)])
    validate = best([run(reportgen_cmd("validate", str(outline)), work, env) for _ in range(repeat + 2)])
    out = work / "unchanged"
    run(reportgen_cmd("build", str(outline), "-a", AUDIENCE, "-o", str(out)), work, env)
    unchanged = best([run(reportgen_cmd("build", str(outline), "-a", AUDIENCE, "-o", str(out)), work, env)
                      for _ in range(repeat)])
    warm, warm_same = _warm(outline, work, repeat)
    return [
        ("`reportgen --help` vs `python -c pass`", helps, py, "1.5"),
        ("`reportgen validate` on the sample", validate, None, "0.3 s"),
        ("`reportgen build`, nothing changed (one audience)", unchanged, None, ""),
        ("warm rebuild through the API, one audience x 3", warm, None, "0.25 s"),
        ("warm rebuild through the API, nothing changed", warm_same, None, ""),
    ]


def _warm(outline: Path, work: Path, repeat: int) -> tuple[Run, Run]:
    """In this process, after a first build: rebuild everything (`force`), and rebuild with no
    change (the incremental path)."""
    from reportgen.build import build

    out = work / "warm"
    build(outline, [AUDIENCE], out_dir=out, jobs=1)
    forced: list[Run] = []
    same: list[Run] = []
    for _ in range(repeat + 2):
        for force, into in ((True, forced), (False, same)):
            t0, c0 = time.perf_counter(), time.process_time()
            build(outline, [AUDIENCE], out_dir=out, force=force, jobs=1)
            into.append(Run(time.perf_counter() - t0, time.process_time() - c0, 0.0))
    return best(forced), best(same)


def _print_table(rows: list[tuple[str, Run, Run | None, str]]) -> None:
    import platform

    print(f"machine: {platform.machine()}, {len(os.sched_getaffinity(0))} cores available, "
          f"Python {platform.python_version()}, {_cpu_name()}; best of paired runs")
    print()
    print("| job | reportgen wall | CPU | peak | baseline wall | CPU | peak | ratio (wall) | target |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for name, r, base, target in rows:
        if base is None:
            print(f"| {name} | {r.wall:.2f} s | {r.cpu:.2f} s | {r.peak:.0f} MiB | | | | | {target} |")
        else:
            print(f"| {name} | {r.wall:.2f} s | {r.cpu:.2f} s | {r.peak:.0f} MiB | {base.wall:.2f} s | "
                  f"{base.cpu:.2f} s | {base.peak:.0f} MiB | **{r.wall / base.wall:.2f} x** | {target} |")


def _cpu_name() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return "unknown CPU"


def copies(n: int = 40, repeat: int = 3) -> float:
    """Numbered copies: the sample's analysts audience given `n` recipients, built in three
    formats (one rendering each, then `n` stamps each), against the same audience without
    recipients (one set). Both in this process, one process (`jobs=1`), warm, best of `repeat`.
    Target (issue 17): ratio <= 3."""
    from reportgen.build import plan, render_all
    from reportgen.load import load

    with tempfile.TemporaryDirectory() as d:
        folder = Path(d)
        data = yaml.safe_load(SAMPLE.read_text(encoding="utf-8"))
        for img in (ROOT / "images").glob("*"):
            (folder / "images").mkdir(exist_ok=True)
            (folder / "images" / img.name).write_bytes(img.read_bytes())
        plain = folder / "plain.yaml"
        plain.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
        data["audiences"][AUDIENCE]["recipients"] = [
            {"name": f"Recipient {i}", "org": f"Organisation {i % 7}"} for i in range(1, n + 1)]
        numbered = folder / "numbered.yaml"
        numbered.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")

        def once(src: Path) -> tuple[float, int]:
            loaded = load(src)
            t0 = time.perf_counter()
            outs = render_all(loaded, plan(loaded, [AUDIENCE], ["docx", "pptx", "pdf"]), folder / "out",
                              jobs=1, copies=True)
            return time.perf_counter() - t0, len(outs)

        once(plain)  # -- warm imports, fonts and caches --
        one_set = min(once(plain)[0] for _ in range(repeat))
        runs = [once(numbered) for _ in range(repeat)]
        stamped = min(t for t, _ in runs)
        files = runs[0][1]
    ratio = stamped / one_set
    print(f"{'measure':<52}{'value':>10}{'baseline':>10}{'ratio':>8}")
    print(f"{f'{n} copies x 3 formats ({files} files) vs one set (s)':<52}{stamped:>10.3f}{one_set:>10.3f}"
          f"{ratio:>8.2f}   target <= 3")
    return ratio


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--vs-pandoc", action="store_true", help="compare with pandoc (docx, pptx, PDF via weasyprint)")
    ap.add_argument("--scale", default="1", help="with --vs-pandoc: outline sizes, e.g. 1,10,50 (default 1)")
    ap.add_argument("--repeat", type=int, default=3, help="paired runs per job (default 3; best is reported)")
    ap.add_argument("--copies", action="store_true",
                    help="numbered copies: 40 copies x 3 formats against one set (target: ratio <= 3)")
    args = ap.parse_args()
    if args.copies:
        copies(40, args.repeat)
    elif args.vs_pandoc:
        vs_pandoc([int(x) for x in args.scale.split(",") if x.strip()], args.repeat)
    else:
        scaling()


if __name__ == "__main__":
    main()

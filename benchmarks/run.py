"""Speed and memory of reportgen, as ratios against baselines measured in the same run.

Run: `python benchmarks/run.py` (about a minute). Nothing here is a pass/fail test: machines
differ, so each figure is reported next to a baseline taken on the same machine, in the same
run, and the targets are stated as ratios.

Targets (from the issues):
- `reportgen --help` well under 0.3 s: reported as time, and as a ratio to `python -c pass`.
- `reportgen validate outline.yaml` well under 1 s.
- Building scales linearly: a 10x larger outline costs about 10x, not 100x (ratio reported).
- Peak memory of a build of the 10x outline within a few times that of the sample.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "outline.yaml"


def best_of(cmd: list[str], n: int = 5) -> float:
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        subprocess.run(cmd, cwd=ROOT, capture_output=True, check=True)
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
    render_all(loaded, plan(loaded, ["analysts"], [fmt]), Path(tempfile.mkdtemp()))
    elapsed = time.perf_counter() - t0
    if trace:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        return float(peak)
    return elapsed


def main() -> None:
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


if __name__ == "__main__":
    main()

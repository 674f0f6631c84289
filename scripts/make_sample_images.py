"""Draw the sample outline's diagram and count what its figures show, from the seed analysis.

The sample `outline.yaml` must not state anything that the seed analysis does not say, so its
figures are computed here from the seed text and the script is named in each caption:

    python scripts/make_sample_images.py [SEED]          # writes images/pact-parties.png
                                                         # (and the incident test case's PNG)
    python scripts/make_sample_images.py [SEED] --counts # prints the counts the outline uses

SEED defaults to ../shared/seeds/russia-dprk-pact-analysis.txt (next to the repository).
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SEED = ROOT.parent / "shared" / "seeds" / "russia-dprk-pact-analysis.txt"
FONTS = ROOT / "templates" / "default" / "fonts"
OUT = ROOT / "images" / "pact-parties.png"
#: the fictional incident case's diagram (test data, see tests/cases/incident/outline.yaml)
INCIDENT_OUT = ROOT / "tests" / "cases" / "incident" / "topology.png"

#: chart label -> the words counted for it (whole words; "North Korean" counts for North Korea)
ACTORS = {
    "North Korea": r"\bNorth Korean?\b|\bPyongyang\b",
    "Russia": r"\bRussian?\b|\bMoscow\b",
    "Kim Jong-un": r"\bKim\b",
    "Vladimir Putin": r"\bPutin\b",
    "Western nations": r"\bWestern\b",
    "United States": r"\bUnited States\b",
    "South Korea": r"\bSouth Korea\b",
    "Japan": r"\bJapan\b",
}

#: the seed's hedging words, mapped to ICD 203 terms in the sample's methodology annex
HEDGES = ("likely", "could", "might", "possibly", "potentially")

#: the seed's headings, in order; the text after the last one's paragraph is the conclusion
HEADINGS = [
    "Strengthening Bilateral Relations",
    "Strategic Intentions and Mutual Support",
    "Geopolitical Ramifications",
    "Shift towards Multipolarity",
    "Regional Security Dynamics",
    "International Response and Concerns",
    "Future Prospects and Challenges",
]


def count_actors(text: str) -> dict[str, int]:
    """How often each actor is named in the whole seed text."""
    return {name: len(re.findall(pattern, text)) for name, pattern in ACTORS.items()}


def count_hedges(text: str) -> dict[str, int]:
    """How often each hedging word occurs in the seed text (whole words, any case)."""
    return {w: len(re.findall(rf"\b{w}\b", text, flags=re.IGNORECASE)) for w in HEDGES}


def section_words(text: str) -> dict[str, int]:
    """Words in each part of the seed: introduction, each headed section, conclusion."""
    paragraphs = [p.strip() for p in text.split("\n\n") if p.strip()]
    # -- paragraph 0 is the title, 1 the introduction; then heading, paragraph pairs;
    #    the final paragraph (after the last section's) is the unheaded conclusion --
    parts = {"Introduction": paragraphs[1]}
    for heading in HEADINGS:
        i = paragraphs.index(heading)
        parts[heading] = paragraphs[i + 1]
    parts["Conclusion"] = paragraphs[-1]
    return {name: len(body.split()) for name, body in parts.items()}


def _font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    name = "Carlito-Bold.ttf" if bold else "Carlito-Regular.ttf"
    return ImageFont.truetype(str(FONTS / name), size)


def _box(draw: ImageDraw.ImageDraw, xy, title: str, sub: str, fill: str) -> None:
    draw.rounded_rectangle(xy, radius=18, fill=fill, outline="#1F3864", width=4)
    x0, y0, x1, y1 = xy
    cx = (x0 + x1) / 2
    if not sub:
        draw.text((cx, (y0 + y1) / 2), title, font=_font(40, True), fill="#1F3864", anchor="mm")
        return
    draw.text((cx, y0 + (y1 - y0) * 0.38), title, font=_font(40, True), fill="#1F3864", anchor="mm")
    draw.text((cx, y0 + (y1 - y0) * 0.72), sub, font=_font(28), fill="#333333", anchor="mm")


def _dashed(draw: ImageDraw.ImageDraw, a, b, dash: int = 16) -> None:
    (x0, y0), (x1, y1) = a, b
    length = ((x1 - x0) ** 2 + (y1 - y0) ** 2) ** 0.5
    steps = int(length // dash)
    for i in range(0, steps, 2):
        s, e = i / steps, min(1.0, (i + 1) / steps)
        draw.line((x0 + (x1 - x0) * s, y0 + (y1 - y0) * s, x0 + (x1 - x0) * e, y0 + (y1 - y0) * e),
                  fill="#7F7F7F", width=4)


def _arrowhead(draw: ImageDraw.ImageDraw, tip, direction: int) -> None:
    x, y = tip
    draw.polygon([(x, y), (x - 30 * direction, y - 18), (x - 30 * direction, y + 18)], fill="#C00000")


def draw_diagram(path: Path) -> None:
    """The parties and relationships the seed names, as boxes and lines (not a map)."""
    w, h = 1600, 900
    img = Image.new("RGB", (w, h), "white")
    d = ImageDraw.Draw(img)
    d.text((w / 2, 50), "Parties and relationships named in the seed analysis",
           font=_font(46, True), fill="#1F3864", anchor="mm")

    # -- top: the Western reaction the seed describes --
    _box(d, (500, 110, 1100, 250), "Western nations", "incl. the United States and its allies", "#F2F2F2")
    # -- middle: the two parties and the pact --
    _box(d, (80, 360, 560, 540), "Russia", "President Vladimir Putin", "#DEEAF6")
    _box(d, (1040, 360, 1520, 540), "North Korea", "Leader Kim Jong-un", "#DEEAF6")
    d.line((560, 450, 1040, 450), fill="#C00000", width=8)
    _arrowhead(d, (1040, 450), 1)
    _arrowhead(d, (560, 450), -1)
    d.text((800, 490), "Mutual defense pact", font=_font(34, True), fill="#C00000", anchor="mm")
    d.text((800, 528), "assistance in case of attack", font=_font(28), fill="#C00000", anchor="mm")
    _dashed(d, (800, 250), (800, 444))
    d.text((815, 340), "concern", font=_font(28), fill="#595959", anchor="lm")

    # -- bottom: the regional relationships the seed says the pact may affect --
    for name, x in (("South Korea", 230), ("Japan", 800), ("United States", 1370)):
        _box(d, (x - 200, 640, x + 200, 740), name, "", "#FFFFFF")
        _dashed(d, (1280, 540), (x, 640))
    d.text((w / 2, 785), "North Korea's relationships in East Asia that the pact may affect",
           font=_font(32, True), fill="#595959", anchor="mm")
    d.text((w / 2, 855), "Drawn from the text of the seed analysis; positions carry no geographic meaning.",
           font=_font(26), fill="#595959", anchor="mm")
    path.parent.mkdir(parents=True, exist_ok=True)
    img.save(path, optimize=True)


def draw_incident_diagram(path: Path) -> None:
    """The fictional incident case's service chain: where the example outage started."""
    w, h = 1200, 500
    img = Image.new("RGB", (w, h), "white")
    d = ImageDraw.Draw(img)
    d.text((w / 2, 40), "Example service chain (fictional test data)", font=_font(38, True),
           fill="#1F3864", anchor="mm")
    boxes = [("Load balancer", "lb-1"), ("API servers", "api-1..4"), ("Database", "db-primary")]
    for i, (title, sub) in enumerate(boxes):
        x0 = 60 + i * 400
        fill = "#F8CBAD" if i == 2 else "#DEEAF6"
        _box(d, (x0, 160, x0 + 280, 320), title, sub, fill)
        if i:
            d.line((x0 - 120, 240, x0, 240), fill="#1F3864", width=6)
            _arrowhead(d, (x0, 240), 1)
    d.text((w - 200, 380), "disk full at 02:14", font=_font(30, True), fill="#C00000", anchor="mm")
    path.parent.mkdir(parents=True, exist_ok=True)
    img.save(path, optimize=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("seed", nargs="?", type=Path, default=DEFAULT_SEED)
    parser.add_argument("--counts", action="store_true", help="print the counts, draw nothing")
    args = parser.parse_args(argv)
    text = args.seed.read_text(encoding="utf-8")
    if args.counts:
        print("actor mentions:")
        for name, n in count_actors(text).items():
            print(f"  {name}: {n}")
        print("hedging words:")
        for name, n in count_hedges(text).items():
            print(f"  {name}: {n}")
        print("words per part:")
        for name, n in section_words(text).items():
            print(f"  {name}: {n}")
        return 0
    draw_diagram(OUT)
    draw_incident_diagram(INCIDENT_OUT)
    for out in (OUT, INCIDENT_OUT):
        print(f"wrote {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""A picture's size: its pixels at its own resolution (96 dpi when it names none), the same in
the brief and the handout (`render/imagesize.py`), scaled down only to fit."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile

import pytest
from PIL import Image as PILImage

from reportgen.load import load
from reportgen.render import get_renderer
from reportgen.render.imagesize import natural_size
from reportgen.tailor import tailor
from reportgen.theme import load_theme


def test_natural_size_is_the_pixels_at_the_files_resolution(tmp_path):
    PILImage.new("RGB", (600, 300), "white").save(tmp_path / "a.png", dpi=(300, 300))
    PILImage.new("RGB", (96, 48), "white").save(tmp_path / "b.png")
    assert natural_size(tmp_path / "a.png") == pytest.approx((144, 72), abs=0.1)
    assert natural_size(tmp_path / "b.png") == pytest.approx((72, 36))
    # -- an edited picture is measured again --
    PILImage.new("RGB", (192, 48), "white").save(tmp_path / "b.png")
    assert natural_size(tmp_path / "b.png") == pytest.approx((144, 36))


@pytest.mark.skipif(shutil.which("pdfimages") is None, reason="pdfimages (poppler-utils) is not installed")
def test_a_300_dpi_picture_has_the_same_size_in_brief_and_handout(tmp_path):
    PILImage.new("RGB", (600, 300), (40, 90, 160)).save(tmp_path / "map.png", dpi=(300, 300))
    (tmp_path / "outline.yaml").write_text(
        "meta: {title: Pictures, marking: UNCLASSIFIED}\nsections:\n  - title: Map\n    body:\n"
        "      - image: {path: map.png, alt: A blue field, caption: The region}\n", encoding="utf-8")
    doc = tailor(load(tmp_path / "outline.yaml"), "default")
    theme = load_theme("default")
    xml = zipfile.ZipFile(io.BytesIO(get_renderer("docx")(doc, theme))).read("word/document.xml").decode()
    cx, cy = map(int, re.search(r'<wp:extent cx="(\d+)" cy="(\d+)"', xml).groups())
    assert (cx / 12700, cy / 12700) == pytest.approx((144, 72), abs=0.5)
    (tmp_path / "h.pdf").write_bytes(get_renderer("pdf")(doc, theme))
    listing = subprocess.run(["pdfimages", "-list", str(tmp_path / "h.pdf")], capture_output=True,
                             text=True, check=True).stdout.splitlines()
    row = next(line.split() for line in listing if " image " in line and "600" in line)
    # -- columns: page num type width height color comp bpc enc interp object ID x-ppi y-ppi --
    assert (int(row[12]), int(row[13])) == (300, 300)

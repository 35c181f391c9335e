"""Every line of text in a built PDF can be seen: rendered, the place each line is drawn
has ink in it. A line painted over (an indicator box drawn across the findings above it)
still extracts as text, so extraction alone cannot tell."""
from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from lxml import etree
from PIL import Image

from conftest import needs_poppler
from hrap_report.pipeline.build import BuildOptions, run

DPI = 100
#: A pixel this dark or darker is ink (0 black, 255 white); shading and rules are lighter.
INK = 170
XHTML = "{http://www.w3.org/1999/xhtml}"


def lines(pdf: Path) -> list[list[tuple[str, tuple[float, float, float, float]]]]:
    """The text lines of each page, with their boxes in points, as pdftotext finds them."""
    xml = subprocess.run(["pdftotext", "-bbox-layout", str(pdf), "-"], capture_output=True, check=True).stdout
    pages = []
    for page in etree.fromstring(xml).iter(f"{XHTML}page"):
        found = []
        for line in page.iter(f"{XHTML}line"):
            text = " ".join(word.text or "" for word in line.iter(f"{XHTML}word"))
            found.append((text, tuple(float(line.get(k)) for k in ("xMin", "yMin", "xMax", "yMax"))))
        pages.append(found)
    return pages


def unseen_lines(pdf: Path, folder: Path) -> list[str]:
    """The lines of `pdf` with no ink where they are drawn, as `page N: text`."""
    subprocess.run(["pdftoppm", "-gray", "-r", str(DPI), str(pdf), str(folder / "page")], check=True)
    images = sorted(folder.glob("page-*.pgm"))
    unseen = []
    for number, (page_lines, image_path) in enumerate(zip(lines(pdf), images, strict=True), 1):
        image = Image.open(image_path)
        scale = DPI / 72
        for text, (x0, y0, x1, y1) in page_lines:
            # ink in both halves of the line: a box drawn over its lower part leaves the
            # tops of the letters showing (a character or two, such as 一, may have ink in one)
            middle = (y0 + y1) / 2
            halves = [(x0, y0, x1, middle), (x0, middle, x1, y1 - (y1 - y0) * 0.1)]
            if len(text) <= 2:
                halves = [(x0, y0, x1, y1)]
            if any(_darkest(image, box, scale) > INK for box in halves):
                unseen.append(f"page {number}: {text[:60]}")
    return unseen


def _darkest(image: Image.Image, box: tuple[float, float, float, float], scale: float) -> int:
    """The darkest pixel of `image` in `box` (points), at least one pixel wide and high."""
    x0, y0, x1, y1 = (round(v * scale) for v in box)
    return image.crop((x0, y0, max(x1, x0 + 1), max(y1, y0 + 1))).getextrema()[0]


BUILDS = {
    "en": BuildOptions(formats=("pdf",), language="en"),
    "zh": BuildOptions(formats=("pdf",), language="zh"),
    "en+zh parallel": BuildOptions(formats=("pdf",), language="en+zh"),
    "en+zh side by side": BuildOptions(formats=("pdf",), language="en+zh", bilingual="side-by-side"),
}


@needs_poppler
@pytest.mark.parametrize("name", BUILDS)
def test_every_line_of_text_has_ink_where_it_is_drawn(tmp_path, name):
    options = BUILDS[name]
    (written,) = run(BuildOptions(**{**options.__dict__, "out": tmp_path / "out"}))
    (tmp_path / "pages").mkdir()
    assert unseen_lines(written.path, tmp_path / "pages") == []


@needs_poppler
def test_a_line_painted_over_is_found(tmp_path):
    """The check finds a line that a box drawn later covers."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    pdf = tmp_path / "covered.pdf"
    canvas = Canvas(str(pdf), pagesize=A4)
    canvas.drawString(72, 700, "A line anybody can read")
    canvas.drawString(72, 600, "A line under a box")
    canvas.setFillColorRGB(0.85, 0.9, 0.95)
    canvas.rect(60, 590, 300, 15, stroke=0, fill=1)  # over the lower part of the line
    canvas.save()
    (tmp_path / "pages").mkdir()
    assert unseen_lines(pdf, tmp_path / "pages") == ["page 1: A line under a box"]

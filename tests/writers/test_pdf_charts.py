"""Charts in the PDF, checked in the file: vectors, every word in the document's fonts,
bars as long as their values, within the page."""
from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader
from pypdf.generic import ContentStream

from conftest import missing_glyphs, needs_poppler, pdftotext
from hrap_report.document.blocks import Caption, Chart, Document, Inline, Meta, PageBreak, Paragraph, Series
from hrap_report.writers.pdf.writer import write
from hrap_report.writers.theme import load_theme

THEME = load_theme()
PALETTE = tuple("#" + c for c in THEME.colors.chart)  # the series' fills, in order
META = Meta(title="Charts", header="Running Header")
#: The text area's height on A4 with the theme's margins (pt).
TEXT_HEIGHT = 841.89 - (THEME.margins_mm.top + THEME.margins_mm.bottom) * 72 / 25.4
LONG = ("A category label of exactly one hundred and twenty characters, which wraps onto several "
        "lines in the narrow label column")
assert len(LONG) == 120
ENGLISH = Chart(
    categories=("Alpha", "Beta", LONG),
    series=(Series("Reached", (50.0, 25.0, 100.0)), Series("Partly reached", (25.0, 0.0, 0.0)),
            Series("Never seen", (0.0, 0.0, 0.0))),
    caption=Caption("Figure", (Inline("Shares of the categories"),), 1), alt="Three bars.",
    axis_title="Share of indicators (%)", axis_max=100, percent=True, reference=75, anchor="figure-1")
CHINESE_LABELS = ("第一章 经济、社会和文化权利", "第二章 公民权利和政治权利", "第三章 特定群体权益保障")
CHINESE = Chart(
    categories=CHINESE_LABELS,
    series=(Series("已实现", (40.0, 60.0, 20.0)), Series("部分实现", (60.0, 40.0, 80.0))),
    caption=Caption("图", (Inline("各章指标实施状态"),), 2, "{label}{number}\u3000"), alt="三个条形。",
    axis_title="占本章指标的比例（%）", axis_max=100, percent=True, lang="zh")
MANY = Chart(
    categories=tuple(f"{n}: Number of people lifted out of poverty in rural areas" for n in range(1, 61)),
    series=(Series("Met", tuple(float(n) for n in range(1, 61))), Series("Not met", (0.0,) * 60)),
    caption=Caption("Figure", (Inline("Sixty metrics"),), 3), alt="Sixty bars.",
    axis_title="Share of target reached (%)", percent=True, reference=30)


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """A PDF with a chart on each page: English, Chinese, sixty bars."""
    path = tmp_path_factory.mktemp("charts") / "charts.pdf"
    write(Document(META, (Paragraph((Inline("Before the chart."),)), ENGLISH, PageBreak(), CHINESE,
                          PageBreak(), MANY)), path, THEME)
    return path


def page_text(pdf: Path, page: int) -> str:
    return pdftotext(pdf, "-f", str(page), "-l", str(page))


def joined(text: str) -> str:
    """The text with each run of white space (a line break too) one space."""
    return " ".join(text.split())


def text_sizes(pdf: Path, page: int) -> set[float]:
    """The size every text on a page is drawn at, its font size scaled by the text and
    graphics matrices."""
    sizes = set()

    def visit(text, cm, tm, font, size):
        if text.strip():
            sizes.add(round(size * tm[3] * cm[3], 2))
    PdfReader(pdf).pages[page - 1].extract_text(visitor_text=visit)
    return sizes


def shapes(pdf: Path, page: int) -> tuple[list, list]:
    """The filled rectangles of a page, each (fill, x, y, width, height) in page space,
    and the stroked line segments, each (x1, y1, x2, y2)."""
    reader = PdfReader(pdf)
    matrix, fill, stack = (1, 0, 0, 1, 0, 0), None, []
    rects, segments, start = [], [], None

    def at(x, y):
        a, b, c, d, e, f = matrix
        return a * x + c * y + e, b * x + d * y + f

    for operands, operator in ContentStream(reader.pages[page - 1].get_contents(), reader).operations:
        values = [float(v) for v in operands] if operator in (b"cm", b"rg", b"re", b"m", b"l", b"g") else []
        if operator == b"q":
            stack.append((matrix, fill))
        elif operator == b"Q":
            matrix, fill = stack.pop()
        elif operator == b"cm":
            a, b, c, d, e, f = values
            m = matrix
            matrix = (a * m[0] + b * m[2], a * m[1] + b * m[3], c * m[0] + d * m[2], c * m[1] + d * m[3],
                      e * m[0] + f * m[2] + m[4], e * m[1] + f * m[3] + m[5])
        elif operator == b"rg":
            fill = tuple(round(v * 255) for v in values)
        elif operator == b"g":
            fill = (round(values[0] * 255),) * 3
        elif operator == b"re":
            x, y = at(*values[:2])
            rects.append((fill, x, y, values[2] * matrix[0], values[3] * matrix[3]))
        elif operator == b"m":
            start = at(*values)
        elif operator == b"l":
            end = at(*values)
            segments.append((*start, *end))
            start = end
    return rects, segments


def rgb(hex_color: str) -> tuple[int, int, int]:
    return tuple(int(hex_color[i:i + 2], 16) for i in (1, 3, 5))


def grey(color: tuple[int, int, int]) -> float:
    r, g, b = color
    return 0.299 * r + 0.587 * g + 0.114 * b


@needs_poppler
def test_a_chart_is_drawn_as_vectors_not_an_image(built):
    out = subprocess.run(["pdfimages", "-list", str(built)], capture_output=True, text=True,
                         check=True).stdout
    assert len(out.splitlines()) == 2, out  # the two header lines, no image


@needs_poppler
def test_every_word_of_a_chart_reads_back_whole(built):
    text = page_text(built, 1)
    lines = text.splitlines()
    for label in ("Alpha", "Beta", LONG):
        assert label in joined(text)
    assert LONG not in lines  # it wraps onto several lines, which read back in order
    for entry in ("Reached", "Partly reached", "Never seen"):  # a series of zeros is in the legend too
        assert entry in lines
    assert {"Share of indicators (%)", "0%", "25%", "50%", "75%", "100%"} <= set(lines)
    assert "Figure 1. Shares of the categories" in lines
    assert "…" not in text
    many = page_text(built, 3)
    assert {f"{n}: Number of people lifted out of poverty in rural areas" for n in range(1, 61)} <= set(
        many.splitlines())
    assert {"Met", "Not met", "Share of target reached (%)", "Figure 3. Sixty metrics"} <= set(
        many.splitlines())


@needs_poppler
def test_chinese_is_drawn_in_the_embedded_cjk_font_with_every_glyph(built):
    text = page_text(built, 2)
    for label in CHINESE_LABELS:
        assert label in text.splitlines()
    assert {"已实现", "部分实现", "占本章指标的比例（%）"} <= set(text.splitlines())
    assert "图2 各章指标实施状态" in joined(text)
    fonts = subprocess.run(["pdffonts", str(built)], capture_output=True, text=True, check=True).stdout
    rows = [row.split() for row in fonts.splitlines()[2:]]
    assert all(row[-5] == "yes" for row in rows), fonts  # the "emb" column: no base-14 font either
    assert [row for row in rows if row[0].split("+")[-1] == "NotoSerifCJKsc-Regular"], fonts
    assert missing_glyphs(built) == {}


def test_chart_text_is_at_least_seven_points(built):
    for page in (1, 2, 3):
        sizes = text_sizes(built, page)
        assert min(sizes) >= 7, (page, sizes)
    assert THEME.sizes.table in text_sizes(built, 1)  # labels, ticks and legend in the table size
    assert 7 in text_sizes(built, 3)  # sixty labels shrink to fit


def test_bars_are_as_long_as_their_values(built):
    rects, _ = shapes(built, 1)
    per_point = []
    for k, series in enumerate(ENGLISH.series):
        drawn = sorted((r for r in rects if r[0] == rgb(PALETTE[k])), key=lambda r: -r[2])
        legend, bars = drawn[0], drawn[1:]  # the legend's swatch is above the bars
        values = [v for v in series.values if v]  # a segment of value 0 is not drawn
        assert len(bars) == len(values), (series.name, drawn)
        assert legend[2] > max((b[2] for b in bars), default=0)
        per_point += [b[3] / v for b, v in zip(bars, values)]
    assert max(per_point) - min(per_point) < 0.01, per_point  # one scale for every segment
    reached = sorted((r for r in rects if r[0] == rgb(PALETTE[0])), key=lambda r: -r[2])[1:]
    partly = min((r for r in rects if r[0] == rgb(PALETTE[1])), key=lambda r: r[2])
    assert partly[1] == pytest.approx(reached[0][1] + reached[0][3], abs=0.01)  # stacked after the first
    assert len({round(b[1], 2) for b in reached}) == 1  # every bar starts at 0


def test_series_differ_in_grey_and_in_hatching(built):
    rects, segments = shapes(built, 1)
    swatches = [max((r for r in rects if r[0] == rgb(color)), key=lambda r: r[2]) for color in PALETTE[:3]]
    greys = sorted(grey(s[0]) for s in swatches)
    assert min(b - a for a, b in zip(greys, greys[1:])) > 25, greys

    def hatching(swatch):
        _, x, y, w, h = swatch
        return {round((y2 - y1) / (x2 - x1)) for x1, y1, x2, y2 in segments
                if x2 != x1 and all(x - 0.01 <= u <= x + w + 0.01 for u in (x1, x2))
                and all(y - 0.01 <= v <= y + h + 0.01 for v in (y1, y2))}
    assert [hatching(s) for s in swatches] == [set(), {1}, {-1}]


@needs_poppler
def test_sixty_bars_fit_in_four_fifths_of_the_text_height_with_their_caption(built):
    bbox = pdftotext(built, "-f", "3", "-l", "3", "-bbox-layout")
    words = [(w, float(y1), float(y2)) for y1, y2, w in
             re.findall(r'<word [^>]*yMin="([\d.]+)" [^>]*yMax="([\d.]+)">([^<]*)</word>', bbox)]
    top = min(y1 for w, y1, _ in words if w == "Met")  # the legend
    bottom = max(y2 for w, _, y2 in words if w == "(%)")  # the axis title
    assert bottom - top <= 0.8 * TEXT_HEIGHT
    assert any(w == "Sixty" for w, _, _ in words)  # the caption is on the chart's page


@needs_poppler
def test_labels_too_long_for_a_page_still_keep_the_chart_within_its_height(tmp_path):
    chart = Chart(categories=tuple(f"{n} {LONG}" for n in range(60)), series=(Series("Only", (1.0,) * 60),),
                  caption=None, alt="Sixty long bars.", axis_title="Axis title")
    path = tmp_path / "long.pdf"
    assert write(Document(META, (chart,)), path, THEME) == 1
    rects, _ = shapes(path, 1)
    bars = [r for r in rects if r[0] == rgb(PALETTE[0])]
    assert len(bars) == 60
    assert max(y + h for _, _, y, _, h in bars) - min(y for _, _, y, _, _ in bars) <= 0.8 * TEXT_HEIGHT
    assert all(f"{n} {LONG}" in joined(pdftotext(path)) for n in range(60))


def test_the_same_chart_gives_the_same_bytes(tmp_path):
    paths = [tmp_path / "a.pdf", tmp_path / "b.pdf"]
    for path in paths:
        write(Document(META, (ENGLISH, CHINESE)), path, THEME)
    assert paths[0].read_bytes() == paths[1].read_bytes()


def test_an_unknown_chart_kind_is_named(tmp_path):
    chart = Chart(("a",), (Series("s", (1.0,)),), None, "alt", kind="pie")
    with pytest.raises(ValueError, match="'pie'"):
        write(Document(META, (chart,)), tmp_path / "k.pdf", THEME)

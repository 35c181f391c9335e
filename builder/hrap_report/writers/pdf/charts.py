"""Charts drawn as vectors with reportlab.graphics, in the document's own fonts.

A chart is a Drawing of shapes: every bar a rectangle, every word a String in a face of
the theme that has its characters (reportlab has no glyph fallback, so a text is cut into
runs, a String each), so it prints sharp at any size and its words can be searched and
copied. Nothing is ever shortened: long labels wrap. The series are told apart in
greyscale too: their fills differ in lightness, and each after the first has a hatching
of its own, in the legend as on the bars.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass

from reportlab.graphics.shapes import Drawing, Group, Line, Path, Rect, String
from reportlab.lib import colors
from reportlab.lib.attrmap import AttrMap, AttrMapValue
from reportlab.lib.validators import isNumber
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable

from hrap_report.document.blocks import CHART_KINDS, Chart
from hrap_report.writers.pdf.flowables import with_caption
from hrap_report.writers.pdf.fonts import CJK_RANGE, Fonts, visual
from hrap_report.writers.pdf.styles import Styles
from hrap_report.writers.pdf.tagging import Tagged, Tags

#: The hatching of each series, as the slopes of its lines: none, /, \, both, horizontal.
HATCHES = ((), (1,), (-1,), (1, -1), (0,))
#: Hatch lines are this far apart along the bar (pt), and this thick (pt).
HATCH_STEP, HATCH_WIDTH = 3.5, 0.6
#: Hatching is white on fills darker than this luminance (of 255), black on lighter ones.
HATCH_DARK = 140
#: At most this share of the text height, as a figure's image.
MAX_HEIGHT = 0.8
#: The category labels' column is at most this share of the chart's width; longer labels wrap.
LABEL_SHARE = 0.4
#: The smallest size (pt) the category labels shrink to, in steps of this many points, to fit.
MIN_SIZE, SIZE_STEP = 7.0, 0.5
#: The space between two rows, in lines of their labels: at most one, at least a quarter
#: (none at all only as the last resort).
ROW_GAP, MIN_ROW_GAP = 1.0, 0.25
#: A bar's thickness, as a share of the pitch of rows with one-line labels.
BAR_SHARE = 0.7
#: A baseline's depth in its line, as a share of the leading (Latin and CJK look centred).
BASELINE = 0.78
#: The nice steps between ticks, times a power of ten, and the most intervals the axis has.
TICK_STEPS, MAX_TICKS = (1.0, 2.5, 5.0), 6
#: The legend's swatch, in multiples of the text size (wide enough to show its hatching).
SWATCH_WIDTH, SWATCH_HEIGHT = 1.8, 1.0
#: Spaces in multiples of the text size: from a swatch to its name, between legend
#: entries, from the category labels to the axis.
SWATCH_GAP, ENTRY_GAP, LABEL_GAP = 0.4, 1.5, 0.5
#: The reference line's dash pattern (pt on, pt off) and thickness (pt).
REFERENCE_DASH, REFERENCE_WIDTH = (4, 2), 1.0
#: The lines of the axes, the grid and the separators between segments (pt).
THIN = 0.5
#: The grid lines at the ticks: light, behind the bars.
GRID = colors.HexColor("#D9D9D9")
#: A tick's length, in multiples of the text size; the axis title's distance below the
#: axis, in lines (the ticks' labels, then a little space).
TICK_LENGTH, TITLE_GAP = 0.4, 1.3

#: East Asian punctuation that may not start a line: it stays with the character before it.
_NO_START = "、。，．：；！？）］｝〕〉》」』】"
#: The pieces a line may break between: a CJK character (with the punctuation after it),
#: or a word, each with the spaces after it.
_PIECES = re.compile(f"[{CJK_RANGE}][{_NO_START}]*\\s*|[^\\s{CJK_RANGE}]+[{_NO_START}]*\\s*")


def chart(block: Chart, styles: Styles, tags: Tags, width: float, height: float) -> list[Flowable]:
    """A chart and its caption below it, kept together: `width` and `height` are the text
    area's. The chart takes its share of the width and at most `MAX_HEIGHT` of the height."""
    if block.kind not in CHART_KINDS:
        raise ValueError(f"unknown chart kind {block.kind!r}")
    drawing = stacked_bars(block, styles, width * block.width, height * MAX_HEIGHT)
    drawing.hAlign = "CENTER"
    drawing.spaceBefore = styles.cell.leading  # a line's room between the text before and the legend
    return with_caption(drawing, block.alt, block.caption, block.anchor, styles, tags)


class _Drawing(Tagged, Drawing):
    """A drawing with space before it, which a frame leaves out at the top of a page,
    drawn as its element's content (a figure)."""

    _attrMap = AttrMap(BASE=Drawing, spaceBefore=AttrMapValue(isNumber), tag=AttrMapValue(None))


@dataclass(frozen=True)
class _Words:
    """Text of one size in the theme's body font, each character in a face that has it."""

    fonts: Fonts
    face: str
    lang: str | None
    size: float
    leading: float
    color: colors.Color

    def width(self, text: str) -> float:
        runs = self.fonts.runs(text, self.face, self.lang)
        return sum(stringWidth(run, face, self.size) for face, run in runs)

    def lines(self, text: str, width: float) -> list[str]:
        """`text` broken into lines at most `width` wide: between words, and between CJK
        characters; a word longer than a line is broken where it reaches the end."""
        lines, line = [], ""
        for piece in _PIECES.findall(" ".join(text.split())):
            if line and self.width((line + piece).rstrip()) > width:
                lines.append(line.rstrip())
                line = ""
            line += piece
            while len(line.rstrip()) > 1 and self.width(line.rstrip()) > width:
                cut = next((k for k in range(len(line.rstrip()) - 1, 1, -1)
                            if self.width(line[:k]) <= width), 1)
                lines.append(line[:cut])
                line = line[cut:]
        return [*lines, line.rstrip()] if line.strip() or not lines else lines

    def draw(self, group: Group, x: float, y: float, line: str, anchor: str = "start") -> None:
        """Draw one line with its baseline at `y`, starting, centred or ending at `x`:
        a String per run of one face, in visual order."""
        x -= {"start": 0, "middle": self.width(line) / 2, "end": self.width(line)}[anchor]
        for face, run in self.fonts.runs(visual(line), self.face, self.lang):
            group.add(String(x, y, run, fontName=face, fontSize=self.size, fillColor=self.color))
            x += stringWidth(run, face, self.size)


@dataclass(frozen=True)
class _Rows:
    """The category labels at one size, wrapped, and the rows they need."""

    words: _Words
    lines: list[list[str]]
    column: float  # the labels' column width
    gap: float  # the space between rows
    bar: float  # a bar's thickness

    def heights(self) -> list[float]:
        return [len(lines) * self.words.leading + self.gap for lines in self.lines]


def stacked_bars(block: Chart, styles: Styles, width: float, limit: float) -> _Drawing:
    """A drawing of horizontal bars of stacked segments, `width` wide and at most `limit` high.

    From the top: the legend (with more than one series), the bars with their category
    labels to the left, the value axis with its ticks and title. A row is as tall as its
    wrapped label plus a gap of up to one line, which shrinks (to a quarter line) to keep
    the drawing within `limit`; if that is not enough, the labels shrink from the theme's
    table size in half points down to `MIN_SIZE`, and then their gaps to nothing. Labels
    that still do not fit (hundreds of words a page cannot hold) get the whole drawing
    scaled down to `limit`, its text then smaller than `MIN_SIZE`.
    """
    count = len(block.categories)
    if any(len(series.values) != count for series in block.series):
        raise ValueError(f"a chart series does not have a value for each of the {count} categories")
    size = styles.cell.fontSize
    ratio = styles.cell.leading / size
    color = styles.paragraph("body").textColor

    def words(at: float) -> _Words:
        return _Words(styles.fonts, styles.body.regular, block.lang, at, at * ratio, color)

    text = words(size)
    totals = [sum(max(0.0, series.values[i]) for series in block.series) for i in range(count)]
    top = block.axis_max if block.axis_max and block.axis_max > 0 else max(totals, default=0) or 1
    # ticks with room on the narrowest plot the labels leave; the last one's label reaches
    # past the axis end by half its width
    ticks = _ticks(top, width * (1 - LABEL_SHARE) - size * LABEL_GAP, text, block.percent)
    right = text.width(ticks[-1][1]) / 2
    legend = _legend(block, text, width) if len(block.series) > 1 else []
    legend_height = sum(height for height, _ in legend) + (text.leading / 2 if legend else 0)

    def layout(at: float, least: float) -> tuple[_Rows, list[str], float]:
        """The rows at label size `at` with gaps of at least `least` lines, the axis
        title's lines, and the drawing's height."""
        labels = words(at)
        column = min(width * LABEL_SHARE, max((labels.width(c) for c in block.categories), default=0))
        plot = width - column - size * LABEL_GAP - right
        title = text.lines(block.axis_title, plot) if block.axis_title else []
        fixed = legend_height + size * TICK_LENGTH + text.leading * (TITLE_GAP + len(title) if title else 1)
        lines = [labels.lines(category, column) for category in block.categories]
        room = (limit - fixed - sum(map(len, lines)) * labels.leading) / max(count, 1)
        gap = min(max(room, least * labels.leading), ROW_GAP * labels.leading)
        rows = _Rows(labels, lines, column, gap, BAR_SHARE * (labels.leading + gap))
        return rows, title, fixed + sum(rows.heights())

    sizes = [size - k * SIZE_STEP for k in range(int((size - MIN_SIZE) / SIZE_STEP) + 1)] or [size]
    for at, least in [*((at, MIN_ROW_GAP) for at in sizes), (sizes[-1], 0.0)]:
        rows, title, height = layout(at, least)
        if height <= limit:
            break
    group = _draw(block, rows, title, legend, ticks, text, width, height, top, right, styles.chart_colors)
    if height <= limit:
        drawing = _Drawing(width, height)
    else:
        group.scale(limit / height, limit / height)
        drawing = _Drawing(width * limit / height, limit)
    # reportlab sets a drawing's font before its shapes: Helvetica, which the PDF must never hold
    drawing.initialFontName, drawing.initialFontSize = styles.body.regular, size
    drawing.add(group)
    return drawing


def _legend(block: Chart, text: _Words, width: float) -> list[tuple[float, list]]:
    """The legend's rows, each its height and its entries: (series, name lines, entry width)."""
    swatch, gap = text.size * (SWATCH_WIDTH + SWATCH_GAP), text.size * ENTRY_GAP
    entries = []
    for k, series in enumerate(block.series):
        lines = text.lines(series.name, width - swatch)
        entries.append((k, lines, swatch + max(map(text.width, lines))))
    rows: list[list] = [[]]
    used = 0.0
    for entry in entries:
        if rows[-1] and used + gap + entry[2] > width:
            rows.append([])
        used = (used + gap if rows[-1] else 0) + entry[2]
        rows[-1].append(entry)
    return [(max(len(lines) for _, lines, _ in row) * text.leading, row) for row in rows]


class _Sheet:
    """The group a chart is drawn in, its shapes placed by their distance down from its
    top edge (the layout goes down the page; a drawing's y goes up)."""

    def __init__(self, height: float, palette: tuple[str, ...]):
        self.group = Group()
        self.height = height
        self.palette = palette  # "#RRGGBB", the series in order

    def line(self, x1: float, down1: float, x2: float, down2: float, **style) -> None:
        self.group.add(Line(x1, self.height - down1, x2, self.height - down2, **style))

    def segment(self, series: int, x: float, down: float, width: float, height: float) -> None:
        """A box, its top edge at `down`, in the fill and hatching of a series."""
        y = self.height - down - height
        fill = self.palette[series % len(self.palette)]
        self.group.add(Rect(x, y, width, height, fillColor=colors.HexColor(fill), strokeColor=None))
        slopes = HATCHES[series % len(HATCHES)]
        if slopes:
            ink = colors.white if _luminance(fill) < HATCH_DARK else colors.black
            hatching = _hatching(x, y, width, height, slopes, ink)
            if hatching.points:
                self.group.add(hatching)

    def text(self, words: _Words, x: float, centre: float, lines: list[str], anchor: str) -> None:
        """Lines of text, the block of them centred on `centre`, each starting, centred
        or ending at `x`."""
        first = centre - len(lines) * words.leading / 2
        for k, line in enumerate(lines):
            words.draw(self.group, x, self.height - first - (k + BASELINE) * words.leading, line, anchor)


def _draw(block: Chart, rows: _Rows, title: list[str], legend: list, ticks: list[tuple[float, str]],
          text: _Words, width: float, height: float, top: float, right: float,
          palette: tuple[str, ...]) -> Group:
    """The shapes of the chart laid out by `stacked_bars`, its series in `palette`."""
    sheet = _Sheet(height, palette)
    left = rows.column + text.size * LABEL_GAP
    plot = width - left - right
    gap = text.size * ENTRY_GAP

    def x_of(value: float) -> float:
        return left + plot * min(max(value, 0.0), top) / top

    down = 0.0
    for row_height, row in legend:  # each row centred over the bars, kept on the drawing
        row_width = sum(w for _, _, w in row) + gap * (len(row) - 1)
        x = min(max(left + plot / 2 - row_width / 2, 0), width - row_width)
        centre = down + row_height / 2
        for k, lines, entry_width in row:
            swatch = text.size * SWATCH_HEIGHT
            sheet.segment(k, x, centre - swatch / 2, text.size * SWATCH_WIDTH, swatch)
            sheet.text(text, x + text.size * (SWATCH_WIDTH + SWATCH_GAP), centre, lines, "start")
            x += entry_width + gap
        down += row_height
    if legend:
        down += text.leading / 2
    plot_top = down
    centres = []
    for row_height in rows.heights():
        centres.append(down + row_height / 2)
        down += row_height
    plot_bottom = down

    for value, _ in ticks[1:]:  # grid lines, behind the bars
        sheet.line(x_of(value), plot_top, x_of(value), plot_bottom, strokeColor=GRID, strokeWidth=THIN)
    for i, centre in enumerate(centres):
        sheet.text(rows.words, rows.column, centre, rows.lines[i], "end")
        total, starts = 0.0, []
        for k, series in enumerate(block.series):
            value = max(series.values[i], 0.0)
            a, b = x_of(total), x_of(total + value)
            total += value
            if b > a:  # a segment of value 0 is not drawn
                sheet.segment(k, a, centre - rows.bar / 2, b - a, rows.bar)
                starts.append(a)
        for a in starts[1:]:
            sheet.line(a, centre - rows.bar / 2, a, centre + rows.bar / 2, strokeColor=colors.white,
                       strokeWidth=THIN)

    axis = dict(strokeColor=text.color, strokeWidth=THIN)
    sheet.line(left, plot_top, left, plot_bottom, **axis)
    sheet.line(left, plot_bottom, left + plot, plot_bottom, **axis)
    tick = text.size * TICK_LENGTH
    for value, label in ticks:
        sheet.line(x_of(value), plot_bottom, x_of(value), plot_bottom + tick, **axis)
        sheet.text(text, x_of(value), plot_bottom + tick + text.leading / 2, [label], "middle")
    if block.reference is not None and 0 <= block.reference <= top:
        at = x_of(block.reference)
        sheet.line(at, plot_top, at, plot_bottom, strokeColor=colors.black, strokeWidth=REFERENCE_WIDTH,
                   strokeDashArray=REFERENCE_DASH)
    down = plot_bottom + tick + text.leading * TITLE_GAP
    for line in title:  # centred under the bars, kept on the drawing
        half = text.width(line) / 2
        x = min(max(left + plot / 2, half), width - half)
        sheet.text(text, x, down + text.leading / 2, [line], "middle")
        down += text.leading
    return sheet.group


def _hatching(x: float, y: float, width: float, height: float, slopes: tuple[int, ...], ink) -> Path:
    """Parallel lines across a box, `HATCH_STEP` apart on a grid fixed to the drawing (so
    the same series looks the same everywhere), cut at the box's edges."""
    path = Path(strokeColor=ink, strokeWidth=HATCH_WIDTH, fillColor=None)
    for slope in slopes:
        if slope == 0:
            for k in range(math.floor(y / HATCH_STEP) + 1, math.ceil((y + height) / HATCH_STEP)):
                path.moveTo(x, k * HATCH_STEP)
                path.lineTo(x + width, k * HATCH_STEP)
            continue
        # the line through (c, 0) is x = c + slope * y: those with c on the grid crossing the box
        low = x - max(slope * y, slope * (y + height))
        high = x + width - min(slope * y, slope * (y + height))
        for k in range(math.floor(low / HATCH_STEP) + 1, math.ceil(high / HATCH_STEP)):
            c = k * HATCH_STEP
            ends = sorted(((x - c) * slope, (x + width - c) * slope))
            bottom, top = max(ends[0], y), min(ends[1], y + height)
            if top > bottom:
                path.moveTo(c + slope * bottom, bottom)
                path.lineTo(c + slope * top, top)
    return path


def _luminance(hex_color: str) -> float:
    """The grey (of 255) a colour prints as (ITU-R BT.601 weights)."""
    r, g, b = (int(hex_color[i:i + 2], 16) for i in (1, 3, 5))
    return 0.299 * r + 0.587 * g + 0.114 * b


def _ticks(top: float, plot: float, text: _Words, percent: bool) -> list[tuple[float, str]]:
    """The values marked on an axis from 0 to `top`, `plot` wide, with their labels: the
    smallest nice step (1, 2.5 or 5 times a power of ten) that makes at most `MAX_TICKS`
    intervals with room between their labels."""
    power = math.floor(math.log10(top / MAX_TICKS))
    for step in (m * 10.0 ** e for e in range(power, power + 3) for m in TICK_STEPS):  # the last > top / 2
        decimals = next((d for d in range(12) if abs(round(step, d) - step) <= step * 1e-9), 12)
        values = [k * step for k in range(int(top / step + 1e-9) + 1)]
        ticks = [(value, f"{value:,.{decimals}f}" + ("%" if percent else "")) for value in values]
        room = plot * step / top >= max(text.width(label) for _, label in ticks) + text.size
        if step * 2 > top or (len(ticks) <= MAX_TICKS + 1 and room):
            break
    return ticks


"""The reportlab flowables of the PDF writer: tables, figures and the helpers its layout needs."""
from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.utils import ImageReader
from reportlab.platypus import Flowable, Image, KeepTogether
from reportlab.platypus import Paragraph as RLParagraph
from reportlab.platypus import Table as RLTable
from reportlab.platypus.doctemplate import ActionFlowable
from reportlab.platypus.flowables import AnchorFlowable, _listWrapOn

from hrap_report.document.blocks import Caption, Cell, Columns, Figure, Inline, Inlines, Outline, Table, plain
from hrap_report.writers.pdf.fonts import visual, visual_order
from hrap_report.writers.pdf.styles import Styles, anchor_markup


@dataclass(frozen=True)
class Marks:
    """What the doc template does when a paragraph has been placed on a page."""

    key: str | None = None  # the paragraph's link destination (its anchor or an outline key)
    outline: Outline | None = None
    section: str | None = None  # a level-1 heading's text, for the running header


class CachedParagraph(RLParagraph):
    """A paragraph that breaks its lines once per width.

    reportlab wraps a paragraph several times at the same width (keep-together groups
    measure their content, frames and tables measure again before drawing); the line
    breaking only depends on the width, so a repeated wrap reuses the last one.
    """

    def wrap(self, availWidth, availHeight):
        cached = self.__dict__.get("_wrapped")
        if cached and cached[0] == availWidth and cached[1] is self.__dict__.get("blPara"):
            self.width, self.height = cached[2]
            return cached[2]
        size = super().wrap(availWidth, availHeight)
        self._wrapped = availWidth, self.__dict__.get("blPara"), size
        return size

    def split(self, availWidth, availHeight):
        """The part that fits and the rest, each keeping its share of the lines already
        broken at this width: reportlab breaks the rest again from its text, so that a
        paragraph over many pages took time quadratic in its length, though its lines do
        not depend on where a page ends."""
        broken = self.__dict__.get("blPara")
        parts = super().split(availWidth, availHeight)
        if not parts and broken is not None:
            self.blPara = broken  # reportlab drops the lines when none fit; they stay right at this width
        if len(parts) == 2:
            lines, width = self.blPara.lines, self.width  # the width of the last wrap (a table's
            cut = len(parts[0].blPara.lines)              # split gives its cell's, with padding)
            for part, share in zip(parts, (lines[:cut], lines[cut:])):
                part.blPara = self.blPara.clone(lines=_rebased(share))
                part._wrapped = width, part.blPara, (width, len(share) * self.style.leading)
        return parts

    def drawPara(self, debug=0):
        """Draw the lines in visual order: right-to-left runs reversed on each line once the
        lines are broken (breaking and splitting work on the text as stored)."""
        logical = self.blPara
        lines = [_visual_line(line, logical.kind) for line in logical.lines]
        if all(a is b for a, b in zip(lines, logical.lines)):
            return super().drawPara(debug)
        self.blPara = logical.clone(lines=lines)
        try:
            return super().drawPara(debug)
        finally:
            self.blPara = logical


def _rebased(lines: list) -> list:
    """Lines of a part of a split paragraph. A line may name its first word by its index
    in the paragraph's words (`sFW`, where reportlab splits a paragraph whose long words
    it cut); the part's words start at its first line's."""
    first = getattr(lines[0], "sFW", None) if lines else None
    return [line.clone(sFW=line.sFW - first) for line in lines] if first else lines


def _visual_line(line, kind: int):
    """A line of a broken paragraph in visual order; the line itself if that is the same.
    A line of a one-font paragraph (kind 0) is a pair (extra space, words); any other a
    FragLine of fragments in several fonts and zero-width ones (anchors, callbacks), which
    keep their places at the start or end of the line."""
    if kind == 0:
        space, words = line
        text = " ".join(words)
        shown = visual(text)
        return line if shown is text else (space, shown.split(" "))
    texts = [(k, f.text) for k, f in enumerate(line.words) if not hasattr(f, "cbDefn")]
    order = visual_order("".join(text for _, text in texts))
    if order is None:
        return line
    owner = [k for k, text in texts for _ in text]  # the fragment of each character
    fragments = [line.words[k].clone(text="".join(char for _, char in run))
                 for k, run in itertools.groupby(order, key=lambda item: owner[item[0]])]
    zero_width = [f for f in line.words if hasattr(f, "cbDefn")]
    leading = list(itertools.takewhile(lambda f: hasattr(f, "cbDefn"), line.words))
    return line.clone(words=leading + fragments + zero_width[len(leading):])


class MarkedParagraph(CachedParagraph):
    """A paragraph carrying `Marks`; when split over pages, the first part keeps them."""

    def __init__(self, text, style, *args, marks: Marks | None = None, **kwargs):
        super().__init__(text, style, *args, **kwargs)
        self.marks = marks

    def split(self, availWidth, availHeight):
        parts = super().split(availWidth, availHeight)
        if parts:
            parts[0].marks = self.marks
        return parts


def paragraph(inlines: Inlines, style: ParagraphStyle, styles: Styles, anchor: str | None = None,
              kind: type[CachedParagraph] = CachedParagraph, **options) -> CachedParagraph:
    """A paragraph of `inlines` in `style`, with the link destination `anchor` at its
    start; `kind` is the paragraph class, `options` what else it takes. Its fragments are
    made directly where they can be (see `Styles.fragments`), else parsed from markup."""
    fragments = styles.fragments(inlines, style)
    if fragments is None:
        text = (anchor_markup(anchor) if anchor else "") + styles.markup(inlines, style)
        return kind(text, style, **options)
    if anchor:
        fragments = _anchor(anchor, style) + fragments
    return kind(None, style, frags=fragments, **options)


def _anchor(name: str, style: ParagraphStyle) -> list:
    """The fragments of a link destination at the start of a paragraph in `style`."""
    return RLParagraph(anchor_markup(name), style).frags


class KeepWithStart(KeepTogether):
    """The group reportlab forms for keepWithNext (headings, table captions).

    reportlab's KeepTogether moves the whole group to a new page when it does not fit, so
    a heading before a long table or paragraph would leave most of a page empty. This one
    moves only if not even the start of the last flowable fits below the kept ones.
    """

    def split(self, aW, aH):
        if getattr(self, "_wrapInfo", None) != (aW, aH):
            self.wrap(aW, aH)  # sets _H, the height of the whole group
        if self._H > aH:  # only a group that does not fit needs its kept part measured
            *kept, last = self._content
            room = aH - _listWrapOn(kept, aW, self.canv)[1] - last.getSpaceBefore()
            if room > 0:
                last.wrapOn(self.canv, aW, room)
                parts = last.splitOn(self.canv, aW, room)
                if len(parts) > 1 and not isinstance(parts[0], ActionFlowable):
                    return list(self._content)
        return super().split(aW, aH)


#: A table of more body rows than this is given to reportlab this many rows at a time (see
#: `LongTable`); a page holds at most about 70 rows.
ROWS_AT_A_TIME = 64


def table(block: Table, styles: Styles, width: float, height: float) -> list[Flowable]:
    """A table with its caption above it; cells are paragraphs, so long text wraps.

    A row taller than a page is split inside the row (reportlab's `splitInRow`), each
    part repeating the head rows, so no cell is ever "too large" for a frame. `height` is
    the text area's.
    """
    if any(len(row) != len(block.widths) for row in block.head + block.body):
        raise ValueError(f"a table row does not have the {len(block.widths)} cells its widths give")

    def cells(row: Sequence[Cell], head: bool = False) -> list[CachedParagraph]:
        return [_cell(cell, styles.cell_style(cell.align, head), styles) for cell in row]

    commands = [
        styles.table_font,
        ("GRID", (0, 0), (-1, -1), 0.5, styles.rule_color),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ]
    if block.head:
        commands.append(("BACKGROUND", (0, 0), (-1, len(block.head) - 1), styles.table_header_color))
    total = sum(block.widths)

    def grid(data: list, space_before: float | None = 4) -> RLTable:
        return RLTable(data, colWidths=[width * w / total for w in block.widths], repeatRows=len(block.head),
                       splitInRow=int(styles.cell.leading * 2), style=commands, spaceBefore=space_before,
                       spaceAfter=12)

    head = [cells(row, head=True) for row in block.head]
    if len(block.body) > 2 * ROWS_AT_A_TIME:
        first = head + [cells(row) for row in block.body[:ROWS_AT_A_TIME]]
        rows = LongTable(grid, first, block.body, cells, height, ROWS_AT_A_TIME)
    else:
        rows = grid(head + [cells(row) for row in block.body])
    lead = _captioned(block.caption, block.anchor, styles)
    if lead:
        lead.keepWithNext = 1
        return [lead, rows]
    return [rows]


class LongTable(Flowable):
    """A table of many rows, given to reportlab a few at a time.

    reportlab measures every row of a table each time it splits it at the end of a page,
    and makes the rest a new table of all the rows left: n rows over p pages took time
    n·p (an index of 16,800 indicators, minutes). This flowable holds a table of the head
    and the first rows, adds rows only while they all fit in the height offered (or a
    page), and makes the cells of the rest only when they are reached.
    """

    def __init__(self, grid: Callable[..., RLTable], rows: list, body: Sequence[Sequence[Cell]],
                 cells: Callable[[Sequence[Cell]], list], page: float, start: int, table: RLTable | None = None):
        self._grid = grid  # rows of cells (and the space before) -> a table
        self._rows = rows  # the rows of cells in the table, the head first
        self._body, self._next = body, start  # the document's rows, and the first not in the table
        self._cells = cells  # a document row -> its cells
        self._page = page  # the height of a page's text
        self._table = grid(rows) if table is None else table
        self.hAlign = self._table.hAlign

    def wrap(self, availWidth, availHeight):
        """The table's size; with rows still to come, at least as tall as `availHeight` or a page."""
        while True:
            self.width, self.height = self._table.wrap(availWidth, availHeight)
            if self.height > min(availHeight, self._page) or self._next >= len(self._body):
                return self.width, self.height
            more = self._body[self._next:self._next + ROWS_AT_A_TIME]
            self._rows = self._rows + [self._cells(row) for row in more]
            self._next += len(more)
            self._table = self._grid(self._rows, getattr(self._table, "spaceBefore", None))

    def split(self, availWidth, availHeight):
        self.wrap(availWidth, availHeight)
        parts = self._table.split(availWidth, availHeight)
        if len(parts) < 2 or self._next >= len(self._body):
            return parts
        first, rest = parts
        return [first, LongTable(self._grid, rest._cellvalues, self._body, self._cells, self._page,
                                 self._next, rest)]

    def draw(self):
        self._table.drawOn(self.canv, 0, 0)

    def getSpaceBefore(self):
        return self._table.getSpaceBefore()

    def getSpaceAfter(self):
        return self._table.getSpaceAfter()

    def identity(self, maxLen=None):
        return self._table.identity(maxLen)


def columns(block: Columns, styles: Styles, width: float) -> RLTable:
    """Paragraphs and their translations side by side: a borderless two-column table
    whose rows may split across pages. A row is as far from the next as its paragraphs'
    spacing says, and a shaded paragraph's background (which reaches its border padding
    beyond the text) clears the rows around it."""
    gutter = styles.small_size * 1.5

    def flowable(block) -> list[Flowable]:
        if block is None:
            return []
        style = styles.wrapping(styles.paragraph(block.style), plain(block.inlines))
        return [paragraph(block.inlines, style, styles)]

    rows = [[flowable(a), flowable(b)] for a, b in block.rows]
    commands = [
        styles.table_font,
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (0, -1), gutter / 2),
        ("LEFTPADDING", (1, 0), (1, -1), gutter / 2), ("RIGHTPADDING", (1, 0), (1, -1), 0),
    ]
    below = 0.0  # the space the row above asks for after it
    for n, row in enumerate(rows):
        paragraphs = [cell[0].style for cell in row if cell]
        padding = max((s.borderPadding for s in paragraphs if s.backColor), default=0)
        before = max([s.spaceBefore for s in paragraphs] + [below])
        below = max([s.spaceAfter for s in paragraphs] + [padding])
        commands += [("TOPPADDING", (0, n), (-1, n), max(before, padding) if n else padding),
                     ("BOTTOMPADDING", (0, n), (-1, n), padding)]
    return RLTable(rows, colWidths=[width / 2] * 2, splitInRow=1, style=commands)


def _cell(cell, style, styles: Styles) -> CachedParagraph:
    return paragraph(cell.inlines, styles.wrapping(style, plain(cell.inlines)), styles)


def figure(block: Figure, styles: Styles, width: float, height: float) -> list[Flowable]:
    """An image scaled to its share of the text width (at most 80% of the text height,
    keeping its aspect ratio), kept together with its caption below it."""
    image_w, image_h = ImageReader(str(block.image)).getSize()
    w = width * block.width
    h = w * image_h / image_w
    if h > height * 0.8:
        w, h = w * height * 0.8 / h, height * 0.8
    return with_caption(Image(str(block.image), width=w, height=h), block.caption, block.anchor, styles)


def with_caption(body: Flowable, caption: Caption | None, anchor: str | None, styles: Styles) -> list[Flowable]:
    """A figure or chart kept together with its centred caption below it; an anchor
    without a caption stands before it."""
    parts = [body]
    captioned = _captioned(caption, anchor, styles, TA_CENTER)
    if isinstance(captioned, AnchorFlowable):
        parts.insert(0, captioned)
    elif captioned:
        parts.append(captioned)
    return [KeepTogether(parts)]


def _captioned(caption: Caption | None, anchor: str | None, styles: Styles,
               alignment: int = TA_LEFT) -> Flowable | None:
    """The caption paragraph (holding the anchor), a bare anchor, or None; the anchor is
    marked, so lists of tables and figures learn its page."""
    marks = Marks(anchor) if anchor else None
    if caption:
        style = ParagraphStyle("caption-aligned", styles.paragraph("caption"), alignment=alignment)
        style = styles.wrapping(style, caption.plain())
        inlines = (Inline(caption.prefix()), *caption.text)
        return paragraph(inlines, style, styles, anchor, MarkedParagraph, marks=marks)
    if anchor:
        flowable = AnchorFlowable(anchor)
        flowable.marks = marks
        return flowable
    return None

"""The reportlab flowables of the PDF writer: tables, figures and the helpers its layout needs."""
from __future__ import annotations

import functools
import itertools
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape

from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.textsplit import ALL_CANNOT_END, ALL_CANNOT_START
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase.pdfmetrics import getAscentDescent, stringWidth
from reportlab.pdfgen.textobject import PDFTextObject
from reportlab.platypus import Flowable, Image, KeepTogether
from reportlab.platypus import Paragraph as RLParagraph
from reportlab.platypus import Table as RLTable
from reportlab.platypus import paragraph as rl_paragraph
from reportlab.platypus.doctemplate import ActionFlowable
from reportlab.platypus.flowables import AnchorFlowable, _listWrapOn
from reportlab.platypus.paragraph import FragLine, ParaLines, cjkU, makeCJKParaLine
from reportlab.rl_config import _FUZZ

from hrap_report.document.blocks import Caption, Cell, Columns, Figure, Inline, Inlines, Outline, Table, plain
from hrap_report.languages import CHINESE_CANNOT_END, CHINESE_CANNOT_START, is_right_to_left
from hrap_report.writers.pdf.fonts import CJK_RANGE, visual_order
from hrap_report.writers.pdf.styles import Styles, anchor_markup
from hrap_report.writers.pdf.tagging import Element, Tagged, Tags, decoration


@dataclass(frozen=True)
class Marks:
    """What the doc template does when a paragraph has been placed on a page."""

    key: str | None = None  # the paragraph's link destination (its anchor or an outline key)
    outline: Outline | None = None
    section: str | None = None  # a level-1 heading's text, for the running header


class CachedParagraph(RLParagraph):
    """A paragraph that breaks its lines once per width, East Asian text by its rules.

    reportlab wraps a paragraph several times at the same width (keep-together groups
    measure their content, frames and tables measure again before drawing); the line
    breaking only depends on the width, so a repeated wrap reuses the last one.
    """

    tag: Element | None = None  # its structure element (see `tagging`); None: an artifact

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
        for part in parts:
            part.tag = self.tag  # the parts of a paragraph are one element's content
        return parts

    def breakLinesCJK(self, maxWidths):
        """Lines broken the East Asian way, ending only where `_may_break` allows (reportlab's
        own end a line inside a number or a Latin word that starts in the first half of a
        line, and before closing punctuation), or inside a word longer than the line;
        adjacent punctuation marks in a line are compressed (`_compress_punctuation`)."""
        if getattr(self, "_splitpara", 0) and hasattr(self, "blPara"):
            return self.blPara  # a part of a split paragraph keeps its lines
        glyphs = [cjkU(char, f, "utf8") for f in self.frags for char in (f.text or [""])]
        calc_bounds = getattr(self.style, "autoLeading", "") not in ("", "off")
        lines, start, end, used = [], 0, 0, 0.0  # the line's start, its last possible end, its width

        def room() -> float:
            return maxWidths[min(len(lines), len(maxWidths) - 1)]

        def line(stop: int, forced: bool = False) -> None:
            shown = glyphs[start:stop]
            while shown and shown[-1].isspace():
                shown.pop()
            _compress_punctuation(shown)
            wide = sum(g.width for g in shown)
            make = makeCJKParaLine if calc_bounds else _cjk_line
            lines.append(make(shown, room(), wide, room() - wide, forced, calc_bounds))

        for n, glyph in enumerate(glyphs):
            if n > start and _may_break(glyphs[n - 1], glyph):
                end = n
            used += glyph.width
            if hasattr(glyph.frag, "lineBreak"):
                line(n + 1, forced=True)
                start, used = n + 1, 0.0
            elif used > room() + _FUZZ and n > start and not glyph.isspace():
                stop = end if end > start else n
                line(stop)
                start, used = stop, sum(g.width for g in glyphs[stop:n + 1])
        if start < len(glyphs):
            line(len(glyphs))
        return ParaLines(kind=1, lines=lines)

    def beginText(self, x, y):
        return CompressingText(self.canv, x, y)

    def drawPara(self, debug=0):
        """Draw the paragraph as its element's content: a box around it first, as an
        artifact; drawn again (a table's head on a later page), all of it an artifact."""
        tags: Tags | None = getattr(self.canv, "tags", None)
        if tags is None:
            return self._draw_lines(debug)
        if self.__dict__.get("_drawn"):
            with tags.artifact(self.canv, "Pagination"):
                return self._draw_lines(debug)
        self._drawn = True
        style = self.style
        if style.backColor or (style.borderColor and style.borderWidth):
            with tags.artifact(self.canv):
                self._draw_box()
            self.style = _unboxed(style)
        try:
            with tags.content(self.canv, self.tag):
                return self._draw_lines(debug)
        finally:
            self.style = style

    def _draw_box(self) -> None:
        """Draw only the paragraph's background and border, as reportlab does before its lines."""
        lines = self.blPara
        self.blPara = lines.clone(lines=[])
        try:
            super().drawPara()
        finally:
            self.blPara = lines

    def _draw_lines(self, debug=0):
        """Draw the lines in visual order: right-to-left runs reversed on each line once the
        lines are broken (breaking and splitting work on the text as stored)."""
        logical = self.blPara
        rtl = getattr(self.style, "rtl", False)
        lines = [_visual_line(line, logical.kind, rtl) for line in logical.lines]
        if all(a is b for a, b in zip(lines, logical.lines)):
            return self._draw_justified(debug)
        self.blPara = logical.clone(lines=lines)
        try:
            return self._draw_justified(debug)
        finally:
            self.blPara = logical

    def _draw_justified(self, debug=0):
        """reportlab's drawing of the lines; a justified paragraph broken the East Asian
        way fills each line (but its last) by spacing its characters evenly, as Chinese
        is justified (clreq 3.1.6), where reportlab only widens spaces, which Chinese has
        few of. The last line of a justified right-to-left paragraph ends at the right."""
        if getattr(self.style, "rtl", False) and self.style.alignment == TA_JUSTIFY:
            return self._draw_right_to_left(debug)
        if self.style.wordWrap != "CJK" or self.style.alignment != TA_JUSTIFY or self.blPara.kind != 1:
            return super().drawPara(debug)
        spaced = rl_paragraph._justifyDrawParaLineX
        rl_paragraph._justifyDrawParaLineX = functools.partial(_justify_by_characters, spaced)
        try:
            return super().drawPara(debug)
        finally:
            rl_paragraph._justifyDrawParaLineX = spaced

    def _draw_right_to_left(self, debug=0):
        """reportlab's drawing of a justified paragraph with its last line set flush right."""
        one_font, many = rl_paragraph._justifyDrawParaLine, rl_paragraph._justifyDrawParaLineX
        rl_paragraph._justifyDrawParaLine = functools.partial(_last_right, one_font, rl_paragraph._rightDrawParaLine)
        rl_paragraph._justifyDrawParaLineX = functools.partial(_last_right, many, rl_paragraph._rightDrawParaLineX)
        try:
            return super().drawPara(debug)
        finally:
            rl_paragraph._justifyDrawParaLine, rl_paragraph._justifyDrawParaLineX = one_font, many


def _last_right(justified: Callable, flush_right: Callable, *line):
    """Draw a line of a justified right-to-left paragraph, the last flush right: `line` is
    what reportlab passes its drawing functions, (tx, offset, space, words, last) in one
    font or (tx, offset, line, last) in several, `last` always given."""
    return (flush_right if line[-1] else justified)(*line)


def _justify_by_characters(spaced: Callable, tx, offset, line, last=0):
    """Draw a line of East Asian text justified with character spacing (`Tc`) that
    shares its room between the Chinese characters only: a number or Latin word in it
    keeps its letters together (clreq 3.1.6). `spaced` draws it otherwise (the last line,
    a line ended by a break, a full one, one without Chinese)."""
    runs = [run for f in line.words for run in _script_runs(f)]
    characters = sum(len(f.text) for f in runs if _is_east_asian(f))
    if runs and _is_east_asian(runs[-1]):
        characters -= 1  # the line's last character takes no space after it
    if last or line.lineBreak or line.extraSpace <= 1e-8 or characters < 1:
        return spaced(tx, offset, line, last)
    spacing = line.extraSpace / characters
    text_out = tx._textOut

    def spaced_out(text, *rest):  # reportlab writes each fragment's text with this
        tx.setCharSpace(spacing if _EAST_ASIAN.match(text) else 0)
        return text_out(text, *rest)

    tx._textOut = spaced_out
    try:
        return spaced(tx, offset, line.clone(words=runs, extraSpace=0), last)
    finally:
        del tx._textOut
        tx.setCharSpace(0)


def _script_runs(fragment) -> list:
    """A fragment of a line cut where its text goes from East Asian characters to others
    (digits, Latin) and back."""
    if hasattr(fragment, "cbDefn") or not fragment.text:
        return [fragment]
    parts = [m.group(0) for m in _SCRIPT_RUN.finditer(fragment.text)]
    return [fragment] if len(parts) == 1 else [fragment.clone(text=part) for part in parts]


def _is_east_asian(fragment) -> bool:
    return not hasattr(fragment, "cbDefn") and bool(_EAST_ASIAN.match(fragment.text or ""))


_EAST_ASIAN = re.compile(f"[{CJK_RANGE}]")
_SCRIPT_RUN = re.compile(f"[{CJK_RANGE}]+|[^{CJK_RANGE}]+")


@functools.cache
def _unboxed(style: ParagraphStyle) -> ParagraphStyle:
    """`style` without its background and border (drawn apart, as an artifact)."""
    return ParagraphStyle(f"{style.name}-unboxed", style, backColor=None, borderWidth=0)


def _cjk_line(glyphs: list, width: float, used: float, extra: float, forced: bool, _bounds=False) -> FragLine:
    """The line reportlab's `makeCJKParaLine` makes of `glyphs` (without bounds of
    images), grouping them into fragments by the fragment each came from: reportlab
    compares every glyph's fragment with the last by all its attributes, a fifth of the
    time of a Chinese report's layout."""
    words, size, ascent, descent = [], 0.0, 0.0, 0.0
    for (fragment, compressed), run in itertools.groupby(
            glyphs, key=lambda glyph: (glyph.frag, isinstance(glyph, _Compressed))):
        if compressed:
            words += [fragment.clone(text=_Compressed(glyph)) for glyph in run]
            continue
        words.append(fragment.clone(text="".join(run)))
        up, down = getAscentDescent(fragment.fontName, fragment.fontSize)
        size, ascent, descent = max(size, fragment.fontSize), max(ascent, up), min(descent, down)
    return FragLine(kind=1, extraSpace=extra, wordCount=1, words=words, fontSize=size, ascent=ascent,
                    descent=descent, maxWidth=width, currentWidth=used, lineBreak=forced)


#: Full-width punctuation with its blank half after its mark (closing brackets and quotes,
#: the comma, the full stop) and with it before (opening brackets), as GB/T 15834 sets them.
_BLANK_AFTER = frozenset("，。、；：！？）》」』】〉〕〗")
_BLANK_BEFORE = frozenset("（《「『【〈〔〖")
_PUNCTUATION = _BLANK_AFTER | _BLANK_BEFORE


class _Compressed(str):
    """A punctuation mark of a line drawn half an em narrower (`CompressingText`)."""


def _compress_punctuation(glyphs: list) -> None:
    """Take the blank half out from between two adjacent full-width punctuation marks
    (clreq 3.1.4; "）》，" sets as one and a half ems, not three): the first of the two is
    made half an em narrower, where its blank half is after it or the second's is before
    it, so that the second moves onto that blank. `glyphs` are a line's: a mark that ends
    it keeps its width, and the line its measure (the room is left to justification)."""
    for n in range(len(glyphs) - 1):
        first, second = glyphs[n], glyphs[n + 1]
        if first in _PUNCTUATION and second in _PUNCTUATION and (first in _BLANK_AFTER or second in _BLANK_BEFORE):
            compressed = _CompressedGlyph(first, first.frag, "utf8")
            compressed._width = first.width - first.frag.fontSize / 2
            glyphs[n] = compressed


class _CompressedGlyph(cjkU, _Compressed):
    """A glyph of a line broken the East Asian way that `_compress_punctuation` narrowed."""


class CompressingText(PDFTextObject):
    """A text object that draws a `_Compressed` mark with the advance after it half an em
    shorter (a TJ adjustment: the text reads the same)."""

    def _textOut(self, text, TStar=0):
        if not isinstance(text, _Compressed):
            return super()._textOut(text, TStar)
        super()._textOut(text, 0)
        self._code.append("[500] TJ")
        if TStar:
            super()._textOut("", TStar)


def _rebased(lines: list) -> list:
    """Lines of a part of a split paragraph. A line may name its first word by its index
    in the paragraph's words (`sFW`, where reportlab splits a paragraph whose long words
    it cut); the part's words start at its first line's."""
    first = getattr(lines[0], "sFW", None) if lines else None
    return [line.clone(sFW=line.sFW - first) for line in lines] if first else lines


def _visual_line(line, kind: int, rtl: bool = False):
    """A line of a broken paragraph (a right-to-left one: `rtl`) in visual order; the
    line itself if that is the same.
    A line of a one-font paragraph (kind 0) is a pair (extra space, words); any other a
    FragLine of fragments in several fonts and zero-width ones (anchors, callbacks), which
    keep their places at the start or end of the line."""
    if kind == 0:
        space, words = line
        order = visual_order(" ".join(words), rtl)  # the words are shaped already (`Fonts.runs`)
        return line if order is None else (space, "".join(char for _, char in order).split(" "))
    texts = [(k, f.text) for k, f in enumerate(line.words) if not hasattr(f, "cbDefn")]
    order = visual_order("".join(text for _, text in texts), rtl)
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


#: The body rows given to reportlab at a time (see `LongTable`); a page holds at most about 70.
ROWS_AT_A_TIME = 64
#: The characters of the longest cell text of Chinese that a column keeps on one line:
#: a table's words ("是否达到", "超额完成") are mostly of two to four characters.
CJK_WORD = 4
#: The space between a cell's text and the rules left and right of it, in points.
CELL_PADDING = 6
_WORDS = re.compile(r"\S+")


#: What may not start or end a line of Chinese (W3C clreq, 3.1.7): reportlab's lists are
#: Japanese, without the curly quotes Chinese text uses, nor the dash and ellipsis.
CANNOT_START = frozenset(ALL_CANNOT_START) | frozenset(CHINESE_CANNOT_START)
CANNOT_END = frozenset(ALL_CANNOT_END) | frozenset(CHINESE_CANNOT_END)


def _may_break(before: str, after: str) -> bool:
    """Whether text broken the East Asian way may end a line between two characters:
    after a space, or next to a CJK character (U+3000 on, as reportlab tells them), unless
    the second may not start a line or the first end one; never inside a word or number,
    nor between a number and the CJK unit after it."""
    if after.isspace():
        return False
    if before.isspace():
        return True
    east_asian = before >= "\u3000" or after >= "\u3000"
    if (before.isdigit() or before in "万亿") and "\u3400" <= after <= "\u9fff":
        return False  # a number and its unit (2020年, 5000万人) stay together; "65.64（" may break
    return east_asian and after not in CANNOT_START and before not in CANNOT_END


class GroupTitle(CachedParagraph):
    """The title of a group row: a cell spanning the row, kept with the row below."""


class Grid(RLTable):
    """A reportlab table whose shading and rules are artifacts: its cells are tagged."""

    def _drawBkgrnd(self):
        with decoration(self.canv):
            super()._drawBkgrnd()

    def _drawLines(self):
        with decoration(self.canv):
            super()._drawLines()


def _titled(row: Sequence) -> bool:
    """Whether a table's row of cells is a group row; a cell reportlab has measured is a
    tuple of its flowables."""
    first = row[0]
    return isinstance(first[0] if isinstance(first, tuple) and first else first, GroupTitle)


def table(block: Table, styles: Styles, tags: Tags, width: float, height: float,
          reach: float = 0) -> list[Flowable]:
    """A table with its caption above it, `width` wide, reaching `reach` into each margin
    (its caption too); cells are paragraphs, so long text wraps, in
    columns as wide as their words need (see `column_widths`); a group row's title spans
    the row. The head rows repeat at the top of each page; a row is split over pages only
    when it is taller than a page (`height`, the text area's). Tagged as a `Table` of
    `TR` rows of `TH` (head, column scope) and `TD` cells, the caption first; a group
    row is one cell spanning the row. In a right-to-left document the columns run from
    the right (the cells are tagged in their own order)."""
    if any(len(row) != len(block.widths) for row in block.head + block.body):
        raise ValueError(f"a table row does not have the {len(block.widths)} cells its widths give")
    element = tags.element("Table")
    lead = _captioned(block.caption, block.anchor, styles, tags, element, reach=reach)

    def cells(row: Sequence[Cell], head: bool = False, group: bool = False) -> list[CachedParagraph]:
        kinds = [GroupTitle if group else CachedParagraph] + [CachedParagraph] * (len(row) - 1)
        made = [_cell(c, styles.cell_style(c.align, head), styles, kind) for c, kind in zip(row, kinds)]
        tr = tags.element("TR", element)
        for cell, flowable in zip(row[:1] if group else row, made):
            table_attributes = {"Scope": "Column"} if head else {"ColSpan": len(row)} if group else {}
            flowable.tag = tags.element("TH" if head else "TD", tr, cell.inlines,
                                        attributes={"Table": table_attributes} if table_attributes else None)
            if cell.page_of is not None:  # its link leads to the page of what the row lists
                flowable.tag.text = " ".join(plain(c.inlines) for c in row if c is not cell).strip() or None
        return made[::-1] if mirrored and not group else made

    def body_row(n: int) -> list[CachedParagraph]:
        """The cells of the body row `n`, a group row's title spanning it."""
        return cells(block.body[n], group=n in block.groups)

    commands = [
        styles.table_font,
        ("GRID", (0, 0), (-1, -1), 0.5, styles.rule_color),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
        ("LEFTPADDING", (0, 0), (-1, -1), CELL_PADDING),
        ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PADDING),
    ]
    if block.head:
        commands.append(("BACKGROUND", (0, 0), (-1, len(block.head) - 1), styles.table_header_color))
    mirrored = is_right_to_left(styles.fonts.language)
    widths = column_widths(block, styles, width)[::-1 if mirrored else 1]

    def grid(data: list, space_before: float | None, in_row: bool = False) -> RLTable:
        """A table of rows of cells, its group rows kept with the next; `in_row`: one
        that splits inside the row that does not fit instead."""
        groups = [n for n, row in enumerate(data) if _titled(row)]
        spans = [("SPAN", (0, n), (-1, n)) for n in groups]
        kept = [] if in_row else [("NOSPLIT", (0, n), (-1, n + 1)) for n in groups if n + 1 < len(data)]
        return Grid(data, colWidths=widths, repeatRows=len(block.head), style=commands + spans + kept,
                    splitByRow=int(not in_row), splitInRow=int(in_row), spaceBefore=space_before,
                    spaceAfter=12)

    first = range(min(ROWS_AT_A_TIME, len(block.body)))
    made = [cells(row, head=True) for row in block.head] + [body_row(n) for n in first]
    rows = LongTable(grid, made, len(block.body), body_row, height, ROWS_AT_A_TIME, space_before=4)
    if lead:
        lead.keepWithNext = 1
        return [lead, rows]
    return [rows]


def column_widths(block: Table, styles: Styles, width: float) -> list[float]:
    """The widths of a table's columns, `width` in all. Each is as wide as its widest
    word (bold in the head), so no word breaks, and no wider than its longest line; between
    these bounds, the room for text goes in proportion to the square root of the text a
    column holds, which makes the cells' lines fewest in all. Where every line fits, the
    width left goes in proportion to the text; where the words do not, the block's widths
    are kept, in proportion."""
    count, padding = len(block.widths), 2 * CELL_PADDING
    least, label, most, text = [padding] * count, [padding] * count, [padding] * count, [0.0] * count
    rows = [(row, True) for row in block.head] + [(row, False) for n, row in enumerate(block.body)
                                                  if n not in block.groups]
    for row, head in rows:
        for k, cell in enumerate(row):
            word, whole_label, line, whole = _extent(cell, styles.cell_style(cell.align, head), styles)
            least[k], most[k] = max(least[k], word + padding), max(most[k], line + padding)
            label[k] = max(label[k], whole_label + padding)
            text[k] += whole
    if sum(least) > width:
        return [width * w / sum(block.widths) for w in block.widths]
    # Chinese labels kept whole where they all fit, else as far as the room left allows
    share = min(1.0, (width - sum(least)) / (sum(label) - sum(least) or 1))
    least = [low + (whole - low) * share for low, whole in zip(least, label)]
    if sum(most) <= width:
        return [high + (width - sum(most)) * t / (sum(text) or 1) for high, t in zip(most, text)]
    weights = [max(math.sqrt(t), 1) for t in text]

    def widths(scale: float) -> list[float]:
        return [min(max(padding + scale * w, low), high) for w, low, high in zip(weights, least, most)]

    low, high = 0.0, width / min(weights)  # the scale of the room for text, found by bisection
    for _ in range(50):
        middle = (low + high) / 2
        low, high = (low, middle) if sum(widths(middle)) > width else (middle, high)
    return widths(high)


def _extent(cell: Cell, style: ParagraphStyle, styles: Styles) -> tuple[float, float, float]:
    """The widths of the widest word, of the widest label, of the longest line and of
    all the text of a cell in `style`. Where broken the East Asian way, a word is what
    `_may_break` keeps whole, and a label the whole of a text of up to `CJK_WORD`
    characters (a table's labels and heads break only where nothing else fits, clreq
    3.1.7); elsewhere a label is the widest word."""
    style = styles.wrapping(style, plain(cell.inlines))
    fonts = styles.fonts
    runs = [run for i in cell.inlines
            for run in fonts.runs(i.text, fonts.styled(style.fontName, i.strong, i.emph), i.lang)]
    text = "".join(part for _, part in runs)
    starts = list(itertools.accumulate((len(part) for _, part in runs), initial=0))

    def measure(a: int, b: int) -> float:
        b = a + len(text[a:b].rstrip())
        return sum(_width(part[max(a - at, 0):b - at], face, style.fontSize)
                   for (face, part), at in zip(runs, starts) if at < b and at + len(part) > a)

    if style.wordWrap == "CJK":
        ends = [n for n in range(1, len(text)) if _may_break(text[n - 1], text[n])]
        words = list(zip([0, *ends], [*ends, len(text)]))
    else:
        words = [m.span() for m in _WORDS.finditer(text)]
    lines = [measure(*m.span()) for m in re.finditer("[^\n]+", text)]
    indent = style.leftIndent + style.rightIndent
    widest = max(itertools.starmap(measure, words), default=0)
    label = measure(0, len(text)) if style.wordWrap == "CJK" and len(text.strip()) <= CJK_WORD else widest
    return widest + indent, label + indent, max(lines, default=0) + indent, sum(lines)


@functools.lru_cache(maxsize=4096)  # the same words come again and again
def _width(text: str, face: str, size: float) -> float:
    return stringWidth(text, face, size)


class LongTable(Flowable):
    """A table given to reportlab a few rows at a time, split over pages between rows.

    reportlab measures every row of a table each time it splits it at the end of a page,
    and makes the rest a new table of all the rows left: n rows over p pages took time
    n·p (an index of 16,800 indicators, minutes). This flowable holds a table of the head
    and the first rows, adds rows only while they all fit in the height offered (or a
    page), and makes the cells of the rest only when they are reached. The rest of a
    split starts on the next page, under the head rows: a row is split inside only when
    it does not fit on a page with them.
    """

    def __init__(self, grid: Callable[..., RLTable], rows: list, count: int,
                 cells: Callable[[int], list], page: float, start: int,
                 space_before: float | None = None):
        self._grid = grid  # rows of cells, the space before (and whether to split in a row) -> a table
        self._rows = rows  # the rows of cells in the table, the head first
        self._count, self._next = count, start  # the document's body rows, and the first not in the table
        self._cells = cells  # the number of a document's body row -> its cells
        self._page = page  # the height of a page's text
        self._table = grid(rows, space_before)
        self.hAlign = self._table.hAlign

    def wrap(self, availWidth, availHeight):
        """The table's size; with rows still to come, at least as tall as `availHeight` or a page."""
        while True:
            self.width, self.height = self._table.wrap(availWidth, availHeight)
            if self.height > min(availHeight, self._page) or self._next >= self._count:
                return self.width, self.height
            more = range(self._next, min(self._next + ROWS_AT_A_TIME, self._count))
            self._rows = self._rows + [self._cells(n) for n in more]
            self._next += len(more)
            self._table = self._grid(self._rows, getattr(self._table, "spaceBefore", None))

    def split(self, availWidth, availHeight):
        """The rows that fit and the rest (a table of the head rows and the rows left)."""
        self.wrap(availWidth, availHeight)
        parts = self._table.split(availWidth, availHeight)
        if not parts and self._too_tall():
            table = self._grid(self._rows, getattr(self._table, "spaceBefore", None), in_row=True)
            table.wrap(availWidth, availHeight)
            parts = table.split(availWidth, availHeight)
        if len(parts) < 2:
            return parts
        first, rest = parts
        rest = LongTable(self._grid, rest._cellvalues, self._count, self._cells, self._page, self._next)
        return [first, rest]

    def _too_tall(self) -> bool:
        """Whether the head rows and the first row below them (with the group rows over
        it) are taller than a page."""
        rows, heights = self._table._cellvalues, self._table._rowHeights
        end = self._table.repeatRows
        while end < len(rows) - 1 and _titled(rows[end]):
            end += 1
        return sum(heights[:end + 1]) > self._page

    def draw(self):
        self._table.drawOn(self.canv, 0, 0)

    def getSpaceBefore(self):
        return self._table.getSpaceBefore()

    def getSpaceAfter(self):
        return self._table.getSpaceAfter()

    def identity(self, maxLen=None):
        return self._table.identity(maxLen)


def columns(block: Columns, styles: Styles, tags: Tags, width: float) -> RLTable:
    """Paragraphs and their translations side by side: a borderless two-column table
    whose rows may split across pages. A row is as far from the next as its paragraphs'
    spacing says, and a shaded paragraph's background (which reaches its border padding
    beyond the text) clears the rows around it. The table only lays them out: each is a
    paragraph `P`, read row by row, left before right."""
    gutter = styles.small_size * 1.5

    def flowable(block) -> list[Flowable]:
        if block is None:
            return []
        style = styles.wrapping(styles.paragraph(block.style), plain(block.inlines))
        if style.alignment == TA_JUSTIFY and style.wordWrap != "CJK":
            style = _ragged(style)  # justified, a half-width column of English opens rivers
        made = paragraph(block.inlines, style, styles, block.anchor)
        made.tag = tags.element("P", inlines=block.inlines)
        return [made]

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
    return Grid(rows, colWidths=[width / 2] * 2, splitInRow=1, style=commands)


#: The named paragraph callback (``<onDraw>``) that draws the page number of an anchor.
PAGE_OF = "page-of"


@functools.cache
def _ragged(style: ParagraphStyle) -> ParagraphStyle:
    return ParagraphStyle(f"{style.name}-ragged", style, alignment=TA_LEFT)


def _cell(cell: Cell, style: ParagraphStyle, styles: Styles,
          kind: type[CachedParagraph] = CachedParagraph) -> CachedParagraph:
    if cell.page_of is not None:  # its inlines, then the page number, drawn when known
        markup = styles.markup(cell.inlines, style) + f'<onDraw name="{PAGE_OF}" label="{escape(cell.page_of)}"/>'
        return CachedParagraph(markup, style)
    return paragraph(cell.inlines, styles.wrapping(style, plain(cell.inlines)), styles, kind=kind)


class _Image(Tagged, Image):
    """An image drawn as its element's content."""


def figure(block: Figure, styles: Styles, tags: Tags, width: float, height: float) -> list[Flowable]:
    """An image scaled to its share of the text width (at most 80% of the text height,
    keeping its aspect ratio), kept together with its caption below it."""
    image_w, image_h = ImageReader(str(block.image)).getSize()
    w = width * block.width
    h = w * image_h / image_w
    if h > height * 0.8:
        w, h = w * height * 0.8 / h, height * 0.8
    return with_caption(_Image(str(block.image), width=w, height=h), block.description(), block.caption,
                        block.anchor, styles, tags)


def with_caption(body: Tagged, alt: str, caption: Caption | None, anchor: str | None, styles: Styles,
                 tags: Tags) -> list[Flowable]:
    """A figure or chart kept together with its centred caption below it; an anchor
    without a caption stands before it. Tagged as a `Figure` with `alt` as its
    alternative text, then its `Caption`; one without only decorates, an artifact."""
    body.tag = tags.element("Figure", alt=alt) if alt else None
    parts = [body]
    captioned = _captioned(caption, anchor, styles, tags, alignment=TA_CENTER)
    if isinstance(captioned, AnchorFlowable):
        parts.insert(0, captioned)
    elif captioned:
        parts.append(captioned)
    return [KeepTogether(parts)]


def _captioned(caption: Caption | None, anchor: str | None, styles: Styles, tags: Tags,
               parent: Element | None = None, alignment: int = TA_LEFT, reach: float = 0) -> Flowable | None:
    """The caption paragraph (holding the anchor), a bare anchor, or None; the anchor is
    marked, so lists of tables and figures learn its page. A caption reaches `reach`
    into each margin, as its table does; it is a `Caption` element in `parent`."""
    marks = Marks(anchor) if anchor else None
    if caption:
        base = styles.paragraph("caption")
        style = ParagraphStyle("caption-aligned", base, alignment=alignment,
                               leftIndent=base.leftIndent - reach, rightIndent=base.rightIndent - reach)
        style = styles.wrapping(style, caption.plain())
        inlines = (Inline(caption.prefix()), *caption.text)
        made = paragraph(inlines, style, styles, anchor, MarkedParagraph, marks=marks)
        made.tag = tags.element("Caption", parent, caption.text)
        return made
    if anchor:
        flowable = AnchorFlowable(anchor)
        flowable.marks = marks
        return flowable
    return None

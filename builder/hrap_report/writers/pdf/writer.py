"""The PDF writer: draws a document model with reportlab platypus.

Layout rules of this writer:

* the first page (the cover) has no header or footer; every later page has a footer,
  and from the first level-1 heading on (not on the contents) a running header
  (``meta.header`` left, the current level-1 heading right, a thin rule); the footer is
  the page number as the theme's `page_numbers` says ("3", "3 / 95" or
  ``meta.page_label``'s "Page 3 of 95"), centred;
* a level-1 heading starts a new page, and explicit page breaks never leave a blank
  page (both are reportlab's ``PageBreakIfNotEmpty``);
* anchors become link destinations, ``outline`` entries become PDF bookmarks (shown
  when the file opens, collapsed to level 1), contents entries link to their anchors
  and end in a dot leader and a page number;
* the story is made as it is laid out: reportlab takes its flowables from the front of
  a list, which is kept `_AHEAD` long from the document's blocks, so a large report is
  never held as flowables whole;
* the story is laid out once (a plain ``build``). What is only known at the end is
  drawn as form XObjects, which a page may use before they are defined: each footer
  label ("Page 3 of 95", centred, so its whole width depends on the total) is the form
  ``page-label-N``, and each contents entry's dot leader and page number is the form
  ``contents-N``, drawn from where the entry's text ends. Both kinds of form are
  defined after the last page, so the layout never depends on these numbers.

Fonts are the theme's TrueType files, embedded; no base-14 font is ever used.

Every flowable carries its structure element and draws as its marked content (see
`tagging`); `archive` adds the structure tree and what makes the file PDF/UA-1 and
PDF/A-2b, as an update of the saved file.
"""
from __future__ import annotations

import datetime
import functools
import hashlib
import io
import itertools
import math
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from html import escape
from pathlib import Path

from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import TimeStamp
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate
from reportlab.platypus.flowables import PageBreakIfNotEmpty

from hrap_report.document.blocks import (
    Chart,
    Columns,
    Contents,
    ContentsEntry,
    Document,
    Figure,
    Heading,
    Inline,
    Inlines,
    ListOf,
    Meta,
    Outline,
    PageBreak,
    Paragraph,
    Table,
    plain,
)
from hrap_report.languages import is_right_to_left
from hrap_report.writers.pdf import archive
from hrap_report.writers.pdf.charts import chart
from hrap_report.writers.pdf.flowables import (
    PAGE_OF,
    CachedParagraph,
    KeepWithStart,
    MarkedParagraph,
    Marks,
    columns,
    figure,
    paragraph,
    table,
)
from hrap_report.writers.pdf.fonts import Fonts
from hrap_report.writers.pdf.styles import PLACED, Styles, build_styles
from hrap_report.writers.pdf.tagging import TaggedCanvas, Tags
from hrap_report.writers.theme import Theme

#: The named paragraph callback (``<onDraw>``) that ends a contents or list entry.
_CONTENTS_END = "contents-end"
#: The room a page number in a table cell may take, in ems.
_PAGE_ROOM = 4
_DOT = " . "  # a leader's dot with its spacing
#: The trailer's file ID as reportlab writes it, two copies of one hash.
_FILE_ID = re.compile(rb"/ID\s*\[(<[0-9a-f]{32}><[0-9a-f]{32}>)\]")
#: The end of the file the trailer is in, and the pieces the file is hashed in (bytes).
_TRAILER, _PIECE = 4096, 1 << 20
#: The flowables made ahead of the one being placed: more than any group reportlab keeps
#: together (headings and captions kept with what follows them).
_AHEAD = 64


@dataclass
class _Entry:
    """An entry of a contents list or a list of tables or figures: its anchor and style,
    and where its text ended when drawn."""

    anchor: str
    style: ParagraphStyle
    paragraph: Flowable
    room: float = 0  # the width from the end of the text to the right edge (the left in a right-to-left entry)

    @property
    def rtl(self) -> bool:
        """Whether the entry runs right to left: its number at the left, the dots after its text."""
        return getattr(self.style, "rtl", False)


def prepare(theme: Theme, languages: tuple[str, ...]) -> None:
    """Read the theme's fonts a document in one of `languages` is drawn with (once a
    process: reportlab keeps them registered)."""
    for language in languages:
        build_styles(theme, language).fonts.read_all()


def write(document: Document, path: Path, theme: Theme) -> int:
    """Write `document` as a PDF to `path` in the look of `theme`; return its page count.
    The file is tagged (PDF/UA-1) and archival (PDF/A-2b): see `tagging` and `archive`."""
    styles = build_styles(theme, document.meta.language)
    tags = Tags(document.meta.language, dict(document.meta.locales))
    doc = _ReportTemplate(path, document.meta, theme, styles, tags)
    doc.build_story(_story(document, styles, tags, doc.width, doc.height, doc.entries,
                           doc.width + 2 * doc.reach))
    missing = [e.anchor for e in doc.entries if e.anchor not in doc.placed]
    if missing:
        raise ValueError(f"contents or list entries point to anchors no block has: "
                         f"{', '.join(missing)}")
    doc.finish()
    archive.append(path, doc.canv._doc, tags, document.meta)
    _identify(path)
    return doc.page


def _time_stamp(date: datetime.datetime | None) -> TimeStamp:
    """The creation date reportlab writes: `date`, or without one its invariant mode's
    fixed date (2000-01-01), never the clock."""
    stamp = TimeStamp(invariant=True)
    if date is not None:
        stamp.t = date.timestamp()
        stamp.lt = date.utctimetuple()
        stamp.YMDhms = tuple(stamp.lt)[:6]
    return stamp


def _identify(path: Path) -> None:
    """Give the file an ID made from its content. reportlab's is a hash of the creation
    date alone, the same for every file built in invariant mode. The file is read a piece
    at a time (a large report's is tens of megabytes); the ID is in its trailer, at the end."""
    with path.open("r+b") as file:
        size = file.seek(0, io.SEEK_END)
        tail = file.seek(max(0, size - _TRAILER))
        found = [*_FILE_ID.finditer(file.read())]
        if not found:
            raise ValueError("reportlab wrote no file ID where one was expected")
        start, end = (tail + at for at in found[-1].span(1))
        digest = hashlib.md5(usedforsecurity=False)
        for at, until in ((0, start), (end, size)):
            file.seek(at)
            while at < until:
                piece = file.read(min(_PIECE, until - at))
                digest.update(piece)
                at += len(piece)
        file.seek(start)
        identity = digest.hexdigest().encode()
        file.write(b"<%s><%s>" % (identity, identity))  # as long as the old ID: offsets stay right


class _ReportTemplate(BaseDocTemplate):
    """A cover page template, a body page template, and the bookkeeping of placed flowables."""

    def __init__(self, path: Path, meta: Meta, theme: Theme, styles: Styles, tags: Tags):
        margins = theme.margins_mm
        super().__init__(
            str(path), pagesize=A4 if theme.paper == "a4" else LETTER,
            leftMargin=margins.left * mm, rightMargin=margins.right * mm,
            topMargin=margins.top * mm, bottomMargin=margins.bottom * mm,
            title=meta.title, author=meta.author, subject=meta.subject, keywords=meta.keywords,
            creator="hrap-report",
            lang=meta.language, displayDocTitle=True, keepTogetherClass=KeepWithStart, invariant=True,
            initialFontName=styles.body.regular, initialFontSize=theme.style("body").size,
        )
        self.meta, self.theme, self.styles, self.tags = meta, theme, styles, tags
        self.reach = (theme.wide_width_mm * mm - self.width) / 2  # of wide blocks, into each margin
        self.entries: list[_Entry] = []
        self.page_refs: dict[str, int] = {}  # anchor -> the number of its form, in a cell
        self.placed: dict[str, int] = {}  # anchor or outline key -> page
        self.labelled: list[int] = []  # the pages with a footer label
        self._doSave = False  # reportlab's build must not save: `finish` does, once the forms exist
        self.addPageTemplates([
            PageTemplate("cover", [self._frame(top=self.height / 5)], autoNextPageTemplate="body"),
            PageTemplate("body", [self._frame()], onPageEnd=self._decorate),
        ])

    def _frame(self, top: float = 0) -> Frame:
        """The text frame; `top` lowers the start of the text (on the cover)."""
        return Frame(self.leftMargin, self.bottomMargin, self.width, self.height,
                     leftPadding=0, rightPadding=0, topPadding=top, bottomPadding=0)

    def build_story(self, story: Iterator[Flowable]) -> None:
        """Lay out the flowables of `story`, made as reportlab reaches them."""
        self._coming = story
        self._waiting: list[Flowable] = []
        self._top_up()
        self.build(self._waiting, canvasmaker=TaggedCanvas)

    def handle_flowable(self, flowables):
        super().handle_flowable(flowables)
        if flowables is self._waiting:  # not the flowables reportlab holds back at a page's start
            self._top_up()

    def _top_up(self) -> None:
        """Make the story's next flowables until `_AHEAD` are waiting. reportlab's build
        ends when its list is empty, so it is topped up after each flowable is placed."""
        if len(self._waiting) < _AHEAD:
            self._waiting.extend(itertools.islice(self._coming, _AHEAD - len(self._waiting)))

    def beforeDocument(self):
        """Set up the state of the build; show the outline when the file opens."""
        self.section = ""
        self.outline_level = -1
        self.canv.showOutline()
        self.canv.tags = self.tags
        self.canv.setNamedCB(_CONTENTS_END, self._contents_end)
        self.canv.setNamedCB(PAGE_OF, self._page_of)
        self.canv.setNamedCB(PLACED, lambda canv, kind, label: self.placed.setdefault(label, self.page))
        self.canv._doc._timeStamp = _time_stamp(self.meta.date)

    def finish(self):
        """Define the forms the pages use, now that every page number is known; key the
        pages in the structure's parent tree; save."""
        canv, font, centre = self.canv, self.styles.body.regular, self.leftMargin + self.width / 2
        for page in self.labelled:
            label = self.theme.page_label(self.meta.page_label).format(page=page, pages=self.page)
            canv.beginForm(f"page-label-{page}")
            canv.setFillColor(self.styles.heading_color)
            self.styles.fonts.draw(canv, centre, self.bottomMargin * 0.45, label, font,
                                   self.styles.small_size, "centre")
            canv.endForm()
        for n, entry in enumerate(self.entries):
            # the number flush right; the leader's dots on a grid common to every entry,
            # so they line up down the page, from a dot's width after the text
            style, number = entry.style, str(self.placed[entry.anchor])
            step = stringWidth(_DOT, style.fontName, style.fontSize)
            wide = stringWidth(number, style.fontName, style.fontSize)
            if entry.rtl:  # the form's right edge is where the text starts, `room` from the left
                canv.beginForm(f"contents-{n}", -max(entry.room, 1), -style.leading, 0, style.leading)
                canv.setFont(style.fontName, style.fontSize)
                canv.setFillColor(style.textColor)
                dots = max(0, int((entry.room - wide - step) / step))
                canv.drawRightString(-step + stringWidth(" ", style.fontName, style.fontSize), 0, _DOT * dots)
                canv.drawString(-entry.room, 0, number)
                canv.endForm()
                continue
            start = self.width - entry.room  # where the text ended, from the frame's left
            last = self.width - wide - step
            canv.beginForm(f"contents-{n}", 0, -style.leading, max(entry.room, 1), style.leading)
            canv.setFont(style.fontName, style.fontSize)
            canv.setFillColor(style.textColor)
            first = math.ceil(start / step)
            canv.drawString(first * step - start, 0, _DOT * max(0, int(last / step) + 1 - first))
            canv.drawRightString(entry.room, 0, number)
            canv.endForm()
        cell = self.styles.cell
        for anchor, n in self.page_refs.items():  # blank for an anchor no block has
            number = str(self.placed.get(anchor, ""))
            canv.beginForm(f"page-of-{n}", -_PAGE_ROOM * cell.fontSize, -cell.leading, 0, cell.leading)
            canv.setFont(cell.fontName, cell.fontSize)
            canv.setFillColor(cell.textColor)
            canv.drawRightString(0, 0, number)
            canv.endForm()
        archive.prepare(canv._doc, self.tags, self.meta)
        canv.save()

    def _page_of(self, canv, kind, label):
        """Draw the page number of the anchor `label` (a form), ending where the cell's
        text does, linked to the anchor where it is already placed (an index follows
        what it lists; a link to a destination never made would fail the file)."""
        n = self.page_refs.setdefault(label, len(self.page_refs))
        size = self.styles.cell.fontSize
        link = (label, (-_PAGE_ROOM * size, -size * 0.25, 0, size)) if label in self.placed else None
        self._form_after_text(canv, f"page-of-{n}", link)

    def _contents_end(self, canv, kind, label):
        """Draw a contents entry's dots and number (a form), linked to its anchor."""
        entry = self.entries[int(label)]
        x = canv._curr_tx_info["cur_x"]
        if not entry.rtl:
            entry.room = self.width - x
            self._form_after_text(canv, f"contents-{label}", (entry.anchor, (0, 0, entry.room, entry.style.leading)))
            return
        x -= _line_width(entry.paragraph.blPara.lines[-1], entry.style)  # the callback is drawn last, at the right
        entry.room = x
        self._form_after_text(canv, f"contents-{label}", (entry.anchor, (-x, 0, 0, entry.style.leading)), x)

    def _form_after_text(self, canv, form: str, link: tuple[str, tuple] | None, x: float | None = None) -> None:
        """Draw `form` where a paragraph's callback is (the end of its text so far), or
        at `x` on its line, with a link (anchor, rectangle there) on it, once the
        paragraph's words are drawn: they are read first."""
        x, y = canv._curr_tx_info["cur_x"] if x is None else x, canv._curr_tx_info["cur_y"]

        def draw():
            canv.saveState()
            canv.translate(x, y)
            canv.doForm(form)
            if link is not None:
                canv.linkRect("", link[0], link[1], relative=1)
            canv.restoreState()
        self.tags.after_text(draw)

    def afterFlowable(self, flowable: Flowable):
        """Act on a placed flowable's marks: header text, outline entry, page of an anchor."""
        marks: Marks | None = getattr(flowable, "marks", None)
        if marks is None:
            return
        if marks.section is not None:
            self.section = marks.section
        if marks.outline:
            # reportlab's outline levels start at 0 and may not skip a level going down
            level = max(0, min(marks.outline.level - 1, self.outline_level + 1))
            self.canv.addOutlineEntry(marks.outline.title, marks.key, level, closed=True)
            self.outline_level = level
        if marks.key:
            self.placed.setdefault(marks.key, self.page)

    def _decorate(self, canv, doc):
        """Draw the running header and the footer of a body page."""
        font, size = self.styles.body.regular, self.styles.small_size
        # as wide as the tables: a chapter's title beside the report's needs the room
        left, right = self.leftMargin - self.reach, self.leftMargin + self.width + self.reach
        canv.saveState()
        canv.setFillColor(self.styles.heading_color)
        with self.tags.artifact(canv, "Pagination"):
            if self.section:  # none before the first chapter: on the contents and lists
                self._running_head(canv, font, size, left, right)
            canv.doForm(f"page-label-{self.page}")  # defined by `finish`, with the page total
        self.labelled.append(self.page)
        canv.restoreState()

    def _running_head(self, canv, font: str, size: float, left: float, right: float) -> None:
        """The document's short title left, the current chapter right, a rule below; the
        other way round in a right-to-left document."""
        fonts = self.styles.fonts
        header_y = self.pagesize[1] - self.topMargin * 0.55
        header = _fit(self.meta.header, fonts, font, size, right - left)
        room = right - left - fonts.width(header, font, size) - 2 * size
        section = _fit(self.section, fonts, font, size, room)
        if is_right_to_left(fonts.language):
            header, section = section, header
        fonts.draw(canv, left, header_y, header, font, size)
        fonts.draw(canv, right, header_y, section, font, size, "right")
        canv.setStrokeColor(self.styles.rule_color)
        canv.setLineWidth(0.5)
        canv.line(left, header_y - size * 0.6, right, header_y - size * 0.6)


@functools.lru_cache(maxsize=16)  # a chapter's running header is the same on each of its pages
def _fit(text: str, fonts: Fonts, font: str, size: float, width: float) -> str:
    """`text`, shortened to at most `width` points: cut at a word (between characters
    in a text without spaces, as Chinese is), ending in an ellipsis."""
    if fonts.width(text, font, size) <= width:
        return text
    # the longest prefix that fits with the ellipsis, by bisection: a title may be very long
    low, high = 0, len(text)
    while low < high:
        middle = (low + high + 1) // 2
        if fonts.width(text[:middle] + "…", font, size) <= width:
            low = middle
        else:
            high = middle - 1
    shown = text[:low]
    if " " in text and low < len(text) and text[low] != " ":
        shown = shown.rpartition(" ")[0] or shown  # not in the middle of a word
    return shown.rstrip(" ,;:(-–—") + "…" if shown.strip() else ""


def _story(document: Document, styles: Styles, tags: Tags, width: float, height: float,
           entries: list[_Entry], wide: float) -> Iterator[Flowable]:
    """The flowables of the document, made block by block as they are taken; the entries
    of its contents lists and lists of tables or figures are added to `entries` as their
    flowables are made. A page break is given only before something that follows it, and
    never twice in a row: reportlab drops a PageBreakIfNotEmpty only right after a page
    ended, and one at the end would add an empty page before the page counter."""
    held = None
    for flowable in _flowables(document, styles, tags, width, height, entries, wide):
        if isinstance(flowable, PageBreakIfNotEmpty):
            held = flowable
            continue
        if held is not None:
            yield held
            held = None
        yield flowable


def _flowables(document: Document, styles: Styles, tags: Tags, width: float, height: float,
               entries: list[_Entry], wide: float) -> Iterator[Flowable]:
    """The flowables of each block in turn (with page breaks as `_story` takes them),
    each with its structure element; tables, charts and side-by-side columns are `wide`,
    centred on the text column."""
    keys = (f"_outline-{n}" for n in itertools.count(1))

    def marked(role: str, inlines: Inlines, style, anchor: str | None, outline: Outline | None,
               section: str | None = None) -> MarkedParagraph:
        key = anchor or (next(keys) if outline else None)
        style = styles.wrapping(style, plain(inlines))
        marks = Marks(key, outline, section) if key or section is not None else None
        made = paragraph(inlines, style, styles, key, MarkedParagraph, marks=marks)
        made.tag = tags.element(role, inlines=inlines)
        return made

    for block in document.blocks:
        match block:
            case PageBreak():
                yield PageBreakIfNotEmpty()
            case Heading(level=level) if 1 <= level <= 3:
                if level == 1 and not block.translation:
                    yield PageBreakIfNotEmpty()
                section = (block.running or plain(block.inlines)) if level == 1 and not block.translation else None
                yield marked(f"H{level}", block.inlines, styles.headings[level - 1], block.anchor,
                             block.outline, section)
            case Heading():
                raise ValueError(f"heading level {block.level} is not 1-3")
            case Paragraph():
                yield marked("P", block.inlines, styles.paragraph(block.style), block.anchor, block.outline)
            case Contents():
                listed = [e for e in block.entries if e.level <= block.depth]
                yield from _contents(block.title, listed, styles, tags, entries)
            case ListOf(kind="table" | "figure"):
                yield from _contents(block.title, block.entries, styles, tags, entries, block.empty)
            case ListOf():
                raise ValueError(f"unknown list kind {block.kind!r} (not table or figure)")
            case Columns():
                yield columns(block, styles, tags, wide)
            case Table():
                yield from table(block, styles, tags, wide, height, (wide - width) / 2)
            case Figure():
                yield from figure(block, styles, tags, width, height)
            case Chart():
                yield from chart(block, styles, tags, wide, height)
            case _:
                raise TypeError(f"not a document block: {block!r}")


def _line_width(line, style: ParagraphStyle) -> float:
    """The width of the text of a paragraph's line: one in several fonts knows it, one in
    a single font (a pair: extra space, words) is measured."""
    if isinstance(line, tuple):
        return stringWidth(" ".join(line[1]), style.fontName, style.fontSize)
    return sum(stringWidth(f.text, f.fontName, f.fontSize) for f in line.words if not hasattr(f, "cbDefn"))


def _contents(title: str, listed: Sequence[ContentsEntry], styles: Styles, tags: Tags,
              entries: list[_Entry], empty: str = "") -> list[Flowable]:
    """The title and entries of a contents list or a list of tables or figures; each
    entry is also added to `entries`. `empty` is shown when there are no entries. Tagged
    as a paragraph (the title) and a `TOC` of a `TOCI` an entry.

    An entry is a paragraph linking to its anchor and ending in the `_CONTENTS_END`
    callback, which draws the dots and page number; the style's right indent keeps room
    for them, so no number changes where a line breaks.
    """
    story: list[CachedParagraph] = []
    if title:
        style = styles.wrapping(styles.paragraph("contents-title"), title)
        story.append(paragraph((Inline(title),), style, styles))
        story[-1].tag = tags.element("P")
    toc = tags.element("TOC") if listed else None
    for e in listed:
        style = styles.contents_levels[min(max(0, e.level - 1), len(styles.contents_levels) - 1)]
        style = styles.wrapping(style, e.text)
        href = escape(e.anchor, quote=False).replace('"', "&quot;")
        story.append(CachedParagraph(f'<a href="#{href}">{styles.text_markup(e.text, style)}</a>'
                                     f'<onDraw name="{_CONTENTS_END}" label="{len(entries)}"/>', style))
        story[-1].tag = tags.element("P", tags.element("TOCI", toc), text=e.text)
        entries.append(_Entry(e.anchor, style, story[-1]))
    if empty and not listed:
        style = styles.wrapping(styles.paragraph("body"), empty)
        story.append(paragraph((Inline(empty),), style, styles))
        story[-1].tag = tags.element("P")
    return story

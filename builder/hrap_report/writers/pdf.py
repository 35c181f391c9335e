"""The PDF writer: draws a document model with reportlab platypus.

Layout rules of this writer:

* the first page (the cover) has no header or footer; every later page has a running
  header (``meta.header`` left, the current level-1 heading right, a thin rule) and a
  footer with ``meta.page_label`` ("Page 3 of 95") centred;
* a level-1 heading starts a new page, and explicit page breaks never leave a blank
  page (both are reportlab's ``PageBreakIfNotEmpty``);
* anchors become link destinations, ``outline`` entries become PDF bookmarks (shown
  when the file opens, collapsed to level 1), contents lists get page numbers and links;
* the whole story is laid out with ``multiBuild`` until contents page numbers and the
  page total are stable (normally two passes).

Fonts are the theme's TrueType files, embedded; no base-14 font is ever used.
"""
from __future__ import annotations

import itertools
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate
from reportlab.platypus import Paragraph as RLParagraph
from reportlab.platypus.flowables import PageBreakIfNotEmpty
from reportlab.platypus.tableofcontents import TableOfContents, TableStyle, defaultTableStyle

from ..document import (
    Contents, ContentsEntry, Document, Figure, Heading, Inlines, Meta, Outline, PageBreak,
    Paragraph, Table, plain,
)
from ..theme import Theme
from .pdf_flowables import KeepWithStart, MarkedParagraph, Marks, PageTotal, figure, table
from .pdf_styles import Styles, anchor_markup, build_styles, markup

#: A contents list: the notification kind its TableOfContents listens to, and its entries.
_Contents = tuple[str, dict[str, ContentsEntry]]


def write(document: Document, path: Path, theme: Theme) -> int:
    """Write `document` as a PDF to `path` in the look of `theme`; return its page count."""
    styles = build_styles(theme)
    doc = _ReportTemplate(path, document.meta, theme, styles)
    story, contents = _story(document, styles, doc.width, doc.height)
    doc.contents = contents
    doc.multiBuild([*story, doc.page_total])
    missing = [a for _, entries in contents for a in entries if a not in doc.placed]
    if missing:
        raise ValueError(f"contents entries point to anchors no block has: {', '.join(missing)}")
    return doc.page


class _ReportTemplate(BaseDocTemplate):
    """A cover page template, a body page template, and the bookkeeping of placed flowables."""

    def __init__(self, path: Path, meta: Meta, theme: Theme, styles: Styles):
        margins = theme.margins_mm
        super().__init__(
            str(path), pagesize=A4 if theme.paper == "a4" else LETTER,
            leftMargin=margins.left * mm, rightMargin=margins.right * mm,
            topMargin=margins.top * mm, bottomMargin=margins.bottom * mm,
            title=meta.title, author=meta.author, subject=meta.subject, keywords=meta.keywords,
            lang=meta.language, displayDocTitle=True, keepTogetherClass=KeepWithStart,
            initialFontName=styles.body.regular, initialFontSize=theme.sizes.body,
        )
        self.meta, self.styles = meta, styles
        self.page_total = PageTotal()
        self.contents: list[_Contents] = []
        self.placed: set[str] = set()
        self.addPageTemplates([
            PageTemplate("cover", [self._frame(top=self.height / 5)], autoNextPageTemplate="body"),
            PageTemplate("body", [self._frame()], onPageEnd=self._decorate),
        ])

    def _frame(self, top: float = 0) -> Frame:
        """The text frame; `top` lowers the start of the text (on the cover)."""
        return Frame(self.leftMargin, self.bottomMargin, self.width, self.height,
                     leftPadding=0, rightPadding=0, topPadding=top, bottomPadding=0)

    def beforeDocument(self):
        """Reset the per-pass state; show the outline when the file opens."""
        self.section = ""
        self.outline_level = -1
        self.placed = set()
        self.canv.showOutline()

    def afterPage(self):
        """Count the page for the footer's page total."""
        self.notify("pages", self.page)

    def afterFlowable(self, flowable: Flowable):
        """Act on a placed paragraph's marks: header text, outline entry, contents entry."""
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
            self.placed.add(marks.key)
            for kind, entries in self.contents:
                if entry := entries.get(marks.key):
                    self.notify(kind, (max(0, entry.level - 1), escape(entry.text), self.page, marks.key))

    def _decorate(self, canv, doc):
        """Draw the running header and the footer of a body page."""
        font, size = self.styles.body.regular, self.styles.small_size
        left, right = self.leftMargin, self.leftMargin + self.width
        header_y = self.pagesize[1] - self.topMargin * 0.55
        canv.saveState()
        canv.setFont(font, size)
        canv.setFillColor(self.styles.heading_color)
        canv.drawString(left, header_y, self.meta.header)
        room = self.width - stringWidth(self.meta.header, font, size) - 2 * size
        canv.drawRightString(right, header_y, _fit(self.section, font, size, room))
        canv.setStrokeColor(self.styles.rule_color)
        canv.setLineWidth(0.5)
        canv.line(left, header_y - size * 0.6, right, header_y - size * 0.6)
        total = self.page_total.total or "?"  # known from the second pass on
        label = self.meta.page_label.format(page=self.page, pages=total)
        canv.drawCentredString(left + self.width / 2, self.bottomMargin * 0.45, label)
        canv.restoreState()


def _fit(text: str, font: str, size: float, width: float) -> str:
    """`text`, shortened with an ellipsis to at most `width` points."""
    if stringWidth(text, font, size) <= width:
        return text
    while text and stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text.rstrip() + "…" if text else ""


def _story(document: Document, styles: Styles, width: float, height: float):
    """The flowables of the document's blocks, and the contents lists among them."""
    story: list[Flowable] = []
    contents: list[_Contents] = []
    keys = (f"_outline-{n}" for n in itertools.count(1))

    def marked(inlines: Inlines, style, anchor: str | None, outline: Outline | None,
               section: str | None = None) -> MarkedParagraph:
        key = anchor or (next(keys) if outline else None)
        text = (anchor_markup(key) if key else "") + markup(inlines)
        marks = Marks(key, outline, section) if key or section is not None else None
        return MarkedParagraph(text, style, marks=marks)

    for block in document.blocks:
        match block:
            case PageBreak():
                _page_break(story)
            case Heading(level=level) if 1 <= level <= 3:
                if level == 1:
                    _page_break(story)
                section = plain(block.inlines) if level == 1 else None
                story.append(marked(block.inlines, styles.headings[level - 1], block.anchor,
                                    block.outline, section))
            case Heading():
                raise ValueError(f"heading level {block.level} is not 1-3")
            case Paragraph():
                story.append(marked(block.inlines, styles.paragraph(block.style), block.anchor,
                                    block.outline))
            case Contents():
                story += _contents(block, styles, contents)
            case Table():
                story += table(block, styles, width)
            case Figure():
                story += figure(block, styles, width, height)
            case _:
                raise TypeError(f"not a document block: {block!r}")
    while story and isinstance(story[-1], PageBreakIfNotEmpty):
        story.pop()  # a break at the end would add an empty page before the page counter
    return story, contents


def _page_break(story: list[Flowable]) -> None:
    """End the page unless nothing is on it yet. reportlab drops a PageBreakIfNotEmpty
    only right after a page ended, so a second one in a row is never added."""
    if not (story and isinstance(story[-1], PageBreakIfNotEmpty)):
        story.append(PageBreakIfNotEmpty())


def _contents(block: Contents, styles: Styles, contents: list[_Contents]) -> list[Flowable]:
    """The title and TableOfContents of a contents block, registered in `contents`.

    The table starts out with the entries at page 0, so the first pass already lays it
    out at its final size; afterFlowable then reports each entry's real page.
    """
    kind = f"contents-{len(contents)}"
    entries = [e for e in block.entries if e.level <= block.depth]
    toc = TableOfContents(
        levelStyles=list(styles.contents_levels), dotsMinLevel=0, notifyKind=kind,
        tableStyle=TableStyle([styles.table_font], parent=defaultTableStyle),
    )
    toc.addEntries([(max(0, e.level - 1), escape(e.text), 0, e.anchor) for e in entries])
    contents.append((kind, {e.anchor: e for e in entries}))
    return [RLParagraph(escape(block.title), styles.paragraph("contents-title")), toc]

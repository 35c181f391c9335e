"""The floor for the PDF writer: the default report's paragraphs and tables as plain
reportlab flowables (one font family per paragraph, <b> and <i> for emphasis, no choice
of font per character, no bidi), with a contents page and a list of tables by reportlab's
TableOfContents and multiBuild, timed against `hrap_report`'s PDF writer on the same
document, alternating, in one process (fonts registered and modules imported once).

Charts are left out of both: the floor has none to draw. The floor's pages are a few more:
reportlab's KeepTogether moves a heading and all of a long paragraph after it to a new page.
Run: .venv/bin/python benchmarks/bare_reportlab.py [--repeat 5] [--lang en]
"""
from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from dataclasses import replace
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import registerFontFamily
from reportlab.platypus import Image, PageBreak, SimpleDocTemplate
from reportlab.platypus import Paragraph as RLParagraph
from reportlab.platypus import Table as RLTable
from reportlab.platypus.tableofcontents import TableOfContents

from hrap_report.compose.templates import compose
from hrap_report.document import blocks
from hrap_report.document.blocks import (
    Chart,
    Columns,
    Contents,
    Document,
    Figure,
    Heading,
    Inlines,
    ListOf,
    Paragraph,
    Table,
)
from hrap_report.resources import DATA
from hrap_report.validation.checks import load_report
from hrap_report.writers.pdf.fonts import FACES, wraps_as_east_asian
from hrap_report.writers.pdf.styles import Styles, build_styles
from hrap_report.writers.pdf.writer import write
from hrap_report.writers.theme import Theme, load_theme

FLOOR = "bare reportlab, one pass"


def document(language: str) -> Document:
    """The default report in `language`, without its charts (nor list entries for them)."""
    composed = compose(load_report(DATA), None, language=language)
    blocks = (replace(b, entries=()) if isinstance(b, ListOf) and b.kind == "figure" else b
              for b in composed.blocks if not isinstance(b, Chart))
    return replace(composed, blocks=tuple(blocks))


def markup(inlines: Inlines) -> str:
    """Escaped text with <b> and <i>: the paragraph's own font family does the rest."""
    parts = []
    for run in inlines:
        text = escape(run.text).replace("\n", "<br/>")
        text = f"<b>{text}</b>" if run.strong else text
        parts.append(f"<i>{text}</i>" if run.emph else text)
    return "".join(parts)


class _Template(SimpleDocTemplate):
    """Headings notify the contents and become bookmarks; captions fill the list of tables."""

    def afterFlowable(self, flowable):
        kind = getattr(flowable, "entry", None)
        if kind:
            level, text, key = flowable.entry_data
            self.notify(kind, (level, text, self.page, key))
            self.canv.bookmarkPage(key)
            if kind == "TOCEntry":
                self.canv.addOutlineEntry(text, key, level, closed=True)


def _entry(paragraph: RLParagraph, kind: str, level: int, text: str, key: str) -> RLParagraph:
    paragraph.entry, paragraph.entry_data = kind, (level, text, key)
    return paragraph


class _Faces:
    """One font family per paragraph: the East Asian one for a paragraph with CJK text
    (broken the East Asian way), else the Latin one."""

    def __init__(self, styles: Styles):
        self.east_asian = {}
        for role, family in styles.fonts.latin.items():
            other = styles.fonts.east_asian(role)
            for face in FACES if other else ():
                self.east_asian[getattr(family, face)] = getattr(other, face)
                registerFontFamily(getattr(other, face), normal=other.regular, bold=other.bold,
                                   italic=other.italic, boldItalic=other.bolditalic)
        self.styles: dict[int, ParagraphStyle] = {}

    def __call__(self, style: ParagraphStyle, text: str) -> ParagraphStyle:
        if not wraps_as_east_asian(text) or style.fontName not in self.east_asian:
            return style
        if id(style) not in self.styles:
            self.styles[id(style)] = ParagraphStyle(f"{style.name}-cjk", style, wordWrap="CJK",
                                                    fontName=self.east_asian[style.fontName])
        return self.styles[id(style)]


def story(doc: Document, styles: Styles, width: float) -> list:
    flowables: list = []
    faces = _Faces(styles)

    def paragraph(inlines: Inlines, style: ParagraphStyle) -> RLParagraph:
        return RLParagraph(markup(inlines), faces(style, "".join(i.text for i in inlines)))

    keys = iter(range(1, 1_000_000))
    for block in doc.blocks:
        match block:
            case Heading(level=level):
                if level == 1 and not block.translation and flowables and not isinstance(flowables[-1], PageBreak):
                    flowables.append(PageBreak())
                text = "".join(i.text for i in block.inlines)
                heading = paragraph(block.inlines, styles.headings[level - 1])
                flowables.append(_entry(heading, "TOCEntry", level - 1, text, f"h{next(keys)}")
                                 if block.contents else heading)
            case Paragraph():
                flowables.append(paragraph(block.inlines, styles.paragraph(block.style)))
            case Contents() | ListOf():
                flowables.append(RLParagraph(escape(block.title), styles.paragraph("contents-title")))
                text = "".join(e.text for e in block.entries)
                toc = TableOfContents(levelStyles=[faces(s, text) for s in styles.contents_levels],
                                      notifyKind="TOCEntry" if isinstance(block, Contents) else "TableEntry")
                flowables.append(toc)
            case Table():
                if block.caption:
                    caption = RLParagraph(escape(block.caption.plain()),
                                          faces(styles.paragraph("caption"), block.caption.plain()))
                    caption.keepWithNext = 1
                    flowables.append(_entry(caption, "TableEntry", 0, block.caption.plain(), f"t{next(keys)}"))
                rows = [[paragraph(c.inlines, styles.cell) for c in row] for row in block.head + block.body]
                total = sum(block.widths)
                flowables.append(RLTable(
                    rows, colWidths=[width * w / total for w in block.widths], repeatRows=len(block.head),
                    splitInRow=int(styles.cell.leading * 2), spaceBefore=4, spaceAfter=12, style=[
                        ("GRID", (0, 0), (-1, -1), 0.5, styles.rule_color), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                        ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
                        ("BACKGROUND", (0, 0), (-1, len(block.head) - 1), styles.table_header_color)]))
            case Columns():
                flowables.append(RLTable([[paragraph(p.inlines, styles.paragraph(p.style)) if p else ""
                                           for p in row] for row in block.rows], colWidths=[width / 2] * 2,
                                         splitInRow=1))
            case Figure():
                flowables.append(Image(str(block.image), width=width * block.width / 2,
                                       height=width * block.width / 2))
            case blocks.PageBreak():
                if flowables and not isinstance(flowables[-1], PageBreak):
                    flowables.append(PageBreak())
    return flowables


def build_bare(doc: Document, theme: Theme, styles: Styles, path: Path, passes: bool = True) -> int:
    """Build `doc` with plain reportlab; its page count. With `passes`, by multiBuild,
    laying the story out again until the contents page numbers settle (two passes or
    more); else one pass, whose contents stay a placeholder: the floor for one layout."""
    margins = theme.margins_mm
    template = _Template(str(path), pagesize=A4 if theme.paper == "a4" else LETTER,
                         leftMargin=margins.left * mm, rightMargin=margins.right * mm,
                         topMargin=margins.top * mm, bottomMargin=margins.bottom * mm,
                         title=doc.meta.title, invariant=True)
    font, size = styles.body.regular, styles.small_size

    def decorate(canv, tpl):
        canv.saveState()
        canv.setFont(font, size)
        top = tpl.pagesize[1] - tpl.topMargin * 0.55
        canv.drawString(tpl.leftMargin, top, doc.meta.header)
        canv.line(tpl.leftMargin, top - size * 0.6, tpl.leftMargin + tpl.width, top - size * 0.6)
        canv.drawCentredString(tpl.leftMargin + tpl.width / 2, tpl.bottomMargin * 0.45, f"Page {tpl.page}")
        canv.restoreState()

    flowables = story(doc, styles, template.width)
    if passes:
        template.multiBuild(flowables, onLaterPages=decorate)
    else:
        template.build(flowables, onLaterPages=decorate)
    return template.page


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="runs of each (median shown)")
    parser.add_argument("--lang", default="en", help="the report's language")
    args = parser.parse_args()
    doc, theme = document(args.lang), load_theme()
    styles = build_styles(theme, args.lang)
    for family in styles.fonts.latin.values():
        registerFontFamily(family.regular, normal=family.regular, bold=family.bold, italic=family.italic,
                           boldItalic=family.bolditalic)
    builders = {"hrap_report PDF writer": lambda path: write(doc, path, theme),
                FLOOR: lambda path: build_bare(doc, theme, styles, path, passes=False),
                "bare reportlab, multiBuild": lambda path: build_bare(doc, theme, styles, path)}
    times: dict[str, list[float]] = {name: [] for name in builders}
    pages = {}
    with tempfile.TemporaryDirectory() as folder:
        for name, build in builders.items():  # a first run of each, untimed: fonts parsed, caches warm
            pages[name] = build(Path(folder) / "warm.pdf")
        for _ in range(args.repeat):
            for name, build in builders.items():
                start = time.perf_counter()
                build(Path(folder) / "timed.pdf")
                times[name].append(time.perf_counter() - start)
    print(f"the default report ({args.lang}, no charts), median of {args.repeat}, alternating:")
    floor = statistics.median(times[FLOOR])
    for name, walls in times.items():
        median = statistics.median(walls)
        print(f"  {name:<30} {median:6.3f} s  {median / floor:4.2f}x the floor  ({pages[name]} pages)")


if __name__ == "__main__":
    main()

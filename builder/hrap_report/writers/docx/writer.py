"""The DOCX writer: draws a document model as a Word document with python-docx.

It starts from python-docx's default template and draws everything in named styles
(`styles`: Word's own, set up from the theme, and a few of the house's), pruned to the
ones used when it saves. Anything python-docx cannot say itself (fields, bookmarks, row
and style details) is done by `oxml`.
"""
from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import docx
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Inches, Length, Mm, Pt
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph as DocxParagraph

from hrap_report.document.blocks import (
    Block,
    Caption,
    Cell,
    Chart,
    Columns,
    Contents,
    ContentsEntry,
    Document,
    Figure,
    Heading,
    Inlines,
    ListOf,
    Meta,
    PageBreak,
    Paragraph,
    Table,
    plain,
)
from hrap_report.document.direction import has_right_to_left, right_to_left
from hrap_report.errors import InputError
from hrap_report.languages import is_east_asian, is_right_to_left, region_tag
from hrap_report.writers.docx import elements, oxml, styles
from hrap_report.writers.docx.body import StreamedBody
from hrap_report.writers.docx.charts import add_chart
from hrap_report.writers.docx.package import save
from hrap_report.writers.docx.styles import (
    CELL_STYLES,
    COLUMNS_STYLE,
    INDICATOR_LABEL,
    LIST_ENTRY,
    STYLES,
    TABLE_GROUP,
    TABLE_STYLE,
)
from hrap_report.writers.theme import Theme

#: The caption label a list of each kind collects when its entries name none.
LIST_KINDS = ("table", "figure")
PAPER = {"a4": (Mm(210), Mm(297)), "letter": (Inches(8.5), Inches(11))}
#: The East Asian language of a document in a Latin-script language.
EAST_ASIAN_DEFAULT = "zh-CN"
BOOKMARK_LENGTH = 40


def write(document: Document, path: Path, theme: Theme) -> None:
    """Write `document` as a DOCX file at `path`, drawn in `theme`."""
    writer = _Writer(document.meta, theme)
    body = StreamedBody(writer.doc, path.parent)
    try:
        for block in document.blocks:
            writer.visit(block)
            body.write_out()
        styles.prune(writer.doc, writer.style_ids.values())
        save(writer.doc, body, path, document.meta.date)
    finally:
        body.close()


def _text_width(theme: Theme) -> Length:
    width, _ = PAPER[theme.paper]
    return Length(width - Mm(theme.margins_mm.left) - Mm(theme.margins_mm.right))


def seq_identifier(label: str) -> str:
    """The `SEQ` field identifier for a caption label: one word ("Annex table" -> "Annex_table")."""
    name = re.sub(r"\W+", "_", label.strip()) or "Caption"
    return name if name[0].isalpha() else f"Caption_{name}"


def _bookmark_name(anchor: str, taken: set[str]) -> str:
    """A bookmark name Word accepts for `anchor`, different from every name in `taken`."""
    name = re.sub(r"[^A-Za-z0-9_]", "_", anchor)
    if not name[:1].isalpha():
        name = "a" + name
    candidate, number = name[:BOOKMARK_LENGTH], 1
    while candidate in taken:
        number += 1
        suffix = f"_{number}"
        candidate = name[: BOOKMARK_LENGTH - len(suffix)] + suffix
    return candidate


class _Writer:
    """Appends blocks to a python-docx document set up from the meta and the theme."""

    def __init__(self, meta: Meta, theme: Theme):
        self.doc = docx.Document()
        self.theme = theme
        self.text_width = _text_width(theme)
        self.wide_width = Length(Mm(theme.wide_width_mm))  # tables, charts, side-by-side columns
        self.measure = None  # the PDF writer's styles, to measure tables with (`_column_widths`)
        self.bookmarks: dict[str, str] = {}  # anchor -> bookmark name
        self.bookmark_names: set[str] = set()
        self.placed: set[str] = set()
        self.break_pending = False
        self.after_table = False
        self.style_ids: dict[str, str] = {}  # by name: every style the body uses
        self.body_end = self.doc.element.body.sectPr  # the section properties: blocks go before
        self.locales = dict(meta.locales)
        self.language = region_tag(meta.language, self.locales)
        east_asia = self.language if is_east_asian(self.language) else EAST_ASIAN_DEFAULT
        styles.set_up(self.doc.styles, theme, self.text_width, self.language, east_asia)
        self._set_up_page(meta)
        _set_properties(self.doc, meta, self.language)
        oxml.set_theme_font_language(self.doc.settings, self.language, east_asia)
        oxml.set_east_asian_line_breaking(self.doc.settings, self.doc.styles, east_asia)
        oxml.update_fields_on_open(self.doc.settings)

    def visit(self, block: Block) -> None:
        """Append one block of the document model."""
        getattr(self, f"visit_{type(block).__name__.lower()}")(block)

    # -- blocks ---------------------------------------------------------------------------

    def visit_heading(self, heading: Heading) -> None:
        if not 1 <= heading.level <= 3:
            raise ValueError(f"heading level {heading.level} is not 1, 2 or 3")
        paragraph = self._paragraph(f"Heading {heading.level}", heading.inlines)
        if heading.translation:  # set below its original: no page break, not in outline
            paragraph.paragraph_format.page_break_before = False
            paragraph.paragraph_format.space_before = Pt(0)
            oxml.keep_out_of_outline(paragraph)
        self._bookmark(paragraph, heading.anchor)

    def visit_columns(self, block: Columns) -> None:
        """Paragraphs and their translations side by side, in a borderless table."""
        if self.after_table or self.break_pending:
            self._paragraph("Normal").paragraph_format.space_after = Pt(0)
        grid = self.doc.add_table(rows=0, cols=2)
        oxml.set_table_style(grid, self._style_id(COLUMNS_STYLE))
        grid.alignment = WD_TABLE_ALIGNMENT.CENTER  # as wide as a table: into the margins alike
        half = self.wide_width.twips // 2
        for pair in block.rows:
            cells = []
            for paragraph in pair:
                style = "body" if paragraph is None else paragraph.style
                if style not in STYLES:
                    raise ValueError(f"unknown paragraph style {style!r}")
                p = elements.paragraph(self._style_id(STYLES[style]))
                if paragraph is not None:
                    self._add_runs(p, paragraph.inlines, labelled=style == "indicator")
                    self._bookmark(DocxParagraph(p, None), paragraph.anchor)  # an index's page refers to it
                cells.append((half, p))
            # a long paragraph may run on to the next page, beside its translation
            grid._tbl.append(elements.table_row(cells, head=False, keep=False))
        oxml.set_table_widths(grid, [half, half])
        self.after_table = True

    def visit_paragraph(self, block: Paragraph) -> None:
        if block.style not in STYLES:
            raise ValueError(f"unknown paragraph style {block.style!r}")
        paragraph = self._paragraph(STYLES[block.style])
        self._add_runs(paragraph._p, block.inlines, labelled=block.style == "indicator")
        self._bookmark(paragraph, block.anchor)

    def visit_contents(self, contents: Contents) -> None:
        """The contents title, then a TOC field whose result lists the given entries.

        Each entry links to its heading's bookmark and ends in a PAGEREF field left
        empty: only Word knows the page numbers, and fills them in when it updates fields.
        """
        if contents.title:
            self._paragraph(STYLES["contents-title"], contents.title)
        for entry in contents.entries:
            if not 1 <= entry.level <= 3:
                raise ValueError(f"contents level {entry.level} is not 1, 2 or 3")
        self._field_list(
            f'TOC \\o "1-{contents.depth}" \\h \\z \\u',
            [self._contents_entry(entry, f"toc {entry.level}") for entry in contents.entries],
            "toc 1",
        )

    def visit_listof(self, listof: ListOf) -> None:
        """The list's title, then Word's "Table of Figures" field for one caption label.

        `TOC \\c "<label>"` collects the paragraphs holding that label's SEQ fields; its
        result lists the given entries like the contents, each linking to its caption's
        bookmark, with a PAGEREF left for Word to fill.
        """
        if listof.kind not in LIST_KINDS:
            raise ValueError(f"unknown list kind {listof.kind!r} (not table or figure)")
        if listof.title:
            self._paragraph(STYLES["contents-title"], listof.title)
        self._field_list(
            f'TOC \\h \\z \\c "{seq_identifier(listof.label or listof.kind.title())}"',
            [self._contents_entry(entry, LIST_ENTRY) for entry in listof.entries],
            LIST_ENTRY, listof.empty,
        )

    def visit_table(self, table: Table) -> None:
        if table.caption:
            caption = self._caption(table.caption, table.anchor)
            caption.paragraph_format.keep_with_next = True
            self.widen(caption)  # above the table's left edge
        elif self.break_pending:
            self.doc.add_page_break()
            self.break_pending = False
        elif self.after_table:  # Word joins tables that touch: keep a paragraph between
            self._paragraph("Normal").paragraph_format.space_after = Pt(0)
        if any(w <= 0 for w in table.widths):
            raise ValueError(f"table column widths must be positive, not {table.widths}")
        grid = self.doc.add_table(rows=0, cols=len(table.widths))
        # the style's header-row look only over rows marked as the head: a table without
        # one would show its first body row as a head that no screen reader hears as one
        oxml.set_table_style(grid, self._style_id(TABLE_STYLE), *(("firstRow",) if table.head else ()))
        grid.alignment = WD_TABLE_ALIGNMENT.CENTER
        if is_right_to_left(self.language):
            oxml.set_table_right_to_left(grid)
        twips = [int(points * 20) for points in self._column_widths(table)]
        for cells in table.head:
            self._table_row(grid, twips, cells, head=True)
        for n, cells in enumerate(table.body):
            if n in table.groups:
                self._group_row(grid, twips, cells)
            else:
                self._table_row(grid, twips, cells, head=False)
        oxml.set_table_widths(grid, twips)
        self.after_table = True

    def visit_figure(self, figure: Figure) -> None:
        holder = self._paragraph("Normal")
        holder.alignment = WD_ALIGN_PARAGRAPH.CENTER
        holder.paragraph_format.keep_with_next = figure.caption is not None
        picture = holder.add_run().add_picture(
            str(figure.image), width=Length(int(self.text_width * figure.width))
        )
        if figure.caption is None:
            oxml.set_alt_text(picture, figure.description(), figure.description())
            return
        title = figure.caption.plain() if figure.caption.number else plain(figure.caption.text)
        oxml.set_alt_text(picture, figure.description(), title)
        caption = self._caption(figure.caption, figure.anchor)
        caption.alignment = WD_ALIGN_PARAGRAPH.CENTER

    def visit_chart(self, chart: Chart) -> None:
        """A native Word chart (its data in an embedded workbook) and its caption."""
        add_chart(self, chart)

    def visit_pagebreak(self, _: PageBreak) -> None:
        """Start the next paragraph on a new page (so no empty paragraph tops that page)."""
        self.break_pending = True

    # -- helpers --------------------------------------------------------------------------

    def _column_widths(self, table: Table) -> list[float]:
        """A table's column widths in points, as the PDF sets them: each column as wide as
        its widest word, the rest shared to make the fewest lines (the theme's PDF fonts
        are metric twins of its DOCX fonts, so the measure holds in Word and LibreOffice);
        in the model's proportions where the PDF's fonts cannot measure a text."""
        from hrap_report.writers.pdf.flowables import column_widths
        from hrap_report.writers.pdf.styles import build_styles

        if self.measure is None:
            self.measure = build_styles(self.theme, self.language)
        try:
            return column_widths(table, self.measure, self.wide_width.pt)
        except InputError:  # a character the PDF's fonts lack, which a word processor may have
            return [self.wide_width.pt * w / sum(table.widths) for w in table.widths]

    def widen(self, paragraph: DocxParagraph) -> None:
        """Let a paragraph (a chart's) reach into the margins, to the wide width."""
        reach = Length((self.wide_width - self.text_width) // 2)
        if reach > 0:
            paragraph.paragraph_format.left_indent = paragraph.paragraph_format.right_indent = -reach

    def _paragraph(self, style: str, content: Inlines | str = ()) -> DocxParagraph:
        """A new paragraph in `style`, taking over a pending page break."""
        # python-docx's add_paragraph looks for the body's end among all its children: the
        # whole body, once per paragraph; appending before the end kept at hand is linear
        element = elements.paragraph(self._style_id(style))
        self.body_end.addprevious(element)
        paragraph = DocxParagraph(element, self.doc)
        if self.break_pending:
            paragraph.paragraph_format.page_break_before = True
            self.break_pending = False
        elif self.after_table and not style.startswith("Heading"):
            # a table has no space after it; the paragraph that follows makes some
            paragraph.paragraph_format.space_before = Pt(self.theme.style("body").space_after)
        self.after_table = False
        self._add_text(paragraph, content)
        return paragraph

    def _caption(self, caption: Caption, anchor: str | None) -> DocxParagraph:
        """A caption paragraph: its pattern ("<label> {SEQ <label>}. ") then its text,
        bookmarked as `anchor`.

        The SEQ field's cached result is the number the transforms gave the caption, so
        it reads right before fields are updated; a list of tables or figures (a TOC
        field with `\\c`) finds the caption by its SEQ identifier.
        """
        before, _, after = caption.pattern.partition("{number}")
        paragraph = self._paragraph("Caption", before.format(label=caption.label))
        number = "" if caption.number is None else str(caption.number)
        oxml.add_field(paragraph, f"SEQ {seq_identifier(caption.label)} \\* ARABIC", number)
        paragraph.add_run(after.format(label=caption.label))
        self._add_text(paragraph, caption.text)
        self._bookmark(paragraph, anchor)
        return paragraph

    def _contents_entry(self, entry: ContentsEntry, style: str) -> DocxParagraph:
        """An entry of a contents list or list of captions: its text linked to its
        bookmark, a tab, and an empty PAGEREF field (only Word knows the page numbers)."""
        name = self._bookmark_name(entry.anchor)
        paragraph = self._paragraph(style, entry.text)
        paragraph.add_run("\t")
        oxml.add_field(paragraph, f"PAGEREF {name} \\h")
        oxml.link_to_bookmark(paragraph, name)
        return paragraph

    def _field_list(self, instruction: str, entries: list[DocxParagraph],
                    empty_style: str, empty_text: str = "") -> None:
        """Wrap entry paragraphs in a TOC field given by `instruction`, so the entries are
        the field's cached result; with no entries, a placeholder paragraph stands in."""
        paragraphs = entries or [self._paragraph(empty_style, empty_text)]
        oxml.begin_field(paragraphs[0], instruction)
        oxml.end_field(paragraphs[-1])

    def _table_row(self, grid: DocxTable, twips: list[int], cells: tuple[Cell, ...], head: bool) -> None:
        """A row of cells, each in the paragraph style of its alignment; a head row is
        shaded and bold by the table style."""
        if len(cells) != len(twips):
            raise ValueError(f"table row has {len(cells)} cells for {len(twips)} columns")
        paragraphs = []
        for cell in cells:
            if cell.align not in CELL_STYLES:
                raise ValueError(f"unknown cell alignment {cell.align!r}")
            p = elements.paragraph(self._style_id(CELL_STYLES[cell.align]))
            self._add_runs(p, cell.inlines)
            if cell.page_of in self.placed:  # the page of an anchor set above, which Word counts
                # (a field to a bookmark never made would read "Error! Bookmark not defined")
                oxml.add_field(DocxParagraph(p, None), f"PAGEREF {self._bookmark_name(cell.page_of)} \\h")
            paragraphs.append(p)
        grid._tbl.append(elements.table_row(zip(twips, paragraphs), head))

    def _group_row(self, grid: DocxTable, twips: list[int], cells: tuple[Cell, ...]) -> None:
        """A group row: its title in one cell spanning the row, in the bold Table Group
        style, kept with the row below."""
        p = elements.paragraph(self._style_id(TABLE_GROUP))
        self._add_runs(p, tuple(replace(i, strong=False) for i in cells[0].inlines))  # the style is bold
        grid._tbl.append(elements.table_row([(sum(twips), p)], head=False, spans=[len(twips)]))

    def _add_text(self, paragraph: DocxParagraph, content: Inlines | str) -> None:
        """Append text (plain, or inlines with their emphasis) as runs of `paragraph`."""
        if isinstance(content, str):
            elements.add_run(paragraph._p, content, rtl=has_right_to_left(content))
            _set_direction(paragraph._p)
        else:
            self._add_runs(paragraph._p, content)

    def _add_runs(self, p, inlines: Inlines, labelled: bool = False) -> None:
        """Append inlines as runs of the paragraph element `p`.

        In a `labelled` paragraph (an indicator's), a strong inline at the start is its
        label ("Indicator 12:"), set in the label's character style rather than bold.
        An inline in another language than the document's says so (`w:lang`, in the East
        Asian slot for Chinese, Japanese and Korean), so Word picks its fonts and proofing
        by it; a fallback text (shown untranslated) is highlighted as a draft mark.
        """
        for index, inline in enumerate(inlines):
            language = region_tag(inline.lang, self.locales) if inline.lang else self.language
            lang = None
            if language != self.language:
                lang = ((None, language, None) if is_east_asian(language) else
                        (None, None, language) if is_right_to_left(language) else (language, None, None))
            label = labelled and index == 0 and inline.strong
            elements.add_run(p, inline.text, bold=inline.strong and not label, italic=inline.emph,
                             highlight="yellow" if inline.fallback else None, lang=lang,
                             style=self._style_id(INDICATOR_LABEL) if label else None,
                             rtl=has_right_to_left(inline.text))
        _set_direction(p)

    def _style_id(self, style: str) -> str:
        """The id of a style, by name (python-docx's lookup by name scans every style);
        the body names every style it uses through here, so `styles.prune` keeps them."""
        if style not in self.style_ids:
            self.style_ids[style] = self.doc.styles[style].style_id
        return self.style_ids[style]

    def _bookmark_name(self, anchor: str) -> str:
        """The bookmark name for `anchor`, the same every time it is asked for."""
        if anchor not in self.bookmarks:
            self.bookmarks[anchor] = name = _bookmark_name(anchor, self.bookmark_names)
            self.bookmark_names.add(name)
        return self.bookmarks[anchor]

    def _bookmark(self, paragraph: DocxParagraph, anchor: str | None) -> None:
        if anchor is None:
            return
        if anchor in self.placed:
            raise ValueError(f"anchor {anchor!r} is used twice")
        self.placed.add(anchor)
        oxml.add_bookmark(paragraph, self._bookmark_name(anchor), len(self.placed))

    def _set_up_page(self, meta: Meta) -> None:
        """Paper and margins; a header and page-numbered footer on all but the cover page."""
        section = self.doc.sections[0]
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = PAPER[self.theme.paper]
        margins = self.theme.margins_mm
        section.top_margin, section.bottom_margin = Mm(margins.top), Mm(margins.bottom)
        section.left_margin, section.right_margin = Mm(margins.left), Mm(margins.right)
        section.header_distance = section.footer_distance = Mm(10)
        section.different_first_page_header_footer = True
        header = section.header.paragraphs[0]
        header.add_run(f"{meta.header}\t" if meta.header else "\t")
        oxml.add_field(header, 'STYLEREF "Heading 1"')
        footer = section.footer.paragraphs[0]
        for part in re.split(r"(\{pages?\})", self.theme.page_label(meta.page_label)):
            if part == "{page}":
                oxml.add_field(footer, "PAGE")
            elif part == "{pages}":
                oxml.add_field(footer, "NUMPAGES")
            elif part:
                footer.add_run(part)


def _set_direction(p) -> None:
    """Make paragraph element `p` right-to-left (`w:bidi`) when its text runs right to
    left (`direction.right_to_left`): Word then sets it from the right, its alignment
    mirrored."""
    if p.find(f"{qn('w:r')}/{qn('w:rPr')}/{qn('w:rtl')}") is not None and right_to_left("".join(
            t.text or "" for t in p.iter(qn("w:t")))):
        oxml.set_right_to_left(p.get_or_add_pPr())


def _set_properties(doc: DocxDocument, meta: Meta, language: str) -> None:
    """The core properties (`language` a full tag), dated as the build date says."""
    properties = doc.core_properties
    properties.title = meta.title
    properties.author = meta.author
    properties.subject = meta.subject
    properties.keywords = meta.keywords
    properties.language = language
    properties.comments = ""
    if meta.date is not None:
        properties.created = properties.modified = meta.date
    else:  # no date rather than the template's, or the clock's
        properties._element._remove_created()
        properties._element._remove_modified()

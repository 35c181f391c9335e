"""The document model: what templates produce and what every writer consumes.

Writers see only these frozen dataclasses, never the input data. Layout decisions that
both formats share (contents entries, outline entries, captions) are made once by
`transforms`, so a writer only has to draw what it is given.
"""
from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from pathlib import Path

#: Paragraph styles a template may ask for (`<p class="...">`); writers map each one.
PARAGRAPH_STYLES = frozenset(
    {"body", "title", "subtitle", "cover", "indicator", "contents-title", "caption", "note"}
)


@dataclass(frozen=True)
class Inline:
    """A run of text with its emphasis; `lang` lets writers choose fonts by language.
    `fallback` marks a text shown in another language because its translation is missing."""

    text: str
    strong: bool = False
    emph: bool = False
    lang: str | None = None
    fallback: bool = False


Inlines = tuple[Inline, ...]


def plain(inlines: Inlines) -> str:
    """The text of some inlines without their formatting."""
    return "".join(i.text for i in inlines)


@dataclass(frozen=True)
class Outline:
    """An entry of the PDF outline (bookmarks): its level (1 = top) and title."""

    level: int
    title: str


@dataclass(frozen=True)
class Heading:
    """A heading of level 1-3. `contents` False keeps it out of the contents list;
    `translation` marks the second language's heading of a bilingual document, set
    right below the first with no page break of its own; `running` replaces a long
    level-1 heading in the running head."""

    level: int
    inlines: Inlines
    anchor: str | None = None
    contents: bool = True
    outline: Outline | None = None
    translation: bool = False
    running: str | None = None  # a level-1 heading's shorter words for the running head


@dataclass(frozen=True)
class Paragraph:
    """A paragraph in one of `PARAGRAPH_STYLES`, optionally a link target and outline entry."""

    inlines: Inlines
    style: str = "body"
    anchor: str | None = None
    outline: Outline | None = None


@dataclass(frozen=True)
class ContentsEntry:
    level: int
    text: str
    anchor: str


@dataclass(frozen=True)
class Contents:
    """The table of contents; `entries` are filled from the headings by a transform."""

    title: str
    depth: int = 2
    entries: tuple[ContentsEntry, ...] = ()


@dataclass(frozen=True)
class ListOf:
    """A list of the tables or figures with their captions, filled by a transform."""

    kind: str  # "table" or "figure"
    title: str
    entries: tuple[ContentsEntry, ...] = ()
    empty: str = "No entries."  # what the list says when it has no entries
    label: str = ""  # the caption label it collects ("Table"); set by a transform


@dataclass(frozen=True)
class Caption:
    """A numbered caption: `pattern` ("{label} {number}. ") then its text; the number is
    set by a transform."""

    label: str
    text: Inlines
    number: int | None = None
    pattern: str = "{label} {number}. "

    def prefix(self) -> str:
        """The label and number part ("Table 3. "), empty until numbered."""
        return self.pattern.format(label=self.label, number=self.number) if self.number else ""

    def plain(self) -> str:
        return self.prefix() + plain(self.text)


@dataclass(frozen=True)
class Cell:
    """A table cell; one with `page_of` (an anchor) shows the number of the page that
    anchor is on, linked to it (an index's page column), after its inlines; blank for an
    anchor no block before it has (the DOCX) or no block at all (the PDF)."""

    inlines: Inlines
    align: str = "left"
    page_of: str | None = None


@dataclass(frozen=True)
class Table:
    """A table: `widths` are relative column widths; `head` rows repeat on every page;
    `groups` are the indices of the body rows that are group titles (a chapter's or a
    section's over its rows): the title in the first cell, spanning the row, kept with
    the row below."""

    head: tuple[tuple[Cell, ...], ...]
    body: tuple[tuple[Cell, ...], ...]
    widths: tuple[float, ...]
    caption: Caption | None = None
    anchor: str | None = None
    groups: frozenset[int] = frozenset()


@dataclass(frozen=True)
class Figure:
    """An image file with its caption (None: unnumbered, e.g. a logo) and alternative text;
    `width` is a share of the text width."""

    image: Path
    caption: Caption | None
    alt: str
    width: float = 1.0
    anchor: str | None = None

    def description(self) -> str:
        """What the figure shows in words, for a reader who cannot see it: its
        alternative text, else its caption ("Figure 2. A red box"); empty for neither."""
        return self.alt or (self.caption.plain() if self.caption else "")


@dataclass(frozen=True)
class Series:
    """One series of a chart: its name (the legend's entry) and a value per category."""

    name: str
    values: tuple[float, ...]


@dataclass(frozen=True)
class Chart:
    """A chart described by its data, which each writer draws natively: vectors in the
    PDF, a Word chart (with its data in an embedded workbook) in the DOCX.

    `kind` "stacked_bars": a horizontal bar per category, top to bottom, made of one
    segment per series (the series in legend order, left to right). The value axis runs
    from 0 to `axis_max` (or the largest total) and is titled `axis_title`; values are
    percentages when `percent`; `reference` draws a dashed line at that value (100 % of a
    target). `caption` and `alt` as a Figure's; `width` a share of the text width;
    `lang` the language of its words (for fonts). A series whose values are all 0 is still
    in the legend (a colour the chart can use)."""

    categories: tuple[str, ...]
    series: tuple[Series, ...]
    caption: Caption | None
    alt: str
    kind: str = "stacked_bars"
    axis_title: str = ""
    axis_max: float | None = None
    percent: bool = False
    reference: float | None = None
    width: float = 1.0
    anchor: str | None = None
    lang: str | None = None


#: The chart kinds the writers draw.
CHART_KINDS = frozenset({"stacked_bars"})


@dataclass(frozen=True)
class PageBreak:
    pass


@dataclass(frozen=True)
class Columns:
    """Paragraphs side by side: each row a paragraph and its translation (either may be
    missing), set in two columns of equal width without borders."""

    rows: tuple[tuple[Paragraph | None, Paragraph | None], ...]


Block = Heading | Paragraph | Contents | ListOf | Table | Figure | Chart | PageBreak | Columns


@dataclass(frozen=True)
class Meta:
    """Document properties and the running header text."""

    title: str
    author: str = ""
    subject: str = ""
    keywords: str = ""
    language: str = "en"
    header: str = ""
    page_label: str = "Page {page} of {pages}"
    date: datetime.datetime | None = None  # the files' creation date (see `build_date`)
    #: The full tag (with region) each language of the document is written in, from its
    #: label catalog's locale: (("en", "en-GB"),)
    locales: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Document:
    meta: Meta
    blocks: tuple[Block, ...] = field(default_factory=tuple)

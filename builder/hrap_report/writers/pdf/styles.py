"""Fonts, paragraph styles and inline markup of the PDF writer, all taken from the theme.

Fonts are the theme's bundled TrueType files (see `pdf_fonts`): the markup names the
face of every run of text, so emphasis and script both select the right embedded face.
"""
from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from html import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus.paragraph import _wsc
from reportlab.platypus.paraparser import ParaParser

from hrap_report.document.blocks import Inlines
from hrap_report.document.direction import right_to_left
from hrap_report.languages import is_east_asian
from hrap_report.writers.pdf.fonts import Family, Fonts, wraps_as_east_asian
from hrap_report.writers.theme import Style, Theme

#: The background of a text shown in another language because its translation is missing.
FALLBACK_MARK = "#FFE08A"

#: reportlab hyphenates whenever a word does not fit the line; only long words, broken
#: with a few letters on each line, keep a justified page from a column of hyphens.
HYPHENATED_WORD_LENGTH = 10
HYPHEN_MARGIN = 3
LONGEST_HYPHENATED = 40  # letters; the longest words of a dictionary are shorter
#: The styles whose lines may end in a hyphen: running text, boxes, notes and cells.
HYPHENATED = frozenset({"body", "indicator", "note", "cell"})

_ALIGN = {"left": TA_LEFT, "center": TA_CENTER, "right": TA_RIGHT, "justify": TA_JUSTIFY}
#: Whitespace, which reportlab turns into one space before it parses a paragraph's
#: markup: any (`str.split`), or where the markup has a no-break space its own list, which
#: leaves that out.
_SPACES = re.compile(r"\s+")
_SPACES_BUT_NBSP = re.compile(f"[{re.escape(_wsc)}]+")
#: The characters markup escapes, each of which the parser makes a fragment of its own.
_ESCAPED = re.compile("([&<>])")


@dataclass(frozen=True)
class Styles:
    """Everything the writer draws text with."""

    body: Family
    heading: Family
    fonts: Fonts
    paragraphs: dict[str, ParagraphStyle]
    headings: tuple[ParagraphStyle, ParagraphStyle, ParagraphStyle]
    contents_levels: list[ParagraphStyle]
    cell: ParagraphStyle
    small_size: float
    heading_color: colors.Color
    rule_color: colors.Color
    table_header_color: colors.Color
    chart_colors: tuple[str, ...]  # "#RRGGBB", a chart's series in order

    def paragraph(self, name: str) -> ParagraphStyle:
        """The style of a document paragraph class; ValueError for one the writer lacks."""
        try:
            return self.paragraphs[name]
        except KeyError:
            raise ValueError(f"unknown paragraph style {name!r}") from None

    @property
    def table_font(self) -> tuple:
        """A TableStyle command setting the body font in every cell: reportlab's tables
        select their own default font (Helvetica) for each cell otherwise."""
        return ("FONT", (0, 0), (-1, -1), self.body.regular, self.cell.fontSize)

    def cell_style(self, align: str, head: bool) -> ParagraphStyle:
        """A table cell style for an alignment (left/center/right/justify), bold in the head."""
        if align not in _ALIGN:
            raise ValueError(f"unknown cell alignment {align!r}")
        return _cell_style(self.cell, align, head, self.body.bold if head else self.body.regular)

    def markup(self, inlines: Inlines, style: ParagraphStyle) -> str:
        """Reportlab paragraph markup for inlines in a style: the text escaped, each
        character in a face of the style's family that has it, emphasis as that face's
        bold or italic, fallback texts highlighted."""
        parts = []
        for run in inlines:
            text = self.fonts.markup(_shown(run.text, style), style.fontName, run.lang, run.strong, run.emph)
            parts.append(f'<span backColor="{FALLBACK_MARK}">{text}</span>' if run.fallback else text)
        return "".join(parts)

    def fragments(self, inlines: Inlines, style: ParagraphStyle) -> list | None:
        """The fragments reportlab's parser makes of `markup(inlines, style)`, made
        without it (parsing took a fifth of the writer's time): copies of the fragment
        that a sample of a run's markup parses to, holding its text as the parser does,
        whitespace made one space and each escaped character (&, <, >) a fragment of its
        own. None for a text with a line break, which makes fragments of its own: parse
        its markup."""
        if getattr(style, "textTransform", None):
            return None
        fragments = []
        spaces = _SPACES_BUT_NBSP if any("\xa0" in run.text for run in inlines) else _SPACES
        for run in inlines:
            text = _shown(run.text, style)
            if "\n" in text:
                return None
            face = self.fonts.styled(style.fontName, run.strong, run.emph)
            for run_face, part in self.fonts.runs(text, face, run.lang):
                sample = _sample(style, run_face, run.fallback)
                fragments += [sample.clone(text=piece) for piece in _ESCAPED.split(spaces.sub(" ", part)) if piece]
        return fragments

    def text_markup(self, text: str, style: ParagraphStyle) -> str:
        """Markup for a plain text in a style."""
        return self.fonts.markup(_shown(text, style), style.fontName)

    def wrapping(self, style: ParagraphStyle, text: str) -> ParagraphStyle:
        """`style` for a paragraph of `text`: set to break lines the East Asian way when
        it is mostly CJK, mirrored when it runs right to left (`right_to_left`)."""
        if right_to_left(text):
            return _right_to_left_style(style)
        if not wraps_as_east_asian(text):
            return style
        return _east_asian_style(style)


def hyphenation_language(language: str) -> Callable[[str], Iterator[tuple[str, str]]] | str:
    """How reportlab breaks words of `language` at a line's end: pyphen's dictionary for
    the language, leaving at least `HYPHEN_MARGIN` letters on each line; "" for none
    (East Asian text breaks between characters, not in words). English takes the US
    patterns whatever its region: the British ones break by etymology ("envir-onment",
    "indic-ators"), where readers of either expect "envi-ronment", "indi-cators"."""
    import pyphen

    tag = language.replace("-", "_")
    if tag.split("_")[0] == "en":
        tag = "en_US"
    dictionary = None if is_east_asian(language) else pyphen.language_fallback(tag)
    if dictionary is None:
        return ""
    breaks = pyphen.Pyphen(lang=dictionary, left=HYPHEN_MARGIN, right=HYPHEN_MARGIN).iterate

    def hyphenate(word: str) -> Iterator[tuple[str, str]]:
        # a word longer than a line is cut where the line ends: reportlab, given a
        # hyphenation of it as well, loses the rest of the word; a hyphenated word breaks
        # at its own hyphen (reportlab's), never again inside a part ("case-/-handling")
        if len(word) > LONGEST_HYPHENATED or "-" in word:
            return iter(())
        return breaks(word)
    return hyphenate


def _shown(text: str, style: ParagraphStyle) -> str:
    """The text a paragraph in `style` draws. A soft hyphen marks where a word may break;
    reportlab breaks lines there (drawing a hyphen) or hides it, except when breaking the
    East Asian way, between any two characters, where it would draw it mid-line."""
    return text.replace("\u00ad", "") if style.wordWrap == "CJK" else text


@functools.lru_cache(maxsize=64)  # one style per kind of cell, not one per cell
def _cell_style(cell: ParagraphStyle, align: str, head: bool, font: str) -> ParagraphStyle:
    return ParagraphStyle(f"cell-{align}-{head}", cell, alignment=_ALIGN[align], fontName=font)


@functools.lru_cache(maxsize=256)  # a few faces in each of a few dozen styles
def _sample(style: ParagraphStyle, face: str, fallback: bool):
    """The fragment reportlab parses a run of text in `face` to, in `style`."""
    markup = f'<font face="{face}">x</font>'
    if fallback:
        markup = f'<span backColor="{FALLBACK_MARK}">{markup}</span>'
    parser = ParaParser()
    parser.caseSensitive = 1  # as a Paragraph parses
    (fragment,) = parser.parse(markup, style)[1]
    return fragment


@functools.cache
def _east_asian_style(style: ParagraphStyle) -> ParagraphStyle:
    return ParagraphStyle(f"{style.name}-cjk", style, wordWrap="CJK")


#: An alignment as a right-to-left paragraph has it: its lines start at the right.
_MIRRORED = {TA_LEFT: TA_RIGHT, TA_RIGHT: TA_LEFT, TA_CENTER: TA_CENTER, TA_JUSTIFY: TA_JUSTIFY}


@functools.cache
def _right_to_left_style(style: ParagraphStyle) -> ParagraphStyle:
    """`style` mirrored for a right-to-left paragraph: aligned and indented from the
    right; `rtl` tells the paragraph to lay its lines out right to left (`flowables`)."""
    return ParagraphStyle(f"{style.name}-rtl", style, alignment=_MIRRORED[style.alignment], rtl=True,
                          leftIndent=style.rightIndent, rightIndent=style.leftIndent)


#: The named paragraph callback (``<onDraw>``) by which an anchor tells the writer the
#: page it is drawn on, wherever it stands (in a table's cell too).
PLACED = "placed"


def anchor_markup(name: str) -> str:
    """Markup that makes the spot where it stands a link destination called `name`, and
    tells the writer its page when drawn (the `PLACED` callback)."""
    quoted = escape(name, quote=False).replace('"', "&quot;")
    return f'<a name="{quoted}"/><onDraw name="{PLACED}" label="{quoted}"/>'


def build_styles(theme: Theme, language: str = "en") -> Styles:
    """Register the theme's fonts and derive every style the writer uses for a document
    in `language`, each from its entry of the theme's style table."""
    fonts = Fonts(theme, language)
    families = fonts.latin
    hyphenation = hyphenation_language(language)

    def derive(name: str, style: Style, **kw) -> ParagraphStyle:
        family = families[style.font]
        face = family.face(style.bold, style.italic)
        values = dict(
            fontName=face, fontSize=style.size, leading=style.leading, alignment=_ALIGN[style.align],
            textColor=colors.HexColor("#" + style.color), spaceBefore=style.space_before,
            spaceAfter=style.space_after, leftIndent=style.indent_left, rightIndent=style.indent_right,
            keepWithNext=int(style.keep_with_next),
            # never a paragraph's first line alone at a page's foot or its last at a head
            allowWidows=0, allowOrphans=0, hyphenationMinWordLength=HYPHENATED_WORD_LENGTH,
            # running text is hyphenated; titles, headings and the contents are not
            hyphenationLang=hyphenation if name in HYPHENATED else "",
        )
        if style.shading:  # a box: the background reaches as far out as the text is indented
            values.update(backColor=colors.HexColor("#" + style.shading),
                          borderPadding=min(style.indent_left, style.indent_right) or style.size / 2)
        return ParagraphStyle(name, **{**values, **kw})

    paragraphs = {name: derive(name, theme.style(key)) for name, key in (
        ("body", "body"), ("title", "title"), ("subtitle", "subtitle"), ("cover", "cover"),
        ("indicator", "indicator"), ("contents-title", "contents_title"), ("caption", "caption"),
        ("note", "note"))}
    headings = tuple(derive(f"heading{level}", theme.style(f"heading{level}")) for level in (1, 2, 3))
    contents = theme.style("contents")
    contents_levels = [
        derive(f"contents{level}", contents, leftIndent=contents.indent_left + contents.level_indent * (level + 1),
               firstLineIndent=-contents.level_indent, rightIndent=contents.indent_right + contents.size * 3)
        for level in range(3)
    ]
    header = theme.style("header")
    return Styles(
        body=families["body"], heading=families["heading"], fonts=fonts, paragraphs=paragraphs,
        headings=headings, contents_levels=contents_levels, cell=derive("cell", theme.style("table_text")),
        small_size=header.size, heading_color=colors.HexColor("#" + header.color),
        rule_color=colors.HexColor("#" + theme.colors.rule),
        table_header_color=colors.HexColor("#" + theme.colors.table_header),
        chart_colors=tuple("#" + c for c in theme.colors.chart),
    )

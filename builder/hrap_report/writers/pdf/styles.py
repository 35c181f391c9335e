"""Fonts, paragraph styles and inline markup of the PDF writer, all taken from the theme.

Fonts are the theme's bundled TrueType files (see `pdf_fonts`): the markup names the
face of every run of text, so emphasis and script both select the right embedded face.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle

from hrap_report.document.blocks import Caption, Inlines
from hrap_report.writers.pdf.fonts import Family, Fonts, wraps_as_east_asian
from hrap_report.writers.theme import Theme

#: The background of a text shown in another language because its translation is missing.
FALLBACK_MARK = "#FFE08A"

_ALIGN = {"left": TA_LEFT, "center": TA_CENTER, "right": TA_RIGHT, "justify": TA_JUSTIFY}


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
        font = self.body.bold if head else self.body.regular
        return ParagraphStyle(f"cell-{align}-{head}", self.cell, alignment=_ALIGN[align], fontName=font)

    def markup(self, inlines: Inlines, style: ParagraphStyle) -> str:
        """Reportlab paragraph markup for inlines in a style: the text escaped, each
        character in a face of the style's family that has it, emphasis as that face's
        bold or italic, fallback texts highlighted."""
        parts = []
        for run in inlines:
            text = self.fonts.markup(_shown(run.text, style), style.fontName, run.lang, run.strong, run.emph)
            parts.append(f'<span backColor="{FALLBACK_MARK}">{text}</span>' if run.fallback else text)
        return "".join(parts)

    def text_markup(self, text: str, style: ParagraphStyle) -> str:
        """Markup for a plain text in a style."""
        return self.fonts.markup(_shown(text, style), style.fontName)

    def caption_markup(self, caption: Caption, style: ParagraphStyle) -> str:
        """A numbered caption's markup: "Table 3. " (once numbered), then its text."""
        return self.text_markup(caption.prefix(), style) + self.markup(caption.text, style)

    def wrapping(self, style: ParagraphStyle, text: str) -> ParagraphStyle:
        """`style`, set to break lines the East Asian way when `text` has CJK characters."""
        if not wraps_as_east_asian(text):
            return style
        return _east_asian_style(style)


def _shown(text: str, style: ParagraphStyle) -> str:
    """The text a paragraph in `style` draws. A soft hyphen marks where a word may break;
    reportlab breaks lines there (drawing a hyphen) or hides it, except when breaking the
    East Asian way, between any two characters, where it would draw it mid-line."""
    return text.replace("\u00ad", "") if style.wordWrap == "CJK" else text


@functools.cache
def _east_asian_style(style: ParagraphStyle) -> ParagraphStyle:
    return ParagraphStyle(f"{style.name}-cjk", style, wordWrap="CJK")


def anchor_markup(name: str) -> str:
    """Markup that makes the spot where it stands a link destination called `name`."""
    return '<a name="%s"/>' % escape(name, {'"': "&quot;"})


def build_styles(theme: Theme, language: str = "en") -> Styles:
    """Register the theme's fonts and derive every style the writer uses for a document
    in `language`."""
    fonts = Fonts(theme, language)
    body, heading = fonts.latin["body"], fonts.latin["heading"]
    size, sizes, space = theme.sizes.body, theme.sizes, theme.paragraph_space_after
    heading_color = colors.HexColor("#" + theme.colors.heading)
    base = ParagraphStyle(
        "body", fontName=body.regular, fontSize=size, leading=size * theme.line_spacing,
        alignment=TA_JUSTIFY, spaceAfter=space,
    )

    def derive(name: str, **kw) -> ParagraphStyle:
        if "fontSize" in kw:
            kw.setdefault("leading", kw["fontSize"] * theme.line_spacing)
        return ParagraphStyle(name, base, **kw)

    cover = dict(alignment=TA_CENTER, spaceAfter=space * 2)
    paragraphs = {
        "body": base,
        "title": derive("title", fontName=heading.bold, fontSize=sizes.title,
                        textColor=heading_color, **cover),
        "subtitle": derive("subtitle", fontName=heading.regular, fontSize=sizes.subtitle,
                           textColor=heading_color, **cover),
        "cover": derive("cover", fontSize=sizes.cover, **cover),
        "indicator": derive("indicator", spaceBefore=space * 2, spaceAfter=space * 1.5,
                            leftIndent=size / 2, rightIndent=size / 2, keepWithNext=1,
                            backColor=colors.HexColor("#" + theme.colors.table_header),
                            borderPadding=size / 2),
        "contents-title": derive("contents-title", fontName=heading.bold, fontSize=sizes.heading1,
                                 textColor=heading_color, alignment=TA_LEFT, spaceAfter=space * 2,
                                 keepWithNext=1),
        "caption": derive("caption", fontSize=(sizes.small + size) / 2, alignment=TA_LEFT,
                          spaceBefore=space / 2),
        "note": derive("note", fontSize=sizes.small),
    }
    headings = tuple(
        derive(f"heading{level}", fontName=heading.bold, fontSize=hsize, leading=hsize * 1.2,
               textColor=heading_color, alignment=TA_LEFT, keepWithNext=1,
               spaceBefore=hsize * (1.2 if level > 1 else 0), spaceAfter=hsize * 0.5)
        for level, hsize in enumerate((sizes.heading1, sizes.heading2, sizes.heading3), start=1)
    )
    contents_levels = [
        derive(f"contents{level}", alignment=TA_LEFT, spaceAfter=space,
               leftIndent=size * (1.5 * level + 1.5), firstLineIndent=-size * 1.5,
               rightIndent=size * 3)
        for level in range(3)
    ]
    return Styles(
        body=body, heading=heading, fonts=fonts, paragraphs=paragraphs, headings=headings,
        contents_levels=contents_levels, small_size=sizes.small, heading_color=heading_color,
        cell=derive("cell", alignment=TA_LEFT, spaceAfter=0, fontSize=sizes.table,
                    leading=sizes.table * 1.2),
        rule_color=colors.HexColor("#" + theme.colors.rule),
        table_header_color=colors.HexColor("#" + theme.colors.table_header),
    )

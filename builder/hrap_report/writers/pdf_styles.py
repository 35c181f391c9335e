"""Fonts, paragraph styles and inline markup of the PDF writer, all taken from the theme.

Fonts are the theme's bundled TrueType files, each registered with reportlab once per
process (parsing a font file is slow; a file used for two faces is parsed once) and
grouped into families named by role (``HRAP-Body``...), so ``<b>``/``<i>`` in the
markup select the right face and every glyph drawn comes from an embedded font.
"""
from __future__ import annotations

import functools
import itertools
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from ..document import Caption, Inlines
from ..theme import Theme

_FACES = ("regular", "bold", "italic", "bolditalic")
_ALIGN = {"left": TA_LEFT, "center": TA_CENTER, "right": TA_RIGHT, "justify": TA_JUSTIFY}


@dataclass(frozen=True)
class Family:
    """The registered reportlab font names of one theme font family."""

    regular: str
    bold: str
    italic: str
    bolditalic: str


@dataclass(frozen=True)
class Styles:
    """Everything the writer draws text with."""

    body: Family
    heading: Family
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


def markup(inlines: Inlines) -> str:
    """Reportlab paragraph markup for inlines: the text escaped, emphasis as <b>/<i>."""
    parts = []
    for run in inlines:
        text = escape(run.text).replace("\n", "<br/>")
        if run.emph:
            text = f"<i>{text}</i>"
        if run.strong:
            text = f"<b>{text}</b>"
        parts.append(text)
    return "".join(parts)


def caption_markup(caption: Caption) -> str:
    """A numbered caption's markup: "Table 3. " (once numbered), then its text."""
    number = f"{escape(caption.label)} {caption.number}. " if caption.number else ""
    return number + markup(caption.text)


def anchor_markup(name: str) -> str:
    """Markup that makes the spot where it stands a link destination called `name`."""
    return '<a name="%s"/>' % escape(name, {'"': "&quot;"})


_font_ids = itertools.count(1)


@functools.cache
def _font(path: Path) -> str:
    """The reportlab name of the TrueType file at `path`, registered on first use."""
    name = f"HRAP-{next(_font_ids)}-{path.stem}"
    pdfmetrics.registerFont(TTFont(name, str(path)))
    return name


def _register(theme: Theme, role: str) -> Family:
    files = getattr(theme.fonts, role).pdf
    names = {face: _font(Path(theme.font_path(getattr(files, face))).resolve()) for face in _FACES}
    pdfmetrics.registerFontFamily(
        f"HRAP-{role.title()}", normal=names["regular"], bold=names["bold"],
        italic=names["italic"], boldItalic=names["bolditalic"],
    )
    return Family(**names)


def build_styles(theme: Theme) -> Styles:
    """Register the theme's fonts and derive every style the writer uses."""
    body, heading = _register(theme, "body"), _register(theme, "heading")
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
        body=body, heading=heading, paragraphs=paragraphs, headings=headings,
        contents_levels=contents_levels, small_size=sizes.small, heading_color=heading_color,
        cell=derive("cell", alignment=TA_LEFT, spaceAfter=0, fontSize=sizes.table,
                    leading=sizes.table * 1.2),
        rule_color=colors.HexColor("#" + theme.colors.rule),
        table_header_color=colors.HexColor("#" + theme.colors.table_header),
    )

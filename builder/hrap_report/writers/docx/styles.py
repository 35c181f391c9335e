"""The named styles of the DOCX, set up from the theme, so an editor restyles the report by
its styles: every paragraph, label and table takes its look from one, none from direct
formatting repeated on each.

It starts from Word's own styles in python-docx's default template (Title, Heading 1-3,
Caption, toc 1-3, table of figures ...) and adds the ones Word lacks: the model's custom
paragraph styles, a table text style per cell alignment, a character style for the label
of an indicator, and two table styles, the house one (rules, padding, a shaded bold head
row by the style's header-row formatting) and a borderless one for side-by-side text. On
saving, `prune` leaves only the styles the document uses.
"""
from __future__ import annotations

from collections.abc import Iterable

from docx.document import Document as DocxDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from docx.shared import Length, Pt, RGBColor
from docx.styles.style import BaseStyle, ParagraphStyle
from docx.styles.styles import Styles

from hrap_report.writers.docx import oxml
from hrap_report.writers.theme import Font, Style, Theme

#: The Word style each of `document.PARAGRAPH_STYLES` is drawn in.
STYLES = {
    "body": "Normal",
    "title": "Title",
    "subtitle": "Subtitle",
    "cover": "Cover",
    "indicator": "Indicator",
    "contents-title": "TOC Heading",
    "caption": "Caption",
    "note": "Note",
}
#: The table style of every table, and the borderless one of text set side by side.
TABLE_STYLE = "Report Table"
COLUMNS_STYLE = "Side by Side"
#: The paragraph style of a table cell, by the cell's alignment: Table Text, and the
#: others based on it, differing only in their alignment.
CELL_STYLES = {"left": "Table Text", "right": "Table Number", "center": "Table Centred",
               "justify": "Table Justified"}
TABLE_TEXT = CELL_STYLES["left"]
#: The paragraph style of a group row's title (a chapter or section over its rows):
#: bold, kept with the row below.
TABLE_GROUP = "Table Group"
#: The character style of an indicator's label ("Indicator 12:"), which starts its box.
INDICATOR_LABEL = "Indicator Label"
#: Word's built-in style for the entries of a list of tables or figures (shown in Word's
#: interface as "Table of Figures"; Word knows it by this lower-case name).
LIST_ENTRY = "table of figures"
ALIGNMENTS = {
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
    "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
}
#: The template's parts beside the styles that only its unused styles need: a copy of
#: the styles for Word 2010 and the numbering of its list styles.
TEMPLATE_PARTS = ("http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects", RT.NUMBERING)


def set_up(styles: Styles, theme: Theme, text_width: Length, language: str, east_asia: str) -> None:
    """Fonts, sizes, colours, languages and spacing of every style the writer uses, each
    from its entry of the theme's style table (as the PDF writer's are), and the table styles.

    Every font is named outright, a Latin one and an East Asian one (for Chinese text),
    in place of the template's Office theme fonts, which would win over named ones.
    `language` and `east_asia` are the document's languages for Latin-script and for
    East Asian text.
    """
    oxml.replace_theme_fonts(styles, major=_fonts(theme.fonts.heading), minor=_fonts(theme.fonts.body))
    defaults = oxml.default_run_properties(styles)
    oxml.set_fonts(defaults, *_fonts(theme.fonts.body))
    oxml.set_language(defaults, language, east_asia)

    normal = styles["Normal"]
    _apply(normal, theme.style("body"), theme)
    _leave_bold_to_tables(normal)
    oxml.set_language(normal.element.get_or_add_rPr(), language, east_asia)
    for level in (1, 2, 3):
        _apply(styles[f"Heading {level}"], theme.style(f"heading{level}"), theme)
    styles["Heading 1"].paragraph_format.page_break_before = True
    for word_name, name in (("Title", "title"), ("Subtitle", "subtitle"), ("Caption", "caption")):
        _apply(styles[word_name], theme.style(name), theme)
    oxml.clear_character_spacing(styles["Subtitle"].element.get_or_add_rPr())
    styles["Caption"].hidden = False

    contents_title = styles[STYLES["contents-title"]]
    _apply(contents_title, theme.style("contents_title"), theme)
    contents_title.hidden = False
    contents_title.paragraph_format.page_break_before = False
    contents = theme.style("contents")
    for level in (1, 2, 3):
        toc = _custom_style(styles, f"toc {level}")
        toc.style_id = f"TOC{level}"
        _apply(toc, contents, theme)
        toc.paragraph_format.left_indent = Pt(contents.indent_left + contents.level_indent * (level - 1))
        toc.paragraph_format.tab_stops.add_tab_stop(text_width, WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)
    styles["toc 1"].font.bold = True
    figures = _custom_style(styles, LIST_ENTRY)
    figures.style_id = "TableofFigures"
    figures.quick_style = False
    _apply(figures, contents, theme)
    figures.paragraph_format.tab_stops.add_tab_stop(text_width, WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)

    for key in ("cover", "indicator", "note"):
        _apply(_custom_style(styles, STYLES[key]), theme.style(key), theme)
    styles[STYLES["indicator"]].paragraph_format.keep_together = True
    label = styles.add_style(INDICATOR_LABEL, WD_STYLE_TYPE.CHARACTER)
    label.base_style = styles["Default Paragraph Font"]
    label.font.bold = True
    label.quick_style = True

    header = theme.style("header")
    for name in ("Header", "Footer"):
        _apply(styles[name], header, theme)
        styles[name].paragraph_format.tab_stops.clear_all()
    styles["Header"].paragraph_format.tab_stops.add_tab_stop(text_width, WD_TAB_ALIGNMENT.RIGHT)
    oxml.set_bottom_border(styles["Header"].element.get_or_add_pPr(), theme.colors.rule)
    styles["Footer"].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _set_up_tables(styles, theme)


def _set_up_tables(styles: Styles, theme: Theme) -> None:
    """The cell paragraph styles and the two table styles.

    Table Text says nothing of bold (nor does Normal, which it is based on), so a table
    style's header-row formatting makes the head bold.
    """
    text = _custom_style(styles, TABLE_TEXT)
    _apply(text, theme.style("table_text"), theme)
    _leave_bold_to_tables(text)
    for align, name in CELL_STYLES.items():
        if name != TABLE_TEXT:
            aligned = _custom_style(styles, name, text)
            aligned.paragraph_format.alignment = ALIGNMENTS[align]
    group = _custom_style(styles, TABLE_GROUP, text)
    group.font.bold = True
    group.paragraph_format.keep_with_next = True

    tables, colors = theme.tables, theme.colors
    padding = tables.cell_padding
    house = _table_style(styles, TABLE_STYLE)
    oxml.set_table_style_properties(
        house.element, (colors.rule, tables.rule_width),
        {side: Pt(getattr(padding, side)).twips for side in ("top", "left", "bottom", "right")})
    oxml.add_header_row_format(house.element, colors.table_header)
    # the PDF's gutter, 1.5 small sizes, halved each side of a cell (the first column's
    # text stays at the margin: Word and LibreOffice pull a table out by its cell margin)
    half_gutter = Pt(theme.style("header").size * 0.75).twips
    oxml.set_table_style_properties(_table_style(styles, COLUMNS_STYLE).element, None,
                                    {"top": 0, "left": half_gutter, "bottom": 0, "right": half_gutter})


def _table_style(styles: Styles, name: str) -> BaseStyle:
    style = styles.add_style(name, WD_STYLE_TYPE.TABLE)
    style.base_style = styles["Normal Table"]
    style.quick_style = True
    return style


def _leave_bold_to_tables(style: ParagraphStyle) -> None:
    """Drop a style's "not bold" (the default anyway): a paragraph style's bold, even
    inherited, wins over a table style's, which would then bold no head row."""
    if not style.font.bold:
        style.font.bold = None


def _fonts(family: Font) -> tuple[str, str | None, str | None]:
    """The (Latin, East Asian, complex-script) font names of a theme font family; the
    complex-script one is its first fallback's."""
    return (family.docx, family.east_asian.docx if family.east_asian else None,
            family.fallback[0].docx if family.fallback else None)


def _apply(style: ParagraphStyle, house: Style, theme: Theme) -> None:
    """Give a Word style everything its entry of the theme's style table sets.

    A shaded style is a box: a border in its shading's colour, as far out as the PDF's
    background reaches (the smaller indent, or half the size), pads the shading round
    its text."""
    oxml.set_fonts(style.element.get_or_add_rPr(), *_fonts(getattr(theme.fonts, house.font)))
    style.font.size = Pt(house.size)
    style.font.bold = house.bold
    style.font.italic = house.italic
    oxml.set_complex_script_form(style.element.get_or_add_rPr(), house.size, house.bold, house.italic)
    style.font.color.rgb = RGBColor.from_string(house.color)
    form = style.paragraph_format
    form.alignment = ALIGNMENTS[house.align]
    form.line_spacing = house.line_spacing
    form.space_before, form.space_after = Pt(house.space_before), Pt(house.space_after)
    form.left_indent, form.right_indent = Pt(house.indent_left), Pt(house.indent_right)
    form.keep_with_next = house.keep_with_next
    if house.shading:
        oxml.shade_paragraph(style.element.get_or_add_pPr(), house.shading)
        padding = min(house.indent_left, house.indent_right) or house.size / 2
        oxml.set_box_border(style.element.get_or_add_pPr(), house.shading, padding)
    if house.rule_below:
        oxml.set_bottom_border(style.element.get_or_add_pPr(), house.rule_below)


def _custom_style(styles: Styles, name: str, base: ParagraphStyle | None = None) -> ParagraphStyle:
    """A new paragraph style based on `base` (Normal), shown in Word's style gallery."""
    style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = base or styles["Normal"]
    style.next_paragraph_style = styles["Normal"]
    style.quick_style = True
    return style


def prune(doc: DocxDocument, used: Iterable[str]) -> None:
    """Leave in `doc` only the styles it uses: those with the ids in `used` (the body's,
    which may be written out of the tree already) or named in its headers, footers and
    remaining body; those they are based on or followed by; and each type's default.

    The template's other styles go, with its latent styles, the linked character styles
    ("Heading 1 Char", no run uses them; a kept style's link to one goes too) and
    `TEMPLATE_PARTS`, which only its list styles and unused styles need.
    """
    roots = [doc.element] + [rel.target_part.element for rel in doc.part.rels.values()
                             if rel.reltype in (RT.HEADER, RT.FOOTER)]
    wanted = set(used) | {ref.get(qn("w:val")) for root in roots
                          for ref in root.iter(qn("w:pStyle"), qn("w:rStyle"), qn("w:tblStyle"))}
    element = doc.styles.element
    by_id = {style.get(qn("w:styleId")): style for style in element.iterfind(qn("w:style"))}
    kept = {style_id for style_id, style in by_id.items() if style.get(qn("w:default")) in ("1", "true")}
    pending = list(wanted)
    while pending:
        style_id = pending.pop()
        if style_id in kept or style_id not in by_id:
            continue
        kept.add(style_id)
        pending += [ref.get(qn("w:val")) for tag in ("w:basedOn", "w:next")
                    if (ref := by_id[style_id].find(qn(tag))) is not None]
    for style_id, style in by_id.items():
        if style_id not in kept:
            element.remove(style)
        elif (link := style.find(qn("w:link"))) is not None and link.get(qn("w:val")) not in kept:
            style.remove(link)
    for latent in element.findall(qn("w:latentStyles")):
        element.remove(latent)
    rels = doc.part.rels
    for key in [key for key, rel in rels.items() if rel.reltype in TEMPLATE_PARTS]:
        del rels[key]

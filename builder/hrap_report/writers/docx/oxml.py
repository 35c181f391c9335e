"""The raw WordprocessingML the DOCX writer needs beyond python-docx's own API.

Fields, bookmarks, internal hyperlinks, table-row and cell properties, style fonts and
document settings. Everything that builds XML elements by hand lives here, so the writer
itself speaks only python-docx. Where the schema fixes the order of child elements, each
helper names the siblings its element must come before.
"""
from __future__ import annotations

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.settings import Settings
from docx.shape import InlineShape
from docx.shared import Twips
from docx.styles.styles import Styles
from docx.table import Table
from docx.text.paragraph import Paragraph

from hrap_report.languages import CHINESE_CANNOT_END, CHINESE_CANNOT_START

_THEME_FONT_ATTRIBUTES = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")
_AFTER_SZCS = ("w:highlight", "w:u", "w:effect", "w:bdr", "w:shd", "w:fitText", "w:vertAlign", "w:rtl",
               "w:cs", "w:em", "w:lang", "w:eastAsianLayout", "w:specVanish", "w:oMath")
_AFTER_BCS = ("w:i", "w:iCs", "w:caps", "w:smallCaps", "w:strike", "w:dstrike", "w:outline", "w:shadow",
              "w:emboss", "w:imprint", "w:noProof", "w:snapToGrid", "w:vanish", "w:webHidden", "w:color",
              "w:spacing", "w:w", "w:kern", "w:position", "w:sz", "w:szCs", *_AFTER_SZCS)
_AFTER_LANG = ("w:eastAsianLayout", "w:specVanish", "w:oMath", "w:rPrChange")
_AFTER_THEME_FONT_LANG = (
    "w:clrSchemeMapping", "w:doNotIncludeSubdocsInStats", "w:doNotAutoCompressPictures",
    "w:forceUpgrade", "w:captions", "w:readModeInkLockDown", "w:smartTagType",
    "sl:schemaLibrary", "w:shapeDefaults", "w:doNotEmbedSmartTags", "w:decimalSymbol",
    "w:listSeparator",
)
#: What follows the line-breaking rules in the settings (their order is the schema's).
_AFTER_NO_LINE_BREAKS = (
    "w:savePreviewPicture", "w:doNotValidateAgainstSchema", "w:saveInvalidXml", "w:ignoreMixedContent",
    "w:alwaysShowPlaceholderText", "w:doNotDemarcateInvalidXml", "w:saveXmlDataOnly",
    "w:useXSLTWhenSaving", "w:saveThroughXslt", "w:showXMLTags", "w:alwaysMergeEmptyNamespace",
    "w:updateFields", "w:hdrShapeDefaults", "w:footnotePr", "w:endnotePr", "w:compat", "w:docVars",
    "w:rsids", "m:mathPr", "w:attachedSchema", "w:themeFontLang", *_AFTER_THEME_FONT_LANG,
)
_AFTER_PBDR = (
    "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct",
    "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd",
    "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents",
    "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment", "w:textboxTightWrap",
    "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange",
)
_AFTER_TBL_W = (
    "w:jc", "w:tblCellSpacing", "w:tblInd", "w:tblBorders", "w:shd", "w:tblLayout",
    "w:tblCellMar", "w:tblLook", "w:tblCaption", "w:tblDescription", "w:tblPrChange",
)
_AFTER_UPDATE_FIELDS = ("w:hdrShapeDefaults", "w:footnotePr", "w:endnotePr", "w:compat")


def _element(tag: str, **attributes: str) -> BaseOxmlElement:
    element = OxmlElement(tag)
    for name, value in attributes.items():
        element.set(qn(f"w:{name}"), value)
    return element


def _sub(parent: BaseOxmlElement, tag: str, **attributes: str) -> BaseOxmlElement:
    """A new last child `tag` of `parent`."""
    element = _element(tag, **attributes)
    parent.append(element)
    return element


def _child(parent: BaseOxmlElement, tag: str, successors: tuple[str, ...]) -> BaseOxmlElement:
    """The `tag` child of `parent`, added before the first of `successors` if missing."""
    found = parent.find(qn(tag))
    return found if found is not None else parent.insert_element_before(_element(tag), *successors)


# -- fonts, language and borders in styles -------------------------------------------------


def default_run_properties(styles: Styles) -> BaseOxmlElement:
    """The document-wide default run properties (`w:docDefaults/w:rPrDefault/w:rPr`)."""
    return styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))


def set_fonts(rpr: BaseOxmlElement, name: str, east_asia: str | None = None,
              complex_script: str | None = None) -> None:
    """Name the font of run properties `rpr` outright, dropping theme-font references.

    Word (and LibreOffice) prefer a theme font over a named one, so the theme attributes
    go. `name` is the font of Latin text; `east_asia` also names the font for East Asian
    text, so Chinese characters get a Chinese font; without it that slot is left
    unnamed. `complex_script` names the font of right-to-left runs (`name` without it).
    """
    fonts = rpr.get_or_add_rFonts()
    for attribute in _THEME_FONT_ATTRIBUTES:
        fonts.attrib.pop(qn(attribute), None)
    for slot in ("ascii", "hAnsi"):
        fonts.set(qn(f"w:{slot}"), name)
    fonts.set(qn("w:cs"), complex_script or name)
    if east_asia:
        fonts.set(qn("w:eastAsia"), east_asia)


def replace_theme_fonts(styles: Styles, major: tuple[str, str | None, str | None],
                        minor: tuple[str, str | None, str | None]) -> None:
    """Name outright every font the styles (and their defaults) take from the Office theme.

    python-docx's template gives its document defaults the theme's body ("minor") fonts
    and its headings, title and some table styles the theme's heading ("major") fonts;
    each such `w:rFonts` gets `major` or `minor` instead, the (Latin, East Asian,
    complex-script) font names, and loses its theme attributes.
    """
    for fonts in list(styles.element.iter(qn("w:rFonts"))):
        themed = [fonts.get(qn(a)) for a in _THEME_FONT_ATTRIBUTES if fonts.get(qn(a))]
        if themed:
            set_fonts(fonts.getparent(), *(major if themed[0].startswith("major") else minor))


def _set_lang(lang: BaseOxmlElement, language: str | None, east_asia: str | None) -> None:
    if language:
        lang.set(qn("w:val"), language)
    if east_asia:
        lang.set(qn("w:eastAsia"), east_asia)


def set_language(rpr: BaseOxmlElement, language: str | None,
                 east_asia: str | None = None) -> None:
    """Set the language of run properties `rpr` (`w:lang`): `language` for Latin-script
    text (`@w:val`), `east_asia` for East Asian text (`@w:eastAsia`); a None is left as is.

    Word and LibreOffice pick fonts, line breaking and proofing by these languages.
    """
    _set_lang(_child(rpr, "w:lang", _AFTER_LANG), language, east_asia)




def set_east_asian_line_breaking(settings: Settings, styles: Styles, language: str) -> None:
    """Break East Asian lines by the rules, as Word does with its own settings: line
    breaking rules (`w:kinsoku`) with `language`'s characters that may not start or end
    a line (`w:noLineBreaksBefore`/`After`, clreq's), and space between East Asian text
    and Latin words or numbers (`w:autoSpaceDE`, `w:autoSpaceDN`) in every paragraph."""
    defaults = styles.element.find(qn("w:docDefaults"))
    ppr = _child(_child(defaults, "w:pPrDefault", ()), "w:pPr", ())
    for tag, successors in (("w:kinsoku", _AFTER_PBDR[4:]), ("w:autoSpaceDE", _AFTER_PBDR[9:]),
                            ("w:autoSpaceDN", _AFTER_PBDR[10:])):
        _child(ppr, tag, successors).set(qn("w:val"), "1")
    for tag, characters in (("w:noLineBreaksAfter", CHINESE_CANNOT_END),
                            ("w:noLineBreaksBefore", CHINESE_CANNOT_START)):
        rule = _child(settings.element, tag, _AFTER_NO_LINE_BREAKS)
        rule.set(qn("w:lang"), language)
        rule.set(qn("w:val"), characters)


def set_theme_font_language(settings: Settings, language: str, east_asia: str) -> None:
    """The languages Word picks the theme's fonts for (`w:themeFontLang`); the template
    says en-US and ja-JP."""
    _set_lang(_child(settings.element, "w:themeFontLang", _AFTER_THEME_FONT_LANG),
              language, east_asia)




def set_complex_script_form(rpr: BaseOxmlElement, size: float, bold: bool, italic: bool) -> None:
    """Give right-to-left runs the size and emphasis of run properties `rpr` (`w:szCs`,
    `w:bCs`, `w:iCs`): Word sets them by these, not by `w:sz`, `w:b`, `w:i`."""
    for tag, on, successors in (("w:bCs", bold, _AFTER_BCS), ("w:iCs", italic, _AFTER_BCS[2:])):
        if on:
            _child(rpr, tag, successors)
    _child(rpr, "w:szCs", _AFTER_SZCS).set(qn("w:val"), str(round(size * 2)))


def set_right_to_left(ppr: BaseOxmlElement) -> None:
    """Make paragraph properties `ppr` right-to-left (`w:bidi`)."""
    _child(ppr, "w:bidi", _AFTER_PBDR[_AFTER_PBDR.index("w:bidi") + 1:])


def set_table_right_to_left(table: Table) -> None:
    """Lay out a table's columns from the right (`w:bidiVisual`), as a right-to-left
    document reads them."""
    _child(table._tbl.tblPr, "w:bidiVisual", ("w:tblStyleRowBandSize", "w:tblStyleColBandSize", "w:tblW",
                                              *_AFTER_TBL_W))


_AFTER_OUTLINE_LVL = ("w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange")


def keep_out_of_outline(paragraph: Paragraph) -> None:
    """Give a paragraph the outline level of body text, whatever its style's level, so
    the navigation pane and a TOC built from outline levels leave it out."""
    _child(paragraph._p.get_or_add_pPr(), "w:outlineLvl", _AFTER_OUTLINE_LVL).set(qn("w:val"), "9")


def clear_character_spacing(rpr: BaseOxmlElement) -> None:
    """Drop letter-spacing from run properties (python-docx's Subtitle is spaced out)."""
    for spacing in rpr.findall(qn("w:spacing")):
        rpr.remove(spacing)


def set_bottom_border(ppr: BaseOxmlElement, color: str) -> None:
    """Give paragraph properties `ppr` a thin bottom rule in `color` (hex RGB)."""
    borders = _child(ppr, "w:pBdr", _AFTER_PBDR)
    for old in borders.findall(qn("w:bottom")):
        borders.remove(old)
    borders.append(_element("w:bottom", val="single", sz="6", space="4", color=color))


def set_box_border(ppr: BaseOxmlElement, color: str, padding: float) -> None:
    """Give paragraph properties `ppr` a thin border all round in `color` (hex RGB),
    `padding` points out from the text (Word keeps whole points, at most 31)."""
    borders = _child(ppr, "w:pBdr", _AFTER_PBDR)
    for old in list(borders):
        borders.remove(old)
    space = str(min(int(padding), 31))
    for side in ("top", "left", "bottom", "right"):
        borders.append(_element(f"w:{side}", val="single", sz="4", space=space, color=color))


def _shading(fill: str) -> BaseOxmlElement:
    return _element("w:shd", val="clear", color="auto", fill=fill)


def shade_paragraph(ppr: BaseOxmlElement, fill: str) -> None:
    """Fill the background of paragraphs with properties `ppr` with `fill` (hex RGB)."""
    shading = _child(ppr, "w:shd", _AFTER_PBDR[1:])
    for name, value in (("val", "clear"), ("color", "auto"), ("fill", fill)):
        shading.set(qn(f"w:{name}"), value)


# -- fields, bookmarks, hyperlinks --------------------------------------------------------


def _run(child: BaseOxmlElement) -> BaseOxmlElement:
    run = OxmlElement("w:r")
    run.append(child)
    return run


def _field_start(instruction: str) -> list[BaseOxmlElement]:
    code = OxmlElement("w:instrText")
    code.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    code.text = f" {instruction} "
    return [
        _run(_element("w:fldChar", fldCharType="begin")),
        _run(code),
        _run(_element("w:fldChar", fldCharType="separate")),
    ]


def _field_end() -> BaseOxmlElement:
    return _run(_element("w:fldChar", fldCharType="end"))


def _content_index(paragraph: Paragraph) -> int:
    """Where a paragraph's content starts: after its `w:pPr`, if any."""
    return 1 if paragraph._p.pPr is not None else 0


def _text_run(text: str) -> BaseOxmlElement:
    run = OxmlElement("w:r")
    run.append(OxmlElement("w:t"))
    run[0].text = text
    run[0].set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    return run


def add_field(paragraph: Paragraph, instruction: str, result: str = "") -> None:
    """Append a complex field (e.g. `PAGE`) whose cached result is `result`.

    An empty result is left for Word to compute; a given one (e.g. the number of a `SEQ`
    field) reads right before any field update, in Word and in LibreOffice alike.
    """
    for run in _field_start(instruction):
        paragraph._p.append(run)
    if result:
        paragraph._p.append(_text_run(result))
    paragraph._p.append(_field_end())


def begin_field(paragraph: Paragraph, instruction: str) -> None:
    """Open a field at the start of `paragraph`; its content up to `end_field` is the result."""
    index = _content_index(paragraph)
    for offset, run in enumerate(_field_start(instruction)):
        paragraph._p.insert(index + offset, run)


def end_field(paragraph: Paragraph) -> None:
    """Close, at the end of `paragraph`, the field last opened with `begin_field`."""
    paragraph._p.append(_field_end())


def add_bookmark(paragraph: Paragraph, name: str, bookmark_id: int) -> None:
    """Put a bookmark called `name` around the whole content of `paragraph`."""
    paragraph._p.insert(
        _content_index(paragraph), _element("w:bookmarkStart", id=str(bookmark_id), name=name)
    )
    paragraph._p.append(_element("w:bookmarkEnd", id=str(bookmark_id)))


def link_to_bookmark(paragraph: Paragraph, name: str) -> None:
    """Make the whole content of `paragraph` a hyperlink to the bookmark `name`."""
    link = _element("w:hyperlink", anchor=name, history="1")
    index = _content_index(paragraph)
    for child in list(paragraph._p)[index:]:
        link.append(child)
    paragraph._p.append(link)


# -- tables and pictures --------------------------------------------------------------------

_TABLE_BORDERS = ("top", "left", "bottom", "right", "insideH", "insideV")
_AFTER_STYLE_TBLPR = ("w:trPr", "w:tcPr", "w:tblStylePr")
#: The `w:tblLook` bits of a table's header row, first and last column, and no banding.
_LOOK_BITS = {"firstRow": 0x20, "lastRow": 0x40, "firstColumn": 0x80, "lastColumn": 0x100,
              "noHBand": 0x200, "noVBand": 0x400}


def _cell_margins(parent: BaseOxmlElement, tag: str, margins: dict[str, int]) -> None:
    element = _sub(parent, tag)
    for side, twips in margins.items():
        _sub(element, f"w:{side}", w=str(twips), type="dxa")


def set_table_style_properties(style: BaseOxmlElement, rules: tuple[str, float] | None,
                               margins: dict[str, int]) -> None:
    """The table properties of a table style (`w:style` element): every border a rule
    of (hex colour, width in points), or none at all with `rules` None, and the cell
    margins (twips, by side: top, left, bottom, right)."""
    properties = style.insert_element_before(_element("w:tblPr"), *_AFTER_STYLE_TBLPR)
    _sub(properties, "w:tblInd", w="0", type="dxa")
    borders = _sub(properties, "w:tblBorders")
    for side in _TABLE_BORDERS:
        if rules is None:
            _sub(borders, f"w:{side}", val="nil")
        else:
            color, width = rules
            _sub(borders, f"w:{side}", val="single", sz=str(round(width * 8)), space="0", color=color)
    _cell_margins(properties, "w:tblCellMar", margins)


def add_header_row_format(style: BaseOxmlElement, fill: str) -> None:
    """Make a table style's header row (`firstRow`, when a table's look asks for it) bold
    on a `fill` (hex RGB) background."""
    header = _sub(style, "w:tblStylePr", type="firstRow")
    run = _sub(header, "w:rPr")
    _sub(run, "w:b")
    _sub(run, "w:bCs")
    _sub(header, "w:tblPr")
    _sub(header, "w:tcPr").append(_shading(fill))


def set_table_style(table: Table, style_id: str, *parts: str) -> None:
    """Put `table` in the table style `style_id`, using the style's formatting of the
    given parts (such as "firstRow", the header row) and no banding."""
    properties = table._tbl.tblPr
    properties.style = style_id
    flags = {name: name in parts or name in ("noHBand", "noVBand") for name in _LOOK_BITS}
    look = _child(properties, "w:tblLook", _AFTER_TBL_W[-3:])
    look.set(qn("w:val"), f"{sum(bit for name, bit in _LOOK_BITS.items() if flags[name]):04X}")
    for name, on in flags.items():
        look.set(qn(f"w:{name}"), "1" if on else "0")


def set_table_widths(table: Table, widths: list[int]) -> None:
    """Fix the column widths of `table` (in twips) so Word and LibreOffice both keep them.

    Word reads `w:tblGrid`, LibreOffice leans on each cell's `w:tcW`; so both are set
    through python-docx, with a fixed layout, and the table's own width (`w:tblW`, which
    python-docx does not set) as their sum.
    """
    table.autofit = False
    table_width = _child(table._tbl.tblPr, "w:tblW", _AFTER_TBL_W)
    table_width.set(qn("w:type"), "dxa")
    table_width.set(qn("w:w"), str(sum(widths)))
    for column, width in zip(table.columns, widths):
        column.width = Twips(width)
    for tr in table._tbl.tr_lst:  # each cell's own: table.cell() looks the grid up every time
        column = 0
        for tc in tr.tc_lst:  # a cell spanning columns is as wide as they are
            tc.width = Twips(sum(widths[column:column + tc.grid_span]))
            column += tc.grid_span


def set_alt_text(picture: InlineShape, text: str, title: str = "") -> None:
    """Set the alternative text (`wp:docPr/@descr`) and title (`@title`) of a picture."""
    picture._inline.docPr.set("descr", text)
    if title:
        picture._inline.docPr.set("title", title)


# -- settings --------------------------------------------------------------------------------


def update_fields_on_open(settings: Settings) -> None:
    """Ask Word to offer updating fields (contents, page references) when it opens the file."""
    _child(settings.element, "w:updateFields", _AFTER_UPDATE_FIELDS).set(qn("w:val"), "true")

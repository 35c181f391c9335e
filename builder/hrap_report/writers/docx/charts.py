"""Charts as native Word charts: a DrawingML chart part, its data in an embedded workbook.

python-pptx writes the chart XML and the workbook (DrawingML charts are the same in
PowerPoint and Word). Here the chart is styled from the theme through python-pptx's chart
objects, given what Word needs that python-pptx leaves to PowerPoint's package (the
workbook's relationship, an inline drawing in a paragraph), and followed by its caption.
"""
from __future__ import annotations

import datetime
import math
import unicodedata
from contextlib import contextmanager

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.part import Part, XmlPart
from docx.oxml import parse_xml as parse_docx_xml
from docx.oxml.ns import nsdecls
from docx.shape import InlineShape
from docx.shared import Emu, Inches, Length, Pt
from lxml import etree
from pptx.chart.chart import Chart as PptxChart
from pptx.chart.data import CategoryChartData
from pptx.chart.xlsx import CategoryWorkbookWriter
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION, XL_TICK_MARK
from pptx.enum.dml import MSO_PATTERN
from pptx.oxml import parse_xml as parse_chart_xml
from pptx.oxml.ns import qn

from hrap_report.document.blocks import CHART_KINDS, Chart, plain
from hrap_report.languages import region_tag
from hrap_report.writers.docx import oxml
from hrap_report.writers.docx.package import ZIP_EPOCH
from hrap_report.writers.theme import Theme

#: Each series after the first is hatched in white over its colour, so that a greyscale
#: print still tells the series apart.
PATTERNS = (None, MSO_PATTERN.WIDE_UPWARD_DIAGONAL, MSO_PATTERN.PERCENT_25,
            MSO_PATTERN.DIAGONAL_CROSS, MSO_PATTERN.WIDE_DOWNWARD_DIAGONAL)
WHITE, INK, GRID = RGBColor(0xFF, 0xFF, 0xFF), RGBColor(0x40, 0x40, 0x40), RGBColor(0xD9, 0xD9, 0xD9)
#: The height each bar takes with its gap.
BAR_PITCH = Inches(0.22)
#: The room above the bars, below them (value labels, axis title, legend) and right of
#: them (half the last value label).
TOP, BOTTOM, RIGHT = Inches(0.1), Inches(0.95), Inches(0.25)
#: The largest share of the page's text height a chart takes, and of its width the
#: category labels take when the chart is laid out by hand.
MAX_HEIGHT, MAX_LABELS = 0.8, 0.45
#: The chart's text is the theme's small size, never below this.
MIN_FONT_PT = 8
LEADING = 1.2  # a line's height, in type sizes
PERCENT_FORMAT = '0"%"'  # the values are percentages already: no scaling by 100
CHART_URI = "http://schemas.openxmlformats.org/drawingml/2006/chart"
_NS = f'xmlns:c="{CHART_URI}" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"'


def add_chart(writer, chart: Chart) -> None:
    """Append `chart` (and its caption) to the document `writer` is writing."""
    if chart.kind not in CHART_KINDS:
        raise ValueError(f"unknown chart kind {chart.kind!r}")
    for series in chart.series:
        if len(series.values) != len(chart.categories):
            raise ValueError(f"chart series {series.name!r} has {len(series.values)} values "
                             f"for {len(chart.categories)} categories")
    data = CategoryChartData(number_format=PERCENT_FORMAT if chart.percent else "General")
    data.categories = chart.categories
    for series in chart.series:
        data.add_series(series.name, series.values)
    space = parse_chart_xml(data.xml_bytes(XL_CHART_TYPE.BAR_STACKED))
    width = Length(int(writer.wide_width * chart.width))
    height, label_size = _size(writer, chart, width)
    language = region_tag(chart.lang, writer.locales) if chart.lang else writer.language
    _style(space, chart, writer.theme, language, label_size)

    package, document = writer.doc.part.package, writer.doc.part
    date = writer.doc.core_properties.created or ZIP_EPOCH
    workbook = Part(package.next_partname("/word/embeddings/Microsoft_Excel_Worksheet%d.xlsx"),
                    CT.SML_SHEET, _DatedWorkbook(data, date).xlsx_blob, package)
    part = XmlPart(package.next_partname("/word/charts/chart%d.xml"), CT.DML_CHART, space, package)
    # python-pptx relates the workbook when it puts a chart on a slide; for Word, here
    space.get_or_add_externalData().rId = part.relate_to(workbook, RT.PACKAGE)
    if chart.reference is not None:
        _reference_line(space, part, chart, width, height, label_size)

    holder = writer._paragraph("Normal")
    holder.alignment = WD_ALIGN_PARAGRAPH.CENTER
    holder.paragraph_format.keep_with_next = chart.caption is not None
    writer.widen(holder)
    inline = _inline(document.relate_to(part, RT.CHART), document.next_id, width, height)
    holder.add_run()._r.add_drawing(inline)
    if chart.caption is None:
        oxml.set_alt_text(InlineShape(inline), chart.alt, chart.alt)
        return
    title = chart.caption.plain() if chart.caption.number else plain(chart.caption.text)
    oxml.set_alt_text(InlineShape(inline), chart.alt, title)
    writer._caption(chart.caption, chart.anchor).alignment = WD_ALIGN_PARAGRAPH.CENTER


class _DatedWorkbook(CategoryWorkbookWriter):
    """python-pptx's workbook of the chart data, dated `date`: XlsxWriter would date it
    by the clock (its zip entries it dates 1980-01-01 itself)."""

    def __init__(self, chart_data: CategoryChartData, date: datetime.datetime):
        super().__init__(chart_data)
        self._date = date

    @contextmanager
    def _open_worksheet(self, xlsx_file):
        with super()._open_worksheet(xlsx_file) as (workbook, worksheet):
            workbook.set_properties({"created": self._date})
            yield workbook, worksheet


def _size(writer, chart: Chart, width: Length) -> tuple[Length, float]:
    """The chart's height, and its category labels' size in points.

    Each bar gets room for the lines its longest label wraps to in the labels' share of
    the width (LibreOffice drops labels that would touch), within most of the page's
    text height; where that leaves a bar too little room, the labels are set smaller,
    never below `MIN_FONT_PT`.
    """
    size, count = _font_size(writer.theme), max(len(chart.categories), 1)
    room = Emu(int(width * MAX_LABELS)).pt
    lines = max((math.ceil(_label_ems(label) * size / room) for label in chart.categories), default=1)
    pitch = max(BAR_PITCH, Pt(size * (lines * LEADING + 0.5)))
    section = writer.doc.sections[0]
    text_height = section.page_height - section.top_margin - section.bottom_margin
    height = min(pitch * count + TOP + BOTTOM, int(text_height * MAX_HEIGHT))
    fits = Emu((height - TOP - BOTTOM) // count).pt / (lines * LEADING + 0.5)
    return Length(height), max(MIN_FONT_PT, min(size, math.floor(fits * 2) / 2))


def _font_size(theme: Theme) -> float:
    return max(MIN_FONT_PT, theme.sizes.small)


def _label_ems(label: str) -> float:
    """About how wide `label` is set, in ems: a Chinese character one, any other half."""
    return sum(1 if unicodedata.east_asian_width(c) in "WF" else 0.5 for c in label)


def _top(chart: Chart) -> float:
    """The end of the value axis: `axis_max`, else the longest bar; past the reference."""
    totals = [sum(values) for values in zip(*(s.values for s in chart.series))]
    return max(chart.axis_max or max(totals, default=0), chart.reference or 0)


def _style(space, chart: Chart, theme: Theme, language: str, label_size: float) -> None:
    """Style the bar chart python-pptx wrote: theme fonts, colours and patterns, the
    categories top to bottom, a fixed value axis, a legend below, no frame."""
    view = PptxChart(space, None)
    view.has_title = False
    space.chart.autoTitleDeleted.set("val", "1")  # nor one Word would make up
    _insert(space, _element("c:roundedCorners", val="0"), ("c:chart",))  # Word's default rounds them
    frame = parse_chart_xml(f'<c:spPr {_NS}><a:noFill/><a:ln><a:noFill/></a:ln></c:spPr>')
    _insert(space, frame, ("c:txPr",))
    view.has_legend = True
    view.legend.position = XL_LEGEND_POSITION.BOTTOM
    view.legend.include_in_layout = False
    font = view.font
    font.size, font.color.rgb, font.name = Pt(_font_size(theme)), INK, theme.fonts.body.docx
    [defaults] = space.xpath("c:txPr/a:p/a:pPr/a:defRPr")
    defaults.set("lang", language)
    if theme.fonts.body.east_asian:
        defaults.latin.addnext(_element("a:ea", typeface=theme.fonts.body.east_asian.docx))
    for end in space.iter(qn("a:endParaRPr")):
        end.set("lang", language)

    plot = view.plots[0]
    plot.gap_width, plot.overlap = 50, 100
    plot.vary_by_categories = False
    for index, series in enumerate(plot.series):
        fill = series.format.fill
        palette = theme.colors.chart
        colour = RGBColor.from_string(palette[index % len(palette)])
        pattern = PATTERNS[index % len(PATTERNS)]
        if pattern is None:
            fill.solid()
            fill.fore_color.rgb = colour
        else:
            fill.patterned()
            fill.pattern = pattern
            fill.fore_color.rgb, fill.back_color.rgb = WHITE, colour
        series.format.line.color.rgb = WHITE  # a hairline between the segments of a bar
        series.format.line.width = Pt(0.5)
        series.invert_if_negative = False

    # Word draws the first category at the bottom: reversed, they read top to bottom,
    # and the value axis, crossing at the last category, stays at the foot
    categories = view.category_axis
    categories.reverse_order = True
    categories.major_tick_mark = XL_TICK_MARK.NONE
    categories.format.line.color.rgb = INK
    categories.tick_labels.font.size = Pt(label_size)
    # every bar its label, however crowded: a bar without one cannot be told
    _insert(space.catAx_lst[0], _element("c:tickLblSkip", val="1"), ("c:tickMarkSkip", "c:noMultiLvlLbl"))
    values = view.value_axis
    space.valAx_lst[0].crosses.set("val", "max")
    values.minimum_scale = 0
    if top := _top(chart):
        values.maximum_scale = top
    values.has_major_gridlines = True
    values.major_gridlines.format.line.color.rgb = GRID
    values.format.line.fill.background()
    values.major_tick_mark = XL_TICK_MARK.NONE
    values.tick_labels.number_format = PERCENT_FORMAT if chart.percent else "General"
    values.tick_labels.number_format_is_linked = False
    if chart.axis_title:
        values.has_title = True
        values.axis_title.text_frame.text = chart.axis_title
        run = values.axis_title.text_frame.paragraphs[0].runs[0]
        run.font.size, run.font.bold = Pt(_font_size(theme)), False


def _reference_line(space, part: XmlPart, chart: Chart, width: Length, height: Length,
                    label_size: float) -> None:
    """A dashed line across the bars at `chart.reference`, drawn on the chart.

    No chart group draws it in both Word and LibreOffice: an XY series over horizontal
    bars, as Excel draws such a line, lands on LibreOffice's category axis. So the plot
    area is laid out by hand and the line is a shape in the chart's own drawing
    (`c:userShapes`), where the reference falls on the fixed value axis.
    """
    longest = max((_label_ems(label) for label in chart.categories), default=0)
    left = min(Pt((longest + 1) * label_size), int(width * MAX_LABELS))  # the labels and a gap
    x, y = left / width, TOP / height
    w, h = (width - left - RIGHT) / width, (height - TOP - BOTTOM) / height
    space.chart.plotArea.insert(0, parse_chart_xml(
        f'<c:layout {_NS}><c:manualLayout><c:layoutTarget val="inner"/><c:xMode val="edge"/>'
        f'<c:yMode val="edge"/><c:x val="{x:.4f}"/><c:y val="{y:.4f}"/><c:w val="{w:.4f}"/>'
        f'<c:h val="{h:.4f}"/></c:manualLayout></c:layout>'))
    at = x + w * chart.reference / _top(chart)
    line = _LINE.format(ns=_NS, x=f"{at:.4f}", top=f"{y:.4f}", bottom=f"{y + h:.4f}", length=int(height * h))
    drawing = XmlPart(part.package.next_partname("/word/drawings/drawing%d.xml"), CT.DML_CHARTSHAPES,
                      parse_chart_xml(line), part.package)
    space.append(_element("c:userShapes", **{qn("r:id"): part.relate_to(drawing, RT.CHART_USER_SHAPES)}))


#: The chart's drawing with the reference line: a dashed vertical connector at `x` from
#: `top` to `bottom`, in shares of the chart's size.
_LINE = """<c:userShapes {ns}>
<cdr:relSizeAnchor xmlns:cdr="http://schemas.openxmlformats.org/drawingml/2006/chartDrawing">
<cdr:from><cdr:x>{x}</cdr:x><cdr:y>{top}</cdr:y></cdr:from>
<cdr:to><cdr:x>{x}</cdr:x><cdr:y>{bottom}</cdr:y></cdr:to>
<cdr:cxnSp macro=""><cdr:nvCxnSpPr><cdr:cNvPr id="2" name="Reference line"/><cdr:cNvCxnSpPr/></cdr:nvCxnSpPr>
<cdr:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="{length}"/></a:xfrm>
<a:prstGeom prst="line"><a:avLst/></a:prstGeom>
<a:ln w="15875"><a:solidFill><a:srgbClr val="000000"/></a:solidFill><a:prstDash val="dash"/></a:ln></cdr:spPr>
</cdr:cxnSp></cdr:relSizeAnchor></c:userShapes>"""


def _element(tag: str, **attributes: str) -> etree._Element:
    return etree.Element(qn(tag), attributes)


def _insert(parent, element, successors: tuple[str, ...]) -> etree._Element:
    """Add `element` to `parent` before the first of `successors` it has, else last."""
    following = parent.xpath("|".join(f"./{tag}" for tag in successors))
    if following:
        following[0].addprevious(element)
    else:
        parent.append(element)
    return element


def _inline(rid: str, shape_id: int, width: Length, height: Length):
    """A `wp:inline` drawing of the chart related as `rid`."""
    return parse_docx_xml(
        f'<wp:inline {nsdecls("wp", "a", "r")} distT="0" distB="0" distL="0" distR="0">'
        f'<wp:extent cx="{Emu(width)}" cy="{Emu(height)}"/><wp:effectExtent l="0" t="0" r="0" b="0"/>'
        f'<wp:docPr id="{shape_id}" name="Chart {shape_id}"/><wp:cNvGraphicFramePr/>'
        f'<a:graphic><a:graphicData uri="{CHART_URI}">'
        f'<c:chart xmlns:c="{CHART_URI}" r:id="{rid}"/></a:graphicData></a:graphic></wp:inline>'
    )

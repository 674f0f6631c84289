"""Native Office charts: the styling shared by the deck's chart frames and the brief's chart
parts (`style_chart`, carrying out `chartstyle`), and the Word chart part with its workbook.

python-docx has no chart API, but a Word chart is the same DrawingML `c:chartSpace` part that
PowerPoint uses (python-docx has no chart API: python-docx PR #392). python-pptx writes the chart XML and the
embedded workbook ("Edit data" works in Word); this module styles it from the theme (series
colours, chart font, axis number format) and returns the bytes. `render/docx/blocks.py` adds the parts.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from lxml import etree

from .. import model
from ..theme import Theme
from .chartstyle import (
    PIE_FIRST_SLICE,
    Axis,
    axis,
    chart_values,
    legend,
    pie_heading,
    pie_labels,
    shows_values,
    value_decimals,
    value_format,
    value_text,
)

__all__ = ["ChartParts", "chart_parts", "chart_type", "color_series", "shows_values",
           "style_chart", "value_decimals", "value_format", "value_text"]

C_NS = "http://schemas.openxmlformats.org/drawingml/2006/chart"
A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

#: content types of the parts a chart adds to the package
CT_CHART = "application/vnd.openxmlformats-officedocument.drawingml.chart+xml"
CT_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def color_series(plot: Any, kind: str, colors: list[str]) -> None:
    """Colour each series of a python-pptx plot from the theme's chart colours, in turn: lines
    and their markers for a line chart, fills otherwise. Shared by the deck and the brief."""
    from pptx.dml.color import RGBColor
    from pptx.util import Pt

    for i, ser in enumerate(plot.series):
        rgb = RGBColor.from_string(colors[i % len(colors)])
        if kind == "line":
            ser.format.line.color.rgb = rgb
            ser.format.line.width = Pt(2.25)
            ser.smooth = False
            ser.marker.format.fill.solid()
            ser.marker.format.fill.fore_color.rgb = rgb
            ser.marker.format.line.color.rgb = rgb
        else:
            ser.format.fill.solid()
            ser.format.fill.fore_color.rgb = rgb


@dataclass(frozen=True)
class ChartParts:
    """The chart XML (with a `c:externalData` pointing at `workbook_rid`) and its workbook."""

    xml: bytes
    xlsx: bytes


#: python-pptx chart types by outline kind
def chart_type(kind: str) -> Any:
    from pptx.enum.chart import XL_CHART_TYPE

    return {
        "bar": XL_CHART_TYPE.BAR_CLUSTERED,
        "column": XL_CHART_TYPE.COLUMN_CLUSTERED,
        "line": XL_CHART_TYPE.LINE_MARKERS,
        "pie": XL_CHART_TYPE.PIE,
    }[kind]


def chart_data(chart: model.Chart) -> Any:
    """The chart's data for python-pptx, in the outline's order (the workbook behind "Edit data"
    reads as the outline does; a bar chart's first category is put on top by the axis, see
    `style_chart`). A pie shows one series: the first, as in every format."""
    from pptx.chart.data import CategoryChartData

    data = CategoryChartData(number_format=value_format(chart))
    data.categories = list(chart.categories)
    for ser in chart.series[:1] if chart.kind == "pie" else chart.series:
        data.add_series(ser.name, [float(v) for v in ser.values])
    return data


def _scale(axis_el: Any, ax: Axis) -> None:
    """Explicit `c:min` / `c:max` and `c:majorUnit` on a value axis: Word, PowerPoint and
    LibreOffice each choose another automatic scale (0-12 against the handout's 0-15)."""
    scaling = axis_el.find(f"{{{C_NS}}}scaling")
    for tag in ("max", "min"):
        old = scaling.find(f"{{{C_NS}}}{tag}")
        if old is not None:
            scaling.remove(old)
    # -- schema order in c:scaling: logBase, orientation, max, min --
    mx = etree.Element(f"{{{C_NS}}}max")
    mx.set("val", repr(ax.high))
    mn = etree.Element(f"{{{C_NS}}}min")
    mn.set("val", repr(ax.low))
    before = [e for e in scaling if e.tag in (f"{{{C_NS}}}logBase", f"{{{C_NS}}}orientation")]
    if before:
        before[-1].addnext(mx)
    else:
        scaling.insert(0, mx)
    mx.addnext(mn)


def style_chart(pc: Any, chart: model.Chart, theme: Theme, size: float, data_labels: bool) -> None:
    """Style a python-pptx chart (a deck's chart frame or a brief's chart part) by the shared
    chart style (`chartstyle`): font, colours, value axis scale and number formats, legend,
    value labels, a pie's labels, start angle and heading. `size` is the text size in points."""
    from pptx.dml.color import RGBColor
    from pptx.enum.chart import XL_LABEL_POSITION, XL_LEGEND_POSITION, XL_TICK_LABEL_POSITION
    from pptx.util import Pt

    c = theme.colors
    space = pc._chartSpace
    pc.font.name = theme.fonts.body
    pc.font.size = Pt(size)
    pc.font.color.rgb = RGBColor.from_string(c.text)
    # -- the chart font's east-Asian slot, or Hangul category names fall back to a default --
    defrpr = space.find(f"{{{C_NS}}}txPr//{{{A_NS}}}defRPr")
    if defrpr is not None:
        ea = etree.SubElement(defrpr, f"{{{A_NS}}}ea")
        ea.set("typeface", theme.fonts.east_asian)
        # -- schema order in a:defRPr: ln, fill, ..., latin, ea, cs; latin was added by .font --
        latin = defrpr.find(f"{{{A_NS}}}latin")
        if latin is not None:
            latin.addnext(ea)

    plot = pc.plots[0]
    where = legend(chart)
    pc.has_legend = where is not None
    if where is not None:
        pc.legend.position = XL_LEGEND_POSITION.RIGHT if where == "right" else XL_LEGEND_POSITION.BOTTOM
        pc.legend.include_in_layout = False
        pc.legend.font.size = Pt(size)
    if chart.kind == "pie":
        heading = pie_heading(chart)
        pc.has_title = heading is not None
        if heading is not None:
            pc.chart_title.text_frame.text = heading
            run = pc.chart_title.text_frame.paragraphs[0].runs[0]
            run.font.size = Pt(size)
            run.font.bold = False
            run.font.color.rgb = RGBColor.from_string(c.muted)
        palette = [RGBColor.from_string(h) for h in c.chart]
        plot.vary_by_categories = True
        pie = space.find(f".//{{{C_NS}}}pieChart")
        first = pie.find(f"{{{C_NS}}}firstSliceAng")
        if first is None:
            first = etree.Element(f"{{{C_NS}}}firstSliceAng")
            # -- schema order in c:pieChart: varyColors, ser*, dLbls, firstSliceAng, extLst --
            last = [e for e in pie if e.tag in (f"{{{C_NS}}}varyColors", f"{{{C_NS}}}ser", f"{{{C_NS}}}dLbls")]
            last[-1].addnext(first)
        first.set("val", str(PIE_FIRST_SLICE))
        texts = pie_labels(chart)
        for i, point in enumerate(plot.series[0].points):
            point.format.fill.solid()
            point.format.fill.fore_color.rgb = palette[i % len(palette)]
            point.format.line.color.rgb = RGBColor.from_string(c.background)
            # -- each label's own text: Office's value-and-percentage label has its own
            # separator ("6.5; 52%") --
            dl = point.data_label
            dl.text_frame.text = texts[i]
            dl.text_frame.paragraphs[0].runs[0].font.size = Pt(size)
            # -- outside the slices: dark theme colours would swallow dark labels --
            dl.position = XL_LABEL_POSITION.OUTSIDE_END
        return

    # -- the caption is the figure's title, so no chart title (Word makes one from a lone
    # series unless told) --
    pc.has_title = False
    plot.vary_by_categories = False
    if chart.kind in ("bar", "column"):
        plot.gap_width = 80
        plot.overlap = 0
    color_series(plot, chart.kind, list(c.chart))
    if data_labels:
        plot.has_data_labels = True
        dl = plot.data_labels
        dl.font.size = Pt(size)
        dl.number_format = value_format(chart)
        dl.number_format_is_linked = False
        dl.position = XL_LABEL_POSITION.ABOVE if chart.kind == "line" else XL_LABEL_POSITION.OUTSIDE_END
    ax = axis(chart_values(chart))
    va = pc.value_axis
    _scale(va._element, ax)
    va.major_unit = ax.step
    va.has_major_gridlines = True
    va.major_gridlines.format.line.color.rgb = RGBColor.from_string(c.rule)
    va.format.line.fill.background()
    va.tick_labels.number_format = ax.office_format
    va.tick_labels.number_format_is_linked = False
    va.tick_labels.font.size = Pt(size)
    ca = pc.category_axis
    ca.format.line.color.rgb = RGBColor.from_string(c.rule)
    ca.tick_labels.font.size = Pt(size)
    # -- category labels at the bottom (left) edge even when values go below zero --
    ca.tick_label_position = XL_TICK_LABEL_POSITION.LOW
    if chart.kind == "bar":
        # -- the first category on top, as the data and the handout read: the category axis
        # runs max to min, and the value axis crosses it at its maximum, which is now the
        # bottom; without `crosses` the value labels go to the top and the title stays below --
        ca.reverse_order = True
        va_crosses = ca._element.find(f"{{{C_NS}}}crosses")
        if va_crosses is not None:
            va_crosses.set("val", "autoZero")
        crosses = va._element.find(f"{{{C_NS}}}crosses")
        if crosses is not None:
            crosses.set("val", "max")
    if chart.unit:
        va.has_title = True
        va.axis_title.text_frame.text = chart.unit
        run = va.axis_title.text_frame.paragraphs[0].runs[0]
        run.font.size = Pt(size)
        run.font.bold = False
        run.font.color.rgb = RGBColor.from_string(c.muted)


def chart_parts(chart: model.Chart, theme: Theme, workbook_rid: str) -> ChartParts:
    """The chart part XML and workbook of `chart`, styled from `theme`."""
    from pptx.chart.chart import Chart as PptxChart
    from pptx.oxml import parse_xml

    data = chart_data(chart)
    space = parse_xml(data.xml_bytes(chart_type(chart.kind)))
    pc = PptxChart(space, None)
    style_chart(pc, chart, theme, theme.sizes.brief.small,
                shows_values(chart, theme.config.pptx.data_labels_max))

    # -- a missing c:roundedCorners means "true" in the spec, and Word draws round corners;
    # the chart frame goes too: the caption below is the figure's frame --
    date1904 = space.find(f"{{{C_NS}}}date1904")
    rounded = etree.Element(f"{{{C_NS}}}roundedCorners")
    rounded.set("val", "0")
    if date1904 is not None:
        date1904.addnext(rounded)
    else:
        space.insert(0, rounded)
    sppr = etree.fromstring(
        f'<c:spPr xmlns:c="{C_NS}" xmlns:a="{A_NS}"><a:noFill/><a:ln><a:noFill/></a:ln></c:spPr>'
    )
    space.find(f"{{{C_NS}}}txPr").addprevious(sppr)
    ext = etree.SubElement(space, f"{{{C_NS}}}externalData")
    ext.set(f"{{{R_NS}}}id", workbook_rid)
    etree.SubElement(ext, f"{{{C_NS}}}autoUpdate").set("val", "0")
    xml = etree.tostring(space, xml_declaration=True, encoding="UTF-8", standalone=True)
    return ChartParts(xml, data.xlsx_blob)

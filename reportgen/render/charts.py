"""Native chart parts for the Word brief: chart XML and its workbook built with python-pptx.

python-docx has no chart API, but a Word chart is the same DrawingML `c:chartSpace` part that
PowerPoint uses (python-docx has no chart API: python-docx PR #392). python-pptx writes the chart XML and the
embedded workbook ("Edit data" works in Word); this module styles it from the theme (series
colours, chart font, axis number format) and returns the bytes. `docx.py` adds the parts.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from lxml import etree

from .. import model
from ..theme import Theme

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


def _chart_type(kind: str, n_series: int) -> Any:
    from pptx.enum.chart import XL_CHART_TYPE

    return {
        "bar": XL_CHART_TYPE.BAR_CLUSTERED,
        "column": XL_CHART_TYPE.COLUMN_CLUSTERED,
        "line": XL_CHART_TYPE.LINE_MARKERS,
        "pie": XL_CHART_TYPE.PIE,
    }[kind]


def shows_values(chart: model.Chart, limit: int) -> bool:
    """Whether a chart labels its points with their values, in every format: a pie always; a
    bar, column or one-line chart when it has at most `limit` points; lines of several series
    never (their labels fall on each other where the lines run close)."""
    if chart.kind == "pie":
        return True
    if chart.kind == "line" and len(chart.series) > 1:
        return False
    return len(chart.categories) * len(chart.series) <= limit


def value_decimals(chart: model.Chart) -> int | None:
    """Decimal places for value labels, the same for every point (7.0 beside 7.1, not 7), at
    most 3; None when a value is too small for that (0.0004): then each shows as written."""
    places = 0
    for v in (v for s in chart.series for v in s.values):
        if float(v).is_integer():
            continue
        if abs(v) < 1e-3:
            return None
        places = max(places, len(f"{abs(v):.3f}".rstrip("0").split(".")[1]))
    return places


def value_format(chart: model.Chart) -> str:
    """The Office number format of value labels (see `value_decimals`)."""
    d = value_decimals(chart)
    if d is None:
        return "General"
    return "#,##0" + ("." + "0" * d if d else "")


def value_text(chart: model.Chart, v: float) -> str:
    """A value label as the handout prints it: what `value_format` shows in Office."""
    d = value_decimals(chart)
    if d is None:
        return f"{v:.6g}"
    return f"{v:,.{d}f}"


def _number_format(chart: model.Chart) -> str:
    values = [v for s in chart.series for v in s.values]
    if values and all(float(v).is_integer() for v in values):
        return "#,##0"
    return "#,##0.0#"


def chart_parts(chart: model.Chart, theme: Theme, workbook_rid: str) -> ChartParts:
    """The chart part XML and workbook of `chart`, styled from `theme`."""
    from pptx.chart.chart import Chart as PptxChart
    from pptx.chart.data import CategoryChartData
    from pptx.dml.color import RGBColor
    from pptx.enum.chart import XL_LABEL_POSITION, XL_LEGEND_POSITION
    from pptx.oxml import parse_xml
    from pptx.util import Pt

    c, s = theme.colors, theme.sizes.brief
    fmt = _number_format(chart)
    # -- a pie shows one series: the first, as the deck and the handout do --
    series = chart.series[:1] if chart.kind == "pie" else chart.series
    # -- Word draws the first category of a horizontal bar chart at the bottom; the deck and
    # the handout read top-down. Reversing the axis (orientation maxMin) moves the value axis
    # to the top in LibreOffice whatever `crosses` says, so the data goes in reversed instead --
    flip = (lambda xs: list(xs)[::-1]) if chart.kind == "bar" else list
    data = CategoryChartData(number_format=fmt)
    data.categories = flip(chart.categories)
    for ser in series:
        data.add_series(ser.name, flip(float(v) for v in ser.values))
    xl_type = _chart_type(chart.kind, len(series))
    space = parse_xml(data.xml_bytes(xl_type))
    pc = PptxChart(space, None)

    pc.font.name = theme.fonts.body
    pc.font.size = Pt(s.small)
    pc.font.color.rgb = RGBColor.from_string(c.text)
    # -- the chart font's east-Asian slot, or Hangul category names fall back to a default --
    defrpr = space.find(
        f".//{{{C_NS}}}txPr//{{http://schemas.openxmlformats.org/drawingml/2006/main}}defRPr"
    )
    if defrpr is not None:
        ea = etree.SubElement(defrpr, "{http://schemas.openxmlformats.org/drawingml/2006/main}ea")
        ea.set("typeface", theme.fonts.east_asian)
        # -- schema order in a:defRPr: ln, fill, ..., latin, ea, cs; latin was added by .font --
        latin = defrpr.find("{http://schemas.openxmlformats.org/drawingml/2006/main}latin")
        if latin is not None:
            latin.addnext(ea)

    pc.has_title = False
    palette = [RGBColor.from_string(h) for h in c.chart]
    plot = pc.plots[0]
    if chart.kind == "pie":
        pc.has_legend = True
        pc.legend.position = XL_LEGEND_POSITION.RIGHT
        pc.legend.include_in_layout = False
        plot.vary_by_categories = True
        for i, point in enumerate(plot.series[0].points):
            point.format.fill.solid()
            point.format.fill.fore_color.rgb = palette[i % len(palette)]
            point.format.line.color.rgb = RGBColor.from_string(c.background)
        plot.has_data_labels = True
        labels = plot.data_labels
        labels.number_format = "0%"
        labels.number_format_is_linked = False
        labels.show_percentage = True
        labels.show_value = False
        labels.position = XL_LABEL_POSITION.OUTSIDE_END
    else:
        # -- a legend even for one series: it is where the series name shows (the caption is
        # the figure's title, so no chart title: Word would make one from a lone series) --
        pc.has_legend = True
        pc.legend.position = XL_LEGEND_POSITION.BOTTOM
        pc.legend.include_in_layout = False
        plot.vary_by_categories = False
        if chart.kind in ("bar", "column"):
            plot.gap_width = 80
            plot.overlap = 0
        color_series(plot, chart.kind, c.chart)
        if shows_values(chart, theme.config.pptx.data_labels_max):
            plot.has_data_labels = True
            dl = plot.data_labels
            dl.font.size = Pt(s.small)
            dl.number_format = value_format(chart)
            dl.number_format_is_linked = False
            dl.position = XL_LABEL_POSITION.ABOVE if chart.kind == "line" else XL_LABEL_POSITION.OUTSIDE_END
        va = pc.value_axis
        va.has_major_gridlines = True
        va.major_gridlines.format.line.color.rgb = RGBColor.from_string(c.rule)
        va.format.line.fill.background()
        va.tick_labels.number_format = fmt
        va.tick_labels.number_format_is_linked = False
        ca = pc.category_axis
        ca.format.line.color.rgb = RGBColor.from_string(c.rule)

        if chart.unit:
            va.has_title = True
            va.axis_title.text_frame.text = chart.unit
            run = va.axis_title.text_frame.paragraphs[0].runs[0]
            run.font.size = Pt(s.small)
            run.font.bold = False
            run.font.color.rgb = RGBColor.from_string(c.muted)

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

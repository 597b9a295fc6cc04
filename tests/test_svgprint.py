"""svgprint.py: the PDF's chart is the web chart's drawing in few SVG elements (issue 19).

Drawn by resvg (vl-convert's rasteriser, independent of WeasyPrint) both ways, the compact
SVG paints the same pixels as Vega's, up to the anti-aliasing where two lines that are now
one path cross; it has a fraction of the elements, and the print edition's image carries
the chart's description as its alternative text.
"""

from __future__ import annotations

import base64
import html
import io
import re
import xml.etree.ElementTree as ET

import pytest
import vl_convert as vlc
from PIL import Image, ImageChops

from jbr.indicators import IndicatorValue
from jbr.publish import bars
from jbr.publish.charts import trend
from jbr.publish.figures import published_figures
from jbr.publish.svgprint import print_svg, printed_chart

SVG = "{http://www.w3.org/2000/svg}"


def _figures(indicator, series, unit, target=None, status=None, extra=()):
    values = {
        y: [IndicatorValue(indicator, y, "RIJK", x, unit, target, status, False)]
        for y, x in series.items()
    }
    for v in extra:
        values.setdefault(v.year, []).append(v)
    return published_figures(values, max(series), "nl")


def _co2_with_target_and_prognosis():
    """Line, points, a dashed target path with square marks, a dotted prognosis with
    diamonds: every kind of mark a trend chart has."""
    co2 = {2017: 136_137.0, 2019: 126_487.0, 2021: 106_238.0, 2023: 77_263.0, 2024: 72_998.0}
    prognosis = IndicatorValue(
        "climate.co2_projection_2030_t", 2024, "RIJK", 18_184.0, "ton CO₂", None, None, False
    )
    figures = _figures("climate.co2_t", co2, "ton CO₂", 0, "off_track", extra=[prognosis])
    return trend.trend_chart(figures, "climate.co2_t")


def _bars():
    ministries = {"AZ": 8.0, "BZ": 12.5, "BZK": 20.1, "FIN": 9.9, "DEF": 14.2}
    extra = [
        IndicatorValue("personnel.external_hiring_pct", 2024, m, x, "%", 10, None, False)
        for m, x in ministries.items()
    ]
    figures = _figures(
        "personnel.external_hiring_pct", {2023: 16.0, 2024: 15.4}, "%", 10, "off_track", extra
    )
    return bars.ministry_chart(figures, "personnel.external_hiring_pct")


@pytest.fixture(scope="module", params=["trend", "bars"])
def chart(request):
    return _co2_with_target_and_prognosis() if request.param == "trend" else _bars()


def _pixels(svg: str) -> Image.Image:
    return Image.open(io.BytesIO(vlc.svg_to_png(svg, scale=2))).convert("RGB")


def test_the_compact_svg_paints_what_vegas_paints(chart):
    before, after = _pixels(chart.svg), _pixels(print_svg(chart.svg))
    assert before.size == after.size
    difference = ImageChops.difference(before, after).convert("L")
    histogram = difference.histogram()
    # anti-aliasing where grid lines or ticks now of one path cross: faint and few
    assert max(v for v, n in enumerate(histogram) if n) <= 24
    assert sum(histogram[1:]) <= before.size[0] * before.size[1] // 500
    # and not a blank picture on both sides: the chart's blue is drawn
    assert (1, 104, 155) in {c for _, c in after.getcolors(1 << 20)}


def test_the_compact_svg_has_few_elements_and_the_same_text(chart):
    before, after = ET.fromstring(chart.svg), ET.fromstring(print_svg(chart.svg))
    n_before, n_after = len(list(before.iter())), len(list(after.iter()))
    assert n_after * 2 < n_before, (n_before, n_after)
    texts = [(t.text, t.get("font-size"), t.get("text-anchor")) for t in before.iter(SVG + "text")]
    assert [
        (t.text, t.get("font-size"), t.get("text-anchor")) for t in after.iter(SVG + "text")
    ] == texts
    assert not any(e.get("class") or e.get("pointer-events") for e in after.iter())
    # the accessible name and size stay on the root
    for name in ("role", "aria-label", "width", "height", "viewBox"):
        assert after.get(name) == before.get(name)
    assert after.find(SVG + "title").text == chart.description


def test_the_print_image_is_the_compact_svg_with_the_description_as_alt(chart):
    image = str(printed_chart(chart))
    src, width, height, alt = re.fullmatch(
        r'<img src="data:image/svg\+xml;base64,([^"]+)" width="([^"]+)" height="([^"]+)"'
        r' alt="([^"]+)">',
        image,
    ).groups()
    assert base64.b64decode(src).decode("utf-8") == print_svg(chart.svg)
    root = ET.fromstring(chart.svg)
    assert (width, height) == (root.get("width"), root.get("height"))
    assert html.unescape(alt) == chart.description  # what the SVG's <title> gave


LINES = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="20" height="20"><g fill="none">'
    '<g class="mark-rule" transform="translate(0.5,0.5)">{}</g></g></svg>'
)


@pytest.mark.parametrize(
    "marks, paths, why",
    [
        (
            '<line transform="translate(2,0)" x2="0" y2="10" stroke="#ddd"/>'
            '<line transform="translate(4,0)" x2="0" y2="10" stroke="#ddd"/>',
            ['<path fill="none" stroke="#ddd" d="M2.5,0.5L2.5,10.5M4.5,0.5L4.5,10.5"/>'],
            "two grid lines of one style: one path, moved by the group they leave",
        ),
        (
            '<line x2="5" stroke="#ddd"/><line x2="5" stroke="#888"/>',
            [
                '<line x2="5" stroke="#ddd" transform="translate(0.5,0.5)"/>',
                '<line x2="5" stroke="#888" transform="translate(0.5,0.5)"/>',
            ],
            "another colour is another path",
        ),
        (
            '<path transform="translate(3,4)" d="M1,0A1,1,0,1,1,-1,0A1,1,0,1,1,1,0" fill="#01689b"/>'
            '<path transform="translate(8,4)" d="M1,0A1,1,0,1,1,-1,0A1,1,0,1,1,1,0" fill="#01689b"/>',
            [
                '<path fill="#01689b" d="M4.5,4.5A1,1,0,1,1,2.5,4.5A1,1,0,1,1,4.5,4.5'
                'M9.5,4.5A1,1,0,1,1,7.5,4.5A1,1,0,1,1,9.5,4.5"/>'
            ],
            "filled circles: one path, absolute points moved, radii kept",
        ),
        (
            '<path transform="translate(3,4)" d="M1,0A1,1,0,1,1,-1,0Z" fill="#111" stroke="#111"/>'
            '<path transform="translate(8,4)" d="M1,0A1,1,0,1,1,-1,0Z" fill="#111" stroke="#111"/>',
            [
                '<path transform="translate(3.5,4.5)" d="M1,0A1,1,0,1,1,-1,0Z" fill="#111"'
                ' stroke="#111"/>',
                '<path transform="translate(8.5,4.5)" d="M1,0A1,1,0,1,1,-1,0Z" fill="#111"'
                ' stroke="#111"/>',
            ],
            "filled and stroked: a stroke must not end up under the next shape's fill",
        ),
        (
            '<path d="M0,0h5v2h-5Z" fill="#01689b"/><path d="M0,4h3v2h-3Z" fill="#01689b"/>',
            [
                '<path d="M0,0h5v2h-5Z" fill="#01689b" transform="translate(0.5,0.5)"/>',
                '<path d="M0,4h3v2h-3Z" fill="#01689b" transform="translate(0.5,0.5)"/>',
            ],
            "bars stay alone: viewers snap a lone rectangle to the pixel grid",
        ),
        (
            '<line x2="5" stroke="#ddd" opacity="0.5"/><line x2="5" stroke="#ddd" opacity="0.5"/>',
            [
                '<line x2="5" stroke="#ddd" opacity="0.5" transform="translate(0.5,0.5)"/>',
                '<line x2="5" stroke="#ddd" opacity="0.5" transform="translate(0.5,0.5)"/>',
            ],
            "translucent shapes overlap differently as one path",
        ),
        (
            '<path class="background" d="M0,0h20v20h-20Z"/><line x2="5" stroke="#ddd" opacity="1"/>',
            ['<line x2="5" stroke="#ddd" transform="translate(0.5,0.5)"/>'],
            "a shape without fill (inherited none) or stroke paints nothing; opacity 1 is the default",
        ),
    ],
)
def test_what_is_merged_and_what_stays(marks, paths, why):
    svg = print_svg(LINES.format(marks))
    inner = re.fullmatch(r'<svg [^>]*><g fill="none">(.*)</g></svg>', svg).group(1)
    assert re.findall(r"<(?:path|line)[^>]*/>", inner) == paths, why

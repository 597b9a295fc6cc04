"""How every chart looks: colours, font, size, the tick count of a value axis and the
configuration every spec ends with (``finish``). Colour is never the only carrier: each
series colour is ≥ 4.5:1 on white, and the series also differ in dash and point shape."""

from __future__ import annotations

from typing import Any

FONT = "DejaVu Sans"  # embedded in the PDF; Debian package fonts-dejavu-core
SERIES_COLOUR = "#01689b"  # Rijkshuisstijl hemelblauw: 5.7:1 on white
TARGET_COLOUR = "#4d4d4d"  # 8.5:1 on white
PROGNOSIS_COLOUR = "#a90061"  # Rijkshuisstijl robijnrood: 7.3:1 on white
RIJK_COLOUR = "#1b1b1b"
WIDTH, HEIGHT = 380, 130  # printed at 86 mm: two charts a row
# Ticks on a value axis; the domain is rounded ("nice") to the same count, so the top of
# the axis is a labelled tick.
TICKS = 5


def finish(spec: dict[str, Any]) -> dict[str, Any]:
    """``spec`` (an Altair chart's dict) with the house configuration and without the
    empty data sets Altair adds (each chart sets its own data)."""
    spec.pop("datasets", None)
    spec["config"] = {
        "font": FONT,
        "background": "white",
        "axis": {"labelColor": RIJK_COLOUR, "titleColor": RIJK_COLOUR, "labelFontSize": 12},
        "legend": {"labelColor": RIJK_COLOUR, "labelFontSize": 12},
        "view": {"stroke": None},
    }
    return spec

"""What a chart is (``Chart``), which indicators get a trend (``has_trend``) and the
figures it draws (``chart_figures``); and the version of the code and words that draw
charts (``drawing_version``), which names the site's chart files."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ...codelists import RIJK
from ...indicators.catalogue import Indicator, prognoses_of
from ...locale import FOLDER, LANGUAGES
from ..figures import Figure, PublishedFigures

PACKAGE = Path(__file__).parent


@dataclass(frozen=True)
class Chart:
    indicator: str
    ministry: str  # RIJK for a trend; "" for a comparison of ministries
    spec: dict[str, Any]  # Vega-Lite JSON
    svg: str  # inline SVG: role="img", accessible name = description
    alt: str  # what the chart shows, in words: the figure's caption
    description: str = ""  # what the picture is: its accessible name, beside the caption


def has_trend(ind: Indicator, series: list[Figure]) -> bool:
    """Whether an indicator gets a trend chart: at least two published years (a single
    point is no trend), and not a prognosis (it is drawn in its basis's chart) or a
    figure that is itself a year."""
    if ind.is_prognosis or ind.unit_en == "year":
        return False
    return sum(f.value is not None for f in series) >= 2


def chart_figures(figures: PublishedFigures, indicator: str, ministry: str = RIJK) -> list[Figure]:
    """Every figure the trend chart of ``indicator`` draws: its series and the latest value
    of each prognosis of it (for a chart drawn elsewhere from just these figures)."""
    series = figures.series(indicator, ministry)
    latest = max((f.year for f in series), default=None)
    extra = [
        f
        for p in prognoses_of(indicator)
        if latest is not None and (f := figures.get(p.id, latest, ministry)) is not None
    ]
    return series + extra


def drawing_version() -> str:
    """A digest of what draws a chart besides its figures: every module of this package,
    ``bars.py`` and the charts' words (``grafieken.toml``). Part of the name of every
    chart file of the site, so that a change to any of them draws the charts anew."""
    files = [
        *sorted(PACKAGE.glob("*.py")),
        PACKAGE.parent / "bars.py",
        *(FOLDER / lang / "grafieken.toml" for lang in LANGUAGES),
    ]
    return hashlib.sha256(b"".join(f.read_bytes() for f in files)).hexdigest()[:12]

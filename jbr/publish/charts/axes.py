"""Honest axes (issue 13): a quantity's axis starts at zero; tick labels are left to
Vega's number format, which takes its precision from the tick step, so labels never
repeat; years are years (format ``d``, no thousands separator, whole years only); values
are drawn in the unit of the table beside the chart (€ mln, MWh: readers' words), and
what is still a million or more in millions or billions."""

from __future__ import annotations

from .words import words

# Amounts from a million on are drawn in millions or billions: "1.500.000.000" ticks read
# badly and crowd the axis. (factor, its word in the catalogue: grafieken.<word>)
MAGNITUDES = ((1e9, "billion"), (1e6, "million"))


def year_ticks(years: list[int], most: int = 8) -> list[int]:
    """The years labelled on a time axis: every year, or every second (fifth, ...) one when
    there are more than ``most``, on round years. Whole years only: a tick between two
    years would repeat a year's label."""
    if not years:
        return []
    first, last = min(years), max(years)
    step = next(s for s in (1, 2, 5, 10, 20, 50) if (last - first) // s + 1 <= most)
    return [y for y in range(first, last + 1) if y % step == 0]


def magnitude(values: list[float], unit: str, lang: str) -> tuple[float, str]:
    """(divisor, axis title): amounts from a million on in millions or billions."""
    top = max((abs(v) for v in values), default=0.0)
    for factor, word in MAGNITUDES:
        if top >= factor:
            return factor, f"{words(lang)[word]} {unit}".strip()
    return 1.0, unit

"""The data rows a trend chart draws, one per point: ``{jaar, waarde, tekst, reeks}``.

A target is drawn as the line it is judged by: the straight path from the baseline year
to the target year (the ``on_track`` rule of ``targets.target_status``), or its point in
the target year when the baseline is not shown; a norm without a year as a level line; a
target from the data per year. A prognosis of the indicator (catalogue kind
``prognosis``) is drawn as a dotted line from the last known year to the prognosis year,
named "Prognose" in the legend and the alt text — never as a target.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ...indicators import by_id
from ...indicators.catalogue import Indicator
from ..figures import Figure


def row(year: int, value: float | None, text: str, series: str) -> dict[str, Any]:
    """One point: its year, value, value as text (the tooltip) and series (the legend)."""
    return {"jaar": year, "waarde": value, "tekst": text, "reeks": series}


def target_rows(ind: Indicator, series: list[Figure], w: Mapping[str, str]) -> list[dict[str, Any]]:
    """The target as the line it is judged by (see the module docstring)."""
    t = ind.target
    shown = [f for f in series if f.target is not None and not f.suppressed]
    if t is None or not shown:
        return []
    if t.from_data or len({f.target for f in shown}) > 1:
        return [row(f.year, f.target, f.target_text, w["target"]) for f in shown]
    text = shown[-1].target_text
    base = next((f for f in series if f.year == t.baseline_year and f.value is not None), None)
    if t.year is not None and base is not None:
        return [
            row(base.year, base.value, base.with_unit, w["target_path"]),
            row(t.year, t.value, text, w["target_path"]),
        ]
    if t.year is not None:  # the baseline is not shown: the target itself, in its year
        return [row(t.year, t.value, text, w["target"])]
    years = [f.year for f in series]  # a norm for every year: its level over the years
    return [
        row(min(years), t.value, text, w["target"]),
        row(max(years), t.value, text, w["target"]),
    ]


def prognosis_rows(
    series: list[Figure], prognoses: list[Figure], w: Mapping[str, str]
) -> list[dict[str, Any]]:
    """A dotted line from the last known value to each prognosis's value in its year."""
    known = [f for f in series if f.value is not None]
    out: list[dict[str, Any]] = []
    for p in prognoses:
        declared = by_id()[p.indicator].prognosis
        if not known or p.value is None or declared is None or declared.year is None:
            continue
        last = known[-1]
        out += [
            row(last.year, last.value, last.with_unit, w["prognosis"]),
            row(declared.year, p.value, p.with_unit, w["prognosis"]),
        ]
    return out

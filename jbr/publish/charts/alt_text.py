"""A trend chart in words (SPEC §6, WCAG 2.1 AA): ``trend_text`` states the trend — the
visible caption, ``Chart.alt`` — and ``chart_description`` says what the picture is — the
SVG's accessible name, ``Chart.description``. Only published figures are used."""

from __future__ import annotations

from ...indicators import by_id
from ..figures import Figure
from .rows import prognosis_rows, target_rows
from .words import words


def trend_text(
    label: str, series: list[Figure], lang: str = "nl", prognoses: list[Figure] | None = None
) -> str:
    """The trend in words, e.g. "Aardgasverbruik daalde van 1.642 TJ in 2019 naar 1.018 TJ
    in 2023. Doel: ten minste 30,0 % in 2030, gehaald." Only published figures are used."""
    w = words(lang)
    known = [f for f in series if f.value is not None]
    hidden = sum(f.suppressed for f in series)
    if not known:
        text = w["none"].format(label=label)
    elif len(known) == 1:
        text = w["single"].format(label=label, value=known[0].with_unit, year=known[0].year)
    else:
        first, last = known[0], known[-1]
        verb = "rose" if last.value > first.value else "fell"  # type: ignore[operator]
        if last.text == first.text:
            verb = "same"
        key = "flat" if verb == "same" else "from_to"
        text = w[key].format(
            label=label,
            verb=w[verb],
            first=first.with_unit,
            y0=first.year,
            last=last.with_unit,
            y1=last.year,
        )
        inner = known[1:-1]
        top = max(inner, key=lambda f: f.value or 0.0, default=None)
        low = min(inner, key=lambda f: f.value or 0.0, default=None)
        ends = [first.value or 0.0, last.value or 0.0]
        if top is not None and (top.value or 0.0) > max(ends):
            text += w["peak"].format(value=top.with_unit, year=top.year)
        elif low is not None and (low.value or 0.0) < min(ends):
            text += w["trough"].format(value=low.with_unit, year=low.year)
    text += "."
    latest = series[-1] if series else None
    ind = by_id().get(latest.indicator) if latest else None
    if latest is not None and ind is not None and ind.target is not None and latest.target_text:
        year = w["in_year"].format(year=ind.target.year) if ind.target.year else ""
        direction = w[ind.target.direction]
        if latest.status_text:
            text += w["target_line"].format(
                direction=direction,
                value=latest.target_text,
                year=year,
                status=f"{latest.status_text} ({latest.year})",
            )
        else:
            text += w["target_plain"].format(
                direction=direction, value=latest.target_text, year=year
            )
        if any(r["reeks"] == w["target_path"] for r in target_rows(ind, series, w)):
            text += w["path"].format(y0=ind.target.baseline_year, y1=ind.target.year)
    for p in prognoses or []:
        declared = by_id()[p.indicator].prognosis
        if p.value is not None and declared is not None and declared.year is not None:
            text += w["prognosis_line"].format(value=p.with_unit, year=declared.year)
    if hidden:
        text += w["suppressed"].format(n=hidden)
    return text


def chart_description(
    label: str,
    series: list[Figure],
    lang: str = "nl",
    prognoses: list[Figure] | None = None,
    unit: str | None = None,
) -> str:
    """What the chart is, for the reader who cannot see it: the kind of chart, the years,
    how the target and a prognosis are drawn, and the axis unit (``unit``: the axis title
    of the spec, else the tables' unit). It does not repeat the caption's trend
    (``trend_text``): both are read out, the caption after the picture's name."""
    w = words(lang)
    years = [f.year for f in series]
    text = w["describe"].format(label=label, y0=min(years), y1=max(years))
    ind = by_id().get(series[0].indicator)
    drawn = {r["reeks"] for r in target_rows(ind, series, w)} if ind else set()
    if w["target_path"] in drawn and ind is not None and ind.target is not None:
        text += w["describe_target_path"].format(y0=ind.target.baseline_year, y1=ind.target.year)
    elif w["target"] in drawn:
        text += w["describe_target"]
    for year in sorted({r["jaar"] for r in prognosis_rows(series, prognoses or [], w)}):
        if year > max(years):
            text += w["describe_prognosis"].format(year=year)
    if any(f.value is None for f in series):
        text += w["describe_gap"]
    shown = (series[0].table_unit or series[0].unit) if unit is None else unit
    return text + w["describe_axis"].format(unit=shown)

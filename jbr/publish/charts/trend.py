"""The trend chart: an indicator's Rijk figure over the computed years as a line, the
target as the line it is judged by (dashed; ``rows``), a prognosis dotted, with its
caption and accessible name (``alt_text``) and its SVG (``render``)."""

from __future__ import annotations

import copy
from collections.abc import Mapping
from functools import cache
from typing import Any

from ...codelists import RIJK
from ...indicators import by_id
from ..figures import Figure, PublishedFigures
from .alt_text import chart_description, trend_text
from .axes import magnitude, year_ticks
from .model import Chart, chart_figures, has_trend
from .render import Drawn, svg_once
from .rows import prognosis_rows, row, target_rows
from .style import HEIGHT, PROGNOSIS_COLOUR, SERIES_COLOUR, TARGET_COLOUR, TICKS, WIDTH, finish
from .words import words


def trend_spec(
    label: str, series: list[Figure], lang: str = "nl", prognoses: list[Figure] | None = None
) -> dict[str, Any]:
    """The Vega-Lite spec (built with Altair) of a figure over the years: the target as
    its path or level (dashed), a prognosis dotted.

    Altair builds one spec per set of series; each chart is that spec with its own data,
    axes and titles (Altair's object model costs more than the SVG rendering when redone
    for every indicator).
    """
    w = words(lang)
    ind = by_id()[series[0].indicator] if series else None
    rows = [row(f.year, f.value, f.with_unit, w["series"]) for f in series if f.value is not None]
    if ind is not None:
        rows += target_rows(ind, series, w)
    rows += prognosis_rows(series, prognoses or [], w)
    names = tuple(
        n
        for n in (w["series"], w["target"], w["target_path"], w["prognosis"])
        if any(r["reeks"] == n for r in rows)
    )
    # Drawn in the tables' unit (e.g. € mln, MWh), so the axis reads like the table beside
    # it; the prognoses and the target path are in the series' unit, so scaled alike. What
    # is still a million or more would be drawn in millions (``magnitude``).
    divisor = series[0].divisor if series else 1.0
    unit = series[0].table_unit if series else ""
    factor, title = magnitude([r["waarde"] / divisor for r in rows], unit, lang)
    for r in rows:
        r["waarde"] = r["waarde"] / divisor / factor
    spec = copy.deepcopy(_trend_template(lang, names))
    spec["data"] = {"values": rows}
    spec["description"] = label
    years = [r["jaar"] for r in rows]
    for layer in spec["layer"]:
        enc = layer["encoding"]
        enc["x"]["scale"]["domain"] = [min(years), max(years)] if years else None
        enc["x"]["axis"]["values"] = year_ticks(years)
        enc["y"]["title"] = title
        enc["tooltip"][1]["title"] = label
    return spec


def _encoding_scales(
    names: tuple[str, ...], styles: Mapping[str, tuple[str, Any, str]]
) -> dict[str, list[Any]]:
    return {
        "color": [styles[n][0] for n in names],
        "dash": [styles[n][1] for n in names],
        "shape": [styles[n][2] for n in names],
    }


@cache
def _trend_template(lang: str, names: tuple[str, ...]) -> dict[str, Any]:
    import altair as alt
    import pandas as pd

    w = words(lang)
    styles = {
        w["series"]: (SERIES_COLOUR, [1, 0], "circle"),
        w["target"]: (TARGET_COLOUR, [6, 4], "square"),
        w["target_path"]: (TARGET_COLOUR, [6, 4], "square"),
        w["prognosis"]: (PROGNOSIS_COLOUR, [2, 3], "diamond"),
    }
    scales = _encoding_scales(names, styles)
    frame = pd.DataFrame({"jaar": [], "waarde": [], "tekst": [], "reeks": []})
    legend = alt.Legend(title=None, orient="top", symbolStrokeWidth=2)
    base = alt.Chart(frame).encode(
        # Years as years: a number axis without thousands separator, a tick a whole year.
        x=alt.X(
            "jaar:Q",
            title=None,
            scale=alt.Scale(zero=False, nice=False, padding=10),
            axis=alt.Axis(format="d", labelAngle=0, labelOverlap=True),
        ),
        # A quantity from zero; Vega's default format takes its precision from the step.
        y=alt.Y(
            "waarde:Q",
            title="",
            scale=alt.Scale(zero=True, nice=TICKS),
            axis=alt.Axis(tickCount=TICKS, labelOverlap=True),
        ),
        color=alt.Color(
            "reeks:N", scale=alt.Scale(domain=list(names), range=scales["color"]), legend=legend
        ),
        tooltip=[alt.Tooltip("jaar:O", title=w["year"]), alt.Tooltip("tekst:N", title="")],
    )
    chart = alt.layer(
        base.mark_line(strokeWidth=2).encode(
            strokeDash=alt.StrokeDash(
                "reeks:N", scale=alt.Scale(domain=list(names), range=scales["dash"]), legend=legend
            ),
        ),
        base.mark_point(filled=True, size=45, opacity=1).encode(
            shape=alt.Shape(
                "reeks:N", scale=alt.Scale(domain=list(names), range=scales["shape"]), legend=legend
            ),
        ),
    ).properties(width=WIDTH, height=HEIGHT)
    return finish(chart.to_dict(validate=False))


def trend_chart(
    figures: PublishedFigures,
    indicator: str,
    ministry: str = RIJK,
    lang: str | None = None,
    drawn: Drawn | None = None,
) -> Chart | None:
    """The chart of ``indicator`` for ``ministry`` over all computed years, or None when it
    has none (``has_trend``).

    ``drawn``: the SVGs of an earlier build and this build's (``render.svg_once``)."""
    lang = lang or figures.lang
    ind = by_id()[indicator]
    series = figures.series(indicator, ministry)
    if not has_trend(ind, series):
        return None
    prognoses = chart_figures(figures, indicator, ministry)[len(series) :]
    label = ind.name_between(lang, series[0].year, series[-1].year)  # Wob/Woo over 2022
    alt_text = trend_text(label, series, lang, prognoses)
    spec = trend_spec(label, series, lang, prognoses)
    axis = spec["layer"][0]["encoding"]["y"]["title"]
    description = chart_description(label, series, lang, prognoses, axis)
    image = svg_once(spec, description, lang, drawn)
    return Chart(indicator, ministry, spec, image, alt_text, description)

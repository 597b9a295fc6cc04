"""The ministries of a year as bars (issue 13: "a ministry comparison where a reader
compares ministries"), for the indicators the catalogue marks ``compare``.

Largest first, from zero, the Rijk value as a solid line and the norm dashed, the values
in a column beside the bars; suppressed ministries are left out and said in the text
alternative. Axes, words, colours and drawing are those of ``charts/``.
"""

from __future__ import annotations

import copy
from functools import cache
from typing import Any

from ..codelists import RIJK, ministry_by_code
from ..indicators import by_id
from .charts.axes import magnitude
from .charts.model import Chart
from .charts.render import Drawn, svg_once
from .charts.style import RIJK_COLOUR, SERIES_COLOUR, TARGET_COLOUR, TICKS, WIDTH, finish
from .charts.words import words
from .figures import Figure, PublishedFigures

BAR_STEP = 14  # pixels per ministry
BAR_WIDTH = WIDTH - 90  # the bars' plot; the values are written in a column right of it


def comparison_figures(
    figures: PublishedFigures, indicator: str, year: int | None = None
) -> tuple[list[Figure], Figure | None]:
    """The ministries' figures of ``year`` (not the Rijk, no breakdowns) and the Rijk's."""
    y = figures.year if year is None else year
    codes = [m for m in figures.ministries(indicator, y) if m != RIJK]
    ministries = [f for m in codes if (f := figures.get(indicator, y, m)) is not None]
    return ministries, figures.get(indicator, y)


def comparison_text(
    label: str, ministries: list[Figure], rijk: Figure | None, lang: str = "nl"
) -> str:
    w = words(lang)
    known = sorted((f for f in ministries if f.value is not None), key=lambda f: -(f.value or 0))
    if not known:
        return w["none"].format(label=label)
    names = ministry_by_code()
    top, low = known[0], known[-1]
    text = w["compare"].format(
        label=label,
        year=top.year,
        top=names[top.ministry].name(lang) if top.ministry in names else top.ministry,
        top_value=top.with_unit,
        low=names[low.ministry].name(lang) if low.ministry in names else low.ministry,
        low_value=low.with_unit,
        rijk=rijk.with_unit if rijk else "–",
    )
    ind = by_id()[top.indicator]
    if ind.target is not None and not ind.target.from_data and top.target_text:
        text += w["compare_norm"].format(direction=w[ind.target.direction], value=top.target_text)
    hidden = sum(f.suppressed for f in ministries)
    if hidden:
        text += w["compare_hidden"].format(n=hidden)
    return text


def comparison_description(
    label: str,
    ministries: list[Figure],
    rijk: Figure | None,
    lang: str = "nl",
    unit: str = "",
) -> str:
    """What the bars are, for the reader who cannot see them (the SVG's name, the PDF's
    alternative text): it adds to the caption (``comparison_text``, highest and lowest)
    instead of repeating it."""
    w = words(lang)
    known = [f for f in ministries if f.value is not None]
    ind = by_id()[known[0].indicator] if known else None
    text = w["describe_bars"].format(label=label, year=known[0].year if known else "")
    if rijk is not None and rijk.value is not None:
        text += w["describe_bars_rijk"]
    norm = ind is not None and ind.target is not None and not ind.target.from_data
    if norm and known[0].target is not None:  # drawn as a line (ministry_spec)
        text += w["describe_bars_norm"]
    return text + w["describe_bars_axis"].format(unit=unit)


def ministry_spec(
    label: str, ministries: list[Figure], rijk: Figure | None, lang: str = "nl"
) -> dict[str, Any]:
    """Bars per ministry (largest first) from zero, the Rijk value as a solid rule and the
    norm as a dashed rule, the values in a column beside the bars."""
    w = words(lang)
    known = [f for f in ministries if f.value is not None]
    ind = by_id()[known[0].indicator]
    # in the tables' unit (words: € mln, MWh), as the trend chart
    unit, divisor = known[0].table_unit, known[0].divisor
    norm = known[0].target if ind.target is not None and not ind.target.from_data else None
    lines = [(w["series"], rijk.value, rijk.with_unit)] if rijk and rijk.value is not None else []
    if norm is not None:
        lines.append((w["target"], norm, known[0].target_text))
    factor, title = magnitude(
        [(f.value or 0.0) / divisor for f in known] + [v / divisor for _, v, _ in lines],
        unit,
        lang,
    )
    factor *= divisor  # a value ÷ factor is what is drawn
    bars = [
        {"ministerie": f.ministry, "waarde": (f.value or 0.0) / factor, "tekst": f.with_unit}
        for f in known
    ]
    rules = [{"reeks": n, "waarde": v / factor, "tekst": t} for n, v, t in lines]
    spec = copy.deepcopy(_ministry_template(lang, tuple(n for n, _, _ in lines)))
    spec["description"] = label
    spec["height"] = BAR_STEP * len(bars)
    spec["layer"][0]["data"] = {"values": bars}
    spec["layer"][1]["data"] = {"values": bars}
    if rules:
        spec["layer"][2]["data"] = {"values": rules}
    else:
        spec["layer"] = spec["layer"][:2]
    for layer in spec["layer"]:
        if "field" in layer["encoding"].get("x", {}):
            layer["encoding"]["x"]["title"] = title
    return spec


@cache
def _ministry_template(lang: str, lines: tuple[str, ...]) -> dict[str, Any]:
    import altair as alt
    import pandas as pd

    w = words(lang)
    empty = pd.DataFrame({"ministerie": [], "waarde": [], "tekst": []})
    largest_first = alt.EncodingSortField(field="waarde", op="max", order="descending")
    y = alt.Y("ministerie:N", title=None, sort=largest_first, axis=alt.Axis(labelFontSize=11))
    x = alt.X(
        "waarde:Q",
        title="",
        scale=alt.Scale(zero=True, nice=TICKS),
        axis=alt.Axis(tickCount=TICKS, labelOverlap=True, grid=True),
    )
    tooltip = [alt.Tooltip("ministerie:N", title=w["ministry"]), alt.Tooltip("tekst:N", title="")]
    bars = alt.Chart(empty).mark_bar(color=SERIES_COLOUR, height=BAR_STEP - 4)
    bars = bars.encode(x=x, y=y, tooltip=tooltip)
    # the values in a column right of the bars, clear of the Rijk and norm lines
    labels = alt.Chart(empty).mark_text(align="left", fontSize=10, color=RIJK_COLOUR)
    labels = labels.encode(x=alt.value(BAR_WIDTH + 6), y=y, text="tekst:N")
    layers = [bars, labels]
    if lines:
        styles = {w["series"]: (RIJK_COLOUR, [1, 0]), w["target"]: (TARGET_COLOUR, [6, 4])}
        legend = alt.Legend(title=None, orient="top", symbolStrokeWidth=2, symbolType="stroke")
        rule = alt.Chart(pd.DataFrame({"reeks": [], "waarde": [], "tekst": []})).mark_rule(
            strokeWidth=2
        )
        layers.append(
            rule.encode(
                x=alt.X("waarde:Q", title=""),
                color=alt.Color(
                    "reeks:N",
                    scale=alt.Scale(domain=list(lines), range=[styles[n][0] for n in lines]),
                    legend=legend,
                ),
                strokeDash=alt.StrokeDash(
                    "reeks:N",
                    scale=alt.Scale(domain=list(lines), range=[styles[n][1] for n in lines]),
                    legend=legend,
                ),
                tooltip=[alt.Tooltip("reeks:N", title=""), alt.Tooltip("tekst:N", title="")],
            )
        )
    chart = alt.layer(*layers).properties(width=BAR_WIDTH)
    spec = finish(chart.to_dict(validate=False))
    for layer in spec["layer"]:
        layer.pop("data", None)
    return spec


def ministry_chart(
    figures: PublishedFigures,
    indicator: str,
    year: int | None = None,
    lang: str | None = None,
    drawn: Drawn | None = None,
) -> Chart | None:
    """Bars of the ministries in ``year`` (default the reporting year), or None when fewer
    than two ministries have a published value (nothing to compare). ``drawn``: the SVGs
    of an earlier build and this build's (``charts.render.svg_once``)."""
    lang = lang or figures.lang
    ind = by_id()[indicator]
    ministries, rijk = comparison_figures(figures, indicator, year)
    if sum(f.value is not None for f in ministries) < 2:
        return None
    label = ind.name(lang, figures.year if year is None else year)
    alt_text = comparison_text(label, ministries, rijk, lang)
    spec = ministry_spec(label, ministries, rijk, lang)
    axis = next(
        (
            layer["encoding"]["x"]["title"]
            for layer in spec["layer"]
            if "field" in layer["encoding"].get("x", {})
        ),
        "",
    )
    description = comparison_description(label, ministries, rijk, lang, axis)
    return Chart(
        indicator, "", spec, svg_once(spec, description, lang, drawn), alt_text, description
    )

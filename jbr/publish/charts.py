"""Trend charts: a Vega-Lite spec (Altair), its static SVG (vl-convert) and a text alternative.

``trend_chart(figures, indicator, lang)`` draws one figure over the computed years,
with the target as a dashed line where there is one. The SVG is rendered offline by
vl-convert and embedded inline in HTML and PDF; the same spec can drive an
interactive chart on the dashboard later. Accessibility (SPEC §6, WCAG 2.1 AA):

- the values come from ``PublishedFigures`` (suppressed years are gaps, never drawn);
- ``Chart.alt`` states the trend in words — first and last value, the peak when it
  lies in between, the target and its status — and is the SVG's accessible name;
- colour is never the only carrier: the series differ in colour (both ≥ 4.5:1 on
  white), dash (solid / dashed) and point shape (circle / square), and a legend names
  them; the chart's data are in the table beside it.
"""

from __future__ import annotations

import copy
import hashlib
import html
import json
import math
import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from ..codelists import RIJK
from ..indicators import by_id
from .figures import SUPPRESSED_MARK, Figure, PublishedFigures

FONT = "DejaVu Sans"  # embedded in the PDF; Debian package fonts-dejavu-core
SERIES_COLOUR = "#01689b"  # Rijkshuisstijl hemelblauw: 5.7:1 on white
TARGET_COLOUR = "#4d4d4d"  # 8.5:1 on white
WIDTH, HEIGHT = 440, 150
D3_LOCALES = {
    "nl": {"decimal": ",", "thousands": ".", "grouping": [3], "currency": ["€\u00a0", ""]},
    "en": {"decimal": ".", "thousands": ",", "grouping": [3], "currency": ["€", ""]},
}
WORDS = {
    "nl": {
        "series": "Rijk",
        "target": "Doel",
        "year": "Jaar",
        "rose": "steeg",
        "fell": "daalde",
        "same": "bleef gelijk",
        "from_to": "{label} {verb} van {first} in {y0} naar {last} in {y1}",
        "flat": "{label} {verb}: {first} in {y0} en {last} in {y1}",
        "peak": "; het hoogste punt was {value} in {year}",
        "trough": "; het laagste punt was {value} in {year}",
        "single": "{label}: {value} in {year}",
        "none": "{label}: geen gepubliceerde cijfers",
        "target_line": " Doel: {direction} {value}{year}, {status}.",
        "target_plain": " Doel: {direction} {value}{year}.",
        "at_least": "ten minste",
        "at_most": "ten hoogste",
        "in_year": " in {year}",
        "suppressed": " {n} jaar niet gepubliceerd (minder dan 10 personen).",
    },
    "en": {
        "series": "Central government",
        "target": "Target",
        "year": "Year",
        "rose": "rose",
        "fell": "fell",
        "same": "stayed the same",
        "from_to": "{label} {verb} from {first} in {y0} to {last} in {y1}",
        "flat": "{label} {verb}: {first} in {y0} and {last} in {y1}",
        "peak": ", peaking at {value} in {year}",
        "trough": ", with a low of {value} in {year}",
        "single": "{label}: {value} in {year}",
        "none": "{label}: no published figures",
        "target_line": " Target: {direction} {value}{year}, {status}.",
        "target_plain": " Target: {direction} {value}{year}.",
        "at_least": "at least",
        "at_most": "at most",
        "in_year": " by {year}",
        "suppressed": " {n} year(s) not published (fewer than 10 persons).",
    },
}


@dataclass(frozen=True)
class Chart:
    indicator: str
    ministry: str
    spec: dict[str, Any]  # Vega-Lite JSON
    svg: str  # inline SVG: role="img", accessible name = alt
    alt: str  # the text alternative: the trend in words


def trend_text(label: str, series: list[Figure], lang: str = "nl") -> str:
    """The trend in words, e.g. "Aardgasverbruik daalde van 1.642 TJ in 2019 naar 1.018 TJ
    in 2023. Doel: ten minste 30,0 % in 2030, gehaald." Only published figures are used."""
    w = WORDS[lang]
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
    if hidden:
        text += w["suppressed"].format(n=hidden)
    return text


def trend_spec(label: str, series: list[Figure], lang: str = "nl") -> dict[str, Any]:
    """The Vega-Lite spec (built with Altair) of a figure over the years, target dashed.

    Altair builds one spec per kind of chart (language, with or without target, decimals);
    each chart is that spec with its own data, years and titles (Altair's object model
    costs more than the SVG rendering when redone for every indicator).
    """
    w = WORDS[lang]
    decimals = any(f.text.count(",") if lang == "nl" else f.text.count(".") for f in series)
    has_target = any(f.target is not None for f in series)
    # Drawn in the tables' unit (e.g. € mln), so the axis reads like the table beside it.
    rows = [
        {"jaar": str(f.year), "waarde": f.shown, "tekst": f.with_unit, "reeks": w["series"]}
        for f in series
        if f.value is not None
    ]
    rows += [
        {
            "jaar": str(f.year),
            "waarde": f.shown_target,
            "tekst": f.target_text,
            "reeks": w["target"],
        }
        for f in series
        if f.target is not None and not f.suppressed
    ]
    spec = copy.deepcopy(_template(lang, has_target, decimals))
    spec["data"] = {"values": rows}
    spec["description"] = label
    calendar_years = bool(series) and by_id()[series[0].indicator].unit_en == "year"
    if calendar_years:  # whole years on the axis, each once: 2030, 2032, 2034
        drawn = [float(r["waarde"]) for r in rows if r["waarde"] is not None]
        low, high = math.floor(min(drawn, default=0.0)), math.ceil(max(drawn, default=0.0))
        step = max(1, math.ceil((high - low) / 4))
        ticks = list(range(low, high + step, step))
    for layer in spec["layer"]:
        enc = layer["encoding"]
        enc["x"]["sort"] = [str(y) for y in sorted({f.year for f in series})]
        enc["y"]["title"] = series[0].table_unit if series and not calendar_years else None
        if calendar_years:  # a year on the axis reads 2032, not 2.032
            enc["y"]["axis"] = {**enc["y"].get("axis", {}), "format": "d", "values": ticks}
        enc["tooltip"][1]["title"] = label
    return spec


@cache
def _template(lang: str, has_target: bool, decimals: bool) -> dict[str, Any]:
    import altair as alt
    import pandas as pd

    w = WORDS[lang]
    frame = pd.DataFrame({"jaar": [], "waarde": [], "tekst": [], "reeks": []})
    names = [w["series"], w["target"]] if has_target else [w["series"]]
    legend = alt.Legend(title=None, orient="top", symbolStrokeWidth=2)
    base = alt.Chart(frame).encode(
        x=alt.X("jaar:O", title=None, sort=[], axis=alt.Axis(labelAngle=0)),
        y=alt.Y(
            "waarde:Q",
            title="",
            scale=alt.Scale(zero=False, nice=True),
            axis=alt.Axis(format=",.1f" if decimals else ",.0f", tickCount=4),
        ),
        color=alt.Color(
            "reeks:N",
            scale=alt.Scale(domain=names, range=[SERIES_COLOUR, TARGET_COLOUR][: len(names)]),
            legend=legend,
        ),
        tooltip=[alt.Tooltip("jaar:O", title=w["year"]), alt.Tooltip("tekst:N", title="")],
    )
    chart = alt.layer(
        base.mark_line(strokeWidth=2).encode(
            strokeDash=alt.StrokeDash(
                "reeks:N",
                scale=alt.Scale(domain=names, range=[[1, 0], [6, 4]][: len(names)]),
                legend=legend,
            ),
        ),
        base.mark_point(filled=True, size=45, opacity=1).encode(
            shape=alt.Shape(
                "reeks:N",
                scale=alt.Scale(domain=names, range=["circle", "square"][: len(names)]),
                legend=legend,
            ),
        ),
    ).properties(width=WIDTH, height=HEIGHT)
    spec = chart.to_dict(validate=False)
    spec.pop("datasets", None)
    spec["config"] = {
        "font": FONT,
        "background": "white",
        "axis": {"labelColor": "#1b1b1b", "titleColor": "#1b1b1b", "labelFontSize": 11},
        "legend": {"labelColor": "#1b1b1b", "labelFontSize": 11},
        "view": {"stroke": None},
    }
    return spec


def svg(spec: dict[str, Any], alt_text: str, lang: str = "nl") -> str:
    """Static SVG of ``spec``, with ``alt_text`` as its accessible name (role="img")."""
    import vl_convert as vlc

    raw = vlc.vegalite_to_svg(spec, format_locale=D3_LOCALES[lang])
    # Vega marks its own ARIA roles on the inner groups; the chart as a whole is one
    # image with the trend sentence as its name, so the inner tree is hidden.
    raw = re.sub(r'\s(?:role|aria-[a-z]+)="[^"]*"', "", raw)
    raw = re.sub(r"<\?xml[^>]*>\s*", "", raw)
    # Empty placeholder paths Vega leaves in every group: fewer elements to lay out in the PDF.
    raw = re.sub(r'<path class="(?:background|foreground)" d="(?:M0,0h0v0h0Z)?"[^>]*/>', "", raw)
    name = html.escape(alt_text, quote=True)
    return raw.replace(
        "<svg ", f'<svg role="img" aria-label="{name}" focusable="false" ', 1
    ).replace(">", f"><title>{name}</title>", 1)


def trend_chart(
    figures: PublishedFigures,
    indicator: str,
    ministry: str = RIJK,
    lang: str | None = None,
    drawn: tuple[dict[str, str], dict[str, str]] | None = None,
) -> Chart | None:
    """The chart of ``indicator`` for ``ministry`` over all computed years, or None when
    fewer than two years have a published value (a single point is no trend).

    ``drawn``: (SVGs of an earlier build, this build's), keyed by a digest of what the
    chart shows; an SVG found in the first is not drawn again (issue 19)."""
    lang = lang or figures.lang
    ind = by_id()[indicator]
    series = figures.series(indicator, ministry)
    if sum(f.value is not None for f in series) < 2:
        return None
    label = ind.name(lang)
    alt_text = trend_text(label, series, lang)
    spec = trend_spec(label, series, lang)
    if drawn is None:
        return Chart(indicator, ministry, spec, svg(spec, alt_text, lang), alt_text)
    before, now = drawn
    key = hashlib.sha256(
        json.dumps([spec, alt_text, lang], sort_keys=True, default=str).encode()
    ).hexdigest()
    image = before.get(key) or svg(spec, alt_text, lang)
    now[key] = image
    return Chart(indicator, ministry, spec, image, alt_text)


__all__ = ["Chart", "SUPPRESSED_MARK", "trend_chart", "trend_spec", "trend_text"]

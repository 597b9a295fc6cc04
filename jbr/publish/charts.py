"""Charts: Vega-Lite specs (Altair), their static SVG (vl-convert) and a text alternative.

Two kinds, both drawn from ``PublishedFigures`` (suppressed figures are gaps, never drawn):

- ``trend_chart(figures, indicator)``: the Rijk figure over the computed years. A
  target is drawn as the line it is judged by: the straight path from the baseline
  year to the target year (the ``on_track`` rule of ``targets.target_status``), or
  its point in the target year when the baseline is not shown; a norm without a
  year as a level line; a target from the data per year. A prognosis
  of the indicator (catalogue kind ``prognosis``) is drawn as a dotted line from the
  last known year to the prognosis year, named "Prognose" in the legend and the alt
  text — never as a target.
- the ministries of a year as bars are in ``bars.py`` (same axes, words and drawing).

Honest axes (issue 13): a quantity's axis starts at zero; tick labels are left to
Vega's number format, which takes its precision from the tick step, so labels never
repeat; years are years (format ``d``, no thousands separator); values are drawn in
the unit of the table beside the chart (€ mln, MWh: readers' words).

The SVG is rendered offline by vl-convert and embedded inline in the HTML; the PDFs take
the same drawing in fewer elements, as an image (``svgprint.py``).
Accessibility (SPEC §6, WCAG 2.1 AA):

- ``Chart.alt`` states the trend in words — first and last value, the peak when it
  lies in between, the target and its status, the prognosis — and is the visible
  caption;
- ``Chart.description`` is the SVG's accessible name (and, through its ``<title>``,
  the PDF figure's alternative text: the print image's ``alt``): what the picture is —
  a line per year, which years, how the target and the prognosis are drawn, the axis
  unit — so that it adds to the caption instead of repeating it (a screen reader reads
  both);
- colour is never the only carrier: the series differ in colour (each ≥ 4.5:1 on
  white), dash and point shape, and a legend names them; the chart's data are in the
  table beside it.
"""

from __future__ import annotations

import copy
import hashlib
import html
import json
import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from ..codelists import RIJK
from ..indicators import by_id
from ..indicators.catalogue import Indicator, prognoses_of
from .figures import SUPPRESSED_MARK, Figure, PublishedFigures

FONT = "DejaVu Sans"  # embedded in the PDF; Debian package fonts-dejavu-core
SERIES_COLOUR = "#01689b"  # Rijkshuisstijl hemelblauw: 5.7:1 on white
TARGET_COLOUR = "#4d4d4d"  # 8.5:1 on white
PROGNOSIS_COLOUR = "#a90061"  # Rijkshuisstijl robijnrood: 7.3:1 on white
RIJK_COLOUR = "#1b1b1b"
WIDTH, HEIGHT = 380, 130  # printed at 86 mm: two charts a row
# Ticks on a value axis; the domain is rounded ("nice") to the same count, so the top of
# the axis is a labelled tick.
TICKS = 5
D3_LOCALES = {
    "nl": {"decimal": ",", "thousands": ".", "grouping": [3], "currency": ["€\u00a0", ""]},
    "en": {"decimal": ".", "thousands": ",", "grouping": [3], "currency": ["€", ""]},
}
# Amounts from a million on are drawn in millions or billions: "1.500.000.000" ticks read
# badly and crowd the axis. (factor, Dutch word, English word)
MAGNITUDES = ((1e9, "miljard", "billion"), (1e6, "miljoen", "million"))
WORDS = {
    "nl": {
        "series": "Rijk",
        "target": "Doel",
        "target_path": "Doelpad",
        "prognosis": "Prognose (trend)",
        "ministries": "Ministeries",
        "year": "Jaar",
        "ministry": "Ministerie",
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
        "path": " De gestreepte lijn is het doelpad: de rechte lijn van {y0} naar het doel in {y1}.",
        "prognosis_line": " Prognose (geen doel): {value} in {year} volgens de trend.",
        "at_least": "ten minste",
        "at_most": "ten hoogste",
        "in_year": " in {year}",
        "suppressed": " {n} jaar niet gepubliceerd (minder dan 10 personen).",
        "compare": "{label} per ministerie in {year}: het hoogst bij {top} ({top_value}), "
        "het laagst bij {low} ({low_value}); Rijk {rijk}.",
        "compare_norm": " Doel: {direction} {value}.",
        "compare_hidden": " {n} ministerie(s) niet gepubliceerd (minder dan 10 personen).",
        "describe": "Lijngrafiek van {label}, Rijk, per jaar van {y0} tot en met {y1}: een "
        "doorgetrokken lijn met een rondje per jaar",
        "describe_target": ", en het doel als gestreepte lijn met vierkantjes",
        "describe_target_path": ", en het doelpad als gestreepte lijn met vierkantjes van "
        "{y0} naar het doel in {y1}",
        "describe_prognosis": ", en de prognose als stippellijn met ruitjes tot {year}",
        "describe_gap": "; jaren die niet gepubliceerd zijn, ontbreken in de lijn",
        "describe_axis": ". Verticale as in {unit}, vanaf nul; horizontale as de jaren.",
        "describe_bars": "Staafdiagram van {label} per ministerie in {year}: een liggende "
        "staaf per ministerie, van hoog naar laag, met de waarde ernaast",
        "describe_bars_rijk": "; het Rijk als doorgetrokken lijn",
        "describe_bars_norm": "; het doel als gestreepte lijn",
        "describe_bars_axis": ". Horizontale as in {unit}, vanaf nul.",
    },
    "en": {
        "series": "Central government",
        "target": "Target",
        "target_path": "Target path",
        "prognosis": "Prognosis (trend)",
        "ministries": "Ministries",
        "year": "Year",
        "ministry": "Ministry",
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
        "path": " The dashed line is the target path: the straight line from {y0} to the "
        "target in {y1}.",
        "prognosis_line": " Prognosis (not a target): {value} in {year} on the trend.",
        "at_least": "at least",
        "at_most": "at most",
        "in_year": " by {year}",
        "suppressed": " {n} year(s) not published (fewer than 10 persons).",
        "compare": "{label} by ministry in {year}: highest at {top} ({top_value}), "
        "lowest at {low} ({low_value}); central government {rijk}.",
        "compare_norm": " Target: {direction} {value}.",
        "compare_hidden": " {n} ministry(ies) not published (fewer than 10 persons).",
        "describe": "Line chart of {label}, central government, by year from {y0} to {y1}: "
        "a solid line with a circle for each year",
        "describe_target": ", and the target as a dashed line with squares",
        "describe_target_path": ", and the target path as a dashed line with squares from "
        "{y0} to the target in {y1}",
        "describe_prognosis": ", and the prognosis as a dotted line with diamonds to {year}",
        "describe_gap": "; years that were not published are left out of the line",
        "describe_axis": ". Vertical axis in {unit}, from zero; horizontal axis the years.",
        "describe_bars": "Bar chart of {label} by ministry in {year}: a horizontal bar for "
        "each ministry, largest first, with its value beside it",
        "describe_bars_rijk": "; central government as a solid line",
        "describe_bars_norm": "; the target as a dashed line",
        "describe_bars_axis": ". Horizontal axis in {unit}, from zero.",
    },
}


@dataclass(frozen=True)
class Chart:
    indicator: str
    ministry: str  # RIJK for a trend; "" for a comparison of ministries
    spec: dict[str, Any]  # Vega-Lite JSON
    svg: str  # inline SVG: role="img", accessible name = description
    alt: str  # what the chart shows, in words: the figure's caption
    description: str = ""  # what the picture is: its accessible name, beside the caption


# ------------------------------------------------------------------------------ what is drawn


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


def _target_rows(ind: Indicator, series: list[Figure], w: dict[str, str]) -> list[dict[str, Any]]:
    """The target as the line it is judged by (see the module docstring)."""
    t = ind.target
    shown = [f for f in series if f.target is not None and not f.suppressed]
    if t is None or not shown:
        return []
    if t.from_data or len({f.target for f in shown}) > 1:
        return [_row(f.year, f.target, f.target_text, w["target"]) for f in shown]
    text = shown[-1].target_text
    base = next((f for f in series if f.year == t.baseline_year and f.value is not None), None)
    if t.year is not None and base is not None:
        return [
            _row(base.year, base.value, base.with_unit, w["target_path"]),
            _row(t.year, t.value, text, w["target_path"]),
        ]
    if t.year is not None:  # the baseline is not shown: the target itself, in its year
        return [_row(t.year, t.value, text, w["target"])]
    years = [f.year for f in series]  # a norm for every year: its level over the years
    return [
        _row(min(years), t.value, text, w["target"]),
        _row(max(years), t.value, text, w["target"]),
    ]


def _prognosis_rows(series: list[Figure], prognoses: list[Figure], w: dict[str, str]) -> list:
    """A dotted line from the last known value to each prognosis's value in its year."""
    known = [f for f in series if f.value is not None]
    out: list[dict[str, Any]] = []
    for p in prognoses:
        declared = by_id()[p.indicator].prognosis
        if not known or p.value is None or declared is None or declared.year is None:
            continue
        last = known[-1]
        out += [
            _row(last.year, last.value, last.with_unit, w["prognosis"]),
            _row(declared.year, p.value, p.with_unit, w["prognosis"]),
        ]
    return out


def _row(year: int, value: float | None, text: str, series: str) -> dict[str, Any]:
    return {"jaar": year, "waarde": value, "tekst": text, "reeks": series}


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
    for factor, nl, en in MAGNITUDES:
        if top >= factor:
            return factor, f"{nl if lang == 'nl' else en} {unit}".strip()
    return 1.0, unit


# ------------------------------------------------------------------------------- trend chart


def trend_text(
    label: str, series: list[Figure], lang: str = "nl", prognoses: list[Figure] | None = None
) -> str:
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
        if any(r["reeks"] == w["target_path"] for r in _target_rows(ind, series, w)):
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
    w = WORDS[lang]
    years = [f.year for f in series]
    text = w["describe"].format(label=label, y0=min(years), y1=max(years))
    ind = by_id().get(series[0].indicator)
    drawn = {r["reeks"] for r in _target_rows(ind, series, w)} if ind else set()
    if w["target_path"] in drawn and ind is not None and ind.target is not None:
        text += w["describe_target_path"].format(y0=ind.target.baseline_year, y1=ind.target.year)
    elif w["target"] in drawn:
        text += w["describe_target"]
    for year in sorted({r["jaar"] for r in _prognosis_rows(series, prognoses or [], w)}):
        if year > max(years):
            text += w["describe_prognosis"].format(year=year)
    if any(f.value is None for f in series):
        text += w["describe_gap"]
    shown = (series[0].table_unit or series[0].unit) if unit is None else unit
    return text + w["describe_axis"].format(unit=shown)


def trend_spec(
    label: str, series: list[Figure], lang: str = "nl", prognoses: list[Figure] | None = None
) -> dict[str, Any]:
    """The Vega-Lite spec (built with Altair) of a figure over the years: the target as
    its path or level (dashed), a prognosis dotted.

    Altair builds one spec per set of series; each chart is that spec with its own data,
    axes and titles (Altair's object model costs more than the SVG rendering when redone
    for every indicator).
    """
    w = WORDS[lang]
    ind = by_id()[series[0].indicator] if series else None
    rows = [_row(f.year, f.value, f.with_unit, w["series"]) for f in series if f.value is not None]
    if ind is not None:
        rows += _target_rows(ind, series, w)
    rows += _prognosis_rows(series, prognoses or [], w)
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


def _encoding_scales(names: tuple[str, ...], styles: dict[str, tuple[str, Any, str]]) -> dict:
    return {
        "color": [styles[n][0] for n in names],
        "dash": [styles[n][1] for n in names],
        "shape": [styles[n][2] for n in names],
    }


@cache
def _trend_template(lang: str, names: tuple[str, ...]) -> dict[str, Any]:
    import altair as alt
    import pandas as pd

    w = WORDS[lang]
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


def finish(spec: dict[str, Any]) -> dict[str, Any]:
    spec.pop("datasets", None)
    spec["config"] = {
        "font": FONT,
        "background": "white",
        "axis": {"labelColor": RIJK_COLOUR, "titleColor": RIJK_COLOUR, "labelFontSize": 12},
        "legend": {"labelColor": RIJK_COLOUR, "labelFontSize": 12},
        "view": {"stroke": None},
    }
    return spec


def trend_chart(
    figures: PublishedFigures,
    indicator: str,
    ministry: str = RIJK,
    lang: str | None = None,
    drawn: tuple[dict[str, str], dict[str, str]] | None = None,
) -> Chart | None:
    """The chart of ``indicator`` for ``ministry`` over all computed years, or None when it
    has none (``has_trend``).

    ``drawn``: (SVGs of an earlier build, this build's), keyed by a digest of what the
    chart shows; an SVG found in the first is not drawn again (issue 19)."""
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
    if drawn is None:
        image = svg(spec, description, lang)
    else:
        before, now = drawn
        key = hashlib.sha256(
            json.dumps([spec, description, lang], sort_keys=True, default=str).encode()
        ).hexdigest()
        image = before.get(key) or svg(spec, description, lang)
        now[key] = image
    return Chart(indicator, ministry, spec, image, alt_text, description)


# ------------------------------------------------------------------------------------ drawing


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


def axis_labels(spec: dict[str, Any], lang: str = "nl") -> dict[str, list[str]]:
    """The tick labels Vega draws on each axis of ``spec`` ("x", "y"), read from the
    rendered scenegraph (what a reader sees, in the notation of ``lang``)."""
    import vl_convert as vlc

    graph = vlc.vegalite_to_scenegraph(spec, format_locale=D3_LOCALES[lang])
    out: dict[str, list[str]] = {}

    def walk(node: Any, orient: str | None) -> None:
        if isinstance(node, dict):
            if node.get("role") == "axis":
                items = node.get("items") or [{}]
                orient = items[0].get("orient") or orient
            if node.get("role") == "axis-label":
                axis = "x" if orient in ("bottom", "top") else "y"
                out.setdefault(axis, []).extend(str(i.get("text")) for i in node.get("items", []))
                return
            for value in node.values():
                walk(value, orient)
        elif isinstance(node, list):
            for value in node:
                walk(value, orient)

    walk(graph, None)
    return out


__all__ = [
    "Chart",
    "SUPPRESSED_MARK",
    "axis_labels",
    "chart_description",
    "chart_figures",
    "finish",
    "has_trend",
    "magnitude",
    "svg",
    "trend_chart",
    "trend_spec",
    "trend_text",
]

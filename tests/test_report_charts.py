"""charts/: the text alternative states the trend; colour is not the only carrier; the
axes are honest (zero baseline, distinct tick labels, years as years: issue 13), read from
the scenegraph Vega renders."""

from __future__ import annotations

import pytest

from jbr.indicators import IndicatorValue
from jbr.publish import bars
from jbr.publish.charts import alt_text, axes, render, style, trend
from jbr.publish.figures import published_figures

NBSP = "\u00a0"


def _figures(indicator, series, unit, target=None, status=None, lang="nl", persons=None, extra=()):
    values = {
        y: [
            IndicatorValue(
                indicator,
                y,
                "RIJK",
                x,
                unit,
                target,
                status,
                bool(persons and persons[y] < 10),
                persons=persons[y] if persons else None,
            )
        ]
        for y, x in series.items()
    }
    for v in extra:
        values.setdefault(v.year, []).append(v)
    return published_figures(values, max(series), lang)


def test_trend_text_names_first_last_and_target_status():
    gas = {2019: 0.0, 2021: 12.0, 2023: 38.0}
    figures = _figures("energy.gas_reduction_vs_2019_pct", gas, "%", target=30, status="met")
    text = alt_text.trend_text(
        "Minder aardgas dan in 2019", figures.series("energy.gas_reduction_vs_2019_pct")
    )
    assert text == (
        f"Minder aardgas dan in 2019 steeg van 0,0{NBSP}% in 2019 naar 38,0{NBSP}% in 2023. "
        f"Doel: ten minste 30,0{NBSP}% in 2030, gehaald (2023). "
        "De gestreepte lijn is het doelpad: de rechte lijn van 2019 naar het doel in 2030."
    )


def test_trend_text_mentions_a_peak_in_between_and_english():
    tj = {2019: 1642.0, 2020: 1700.0, 2023: 1018.0}
    figures = _figures("energy.gas_tj", tj, "TJ", lang="en")
    text = alt_text.trend_text("Gas use", figures.series("energy.gas_tj"), "en")
    assert text == (
        f"Gas use fell from 1,642{NBSP}TJ in 2019 to 1,018{NBSP}TJ in 2023, "
        f"peaking at 1,700{NBSP}TJ in 2020."
    )


def test_suppressed_years_are_not_drawn_and_are_said():
    figures = _figures(
        "personnel.headcount",
        {2022: 12, 2023: 8, 2024: 15},
        "personen",
        persons={2022: 12, 2023: 8, 2024: 15},
    )
    chart = trend.trend_chart(figures, "personnel.headcount")
    assert "1 jaar niet gepubliceerd" in chart.alt
    points = chart.spec["data"]["values"]
    assert sorted(p["jaar"] for p in points if p["reeks"] == "Rijk") == [2022, 2024]


def _luminance(hex_colour: str) -> float:
    # WCAG 2.1 relative luminance
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def test_chart_colours_pass_contrast_and_series_differ_by_dash_and_shape():
    for colour in (style.SERIES_COLOUR, style.TARGET_COLOUR):
        assert (1.05) / (_luminance(colour) + 0.05) >= 4.5, colour  # against white
    figures = _figures(
        "personnel.external_hiring_pct",
        {2023: 16.0, 2024: 15.4},
        "%",
        target=10,
        status="off_track",
    )
    chart = trend.trend_chart(figures, "personnel.external_hiring_pct")
    line, point = chart.spec["layer"]
    dashes = line["encoding"]["strokeDash"]["scale"]["range"]
    shapes = point["encoding"]["shape"]["scale"]["range"]
    assert dashes[0] != dashes[1] and shapes == ["circle", "square"]
    # the picture's name says what it is; the caption (alt) says the trend: not twice the same
    name = "Lijngrafiek van Externe inhuur, Rijk, per jaar van 2023 tot en met 2024"
    assert chart.svg.startswith(f'<svg role="img" aria-label="{name}')
    assert f"<title>{name}" in chart.svg
    # the norm (no year) is a dashed level line: "gestreept", as the dotted prognosis is not
    assert "het doel als gestreepte lijn" in chart.description
    assert "Verticale as in %" in chart.description
    assert "niet op koers" in chart.alt and chart.alt not in chart.description


def test_a_single_year_is_no_trend():
    figures = _figures("energy.gas_tj", {2024: 980.0}, "TJ")
    assert trend.trend_chart(figures, "energy.gas_tj") is None


# --- honest axes (issue 13) ----------------------------------------------------------------

SICK_LEAVE = {  # 5,5–5,6 % every year: zoomed in, ticks read "5,6 5,6 5,6 5,6 5,5"
    2017: 5.58, 2018: 5.61, 2019: 5.57, 2020: 5.55,
    2021: 5.60, 2022: 5.56, 2023: 5.59, 2024: 5.52,
}  # fmt: skip


@pytest.mark.parametrize(
    "indicator, series, unit, why",
    [
        ("personnel.sickness_absence_pct", SICK_LEAVE, "%", "a flat line of about 5,6 %"),
        ("personnel.fte", {2022: 151_200.0, 2023: 154_900.0, 2024: 156_983.0}, "fte", "a count"),
        ("ai.risk_assessed_pct", {2023: 0.4, 2024: 1.2}, "%", "tiny values: no '0 1 1'"),
        ("woo.median_days", {2022: 55.2, 2023: 55.4, 2024: 55.3}, "dagen", "days, nearly flat"),
        (
            "procurement.spend_eur",
            {2022: 19.8e9, 2023: 20.69141e9, 2024: 21.16815e9},
            "euro",
            "billions of euro",
        ),
        ("energy.electricity_kwh", {2023: 723_774_069.0, 2024: 700_100_000.0}, "kWh", "millions"),
        ("personnel.fte_growth_pct", {2022: -1.4, 2023: 2.5, 2024: 6.5}, "%", "negative values"),
    ],
)
def test_a_quantity_starts_at_zero_with_distinct_ticks_and_years_as_years(
    indicator, series, unit, why
):
    figures = _figures(indicator, series, unit, persons={y: 1000 for y in series})
    chart = trend.trend_chart(figures, indicator)
    labels = render.axis_labels(chart.spec)
    y = labels["y"]
    assert len(y) == len(set(y)) >= 3, (why, y)  # no repeated tick label
    numbers = [float(t.replace(".", "").replace(",", ".").replace("−", "-")) for t in y]
    assert min(numbers) <= 0 <= max(numbers), (why, y)  # the axis includes zero
    assert numbers == sorted(numbers), y
    # years as years: four digits, no thousands separator, one label a year shown
    assert labels["x"] == [str(year) for year in sorted(series)], (why, labels["x"])


def test_amounts_of_billions_are_drawn_in_the_tables_unit():
    # € 20,7 miljard: the table beside the chart writes 20.691,4 in € mln (readers'
    # words: a table's unit keeps its largest value below a million), so the axis does too
    spend = {2023: 20.69141e9, 2024: 21.16815e9}
    figures = _figures("procurement.spend_eur", spend, "euro")
    chart = trend.trend_chart(figures, "procurement.spend_eur")
    assert chart.spec["layer"][0]["encoding"]["y"]["title"] == "€ mln"
    assert render.axis_labels(chart.spec)["y"] == [
        "0",
        "5.000",
        "10.000",
        "15.000",
        "20.000",
        "25.000",
    ]


def test_a_quantity_that_stays_a_million_after_the_tables_unit_is_drawn_in_millions():
    # magnitude(): what is still a million or more in the tables' unit reads in millions
    assert axes.magnitude([20_691.41], "€ mln", "nl") == (1.0, "€ mln")
    assert axes.magnitude([2_500_000.0], "ton CO₂", "nl") == (1e6, "miljoen ton CO₂")
    assert axes.magnitude([3.2e9], "fte", "en") == (1e9, "billion fte")


def _co2(prognosis_2030=None, neutral=None):
    co2 = {2017: 136_137.0, 2019: 126_487.0, 2021: 106_238.0, 2023: 77_263.0, 2024: 72_998.0}
    extra = []
    if prognosis_2030 is not None:
        extra.append(
            IndicatorValue(
                "climate.co2_projection_2030_t", 2024, "RIJK", prognosis_2030, "ton CO₂",
                None, None, False,
            )
        )  # fmt: skip
    if neutral is not None:
        extra.append(
            IndicatorValue(
                "climate.co2_neutral_year", 2024, "RIJK", neutral, "jaar", None, None, False
            )
        )
    return _figures("climate.co2_t", co2, "ton CO₂", 0, "off_track", extra=extra)


def test_a_target_is_drawn_as_its_path_not_along_the_x_axis():
    """CO₂: 0 t in 2030 from the 2019 baseline. The status rule (targets.target_status) is the
    straight line from (2019, 126.487) to (2030, 0): that line is drawn, not a line at 0
    through every year."""
    chart = trend.trend_chart(_co2(), "climate.co2_t")
    target = [
        (p["jaar"], p["waarde"]) for p in chart.spec["data"]["values"] if p["reeks"] != "Rijk"
    ]
    assert target == [(2019, 126_487.0), (2030, 0.0)]
    assert {p["reeks"] for p in chart.spec["data"]["values"]} == {"Rijk", "Doelpad"}
    assert render.axis_labels(chart.spec)["x"] == [
        "2018",
        "2020",
        "2022",
        "2024",
        "2026",
        "2028",
        "2030",
    ]
    assert "doelpad: de rechte lijn van 2019 naar het doel in 2030" in chart.alt


def test_a_norm_without_year_is_a_level_line_over_the_years_shown():
    figures = _figures(
        "personnel.external_hiring_pct", {2022: 14.0, 2023: 16.0, 2024: 15.4}, "%", 10, "off_track"
    )
    chart = trend.trend_chart(figures, "personnel.external_hiring_pct")
    target = [
        (p["jaar"], p["waarde"]) for p in chart.spec["data"]["values"] if p["reeks"] == "Doel"
    ]
    assert target == [(2022, 10.0), (2024, 10.0)]


def test_a_prognosis_is_drawn_as_a_prognosis_and_has_no_chart_of_its_own():
    figures = _co2(prognosis_2030=18_184.0, neutral=2032.0)
    chart = trend.trend_chart(figures, "climate.co2_t")
    prognosis = [
        (p["jaar"], p["waarde"])
        for p in chart.spec["data"]["values"]
        if p["reeks"].startswith("Prognose")
    ]
    # from the last known value (2024) to the prognosis for 2030, never as a target
    assert prognosis == [(2024, 72_998.0), (2030, 18_184.0)]
    assert f"Prognose (geen doel): 18.184{NBSP}ton CO₂ in 2030 volgens de trend." in chart.alt
    assert trend.trend_chart(figures, "climate.co2_projection_2030_t") is None
    assert trend.trend_chart(figures, "climate.co2_neutral_year") is None  # a year: no axis


def test_ministries_are_compared_as_bars_from_zero_with_the_rijk_and_the_norm():
    ministries = {"AZ": 8.0, "BZ": 12.5, "BZK": 20.1, "FIN": 9.9}
    extra = [
        IndicatorValue("personnel.external_hiring_pct", 2024, m, x, "%", 10, None, False)
        for m, x in ministries.items()
    ]
    extra.append(
        IndicatorValue("personnel.external_hiring_pct", 2024, "EZK", None, "%", 10, None, True)
    )
    figures = _figures(
        "personnel.external_hiring_pct", {2023: 16.0, 2024: 15.4}, "%", 10, "off_track", extra=extra
    )
    chart = bars.ministry_chart(figures, "personnel.external_hiring_pct")
    labels = render.axis_labels(chart.spec)
    assert labels["y"] == ["BZK", "BZ", "FIN", "AZ"]  # largest first; no Rijk bar, no EZK
    assert labels["x"][0] == "0" and len(labels["x"]) == len(set(labels["x"]))
    rules = chart.spec["layer"][2]["data"]["values"]
    assert [(r["reeks"], r["waarde"]) for r in rules] == [("Rijk", 15.4), ("Doel", 10.0)]
    assert chart.alt == (
        "Externe inhuur per ministerie in 2024: het hoogst bij Binnenlandse Zaken en "
        f"Koninkrijksrelaties (20,1{NBSP}%), het laagst bij Algemene Zaken (8,0{NBSP}%); "
        f"Rijk 15,4{NBSP}%. Doel: ten hoogste 10,0{NBSP}%. "
        "1 ministerie(s) niet gepubliceerd (minder dan 10 personen)."
    )
    # the bars' name says what the picture is (issue 18), the caption the comparison
    assert chart.description == (
        "Staafdiagram van Externe inhuur per ministerie in 2024: een liggende staaf per "
        "ministerie, van hoog naar laag, met de waarde ernaast; het Rijk als doorgetrokken "
        "lijn; het doel als gestreepte lijn. Horizontale as in %, vanaf nul."
    )
    assert f'aria-label="{chart.description}"' in chart.svg and chart.alt not in chart.svg


def test_the_chart_name_says_how_the_target_path_and_the_prognosis_are_drawn():
    # CO₂: the target path 2019 → 2030 (dashed) and the 2030 prognosis (dotted); the
    # caption gives the values, the name the drawing (issues 13 and 18 together)
    chart = trend.trend_chart(_co2(prognosis_2030=18_184.0), "climate.co2_t")
    assert chart.description == (
        "Lijngrafiek van CO₂-uitstoot bedrijfsvoering (energie en vliegen), Rijk, per jaar "
        "van 2017 tot en met 2024: een doorgetrokken lijn met een rondje per jaar, en het "
        "doelpad als gestreepte lijn met vierkantjes van 2019 naar het doel in 2030, en de "
        "prognose als stippellijn met ruitjes tot 2030. Verticale as in ton CO₂, vanaf nul; "
        "horizontale as de jaren."
    )
    assert "18.184" in chart.alt and "18.184" not in chart.description


def test_one_ministry_is_nothing_to_compare():
    extra = [IndicatorValue("personnel.external_hiring_pct", 2024, "AZ", 8.0, "%", 10, None, False)]
    figures = _figures("personnel.external_hiring_pct", {2024: 15.4}, "%", 10, extra=extra)
    assert bars.ministry_chart(figures, "personnel.external_hiring_pct") is None


@pytest.mark.parametrize(
    "years, expected, why",
    [
        ([2022, 2024], [2022, 2023, 2024], "every year, also one without a figure"),
        (list(range(2017, 2025)), list(range(2017, 2025)), "eight years: all eight"),
        ([2017, 2024, 2030], [2018, 2020, 2022, 2024, 2026, 2028, 2030], "14 years: even ones"),
        ([2000, 2050], [2000, 2010, 2020, 2030, 2040, 2050], "51 years: every tenth"),
    ],
)
def test_year_ticks(years, expected, why):
    assert axes.year_ticks(years) == expected, why


def test_a_target_year_without_its_baseline_is_a_point_not_a_line_on_the_axis():
    # CO₂ from 2021 only: the 2019 baseline is not there, so no path can be drawn
    figures = _figures(
        "climate.co2_t", {2021: 106_238.0, 2024: 72_998.0}, "ton CO₂", 0, "off_track"
    )
    chart = trend.trend_chart(figures, "climate.co2_t")
    target = [
        (p["jaar"], p["waarde"]) for p in chart.spec["data"]["values"] if p["reeks"] != "Rijk"
    ]
    assert target == [(2030, 0.0)]


def test_an_unchanged_comparison_is_not_drawn_again(tmp_path, monkeypatch):
    # Issue 19: the build keeps the SVGs it drew (publish.incremental.OutputState); the next
    # build draws a ministry comparison again only when what it shows changed.
    from jbr.publish.build import all_comparisons
    from jbr.publish.incremental import OutputState

    def figures(fin: float):  # type: ignore[no-untyped-def]
        extra = [
            IndicatorValue("personnel.external_hiring_pct", 2024, m, x, "%", 10, None, False)
            for m, x in {"AZ": 8.0, "BZK": 20.1, "FIN": fin}.items()
        ]
        return _figures("personnel.external_hiring_pct", {2024: 15.4}, "%", 10, extra=extra)

    drawn: list[str] = []
    draw = render.svg
    monkeypatch.setattr(render, "svg", lambda *a, **k: drawn.append(a[1]) or draw(*a, **k))

    def build(fin: float) -> str:
        state = OutputState(tmp_path)
        svg = all_comparisons(figures(fin), state)["personnel.external_hiring_pct"].svg
        state.save(finished=True)
        return svg

    first = build(9.9)
    assert len(drawn) == 1
    assert build(9.9) == first and len(drawn) == 1  # the same bars: the kept SVG
    changed = build(11.0)
    assert len(drawn) == 2 and changed != first  # FIN's bar changed: drawn again


def test_a_process_draws_the_same_chart_once(monkeypatch):
    # Drawing is a pure function of the spec, the name and the language: a process that
    # meets a chart again (a server, the kept site workers, a second build) takes the SVG
    # it drew; another spec, name or language is drawn.
    import vl_convert

    calls: list[str] = []
    draw = vl_convert.vegalite_to_svg
    monkeypatch.setattr(
        vl_convert, "vegalite_to_svg", lambda spec, **k: calls.append("x") or draw(spec, **k)
    )
    spec = trend.trend_chart(_co2(prognosis_2030=18_184.0), "climate.co2_t").spec
    spec = {**spec, "description": "een eigen grafiek voor deze test"}  # not drawn before
    first = render.svg(spec, "naam", "nl")
    assert render.svg(spec, "naam", "nl") == first and len(calls) == 1
    assert render.svg(spec, "naam", "en") != first and len(calls) == 2  # English notation
    assert render.svg(spec, "andere naam", "nl") != first and len(calls) == 3
    assert render.svg({**spec, "width": 300}, "naam", "nl") != first and len(calls) == 4

"""charts.py: the text alternative states the trend; colour is not the only carrier."""

from __future__ import annotations

from jbr.indicators import IndicatorValue
from jbr.publish import charts
from jbr.publish.figures import published_figures

NBSP = "\u00a0"


def _figures(indicator, series, unit, target=None, status=None, lang="nl", persons=None):
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
    return published_figures(values, max(series), lang)


def test_trend_text_names_first_last_and_target_status():
    gas = {2019: 0.0, 2021: 12.0, 2023: 38.0}
    figures = _figures("energy.gas_reduction_vs_2019_pct", gas, "%", target=30, status="met")
    text = charts.trend_text(
        "Minder aardgas dan in 2019", figures.series("energy.gas_reduction_vs_2019_pct")
    )
    assert text == (
        f"Minder aardgas dan in 2019 steeg van 0,0{NBSP}% in 2019 naar 38,0{NBSP}% in 2023. "
        f"Doel: ten minste 30,0{NBSP}% in 2030, gehaald (2023)."
    )


def test_trend_text_mentions_a_peak_in_between_and_english():
    tj = {2019: 1642.0, 2020: 1700.0, 2023: 1018.0}
    figures = _figures("energy.gas_tj", tj, "TJ", lang="en")
    text = charts.trend_text("Gas use", figures.series("energy.gas_tj"), "en")
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
    chart = charts.trend_chart(figures, "personnel.headcount")
    assert "1 jaar niet gepubliceerd" in chart.alt
    points = chart.spec["data"]["values"]
    assert sorted(p["jaar"] for p in points if p["reeks"] == "Rijk") == ["2022", "2024"]


def _luminance(hex_colour: str) -> float:
    # WCAG 2.1 relative luminance
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def test_chart_colours_pass_contrast_and_series_differ_by_dash_and_shape():
    for colour in (charts.SERIES_COLOUR, charts.TARGET_COLOUR):
        assert (1.05) / (_luminance(colour) + 0.05) >= 4.5, colour  # against white
    figures = _figures(
        "personnel.external_hiring_pct",
        {2023: 16.0, 2024: 15.4},
        "%",
        target=10,
        status="off_track",
    )
    chart = charts.trend_chart(figures, "personnel.external_hiring_pct")
    line, point = chart.spec["layer"]
    dashes = line["encoding"]["strokeDash"]["scale"]["range"]
    shapes = point["encoding"]["shape"]["scale"]["range"]
    assert dashes[0] != dashes[1] and shapes == ["circle", "square"]
    # the picture's name says what it is; the caption (alt) says the trend: not twice the same
    name = "Lijngrafiek van Externe inhuur, Rijk, per jaar van 2023 tot en met 2024"
    assert chart.svg.startswith(f'<svg role="img" aria-label="{name}')
    assert f"<title>{name}" in chart.svg
    assert "gestippelde lijn" in chart.description and "Verticale as in %" in chart.description
    assert "niet op koers" in chart.alt and chart.alt not in chart.description


def test_a_single_year_is_no_trend():
    figures = _figures("energy.gas_tj", {2024: 980.0}, "TJ")
    assert charts.trend_chart(figures, "energy.gas_tj") is None

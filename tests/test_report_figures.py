"""figures.py: every published figure text, written by hand (issue 7, one source of truth)."""

from __future__ import annotations

import pytest

from jbr.indicators import IndicatorValue
from jbr.publish.figures import SUPPRESSED_MARK, published_figures

NBSP = "\u00a0"


def v(indicator, year, ministry, value, *, unit="", target=None, status=None, persons=None):
    suppressed = persons is not None and persons < 10
    return IndicatorValue(
        indicator, year, ministry, value, unit, target, status, suppressed, persons=persons
    )


@pytest.mark.parametrize(
    ("indicator", "value", "lang", "expected", "why"),
    [
        ("personnel.headcount", 1234, "nl", f"1.234{NBSP}personen", "point groups thousands"),
        ("personnel.headcount", 1234, "en", f"1,234{NBSP}persons", "English notation and unit"),
        ("personnel.external_hiring_pct", 15.44, "nl", f"15,4{NBSP}%", "one decimal for %"),
        ("energy.gas_tj", 1642.4, "nl", f"1.642{NBSP}TJ", "TJ in whole units, as published"),
        ("procurement.spend_eur", 123456.7, "nl", f"€{NBSP}123.457", "euro sign first"),
        (
            "procurement.spend_eur",
            1234567.8,
            "nl",
            f"€{NBSP}1,2{NBSP}miljoen",
            "a million or more reads in words in text",
        ),
        ("woo.published_growth_vs_2018", 4.19, "nl", "×4,2", "a factor"),
        ("personnel.avg_age", 43.25, "nl", f"43,2{NBSP}jaar", "half to even: 43,2"),
        ("climate.co2_neutral_year", 2032.4, "nl", "2032", "a calendar year: no grouping"),
        ("personnel.headcount", None, "nl", "–", "unknown: a dash"),
    ],
)
def test_figure_text(indicator, value, lang, expected, why):
    figures = published_figures(
        {2024: [v(indicator, 2024, "RIJK", value, persons=100)]}, 2024, lang
    )
    assert figures.get(indicator).with_unit == expected, why


def test_suppressed_figure_has_only_the_mark_and_no_value():
    figures = published_figures(
        {
            2023: [v("personnel.headcount", 2023, "AZ", 12, persons=12)],
            2024: [v("personnel.headcount", 2024, "AZ", 7, persons=7)],
        },
        2024,
    )
    f = figures.get("personnel.headcount", 2024, "AZ")
    assert (f.value, f.text, f.with_unit, f.suppressed) == (None, "*", "*", True)
    # the change would reveal the figure (12 → 7 is −41,7 %): it is suppressed too
    change = figures.change("personnel.headcount", 2024, "AZ")
    assert change.suppressed and change.text == SUPPRESSED_MARK and change.delta is None


@pytest.mark.parametrize(
    ("indicator", "before", "now", "expected", "better", "why"),
    [
        ("personnel.headcount", 1200, 1234, f"+2,8{NBSP}%", None, "34 ÷ 1200 = 2,83 %"),
        ("energy.gas_tj", 1018, 980, f"−3,7{NBSP}%", None, "−38 ÷ 1018 = −3,73 %"),
        # a percentage changes in percentage points: 15,4 − 16,0 = −0,6
        ("personnel.external_hiring_pct", 16.0, 15.4, f"−0,6{NBSP}%-punt", True, "≤ 10 % norm"),
        ("personnel.women_top_pct", 41.0, 40.2, f"−0,8{NBSP}%-punt", False, "≥ 45 % target"),
        # an age or a duration changes in its own unit, not in %: 43,6 − 43,2 = +0,4 jaar
        ("personnel.avg_age", 43.2, 43.6, f"+0,4{NBSP}jaar", None, "years, not +0,9 %"),
        ("woo.median_days", 45.0, 56.0, f"+11,0{NBSP}dagen", None, "days, not +24,4 %"),
        # SPEC §6: the arithmetic of the figures as shown: 21,1 → 20,9 is −0,2 (unrounded
        # 21,07 → 20,94 would be −0,13, printed −0,1 beside 21,1 and 20,9)
        ("energy.gas_saving_pct", 21.07, 20.94, f"−0,2{NBSP}%-punt", False, "shown values"),
        ("personnel.women_top_pct", 41.04, 40.96, f"0,0{NBSP}%-punt", None, "41,0 → 41,0"),
        ("personnel.fte", 10.4, 12.4, f"+20,0{NBSP}%", None, "10 → 12 fte, not +19,2 %"),
        # in a table's unit (readers' words): € 100.040.000 and € 100.060.000 read 100,0
        # and 100,1 in € mln (the table's largest value is a million euro or more), so the
        # change is 0,1 ÷ 100,0 = +0,1 %, not the 0,02 % (printed 0,0 %) of the raw euros
        ("procurement.spend_eur", 100.04e6, 100.06e6, f"+0,1{NBSP}%", None, "€ mln as shown"),
        # float noise: 6,5 fte summed as 6.500000000000001 is shown "6" (the tie to even),
        # so the change is 8 ÷ 6 = +33,3 %, never 8 ÷ 7 (+14,3 %) beside a shown 6 (the
        # small demo's VWS ICT formation, 2023 → 2024)
        ("personnel.fte", 6.500000000000001, 7.999999999999999, f"+33,3{NBSP}%", None, "6 → 8"),
        ("personnel.fte", 6.499999999999999, 8.0, f"+33,3{NBSP}%", None, "6 → 8, noise below"),
    ],
)
def test_change_against_last_year(indicator, before, now, expected, better, why):
    figures = published_figures(
        {
            2023: [v(indicator, 2023, "RIJK", before, persons=5000)],
            2024: [v(indicator, 2024, "RIJK", now, persons=5000)],
        },
        2024,
    )
    change = figures.change(indicator)
    assert change.text == expected, why
    assert change.better is better, why
    # the change is the arithmetic of the numbers its table shows beside it
    shown = figures.get(indicator, 2023).text, figures.get(indicator, 2024).text
    assert change.previous_number == shown[0], why


def test_change_across_a_split_restates_last_year_by_share():
    # EZK had 100 persons in 2023; in 2024 EZ has 60 and KGG 40 (shares 0,6 and 0,4).
    # EZ's 2023 is 100 × 0,6 = 60 → change 0,0 %; KGG's 100 × 0,4 = 40 → 0,0 %.
    figures = published_figures(
        {
            2023: [v("personnel.headcount", 2023, "EZK", 100, persons=100)],
            2024: [
                v("personnel.headcount", 2024, "EZ", 60, persons=60),
                v("personnel.headcount", 2024, "KGG", 40, persons=40),
            ],
        },
        2024,
    )
    ez = figures.change("personnel.headcount", 2024, "EZ")
    assert ez.previous == pytest.approx(60) and ez.text == f"0,0{NBSP}%"
    assert ez.restated and ez.previous_number == "60"  # what the table shows, marked †
    # a ratio keeps the predecessor's ratio (numerator and denominator split alike)
    ratio = published_figures(
        {
            2023: [v("personnel.women_pct", 2023, "LNV", 50.0, persons=100)],
            2024: [v("personnel.women_pct", 2024, "LVVN", 52.5, persons=100)],
        },
        2024,
    )
    lvvn = ratio.change("personnel.women_pct", 2024, "LVVN")
    assert lvvn.previous == 50.0 and lvvn.text == f"+2,5{NBSP}%-punt"
    assert lvvn.restated and lvvn.previous_number == "50,0"


def test_status_reads_without_colour():
    figures = published_figures(
        {
            2024: [
                v("energy.gas_reduction_vs_2019_pct", 2024, "RIJK", 40.3, target=30, status="met")
            ]
        },
        2024,
    )
    f = figures.get("energy.gas_reduction_vs_2019_pct")
    assert (f.status_symbol, f.status_text, f.status_class) == ("✓", "gehaald", "status-met")
    assert f.target_text == f"30,0{NBSP}%"


def test_a_prognosis_has_no_change_against_last_year():
    # CO₂ measured 2023 → 2024 has a change (−10,0 %); the 2030 projection drawn from the
    # trend has none: it is a different line each year, and restated across a split (EZK
    # 2023 → EZ and KGG 2024) a successor's share of it once read "+1.385,4 %".
    figures = published_figures(
        {
            2023: [
                v("climate.co2_t", 2023, "RIJK", 1000.0),
                v("climate.co2_projection_2030_t", 2023, "RIJK", 400.0),
                v("climate.co2_projection_2030_t", 2023, "EZK", 10.0),
            ],
            2024: [
                v("climate.co2_t", 2024, "RIJK", 900.0),
                v("climate.co2_projection_2030_t", 2024, "RIJK", 300.0),
                v("climate.co2_projection_2030_t", 2024, "EZ", 80.0),
                v("climate.co2_projection_2030_t", 2024, "KGG", 70.0),
            ],
        },
        2024,
    )
    assert figures.change("climate.co2_t").text == f"−10,0{NBSP}%"
    for ministry in ("RIJK", "EZ", "KGG"):
        assert figures.change("climate.co2_projection_2030_t", 2024, ministry) is None

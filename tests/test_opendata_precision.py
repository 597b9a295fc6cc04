"""Open-data values at the precision of their definition, and a marker with its reason for
every figure without value (issue 18). Rules by hand, table-driven."""

from __future__ import annotations

import pytest

from jbr.indicators import IndicatorValue, by_id
from jbr.publish.format import number
from jbr.publish.opendata.values import (
    NO_FIGURE_MARK,
    NO_FIGURE_REASON,
    SUPPRESSED_MARK,
    SUPPRESSED_REASON,
    decimals,
    marker_and_reason,
    rounded,
)


@pytest.mark.parametrize(
    ("value", "places", "expected", "why"),
    [
        (2095.216899999989, 0, 2095, "the fte sum of the issue: float noise of adding 0.8 fte"),
        (2095.5, 0, 2096, "half to even: 2095.5 → 2096"),
        (2094.5, 0, 2094, "half to even: 2094.5 → 2094, as Babel prints it"),
        (12.25, 1, 12.2, "the decimal notation 12.25 is a tie: to even, 12.2"),
        (12.35, 1, 12.4, "12.35 is a tie: to even, 12.4"),
        (49.152542372881356, 1, 49.2, "29 of 59 women"),
        (-0.04, 1, 0.0, "rounds to zero: no negative zero in the data"),
        # 143,5 fte summed in another order (Spark's, or DuckDB's, differ in the last bit):
        # the noise does not decide the rounding; the tie goes to even, 144.
        (143.49999999999997, 0, 144, "143,5 fte with float noise below: as 143,5"),
        (143.50000000000003, 0, 144, "143,5 fte with float noise above: as 143,5"),
        (142.49999999999997, 0, 142, "142,5 fte with float noise: the tie to even, 142"),
        (12.349999999999998, 1, 12.4, "12,35 % with float noise: the tie to even, 12,4"),
        (143.4999, 0, 143, "a value below the tie, not noise: stays below"),
        (None, 1, None, "no value stays no value"),
    ],
)
def test_rounded(value, places, expected, why):
    result = rounded(value, places)
    assert result == expected, why
    assert type(result) is type(expected), why  # whole numbers as int: "2095", not "2095.0"


@pytest.mark.parametrize(
    ("value", "unit", "places"),
    [
        (2095.216899999989, "fte", 0),
        (12.25, "%", 1),
        (12.35, "%", 1),
        (2094.5, "fte", 0),
        (143.49999999999997, "fte", 0),
        (12.349999999999998, "%", 1),
    ],
)
def test_rounded_as_the_report_prints(value, unit, places):
    """The open data and the report agree digit for digit (Babel, Dutch notation)."""
    printed = number(value, unit, "nl").replace(".", "").replace(",", ".")
    assert float(printed) == rounded(value, places)


@pytest.mark.parametrize(
    ("indicator", "places", "why"),
    [
        ("personnel.fte", 0, "fte: printed whole"),
        ("personnel.headcount", 0, "persons: a count"),
        ("personnel.women_pct", 1, "a percentage: one decimal"),
        ("personnel.avg_age", 1, "an age in years: one decimal"),
        ("energy.gas_tj", 0, "TJ: whole"),
        ("climate.co2_neutral_year", 0, "declared: a calendar year, though its unit is 'jaar'"),
    ],
)
def test_decimals_per_indicator(indicator, places, why):
    assert decimals(by_id()[indicator]) == places, why


def value(**fields) -> IndicatorValue:
    base = dict(
        indicator="ai.risk_assessed_pct",
        year=2024,
        ministry="FIN",
        value=None,
        unit="%",
        target=100.0,
        status=None,
        suppressed=False,
    )
    return IndicatorValue(**{**base, **fields})


AI = by_id()["ai.risk_assessed_pct"]


@pytest.mark.parametrize(
    ("figure", "indicator", "expected", "why"),
    [
        (value(value=50.0, status="off_track"), AI, ("", None), "a value needs no marker"),
        (value(suppressed=True), AI, (SUPPRESSED_MARK, SUPPRESSED_REASON), "fewer than 10"),
        (
            value(notes=("geen beginstand",)),
            AI,
            (NO_FIGURE_MARK, None),
            "the computation's note is the reason",
        ),
        (value(), AI, (NO_FIGURE_MARK, AI.no_figure_nl), "the catalogue says why"),
        (value(), None, (NO_FIGURE_MARK, NO_FIGURE_REASON), "else: not delivered or computable"),
    ],
)
def test_marker_and_reason(figure, indicator, expected, why):
    assert marker_and_reason(figure, indicator) == expected, why


def test_every_empty_reason_is_declared_in_both_languages():
    for ind in by_id().values():
        assert bool(ind.no_figure_nl) == bool(ind.no_figure_en), ind.id


@pytest.mark.parametrize(
    ("a", "b", "unit", "expected"),
    [
        # The same sum in two orders of addition (DuckDB's and Spark's in the small demo's
        # ICT formation of 2019): one text, whichever engine computed it.
        (143.49999999999997, 143.5, "fte", "144"),
        (0.1 + 0.2, 0.3, "%", "0,3"),
        (48_230_123_456.780003, 48_230_123_456.78, "euro", "48.230.123.457"),
    ],
)
def test_float_noise_never_decides_a_printed_digit(a, b, unit, expected):
    assert number(a, unit, "nl") == number(b, unit, "nl") == expected

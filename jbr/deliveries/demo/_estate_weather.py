"""Degree days and the Rijk's monthly gas use they drive (SPEC §5.3).

The weather is synthetic but Dutch: about 2,700–3,000 weighted heating degree
days a year, 12–18 on a winter day, none on a summer day. Rijk gas use per
month follows the degree days and is then nudged, as little as possible, so
the calendar years match the published series and the two EU gas-saving
periods show the published savings.
"""

from __future__ import annotations

import numpy as np

from .information_common import YEARS

GAS_MJ_PER_M3 = 31.65  # Groningen quality (SPEC §5.3)
# Rijksvastgoed gas use in TJ (denkdoeduurzaam.nl, JBR 2023); 2017, 2018 and 2024
# are demo estimates beside the published 2019–2023 series.
GAS_TJ = {
    2017: 1700,
    2018: 1680,
    2019: 1642,
    2020: 1571,
    2021: 1524,
    2022: 1421,
    2023: 1018,
    2024: 980,
}
# EU gas-saving periods: (first year, first month, months, reference years, saving).
SAVING_PERIODS = (
    (2022, 8, 8, range(2017, 2022), 0.22),  # Aug 2022–Mar 2023 vs five years before
    (2023, 4, 12, range(2017, 2022), 0.26),  # Apr 2023–Mar 2024 vs Apr 2017–Mar 2022
)
# Yearly temperature anomaly (°C): recent years were warm.
ANOMALY = {2017: 0.3, 2018: 0.5, 2019: 0.4, 2020: 0.8, 2021: 0.2, 2022: 0.7, 2023: 0.7, 2024: 0.6}
# Weighting of heating degree days by month (Nov–Feb 1.1, Mar and Oct 1.0, else 0.8).
MONTH_WEIGHT = np.array([1.1, 1.1, 1.0, 0.8, 0.8, 0.8, 0.8, 0.8, 0.8, 1.0, 1.1, 1.1])
BASE_LOAD = 0.12  # share of gas for hot water and kitchens, spread over the year


def days_of(year: int) -> np.ndarray:
    start = np.datetime64(f"{year}-01-01")
    return np.arange(start, np.datetime64(f"{year + 1}-01-01"))


def month_days() -> np.ndarray:
    """Days in each month of the demo years, shape (years, 12)."""
    months = np.arange(np.datetime64(f"{YEARS[0]}-01"), np.datetime64(f"{YEARS[-1] + 1}-02"))
    lengths = np.diff(months.astype("datetime64[D]")).astype(int)
    return lengths.reshape(len(YEARS), 12).astype(float)


def degree_days(rng: np.random.Generator) -> dict[int, tuple[np.ndarray, np.ndarray]]:
    """Daily weighted heating degree days (base 18 °C) per year: (dates, values)."""
    out = {}
    noise = 0.0
    for year in YEARS:
        days = days_of(year)
        day_of_year = np.arange(days.size)
        climate = 9.8 - 7.2 * np.cos(2 * np.pi * (day_of_year - 20) / 365.25)
        shocks = rng.normal(0, 1.6, days.size)
        anomaly = np.empty(days.size)
        for i, shock in enumerate(shocks):  # AR(1): warm and cold spells last days
            noise = 0.8 * noise + shock
            anomaly[i] = noise
        # Spells move heat within the year; the year's anomaly sets its total.
        temperature = climate + ANOMALY[year] + anomaly - anomaly.mean()
        month = days.astype("datetime64[M]").astype(int) % 12
        values = np.maximum(0.0, 18.0 - temperature) * MONTH_WEIGHT[month]
        out[year] = (days, np.round(values, 1))
    return out


def monthly_degree_days(daily: dict[int, tuple[np.ndarray, np.ndarray]]) -> np.ndarray:
    """Degree days per month, shape (years, 12)."""
    result = np.zeros((len(YEARS), 12))
    for i, year in enumerate(YEARS):
        days, values = daily[year]
        np.add.at(result[i], days.astype("datetime64[M]").astype(int) % 12, values)
    return result


def rijk_gas_tj(monthly_hdd: np.ndarray) -> np.ndarray:
    """Rijk gas per month in TJ, shape (years, 12), meeting every published figure.

    The degree-day profile is the prior; the smallest relative change to it
    (weighted least squares with linear equality constraints) meets the yearly
    totals and the two saving periods exactly.
    """
    totals = np.array([GAS_TJ[y] for y in YEARS], dtype=float)
    days = month_days()
    share = BASE_LOAD * days / days.sum(1, keepdims=True) + (1 - BASE_LOAD) * (
        monthly_hdd / monthly_hdd.sum(1, keepdims=True)
    )
    prior = (totals[:, None] * share).ravel()
    n = prior.size
    rows, targets = [], []
    for i in range(len(YEARS)):
        row = np.zeros(n)
        row[i * 12 : (i + 1) * 12] = 1
        rows.append(row)
        targets.append(totals[i])
    for year, month, length, reference, saving in SAVING_PERIODS:
        row = _window(year, month, length, n)
        row -= (1 - saving) / len(reference) * sum(_window(y, month, length, n) for y in reference)
        rows.append(row)
        targets.append(0.0)
    a, b = np.array(rows), np.array(targets)
    weight = prior**2
    multipliers = np.linalg.solve(a @ (weight[:, None] * a.T), b - a @ prior)
    gas = prior + weight * (a.T @ multipliers)
    return gas.reshape(len(YEARS), 12)


def _window(year: int, month: int, length: int, n: int) -> np.ndarray:
    row = np.zeros(n)
    start = (year - YEARS[0]) * 12 + month - 1
    row[start : start + length] = 1
    return row

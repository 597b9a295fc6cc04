"""Metered energy per building, carrier and month (SPEC §3 ``energie``, §5.3).

Gas follows the Rijk's monthly series from ``_estate_weather`` exactly, spread
over the buildings that burn gas that month. A few buildings move off gas over
the years (district heating or heat pumps), a handful are read from the 15th to
the 14th, and one building-month is missing, as in real deliveries.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from ._estate_buildings import Portfolio
from ._estate_weather import GAS_MJ_PER_M3
from .information_common import YEARS, table

SCHEMA = (
    ("gebouw_id", pa.string()),
    ("drager", pa.string()),
    ("van", pa.date32()),
    ("tot", pa.date32()),
    ("verbruik", pa.float64()),
    ("hernieuwbaar_kwh", pa.float64()),
)
# Share of electricity generated renewably (rising contracts and own solar panels).
RENEWABLE_SHARE = np.array([0.55, 0.60, 0.66, 0.72, 0.80, 0.86, 0.90, 0.94])
ELECTRICITY_PROFILE = np.array(
    [1.12, 1.06, 1.02, 0.96, 0.94, 0.92, 0.9, 0.9, 0.94, 1.0, 1.08, 1.16]
)
STRADDLED = {"full": 6, "small": 2}  # buildings read from the 15th to the 14th
READING_DAY = 15


def _months() -> tuple[np.ndarray, np.ndarray]:
    months = np.arange(np.datetime64(f"{YEARS[0]}-01"), np.datetime64(f"{YEARS[-1] + 1}-01"))
    first = months.astype("datetime64[D]")
    last = (months + 1).astype("datetime64[D]") - np.timedelta64(1, "D")
    return first, last


def energy(
    rng: np.random.Generator, buildings: Portfolio, gas_tj: np.ndarray, scale: str
) -> dict[int, pa.Table]:
    """The ``energie`` rows of every year, keyed by the year of ``van``."""
    n, months = buildings.bvo_m2.size, gas_tj.size
    year_of = np.repeat(np.arange(len(YEARS)), 12)
    month_of = np.tile(np.arange(12), len(YEARS))
    active = np.stack([buildings.active(y) for y in YEARS], axis=1)[:, year_of]
    bvo = buildings.bvo_m2[:, None]

    # Heating: most buildings burn gas; some are on district heating from the start,
    # some move off gas in later years (half to district heat, half to heat pumps).
    kind = rng.choice(3, n, p=[0.80, 0.14, 0.06])  # gas, district heat, all-electric
    gas_until = np.where(kind == 0, YEARS[-1], np.where(kind == 2, YEARS[0] - 1, -1))
    switching = (kind == 0) & (rng.random(n) < 0.10)
    gas_until[switching] = rng.integers(YEARS[0] + 1, YEARS[-1], int(switching.sum()))
    heat_from = np.where(kind == 1, YEARS[0], 9999)
    to_heat = switching & (rng.random(n) < 0.5)
    heat_from[to_heat] = gas_until[to_heat] + 1
    calendar_year = np.array(YEARS)[year_of][None, :]
    burns_gas = active & (calendar_year <= gas_until[:, None])
    district = active & (calendar_year >= heat_from[:, None])
    heat_pump = active & ~burns_gas & ~district

    intensity = np.where(buildings.kantoor, 7.0, 5.0) * rng.lognormal(0, 0.35, n)
    weight = bvo * intensity[:, None] * rng.lognormal(0, 0.07, (n, months)) * burns_gas
    gas_m3 = gas_tj.ravel() * 1e6 / GAS_MJ_PER_M3
    gas = weight / weight.sum(axis=0, keepdims=True) * gas_m3[None, :]

    season = (gas_tj / gas_tj.sum(axis=1, keepdims=True)).ravel()[None, :]
    heat = bvo * 0.3 * season * rng.lognormal(0, 0.1, (n, months)) * district

    trend = 0.985 ** year_of[None, :]
    pandemic = np.where(
        buildings.kantoor[:, None] & ((year_of == 3) & (month_of >= 3) | (year_of == 4))[None, :],
        0.85,
        1.0,
    )
    electricity = (
        bvo
        * np.where(buildings.kantoor, 100.0, 70.0)[:, None]
        / 12
        * ELECTRICITY_PROFILE[month_of][None, :]
        * trend
        * pandemic
        * np.where(heat_pump, 1.35, 1.0)
        * rng.lognormal(0, 0.05, (n, months))
        * active
    )
    renewable_share = np.clip(
        RENEWABLE_SHARE[None, :] + rng.normal(0, 0.05, (n, len(YEARS))), 0, 1
    )[:, year_of]
    renewable = np.floor(np.round(electricity) * renewable_share)

    # A few buildings are read from the 15th to the 14th; one building-month of gas
    # never arrived (a data-quality finding).
    always = np.flatnonzero(burns_gas.all(axis=1))
    straddled = rng.choice(always, STRADDLED[scale], replace=False)
    monthly = np.ones(n, dtype=bool)
    monthly[straddled] = False
    missing = np.zeros_like(burns_gas)
    missing[rng.choice(np.setdiff1d(always, straddled)), (2021 - YEARS[0]) * 12 + 9] = True

    first, last = _months()
    by_month = monthly[:, None]
    parts = [
        _monthly(buildings, "gas_m3", np.round(gas), burns_gas & by_month & ~missing, first, last),
        _monthly(buildings, "warmte_gj", np.round(heat, 1), district & by_month, first, last),
        _monthly(
            buildings,
            "elektriciteit_kwh",
            np.round(electricity),
            active & by_month,
            first,
            last,
            renewable,
        ),
    ]
    for b in straddled:
        parts.append(_straddled(buildings, b, "gas_m3", gas[b], first, last))
        parts.append(
            _straddled(buildings, b, "elektriciteit_kwh", electricity[b], first, last, renewable[b])
        )
    rows = {k: np.concatenate([p[k] for p in parts]) for k in parts[0]}
    order = np.lexsort((rows["van"], rows["drager"], rows["gebouw_id"]))
    rows = {k: v[order] for k, v in rows.items()}
    year = rows["van"].astype("datetime64[Y]").astype(int) + 1970
    out = {}
    for y in YEARS:
        pick = year == y
        out[y] = table(
            {
                "gebouw_id": rows["gebouw_id"][pick],
                "drager": rows["drager"][pick],
                "van": rows["van"][pick],
                "tot": rows["tot"][pick],
                "verbruik": rows["verbruik"][pick],
                "hernieuwbaar_kwh": pa.array(
                    rows["hernieuwbaar_kwh"][pick],
                    type=pa.float64(),
                    mask=np.isnan(rows["hernieuwbaar_kwh"][pick]),
                ),
            },
            SCHEMA,
        )
    return out


def _monthly(
    buildings: Portfolio,
    carrier: str,
    values: np.ndarray,
    present: np.ndarray,
    first: np.ndarray,
    last: np.ndarray,
    renewable: np.ndarray | None = None,
) -> dict[str, np.ndarray]:
    b, m = np.nonzero(present)
    return {
        "gebouw_id": buildings.gebouw_id[b],
        "drager": np.full(b.size, carrier),
        "van": first[m],
        "tot": last[m],
        "verbruik": values[b, m],
        "hernieuwbaar_kwh": renewable[b, m] if renewable is not None else np.full(b.size, np.nan),
    }


def _straddled(
    buildings: Portfolio,
    b: int,
    carrier: str,
    values: np.ndarray,
    first: np.ndarray,
    last: np.ndarray,
    renewable: np.ndarray | None = None,
) -> dict[str, np.ndarray]:
    """Readings from the 15th to the 14th: each period takes the prorated months it spans."""
    lengths = (last - first).astype(int) + 1
    day = np.timedelta64(1, "D")
    offset = np.timedelta64(READING_DAY - 1, "D")
    starts = np.r_[first[:1], first + offset]
    ends = np.r_[first + offset - day, last[-1:]]

    def spread(series: np.ndarray) -> np.ndarray:
        head = series * (READING_DAY - 1) / lengths  # days 1..14 of each month
        tail = series - head
        return np.r_[head[:1], tail[:-1] + head[1:], tail[-1:]]

    usage = np.round(spread(values))
    green = np.minimum(usage, np.floor(spread(renewable))) if renewable is not None else None
    return {
        "gebouw_id": np.full(starts.size, buildings.gebouw_id[b]),
        "drager": np.full(starts.size, carrier),
        "van": starts,
        "tot": ends,
        "verbruik": usage,
        "hernieuwbaar_kwh": green if green is not None else np.full(starts.size, np.nan),
    }

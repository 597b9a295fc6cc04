"""Daily peak occupancy of office workplaces (SPEC §3 ``bezetting``, §5.4).

Before the pandemic about two thirds of the workplaces were taken on a busy
day; lockdowns in 2020–2021 emptied the offices, and hybrid work settled at
roughly 30–45 % from 2022. Tuesdays and Thursdays are busy, Fridays quiet,
summer and Christmas weeks quieter still.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from ._estate_buildings import Portfolio
from ._woo_calendar import working_days
from .information_common import table

SCHEMA = (
    ("gebouw_id", pa.string()),
    ("datum", pa.date32()),
    ("bezette_werkplekken", pa.int64()),
    ("werkplekken", pa.int64()),
)
# (from, share of workplaces taken on an average working day)
PHASES = (
    ("2017-01-01", 0.64),
    ("2020-03-16", 0.10),
    ("2020-06-01", 0.20),
    ("2020-09-01", 0.24),
    ("2020-10-14", 0.18),
    ("2021-06-26", 0.28),
    ("2021-09-25", 0.33),
    ("2021-11-28", 0.20),
    ("2022-02-25", 0.34),
    ("2022-09-01", 0.38),
    ("2023-01-01", 0.40),
    ("2024-01-01", 0.42),
)
WEEKDAY = np.array([1.0, 1.18, 0.98, 1.14, 0.70])  # Monday..Friday


def occupancy(rng: np.random.Generator, buildings: Portfolio, year: int) -> pa.Table:
    """Peak occupied and available workplaces per office and working day of ``year``."""
    offices = np.flatnonzero(buildings.kantoor & buildings.active(year))
    days = working_days(year)
    starts = np.array([p[0] for p in PHASES], dtype="datetime64[D]")
    level = np.array([p[1] for p in PHASES])[np.searchsorted(starts, days, side="right") - 1]
    weekday = ((days.astype(int) + 3) % 7).astype(int)  # 1970-01-01 was a Thursday
    month_day = days - days.astype("datetime64[M]").astype("datetime64[D]")
    month = days.astype("datetime64[M]").astype(int) % 12
    quiet = np.where((month == 6) & (month_day.astype(int) >= 14) | (month == 7), 0.7, 1.0)
    quiet = np.where((month == 11) & (month_day.astype(int) >= 20), 0.45, quiet)
    day_factor = level * WEEKDAY[weekday] / WEEKDAY.mean() * quiet

    building_factor = rng.lognormal(0, 0.15, offices.size)
    noise = rng.lognormal(0, 0.08, (offices.size, days.size))
    places = buildings.werkplekken[offices]
    taken = np.round(places[:, None] * building_factor[:, None] * day_factor[None, :] * noise)
    taken = np.minimum(taken, places[:, None]).astype(int)
    return table(
        {
            "gebouw_id": np.repeat(buildings.gebouw_id[offices], days.size),
            "datum": np.tile(days, offices.size),
            "bezette_werkplekken": taken.ravel(),
            "werkplekken": np.repeat(places, days.size),
        },
        SCHEMA,
    )

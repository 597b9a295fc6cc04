"""Demo deliveries for sustainability, housing and procurement (SPEC §5.3, §5.4).

Per year: the real-estate agency's building register (xlsx), metered energy
per building and month (Parquet), daily degree days (CSV), daily office
occupancy (Parquet), flight legs (CSV) and per ministry a procurement workbook.
Calibrated to the published Rijk figures: gas use in TJ and the EU gas-saving
periods, flight CO2, office floor area and the sustainable-procurement share.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from . import _estate_weather as weather
from ._estate_buildings import portfolio, register
from ._estate_energy import energy
from ._estate_flights import flights
from ._estate_occupancy import occupancy
from ._estate_procurement import procurement
from .information_common import (
    YEARS,
    table,
    write_csv,
    write_parquet,
    write_xlsx,
    year_codes,
    year_dir,
)


def write(out: Path, scale: Literal["small", "full"], seed: int) -> list[Path]:
    """Write the estate, energy, travel and procurement deliveries for 2017–2024."""
    if scale not in ("small", "full"):
        raise ValueError(f"unknown scale {scale!r}")
    root = np.random.default_rng([seed, 3])
    weather_rng, building_rng, energy_rng, occupancy_rng, travel_rng, buying_rng = root.spawn(6)
    daily = weather.degree_days(weather_rng)
    gas_tj = weather.rijk_gas_tj(weather.monthly_degree_days(daily))
    buildings = portfolio(building_rng, scale)
    metered = energy(energy_rng, buildings, gas_tj, scale)
    written: list[Path] = []
    for year in YEARS:
        folder = year_dir(out, year)
        written.append(
            write_xlsx(folder / f"gebouwen_{year}.xlsx", {"gebouwen": register(buildings, year)})
        )
        written.append(write_parquet(folder / f"energie_{year}.parquet", metered[year]))
        days, values = daily[year]
        degree_days = table(
            {"datum": days, "graaddagen": values},
            (("datum", pa.date32()), ("graaddagen", pa.float64())),
        )
        written.append(write_csv(folder / f"graaddagen_{year}.csv", degree_days))
        written.append(
            write_parquet(
                folder / f"bezetting_{year}.parquet", occupancy(occupancy_rng, buildings, year)
            )
        )
        written.append(
            write_csv(folder / f"vliegreizen_{year}.csv", flights(travel_rng, year, scale))
        )
        spend = procurement(buying_rng, year)
        for code in year_codes(year):
            rows = spend.filter(pc.equal(spend["ministerie"], code))
            written.append(write_xlsx(folder / f"inkoop_{code}_{year}.xlsx", {"inkoop": rows}))
    return written

"""CO2 emission factors as dated data (SPEC §5.3): ``data/emissiefactoren_*.csv``.

Flights: kg CO2 per passenger-km by distance band (the Dutch CO2emissiefactoren
list for business air travel: < 700 km, 700–2,500 km, > 2,500 km) times a
cabin-class factor. Energy: kg CO2 per delivered unit of each carrier. A new
published list is a new set of rows with a later ``geldig_van``; a reading or
flight uses the rows valid on its date, so earlier years keep their factors.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache

from . import data_rows

CLASSES = ("economy", "premium_economy", "business", "first")
DEFAULT_CLASS = "economy"  # a leg without a delivered class


@dataclass(frozen=True)
class FlightFactor:
    valid_from: date
    band: str  # kort | middel | lang
    min_km: float  # the band is [min_km, max_km)
    max_km: float | None
    klasse: str
    kg_per_pkm_economy: float
    class_factor: float
    source: str

    @property
    def kg_per_pkm(self) -> float:
        """kg CO2 per passenger-km for this band and class."""
        return self.kg_per_pkm_economy * self.class_factor


@dataclass(frozen=True)
class EnergyFactor:
    valid_from: date
    drager: str  # a carrier of the energie theme, or elektriciteit_hernieuwbaar_kwh
    unit: str
    kg_per_unit: float
    source: str


@cache
def flight_factors() -> tuple[FlightFactor, ...]:
    out = tuple(
        FlightFactor(
            valid_from=date.fromisoformat(r["geldig_van"]),
            band=r["afstand"],
            min_km=float(r["min_km"]),
            max_km=float(r["max_km"]) if r["max_km"] else None,
            klasse=r["klasse"],
            kg_per_pkm_economy=float(r["kg_co2_per_reizigerskm"]),
            class_factor=float(r["klasse_factor"]),
            source=r["bron"],
        )
        for r in data_rows("emissiefactoren_vliegen.csv")
    )
    for version in {f.valid_from for f in out}:
        rows = [f for f in out if f.valid_from == version]
        if {f.klasse for f in rows} != set(CLASSES):
            raise ValueError(f"emissiefactoren_vliegen.csv {version}: not every class present")
    return out


@cache
def energy_factors() -> tuple[EnergyFactor, ...]:
    return tuple(
        EnergyFactor(
            valid_from=date.fromisoformat(r["geldig_van"]),
            drager=r["drager"],
            unit=r["eenheid"],
            kg_per_unit=float(r["kg_co2_per_eenheid"]),
            source=r["bron"],
        )
        for r in data_rows("emissiefactoren_energie.csv")
    )


def versions(factors: tuple[FlightFactor, ...] | tuple[EnergyFactor, ...]) -> list[date]:
    """The dates from which a set of factors applies, oldest first."""
    return sorted({f.valid_from for f in factors})


def flight_factor(km: float, klasse: str | None, day: date) -> float:
    """kg CO2 per passenger-km of one leg (for single values; computations use arrays)."""
    valid = [v for v in versions(flight_factors()) if v <= day]
    if not valid:
        raise ValueError(f"no flight emission factors valid on {day}")
    for f in flight_factors():
        if (
            f.valid_from == valid[-1]
            and f.klasse == (klasse or DEFAULT_CLASS)
            and f.min_km <= km
            and (f.max_km is None or km < f.max_km)
        ):
            return f.kg_per_pkm
    raise ValueError(f"no flight emission factor for {km} km, class {klasse!r}")


def energy_factor(drager: str, day: date) -> float:
    """kg CO2 per unit of ``drager`` valid on ``day``."""
    valid = [f for f in energy_factors() if f.drager == drager and f.valid_from <= day]
    if not valid:
        raise ValueError(f"no energy emission factor for {drager} on {day}")
    return max(valid, key=lambda f: f.valid_from).kg_per_unit

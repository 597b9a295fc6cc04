"""SPEC §5.3 business flights: their CO2 and the share of short flights.

A leg's CO2 = great-circle distance between its airports (airportsdata) × the
factor per passenger-km of its distance band and cabin class valid on its date ×
travellers. The store groups legs by route, class and factor version (one scan);
distances and factors are applied to that small result.
"""

from __future__ import annotations

import ibis
import numpy as np
import pandas as pd

from ...codelists.airports import airports, great_circle_km
from ...codelists.emission import DEFAULT_CLASS, flight_factors, versions
from ..engine import Context, computation
from ..rows import by_unit, empty, pct, result_rows

SHORT_FLIGHT_KM = 700  # SPEC §5.3: below this the train is the policy alternative


def _version(day: ibis.DateValue) -> ibis.IntegerValue:
    """Index of the flight-factor set valid on ``day`` (−1 before the first)."""
    dates = versions(flight_factors())
    cases = [(day >= ibis.date(d), i) for i, d in reversed(list(enumerate(dates)))]
    return ibis.cases(*cases, else_=-1)


def routes(ctx: Context) -> pd.DataFrame:
    """Passengers per year, ministry, route, class and factor version, with km and kg/pkm."""

    def make() -> pd.DataFrame:
        v = ctx.table("vliegreizen")
        keyed = v.select(
            year=v.datum.year(),
            ministerie=v.ministerie,
            van=v.van,
            naar=v.naar,
            klasse=v.klasse.fill_null(DEFAULT_CLASS),
            version=_version(v.datum),
            reizigers=v.reizigers.fill_null(1),
        )
        keys = ["year", "ministerie", "van", "naar", "klasse", "version"]
        f = (
            keyed.group_by(*keys)
            .agg(reizigers=keyed.reizigers.sum(), legs=keyed.count())
            .to_pandas()
            # in a fixed order: DuckDB returns groups in any order, and a sum of floats
            # over them would differ in its last digits from build to build
            .sort_values(keys, ignore_index=True)
        )
        f["km"] = _distances(f["van"], f["naar"])
        f["kg_per_pkm"] = _factors(f["km"].to_numpy(), f["klasse"], f["version"].to_numpy())
        return f

    return ctx.memo("flight_routes", 0, make)


def _distances(origin: pd.Series, destination: pd.Series) -> np.ndarray:
    known = airports()
    o = np.array([known.get(c, (np.nan, np.nan)) for c in origin], dtype=float).reshape(-1, 2)
    d = np.array([known.get(c, (np.nan, np.nan)) for c in destination], dtype=float).reshape(-1, 2)
    return great_circle_km(o[:, 0], o[:, 1], d[:, 0], d[:, 1])


def _factors(km: np.ndarray, klasse: pd.Series, version: np.ndarray) -> np.ndarray:
    """kg CO2 per passenger-km by band ([min_km, max_km)) and class of each route's version."""
    out = np.full(len(km), np.nan)
    for i, day in enumerate(versions(flight_factors())):
        for f in (f for f in flight_factors() if f.valid_from == day):
            upper = np.inf if f.max_km is None else f.max_km
            pick = (
                (version == i) & (klasse.to_numpy() == f.klasse) & (km >= f.min_km) & (km < upper)
            )
            out[pick] = f.kg_per_pkm
    return out


@computation("travel")
def travel(ctx: Context, year: int) -> pd.DataFrame:
    """Flight CO2 in tonnes and the share of short flights (< 700 km)."""
    r = routes(ctx)
    r = r[r["year"] == year]
    if r.empty:
        return empty()
    unpriced = r[r["km"].isna() | r["kg_per_pkm"].isna()]
    if len(unpriced):
        codes = sorted(set(unpriced["van"]) | set(unpriced["naar"]) - set(airports()))
        ctx.find(
            "flights_unpriced",
            year,
            "travel.flight_co2_t",
            n=int(unpriced["legs"].sum()),
            airports=", ".join(codes[:10]) or "–",
        )
    r = r.drop(unpriced.index).assign(
        co2_t=lambda t: t["km"] * t["kg_per_pkm"] * t["reizigers"] / 1000,
        short=lambda t: t["reizigers"].where(t["km"] < SHORT_FLIGHT_KM, 0),
    )
    f = by_unit(r, ["co2_t", "short", "reizigers"])
    share = pct(f["short"], f["reizigers"])
    return pd.concat(
        [
            result_rows(f, "travel.flight_co2_t", f["co2_t"]),
            result_rows(f, "travel.short_flights_pct", share),
        ],
        ignore_index=True,
    )

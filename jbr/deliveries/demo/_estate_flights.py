"""Business flights per ministry, as legs between real airports (SPEC §3 ``vliegreizen``).

Trips are drawn until their CO2 reaches the Rijk total published for the
year (denkdoeduurzaam.nl; a tenth at small scale). Distances are great-circle
distances from the ``airportsdata`` database; emission factors are per
passenger-km by distance band and travel class, as in SPEC §5.3.
"""

from __future__ import annotations

from datetime import date
from functools import cache

import airportsdata
import numpy as np
import pyarrow as pa

from ...codelists.emission import flight_factors, versions
from .information_common import map_to_successors, old_codes, table, weights_for

# Rijk flight CO2 in tonnes (2019–2023 published; 2017, 2018 and 2024 estimated).
FLIGHT_CO2_T = {
    2017: 89_000,
    2018: 91_000,
    2019: 92_755,
    2020: 24_898,
    2021: 42_318,
    2022: 81_548,
    2023: 98_525,
    2024: 100_000,
}
# Travel behaviour only (short trips are shorter stays, long-haul more often business);
# the CO2 factors come from jbr.codelists.emission.
SHORT_KM, LONG_KM = 700, 3700
HOME = {"AMS": 0.9, "RTM": 0.05, "EIN": 0.05}
DESTINATIONS = {
    # Europe: Brussels first, then the other capitals and UN/EU seats.
    "BRU": 10,
    "LUX": 2,
    "GVA": 6,
    "CDG": 5,
    "LHR": 5,
    "FRA": 3,
    "BER": 3,
    "MUC": 1,
    "VIE": 3,
    "ZRH": 1,
    "CPH": 2,
    "ARN": 2,
    "HEL": 1,
    "OSL": 1,
    "DUB": 1,
    "MAD": 2,
    "BCN": 1,
    "LIS": 2,
    "FCO": 3,
    "ATH": 1,
    "WAW": 2,
    "PRG": 1,
    "BUD": 1,
    "VNO": 2,
    "RIX": 1,
    "TLL": 1,
    "OTP": 1,
    "SOF": 1,
    "ZAG": 1,
    "BEG": 1,
    "IST": 2,
    # Kingdom in the Caribbean.
    "CUR": 5,
    "BON": 3,
    "SXM": 2,
    "AUA": 2,
    # Further afield: embassies, missions, multilateral meetings.
    "JFK": 5,
    "IAD": 4,
    "YUL": 1,
    "YYZ": 1,
    "ORD": 1,
    "MIA": 1,
    "MEX": 1,
    "GRU": 1,
    "BOG": 1,
    "EZE": 1,
    "PBM": 1,
    "NBO": 3,
    "ADD": 2,
    "KGL": 1,
    "EBB": 1,
    "DAR": 1,
    "ACC": 1,
    "LOS": 1,
    "DKR": 1,
    "ABJ": 1,
    "JNB": 2,
    "CAI": 1,
    "AMM": 2,
    "TLV": 1,
    "DXB": 2,
    "DOH": 1,
    "RUH": 1,
    "DEL": 2,
    "BOM": 1,
    "SIN": 2,
    "BKK": 1,
    "CGK": 2,
    "KUL": 1,
    "MNL": 1,
    "HKG": 1,
    "PEK": 2,
    "PVG": 1,
    "NRT": 1,
    "ICN": 1,
    "SYD": 1,
}
# Legs flown by posted staff between foreign airports.
REGIONAL = (
    ("NBO", "ADD"),
    ("NBO", "KGL"),
    ("JNB", "CPT"),
    ("SIN", "CGK"),
    ("DXB", "AMM"),
    ("JFK", "IAD"),
    ("CUR", "BON"),
    ("CUR", "SXM"),
    ("CUR", "AUA"),
    ("BRU", "GVA"),
)
TRAVEL_SHARE = {
    "AZ": 0.01,
    "BZ": 0.40,
    "BZK": 0.04,
    "DEF": 0.18,
    "EZK": 0.08,
    "FIN": 0.03,
    "IenW": 0.06,
    "JenV": 0.07,
    "LNV": 0.05,
    "OCW": 0.03,
    "SZW": 0.02,
    "VWS": 0.03,
}
# Month profile of travel; the pandemic years fall back and recover.
MONTHS = np.array([0.8, 1.0, 1.1, 1.0, 1.1, 1.1, 0.7, 0.5, 1.1, 1.2, 1.2, 0.8])
PANDEMIC = {
    2020: np.array([1, 1, 0.5, 0.03, 0.03, 0.05, 0.15, 0.15, 0.2, 0.2, 0.15, 0.1]),
    2021: np.array([0.2, 0.2, 0.25, 0.25, 0.3, 0.4, 0.5, 0.5, 0.7, 0.8, 0.8, 0.6]),
}
SCHEMA = (
    ("ministerie", pa.string()),
    ("datum", pa.date32()),
    ("van", pa.string()),
    ("naar", pa.string()),
    ("klasse", pa.string()),
    ("reizigers", pa.int64()),
)


@cache
def _coordinates(codes: tuple[str, ...]) -> np.ndarray:
    airports = airportsdata.load("IATA")
    return np.radians([[airports[c]["lat"], airports[c]["lon"]] for c in codes])


def great_circle_km(origin: np.ndarray, destination: np.ndarray) -> np.ndarray:
    """Haversine distance between (lat, lon) radians, Earth radius 6,371 km."""
    dlat = destination[:, 0] - origin[:, 0]
    dlon = destination[:, 1] - origin[:, 1]
    h = (
        np.sin(dlat / 2) ** 2
        + np.cos(origin[:, 0]) * np.cos(destination[:, 0]) * np.sin(dlon / 2) ** 2
    )
    return 2 * 6371.0 * np.arcsin(np.sqrt(h))


def leg_co2_t(km: np.ndarray, klasse: np.ndarray, travellers: np.ndarray, day: date) -> np.ndarray:
    """CO2 of a leg in tonnes: distance × the dated factor of its band and class × travellers.

    The factors are jbr's own code list (jbr.codelists.emission), so the demo is
    calibrated with exactly the factors the indicator applies.
    """
    version = max(v for v in versions(flight_factors()) if v <= day)
    factor = np.full(km.shape, np.nan)
    for f in flight_factors():
        if f.valid_from != version:
            continue
        upper = np.inf if f.max_km is None else f.max_km
        factor[(klasse == f.klasse) & (km >= f.min_km) & (km < upper)] = f.kg_per_pkm
    if np.isnan(factor).any():
        raise ValueError("a demo flight leg has no emission factor")
    return km * factor * travellers / 1000


def _draw_trips(
    rng: np.random.Generator, n: int, codes: np.ndarray, day: date
) -> dict[str, np.ndarray]:
    airports = tuple(sorted(set(DESTINATIONS) | set(HOME) | {a for p in REGIONAL for a in p}))
    index = {code: i for i, code in enumerate(airports)}
    coords = _coordinates(airports)
    ministry = rng.choice(codes, n, p=weights_for(codes, TRAVEL_SHARE))
    home = rng.choice(list(HOME), n, p=list(HOME.values()))
    destinations = np.array(list(DESTINATIONS))
    weight = np.array(list(DESTINATIONS.values()), dtype=float)
    away = rng.choice(destinations, n, p=weight / weight.sum())
    regional = rng.random(n) < 0.08
    pairs = np.array(REGIONAL)[rng.integers(0, len(REGIONAL), int(regional.sum()))]
    home = home.astype(object)
    away = away.astype(object)
    home[regional], away[regional] = pairs[:, 0], pairs[:, 1]
    km = great_circle_km(coords[[index[a] for a in home]], coords[[index[a] for a in away]])
    far = km >= LONG_KM
    business = rng.random(n) < np.where(far, 0.35, np.where(km >= SHORT_KM, 0.06, 0.02))
    klasse = np.where(business, "business", "economy").astype(object)
    klasse[far & ~business & (rng.random(n) < 0.08)] = "premium_economy"
    travellers = rng.choice([1, 2, 3], n, p=[0.8, 0.15, 0.05])
    co2 = 2 * leg_co2_t(km, klasse.astype(str), travellers, day)
    return {
        "ministry": ministry,
        "home": home,
        "away": away,
        "klasse": klasse,
        "travellers": travellers,
        "co2": co2,
        "km": km,
    }


def flights(rng: np.random.Generator, year: int, scale: str) -> pa.Table:
    """Flight legs of ``year``: round trips until the year's CO2 is reached."""
    target = FLIGHT_CO2_T[year] * (1.0 if scale == "full" else 0.1)
    codes = np.array(old_codes(year))
    mid_year = date(year, 7, 1)
    trips = _draw_trips(rng, max(50, int(target / 0.9 * 1.3)), codes, mid_year)
    while trips["co2"].sum() < target:
        more = _draw_trips(rng, trips["co2"].size // 2 + 50, codes, mid_year)
        trips = {k: np.concatenate([v, more[k]]) for k, v in trips.items()}
    keep = int(np.searchsorted(np.cumsum(trips["co2"]), target)) + 1
    trips = {k: v[:keep] for k, v in trips.items()}

    profile = MONTHS * PANDEMIC.get(year, 1.0)
    month = rng.choice(12, keep, p=profile / profile.sum())
    first = np.array([np.datetime64(f"{year}-{m + 1:02d}-01") for m in range(12)])
    lengths = (np.r_[first[1:], np.datetime64(f"{year + 1}-01-01")] - first).astype(int)
    out_day = first[month] + (rng.random(keep) * lengths[month]).astype(int)
    stay = np.where(trips["km"] < SHORT_KM, rng.integers(0, 3, keep), rng.integers(2, 12, keep))
    back_day = out_day + stay
    year_end = np.datetime64(f"{year}-12-31")
    shift = np.maximum(0, (back_day - year_end).astype(int))
    out_day, back_day = out_day - shift, back_day - shift

    days = np.r_[out_day, back_day]
    ministry = map_to_successors(np.r_[trips["ministry"], trips["ministry"]], days, rng)
    legs = {
        "ministerie": ministry,
        "datum": days,
        "van": np.r_[trips["home"], trips["away"]].astype(str),
        "naar": np.r_[trips["away"], trips["home"]].astype(str),
        "klasse": np.r_[trips["klasse"], trips["klasse"]].astype(str),
        "reizigers": np.r_[trips["travellers"], trips["travellers"]],
    }
    order = np.lexsort((legs["van"], legs["ministerie"], legs["datum"]))
    return table({k: v[order] for k, v in legs.items()}, SCHEMA)

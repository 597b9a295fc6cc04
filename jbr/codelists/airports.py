"""Airports from a maintained database, not a hand list (SPEC §5.3): the ``airportsdata``
package (IATA codes with coordinates, updated with every release).

Used for the great-circle distance of a flight leg and for checking that a
delivered IATA code exists.
"""

from __future__ import annotations

import itertools
import string
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # numpy is loaded by the distances only, not by every declaration
    import numpy as np

EARTH_RADIUS_KM = 6371.0  # mean Earth radius (IUGG), as in the haversine convention


@cache
def airports() -> dict[str, tuple[float, float]]:
    """IATA code → (latitude, longitude) in degrees, for every airport in airportsdata."""
    import airportsdata

    return {code: (a["lat"], a["lon"]) for code, a in airportsdata.load("IATA").items()}


def great_circle_km(
    lat1: np.ndarray, lon1: np.ndarray, lat2: np.ndarray, lon2: np.ndarray
) -> np.ndarray:
    """Haversine distance in km between points given in degrees (vectorised)."""
    import numpy as np

    p1, p2 = np.radians(lat1), np.radians(lat2)
    dlat, dlon = p2 - p1, np.radians(lon2) - np.radians(lon1)
    h = np.sin(dlat / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dlon / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(h, 0.0, 1.0)))


def distance_km(origin: str, destination: str) -> float:
    """Great-circle distance between two airports by IATA code."""
    import numpy as np

    known = airports()
    (a, b), (c, d) = known[origin], known[destination]
    return float(great_circle_km(np.array(a), np.array(b), np.array(c), np.array(d)))


@cache
def _iata_bits() -> str:
    """One '0'/'1' per three-letter code AAA, AAB, ..., ZZZ: 1 where the airport exists."""
    known = airports()
    letters = string.ascii_uppercase
    return "".join(
        "1" if "".join(p) in known else "0" for p in itertools.product(letters, repeat=3)
    )


def iata_unknown_sql(column: str) -> str:
    """SQL that is true when ``column`` is a well-formed but unknown IATA code.

    A lookup in a bit string indexed by the code's letters: one step per row
    whatever the size of the list (a CASE or IN over ~8,000 codes would compare
    every row with every code). Malformed codes are left to the shape check.
    """
    col = f'"{column}"'
    index = f"(ascii({col}[1]) - 65) * 676 + (ascii({col}[2]) - 65) * 26 + ascii({col}[3]) - 65"
    return (
        f"CASE WHEN regexp_full_match({col}, '[A-Z]{{3}}') "
        f"THEN get_bit('{_iata_bits()}'::BIT, {index}) = 0 ELSE false END"
    )

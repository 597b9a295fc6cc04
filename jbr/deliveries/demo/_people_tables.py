"""Index tables and small helpers of the personnel simulation (``_people``).

A person's ministry, province or ICT family is an index into the code lists,
so the monthly state is a few numpy arrays; categorical draws for many
persons at once go through ``cumulative`` and ``draw``.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
from numpy.typing import ArrayLike

from jbr.codelists import ict_families, ministries, provinces, reorganisations

from . import _people_calibration as cal

GENDERS = ("M", "V", "X", "O")
WOMAN = 1
NO_ICT = -1


def month_ends(first: date, last: date) -> list[date]:
    """Last days of the months from ``first`` to ``last``."""
    days, year, month = [], first.year, first.month
    while (year, month) <= (last.year, last.month):
        days.append(date(year, month, calendar.monthrange(year, month)[1]))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return days


def cumulative(weights: ArrayLike) -> np.ndarray:
    """Row-wise cumulative probabilities, the last column exactly 1 (for ``draw``)."""
    table = np.atleast_2d(np.asarray(weights, dtype=float))
    cum = np.cumsum(table / table.sum(axis=1, keepdims=True), axis=1)
    cum[:, -1] = 1.0
    return cum


def draw(rng: np.random.Generator, cum: np.ndarray, rows: np.ndarray | int) -> np.ndarray:
    """One category per element, from the cumulative distribution ``cum[row]``.

    ``rows`` gives each element's distribution (an index into ``cum``), or is a
    count of draws from the single distribution ``cum[0]``.
    """
    if isinstance(rows, int | np.integer):
        rows = np.zeros(int(rows), dtype=np.intp)
    u = rng.random(len(rows))
    return (u[:, None] >= cum[rows]).sum(axis=1)


@dataclass(frozen=True)
class Lists:
    """The code lists as index tables: a person's ministry is an index into ``ministries``."""

    ministries: tuple[str, ...]
    provinces: tuple[str, ...]
    families: tuple[str, ...]
    municipalities: tuple[str, ...]
    municipality_province: np.ndarray  # province index of each municipality

    @classmethod
    def load(cls) -> Lists:
        province_codes = tuple(p.code for p in provinces())
        towns = [
            (town, i)
            for i, code in enumerate(province_codes)
            for town in cal.MUNICIPALITIES.get(code, ())
        ]
        return cls(
            ministries=tuple(m.code for m in ministries()),
            provinces=province_codes,
            families=tuple(f.code for f in ict_families()),
            municipalities=tuple(t for t, _ in towns),
            municipality_province=np.array([p for _, p in towns], dtype=np.int16),
        )


@dataclass(frozen=True)
class Month:
    """Everyone employed at one month-end: the rows of ``personeel`` for that peildatum."""

    peildatum: date
    person: np.ndarray  # slot = medewerker_id number − 1
    ministry: np.ndarray
    hours: np.ndarray  # weekly contract hours; fte = hours / 36
    scale: np.ndarray
    birth_year: np.ndarray
    gender: np.ndarray
    province: np.ndarray
    spelling: np.ndarray  # 0 code, 1 name, 2 alias or capitals: as source systems differ
    municipality: np.ndarray  # −1 = none (posts abroad)
    unit: np.ndarray
    ict: np.ndarray  # family index, −1 = not ICT
    sick_days: np.ndarray
    disabled: np.ndarray

    @property
    def fte(self) -> np.ndarray:
        return self.hours / cal.FULL_TIME_HOURS


def province_weights(lists: Lists) -> np.ndarray:
    """Ministry × province: each ministry's share outside the Randstad (OUTSIDE_RANDSTAD),
    spread by PROVINCE_WEIGHT tilted to its agencies' places, plus its posts abroad."""
    base = np.array([cal.PROVINCE_WEIGHT.get(p, 0.0) for p in lists.provinces])
    randstad = np.array([p in cal.RANDSTAD for p in lists.provinces])
    rows = []
    for code in lists.ministries:
        inside = np.where(randstad, base, 0.0)
        if code in cal.RANDSTAD_WEIGHT:
            inside = np.array([cal.RANDSTAD_WEIGHT[code].get(p, 0.0) for p in lists.provinces])
        tilt = cal.REGION_WEIGHT.get(code, {})
        outside = np.where(randstad, 0.0, base) * np.array(
            [tilt.get(p, 1.0) for p in lists.provinces]
        )
        share = cal.OUTSIDE_RANDSTAD.get(code, 0.35)
        domestic = inside / inside.sum() * (1 - share) + outside / outside.sum() * share
        posted = cal.POSTED_SHARE.get(code, {})
        extra = np.array([posted.get(p, 0.0) for p in lists.provinces])
        rows.append(domestic * (1 - extra.sum()) + extra)
    return np.array(rows)


def sickness_factors(lists: Lists) -> np.ndarray:
    """Per ministry index: its relative chance of falling sick (SICK_MINISTRY), scaled so
    the Rijk as a whole keeps the level of SICK_START × SICK_YEAR."""
    factor = np.array([cal.SICK_MINISTRY.get(code, 1.0) for code in lists.ministries])
    weight = np.array([cal.MINISTRY_SHARE.get(code, 0.0) for code in lists.ministries], dtype=float)
    return factor / (factor @ weight / weight.sum())


def town_tables(lists: Lists) -> tuple[np.ndarray, np.ndarray]:
    """Per province: cumulative weights of its towns (main town 60 %) and their indices."""
    n_prov = len(lists.provinces)
    width = max(1, max(np.bincount(lists.municipality_province, minlength=n_prov)))
    weights = np.zeros((n_prov, width))
    index = np.full((n_prov, width), -1, dtype=np.int16)
    for p in range(n_prov):
        towns = np.flatnonzero(lists.municipality_province == p)
        if len(towns) == 0:
            weights[p, 0] = 1.0  # no town: index −1, an empty cell
            continue
        weights[p, : len(towns)] = 0.4 / max(len(towns) - 1, 1)
        weights[p, 0] = 0.6 if len(towns) > 1 else 1.0
        index[p, : len(towns)] = towns
    return cumulative(weights), index


def ministry_shares(lists: Lists, day: date) -> np.ndarray:
    """Share of Rijk fte per ministry index on ``day`` (zero for ministries not valid then)."""
    valid = np.array([m.valid_on(day) for m in ministries()])
    shares = np.array([_share(code, day) for code in lists.ministries]) * valid
    return shares / shares.sum()


def _share(code: str, day: date) -> float:
    edges = [r for r in reorganisations() if r.new == code and r.day <= day]
    if edges:  # a successor inherits its part of each predecessor
        return sum(
            _share(r.old, r.day - timedelta(days=1)) * successor_share(r.old, code) for r in edges
        )
    years = cal.month_fraction(day) - 2017
    base = cal.MINISTRY_SHARE.get(code, cal.DEFAULT_MINISTRY_SHARE)
    return base * float(np.exp(cal.MINISTRY_TREND.get(code, 0.0) * years))


def successor_share(old: str, new: str) -> float:
    """Part of ``old``'s staff that goes to ``new`` at a reorganisation."""
    edges = [r.new for r in reorganisations() if r.old == old]
    if (old, new) in cal.SUCCESSOR_SHARE:
        return cal.SUCCESSOR_SHARE[(old, new)]
    rest = [e for e in edges if (old, e) not in cal.SUCCESSOR_SHARE]
    taken = sum(cal.SUCCESSOR_SHARE.get((old, e), 0.0) for e in edges)
    return (1 - taken) / len(rest)

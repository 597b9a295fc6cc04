"""The Algemene termijnenwet calendar (SPEC §5.2), read from the dated code list.

Used by the demo to place Woo deadlines and decisions on working days and to
pick the working days of office occupancy.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from datetime import date, timedelta
from functools import cache
from importlib import resources

import numpy as np


def easter_sunday(year: int) -> date:
    """Gregorian Easter (anonymous Gregorian algorithm, Meeus/Jones/Butcher)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    ell = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * ell) // 451
    month, day = divmod(h + ell - 7 * m + 114, 31)
    return date(year, month, day + 1)


@cache
def _rules() -> tuple[dict[str, str], ...]:
    text = (
        resources.files("jbr.codelists").joinpath("data", "atw_feestdagen.csv").read_text("utf-8")
    )
    return tuple(csv.DictReader(text.splitlines()))


def holidays(years: Iterable[int], equated: bool = True) -> np.ndarray:
    """Atw art. 3 holidays of ``years`` as ``datetime64[D]``.

    ``equated=False`` leaves out the days equated to a holiday by Royal Decree:
    offices are open then, so they count as working days for occupancy.
    """
    days: set[date] = set()
    for year in years:
        for rule in _rules():
            kind = rule["soort"]
            if kind == "vast":
                day, month = (int(x) for x in rule["regel"].split("-"))
                days.add(date(year, month, day))
            elif kind == "pasen":
                days.add(easter_sunday(year) + timedelta(days=int(rule["regel"])))
            elif kind == "koningsdag":
                day, month = (int(x) for x in rule["regel"].split("-"))
                kings_day = date(year, month, day)
                if kings_day.weekday() == 6:
                    kings_day -= timedelta(days=1)
                days.add(kings_day)
            elif kind == "gelijkgesteld" and equated:
                fixed = date.fromisoformat(rule["datum"])
                if fixed.year == year:
                    days.add(fixed)
    return np.array(sorted(days), dtype="datetime64[D]")


def next_working_day(days: np.ndarray, holiday_days: np.ndarray) -> np.ndarray:
    """Atw art. 1: a term ending on a weekend or holiday ends on the next working day."""
    return np.busday_offset(days, 0, roll="forward", holidays=holiday_days)


def working_days(year: int) -> np.ndarray:
    """Monday to Friday of ``year`` without public holidays."""
    start = np.datetime64(f"{year}-01-01")
    days = start + np.arange((np.datetime64(f"{year + 1}-01-01") - start).astype(int))
    keep = np.is_busday(days, holidays=holidays([year], equated=False))
    return days[keep]

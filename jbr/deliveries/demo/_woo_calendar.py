"""The Algemene termijnenwet calendar (SPEC §5.2), read from the dated code list.

Used by the demo to place Woo deadlines and decisions on working days and to
pick the working days of office occupancy.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from ...codelists.atw import atw_calendar


def holidays(years: Iterable[int], equated: bool = True) -> np.ndarray:
    """Atw art. 3 holidays of ``years`` as ``datetime64[D]``, from jbr's own Atw calendar.

    ``equated=False`` leaves out the days equated to a holiday by Royal Decree:
    offices are open then, so they count as working days for occupancy.
    """
    days = {
        day
        for year in years
        for rule in atw_calendar().rules
        if (equated or rule.kind != "gelijkgesteld") and (day := rule.in_year(year)) is not None
    }
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

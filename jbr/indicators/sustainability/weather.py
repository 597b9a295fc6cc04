"""Weather-corrected gas (SPEC §5.3): degree days and the degree-day method."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from ...codelists import RIJK
from ..engine import Context
from ..rows import by_unit, result_rows
from .energy_months import GAS, GAS_MJ_PER_M3, MJ_PER_TJ

WEATHER_REFERENCE_YEAR = 2019  # gas corrected to the weather of the baseline year
SUMMER_MONTHS = (6, 7, 8)  # no heating: their gas is the building's non-heating base


def degree_days(ctx: Context) -> dict[int, float]:
    """Σ weighted degree days per complete calendar year of the ``graaddagen`` theme."""

    def make() -> dict[int, float]:
        g = ctx.table("graaddagen")
        per = (
            g.group_by(year=g.datum.year())
            .agg(total=g.graaddagen.sum(), days=g.datum.nunique())
            .to_pandas()
        )
        complete = per[per["days"] == [_days_in(int(y)) for y in per["year"]]]
        return dict(zip(complete["year"].astype(int), complete["total"].astype(float), strict=True))

    return ctx.memo("degree_days", 0, make)


def _days_in(year: int) -> int:
    return (dt.date(year + 1, 1, 1) - dt.date(year, 1, 1)).days


def weather_corrected(ctx: Context, now: pd.DataFrame, year: int) -> pd.DataFrame:
    """Gas as if the year had the reference year's weather (degree-day method).

    Per building: the non-heating base is its daily gas in June–August times the
    days of the year (at most its total); the rest is heating and is scaled by
    degree days of the reference year ÷ degree days of the year.
    """
    dd = degree_days(ctx)
    rijk_dd = pd.DataFrame({"ministerie": [RIJK], "value": [dd.get(year)]})
    out = [result_rows(rijk_dd.dropna(), "energy.degree_days", rijk_dd.dropna()["value"])]
    if year not in dd or WEATHER_REFERENCE_YEAR not in dd:
        ctx.find(
            "degree_days_missing",
            year,
            "energy.gas_tj_weather_corrected",
            reference=WEATHER_REFERENCE_YEAR,
        )
        return pd.concat(out, ignore_index=True)
    gas = now[now["drager"] == GAS]
    summer_month = (gas["month"] % 12 + 1).isin(SUMMER_MONTHS)
    total = gas.groupby("gebouw_id")["verbruik"].sum()
    summer = gas[summer_month].groupby("gebouw_id")["verbruik"].sum().reindex(total.index)
    summer_days = sum((dt.date(year, m + 1, 1) - dt.date(year, m, 1)).days for m in SUMMER_MONTHS)
    base = np.minimum(summer.fillna(0) / summer_days * _days_in(year), total)
    ratio = dd[WEATHER_REFERENCE_YEAR] / dd[year]
    factor = (base + (total - base) * ratio) / total.where(total > 0)
    # A building that changed main user during the year: each part scales alike.
    part = gas.groupby(["gebouw_id", "ministerie"], as_index=False)["verbruik"].sum()
    part["corrected"] = (
        part["verbruik"] * part["gebouw_id"].map(factor).fillna(1.0) * GAS_MJ_PER_M3 / MJ_PER_TJ
    )
    f = by_unit(part, ["corrected"])
    out.append(result_rows(f, "energy.gas_tj_weather_corrected", f["corrected"]))
    return pd.concat(out, ignore_index=True)

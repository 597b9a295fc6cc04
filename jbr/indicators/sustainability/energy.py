"""SPEC §5.3 energy: gas in m³ and TJ, the reduction against 2019, weather-corrected gas,
electricity, renewable share, heat, and the months without readings.

Every figure starts from the building-carrier-months of ``energy_months`` (readings of
any period apportioned to calendar months); weather correction is ``weather``'s, the EU
gas-saving periods are ``saving``'s.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from ...codelists import RIJK
from ..compare import restate
from ..engine import Context, computation, listing
from ..rows import by_unit, empty, pct, result_rows
from .energy_months import (
    ELECTRICITY,
    GAS,
    GAS_MJ_PER_M3,
    HEAT,
    MJ_PER_KWH,
    MJ_PER_TJ,
    monthly_in,
)
from .weather import weather_corrected

BASELINE_YEAR = 2019  # Klimaatakkoord: 30 % less gas than in 2019 by 2030


def year_carriers(ctx: Context, year: int) -> pd.DataFrame:
    """:func:`carriers` of the months of ``year``, computed once per context."""
    return ctx.memo("energy_carriers", year, lambda: carriers(monthly_in(ctx, year)))


def carriers(frame: pd.DataFrame) -> pd.DataFrame:
    """Per ministry and Rijk: gas m³, electricity kWh (with renewable), heat GJ."""
    wide = frame.assign(
        gas=frame["verbruik"].where(frame["drager"] == GAS),
        kwh=frame["verbruik"].where(frame["drager"] == ELECTRICITY),
        renewable=frame["hernieuwbaar"].where(frame["drager"] == ELECTRICITY),
        reported=frame["basis"].where(frame["drager"] == ELECTRICITY),
        heat=frame["verbruik"].where(frame["drager"] == HEAT),
    )
    return by_unit(wide, ["gas", "kwh", "renewable", "reported", "heat"])


@computation("energy")
def energy(ctx: Context, year: int) -> pd.DataFrame:
    """Gas, electricity, heat and their TJ; reduction vs 2019; weather correction; gaps."""
    now = monthly_in(ctx, year)
    if now.empty:
        return empty()
    f = year_carriers(ctx, year)
    tj = lambda s: s / MJ_PER_TJ  # noqa: E731
    gas_tj = tj(f["gas"] * GAS_MJ_PER_M3)
    electricity_tj = tj(f["kwh"] * MJ_PER_KWH)
    heat_tj = f["heat"] / 1000
    total = pd.concat([gas_tj, electricity_tj, heat_tj], axis=1).sum(axis=1, min_count=1)
    renewable = pct(f["renewable"], f["reported"])
    parts = [
        result_rows(f, "energy.gas_m3", f["gas"]),
        result_rows(f, "energy.gas_tj", gas_tj),
        result_rows(f, "energy.electricity_kwh", f["kwh"]),
        result_rows(f, "energy.electricity_tj", electricity_tj),
        result_rows(f, "energy.renewable_pct", renewable),
        result_rows(f, "energy.heat_gj", f["heat"]),
        result_rows(f, "energy.total_tj", total),
        _reduction(ctx, f, year),
        weather_corrected(ctx, now, year),
        _missing(ctx, year),
    ]
    return pd.concat([p for p in parts if not p.empty], ignore_index=True)


def _reduction(ctx: Context, f: pd.DataFrame, year: int) -> pd.DataFrame:
    """1 − gas(Y) ÷ gas(2019), 2019 restated to the ministries of ``year``."""
    if year < BASELINE_YEAR:
        return empty()
    base = restated(
        year_carriers(ctx, BASELINE_YEAR)[["ministerie", "gas"]], f, BASELINE_YEAR, year
    )
    both = f[["ministerie", "gas"]].merge(base, on="ministerie", suffixes=("", "_base"))
    both = both[(both["gas_base"] > 0) & both["gas"].notna()]
    value = (1 - both["gas"] / both["gas_base"]) * 100
    return result_rows(both, "energy.gas_reduction_vs_2019_pct", value)


def restated(earlier: pd.DataFrame, now: pd.DataFrame, base_year: int, year: int) -> pd.DataFrame:
    """Per-ministry ``gas`` of ``earlier`` (classified as at the end of ``base_year``)
    restated to the ministries of ``year`` by their share in ``now`` (:func:`.compare.restate`);
    the Rijk row unchanged."""
    values = _per_ministry(earlier)
    restated = restate(values, _per_ministry(now), base_year, year)
    rijk = earlier.loc[earlier["ministerie"] == RIJK, "gas"]
    out = pd.DataFrame({"ministerie": list(restated), "gas": list(restated.values())})
    if len(rijk):
        out = pd.concat([out, pd.DataFrame({"ministerie": [RIJK], "gas": [rijk.iloc[0]]})])
    return out.reset_index(drop=True)


def _per_ministry(frame: pd.DataFrame) -> dict[str, float]:
    known = frame[(frame["ministerie"] != RIJK) & frame["gas"].notna()]
    return dict(zip(known["ministerie"], known["gas"].astype(float), strict=True))


@listing("energy_gaps")
def energy_gaps(ctx: Context, year: int) -> pd.DataFrame:
    """Building-carrier-months of ``year`` without any reading, for a building that
    has readings of that carrier in other months of the year (a data-quality finding;
    the missing month is not filled in and counts as nothing). The ministry is the
    building's main user in its last month with readings (a building may pass to a
    successor ministry during the year)."""
    now = monthly_in(ctx, year).sort_values("month")
    present = now[["gebouw_id", "drager", "month"]].drop_duplicates()
    expected = now.groupby(["gebouw_id", "drager"], as_index=False)["ministerie"].last()
    grid = expected.merge(pd.DataFrame({"month": np.arange(12) + year * 12}), how="cross")
    gaps = grid.merge(present, how="left", on=["gebouw_id", "drager", "month"], indicator=True)
    gaps = gaps[gaps["_merge"] == "left_only"].drop(columns="_merge")
    gaps["maand"] = [dt.date(year, int(m) % 12 + 1, 1) for m in gaps["month"]]
    return (
        gaps.drop(columns="month")
        .sort_values(["gebouw_id", "drager", "maand"])
        .reset_index(drop=True)
    )


def _missing(ctx: Context, year: int) -> pd.DataFrame:
    gaps = energy_gaps(ctx, year)
    units = by_unit(monthly_in(ctx, year).assign(n=0), ["n"])
    counted = gaps.assign(n=1)
    f = units[["ministerie"]].merge(by_unit(counted, ["n"]), on="ministerie", how="left")
    f["n"] = f["n"].fillna(0)
    if len(gaps):
        ctx.find("energy_gaps", year, "energy.missing_months", n=len(gaps))
    return result_rows(f, "energy.missing_months", f["n"])

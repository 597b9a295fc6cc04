"""SPEC §5.3 the CO2 of operations (energy + flights) and its trend projection."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from ...codelists import RIJK
from ...codelists.emission import energy_factors
from ...locale import text
from ..catalogue import by_id
from ..compare import restate
from ..engine import Context, computation
from ..rows import by_unit, empty, result_rows
from .energy_months import ELECTRICITY, month_key, monthly, monthly_in
from .travel import routes


def flight_co2_t(ctx: Context, year: int) -> pd.DataFrame:
    t = ctx.result("travel", year)
    t = t[t["indicator"] == "travel.flight_co2_t"]
    return pd.DataFrame({"ministerie": t["ministerie"], "flights": t["value"].astype(float)})


@computation("climate")
def climate(ctx: Context, year: int) -> pd.DataFrame:
    """CO2 of operations: the year's energy plus its flights, per ministry and Rijk."""
    energy = energy_co2_t(ctx, year).rename(columns={"co2_t": "energy"})
    flights = flight_co2_t(ctx, year)
    f = energy.merge(flights, on="ministerie", how="outer")
    if f.empty:
        return empty()
    for part, key in ((energy, "geen_energie"), (flights, "geen_vliegreizen")):
        if part.empty:
            ctx.note("climate.co2_t", year, text(f"indicatoren.noot.{key}", "nl", year=year))
    total = f[["energy", "flights"]].astype(float).sum(axis=1, min_count=1)
    return result_rows(f, "climate.co2_t", total)


def co2_years(ctx: Context) -> list[int]:
    """Years with energy or flight data in the store."""

    def make() -> list[int]:
        years = set(monthly(ctx)["year"].unique()) | set(routes(ctx)["year"].unique())
        return sorted(int(y) for y in years)

    return ctx.memo("co2_years", 0, make)


def _restated(frame: pd.DataFrame, now: pd.DataFrame, base_year: int, year: int) -> pd.DataFrame:
    """A year's CO2 per ministry restated to the ministries of ``year`` (their share of
    ``year``'s CO2, :func:`.compare.restate`), so a successor has a series to fit."""

    def per(f: pd.DataFrame) -> dict[str, float]:
        known = f[(f["ministerie"] != RIJK) & f["value"].notna()]
        return dict(zip(known["ministerie"], known["value"].astype(float), strict=True))

    restated = restate(per(frame), per(now), base_year, year)
    rijk = frame[frame["ministerie"] == RIJK]["value"].tolist()
    ministries = [*restated, *([RIJK] if rijk else [])]
    return pd.DataFrame(
        {"ministerie": ministries, "value": [*restated.values(), *rijk], "year": base_year}
    )


@computation("climate_projection")
def climate_projection(ctx: Context, year: int) -> pd.DataFrame:
    """Two prognoses (SPEC §6: labelled, never a status) from the least-squares line through
    the CO2 of every year up to ``year``, each year restated to the ministries of ``year``
    (so a successor has a series to fit): its value in the prognosis year (2030), not below
    zero, and the year it reaches zero. A line that does not fall never reaches zero, and a
    year beyond the catalogue's horizon is not named: both are empty with their reason."""
    projection = by_id()["climate.co2_projection_2030_t"].prognosis
    neutral_year = by_id()["climate.co2_neutral_year"].prognosis
    assert projection is not None and neutral_year is not None and projection.year is not None
    now = ctx.result("climate", year)
    history = [
        _restated(ctx.result("climate", y), now, y, year) for y in co2_years(ctx) if y <= year
    ]
    series = pd.concat(history, ignore_index=True) if history else empty()
    out = []
    for ministry, points in series.dropna(subset=["value"]).groupby("ministerie"):
        if len(points) < projection.min_years or year not in set(points["year"]):
            continue
        slope, intercept = np.polyfit(points["year"].astype(float), points["value"], 1)
        projected = max(0.0, intercept + slope * projection.year)
        neutral, reason = zero_year(slope, intercept, neutral_year.horizon)
        out.append((ministry, projected, neutral, reason, len(points)))
    if not out:
        return empty()
    f = pd.DataFrame(out, columns=["ministerie", "projected", "neutral", "reason", "points"])
    rijk = f[f["ministerie"] == RIJK]
    if len(rijk):
        first = min(y for y in co2_years(ctx) if y <= year)
        r = rijk.iloc[0]
        if r.reason == "not_falling":
            verdict = text("indicatoren.noot.daalt_niet", "nl")
        elif r.reason == "beyond_horizon":
            verdict = text("indicatoren.noot.na_horizon", "nl", horizon=neutral_year.horizon)
        else:
            verdict = text("indicatoren.noot.nul_in", "nl", year=int(r.neutral))
        for indicator in ("climate.co2_projection_2030_t", "climate.co2_neutral_year"):
            ctx.note(
                indicator,
                year,
                text(
                    "indicatoren.noot.prognose",
                    "nl",
                    first=first,
                    year=year,
                    points=int(r.points),
                    verdict=verdict,
                ),
            )
    neutral_rows = result_rows(
        f, "climate.co2_neutral_year", f["neutral"].astype("float64"), reason=f["reason"]
    )
    return pd.concat(
        [result_rows(f, "climate.co2_projection_2030_t", f["projected"]), neutral_rows],
        ignore_index=True,
    )


def zero_year(slope: float, intercept: float, horizon: int) -> tuple[int | None, str | None]:
    """The first whole year at which the line ``intercept + slope × year`` is at or below
    zero, with the reason when there is none to publish: ``not_falling`` (slope ≥ 0) or
    ``beyond_horizon`` (later than ``horizon``)."""
    if slope >= 0:
        return None, "not_falling"
    year = math.ceil(-intercept / slope)
    if year > horizon:
        return None, "beyond_horizon"
    return year, None


def energy_co2_t(ctx: Context, year: int) -> pd.DataFrame:
    """Tonnes CO2 of the year's energy per ministry and Rijk (factors valid per month).

    Renewable electricity counts at its own factor; electricity without a reported
    renewable part counts as grey in full.
    """
    now = monthly_in(ctx, year)
    if now.empty:
        return pd.DataFrame(columns=["ministerie", "co2_t"])
    renewable = now["hernieuwbaar"].where(now["drager"] == ELECTRICITY).fillna(0.0)
    kg = (now["verbruik"] - renewable) * _factor(now["drager"], now["month"])
    kg += renewable * _factor(pd.Series("elektriciteit_hernieuwbaar_kwh", now.index), now["month"])
    f = by_unit(now.assign(co2_t=kg / 1000), ["co2_t"])
    return f


def _factor(drager: pd.Series, month: pd.Series) -> np.ndarray:
    """kg CO2 per unit valid on the first day of each month (NaN when none)."""
    out = np.full(len(drager), np.nan)
    keys, names = month.to_numpy(), drager.to_numpy()
    for name in set(names):
        own = sorted((f for f in energy_factors() if f.drager == name), key=lambda f: f.valid_from)
        if not own:
            continue
        starts = np.array([month_key(f.valid_from) for f in own])
        values = np.array([np.nan] + [f.kg_per_unit for f in own])
        pick = names == name
        out[pick] = values[np.searchsorted(starts, keys[pick], side="right")]
    return out

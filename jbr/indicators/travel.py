"""SPEC §5.3 business flights and the CO2 of operations (energy + flights).

A leg's CO2 = great-circle distance between its airports (airportsdata) × the
factor per passenger-km of its distance band and cabin class valid on its date ×
travellers. The store groups legs by route, class and factor version (one scan);
distances and factors are applied to that small result.
"""

from __future__ import annotations

import math

import ibis
import numpy as np
import pandas as pd

from ..codelists import RIJK
from ..codelists.airports import airports, great_circle_km
from ..codelists.emission import DEFAULT_CLASS, flight_factors, versions
from .catalogue import by_id
from .compare import restate
from .energy import by_unit, energy_co2_t, monthly
from .engine import Context, computation, empty, pct, result_rows

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
    for part, label in ((energy, "energie"), (flights, "vliegreizen")):
        if part.empty:
            ctx.note("climate.co2_t", year, f"geen gegevens over {label} in {year}: niet meegeteld")
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
            verdict = "de trend daalt niet en bereikt nul dus nooit"
        elif r.reason == "beyond_horizon":
            verdict = f"de trend bereikt nul pas na {neutral_year.horizon}"
        else:
            verdict = f"de trend bereikt nul in {int(r.neutral)}"
        for indicator in ("climate.co2_projection_2030_t", "climate.co2_neutral_year"):
            ctx.note(
                indicator,
                year,
                f"prognose: lineaire trend over {first}–{year} ({int(r.points)} jaren); {verdict}",
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

"""SPEC §5.3 energy: gas in m³ and TJ, the reduction against 2019, the EU gas-saving
periods, weather-corrected gas, electricity, renewable share and heat.

Readings may cover any period (a month, a day, a quarter of an hour, or the 15th to
the 14th). The store holds every reading as the half-open interval [van, tot): a
reading delivered as dates only (van..tot inclusive) has ``tot`` stored as the next
midnight (``jbr.deliveries.validate.period_end_expr``). One aggregation in the store
reduces the readings to one row per building, carrier and calendar month (readings
within a month) or per reading (the few that straddle a month boundary); the
straddling ones are then apportioned to the months they cover by their share of the
reading's time, so nothing is dropped or counted twice.
"""

from __future__ import annotations

import datetime as dt

import ibis
import numpy as np
import pandas as pd

from ...codelists import RIJK, successions
from ..classification import classify_series
from ..compare import restate
from ..engine import Context, computation, listing
from ..rows import empty, pct, result_rows
from ..selection import in_years, only_current

GAS_MJ_PER_M3 = 31.65  # Groningen-quality natural gas (SPEC §5.3)
MJ_PER_KWH = 3.6
MJ_PER_TJ = 1e6
BASELINE_YEAR = 2019  # Klimaatakkoord: 30 % less gas than in 2019 by 2030
WEATHER_REFERENCE_YEAR = 2019  # gas corrected to the weather of the baseline year
SUMMER_MONTHS = (6, 7, 8)  # no heating: their gas is the building's non-heating base
GAS, ELECTRICITY, HEAT = "gas_m3", "elektriciteit_kwh", "warmte_gj"
VALUES = ["verbruik", "hernieuwbaar", "basis"]


def month_key(day: dt.date) -> int:
    return day.year * 12 + day.month - 1


KEYS = ["gebouw_id", "ministerie", "drager", "month"]


def energy_readings(ctx: Context, current: bool = True) -> ibis.Table:
    """The ``energie`` rows with ``van`` and ``tot`` as moments of [van, tot).

    ``current=False``: every stored row, with the lineage columns (``_delivery_id``,
    ``_jaar``), for a caller that groups first and keeps the current groups after
    (:func:`year_groups`). A store of schema 1 (dates, ``tot`` inclusive) opened
    read-only is read as the migration to schema 2 would store it, so the one period
    rule below holds.
    """
    e = ctx.table("energie") if current else ctx.backend.table("energie")
    if e.tot.type().is_date():
        e = e.mutate(
            van=e.van.cast("timestamp"), tot=e.tot.cast("timestamp") + ibis.interval(days=1)
        )
    return e


def year_groups(ctx: Context, years: tuple[int, ...]) -> ibis.Table:
    """One scan of the readings that start in ``years``: sums per year, building, carrier
    and month of ``van``, the consumption whose renewable part is reported apart. Cheap
    keys only (the
    year and month number, no date arithmetic per reading); the latest ``tot`` of a
    group shows whether any of its readings runs into a later month.

    The scan groups the stored rows with their lineage keys and only then keeps the
    groups of current deliveries: every row of a group has the same delivery, ministry
    and year, so this is exactly the current rows' groups, but the join with the
    deliveries runs over thousands of groups instead of every quarter-hour reading.
    """
    e = energy_readings(ctx, current=False)
    # A stored reading's year ``_jaar`` is the year of its ``van`` (themes/sustainability.py:
    # energie year="van"): an integer already there, not a year extracted from every timestamp.
    # Keys and sums straight on the stored columns (no projected subquery: DuckDB then
    # aggregates as it scans, measurably faster on 140 M readings).
    e = e.filter(e._jaar.between(min(years), max(years)))
    grouped = e.group_by(
        _jaar=e._jaar,
        gebouw_id=e.gebouw_id,
        ministerie=e._ministerie,
        drager=e.drager,
        month=e.van.month(),
        _delivery_id=e._delivery_id,
    ).agg(
        verbruik=e.verbruik.sum(),
        # the consumption whose renewable part is reported: the basis of the share
        basis=e.verbruik.sum(where=e.hernieuwbaar_kwh.notnull()),
        hernieuwbaar=e.hernieuwbaar_kwh.sum(),
        n=e.count(),
        last=e.tot.max(),
    )
    # One current delivery per (ministry, year): each key remains once.
    current = only_current(grouped, ctx.backend.table("coverage"), "energie", "ministerie")
    return current.drop("_delivery_id").rename(year="_jaar")


def _straddling(ctx: Context, years: tuple[int, ...], buildings: list[str]) -> pd.DataFrame:
    """The individual readings of ``years`` of these buildings that end after their
    month of ``van`` (a reading ending at midnight on the 1st ends within its month)."""
    e = energy_readings(ctx)
    e = e.filter(in_years(e.van, years) & e.gebouw_id.isin(buildings) & (e.tot > e.van))
    f = e.select(
        gebouw_id=e.gebouw_id,
        ministerie=e._ministerie,
        drager=e.drager,
        van=e.van,
        tot=e.tot,
        verbruik=e.verbruik,
        hernieuwbaar=e.hernieuwbaar_kwh,
    ).to_pandas()
    van, tot = _moments(f["van"]), _moments(f["tot"])
    return f[tot > _next_month(van)].reset_index(drop=True)


def apportion(readings: pd.DataFrame) -> pd.DataFrame:
    """Readings [van, tot) spread over the calendar months they overlap, each month
    taking the share of the reading's time that falls in it (the time in the month ÷
    the time of the reading; for a reading of whole days, days ÷ days)."""
    start, end = _moments(readings["van"]), _moments(readings["tot"])
    first = start.astype("datetime64[M]")
    last = (end - np.timedelta64(1, "us")).astype("datetime64[M]")  # tot is not included
    n = (last - first).astype(int) + 1
    row = np.repeat(np.arange(len(readings)), n)
    month = first[row] + (np.arange(n.sum()) - np.repeat(np.cumsum(n) - n, n))
    month_start = month.astype("datetime64[us]")
    month_end = (month + 1).astype("datetime64[us]")
    overlap = np.minimum(end[row], month_end) - np.maximum(start[row], month_start)
    share = overlap.astype("int64") / (end - start).astype("int64")[row]
    out = pd.DataFrame({k: readings[k].to_numpy()[row] for k in KEYS[:3]})
    out["month"] = month.astype(int) + 1970 * 12
    out["n"] = 1
    for column in VALUES:
        out[column] = readings[column].to_numpy(dtype="float64", na_value=np.nan)[row] * share
    return out


def _moments(column: pd.Series) -> np.ndarray:
    return pd.to_datetime(column).to_numpy().astype("datetime64[us]")


def _next_month(moments: np.ndarray) -> np.ndarray:
    """The first moment of the month after each moment's month."""
    return (moments.astype("datetime64[M]") + 1).astype("datetime64[us]")


def _all_year_months(ctx: Context, years: tuple[int, ...]) -> tuple[list[pd.DataFrame], bool]:
    """Building-carrier-months from the readings that start in each of ``years`` (a
    straddling reading may add to months of later years): two queries for all years.
    Also whether any reading straddles a month (else every key occurs once)."""
    groups = year_groups(ctx, years).to_pandas()
    year_of = groups["year"].to_numpy()
    months: dict[int, pd.DataFrame] = {}
    crossing: dict[int, set[str]] = {}
    for year in years:
        g = groups[year_of == year].drop(columns="year").reset_index(drop=True)
        g["month"] = year * 12 + g["month"].astype(int) - 1
        g["basis"] = g["basis"].fillna(0.0)  # no reading of the group reports it
        next_month = (g["month"].to_numpy() + 1 - 1970 * 12).astype("datetime64[M]")
        months[year] = g
        # tot is not included, so a group whose latest reading ends at midnight on the
        # 1st of the next month stays within its month.
        found = set(g.loc[_moments(g["last"]) > next_month.astype("datetime64[us]"), "gebouw_id"])
        if found:
            crossing[year] = found
    readings = None
    if crossing:
        buildings = sorted(set().union(*crossing.values()))
        readings = _straddling(ctx, tuple(crossing), buildings)
        started = _moments(readings["van"]).astype("datetime64[Y]").astype(int) + 1970
    out = []
    for year in years:
        s = None
        if readings is not None and year in crossing:
            mine = (started == year) & readings["gebouw_id"].isin(crossing[year]).to_numpy()
            s = readings[mine].reset_index(drop=True)
        out.append(_year_months(months[year], s))
    return out, readings is not None


def _year_months(g: pd.DataFrame, s: pd.DataFrame | None) -> pd.DataFrame:
    """One year's building-carrier-months: its groups ``g``, and the readings ``s`` of
    the groups that run into a later month moved to the months they cover."""
    parts = [g[[*KEYS, "n", *VALUES]]]
    if s is not None:
        s["basis"] = s["verbruik"].where(s["hernieuwbaar"].notna(), 0.0)
        s["month"] = _moments(s["van"]).astype("datetime64[M]").astype(int) + 1970 * 12
        taken_out = s[[*KEYS, *VALUES]].assign(n=-1)
        for column in VALUES:
            taken_out[column] = -taken_out[column]
        parts += [taken_out, apportion(s)[[*KEYS, "n", *VALUES]]]
    return pd.concat(parts, ignore_index=True)


def energy_years(ctx: Context) -> list[int]:
    """Years the store holds readings for (from its coverage, without scanning readings)."""
    c = ctx.backend.table("coverage")
    c = c.filter((c.theme == "energie") & c.jaar.notnull()).select("jaar").distinct()
    return sorted(int(y) for y in c.to_pandas()["jaar"])


def monthly(ctx: Context) -> pd.DataFrame:
    """Every building-carrier-month in the store, computed once per context: readings
    of any length apportioned to calendar months (``month`` = year × 12 + month − 1,
    ``n`` = readings in or overlapping the month)."""

    def make() -> pd.DataFrame:
        years = tuple(energy_years(ctx))
        parts, straddled = _all_year_months(ctx, years) if years else ([], False)
        if not parts:
            return pd.DataFrame(columns=[*KEYS, "n", *VALUES, "year"])
        frame = pd.concat(parts, ignore_index=True)
        if straddled:  # apportioned parts add to (or take from) months of the groups
            frame = frame.groupby(KEYS, as_index=False, sort=False)[["n", *VALUES]].sum(min_count=1)
            frame = frame[frame["n"] > 0].reset_index(drop=True)
        frame["year"] = frame["month"] // 12
        return _year_end_ministries(ctx, frame)

    return ctx.memo("energy_monthly", 0, make)


def _year_end_ministries(ctx: Context, frame: pd.DataFrame) -> pd.DataFrame:
    """Building-months in the classification of the end of their year: the part of a
    reading that runs into the next year (31 December to 31 January) keeps the ministry
    of the register of the year it started in, which may have ceased by the end of the
    next (EZK on 2 July 2024). It counts under the building's main user in the register
    of its own year, or else the ceased ministry's continuation (:mod:`.classification`)."""
    ceased = {s.old for s in successions()}
    touched = frame["ministerie"].isin(ceased)
    if not touched.any():
        return frame
    g = ctx.table("gebouwen")
    register = g.select("gebouw_id", "jaar", "ministerie").distinct().to_pandas()
    dated = register.dropna(subset=["jaar"]).astype({"jaar": "int64"})
    pairs = zip(dated["gebouw_id"], dated["jaar"], strict=True)
    users = dict(zip(pairs, dated["ministerie"], strict=True))
    undated = register[register["jaar"].isna()]
    fallback = dict(zip(undated["gebouw_id"], undated["ministerie"], strict=True))
    part = frame[touched]
    key = pd.Series(
        [
            users.get((b, int(y)), fallback.get(b))
            for b, y in zip(part["gebouw_id"], part["year"], strict=True)
        ],
        index=part.index,
    )
    # A building-month may now occur twice (the apportioned part and the month's own
    # readings) under one ministry: every use sums or de-duplicates, so no regrouping.
    frame.loc[touched, "ministerie"] = classify_series(part["ministerie"], part["year"], key)
    return frame


def monthly_in(ctx: Context, year: int) -> pd.DataFrame:
    """The rows of :func:`monthly` of ``year`` (the frame is split by year once)."""

    def make() -> dict[int, pd.DataFrame]:
        return {int(y): part for y, part in monthly(ctx).groupby("year", sort=False)}

    parts = ctx.memo("energy_monthly_by_year", 0, make)
    return parts[year] if year in parts else monthly(ctx).iloc[0:0]


def year_carriers(ctx: Context, year: int) -> pd.DataFrame:
    """:func:`carriers` of the months of ``year``, computed once per context."""
    return ctx.memo("energy_carriers", year, lambda: carriers(monthly_in(ctx, year)))


def by_unit(frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """Sums per ministry and, from the same rows, for the Rijk."""
    if frame.empty:
        return pd.DataFrame(columns=["ministerie", *columns])
    per = frame.groupby("ministerie", as_index=False)[columns].sum(min_count=1)
    whole = frame[columns].sum(min_count=1).to_frame().T.assign(ministerie=RIJK)
    return pd.concat([per, whole[per.columns]], ignore_index=True)


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
        _weather_corrected(ctx, now, year),
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


def _weather_corrected(ctx: Context, now: pd.DataFrame, year: int) -> pd.DataFrame:
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

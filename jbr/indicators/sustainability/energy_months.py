"""Energy readings as building-carrier-months (SPEC §5.3): the one aggregation every
energy figure starts from.

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

from ...codelists import successions
from ..classification import classify_series
from ..engine import Context
from ..selection import in_years, only_current

GAS_MJ_PER_M3 = 31.65  # Groningen-quality natural gas (SPEC §5.3)
MJ_PER_KWH = 3.6
MJ_PER_TJ = 1e6
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

"""SPEC §5.4 housing: office floor area, workplaces, m² per fte, vacancy and occupancy.

The housing figures describe the office portfolio: buildings of the register with
``kantoor`` true. Occupancy counts working days only: Monday to Friday except the
holidays of the Atw calendar (not the days equated by decree); a row on a Saturday,
Sunday or holiday is left out and reported in a note.
"""

from __future__ import annotations

import datetime as dt
from functools import cache

import ibis
import pandas as pd

from ..codelists import RIJK
from ..codelists.atw import AtwCalendar, atw_calendar
from .classification import classify
from .engine import Context, computation, listing
from .personnel.staff import year_ends
from .rows import by_unit, empty, per_ministry_and_rijk, result_rows
from .selection import in_years

WEEKEND = (5, 6)  # Saturday and Sunday as Ibis day-of-week indexes (Monday = 0)


@cache
def office_calendar() -> AtwCalendar:
    """The days offices are closed besides weekends: the holidays of the Atw calendar
    (SPEC §5.2: New Year, Good Friday, Easter and Whit Monday, King's Day, 5 May,
    Ascension Day, Christmas and Boxing Day).

    An office open on a holiday would pull the average down with a day nobody works, so
    holidays are not working days. The days equated to a holiday by Royal Decree (art. 3
    lid 3, e.g. Friday 28 April 2023) only move legal deadlines: offices are open then
    and their (low) occupancy is real, so they stay working days.
    """
    return AtwCalendar(r for r in atw_calendar().rules if r.kind != "gelijkgesteld")


def holidays(year: int) -> set[dt.date]:
    return set(office_calendar().holidays(year))


def _register_years(ctx: Context) -> set[int]:
    """The years a building register was delivered for (once per context)."""

    def make() -> set[int]:
        g = ctx.table("gebouwen")
        return {int(y) for y in g.select("jaar").distinct().to_pandas()["jaar"].dropna()}

    return ctx.memo("register_years", 0, make)


def registers_in(ctx: Context, years: tuple[int, ...]) -> ibis.Table:
    """The building register of each of ``years`` in one table, ``_voor_jaar`` the year
    a row stands for. A register delivered without years stands in when none was
    delivered for the year (its rows once for every year it stands in for)."""
    g = ctx.table("gebouwen")
    undated = [y for y in years if y not in _register_years(ctx)]
    asked = ibis.memtable({"_voor_jaar": list(years)}, schema={"_voor_jaar": "int64"})
    g = g.filter(g.jaar.isin(years) | g.jaar.isnull()).cross_join(asked)
    g = g.filter((g.jaar == g._voor_jaar) | (g.jaar.isnull() & g._voor_jaar.isin(undated)))
    # an undated register row under the ministries of the year it stands for
    return g.mutate(ministerie=classify(g.ministerie, g._voor_jaar))


def offices_in(ctx: Context, years: tuple[int, ...]) -> ibis.Table:
    """The offices (``kantoor``) of the registers of ``years`` (see :func:`registers_in`)."""
    reg = registers_in(ctx, years)
    return reg.filter(reg.kantoor.fill_null(False))


@computation("housing_stock")
def housing_stock(ctx: Context, year: int) -> pd.DataFrame:
    """Office m², buildings, workplaces and vacancy; m² per fte at 31 December."""

    def sums(years: tuple[int, ...]) -> pd.DataFrame:
        o = offices_in(ctx, years)
        return per_ministry_and_rijk(
            o,
            jaar=o._voor_jaar,
            m2=lambda t: t.bvo_m2.sum(),
            buildings=lambda t: t.count(),
            workplaces=lambda t: t.werkplekken.sum(),
            vacant=lambda t: t.leegstand_m2.fill_null(0).sum(),
        )

    f = ctx.per_year("office_sums", year, sums)
    f = f[f["buildings"] > 0]
    if f.empty:
        return empty()

    def fte(years: tuple[int, ...]) -> pd.DataFrame:
        dec = year_ends(ctx.table("personeel"), years)
        return per_ministry_and_rijk(
            dec, jaar=dec.peildatum.year(), fte=lambda t: t.fte.sum(), n=lambda t: t.count()
        )

    staff = ctx.per_year("year_end_fte", year, fte)
    staff = staff[staff["n"] > 0][["ministerie", "fte"]]
    per_fte = f.merge(staff, on="ministerie", how="inner")
    per_fte = per_fte[per_fte["fte"] > 0]
    return pd.concat(
        [
            result_rows(f, "housing.office_m2", f["m2"]),
            result_rows(f, "housing.office_buildings", f["buildings"]),
            result_rows(f, "housing.workplaces", f["workplaces"]),
            result_rows(f, "housing.vacant_m2", f["vacant"]),
            result_rows(per_fte, "housing.m2_per_fte", per_fte["m2"] / per_fte["fte"]),
        ],
        ignore_index=True,
    )


def _occupancy_days(ctx: Context, year: int) -> pd.DataFrame:
    """Per building and day of ``year``: occupied and available workplaces, and whether
    the day counts (a working day with a known number of workplaces)."""

    def make(years: tuple[int, ...]) -> pd.DataFrame:
        b = ctx.table("bezetting")
        b = b.filter(in_years(b.datum, years))
        b = b.mutate(jaar=b.datum.year().cast("int64"))
        reg = registers_in(ctx, years)
        reg = reg.select(r_id=reg.gebouw_id, r_places=reg.werkplekken, r_jaar=reg._voor_jaar)
        j = b.left_join(reg, [b.gebouw_id == reg.r_id, b.jaar == reg.r_jaar])
        days = j.select(
            jaar=j.jaar,
            gebouw_id=j.gebouw_id,
            ministerie=classify(j._ministerie, j.jaar),
            datum=j.datum,
            weekend=j.datum.day_of_week.index().isin(WEEKEND),
            occupied=j.bezette_werkplekken,
            available=j.werkplekken.fill_null(j.r_places),
        ).to_pandas()
        closed = pd.to_datetime(sorted(set().union(*(holidays(y) for y in years))))
        days["holiday"] = pd.to_datetime(days["datum"]).dt.normalize().isin(closed)
        days["holiday"] &= ~days["weekend"]  # a holiday on a Sunday is counted as weekend
        days["working"] = ~days["weekend"] & ~days["holiday"]
        return days

    return ctx.per_year("occupancy_days", year, make)


@computation("housing_occupancy")
def housing_occupancy(ctx: Context, year: int) -> pd.DataFrame:
    """Σ occupied ÷ Σ available workplaces over working days, and the peak day; per
    building (breakdown), ministry and Rijk."""
    days = _occupancy_days(ctx, year)
    weekend = days[days["weekend"]]
    holiday = days[days["holiday"]]
    unknown = days[days["working"] & ~(days["available"] > 0)]
    for kind, found in (
        ("occupancy_weekend", weekend),
        ("occupancy_holiday", holiday),
        ("occupancy_no_workplaces", unknown),
    ):
        if len(found):
            ctx.find(kind, year, "housing.occupancy_pct", n=len(found))
    days = days[days["working"] & (days["available"] > 0)]
    parts = [_without_occupancy_rows(ctx, year)]
    if not days.empty:
        days = days.astype({"occupied": "float64", "available": "float64"})
        units = by_unit(days, ["occupied", "available"])
        per_day = days.groupby(["ministerie", "datum"], as_index=False)[
            ["occupied", "available"]
        ].sum()
        rijk_day = days.groupby("datum", as_index=False)[["occupied", "available"]].sum()
        per_day = pd.concat([per_day, rijk_day.assign(ministerie=RIJK)], ignore_index=True)
        per_day["ratio"] = per_day["occupied"] / per_day["available"] * 100
        peak = per_day.groupby("ministerie", as_index=False)["ratio"].max()
        building = (
            days.assign(ratio=days["occupied"] / days["available"] * 100)
            .groupby(["gebouw_id", "ministerie"], as_index=False)
            .agg(
                occupied=("occupied", "sum"), available=("available", "sum"), peak=("ratio", "max")
            )
        )
        parts += [
            result_rows(
                units, "housing.occupancy_pct", units["occupied"] / units["available"] * 100
            ),
            result_rows(peak, "housing.occupancy_peak_pct", peak["ratio"]),
            result_rows(
                building,
                "housing.occupancy_pct",
                building["occupied"] / building["available"] * 100,
                breakdown=building["gebouw_id"],
            ),
            result_rows(
                building,
                "housing.occupancy_peak_pct",
                building["peak"],
                breakdown=building["gebouw_id"],
            ),
        ]
    parts = [p for p in parts if not p.empty]
    return pd.concat(parts, ignore_index=True) if parts else empty()


def _office_list(ctx: Context, year: int) -> pd.DataFrame:
    """Id, name and ministry of the offices of ``year``, fetched once per context."""

    def make(years: tuple[int, ...]) -> pd.DataFrame:
        o = offices_in(ctx, years)
        return o.select("gebouw_id", "naam", "ministerie", jaar=o._voor_jaar).to_pandas()

    return ctx.per_year("office_list", year, make)


@listing("buildings_without_occupancy")
def buildings_without_occupancy(ctx: Context, year: int) -> pd.DataFrame:
    """Offices in the register of ``year`` without any occupancy row on a working day."""
    o = _office_list(ctx, year)
    days = _occupancy_days(ctx, year)
    measured = days.loc[days["working"], "gebouw_id"].unique()
    missing = o[~o["gebouw_id"].isin(measured)]
    return missing.sort_values(["ministerie", "gebouw_id"]).reset_index(drop=True)


def _without_occupancy_rows(ctx: Context, year: int) -> pd.DataFrame:
    missing = buildings_without_occupancy(ctx, year)
    o = _office_list(ctx, year)[["gebouw_id", "ministerie"]]
    if o.empty:
        return empty()
    counted = o.assign(n=o["gebouw_id"].isin(set(missing["gebouw_id"])).astype(float))
    f = by_unit(counted, ["n"])
    if len(missing):
        ctx.find(
            "offices_without_occupancy", year, "housing.offices_without_occupancy", n=len(missing)
        )
    return result_rows(f, "housing.offices_without_occupancy", f["n"])

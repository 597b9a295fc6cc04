"""In-, out- and throughflow between month-ends (SPEC §5.1), for all staff and ICT staff.

Every flow is read off one table of *transitions*: each month-end record from
December Y−1 to November Y joined (full outer) to the same person's record at
the next month-end. A side that is missing means the person was not employed
in the Rijk at that month-end. A change of ministry is a move, except a
transfer along a reorganisation edge on its date (EZK → EZ on 2 July 2024),
which is no flow at all: the unit continues under a new code. Both month-ends are
read in the classification of the end of the year (``classification.classify``), so a
ministry that ceased during the year has no flows of its own: its months count under
the successor each person went to (EZK → EZ or KGG), or its continuation.

No base, no figure (SPEC §6): every flow of year Y starts from the staff at
31 December of Y−1. Without any personnel record on that day (the first year
with data, or a missing year) every employee of January would count as inflow,
so all flows and their rates are left empty, with the reason as a note.
"""

from __future__ import annotations

import datetime as dt

import ibis
import pandas as pd

from ...codelists import RIJK, reorganisations, successions
from ...locale import text
from ..classification import classify
from ..engine import Context, computation
from ..rows import pct, per_ministry_and_rijk, result_rows
from ..selection import in_years


def transitions(personeel: ibis.Table, year: int) -> ibis.Table:
    """One row per (person, month-end m → m+1) with m in Dec Y−1..Nov Y, either side may be null."""
    first, last = dt.date(year - 1, 12, 31), dt.date(year, 12, 31)
    w = personeel.filter(
        (personeel.peildatum >= ibis.date(first)) & (personeel.peildatum <= ibis.date(last))
    )
    # Both month-ends in the classification of 31 December of ``year``: December of the
    # year before too, so an EZK record of 31-12-2023 counts for 2024 under EZ or KGG.
    key = w._opvolger if "_opvolger" in w.columns else None
    w = w.mutate(ministerie=classify(w.ministerie, year, key))
    before = w.filter(w.peildatum < ibis.date(last)).select(
        id0=w.medewerker_id, m0=w.peildatum, min0=w.ministerie, fam0=w.ict_functiefamilie
    )
    after = w.filter(w.peildatum > ibis.date(first)).select(
        id1=w.medewerker_id,
        m1=w.peildatum,
        prev1=(w.peildatum.truncate("M") - ibis.interval(days=1)).cast("date"),
        min1=w.ministerie,
        fam1=w.ict_functiefamilie,
    )
    j = before.outer_join(after, [before.id0 == after.id1, before.m0 == after.prev1])
    both = j.id0.notnull() & j.id1.notnull()
    reorg = ibis.literal(False)
    for edge in reorganisations():
        if edge.old != edge.new:
            reorg = reorg | (
                (j.min0 == edge.old)
                & (j.min1 == edge.new)
                & (j.m0 < ibis.date(edge.day))
                & (j.m1 >= ibis.date(edge.day))
            )
    moved = both & (j.min0 != j.min1) & ~reorg
    changed_family = both & (j.fam0.fill_null("") != j.fam1.fill_null(""))
    as_int = lambda flag: flag.ifelse(1, 0)  # noqa: E731
    return j.mutate(
        in_rijk=as_int(j.id0.isnull()),
        out_rijk=as_int(j.id1.isnull()),
        moved=as_int(moved),
        in_unit=as_int(j.id1.notnull() & (j.id0.isnull() | moved)),
        out_unit=as_int(j.id0.notnull() & (j.id1.isnull() | moved)),
        ict_in_rijk=as_int(j.fam1.notnull() & j.id0.isnull()),
        ict_out_rijk=as_int(j.fam0.notnull() & j.id1.isnull()),
        ict_through_rijk=as_int(changed_family),
        ict_in_unit=as_int(j.fam1.notnull() & j.id1.notnull() & (j.id0.isnull() | moved)),
        ict_out_unit=as_int(j.fam0.notnull() & j.id0.notnull() & (j.id1.isnull() | moved)),
        ict_through_unit=as_int(changed_family & ~moved),
    )


FLOW_INDICATORS = (
    "personnel.inflow",
    "personnel.outflow",
    "personnel.mobility",
    "personnel.inflow_pct",
    "personnel.outflow_pct",
    "personnel.mobility_pct",
)


def starting_stock(ctx: Context, year: int) -> str | None:
    """None when the store holds staff on 31 December of ``year − 1`` (the base of the
    year's flows), else the reason the flows are left empty, in readers' words."""

    def make() -> str | None:
        p = ctx.table("personeel")
        day = dt.date(year - 1, 12, 31)
        if int(p.filter(p.peildatum == ibis.date(day)).count().execute()) > 0:
            return None
        earlier = int(p.filter(p.peildatum < ibis.date(day)).count().execute())
        if earlier:
            reason = text("indicatoren.noot.geen_beginstand", "nl", previous=year - 1)
        else:
            reason = text("indicatoren.noot.eerste_jaar", "nl", year=year)
        return reason + text("indicatoren.noot.stromen_niet_berekend", "nl", previous=year - 1)

    return ctx.memo("starting_stock", year, make)


FLOW_COUNTS = ("inflow", "outflow", "mobility", "ict_inflow", "ict_outflow", "ict_throughflow")


def _flow_counts(ctx: Context, personeel: ibis.Table, year: int) -> pd.DataFrame:
    """Per ministry (in-side by new ministry, out-side by old) and for the Rijk.

    Each transition is attributed three times — to its new ministry, its old
    ministry and the Rijk — and one aggregation sums them all.
    """
    t = transitions(personeel, year)
    # Most transitions are a person staying in the same ministry and ICT family: they
    # count in no flow, and dropping them first spares computing every flag for them.
    t = t.filter(
        t.id0.isnull()
        | t.id1.isnull()
        | (t.min0 != t.min1)
        | (t.fam0.fill_null("") != t.fam1.fill_null(""))
    )
    zero = ibis.literal(0)

    def attributed(table: ibis.Table, ministerie: ibis.Value, **counts: ibis.Value) -> ibis.Table:
        return table.select(ministerie=ministerie, **{c: counts.get(c, zero) for c in FLOW_COUNTS})

    incoming = t.filter(t.min1.notnull())
    outgoing = t.filter(t.min0.notnull())
    parts = ibis.union(
        attributed(
            incoming,
            incoming.min1,
            inflow=incoming.in_unit,
            mobility=incoming.moved,
            ict_inflow=incoming.ict_in_unit,
            ict_throughflow=incoming.ict_through_unit,
        ),
        attributed(
            outgoing, outgoing.min0, outflow=outgoing.out_unit, ict_outflow=outgoing.ict_out_unit
        ),
        attributed(
            t,
            ibis.literal(RIJK),
            inflow=t.in_rijk,
            outflow=t.out_rijk,
            mobility=t.moved,
            ict_inflow=t.ict_in_rijk,
            ict_outflow=t.ict_out_rijk,
            ict_throughflow=t.ict_through_rijk,
        ),
    )
    return parts.group_by("ministerie").agg(**{c: parts[c].sum() for c in FLOW_COUNTS}).to_pandas()


def _average_headcount(ctx: Context, year: int) -> pd.DataFrame:
    """Mean of the twelve month-end headcounts of ``year`` (all staff and ICT staff)."""

    def make(years: tuple[int, ...]) -> pd.DataFrame:
        p = ctx.table("personeel")
        y = p.filter(in_years(p.peildatum, years))
        return per_ministry_and_rijk(
            y,
            jaar=y.peildatum.year(),
            records=lambda t: t.count(),
            ict_records=lambda t: t.ict_functiefamilie.notnull().ifelse(1, 0).sum(),
        )

    frame = ctx.per_year("average_headcount", year, make)
    frame["avg_headcount"] = frame["records"] / 12
    frame["avg_ict_headcount"] = frame["ict_records"] / 12
    return frame[["ministerie", "avg_headcount", "avg_ict_headcount"]]


def flows_frame(ctx: Context, year: int) -> pd.DataFrame:
    def make() -> pd.DataFrame:
        # transitions classify by ``year``; employees' own successors matter only in the
        # year a ministry was split (its December before and its months until the split)
        split = any(s.first_year == year and len(s.successors) > 1 for s in successions())
        p = (
            ctx.table("personeel", by_row_year=False)
            if split
            else ctx.table_as_delivered("personeel")
        )
        avg = _average_headcount(ctx, year)
        if avg.empty or avg["avg_headcount"].sum() == 0:
            return pd.DataFrame()
        if starting_stock(ctx, year) is not None:
            return avg  # no flows to count: the callers leave them empty
        # Outer: a ministry with only a December Y−1 record still has its January outflow.
        counts = _flow_counts(ctx, p, year)
        return avg.merge(counts, on="ministerie", how="outer").fillna(0)

    return ctx.memo("flows", year, make).copy()


def without_base(
    ctx: Context, year: int, reason: str, indicators: tuple[str, ...], frame: pd.DataFrame, avg: str
) -> pd.DataFrame:
    """Empty figures (value unknown) for every unit with staff in ``year``, with the reason.

    They keep the unit's average headcount as the persons they describe, so a unit of
    fewer than 10 persons is marked withheld like its other personnel figures.
    """
    for indicator in indicators:
        ctx.note(indicator, year, reason)
    blank = pd.Series(float("nan"), index=frame.index)
    return pd.concat(
        [result_rows(frame, indicator, blank, persons=frame[avg]) for indicator in indicators],
        ignore_index=True,
    )


@computation("personnel_flows")
def personnel_flows(ctx: Context, year: int) -> pd.DataFrame:
    """Inflow, outflow and mobility: counts and per 100 of the average headcount."""
    f = flows_frame(ctx, year)
    if f.empty:
        return f
    reason = starting_stock(ctx, year)
    if reason is not None:
        return without_base(ctx, year, reason, FLOW_INDICATORS, f, "avg_headcount")
    # A count describes as many persons as it counts; a percentage describes the
    # (average) headcount it is taken over (issue 4: "a ratio over fewer than 10 persons").
    avg = f["avg_headcount"]
    parts = [
        result_rows(f, "personnel.inflow", f["inflow"], persons=f["inflow"]),
        result_rows(f, "personnel.outflow", f["outflow"], persons=f["outflow"]),
        result_rows(f, "personnel.mobility", f["mobility"], persons=f["mobility"]),
        result_rows(f, "personnel.inflow_pct", pct(f["inflow"], avg), persons=avg),
        result_rows(f, "personnel.outflow_pct", pct(f["outflow"], avg), persons=avg),
        result_rows(f, "personnel.mobility_pct", pct(f["mobility"], avg), persons=avg),
    ]
    return pd.concat(parts, ignore_index=True)

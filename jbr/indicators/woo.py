"""SPEC §5.2 Woo request indicators as Ibis expressions over ``current_woo_verzoeken``.

Deadlines, statuses and penalties come from :mod:`jbr.woo.vectorised` (Woo art.
4.4, Awb 4:17, Algemene termijnenwet art. 1); the reporting date of year Y is
31 December of Y. Requests are not persons, so no figure here is suppressed.
"""

from __future__ import annotations

import datetime as dt

import ibis
import pandas as pd

from ..codelists.atw import atw_calendar
from ..woo.vectorised import (
    consulted_years,
    decided_by,
    penalty_eur,
    with_deadlines,
    withdrawn,
)
from .classification import classify
from .engine import Context, computation, per_ministry_and_rijk, result_rows

INDICATORS = {
    "woo.received": "received",
    "woo.decided": "decided",
    "woo.within_term_pct": None,  # within ÷ decided × 100
    "woo.median_days": "median_days",
    "woo.open_overdue": "open_overdue",
    "woo.penalty_eur": "penalty",
}


def _count(condition: ibis.BooleanValue) -> ibis.IntegerValue:
    return condition.fill_null(False).ifelse(1, 0).sum()


def _sums(ctx: Context, years: tuple[int, ...]) -> pd.DataFrame:
    """Per year, ministry and Rijk: the request counts, median and penalties of the year.

    Deadlines are computed once for the requests of all ``years``; each request is
    then taken once for every year it can count in: received by the year's end (the
    reporting date) and not decided before the year began.
    """
    first, last = dt.date(min(years), 1, 1), dt.date(max(years), 12, 31)
    r = ctx.table("woo_verzoeken", by_row_year=False)  # classified by the year below
    r = r.filter((r.ontvangen <= ibis.date(last)) & (r.besluit.isnull() | (r.besluit >= first)))
    t = with_deadlines(r, ctx.table("woo_opschortingen"), atw_calendar())
    t = t.cross_join(ibis.memtable({"jaar": list(years)}, schema={"jaar": "int64"}))
    start, end, after = (
        ibis.date(t.jaar, 1, 1),
        ibis.date(t.jaar, 12, 31),
        ibis.date(t.jaar + 1, 1, 1),
    )
    t = t.filter((t.ontvangen <= end) & (t.besluit.isnull() | (t.besluit >= start)))
    # A request counts in each year under that year's ministries: one received by EZK in
    # 2023 and decided in 2024 is EZK's in 2023 and EZ's (the continuation) in 2024.
    t = t.mutate(ministerie=classify(t.ministerie, t.jaar))
    out = withdrawn(t)
    decided = ((t.besluit >= start) & (t.besluit < after)).fill_null(False) & ~out
    open_at_end = ~out & ~decided_by(t, end)
    t = t.mutate(
        _received=(t.ontvangen >= start) & (t.ontvangen < after),
        _decided=decided,
        _within=decided & (t.besluit <= t.deadline),
        _open=open_at_end,
        _overdue=open_at_end & (t.deadline < end),
        _days=t.besluit.delta(t.ontvangen, unit="day"),
        _penalty=penalty_eur(t, end, year=t.jaar),
    )
    return per_ministry_and_rijk(
        t,
        jaar=t.jaar,
        received=lambda x: _count(x._received),
        decided=lambda x: _count(x._decided),
        within=lambda x: _count(x._within),
        open=lambda x: _count(x._open),
        open_overdue=lambda x: _count(x._overdue),
        # The filter as a null, not median(where=...): Ibis's PySpark compiler turns that
        # into a non-constant percentage, which Spark refuses.
        median_days=lambda x: x._decided.ifelse(x._days, ibis.null("int64")).median(),
        penalty=lambda x: x._penalty.sum(),
        first_term=lambda x: x.termijn_einde.min(where=x._decided),
        last_term=lambda x: x.termijn_einde.max(where=x._decided),
    )


@computation("woo_requests")
def woo_requests(ctx: Context, year: int) -> pd.DataFrame:
    """Received, decided, within term, median days, open overdue and penalties of ``year``."""
    f = ctx.per_year("woo_requests", year, lambda years: _sums(ctx, years))
    f = f[(f["received"] > 0) | (f["decided"] > 0) | (f["open"] > 0) | (f["penalty"] > 0)]
    _note_calendar(ctx, year, f)
    decided_n = f["decided"].astype("float64")
    within_pct = f["within"] / decided_n.where(decided_n > 0) * 100
    rows = [
        result_rows(f, indicator, within_pct if column is None else f[column])
        for indicator, column in INDICATORS.items()
    ]
    return pd.concat(rows, ignore_index=True)


def _note_calendar(ctx: Context, year: int, frame: pd.DataFrame) -> None:
    """Say so when a deadline of the year's decisions fell outside the known Royal Decrees."""
    rijk = frame[frame["ministerie"] == "RIJK"]
    if rijk.empty or pd.isna(rijk["first_term"].iloc[0]):
        return
    first, last = (pd.Timestamp(rijk[c].iloc[0]).date() for c in ("first_term", "last_term"))
    calendar = atw_calendar()
    span = calendar.decree_years
    missing = tuple(
        y
        for y in sorted(set(consulted_years(first, last)))
        if span is None or not span[0] <= y <= span[1]
    )
    if missing:
        known = f"{span[0]}–{span[1]}" if span else "geen jaar"
        ctx.find("atw_decree_days", year, "woo.within_term_pct", years=missing, known=known)

"""SPEC §5.2 the Woo: requests (``current_woo_verzoeken``) and active publication.

Deadlines, statuses and penalties come from :mod:`jbr.woo.vectorised` (Woo art.
4.4, Awb 4:17, Algemene termijnenwet art. 1); the reporting date of year Y is
31 December of Y. Requests are not persons, so no figure here is suppressed.

Active publication counts documents per Woo art. 3.3 category and compares with
2018, the first year of the published series.
"""

from __future__ import annotations

import datetime as dt

import ibis
import pandas as pd

from ...codelists import RIJK
from ...codelists.atw import atw_calendar
from ...woo.vectorised import (
    consulted_years,
    decided_by,
    penalty_eur,
    with_deadlines,
    withdrawn,
)
from ..classification import classify
from ..compare import restate
from ..engine import Context, computation
from ..rows import empty, per_ministry_and_rijk, result_rows

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


PUBLICATION_BASE_YEAR = 2018  # the reference year of woo.published_growth_vs_2018


# --- active publication (Woo art. 3.3) -------------------------------------------------------


@computation("woo_publication")
def woo_publication(ctx: Context, year: int) -> pd.DataFrame:
    """Documents actively published in ``year``: total and per Woo category."""
    total = ctx.per_year("publication_totals", year, lambda ys: _publication_totals(ctx, ys))
    total = total[total["n"] > 0]
    by_category = ctx.per_year(
        "publication_categories", year, lambda ys: _publication_categories(ctx, ys)
    )
    frame = pd.concat(
        [total[["ministerie", "value"]].assign(breakdown=None), by_category], ignore_index=True
    )
    if frame.empty:
        return empty()
    return frame.assign(
        indicator="woo.published_documents", value=frame["value"].astype("float64"), persons=None
    )


def _publications(ctx: Context, years: tuple[int, ...]) -> ibis.Table:
    o = ctx.table("openbaarmaking")
    return o.filter(o.jaar.isin(years))


def _publication_totals(ctx: Context, years: tuple[int, ...]) -> pd.DataFrame:
    o = _publications(ctx, years)
    return per_ministry_and_rijk(
        o, jaar=o.jaar, value=lambda t: t.documenten.sum(), n=lambda t: t.count()
    )


def _publication_categories(ctx: Context, years: tuple[int, ...]) -> pd.DataFrame:
    o = _publications(ctx, years)
    per = o.group_by(jaar=o.jaar, ministerie=o.ministerie, breakdown=o.categorie).agg(
        value=o.documenten.sum()
    )
    whole = (
        o.group_by(jaar=o.jaar, breakdown=o.categorie)
        .agg(value=o.documenten.sum())
        .mutate(ministerie=ibis.literal(RIJK))
    )
    return ibis.union(per, whole.select(per.columns)).to_pandas()


@computation("woo_publication_growth")
def woo_publication_growth(ctx: Context, year: int) -> pd.DataFrame:
    """Documents in ``year`` ÷ documents in 2018, the 2018 figures restated to the
    ministries of ``year`` (:func:`.compare.restate`: a predecessor's 2018 split over its
    successors by their share in ``year``)."""
    now = _totals(ctx.result("woo_publication", year))
    if not now:
        return empty()
    base = _totals(ctx.result("woo_publication", PUBLICATION_BASE_YEAR))
    ministries = {m: v for m, v in base.items() if m != RIJK}
    current = {m: v for m, v in now.items() if m != RIJK}
    restated = restate(ministries, current, PUBLICATION_BASE_YEAR, year)
    restated[RIJK] = base.get(RIJK, 0.0)
    ratio = {m: v / restated[m] if restated.get(m) else None for m, v in now.items()}
    units = pd.DataFrame({"ministerie": list(ratio), "value": list(ratio.values())})
    return result_rows(units, "woo.published_growth_vs_2018", units["value"])


def _totals(frame: pd.DataFrame) -> dict[str, float]:
    rows = frame[frame["breakdown"].isna()]
    return dict(zip(rows["ministerie"], rows["value"].astype(float), strict=True))

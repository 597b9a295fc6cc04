"""SPEC §5.2's Woo rules as Ibis expressions: deadlines, statuses and penalties of millions
of requests in one query (Woo art. 4.4, Awb 4:17, Algemene termijnenwet art. 1).

The same rules as :mod:`jbr.woo.deadlines`, set-based:

- suspended days per request by gaps and islands: ordered by ``van``, each
  suspension adds the days after the furthest ``tot`` of the ones before it;
- the Atw move by a join with a lookup table ``dag → open_dag`` over the date
  range the requests need (:meth:`AtwCalendar.open_day_table`);
- status and penalty as column expressions.

Used by the ``woo.*`` indicators (over the store) and by ``jbr woo deadlines``
(over delivery files in an in-memory DuckDB); tests and the benchmark check it
against the scalar reference request by request.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TypeAlias

import ibis
import ibis.expr.types as ir
import numpy as np
import pyarrow as pa

from ..codelists.atw import AtwCalendar
from .deadlines import (
    EXCLUDED,
    EXTENDED_TERM_DAYS,
    LATE,
    NOTICE_GRACE_DAYS,
    ON_TIME,
    OPEN,
    OVERDUE,
    PENALTY_BANDS,
    PENALTY_MAX_DAYS,
    TERM_DAYS,
    WITHDRAWN,
    WOB_EXTENDED_TERM_DAYS,
    WOB_NO_PENALTY_FROM,
    WOO_IN_FORCE,
    Request,
)

# Columns that scope a request in the store or a checked delivery: a suspension
# belongs to the request with the same id *within the same ministry and year*.
SCOPE_COLUMNS = ("_ministerie", "_jaar")
EPOCH = dt.date(1970, 1, 1)


def day_number(day: ir.DateValue) -> ir.IntegerValue:
    """Days since 1970-01-01: day arithmetic in integers runs alike on every engine."""
    return day.epoch_days()


def _day_number(day: dt.date) -> int:
    return (day - EPOCH).days


# A reporting date is a date, or a date column (several reporting dates in one query).
Day: TypeAlias = dt.date | ir.DateValue


def _date(day: Day) -> ir.DateValue:
    return day if isinstance(day, ir.Expr) else ibis.date(day)


def _number(day: Day) -> int | ir.IntegerValue:
    return day_number(day) if isinstance(day, ir.Expr) else _day_number(day)


def _year_end(year: int | ir.IntegerValue) -> Day:
    return ibis.date(year, 12, 31) if isinstance(year, ir.Expr) else dt.date(year, 12, 31)


def join_keys(requests: ir.Table, suspensions: ir.Table) -> list[str]:
    """``verzoek_id`` plus the scope columns both tables have."""
    return ["verzoek_id"] + [
        c for c in SCOPE_COLUMNS if c in requests.columns and c in suspensions.columns
    ]


def suspension_days(suspensions: ir.Table, keys: list[str]) -> ir.Table:
    """Per request the number of suspended days; overlapping suspensions count once.

    Ordered by ``van``, a suspension's new days are those after the furthest ``tot``
    of the earlier ones: ``max(0, tot − max(van − 1, furthest))`` (gaps and islands).
    """
    s = suspensions.filter(suspensions.van.notnull() & suspensions.tot.notnull())
    s = s.mutate(_van=day_number(s.van), _tot=day_number(s.tot))
    before = ibis.window(group_by=[s[k] for k in keys], order_by=[s._van, s._tot], rows=(None, -1))
    furthest = s._tot.max().over(before)
    new = ibis.greatest(s._tot - ibis.greatest(s._van - 1, furthest.fill_null(s._van - 1)), 0)
    s = s.mutate(_new=new)
    # int32: DuckDB sums integers as HUGEINT, which other arithmetic does not take.
    return s.group_by(keys).agg(opgeschort_dagen=s._new.sum().cast("int32"))


def consulted_years(first_term: dt.date, last_term: dt.date) -> range:
    """Years whose Atw calendar decided term ends from ``first_term`` to ``last_term``.

    A term end lies at most a long weekend after the day the term ran out, so a
    week before the first end covers the days the calendar was asked about.
    """
    return range((first_term - dt.timedelta(days=7)).year, last_term.year + 1)


def lookup_table(calendar: AtwCalendar, first: dt.date, last: dt.date) -> ir.Table:
    """The Atw lookup ``dag_nr → open_dag, open_nr`` as an Ibis memtable."""
    days = calendar.open_day_table(first, last)
    return ibis.memtable(
        pa.table(
            {
                "dag_nr": days["dag"].cast(pa.int32()).cast(pa.int64()),
                "open_dag": days["open_dag"],
                "open_nr": days["open_dag"].cast(pa.int32()).cast(pa.int64()),
            }
        )
    )


def _term_range(requests: ir.Table, suspensions: ir.Table) -> tuple[dt.date, dt.date]:
    """Days a term can run out on: from the first receipt + 4 weeks to the last receipt
    + 8 weeks (the Wob's longest) + the whole span of the suspensions (a bound, from two
    cheap aggregates)."""
    received = day_number(requests.ontvangen)
    bounds = requests.aggregate(first=received.min(), last=received.max())
    span = (day_number(suspensions.tot).max() - day_number(suspensions.van).min() + 1).fill_null(0)
    row = bounds.cross_join(suspensions.aggregate(span=span)).to_pyarrow().to_pylist()[0]
    if row["first"] is None:
        return EPOCH, EPOCH
    first = EPOCH + dt.timedelta(days=int(row["first"]) + TERM_DAYS)
    extra = max(EXTENDED_TERM_DAYS, WOB_EXTENDED_TERM_DAYS) + max(int(row["span"] or 0), 0)
    return first, EPOCH + dt.timedelta(days=int(row["last"]) + extra)


def with_deadlines(requests: ir.Table, suspensions: ir.Table, calendar: AtwCalendar) -> ir.Table:
    """Add ``termijn_einde`` (the legal term, Atw-moved), ``deadline`` and ``deadline_nr``
    (the deadline as a day number) to every request; see :func:`legal_deadline`.

    Runs one small query for the date range the lookup table of the Atw move must cover.
    """
    keys = join_keys(requests, suspensions)
    days = suspension_days(suspensions, keys)
    r = requests.left_join(days, keys).drop(*[f"{k}_right" for k in keys])
    received = day_number(r.ontvangen)
    # The extension of the law in force when the first four weeks ran out (term_days).
    under_wob = received + TERM_DAYS < _day_number(WOO_IN_FORCE)
    extension = under_wob.ifelse(WOB_EXTENDED_TERM_DAYS, EXTENDED_TERM_DAYS)
    term = r.verdaagd.fill_null(False).ifelse(extension, TERM_DAYS)
    r = r.mutate(_einde=received + term + r.opgeschort_dagen.fill_null(0))
    lookup = lookup_table(calendar, *_term_range(requests, suspensions))
    r = r.left_join(lookup, r._einde == lookup.dag_nr).drop("dag_nr")
    agreed_later = r.afgesproken_termijn.notnull() & (r.afgesproken_termijn > r.open_dag)
    return r.mutate(
        termijn_einde=r.open_dag,
        deadline=agreed_later.ifelse(r.afgesproken_termijn, r.open_dag),
        deadline_nr=agreed_later.ifelse(day_number(r.afgesproken_termijn), r.open_nr),
    ).drop("_einde", "open_dag", "open_nr")


def withdrawn(t: ir.Table) -> ir.BooleanValue:
    return (t.uitkomst == WITHDRAWN).fill_null(False)


def decided_by(t: ir.Table, day: Day) -> ir.BooleanValue:
    """Decided on or before ``day`` (a later decision is not yet known on ``day``)."""
    return t.besluit.notnull() & (t.besluit <= _date(day))


def status(t: ir.Table, reporting_date: dt.date) -> ir.StringValue:
    """``on_time``/``late``/``open``/``overdue``/``excluded`` as of the reporting date."""
    on = ibis.date(reporting_date)
    decided = decided_by(t, reporting_date)
    return ibis.cases(
        (withdrawn(t), EXCLUDED),
        (decided & (t.besluit <= t.deadline), ON_TIME),
        (decided, LATE),
        (on <= t.deadline, OPEN),
        else_=OVERDUE,
    )


def _between(value: ir.IntegerValue, low: int, high: int) -> ir.IntegerValue:
    """``value`` clipped to ``low..high`` (non-null input; one reference keeps the SQL small)."""
    return ibis.least(ibis.greatest(value, low), high)


def penalty_amount(days: ir.IntegerValue) -> ir.IntegerValue:
    """Euros for the first ``days`` penalty days: € 23, then € 35, then € 45 a day."""
    total: ir.IntegerValue = ibis.literal(0)
    start = 0
    for length, euros in PENALTY_BANDS:
        total = total + euros * _between(days - start, 0, length)
        start += length
    return total


def penalty_eur(
    t: ir.Table, reporting_date: Day, year: int | ir.IntegerValue | None = None
) -> ir.IntegerValue:
    """Awb 4:17 penalty as of the reporting date (see :func:`jbr.woo.deadlines.penalty_days`).

    ``year``: only the amounts of the penalty days that fall in that calendar year.
    Both may be columns (a reporting date and year per row).
    """
    notice = day_number(t.ingebrekestelling)
    first = notice + NOTICE_GRACE_DAYS + 1
    last = decided_by(t, reporting_date).ifelse(day_number(t.besluit) - 1, _number(reporting_date))

    def days_through(day: ir.IntegerValue) -> ir.IntegerValue:
        return _between(day - first + 1, 0, PENALTY_MAX_DAYS)

    if year is None:
        amount = penalty_amount(days_through(last))
    else:
        end = ibis.least(last, _number(_year_end(year)))
        before = ibis.least(last, _number(_year_end(year - 1)))
        amount = penalty_amount(days_through(end)) - penalty_amount(days_through(before))
    # Wob art. 15: no penalty on a notice from 1 October 2016 until the Woo (penalty_possible).
    wob_exclusion = (notice >= _day_number(WOB_NO_PENALTY_FROM)) & (
        notice < _day_number(WOO_IN_FORCE)
    )
    counts = notice.notnull() & (notice > t.deadline_nr) & ~wob_exclusion & ~withdrawn(t)
    return counts.ifelse(amount, 0)


def assessed(
    requests: ir.Table, suspensions: ir.Table, calendar: AtwCalendar, reporting_date: dt.date
) -> ir.Table:
    """Requests with ``deadline``, ``status`` and ``penalty_eur`` as of the reporting date."""
    t = with_deadlines(requests, suspensions, calendar)
    return t.mutate(status=status(t, reporting_date), penalty_eur=penalty_eur(t, reporting_date))


REQUEST_SCHEMA = pa.schema(
    [
        ("verzoek_id", pa.string()),
        ("ontvangen", pa.date32()),
        ("verdaagd", pa.bool_()),
        ("afgesproken_termijn", pa.date32()),
        ("besluit", pa.date32()),
        ("uitkomst", pa.string()),
        ("ingebrekestelling", pa.date32()),
    ]
)
SUSPENSION_SCHEMA = pa.schema(
    [("verzoek_id", pa.string()), ("van", pa.date32()), ("tot", pa.date32())]
)


def arrow_tables(requests: Iterable[Request]) -> tuple[pa.Table, pa.Table]:
    """``woo_verzoeken`` and ``woo_opschortingen`` as Arrow tables from :class:`Request` s."""
    rows = list(requests)
    table = pa.Table.from_pydict(
        {
            "verzoek_id": [r.verzoek_id for r in rows],
            "ontvangen": [r.received for r in rows],
            "verdaagd": [r.extended for r in rows],
            "afgesproken_termijn": [r.agreed for r in rows],
            "besluit": [r.decision for r in rows],
            "uitkomst": [r.outcome for r in rows],
            "ingebrekestelling": [r.notice for r in rows],
        },
        schema=REQUEST_SCHEMA,
    )
    spans = [(r.verzoek_id, van, tot) for r in rows for van, tot in r.suspensions]
    suspensions = pa.Table.from_pylist(
        [{"verzoek_id": i, "van": v, "tot": t} for i, v, t in spans], schema=SUSPENSION_SCHEMA
    )
    return table, suspensions


def assess_arrow(
    requests: pa.Table,
    suspensions: pa.Table,
    calendar: AtwCalendar,
    reporting_date: dt.date,
    year: int | None = None,
) -> pa.Table:
    """Deadline, status and penalty of every request in Arrow tables, in an in-memory DuckDB.

    ``year`` adds ``penalty_eur_in_year``: the penalty days of that calendar year only.
    Rows come back in the order of ``requests``.
    """
    import duckdb

    con = duckdb.connect()
    try:
        order = pa.array(np.arange(requests.num_rows))
        con.register("_requests", requests.append_column("_order", order))
        con.register("_suspensions", suspensions)
        backend = ibis.duckdb.from_connection(con)
        t = assessed(
            backend.table("_requests"), backend.table("_suspensions"), calendar, reporting_date
        )
        if year is not None:
            t = t.mutate(penalty_eur_in_year=penalty_eur(t, reporting_date, year=year))
        found = t.to_pyarrow()
    finally:
        con.close()
    # Back to the input order by the inverse permutation (cheaper than an ORDER BY).
    position = np.empty(found.num_rows, dtype=np.int64)
    position[found["_order"].to_numpy()] = np.arange(found.num_rows)
    return found.take(pa.array(position)).drop_columns(["_order"])

"""Which stored rows a computation reads: a year's range, and the current delivery."""

from __future__ import annotations

import ibis


def in_year(column: ibis.Column, year: int) -> ibis.BooleanValue:
    """``column`` (a date or a moment) falls in ``year``, as a half-open range so the
    store can skip other years and a moment late on 31 December still counts."""
    return in_years(column, (year,))


def latest_deliveries(coverage: ibis.Table, theme: str) -> ibis.Table:
    """Per (ministry, year) of ``theme`` the newest delivery that covers it: the store's
    rule for what is current (jbr.store.schema.current_view_ddl), as an Ibis expression.
    Columns ``latest_ministerie``, ``latest_jaar``, ``latest_id``."""
    c = coverage.filter(coverage.theme == theme)
    latest = c.group_by(c.ministerie, c.jaar).agg(latest_id=c.delivery_id.max())
    return latest.select(
        latest_ministerie=latest.ministerie, latest_jaar=latest.jaar, latest_id=latest.latest_id
    )


def only_current(
    rows: ibis.Table, coverage: ibis.Table, theme: str, ministry: str = "_ministerie"
) -> ibis.Table:
    """The rows of ``rows`` (stored rows of ``theme``, or groups of them that keep the
    lineage keys ``_delivery_id`` and ``_jaar`` and the ministry column ``ministry``)
    that come from the current delivery of their (ministry, year)."""
    latest = latest_deliveries(coverage, theme)
    joined = rows.inner_join(
        latest,
        [
            rows._delivery_id == latest.latest_id,
            rows[ministry] == latest.latest_ministerie,
            rows._jaar.identical_to(latest.latest_jaar),
        ],
    )
    return joined.select(*rows.columns)


def in_years(column: ibis.Column, years: tuple[int, ...]) -> ibis.BooleanValue:
    """``column`` falls in the first to the last of ``years`` (one range: the rows of a
    year in between that is not asked for are computed and left unused)."""
    import datetime as dt

    return (column >= ibis.date(dt.date(min(years), 1, 1))) & (
        column < ibis.date(dt.date(max(years) + 1, 1, 1))
    )

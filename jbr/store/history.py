"""What each delivery replaced and what replaced it (SPEC §7 "Corrections are explicit").

A delivery replaces, for computation, the previous delivery of each (theme, ministry,
year) it covers (SPEC §3). The store keeps every version; this module says, in both
directions, which delivery replaced which and with how many rows, so that a load can
tell what it replaces ("vervangt levering 2 van 12 maart 2024: 30 → 1 rijen"), and a
replacement that drops most rows is not made by accident: it needs ``allow_shrink``
(``jbr load --allow-shrink``, the portal's confirmation).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import duckdb

from ..deliveries.problems import ERROR, Problem
from ..locale import text

# A replacement keeping fewer than this share of the rows it replaces "drops most rows":
# 30 → 14 needs the confirmation, 30 → 15 (half) does not. A correction of a few rows
# keeps about as many rows; sending a file of one ministry-year with a fraction of its
# rows is the mistake issue 14 met (30 → 1). Documented in docs/decisions.md.
SHRINK_LIMIT = 0.5

Combination = tuple[str, str, int | None]  # (theme, ministerie, jaar)


@dataclass(frozen=True)
class Replacement:
    """One (theme, ministry, year) of a new delivery that an earlier delivery covered."""

    theme: str
    ministerie: str
    jaar: int | None
    delivery_id: int  # the delivery replaced
    loaded_at: datetime
    file_name: str
    rows_before: int
    rows_after: int

    @property
    def shrinks(self) -> bool:
        return self.rows_after < self.rows_before * SHRINK_LIMIT

    def as_dict(self) -> dict[str, Any]:
        return {
            "theme": self.theme,
            "ministry": self.ministerie,
            "year": self.jaar,
            "replaces_delivery": self.delivery_id,
            "replaces_loaded_at": self.loaded_at.isoformat(),
            "replaces_file": self.file_name,
            "rows_before": self.rows_before,
            "rows_after": self.rows_after,
        }


# Babel's locale per language: numbers and dates in the reader's notation (not a text).
BABEL = {"nl": "nl_NL", "en": "en_GB"}


def _day(d: date | datetime, lang: str) -> str:
    from babel.dates import format_date

    return format_date(d, "d MMMM y", locale=BABEL[lang])


def _count(n: int, lang: str) -> str:
    from babel.numbers import format_decimal

    return format_decimal(n, locale=BABEL[lang])


def _rows(n: int, lang: str) -> str:
    return text(
        "store.vervanging.rij" if n == 1 else "store.vervanging.rijen", lang, n=_count(n, lang)
    )


def scope(theme: str, ministerie: str, jaar: int | None) -> str:
    return f"{theme} {ministerie}" + ("" if jaar is None else f" {jaar}")


def replacement_text(r: Replacement, lang: str = "nl") -> str:
    """``vervangt levering 2 van 12 maart 2024 (personeel BZK 2024): 30 → 1 rijen``."""
    return text(
        "store.vervanging.vervangt",
        lang,
        delivery=r.delivery_id,
        day=_day(r.loaded_at, lang),
        where=scope(r.theme, r.ministerie, r.jaar),
        before=_count(r.rows_before, lang),
        after=_rows(r.rows_after, lang),
    )


def shrink_problem(file: str, sheet: str | None, r: Replacement, lang: str = "nl") -> Problem:
    """The file would replace a delivery with far fewer rows: stored only when confirmed."""
    message = text(
        "store.vervanging.krimp",
        lang,
        delivery=r.delivery_id,
        day=_day(r.loaded_at, lang),
        file=r.file_name,
        where=scope(r.theme, r.ministerie, r.jaar),
        before=_count(r.rows_before, lang),
        after=_rows(r.rows_after, lang),
    )
    advice = text("store.vervanging.krimp_advies", lang)
    return Problem(file, sheet, None, None, None, SHRINK_RULE, message, ERROR, hint=advice)


SHRINK_RULE = "vervanging_veel_kleiner"


def current_coverage(
    con: duckdb.DuckDBPyConnection, themes: Iterable[str]
) -> dict[Combination, tuple[int, int, datetime, str]]:
    """Per covered (theme, ministry, year) of ``themes``: the current delivery's id, its
    rows there, when it was loaded and its file name."""
    wanted = sorted(set(themes))
    if not wanted:
        return {}
    rows = con.execute(
        """SELECT c.theme, c.ministerie, c.jaar, c.delivery_id, c.rows, d.loaded_at, d.file_name
           FROM coverage c JOIN deliveries d USING (delivery_id)
           WHERE c.theme IN (SELECT unnest(?::VARCHAR[]))
           QUALIFY row_number() OVER (PARTITION BY c.theme, c.ministerie, c.jaar
                                      ORDER BY c.delivery_id DESC) = 1""",
        [wanted],
    ).fetchall()
    return {(t, m, y): (int(d), int(n), at, f) for t, m, y, d, n, at, f in rows}


def replaced_by_delivery(
    con: duckdb.DuckDBPyConnection, delivery_id: int, ministry: str | None = None
) -> list[Replacement]:
    """What the stored delivery ``delivery_id`` replaced, per (theme, ministry, year) it
    covers (of ``ministry`` only, if given): the same as its load said (``LoadOutcome.
    replaces``), read back from ``coverage`` (the delivery before it there)."""
    rows = con.execute(
        """WITH h AS (
               SELECT delivery_id, theme, ministerie, jaar, rows,
                      lag(delivery_id) OVER w AS before_id, lag(rows) OVER w AS before_rows
               FROM coverage
               WINDOW w AS (PARTITION BY theme, ministerie, jaar ORDER BY delivery_id))
           SELECT h.theme, h.ministerie, h.jaar, h.before_id, d.loaded_at, d.file_name,
                  h.before_rows, h.rows
           FROM h JOIN deliveries d ON d.delivery_id = h.before_id
           WHERE h.delivery_id = ? AND (?::VARCHAR IS NULL OR h.ministerie = ?)
           ORDER BY h.theme, h.ministerie, h.jaar""",
        [delivery_id, ministry, ministry],
    ).fetchall()
    return [
        Replacement(t, m, y, int(d), at, name, int(before), int(after))
        for t, m, y, d, at, name, before, after in rows
    ]


# --- the listing: jbr deliveries, the portal ----------------------------------------------


@dataclass
class Covered:
    """One (theme, ministry, year) of a delivery, with its neighbours in that history."""

    theme: str
    ministerie: str
    jaar: int | None
    rows: int
    replaces: int | None = None  # the delivery this one replaced there
    replaces_rows: int | None = None
    replaced_by: int | None = None  # the delivery that replaced this one there
    replaced_by_rows: int | None = None

    @property
    def current(self) -> bool:
        return self.replaced_by is None

    def as_dict(self) -> dict[str, Any]:
        return {
            "theme": self.theme,
            "ministry": self.ministerie,
            "year": self.jaar,
            "rows": self.rows,
            "current": self.current,
            "replaces": self.replaces,
            "replaces_rows": self.replaces_rows,
            "replaced_by": self.replaced_by,
            "replaced_by_rows": self.replaced_by_rows,
        }


@dataclass
class DeliveryRecord:
    delivery_id: int
    file_name: str
    file_hash: str
    supplier: str
    loaded_at: datetime
    rows: int  # the whole delivery's rows
    coverage: list[Covered] = field(default_factory=list)  # (filtered) what it covers

    @property
    def state(self) -> str:
        """``current``, ``partly_replaced`` or ``replaced`` (over the listed coverage)."""
        current = [c.current for c in self.coverage]
        if all(current):
            return "current"
        return "replaced" if not any(current) else "partly_replaced"

    @property
    def replaced_by(self) -> list[int]:
        return sorted({c.replaced_by for c in self.coverage if c.replaced_by is not None})

    @property
    def replaces(self) -> list[int]:
        return sorted({c.replaces for c in self.coverage if c.replaces is not None})

    def as_dict(self) -> dict[str, Any]:
        return {
            "delivery": self.delivery_id,
            "file": self.file_name,
            "sha256": self.file_hash,
            "supplier": self.supplier,
            "loaded_at": self.loaded_at.isoformat() + "Z",
            "rows": self.rows,
            "state": self.state,
            "replaces": self.replaces,
            "replaced_by": self.replaced_by,
            "coverage": [c.as_dict() for c in self.coverage],
        }


def delivery_history(
    con: duckdb.DuckDBPyConnection,
    ministry: str | None = None,
    theme: str | None = None,
    year: int | None = None,
    ids: Iterable[int] | None = None,
) -> list[DeliveryRecord]:
    """Every delivery (newest first) with what it covers and, per (theme, ministry, year),
    what it replaced and what replaced it. Filters keep only the matching coverage, and
    the deliveries that have any."""
    wanted = None if ids is None else sorted(set(ids))
    rows = con.execute(
        """WITH h AS (
               SELECT delivery_id, theme, ministerie, jaar, rows,
                      lag(delivery_id) OVER w AS replaces, lag(rows) OVER w AS replaces_rows,
                      lead(delivery_id) OVER w AS replaced_by, lead(rows) OVER w AS replaced_rows
               FROM coverage
               WINDOW w AS (PARTITION BY theme, ministerie, jaar ORDER BY delivery_id))
           SELECT d.delivery_id, d.file_name, d.file_hash, d.supplier, d.loaded_at, d.rows,
                  h.theme, h.ministerie, h.jaar, h.rows, h.replaces, h.replaces_rows,
                  h.replaced_by, h.replaced_rows
           FROM h JOIN deliveries d USING (delivery_id)
           WHERE (?::VARCHAR IS NULL OR h.ministerie = ?)
             AND (?::VARCHAR IS NULL OR h.theme = ?)
             AND (?::INTEGER IS NULL OR h.jaar = ?)
             AND (?::INTEGER[] IS NULL OR d.delivery_id IN (SELECT unnest(?::INTEGER[])))
           ORDER BY d.delivery_id DESC, h.theme, h.ministerie, h.jaar""",
        [ministry, ministry, theme, theme, year, year, wanted, wanted],
    ).fetchall()
    out: dict[int, DeliveryRecord] = {}
    for d, name, digest, supplier, at, total, *cov in rows:
        record = out.get(d)
        if record is None:
            record = out[d] = DeliveryRecord(int(d), name, digest, supplier, at, int(total))
        t, m, y, n, rep, rep_n, by, by_n = cov
        record.coverage.append(Covered(t, m, y, int(n), rep, rep_n, by, by_n))
    return list(out.values())


def years_with_deliveries(con: duckdb.DuckDBPyConnection) -> list[int]:
    return [int(y) for (y,) in con.execute(
        "SELECT DISTINCT jaar FROM coverage WHERE jaar IS NOT NULL ORDER BY 1"
    ).fetchall()]  # fmt: skip

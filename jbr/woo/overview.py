"""``jbr woo deadlines``: every request of delivery files with its deadline, status and penalty.

The files are read and checked like ``jbr validate`` does, in an in-memory DuckDB
(no store), by the caller (``jbr.api.woo_deadlines``); here the rules run as the
vectorised Ibis expressions of :mod:`jbr.woo.vectorised` over the checked tables. The
reporting date is passed in: the clock is read by the CLI, never here.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import duckdb
import ibis
import numpy as np

from ..codelists.atw import AtwCalendar, atw_calendar
from ..deliveries.problems import Problem
from ..deliveries.validate import CheckedSheet
from ..locale import text
from .deadlines import EXCLUDED, LATE, ON_TIME, OPEN, OVERDUE, STATUSES
from .vectorised import assessed, consulted_years

WOO_THEMES = frozenset({"woo_verzoeken", "woo_opschortingen"})
DUE_SOON_WORKING_DAYS = 10  # "due within 10 working days" comes first in the table
REQUEST_COLUMNS = (
    "verzoek_id",
    "ministerie",
    "ontvangen",
    "besluit",
    "verdaagd",
    "afgesproken_termijn",
    "uitkomst",
    "ingebrekestelling",
)
SUSPENSION_COLUMNS = ("verzoek_id", "van", "tot")
SCOPE = ("_ministerie", "_jaar")
CSV_HEADER = (
    "verzoek_id",
    "ministerie",
    "ontvangen",
    "deadline",
    "besluit",
    "status",
    "penalty_eur",
)


@dataclass(frozen=True)
class DeadlineRow:
    """One request as of the reporting date (SPEC §2, ``jbr woo deadlines``)."""

    verzoek_id: str
    ministerie: str
    ontvangen: date
    deadline: date
    besluit: date | None  # empty when undecided as of the reporting date
    status: str
    penalty_eur: int  # whole euros: every Awb 4:17 daily rate is a whole amount
    working_days_left: int | None = None  # open: open days after the reporting date ≤ deadline
    days_late: int | None = None  # late: decision − deadline; overdue: reporting date − deadline

    @property
    def due_soon(self) -> bool:
        return self.status == OPEN and (self.working_days_left or 0) <= DUE_SOON_WORKING_DAYS

    def as_csv(self) -> dict[str, Any]:
        return {
            "verzoek_id": self.verzoek_id,
            "ministerie": self.ministerie,
            "ontvangen": self.ontvangen.isoformat(),
            "deadline": self.deadline.isoformat(),
            "besluit": self.besluit.isoformat() if self.besluit else "",
            "status": self.status,
            "penalty_eur": self.penalty_eur,
        }


@dataclass
class WooDeadlines:
    """The rows in file order, with the files' problems and the calendar's warnings."""

    reporting_date: date
    rows: list[DeadlineRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    later_received: int = 0  # requests received after the reporting date, left out

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    def counts(self) -> dict[str, int]:
        """Requests per status (every status, zero included)."""
        found = Counter(r.status for r in self.rows)
        return {s: found.get(s, 0) for s in STATUSES}

    @property
    def due_soon(self) -> int:
        return sum(r.due_soon for r in self.rows)

    @property
    def total_penalty_eur(self) -> int:
        return sum(r.penalty_eur for r in self.rows)

    def by_urgency(self) -> list[DeadlineRow]:
        """Overdue, due within 10 working days, decided late, other open, on time, excluded."""

        def rank(r: DeadlineRow) -> int:
            if r.status == OVERDUE:
                return 0
            if r.due_soon:
                return 1
            return {LATE: 2, OPEN: 3, ON_TIME: 4, EXCLUDED: 5}[r.status]

        return sorted(self.rows, key=lambda r: (rank(r), r.deadline, r.verzoek_id))


def _no_requests(paths: list[Path], lang: str) -> Problem:
    names = ", ".join(p.name for p in paths)
    message = text("woo.geen_verzoeken", lang)
    return Problem(names, None, None, None, None, "woo_geen_verzoeken", message)


def _union(relations: list[str], columns: tuple[str, ...], empty: str) -> str:
    cols = ", ".join(f'"{c}"' for c in columns)
    parts = [f"SELECT {cols}, {i} AS _bestand, _row FROM {rel}" for i, rel in enumerate(relations)]
    return " UNION ALL ".join(parts) if parts else empty


def working_days_after(
    reporting_date: date, deadlines: np.ndarray, calendar: AtwCalendar
) -> np.ndarray:
    """Open days ``d`` with ``reporting_date < d ≤ deadline`` (Atw calendar), per deadline."""
    if deadlines.size == 0:
        return np.zeros(0, dtype=int)
    last = max(reporting_date, deadlines.max().astype(date))
    holidays = np.array(calendar.holiday_days(reporting_date, last), dtype="datetime64[D]")
    begin = np.datetime64(reporting_date + timedelta(days=1), "D")
    ends = deadlines + np.timedelta64(1, "D")
    return np.where(ends > begin, np.busday_count(begin, ends, holidays=holidays), 0)


def deadlines_of_checked(
    con: duckdb.DuckDBPyConnection,
    checked: list[tuple[Path, list[CheckedSheet], list[Problem]]],
    reporting_date: date,
    lang: str = "nl",
    calendar: AtwCalendar | None = None,
) -> WooDeadlines:
    """Deadline, status and penalty of every request in checked files (``check_files``
    on ``con``) as of ``reporting_date``.

    Files with errors give only their problems (nothing is computed from a
    rejected delivery); warnings are passed on with the result.
    """
    calendar = calendar or atw_calendar()
    result = WooDeadlines(reporting_date)
    paths = [path for path, _, _ in checked]
    try:
        result.problems = [p for _, _, problems in checked for p in problems]
        sheets = [s for _, found, _ in checked for s in found]
        requests = [s.typed for s in sheets if s.theme.name == "woo_verzoeken"]
        suspensions = [s.typed for s in sheets if s.theme.name == "woo_opschortingen"]
        if not requests and not result.errors:
            result.problems.append(_no_requests(paths, lang))
        if result.errors:
            return result
        con.execute(
            f"CREATE TEMP VIEW _woo_requests AS {_union(requests, REQUEST_COLUMNS + SCOPE, '')}"
        )
        empty = (
            "SELECT CAST(NULL AS VARCHAR) AS verzoek_id, CAST(NULL AS DATE) AS van, "
            "CAST(NULL AS DATE) AS tot, CAST(NULL AS VARCHAR) AS _ministerie, "
            "CAST(NULL AS INTEGER) AS _jaar, 0 AS _bestand, 0 AS _row WHERE false"
        )
        union = _union(suspensions, SUSPENSION_COLUMNS + SCOPE, empty)
        con.execute(f"CREATE TEMP VIEW _woo_suspensions AS {union}")
        backend = ibis.duckdb.from_connection(con)
        r, s = backend.table("_woo_requests"), backend.table("_woo_suspensions")
        # As of the reporting date, a request received after it does not exist yet.
        received = r.ontvangen <= ibis.date(reporting_date)
        result.later_received = int(r.filter(~received).count().to_pyarrow().as_py())
        t = assessed(r.filter(received), s, calendar, reporting_date)
        table = (
            t.order_by(["_bestand", "_row"])
            .select(
                "verzoek_id",
                "ministerie",
                "ontvangen",
                "besluit",
                "deadline",
                "termijn_einde",
                "status",
                "penalty_eur",
            )
            .to_pyarrow()
        )
    finally:
        con.execute("DROP VIEW IF EXISTS _woo_requests; DROP VIEW IF EXISTS _woo_suspensions")
    cols = table.to_pydict()
    if cols["termijn_einde"]:
        years = consulted_years(min(cols["termijn_einde"]), max(cols["termijn_einde"]))
        result.warnings = calendar.warnings_for(years, lang)
    result.rows = deadline_rows(cols, reporting_date, calendar)
    return result


def deadline_rows(
    cols: dict[str, list[Any]], reporting_date: date, calendar: AtwCalendar
) -> list[DeadlineRow]:
    deadlines = np.array(cols["deadline"], dtype="datetime64[D]")
    left = working_days_after(reporting_date, deadlines, calendar)
    rows = []
    for i, status in enumerate(cols["status"]):
        decision = cols["besluit"][i]
        if decision is not None and decision > reporting_date:
            decision = None  # not yet taken on the reporting date
        deadline = cols["deadline"][i]
        late = None
        if status == LATE:
            late = (decision - deadline).days
        elif status == OVERDUE:
            late = (reporting_date - deadline).days
        rows.append(
            DeadlineRow(
                verzoek_id=cols["verzoek_id"][i],
                ministerie=cols["ministerie"][i],
                ontvangen=cols["ontvangen"][i],
                deadline=deadline,
                besluit=decision,
                status=status,
                penalty_eur=int(cols["penalty_eur"][i]),
                working_days_left=int(left[i]) if status == OPEN else None,
                days_late=late,
            )
        )
    return rows

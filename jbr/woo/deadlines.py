"""The Woo decision term, its status and the penalty for a late decision, one request at a time.

This is the readable reference implementation of SPEC §5.2 (Woo art. 4.4, Awb
4:17, Algemene termijnenwet art. 1). The vectorised form in
:mod:`jbr.woo.vectorised` must give the same answer for every request; tests and
the benchmark compare the two.

Before the Woo: the Wet open overheid replaced the Wet openbaarheid van bestuur
(Wob) on 1 May 2022, without transitional law for requests (a pending Wob request
was decided under the Woo from that day). Two rules differ:

- the extension (verdaging): Wob art. 6 lid 2 allowed four weeks, Woo art. 4.4
  lid 2 two. It is announced before the first four weeks run out, so the law in
  force on their last day (receipt + 28 days) decides: before 1 May 2022 the Wob.
- the penalty: from 1 October 2016 no penalty (dwangsom) ran on a Wob decision
  (Wob art. 15); the Woo has none of that exclusion. A notice of default received
  from 1 October 2016 up to 30 April 2022 earns no penalty.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from ..codelists.atw import AtwCalendar

TERM_DAYS = 28  # Woo art. 4.4 lid 1 (and Wob art. 6 lid 1): four weeks
EXTENDED_TERM_DAYS = 42  # Woo art. 4.4 lid 2: extended (verdaagd) by two weeks
WOB_EXTENDED_TERM_DAYS = 56  # Wob art. 6 lid 2: extended by four weeks
WOO_IN_FORCE = date(2022, 5, 1)  # Wet open overheid (Stb. 2021, 499), replacing the Wob
WOB_NO_PENALTY_FROM = date(2016, 10, 1)  # Wob art. 15: no Awb penalty on Wob decisions
NOTICE_GRACE_DAYS = 14  # Awb 4:17 lid 3: two weeks after the notice of default
PENALTY_MAX_DAYS = 42  # Awb 4:17 lid 1: at most 42 days
PENALTY_BANDS = ((14, 23), (14, 35), (14, 45))  # (days, euros a day), Awb 4:17 lid 2
PENALTY_MAX_EUR = sum(days * euros for days, euros in PENALTY_BANDS)  # € 1,442
WITHDRAWN = "ingetrokken"  # uitkomst of a withdrawn request

ON_TIME, LATE, OPEN, OVERDUE, EXCLUDED = "on_time", "late", "open", "overdue", "excluded"
STATUSES = (ON_TIME, LATE, OPEN, OVERDUE, EXCLUDED)

Suspension = tuple[date, date]  # van, tot (inclusive)


def suspended_days(suspensions: Iterable[Suspension]) -> int:
    """Days the term is suspended: the union of van..tot (inclusive); overlaps count once."""
    days: set[date] = set()
    for van, tot in suspensions:
        days.update(van + timedelta(days=k) for k in range((tot - van).days + 1))
    return len(days)


def under_wob(received: date) -> bool:
    """The first four weeks ran out before the Woo applied (1 May 2022): the Wob's
    extension of four weeks was the one that could be announced (Wob art. 6 lid 2)."""
    return received + timedelta(days=TERM_DAYS) < WOO_IN_FORCE


def term_days(received: date, extended: bool) -> int:
    """Days from receipt to the end of the term before suspensions and the Atw move:
    28, or when lawfully extended 42 (Woo art. 4.4 lid 2) or 56 (Wob art. 6 lid 2)."""
    if not extended:
        return TERM_DAYS
    return WOB_EXTENDED_TERM_DAYS if under_wob(received) else EXTENDED_TERM_DAYS


def term_end(
    received: date, extended: bool, suspensions: Iterable[Suspension], calendar: AtwCalendar
) -> date:
    """Woo art. 4.4 (before 1 May 2022 Wob art. 6) term, moved by the Atw art. 1.

    The term starts the day after receipt, so four weeks end on ``received + 28``
    (when lawfully extended six weeks, ``+ 42``, or under the Wob eight, ``+ 56``);
    each suspended day adds a day; an end on a Saturday, Sunday or Atw holiday moves
    to the next open day.
    """
    days = term_days(received, extended) + suspended_days(suspensions)
    return calendar.next_open_day(received + timedelta(days=days))


def penalty_possible(notice: date) -> bool:
    """A notice of default can earn a penalty: not under Wob art. 15 (1 October 2016 up
    to the Woo of 1 May 2022), which excluded the Awb penalty for Wob decisions."""
    return not (WOB_NO_PENALTY_FROM <= notice < WOO_IN_FORCE)


def legal_deadline(
    received: date,
    extended: bool,
    suspensions: Iterable[Suspension],
    agreed: date | None,
    calendar: AtwCalendar,
) -> date:
    """The day by which the decision is due: the legal term or the later agreed date.

    Woo art. 4.4 with Awb and Algemene termijnenwet art. 1 (see :func:`term_end`).
    An ``afgesproken_termijn`` later than the legal term is the deadline as agreed,
    not moved by the Atw; an agreed date on or before the legal term is ignored,
    because a requester cannot shorten the statutory term.
    """
    legal = term_end(received, extended, suspensions, calendar)
    return agreed if agreed is not None and agreed > legal else legal


def is_decided(decision: date | None, reporting_date: date) -> bool:
    """Decided as of the reporting date (a decision after it is not yet known then)."""
    return decision is not None and decision <= reporting_date


def status(deadline: date, decision: date | None, withdrawn: bool, reporting_date: date) -> str:
    """``on_time``, ``late``, ``open``, ``overdue`` or ``excluded`` as of the reporting date.

    Woo art. 4.4 with the deadline of :func:`legal_deadline`. Withdrawn requests
    (``uitkomst = ingetrokken``) are excluded. A request decided on or before its
    deadline is on time, after it late; an undecided one is open through its
    deadline and overdue once the reporting date is past it.
    """
    if withdrawn:
        return EXCLUDED
    if decision is not None and is_decided(decision, reporting_date):
        return ON_TIME if decision <= deadline else LATE
    return OPEN if reporting_date <= deadline else OVERDUE


def penalty_days(
    deadline: date, notice: date | None, decision: date | None, reporting_date: date
) -> list[date]:
    """The days a penalty (dwangsom) runs, Awb 4:17.

    A notice of default (``ingebrekestelling``) counts only when received after the
    deadline. The administrative body then has two weeks: a decision on or before
    ``notice + 14`` owes nothing. Otherwise the penalty runs from ``notice + 15``
    (the day after those two weeks) to the day before the decision — the decision
    day itself is not a day in default — or, while undecided, up to and including
    the reporting date; at most 42 days. A notice under the Wob from 1 October 2016
    earns nothing (:func:`penalty_possible`).
    """
    if notice is None or notice <= deadline or not penalty_possible(notice):
        return []
    first = notice + timedelta(days=NOTICE_GRACE_DAYS + 1)
    last = reporting_date
    if decision is not None and is_decided(decision, reporting_date):
        last = decision - timedelta(days=1)
    count = min(max((last - first).days + 1, 0), PENALTY_MAX_DAYS)
    return [first + timedelta(days=k) for k in range(count)]


def daily_rate(day_number: int) -> int:
    """Euros for the ``day_number``-th penalty day (1-based): 23, 35 or 45 (Awb 4:17 lid 2)."""
    bound = 0
    for days, euros in PENALTY_BANDS:
        bound += days
        if day_number <= bound:
            return euros
    raise ValueError(f"a penalty runs at most {PENALTY_MAX_DAYS} days")


def penalty_eur(
    deadline: date,
    notice: date | None,
    decision: date | None,
    reporting_date: date,
    year: int | None = None,
) -> int:
    """Penalty owed under Awb 4:17 as of the reporting date, in whole euros (≤ € 1,442).

    ``year``: only the amounts of penalty days that fall in that calendar year
    (the indicator ``woo.penalty_eur`` attributes each day to its own year).
    """
    return sum(
        daily_rate(k)
        for k, day in enumerate(penalty_days(deadline, notice, decision, reporting_date), start=1)
        if year is None or day.year == year
    )


@dataclass(frozen=True)
class Request:
    """The fields of a ``woo_verzoeken`` row the rules use, and its suspensions."""

    verzoek_id: str
    received: date
    extended: bool = False
    suspensions: tuple[Suspension, ...] = ()
    agreed: date | None = None
    decision: date | None = None
    outcome: str | None = None
    notice: date | None = None

    @property
    def withdrawn(self) -> bool:
        return self.outcome == WITHDRAWN


@dataclass(frozen=True)
class Assessment:
    deadline: date
    status: str
    penalty_eur: int


def assess(request: Request, calendar: AtwCalendar, reporting_date: date) -> Assessment:
    """Deadline, status and penalty of one request as of ``reporting_date`` (SPEC §5.2).

    A withdrawn request owes no penalty here: it is excluded like in every Woo figure.
    """
    r = request
    deadline = legal_deadline(r.received, r.extended, r.suspensions, r.agreed, calendar)
    penalty = 0 if r.withdrawn else penalty_eur(deadline, r.notice, r.decision, reporting_date)
    return Assessment(deadline, status(deadline, r.decision, r.withdrawn, reporting_date), penalty)

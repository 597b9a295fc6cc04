"""Woo requests (SPEC §5.2): the decision term, its status and the penalty for lateness.

Pure computation between deliveries and indicators: ``deadlines`` is the readable
rule for one request, ``vectorised`` the same rule as Ibis expressions for
millions, ``overview`` the per-request list of ``jbr woo deadlines``. Nothing here
needs the store.
"""

from __future__ import annotations

from .deadlines import (
    EXCLUDED,
    LATE,
    ON_TIME,
    OPEN,
    OVERDUE,
    PENALTY_MAX_EUR,
    STATUSES,
    Assessment,
    Request,
    assess,
    legal_deadline,
    penalty_days,
    penalty_eur,
    status,
    suspended_days,
    term_end,
)

__all__ = [
    "EXCLUDED",
    "LATE",
    "ON_TIME",
    "OPEN",
    "OVERDUE",
    "PENALTY_MAX_EUR",
    "STATUSES",
    "Assessment",
    "Request",
    "assess",
    "legal_deadline",
    "penalty_days",
    "penalty_eur",
    "status",
    "suspended_days",
    "term_end",
]

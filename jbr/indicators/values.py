"""A computed figure as published (SPEC §2) and the disclosure control (SPEC §6).

``indicator_value`` turns one result row into an ``IndicatorValue``: its target (the
catalogue's, or one delivered with the data), its status against it, and whether it is
suppressed because it describes fewer than ``MIN_PERSONS`` persons.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from ..store.figure_row import FIGURE_KEYS
from .catalogue import Indicator, Target
from .missing import REASONS, present
from .targets import target_status

MIN_PERSONS = 10  # SPEC §6: no published figure describes fewer than 10 persons


@dataclass(frozen=True)
class IndicatorValue:
    """One row of SPEC §2's machine-readable indicator output (plus internal fields)."""

    indicator: str
    year: int
    ministry: str
    value: float | None
    unit: str
    target: float | None
    status: str | None
    suppressed: bool
    persons: int | None = None
    notes: tuple[str, ...] = ()
    breakdown: str | None = None
    reason: str | None = None  # why the value is empty (a key of REASONS)

    def public(self) -> IndicatorValue:
        """The published view: a suppressed figure has no value."""
        if not self.suppressed:
            return self
        return IndicatorValue(**{**asdict(self), "value": None, "notes": self.notes})

    @property
    def figure_id(self) -> str:
        """The id a published figure is known by: a breakdown category is a suffix,
        ``organisation.fte_by_province.PV28``, so every row keeps SPEC §2's shape."""
        return f"{self.indicator}.{self.breakdown}" if self.breakdown else self.indicator

    def as_row(self) -> dict[str, Any]:
        """SPEC §2's machine-readable row, the same keys for every indicator
        (``store.figure_row``); ``indicator`` is the figure's id."""
        return {k: self.figure_id if k == "indicator" else getattr(self, k) for k in FIGURE_KEYS}


def indicator_value(
    ind: Indicator, year: int, r: Any, baseline: dict[str, float], notes: tuple[str, ...]
) -> IndicatorValue:
    number = float(r.value) if present(r.value) else None
    count = int(r.persons) if present(r.persons) else None
    suppressed = bool(ind.persons and count is not None and count < MIN_PERSONS)
    target = ind.target
    if target is not None and present(r.target):
        target = Target(float(r.target), target.direction, target.year, target.baseline_year)
    elif target is not None and target.from_data:
        target = None  # a target that comes from the data, and none was delivered
    if ind.is_prognosis:
        target = None  # SPEC §6: a prognosis is never given a status (catalogue.check_kind)
    reason = r.reason if present(r.reason) else None
    if reason is not None and reason not in REASONS:
        raise ValueError(f"{ind.id}: unknown reason {reason!r}")
    return IndicatorValue(
        indicator=ind.id,
        year=year,
        ministry=r.ministerie,
        value=number,
        unit=ind.unit,
        target=target.value if target else None,
        status=target_status(number, target, year, baseline.get(r.ministerie)),
        suppressed=suppressed,
        persons=count,
        notes=notes,
        breakdown=r.breakdown if present(r.breakdown) else None,
        reason=reason if number is None else None,
    )

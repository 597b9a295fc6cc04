"""Targets (SPEC §2): a figure's status against its target, and the baseline it is
measured from."""

from __future__ import annotations

from typing import Any

from ..codelists import RIJK
from .catalogue import Indicator, Target
from .compare import restate
from .missing import present


def target_status(
    value: float | None, target: Target | None, year: int, baseline: float | None = None
) -> str | None:
    """met / on_track / off_track against a target (SPEC §2).

    Before the target year a figure that already satisfies the target is ``met``
    (met early); otherwise it is ``on_track`` when it is at least as far as the
    straight line from the baseline year's value to the target, else ``off_track``.
    From the target year on (or for a norm without a year) it is met or off_track.
    """
    if target is None or value is None:
        return None
    ok = value <= target.value if target.direction == "at_most" else value >= target.value
    if ok:
        return "met"
    if (
        target.year is None
        or year >= target.year
        or baseline is None
        or target.baseline_year is None
    ):
        return "off_track"
    span = target.year - target.baseline_year
    if span <= 0 or year <= target.baseline_year:
        return "off_track"
    path = baseline + (target.value - baseline) * (year - target.baseline_year) / span
    on_path = value <= path if target.direction == "at_most" else value >= path
    return "on_track" if on_path else "off_track"


def restated_baseline(
    ind: Indicator, year: int, base: list[Any], rows: list[Any]
) -> dict[str, float]:
    """The baseline year's values (the result rows ``base``), restated to the ministries
    of ``year`` (its rows ``rows``): a successor's baseline is its share of its
    predecessor's, :func:`.compare.restate`."""
    assert ind.target is not None and ind.target.baseline_year is not None
    values = _totals(base)
    restated = restate(
        {m: v for m, v in values.items() if m != RIJK},
        {m: v for m, v in _totals(rows).items() if m != RIJK},
        ind.target.baseline_year,
        year,
        ind.additive,
    )
    if RIJK in values:
        restated[RIJK] = values[RIJK]
    return restated


def _totals(rows: list[Any]) -> dict[str, float]:
    return {r.ministerie: r.value for r in rows if not present(r.breakdown) and present(r.value)}

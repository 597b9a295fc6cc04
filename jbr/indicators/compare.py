"""Comparing years across reorganisations (SPEC §4, §6 "One classification per year, restated").

A year's figures are in the classification of 31 December of that year. To compare
with an earlier year (the year before, or a base year such as 2019 or 2018) the
earlier figures are *restated* to the later classification, one reorganisation at a
time in date order, by the verdeelsleutel:

- an additive figure (a count, an amount: ``Indicator.additive``) of a predecessor
  is split over its successors by their share of the same figure in the later year
  (EZK 2023 over EZ and KGG by their 2024 share; LNV → LVVN share 1; JenV over JenV
  and AenM). A successor without a figure in the later year gets no share; when none
  has one the split is even. The total over ministries is unchanged.
- a ratio (a percentage, an average, a median) is carried: every successor takes the
  predecessor's value, which is what splitting numerator and denominator by the same
  share gives. A successor formed from several predecessors with different values
  (a merger) has no restated value.

Ministries not touched by a reorganisation keep their own figures.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from ..codelists import Reorganisation, reorganisations


def edges_between(base_year: int, year: int) -> list[Reorganisation]:
    """Reorganisation edges after 31 December of ``base_year`` up to 31 December of ``year``."""
    start, end = date(base_year, 12, 31), date(year, 12, 31)
    return [r for r in reorganisations() if start < r.day <= end]


def restate(
    values: dict[str, float],
    current: dict[str, float],
    base_year: int,
    year: int,
    additive: bool = True,
) -> dict[str, float]:
    """``values`` of ``base_year`` (per ministry, no ``RIJK``) restated to the ministries
    of 31 December of ``year``; ``current`` holds the figures of ``year`` that give the
    successors' shares."""
    edges = edges_between(base_year, year)
    end = date(year, 12, 31)
    restated = dict(values)
    for day in sorted({e.day for e in edges}):
        for old in sorted({e.old for e in edges if e.day == day}):
            if old not in restated:
                continue
            new = [e.new for e in edges if e.day == day and e.old == old]
            value = restated.pop(old)
            if not additive:
                for n in new:
                    if n in restated and n != old and restated[n] != value:
                        restated[n] = float("nan")  # a merger of different ratios: unknown
                    else:
                        restated[n] = value
                continue
            weight = {n: _weight_in(n, day, end, current) for n in new}
            total = sum(weight.values())
            for n in new:
                share = weight[n] / total if total else 1.0 / len(new)
                restated[n] = restated.get(n, 0.0) + value * share
    return {m: v for m, v in restated.items() if v == v}  # NaN (unknown) left out


def previous_year_values(
    current: dict[str, float], previous: dict[str, float], year: int, additive: bool = True
) -> dict[str, float]:
    """Values of Y−1 restated to the ministries of Y (see :func:`restate`)."""
    return restate(previous, current, year - 1, year, additive)


def restated_codes(present: Iterable[str], base_year: int, year: int) -> set[str]:
    """The ministries of ``year`` whose restated figure is not simply their own: the
    successors (continuing ones included) of a predecessor in ``present`` (the codes with
    a figure in ``base_year``)."""
    have = set(present)
    touched: set[str] = set()
    for e in sorted(edges_between(base_year, year), key=lambda e: e.day):
        if e.old in have or e.old in touched:
            touched.add(e.new)
    return touched


def _weight_in(code: str, after: date, end: date, current: dict[str, float]) -> float:
    """``code``'s figure at ``end``: its own, or its successors' if it was reorganised again."""
    later = [r for r in reorganisations() if r.old == code and after < r.day <= end]
    if not later:
        value = current.get(code)
        return value if value is not None and value == value and value > 0 else 0.0
    day = min(r.day for r in later)
    return sum(_weight_in(r.new, day, end, current) for r in later if r.day == day)

"""Year-level personnel themes, derived from the simulated workforce's year.

``vacatures``, ``uitgaven_personeel``, ``formatie`` and ``banenafspraak_doel``
are delivered per ministry in its HR workbook, ``tarieven`` Rijk-wide by BZK.
Their sizes follow the simulated December staff, so for instance the ICT
formation sits just above the occupied ICT fte and spending grows with fte.
Rows use the ministries that exist on 31 December of the year (SPEC §3).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import numpy as np

from jbr.codelists import ministries, ministries_valid_in

from . import _people_calibration as cal
from ._people_tables import NO_ICT, Lists, Month, cumulative, draw


@dataclass
class YearSummary:
    """What the year-level themes need from one year of month-end records."""

    year: int
    lists: Lists
    monthly_fte: list[float] = field(default_factory=list)
    december_fte: np.ndarray = field(default_factory=lambda: np.zeros(0))  # per ministry
    december_headcount: np.ndarray = field(default_factory=lambda: np.zeros(0))
    ict_fte: np.ndarray = field(default_factory=lambda: np.zeros((0, 0)))  # ministry × family

    def add(self, month: Month) -> None:
        fte = month.fte
        self.monthly_fte.append(float(fte.sum()))
        if month.peildatum.month != 12:
            return
        n_min, n_fam = len(self.lists.ministries), len(self.lists.families)
        self.december_fte = np.bincount(month.ministry, weights=fte, minlength=n_min)
        self.december_headcount = np.bincount(month.ministry, minlength=n_min)
        ict = month.ict != NO_ICT
        cell = month.ministry[ict].astype(np.int64) * n_fam + month.ict[ict]
        self.ict_fte = np.bincount(cell, weights=fte[ict], minlength=n_min * n_fam).reshape(
            n_min, n_fam
        )


def apportion(total: float, weights: np.ndarray, decimals: int) -> np.ndarray:
    """Split ``total`` by ``weights`` into amounts rounded to ``decimals`` that still add up
    to the rounded total (largest remainder)."""
    unit = 10.0**-decimals
    exact = total * weights / weights.sum() / unit
    floor = np.floor(exact)
    short = int(round(total / unit - floor.sum()))
    order = np.argsort(-(exact - floor), kind="stable")
    floor[order[:short]] += 1
    return np.round(floor * unit, decimals)


class YearThemes:
    """Builds the rows of the year-level themes; one random stream for all years."""

    def __init__(self, rng: np.random.Generator, factor: float, lists: Lists) -> None:
        self.rng = rng
        self.factor = factor
        self.lists = lists
        # A ministry's character stays from year to year: its cost level and how
        # much it hires in (some under the 10 % norm, some well above).
        self.cost_level = {m.code: rng.uniform(0.95, 1.08) for m in ministries()}
        self.hiring_offset = {
            m.code: rng.normal(0, cal.EXTERNAL_HIRING_SPREAD_PP) for m in ministries()
        }
        self.scale_values = np.array(list(cal.HIRE_SCALE) + [15, 16])
        weights = list(cal.HIRE_SCALE.values())
        self.scale_cum = cumulative(weights + [0.02 * sum(weights), 0.01 * sum(weights)])
        self.family_cum = cumulative([cal.ICT_FAMILY_WEIGHT.get(f, 0.05) for f in lists.families])

    def codes(self, year: int) -> list[str]:
        return [m.code for m in ministries_valid_in(year)]

    def index(self, code: str) -> int:
        return self.lists.ministries.index(code)

    def vacatures(self, s: YearSummary) -> dict[str, list[tuple]]:
        """Open vacancies at 31 December: 4–6 % of headcount, ICT ones harder to fill."""
        rng, peildatum, rows = self.rng, date(s.year, 12, 31), {}
        for code in self.codes(s.year):
            heads = s.december_headcount[self.index(code)]
            n = max(1, round(heads * rng.uniform(*cal.VACANCY_SHARE)))
            scale = self.scale_values[draw(rng, self.scale_cum, n)]
            ict = rng.random(n) < cal.VACANCY_ICT_SHARE
            family = draw(rng, self.family_cum, n)
            hard = rng.random(n) < np.where(ict, cal.HARD_TO_FILL["ict"], cal.HARD_TO_FILL["other"])
            rows[code] = [
                (
                    code,
                    peildatum,
                    f"V{s.year}-{code}-{k + 1:05d}",
                    int(scale[k]),
                    self.lists.families[family[k]] if ict[k] else None,
                    "ja" if hard[k] else "nee",
                )
                for k in range(n)
            ]
        return rows

    def uitgaven_personeel(self, s: YearSummary) -> dict[str, list[tuple]]:
        """Own staff ≈ average fte × cost per fte; hiring to make the published Rijk ratio."""
        codes = self.codes(s.year)
        december = np.array([s.december_fte[self.index(c)] for c in codes])
        average_fte = december * np.mean(s.monthly_fte) / december.sum()
        level = np.array([self.cost_level[c] for c in codes])
        personeel = average_fte * cal.COST_PER_FTE[s.year] * level
        rijk = cal.EXTERNAL_HIRING_PCT[s.year] / 100
        offset = np.array([self.hiring_offset[c] for c in codes]) + self.rng.normal(
            0, 1, len(codes)
        )
        ratio = np.clip(rijk + offset / 100, 0.02, 0.40)
        inhuur = personeel * ratio / (1 - ratio)
        inhuur *= rijk / (1 - rijk) * personeel.sum() / inhuur.sum()
        return {
            c: [(c, s.year, int(round(p)), int(round(i)))]
            for c, p, i in zip(codes, personeel, inhuur, strict=True)
        }

    def formatie(self, s: YearSummary) -> dict[str, list[tuple]]:
        """Approved ICT positions: 1.05–1.15 × occupied ICT fte per family (occupancy ≈ 90 %)."""
        rows = {}
        for code in self.codes(s.year):
            occupied = s.ict_fte[self.index(code)]
            factor = self.rng.uniform(*cal.FORMATION_FACTOR, len(occupied))
            rows[code] = [
                (code, s.year, family, round(float(fte * f), 1))
                for family, fte, f in zip(self.lists.families, occupied, factor, strict=True)
                if fte > 0
            ]
            if not rows[code]:  # a ministry without ICT staff still has a position or so
                rows[code] = [(code, s.year, self.lists.families[0], 1.0)]
        return rows

    def banenafspraak_doel(self, s: YearSummary) -> dict[str, list[tuple]]:
        """The Rijk target (3,531 jobs in 2019, 5,144 in 2022) divided by ministry size."""
        codes = self.codes(s.year)
        total = cal.interpolate(cal.DISABILITY_TARGET, s.year) * self.factor
        weights = np.array([s.december_fte[self.index(c)] for c in codes])
        decimals = 0 if self.factor == 1 else 1
        goals = apportion(total, weights, decimals)
        return {
            c: [(c, s.year, int(g) if decimals == 0 else float(g))]
            for c, g in zip(codes, goals, strict=True)
        }

    @staticmethod
    def tarieven(year: int) -> list[tuple]:
        """Integral cost per fte for scales 1–18 (BZK's Rijk-wide price list)."""
        return [(year, scale, cal.tariff(year, scale)) for scale in range(1, 19)]

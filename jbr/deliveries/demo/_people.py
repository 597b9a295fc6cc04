"""A month-by-month simulation of the Rijk workforce, behind the ``personeel`` demo.

Everyone who ever works for the Rijk is a slot in a set of numpy arrays (the
person's id is the slot number); each month-end the workforce loses leavers,
is reorganised, moves between ministries, hires new people and returners,
promotes, changes ICT jobs and falls sick — all vectorised, so a full-scale
run (≈ 150,000 persons, 96 months) takes seconds. Targets come from
``_people_calibration``; the controllers here steer towards them month by
month, so the December sums land on the published figures.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import numpy as np

from jbr.codelists import reorganisations

from . import _people_calibration as cal
from ._people_tables import (
    NO_ICT,
    WOMAN,
    Lists,
    Month,
    cumulative,
    draw,
    ministry_shares,
    month_ends,
    province_weights,
    sickness_factors,
    successor_share,
    town_tables,
)

FIRST_MONTH = date(2016, 1, 31)  # warm-up year 2016, starting from December 2015
LAST_MONTH = date(2024, 12, 31)


# A person's state: one array each, indexed by slot (medewerker_id number − 1).
STATE = {
    "employed": np.bool_,
    "ministry": np.int16,
    "hours": np.int8,  # weekly contract hours
    "scale": np.int8,
    "birth_year": np.int16,
    "gender": np.int8,  # index into GENDERS
    "province": np.int16,
    "spelling": np.int8,
    "municipality": np.int16,
    "unit": np.int8,
    "ict": np.int8,
    "disabled": np.bool_,  # counts for the banenafspraak
    "sick_left": np.int16,  # days left of a sick spell
    "left_month": np.int32,  # index of the month-end a person last left
}


class Workforce:
    """The simulated Rijk workforce; ``months()`` yields its state at each month-end."""

    employed: np.ndarray
    ministry: np.ndarray
    hours: np.ndarray
    scale: np.ndarray
    birth_year: np.ndarray
    gender: np.ndarray
    province: np.ndarray
    spelling: np.ndarray
    municipality: np.ndarray
    unit: np.ndarray
    ict: np.ndarray
    disabled: np.ndarray
    sick_left: np.ndarray
    left_month: np.ndarray

    def __init__(self, rng: np.random.Generator, factor: float) -> None:
        self.rng = rng
        self.factor = factor
        self.lists = Lists.load()
        self.hours_values = np.array(cal.HOURS, dtype=np.int8)
        self.hours_cum = cumulative(cal.HOURS_WEIGHT)
        self.disabled_hours_cum = cumulative(cal.DISABILITY_HOURS_WEIGHT)
        self.mean_hire_fte = float(
            np.dot(cal.HOURS, cal.HOURS_WEIGHT) / np.sum(cal.HOURS_WEIGHT) / cal.FULL_TIME_HOURS
        )
        self.disabled_jobs_per_person = float(
            np.dot(cal.HOURS, cal.DISABILITY_HOURS_WEIGHT)
            / np.sum(cal.DISABILITY_HOURS_WEIGHT)
            / cal.BAAN_HOURS
        )
        self.scale_values = np.array(list(cal.HIRE_SCALE), dtype=np.int8)
        self.scale_cum = cumulative(list(cal.HIRE_SCALE.values()))
        self.family_cum = cumulative(
            [cal.ICT_FAMILY_WEIGHT.get(f, 0.05) for f in self.lists.families]
        )
        self.unit_cum = cumulative(cal.UNIT_WEIGHT)
        self.province_cum = cumulative(province_weights(self.lists))
        self.sick_factor = sickness_factors(self.lists)
        self.town_cum, self.town_index = town_tables(self.lists)
        self.size = 0
        self._allocate(int(cal.RIJK_FTE_DECEMBER[2015] * factor * 3) + 64)

    # --- state ------------------------------------------------------------------------------

    def _allocate(self, capacity: int) -> None:
        """Make room for ``capacity`` persons, keeping everyone so far."""
        for name, dtype in STATE.items():
            old = getattr(self, name, None)
            new: np.ndarray = np.zeros(capacity, dtype=dtype)
            if old is not None:
                new[: len(old)] = old
            setattr(self, name, new)

    def _new_slots(self, count: int) -> np.ndarray:
        if self.size + count > len(self.employed):
            self._allocate(2 * (self.size + count))
        slots = np.arange(self.size, self.size + count)
        self.size += count
        return slots

    # --- the simulation ---------------------------------------------------------------------

    def months(self) -> Iterator[Month]:
        """The workforce at each month-end of 2016–2024 (2016 is warm-up, not delivered)."""
        start = date(2015, 12, 31)
        self._initial_population(start)
        previous = start
        for index, day in enumerate(month_ends(FIRST_MONTH, LAST_MONTH)):
            self._outflow(day, index)
            self._reorganise(previous, day)
            self._mobility(day)
            self._inflow(day, index)
            self._promotions(day)
            self._ict_moves()
            sick = self._sickness(day)
            previous = day
            yield self._snapshot(day, sick)

    def _initial_population(self, day: date) -> None:
        rng = self.rng
        n = round(cal.RIJK_FTE_DECEMBER[day.year] * self.factor / self.mean_hire_fte)
        slots = self._new_slots(n)
        ministry = draw(rng, cumulative(ministry_shares(self.lists, day)), n)
        age = np.clip(np.rint(rng.normal(*cal.STOCK_AGE, n)), 20, cal.RETIREMENT_AGE - 2)
        self._hire(slots, ministry, day.year - age)
        # Staff in post have climbed the ladder: older people sit higher.
        climb = rng.binomial(np.clip((age - 25) // 8, 0, 4).astype(int), 0.5)
        self.scale[slots] = np.minimum(self.scale[slots] + climb, cal.TOP_SCALE - 1)
        top_share = cal.interpolate(cal.TOP_SHARE, day.year)
        n_top = round(top_share * n)
        senior = slots[age >= 40]
        women = senior[self.gender[senior] == WOMAN]
        others = senior[self.gender[senior] != WOMAN]
        n_women = round(cal.interpolate(cal.WOMEN_TOP, day.year) * n_top)
        top = np.concatenate(
            [
                rng.choice(women, n_women, replace=False),
                rng.choice(others, n_top - n_women, replace=False),
            ]
        )
        split = cumulative(cal.TOP_SCALE_SPLIT)
        self.scale[top] = draw(rng, split, len(top)) + cal.TOP_SCALE
        self.ict[slots] = NO_ICT
        ict = slots[rng.random(n) < cal.ICT_SHARE]
        self.ict[ict] = draw(rng, self.family_cum, len(ict))
        self.disabled[slots] = False
        target = cal.DISABILITY_JOBS[day.year] * self.factor
        flagged = rng.choice(slots, round(target / self.disabled_jobs_per_person), replace=False)
        self._flag_disabled(flagged)

    def _hire(self, slots: np.ndarray, ministry: np.ndarray, birth_year: np.ndarray) -> None:
        """Give new persons their ministry and personal attributes."""
        rng, n = self.rng, len(slots)
        self.employed[slots] = True
        self.birth_year[slots] = birth_year
        u = rng.random(n)
        other_x, other_o = cal.GENDER_OTHER["X"], cal.GENDER_OTHER["O"]
        self.gender[slots] = np.select(
            [
                u < cal.WOMEN_HIRED,
                u < cal.WOMEN_HIRED + other_x,
                u < cal.WOMEN_HIRED + other_x + other_o,
            ],
            [WOMAN, 2, 3],
            0,
        )
        self.hours[slots] = self.hours_values[draw(rng, self.hours_cum, n)]
        self.scale[slots] = self.scale_values[draw(rng, self.scale_cum, n)]
        self.spelling[slots] = draw(rng, cumulative(cal.PROVINCE_SPELLING), n)
        self.ict[slots] = np.where(
            rng.random(n) < cal.ICT_HIRE_SHARE, draw(rng, self.family_cum, n), NO_ICT
        )
        self.disabled[slots] = False
        self.sick_left[slots] = 0
        self._place(slots, ministry)

    def _hire_ages(self, count: int) -> np.ndarray:
        """Ages of new hires: a mixture of starters and experienced people."""
        (share, young_mean, young_sd), (_, older_mean, older_sd) = cal.HIRE_AGE
        age = np.where(
            self.rng.random(count) < share,
            self.rng.normal(young_mean, young_sd, count),
            self.rng.normal(older_mean, older_sd, count),
        )
        return np.clip(np.rint(age), *cal.AGE_RANGE).astype(int)

    def _place(self, slots: np.ndarray, ministry: np.ndarray) -> None:
        """Put persons at a ministry: a unit, a place of work and its municipality."""
        rng = self.rng
        self.ministry[slots] = ministry
        self.unit[slots] = draw(rng, self.unit_cum, len(slots))
        province = draw(rng, self.province_cum, ministry)
        self.province[slots] = province
        town = draw(rng, self.town_cum, province)
        self.municipality[slots] = self.town_index[province, town]

    def _flag_disabled(self, slots: np.ndarray) -> None:
        """Count persons for the banenafspraak; they mostly work part-time."""
        self.disabled[slots] = True
        self.hours[slots] = self.hours_values[draw(self.rng, self.disabled_hours_cum, len(slots))]

    def _employed(self) -> np.ndarray:
        return np.flatnonzero(self.employed[: self.size])

    def _outflow(self, day: date, index: int) -> None:
        """Leavers: the year's outflow rate, spread by age (young and near-retired leave more)."""
        rng, staff = self.rng, self._employed()
        age = day.year - self.birth_year[staff]
        bounds, factors = zip(*cal.LEAVING_HAZARD, strict=True)
        hazard = np.array([*factors, 0.0])[np.searchsorted(bounds, age, side="right")]
        forced = age >= cal.RETIREMENT_AGE
        wanted = cal.outflow_pct(day.year) / 100 / 12 * len(staff) - forced.sum()
        p = hazard * max(wanted, 0.0) / hazard.sum()
        leaving = staff[forced | (rng.random(len(staff)) < p)]
        self.employed[leaving] = False
        self.sick_left[leaving] = 0
        self.left_month[leaving] = index

    def _reorganise(self, previous: date, day: date) -> None:
        """At the first month-end after a reorganisation, staff move to the successors."""
        codes = self.lists.ministries
        edges = [r for r in reorganisations() if previous < r.day <= day]
        for old in sorted({r.old for r in edges}):
            new = [r.new for r in edges if r.old == old]
            staff = np.flatnonzero(
                self.employed[: self.size] & (self.ministry[: self.size] == codes.index(old))
            )
            share = cumulative([successor_share(old, code) for code in new])
            self.ministry[staff] = np.array([codes.index(c) for c in new])[
                draw(self.rng, share, len(staff))
            ]

    def _mobility(self, day: date) -> None:
        """About 2 % a year move to another ministry (doorstroom), drawn by ministry size."""
        rng, staff = self.rng, self._employed()
        movers = staff[rng.random(len(staff)) < cal.MOBILITY_PCT / 100 / 12]
        cum = cumulative(ministry_shares(self.lists, day))
        target = draw(rng, cum, len(movers))
        for _ in range(10):  # redraw who drew their own ministry
            same = target == self.ministry[movers]
            if not same.any():
                break
            target[same] = draw(rng, cum, int(same.sum()))
        moving = target != self.ministry[movers]
        movers, target = movers[moving], target[moving]
        self.sick_left[movers] = 0
        self._place(movers, target)

    def _inflow(self, day: date, index: int) -> None:
        """Hire per ministry what its fte target asks; some hires are returners."""
        rng, staff = self.rng, self._employed()
        target = ministry_shares(self.lists, day) * cal.rijk_fte_target(day) * self.factor
        present = np.bincount(
            self.ministry[staff],
            weights=self.hours[staff] / cal.FULL_TIME_HOURS,
            minlength=len(target),
        )
        wanted = np.maximum(np.rint((target - present) / self.mean_hire_fte), 0).astype(int)
        ministry = rng.permutation(np.repeat(np.arange(len(target)), wanted))
        pool = np.flatnonzero(
            ~self.employed[: self.size]
            & (self.left_month[: self.size] <= index - 2)
            & (day.year - self.birth_year[: self.size] <= cal.RETURNER_MAX_AGE)
        )
        n_back = min(round(cal.RETURNER_SHARE * len(ministry)), len(pool))
        back = rng.choice(pool, n_back, replace=False)
        self.employed[back] = True
        self.sick_left[back] = 0
        self._place(back, ministry[:n_back])
        new = self._new_slots(len(ministry) - n_back)
        self._hire(new, ministry[n_back:], day.year - self._hire_ages(len(new)))
        # Banenafspraak: hire as many counted persons as the year's path asks.
        staff = self._employed()
        flagged = staff[self.disabled[staff]]
        jobs = self.hours[flagged].sum() / cal.BAAN_HOURS
        goal = cal.interpolate(cal.DISABILITY_JOBS, cal.month_fraction(day)) * self.factor
        count = int(
            np.clip(np.rint((goal - jobs) / self.disabled_jobs_per_person), 0, len(new) // 2)
        )
        self._flag_disabled(rng.choice(new, count, replace=False))

    def _promotions(self, day: date) -> None:
        """Steady promotions below scale 14; into the top (≥ 15) as many as the top share asks,
        with as many women as the women-at-the-top path asks."""
        rng, staff = self.rng, self._employed()
        scale = self.scale[staff]
        u = rng.random(len(staff))
        up = staff[(scale < cal.TOP_SCALE - 1) & (u < cal.PROMOTION["below_top"])]
        up_top = staff[(scale >= cal.TOP_SCALE) & (scale < 18) & (u < cal.PROMOTION["within_top"])]
        self.scale[np.concatenate([up, up_top])] += 1
        when = cal.month_fraction(day)
        top = staff[scale >= cal.TOP_SCALE]
        n_top = round(cal.interpolate(cal.TOP_SHARE, when) * len(staff))
        count = max(n_top - len(top), 0)
        candidates = staff[scale == cal.TOP_SCALE - 1]
        women = candidates[self.gender[candidates] == WOMAN]
        others = candidates[self.gender[candidates] != WOMAN]
        women_now = int((self.gender[top] == WOMAN).sum())
        n_women = round(cal.interpolate(cal.WOMEN_TOP, when) * (len(top) + count)) - women_now
        n_women = int(np.clip(n_women, 0, min(count, len(women))))
        n_others = min(count - n_women, len(others))
        chosen = np.concatenate(
            [rng.choice(women, n_women, replace=False), rng.choice(others, n_others, replace=False)]
        )
        self.scale[chosen] = cal.TOP_SCALE

    def _ict_moves(self) -> None:
        """Some move into or out of an ICT job family, or to another family (KWIV doorstroom)."""
        rng, staff = self.rng, self._employed()
        ict = self.ict[staff]
        u = rng.random(len(staff))
        p_out, p_switch = cal.ICT_MOVE["out"], cal.ICT_MOVE["switch"]
        p_in = p_out * cal.ICT_SHARE / (1 - cal.ICT_SHARE)
        leave = staff[(ict != NO_ICT) & (u < p_out)]
        switch = staff[(ict != NO_ICT) & (u >= p_out) & (u < p_out + p_switch)]
        enter = staff[(ict == NO_ICT) & (u < p_in)]
        self.ict[leave] = NO_ICT
        moved = np.concatenate([switch, enter])
        self.ict[moved] = draw(rng, self.family_cum, len(moved))

    def _sickness(self, day: date) -> np.ndarray:
        """Sick calendar days this month: spells go on, and new ones start on a random day.

        A spell longer than the rest of the month carries over, so no month gets
        more sick days than it has.
        """
        rng, staff = self.rng, self._employed()
        days_in_month = day.day
        left = self.sick_left[staff].astype(np.int32)
        sick = np.minimum(left, days_in_month)
        age = day.year - self.birth_year[staff]
        a, b, lo, hi = cal.SICK_AGE
        level = cal.SICK_YEAR[day.year] * cal.SICK_MONTH.get((day.year, day.month), 1.0)
        p = (
            cal.SICK_START
            * level
            * cal.SICK_SEASON[day.month - 1]
            * np.clip(a + b * age, lo, hi)
            * self.sick_factor[self.ministry[staff]]
        )
        start = (left == 0) & (rng.random(len(staff)) < p)
        n = int(start.sum())
        spells = list(cal.SICK_SPELL.values())
        kind = draw(rng, cumulative([share for share, _, _ in spells]), n)
        shortest, longest = (
            np.array([s[1] for s in spells])[kind],
            np.array([s[2] for s in spells])[kind],
        )
        long = kind == list(cal.SICK_SPELL).index("long")
        extra = rng.exponential(cal.SICK_LONG_MEAN_EXTRA, n).astype(int)
        length = np.where(
            long, np.minimum(shortest + extra, longest), rng.integers(shortest, longest + 1)
        )
        first = rng.integers(1, days_in_month + 1, n)
        sick[start] = np.minimum(length, days_in_month - first + 1)
        left = left - np.minimum(left, days_in_month)
        left[start] = length - sick[start]
        self.sick_left[staff] = left
        return sick

    def _snapshot(self, day: date, sick: np.ndarray) -> Month:
        staff = self._employed()
        return Month(
            peildatum=day,
            person=staff.astype(np.int32),
            ministry=self.ministry[staff],
            hours=self.hours[staff],
            scale=self.scale[staff],
            birth_year=self.birth_year[staff],
            gender=self.gender[staff],
            province=self.province[staff],
            spelling=self.spelling[staff],
            municipality=self.municipality[staff],
            unit=self.unit[staff],
            ict=self.ict[staff],
            sick_days=sick.astype(np.int16),
            disabled=self.disabled[staff],
        )

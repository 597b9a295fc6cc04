"""Which deliveries a figure reads: its source themes and their years (issue 17, passport).

A figure of indicator I, year Y and ministry M comes from the *current* deliveries (as
they stood when the year was published) of I's source themes (catalogue ``sources``)
that cover M (the Rijk: every ministry) in the years below. Rijk-wide themes
(``tarieven``, ``graaddagen``) count for every ministry. Child themes (``woo_opschortingen``,
``energie``, ``bezetting``) are covered by the ministry and year of their parent row, as
the store records them (SPEC §3).

The years, as the computations read them:

- Y itself, always;
- Y − 1 for a figure compared with the year before (growth, in-, out- and throughflow:
  they start from the staff at 31 December of Y − 1);
- the baseline year of a target with one (its status is measured along the path from it),
  and a fixed reference year (gas against 2019, published documents against 2018,
  weather-corrected gas: the degree days of 2019);
- the EU gas-saving periods ending in Y and the reference periods they are compared with;
- every year up to Y for the CO₂ trend projection;
- for Woo requests, an earlier year's delivery when it holds a request still open on
  1 January of Y (decided in Y or later, or never): such a request counts in Y's
  decisions, terms and penalties (``woo_requests``).

A register delivered without a year (``jaar`` empty) counts for a year in which the
ministry has no register of that theme with the year.
"""

from __future__ import annotations

from dataclasses import dataclass

from .catalogue import Indicator

PREVIOUS_YEAR_COMPUTATIONS = frozenset({"personnel_growth", "personnel_flows", "ict_flows"})
# Fixed reference years, per indicator: (theme or None for every source theme, year).
REFERENCE_YEARS: dict[str, tuple[tuple[str | None, int], ...]] = {
    "energy.gas_reduction_vs_2019_pct": ((None, 2019),),
    "woo.published_growth_vs_2018": ((None, 2018),),
    "energy.gas_tj_weather_corrected": (("graaddagen", 2019),),
}
ALL_EARLIER_YEARS = frozenset({"climate_projection"})
OPEN_REQUEST_COMPUTATIONS = frozenset({"woo_requests"})
FIRST_YEAR = 2000  # "every year up to Y": no store holds earlier deliveries


@dataclass(frozen=True)
class Reads:
    """Per source theme the years whose deliveries a figure reads; ``open_before``: the
    themes whose earlier years count when the delivery holds a request open on 1 January."""

    years: dict[str, frozenset[int]]
    open_before: frozenset[str] = frozenset()


def reads(ind: Indicator, year: int) -> Reads:
    """The themes and years a figure of ``ind`` in ``year`` reads (see the module)."""
    extra: set[int] = set()
    if ind.computation in PREVIOUS_YEAR_COMPUTATIONS:
        extra.add(year - 1)
    if ind.target is not None and ind.target.baseline_year and ind.target.baseline_year < year:
        extra.add(ind.target.baseline_year)
    if ind.computation in ALL_EARLIER_YEARS:
        extra.update(range(FIRST_YEAR, year))
    if ind.computation == "energy_saving":
        from .sustainability.saving import SAVING_PERIODS

        for p in SAVING_PERIODS:
            if p.year == year:
                extra.update(range(p.first.year, p.last.year + 1))
                for first, last in p.reference:
                    extra.update(range(first.year, last.year + 1))
    years = {theme: frozenset({year, *extra}) for theme in ind.sources}
    for theme, ref in REFERENCE_YEARS.get(ind.id, ()):
        if ref >= year:
            continue
        for t in [theme] if theme else list(ind.sources):
            if t in years:
                years[t] = years[t] | {ref}
    open_before = (
        frozenset(ind.sources) if ind.computation in OPEN_REQUEST_COMPUTATIONS else frozenset()
    )
    return Reads(years, open_before)

"""SPEC §5.3 the EU gas-saving periods: gas of a period against the same months of reference years."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from ...locale import text
from ..engine import Context, computation
from ..rows import by_unit, empty, result_rows
from .energy import restated, year_carriers
from .energy_months import GAS, month_key, monthly


@dataclass(frozen=True)
class SavingPeriod:
    """An EU gas-saving period and the periods its reference averages."""

    first: dt.date
    last: dt.date
    reference: tuple[tuple[dt.date, dt.date], ...]
    source: str

    @property
    def year(self) -> int:
        """SPEC §2: a period indicator is reported under the year the period ends."""
        return self.last.year


SAVING_PERIODS = (
    # Reg. (EU) 2022/1369 art. 2(2): the average of 1 Aug–31 Mar over the five
    # consecutive years before it entered into force (Aug 2017–Mar 2018 … Aug 2021–Mar 2022).
    SavingPeriod(
        dt.date(2022, 8, 1),
        dt.date(2023, 3, 31),
        tuple((dt.date(y, 8, 1), dt.date(y + 1, 3, 31)) for y in range(2017, 2022)),
        "Verordening (EU) 2022/1369",
    ),
    # Reg. (EU) 2023/706: the average of 1 Apr–31 Mar over 1 Apr 2017–31 Mar 2022,
    # i.e. the five periods Apr 2017–Mar 2018 … Apr 2021–Mar 2022.
    SavingPeriod(
        dt.date(2023, 4, 1),
        dt.date(2024, 3, 31),
        tuple((dt.date(y, 4, 1), dt.date(y + 1, 3, 31)) for y in range(2017, 2022)),
        "Verordening (EU) 2023/706",
    ),
)


@computation("energy_saving")
def energy_saving(ctx: Context, year: int) -> pd.DataFrame:
    """EU gas-saving periods ending in ``year``: 1 − gas(period) ÷ mean(gas(reference))."""
    periods = [p for p in SAVING_PERIODS if p.year == year]
    if not periods:
        return empty()
    gas = monthly(ctx)
    gas = gas[gas["drager"] == GAS]
    out = []
    for period in periods:
        # Every window in the ministries of the end of the period's year (SPEC §6).
        weights = year_carriers(ctx, year)
        current = _window(gas, period.first, period.last, year, weights)
        references = [_window(gas, a, b, year, weights) for a, b in period.reference]
        f = current.rename(columns={"gas": "current"})
        for i, ref in enumerate(references):
            f = f.merge(ref.rename(columns={"gas": f"ref{i}"}), on="ministerie", how="inner")
        ref_cols = [f"ref{i}" for i in range(len(references))]
        f = f[(f[ref_cols] > 0).all(axis=1)]
        value = (1 - f["current"] / f[ref_cols].mean(axis=1)) * 100
        out.append(result_rows(f, "energy.gas_saving_pct", value))
        ctx.note(
            "energy.gas_saving_pct",
            year,
            text(
                "indicatoren.noot.besparing",
                "nl",
                first=f"{period.first:%d-%m-%Y}",
                last=f"{period.last:%d-%m-%Y}",
                since=period.reference[0][0].year,
                until=period.reference[-1][1].year,
                source=period.source,
            ),
        )
    return pd.concat(out, ignore_index=True)


def _window(
    gas: pd.DataFrame, first: dt.date, last: dt.date, year: int, weights: pd.DataFrame
) -> pd.DataFrame:
    """Gas of the months ``first``..``last`` per ministry of the end of ``year``: the
    months of each calendar year are in that year's ministries, restated by the
    successors' share of ``weights`` (the gas of ``year``) where a reorganisation
    lies between (:func:`.compare.restate`)."""
    inside = gas[(gas["month"] >= month_key(first)) & (gas["month"] <= month_key(last))]
    parts = [
        restated(by_unit(months.rename(columns={"verbruik": "gas"}), ["gas"]), weights, y, year)
        for y, months in inside.groupby("year")
    ]
    if not parts:
        return pd.DataFrame(columns=["ministerie", "gas"])
    return pd.concat(parts).groupby("ministerie", as_index=False)["gas"].sum(min_count=1)

"""SPEC §5.1 personnel indicators as Ibis expressions over ``current_personeel``."""

from __future__ import annotations

import datetime as dt

import ibis
import pandas as pd

from ..codelists import RIJK
from .compare import previous_year_values
from .engine import Context, computation, empty, longer, per_ministry_and_rijk


def year_end(personeel: ibis.Table, year: int) -> ibis.Table:
    """Records of persons employed on 31 December of ``year``."""
    return personeel.filter(personeel.peildatum == ibis.date(dt.date(year, 12, 31)))


@computation("personnel_stock")
def personnel_stock(ctx: Context, year: int) -> pd.DataFrame:
    """Headcount and fte on 31 December (SPEC §5.1)."""
    dec = year_end(ctx.table("personeel"), year)
    frame = per_ministry_and_rijk(
        dec,
        headcount=lambda t: t.medewerker_id.nunique(),
        fte=lambda t: t.fte.sum(),
    )
    frame = frame[frame["headcount"] > 0]
    return longer(frame, {"personnel.headcount": "headcount", "personnel.fte": "fte"},
                  persons="headcount")


@computation("personnel_growth")
def personnel_growth(ctx: Context, year: int) -> pd.DataFrame:
    """fte growth against the year before, restated across reorganisations."""
    now = ctx.result("personnel_stock", year)
    before = ctx.result("personnel_stock", year - 1)
    fte_now = _values(now, "personnel.fte")
    fte_before = _values(before, "personnel.fte")
    if not fte_now or not fte_before:
        return empty()
    persons = _values(now, "personnel.headcount")
    restated, notes = previous_year_values(fte_now, fte_before, year)
    for text in notes:
        ctx.note("personnel.fte_growth_pct", year, text)
    rows = []
    for ministry, value in fte_now.items():
        prev = restated.get(ministry) if ministry != RIJK else fte_before.get(RIJK)
        if prev:
            rows.append((ministry, (value - prev) / prev * 100, persons.get(ministry)))
    return pd.DataFrame({
        "indicator": "personnel.fte_growth_pct",
        "ministerie": [r[0] for r in rows],
        "value": [r[1] for r in rows],
        "persons": [r[2] for r in rows],
    })


def _values(frame: pd.DataFrame, indicator: str) -> dict[str, float]:
    rows = frame[frame["indicator"] == indicator]
    return dict(zip(rows["ministerie"], rows["value"].astype(float), strict=True))

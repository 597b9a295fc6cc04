"""A computation's result rows (``RESULT_COLUMNS``) and the helpers that build them.

A computation returns, per indicator, one row per ministry and one for the Rijk
(``RIJK``, computed over all records, never summed from the ministries): built with
``per_ministry_and_rijk`` and ``result_rows``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import ibis
import pandas as pd

from ..codelists import RIJK

RESULT_COLUMNS = ["indicator", "ministerie", "value", "persons", "target", "breakdown", "reason"]
# target: a per-row target from the data (e.g. banenafspraak_doel), else the catalogue's.
# breakdown: a category within the indicator (e.g. the province of fte_by_province).
# reason: why a value is empty, as a key of missing.REASONS.


def empty() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype="object") for c in RESULT_COLUMNS})


def pct(numerator: pd.Series, denominator: pd.Series) -> pd.Series:
    """numerator ÷ denominator × 100; unknown (NaN) where the denominator is 0."""
    return (numerator / denominator.where(denominator > 0)) * 100


def per_ministry_and_rijk(
    table: ibis.Table,
    jaar: ibis.Value | None = None,
    **aggregates: Callable[[ibis.Table], Any],
) -> pd.DataFrame:
    """Aggregate per ministry and, separately, over all records for the Rijk (never summed).

    With ``jaar`` (the year of each record) per year as well, in a ``jaar`` column:
    several years in one query, a year without records has no rows at all (without it
    the Rijk always has a row, of empty aggregates when there are no records).
    """
    keys = {} if jaar is None else {"jaar": jaar}
    per = table.group_by(**keys, ministerie=table.ministerie).agg(
        **{k: f(table) for k, f in aggregates.items()}
    )
    values = {k: f(table) for k, f in aggregates.items()}
    whole = (table.group_by(**keys).agg(**values) if keys else table.agg(**values)).mutate(
        ministerie=ibis.literal(RIJK)
    )
    frame = ibis.union(per, whole.select(per.columns)).to_pandas()
    return frame


def result_rows(
    frame: pd.DataFrame,
    indicator: str,
    value: pd.Series,
    *,
    persons: pd.Series | None = None,
    target: pd.Series | None = None,
    breakdown: pd.Series | None = None,
    reason: pd.Series | None = None,
) -> pd.DataFrame:
    """One indicator's result rows (``RESULT_COLUMNS``), one per row of ``frame`` (its
    ``ministerie``). ``value`` becomes a number (unknown where it is none); the optional
    columns are empty unless given. Series align on ``frame``'s index, so a series over
    fewer rows (``dropna``) leaves the others empty."""
    return pd.DataFrame(
        {
            "indicator": indicator,
            "ministerie": frame["ministerie"],
            "value": pd.to_numeric(value, errors="coerce").astype("float64"),
            "persons": persons,
            "target": target,
            "breakdown": breakdown,
            "reason": reason,
        }
    )


def by_unit(frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """Sums per ministry and, from the same rows, for the Rijk."""
    if frame.empty:
        return pd.DataFrame(columns=["ministerie", *columns])
    per = frame.groupby("ministerie", as_index=False)[columns].sum(min_count=1)
    whole = frame[columns].sum(min_count=1).to_frame().T.assign(ministerie=RIJK)
    return pd.concat([per, whole[per.columns]], ignore_index=True)

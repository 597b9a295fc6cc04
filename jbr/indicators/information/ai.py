"""SPEC §5.5 generative AI: use cases from the ministries' registers, and those without a risk analysis."""

from __future__ import annotations

import datetime as dt

import ibis
import pandas as pd

from ..classification import classify
from ..engine import Context, computation, listing
from ..rows import empty, pct, per_ministry_and_rijk, result_rows

AI_LIST_COLUMNS = ["toepassing_id", "ministerie", "naam", "status", "dpia"]


def latest_year(ctx: Context) -> int | None:
    """The most recent year the store holds any year-scoped delivery for."""

    def make() -> int | None:
        coverage = ctx.backend.table("coverage")
        found = coverage.jaar.max().to_pyarrow().as_py()
        return int(found) if found is not None else None

    return ctx.memo("latest_year", 0, make)


def ai_register(ctx: Context, year: int) -> ibis.Table:
    """Use cases registered for ``year``.

    Rows with ``jaar`` = ``year`` count; a register delivered without ``jaar`` is the
    current state and stands for the most recent year in the store, for the
    ministries that sent no rows with that year.
    """
    ai = ctx.table("ai_toepassingen")
    ai = ai.select(*AI_LIST_COLUMNS, "risicoanalyse", "jaar")
    dated = ai.filter(ai.jaar == year)
    if year != latest_year(ctx):
        return dated
    sent = dated.select("ministerie").distinct()
    undated = ai.filter(ai.jaar.isnull())
    undated = undated.mutate(ministerie=classify(undated.ministerie, year))
    undated = undated.anti_join(sent, "ministerie")
    return ibis.union(dated, undated.select(*dated.columns))


def _assessed_by(register: ibis.Table, year: int) -> ibis.BooleanValue:
    return register.risicoanalyse.notnull() & (
        register.risicoanalyse <= ibis.date(dt.date(year, 12, 31))
    )


@computation("ai_register")
def ai_use_cases(ctx: Context, year: int) -> pd.DataFrame:
    """Active use cases (pilot or in use) and the share in use with a risk analysis by year end."""
    r = ai_register(ctx, year)
    active = r.status != "gestopt"
    in_use = r.status == "in_gebruik"
    f = per_ministry_and_rijk(
        r,
        use_cases=lambda t: active.ifelse(1, 0).sum(),
        in_use=lambda t: in_use.ifelse(1, 0).sum(),
        assessed=lambda t: (in_use & _assessed_by(t, year)).ifelse(1, 0).sum(),
        rows=lambda t: t.count(),
    )
    f = f[f["rows"] > 0]
    if f.empty:
        return empty()
    in_use_count = f["in_use"].astype("float64")
    share = pct(f["assessed"], in_use_count)
    return pd.concat(
        [
            result_rows(f, "ai.use_cases", f["use_cases"]),
            result_rows(f, "ai.risk_assessed_pct", share),
        ],
        ignore_index=True,
    )


@listing("ai_without_risk_analysis")
def ai_without_risk_analysis(ctx: Context, year: int) -> pd.DataFrame:
    """Use cases in operation without a risk analysis on or before 31 December (SPEC §5.5)."""
    r = ai_register(ctx, year)
    missing = r.filter((r.status == "in_gebruik") & ~_assessed_by(r, year))
    frame = missing.select(*AI_LIST_COLUMNS).to_pandas()
    return frame.sort_values(["ministerie", "toepassing_id"], ignore_index=True)

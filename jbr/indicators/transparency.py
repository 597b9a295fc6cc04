"""Open government and ICT transparency: active publication (SPEC §5.2), AI and ICT (§5.5).

Active publication counts documents per Woo art. 3.3 category and compares with
2018, the first year of the published series. Generative-AI use cases come from
the ministries' registers; large ICT projects from the ICT dashboard deliveries.
"""

from __future__ import annotations

import datetime as dt

import ibis
import pandas as pd

from ..codelists import RIJK
from .classification import classify
from .compare import restate
from .engine import Context, computation, empty, pct, per_ministry_and_rijk, result_rows

PUBLICATION_BASE_YEAR = 2018  # the reference year of woo.published_growth_vs_2018


# --- active publication (Woo art. 3.3) -------------------------------------------------------


@computation("woo_publication")
def woo_publication(ctx: Context, year: int) -> pd.DataFrame:
    """Documents actively published in ``year``: total and per Woo category."""
    total = ctx.per_year("publication_totals", year, lambda ys: _publication_totals(ctx, ys))
    total = total[total["n"] > 0]
    by_category = ctx.per_year(
        "publication_categories", year, lambda ys: _publication_categories(ctx, ys)
    )
    frame = pd.concat(
        [total[["ministerie", "value"]].assign(breakdown=None), by_category], ignore_index=True
    )
    if frame.empty:
        return empty()
    return frame.assign(
        indicator="woo.published_documents", value=frame["value"].astype("float64"), persons=None
    )


def _publications(ctx: Context, years: tuple[int, ...]) -> ibis.Table:
    o = ctx.table("openbaarmaking")
    return o.filter(o.jaar.isin(years))


def _publication_totals(ctx: Context, years: tuple[int, ...]) -> pd.DataFrame:
    o = _publications(ctx, years)
    return per_ministry_and_rijk(
        o, jaar=o.jaar, value=lambda t: t.documenten.sum(), n=lambda t: t.count()
    )


def _publication_categories(ctx: Context, years: tuple[int, ...]) -> pd.DataFrame:
    o = _publications(ctx, years)
    per = o.group_by(jaar=o.jaar, ministerie=o.ministerie, breakdown=o.categorie).agg(
        value=o.documenten.sum()
    )
    whole = (
        o.group_by(jaar=o.jaar, breakdown=o.categorie)
        .agg(value=o.documenten.sum())
        .mutate(ministerie=ibis.literal(RIJK))
    )
    return ibis.union(per, whole.select(per.columns)).to_pandas()


@computation("woo_publication_growth")
def woo_publication_growth(ctx: Context, year: int) -> pd.DataFrame:
    """Documents in ``year`` ÷ documents in 2018, the 2018 figures restated to the
    ministries of ``year`` (:func:`.compare.restate`: a predecessor's 2018 split over its
    successors by their share in ``year``)."""
    now = _totals(ctx.result("woo_publication", year))
    if not now:
        return empty()
    base = _totals(ctx.result("woo_publication", PUBLICATION_BASE_YEAR))
    ministries = {m: v for m, v in base.items() if m != RIJK}
    current = {m: v for m, v in now.items() if m != RIJK}
    restated = restate(ministries, current, PUBLICATION_BASE_YEAR, year)
    restated[RIJK] = base.get(RIJK, 0.0)
    ratio = {m: v / restated[m] if restated.get(m) else None for m, v in now.items()}
    units = pd.DataFrame({"ministerie": list(ratio), "value": list(ratio.values())})
    return result_rows(units, "woo.published_growth_vs_2018", units["value"])


def _totals(frame: pd.DataFrame) -> dict[str, float]:
    rows = frame[frame["breakdown"].isna()]
    return dict(zip(rows["ministerie"], rows["value"].astype(float), strict=True))


# --- generative AI (§5.5) --------------------------------------------------------------------

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


def ai_without_risk_analysis(ctx: Context, year: int) -> pd.DataFrame:
    """Use cases in operation without a risk analysis on or before 31 December (SPEC §5.5)."""
    r = ai_register(ctx, year)
    missing = r.filter((r.status == "in_gebruik") & ~_assessed_by(r, year))
    frame = missing.select(*AI_LIST_COLUMNS).to_pandas()
    return frame.sort_values(["ministerie", "toepassing_id"], ignore_index=True)


# --- large ICT projects (§5.5) ---------------------------------------------------------------


@computation("ict_projects")
def ict_projects(ctx: Context, year: int) -> pd.DataFrame:
    """Projects, budget overrun and schedule slip per ministry and Rijk, and per project."""
    f = ctx.per_year("ict_project_totals", year, lambda years: _project_totals(ctx, years))
    f = f[f["projects"] > 0]
    if f.empty:
        return empty()
    budget = f["budget"].astype("float64")
    dated_count = f["dated"].astype("float64")
    projects = ctx.per_year("ict_project_list", year, lambda years: _project_list(ctx, years))
    project_budget = projects["budget"].astype("float64")
    per_project = pd.concat(
        [
            result_rows(
                projects,
                "ict.project_overrun_pct",
                _overrun(projects["estimate"], project_budget),
                breakdown=projects["breakdown"],
            ),
            result_rows(
                projects, "ict.project_slip_days", projects["slip"], breakdown=projects["breakdown"]
            ),
        ],
        ignore_index=True,
    )
    return pd.concat(
        [
            result_rows(f, "ict.projects", f["projects"]),
            result_rows(f, "ict.budget_overrun_pct", _overrun(f["estimate"], budget)),
            result_rows(
                f, "ict.schedule_slip_days", f["slip_days"] / dated_count.where(dated_count > 0)
            ),
            per_project,
        ],
        ignore_index=True,
    )


def _projects(ctx: Context, years: tuple[int, ...]) -> ibis.Table:
    p = ctx.table("ict_projecten")
    p = p.filter(p.jaar.isin(years))
    return p.mutate(
        _slip=p.verwachte_einddatum.delta(p.geplande_einddatum, unit="day"),
        _dated=p.verwachte_einddatum.notnull() & p.geplande_einddatum.notnull(),
    )


def _project_totals(ctx: Context, years: tuple[int, ...]) -> pd.DataFrame:
    p = _projects(ctx, years)
    return per_ministry_and_rijk(
        p,
        jaar=p.jaar,
        projects=lambda t: t.count(),
        budget=lambda t: t.begroting_eur.sum(),
        estimate=lambda t: t.realisatie_eur.sum(),
        slip_days=lambda t: t._dated.ifelse(t._slip, 0).sum(),
        dated=lambda t: t._dated.ifelse(1, 0).sum(),
    )


def _project_list(ctx: Context, years: tuple[int, ...]) -> pd.DataFrame:
    p = _projects(ctx, years)
    return p.select(
        jaar=p.jaar,
        ministerie=p.ministerie,
        breakdown=p.project_id,
        budget=p.begroting_eur,
        estimate=p.realisatie_eur,
        slip=p._dated.ifelse(p._slip, ibis.null("int64")),
    ).to_pandas()


def _overrun(estimate: pd.Series, budget: pd.Series) -> pd.Series:
    """(estimate ÷ budget − 1) × 100; unknown without a budget."""
    return (estimate.astype("float64") / budget.where(budget > 0) - 1) * 100

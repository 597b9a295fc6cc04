"""SPEC §5.1/§5.5 ICT: the KWIV ICT workforce (formation, occupation, cost, flows, vacancies)
and the large ICT projects of the ICT dashboard."""

from __future__ import annotations

import ibis
import pandas as pd

from ..engine import Context, computation
from ..personnel.flows import flows_frame, starting_stock, without_base
from ..personnel.staff import vacancy_counts, year_ends
from ..rows import empty, pct, per_ministry_and_rijk, result_rows
from ..selection import in_years


@computation("ict_workforce")
def ict_workforce(ctx: Context, year: int) -> pd.DataFrame:
    """ICT formation, occupied fte on 31 December, occupancy, and annual cost by scale tariff."""
    form = ctx.per_year("ict_formation", year, lambda years: _formation(ctx, years))
    form = form[form["n"] > 0][["ministerie", "formation"]]
    occ = ctx.per_year("ict_occupied", year, lambda years: _occupied(ctx, years))
    occ = occ[occ["persons"] > 0]
    cost = ctx.per_year("ict_cost", year, lambda years: _cost(ctx, years))
    cost = cost[cost["cost_persons"] > 0]

    f = form.merge(occ, on="ministerie", how="outer").merge(cost, on="ministerie", how="outer")
    if f.empty:
        return f
    parts = [
        result_rows(f[f["formation"].notna()], "ict.formation_fte", f["formation"].dropna()),
        result_rows(
            f[f["occupied"].notna()],
            "ict.occupied_fte",
            f["occupied"].dropna(),
            persons=f["persons"].dropna(),
        ),
        result_rows(
            f[f["occupied"].notna() & f["formation"].notna()],
            "ict.occupancy_pct",
            pct(f["occupied"], f["formation"]).dropna(),
            persons=f.loc[f["occupied"].notna() & f["formation"].notna(), "persons"],
        ),
        result_rows(
            f[f["cost"].notna()],
            "ict.personnel_cost_eur",
            f["cost"].dropna(),
            persons=f["cost_persons"].dropna(),
        ),
    ]
    return pd.concat(parts, ignore_index=True)


def _formation(ctx: Context, years: tuple[int, ...]) -> pd.DataFrame:
    formatie = ctx.table("formatie")
    formatie = formatie.filter(formatie.jaar.isin(years))
    return per_ministry_and_rijk(
        formatie,
        jaar=formatie.jaar,
        formation=lambda t: t.formatie_fte.sum(),
        n=lambda t: t.count(),
    )


def _occupied(ctx: Context, years: tuple[int, ...]) -> pd.DataFrame:
    dec = year_ends(ctx.table("personeel"), years)
    ict = dec.filter(dec.ict_functiefamilie.notnull())
    return per_ministry_and_rijk(
        ict,
        jaar=ict.peildatum.year(),
        occupied=lambda t: t.fte.sum(),
        persons=lambda t: t.count(),
    )


def _cost(ctx: Context, years: tuple[int, ...]) -> pd.DataFrame:
    """Month-end records of ICT staff priced at the tariff of their scale in their year."""
    p = ctx.table("personeel")
    tarieven = ctx.table("tarieven")
    tarieven = tarieven.filter(tarieven.jaar.isin(years)).select(
        t_jaar=tarieven.jaar, t_schaal=tarieven.schaal, cost=tarieven.kosten_per_fte_eur
    )
    months = p.filter(in_years(p.peildatum, years) & p.ict_functiefamilie.notnull())
    months = months.mutate(jaar=months.peildatum.year())
    priced = months.inner_join(
        tarieven, [months.schaal == tarieven.t_schaal, months.jaar == tarieven.t_jaar]
    )
    return per_ministry_and_rijk(
        priced,
        jaar=priced.jaar,
        cost=lambda t: (t.fte * t.cost).sum() / 12,
        cost_persons=lambda t: t.count() / 12,
    )


ICT_FLOW_INDICATORS = ("ict.inflow_pct", "ict.throughflow_pct", "ict.outflow_pct")


@computation("ict_flows")
def ict_flows(ctx: Context, year: int) -> pd.DataFrame:
    """KWIV in-, through- and outflow of ICT staff per 100 of the average ICT headcount."""
    f = flows_frame(ctx, year)
    if f.empty:
        return f
    f = f[f["avg_ict_headcount"] > 0]
    reason = starting_stock(ctx, year)
    if reason is not None:
        return without_base(ctx, year, reason, ICT_FLOW_INDICATORS, f, "avg_ict_headcount")
    avg = f["avg_ict_headcount"]
    return pd.concat(
        [
            result_rows(f, "ict.inflow_pct", pct(f["ict_inflow"], avg), persons=avg),
            result_rows(f, "ict.throughflow_pct", pct(f["ict_throughflow"], avg), persons=avg),
            result_rows(f, "ict.outflow_pct", pct(f["ict_outflow"], avg), persons=avg),
        ],
        ignore_index=True,
    )


@computation("ict_vacancies")
def ict_vacancies(ctx: Context, year: int) -> pd.DataFrame:
    """Open vacancies at year end in an ICT job family, for every unit with a vacancy."""
    f = vacancy_counts(ctx, year)
    return result_rows(f, "ict.vacancies", f["ict"])


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

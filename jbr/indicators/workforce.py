"""KWIV ICT workforce (formation, occupation, cost) and the spread of jobs (SPEC §5.1)."""

from __future__ import annotations

import ibis
import pandas as pd

from ..codelists import RIJK, default_randstad, randstad_names
from .engine import Context, computation, in_years, pct, per_ministry_and_rijk, result_rows
from .personnel import year_ends

ABROAD = "BUITENLAND"


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


@computation("organisation_spread")
def organisation_spread(ctx: Context, year: int) -> pd.DataFrame:
    """Fte by province and the share outside the Randstad, per 1 January after ``year``."""
    randstad = sorted(ctx.randstad)
    by_province = ctx.per_year("fte_by_province", year, lambda years: _by_province(ctx, years))
    if by_province.empty:
        return by_province
    share = ctx.per_year(
        "outside_randstad", year, lambda years: _outside_randstad(ctx, years, randstad)
    )
    share = share[share["persons"] > 0]
    provinces = result_rows(
        by_province,
        "organisation.fte_by_province",
        by_province["fte"],
        persons=by_province["persons"],
        breakdown=by_province["provincie"],
    )
    if ctx.randstad != default_randstad():
        # A Randstad other than the SPEC's default is said beside the figure, by name.
        names = randstad_names(randstad)
        ctx.note(
            "organisation.share_outside_randstad_pct",
            year,
            "Randstad in deze berekening: "
            + " en ".join([", ".join(names[:-1]), names[-1]]).removeprefix(" en ")
            + ".",
        )
    return pd.concat(
        [
            provinces,
            result_rows(
                share,
                "organisation.share_outside_randstad_pct",
                pct(share["outside_fte"], share["home_fte"]),
                persons=share["persons"],
            ),
        ],
        ignore_index=True,
    )


def _by_province(ctx: Context, years: tuple[int, ...]) -> pd.DataFrame:
    dec = year_ends(ctx.table("personeel"), years)
    dec = dec.mutate(jaar=dec.peildatum.year())
    per = dec.group_by(jaar=dec.jaar, ministerie=dec.ministerie, provincie=dec.provincie).agg(
        fte=dec.fte.sum(), persons=dec.count()
    )
    whole = (
        dec.group_by(jaar=dec.jaar, provincie=dec.provincie)
        .agg(fte=dec.fte.sum(), persons=dec.count())
        .mutate(ministerie=ibis.literal(RIJK))
    )
    return ibis.union(per, whole.select(per.columns)).to_pandas()


def _outside_randstad(ctx: Context, years: tuple[int, ...], randstad: list[str]) -> pd.DataFrame:
    dec = year_ends(ctx.table("personeel"), years)
    home = dec.provincie != ABROAD
    outside = home & ~dec.provincie.isin(randstad)
    return per_ministry_and_rijk(
        dec,
        jaar=dec.peildatum.year(),
        home_fte=lambda t: home.ifelse(t.fte, 0).sum(),
        outside_fte=lambda t: outside.ifelse(t.fte, 0).sum(),
        persons=lambda t: home.ifelse(1, 0).sum(),
    )

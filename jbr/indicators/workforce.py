"""KWIV ICT workforce (formation, occupation, cost) and the spread of jobs (SPEC §5.1)."""

from __future__ import annotations

import ibis
import pandas as pd

from ..codelists import RIJK
from .engine import Context, computation, in_year, pct, per_ministry_and_rijk
from .personnel import _rows, year_end

ABROAD = "BUITENLAND"


@computation("ict_workforce")
def ict_workforce(ctx: Context, year: int) -> pd.DataFrame:
    """ICT formation, occupied fte on 31 December, occupancy, and annual cost by scale tariff."""
    formatie = ctx.table("formatie")
    formatie = formatie.filter(formatie.jaar == year)
    form = per_ministry_and_rijk(
        formatie, formation=lambda t: t.formatie_fte.sum(), n=lambda t: t.count()
    )
    form = form[form["n"] > 0][["ministerie", "formation"]]

    p = ctx.table("personeel")
    dec = year_end(p, year)
    ict = dec.filter(dec.ict_functiefamilie.notnull())
    occ = per_ministry_and_rijk(ict, occupied=lambda t: t.fte.sum(), persons=lambda t: t.count())
    occ = occ[occ["persons"] > 0]

    tarieven = ctx.table("tarieven")
    tarieven = tarieven.filter(tarieven.jaar == year).select(
        t_schaal=tarieven.schaal, cost=tarieven.kosten_per_fte_eur
    )
    months = p.filter((in_year(p.peildatum, year)) & p.ict_functiefamilie.notnull())
    priced = months.inner_join(tarieven, months.schaal == tarieven.t_schaal)
    cost = per_ministry_and_rijk(
        priced, cost=lambda t: (t.fte * t.cost).sum() / 12, cost_persons=lambda t: t.count() / 12
    )
    cost = cost[cost["cost_persons"] > 0]

    f = form.merge(occ, on="ministerie", how="outer").merge(cost, on="ministerie", how="outer")
    if f.empty:
        return f
    parts = [
        _rows(f[f["formation"].notna()], "ict.formation_fte", f["formation"].dropna()),
        _rows(
            f[f["occupied"].notna()],
            "ict.occupied_fte",
            f["occupied"].dropna(),
            f["persons"].dropna(),
        ),
        _rows(
            f[f["occupied"].notna() & f["formation"].notna()],
            "ict.occupancy_pct",
            pct(f["occupied"], f["formation"]).dropna(),
            f.loc[f["occupied"].notna() & f["formation"].notna(), "persons"],
        ),
        _rows(
            f[f["cost"].notna()],
            "ict.personnel_cost_eur",
            f["cost"].dropna(),
            f["cost_persons"].dropna(),
        ),
    ]
    return pd.concat(parts, ignore_index=True)


@computation("organisation_spread")
def organisation_spread(ctx: Context, year: int) -> pd.DataFrame:
    """Fte by province and the share outside the Randstad, per 1 January after ``year``."""
    dec = year_end(ctx.table("personeel"), year)
    randstad = sorted(ctx.randstad)
    per = dec.group_by(ministerie=dec.ministerie, provincie=dec.provincie).agg(
        fte=dec.fte.sum(), persons=dec.count()
    )
    whole = (
        dec.group_by(provincie=dec.provincie)
        .agg(fte=dec.fte.sum(), persons=dec.count())
        .mutate(ministerie=ibis.literal(RIJK))
    )
    by_province = ibis.union(per, whole.select(per.columns)).to_pandas()
    if by_province.empty:
        return by_province
    home = dec.provincie != ABROAD
    outside = home & ~dec.provincie.isin(randstad)
    share = per_ministry_and_rijk(
        dec,
        home_fte=lambda t: home.ifelse(t.fte, 0).sum(),
        outside_fte=lambda t: outside.ifelse(t.fte, 0).sum(),
        persons=lambda t: home.ifelse(1, 0).sum(),
    )
    share = share[share["persons"] > 0]
    provinces = _rows(
        by_province, "organisation.fte_by_province", by_province["fte"], by_province["persons"]
    )
    provinces["breakdown"] = by_province["provincie"]
    ctx.note("organisation.share_outside_randstad_pct", year, "Randstad: " + ", ".join(randstad))
    return pd.concat(
        [
            provinces,
            _rows(
                share,
                "organisation.share_outside_randstad_pct",
                pct(share["outside_fte"], share["home_fte"]),
                share["persons"],
            ),
        ],
        ignore_index=True,
    )

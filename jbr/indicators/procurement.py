"""SPEC §5.4 procurement: spend, sustainable (MVI) shares and SME share.

The JBR publishes MVI as a share of *tenders* (57 % of 601 tenders in 2022): that
is ``procurement.sustainable_pct``; the share of *spend* stands beside it as
``procurement.sustainable_spend_pct``. A share is Σ part ÷ Σ whole over the rows
that report the part (an empty ``mvi_eur``, ``mkb_eur`` or ``aanbestedingen_mvi``
is unknown, not zero); the Rijk share comes from the summed parts of all
ministries, never from the mean of ministry shares.
"""

from __future__ import annotations

import pandas as pd

from .engine import Context, computation
from .rows import empty, pct, per_ministry_and_rijk, result_rows


def _sums(ctx: Context, years: tuple[int, ...]) -> pd.DataFrame:
    i = ctx.table("inkoop")
    i = i.filter(i.jaar.isin(years))
    return per_ministry_and_rijk(
        i,
        jaar=i.jaar,
        spend=lambda t: t.uitgaven_eur.sum(),
        mvi=lambda t: t.mvi_eur.sum(),
        mvi_base=lambda t: t.mvi_eur.notnull().ifelse(t.uitgaven_eur, 0).sum(),
        mkb=lambda t: t.mkb_eur.sum(),
        mkb_base=lambda t: t.mkb_eur.notnull().ifelse(t.uitgaven_eur, 0).sum(),
        tenders=lambda t: t.aanbestedingen.sum(),
        tenders_known=lambda t: t.aanbestedingen.count(),
        mvi_tender_base=lambda t: (
            (t.aanbestedingen_mvi.notnull() & t.aanbestedingen.notnull())
            .ifelse(t.aanbestedingen, 0)
            .sum()
        ),
        mvi_tender_part=lambda t: (
            (t.aanbestedingen_mvi.notnull() & t.aanbestedingen.notnull())
            .ifelse(t.aanbestedingen_mvi, 0)
            .sum()
        ),
        n=lambda t: t.count(),
    )


@computation("procurement")
def procurement(ctx: Context, year: int) -> pd.DataFrame:
    f = ctx.per_year("procurement", year, lambda years: _sums(ctx, years))
    f = f[f["n"] > 0]
    if f.empty:
        return empty()

    def share(part: str, base: str) -> pd.Series:
        return pct(f[part].astype(float), f[base].astype(float))

    tenders = f[f["tenders_known"] > 0]
    return pd.concat(
        [
            result_rows(f, "procurement.spend_eur", f["spend"]),
            result_rows(tenders, "procurement.tenders", tenders["tenders"].astype(float)),
            result_rows(
                f, "procurement.sustainable_pct", share("mvi_tender_part", "mvi_tender_base")
            ),
            result_rows(f, "procurement.sustainable_spend_pct", share("mvi", "mvi_base")),
            result_rows(f, "procurement.sme_pct", share("mkb", "mkb_base")),
        ],
        ignore_index=True,
    )

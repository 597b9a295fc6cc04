"""SPEC §5.1 organisation: the spread of jobs over the provinces and outside the Randstad."""

from __future__ import annotations

import ibis
import pandas as pd

from ..codelists import RIJK, default_randstad, randstad_names
from ..locale import text
from .engine import Context, computation
from .personnel.staff import year_ends
from .rows import pct, per_ministry_and_rijk, result_rows

ABROAD = "BUITENLAND"


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
            text("indicatoren.noot.randstad", "nl", names=_joined(names)),
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


def _joined(names: list[str]) -> str:
    """``Utrecht, Flevoland en Gelderland``: in Dutch, as the note is."""
    last = f" {text('indicatoren.noot.en', 'nl')} "
    return last.join([", ".join(names[:-1]), names[-1]]).removeprefix(last)

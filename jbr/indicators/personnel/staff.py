"""SPEC §5.1 personnel indicators as Ibis expressions over ``current_personeel``."""

from __future__ import annotations

import datetime as dt

import ibis
import pandas as pd

from ...codelists import RIJK
from ...locale import text
from ..compare import previous_year_values
from ..engine import Context, computation
from ..rows import empty, pct, per_ministry_and_rijk, result_rows
from ..selection import in_years


def year_end(personeel: ibis.Table, year: int) -> ibis.Table:
    """Records of persons employed on 31 December of ``year``."""
    return year_ends(personeel, (year,))


def year_ends(personeel: ibis.Table, years: tuple[int, ...]) -> ibis.Table:
    """Records of persons employed on 31 December of one of ``years``."""
    days = [dt.date(y, 12, 31) for y in years]
    if len(days) == 1:
        return personeel.filter(personeel.peildatum == ibis.date(days[0]))
    return personeel.filter(personeel.peildatum.isin([ibis.date(d) for d in days]))


@computation("personnel_stock")
def personnel_stock(ctx: Context, year: int) -> pd.DataFrame:
    """Headcount and fte on 31 December (SPEC §5.1)."""

    def make(years: tuple[int, ...]) -> pd.DataFrame:
        dec = year_ends(ctx.table("personeel"), years)
        return per_ministry_and_rijk(
            dec,
            jaar=dec.peildatum.year(),
            headcount=lambda t: t.medewerker_id.nunique(),
            fte=lambda t: t.fte.sum(),
        )

    frame = ctx.per_year("personnel_stock", year, make)
    frame = frame[frame["headcount"] > 0]
    return pd.concat(
        [
            result_rows(
                frame, "personnel.headcount", frame["headcount"], persons=frame["headcount"]
            ),
            result_rows(frame, "personnel.fte", frame["fte"], persons=frame["headcount"]),
        ],
        ignore_index=True,
    )


@computation("personnel_growth")
def personnel_growth(ctx: Context, year: int) -> pd.DataFrame:
    """fte growth against the year before, the year before restated to this year's
    ministries (:func:`.compare.restate`: a predecessor's fte split by the successors'
    share)."""
    now = ctx.result("personnel_stock", year)
    before = ctx.result("personnel_stock", year - 1)
    fte_now = _values(now, "personnel.fte")
    fte_before = _values(before, "personnel.fte")
    if not fte_now:
        return empty()
    persons = _values(now, "personnel.headcount")
    if not fte_before:  # SPEC §6: a change needs the previous year
        ctx.note(
            "personnel.fte_growth_pct",
            year,
            text("indicatoren.noot.geen_vorig_jaar", "nl", previous=year - 1),
        )
        units = pd.DataFrame(
            {"ministerie": list(fte_now), "persons": [persons.get(m) for m in fte_now]}
        )
        unknown = pd.Series(float("nan"), index=units.index)
        return result_rows(units, "personnel.fte_growth_pct", unknown, persons=units["persons"])
    restated = previous_year_values(fte_now, fte_before, year)
    rows = []
    for ministry, value in fte_now.items():
        prev = restated.get(ministry) if ministry != RIJK else fte_before.get(RIJK)
        if prev:
            rows.append((ministry, (value - prev) / prev * 100, persons.get(ministry)))
    growth = pd.DataFrame(rows, columns=["ministerie", "value", "persons"])
    return result_rows(
        growth, "personnel.fte_growth_pct", growth["value"], persons=growth["persons"]
    )


def _values(frame: pd.DataFrame, indicator: str) -> dict[str, float]:
    rows = frame[frame["indicator"] == indicator]
    return dict(zip(rows["ministerie"], rows["value"].astype(float), strict=True))


@computation("personnel_profile")
def personnel_profile(ctx: Context, year: int) -> pd.DataFrame:
    """Average age, share of women, share of women in scale ≥ 15, on 31 December."""

    def make(years: tuple[int, ...]) -> pd.DataFrame:
        dec = year_ends(ctx.table("personeel"), years)
        jaar = dec.peildatum.year()
        known_age = dec.geboortejaar.notnull()
        top = dec.schaal >= 15
        return per_ministry_and_rijk(
            dec,
            jaar=jaar,
            persons=lambda t: t.count(),
            aged=lambda t: known_age.ifelse(1, 0).sum(),
            age_sum=lambda t: known_age.ifelse(jaar - t.geboortejaar, 0).sum(),
            women=lambda t: (t.geslacht == "V").ifelse(1, 0).sum(),
            top=lambda t: top.ifelse(1, 0).sum(),
            women_top=lambda t: (top & (t.geslacht == "V")).ifelse(1, 0).sum(),
        )

    f = ctx.per_year("personnel_profile", year, make)
    f = f[f["persons"] > 0]
    return pd.concat(
        [
            result_rows(
                f,
                "personnel.avg_age",
                f["age_sum"] / f["aged"].where(f["aged"] > 0),
                persons=f["aged"],
            ),
            result_rows(
                f, "personnel.women_pct", pct(f["women"], f["persons"]), persons=f["persons"]
            ),
            result_rows(
                f, "personnel.women_top_pct", pct(f["women_top"], f["top"]), persons=f["top"]
            ),
        ],
        ignore_index=True,
    )


@computation("personnel_absence")
def personnel_absence(ctx: Context, year: int) -> pd.DataFrame:
    """Σ(sick days × fte) ÷ Σ(days in month × fte) over records that report absence."""

    def make(years: tuple[int, ...]) -> pd.DataFrame:
        p = ctx.table("personeel")
        y = p.filter(in_years(p.peildatum, years) & p.verzuim_dagen.notnull())
        return per_ministry_and_rijk(
            y,
            jaar=y.peildatum.year(),
            sick=lambda t: (t.verzuim_dagen * t.fte).sum(),
            employed=lambda t: (t.peildatum.day() * t.fte).sum(),  # the month's last day
            # Disclosure: the average headcount over the year (month-end records ÷ 12).
            persons=lambda t: t.count() / 12,
        )

    f = ctx.per_year("personnel_absence", year, make)
    f = f[f["persons"] > 0]
    return result_rows(
        f, "personnel.sickness_absence_pct", pct(f["sick"], f["employed"]), persons=f["persons"]
    )


def vacancy_counts(ctx: Context, year: int) -> pd.DataFrame:
    """Open vacancies at year end per unit with a vacancy: all, those with the hard-to-fill
    answer given, the hard-to-fill ones and those in an ICT job family. One query for the
    personnel chapter's vacancies and the information chapter's ICT vacancies."""

    def make(years: tuple[int, ...]) -> pd.DataFrame:
        v = ctx.table("vacatures")
        v = v.filter(in_years(v.peildatum, years))
        return per_ministry_and_rijk(
            v,
            jaar=v.peildatum.year(),
            vacancies=lambda t: t.count(),
            reported=lambda t: t.moeilijk_vervulbaar.notnull().ifelse(1, 0).sum(),
            hard=lambda t: t.moeilijk_vervulbaar.fill_null(False).ifelse(1, 0).sum(),
            ict=lambda t: t.ict_functiefamilie.notnull().ifelse(1, 0).sum(),
        )

    f = ctx.per_year("vacancies", year, make)
    return f[f["vacancies"] > 0]


@computation("personnel_vacancies")
def personnel_vacancies(ctx: Context, year: int) -> pd.DataFrame:
    """Open vacancies at year end and the hard-to-fill share."""
    f = vacancy_counts(ctx, year)
    return pd.concat(
        [
            result_rows(f, "personnel.vacancies", f["vacancies"]),
            result_rows(f, "personnel.hard_to_fill_pct", pct(f["hard"], f["reported"])),
        ],
        ignore_index=True,
    )


@computation("personnel_spending")
def personnel_spending(ctx: Context, year: int) -> pd.DataFrame:
    """External hiring as a share of own staff plus hiring spending (Roemer norm ≤ 10 %)."""

    def make(years: tuple[int, ...]) -> pd.DataFrame:
        u = ctx.table("uitgaven_personeel")
        u = u.filter(u.jaar.isin(years))
        return per_ministry_and_rijk(
            u,
            jaar=u.jaar,
            hiring=lambda t: t.inhuur_eur.sum(),
            staff=lambda t: t.personeel_eur.sum(),
            rows=lambda t: t.count(),
        )

    f = ctx.per_year("personnel_spending", year, make)
    f = f[f["rows"] > 0]
    return result_rows(
        f, "personnel.external_hiring_pct", pct(f["hiring"], f["staff"] + f["hiring"])
    )


HOURS_PER_FTE = 36  # the Rijk's full-time working week (CAO Rijk)
HOURS_PER_JOB = 25.5  # banenafspraak: one job is 25.5 hours a week


@computation("personnel_disability")
def personnel_disability(ctx: Context, year: int) -> pd.DataFrame:
    """Banenafspraak jobs on 31 December against the ministry's target."""

    def jobs(years: tuple[int, ...]) -> pd.DataFrame:
        dec = year_ends(ctx.table("personeel"), years)
        counted = dec.filter(dec.arbeidsbeperking.fill_null(False))
        return per_ministry_and_rijk(
            counted,
            jaar=counted.peildatum.year(),
            hours=lambda t: (t.fte * HOURS_PER_FTE).sum(),
            persons=lambda t: t.count(),
        )

    def goals(years: tuple[int, ...]) -> pd.DataFrame:
        goal = ctx.table("banenafspraak_doel")
        goal = goal.filter(goal.jaar.isin(years))
        return per_ministry_and_rijk(
            goal, jaar=goal.jaar, target=lambda t: t.doel_banen.sum(), n=lambda t: t.count()
        )

    f = ctx.per_year("disability_jobs", year, jobs)
    g = ctx.per_year("disability_goals", year, goals)
    g = g[g["n"] > 0][["ministerie", "target"]]
    f = f[f["persons"] > 0].merge(g, on="ministerie", how="outer")
    f["hours"] = f["hours"].fillna(0)
    f["persons"] = f["persons"].fillna(0)
    return result_rows(
        f,
        "personnel.disability_jobs",
        f["hours"] / HOURS_PER_JOB,
        persons=f["persons"],
        target=f["target"],
    )

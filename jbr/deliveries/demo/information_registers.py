"""Year-level information registers: active publication, generative AI, large ICT projects.

SPEC §5.2 (active publication under Woo art. 3.3) and §5.5 (ICT transparency
and AI). These are small registers, the same size at either demo scale, so the
Rijk totals can follow the published series.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import pyarrow as pa

from jbr.codelists import woo_categories

from .information_common import YEARS, successor_shares, table, weights_for, year_codes

# Documents actively published on overheid.nl, Rijk-wide (open-overheid.nl; 2017 and
# 2024 are demo estimates beside the published 2018–2023 series).
PUBLISHED_DOCUMENTS = {
    2017: 15_000,
    2018: 17_055,
    2019: 21_432,
    2020: 23_400,
    2021: 46_171,
    2022: 64_234,
    2023: 71_484,
    2024: 78_000,
}
PUBLICATION_SHARE = {
    "AZ": 0.04,
    "BZ": 0.08,
    "BZK": 0.12,
    "DEF": 0.06,
    "EZK": 0.12,
    "FIN": 0.09,
    "IenW": 0.11,
    "JenV": 0.12,
    "LNV": 0.08,
    "OCW": 0.07,
    "SZW": 0.05,
    "VWS": 0.10,
}
# Categories that hardly apply to a ministry (decentral meeting papers) get no rows.
CATEGORY_WEIGHT = {
    "wet_en_regelgeving": 4,
    "organisatie_en_werkwijze": 2,
    "bereikbaarheidsgegevens": 1,
    "overige_besluiten": 8,
    "ontwerpregelgeving": 3,
    "ingekomen_stukken": 0,
    "vergaderstukken_sg": 25,
    "vergaderstukken_decentraal": 0,
    "agendas_besluitenlijsten": 1,
    "adviezen": 6,
    "convenanten": 2,
    "jaarplannen_jaarverslagen": 3,
    "subsidieverplichtingen": 2,
    "woo_verzoeken": 20,
    "onderzoeksrapporten": 10,
    "beschikkingen": 6,
    "klachtoordelen": 1,
}

AI_USE_CASES = (
    "Samenvatten van Kamervragen",
    "Conceptantwoorden op burgerbrieven",
    "Vertalen van beleidsdocumenten",
    "Notuleren van overleggen",
    "Code-assistent voor ontwikkelaars",
    "Zoeken in beleidsdossiers",
    "Lakken van Woo-documenten",
    "Chatbot voor HR-vragen",
    "Analyse van internetconsultaties",
    "Schrijfhulp op taalniveau B1",
    "Transcriptie van interviews",
    "Classificeren van inkomende post",
    "Samenvatten van wetenschappelijke rapporten",
    "Opstellen van persberichten",
)
AI_SCHEMA = (
    ("toepassing_id", pa.string()),
    ("ministerie", pa.string()),
    ("naam", pa.string()),
    ("status", pa.string()),
    ("risicoanalyse", pa.date32()),
    ("dpia", pa.bool_()),
    ("jaar", pa.int64()),
)

ICT_OVERRUN = 0.19  # Rijks ICT-dashboard: 6.14 bn expected vs 5.17 bn initial budget
ICT_SHARE = {
    "AZ": 0.01,
    "BZ": 0.05,
    "BZK": 0.10,
    "DEF": 0.14,
    "EZK": 0.07,
    "FIN": 0.20,
    "IenW": 0.12,
    "JenV": 0.13,
    "LNV": 0.05,
    "OCW": 0.05,
    "SZW": 0.05,
    "VWS": 0.04,
}
ICT_ACTIONS = ("Vernieuwing", "Modernisering", "Migratie", "Implementatie", "Vervanging")
ICT_SUBJECTS = (
    "belastingsystemen",
    "zaaksysteem",
    "digitale werkplek",
    "datacentrum",
    "HR-systeem",
    "netwerkinfrastructuur",
    "identiteits- en toegangsbeheer",
    "archiefsysteem",
    "kernregistratie",
    "klantportaal",
    "financieel systeem",
    "meldkamersysteem",
    "vergunningverlening",
    "subsidieportaal",
    "informatievoorziening strafrechtketen",
)
ICT_SCHEMA = (
    ("project_id", pa.string()),
    ("ministerie", pa.string()),
    ("naam", pa.string()),
    ("jaar", pa.int64()),
    ("begroting_eur", pa.float64()),
    ("realisatie_eur", pa.float64()),
    ("geplande_einddatum", pa.date32()),
    ("verwachte_einddatum", pa.date32()),
)


def publication(rng: np.random.Generator, year: int) -> pa.Table:
    """Documents actively published per ministry × Woo category (Woo art. 3.3)."""
    codes = year_codes(year)
    categories = [c.code for c in woo_categories() if CATEGORY_WEIGHT.get(c.code, 1) > 0]
    category_weight = np.array([CATEGORY_WEIGHT.get(c, 1) for c in categories], dtype=float)
    total = int(round(PUBLISHED_DOCUMENTS[year] * (1 + rng.normal(0, 0.01))))
    per_ministry = rng.multinomial(total, weights_for(codes, PUBLICATION_SHARE))
    rows: dict[str, list] = {"ministerie": [], "jaar": [], "categorie": [], "documenten": []}
    for code, count in zip(codes, per_ministry, strict=True):
        mix = rng.dirichlet(category_weight * 4)
        documents = rng.multinomial(count, mix)
        rows["ministerie"] += [code] * len(categories)
        rows["jaar"] += [year] * len(categories)
        rows["categorie"] += categories
        rows["documenten"] += documents.tolist()
    schema = (
        ("ministerie", pa.string()),
        ("jaar", pa.int64()),
        ("categorie", pa.string()),
        ("documenten", pa.int64()),
    )
    return table(rows, schema)


@dataclass(frozen=True)
class _AiCase:
    id: str
    ministerie: str  # when it started
    start: int
    naam: str


def ai_use_cases(rng: np.random.Generator) -> dict[int, pa.Table]:
    """Generative-AI use cases from 2023: pilots, some in use, a few stopped.

    Some use cases in operation lack a risk analysis: the JBR lists each of them.
    """
    first = 2023
    cases: list[_AiCase] = []
    for start, numbers in ((first, range(1, 6)), (first + 1, range(11, 14))):
        for code in year_codes(start):
            count = int(rng.integers(2 if start == first else 1, len(numbers) + 1))
            names = rng.choice(np.array(AI_USE_CASES), size=count, replace=False)
            cases += [
                _AiCase(f"AI-{code}-{k:02d}", code, start, str(name))
                for k, name in zip(numbers, names, strict=False)
            ]
    out: dict[int, pa.Table] = {}
    status = {c.id: "pilot" for c in cases}
    assessed: dict[str, date | None] = {c.id: None for c in cases}
    dpia = {c.id: bool(rng.random() < 0.55) for c in cases}
    successor = {
        c.id: str(rng.choice(list(s := successor_shares(c.ministerie)), p=list(s.values())))
        for c in cases
    }
    for year in range(first, YEARS[-1] + 1):
        rows: dict[str, list] = {k: [] for k, _ in AI_SCHEMA}
        for case in cases:
            if case.start > year:
                continue
            key = case.id
            step = rng.random()
            if status[key] == "pilot" and year > case.start:
                status[key] = "in_gebruik" if step < 0.55 else "gestopt" if step < 0.7 else "pilot"
            elif status[key] == "pilot" and step < 0.3:
                status[key] = "in_gebruik"
            if assessed[key] is None and rng.random() < (
                0.75 if status[key] == "in_gebruik" else 0.4
            ):
                assessed[key] = date(year, int(rng.integers(1, 13)), int(rng.integers(1, 29)))
            code = successor[key] if successor[key] in year_codes(year) else case.ministerie
            for column, value in (
                ("toepassing_id", key),
                ("ministerie", code),
                ("naam", case.naam),
                ("status", status[key]),
                ("risicoanalyse", assessed[key]),
                ("dpia", dpia[key]),
                ("jaar", year),
            ):
                rows[column].append(value)
        out[year] = table(rows, AI_SCHEMA)
    return out


def ict_projects(rng: np.random.Generator) -> dict[int, pa.Table]:
    """Large ICT projects per year (Rijks ICT-dashboard): budget, estimate, end dates.

    About 125 run in any year; the expected cost overruns the initial budget by
    about 19 % Rijk-wide and many end dates slip.
    """
    n = 300
    codes = np.array(year_codes(YEARS[0]))
    ministry = rng.choice(codes, size=n, p=weights_for(codes, ICT_SHARE))
    start = rng.integers(YEARS[0] - 5, YEARS[-1] + 1, n)
    planned_years = rng.integers(2, 7, n)
    planned_end = np.array(
        [
            date(int(s + d), int(m), 28)
            for s, d, m in zip(start, planned_years, rng.integers(1, 13, n), strict=True)
        ]
    )
    slip_months = np.where(rng.random(n) < 0.4, 0, rng.integers(3, 30, n))
    budget = np.round(rng.lognormal(np.log(19e6), 1.1, n), -4)
    overrun = np.where(
        rng.random(n) < 0.3, rng.uniform(-0.05, 0.05, n), rng.lognormal(np.log(0.2), 0.7, n)
    )
    names = [f"{rng.choice(ICT_ACTIONS)} {rng.choice(ICT_SUBJECTS)}" for _ in range(n)]
    successor = np.array(
        [str(rng.choice(list(s := successor_shares(str(m))), p=list(s.values()))) for m in ministry]
    )
    out: dict[int, pa.Table] = {}
    expected_end_year = np.array([d.year for d in planned_end]) + (slip_months + 6) // 12
    for year in YEARS:
        active = np.flatnonzero((start <= year) & (expected_end_year >= year))
        # Estimates grow towards the final overrun; scale so the Rijk ratio is ~19 %.
        progress = np.clip((year - start[active] + 1) / planned_years[active], 0.3, 1.0)
        drift = overrun[active] * progress
        scale = ICT_OVERRUN * budget[active].sum() / (budget[active] * drift).sum()
        estimate = np.round(budget[active] * (1 + drift * scale), -4)
        expected = [
            _add_months(planned_end[i], int(slip_months[i] * min(1.0, progress[j] * 1.2)))
            for j, i in enumerate(active)
        ]
        moved = np.isin(successor[active], year_codes(year))
        codes_year = np.where(moved, successor[active], ministry[active])
        out[year] = table(
            {
                "project_id": [f"ICT-{i + 1:04d}" for i in active],
                "ministerie": codes_year,
                "naam": [names[i] for i in active],
                "jaar": [year] * active.size,
                "begroting_eur": budget[active],
                "realisatie_eur": estimate,
                "geplande_einddatum": [planned_end[i] for i in active],
                "verwachte_einddatum": expected,
            },
            ICT_SCHEMA,
        )
    return out


def _add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    return date(day.year + month // 12, month % 12 + 1, min(day.day, 28))

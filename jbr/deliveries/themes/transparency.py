"""The delivery themes of ICT transparency: large ICT projects and generative-AI use cases.

SPEC §3 and §5.5; the indicators are declared in ``definitions/transparency.toml``.
"""

from __future__ import annotations

from ..declaration import Column, Theme
from .shared import boolean, eur, jaar, ministerie, register_jaar

AI_TOEPASSINGEN = Theme(
    name="ai_toepassingen",
    label_nl="Toepassingen van generatieve AI",
    label_en="Generative-AI use cases",
    row_nl="toepassing van generatieve AI",
    row_en="generative-AI use case",
    columns=(
        Column(
            "toepassing_id",
            "string",
            "Uniek nummer.",
            "Unique id.",
            required=True,
            max_length=64,
            example="AI-0001",
        ),
        ministerie(),
        Column(
            "naam",
            "string",
            "Naam van de toepassing.",
            "Name of the use case.",
            required=True,
            max_length=200,
            example="Samenvatten van Kamervragen",
        ),
        Column(
            "status",
            "string",
            "pilot, in_gebruik of gestopt.",
            "pilot, in_gebruik or gestopt.",
            required=True,
            values=("pilot", "in_gebruik", "gestopt"),
            example="pilot",
        ),
        Column(
            "risicoanalyse",
            "date",
            "Datum waarop de risicoanalyse is afgerond; leeg = niet gedaan.",
            "Date the risk analysis was completed; empty = not done.",
            example="2024-02-01",
        ),
        boolean("dpia", "DPIA uitgevoerd.", "DPIA carried out."),
        register_jaar(),
    ),
    key=("toepassing_id", "jaar"),
    ministry="ministerie",
    year="jaar",
)

ICT_PROJECTEN = Theme(
    name="ict_projecten",
    label_nl="Grote ICT-projecten",
    label_en="Large ICT projects",
    row_nl="groot ICT-project per jaar",
    row_en="large ICT project per year",
    columns=(
        Column(
            "project_id",
            "string",
            "Uniek nummer.",
            "Unique id.",
            required=True,
            max_length=64,
            example="ICT-0042",
        ),
        ministerie(),
        Column(
            "naam",
            "string",
            "Naam van het project.",
            "Project name.",
            required=True,
            max_length=200,
            example="Vernieuwing belastingsystemen",
        ),
        jaar(),
        eur("begroting_eur", "Oorspronkelijke begroting.", "Initial budget."),
        eur("realisatie_eur", "Actuele raming of realisatie.", "Current estimate or actual."),
        Column(
            "geplande_einddatum",
            "date",
            "Oorspronkelijk geplande einddatum.",
            "Originally planned end date.",
            example="2025-12-31",
        ),
        Column(
            "verwachte_einddatum",
            "date",
            "Verwachte einddatum.",
            "Expected end date.",
            example="2026-06-30",
        ),
    ),
    key=("project_id", "jaar"),
    ministry="ministerie",
    year="jaar",
)

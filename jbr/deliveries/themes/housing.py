"""The delivery themes of housing: buildings and their daily occupancy.

SPEC §3 and §5.4; the indicators are declared in ``definitions/housing.toml``.
"""

from __future__ import annotations

from ..declaration import Column, Theme, Via
from .shared import at_most, boolean, ministerie, register_jaar

GEBOUWEN = Theme(
    name="gebouwen",
    label_nl="Gebouwen",
    label_en="Buildings",
    row_nl="gebouw",
    row_en="building",
    columns=(
        Column(
            "gebouw_id",
            "string",
            "Uniek nummer van het gebouw.",
            "Unique building id.",
            required=True,
            max_length=64,
            example="RVB-000123",
        ),
        Column(
            "naam",
            "string",
            "Naam of adres.",
            "Name or address.",
            required=True,
            max_length=200,
            example="Rijnstraat 8",
        ),
        ministerie(),
        Column(
            "provincie",
            "code",
            "Provincie (CBS-code of naam).",
            "Province (CBS code or name).",
            required=True,
            codelist="provincie",
            example="PV28",
        ),
        Column(
            "bvo_m2",
            "number",
            "Bruto vloeroppervlak in m².",
            "Gross floor area in m².",
            required=True,
            minimum=0,
            example="12500",
        ),
        Column(
            "werkplekken",
            "integer",
            "Aantal werkplekken.",
            "Number of workplaces.",
            minimum=0,
            example="800",
        ),
        boolean("kantoor", "Kantoorgebouw.", "Office building."),
        Column(
            "leegstand_m2",
            "number",
            "Leegstaand vloeroppervlak in m².",
            "Vacant floor area in m².",
            minimum=0,
            example="0",
        ),
        register_jaar(),
    ),
    key=("gebouw_id", "jaar"),
    ministry="ministerie",
    year="jaar",
    checks=(at_most("leegstand_groter_dan_bvo", "leegstand_m2", "bvo_m2"),),
)

BEZETTING = Theme(
    name="bezetting",
    label_nl="Bezetting van werkplekken",
    label_en="Workplace occupancy",
    row_nl="gebouw × werkdag",
    row_en="building × working day",
    columns=(
        Column(
            "gebouw_id",
            "string",
            "Gebouw (zie gebouwen).",
            "Building (see gebouwen).",
            required=True,
            max_length=64,
            example="RVB-000123",
        ),
        Column("datum", "date", "Werkdag.", "Working day.", required=True, example="2024-03-12"),
        Column(
            "bezette_werkplekken",
            "integer",
            "Hoogste aantal bezette werkplekken die dag.",
            "Peak occupied workplaces that day.",
            required=True,
            minimum=0,
            example="312",
        ),
        Column(
            "werkplekken",
            "integer",
            "Beschikbare werkplekken die dag.",
            "Workplaces available that day.",
            minimum=0,
            example="800",
        ),
    ),
    key=("gebouw_id", "datum"),
    ministry=Via("gebouwen", "gebouw_id"),
    year="datum",
    record_level=True,
    checks=(at_most("bezetting_boven_capaciteit", "bezette_werkplekken", "werkplekken"),),
)

"""The delivery theme of procurement: spend per ministry and category.

SPEC §3 and §5.4; the indicators are declared in ``definitions/procurement.toml``.
"""

from __future__ import annotations

from ..declaration import Column, Theme
from .shared import at_most, eur, jaar, ministerie

INKOOP = Theme(
    name="inkoop",
    label_nl="Inkoop",
    label_en="Procurement",
    row_nl="ministerie × inkoopcategorie per jaar",
    row_en="ministry × procurement category per year",
    columns=(
        ministerie(),
        jaar(),
        Column(
            "categorie",
            "string",
            "Inkoopcategorie.",
            "Procurement category.",
            required=True,
            max_length=100,
            example="ICT",
        ),
        eur("uitgaven_eur", "Inkoopuitgaven.", "Procurement spend."),
        eur(
            "mvi_eur",
            "Waarvan maatschappelijk verantwoord (MVI).",
            "Of which sustainable (MVI).",
            required=False,
        ),
        eur("mkb_eur", "Waarvan bij het mkb.", "Of which with SMEs.", required=False),
        Column(
            "aanbestedingen",
            "integer",
            "Aantal aanbestedingen (Europees en nationaal) in het jaar in deze categorie.",
            "Number of tenders (European and national) in the year in this category.",
            minimum=0,
            example="12",
        ),
        Column(
            "aanbestedingen_mvi",
            "integer",
            "Waarvan met criteria voor maatschappelijk verantwoord inkopen (MVI).",
            "Of which with criteria for sustainable procurement (MVI).",
            minimum=0,
            example="7",
        ),
    ),
    key=("ministerie", "jaar", "categorie"),
    ministry="ministerie",
    year="jaar",
    checks=(
        at_most("mvi_groter_dan_uitgaven", "mvi_eur", "uitgaven_eur"),
        at_most("mkb_groter_dan_uitgaven", "mkb_eur", "uitgaven_eur"),
        at_most(
            "mvi_aanbestedingen_groter_dan_aanbestedingen", "aanbestedingen_mvi", "aanbestedingen"
        ),
    ),
)

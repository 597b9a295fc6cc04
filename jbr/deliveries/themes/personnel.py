"""The delivery themes of personnel and organisation.

Staff per month, vacancies, spending on staff and hiring, establishment (ICT),
cost per salary scale and the banenafspraak targets. SPEC §3 and §5.1; the
indicators are declared in ``definitions/personnel.toml``.
"""

from __future__ import annotations

from ..declaration import Column, RowCheck, Theme
from .shared import boolean, eur, ict_familie, jaar, ministerie

PERSONEEL = Theme(
    name="personeel",
    label_nl="Personeel",
    label_en="Personnel",
    row_nl="medewerker per maand (laatste dag van de maand), gepseudonimiseerd",
    row_en="employee per month (last day of the month), pseudonymised",
    columns=(
        Column(
            "peildatum",
            "date",
            "Laatste dag van de maand waarop de stand geldt.",
            "Last day of the month the record describes.",
            required=True,
            example="2024-12-31",
        ),
        Column(
            "medewerker_id",
            "string",
            "Gepseudonimiseerd, over jaren en ministeries stabiel nummer.",
            "Pseudonymised id, stable across years and ministries.",
            required=True,
            max_length=64,
            example="P0012345",
        ),
        ministerie(),
        Column(
            "organisatie",
            "string",
            "Organisatieonderdeel (vrije tekst).",
            "Organisational unit (free text).",
            max_length=200,
            example="DG Werk",
        ),
        Column(
            "fte",
            "number",
            "Omvang van het dienstverband in fte (0–1,5).",
            "Contract size in fte (0–1.5).",
            required=True,
            minimum=0,
            maximum=1.5,
            example="0,8889",
        ),
        Column(
            "schaal",
            "integer",
            "Salarisschaal (1–18).",
            "Salary scale (1–18).",
            minimum=1,
            maximum=18,
            example="11",
        ),
        Column(
            "geboortejaar",
            "integer",
            "Geboortejaar.",
            "Year of birth.",
            minimum=1930,
            maximum=2015,
            example="1980",
        ),
        Column(
            "geslacht",
            "string",
            "M, V, X of O (onbekend).",
            "M, V, X or O (unknown).",
            values=("M", "V", "X", "O"),
            example="V",
        ),
        Column(
            "provincie",
            "code",
            "Provincie van de standplaats (CBS-code of naam), BES of BUITENLAND.",
            "Province of the place of work (CBS code or name), BES or BUITENLAND.",
            required=True,
            codelist="provincie",
            example="Zuid-Holland",
        ),
        Column(
            "gemeente",
            "string",
            "Gemeente van de standplaats.",
            "Municipality of the place of work.",
            max_length=100,
            example="Den Haag",
        ),
        ict_familie(
            "ICT-functiefamilie; leeg = geen ICT-functie.",
            "ICT job family; empty = not an ICT job.",
        ),
        Column(
            "verzuim_dagen",
            "integer",
            "Kalenderdagen ziek in de maand, exclusief zwangerschapsverlof.",
            "Calendar days sick in the month, excluding pregnancy leave.",
            minimum=0,
            maximum=31,
            example="0",
        ),
        boolean(
            "arbeidsbeperking", "Telt mee voor de banenafspraak.", "Counts for the banenafspraak."
        ),
    ),
    key=("peildatum", "medewerker_id"),
    ministry="ministerie",
    year="peildatum",
    code_date="peildatum",
    record_level=True,
    checks=(
        RowCheck(
            "peildatum_geen_maandeinde",
            "peildatum",
            "peildatum <> last_day(peildatum)",
            "De peildatum is niet de laatste dag van een maand.",
            "The reference date is not the last day of a month.",
            "Gebruik de laatste dag van de maand, bijvoorbeeld 2024-01-31.",
            "Use the last day of the month, e.g. 2024-01-31.",
        ),
        RowCheck(
            "persoon_in_twee_ministeries",
            "ministerie",
            "count(DISTINCT ministerie) > 1",
            "Deze medewerker staat op dezelfde peildatum bij twee ministeries.",
            "This employee is at two ministries on the same reference date.",
            "Een medewerker hoort op een peildatum bij één ministerie; corrigeer de dubbele regel.",
            "An employee belongs to one ministry on a date; fix the duplicate row.",
            group_by=("peildatum", "medewerker_id"),
        ),
        RowCheck(
            "verzuim_meer_dan_maand",
            "verzuim_dagen",
            "verzuim_dagen > day(peildatum)",
            "Meer verzuimdagen dan de maand dagen heeft.",
            "More sick days than the month has.",
            "Verzuimdagen tellen per kalendermaand.",
            "Sick days count per calendar month.",
        ),
    ),
)

VACATURES = Theme(
    name="vacatures",
    label_nl="Vacatures",
    label_en="Vacancies",
    row_nl="openstaande vacature aan het eind van het jaar",
    row_en="open vacancy at year end",
    columns=(
        ministerie(),
        Column(
            "peildatum",
            "date",
            "Peildatum (31 december van het verslagjaar).",
            "Reference date (31 December of the reporting year).",
            required=True,
            example="2024-12-31",
        ),
        Column(
            "vacature_id",
            "string",
            "Uniek nummer van de vacature.",
            "Unique vacancy id.",
            required=True,
            max_length=64,
            example="V-2024-0001",
        ),
        Column(
            "schaal",
            "integer",
            "Salarisschaal (1–18).",
            "Salary scale (1–18).",
            minimum=1,
            maximum=18,
            example="10",
        ),
        ict_familie(
            "ICT-functiefamilie; leeg = geen ICT-functie.",
            "ICT job family; empty = not an ICT job.",
        ),
        boolean("moeilijk_vervulbaar", "Moeilijk vervulbaar.", "Hard to fill."),
    ),
    key=("ministerie", "peildatum", "vacature_id"),
    ministry="ministerie",
    year="peildatum",
    code_date="peildatum",
)

UITGAVEN_PERSONEEL = Theme(
    name="uitgaven_personeel",
    label_nl="Uitgaven aan personeel en inhuur",
    label_en="Spending on staff and external hiring",
    row_nl="ministerie per jaar",
    row_en="ministry per year",
    columns=(
        ministerie(),
        jaar(),
        eur("personeel_eur", "Uitgaven aan eigen personeel.", "Spending on own staff."),
        eur("inhuur_eur", "Uitgaven aan inhuur van externen.", "Spending on external hiring."),
    ),
    key=("ministerie", "jaar"),
    ministry="ministerie",
    year="jaar",
)

FORMATIE = Theme(
    name="formatie",
    label_nl="Formatie",
    label_en="Establishment",
    row_nl="ministerie × ICT-functiefamilie per jaar",
    row_en="ministry × ICT job family per year",
    columns=(
        ministerie(),
        jaar(),
        ict_familie("ICT-functiefamilie.", "ICT job family.", required=True),
        Column(
            "formatie_fte",
            "number",
            "Goedgekeurde formatie in fte.",
            "Approved positions in fte.",
            required=True,
            minimum=0,
            example="120,5",
        ),
    ),
    key=("ministerie", "jaar", "ict_functiefamilie"),
    ministry="ministerie",
    year="jaar",
)

TARIEVEN = Theme(
    name="tarieven",
    label_nl="Personeelskosten per schaal",
    label_en="Staff cost per salary scale",
    row_nl="salarisschaal per jaar",
    row_en="salary scale per year",
    columns=(
        jaar(),
        Column(
            "schaal",
            "integer",
            "Salarisschaal (1–18).",
            "Salary scale (1–18).",
            required=True,
            minimum=1,
            maximum=18,
            example="11",
        ),
        eur("kosten_per_fte_eur", "Integrale kosten per fte.", "Integral cost per fte."),
    ),
    key=("jaar", "schaal"),
    ministry=None,
    year="jaar",
)

BANENAFSPRAAK_DOEL = Theme(
    name="banenafspraak_doel",
    label_nl="Doelen banenafspraak",
    label_en="Jobs agreement targets",
    row_nl="ministerie per jaar",
    row_en="ministry per year",
    columns=(
        ministerie(),
        jaar(),
        Column(
            "doel_banen",
            "number",
            "Doelstelling banenafspraak (aantal banen van 25,5 uur).",
            "Banenafspraak target (jobs of 25.5 hours).",
            required=True,
            minimum=0,
            example="250",
        ),
    ),
    key=("ministerie", "jaar"),
    ministry="ministerie",
    year="jaar",
)

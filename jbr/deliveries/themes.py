"""Every delivery theme of SPEC §3, declared once."""

from __future__ import annotations

from ..codelists.airports import iata_unknown_sql
from .declaration import Column, RowCheck, Theme, Via


def _ministerie(required: bool = True) -> Column:
    return Column(
        "ministerie",
        "code",
        "Code van het ministerie (codelijst ministeries, geldig op de peildatum).",
        "Ministry code (ministry code list, valid on the reference date).",
        required=required,
        codelist="ministerie",
        example="BZK",
    )


def _jaar() -> Column:
    return Column(
        "jaar",
        "year",
        "Verslagjaar (JJJJ).",
        "Reporting year (YYYY).",
        required=True,
        minimum=2000,
        maximum=2100,
        example="2024",
    )


def _register_jaar() -> Column:
    # Not in SPEC §3's column list: optional, so a register without years still loads
    # (its rows then cover "no year" and a newer register replaces it as a whole).
    return Column(
        "jaar",
        "year",
        "Jaar waarvoor de stand geldt (optioneel; leeg = actuele stand).",
        "Year the record describes (optional; empty = current state).",
        minimum=2000,
        maximum=2100,
        example="2024",
    )


def _eur(name: str, nl: str, en: str, required: bool = True) -> Column:
    return Column(
        name,
        "number",
        nl + " In euro's.",
        en + " In euros.",
        required=required,
        minimum=0,
        example="1250000",
        decimals=2,
    )


def _bool(name: str, nl: str, en: str) -> Column:
    return Column(name, "boolean", nl + " (ja/nee)", en + " (true/false)", example="nee")


def _ict_familie(nl: str, en: str, required: bool = False) -> Column:
    return Column(
        "ict_functiefamilie",
        "code",
        nl,
        en,
        required=required,
        codelist="ict_functiefamilie",
        example="beheer",
    )


def _not_before(rule: str, column: str, earlier: str, nl: str, en: str) -> RowCheck:
    return RowCheck(
        rule,
        column,
        f"{column} < {earlier}",
        f"{column} ligt vóór {earlier}: {nl}",
        f"{column} is before {earlier}: {en}",
        f"Controleer {column} en {earlier}.",
        f"Check {column} and {earlier}.",
    )


def _at_most(rule: str, column: str, bound: str) -> RowCheck:
    return RowCheck(
        rule,
        column,
        f"{column} > {bound}",
        f"{column} is groter dan {bound}.",
        f"{column} exceeds {bound}.",
        f"{column} kan niet meer zijn dan {bound}.",
        f"{column} cannot exceed {bound}.",
    )


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
        _ministerie(),
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
        _ict_familie(
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
        _bool(
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
        _ministerie(),
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
        _ict_familie(
            "ICT-functiefamilie; leeg = geen ICT-functie.",
            "ICT job family; empty = not an ICT job.",
        ),
        _bool("moeilijk_vervulbaar", "Moeilijk vervulbaar.", "Hard to fill."),
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
        _ministerie(),
        _jaar(),
        _eur("personeel_eur", "Uitgaven aan eigen personeel.", "Spending on own staff."),
        _eur("inhuur_eur", "Uitgaven aan inhuur van externen.", "Spending on external hiring."),
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
        _ministerie(),
        _jaar(),
        _ict_familie("ICT-functiefamilie.", "ICT job family.", required=True),
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
        _jaar(),
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
        _eur("kosten_per_fte_eur", "Integrale kosten per fte.", "Integral cost per fte."),
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
        _ministerie(),
        _jaar(),
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

WOO_VERZOEKEN = Theme(
    name="woo_verzoeken",
    label_nl="Woo-verzoeken",
    label_en="Woo requests",
    row_nl="Woo-verzoek",
    row_en="Woo request",
    columns=(
        Column(
            "verzoek_id",
            "string",
            "Uniek kenmerk van het verzoek.",
            "Unique request id.",
            required=True,
            max_length=64,
            example="WOO-2024-0001",
        ),
        _ministerie(),
        Column(
            "ontvangen",
            "date",
            "Datum van ontvangst.",
            "Date received.",
            required=True,
            example="2024-03-01",
        ),
        Column(
            "besluit",
            "date",
            "Datum van het besluit; leeg = nog open.",
            "Decision date; empty = still open.",
            example="2024-04-02",
        ),
        _bool(
            "verdaagd",
            "Termijn rechtmatig met twee weken verdaagd.",
            "Term lawfully extended by two weeks.",
        ),
        Column(
            "afgesproken_termijn",
            "date",
            "Met de verzoeker afgesproken (latere) datum.",
            "(Later) date agreed with the requester.",
            example="",
        ),
        Column(
            "uitkomst",
            "string",
            "openbaar, deels, niet, ingetrokken of niet_ontvankelijk.",
            "openbaar, deels, niet, ingetrokken or niet_ontvankelijk.",
            values=("openbaar", "deels", "niet", "ingetrokken", "niet_ontvankelijk"),
            example="deels",
        ),
        Column(
            "ingebrekestelling",
            "date",
            "Datum van ontvangst van de ingebrekestelling.",
            "Date the notice of default was received.",
            example="",
        ),
        Column(
            "documenten",
            "integer",
            "Aantal beoordeelde documenten.",
            "Documents assessed.",
            minimum=0,
            example="12",
        ),
        Column(
            "paginas", "integer", "Aantal pagina's.", "Number of pages.", minimum=0, example="140"
        ),
    ),
    key=("verzoek_id",),
    ministry="ministerie",
    year="ontvangen",
    code_date="ontvangen",
    checks=(
        _not_before(
            "besluit_voor_ontvangst",
            "besluit",
            "ontvangen",
            "een besluit kan niet eerder zijn dan de ontvangst.",
            "a decision cannot precede receipt.",
        ),
        _not_before(
            "afspraak_voor_ontvangst",
            "afgesproken_termijn",
            "ontvangen",
            "een afgesproken termijn ligt na de ontvangst.",
            "an agreed date lies after receipt.",
        ),
        _not_before(
            "ingebrekestelling_voor_ontvangst",
            "ingebrekestelling",
            "ontvangen",
            "een ingebrekestelling volgt op het verzoek.",
            "a notice of default follows the request.",
        ),
    ),
)

WOO_OPSCHORTINGEN = Theme(
    name="woo_opschortingen",
    label_nl="Opschortingen van Woo-termijnen",
    label_en="Suspensions of Woo terms",
    row_nl="opschorting van de termijn van een verzoek",
    row_en="suspension of a request's term",
    columns=(
        Column(
            "verzoek_id",
            "string",
            "Kenmerk van het verzoek (zie woo_verzoeken).",
            "Request id (see woo_verzoeken).",
            required=True,
            max_length=64,
            example="WOO-2024-0001",
        ),
        Column(
            "van",
            "date",
            "Eerste dag van de opschorting.",
            "First day of the suspension.",
            required=True,
            example="2024-03-10",
        ),
        Column(
            "tot",
            "date",
            "Laatste dag van de opschorting (inclusief).",
            "Last day of the suspension (inclusive).",
            required=True,
            example="2024-03-24",
        ),
        Column(
            "reden",
            "string",
            "aanvulling of zienswijze.",
            "aanvulling or zienswijze.",
            values=("aanvulling", "zienswijze"),
            example="zienswijze",
        ),
    ),
    key=("verzoek_id", "van"),
    ministry=Via("woo_verzoeken", "verzoek_id"),
    year=Via("woo_verzoeken", "verzoek_id"),
    checks=(
        _not_before(
            "tot_voor_van",
            "tot",
            "van",
            "een opschorting eindigt na haar begin.",
            "a suspension ends after it starts.",
        ),
    ),
)

OPENBAARMAKING = Theme(
    name="openbaarmaking",
    label_nl="Actieve openbaarmaking",
    label_en="Active disclosure",
    row_nl="ministerie × Woo-informatiecategorie per jaar",
    row_en="ministry × Woo information category per year",
    columns=(
        _ministerie(),
        _jaar(),
        Column(
            "categorie",
            "code",
            "Informatiecategorie van Woo art. 3.3.",
            "Information category of Woo art. 3.3.",
            required=True,
            codelist="woo_categorie",
            example="adviezen",
        ),
        Column(
            "documenten",
            "integer",
            "Actief openbaar gemaakte documenten.",
            "Documents actively published.",
            required=True,
            minimum=0,
            example="850",
        ),
    ),
    key=("ministerie", "jaar", "categorie"),
    ministry="ministerie",
    year="jaar",
)

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
        _ministerie(),
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
        _bool("kantoor", "Kantoorgebouw.", "Office building."),
        Column(
            "leegstand_m2",
            "number",
            "Leegstaand vloeroppervlak in m².",
            "Vacant floor area in m².",
            minimum=0,
            example="0",
        ),
        _register_jaar(),
    ),
    key=("gebouw_id", "jaar"),
    ministry="ministerie",
    year="jaar",
    checks=(_at_most("leegstand_groter_dan_bvo", "leegstand_m2", "bvo_m2"),),
)

ENERGIE = Theme(
    name="energie",
    label_nl="Energieverbruik",
    label_en="Energy use",
    row_nl="gebouw × energiedrager × periode (maand of korter)",
    row_en="building × carrier × period (month or shorter)",
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
        Column(
            "drager",
            "string",
            "gas_m3, elektriciteit_kwh of warmte_gj.",
            "gas_m3, elektriciteit_kwh or warmte_gj.",
            required=True,
            values=("gas_m3", "elektriciteit_kwh", "warmte_gj"),
            example="gas_m3",
        ),
        Column(
            "van",
            "datetime",
            "Begin van de meetperiode: een datum (JJJJ-MM-DD, de dag vanaf 00:00) of een "
            "tijdstip (JJJJ-MM-DD UU:MM).",
            "Start of the reading period: a date (YYYY-MM-DD, the day from 00:00) or a "
            "moment (YYYY-MM-DD HH:MM).",
            required=True,
            example="2024-01-01 00:00",
        ),
        Column(
            "tot",
            "datetime",
            "Einde van de meetperiode. Zonder tijd (van en tot alleen datums): t/m die dag, "
            "zoals 2024-01-01 t/m 2024-01-31. Met tijd: het eindmoment, zelf niet inbegrepen, "
            "zoals 00:00 tot 00:15.",
            "End of the reading period. Without a time (van and tot dates only): up to and "
            "including that day, e.g. 2024-01-01 to 2024-01-31. With a time: the end moment, "
            "itself not included, e.g. 00:00 to 00:15.",
            required=True,
            example="2024-01-01 00:15",
            ends="van",
        ),
        Column(
            "verbruik",
            "number",
            "Verbruik in de eenheid van de drager.",
            "Consumption in the carrier's unit.",
            required=True,
            minimum=0,
            example="10450",
        ),
        Column(
            "hernieuwbaar_kwh",
            "number",
            "Daarvan hernieuwbaar opgewekt (kWh).",
            "Of which renewable (kWh).",
            minimum=0,
            example="0",
        ),
    ),
    key=("gebouw_id", "drager", "van"),
    ministry=Via("gebouwen", "gebouw_id"),
    year="van",
    record_level=True,
    checks=(
        # ``tot`` is stored as the exclusive end, so an empty or reversed period has
        # tot <= van (a date-only reading of one day, van = tot, is stored as a day long).
        RowCheck(
            "tot_voor_van",
            "tot",
            "tot <= van",
            "tot ligt niet na van: een meetperiode eindigt na haar begin.",
            "tot is not after van: a reading period ends after it starts.",
            "Controleer van en tot (met een tijd is tot het eindmoment, niet meer inbegrepen).",
            "Check van and tot (with a time, tot is the end moment, itself not included).",
        ),
    ),
)

GRAADDAGEN = Theme(
    name="graaddagen",
    label_nl="Graaddagen",
    label_en="Degree days",
    row_nl="dag",
    row_en="day",
    columns=(
        Column("datum", "date", "Dag.", "Day.", required=True, example="2024-01-01"),
        Column(
            "graaddagen",
            "number",
            "Gewogen graaddagen (stookgraaddagen).",
            "Weighted heating degree days.",
            required=True,
            minimum=0,
            maximum=40,
            example="12,4",
        ),
    ),
    key=("datum",),
    ministry=None,
    year="datum",
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
    checks=(_at_most("bezetting_boven_capaciteit", "bezette_werkplekken", "werkplekken"),),
)

VLIEGREIZEN = Theme(
    name="vliegreizen",
    label_nl="Dienstvluchten",
    label_en="Business flights",
    row_nl="vliegreis (één vluchtdeel)",
    row_en="flight leg",
    columns=(
        _ministerie(),
        Column(
            "datum",
            "date",
            "Datum van de vlucht.",
            "Flight date.",
            required=True,
            example="2024-05-14",
        ),
        Column(
            "van",
            "string",
            "IATA-code vertrek.",
            "IATA code of departure.",
            required=True,
            max_length=3,
            example="AMS",
        ),
        Column(
            "naar",
            "string",
            "IATA-code aankomst.",
            "IATA code of arrival.",
            required=True,
            max_length=3,
            example="BRU",
        ),
        Column(
            "klasse",
            "string",
            "economy, premium_economy, business of first.",
            "economy, premium_economy, business or first.",
            values=("economy", "premium_economy", "business", "first"),
            example="economy",
        ),
        Column(
            "reizigers",
            "integer",
            "Aantal reizigers.",
            "Number of travellers.",
            minimum=1,
            example="1",
        ),
    ),
    key=(),
    ministry="ministerie",
    year="datum",
    code_date="datum",
    record_level=True,
    checks=(
        RowCheck(
            "iata_ongeldig",
            "van",
            "NOT regexp_full_match(van, '[A-Z]{3}')",
            "Geen IATA-luchthavencode van drie hoofdletters.",
            "Not a three-letter IATA airport code.",
            "Gebruik de IATA-code, bijvoorbeeld AMS.",
            "Use the IATA code, e.g. AMS.",
        ),
        RowCheck(
            "iata_ongeldig",
            "naar",
            "NOT regexp_full_match(naar, '[A-Z]{3}')",
            "Geen IATA-luchthavencode van drie hoofdletters.",
            "Not a three-letter IATA airport code.",
            "Gebruik de IATA-code, bijvoorbeeld JFK.",
            "Use the IATA code, e.g. JFK.",
        ),
        RowCheck(
            "iata_onbekend",
            "van",
            iata_unknown_sql("van"),
            "Onbekende IATA-luchthavencode: niet in de luchthavendatabase (airportsdata).",
            "Unknown IATA airport code: not in the airport database (airportsdata).",
            "Controleer de code van de vertrekluchthaven, bijvoorbeeld AMS voor Schiphol.",
            "Check the departure airport's code, e.g. AMS for Schiphol.",
        ),
        RowCheck(
            "iata_onbekend",
            "naar",
            iata_unknown_sql("naar"),
            "Onbekende IATA-luchthavencode: niet in de luchthavendatabase (airportsdata).",
            "Unknown IATA airport code: not in the airport database (airportsdata).",
            "Controleer de code van de aankomstluchthaven, bijvoorbeeld JFK voor New York.",
            "Check the arrival airport's code, e.g. JFK for New York.",
        ),
    ),
)

INKOOP = Theme(
    name="inkoop",
    label_nl="Inkoop",
    label_en="Procurement",
    row_nl="ministerie × inkoopcategorie per jaar",
    row_en="ministry × procurement category per year",
    columns=(
        _ministerie(),
        _jaar(),
        Column(
            "categorie",
            "string",
            "Inkoopcategorie.",
            "Procurement category.",
            required=True,
            max_length=100,
            example="ICT",
        ),
        _eur("uitgaven_eur", "Inkoopuitgaven.", "Procurement spend."),
        _eur(
            "mvi_eur",
            "Waarvan maatschappelijk verantwoord (MVI).",
            "Of which sustainable (MVI).",
            required=False,
        ),
        _eur("mkb_eur", "Waarvan bij het mkb.", "Of which with SMEs.", required=False),
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
        _at_most("mvi_groter_dan_uitgaven", "mvi_eur", "uitgaven_eur"),
        _at_most("mkb_groter_dan_uitgaven", "mkb_eur", "uitgaven_eur"),
        _at_most(
            "mvi_aanbestedingen_groter_dan_aanbestedingen", "aanbestedingen_mvi", "aanbestedingen"
        ),
    ),
)

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
        _ministerie(),
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
        _bool("dpia", "DPIA uitgevoerd.", "DPIA carried out."),
        _register_jaar(),
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
        _ministerie(),
        Column(
            "naam",
            "string",
            "Naam van het project.",
            "Project name.",
            required=True,
            max_length=200,
            example="Vernieuwing belastingsystemen",
        ),
        _jaar(),
        _eur("begroting_eur", "Oorspronkelijke begroting.", "Initial budget."),
        _eur("realisatie_eur", "Actuele raming of realisatie.", "Current estimate or actual."),
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

THEMES: dict[str, Theme] = {
    t.name: t
    for t in (
        PERSONEEL,
        VACATURES,
        UITGAVEN_PERSONEEL,
        FORMATIE,
        TARIEVEN,
        BANENAFSPRAAK_DOEL,
        WOO_VERZOEKEN,
        WOO_OPSCHORTINGEN,
        OPENBAARMAKING,
        GEBOUWEN,
        ENERGIE,
        GRAADDAGEN,
        BEZETTING,
        VLIEGREIZEN,
        INKOOP,
        AI_TOEPASSINGEN,
        ICT_PROJECTEN,
    )
}


def theme_for_filename(stem: str) -> str | None:
    """SPEC §3: ``THEME.csv`` or ``THEME_anything.csv``; the longest matching theme wins."""
    stem = stem.lower()
    matches = [n for n in THEMES if stem == n or stem.startswith(n + "_")]
    return max(matches, key=len) if matches else None


def theme_for_header(header: list[str], exclude: tuple[str, ...] = ()) -> str | None:
    """The theme whose required columns a header holds (most of its columns wins), else None.

    For the hint on a sheet or file named otherwise ("hernoem Blad1 naar personeel").
    """
    names = {str(h).strip().lower() for h in header if h is not None}
    fits = [
        (len(names & set(t.column_names)), -len(t.columns), t.name)
        for t in THEMES.values()
        if t.name not in exclude and {c.name for c in t.columns if c.required} <= names
    ]
    return max(fits)[2] if fits else None


def load_order(names: list[str]) -> list[str]:
    """Parents before children, so a building exists before its energy rows."""
    order = list(THEMES)
    return sorted(names, key=lambda n: (bool(THEMES[n].parents), order.index(n)))

"""The delivery themes of sustainability: energy use, degree days and business flights.

SPEC §3 and §5.3; the indicators are declared in ``definitions/sustainability.toml``.
"""

from __future__ import annotations

from functools import partial

from ...codelists.airports import iata_unknown_sql
from ..declaration import Column, RowCheck, Theme, Via
from .shared import ministerie

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

VLIEGREIZEN = Theme(
    name="vliegreizen",
    label_nl="Dienstvluchten",
    label_en="Business flights",
    row_nl="vliegreis (één vluchtdeel)",
    row_en="flight leg",
    columns=(
        ministerie(),
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
            partial(iata_unknown_sql, "van"),
            "Onbekende IATA-luchthavencode: niet in de luchthavendatabase (airportsdata).",
            "Unknown IATA airport code: not in the airport database (airportsdata).",
            "Controleer de code van de vertrekluchthaven, bijvoorbeeld AMS voor Schiphol.",
            "Check the departure airport's code, e.g. AMS for Schiphol.",
        ),
        RowCheck(
            "iata_onbekend",
            "naar",
            partial(iata_unknown_sql, "naar"),
            "Onbekende IATA-luchthavencode: niet in de luchthavendatabase (airportsdata).",
            "Unknown IATA airport code: not in the airport database (airportsdata).",
            "Controleer de code van de aankomstluchthaven, bijvoorbeeld JFK voor New York.",
            "Check the arrival airport's code, e.g. JFK for New York.",
        ),
    ),
)

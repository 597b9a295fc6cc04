"""Validation problems as values (STYLE: errors are values with a home).

Validation never raises for bad input; it returns ``Problem``s. Only the CLI
turns them into exit codes and text. Every generic rule has a stable slug and
a Dutch and English message with a hint; theme-specific rules carry their own
text in the theme declaration.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Problem:
    file: str
    sheet: str | None
    row: int | None  # 1-based as the user sees it (header = row 1 in csv/xlsx)
    column: str | None
    value: str | None
    rule: str
    message: str
    severity: str = ERROR

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR


# rule slug → (Dutch message, English message); {placeholders} filled per problem.
MESSAGES: dict[str, tuple[str, str]] = {
    "bestand_niet_gevonden": (
        "Bestand niet gevonden. Controleer het pad.",
        "File not found. Check the path.",
    ),
    "bestandstype_onbekend": (
        "Onbekend bestandstype {suffix!r}. Lever .xlsx, .csv of .parquet aan.",
        "Unknown file type {suffix!r}. Deliver .xlsx, .csv or .parquet.",
    ),
    "bestand_leeg": (
        "Het bestand is leeg. Lever een bestand met een kopregel en gegevens aan.",
        "The file is empty. Deliver a file with a header row and data.",
    ),
    "bestand_binair": (
        "Dit is geen tekstbestand (CSV) maar binaire inhoud. Exporteer als CSV of lever .xlsx aan.",
        "This is not a text (CSV) file but binary content. Export as CSV or deliver .xlsx.",
    ),
    "bestand_onleesbaar": (
        "Het bestand kan niet worden gelezen: {reason}. Sla het opnieuw op en probeer het nog eens.",
        "The file cannot be read: {reason}. Save it again and retry.",
    ),
    "thema_onbekend": (
        "Het thema is niet te bepalen uit de bestandsnaam. Noem het bestand naar het thema "
        "(bijvoorbeeld personeel_2024.csv) of geef --theme op. Thema's: {themes}.",
        "The theme cannot be told from the file name. Name the file after the theme "
        "(e.g. personeel_2024.csv) or pass --theme. Themes: {themes}.",
    ),
    "geen_themablad": (
        "Het werkboek heeft geen blad met de naam van een thema. Bladen: {sheets}. "
        "Thema's: {themes}.",
        "The workbook has no sheet named after a theme. Sheets: {sheets}. Themes: {themes}.",
    ),
    "geen_gegevens": (
        "Er staan geen gegevensregels onder de kopregel.",
        "There are no data rows below the header.",
    ),
    "kolom_ontbreekt": (
        "Verplichte kolom {column!r} ontbreekt. Voeg de kolom toe (de kolomnamen staan in "
        "de sjabloon: jbr template --theme {theme}).",
        "Required column {column!r} is missing. Add it (see the template: "
        "jbr template --theme {theme}).",
    ),
    "kolom_dubbel": (
        "Kolom {column!r} komt meer dan eens voor. Verwijder de dubbele kolom.",
        "Column {column!r} occurs more than once. Remove the duplicate.",
    ),
    "kolom_onbekend": (
        "Kolom {column!r} hoort niet bij thema {theme} en wordt genegeerd.",
        "Column {column!r} is not part of theme {theme} and is ignored.",
    ),
    "verplicht": (
        "Verplichte waarde ontbreekt. Vul {column} in.",
        "Required value is missing. Fill in {column}.",
    ),
    "type_geheel_getal": (
        "Geen geheel getal. Gebruik alleen cijfers, bijvoorbeeld 12.",
        "Not a whole number. Use digits only, e.g. 12.",
    ),
    "type_getal": (
        "Geen getal. Gebruik bijvoorbeeld 1234,5 of 1234.5 (zonder duizendtalscheiding of €).",
        "Not a number. Use e.g. 1234.5 or 1234,5 (no thousands separator or €).",
    ),
    "type_datum": (
        "Geen datum. Gebruik JJJJ-MM-DD (2024-03-31), DD-MM-JJJJ of een Excel-datum.",
        "Not a date. Use YYYY-MM-DD (2024-03-31), DD-MM-YYYY or an Excel date.",
    ),
    "datum_bestaat_niet": (
        "Deze datum bestaat niet (bijvoorbeeld 30 februari). Controleer dag en maand.",
        "This date does not exist (e.g. 30 February). Check day and month.",
    ),
    "type_datumtijd": (
        "Geen datum of tijdstip. Gebruik JJJJ-MM-DD UU:MM (2024-03-31 14:15, lokale tijd zonder "
        "tijdzone), alleen de datum JJJJ-MM-DD, DD-MM-JJJJ UU:MM of een Excel-datum.",
        "Not a date or moment. Use YYYY-MM-DD HH:MM (2024-03-31 14:15, local time without a "
        "time zone), the date alone YYYY-MM-DD, DD-MM-YYYY HH:MM or an Excel date.",
    ),
    "datumtijd_bestaat_niet": (
        "Deze datum of tijd bestaat niet (bijvoorbeeld 30 februari of 25:00). Controleer dag, "
        "maand en tijd.",
        "This date or time does not exist (e.g. 30 February or 25:00). Check day, month and time.",
    ),
    "type_ja_nee": (
        "Geen ja/nee-waarde. Gebruik ja of nee (ook true/false, 1/0).",
        "Not a yes/no value. Use true or false (also ja/nee, 1/0).",
    ),
    "type_jaar": (
        "Geen jaartal. Gebruik vier cijfers, bijvoorbeeld 2024.",
        "Not a year. Use four digits, e.g. 2024.",
    ),
    "te_klein": (
        "Waarde is kleiner dan het minimum {minimum}.",
        "Value is below the minimum {minimum}.",
    ),
    "te_groot": (
        "Waarde is groter dan het maximum {maximum}.",
        "Value is above the maximum {maximum}.",
    ),
    "te_lang": (
        "Tekst is langer dan {max_length} tekens.",
        "Text is longer than {max_length} characters.",
    ),
    "waarde_onbekend": (
        "Onbekende waarde. Toegestaan: {allowed}.",
        "Unknown value. Allowed: {allowed}.",
    ),
    "code_onbekend": (
        "Onbekende code in codelijst {codelist}. Zie de sjabloon (blad codes) voor de geldige "
        "codes.",
        "Unknown code in code list {codelist}. See the template (sheet codes) for valid codes.",
    ),
    "ministerie_niet_geldig": (
        "Ministerie bestond niet op {day}. Gebruik de code die op die datum gold{successors}.",
        "The ministry did not exist on {day}. Use the code valid on that date{successors}.",
    ),
    "sleutel_dubbel": (
        "Dubbele regel: de combinatie {key} komt vaker voor (ook in rij {other}).",
        "Duplicate row: the combination {key} occurs more than once (also in row {other}).",
    ),
    "ouder_onbekend": (
        "{column} {value!r} is niet bekend in thema {parent}. Lever {parent} mee of eerst aan.",
        "{column} {value!r} is not known in theme {parent}. Deliver {parent} with it or first.",
    ),
    "formule": (
        "Celinhoud begint als een spreadsheetformule; lever de waarde aan, niet de formule.",
        "Cell content starts like a spreadsheet formula; deliver the value, not the formula.",
    ),
}


def message(rule: str, lang: str = "nl", **fields: Any) -> str:
    nl, en = MESSAGES[rule]
    return (nl if lang == "nl" else en).format(**fields)


def file_problem(
    file: str, rule: str, lang: str = "nl", sheet: str | None = None, **fields: Any
) -> Problem:
    """A problem about the file as a whole (no row or column)."""
    return Problem(file, sheet, None, None, None, rule, message(rule, lang, **fields))

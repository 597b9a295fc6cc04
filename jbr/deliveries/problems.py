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
    message: str  # what is wrong
    severity: str = ERROR  # ERROR rejects the file; WARNING is reported and the file is kept
    hint: str | None = None  # what to do about it

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    @property
    def text(self) -> str:
        """Message and hint as one line, for tables and logs."""
        return f"{self.message} {self.hint}" if self.hint else self.message

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR


# rule slug → (Dutch, English): what is wrong, then (HINTS) what to do about it.
# {placeholders} are filled per problem.
MESSAGES: dict[str, tuple[str, str]] = {
    "bestand_niet_gevonden": ("Bestand niet gevonden.", "File not found."),
    "bestandstype_onbekend": ("Onbekend bestandstype {suffix!r}.", "Unknown file type {suffix!r}."),
    "bestand_leeg": ("Het bestand is leeg.", "The file is empty."),
    "bestand_binair": (
        "Dit is geen tekstbestand (CSV) maar binaire inhoud.",
        "This is not a text (CSV) file but binary content.",
    ),
    "bestand_onleesbaar": (
        "Het bestand kan niet worden gelezen: {reason}.",
        "The file cannot be read: {reason}.",
    ),
    "werkboek_te_groot": ("Werkboek te groot: {reason}.", "Workbook too large: {reason}."),
    "thema_onbekend": (
        "Het thema is niet te bepalen uit de bestandsnaam.",
        "The theme cannot be told from the file name.",
    ),
    "thema_uit_kolommen": (
        "Het thema is niet te bepalen uit de bestandsnaam; de kolommen zijn die van thema {theme}.",
        "The theme cannot be told from the file name; the columns are those of theme {theme}.",
    ),
    "geen_themablad": (
        "Het werkboek heeft geen blad met de naam van een thema. Bladen: {sheets}.",
        "The workbook has no sheet named after a theme. Sheets: {sheets}.",
    ),
    "blad_hernoemen": (
        "Blad {sheet!r} heeft de kolommen van thema {theme}, maar een andere naam en wordt "
        "daarom niet gelezen.",
        "Sheet {sheet!r} has the columns of theme {theme} but another name, so it is not read.",
    ),
    "geen_gegevens": (
        "Er staan geen gegevensregels onder de kopregel.",
        "There are no data rows below the header.",
    ),
    "kolom_ontbreekt": (
        "Verplichte kolom {column!r} ontbreekt.",
        "Required column {column!r} is missing.",
    ),
    "kolom_dubbel": (
        "Kolom {column!r} komt meer dan eens voor.",
        "Column {column!r} occurs more than once.",
    ),
    "kolom_onbekend": (
        "Kolom {column!r} hoort niet bij thema {theme} en wordt genegeerd.",
        "Column {column!r} is not part of theme {theme} and is ignored.",
    ),
    "verplicht": ("Verplichte waarde ontbreekt.", "Required value is missing."),
    "type_geheel_getal": ("Geen geheel getal.", "Not a whole number."),
    "type_getal": ("Geen getal.", "Not a number."),
    "getal_dubbelzinnig": (
        "Dubbelzinnig getal: {value} kan {thousands} of {decimal} betekenen; {why}.",
        "Ambiguous number: {value} can mean {thousands} or {decimal}; {why}.",
    ),
    "type_datum": ("Geen datum.", "Not a date."),
    "datum_bestaat_niet": (
        "Deze datum bestaat niet (bijvoorbeeld 30 februari).",
        "This date does not exist (e.g. 30 February).",
    ),
    "type_datumtijd": ("Geen datum of tijdstip.", "Not a date or moment."),
    "datumtijd_bestaat_niet": (
        "Deze datum of tijd bestaat niet (bijvoorbeeld 30 februari of 25:00).",
        "This date or time does not exist (e.g. 30 February or 25:00).",
    ),
    "type_ja_nee": ("Geen ja/nee-waarde.", "Not a yes/no value."),
    "type_jaar": ("Geen jaartal.", "Not a year."),
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
    "waarde_onbekend": ("Onbekende waarde.", "Unknown value."),
    "code_onbekend": (
        "Onbekende code in codelijst {codelist}.",
        "Unknown code in code list {codelist}.",
    ),
    "ministerie_niet_geldig": (
        "Ministerie bestond niet op {day}.",
        "The ministry did not exist on {day}.",
    ),
    "sleutel_dubbel": (
        "Dubbele regel: de combinatie {key} komt vaker voor (ook in rij {other}).",
        "Duplicate row: the combination {key} occurs more than once (also in row {other}).",
    ),
    "ouder_onbekend": (
        "{column} {value!r} is niet bekend in thema {parent}.",
        "{column} {value!r} is not known in theme {parent}.",
    ),
    "formule": (
        "Celinhoud begint als een spreadsheetformule.",
        "Cell content starts like a spreadsheet formula.",
    ),
}

HINTS: dict[str, tuple[str, str]] = {
    "bestand_niet_gevonden": ("Controleer het pad.", "Check the path."),
    "bestandstype_onbekend": (
        "Lever .xlsx, .csv of .parquet aan.",
        "Deliver .xlsx, .csv or .parquet.",
    ),
    "bestand_leeg": (
        "Lever een bestand met een kopregel en gegevens aan.",
        "Deliver a file with a header row and data.",
    ),
    "bestand_binair": ("Exporteer als CSV of lever .xlsx aan.", "Export as CSV or deliver .xlsx."),
    "bestand_onleesbaar": (
        "Sla het opnieuw op en probeer het nog eens.",
        "Save it again and retry.",
    ),
    "werkboek_te_groot": (
        "Verwijder lege, opgemaakte rijen en kolommen na de gegevens (Ctrl+End toont de laatste "
        "cel) en overbodige bladen, of lever CSV of Parquet aan.",
        "Delete empty formatted rows and columns after the data (Ctrl+End shows the last cell) "
        "and unneeded sheets, or deliver CSV or Parquet.",
    ),
    "thema_onbekend": (
        "Noem het bestand naar het thema (bijvoorbeeld personeel_2024.csv) of geef --theme op. "
        "Thema's: {themes}.",
        "Name the file after the theme (e.g. personeel_2024.csv) or pass --theme. "
        "Themes: {themes}.",
    ),
    "thema_uit_kolommen": (
        "Noem het bestand {theme}{suffix} of {theme}_<iets>{suffix}, of geef --theme {theme} op.",
        "Name the file {theme}{suffix} or {theme}_<anything>{suffix}, or pass --theme {theme}.",
    ),
    "geen_themablad": (
        "Geef het blad met de gegevens de naam van het thema. Thema's: {themes}.",
        "Name the sheet holding the data after its theme. Themes: {themes}.",
    ),
    "blad_hernoemen": (
        "Hernoem {sheet} naar {theme}.",
        "Rename {sheet} to {theme}.",
    ),
    "kolom_ontbreekt": (
        "Voeg de kolom toe (de kolomnamen staan in de sjabloon: jbr template --theme {theme}).",
        "Add it (see the template: jbr template --theme {theme}).",
    ),
    "kolom_dubbel": ("Verwijder de dubbele kolom.", "Remove the duplicate."),
    "verplicht": ("Vul {column} in.", "Fill in {column}."),
    "type_geheel_getal": (
        "Gebruik een geheel getal zonder decimalen, bijvoorbeeld 12.",
        "Use a whole number without decimals, e.g. 12.",
    ),
    "type_getal": (
        "Schrijf bijvoorbeeld 1234,5 of 1.234,5 (Nederlands) of 1234.5 of 1,234.5 (Engels).",
        "Write e.g. 1234.5 or 1,234.5 (English) or 1234,5 or 1.234,5 (Dutch).",
    ),
    "getal_dubbelzinnig": (
        "Schrijf het getal zonder scheidingsteken voor duizendtallen, dus {thousands} of "
        "{decimal}.",
        "Write the number without a thousands separator, so {thousands} or {decimal}.",
    ),
    "type_datum": (
        "Gebruik JJJJ-MM-DD (2024-03-31), DD-MM-JJJJ of een Excel-datum.",
        "Use YYYY-MM-DD (2024-03-31), DD-MM-YYYY or an Excel date.",
    ),
    "datum_bestaat_niet": ("Controleer dag en maand.", "Check day and month."),
    "type_datumtijd": (
        "Gebruik JJJJ-MM-DD UU:MM (2024-03-31 14:15, lokale tijd zonder tijdzone), alleen de "
        "datum JJJJ-MM-DD, DD-MM-JJJJ UU:MM of een Excel-datum.",
        "Use YYYY-MM-DD HH:MM (2024-03-31 14:15, local time without a time zone), the date "
        "alone YYYY-MM-DD, DD-MM-YYYY HH:MM or an Excel date.",
    ),
    "datumtijd_bestaat_niet": (
        "Controleer dag, maand en tijd.",
        "Check day, month and time.",
    ),
    "type_ja_nee": (
        "Gebruik ja of nee (ook true/false, 1/0).",
        "Use true or false (also ja/nee, 1/0).",
    ),
    "type_jaar": ("Gebruik vier cijfers, bijvoorbeeld 2024.", "Use four digits, e.g. 2024."),
    "waarde_onbekend": ("Toegestaan: {allowed}.", "Allowed: {allowed}."),
    "code_onbekend": (
        "Zie de sjabloon (blad codes) voor de geldige codes.",
        "See the template (sheet codes) for valid codes.",
    ),
    "ministerie_niet_geldig": (
        "Gebruik de code die op die datum gold{successors}.",
        "Use the code valid on that date{successors}.",
    ),
    "ouder_onbekend": (
        "Lever {parent} mee of eerst aan.",
        "Deliver {parent} with it or first.",
    ),
    "formule": (
        "Lever de waarde aan, niet de formule.",
        "Deliver the value, not the formula.",
    ),
}


def message(rule: str, lang: str = "nl", **fields: Any) -> str:
    """What is wrong, in ``lang``."""
    nl, en = MESSAGES[rule]
    return (nl if lang == "nl" else en).format(**fields)


def hint(rule: str, lang: str = "nl", **fields: Any) -> str | None:
    """What to do about it, in ``lang``; None for a rule without a hint."""
    if rule not in HINTS:
        return None
    nl, en = HINTS[rule]
    return (nl if lang == "nl" else en).format(**fields)


def problem(
    file: str,
    sheet: str | None,
    row: int | None,
    column: str | None,
    value: str | None,
    rule: str,
    lang: str = "nl",
    severity: str = ERROR,
    /,
    **fields: Any,
) -> Problem:
    """A problem of a generic rule, its message and hint filled from the registry."""
    return Problem(
        file,
        sheet,
        row,
        column,
        value,
        rule,
        message(rule, lang, **fields),
        severity,
        hint(rule, lang, **fields),
    )


def file_problem(
    file: str, rule: str, lang: str = "nl", sheet: str | None = None, **fields: Any
) -> Problem:
    """A problem about the file as a whole (no row or column)."""
    return problem(file, sheet, None, None, None, rule, lang, **fields)

"""The template's words in both languages (moved to the catalogue next)."""

from __future__ import annotations

TEXT: dict[str, dict[str, str]] = {
    "nl": {
        "title": "Aanleversjabloon {theme}",
        "one_row": "Eén regel per {row}.",
        "deliver": "Aanleveren: vul het blad '{theme}' in (de bladnaam is het thema; laat de "
        "kolomnamen staan) en lever dit xlsx-bestand aan. Of lever een CSV- of Parquet-bestand "
        "met dezelfde kolommen, genaamd {theme}.csv of {theme}_<iets>.csv.",
        "formats": "Datums als JJJJ-MM-DD (ook DD-MM-JJJJ of een Excel-datum); bedragen in "
        "euro's; getallen als getal in de cel, of als tekst in Nederlandse notatie (1.234,5) "
        "of Engelse (1,234.5). Een getal als 1.234 dat 1234 of 1,234 kan zijn, wordt "
        "geweigerd als het bestand en de kolom dat niet beslissen: schrijf dan 1234 of 1,234.",
        "required_note": "Verplichte kolommen hebben een oranje kop; de andere mogen leeg blijven.",
        "key": "Elke regel is uniek op: {key}.",
        "parent": "Hoort bij thema {parent} (via {key}): lever dat thema mee of eerder aan.",
        "record_level": "Voor het hele Rijk past dit thema niet in één Excel-blad (ten hoogste "
        "1.048.576 regels): lever dan CSV of Parquet aan.",
        "year": "De keuzelijst van ministeries geldt voor verslagjaar {year}.",
        "codes_sheet": "De codelijsten van de keuzelijsten staan op het verborgen blad "
        "'codes' (rechtsklik op een bladtab > Zichtbaar maken).",
        "check": "Controleer het bestand vóór verzending met: jbr validate <bestand>.",
        "checks": "Controles over regels heen",
        "name": "naam",
        "required": "Verplicht",
        "optional": "Optioneel",
        "required_suffix": " (verplicht)",
        "yes": "ja",
        "no": "nee",
        "between": "{low} t/m {high}",
        "at_least": "{low} of meer",
        "at_most": "ten hoogste {high}",
        "codes": "codelijst {codelist}: {codes}",
        "boolean": "{choices} (ook true/false, 1/0)",
        "dates": "JJJJ-MM-DD, van {low} t/m {high}",
        "datetimes": "JJJJ-MM-DD UU:MM of alleen JJJJ-MM-DD, van {low} t/m {high}",
        "max_length": "ten hoogste {n} tekens",
        "error_title": "Ongeldig: {column}",
        "prompt_list": "Kies uit de keuzelijst.",
        "prompt_date": "Datum als JJJJ-MM-DD.",
        "prompt_datetime": "Tijdstip als JJJJ-MM-DD UU:MM of alleen de datum.",
        "error_code": "Onbekende code. Kies een code uit de lijst (codelijst {codelist}; zie "
        "blad toelichting).",
        "error_choice": "Kies een van: {choices}.",
        "error_date": "Vul een datum in van {low} t/m {high} (JJJJ-MM-DD).",
        "error_datetime": "Vul een datum of tijdstip in van {low} t/m {high} (JJJJ-MM-DD UU:MM).",
        "error_whole": "Vul een geheel getal in",
        "error_decimal": "Vul een getal in",
        "error_length": "Ten hoogste {n} tekens.",
    },
    "en": {
        "title": "Delivery template {theme}",
        "one_row": "One row per {row}.",
        "deliver": "Delivery: fill in sheet '{theme}' (the sheet name is the theme; keep the "
        "column names) and deliver this xlsx file. Or deliver a CSV or Parquet file with the "
        "same columns, named {theme}.csv or {theme}_<anything>.csv.",
        "formats": "Dates as YYYY-MM-DD (also DD-MM-YYYY or an Excel date); money in euros; "
        "numbers as a number in the cell, or as text in English (1,234.5) or Dutch (1.234,5) "
        "notation. A number like 1.234 that can mean 1234 or 1.234 is rejected when the file "
        "and the column do not decide it: then write 1234 or 1.234.",
        "required_note": "Required columns have an orange header; the others may stay empty.",
        "key": "Each row is unique on: {key}.",
        "parent": "Belongs to theme {parent} (via {key}): deliver that theme with it or first.",
        "record_level": "For the whole Rijk this theme does not fit in one Excel sheet (at most "
        "1,048,576 rows): deliver CSV or Parquet instead.",
        "year": "The ministry drop-down holds the ministries of reporting year {year}.",
        "codes_sheet": "The code lists behind the drop-downs are on the hidden sheet 'codes' "
        "(right-click a sheet tab > Unhide).",
        "check": "Check the file before sending it: jbr validate <file>.",
        "checks": "Checks across rows",
        "name": "name",
        "required": "Required",
        "optional": "Optional",
        "required_suffix": " (required)",
        "yes": "yes",
        "no": "no",
        "between": "{low} to {high}",
        "at_least": "at least {low}",
        "at_most": "at most {high}",
        "codes": "code list {codelist}: {codes}",
        "boolean": "{choices} (also true/false, 1/0)",
        "dates": "YYYY-MM-DD, from {low} to {high}",
        "datetimes": "YYYY-MM-DD HH:MM or the date alone YYYY-MM-DD, from {low} to {high}",
        "max_length": "at most {n} characters",
        "error_title": "Invalid: {column}",
        "prompt_list": "Pick from the drop-down list.",
        "prompt_date": "Date as YYYY-MM-DD.",
        "prompt_datetime": "Moment as YYYY-MM-DD HH:MM, or the date alone.",
        "error_code": "Unknown code. Pick a code from the list (code list {codelist}; see "
        "sheet toelichting).",
        "error_choice": "Pick one of: {choices}.",
        "error_date": "Enter a date from {low} to {high} (YYYY-MM-DD).",
        "error_datetime": "Enter a date or moment from {low} to {high} (YYYY-MM-DD HH:MM).",
        "error_whole": "Enter a whole number",
        "error_decimal": "Enter a number",
        "error_length": "At most {n} characters.",
    },
}

# Column headings of the help table, in order.
HELP_HEADER: dict[str, tuple[str, ...]] = {
    "nl": ("kolom", "verplicht", "type", "toegestane waarden", "toelichting", "voorbeeld"),
    "en": ("column", "required", "type", "allowed values", "explanation", "example"),
}

TYPE_LABEL: dict[str, dict[str, str]] = {
    "nl": {
        "string": "tekst",
        "code": "code",
        "integer": "geheel getal",
        "number": "getal",
        "date": "datum",
        "datetime": "datum en tijd",
        "boolean": "ja/nee",
        "year": "jaar",
    },
    "en": {
        "string": "text",
        "code": "code",
        "integer": "whole number",
        "number": "number",
        "date": "date",
        "datetime": "date and time",
        "boolean": "yes/no",
        "year": "year",
    },
}

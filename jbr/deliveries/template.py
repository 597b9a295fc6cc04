"""An Excel delivery template per theme (SPEC §2 ``jbr template``), derived from its declaration.

The workbook holds one sheet named after the theme (the sheet the validator
reads), a ``toelichting`` sheet explaining each column and a hidden ``codes``
sheet with the code lists behind the drop-downs. Excel's data validation
catches most mistakes while typing; ``jbr validate`` stays the judge, since
pasted cells bypass Excel's checks.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

from babel.numbers import format_decimal
from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from jbr.codelists import (
    Code,
    alias_table,
    codelist,
    ministries_active_in,
    ministries_valid_in,
)

from .declaration import Column, Theme, Via
from .schema import column_help
from .themes import THEMES

HELP_SHEET = "toelichting"
CODES_SHEET = "codes"
FIRST_ROW, LAST_ROW = 2, 10_000  # rows that carry data validation
DATE_MIN, DATE_MAX = dt.date(2000, 1, 1), dt.date(2100, 12, 31)
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
REQUIRED_FILL = PatternFill("solid", fgColor="FFD8A8")
# Fixed timestamps make the same template byte-for-byte identical on every run.
FIXED_TIME = dt.datetime(2024, 1, 1)
_ZIP_TIME = (2024, 1, 1, 0, 0, 0)


# --- user-facing text (Dutch first, English with lang="en") -----------------

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


def write_template(theme_name: str, out: Path, year: int | None = None, lang: str = "nl") -> Path:
    """Write the empty delivery template of ``theme_name`` to ``out`` (.xlsx); return ``out``.

    ``year`` limits the ministry drop-down to the ministries of that reporting
    year; without it every ministry code ever valid is offered.
    """
    if theme_name not in THEMES:
        raise KeyError(f"unknown theme {theme_name!r}; themes: {', '.join(THEMES)}")
    workbook = build_template(THEMES[theme_name], year, lang)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    save_deterministic(workbook, out)
    return out


def build_template(theme: Theme, year: int | None = None, lang: str = "nl") -> Workbook:
    """The template as an openpyxl workbook (not yet saved)."""
    lang = "en" if lang == "en" else "nl"
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = theme.name
    codes = _codes_sheet(workbook, theme, year, lang)
    help_sheet = workbook.create_sheet(HELP_SHEET, index=1)
    _fill_data_sheet(sheet, theme, codes, lang)
    _fill_help_sheet(help_sheet, theme, codes, year, lang)
    workbook.active = 0
    workbook.properties.creator = "jbr"
    workbook.properties.lastModifiedBy = "jbr"
    workbook.properties.title = TEXT[lang]["title"].format(theme=theme.name)
    workbook.properties.created = FIXED_TIME
    workbook.properties.modified = FIXED_TIME
    return workbook


class _FixedTimeZip(zipfile.ZipFile):
    """A zip archive whose members all carry the same timestamp."""

    def _info(self, arcname: str) -> zipfile.ZipInfo:
        info = zipfile.ZipInfo(arcname, date_time=_ZIP_TIME)
        info.compress_type = self.compression
        info.external_attr = 0o600 << 16
        return info

    def writestr(self, zinfo_or_arcname, data, compress_type=None, compresslevel=None):  # type: ignore[override]
        if not isinstance(zinfo_or_arcname, zipfile.ZipInfo):
            zinfo_or_arcname = self._info(zinfo_or_arcname)
        super().writestr(zinfo_or_arcname, data, compress_type, compresslevel)

    def write(self, filename, arcname=None, compress_type=None, compresslevel=None):  # type: ignore[override]
        # openpyxl streams worksheets through temporary files; keep their content only.
        data = Path(filename).read_bytes()
        self.writestr(self._info(str(arcname or filename)), data, compress_type, compresslevel)


def save_deterministic(workbook: Workbook, out: Path) -> None:
    """Save like ``Workbook.save`` but without the wall clock (openpyxl stamps 'now')."""
    with _FixedTimeZip(out, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        ExcelWriter(workbook, archive).write_data()


# --- code lists --------------------------------------------------------------


def code_entries(theme: Theme, codelist_name: str, year: int | None) -> tuple[Code, ...]:
    """The entries offered for a code column; ministries narrowed to ``year`` when given.

    A theme whose rows carry their own date (``code_date``) may use a code on
    any day of the year (EZK until July 2024), so it gets the ministries active
    in the year; other themes those valid on 31 December (SPEC §4).
    """
    entries = codelist(codelist_name)
    if codelist_name != "ministerie" or year is None:
        return entries
    valid = ministries_active_in(year) if theme.code_date else ministries_valid_in(year)
    codes = {m.code for m in valid}
    return tuple(e for e in entries if e.code in codes)


def _codes_sheet(
    workbook: Workbook, theme: Theme, year: int | None, lang: str
) -> dict[str, tuple[str, tuple[Code, ...]]]:
    """Write each code list the theme uses to the hidden ``codes`` sheet.

    Returns code list name → (cell range of its codes, its entries).
    """
    sheet = workbook.create_sheet(CODES_SHEET)
    sheet.sheet_state = "hidden"
    found: dict[str, tuple[str, tuple[Code, ...]]] = {}
    for column in theme.columns:
        if not column.is_code or column.codelist in found:
            continue
        assert column.codelist is not None
        entries = code_entries(theme, column.codelist, year)
        code_col = 2 * len(found) + 1
        letter = get_column_letter(code_col)
        sheet.cell(1, code_col, column.codelist).font = Font(bold=True)
        sheet.cell(1, code_col + 1, TEXT[lang]["name"]).font = Font(bold=True)
        for row, entry in enumerate(entries, start=2):
            sheet.cell(row, code_col, entry.code)
            sheet.cell(row, code_col + 1, entry.name_en if lang == "en" else entry.name_nl)
        sheet.column_dimensions[letter].width = max(12, *(len(e.code) + 2 for e in entries))
        sheet.column_dimensions[get_column_letter(code_col + 1)].width = 50
        found[column.codelist] = (
            f"{CODES_SHEET}!${letter}$2:${letter}${len(entries) + 1}",
            entries,
        )
    return found


# --- texts -------------------------------------------------------------------


def _number(value: float, lang: str) -> str:
    """A bound in the user's notation: ``1,5`` in Dutch, no thousands separator."""
    return format_decimal(value, locale=lang, group_separator=False)


def _range_text(column: Column, lang: str) -> str:
    words = TEXT[lang]
    low, high = column.minimum, column.maximum
    if low is not None and high is not None:
        return words["between"].format(low=_number(low, lang), high=_number(high, lang))
    if low is not None:
        return words["at_least"].format(low=_number(low, lang))
    if high is not None:
        return words["at_most"].format(high=_number(high, lang))
    return ""


def boolean_choices(lang: str) -> tuple[str, str]:
    return ("yes", "no") if lang == "en" else ("ja", "nee")


def allowed_text(column: Column, codes: dict[str, tuple[str, tuple[Code, ...]]], lang: str) -> str:
    """What a column accepts, as the help sheet states it."""
    words = TEXT[lang]
    if column.is_code:
        assert column.codelist is not None
        entries = codes[column.codelist][1]
        listed = ", ".join(
            f"{e.code} ({e.name_en if lang == 'en' else e.name_nl})" for e in entries
        )
        return words["codes"].format(codelist=column.codelist, codes=listed)
    if column.values:
        return ", ".join(column.values)
    if column.type == "boolean":
        return words["boolean"].format(choices=" / ".join(boolean_choices(lang)))
    if column.type == "date":
        return words["dates"].format(low=DATE_MIN.isoformat(), high=DATE_MAX.isoformat())
    if column.type == "datetime":
        return words["datetimes"].format(low=DATE_MIN.isoformat(), high=DATE_MAX.isoformat())
    if column.type in ("integer", "number", "year"):
        return _range_text(column, lang)
    if column.max_length is not None:
        return words["max_length"].format(n=column.max_length)
    return ""


def help_example(column: Column) -> str:
    """The declared example as the template's drop-down offers it (a name becomes its code)."""
    if column.is_code and column.example and column.codelist:
        return dict(alias_table(column.codelist)).get(column.example.lower(), column.example)
    return column.example


# --- the data sheet ----------------------------------------------------------


def _validation(
    column: Column, codes: dict[str, tuple[str, tuple[Code, ...]]], lang: str
) -> DataValidation | None:
    """Excel data validation for a column, or None for free text."""
    words = TEXT[lang]
    if column.is_code:
        assert column.codelist is not None
        dv = DataValidation(type="list", formula1=codes[column.codelist][0])
        error = words["error_code"].format(codelist=column.codelist)
    elif column.values or column.type == "boolean":
        choices = column.values or boolean_choices(lang)
        dv = DataValidation(type="list", formula1='"' + ",".join(choices) + '"')
        error = words["error_choice"].format(choices=", ".join(choices))
    elif column.type == "date":
        dv = DataValidation(
            type="date",
            operator="between",
            formula1=f"DATE({DATE_MIN.year},{DATE_MIN.month},{DATE_MIN.day})",
            formula2=f"DATE({DATE_MAX.year},{DATE_MAX.month},{DATE_MAX.day})",
        )
        error = words["error_date"].format(low=DATE_MIN.isoformat(), high=DATE_MAX.isoformat())
    elif column.type == "datetime":
        # Excel's own date rule is about whole days; a moment is a day number with a
        # fraction, so a decimal between the first and the day after the last day.
        dv = DataValidation(
            type="decimal",
            operator="between",
            formula1=f"DATE({DATE_MIN.year},{DATE_MIN.month},{DATE_MIN.day})",
            formula2=f"DATE({DATE_MAX.year + 1},1,1)",
        )
        error = words["error_datetime"].format(low=DATE_MIN.isoformat(), high=DATE_MAX.isoformat())
    elif column.type in ("integer", "number", "year"):
        kind = "decimal" if column.type == "number" else "whole"
        low, high = column.minimum, column.maximum
        if low is not None and high is not None:
            dv = DataValidation(type=kind, operator="between", formula1=_f(low), formula2=_f(high))
        elif low is not None:
            dv = DataValidation(type=kind, operator="greaterThanOrEqual", formula1=_f(low))
        elif high is not None:
            dv = DataValidation(type=kind, operator="lessThanOrEqual", formula1=_f(high))
        else:  # any number of the type: Excel still rejects text
            dv = DataValidation(type=kind, operator="between", formula1="-1E+15", formula2="1E+15")
        error = words["error_whole" if kind == "whole" else "error_decimal"]
        range_text = _range_text(column, lang)
        error += f" ({range_text})." if range_text else "."
    elif column.max_length is not None:
        dv = DataValidation(
            type="textLength", operator="lessThanOrEqual", formula1=str(column.max_length)
        )
        error = words["error_length"].format(n=column.max_length)
    else:
        return None
    dv.allow_blank = True
    dv.showInputMessage = True
    dv.showErrorMessage = True
    dv.errorStyle = "stop"
    dv.promptTitle = _title(column, lang)
    dv.prompt = _clip(_prompt(column, lang), 255)
    dv.errorTitle = _clip(words["error_title"].format(column=column.name), 32)
    dv.error = _clip(error, 255)
    return dv


def _prompt(column: Column, lang: str) -> str:
    """The input message: the column help plus how to fill the cell."""
    words = TEXT[lang]
    if column.is_code or column.values or column.type == "boolean":
        return f"{column_help(column, lang)} {words['prompt_list']}"
    if column.type == "date":
        return f"{column_help(column, lang)} {words['prompt_date']}"
    if column.type == "datetime":
        return f"{column_help(column, lang)} {words['prompt_datetime']}"
    return column_help(column, lang)


def _f(value: float) -> str:
    """A number inside an Excel formula (always with a decimal point)."""
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def _clip(text: str, limit: int) -> str:
    """Excel refuses longer prompt and error texts."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _title(column: Column, lang: str) -> str:
    suffix = TEXT[lang]["required_suffix"] if column.required else ""
    return _clip(column.name + suffix, 32)


def _number_format(column: Column) -> str | None:
    if column.type == "date":
        return DATE_FORMAT
    if column.type == "datetime":
        return DATETIME_FORMAT
    if column.type in ("string", "code"):
        return "@"  # keeps ids like 000123 as typed
    if column.type in ("integer", "year"):
        return "0"
    return None


def _fill_data_sheet(
    sheet: Worksheet, theme: Theme, codes: dict[str, tuple[str, tuple[Code, ...]]], lang: str
) -> None:
    words = TEXT[lang]
    for index, column in enumerate(theme.columns, start=1):
        letter = get_column_letter(index)
        header = sheet.cell(1, index, column.name)
        header.font = Font(bold=True)
        status = words["required"] if column.required else words["optional"]
        header.comment = Comment(f"{status}. {column_help(column, lang)}", "jbr", 120, 260)
        if column.required:
            header.fill = REQUIRED_FILL
        dimension = sheet.column_dimensions[letter]
        dimension.width = min(40, max(12, len(column.name) + 4, len(column.example) + 2))
        number_format = _number_format(column)
        if number_format:
            dimension.number_format = number_format
        dv = _validation(column, codes, lang)
        if dv is not None:
            dv.add(f"{letter}{FIRST_ROW}:{letter}{LAST_ROW}")
            sheet.add_data_validation(dv)
    sheet.freeze_panes = "A2"


# --- the help sheet ----------------------------------------------------------


def _fill_help_sheet(
    sheet: Worksheet,
    theme: Theme,
    codes: dict[str, tuple[str, tuple[Code, ...]]],
    year: int | None,
    lang: str,
) -> None:
    words = TEXT[lang]
    row_text = theme.row_en if lang == "en" else theme.row_nl
    lines = [
        words["one_row"].format(row=row_text),
        words["deliver"].format(theme=theme.name),
        words["formats"],
        words["required_note"],
    ]
    if theme.key:
        lines.append(words["key"].format(key=" + ".join(theme.key)))
    vias = {s.theme: s.key for s in (theme.ministry, theme.year) if isinstance(s, Via)}
    for parent, key in sorted(vias.items()):
        lines.append(words["parent"].format(parent=parent, key=key))
    if theme.record_level:
        lines.append(words["record_level"])
    if year is not None and "ministerie" in codes:
        lines.append(words["year"].format(year=year))
    if codes:
        lines.append(words["codes_sheet"])
    lines.append(words["check"])

    title = sheet.cell(1, 1, words["title"].format(theme=theme.name))
    title.font = Font(bold=True, size=14)
    for offset, line in enumerate(lines, start=2):
        sheet.cell(offset, 1, line)
    header_row = len(lines) + 3
    for index, label in enumerate(HELP_HEADER[lang], start=1):
        cell = sheet.cell(header_row, index, label)
        cell.font = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    for row, column in enumerate(theme.columns, start=header_row + 1):
        values = (
            column.name,
            words["yes"] if column.required else words["no"],
            TYPE_LABEL[lang][column.type],
            allowed_text(column, codes, lang),
            column_help(column, lang),
            help_example(column),
        )
        for index, value in enumerate(values, start=1):
            cell = sheet.cell(row, index, value)
            cell.alignment = wrap
            if index == 1 and column.required:
                cell.fill = REQUIRED_FILL
    if theme.checks:
        row = header_row + len(theme.columns) + 2
        sheet.cell(row, 1, words["checks"]).font = Font(bold=True)
        for offset, check in enumerate(theme.checks, start=1):
            sheet.cell(row + offset, 1, check.column)
            text = check.message_en if lang == "en" else check.message_nl
            hint = check.hint_en if lang == "en" else check.hint_nl
            sheet.cell(row + offset, 5, f"{text} {hint}".strip()).alignment = wrap
    for letter, width in zip("ABCDEF", (24, 10, 14, 50, 60, 24), strict=True):
        sheet.column_dimensions[letter].width = width

"""The hidden ``codes`` sheet: the code lists behind the template's drop-downs.

A ministry column offers the ministries of the reporting year when one is given
(``code_entries``); every other code list is offered whole.
"""

from __future__ import annotations

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from jbr.codelists import Code, codelist, ministries_active_in, ministries_valid_in

from ...locale import text
from ..declaration import Theme

CODES_SHEET = "codes"

# Code list name → (the cell range of its codes on the codes sheet, its entries).
CodeRanges = dict[str, tuple[str, tuple[Code, ...]]]


def code_name(entry: Code, lang: str) -> str:
    """A code's name in ``lang``: reference data of the code list itself (its CSV in
    ``codelists``), not a text of the catalogue."""
    return entry.name_en if lang == "en" else entry.name_nl


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


def codes_sheet(workbook: Workbook, theme: Theme, year: int | None, lang: str) -> CodeRanges:
    """Write each code list the theme uses to the hidden ``codes`` sheet.

    Returns code list name → (cell range of its codes, its entries).
    """
    sheet = workbook.create_sheet(CODES_SHEET)
    sheet.sheet_state = "hidden"
    found: CodeRanges = {}
    for column in theme.columns:
        if not column.is_code or column.codelist in found:
            continue
        assert column.codelist is not None
        entries = code_entries(theme, column.codelist, year)
        code_col = 2 * len(found) + 1
        letter = get_column_letter(code_col)
        sheet.cell(1, code_col, column.codelist).font = Font(bold=True)
        sheet.cell(1, code_col + 1, text("deliveries.template.name", lang)).font = Font(bold=True)
        for row, entry in enumerate(entries, start=2):
            sheet.cell(row, code_col, entry.code)
            sheet.cell(row, code_col + 1, code_name(entry, lang))
        sheet.column_dimensions[letter].width = max(12, *(len(e.code) + 2 for e in entries))
        sheet.column_dimensions[get_column_letter(code_col + 1)].width = 50
        found[column.codelist] = (
            f"{CODES_SHEET}!${letter}$2:${letter}${len(entries) + 1}",
            entries,
        )
    return found

"""The template's data sheet: one column per declared column, named after the theme.

Each header says whether its column is required (an orange fill) and carries the
column's help as a comment; each column has its number format and data validation.
"""

from __future__ import annotations

from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from ...locale import text
from ..declaration import Column, Theme
from .codes import CodeRanges
from .validation import FIRST_ROW, LAST_ROW, column_validation

DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
REQUIRED_FILL = PatternFill("solid", fgColor="FFD8A8")


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


def fill_data_sheet(sheet: Worksheet, theme: Theme, codes: CodeRanges, lang: str) -> None:
    for index, column in enumerate(theme.columns, start=1):
        letter = get_column_letter(index)
        header = sheet.cell(1, index, column.name)
        header.font = Font(bold=True)
        status = text(
            "deliveries.template.required" if column.required else "deliveries.template.optional",
            lang,
        )
        header.comment = Comment(f"{status}. {column.help(lang)}", "jbr", 120, 260)
        if column.required:
            header.fill = REQUIRED_FILL
        dimension = sheet.column_dimensions[letter]
        dimension.width = min(40, max(12, len(column.name) + 4, len(column.example) + 2))
        number_format = _number_format(column)
        if number_format:
            dimension.number_format = number_format
        dv = column_validation(column, codes, lang)
        if dv is not None:
            dv.add(f"{letter}{FIRST_ROW}:{letter}{LAST_ROW}")
            sheet.add_data_validation(dv)
    sheet.freeze_panes = "A2"

"""The template's ``toelichting`` sheet: how to deliver, and per column what it holds.

Below the instructions (one row per what, the file's name, notations, key, parent
themes) a table lists each column: required, type, allowed values, help and an example;
then the theme's checks across rows.
"""

from __future__ import annotations

from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet

from jbr.codelists import alias_table

from ..declaration import Column, Theme, Via
from ..schema import column_help
from .allowed import allowed_text
from .codes import CodeRanges
from .data_sheet import REQUIRED_FILL
from .words import HELP_HEADER, TEXT, TYPE_LABEL

HELP_SHEET = "toelichting"


def help_example(column: Column) -> str:
    """The declared example as the template's drop-down offers it (a name becomes its code)."""
    if column.is_code and column.example and column.codelist:
        return dict(alias_table(column.codelist)).get(column.example.lower(), column.example)
    return column.example


def fill_help_sheet(
    sheet: Worksheet,
    theme: Theme,
    codes: CodeRanges,
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

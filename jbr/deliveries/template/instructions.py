"""The template's ``toelichting`` sheet: how to deliver, and per column what it holds.

Below the instructions (one row per what, the file's name, notations, key, parent
themes) a table lists each column: required, type, allowed values, help and an example;
then the theme's checks across rows.
"""

from __future__ import annotations

from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet

from jbr.codelists import alias_table

from ...locale import text
from ..declaration import Column, Theme, Via
from .allowed import allowed_text
from .codes import CodeRanges
from .data_sheet import REQUIRED_FILL

HELP_SHEET = "toelichting"
# The columns of the help table, in order (``deliveries.template.help_header.<name>``).
HELP_COLUMNS = ("column", "required", "type", "allowed", "explanation", "example")


def help_header(lang: str) -> tuple[str, ...]:
    """The help table's column headings in ``lang``."""
    return tuple(text(f"deliveries.template.help_header.{name}", lang) for name in HELP_COLUMNS)


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
    lines = [
        text("deliveries.template.one_row", lang, row=theme.row(lang)),
        text("deliveries.template.deliver", lang, theme=theme.name),
        text("deliveries.template.formats", lang),
        text("deliveries.template.required_note", lang),
    ]
    if theme.key:
        lines.append(text("deliveries.template.key", lang, key=" + ".join(theme.key)))
    vias = {s.theme: s.key for s in (theme.ministry, theme.year) if isinstance(s, Via)}
    for parent, key in sorted(vias.items()):
        lines.append(text("deliveries.template.parent", lang, parent=parent, key=key))
    if theme.record_level:
        lines.append(text("deliveries.template.record_level", lang))
    if year is not None and "ministerie" in codes:
        lines.append(text("deliveries.template.year", lang, year=year))
    if codes:
        lines.append(text("deliveries.template.codes_sheet", lang))
    lines.append(text("deliveries.template.check", lang))

    title = sheet.cell(1, 1, text("deliveries.template.title", lang, theme=theme.name))
    title.font = Font(bold=True, size=14)
    for offset, line in enumerate(lines, start=2):
        sheet.cell(offset, 1, line)
    header_row = len(lines) + 3
    for index, label in enumerate(help_header(lang), start=1):
        cell = sheet.cell(header_row, index, label)
        cell.font = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    for row, column in enumerate(theme.columns, start=header_row + 1):
        values = (
            column.name,
            text("deliveries.template.yes" if column.required else "deliveries.template.no", lang),
            text(f"deliveries.template.type.{column.type}", lang),
            allowed_text(column, codes, lang),
            column.help(lang),
            help_example(column),
        )
        for index, value in enumerate(values, start=1):
            cell = sheet.cell(row, index, value)
            cell.alignment = wrap
            if index == 1 and column.required:
                cell.fill = REQUIRED_FILL
    if theme.checks:
        row = header_row + len(theme.columns) + 2
        sheet.cell(row, 1, text("deliveries.template.checks", lang)).font = Font(bold=True)
        for offset, check in enumerate(theme.checks, start=1):
            sheet.cell(row + offset, 1, check.column)
            explained = f"{check.message(lang)} {check.hint(lang)}".strip()
            sheet.cell(row + offset, 5, explained).alignment = wrap
    for letter, width in zip("ABCDEF", (24, 10, 14, 50, 60, 24), strict=True):
        sheet.column_dimensions[letter].width = width

"""Excel data validation per template column: drop-downs, ranges and their messages.

Excel's checks catch most mistakes while typing; ``jbr validate`` stays the judge,
since pasted cells bypass them.
"""

from __future__ import annotations

from openpyxl.worksheet.datavalidation import DataValidation

from ...locale import text
from ..declaration import Column
from .allowed import DATE_MAX, DATE_MIN, boolean_choices, range_text
from .codes import CodeRanges

FIRST_ROW, LAST_ROW = 2, 10_000  # rows that carry data validation


def column_validation(column: Column, codes: CodeRanges, lang: str) -> DataValidation | None:
    """Excel data validation for a column, or None for free text."""
    if column.is_code:
        assert column.codelist is not None
        dv = DataValidation(type="list", formula1=codes[column.codelist][0])
        error = text("deliveries.template.error_code", lang, codelist=column.codelist)
    elif column.values or column.type == "boolean":
        choices = column.values or boolean_choices(lang)
        dv = DataValidation(type="list", formula1='"' + ",".join(choices) + '"')
        error = text("deliveries.template.error_choice", lang, choices=", ".join(choices))
    elif column.type == "date":
        dv = DataValidation(
            type="date",
            operator="between",
            formula1=f"DATE({DATE_MIN.year},{DATE_MIN.month},{DATE_MIN.day})",
            formula2=f"DATE({DATE_MAX.year},{DATE_MAX.month},{DATE_MAX.day})",
        )
        error = text(
            "deliveries.template.error_date",
            lang,
            low=DATE_MIN.isoformat(),
            high=DATE_MAX.isoformat(),
        )
    elif column.type == "datetime":
        # Excel's own date rule is about whole days; a moment is a day number with a
        # fraction, so a decimal between the first and the day after the last day.
        dv = DataValidation(
            type="decimal",
            operator="between",
            formula1=f"DATE({DATE_MIN.year},{DATE_MIN.month},{DATE_MIN.day})",
            formula2=f"DATE({DATE_MAX.year + 1},1,1)",
        )
        error = text(
            "deliveries.template.error_datetime",
            lang,
            low=DATE_MIN.isoformat(),
            high=DATE_MAX.isoformat(),
        )
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
        error = (
            text("deliveries.template.error_whole", lang)
            if kind == "whole"
            else text("deliveries.template.error_decimal", lang)
        )
        bounds = range_text(column, lang)
        error += f" ({bounds})." if bounds else "."
    elif column.max_length is not None:
        dv = DataValidation(
            type="textLength", operator="lessThanOrEqual", formula1=str(column.max_length)
        )
        error = text("deliveries.template.error_length", lang, n=column.max_length)
    else:
        return None
    dv.allow_blank = True
    dv.showInputMessage = True
    dv.showErrorMessage = True
    dv.errorStyle = "stop"
    dv.promptTitle = _title(column, lang)
    dv.prompt = _clip(_prompt(column, lang), 255)
    dv.errorTitle = _clip(text("deliveries.template.error_title", lang, column=column.name), 32)
    dv.error = _clip(error, 255)
    return dv


def _prompt(column: Column, lang: str) -> str:
    """The input message: the column help plus how to fill the cell."""
    if column.is_code or column.values or column.type == "boolean":
        return column.help(lang) + " " + text("deliveries.template.prompt_list", lang)
    if column.type == "date":
        return column.help(lang) + " " + text("deliveries.template.prompt_date", lang)
    if column.type == "datetime":
        return column.help(lang) + " " + text("deliveries.template.prompt_datetime", lang)
    return column.help(lang)


def _f(value: float) -> str:
    """A number inside an Excel formula (always with a decimal point)."""
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def _clip(value: str, limit: int) -> str:
    """Excel refuses longer prompt and error texts."""
    return value if len(value) <= limit else value[: limit - 1] + "…"


def _title(column: Column, lang: str) -> str:
    suffix = text("deliveries.template.required_suffix", lang) if column.required else ""
    return _clip(column.name + suffix, 32)

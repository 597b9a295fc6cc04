"""Excel data validation per template column: drop-downs, ranges and their messages.

Excel's checks catch most mistakes while typing; ``jbr validate`` stays the judge,
since pasted cells bypass them.
"""

from __future__ import annotations

from openpyxl.worksheet.datavalidation import DataValidation

from ..declaration import Column
from ..schema import column_help
from .allowed import DATE_MAX, DATE_MIN, boolean_choices, range_text
from .codes import CodeRanges
from .words import TEXT

FIRST_ROW, LAST_ROW = 2, 10_000  # rows that carry data validation


def column_validation(column: Column, codes: CodeRanges, lang: str) -> DataValidation | None:
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
        bounds = range_text(column, lang)
        error += f" ({bounds})." if bounds else "."
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

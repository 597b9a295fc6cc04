"""What a template column accepts, in words: the help sheet's "allowed values" and the
ranges and choices the data validation's messages name."""

from __future__ import annotations

import datetime as dt

from babel.numbers import format_decimal

from ...locale import text
from ..declaration import Column
from .codes import CodeRanges, code_name

DATE_MIN, DATE_MAX = dt.date(2000, 1, 1), dt.date(2100, 12, 31)


def _bound(value: float, lang: str) -> str:
    """A bound in the user's notation: ``1,5`` in Dutch, no thousands separator."""
    return format_decimal(value, locale=lang, group_separator=False)


def range_text(column: Column, lang: str) -> str:
    low, high = column.minimum, column.maximum
    if low is not None and high is not None:
        return text(
            "deliveries.template.between", lang, low=_bound(low, lang), high=_bound(high, lang)
        )
    if low is not None:
        return text("deliveries.template.at_least", lang, low=_bound(low, lang))
    if high is not None:
        return text("deliveries.template.at_most", lang, high=_bound(high, lang))
    return ""


def boolean_choices(lang: str) -> tuple[str, str]:
    """Yes and no as the drop-down offers them."""
    return text("deliveries.template.yes", lang), text("deliveries.template.no", lang)


def allowed_text(column: Column, codes: CodeRanges, lang: str) -> str:
    """What a column accepts, as the help sheet states it."""
    if column.is_code:
        assert column.codelist is not None
        entries = codes[column.codelist][1]
        listed = ", ".join(f"{e.code} ({code_name(e, lang)})" for e in entries)
        return text("deliveries.template.codes", lang, codelist=column.codelist, codes=listed)
    if column.values:
        return ", ".join(column.values)
    if column.type == "boolean":
        return text("deliveries.template.boolean", lang, choices=" / ".join(boolean_choices(lang)))
    if column.type == "date":
        return text(
            "deliveries.template.dates", lang, low=DATE_MIN.isoformat(), high=DATE_MAX.isoformat()
        )
    if column.type == "datetime":
        return text(
            "deliveries.template.datetimes",
            lang,
            low=DATE_MIN.isoformat(),
            high=DATE_MAX.isoformat(),
        )
    if column.type in ("integer", "number", "year"):
        return range_text(column, lang)
    if column.max_length is not None:
        return text("deliveries.template.max_length", lang, n=column.max_length)
    return ""

"""Dutch (and English) notation of figures through Babel: 1.234,5 and 15 mei 2024."""

from __future__ import annotations

from datetime import date

from babel.dates import format_date
from babel.numbers import format_decimal

LOCALES = {"nl": "nl_NL", "en": "en_GB"}
ONE_DECIMAL = {"%", "×", "TJ", "m²/fte", "jaar", "years", "dagen", "days"}


def number(value: float | None, unit: str = "", lang: str = "nl") -> str:
    """A figure in the notation of ``lang``; whole units for counts, fte and euros."""
    if value is None:
        return "–"
    pattern = "#,##0.0" if unit in ONE_DECIMAL else "#,##0"
    return format_decimal(value, format=pattern, locale=LOCALES[lang])


def day(value: date, lang: str = "nl") -> str:
    return format_date(value, format="long", locale=LOCALES[lang])

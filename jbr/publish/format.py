"""Dutch (and English) notation of figures through Babel: 1.234,5 and 15 mei 2024.

Every figure text in a publication goes through here (via ``figures.py``), so
the report, the publieksversie and the Kamerbrief write a number the same way.
"""

from __future__ import annotations

from datetime import date

from babel.dates import format_date
from babel.numbers import format_decimal

LOCALES = {"nl": "nl_NL", "en": "en_GB"}
ONE_DECIMAL = {
    "%",
    "×",
    "m² per fte",
    "m²/fte",
    "jaar",
    "years",
    "dagen",
    "days",
    "maanden",
    "months",
}
NBSP = "\u00a0"
MINUS = "\u2212"  # typographic minus: "−30 %", not "-30 %"
UNKNOWN = "–"  # no figure: not delivered or not computable


def number(value: float | None, unit: str = "", lang: str = "nl") -> str:
    """A figure in the notation of ``lang``; whole units for counts, fte and euros."""
    if value is None:
        return UNKNOWN
    pattern = "#,##0.0" if unit in ONE_DECIMAL else "#,##0"
    return format_decimal(value, format=pattern, locale=LOCALES[lang])


def signed(value: float, unit: str = "", lang: str = "nl") -> str:
    """A change with its sign: ``+2,8``, ``−1.234``, ``0,0``."""
    pattern = "#,##0.0" if unit in ONE_DECIMAL else "#,##0"
    text = format_decimal(abs(value), format=pattern, locale=LOCALES[lang])
    if text.strip("0,.") == "":
        return text  # rounds to zero: no sign
    return ("+" if value > 0 else MINUS) + text


def with_unit(text: str, unit: str, lang: str = "nl") -> str:
    """A figure text with its unit, kept on one line: ``1.018 TJ``, ``€ 1.234``, ``×4,2``.

    Percentages take a (non-breaking) space in both languages, as the Rijkshuisstijl does.
    """
    if not unit or text == UNKNOWN:
        return text
    if unit == "euro":
        return f"€{NBSP}{text}" if lang == "nl" else f"€{text}"
    if unit == "×":
        return f"×{text}"
    return f"{text}{NBSP}{unit}"


def calendar_year(value: float | None) -> str:
    """A value that is itself a year (e.g. the year operations become climate-neutral)."""
    return UNKNOWN if value is None else str(round(value))


def day(value: date, lang: str = "nl") -> str:
    return format_date(value, format="long", locale=LOCALES[lang])

"""Dutch (and English) notation of figures through Babel: 1.234,5 and 15 mei 2024.

Every figure text in a publication goes through here (via ``figures.py``), so
the report, the publieksversie and the Kamerbrief write a number the same way.

Magnitudes (SPEC §6 "Readers' words"; docs/decisions.md):

- In running text (``readable``) a number below a million is written in full
  (``156.983 fte``, ``€ 48.230``). From a million on, a unit with an SI ladder moves
  up to the prefix that keeps the number below a thousand (``723,8 GWh``), any
  other amount is written with ``miljoen``/``miljard`` (``€ 20,7 miljard``,
  ``31,0 miljoen m³``), one decimal.
- In tables (``table_scale``) figures stay exact enough to add up, in a unit that
  keeps every number of the table below a million: euros in ``€ mln`` with one
  decimal (the Rijksbegroting's notation), SI units a prefix up (``723.774 MWh``),
  other units in thousands (``30.961 duizend m³``). The table names that unit once,
  in its caption or header.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_EVEN, Decimal
from functools import lru_cache
from math import copysign

from babel import Locale
from babel.dates import format_date
from babel.numbers import format_decimal

from ..locale import text

LOCALES = {"nl": "nl_NL", "en": "en_GB"}  # Babel's locale per language (not a text)
_LOCALES = {lang: Locale.parse(name) for lang, name in LOCALES.items()}
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
MILLION = 1_000_000
# Units with an SI prefix ladder: a large amount moves up it instead of growing digits.
SI_LADDERS = {
    "Wh": ("Wh", "kWh", "MWh", "GWh", "TWh"),
    "kWh": ("kWh", "MWh", "GWh", "TWh"),
    "MJ": ("MJ", "GJ", "TJ", "PJ"),
    "GJ": ("GJ", "TJ", "PJ"),
    "TJ": ("TJ", "PJ"),
}
# Words for large amounts in running text, largest first (their words: figuren.groot.*).
LARGE = (("miljard", 1e9), ("miljoen", 1e6))
# Table units for amounts in thousands, millions, ... of a unit without an SI ladder
# (their words: figuren.duizendtal.*).
THOUSANDS = {1e3: "duizend", 1e6: "miljoen", 1e9: "miljard"}


@dataclass(frozen=True)
class Scale:
    """How a table writes an indicator's numbers: value ÷ ``divisor`` in ``unit``."""

    divisor: float
    unit: str  # the unit of the shown numbers: "€ mln", "MWh", "duizend m³", or the own unit
    decimals: int | None = None  # None: the unit's own rule (``number``)


def number(value: float | None, unit: str = "", lang: str = "nl") -> str:
    """A figure in the notation of ``lang``; whole units for counts, fte and euros."""
    if value is None:
        return UNKNOWN
    pattern = "#,##0.0" if unit in ONE_DECIMAL else "#,##0"
    return _format(value, pattern, lang)


# A figure is mostly a sum of delivered numbers with a few decimals, and in floating point
# such a sum carries noise in its last digits that depends on the order of the additions
# (DuckDB's differs from Spark's, and Spark's from run to run): 143,5 fte summed as
# 143.49999999999997 would be written "143", as 144 elsewhere. A number is first rounded
# to this many significant digits, far beyond any digit a publication shows, so that the
# noise never decides a rounding.
SIGNIFICANT = 12


def snapped(value: float) -> float:
    """``value`` to ``SIGNIFICANT`` significant digits (the number it stands for)."""
    return float(f"{value:.{SIGNIFICANT}g}")


def shown(value: float, decimals: int) -> Decimal:
    """``value`` as a text with ``decimals`` decimals writes it: its noise removed
    (``snapped``), then a 5 after the last digit rounded to even, as Babel rounds. The
    open data and a change's arithmetic use exactly this, so that they agree with the
    text digit for digit."""
    step = Decimal(1).scaleb(-decimals)
    return Decimal(repr(snapped(value))).quantize(step, rounding=ROUND_HALF_EVEN)


def _format(value: float, pattern: str, lang: str) -> str:
    """Babel's notation, once per value: a site formats the same figures many times (its
    pages, tables and changes), and Babel spends ~50 µs on each (issue 19). A negative
    zero equals zero as a key but is written ``-0``: it is not cached."""
    value = snapped(value)
    if value == 0 and copysign(1.0, value) < 0:
        return format_decimal(value, format=pattern, locale=_LOCALES[lang])
    return _cached_format(value, pattern, lang)


@lru_cache(maxsize=1 << 16)
def _cached_format(value: float, pattern: str, lang: str) -> str:
    return format_decimal(value, format=pattern, locale=_LOCALES[lang])


def _decimals(value: float, decimals: int, lang: str) -> str:
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return _format(value, pattern, lang)


def readable(value: float | None, unit: str = "", lang: str = "nl") -> str:
    """A figure for running text, with its unit once: ``156.983 fte``, ``€ 20,7 miljard``,
    ``723,8 GWh``, ``31,0 miljoen m³`` (the rule in this module's docstring)."""
    if value is None:
        return UNKNOWN
    if round(abs(value)) < MILLION:
        return with_unit(number(value, unit, lang), unit, lang)
    ladder = SI_LADDERS.get(unit)
    if ladder is not None:
        step, shown = 0, float(value)
        while round(abs(shown), 1) >= 1000 and step < len(ladder) - 1:
            shown, step = shown / 1000, step + 1
        return with_unit(_decimals(shown, 1, lang), ladder[step], lang)
    for key, size in LARGE:
        if round(abs(value) / size, 1) >= 1:
            word = text(f"figuren.groot.{key}", lang)
            return with_unit(f"{_decimals(value / size, 1, lang)}{NBSP}{word}", unit, lang)
    return with_unit(number(value, unit, lang), unit, lang)  # pragma: no cover - ≥ 1e6 above


def table_scale(largest: float | None, unit: str, lang: str = "nl") -> Scale:
    """The unit a table writes an indicator in, so that ``largest`` (the table's largest
    absolute value) stays below a million: exact figures a reader can still read."""
    if largest is None or round(abs(largest)) < MILLION:
        return Scale(1.0, "€" if unit == "euro" else unit)
    largest = abs(largest)
    if unit == "euro":
        if largest / 1e6 >= MILLION:
            return Scale(1e9, text("figuren.euro_tabel.miljard", lang), 1)
        return Scale(1e6, text("figuren.euro_tabel.miljoen", lang), 1)
    ladder = SI_LADDERS.get(unit)
    divisor, step = 1.0, 0
    if ladder is not None:
        while largest / divisor >= MILLION and step < len(ladder) - 1:
            divisor, step = divisor * 1000, step + 1
        return Scale(divisor, ladder[step], 0)
    while largest / divisor >= MILLION and divisor < 1e9:
        divisor *= 1000
    word = text(f"figuren.duizendtal.{THOUSANDS[divisor]}", lang)
    return Scale(divisor, f"{word} {unit}" if unit else word, 0)


def scaled(value: float | None, unit: str, scale: Scale, lang: str = "nl") -> str:
    """``value`` as a table writes it in ``scale`` (no unit: the table names it)."""
    if value is None:
        return UNKNOWN
    if scale.divisor == 1.0 and scale.decimals is None:
        return number(value, unit, lang)
    return _decimals(value / scale.divisor, scale.decimals or 0, lang)


def signed(value: float, unit: str = "", lang: str = "nl") -> str:
    """A change with its sign: ``+2,8``, ``−1.234``, ``0,0``."""
    pattern = "#,##0.0" if unit in ONE_DECIMAL else "#,##0"
    shown = _format(abs(value), pattern, lang)
    if shown.strip("0,.") == "":
        return shown  # rounds to zero: no sign
    return ("+" if value > 0 else MINUS) + shown


def with_unit(figure: str, unit: str, lang: str = "nl") -> str:
    """A figure text with its unit, kept on one line: ``1.018 TJ``, ``€ 1.234``, ``×4,2``.

    Percentages take a (non-breaking) space in both languages, as the Rijkshuisstijl does.
    """
    if not unit or figure == UNKNOWN:
        return figure
    if unit == "euro":
        return text("figuren.euro", lang, amount=figure)
    if unit == "×":
        return f"×{figure}"
    return f"{figure}{NBSP}{unit}"


def titled(name: str, unit: str) -> str:
    """A caption with its unit once: ``Aardgasverbruik (TJ)``, never ``(TJ) (TJ)``."""
    if not unit or name.endswith(f"({unit})"):
        return name
    return f"{name} ({unit})"


def calendar_year(value: float | None) -> str:
    """A value that is itself a year (e.g. the year operations become climate-neutral)."""
    return UNKNOWN if value is None else str(round(value))


@lru_cache(maxsize=4096)
def day(value: date, lang: str = "nl") -> str:
    """A date in words (``15 mei 2024``), once per date and language: a site writes the
    same few dates (deliveries, publications) on thousands of pages."""
    return format_date(value, format="long", locale=_LOCALES[lang])

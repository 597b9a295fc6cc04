"""One published figure: its value as every publication writes it (``Figure``).

A ``Figure`` is one (figure id, year, ministry), already in the public view and formatted
in the notation of its language (Babel, ``format.py``); ``figures.py`` holds them all.

- Suppression (SPEC §6): a figure describing fewer than 10 persons has
  ``suppressed=True``, ``value=None`` and ``text == SUPPRESSED_MARK``; every output
  shows that mark and the footnote ``suppression_note(lang)``.
- Unknown (not delivered / not computable): ``value=None``, ``text == UNKNOWN`` ("–");
  an empty figure with a reason reads as that reason ("daalt niet", "na 2050").
- Prognoses (catalogue kind ``prognosis``): ``is_prognosis``; never a target or status.
- Target status: ``status`` (``met``/``on_track``/``off_track``/None) with a word
  (``status_text``) and a symbol (``status_symbol``) so it reads without colour;
  ``status_class`` is the CSS class (``status-met`` ...) that adds the colour.

The words are ``jbr/locale/<lang>/figuren.toml``'s. Pure: no store, no files, no clock.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..indicators import IndicatorValue, by_id
from ..indicators.catalogue import Indicator
from ..indicators.values import MIN_PERSONS
from ..locale import text
from .format import Scale, calendar_year, number, readable, scaled

SUPPRESSED_MARK = "*"


RESTATED_MARK = "†"  # a year-before figure restated to the later year's ministries (SPEC §6)

# Symbols that survive black-and-white printing and colour blindness (DejaVu Sans has them);
# their words are figuren.status.<status>.
STATUS_SYMBOL = {"met": "✓", "on_track": "→", "off_track": "✗"}

POINT_UNITS = {"%"}  # a change of a percentage is in percentage points


def anchor(indicator_id: str) -> str:
    """The fragment id of an indicator's section in rapport.html (link: ``rapport.html#`` + it)."""
    return indicator_id


def suppression_note(lang: str = "nl") -> str:
    """The footnote every output prints beside a suppressed figure."""
    return text("figuren.onderdrukt", lang, mark=SUPPRESSED_MARK, min_persons=MIN_PERSONS)


def status_word(status: str | None, lang: str = "nl") -> str:
    """A target's status in words ("gehaald" / "met" ...); "" without a status."""
    return text(f"figuren.status.{status}", lang) if status in STATUS_SYMBOL else ""


def status_words(lang: str = "nl") -> dict[str, str]:
    """Every status's word in ``lang``: status → word."""
    return {status: status_word(status, lang) for status in STATUS_SYMBOL}


def indicator_unit(ind: Indicator, lang: str = "nl") -> str:
    """An indicator's unit in ``lang`` ("euro", "kWh", "jaar"/"years")."""
    # the indicator catalogue's data (not a text of ours): Dutch ``unit``, English ``unit_en``
    return ind.unit if lang == "nl" else ind.unit_en


@dataclass(frozen=True)
class Figure:
    """One published figure, formatted; the only place its text is made."""

    indicator: str  # catalogue id
    figure_id: str  # catalogue id + ".category" for a breakdown
    year: int
    ministry: str  # ministry code or RIJK
    breakdown: str | None
    value: float | None  # public value: None when suppressed or unknown
    unit: str  # the indicator's unit in the publication's language ("euro", "kWh")
    text: str  # as a table writes it, in ``table_unit``: "20.691,4", "12,3", "–" or "*"
    with_unit: str  # as text writes it: "€ 20,7 miljard", "723,8 GWh", "12,3 %", "*"
    target: float | None
    target_text: str  # "30,0 %", "" without target
    status: str | None  # met | on_track | off_track | None
    status_text: str  # "gehaald" / "met" ..., "" without status
    status_symbol: str  # ✓ → ✗, "" without status
    suppressed: bool
    notes: tuple[str, ...] = ()
    table_unit: str = ""  # the unit of ``text``: "€ mln", "MWh", or ``unit``
    divisor: float = 1.0  # ``value`` ÷ ``divisor`` is the number ``text`` writes
    reason: str | None = None  # why the value is empty (indicators.missing.REASONS); text says it

    @property
    def shown(self) -> float | None:
        """The value in ``table_unit`` (what a table writes and a chart draws)."""
        return None if self.value is None else self.value / self.divisor

    @property
    def shown_target(self) -> float | None:
        return None if self.target is None else self.target / self.divisor

    @property
    def key(self) -> tuple[str, int, str]:
        return (self.figure_id, self.year, self.ministry)

    @property
    def is_prognosis(self) -> bool:
        """A trend projection (SPEC §6): labelled prognose, never a status."""
        return by_id()[self.indicator].is_prognosis

    @property
    def status_class(self) -> str:
        return f"status-{self.status.replace('_', '-')}" if self.status else ""

    @property
    def known(self) -> bool:
        return self.value is not None


def value_text(value: float | None, indicator_id: str, lang: str = "nl", unit: bool = True) -> str:
    """A number in an indicator's notation (e.g. a target from the catalogue: "30,0 %").

    For figures use ``Figure.text``/``with_unit``; this is for values that are not
    published figures but belong to an indicator, so they read the same way.
    """
    ind = by_id()[indicator_id]
    if unit:
        return readable_text(value, ind, indicator_unit(ind, lang), lang)
    return _value_text(value, ind, lang)


def _value_text(value: float | None, ind: Indicator, lang: str) -> str:
    if ind.unit_en == "year":  # the value is a calendar year (climate.co2_neutral_year)
        return calendar_year(value)
    return number(value, ind.unit, lang)


def table_text(value: float | None, ind: Indicator, scale: Scale, lang: str) -> str:
    if ind.unit_en == "year":
        return calendar_year(value)
    return scaled(value, ind.unit, scale, lang)


def readable_text(value: float | None, ind: Indicator, unit: str, lang: str) -> str:
    """A value of ``ind`` in running text, with its unit (format.readable)."""
    if ind.unit_en == "year":
        return calendar_year(value)
    return readable(value, unit, lang)


def reason_text(reason: str, ind: Indicator, lang: str = "nl") -> str:
    """An empty figure's reason in readers' words ("daalt niet", "na 2050")."""
    horizon = ind.prognosis.horizon if ind.prognosis else ""
    return text(f"figuren.reden.{reason}", lang, horizon=horizon)


def make_figure(v: IndicatorValue, ind: Indicator, lang: str, scale: Scale | None = None) -> Figure:
    unit = indicator_unit(ind, lang)
    scale = scale or Scale(1.0, unit)
    shown = v.public()
    cell = SUPPRESSED_MARK if v.suppressed else table_text(shown.value, ind, scale, lang)
    reason = v.reason if shown.value is None and not v.suppressed else None
    if reason:
        cell = reason_text(reason, ind, lang)
    status = None if v.suppressed or ind.is_prognosis else v.status
    return Figure(
        indicator=v.indicator,
        figure_id=v.figure_id,
        year=v.year,
        ministry=v.ministry,
        breakdown=v.breakdown,
        value=shown.value,
        unit=unit,
        text=cell,
        with_unit=cell if v.suppressed or reason else readable_text(shown.value, ind, unit, lang),
        target=v.target,
        target_text=("" if v.target is None else readable_text(v.target, ind, unit, lang)),
        status=status,
        status_text=status_word(status, lang),
        status_symbol=STATUS_SYMBOL.get(status or "", ""),
        suppressed=v.suppressed,
        notes=tuple(v.notes),
        table_unit=scale.unit,
        divisor=scale.divisor if ind.unit_en != "year" else 1.0,
        reason=reason,
    )

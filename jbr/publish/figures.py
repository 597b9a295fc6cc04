"""Published figures: the one source of every figure text in every publication.

``published_figures(values, year, lang)`` turns the engine's ``IndicatorValue``s of
all computed years into ``PublishedFigures``: one ``Figure`` per (figure id, year,
ministry), already in the public view and formatted in the notation of ``lang``
(Babel, ``format.py``). The report, the publieksversie and the Kamerbrief take
every number they print from here — ``Figure.text`` / ``Figure.with_unit`` for a
value, ``Change.text`` for a change against the year before — and never format an
``IndicatorValue`` themselves, so a figure reads identically everywhere (issue 7).

- Keys: ``(figure_id, year, ministry)``. ``figure_id`` is the catalogue id, with a
  breakdown category as suffix (``organisation.fte_by_province.PV28``, as in SPEC §2);
  ``ministry`` is a ministry code or ``RIJK``.
- Suppression (SPEC §6): a figure describing fewer than 10 persons has
  ``suppressed=True``, ``value=None`` and ``text == SUPPRESSED_MARK``; every output
  shows that mark and the footnote ``suppression_note(lang)``. A change involving
  a suppressed figure is suppressed too.
- Unknown (not delivered / not computable): ``value=None``, ``text == UNKNOWN`` ("–").
- Target status: ``status`` (``met``/``on_track``/``off_track``/None) with a word
  (``status_text``) and a symbol (``status_symbol``) so it reads without colour;
  ``status_class`` is the CSS class (``status-met`` ...) that adds the colour.
- Year-over-year changes across a reorganisation restate the previous year to the
  reporting year's ministries (``jbr.indicators.compare``) and carry that as a note.

Pure: no store, no files, no clock.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field

from ..codelists import RIJK, Reorganisation, reorganisations
from ..indicators import IndicatorValue, by_id
from ..indicators.catalogue import Indicator
from ..indicators.compare import previous_year_values
from ..indicators.engine import MIN_PERSONS
from .format import (
    UNKNOWN,
    Scale,
    calendar_year,
    number,
    readable,
    scaled,
    signed,
    table_scale,
)

SUPPRESSED_MARK = "*"

STATUS_TEXT = {
    "nl": {"met": "gehaald", "on_track": "op koers", "off_track": "niet op koers"},
    "en": {"met": "met", "on_track": "on track", "off_track": "off track"},
}
# Symbols that survive black-and-white printing and colour blindness (DejaVu Sans has them).
STATUS_SYMBOL = {"met": "✓", "on_track": "→", "off_track": "✗"}
PERCENTAGE_POINTS = {"nl": "%-punt", "en": "pp"}
POINT_UNITS = {"%"}  # a change of a percentage is in percentage points
# A change of a duration or an age reads in its own unit ("+0,3 jaar", "−4,0 dagen"):
# a percentage of an average age says nothing to a reader. (English unit names.)
DURATION_UNITS = {"years", "days"}


def anchor(indicator_id: str) -> str:
    """The fragment id of an indicator's section in rapport.html (link: ``rapport.html#`` + it)."""
    return indicator_id


def suppression_note(lang: str = "nl") -> str:
    """The footnote every output prints beside a suppressed figure."""
    if lang == "nl":
        return (
            f"{SUPPRESSED_MARK} Niet gepubliceerd: dit cijfer beschrijft minder dan "
            f"{MIN_PERSONS} personen en is ter bescherming van de privacy weggelaten."
        )
    return (
        f"{SUPPRESSED_MARK} Not published: this figure describes fewer than "
        f"{MIN_PERSONS} persons and is withheld to protect privacy."
    )


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
    def status_class(self) -> str:
        return f"status-{self.status.replace('_', '-')}" if self.status else ""

    @property
    def known(self) -> bool:
        return self.value is not None


@dataclass(frozen=True)
class Change:
    """A figure against the year before (restated across reorganisations)."""

    figure_id: str
    year: int
    ministry: str
    # The size that ranks changes (the letter's rules): percentage points for % units,
    # else the relative change in %.
    delta: float | None
    # How it reads: "+2,8 %", "−1,2 %-punt", "+0,3 jaar" (durations in their own unit),
    # "–" (no comparison) or "*" (suppressed).
    text: str
    direction: str | None  # up | down | same | None
    better: bool | None  # towards the target's direction; None without a target
    previous: float | None  # the (restated) previous-year value
    previous_text: str
    suppressed: bool = False
    notes: tuple[str, ...] = ()


@dataclass
class PublishedFigures:
    """Every published figure of a build, in one language, looked up by key."""

    lang: str
    year: int  # the reporting year
    years: list[int]  # every computed year, ascending
    figures: dict[tuple[str, int, str], Figure] = field(default_factory=dict)
    changes: dict[tuple[str, int, str], Change] = field(default_factory=dict)
    scales: dict[str, Scale] = field(default_factory=dict)  # indicator id → its table unit

    def table_unit(self, indicator: str) -> str:
        """The unit an indicator's tables are written in (``€ mln``, ``MWh``, ``fte``)."""
        scale = self.scales.get(indicator)
        if scale is not None:
            return scale.unit
        ind = by_id()[indicator]
        return ind.unit if self.lang == "nl" else ind.unit_en

    def table_text(self, indicator: str, value: float | None) -> str:
        """A value of ``indicator`` (e.g. a restated previous year) as its tables write it."""
        ind = by_id()[indicator]
        scale = self.scales.get(indicator, Scale(1.0, ""))
        return _table_text(value, ind, scale, self.lang)

    def get(self, figure_id: str, year: int | None = None, ministry: str = RIJK) -> Figure | None:
        return self.figures.get((figure_id, self.year if year is None else year, ministry))

    def change(
        self, figure_id: str, year: int | None = None, ministry: str = RIJK
    ) -> Change | None:
        return self.changes.get((figure_id, self.year if year is None else year, ministry))

    def series(self, figure_id: str, ministry: str = RIJK) -> list[Figure]:
        """The figure over every computed year, oldest first (gaps left out)."""
        return [f for y in self.years if (f := self.get(figure_id, y, ministry)) is not None]

    def ministries(self, figure_id: str, year: int | None = None) -> list[str]:
        """Codes with the figure in ``year`` (default: the reporting year), RIJK first."""
        y = self.year if year is None else year
        codes = {m for (fid, yy, m) in self.figures if fid == figure_id and yy == y}
        return sorted(codes, key=lambda m: (m != RIJK, m))

    def breakdown(
        self, indicator: str, ministry: str = RIJK, year: int | None = None
    ) -> list[Figure]:
        """The category figures of a broken-down indicator, in category order."""
        y = self.year if year is None else year
        out = [
            f
            for f in self.figures.values()
            if f.indicator == indicator
            and f.breakdown is not None
            and f.year == y
            and f.ministry == ministry
        ]
        return sorted(out, key=lambda f: f.breakdown or "")

    def __iter__(self) -> Iterator[Figure]:
        return iter(self.figures.values())


def value_text(value: float | None, indicator_id: str, lang: str = "nl", unit: bool = True) -> str:
    """A number in an indicator's notation (e.g. a target from the catalogue: "30,0 %").

    For figures use ``Figure.text``/``with_unit``; this is for values that are not
    published figures but belong to an indicator, so they read the same way.
    """
    ind = by_id()[indicator_id]
    if unit:
        return _readable(value, ind, ind.unit if lang == "nl" else ind.unit_en, lang)
    return _value_text(value, ind, lang)


def _value_text(value: float | None, ind: Indicator, lang: str) -> str:
    if ind.unit_en == "year":  # the value is a calendar year (climate.co2_neutral_year)
        return calendar_year(value)
    return number(value, ind.unit, lang)


def _table_text(value: float | None, ind: Indicator, scale: Scale, lang: str) -> str:
    if ind.unit_en == "year":
        return calendar_year(value)
    return scaled(value, ind.unit, scale, lang)


def _readable(value: float | None, ind: Indicator, unit: str, lang: str) -> str:
    """A value of ``ind`` in running text, with its unit (format.readable)."""
    if ind.unit_en == "year":
        return calendar_year(value)
    return readable(value, unit, lang)


def _figure(v: IndicatorValue, ind: Indicator, lang: str, scale: Scale | None = None) -> Figure:
    unit = ind.unit if lang == "nl" else ind.unit_en
    scale = scale or Scale(1.0, unit)
    shown = v.public()
    text = SUPPRESSED_MARK if v.suppressed else _table_text(shown.value, ind, scale, lang)
    status = None if v.suppressed else v.status
    return Figure(
        indicator=v.indicator,
        figure_id=v.figure_id,
        year=v.year,
        ministry=v.ministry,
        breakdown=v.breakdown,
        value=shown.value,
        unit=unit,
        text=text,
        with_unit=text if v.suppressed else _readable(shown.value, ind, unit, lang),
        target=v.target,
        target_text=("" if v.target is None else _readable(v.target, ind, unit, lang)),
        status=status,
        status_text=STATUS_TEXT[lang].get(status or "", ""),
        status_symbol=STATUS_SYMBOL.get(status or "", ""),
        suppressed=v.suppressed,
        notes=tuple(v.notes),
        table_unit=scale.unit,
        divisor=scale.divisor if ind.unit_en != "year" else 1.0,
    )


def _edges(year: int) -> list[Reorganisation]:
    """Reorganisation edges between 31 December of Y−1 and of Y."""
    from datetime import date

    start, end = date(year - 1, 12, 31), date(year, 12, 31)
    return [r for r in reorganisations() if start < r.day <= end]


def _changes(
    figures: dict[tuple[str, int, str], Figure], year: int, lang: str
) -> dict[tuple[str, int, str], Change]:
    """Each figure of ``year`` against ``year − 1``, the previous year restated when a
    ministry was reorganised: a sum is split over the successors by their share
    (compare.previous_year_values); a ratio keeps the predecessor's ratio, which is
    the same rule applied to its numerator and denominator."""
    current: dict[str, dict[str, Figure]] = defaultdict(dict)
    previous: dict[str, dict[str, Figure]] = defaultdict(dict)
    for (fid, y, m), f in figures.items():
        if y == year:
            current[fid][m] = f
        elif y == year - 1:
            previous[fid][m] = f
    edges = _edges(year)
    olds: dict[str, list[Reorganisation]] = defaultdict(list)
    for r in edges:
        olds[r.new].append(r)
    catalogue = by_id()
    out: dict[tuple[str, int, str], Change] = {}
    for fid, now in current.items():
        before = previous.get(fid, {})
        ind = catalogue[next(iter(now.values())).indicator]
        known_before = {m: f.value for m, f in before.items() if f.value is not None}
        notes: dict[str, list[str]] = defaultdict(list)
        if ind.aggregation == "sum":
            known_now = {m: f.value for m, f in now.items() if f.value is not None}
            restated, texts = previous_year_values(known_now, known_before, year, lang)
            for m, rs in olds.items():
                notes[m] += [t for t in texts if any(t.startswith(f"{r.old} ") for r in rs)]
        else:
            restated = dict(known_before)
            for m, rs in olds.items():
                old = next((r for r in rs if r.old != m and r.old in known_before), None)
                if old is not None and m not in known_before:
                    restated[m] = known_before[old.old]
                    notes[m].append(
                        f"{m} {year - 1}: {old.old} {year - 1} (reorganisatie {old.day:%d-%m-%Y})"
                        if lang == "nl"
                        else f"{m} {year - 1}: {old.old} {year - 1} (reorganisation {old.day:%Y-%m-%d})"
                    )
        for m, f in now.items():
            prior = before.get(m) or next(
                (before[r.old] for r in olds.get(m, []) if r.old in before), None
            )
            suppressed = f.suppressed or bool(prior and prior.suppressed)
            out[(fid, year, m)] = _change(
                f, ind, restated.get(m), suppressed, tuple(notes.get(m, ())), lang
            )
    return out


def _change(
    f: Figure,
    ind: Indicator,
    prior: float | None,
    suppressed: bool,
    notes: tuple[str, ...],
    lang: str,
) -> Change:
    blank = Change(f.figure_id, f.year, f.ministry, None, UNKNOWN, None, None, prior, UNKNOWN)
    if suppressed:
        return Change(
            f.figure_id,
            f.year,
            f.ministry,
            None,
            SUPPRESSED_MARK,
            None,
            None,
            None,
            SUPPRESSED_MARK,
            suppressed=True,
        )
    if f.value is None or prior is None or ind.unit_en == "year":
        return blank
    if ind.unit in POINT_UNITS:
        delta = f.value - prior
        text = f"{signed(delta, '%', lang)}\u00a0{PERCENTAGE_POINTS[lang]}"
    elif ind.unit_en in DURATION_UNITS and prior != 0:
        delta = (f.value - prior) / abs(prior) * 100
        text = f"{signed(f.value - prior, ind.unit, lang)}\u00a0{f.unit}"
    elif prior != 0:
        delta = (f.value - prior) / abs(prior) * 100
        text = f"{signed(delta, '%', lang)}\u00a0%"
    else:
        return blank
    rounded = round(delta, 1)
    direction = "up" if rounded > 0 else "down" if rounded < 0 else "same"
    better = None
    if ind.target is not None and direction != "same":
        better = (direction == "down") == (ind.target.direction == "at_most")
    return Change(
        f.figure_id,
        f.year,
        f.ministry,
        delta,
        text,
        direction,
        better,
        prior,
        _readable(prior, ind, f.unit, lang),
        notes=notes,
    )


def published_figures(
    values: Mapping[int, Iterable[IndicatorValue]], year: int, lang: str = "nl"
) -> PublishedFigures:
    """All figures of all computed years (public view, formatted), and the changes of
    ``year`` (the reporting year) against the year before."""
    catalogue = by_id()
    out = PublishedFigures(lang=lang, year=year, years=sorted(values))
    largest: dict[str, float] = {}
    for y in out.years:
        for v in values[y]:
            shown = v.public().value
            if shown is not None and not math.isnan(shown):
                largest[v.indicator] = max(largest.get(v.indicator, 0.0), abs(shown))
    for indicator, size in largest.items():
        ind = catalogue[indicator]
        out.scales[indicator] = table_scale(size, ind.unit if lang == "nl" else ind.unit_en, lang)
    for y in out.years:
        for v in values[y]:
            f = _figure(v, catalogue[v.indicator], lang, out.scales.get(v.indicator))
            out.figures[f.key] = f
    out.changes = _changes(out.figures, year, lang)
    return out

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
- Unknown (not delivered / not computable): ``value=None``, ``text == UNKNOWN`` ("–");
  an empty figure with a reason reads as that reason ("daalt niet", "na 2050").
- Prognoses (catalogue kind ``prognosis``): ``is_prognosis``; never a target or status.
- Target status: ``status`` (``met``/``on_track``/``off_track``/None) with a word
  (``status_text``) and a symbol (``status_symbol``) so it reads without colour;
  ``status_class`` is the CSS class (``status-met`` ...) that adds the colour.
- Changes against the year before (every year that has one): across a reorganisation the
  year before is restated to the year's ministries (``jbr.indicators.compare``);
  ``Change.restated`` says so and ``Change.previous``/``previous_number`` is the value
  every table shows for that year, marked ``RESTATED_MARK``, so the change is the
  arithmetic of the two shown values. ``restatement_note`` is the table's one footnote.

Pure: no store, no files, no clock.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Any

from ..codelists import RIJK
from ..indicators import IndicatorValue, by_id
from ..indicators.catalogue import Indicator
from ..indicators.compare import edges_between, restate, restated_codes
from ..indicators.engine import MIN_PERSONS
from ..locale import text
from .format import (
    ONE_DECIMAL,
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
RESTATED_MARK = "†"  # a year-before figure restated to the later year's ministries (SPEC §6)

# Symbols that survive black-and-white printing and colour blindness (DejaVu Sans has them);
# their words are figuren.status.<status>.
STATUS_SYMBOL = {"met": "✓", "on_track": "→", "off_track": "✗"}
POINT_UNITS = {"%"}  # a change of a percentage is in percentage points
# A change of a duration or an age reads in its own unit ("+0,3 jaar", "−4,0 dagen"):
# a percentage of an average age says nothing to a reader. (English unit names.)
DURATION_UNITS = {"years", "days"}


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
    reason: str | None = None  # why the value is empty (engine.REASONS); text says it

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
    # ``previous`` is the year before restated to this year's ministries (SPEC §6): the
    # table shows it marked (RESTATED_MARK) instead of the ministry's own figure.
    restated: bool = False
    previous_number: str = ""  # ``previous`` without its unit ("38.451"), as a table cell


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
        return indicator_unit(by_id()[indicator], self.lang)

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
        return _readable(value, ind, indicator_unit(ind, lang), lang)
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


def reason_text(reason: str, ind: Indicator, lang: str = "nl") -> str:
    """An empty figure's reason in readers' words ("daalt niet", "na 2050")."""
    horizon = ind.prognosis.horizon if ind.prognosis else ""
    return text(f"figuren.reden.{reason}", lang, horizon=horizon)


def _figure(v: IndicatorValue, ind: Indicator, lang: str, scale: Scale | None = None) -> Figure:
    unit = indicator_unit(ind, lang)
    scale = scale or Scale(1.0, unit)
    shown = v.public()
    cell = SUPPRESSED_MARK if v.suppressed else _table_text(shown.value, ind, scale, lang)
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
        with_unit=cell if v.suppressed or reason else _readable(shown.value, ind, unit, lang),
        target=v.target,
        target_text=("" if v.target is None else _readable(v.target, ind, unit, lang)),
        status=status,
        status_text=status_word(status, lang),
        status_symbol=STATUS_SYMBOL.get(status or "", ""),
        suppressed=v.suppressed,
        notes=tuple(v.notes),
        table_unit=scale.unit,
        divisor=scale.divisor if ind.unit_en != "year" else 1.0,
        reason=reason,
    )


def _changes(
    figures: dict[tuple[str, int, str], Figure],
    raw: dict[tuple[str, int, str], float | None],
    years: list[int],
    lang: str,
    scales: Mapping[str, Scale] | None = None,
) -> dict[tuple[str, int, str], Change]:
    """Each figure of every year against the year before, the year before restated to the
    year's ministries where a reorganisation lies between (:func:`.compare.restate`: a
    predecessor's additive figure split over its successors by their share, a ratio
    carried to each successor). The Rijk is never restated. The split uses the ``raw``
    values, suppressed ones included, so a share does not depend on what is withheld; a
    change that involves a suppressed figure is itself withheld. ``scales``: the tables'
    units (readers' words), in which a change is the arithmetic of the shown values."""
    by_year: dict[int, dict[str, dict[str, Figure]]] = defaultdict(lambda: defaultdict(dict))
    for (fid, y, m), f in figures.items():
        by_year[y][fid][m] = f
    catalogue = by_id()
    out: dict[tuple[str, int, str], Change] = {}
    for year in years:
        if year - 1 not in by_year:
            continue
        edges = edges_between(year - 1, year)
        for fid, now in by_year[year].items():
            before = by_year[year - 1].get(fid, {})
            ind = catalogue[next(iter(now.values())).indicator]
            if ind.kind == "prognosis":
                # A prognosis is a drawn-out trend, not a measurement: its year-on-year
                # change says nothing, and split over a reorganisation it is nonsense
                # (+1.385,4 % for a successor's share of a predecessor's projection).
                continue
            own = _known(raw, fid, year - 1, before)
            weights = _known(raw, fid, year, now)
            restated = restate(own, weights, year - 1, year, ind.additive) if edges else own
            touched = restated_codes(before, year - 1, year) if edges else set()
            for m, f in now.items():
                prior = before[RIJK].value if m == RIJK and RIJK in before else restated.get(m)
                sources = [before[e.old] for e in edges if e.new == m and e.old in before]
                hidden = any(p.suppressed for p in (*sources, before.get(m)) if p is not None)
                if m in touched and ind.persons and ind.additive and prior is not None:
                    hidden = hidden or prior < MIN_PERSONS  # a share that small describes few
                out[(fid, year, m)] = _change(
                    f,
                    ind,
                    prior,
                    f.suppressed or hidden,
                    m in touched and m != RIJK,
                    lang,
                    (scales or {}).get(ind.id),
                )
    return out


def _as_shown(value: float, ind: Indicator, scale: Scale | None = None) -> float:
    """``value`` as its table text shows it, in the table's unit (``scale``, e.g. € mln
    with one decimal) or else the indicator's own (one decimal or whole units), rounded
    half to even as Babel does."""
    if scale is not None and (scale.divisor != 1.0 or scale.decimals is not None):
        step = Decimal(1).scaleb(-(scale.decimals or 0))
        value = value / scale.divisor
    else:
        step = Decimal("0.1") if ind.unit in ONE_DECIMAL else Decimal(1)
    return float(Decimal(str(value)).quantize(step, rounding=ROUND_HALF_EVEN))


def _known(
    raw: dict[tuple[str, int, str], float | None], fid: str, year: int, figures: dict[str, Figure]
) -> dict[str, float]:
    values = {m: raw.get((fid, year, m)) for m in figures if m != RIJK}
    return {m: v for m, v in values.items() if v is not None and v == v}


def _change(
    f: Figure,
    ind: Indicator,
    prior: float | None,
    suppressed: bool,
    restated: bool,
    lang: str,
    scale: Scale | None = None,
) -> Change:
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
            restated=restated,
            previous_number=SUPPRESSED_MARK,
        )
    # the previous figure as a table cell writes it (in the table's unit) and as text
    number = UNKNOWN if prior is None else _table_text(prior, ind, scale or Scale(1.0, ""), lang)
    previous_text = UNKNOWN if prior is None else _readable(prior, ind, f.unit, lang)
    blank = Change(
        f.figure_id,
        f.year,
        f.ministry,
        None,
        UNKNOWN,
        None,
        None,
        prior,
        previous_text,
        restated=restated and prior is not None,
        previous_number=number,
    )
    if f.value is None or prior is None or ind.unit_en == "year":
        return blank
    # SPEC §6: the change is the arithmetic of the two figures as shown (21,1 → 20,9 is
    # −0,2 %-punt, not the −0,1 of the unrounded 21,07 and 20,94)
    now, before = _as_shown(f.value, ind, scale), _as_shown(prior, ind, scale)
    if ind.unit in POINT_UNITS:
        delta = now - before
        shown = f"{signed(delta, '%', lang)}\u00a0{text('figuren.procentpunt', lang)}"
    elif ind.unit_en in DURATION_UNITS and before != 0:
        delta = (now - before) / abs(before) * 100
        shown = f"{signed(now - before, ind.unit, lang)}\u00a0{f.unit}"
    elif before != 0:
        delta = (now - before) / abs(before) * 100
        shown = f"{signed(delta, '%', lang)}\u00a0%"
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
        shown,
        direction,
        better,
        prior,
        previous_text,
        restated=restated,
        previous_number=number,
    )


def restatement_note(
    year: int, codes: Iterable[str], additive: bool | None, lang: str = "nl"
) -> str:
    """The one footnote of a table whose year before is restated (SPEC §6), naming the
    reorganisations behind the restated rows ``codes``; "" when there are none.
    ``additive``: the table's figures add up (True), are ratios (False) or both (None)."""
    from .format import day

    edges = [e for e in edges_between(year - 1, year) if e.new in set(codes)]
    if not edges:
        return ""
    groups: dict[tuple[Any, str], list[str]] = {}
    for e in sorted(edges, key=lambda e: (e.day, e.old)):
        groups.setdefault((e.day, e.old), []).append(e.new)
    joiner = text("figuren.herberekend.en", lang)
    by_day: dict[Any, list[str]] = {}
    for (when, old), new in groups.items():
        others = [n for n in new if n != old]
        if old in new:  # it goes on and hands part of its tasks over (JenV, AenM)
            line = text("figuren.herberekend.deels", lang, old=old, new=joiner.join(others))
        else:
            line = f"{old} → {joiner.join(new)}"
        by_day.setdefault(when, []).append(line)
    mapping = "; ".join(f"{day(when, lang)}: {', '.join(m)}" for when, m in by_day.items())
    split = text("figuren.herberekend.verdeeld", lang, year=year)  # additive figures
    carry = text("figuren.herberekend.verhouding", lang)  # ratios
    how = {True: split, False: carry, None: f"{split}; {carry}"}[additive]
    return text(
        "figuren.herberekend.noot",
        lang,
        mark=RESTATED_MARK,
        before=year - 1,
        year=year,
        mapping=mapping,
        how=how,
    )


def published_figures(
    values: Mapping[int, Iterable[IndicatorValue]], year: int, lang: str = "nl"
) -> PublishedFigures:
    """All figures of all computed years (public view, formatted), and the changes of
    ``year`` (the reporting year) against the year before."""
    catalogue = by_id()
    out = PublishedFigures(lang=lang, year=year, years=sorted(values))
    largest: dict[str, float] = {}
    raw: dict[tuple[str, int, str], float | None] = {}
    for y in out.years:
        for v in values[y]:
            shown = v.public().value
            if shown is not None and not math.isnan(shown):
                largest[v.indicator] = max(largest.get(v.indicator, 0.0), abs(shown))
    for indicator, size in largest.items():
        ind = catalogue[indicator]
        out.scales[indicator] = table_scale(size, indicator_unit(ind, lang), lang)
    for y in out.years:
        for v in values[y]:
            f = _figure(v, catalogue[v.indicator], lang, out.scales.get(v.indicator))
            out.figures[f.key] = f
            raw[f.key] = v.value
    out.changes = _changes(out.figures, raw, out.years, lang, out.scales)
    return out

"""Published figures: the one source of every figure text in every publication.

``published_figures(values, year, lang)`` turns the engine's ``IndicatorValue``s of
all computed years into ``PublishedFigures``: one ``Figure`` per (figure id, year,
ministry), already in the public view and formatted in the notation of ``lang``
(Babel, ``format.py``), and a ``Change`` per figure against the year before. The report,
the publieksversie and the Kamerbrief take every number they print from here —
``Figure.text`` / ``Figure.with_unit`` for a value, ``Change.text`` for a change against
the year before — and never format an ``IndicatorValue`` themselves, so a figure reads
identically everywhere (issue 7).

- Keys: ``(figure_id, year, ministry)``. ``figure_id`` is the catalogue id, with a
  breakdown category as suffix (``organisation.fte_by_province.PV28``, as in SPEC §2);
  ``ministry`` is a ministry code or ``RIJK``.
- One figure (its text, suppression, reason, status): ``figure.py``; changes against the
  year before, restated across reorganisations: ``changes.py``. Their public names are
  importable from here too.

Pure: no store, no files, no clock.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property

from ..codelists import RIJK
from ..indicators import IndicatorValue, by_id
from .changes import DURATION_UNITS, Change, restatement_note, year_changes
from .figure import (
    POINT_UNITS,
    RESTATED_MARK,
    STATUS_SYMBOL,
    SUPPRESSED_MARK,
    Figure,
    anchor,
    indicator_unit,
    make_figure,
    reason_text,
    status_word,
    status_words,
    suppression_note,
    table_text,
    value_text,
)
from .format import Scale, table_scale


@dataclass
class PublishedFigures:
    """Every published figure of a build, in one language, looked up by key."""

    lang: str
    year: int  # the reporting year
    years: list[int]  # every computed year, ascending
    figures: dict[tuple[str, int, str], Figure] = field(default_factory=dict)
    scales: dict[str, Scale] = field(default_factory=dict)  # indicator id → its table unit
    # the computed values behind ``figures`` (suppressed ones too), for ``changes``
    raw: dict[tuple[str, int, str], float | None] = field(default_factory=dict, repr=False)

    @cached_property
    def changes(self) -> dict[tuple[str, int, str], Change]:
        """Each figure against the year before (``changes.year_changes``), made when first
        read: the site reads none."""
        return year_changes(self.figures, self.raw, self.years, self.lang, self.scales)

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
        return table_text(value, ind, scale, self.lang)

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
        out.scales[indicator] = table_scale(size, indicator_unit(ind, lang), lang)
    for y in out.years:
        for v in values[y]:
            f = make_figure(v, catalogue[v.indicator], lang, out.scales.get(v.indicator))
            out.figures[f.key] = f
            out.raw[f.key] = v.value
    return out


__all__ = [
    "DURATION_UNITS",
    "POINT_UNITS",
    "RESTATED_MARK",
    "STATUS_SYMBOL",
    "SUPPRESSED_MARK",
    "Change",
    "Figure",
    "PublishedFigures",
    "anchor",
    "indicator_unit",
    "published_figures",
    "reason_text",
    "restatement_note",
    "status_word",
    "status_words",
    "suppression_note",
    "value_text",
]

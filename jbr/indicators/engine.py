"""Running the catalogue: computations registered by name, the context they run in, and
``compute``, which turns their result rows into published figures.

A computation is a function ``(ctx, year) -> DataFrame`` with columns
``indicator, ministerie, value, persons`` (ministerie = ``RIJK`` for the whole; the
columns of ``rows.RESULT_COLUMNS``), built from Ibis expressions over the store's current
views so the same definition runs on any Ibis backend. It is registered under the name
the catalogue's ``computation`` field uses. Targets are judged in ``targets``, and a
figure and its disclosure control are ``values``.
"""

from __future__ import annotations

import itertools
from collections import namedtuple
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import ibis
import pandas as pd

from ..codelists import RIJK, default_randstad
from .catalogue import Indicator, by_id, catalogue
from .classification import classified, person_successors
from .findings import Finding
from .rows import RESULT_COLUMNS, empty
from .targets import restated_baseline
from .values import IndicatorValue, indicator_value

Computation = Callable[["Context", int], pd.DataFrame]
_temp_names = itertools.count(1)
COMPUTATIONS: dict[str, Computation] = {}


def computation(name: str) -> Callable[[Computation], Computation]:
    def register(fn: Computation) -> Computation:
        COMPUTATIONS[name] = fn
        return fn

    return register


# A record listing (catalogue ``[indicator.listing]``): ``(ctx, year) -> DataFrame`` of the
# records an indicator's figure is about (no personal data), registered by name.
LISTINGS: dict[str, Computation] = {}


def listing(name: str) -> Callable[[Computation], Computation]:
    def register(fn: Computation) -> Computation:
        LISTINGS[name] = fn
        return fn

    return register


@dataclass
class Context:
    """What a computation may use: the store's tables through Ibis, and earlier results."""

    backend: Any  # an Ibis backend
    randstad: frozenset[str] = field(default_factory=lambda: default_randstad())
    notes: dict[tuple[str, int], list[str]] = field(default_factory=dict)
    # data-quality findings and operator warnings: the build log and the data-quality
    # annex, never a figure's footnote (findings.py)
    findings: list[Finding] = field(default_factory=list)
    # The years the caller is going to ask for (a build: every year of the store).
    # A computation may then compute all of them in one query (see ``per_year``):
    # one compilation and one round trip instead of one per year.
    years: tuple[int, ...] = ()
    # The last build's results, reused where their source themes are unchanged (cache.py).
    results: Any = None
    _cache: dict[tuple[str, int], pd.DataFrame] = field(default_factory=dict)
    _memo: dict[tuple[str, Any], Any] = field(default_factory=dict)
    _tables: dict[str, ibis.Table] = field(default_factory=dict)

    def table(self, theme: str, by_row_year: bool = True) -> ibis.Table:
        """The current rows of ``theme``, each under the ministry it counts for in the
        classification at the end of its year (:mod:`.classification`); ``by_row_year``
        False: as delivered, for a caller that classifies rows by the year they count in."""
        # Once per theme: looking a table up asks the backend for its schema.
        name = theme if by_row_year else f"{theme}:delivered"
        if name not in self._tables:
            current = self.backend.table(f"current_{theme}")
            keys = self._person_keys(current) if theme == "personeel" else None
            self._tables[name] = classified(theme, current, keys, by_row_year)
        return self._tables[name]

    def table_as_delivered(self, theme: str) -> ibis.Table:
        """The current rows of ``theme`` with the ministry as delivered (no classification)."""
        name = f"{theme}:raw"
        if name not in self._tables:
            self._tables[name] = self.backend.table(f"current_{theme}")
        return self._tables[name]

    def _person_keys(self, personeel: ibis.Table) -> pd.DataFrame | None:
        """Who went where at a split (:func:`.classification.person_successors`), once."""

        def make() -> pd.DataFrame | None:
            keys = person_successors(personeel)
            return None if keys is None else keys.to_pandas()

        return self.memo("person_successors", 0, make)

    def result(self, name: str, year: int) -> pd.DataFrame:
        key = (name, year)
        if self.results is not None:
            self.results.depend(key)  # the computations being computed use it
        if key not in self._cache:
            if self.results is not None:
                frame = self.results.result(self, name, year, lambda: self._compute(name, year))
            else:
                frame = self._compute(name, year)
            self._cache[key] = frame
        return self._cache[key]

    def _compute(self, name: str, year: int) -> pd.DataFrame:
        frame = COMPUTATIONS[name](self, year)
        for column in RESULT_COLUMNS:
            if column not in frame.columns:
                frame[column] = None
        return frame[RESULT_COLUMNS] if len(frame) else empty()

    def close(self) -> None:
        """Let go of the store: DuckDB's read-only connection closes now, not when the last
        reference to this context goes (until then no one in this process can open the
        store for writing). A Spark session stays: the next computation reuses it."""
        if getattr(self.backend, "name", None) == "duckdb":
            self.backend.disconnect()

    def memo(self, name: str, year: Any, make: Callable[[], Any]) -> Any:
        """An intermediate result shared by several computations (e.g. the flows table)."""
        if (name, year) not in self._memo:
            self._memo[(name, year)] = make()
        return self._memo[(name, year)]

    def batch(self, year: int) -> tuple[int, ...]:
        """The years to compute together with ``year``: all of ``years`` if it is one of
        them, else ``year`` alone (e.g. the year before, for a growth figure)."""
        return self.years if year in self.years else (year,)

    def per_year(
        self, name: str, year: int, make: Callable[[tuple[int, ...]], pd.DataFrame]
    ) -> pd.DataFrame:
        """The rows of ``year`` of ``make(years)``, a frame with a ``jaar`` column
        computed once for the whole batch of ``year`` (see ``batch``)."""
        years = self.batch(year)
        frame = self.memo(name, years, lambda: make(years))
        rows = frame[frame["jaar"] == year].drop(columns="jaar")
        return rows.reset_index(drop=True)

    @contextmanager
    def materialized(self, expr: ibis.Table) -> Iterator[ibis.Table]:
        """``expr`` computed once into a temp table for several queries, then dropped.

        (Ibis's own ``Table.cache()`` fails to release against DuckDB 2.0.)
        """
        if self.backend.name != "duckdb":
            yield expr
            return
        name = f"_jbr_tmp_{next(_temp_names)}"
        self.backend.raw_sql(f"CREATE TEMP TABLE {name} AS {ibis.to_sql(expr, dialect='duckdb')}")
        try:
            yield self.backend.table(name)
        finally:
            self.backend.raw_sql(f"DROP TABLE {name}")

    def note(self, indicator: str, year: int, text: str) -> None:
        """A footnote readers see beside the figure (how it was computed)."""
        if self.results is not None:
            self.results.event(("note", indicator, year, text))
        self.notes.setdefault((indicator, year), [])
        if text not in self.notes[(indicator, year)]:
            self.notes[(indicator, year)].append(text)

    def find(self, kind: str, year: int, indicator: str, **params: Any) -> None:
        """A data-quality finding or operator warning (findings.MESSAGES ``kind``)."""
        self.find_finding(Finding(kind, year, indicator, tuple(params.items())))

    def find_finding(self, finding: Finding) -> None:
        if self.results is not None:
            self.results.event(("find", finding))
        if finding not in self.findings:
            self.findings.append(finding)


def compute(
    ctx: Context, year: int, ids: list[str] | None = None, ministry: str | None = None
) -> list[IndicatorValue]:
    """Every catalogue indicator (or ``ids``) for ``year``: Rijk and per ministry."""
    wanted = [by_id()[i] for i in ids] if ids else list(catalogue())
    out: list[IndicatorValue] = []
    for ind in wanted:
        if ind.computation not in COMPUTATIONS:
            raise KeyError(f"indicator {ind.id}: no computation {ind.computation!r} registered")
        rows = _rows(ctx, ind.computation, year).get(ind.id, [])
        baseline = _baseline(ctx, ind, year, rows)
        for r in rows:
            if ministry and r.ministerie not in (ministry, RIJK):
                continue
            out.append(
                indicator_value(ind, year, r, baseline, tuple(ctx.notes.get((ind.id, year), ())))
            )
    out.sort(key=lambda v: (v.indicator, v.ministry != RIJK, v.ministry, v.breakdown or ""))
    return out


_Row = namedtuple("_Row", RESULT_COLUMNS)  # type: ignore[misc]


def _rows(ctx: Context, name: str, year: int) -> dict[str, list[Any]]:
    """A computation's result as rows per indicator, split once per context."""

    def make() -> dict[str, list[Any]]:
        frame = ctx.result(name, year)
        out: dict[str, list[Any]] = {}
        for row in zip(*(frame[c].tolist() for c in RESULT_COLUMNS), strict=True):
            out.setdefault(row[0], []).append(_Row(*row))
        return out

    return ctx.memo(f"rows:{name}", year, make)


def _baseline(ctx: Context, ind: Indicator, year: int, rows: list[Any]) -> dict[str, float]:
    """The baseline year's values, restated to the ministries of ``year``
    (:func:`.targets.restated_baseline`)."""
    t = ind.target
    if t is None or t.baseline_year is None or t.baseline_year >= year:
        return {}
    base = _rows(ctx, ind.computation, t.baseline_year).get(ind.id, [])
    return restated_baseline(ind, year, base, rows)

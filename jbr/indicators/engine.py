"""Running the catalogue: computations, Rijk totals, targets and disclosure control.

A computation is a function ``(ctx, year) -> DataFrame`` with columns
``indicator, ministerie, value, persons`` (ministerie = ``RIJK`` for the whole),
built from Ibis expressions over the store's current views so the same
definition runs on any Ibis backend. It is registered under the name the
catalogue's ``computation`` field uses.
"""

from __future__ import annotations

import itertools
from collections import namedtuple
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from typing import Any

import ibis
import pandas as pd

from ..codelists import RIJK, default_randstad
from ..store.figure_row import FIGURE_KEYS
from .catalogue import Indicator, Target, by_id, catalogue
from .classification import classified, person_successors
from .compare import restate
from .findings import Finding

MIN_PERSONS = 10  # SPEC §6: no published figure describes fewer than 10 persons

Computation = Callable[["Context", int], pd.DataFrame]
_temp_names = itertools.count(1)
COMPUTATIONS: dict[str, Computation] = {}
RESULT_COLUMNS = ["indicator", "ministerie", "value", "persons", "target", "breakdown", "reason"]
# target: a per-row target from the data (e.g. banenafspraak_doel), else the catalogue's.
# breakdown: a category within the indicator (e.g. the province of fte_by_province).
# reason: why a value is empty, as a key of REASONS (e.g. a trend that does not fall).
REASONS = ("not_falling", "beyond_horizon")


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


def empty() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype="object") for c in RESULT_COLUMNS})


def in_year(column: ibis.Column, year: int) -> ibis.BooleanValue:
    """``column`` (a date or a moment) falls in ``year``, as a half-open range so the
    store can skip other years and a moment late on 31 December still counts."""
    return in_years(column, (year,))


def latest_deliveries(coverage: ibis.Table, theme: str) -> ibis.Table:
    """Per (ministry, year) of ``theme`` the newest delivery that covers it: the store's
    rule for what is current (jbr.store.schema.current_view_ddl), as an Ibis expression.
    Columns ``latest_ministerie``, ``latest_jaar``, ``latest_id``."""
    c = coverage.filter(coverage.theme == theme)
    latest = c.group_by(c.ministerie, c.jaar).agg(latest_id=c.delivery_id.max())
    return latest.select(
        latest_ministerie=latest.ministerie, latest_jaar=latest.jaar, latest_id=latest.latest_id
    )


def only_current(
    rows: ibis.Table, coverage: ibis.Table, theme: str, ministry: str = "_ministerie"
) -> ibis.Table:
    """The rows of ``rows`` (stored rows of ``theme``, or groups of them that keep the
    lineage keys ``_delivery_id`` and ``_jaar`` and the ministry column ``ministry``)
    that come from the current delivery of their (ministry, year)."""
    latest = latest_deliveries(coverage, theme)
    joined = rows.inner_join(
        latest,
        [
            rows._delivery_id == latest.latest_id,
            rows[ministry] == latest.latest_ministerie,
            rows._jaar.identical_to(latest.latest_jaar),
        ],
    )
    return joined.select(*rows.columns)


def in_years(column: ibis.Column, years: tuple[int, ...]) -> ibis.BooleanValue:
    """``column`` falls in the first to the last of ``years`` (one range: the rows of a
    year in between that is not asked for are computed and left unused)."""
    import datetime as dt

    return (column >= ibis.date(dt.date(min(years), 1, 1))) & (
        column < ibis.date(dt.date(max(years) + 1, 1, 1))
    )


def pct(numerator: pd.Series, denominator: pd.Series) -> pd.Series:
    """numerator ÷ denominator × 100; unknown (NaN) where the denominator is 0."""
    return (numerator / denominator.where(denominator > 0)) * 100


def per_ministry_and_rijk(
    table: ibis.Table,
    jaar: ibis.Value | None = None,
    **aggregates: Callable[[ibis.Table], Any],
) -> pd.DataFrame:
    """Aggregate per ministry and, separately, over all records for the Rijk (never summed).

    With ``jaar`` (the year of each record) per year as well, in a ``jaar`` column:
    several years in one query, a year without records has no rows at all (without it
    the Rijk always has a row, of empty aggregates when there are no records).
    """
    keys = {} if jaar is None else {"jaar": jaar}
    per = table.group_by(**keys, ministerie=table.ministerie).agg(
        **{k: f(table) for k, f in aggregates.items()}
    )
    values = {k: f(table) for k, f in aggregates.items()}
    whole = (table.group_by(**keys).agg(**values) if keys else table.agg(**values)).mutate(
        ministerie=ibis.literal(RIJK)
    )
    frame = ibis.union(per, whole.select(per.columns)).to_pandas()
    return frame


def result_rows(
    frame: pd.DataFrame,
    indicator: str,
    value: pd.Series,
    *,
    persons: pd.Series | None = None,
    target: pd.Series | None = None,
    breakdown: pd.Series | None = None,
    reason: pd.Series | None = None,
) -> pd.DataFrame:
    """One indicator's result rows (``RESULT_COLUMNS``), one per row of ``frame`` (its
    ``ministerie``). ``value`` becomes a number (unknown where it is none); the optional
    columns are empty unless given. Series align on ``frame``'s index, so a series over
    fewer rows (``dropna``) leaves the others empty."""
    return pd.DataFrame(
        {
            "indicator": indicator,
            "ministerie": frame["ministerie"],
            "value": pd.to_numeric(value, errors="coerce").astype("float64"),
            "persons": persons,
            "target": target,
            "breakdown": breakdown,
            "reason": reason,
        }
    )


@dataclass(frozen=True)
class IndicatorValue:
    """One row of SPEC §2's machine-readable indicator output (plus internal fields)."""

    indicator: str
    year: int
    ministry: str
    value: float | None
    unit: str
    target: float | None
    status: str | None
    suppressed: bool
    persons: int | None = None
    notes: tuple[str, ...] = ()
    breakdown: str | None = None
    reason: str | None = None  # why the value is empty (a key of REASONS)

    def public(self) -> IndicatorValue:
        """The published view: a suppressed figure has no value."""
        if not self.suppressed:
            return self
        return IndicatorValue(**{**asdict(self), "value": None, "notes": self.notes})

    @property
    def figure_id(self) -> str:
        """The id a published figure is known by: a breakdown category is a suffix,
        ``organisation.fte_by_province.PV28``, so every row keeps SPEC §2's shape."""
        return f"{self.indicator}.{self.breakdown}" if self.breakdown else self.indicator

    def as_row(self) -> dict[str, Any]:
        """SPEC §2's machine-readable row, the same keys for every indicator
        (``store.figure_row``); ``indicator`` is the figure's id."""
        return {k: self.figure_id if k == "indicator" else getattr(self, k) for k in FIGURE_KEYS}


def target_status(
    value: float | None, target: Target | None, year: int, baseline: float | None = None
) -> str | None:
    """met / on_track / off_track against a target (SPEC §2).

    Before the target year a figure that already satisfies the target is ``met``
    (met early); otherwise it is ``on_track`` when it is at least as far as the
    straight line from the baseline year's value to the target, else ``off_track``.
    From the target year on (or for a norm without a year) it is met or off_track.
    """
    if target is None or value is None:
        return None
    ok = value <= target.value if target.direction == "at_most" else value >= target.value
    if ok:
        return "met"
    if (
        target.year is None
        or year >= target.year
        or baseline is None
        or target.baseline_year is None
    ):
        return "off_track"
    span = target.year - target.baseline_year
    if span <= 0 or year <= target.baseline_year:
        return "off_track"
    path = baseline + (target.value - baseline) * (year - target.baseline_year) / span
    on_path = value <= path if target.direction == "at_most" else value >= path
    return "on_track" if on_path else "off_track"


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
            out.append(_value(ind, year, r, baseline, tuple(ctx.notes.get((ind.id, year), ()))))
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
    """The baseline year's values, restated to the ministries of ``year`` (a successor's
    baseline is its share of its predecessor's, :func:`.compare.restate`)."""
    t = ind.target
    if t is None or t.baseline_year is None or t.baseline_year >= year:
        return {}
    base = _rows(ctx, ind.computation, t.baseline_year).get(ind.id, [])
    values = _totals(base)
    restated = restate(
        {m: v for m, v in values.items() if m != RIJK},
        {m: v for m, v in _totals(rows).items() if m != RIJK},
        t.baseline_year,
        year,
        ind.additive,
    )
    if RIJK in values:
        restated[RIJK] = values[RIJK]
    return restated


def _totals(rows: list[Any]) -> dict[str, float]:
    return {r.ministerie: r.value for r in rows if not _present(r.breakdown) and _present(r.value)}


def _present(value: Any) -> bool:
    return value is not None and not pd.isna(value)


def _value(
    ind: Indicator, year: int, r: Any, baseline: dict[str, float], notes: tuple[str, ...]
) -> IndicatorValue:
    number = float(r.value) if _present(r.value) else None
    count = int(r.persons) if _present(r.persons) else None
    suppressed = bool(ind.persons and count is not None and count < MIN_PERSONS)
    target = ind.target
    if target is not None and _present(r.target):
        target = Target(float(r.target), target.direction, target.year, target.baseline_year)
    elif target is not None and target.from_data:
        target = None  # a target that comes from the data, and none was delivered
    if ind.is_prognosis:
        target = None  # SPEC §6: a prognosis is never given a status (catalogue.check_kind)
    reason = r.reason if _present(r.reason) else None
    if reason is not None and reason not in REASONS:
        raise ValueError(f"{ind.id}: unknown reason {reason!r}")
    return IndicatorValue(
        indicator=ind.id,
        year=year,
        ministry=r.ministerie,
        value=number,
        unit=ind.unit,
        target=target.value if target else None,
        status=target_status(number, target, year, baseline.get(r.ministerie)),
        suppressed=suppressed,
        persons=count,
        notes=notes,
        breakdown=r.breakdown if _present(r.breakdown) else None,
        reason=reason if number is None else None,
    )

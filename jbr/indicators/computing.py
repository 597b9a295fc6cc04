"""Computing the indicators: a context over the store (DuckDB or Spark), every
computation registered, and the year-by-year run that ``jbr build`` makes.

The computations register themselves when their domain's module is imported (one module
or package per domain, ``indicators/<domain>``); this module imports them all, so that
whoever computes has every one. :mod:`jbr.indicators` gives these names too, importing
this module at their first use: reading the catalogue or a published figure (the site,
the API, ``jbr serve``) never imports Ibis and pandas.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import ibis

from ..locale import text
from . import (  # noqa: F401  (register the computations: one module or package per domain)
    housing,
    information,
    organisation,
    personnel,
    procurement,
    sustainability,
)
from .catalogue import listed
from .engine import LISTINGS, Context, compute
from .values import IndicatorValue

ENGINES = ("duckdb", "spark")


def listings(ctx: Context, year: int) -> dict[str, Any]:
    """Record lists shown with an indicator (catalogue ``[indicator.listing]``), keyed by
    the indicator they explain, chapter by chapter; each a DataFrame without personal data."""
    out = {}
    for ind in listed():
        assert ind.listing is not None
        name = ind.listing.function
        if name not in LISTINGS:
            raise KeyError(f"indicator {ind.id}: no listing {name!r} registered")
        if ctx.results is None:
            out[ind.id] = LISTINGS[name](ctx, year)
        else:  # the last build's rows when the indicator's source themes are unchanged
            out[ind.id] = ctx.results.listing(
                ctx, name, year, lambda n=name: LISTINGS[n](ctx, year)
            )
    return out


def open_context(db: Path | str, engine: str = "duckdb") -> Context:
    """An Ibis context over the store: DuckDB reads it directly, Spark reads its
    Parquet export (:mod:`jbr.indicators.spark`)."""
    if engine not in ENGINES:
        raise ValueError(f"engine {engine!r} is not available (choose from {', '.join(ENGINES)})")
    if engine == "spark":
        from .spark import spark_backend

        return Context(spark_backend(db), randstad=randstad())
    import duckdb

    # One thread: DuckDB sums floating-point numbers in the order its threads meet the
    # rows, so with more than one the same store could give figures that differ in their
    # last digits from build to build (issue 19: a build that reuses results must write
    # what a full build writes, byte for byte).
    # (SET, not a connect option: another connection to the store in this process, with
    # other options, would refuse a different configuration.)
    con = duckdb.connect(str(db), read_only=True)
    con.execute("SET threads = 1")
    return Context(ibis.duckdb.from_connection(con), randstad=randstad())


def randstad() -> frozenset[str]:
    """SPEC §4: configurable with JBR_RANDSTAD (comma-separated province codes or names)."""
    import os

    from ..codelists import alias_table, default_randstad

    setting = os.environ.get("JBR_RANDSTAD")
    if not setting:
        return default_randstad()
    spellings = dict(alias_table("provincie"))
    codes = set()
    for part in setting.split(","):
        code = spellings.get(part.strip().lower())
        if code is None:
            raise ValueError(text("indicatoren.fout.randstad", "nl", value=part.strip()))
        codes.add(code)
    return frozenset(codes)


def store_years(ctx: Context) -> list[int]:
    """Years for which the store holds personnel or any year-scoped theme."""
    c = ctx.backend.table("coverage")
    years = c.filter(c.jaar.notnull()).select("jaar").distinct().to_pandas()["jaar"]
    return sorted(int(y) for y in years)


def compute_years(ctx: Context, last: int | None = None) -> dict[int, list[IndicatorValue]]:
    """Every indicator for every year of the store up to ``last`` (default: all), computed
    together in batched queries, as ``jbr build`` publishes them."""
    ctx.years = tuple(y for y in store_years(ctx) if last is None or y <= last)
    return {y: compute(ctx, y) for y in ctx.years}


__all__ = [
    "ENGINES",
    "LISTINGS",
    "Context",
    "compute",
    "compute_years",
    "listings",
    "open_context",
    "randstad",
    "store_years",
]

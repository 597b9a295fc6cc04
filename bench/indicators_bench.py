"""Issue 4: all §5.1 indicators for one year, all ministries, on the full demo store.

Baseline (the practical limit): one hand-written DuckDB SQL query computing the
flows (in, out, mobility per ministry and Rijk) for the same year.

Issue 7: every indicator for every year (and the report's listings), as ``jbr build``
computes them, in wall and in CPU seconds (all threads of the process: the machine
may be shared, and CPU time shows the work whatever the load).
"""

from __future__ import annotations

import time
from pathlib import Path

import duckdb

from jbr.indicators import catalogue, compute, listings, open_context, store_years

PREFIX = "indicators."
YEAR = 2024
SECTION_5_1 = {
    "personnel_stock",
    "personnel_growth",
    "personnel_flows",
    "personnel_profile",
    "personnel_absence",
    "personnel_vacancies",
    "ict_vacancies",
    "personnel_spending",
    "personnel_disability",
    "ict_workforce",
    "ict_flows",
    "organisation_spread",
}
FLOWS_SQL = """
WITH w AS (
  SELECT medewerker_id, peildatum, ministerie FROM current_personeel
  WHERE peildatum BETWEEN DATE '{y0}-12-31' AND DATE '{y}-12-31'),
a AS (SELECT * FROM w WHERE peildatum < DATE '{y}-12-31'),
b AS (SELECT *, CAST(date_trunc('month', peildatum) - INTERVAL 1 DAY AS DATE) AS prev FROM w
      WHERE peildatum > DATE '{y0}-12-31'),
j AS (SELECT a.ministerie AS m0, b.ministerie AS m1, a.medewerker_id IS NULL AS new,
             b.medewerker_id IS NULL AS gone
      FROM a FULL OUTER JOIN b ON a.medewerker_id = b.medewerker_id AND a.peildatum = b.prev)
SELECT m1 AS ministerie, count(*) FILTER (WHERE new OR m0 <> m1) AS inflow, NULL AS outflow
FROM j WHERE m1 IS NOT NULL GROUP BY m1
UNION ALL
SELECT m0, NULL, count(*) FILTER (WHERE gone OR m0 <> m1) FROM j WHERE m0 IS NOT NULL GROUP BY m0
UNION ALL
SELECT 'RIJK', count(*) FILTER (WHERE new), count(*) FILTER (WHERE gone) FROM j
"""


def _store(demo_dir: Path) -> Path:
    """The full demo loaded once into out/bench_store.duckdb (reused when present)."""
    from jbr.api import demo_files
    from jbr.store.load import load_files

    db = Path("out/bench_store.duckdb")
    if not db.exists():
        load_files(demo_files(demo_dir, "full"), db, supplier="bench")
    return db


def _all_years(db: Path) -> tuple[float, float, int]:
    """Wall and CPU seconds of every indicator for every year, as the build does."""
    wall, cpu = time.perf_counter(), time.process_time()
    ctx = open_context(db)
    ctx.years = tuple(store_years(ctx))
    values = sum(len(compute(ctx, y)) for y in ctx.years)
    if ctx.years:
        listings(ctx, max(ctx.years))
    return time.perf_counter() - wall, time.process_time() - cpu, values


def run(demo_dir: Path) -> dict[str, dict]:
    db = _store(demo_dir)
    all_wall, all_cpu, all_values = _all_years(db)
    ids = [i.id for i in catalogue() if i.computation in SECTION_5_1]
    ctx = open_context(db)
    start = time.perf_counter()
    values = compute(ctx, YEAR, ids=ids)
    ours = time.perf_counter() - start
    con = duckdb.connect(str(db), read_only=True)
    start = time.perf_counter()
    con.execute(FLOWS_SQL.format(y=YEAR, y0=YEAR - 1)).fetchall()
    base = time.perf_counter() - start
    con.close()
    return {
        "indicators.personnel_5_1.seconds": {
            "value": ours,
            "unit": "s",
            "goal": "< 2",
            "baseline": base,
            "ratio": ours / base,
            "note": f"{len(ids)} indicators, {len(values)} values; baseline = one SQL query for flows",
        },
        "indicators.all_years.seconds": {
            "value": all_wall,
            "unit": "s",
            "goal": "<= 15",
            "note": f"every indicator for every year and the listings: {all_values} values",
        },
        "indicators.all_years.cpu_seconds": {
            "value": all_cpu,
            "unit": "s",
            "note": "CPU of the same run, all threads (wall on a busy machine exceeds it)",
        },
    }

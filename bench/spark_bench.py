"""Issue 9: the same indicators on Spark (local mode, 2 cores) against DuckDB.

1. The full demo store: every indicator for one year with ``--engine spark`` and
   ``--engine duckdb``, as a ratio; Spark's start-up (JVM, session, views) and the
   Parquet export are reported apart from the computation.
2. Simulated: the §5.1 personnel indicators over 10 years × the full Rijk — the
   demo's 8 years of monthly personnel records plus 2 earlier years made from its
   first two (dates and birth years shifted back two years) — on both engines.

Each run is a child process; peak memory is the child's own VmHWM and, for Spark,
the VmHWM of the JVM it starts (its descendant process) as well. Both engines must
produce the same figures, or the comparison means nothing.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

from .indicators_bench import SECTION_5_1

PREFIX = "spark."
YEAR = 2024
OUT = Path("out")
SIMULATED = OUT / "spark_bench_10y.duckdb"
CACHE = OUT / "spark_bench_cache"
# the §5.1 computations, as the indicators bench times them
PERSONNEL = SECTION_5_1
PERSONNEL_THEMES = (
    "personeel",
    "vacatures",
    "uitgaven_personeel",
    "banenafspraak_doel",
    "formatie",
    "tarieven",
)
SHIFT_YEARS = 2  # 2017–2018 shifted back: 2015–2016, so 2015–2024 is ten years


def _hwm_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def _descendants(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        parent = todo.pop()
        for task in Path(f"/proc/{parent}/task").glob("*/children"):
            for child in task.read_text().split():
                found.append(int(child))
                todo.append(int(child))
    return found


def child(engine: str, db: str, scope: str) -> None:
    """Runs in the child process: open, compute, report times and peak memory as JSON."""
    from jbr.indicators import catalogue, compute, open_context

    ids = [i.id for i in catalogue() if scope == "all" or i.computation in PERSONNEL]
    start = time.perf_counter()
    ctx = open_context(db, engine)
    opened = time.perf_counter()
    values = compute(ctx, YEAR, ids=ids)
    done = time.perf_counter()
    jvm = sum(_hwm_kb(p) for p in _descendants(os.getpid()))
    print(
        json.dumps(
            {
                "open_s": opened - start,
                "compute_s": done - opened,
                "values": len(values),
                "indicators": len(ids),
                "python_hwm_kb": _hwm_kb(os.getpid()),
                "jvm_hwm_kb": jvm,
                "figures": {
                    f"{v.figure_id}|{v.ministry}": v.value for v in values if v.value is not None
                },
            }
        )
    )


def _run_child(engine: str, db: Path, scope: str) -> dict:
    env = {**os.environ, "XDG_CACHE_HOME": str(CACHE.resolve())}
    out = subprocess.run(
        [sys.executable, "-m", "bench.spark_bench", engine, str(db), scope],
        capture_output=True,
        text=True,
        env=env,
    )
    if out.returncode != 0:
        raise RuntimeError(f"spark bench child ({engine}) failed: {out.stderr[-2000:]}")
    return json.loads([line for line in out.stdout.splitlines() if line.startswith("{")][-1])


def _agree(a: dict, b: dict) -> int:
    """The number of figures both engines computed; an error if any differs."""
    fa, fb = a["figures"], b["figures"]
    if set(fa) != set(fb):
        raise AssertionError(f"spark bench: figures differ: {sorted(set(fa) ^ set(fb))[:5]}")
    for key, x in fa.items():
        if abs(x - fb[key]) > 1e-9 * max(abs(x), abs(fb[key])):
            raise AssertionError(f"spark bench: {key} duckdb {x} != spark {fb[key]}")
    return len(fa)


def build_simulated(source: Path, db: Path) -> int:
    """The personnel themes of ``source`` plus two earlier years: 10 years of the Rijk."""
    from jbr.sql import sql_text
    from jbr.store.connection import connect
    from jbr.store.parquet import written_columns

    tmp = db.with_suffix(".tmp.duckdb")
    tmp.unlink(missing_ok=True)
    con = connect(tmp)
    try:
        con.execute(f"ATTACH {sql_text(str(source))} AS src (READ_ONLY)")
        themes = ", ".join(sql_text(t) for t in PERSONNEL_THEMES)
        con.execute(
            "INSERT INTO deliveries SELECT * FROM src.deliveries WHERE delivery_id IN "
            f"(SELECT delivery_id FROM src.coverage WHERE theme IN ({themes}))"
        )
        con.execute(f"INSERT INTO coverage SELECT * FROM src.coverage WHERE theme IN ({themes})")
        for theme in PERSONNEL_THEMES:  # not the virtual _ministerie (store/columns.py)
            names = ", ".join(f'"{c}"' for c in written_columns(con, theme))
            con.execute(f'INSERT INTO "{theme}" ({names}) SELECT {names} FROM src."{theme}"')
        offset = con.execute("SELECT max(delivery_id) FROM deliveries").fetchone()[0]  # type: ignore[index]
        first = con.execute("SELECT min(_jaar) FROM personeel").fetchone()[0]  # type: ignore[index]
        copied = f"_jaar < {first + SHIFT_YEARS}"
        con.execute(
            f"""INSERT INTO deliveries SELECT delivery_id + {offset}, 'sim_' || file_name,
                       file_hash || '-{SHIFT_YEARS}', supplier, loaded_at, themes, rows
                FROM deliveries WHERE delivery_id IN (SELECT DISTINCT _delivery_id FROM personeel
                                                      WHERE {copied})"""
        )
        con.execute(
            f"""INSERT INTO coverage SELECT delivery_id + {offset}, theme, ministerie,
                       jaar - {SHIFT_YEARS}, rows
                FROM coverage WHERE theme = 'personeel' AND jaar < {first + SHIFT_YEARS}"""
        )
        columns = written_columns(con, "personeel")
        shifted = {
            "peildatum": f"last_day(peildatum - INTERVAL {SHIFT_YEARS} YEAR)",
            "geboortejaar": f"geboortejaar - {SHIFT_YEARS}",
            "_delivery_id": f"_delivery_id + {offset}",
            "_jaar": f"_jaar - {SHIFT_YEARS}",
        }
        select = ", ".join(shifted.get(c, f'"{c}"') for c in columns)
        names = ", ".join(f'"{c}"' for c in columns)
        con.execute(
            f"INSERT INTO personeel ({names}) SELECT {select} FROM personeel WHERE {copied}"
        )
        rows = con.execute("SELECT count(*) FROM personeel").fetchone()[0]  # type: ignore[index]
        con.execute("CHECKPOINT")
    finally:
        con.close()
    tmp.rename(db)
    return int(rows)


def _figures(name: str, what: str, duck: dict, spark: dict, export_s: float) -> dict[str, dict]:
    agreed = _agree(duck, spark)
    spark_mb = (spark["python_hwm_kb"] + spark["jvm_hwm_kb"]) / 1024
    return {
        f"spark.{name}.compute_seconds": {
            "value": spark["compute_s"],
            "unit": "s",
            "goal": "report",
            "baseline": duck["compute_s"],
            "ratio": spark["compute_s"] / duck["compute_s"],
            "note": f"{what}: {spark['indicators']} indicators, {agreed} figures equal on both "
            "engines; Spark local[2] vs DuckDB, computation only",
        },
        f"spark.{name}.startup_seconds": {
            "value": spark["open_s"],
            "unit": "s",
            "goal": "report",
            "baseline": duck["open_s"],
            "note": "opening the context: JVM + Spark session + views over the Parquet export "
            f"(the export itself, made once per store state: {export_s:.1f} s) vs DuckDB's open",
        },
        f"spark.{name}.peak_memory_mb": {
            "value": spark_mb,
            "unit": "MB",
            "goal": "report",
            "baseline": duck["python_hwm_kb"] / 1024,
            "ratio": spark_mb / (duck["python_hwm_kb"] / 1024),
            "note": f"VmHWM of the Python child ({spark['python_hwm_kb'] / 1024:.0f} MB) + the "
            f"Spark JVM ({spark['jvm_hwm_kb'] / 1024:.0f} MB) vs the DuckDB child",
        },
    }


def _export(db: Path) -> float:
    from jbr.indicators.spark import cache_root, parquet_export

    os.environ["XDG_CACHE_HOME"] = str(CACHE.resolve())
    assert cache_root().is_relative_to(CACHE.resolve())
    start = time.perf_counter()
    parquet_export(db)
    return time.perf_counter() - start


def run(demo_dir: Path) -> dict[str, dict]:
    from bench.indicators_bench import _store

    full = _store(demo_dir)
    figures: dict[str, dict] = {}
    export_s = _export(full)
    duck = _run_child("duckdb", full, "all")
    spark = _run_child("spark", full, "all")
    figures |= _figures("full_demo", f"full demo, {YEAR}", duck, spark, export_s)

    if not SIMULATED.exists():
        build_simulated(full, SIMULATED)
    import duckdb

    with duckdb.connect(str(SIMULATED), read_only=True) as con:
        rows = con.execute("SELECT count(*) FROM current_personeel").fetchone()[0]  # type: ignore[index]
    export_s = _export(SIMULATED)
    duck = _run_child("duckdb", SIMULATED, "personnel")
    spark = _run_child("spark", SIMULATED, "personnel")
    figures |= _figures(
        "personnel_10y", f"§5.1 over {rows:,} monthly records (10 years)", duck, spark, export_s
    )
    figures["spark.personnel_10y.rows"] = {"value": float(rows), "unit": "rows", "goal": "~18 M"}
    return figures


if __name__ == "__main__":
    child(*sys.argv[1:4])

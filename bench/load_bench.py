"""Issues 3 and 19: validate + load throughput of one year of the full personnel theme (CSV).

Compared with DuckDB's own ``read_csv`` of the same file into a table (the practical
limit; goal: at least 0.8 × its rate) and with ``frictionless validate`` using the
published schema. Each side runs in a process of its own (peak memory: ru_maxrss),
interleaved over ``RUNS`` rounds on the same machine; the median round is reported.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb

from . import figure

PREFIX = "load."
FRICTIONLESS_ROWS = 200_000  # frictionless is sampled; its rate is rows/s on this prefix
RUNS = 5  # the machine is shared: the median of five interleaved rounds


def _personnel_csv(demo_dir: Path) -> Path:
    from jbr.api import demo_files

    files = demo_files(demo_dir, "full")
    return next(f for f in files if f.name == "personeel_2024.csv")


def _count_rows(path: Path) -> int:
    con = duckdb.connect()
    n = con.execute("SELECT count(*) FROM read_csv(?, header=true)", [str(path)]).fetchone()[0]
    con.close()
    return int(n)


_BASELINE = """
import json, resource, sys, time, duckdb
con = duckdb.connect(sys.argv[2])
start = time.perf_counter()
con.execute("CREATE TABLE t AS SELECT * FROM read_csv(?)", [sys.argv[1]])
con.execute("CHECKPOINT")
elapsed = time.perf_counter() - start
con.close()
print(json.dumps({"seconds": elapsed,
                  "maxrss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
"""

# The child imports what a load uses before the clock starts (DuckDB imports pandas the
# first time it reads an Arrow table): start-up is not throughput, and the baseline's
# child has DuckDB loaded too.
_CHILD = """
import json, resource, sys, time
import pandas, pyarrow.csv
from jbr.store.load import load_files
start = time.perf_counter()
[o] = load_files([sys.argv[1]], sys.argv[2], supplier="bench")
elapsed = time.perf_counter() - start
print(json.dumps({"status": o.status, "rows": o.rows, "seconds": elapsed,
                  "maxrss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
"""


def _child(code: str, path: Path, db: Path) -> dict:
    """Seconds and peak memory of ``code`` in a process of its own, into a new store."""
    db.unlink(missing_ok=True)
    out = subprocess.run(
        [sys.executable, "-c", code, str(path), str(db)],
        capture_output=True,
        text=True,
        check=True,
    )
    db.unlink(missing_ok=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def _frictionless(path: Path, work: Path) -> float:
    """Seconds per row of ``frictionless validate`` with our published schema."""
    from frictionless import Dialect, Resource, Schema, formats

    from jbr.deliveries.schema import table_schema
    from jbr.deliveries.themes import THEMES

    sample = work / "sample.csv"
    with path.open("r", encoding="utf-8-sig") as src, sample.open("w", encoding="utf-8") as dst:
        for i, line in enumerate(src):
            if i > FRICTIONLESS_ROWS:
                break
            dst.write(line)
    descriptor = table_schema(THEMES["personeel"])
    for field in descriptor["fields"]:
        if field["type"] == "number":
            field["decimalChar"] = ","  # the file uses the Dutch decimal comma
    dialect = Dialect(controls=[formats.CsvControl(delimiter=";")])
    # Frictionless only opens paths below its basepath ("not safe" otherwise).
    resource_ = Resource(
        path=sample.name,
        basepath=str(work),
        schema=Schema.from_descriptor(descriptor),
        dialect=dialect,
    )
    start = time.perf_counter()
    report = resource_.validate(limit_errors=10_000_000)
    elapsed = time.perf_counter() - start
    rows = report.tasks[0].stats.get("rows")
    if not rows:
        raise RuntimeError(
            f"frictionless did not validate the sample: {report.flatten(['message'])[:3]}"
        )
    return elapsed / rows


def run(demo_dir: Path) -> dict[str, dict]:
    path = _personnel_csv(demo_dir)
    rows = _count_rows(path)
    rounds: list[tuple[dict, dict]] = []
    with tempfile.TemporaryDirectory(prefix="jbr_bench_") as tmp:
        work = Path(tmp)
        for _ in range(RUNS):  # interleaved: both sides see the same machine
            base = _child(_BASELINE, path, work / "baseline.duckdb")
            ours = _child(_CHILD, path, work / "store.duckdb")
            assert ours["status"] == "stored", ours
            rounds.append((base, ours))
        per_row_fl = _frictionless(path, work)
    load = os.getloadavg()[0]
    # The median round by the ratio: one disturbed run does not decide the figure.
    rounds.sort(key=lambda r: r[0]["seconds"] / r[1]["seconds"])
    base, ours = rounds[len(rounds) // 2]
    ratios = ", ".join(f"{b['seconds'] / o['seconds']:.2f}" for b, o in rounds)
    note = (
        f"median of {RUNS} interleaved rounds (ratios {ratios}); {rows:,} rows; "
        f"load average {load:.1f} on {os.cpu_count()} cores"
    )
    jbr_rate = rows / ours["seconds"]
    base_rate = rows / base["seconds"]
    return {
        "load.personnel_full.rows_per_s": figure(
            jbr_rate,
            "rows/s",
            ">= 0.8 x duckdb read_csv",
            base_rate,
            "DuckDB read_csv into a table",
            note,
        ),
        "load.personnel_full.seconds": figure(
            ours["seconds"], "s", None, base["seconds"], "DuckDB read_csv into a table", note
        ),
        "load.personnel_full.vs_frictionless": figure(
            jbr_rate,
            "rows/s",
            ">= 20 x frictionless validate",
            1 / per_row_fl,
            f"frictionless validate, first {FRICTIONLESS_ROWS:,} rows",
        ),
        "load.personnel_full.peak_memory_mb": figure(
            ours["maxrss_kb"] / 1024,
            "MB",
            "< 1024",
            base["maxrss_kb"] / 1024,
            "DuckDB read_csv into a table",
        ),
    }

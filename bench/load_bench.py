"""Issue 3: validate + load throughput of one year of the full personnel theme (CSV).

Compared with DuckDB's own ``read_csv`` of the same file into a table (the
practical limit) and with ``frictionless validate`` using the published schema.
Peak memory of the load is measured in a child process (ru_maxrss).
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb

PREFIX = "load."
FRICTIONLESS_ROWS = 200_000  # frictionless is sampled; its rate is rows/s on this prefix


def _personnel_csv(demo_dir: Path) -> Path:
    from jbr.api import demo_files

    files = demo_files(demo_dir, "full")
    return next(f for f in files if f.name == "personeel_2024.csv")


def _count_rows(path: Path) -> int:
    con = duckdb.connect()
    n = con.execute("SELECT count(*) FROM read_csv(?, header=true)", [str(path)]).fetchone()[0]
    con.close()
    return int(n)


def _duckdb_baseline(path: Path, work: Path) -> float:
    con = duckdb.connect(str(work / "baseline.duckdb"))
    start = time.perf_counter()
    con.execute("CREATE TABLE t AS SELECT * FROM read_csv(?)", [str(path)])
    con.execute("CHECKPOINT")
    elapsed = time.perf_counter() - start
    con.close()
    return elapsed


# The child imports what a load uses before the clock starts (DuckDB imports pandas the
# first time it reads an Arrow table): start-up is not throughput, and the baseline runs
# in a process that has DuckDB loaded too.
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


def _jbr_load(path: Path, work: Path) -> dict:
    out = subprocess.run(
        [sys.executable, "-c", _CHILD, str(path), str(work / "store.duckdb")],
        capture_output=True,
        text=True,
        check=True,
    )
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
    with tempfile.TemporaryDirectory(prefix="jbr_bench_") as tmp:
        work = Path(tmp)
        base_s = _duckdb_baseline(path, work)
        child = _jbr_load(path, work)
        assert child["status"] == "stored", child
        per_row_fl = _frictionless(path, work)
    jbr_rate = rows / child["seconds"]
    base_rate = rows / base_s
    fl_rate = 1 / per_row_fl
    return {
        "load.personnel_full.rows": {"value": rows, "unit": "rows", "goal": None},
        "load.personnel_full.rows_per_s": {
            "value": jbr_rate,
            "unit": "rows/s",
            "goal": ">= 0.8 x duckdb read_csv",
            "baseline": base_rate,
            "ratio": jbr_rate / base_rate,
        },
        "load.personnel_full.vs_frictionless": {
            "value": jbr_rate,
            "unit": "rows/s",
            "goal": ">= 20 x frictionless validate",
            "baseline": fl_rate,
            "ratio": jbr_rate / fl_rate,
        },
        "load.personnel_full.peak_memory_mb": {
            "value": child["maxrss_kb"] / 1024,
            "unit": "MB",
            "goal": "< 1024",
        },
        "load.personnel_full.seconds": {
            "value": child["seconds"],
            "unit": "s",
            "goal": None,
            "baseline": base_s,
            "ratio": child["seconds"] / base_s,
        },
    }

"""Issues 7 and 19: `jbr build` of the full demo from an empty store, against its floor.

(a) The build: the real command (``python -m jbr.cli build``) in a process of its own,
    so the total includes start-up and imports as a user sees them. The split per stage
    (load, indicators, render, and within render the time the build waited for the PDF
    worker; the site) comes from the timings the build records in ``out/build.json``.
(b) Its floor, measured in the same run on the same machine: DuckDB reading every demo
    delivery file into plain tables, no checks (CSV with ``read_csv``, Parquet with
    ``read_parquet``; DuckDB has no built-in xlsx reader, so the sheets go through
    calamine, the Rust reader jbr uses, into DuckDB tables), plus WeasyPrint laying out
    the build's own ``rapport.html`` and ``publieksversie.html``, each alone.

Goal: (a) ≤ 1.2 × (b). The rounds interleave floor and build; the round with the median
ratio is reported, every round's ratio in the note. After each build: a rebuild with
nothing changed (goal < 10 s). The build after one corrected delivery is measured by
``incremental_bench.py``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from . import figure

PREFIX = "build."
RUNS = 2
FLOOR = 1.2  # goal: the build within this factor of its floor

_FLOOR_READ = """
import json, sys, time
from pathlib import Path
import duckdb, pyarrow as pa
from python_calamine import CalamineWorkbook
files = [Path(p) for p in json.loads(sys.argv[1])]
con = duckdb.connect(sys.argv[2])
start = time.perf_counter()
for i, f in enumerate(files):
    suffix = f.suffix.lower()
    if suffix == ".csv":
        con.execute(f"CREATE TABLE t{i} AS SELECT * FROM read_csv(?)", [str(f)])
    elif suffix == ".parquet":
        con.execute(f"CREATE TABLE t{i} AS SELECT * FROM read_parquet(?)", [str(f)])
    else:
        book = CalamineWorkbook.from_path(str(f))
        for j, name in enumerate(book.sheet_names):
            rows = book.get_sheet_by_name(name).to_python()
            if not rows:
                continue
            columns = {
                f"c{k}": pa.array([None if k >= len(r) or r[k] == "" else str(r[k])
                                   for r in rows[1:]], pa.string())
                for k in range(len(rows[0]))
            }
            con.register("sheet", pa.table(columns))
            con.execute(f"CREATE TABLE t{i}_{j} AS SELECT * FROM sheet")
            con.unregister("sheet")
con.execute("CHECKPOINT")
con.close()
print(json.dumps({"seconds": time.perf_counter() - start}))
"""

_FLOOR_PDF = """
import json, sys, time
from pathlib import Path
import weasyprint
from jbr.publish.pdf import html_to_pdf
out, work = Path(sys.argv[1]), Path(sys.argv[2])
seconds = {}
for name in ("rapport", "publieksversie"):
    html = (out / f"{name}.html").read_text(encoding="utf-8")
    start = time.perf_counter()
    html_to_pdf(html, work / f"{name}.pdf", base_url=str(out))
    seconds[name] = time.perf_counter() - start
print(json.dumps(seconds))
"""


def _child(code: str, *args: str) -> dict:
    done = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, check=True
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def _build(
    demo_dir: Path, out: Path, demo: bool = True, config: Path | None = None
) -> tuple[float, dict]:
    """Wall seconds of one `jbr build` and the stage seconds it recorded."""
    command = [sys.executable, "-m", "jbr.cli", "build", "--out", str(out), "--db",
               str(out / "jbr.duckdb"), "--demo-dir", str(demo_dir)]  # fmt: skip
    if demo:
        command.append("--demo")  # as `make run`: the demo loaded (or found unchanged)
    if config is not None:
        command += ["--config", str(config)]
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    manifest = json.loads((out / "build.json").read_text(encoding="utf-8"))
    return elapsed, manifest


def _load(db: Path, path: Path) -> float:
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "jbr.cli", "load", "--db", str(db), str(path)],
        check=True,
        capture_output=True,
        text=True,
    )
    return time.perf_counter() - start


def run(demo_dir: Path) -> dict[str, dict]:
    from jbr.api import demo_files

    files = demo_files(demo_dir, "full")  # generated once, outside the measurement
    rounds: list[dict] = []
    for _ in range(RUNS):
        with tempfile.TemporaryDirectory(prefix="jbr_bench_build_") as tmp:
            work = Path(tmp)
            read = _child(
                _FLOOR_READ, json.dumps([str(f) for f in files]), str(work / "floor.duckdb")
            )
            (work / "floor.duckdb").unlink()
            out = work / "out"
            total, manifest = _build(demo_dir, out)
            layout = _child(_FLOOR_PDF, str(out), str(work))
            rebuild, again = _build(demo_dir, out)
            if again["built_at"] != manifest["built_at"]:
                raise RuntimeError("the rebuild with nothing changed rebuilt the publications")
            rounds.append(
                {
                    "total": total,
                    "seconds": manifest["seconds"],
                    "floor_read": read["seconds"],
                    "floor_pdf": layout["rapport"] + layout["publieksversie"],
                    "floor_rapport": layout["rapport"],
                    "rebuild": rebuild,
                }
            )
    for r in rounds:
        r["floor"] = r["floor_read"] + r["floor_pdf"]
        r["ratio"] = r["total"] / r["floor"]
    rounds.sort(key=lambda r: r["ratio"])
    best = rounds[len(rounds) // 2]
    load_avg = os.getloadavg()[0]
    ratios = ", ".join(f"{r['ratio']:.2f}" for r in rounds)
    totals = ", ".join(f"{r['total']:.1f}" for r in rounds)
    note = (
        f"median round of {RUNS} by ratio (ratios {ratios}; builds {totals} s); "
        f"load average {load_avg:.1f} on {os.cpu_count()} cores"
    )
    s = best["seconds"]
    floor_of = "floor: DuckDB reads every demo file + WeasyPrint lays out both PDFs"
    figures = {
        "build.full.total_s": figure(
            best["total"], "s", f"<= {FLOOR} x floor", best["floor"], floor_of, note
        ),
        "build.floor.total_s": figure(
            best["floor"],
            "s",
            None,
            best["total"],
            "the full build",
            f"read {best['floor_read']:.1f} s + layout {best['floor_pdf']:.1f} s",
        ),
        "build.full.load_s": figure(
            s["load"], "s", None, best["floor_read"], "DuckDB reads every demo file, no checks"
        ),
        "build.full.indicators_s": figure(s["indicators"], "s", "<= 15"),
        "build.full.render_s": figure(
            s["render"], "s", None, best["floor_pdf"], "WeasyPrint lays out both PDFs alone"
        ),
        "build.full.rebuild_unchanged_s": figure(best["rebuild"], "s", "< 10"),
    }
    # Within render: the report's HTML, its PDF (laid out in the worker process while the
    # build writes the rest) and what the build waited for it.
    notes = {
        "render_html": ("rapport.html", None),
        "render_pdf": ("rapport.pdf and publieksversie.pdf, in the PDF worker", "floor_pdf"),
        "render_pdf_wait": ("time the build waited for the PDF worker", None),
        "render_public": ("publieksversie.html (its PDF: in the PDF worker)", None),
        "charts": ("every chart to SVG (vl-convert)", None),
    }
    s = dict(s, site=sum(v for k, v in s.items() if k.startswith("site_") or k == "opendata"))
    notes["site"] = ("site/ and opendata/", None)
    for stage, (what, against) in notes.items():
        if stage in s:
            figures[f"build.full.{stage}_s"] = figure(
                s[stage],
                "s",
                None,
                best[against] if against else None,
                "WeasyPrint lays out both PDFs alone" if against else None,
                what,
            )
    return figures

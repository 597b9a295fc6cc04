"""Issue 8: writing ``site/`` and ``opendata/`` for the full demo with every year published.

``site.cold_s``: into an empty output directory (every chart drawn, every spreadsheet
and page written); ``site.warm_s``: again over that output (what ``jbr build`` does
after a publication that changed nothing: the site is updated in place and every page,
chart and table is kept). ``site.static_pages`` includes a page per ministry figure.
The whole ``jbr build`` must stay under 90 s, so the site's share has a goal of 30 s cold.
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

from jbr import api
from jbr.store.access.published import published_years

from .indicators_bench import _store as full_store

PREFIX = "site."
YEARS = range(2017, 2025)
WORK = Path("out/site_bench")


def _published(demo_dir: Path) -> Path:
    """The full demo store with every demo year published (built once, then reused)."""
    db = WORK / "jbr.duckdb"
    if not (db.exists() and set(YEARS) <= set(published_years(db))):
        WORK.mkdir(parents=True, exist_ok=True)
        shutil.copy(full_store(demo_dir), db)
        for year in YEARS:
            api.review_override(year, "bench: no review", db=db, by="bench")
            api.publish(year, db=db, by="bench", without_text=True, reason="bench: figures only")
    return db


def run(demo_dir: Path) -> dict[str, dict]:
    from jbr.publish.site.write import write_site

    db = _published(demo_dir)
    out = WORK / "out"
    shutil.rmtree(out, ignore_errors=True)
    load = os.getloadavg()[0]
    cold: dict[str, float] = {}
    start = time.perf_counter()
    write_site(db, out, timings=cold)
    cold_s = time.perf_counter() - start
    warm: dict[str, float] = {}
    start = time.perf_counter()
    write_site(db, out, timings=warm)
    warm_s = time.perf_counter() - start
    pages = sum(1 for _ in (out / "site").rglob("index.html"))
    note = f"load average {load:.1f} on {os.cpu_count()} cores"
    return {
        "site.cold_s": {"value": cold_s, "unit": "s", "goal": "< 30", "note": note},
        "site.warm_s": {"value": warm_s, "unit": "s", "goal": "< 10", "note": note},
        "site.pages_s": {"value": cold["site_pages"], "unit": "s", "note": "cold, in parallel"},
        "site.opendata_s": {"value": cold["opendata"], "unit": "s"},
        "site.static_pages": {"value": pages, "unit": "pages"},
    }

"""Issue 19: `jbr build` after one corrected delivery, on the full demo.

The full demo built from an empty store (as ``make run``), then the Woo requests of one
ministry for one year delivered again (``correction.corrected_woo``: one theme, one
ministry, one year) and ``jbr build`` run again into the same folder: the build a
JBR team runs every day in the weeks before publication. It builds with the team's text
and letterhead as the first build did: the demo's ``jbr.toml`` (``--config``), which the
first build took because of ``--demo``; without it the second build would be a concept
without text, every page of it different. Baseline: that build before
issue 19 (48 s, measured on this machine: as long as a build after a change everywhere).
Goal: under 10 s. Every command runs in a process of its own, as a user runs it.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from . import figure
from .build_bench import _build, _load
from .correction import corrected_woo

PREFIX = "incremental."
BEFORE_S = 48.0  # issue 19: the build after one corrected Woo delivery, before
BEFORE_LOAD_S = 0.8  # issue 19: loading that delivery
BEFORE_INDICATORS_S = 12.7  # issue 19: the indicators stage of that build


def run(demo_dir: Path) -> dict[str, dict]:
    from jbr.api import demo_files
    from jbr.publish.text.editorial import demo_project

    files = demo_files(demo_dir, "full")  # generated once, outside the measurement
    with tempfile.TemporaryDirectory(prefix="jbr_bench_incremental_") as tmp:
        work = Path(tmp)
        out = work / "out"
        full, _ = _build(demo_dir, out)
        load_s = _load(out / "jbr.duckdb", corrected_woo(files, work))
        incremental, manifest = _build(
            demo_dir, out, demo=False, config=demo_project() / "jbr.toml"
        )
    s = manifest["seconds"]
    stages = ", ".join(
        f"{k} {s[k]:.1f}"
        for k in ("indicators", "figures", "charts", "render_html", "render_public",
                  "render_tables", "render_pdf", "render_pdf_wait", "site_pages", "total")
        if k in s
    )  # fmt: skip
    load_avg = os.getloadavg()[0]
    note = f"load average {load_avg:.1f} on {os.cpu_count()} cores"
    return {
        "incremental.build_s": figure(
            incremental,
            "s",
            "< 10",
            BEFORE_S,
            "the same build before issue 19",
            f"jbr build after one corrected delivery (Woo requests of FIN 2024); stages {stages}; "
            + note,
        ),
        "incremental.correction_load_s": figure(
            load_s, "s", None, BEFORE_LOAD_S, "the same load before issue 19", note
        ),
        "incremental.full_build_s": figure(
            full,
            "s",
            None,
            None,
            None,
            f"the build before it, from an empty store (the incremental build is "
            f"{incremental / full:.2f} x this); {note}",
        ),
        "incremental.indicators_s": figure(
            s.get("indicators", 0.0),
            "s",
            None,
            BEFORE_INDICATORS_S,
            "the indicators of the same build before issue 19",
            "only the computations whose source themes the correction delivers run",
        ),
    }

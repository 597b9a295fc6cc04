"""The indicators computed on two cores (issue 19, ``jbr/indicators/sharing.py``).

The helper process (the build's PDF worker) and this one each compute part of what the
cache cannot give; the build's ordinary pass then takes every result as a kept one. What
must hold: the figures, footnotes, findings and listings are exactly those of computing
alone, both processes did part of the work, the helper lets go of the store, and a dead
helper costs time, not figures.
"""

from __future__ import annotations

import os
import shutil
import signal
from pathlib import Path
from typing import Any

import pytest

from jbr.indicators import sharing
from jbr.indicators.cache import cache_file, compute_years_reusing, open_cache

pytestmark = pytest.mark.slow


@pytest.mark.parametrize(
    "names, jobs, why",
    [
        (
            ["housing_stock", "personnel_flows", "ict_flows", "woo_requests"],
            [["personnel_flows", "ict_flows"], ["housing_stock"], ["woo_requests"]],
            "the flows share their monthly table: one job, and the longest goes first",
        ),
        (
            ["energy", "procurement", "travel", "climate"],
            [["energy", "travel", "climate"], ["procurement"]],
            "climate uses energy and travel: one job, at the place of its first",
        ),
        (["woo_requests", "ai_register"], [["woo_requests"], ["ai_register"]], "alone"),
        (["ict_flows"], [["ict_flows"]], "a group of which one computation is to be done"),
    ],
)
def test_jobs(names, jobs, why):
    assert sharing.jobs_of(names) == jobs, why


def _store(demo_build: tuple[Path, Any], folder: Path) -> Path:
    """A copy of the small demo's store, without kept results."""
    root, _ = demo_build
    folder.mkdir()
    store = folder / "jbr.duckdb"
    shutil.copy(root / "s.duckdb", store)
    return store


def _compute(store: Path, helper: Any) -> tuple[str, Any, Any, dict[str, Any]]:
    from jbr.indicators.computing import open_context

    cache_file(store).unlink(missing_ok=True)
    ctx = open_context(store)
    try:
        values, listed = compute_years_reusing(ctx, None, store, {"engine": "duckdb"}, helper)
    finally:
        ctx.close()
    return repr(values), ctx.notes, ctx.findings, listed


@pytest.fixture(scope="module")
def alone(demo_build, tmp_path_factory):
    return _compute(_store(demo_build, tmp_path_factory.mktemp("alone") / "s"), None)


def _warm_worker() -> Any:
    from jbr.publish.pdf import PdfWorker, _warm_indicators

    worker = PdfWorker()
    helper = worker.helper()
    assert helper is not None
    helper[0].submit(_warm_indicators).result()  # warm: it takes the first job at once
    return worker, helper


def test_shared_figures_are_those_computed_alone(demo_build, tmp_path, alone):
    import duckdb

    from jbr.indicators.computing import open_context, store_years

    store = _store(demo_build, tmp_path / "s")
    worker, helper = _warm_worker()
    try:
        ctx = open_context(store)
        ctx.years = tuple(store_years(ctx))
        ctx.results = open_cache(store, ctx, {"engine": "duckdb"})
        names = sharing.to_compute(ctx)
        here = sharing.share(ctx, str(store), {"engine": "duckdb"}, *helper)
        # both did part: this process from the back, the helper the flows at the front
        assert 0 < here < len(names)
        assert all((n, y) in ctx.results.stored for n in names for y in ctx.years)
        ctx.close()
        # the helper let go of the store: this process can write to it again
        duckdb.connect(str(store)).close()
        values, notes, findings, listed = _compute(store, helper)
    finally:
        worker.close()
    want_values, want_notes, want_findings, want_listed = alone
    assert values == want_values
    assert notes == want_notes and findings == want_findings
    assert listed.keys() == want_listed.keys()
    for name, frame in want_listed.items():
        assert frame.equals(listed[name]), name


def test_a_dead_helper_costs_time_not_figures(demo_build, tmp_path, alone):
    from jbr.publish.pdf import worker_pid

    store = _store(demo_build, tmp_path / "s")
    worker, (pool, on_broken) = _warm_worker()
    told: list[str] = []

    def broken() -> None:
        told.append("broken")
        on_broken()

    pid = worker_pid()
    assert pid is not None
    os.kill(pid, signal.SIGKILL)
    try:
        values, notes, findings, _ = _compute(store, (pool, broken))
    finally:
        worker.close()
    assert told == ["broken"]
    assert (values, notes, findings) == alone[:3]


def test_no_intermediate_is_shared_between_jobs_unseen(demo_build, tmp_path):
    # Two computations in different jobs that use the same intermediate (Context.memo)
    # would each compute it, one in each process: the TOGETHER groups exist for that.
    # Only lookups of a few milliseconds may be shared (measured on the full demo).
    from jbr.indicators import engine
    from jbr.indicators.computing import compute, open_context, store_years

    cheap = {
        "person_successors",  # who went where at a split: 0,03 s
        "register_years",  # the years of the building register: 0,01 s
        "vacancies",  # the vacancy rows: 0,03 s
    }
    store = _store(demo_build, tmp_path / "s")
    ctx = open_context(store)
    ctx.years = tuple(store_years(ctx))
    users: dict[str, set[str]] = {}
    computing: list[str] = []
    real_compute, real_memo = engine.Context._compute, engine.Context.memo

    def tracked_compute(self, name, year):
        computing.append(name)
        try:
            return real_compute(self, name, year)
        finally:
            computing.pop()

    def tracked_memo(self, name, year, make):
        if computing and not name.startswith("rows:") and name not in engine.COMPUTATIONS:
            users.setdefault(name, set()).add(computing[-1])
        return real_memo(self, name, year, make)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(engine.Context, "_compute", tracked_compute)
        patch.setattr(engine.Context, "memo", tracked_memo)
        for year in ctx.years:
            compute(ctx, year)
    ctx.close()
    job = {n: i for i, j in enumerate(sharing.jobs_of(sorted(engine.COMPUTATIONS))) for n in j}
    shared = {m for m, who in users.items() if len({job[w] for w in who}) > 1}
    assert users and shared <= cheap, shared - cheap


def test_charts_drawn_on_both_cores_are_those_drawn_here():
    # draw_shared asks make() which charts it would draw (drawing none), draws half in the
    # worker and half here, and svg() then finds each: the same SVG as drawn here alone.
    from jbr.publish.charts import render

    specs = [
        {
            "data": {"values": [{"jaar": y, "waarde": y * n} for y in range(2020, 2025)]},
            "mark": "line",
            "encoding": {
                "x": {"field": "jaar", "type": "ordinal"},
                "y": {"field": "waarde", "type": "quantitative"},
            },
        }
        for n in range(1, 5)
    ]
    names = [f"Proefgrafiek {n}" for n in range(1, 5)]
    render._DRAWN.clear()
    asked: list[str] = []

    def make() -> None:
        for spec, name in zip(specs, names, strict=True):
            asked.append(render.svg(spec, name, "nl"))

    worker, (pool, _) = _warm_worker()
    try:
        render.draw_shared(make, pool)
    finally:
        worker.close()
    assert asked == [""] * 4  # asked for, not drawn, while make() ran
    assert len(render._DRAWN) == 4
    for spec, name in zip(specs, names, strict=True):
        shared = render.svg(spec, name, "nl")  # kept by draw_shared
        assert shared == render._draw(spec, name, "nl") and f"<title>{name}</title>" in shared

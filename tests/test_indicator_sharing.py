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
from functools import partial
from pathlib import Path
from typing import Any

import pytest

from jbr.indicators import sharing
from jbr.indicators.cache import compute_years_reusing, open_cache

from .worlds import copy_world

pytestmark = pytest.mark.slow
OPTIONS = {"engine": "duckdb"}


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


def _warm_worker() -> Any:
    from jbr.publish.pdf import PdfWorker, _warm_indicators

    worker = PdfWorker()
    helper = worker.helper()
    assert helper is not None
    helper[0].submit(_warm_indicators).result()  # warm: it takes the first job at once
    return worker, helper


def _figures(ctx: Any, listed: dict[str, Any], values: dict[int, Any]) -> tuple[Any, ...]:
    return repr(values), ctx.notes, ctx.findings, {k: v.to_dict() for k, v in listed.items()}


@pytest.fixture(scope="module")
def dead(demo_build, tmp_path_factory):
    """The small demo computed with a helper that was killed before: (figures, what the
    build was told)."""
    from jbr.indicators.computing import open_context
    from jbr.publish.pdf import worker_pid

    store = _store(demo_build, tmp_path_factory.mktemp("dead") / "s")
    worker, (pool, on_broken) = _warm_worker()
    told: list[str] = []

    def broken() -> None:
        told.append("broken")
        on_broken()

    pid = worker_pid()
    assert pid is not None
    os.kill(pid, signal.SIGKILL)
    ctx = open_context(store)
    try:
        fill = partial(sharing.share, db=str(store), options=OPTIONS, helper=(pool, broken))
        values, listed = compute_years_reusing(ctx, None, store, OPTIONS, fill)
    finally:
        ctx.close()
        worker.close()
    return _figures(ctx, listed, values), told


def test_a_dead_helper_costs_time_not_figures(demo_build, tmp_path, dead):
    # The figures are those of the demo's own build (computed alone, kept beside its
    # store: reused here, footnotes and findings replayed).
    from jbr.indicators.computing import open_context

    figures, told = dead
    assert told == ["broken"]
    world = copy_world(demo_build[0], tmp_path / "world")
    ctx = open_context(world / "s.duckdb")
    try:
        values, listed = compute_years_reusing(ctx, None, world / "s.duckdb", OPTIONS)
    finally:
        ctx.close()
    assert figures == _figures(ctx, listed, values)


def test_shared_figures_are_those_computed_alone(demo_build, tmp_path, dead):
    import duckdb

    from jbr.indicators.computing import compute, listings, open_context, store_years

    store = _store(demo_build, tmp_path / "s")
    worker, helper = _warm_worker()
    try:
        ctx = open_context(store)
        ctx.years = tuple(store_years(ctx))
        ctx.results = open_cache(store, ctx, OPTIONS)
        names = sharing.to_compute(ctx)
        here = sharing.share(ctx, str(store), OPTIONS, helper)
        # both did part: this process from the back, the helper the flows at the front
        assert 0 < here < len(names)
        assert all((n, y) in ctx.results.stored for n in names for y in ctx.years)
        # the ordinary pass (compute_years_reusing's): every result taken as kept
        values = {y: compute(ctx, y) for y in ctx.years}
        listed = listings(ctx, max(ctx.years))
        ctx.close()
        # the helper let go of the store: this process can write to it again
        duckdb.connect(str(store)).close()
    finally:
        worker.close()
    assert _figures(ctx, listed, values) == dead[0]


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

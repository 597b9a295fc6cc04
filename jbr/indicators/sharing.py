"""The indicators computed on two cores: a helper process and this one fill in results,
then the build's ordinary pass takes them as kept results (issue 19).

A build computes every computation for every year on one DuckDB thread (figures that are
the same to the last digit, build after build: ``computing.open_context``), ~10 s on the
full demo while the second core waits. The results cache (``cache.py``) already knows how
to take a computation's rows from elsewhere and replay its footnotes and findings at the
point in the build where they would have happened. So before the ordinary pass:

1. every computation the cache cannot give goes, as a job of its own (all years of it,
   as ``compute`` asks for them), to the helper process (the build's PDF worker, idle
   until the report is laid out), which opens the store read-only on one thread too;
2. this process takes the jobs the helper has not begun, from the back of the list while
   the helper works from the front, and computes them in a context of its own (so
   nothing reaches the build's context out of order);
3. every result, from either process, goes into the cache as if the last build had left
   it, and the ordinary pass (``compute`` per year, in catalogue order) takes them all.

The figures, footnotes and findings are then exactly a sequential build's (the
incremental tests compare builds byte for byte). A job that fails in the helper, or a
helper that dies, leaves its computation to the ordinary pass. The helper lets go of the
store before the build goes on.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .cache import Entry, ResultCache, open_cache
from .catalogue import catalogue

# Computations that share intermediate results go to one process together: apart, both
# processes would compute them. The monthly flows table (personnel/flows.py, memo
# "flows") is 4,4 s of the full demo's 10 s and serves both flow computations (the first
# group: the longest job); climate uses the energy and travel results, and its
# projection climate's and the flight routes.
# tests/test_indicator_sharing.py checks that no other intermediate is shared unseen.
TOGETHER: tuple[frozenset[str], ...] = (
    frozenset({"personnel_flows", "ict_flows"}),
    frozenset({"energy", "energy_saving", "travel", "climate", "climate_projection"}),
)

# In the helper process: the context of the build it works for (one build at a time).
_HELPER: dict[str, Any] = {}


def _helper_context(token: str, db: str, options: dict[str, Any], years: list[int]) -> Any:
    from .computing import open_context

    if _HELPER.get("token") != token:
        _release_helper()
        ctx = open_context(db, options["engine"])
        ctx.years = tuple(years)
        ctx.results = open_cache(Path(db), ctx, options)
        _HELPER.update(token=token, ctx=ctx, sent=set())
    return _HELPER["ctx"]


def fill(
    token: str, db: str, options: dict[str, Any], years: list[int], names: list[str]
) -> dict[tuple[str, int], Entry]:
    """In the helper: computations ``names`` for every year as the build asks for them;
    the results it computed (with those they used) that were not sent before."""
    ctx = _helper_context(token, db, options, years)
    _fill(ctx, years, names)
    sent: set[tuple[str, int]] = _HELPER["sent"]
    new = {k: e for k, e in ctx.results.entries.items() if k not in sent}
    sent.update(new)
    return new


def release(token: str) -> None:
    """In the helper: the build's context closed (the store let go of)."""
    if _HELPER.get("token") == token:
        _release_helper()


def _release_helper() -> None:
    ctx = _HELPER.pop("ctx", None)
    _HELPER.clear()
    if ctx is not None:
        ctx.close()


def _fill(ctx: Any, years: list[int], names: list[str]) -> None:
    """Computations ``names`` for every year, as ``compute`` asks for them (baselines too)."""
    from .computing import compute

    ids = [ind.id for ind in catalogue() if ind.computation in names]
    for year in years:
        compute(ctx, year, ids)


def jobs_of(names: list[str]) -> list[list[str]]:
    """``names`` (in catalogue order) as jobs: the computations of a ``TOGETHER`` group in
    one, at the place of its first; every other computation alone. The first group (the
    longest job) goes first: the helper, which begins at the front, starts on it at once
    and this process takes the short ones from the back."""
    jobs: list[list[str]] = []
    for name in names:
        group = next((g for g in TOGETHER if name in g), None)
        job = None if group is None else next((j for j in jobs if j[0] in group), None)
        if job is None:
            jobs.append([name])
        else:
            job.append(name)
    longest = [j for j in jobs if j[0] in TOGETHER[0]]
    return longest + [j for j in jobs if j not in longest]


def to_compute(ctx: Any) -> list[str]:
    """The computations, in catalogue order, that the cache cannot give for some year."""
    cache: ResultCache = ctx.results
    names: list[str] = []
    for ind in catalogue():
        if ind.computation in names:
            continue
        if not all(cache.reusable((ind.computation, y)) for y in ctx.years):
            names.append(ind.computation)
    return names


def share(ctx: Any, db: str, options: dict[str, Any], helper: tuple[Any, Any]) -> int:
    """Fill ``ctx.results`` with every computation it lacks, computed by the helper's
    process (``helper``: its one-process pool and what to call if that process died; its
    jobs are then left to the ordinary pass) and this one; the number this one computed."""
    import os
    from concurrent.futures.process import BrokenProcessPool

    from .engine import Context

    pool, on_broken = helper
    names = to_compute(ctx)
    if len(names) < 2:  # nothing to share
        return 0
    token = f"{os.getpid()}:{id(ctx)}:{db}"
    years = list(ctx.years)
    try:
        jobs = [(j, pool.submit(fill, token, db, options, years, j)) for j in jobs_of(names)]
    except (BrokenProcessPool, RuntimeError):
        on_broken()
        return 0
    cache: ResultCache = ctx.results
    # this process's share, in a context of its own: nothing reaches ctx out of order
    mine = Context(ctx.backend, randstad=ctx.randstad, years=ctx.years)
    mine.results = ResultCache(cache.keys, stored=cache.stored)
    done_here = 0
    # The helper takes the jobs from the front, this process from the back, until they
    # meet: which computation is long (personnel flows: half of all) is not known before,
    # and this way neither waits long for the other.
    for job_names, job in reversed(jobs):
        if not job.cancel():
            break  # the helper has begun this one, and so every one before it
        _fill(mine, years, job_names)
        done_here += len(job_names)
    found = dict(mine.results.entries)
    broken = False
    for _, job in jobs:
        if job.cancelled():
            continue
        try:
            found.update(job.result())
        except BrokenProcessPool:
            broken = True
        except Exception:  # noqa: BLE001  (the ordinary pass computes what is missing)
            continue
    helped = any(not job.cancelled() for _, job in jobs)
    if helped and not broken:  # the helper lets go of the store before the build goes on
        try:
            pool.submit(release, token).result()
        except BrokenProcessPool:
            broken = True
    if broken:
        on_broken()
    for key, entry in found.items():
        if entry.key == cache.keys.get(key[0]):
            cache.stored[key] = entry
    return done_here

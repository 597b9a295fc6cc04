"""Issue 19: a build after one corrected delivery reuses what the correction cannot change.

The indicator results of the last build are reused per computation when the current
deliveries of its source themes are the same (jbr/indicators/cache.py); the publications
are rendered again, but a file is written, a PDF laid out and a table exported only when
its content changed (jbr/publish/incremental.py). What counts is that the result is the
full build's, byte for byte: that is what these tests check, on the small demo.
"""

from __future__ import annotations

import math
import pickle
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from bench.correction import corrected_woo
from jbr import api
from jbr.indicators import catalogue, compute_years, listings, open_context
from jbr.indicators.cache import (
    LISTING,
    cache_file,
    computation_sources,
    compute_years_reusing,
    listing_sources,
)
from jbr.indicators.engine import COMPUTATIONS, LISTINGS

from .worlds import copy_world, publish_without_review

OPTIONS = {"engine": "duckdb"}


def _correct(db: Path, files: list[Path], work: Path) -> None:
    """The Woo requests of FIN 2024 delivered again, every third decided 100 days later."""
    outcomes = api.load([corrected_woo(files, work)], db=db)
    assert [o.status for o in outcomes] == ["stored"]


def _reusing(db: Path) -> tuple[dict, object]:
    ctx = open_context(db)
    try:
        values, ctx.listed = compute_years_reusing(ctx, None, db, OPTIONS)
        return values, ctx
    finally:
        ctx.backend.disconnect()


def _full(db: Path) -> tuple[dict, Any]:
    """Every year computed afresh (nothing reused), and that context with the record
    listings of the last year (``ctx.listed``)."""
    ctx = open_context(db)
    try:
        values = compute_years(ctx)
        ctx.listed = listings(ctx, max(ctx.years))
        return values, ctx
    finally:
        ctx.backend.disconnect()


@pytest.fixture(scope="module")
def files(small_demo_dir: Path) -> list[Path]:
    """The small demo's files (the shared world's: generated once per run)."""
    from jbr.api import demo_files

    return demo_files(small_demo_dir, "small")


@pytest.fixture(scope="module")
def corrected_full(files: list[Path], demo_build: tuple[Path, Any], tmp_path_factory):  # type: ignore[no-untyped-def]
    """The small demo's store after the correction of ``_correct``, every year computed
    afresh (nothing reused): (values, that context with its record listings), computed
    once for the tests that compare a reusing computation of the same state with it."""
    work = tmp_path_factory.mktemp("corrected")
    store, _ = _built(demo_build, work / "world")
    _correct(store, files, work)
    return _full(store)


@pytest.fixture
def store(small_demo_store: Path, tmp_path: Path) -> Path:
    """A copy of the small demo's store, without a cache."""
    db = tmp_path / "store.duckdb"
    shutil.copy(small_demo_store, db)
    return db


def _built(demo_build: tuple[Path, Any], target: Path) -> tuple[Path, Path]:
    """A copy of the ``demo_build`` world: the small demo's store after a full build from
    it (``s.duckdb``), with that build's indicator cache (``s.duckdb.cache``) and output
    folder (``out``, with its ``.jbr-cache``): (store, out)."""
    world = copy_world(demo_build[0], target)
    db = world / "s.duckdb"
    assert cache_file(db).is_file() and (world / "out" / "rapport.pdf").is_file()
    return db, world / "out"


def _themes_read(store: Path, run: Callable[[Any], object]) -> set[str]:
    """The themes ``run(ctx)`` asks the store for, in a fresh context (so that it builds
    its own intermediate results), with every table it asks for recorded."""
    ctx = open_context(store)
    ctx.years = (2023, 2024)
    read: set[str] = set()
    table = ctx.backend.table

    def spy(n: str, *a: object, **k: object) -> object:
        read.add(n)
        return table(n, *a, **k)

    ctx.backend.table = spy
    try:
        run(ctx)
    finally:
        ctx.backend.disconnect()
    return {t.removeprefix("current_") for t in read} - {"coverage"}


def test_declared_sources_cover_what_each_computation_reads(store: Path) -> None:
    # The cache trusts the catalogue's source themes (SPEC §5): a computation that read a
    # theme it does not declare would be reused after a correction of that theme.
    sources = computation_sources()
    assert set(sources) == set(COMPUTATIONS)
    for name in sorted(COMPUTATIONS):
        themes = _themes_read(store, lambda ctx, n=name: ctx.result(n, 2024))
        assert themes, f"{name} read no theme"  # the spy saw the reads
        assert themes <= sources[name], f"{name} reads {sorted(themes - sources[name])}"


def test_declared_sources_cover_what_each_listing_reads(store: Path) -> None:
    # The same for the record listings, kept beside the computations under the source
    # themes of the indicator they explain.
    sources = listing_sources()
    assert {n.removeprefix(LISTING) for n in sources} == set(LISTINGS)
    for name in sorted(LISTINGS):
        themes = _themes_read(store, lambda ctx, n=name: LISTINGS[n](ctx, 2024))
        declared = sources[LISTING + name]
        assert themes, f"{name} read no theme"
        assert themes <= declared, f"{name} reads {sorted(themes - declared)}"


def test_after_one_correction_only_its_computations_run_and_the_result_is_the_full_one(
    files: list[Path], demo_build: tuple[Path, Any], tmp_path: Path, corrected_full
) -> None:
    # the first build (computed everything, kept it) is the demo_build world's
    store, _ = _built(demo_build, tmp_path / "world")
    _, again = _reusing(store)
    assert again.results is None  # released after the computations
    unchanged = pickle.loads(cache_file(store).read_bytes())["entries"]

    _correct(store, files, tmp_path)
    values, ctx = _reusing(store)
    after = pickle.loads(cache_file(store).read_bytes())["entries"]
    # Only the computation whose source themes the correction delivers (woo_verzoeken)
    # has a new key; every other computation's entry is the one kept before.
    woo = {n for n, themes in computation_sources().items() if "woo_verzoeken" in themes}
    assert woo == {"woo_requests"}
    changed = {name for (name, _y), e in after.items() if unchanged[(name, _y)].key != e.key}
    assert changed == woo
    # The record listings are kept too; none explains a Woo indicator, so all are reused.
    assert {n for (n, _y) in after if n.startswith(LISTING)} == set(listing_sources())
    assert not {n for n in changed if n.startswith(LISTING)}
    # ... and what the reusing build gives is what computing everything gives (the same
    # correction of the same store, computed afresh in another copy).
    full, fresh = corrected_full
    assert repr(values) == repr(full)  # repr: an unknown value (NaN) is equal to itself
    fresh_lists = fresh.listed
    assert ctx.listed.keys() == fresh_lists.keys() and ctx.listed
    for name, frame in fresh_lists.items():
        assert frame.equals(ctx.listed[name]), name
    assert ctx.notes == fresh.notes
    assert ctx.findings == fresh.findings


def test_a_cache_of_another_store_state_is_not_used(
    files: list[Path], demo_build: tuple[Path, Any], tmp_path: Path, corrected_full
) -> None:
    store, _ = _built(demo_build, tmp_path / "world")  # the cache of a first build
    kept = pickle.loads(cache_file(store).read_bytes())
    # Make every kept figure wrong: a figure that shows up below came from the cache.
    for entry in kept["entries"].values():
        if len(entry.frame):
            entry.frame = entry.frame.assign(value=-1.0)
    cache_file(store).write_bytes(pickle.dumps(kept))
    _correct(store, files, tmp_path)  # another store state for the Woo requests
    values, _ = _reusing(store)
    requests = {i.id for i in catalogue() if i.computation == "woo_requests"}
    woo = [v for vs in values.values() for v in vs if v.indicator in requests]
    others = [v for vs in values.values() for v in vs if not v.indicator.startswith("woo.")]
    assert woo and all(v.value != -1.0 for v in woo)  # computed from the store
    assert any(v.value == -1.0 for v in others)  # same state: reused (so the test can fail)

    # A cache that is not jbr's (or half written): everything computed, no error.
    cache_file(store).write_bytes(b"not a cache")
    values, _ = _reusing(store)
    assert repr(values) == repr(corrected_full[0])


def _files(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and ".jbr-cache" not in p.parts
    }


def test_incremental_build_is_byte_identical_to_a_full_build(
    files: list[Path], demo_build: tuple[Path, Any], tmp_path: Path
) -> None:
    # The first build is the demo_build world's (a full build of this store), copied with
    # its indicator cache and its output folder; it was written in the world's folder.
    # The incremental and the full build write into the same folder (``out``, then moved
    # aside), so that a path of the output folder in a publication would be the same in
    # both; a path of the world's folder that the incremental build left in a file would
    # show up as a difference.
    store, out = _built(demo_build, tmp_path / "world")
    a = tmp_path / "incremental"
    publish_without_review(2024, store, without_text=True)  # the site and open data get pages
    _correct(store, files, tmp_path)
    incremental = api.build(out=out, db=store, demo=False)
    assert not incremental.up_to_date
    out.rename(a)
    shutil.rmtree(Path(f"{store}.cache"))  # the full build: nothing to reuse
    api.build(out=out, db=store, demo=False)
    b = out

    built_a, built_b = _files(a), _files(b)
    # build.json is the build's log (its moment and seconds), not a publication.
    for log in ("build.json",):
        built_a.pop(log), built_b.pop(log)
    assert sorted(built_a) == sorted(built_b)
    for name in ("rapport.html", "publieksversie.html", "kamerbrief.html", "rapport.pdf"):
        assert name in built_a
    assert any(n.startswith("site/") for n in built_a)
    assert any(n.startswith("opendata/") for n in built_a)
    assert any(n.startswith("tabellen/") for n in built_a)
    different = [n for n in built_a if built_a[n] != built_b[n]]
    assert different == []


def test_publishing_after_a_build_takes_its_figures_and_computes_nothing(
    demo_build: tuple[Path, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # `jbr publish` after `jbr build` of the same store publishes the figures the report
    # shows, from the build's results; the same figures as computed afresh from the store.
    from jbr.store.access.published import published_figures

    reused, _ = _built(demo_build, tmp_path / "reused")
    fresh, _ = _built(demo_build, tmp_path / "fresh")
    shutil.rmtree(Path(f"{fresh}.cache"))  # nothing to reuse
    ran: list[str] = []
    for name, run in list(COMPUTATIONS.items()):
        monkeypatch.setitem(
            COMPUTATIONS, name, lambda ctx, year, n=name, f=run: ran.append(n) or f(ctx, year)
        )
    publish_without_review(2024, reused, without_text=True)
    assert ran == []
    publish_without_review(2024, fresh, without_text=True)
    assert set(ran) == set(COMPUTATIONS)  # the spy sees what computing afresh runs
    figures, afresh = published_figures(reused, 2024), published_figures(fresh, 2024)
    assert figures and afresh and len(figures) > 1000  # every indicator, Rijk and ministries
    assert len(figures) == len(afresh)
    for a, b in zip(figures, afresh, strict=True):
        # Computed afresh, one year alone: a sum may differ in its last digits from the
        # build's, which computes all years together (211.2999999999999 against
        # 211.29999999999993 fte): the reason to publish the build's own figures.
        assert {k: v for k, v in a.items() if k != "value"} == {
            k: v for k, v in b.items() if k != "value"
        }
        assert (a["value"] is None) == (b["value"] is None), a
        assert a["value"] is None or math.isclose(a["value"], b["value"], rel_tol=1e-12), a

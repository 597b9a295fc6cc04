"""The garbage collector's pace (``jbr.collector``): a build runs at the build's pace and
gives the caller's own back, also when it fails; jbr's PDF worker runs at it for good."""

from __future__ import annotations

import gc

import pytest

from jbr.collector import BUILD_PACE, build_pace, paced


@pytest.fixture
def callers_pace():
    """A caller with a pace of its own (not Python's default, so a reset would show)."""
    before = gc.get_threshold()
    gc.set_threshold(1234, 11, 12)
    yield (1234, 11, 12)
    gc.set_threshold(*before)


def test_the_block_runs_at_the_build_pace_and_the_caller_gets_its_own_back(callers_pace):
    with build_pace():
        assert gc.get_threshold() == BUILD_PACE
    assert gc.get_threshold() == callers_pace


def test_a_failing_paced_function_still_gives_the_callers_pace_back(callers_pace):
    seen = []

    @paced
    def fails() -> None:
        seen.append(gc.get_threshold())
        raise ValueError("stop")

    with pytest.raises(ValueError):
        fails()
    assert seen == [BUILD_PACE]
    assert gc.get_threshold() == callers_pace


def test_jbr_build_runs_at_the_build_pace(tmp_path, monkeypatch, callers_pace):
    """Seen from inside the build: the first thing it decides (what to load) is decided at
    the build's pace; an empty store with the demo refused stops the build there."""
    from jbr.api import NothingToBuild, build, pipeline

    seen = []
    decide = pipeline.build_source

    def spy(*args, **kwargs):
        seen.append(gc.get_threshold())
        return decide(*args, **kwargs)

    monkeypatch.setattr(pipeline, "build_source", spy)
    with pytest.raises(NothingToBuild):
        build(db=tmp_path / "leeg.duckdb", out=tmp_path / "out", demo=False)
    assert seen == [BUILD_PACE]
    assert gc.get_threshold() == callers_pace


def test_the_pdf_worker_runs_at_the_build_pace():
    from jbr.publish.pdf import PdfWorker, in_worker

    worker = PdfWorker()  # starts (or reuses) the worker process
    try:
        assert in_worker(gc.get_threshold) == BUILD_PACE
    finally:
        worker.finish()


def test_builds_at_the_same_time_give_the_callers_pace_back_when_the_last_ends(callers_pace):
    """Two builds in threads overlap: the first to end must not restore the caller's pace
    under the other, and the last must not leave the build's pace behind."""
    import threading

    first_inside, second_inside, first_done = (threading.Event() for _ in range(3))
    seen: list[tuple[int, ...]] = []

    def first() -> None:
        with build_pace():
            first_inside.set()
            second_inside.wait(5)
        first_done.set()

    def second() -> None:
        first_inside.wait(5)
        with build_pace():
            second_inside.set()
            first_done.wait(5)
            seen.append(gc.get_threshold())  # the first build has ended

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    assert seen == [BUILD_PACE]
    assert gc.get_threshold() == callers_pace

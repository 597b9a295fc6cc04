"""The site's chart and download workers: one pool per jbr process, kept between site
writes (issues 15 and 19: a test run or a script that writes the site again starts them,
and imports altair, pandas and vl-convert in them, once), replaced when a worker died."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest

from jbr import api
from jbr.publish.site.write import PARALLEL_FROM, worker_pids, write_site

from .publications import deliveries
from .worlds import publish_without_review


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    """The deliveries of tests/publications.py with 2023 and 2024 published: enough
    charts for the worker pool."""
    folder = tmp_path_factory.mktemp("site-workers")
    db = folder / "store.duckdb"
    assert {o.status for o in api.load(deliveries(folder / "in"), db=db)} == {"stored"}
    for year in (2023, 2024):
        publish_without_review(year, db, without_text=True)
    return db


def files(out: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(out)): p.read_bytes()
        for folder in ("site", "opendata")
        for p in sorted((out / folder).rglob("*"))
        if p.is_file()
    }


@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="one processor: no worker pool")
def test_the_workers_serve_the_next_site_write_and_are_replaced_when_one_died(store, tmp_path):
    # Each write goes to a new folder, so each draws every chart (none is in the site yet).
    write_site(store, tmp_path / "eerste")
    first = files(tmp_path / "eerste")
    charts = [name for name in first if name.endswith(".svg")]
    assert len(charts) >= PARALLEL_FROM  # drawn by the worker pool
    workers = worker_pids()
    assert len(workers) == 2 and os.getpid() not in workers

    write_site(store, tmp_path / "tweede")
    assert worker_pids() == workers  # the same processes: their imports done once
    assert files(tmp_path / "tweede") == first

    # A worker killed between two writes: the next write still makes every chart and
    # download (with new workers, or here if it finds out only while they work), and the
    # writes after it have new workers.
    os.kill(min(workers), signal.SIGKILL)
    write_site(store, tmp_path / "derde")
    assert files(tmp_path / "derde") == first
    assert not worker_pids() & workers
    write_site(store, tmp_path / "vierde")
    assert files(tmp_path / "vierde") == first
    assert worker_pids() and not worker_pids() & workers

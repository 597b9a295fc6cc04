"""The test worlds: the stores and publications that more than one test file reads, each
built once per test run (under ``make test`` by the first xdist worker that needs it, read
by the others: ``shared``), in this one place. ``tests/conftest.py`` makes them fixtures
of every test.

A world is read, never changed. A test that changes a store or writes into an output
folder takes its own copy first (``copy_world`` into its ``tmp_path``), so that the order
in which tests run (and which xdist worker runs them) changes nothing.

The worlds, from cheap to dear:

- ``web_store``: the hand-written store of the web tests (tests/web_server.py): Woo 2022
  and 2023, personnel 2022, 2022 published, three portal tokens. Every ``jbr serve`` runs
  on a copy (``copy_store``), as serving and uploading write to the store.
- ``site_store`` → ``site_2023`` → ``site_2024`` → ``site_corrected``: the small published
  store of tests/site_data.py, loaded; 2023 published and the site written; 2024 published
  and the site written again; BZK's 2023 delivery corrected and 2023 published again (a
  third open-data version) with ``CORRECTION_NOTE``. Each stage starts from a copy of the
  one before, so each is built once.
- ``publications_nl``, ``publications_en``, ``publications_final``: ``jbr build`` of the
  hand-computed deliveries of tests/publications.py (concept in Dutch and English; final
  with the team's complete text).
- ``small_demo_dir`` → ``demo_build`` → ``small_demo_store``, and ``small_demo_published``:
  the small demo generated once; built with ``jbr build --demo`` (supplier "… (demo)");
  that build's store alone (the demo loaded); that build with every year published and
  the site written.
"""

from __future__ import annotations

import fcntl
import os
import pickle
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import pytest

T = TypeVar("T")

# The note of the correction in ``site_corrected`` (shown on the site, in the open data's
# version history and in the DCAT record's version notes).
CORRECTION_NOTE = "BZK: personeelsbestand 2023 opnieuw geleverd"


UNREVIEWED = "testwereld: de wederhoor van dit jaar ging buiten jbr om"


def publish_without_review(year: int, db: Path | str, **kwargs):  # type: ignore[no-untyped-def]
    """``jbr.api.publish`` in a test world without a review (issue 17): the override the
    JBR team records for a year reviewed outside jbr first, and a reason for a figures-only
    publication."""
    from jbr import api

    api.review_override(year, UNREVIEWED, db=db)
    if kwargs.get("without_text"):
        kwargs.setdefault("reason", "testwereld: rapportage buiten jbr gemaakt")
    return api.publish(year, db=db, **kwargs)


def copy_world(source: Path, target: Path) -> Path:
    """A world's folder (store, deliveries, output) copied to ``target``, for a test that
    changes it. Paths inside the copy keep their names: ``target / "store.duckdb"``."""
    shutil.copytree(source, target)
    return target


def shared(tmp_path_factory, name: str, build: Callable[[Path], T]) -> T:  # type: ignore[no-untyped-def]
    """The world ``name``, built by ``build(folder)`` once for the whole run.

    Without xdist that is once in this process. Under xdist the first worker that needs it
    builds it in the run's temporary folder (the parent of every worker's own), holding a
    file lock; a worker that needs it meanwhile waits, and then reads what was built (the
    value ``build`` returned, pickled beside it: paths into the shared folder). A build
    that failed left no mark of success, so the next worker that needs it builds it again
    and sees the same failure itself."""
    if not os.environ.get("PYTEST_XDIST_WORKER"):
        return build(tmp_path_factory.mktemp(name))
    root = tmp_path_factory.getbasetemp().parent / "worlds"
    root.mkdir(exist_ok=True)
    folder, value = root / name, root / f"{name}.pickle"
    with (root / f"{name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        if value.exists():
            return pickle.loads(value.read_bytes())
        shutil.rmtree(folder, ignore_errors=True)  # a failed build's remains
        folder.mkdir()
        built = build(folder)
        value.write_bytes(pickle.dumps(built))
        return built


# --- the web tests' store -------------------------------------------------------------------


@pytest.fixture(scope="session")
def web_store(tmp_path_factory):  # type: ignore[no-untyped-def]
    """The hand-written store of tests/web_server.py (publishing takes seconds): serve a
    copy of it (``copy_store``), never the store itself."""
    from .web_server import build_store

    return shared(tmp_path_factory, "web-base", build_store)


# --- the site and open-data stores (tests/site_data.py) -------------------------------------


@dataclass(frozen=True)
class Site:
    """A folder with ``store.duckdb`` and ``out/`` (``site/`` and ``opendata/``)."""

    folder: Path

    @property
    def db(self) -> Path:
        return self.folder / "store.duckdb"

    @property
    def out(self) -> Path:
        return self.folder / "out"

    def copy(self, target: Path) -> Site:
        return Site(copy_world(self.folder, target))


@pytest.fixture(scope="session")
def site_store(tmp_path_factory) -> Site:
    """The site deliveries loaded; nothing published."""
    from .site_data import loaded_store

    def build(folder: Path) -> Site:
        loaded_store(folder)
        return Site(folder)

    return shared(tmp_path_factory, "site-store", build)


@pytest.fixture(scope="session")
def site_2023(site_store: Site, tmp_path_factory) -> Site:
    """2023 published (the figures only: the store has no report text), the site written."""
    from jbr import api

    def build(folder: Path) -> Site:
        site = site_store.copy(folder / "world")
        publish_without_review(2023, site.db, without_text=True)
        api.write_site(site.db, site.out)
        return site

    return shared(tmp_path_factory, "site-2023", build)


@pytest.fixture(scope="session")
def site_2024(site_2023: Site, tmp_path_factory) -> Site:
    """2023 and 2024 published, the site written after both."""
    from jbr import api

    def build(folder: Path) -> Site:
        site = site_2023.copy(folder / "world")
        publish_without_review(2024, site.db, without_text=True)
        api.write_site(site.db, site.out)
        return site

    return shared(tmp_path_factory, "site-2024", build)


@dataclass(frozen=True)
class Corrected(Site):
    """``site_2024`` corrected: ``before`` holds the open data's CSV files as they were."""

    before: dict[str, bytes]


@pytest.fixture(scope="session")
def site_corrected(site_2024: Site, tmp_path_factory) -> Corrected:
    """Open-data versions 1 (2023), 2 (2024) and 3 (2023 again: BZK delivered 32 persons,
    not 30, published with ``CORRECTION_NOTE``), the site written after each."""
    from jbr import api

    from .site_data import deliveries

    def build(folder: Path) -> Corrected:
        site = site_2024.copy(folder / "world")
        before = {p.name: p.read_bytes() for p in (site.out / "opendata").glob("*.csv")}
        again = site.folder / "again"
        again.mkdir()
        corrected = deliveries(again, bzk_2023=32)[0]
        assert api.load([corrected], db=site.db)[0].status == "stored"
        publish_without_review(2023, site.db, note=CORRECTION_NOTE, without_text=True)
        api.write_site(site.db, site.out)
        return Corrected(site.folder, before)

    return shared(tmp_path_factory, "site-corrected", build)


# --- the publications of the hand-computed deliveries (tests/publications.py) ---------------


def _publications(tmp: Path, **options) -> Path:  # type: ignore[no-untyped-def]
    import jbr

    from .publications import YEAR, deliveries

    out = tmp / "out"
    result = jbr.build(
        deliveries(tmp / "in"), year=YEAR, out=out, db=tmp / "store.duckdb", **options
    )
    assert {o.status for o in result.outcomes} == {"stored"}, result.outcomes
    return out


@pytest.fixture(scope="session")
def publications_nl(tmp_path_factory) -> Path:
    """The output folder of ``jbr build`` (concept, Dutch); its store is ``../store.duckdb``."""
    return shared(tmp_path_factory, "publications-nl", lambda tmp: _publications(tmp, lang="nl"))


@pytest.fixture(scope="session")
def publications_en(tmp_path_factory) -> Path:
    """The output folder of ``jbr build --lang en`` (concept)."""
    return shared(tmp_path_factory, "publications-en", lambda tmp: _publications(tmp, lang="en"))


@pytest.fixture(scope="session")
def publications_final(tmp_path_factory) -> Path:
    """``jbr build --final`` with the team's complete text (tests/publications.py)."""
    from .publications import write_text

    def build(tmp: Path) -> Path:
        return _publications(tmp, config=write_text(tmp / "project"), final=True)

    return shared(tmp_path_factory, "publications-final", build)


# --- the small demo ---------------------------------------------------------------------------


@pytest.fixture(scope="session")
def small_demo_dir(tmp_path_factory) -> Path:
    """``jbr demo --scale small``: the files, generated once (the demo generator reuses a
    folder that holds them)."""
    from jbr.api import demo_files

    def build(tmp: Path) -> Path:
        demo_files(tmp / "demo", "small")
        return tmp / "demo"

    return shared(tmp_path_factory, "small_demo", build)


@pytest.fixture(scope="session")
def small_demo_store(demo_build, tmp_path_factory) -> Path:  # type: ignore[no-untyped-def]
    """The small demo loaded into a store: the store of ``demo_build`` (a build writes
    nothing into its store but what the load did), copied without its indicator cache,
    so that the demo is loaded once per run."""
    root, result = demo_build

    def build(tmp: Path) -> Path:
        assert {o.status for o in result.outcomes} == {"stored"}
        shutil.copy(root / "s.duckdb", tmp / "small.duckdb")
        return tmp / "small.duckdb"

    return shared(tmp_path_factory, "small_demo_store", build)


@pytest.fixture(scope="session")
def demo_build(small_demo_dir: Path, tmp_path_factory):  # type: ignore[no-untyped-def]
    """``jbr build --demo`` of the small demo (all publications), the demo loaded as its
    shared services deliver it (supplier "… (demo)"), as ``make run`` does: (root, result);
    the output is under root / "out", the store at root / "s.duckdb"."""
    from jbr import api

    def world(root: Path):  # type: ignore[no-untyped-def]
        out, db = root / "out", root / "s.duckdb"
        return root, api.build(out=out, db=db, demo_dir=small_demo_dir, demo_scale="small")

    return shared(tmp_path_factory, "demo", world)


@pytest.fixture(scope="session")
def small_demo_published(demo_build, tmp_path_factory) -> Path:  # type: ignore[no-untyped-def]
    """The ``demo_build`` world (copied) with every year published and the site and open
    data written: every page a reader can see (the artefact scanner's and the link
    checker's world). Returns the output folder."""
    from jbr import api

    built, result = demo_build

    def build(root: Path) -> Path:
        assert not result.rejected, [o.file.name for o in result.rejected]
        shutil.rmtree(root)  # copy_world makes the folder
        world = copy_world(built, root)
        db, out = world / "s.duckdb", world / "out"
        for year in range(2017, (result.year or 2024) + 1):
            # the demo ships the team's text for 2023 and 2024 only (issue 16)
            publish_without_review(year, db, without_text=year < 2023)
        api.write_site(db=db, out=out)
        return out

    return shared(tmp_path_factory, "small_demo_published", build)

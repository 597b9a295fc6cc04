"""Shared fixtures and helpers: small delivery files written by hand, a fresh store, the
browser; the session-wide test worlds (stores and publications several files read) are in
tests/worlds.py and imported here, so every test can ask for them by name."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import duckdb
import pytest

from .worlds import (  # noqa: F401  (fixtures: pytest finds them in this module)
    UNREVIEWED,
    demo_build,
    publications_en,
    publications_final,
    publications_nl,
    publish_without_review,
    site_2023,
    site_2024,
    site_corrected,
    site_store,
    small_demo_dir,
    small_demo_published,
    small_demo_store,
    web_store,
)

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]  # WCAG 2.1 A and AA
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def write_csv(
    path: Path, header: str, rows: list[str], sep: str = ";", encoding: str = "utf-8"
) -> Path:
    """A delivery CSV; ``rows`` use ``;`` and are re-joined with ``sep``."""
    lines = [header] + rows
    text = "\n".join(line.replace(";", sep) for line in lines) + "\n"
    path.write_bytes(text.encode(encoding))
    return path


def findings(db: Path, year: int) -> list:
    """The data-quality findings and operator warnings a computation of ``year`` records
    (``jbr.indicators.findings``): they go to the build log and the data-quality annex,
    not into a figure's notes."""
    from jbr.indicators import compute, open_context

    ctx = open_context(db)
    try:
        compute(ctx, year)
        return list(ctx.findings)
    finally:
        ctx.backend.disconnect()


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "store.duckdb"


def snapshot(db: Path) -> dict[str, list[tuple]]:
    """Every table's full contents, to prove a rejected load changed nothing."""
    if not db.exists():
        return {}
    con = duckdb.connect(str(db), read_only=True)
    try:
        tables = [
            r[0]
            for r in con.execute(
                "SELECT table_name FROM duckdb_tables() WHERE NOT temporary ORDER BY 1"
            ).fetchall()
        ]
        return {t: sorted(con.execute(f'SELECT * FROM "{t}"').fetchall(), key=repr) for t in tables}
    finally:
        con.close()


@pytest.fixture(scope="session")
def browser():
    """Debian's chromium via Playwright, one for the whole session.

    One Playwright session only: sync_playwright() runs an event loop, and a second one
    started while a session-scoped first is alive fails with "Sync API inside the asyncio
    loop". Nothing skips: a missing browser or axe-core is a failed setup.
    """
    assert CHROMIUM.exists(), f"{CHROMIUM} is missing: `make setup` installs chromium"
    assert AXE.exists(), f"{AXE} is missing: `make setup` runs npm ci"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def console_page(browser, **options):  # type: ignore[no-untyped-def]
    """A page in a fresh context whose console messages are kept (``page.console_messages``):
    a test can then check that the CSP blocked nothing. Close its ``page.context`` after."""
    page = browser.new_context(**options).new_page()
    page.console_messages = []
    page.on("console", lambda m: page.console_messages.append(m.text))
    return page


def axe_violations(page) -> list[str]:  # type: ignore[no-untyped-def]
    """axe-core's WCAG 2.1 A/AA violations on the page, one line each.

    Injected through the DevTools protocol, so the page's own CSP (no inline script)
    stays on while axe runs."""
    page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})",
        WCAG_TAGS,
    )
    return [
        f"{v['id']}: {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
    ]


def screenshots() -> Path:
    """Where the browser tests put their screenshots, for review: ``$JBR_SCREENSHOTS`` when
    set, else ``screenshots/`` in this run's pytest temporary folder (pytest_configure sets
    it before the xdist workers start, so they share it). Never a folder of the work tree:
    two runs, or two workers, would mix their files, and an old screenshot would pass for
    a new one."""
    folder = Path(
        os.environ.get("JBR_SCREENSHOTS") or Path(tempfile.gettempdir()) / "jbr-screenshots"
    )
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def shot(page, name: str) -> None:  # type: ignore[no-untyped-def]
    """A full-page screenshot in ``screenshots()``, for review."""
    page.screenshot(path=str(screenshots() / f"{name}.png"), full_page=True)


@pytest.hookimpl(trylast=True)  # after the tmp_path plugin has set up its factory
def pytest_configure(config: pytest.Config) -> None:
    if "JBR_SCREENSHOTS" not in os.environ and not hasattr(config, "workerinput"):
        base = config._tmp_path_factory.getbasetemp()  # type: ignore[attr-defined]
        os.environ["JBR_SCREENSHOTS"] = str(base / "screenshots")


def pytest_terminal_summary(terminalreporter, config: pytest.Config) -> None:  # type: ignore[no-untyped-def]
    folder = Path(os.environ.get("JBR_SCREENSHOTS", ""))
    if not hasattr(config, "workerinput") and folder.name and folder.is_dir():
        terminalreporter.write_line(f"screenshots for review: {folder}")


# --- make check and the order of make test ---------------------------------------------------
# `make check` runs the tests not marked `slow`. A test is slow by what it needs, so that a
# new test is marked without anyone remembering to: a world of tests/worlds.py, the browser,
# or a module below (its tests start servers, worker processes or a JVM, render PDFs or fuzz;
# each of them took seconds in `pytest --durations`). An explicit @pytest.mark.slow counts too.
WORLDS = {
    "web_store",
    "site_store",
    "site_2023",
    "site_2024",
    "site_corrected",
    "publications_nl",
    "publications_en",
    "publications_final",
    "small_demo_dir",
    "small_demo_store",
    "demo_build",
    "small_demo_published",
    "browser",
}
SLOW_MODULES = {
    "test_build.py",  # whole builds with PDFs, rebuilt to prove what is reused
    "test_faults.py",  # loads killed in a subprocess
    "test_fuzz_readers.py",  # hypothesis through a reader worker process
    "test_numbers.py",  # every Excel notation written as a workbook and read back
    "test_pdf_worker.py",  # PDFs rendered in worker processes
    "test_personnel_indicators.py",  # flows balanced over generated years
    "test_first_year.py",
    "test_report.py",  # rapport.pdf
    "test_serve_concurrency.py",  # jbr serve in a subprocess
    "test_serve_publish.py",
    "test_serve_upload_worker.py",
    "test_site_workers.py",  # the site's chart workers, killed and replaced
    "test_spark_engine.py",  # a JVM
    "test_text_build.py",  # builds with the team's text, PDFs
    "test_woo_deadlines.py",  # the vectorised rule against the reference, on many dates
    "test_web_schema.py",  # schemathesis against jbr serve
}

# Every world is built once per run (tests/worlds.py, ``shared``); a worker that needs one
# another worker is building waits for it. The files that read the dearest world form one
# unit of work, so they run on one worker (the scheduler below) and no worker sits idle
# waiting for it. Every other file is a unit of its own, as xdist's --dist loadscope.
# (xdist's own --dist loadgroup cannot do this under pytest 9: it renames node ids, which
# pytest 9 no longer lets a plugin do, and every test would be sent out on its own.)
SAME_WORKER = {
    "test_readers_words.py": "small_demo_published",  # the artefact scan of every page
    "test_site_links.py": "small_demo_published",  # the link checker
}


def group_of(module: str) -> str:
    return SAME_WORKER.get(module, module)


def pytest_xdist_make_scheduler(config: pytest.Config, log):  # type: ignore[no-untyped-def]
    """--dist loadscope with the units of ``group_of``: a test file, or the files of
    ``SAME_WORKER`` together."""
    if config.getvalue("dist") != "loadscope":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class Groups(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return group_of(nodeid.split("::")[0].removeprefix("tests/"))

    return Groups(config, log)


# The groups that take longest, dearest first (from `make test`'s --durations): a group is
# one unit of work, and handing out the long ones first keeps a worker from starting one
# at the end while the other has nothing left to do.
#
# With two workers the first and third unit go to one, the second and fourth to the other
# (xdist hands out one unit each, then a second each). Spark and the incremental builds
# start from the small demo's build (``demo_build``), which the first worker builds; the
# other starts with builds of its own and finds that world built when it reaches the
# published demo (a copy of it).
DEAREST_FIRST = [
    "test_spark_engine.py",
    "test_text_build.py",
    "test_incremental.py",
    "small_demo_published",  # copies demo_build: every year published, every page scanned
    "test_build.py",
    "test_numbers.py",
    "test_demo_end_to_end.py",
    "test_cli_terminal.py",
    "test_cli_build.py",
    "test_faults.py",
    "test_personnel_indicators.py",
    "test_serve_upload_worker.py",
    "test_site_workers.py",  # the site's chart workers, killed and replaced
    "test_fuzz_readers.py",
    "browser/test_accessibility.py",
]


def _module(item: pytest.Item) -> str:
    return item.nodeid.split("::")[0].removeprefix("tests/")


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        needs = set(getattr(item, "fixturenames", ()))
        if needs & WORLDS or _module(item) in SLOW_MODULES:
            item.add_marker(pytest.mark.slow)
    rank = {name: i for i, name in enumerate(DEAREST_FIRST)}
    items.sort(key=lambda item: rank.get(group_of(_module(item)), len(rank)))  # stable

"""Writing ``site/`` and ``opendata/`` to disk: pages, chart images, table downloads.

Charts (vl-convert, ~0.1–0.3 s each) are drawn in a separate process while this
one writes the tables and pages, so the two CPU-bound halves overlap. The worker
processes are kept for this process's next site writes (``chart_pool``).

The site is updated in place, and only what changed is written: a chart is named
after what it shows, a download is kept when its table's digest is the previous
build's, and a page is rewritten only when its HTML differs. Each file is replaced
whole (written beside, then renamed), so a server never serves half a file; files the
site no longer holds are removed last, after the pages that linked to them. (The site
has some 30,000 files; writing a second tree and deleting the first cost minutes of
file-system work on a busy disk, for a publication that changes most pages at most
once a year.)
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import time
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from importlib import resources
from pathlib import Path
from typing import Any

from ...codelists import RIJK
from ..bars import comparison_figures
from ..charts.model import chart_figures
from ..figures import Figure, PublishedFigures
from ..opendata.write import write_opendata
from ..processes import kept_pool, settle
from ..releases import Published, Release, from_store
from ..tables import FORMATS, REPORT_TABLES, Table, write_table
from ..urls import public_base_url
from .model import Site, build_site
from .routing import all_pages
from .state import write_state
from .tables import category_table, download_table, indicator_table
from .templates import environment
from .urls import download_stem

# Charts and spreadsheets move to worker processes from this many charts on (below
# it the start-up of a process, which imports altair and pandas, costs more than it saves).
PARALLEL_FROM = 24

# The chart and download workers, started by the first site write that needs them and
# kept for the next ones (a process that writes the site again, such as a test run,
# imports altair, pandas and vl-convert in them once); replaced when one has died.
# Python stops them when this process ends.
_POOL: ProcessPoolExecutor | None = None


def _ready() -> None:
    """The first job of the chart pool: tells whether a kept pool still lives."""


def chart_pool(workers: int) -> ProcessPoolExecutor | None:
    """The chart and download workers, ``workers`` processes, started if there were none
    or one died; None where no process can be started (limits). ``spawn`` (``CLEAN_SPAWN``:
    without running a caller's unguarded script again, see processes.py), as vl-convert
    keeps a JavaScript runtime thread that a fork would not carry over."""
    global _POOL
    _POOL = kept_pool(_POOL, workers, _ready)
    return _POOL


def worker_pids() -> set[int]:
    """The process ids of the chart and download workers (for the tests)."""
    # ``_processes``: the executor's own record of its processes (pid → process)
    return set() if _POOL is None else set(_POOL._processes or {})


def _pool_broke() -> None:
    """A worker died (killed, out of memory): the next site write starts new ones."""
    global _POOL
    _POOL = None


def _submitted(
    todo: list[tuple[str, str, list[Figure], str, int | None]],
    tables: list[tuple[Table, Path]],
    workers: int,
) -> list[Future[Any]]:
    """Every chart and download handed to the worker pool; none when there is no pool, or
    it broke while they were handed over (then the caller makes them itself)."""
    pool = chart_pool(workers)
    if pool is None:
        return []
    try:
        futures = [pool.submit(draw_chart, *job) for job in todo]
        return futures + [pool.submit(write_download, *job) for job in tables]
    except BrokenProcessPool:
        _pool_broke()
        return []


def _make_here(
    todo: list[tuple[str, str, list[Figure], str, int | None]], tables: list[tuple[Table, Path]]
) -> None:
    """Every chart and download made in this process (no worker pool, or it broke)."""
    for job in todo:
        draw_chart(*job)
    for table, stem in tables:
        write_download(table, stem)


def draw_chart(
    lang: str, indicator: str, series: list[Figure], path: str, year: int | None = None
) -> str | None:
    """Draw one Rijk trend to ``path`` (runs in the worker process) from the figures it
    shows (``charts.chart_figures``), or with ``year`` the ministries of that year as bars;
    None when no chart."""
    from ..bars import ministry_chart
    from ..charts.trend import trend_chart

    figures = PublishedFigures(
        lang=lang,
        year=year or max(f.year for f in series),
        years=sorted({f.year for f in series}),
        figures={f.key: f for f in series},
    )
    if year is not None:
        chart = ministry_chart(figures, indicator, year, lang)
    else:
        chart = trend_chart(figures, indicator, RIJK, lang)
    if chart is None:
        return None
    replace_file(Path(path), standalone_svg(chart.svg).encode("utf-8"))
    return path


def standalone_svg(svg: str) -> str:
    """The inline SVG of charts.py as a file an <img> can load (namespace declared)."""
    if 'xmlns="http://www.w3.org/2000/svg"' not in svg:
        svg = svg.replace("<svg ", '<svg xmlns="http://www.w3.org/2000/svg" ', 1)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + svg


def replace_file(target: Path, data: bytes) -> None:
    """``target`` with ``data``, whole or not at all: written beside it, then renamed."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.partial")
    partial.write_bytes(data)
    os.replace(partial, target)


def update_file(target: Path, data: bytes) -> bool:
    """Write ``data`` to ``target`` unless it holds exactly that already; True if written."""
    try:
        if target.stat().st_size == len(data) and target.read_bytes() == data:
            return False
    except FileNotFoundError:
        pass
    replace_file(target, data)
    return True


def plan_charts(
    site: Site, root: Path, keep: set[str]
) -> list[tuple[str, str, list[Figure], str, int | None]]:
    """The charts to draw, trends and the ministries' bars: those not in the site yet (a
    chart's name is a digest of what it shows, so one that exists shows the same). Their
    names are added to ``keep``."""
    wanted: list[tuple[str, str, int | None, str]] = [
        (lang, indicator, None, chart[0])
        for (lang, indicator), chart in sorted(site.charts.items())
        if chart is not None
    ]
    wanted += [
        (lang, indicator, year, chart[0])
        for (lang, indicator, year), chart in sorted(site.comparisons.items())
    ]
    todo: list[tuple[str, str, list[Figure], str, int | None]] = []
    for lang, indicator, year, file in wanted:
        keep.add(file)
        target = root / file
        if target.exists():
            continue
        if year is None:
            drawn = chart_figures(site.figures[lang], indicator)
            todo.append((lang, indicator, drawn, str(target), None))
        else:
            ministries, rijk = comparison_figures(site.figures[lang], indicator, year)
            drawn = [*ministries, *([rijk] if rijk else [])]
            todo.append((lang, indicator, drawn, str(target), year))
    return todo


def _table_key(table: Table) -> str:
    return hashlib.sha256(repr((table.title, table.columns, table.rows)).encode()).hexdigest()[:20]


DIGESTS = "site-downloads.json"  # beside site/, not in it: what each download shows


def plan_downloads(
    site: Site, root: Path, digests: dict[str, str], keep: set[str]
) -> list[tuple[Table, Path]]:
    """The tables to write: those whose digest differs from the previous build's
    ``digests`` (or whose files are missing). ``digests`` becomes this build's; the
    files are added to ``keep``."""
    todo = []
    before = dict(digests)
    digests.clear()
    for lang, key in sorted(site.downloads):
        table = download_table(site, lang, key)
        name = download_stem(lang, key)
        digests[name] = _table_key(table)
        files = [f"{name}.{fmt}" for fmt in FORMATS]
        keep.update(files)
        if before.get(name) != digests[name] or not all((root / f).exists() for f in files):
            todo.append((table, root / name))
    return todo


def write_download(table: Table, stem: Path) -> list[Path]:
    """``write_table`` beside the final names, then each file renamed into place."""
    partial = stem.with_name(f".{stem.name}.partial")
    written = write_table(table, partial)
    final = [stem.with_name(f"{stem.name}.{fmt}") for fmt in FORMATS]
    for made, target in zip(written, final, strict=True):
        os.replace(made, target)
    return final


def read_digests(out: Path) -> dict[str, str]:
    try:
        found = json.loads((out / DIGESTS).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return found if isinstance(found, dict) else {}


def write_pages(site: Site, root: Path, keep: set[str]) -> int:
    """Every page, rewritten where its HTML changed; returns how many were written."""
    env = environment()
    written = 0
    for page in all_pages(site):
        html = env.get_template(page.template).render(**page.context)
        keep.add(page.file)
        written += update_file(root / page.file, html.encode("utf-8"))
    return written


def remove_obsolete(root: Path, keep: set[str]) -> int:
    """Remove the files of ``root`` not in ``keep`` (paths relative to ``root``, with
    ``/``) and the folders left empty; returns how many files were removed."""
    removed = 0
    emptied: set[str] = set()
    for folder, dirs, files in os.walk(root, topdown=False):
        rel = os.path.relpath(folder, root).replace(os.sep, "/")
        prefix = "" if rel == "." else rel + "/"
        left = len(files)
        for name in files:
            if prefix + name not in keep:
                os.unlink(os.path.join(folder, name))
                removed += 1
                left -= 1
        if rel != "." and not left and all(prefix + d in emptied for d in dirs):
            os.rmdir(folder)
            emptied.add(rel)
    return removed


def copy_assets(root: Path, keep: set[str]) -> None:
    assets = resources.files("jbr.publish").joinpath("templates/site/assets")
    for name in ("site.css", "site.js"):
        keep.add(f"assets/{name}")
        update_file(root / "assets" / name, assets.joinpath(name).read_bytes())


def write_report_tables(figures: PublishedFigures, out: Path, state: Any = None) -> list[Path]:
    """The report's tables as downloads, ``out/tabellen/<indicator>.{csv,xlsx,ods}`` (and
    ``<indicator>-categorieen`` for a broken-down indicator): every ministry over the
    report's years, as the site's indicator tables, from the report's own figures.

    With ``state`` (``incremental.OutputState``) a table the last build wrote with the same
    content is left as it is."""
    from datetime import datetime

    releases = [Release(n, y, 1, datetime(1970, 1, 1)) for n, y in enumerate(figures.years, 1)]
    site = Site(Published(releases), {figures.lang: figures})
    folder = out / REPORT_TABLES
    tables: list[tuple[Table, str]] = []
    for ind in site.indicators:
        tables.append((indicator_table(site, ind, figures.lang), ind.id))
        cats = category_table(site, ind, figures.lang)
        if cats is not None:
            tables.append((cats, f"{ind.id}-categorieen"))
    files: list[Path] = []
    todo: list[tuple[Table, str, str]] = []
    for table, name in tables:
        key = _table_key(table)
        made = [folder / f"{name}.{fmt}" for fmt in FORMATS]
        files += made
        if state is None or not state.table_current(name, key, made):
            todo.append((table, name, key))
    if state is not None:
        for _table, name, _key in todo:  # unknown until written
            state.table_started(name)
        state.save()
    for table, name, key in todo:
        write_table(table, folder / name)
        if state is not None:
            state.table_written(name, key)
    return files


def write_site_from(
    published: Published,
    out: Path,
    base_url: str | None = None,
    timings: dict[str, float] | None = None,
) -> list[Path]:
    """``out/opendata/`` and ``out/site/`` from what is published."""
    timings = {} if timings is None else timings
    base_url = public_base_url(base_url)
    start = time.perf_counter()
    files = write_opendata(published, out, base_url)
    timings["opendata"] = time.perf_counter() - start

    start = time.perf_counter()
    site = build_site(published, base_url)
    root = out / "site"
    for leftover in ("site.new", "site.old"):  # of builds that wrote a second tree
        shutil.rmtree(out / leftover, ignore_errors=True)
    keep: set[str] = set()
    todo = plan_charts(site, root, keep)
    digests = read_digests(out) if root.exists() else {}
    tables = plan_downloads(site, root, digests, keep)
    (out / DIGESTS).unlink(missing_ok=True)  # until the downloads are written: none
    timings["site_plan"] = time.perf_counter() - start

    # Charts and spreadsheets are drawn by worker processes while this one writes pages.
    start = time.perf_counter()
    workers = min(2, os.cpu_count() or 1)
    futures: list[Future[Any]] = []
    if len(todo) >= PARALLEL_FROM and workers > 1:
        futures = _submitted(todo, tables, workers)
    if not futures:
        _make_here(todo, tables)
    try:
        copy_assets(root, keep)
        write_pages(site, root, keep)
        timings["site_pages"] = time.perf_counter() - start
        for future in futures:
            future.result()
    except BrokenProcessPool:
        # A worker died (killed, out of memory): draw and write here instead.
        _pool_broke()
        _make_here(todo, tables)
    finally:
        settle(futures)  # the workers stay for the next site write
    for (lang, indicator), chart in list(site.charts.items()):
        if chart is not None and not (root / chart[0]).exists():
            raise RuntimeError(f"chart of {indicator} ({lang}) was not drawn")
    for (lang, indicator, year), chart in site.comparisons.items():
        if not (root / chart[0]).exists():
            raise RuntimeError(f"comparison of {indicator} {year} ({lang}) was not drawn")
    timings["site_charts_and_downloads"] = time.perf_counter() - start

    start = time.perf_counter()
    remove_obsolete(root, keep)
    (out / DIGESTS).write_text(json.dumps(digests, indent=0, sort_keys=True), encoding="utf-8")
    write_state(out, published)  # last: until now a server renders newer pages itself
    timings["site_cleanup"] = time.perf_counter() - start
    return [*files, root / "index.html"]


def write_site(
    db: Path | str, out: Path | str, base_url: str | None = None, **kwargs: Any
) -> list[Path]:
    """``jbr build`` and ``jbr publish``: the site and the open data from the store's
    publication snapshots; a store with nothing published gives an empty site."""
    return write_site_from(from_store(db), Path(out), base_url, **kwargs)

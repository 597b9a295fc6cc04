"""Writing ``site/`` and ``opendata/`` to disk: pages, chart images, table downloads.

Charts (vl-convert, ~0.1–0.3 s each) are drawn in a separate process while this
one writes the tables and pages, so the two CPU-bound halves overlap. Charts and
downloads are content-addressed: a chart or table that shows exactly what the
previous build's did is copied from it instead of drawn or written again. The new
site is built beside the old one and swapped in at the end, so a server never
serves a half-written site.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import shutil
import time
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from importlib import resources
from pathlib import Path
from typing import Any

from ..codelists import RIJK
from .bars import comparison_figures
from .charts import chart_figures
from .figures import Figure, PublishedFigures
from .opendata import Published, Release, from_store, write_opendata
from .site import (
    DEFAULT_BASE_URL,
    Site,
    build_site,
    category_table,
    download_stem,
    download_table,
    environment,
    indicator_table,
    pages,
)
from .tables import FORMATS, REPORT_TABLES, Table, write_table

# Charts and spreadsheets move to worker processes from this many charts on (below
# it the start-up of a process, which imports altair and pandas, costs more than it saves).
PARALLEL_FROM = 24


def draw_chart(
    lang: str, indicator: str, series: list[Figure], path: str, year: int | None = None
) -> str | None:
    """Draw one Rijk trend to ``path`` (runs in the worker process) from the figures it
    shows (``charts.chart_figures``), or with ``year`` the ministries of that year as bars;
    None when no chart."""
    from .bars import ministry_chart
    from .charts import trend_chart

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
    Path(path).write_text(standalone_svg(chart.svg), encoding="utf-8")
    return path


def standalone_svg(svg: str) -> str:
    """The inline SVG of charts.py as a file an <img> can load (namespace declared)."""
    if 'xmlns="http://www.w3.org/2000/svg"' not in svg:
        svg = svg.replace("<svg ", '<svg xmlns="http://www.w3.org/2000/svg" ', 1)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + svg


def plan_charts(
    site: Site, folder: Path, previous: Path | None
) -> list[tuple[str, str, list[Figure], str, int | None]]:
    """Copy the charts the previous build drew already (same key = same content), return
    the ones to draw; ``folder`` and ``previous`` are site roots."""
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
        target = folder / file
        target.parent.mkdir(parents=True, exist_ok=True)
        old = previous / file if previous else None
        if old is not None and old.exists():
            shutil.copyfile(old, target)
        elif year is None:
            drawn = chart_figures(site.figures[lang], indicator)
            todo.append((lang, indicator, drawn, str(target), None))
        else:
            ministries, rijk = comparison_figures(site.figures[lang], indicator, year)
            drawn = [*ministries, *([rijk] if rijk else [])]
            todo.append((lang, indicator, drawn, str(target), year))
    return todo


def _table_key(table: Table) -> str:
    return hashlib.sha256(repr((table.title, table.columns, table.rows)).encode()).hexdigest()[:20]


def plan_downloads(site: Site, folder: Path, previous: Path | None) -> list[tuple[Table, Path]]:
    """Copy the tables the previous build wrote already (same content), return the ones
    to write; ``folder`` is the new site's root."""
    todo = []
    for lang, key in sorted(site.downloads):
        table = download_table(site, lang, key)
        stem = folder / download_stem(lang, key)
        stem.parent.mkdir(parents=True, exist_ok=True)
        digest = f".{_table_key(table)}"
        old = previous / download_stem(lang, key) if previous else None
        if old is not None and (old.parent / digest).exists():
            for fmt in FORMATS:
                shutil.copyfile(
                    old.with_name(f"{old.name}.{fmt}"), stem.with_name(f"{stem.name}.{fmt}")
                )
        else:
            todo.append((table, stem))
        (stem.parent / digest).touch()
    return todo


def write_pages(site: Site, folder: Path) -> int:
    env = environment()
    count = 0
    for page in pages(site):
        html = env.get_template(page.template).render(**page.context)
        target = folder / page.file
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(html, encoding="utf-8")
        count += 1
    return count


def copy_assets(folder: Path) -> None:
    assets = resources.files("jbr.publish").joinpath("templates/site/assets")
    (folder / "assets").mkdir(parents=True, exist_ok=True)
    for name in ("site.css", "site.js"):
        (folder / "assets" / name).write_bytes(assets.joinpath(name).read_bytes())


def write_report_tables(figures: PublishedFigures, out: Path) -> list[Path]:
    """The report's tables as downloads, ``out/tabellen/<indicator>.{csv,xlsx,ods}`` (and
    ``<indicator>-categorieen`` for a broken-down indicator): every ministry over the
    report's years, as the site's indicator tables, from the report's own figures."""
    from datetime import datetime

    releases = [Release(n, y, 1, datetime(1970, 1, 1)) for n, y in enumerate(figures.years, 1)]
    site = Site(Published(releases), {figures.lang: figures})
    folder = out / REPORT_TABLES
    files: list[Path] = []
    for ind in site.indicators:
        files += write_table(indicator_table(site, ind, figures.lang), folder / ind.id)
        cats = category_table(site, ind, figures.lang)
        if cats is not None:
            files += write_table(cats, folder / f"{ind.id}-categorieen")
    return files


def write_site_from(
    published: Published,
    out: Path,
    base_url: str | None = None,
    timings: dict[str, float] | None = None,
) -> list[Path]:
    """``out/opendata/`` and ``out/site/`` from what is published."""
    timings = {} if timings is None else timings
    base_url = (base_url or os.environ.get("JBR_BASE_URL") or DEFAULT_BASE_URL).rstrip("/")
    start = time.perf_counter()
    files = write_opendata(published, out, base_url)
    timings["opendata"] = time.perf_counter() - start

    start = time.perf_counter()
    site = build_site(published, base_url)
    final, fresh = out / "site", out / "site.new"
    shutil.rmtree(fresh, ignore_errors=True)
    fresh.mkdir(parents=True)
    previous = final if final.exists() else None
    todo = plan_charts(site, fresh, previous)
    tables = plan_downloads(site, fresh, previous)
    timings["site_plan"] = time.perf_counter() - start

    # Charts and spreadsheets are drawn by worker processes while this one writes pages.
    start = time.perf_counter()
    workers = min(2, os.cpu_count() or 1)
    pool: ProcessPoolExecutor | None = None
    futures: list[Future[Any]] = []
    if len(todo) >= PARALLEL_FROM and workers > 1:
        # spawn: vl-convert keeps a JavaScript runtime thread that a fork would not carry over
        pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"))
        futures = [pool.submit(draw_chart, *job) for job in todo]
        futures += [pool.submit(write_table, *job) for job in tables]
    else:
        for job in todo:
            draw_chart(*job)
        for table, stem in tables:
            write_table(table, stem)
    try:
        copy_assets(fresh)
        write_pages(site, fresh)
        timings["site_pages"] = time.perf_counter() - start
        for future in futures:
            future.result()
    except BrokenProcessPool:
        # A caller whose main module runs code on import (no __main__ guard) cannot host
        # spawned workers: draw and write here instead.
        for job in todo:
            draw_chart(*job)
        for table, stem in tables:
            write_table(table, stem)
    finally:
        if pool is not None:
            pool.shutdown()
    for (lang, indicator), chart in list(site.charts.items()):
        if chart is not None and not (fresh / chart[0]).exists():
            raise RuntimeError(f"chart of {indicator} ({lang}) was not drawn")
    for (lang, indicator, year), chart in site.comparisons.items():
        if not (fresh / chart[0]).exists():
            raise RuntimeError(f"comparison of {indicator} {year} ({lang}) was not drawn")
    timings["site_charts_and_downloads"] = time.perf_counter() - start

    old = out / "site.old"
    shutil.rmtree(old, ignore_errors=True)
    if final.exists():
        final.rename(old)
    fresh.rename(final)
    shutil.rmtree(old, ignore_errors=True)
    return [*files, final / "index.html"]


def write_site(
    db: Path | str, out: Path | str, base_url: str | None = None, **kwargs: Any
) -> list[Path]:
    """``jbr build`` and ``jbr publish``: the site and the open data from the store's
    publication snapshots; a store with nothing published gives an empty site."""
    return write_site_from(from_store(db), Path(out), base_url, **kwargs)

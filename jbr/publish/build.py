"""Compute every indicator for every year in the store and write the publications.

Contract for publication writers (the extension point)
------------------------------------------------------
``publish_all`` computes once what every publication shares and hands it to each
writer in ``WRITERS`` as a ``Publication``:

- ``out``      the output directory (exists);
- ``lang``     ``"nl"`` or ``"en"``;
- ``year``     the reporting year;
- ``data``     ``ReportData`` (values of every year ≤ ``year``, deliveries, listings,
               the data-quality annex);
- ``figures``  ``PublishedFigures`` — the ONE source of every figure text (figures.py);
- ``charts``   indicator id → ``Chart`` of the Rijk trend (charts/trend.py), for every
               indicator with a trend (``charts.model.has_trend``);
- ``comparisons`` indicator id → ``Chart`` of the ministries as bars, for the
               indicators the catalogue marks ``compare``;
- ``text``     ``text.Editorial`` — the team's text of the year, checked against the
               figures (issue 16); ``text.concept`` when a required part is missing;
- ``timed(stage)`` a context manager that adds the seconds spent to ``timings[stage]``
               (stages the bench reports: ``render_html``, ``render_pdf``).

A writer is ``Callable[[Publication], list[Path]]`` and returns the files it wrote.
Writers never compute indicators or format numbers themselves, and never read the
store: all they need is in the Publication.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from ..indicators import by_id, catalogue, open_context
from ..indicators import listed as listed_indicators
from ..indicators.cache import compute_years_reusing
from ..indicators.findings import Finding, merged
from ..indicators.sharing import share
from ..locale import text
from .bars import ministry_chart
from .charts.model import Chart
from .charts.trend import trend_chart
from .figures import PublishedFigures, published_figures
from .incremental import STATE_DIR, OutputState, write_if_changed
from .pdf import PdfWorker, html_to_pdf, report_to_pdf
from .quality import data_quality
from .report import render_report
from .report_data import ReportData
from .review import annex as review_annex
from .tables import report_downloads
from .text.editorial import Editorial, TextSource, prepare
from .text.problems import TextIncomplete
from .words import listing as readable_listing


@dataclass
class Publication:
    out: Path
    lang: str
    year: int
    data: ReportData
    figures: PublishedFigures
    charts: dict[str, Chart]
    timings: dict[str, float] = field(default_factory=dict)
    pdf_worker: PdfWorker | None = None  # renders the report's PDF in a second process
    text: Editorial | None = None  # the team's text (issue 16); None: a concept without text
    comparisons: dict[str, Chart] = field(default_factory=dict)
    # what the last build into ``out`` laid out and wrote (incremental.py); None: everything
    state: OutputState | None = None

    def write(self, path: Path, text: str) -> Path:
        """``path`` with ``text``, written only when its bytes differ from what is there."""
        return write_if_changed(path, text) if self.state is not None else _write_text(path, text)

    def pdf(
        self,
        html: str,
        path: Path,
        in_worker: bool = False,
        held: bool = False,
        pieces: bool = False,
    ) -> Path:
        """``path`` laid out from ``html``, unless it was laid out from exactly that
        (``in_worker``: in the PDF worker; ``held``: a short PDF, see ``PdfWorker.submit``;
        ``pieces``: the report, laid out per section and joined, see ``pdfparts``)."""
        if self.state is not None:
            if self.state.pdf_current(path, html):
                return path
            self.state.pdf_started(path, html)
        base_url = str(self.out)
        if pieces:
            kept = self.out / STATE_DIR / "pdf"
            if in_worker and self.pdf_worker is not None:
                return self.pdf_worker.submit_report(html, path, base_url, kept)
            return report_to_pdf(html, path, base_url, kept)
        if in_worker and self.pdf_worker is not None:
            return self.pdf_worker.submit(html, path, base_url=base_url, held=held)
        return html_to_pdf(html, path, base_url=base_url)

    @contextmanager
    def timed(self, stage: str) -> Iterator[None]:
        start = time.perf_counter()
        try:
            yield
        finally:
            self.timings[stage] = self.timings.get(stage, 0.0) + time.perf_counter() - start


Writer = Callable[[Publication], list[Path]]


def write_rapport(p: Publication) -> list[Path]:
    """rapport.html and rapport.pdf from the same HTML (print CSS for the PDF)."""
    # The print version first: its PDF is the build's longest step, laid out in the worker
    # while this process writes the web version and the other publications.
    printed = render_report(
        p.data,
        p.lang,
        p.figures,
        p.charts,
        medium="print",
        text=p.text,
        comparisons=p.comparisons,
    )
    pdf = (
        p.pdf(printed, p.out / "rapport.pdf", in_worker=True, pieces=True) if p.pdf_worker else None
    )
    with p.timed("render_html"):
        html = render_report(
            p.data, p.lang, p.figures, p.charts, text=p.text, comparisons=p.comparisons
        )
        path = p.write(p.out / "rapport.html", html)
    if pdf is None:
        with p.timed("render_pdf"):
            pdf = p.pdf(printed, p.out / "rapport.pdf", pieces=True)
    return [path, pdf]


def write_publieksversie(p: Publication) -> list[Path]:
    """publieksversie.html and .pdf (as ``public.write_public``, through ``p.write``/``p.pdf``)."""
    from .public import HTML_FILE, PDF_FILE, render_public

    with p.timed("render_public"):
        html = render_public(p.data, p.lang, p.figures, p.charts, text=p.text)
        printed = render_public(p.data, p.lang, p.figures, p.charts, for_print=True, text=p.text)
        # held for the end of the build: laid out beside the report's PDF (PdfWorker.submit)
        written = p.write(p.out / HTML_FILE, html)
        return [written, p.pdf(printed, p.out / PDF_FILE, in_worker=True, held=True)]


def write_kamerbrief(p: Publication) -> list[Path]:
    from .letter import render_letter

    with p.timed("render_letter"):
        html = render_letter(p.data, p.lang, p.figures, p.text)
        return [p.write(p.out / "kamerbrief.html", html)]


def write_tabellen(p: Publication) -> list[Path]:
    """Every report table as CSV, XLSX and ODS under ``tabellen/`` (SPEC §6), and the
    listings per building the report links to instead of printing them."""
    from .site.write import write_report_tables
    from .tables import REPORT_TABLES, Table, write_table

    with p.timed("render_tables"):
        files = write_report_tables(p.figures, p.out, p.state)
        for indicator, name in p.data.listing_files.items():
            caption, columns, rows = p.data.listings[indicator]
            table = Table(caption, columns, [list(r) for r in rows])
            files += write_table(table, p.out / REPORT_TABLES / name)
        for listing in p.data.quality.listings if p.data.quality else []:
            if listing["name"]:  # data-quality listings go to the downloads in full
                table = Table(listing["caption"], listing["headers"], listing["rows"])
                files += write_table(table, p.out / REPORT_TABLES / listing["name"])
        return files


WRITERS: list[Writer] = [write_rapport, write_publieksversie, write_kamerbrief, write_tabellen]

MAX_LISTED = 200


def _listings(
    frames: dict[str, Any], year: int, lang: str
) -> dict[str, tuple[str, list[str], list[list[Any]]]]:
    """Each record listing as (caption, headers, rows), in readers' words (words.py)."""
    out = {}
    for indicator, frame in frames.items():
        listing = by_id()[indicator].listing
        assert listing is not None
        caption = f"{listing.caption(lang)}, {year}"
        if listing.download:
            pass  # every row: the download holds the whole list
        elif len(frame) > MAX_LISTED:
            caption += text("publicatie.lijst.eerste", lang, shown=MAX_LISTED, total=len(frame))
        shown = frame if listing.download else frame.head(MAX_LISTED)
        rows = [list(r) for r in shown.itertuples(index=False)]
        headers, cells = readable_listing([str(c) for c in frame.columns], rows, lang)
        out[indicator] = (caption, headers, cells)
    return out


def log_findings(findings: list[Finding], warnings: list[str] | None, lang: str = "nl") -> None:
    """Operator warnings and data-quality findings in the build log (operator's words)."""
    if warnings is None:
        return
    for f in merged(findings):
        # which of the finding's texts (a key of findings.MESSAGES), not a text itself
        line = f.text("log" if lang == "nl" else "log_en")
        if line not in warnings:
            warnings.append(line)


def all_charts(figures: PublishedFigures, state: OutputState | None = None) -> dict[str, Chart]:
    """The Rijk trend of every indicator that has one (``charts.model.has_trend``; an SVG the
    last build drew of the same chart is taken from ``state``)."""
    drawn = (state.svgs_before, state.svgs) if state is not None else None
    out = {}
    for ind in catalogue():
        chart = trend_chart(figures, ind.id, drawn=drawn)
        if chart is not None:
            out[ind.id] = chart
    return out


def all_comparisons(
    figures: PublishedFigures, state: OutputState | None = None
) -> dict[str, Chart]:
    """The ministries of the reporting year as bars, where the catalogue says a reader
    compares them (``compare = true``; an SVG the last build drew of the same chart is
    taken from ``state``)."""
    drawn = (state.svgs_before, state.svgs) if state is not None else None
    out = {}
    for ind in catalogue():
        chart = ministry_chart(figures, ind.id, drawn=drawn) if ind.compare else None
        if chart is not None:
            out[ind.id] = chart
    return out


def publish_all(
    db: Path,
    out: Path,
    year: int | None,
    outcomes: list[Any],
    engine: str,
    lang: str,
    timings: dict[str, float] | None = None,
    writers: list[Writer] | None = None,
    warnings: list[str] | None = None,
    text: TextSource | None = None,
    final: bool = False,
    told: list[Any] | None = None,
) -> tuple[int | None, list[Path]]:
    """Compute, then run every writer; per-stage seconds are added to ``timings``, the
    build log's warnings (operator warnings, data-quality findings) to ``warnings``.

    The year's text (``text``) is checked against the figures before anything is written:
    a wrong reference raises ``TextErrors``; with ``final`` an incomplete text raises
    ``TextIncomplete``. The text's warnings and what a concept lacks are appended to ``told``.
    """
    timings = {} if timings is None else timings
    writers = WRITERS if writers is None else writers
    # Started first, so that the worker's imports overlap the indicators.
    worker = PdfWorker() if write_rapport in writers else None
    try:
        return _publish(
            db, out, year, outcomes, engine, lang, timings, writers, worker, warnings, text,
            final, told,
        )  # fmt: skip
    finally:
        if worker is not None:
            worker.close()


def _publish(
    db: Path,
    out: Path,
    year: int | None,
    outcomes: list[Any],
    engine: str,
    lang: str,
    timings: dict[str, float],
    writers: list[Writer],
    worker: PdfWorker | None,
    warnings: list[str] | None = None,
    text: TextSource | None = None,
    final: bool = False,
    told: list[Any] | None = None,
) -> tuple[int | None, list[Path]]:
    start = time.perf_counter()
    ctx = open_context(db, engine)
    try:
        # the PDF worker is idle until the report is laid out: it computes half (sharing.py)
        helper = worker.helper() if worker is not None and engine == "duckdb" else None
        options = {"engine": engine}
        fill = (
            None if helper is None else partial(share, db=str(db), options=options, helper=helper)
        )
        values, frames = compute_years_reusing(ctx, year, db, options, fill)
        if year is None:
            year = max(values) if values else None
        listed = _listings(frames, year, lang) if year else {}
    finally:
        # The figures are computed: the store is let go of here, not when this frame goes.
        # A frame can outlive its return: WeasyPrint's first import in a process, laid out
        # below, keeps the frames that imported it until the garbage collector runs.
        ctx.close()
    timings["indicators"] = time.perf_counter() - start
    log_findings(ctx.findings, warnings, lang)
    if year is None:
        return None, []
    start = time.perf_counter()
    quality = data_quality(db, year, outcomes, lang)
    quality.findings = [f.text(lang) for f in merged(ctx.findings) if f.year <= year]
    quality.review = review_annex(db, year, values.get(year, []), lang)
    # Listings per building go to the report's downloads in full (catalogue: download); the
    # report says how many there are and links to them (issue 13: per-building detail
    # belongs in the downloads, the PDF keeps the summary). Data-quality listings go to the
    # data-quality annex, not to a chapter.
    declared = listed_indicators()
    quality_listings = [i.id for i in declared if i.listing and i.listing.quality]
    to_download = {
        i.id: i.listing.download
        for i in declared
        if i.listing and i.listing.download and listed.get(i.id, ("", [], []))[2]
    }
    quality.listings = [
        {
            "caption": listed[i][0],
            "headers": listed[i][1],
            "rows": listed[i][2],
            "name": to_download.get(i, ""),
            "downloads": report_downloads(to_download[i]) if i in to_download else [],
        }
        for i in quality_listings
        if i in listed and listed[i][2]
    ]
    for indicator in quality_listings:
        listed.pop(indicator, None)
    rejected = [
        {"file": r["file"], "problems": r["problems"], "first": "; ".join(r["first"])}
        for r in quality.rejected
    ]
    data = ReportData(
        year=year,
        years=sorted(values),
        values=values,
        deliveries=quality.deliveries,
        rejected=rejected,
        listings=listed,
        listing_files={i: n for i, n in to_download.items() if i in listed},
        quality=quality,
    )
    figures = published_figures(values, year, lang)
    timings["figures"] = time.perf_counter() - start
    start = time.perf_counter()
    editorial = prepare(text or TextSource(None, _empty_config(), "none"), year, lang, figures)
    if final and editorial.concept:
        raise TextIncomplete(year, editorial.missing)
    if told is not None:
        told.append(editorial)
    timings["text"] = time.perf_counter() - start
    start = time.perf_counter()
    out.mkdir(parents=True, exist_ok=True)
    state = OutputState(out)
    if worker is not None and (helper := worker.helper()) is not None:
        # the charts not drawn before, half of them by the PDF worker (still idle)
        from types import SimpleNamespace

        from .charts.render import draw_shared

        peek: Any = SimpleNamespace(svgs_before=state.svgs_before, svgs={})
        draw_shared(lambda: (all_charts(figures, peek), all_comparisons(figures, peek)), helper[0])
    charts = all_charts(figures, state)
    comparisons = all_comparisons(figures, state)
    timings["charts"] = time.perf_counter() - start
    publication = Publication(
        out, lang, year, data, figures, charts, timings, worker, editorial, comparisons, state
    )
    files: list[Path] = []
    for writer in writers:
        files += writer(publication)
    if worker is not None:
        start = time.perf_counter()
        timings["render_pdf"] = worker.finish()  # the worker's own seconds
        timings["render_pdf_wait"] = time.perf_counter() - start  # what the build waited
    state.save(finished=True)
    return year, files


def _write_text(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def _empty_config() -> Any:
    from .text.config import Config

    return Config()

"""HTML → PDF with WeasyPrint: A4, tagged (PDF/UA-1), fonts embedded, text selectable.

The page layout (running headers, page numbers, table of contents with page
numbers through ``target-counter``) lives in the document's own print CSS, so
the same HTML file is the web page and the PDF source. WeasyPrint needs Pango
and a font (Debian: libpango-1.0-0, libpangoft2-1.0-0, fonts-dejavu-core; see
the Makefile's SYSTEM_PACKAGES).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from .pdfua import WEASYPRINT_OPTIONS

T = TypeVar("T")


def html_to_pdf(html: str, pdf_path: Path, base_url: str | None = None) -> Path:
    """Write ``html`` as a tagged PDF at ``pdf_path``.

    The HTML must carry ``<html lang>`` and ``<title>``: PDF/UA takes the document's
    language and title from them. ``base_url`` resolves relative links and images.
    """
    from weasyprint import HTML

    from .pdfua import repair

    pdf_path.parent.mkdir(parents=True, exist_ok=True)
    HTML(string=html, base_url=base_url).write_pdf(pdf_path, **WEASYPRINT_OPTIONS)
    repair(pdf_path)  # what WeasyPrint's tagging leaves out of PDF/UA-1 (pdfua.py)
    return pdf_path


def report_to_pdf(html: str, pdf_path: Path, base_url: str | None, kept: Path | None) -> Path:
    """The report's ``html`` as a tagged PDF, laid out in pieces here (``pdfparts``; the
    build gives them to the PDF worker, :meth:`PdfWorker.submit_report`)."""
    from .pdfparts import Kept, Report, split

    pieces = split(html)
    if pieces is None:
        return html_to_pdf(html, pdf_path, base_url)
    pdf_path.parent.mkdir(parents=True, exist_ok=True)
    Report(pieces, pdf_path, base_url, Kept(kept), None).finish(None)
    return pdf_path


def _timed_pdf(html: str, pdf_path: str, base_url: str | None) -> float:
    """:func:`html_to_pdf` in the worker process; returns its seconds."""
    import time

    start = time.perf_counter()
    html_to_pdf(html, Path(pdf_path), base_url)
    return time.perf_counter() - start


def _warm() -> None:
    """Import WeasyPrint (and its cffi bindings to Pango, ~2 s) before the first job; the
    worker only builds, at the build's pace (``collector``)."""
    import weasyprint  # noqa: F401

    from ..collector import worker_pace

    worker_pace()


# The worker process, started by the first build of this process and kept for the next
# ones (a process that builds again, such as a test run or a server, imports WeasyPrint
# once); replaced when it has died. Python stops it when this process ends.
_PROCESS: Any = None


def _worker_process() -> Any:
    """The PDF worker process (a one-process pool), started and warming up if there was
    none or it died; None where no process can be started (limits)."""
    from .processes import kept_pool

    global _PROCESS
    _PROCESS = kept_pool(_PROCESS, 1, _warm)
    return _PROCESS


def _warm_indicators() -> None:
    """Import the indicators' computing (Ibis, DuckDB, pandas; ~1,5 s) and the chart
    drawing in the worker: it helps with both (``indicators.sharing``, ``draw_shared``)."""
    import vl_convert  # noqa: F401

    import jbr.indicators.computing  # noqa: F401


def start_worker() -> None:
    """Start the PDF worker now, warming up for the indicators it helps compute and the
    PDFs it lays out: called before a build's load, the imports overlap the load."""
    pool = _worker_process()
    if pool is not None:
        pool.submit(_warm_indicators)


def _forget_process() -> None:
    """The worker process died: the next build starts another."""
    global _PROCESS
    _PROCESS = None


def _or_here(job: Any, here: Any) -> Any:
    """A worker job's result, or ``here()`` if the worker process died (started by an
    earlier build and killed since, or died now): the next build starts another."""
    from concurrent.futures.process import BrokenProcessPool

    try:
        return job.result()
    except BrokenProcessPool:
        _forget_process()
        return here()


def worker_pid() -> int | None:
    """The PDF worker process's id, None when there is none (for the tests)."""
    import os

    pid = in_worker(os.getpid)
    return None if pid is None else int(pid)


def in_worker(function: Callable[[], T]) -> T | None:
    """``function`` (importable, no arguments) called in the PDF worker process; None when
    there is none (for the tests)."""
    return None if _PROCESS is None else _PROCESS.submit(function).result()


class PdfWorker:
    """One separate process that renders PDFs while this one goes on (and, before the
    first PDF, computes half the indicators and draws half the charts: ``helper``).

    WeasyPrint is pure Python and single-threaded, and the report's PDF is the
    longest single step of a build. Started before the indicators are computed, the
    worker imports WeasyPrint while DuckDB works; a submitted PDF is then laid out
    on the second core while this process writes the other publications. ``spawn``,
    not ``fork``: the parent holds DuckDB's threads and connections; and a spawn that
    does not run the caller's script again (``processes.CLEAN_SPAWN``), so ``jbr.build``
    works from a script without a ``__main__`` guard. Where no
    process can be started, the PDF is rendered here, at the same point.
    """

    def __init__(self) -> None:
        from concurrent.futures import Future

        # each job in the worker, with what it lays out (to lay it out here if the worker died)
        self._jobs: list[tuple[Future[float], tuple[str, str, str | None]]] = []
        self._held: list[tuple[str, Path, str | None]] = []  # laid out at finish()
        self._reports: list[Any] = []  # pdfparts.Report: laid out in pieces, joined at finish()
        self._pool = _worker_process()

    def submit(
        self, html: str, pdf_path: Path, base_url: str | None = None, held: bool = False
    ) -> Path:
        """Lay out ``html`` in the worker. A ``held`` PDF (a short one, such as the public
        version) waits for :meth:`finish`: by then this process has written everything
        else and would only wait, so it lays the short PDF out itself while the worker is
        still busy with the long one (two cores, two PDFs), or hands it to the worker
        when that is idle and has WeasyPrint imported already."""
        if self._pool is None:
            html_to_pdf(html, pdf_path, base_url)
        elif held:
            self._held.append((html, pdf_path, base_url))
        else:
            self._run(html, str(pdf_path), base_url)
        return pdf_path

    def helper(self) -> tuple[Any, Any] | None:
        """The worker's pool for other work while no PDF is submitted (the indicators,
        ``indicators.sharing``), and what to call if its process died; None without one."""
        return None if self._pool is None else (self._pool, _forget_process)

    def submit_report(
        self, html: str, pdf_path: Path, base_url: str | None, kept: Path | None
    ) -> Path:
        """The report: laid out in pieces (``pdfparts``), each section a job of the worker
        that this process takes over at :meth:`finish` if the worker has not begun it;
        pieces laid out from the same HTML before are taken from ``kept``."""
        from .pdfparts import Kept, Report, split

        pieces = split(html)
        if pieces is None:  # not the report's shape: one document
            return self.submit(html, pdf_path, base_url)
        self._reports.append(Report(pieces, pdf_path, base_url, Kept(kept), self._pool))
        return pdf_path

    def _run(self, html: str, pdf_path: str, base_url: str | None) -> None:
        assert self._pool is not None
        args = (html, pdf_path, base_url)
        self._jobs.append((self._pool.submit(_timed_pdf, *args), args))

    def finish(self) -> float:
        """Wait for every PDF; their rendering seconds. A failed PDF raises its error here."""
        try:
            seconds = 0.0
            for html, pdf_path, base_url in self._held:  # only held with a pool
                assert self._pool is not None
                if all(job.done() for job, _ in self._jobs):  # the worker is idle and warm
                    self._run(html, str(pdf_path), base_url)
                else:  # the worker is busy with a longer PDF: lay this one out here
                    seconds += _timed_pdf(html, str(pdf_path), base_url)
            self._held.clear()
            for report in self._reports:
                seconds += report.finish(self._piece_result)
            self._reports.clear()
            return seconds + sum(self._result(job, args) for job, args in self._jobs)
        finally:
            self.close()

    @staticmethod
    def _result(job: Any, args: tuple[str, str, str | None]) -> float:
        """A job's seconds; laid out here if the worker process died."""
        return float(_or_here(job, lambda: _timed_pdf(*args)))

    @staticmethod
    def _piece_result(job: Any, html: str, base_url: str | None) -> Any:
        """A piece's (LaidOut, seconds); laid out here if the worker process died."""
        from .pdfparts import timed_lay_out

        return _or_here(job, lambda: timed_lay_out(html, base_url))

    def close(self) -> None:
        """This build's PDFs are done or given up: the ones not started are cancelled, the
        one being laid out is waited for. The process stays for the next build."""
        from .processes import settle

        settle([job for job, _ in self._jobs])
        settle([job for r in self._reports for _, _, _, job in r.jobs if job is not None])
        self._reports.clear()
        self._pool = None

"""HTML → PDF with WeasyPrint: A4, tagged (PDF/UA-1), fonts embedded, text selectable.

The page layout (running headers, page numbers, table of contents with page
numbers through ``target-counter``) lives in the document's own print CSS, so
the same HTML file is the web page and the PDF source. WeasyPrint needs Pango
and a font (Debian: libpango-1.0-0, libpangoft2-1.0-0, fonts-dejavu-core; see
the Makefile's SYSTEM_PACKAGES).
"""

from __future__ import annotations

from pathlib import Path

PDF_VARIANT = "pdf/ua-1"  # tagged PDF with a structure tree, title and language (PDF/UA)


def html_to_pdf(html: str, pdf_path: Path, base_url: str | None = None) -> Path:
    """Write ``html`` as a tagged PDF at ``pdf_path``.

    The HTML must carry ``<html lang>`` and ``<title>``: PDF/UA takes the document's
    language and title from them. ``base_url`` resolves relative links and images.
    """
    from weasyprint import HTML

    from .pdfua import repair

    pdf_path.parent.mkdir(parents=True, exist_ok=True)
    HTML(string=html, base_url=base_url).write_pdf(
        pdf_path,
        pdf_variant=PDF_VARIANT,
        pdf_tags=True,
        # written uncompressed: the repair below reads every page and saves the file
        # compressed (pikepdf), so compressing here too would be done twice (issue 19:
        # 0,4–0,7 s of the report's PDF; the saved file has the same content)
        uncompressed_pdf=True,
    )
    repair(pdf_path)  # what WeasyPrint's tagging leaves out of PDF/UA-1 (pdfua.py)
    return pdf_path


def _timed_pdf(html: str, pdf_path: str, base_url: str | None) -> float:
    """:func:`html_to_pdf` in the worker process; returns its seconds."""
    import time

    start = time.perf_counter()
    html_to_pdf(html, Path(pdf_path), base_url)
    return time.perf_counter() - start


def _warm() -> None:
    """Import WeasyPrint (and its cffi bindings to Pango, ~2 s) before the first job."""
    import weasyprint  # noqa: F401


class PdfWorker:
    """One separate process that renders PDFs while this one goes on.

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
        from concurrent.futures import Future, ProcessPoolExecutor

        from .processes import CLEAN_SPAWN

        self._jobs: list[Future[float]] = []
        self._held: list[tuple[str, Path, str | None]] = []  # laid out at finish()
        try:
            self._pool: ProcessPoolExecutor | None = ProcessPoolExecutor(
                max_workers=1, mp_context=CLEAN_SPAWN
            )
            self._pool.submit(_warm)
        except OSError:  # no process can be started (limits): render in this process
            self._pool = None

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
            self._jobs.append(self._pool.submit(_timed_pdf, html, str(pdf_path), base_url))
        return pdf_path

    def finish(self) -> float:
        """Wait for every PDF; their rendering seconds. A failed PDF raises its error here."""
        try:
            seconds = 0.0
            for html, pdf_path, base_url in self._held:  # only held with a pool
                assert self._pool is not None
                if all(job.done() for job in self._jobs):  # the worker is idle and warm
                    self._jobs.append(self._pool.submit(_timed_pdf, html, str(pdf_path), base_url))
                else:  # the worker is busy with a longer PDF: lay this one out here
                    seconds += _timed_pdf(html, str(pdf_path), base_url)
            self._held.clear()
            return seconds + sum(job.result() for job in self._jobs)
        finally:
            self.close()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

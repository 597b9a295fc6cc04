"""The PDF worker: the report's PDF is laid out in a second process (issue 7's build time),
and what it writes or fails with reaches the build exactly as rendering in-process would."""

from __future__ import annotations

import pytest
from pypdf import PdfReader

from jbr.publish.pdf import PdfWorker, html_to_pdf, worker_pid

HTML = (
    '<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8"><title>Proef</title></head>'
    "<body><h1>Jaarrapportage</h1><p>Aantal fte: 1.234,5</p></body></html>"
)


def test_worker_writes_the_same_pdf_text_as_in_process(tmp_path):
    worker = PdfWorker()
    returned = worker.submit(HTML, tmp_path / "worker.pdf")
    seconds = worker.finish()
    html_to_pdf(HTML, tmp_path / "here.pdf")
    assert returned == tmp_path / "worker.pdf"
    assert seconds > 0
    text = PdfReader(tmp_path / "worker.pdf").pages[0].extract_text()
    assert "Jaarrapportage" in text and "1.234,5" in text
    assert text == PdfReader(tmp_path / "here.pdf").pages[0].extract_text()
    assert PdfReader(tmp_path / "worker.pdf").trailer["/Root"].get("/StructTreeRoot") is not None


def test_a_failed_pdf_raises_in_the_build_not_silently(tmp_path):
    # The PDF's folder cannot be made (a file is in the way): the error is the build's.
    (tmp_path / "bezet").write_text("een bestand, geen map")
    worker = PdfWorker()
    worker.submit(HTML, tmp_path / "bezet" / "rapport.pdf")
    with pytest.raises(OSError):
        worker.finish()


def test_the_worker_process_serves_the_next_build_and_is_replaced_when_it_died(tmp_path):
    # A process that builds again (a test run, a server) starts WeasyPrint's process once;
    # killed between two builds, the next build's PDF is still written (here, or by a new
    # worker process), and a new process serves the builds after it.
    import os
    import signal

    def build(name: str) -> None:
        worker = PdfWorker()
        worker.submit(HTML.replace("Jaarrapportage", name), tmp_path / f"{name}.pdf")
        assert worker.finish() > 0
        assert name in PdfReader(tmp_path / f"{name}.pdf").pages[0].extract_text()

    build("Eerste")
    first = worker_pid()
    assert first is not None and first != os.getpid()
    build("Tweede")
    assert worker_pid() == first  # the same process: WeasyPrint imported once
    os.kill(first, signal.SIGKILL)
    build("Derde")
    build("Vierde")
    assert worker_pid() not in (None, first)


LONG = HTML.replace("</body>", "<p>regel</p>" * 1000 + "</body>")  # some 25 pages


@pytest.mark.parametrize("busy", [True, False])
def test_a_held_pdf_is_laid_out_whoever_is_free(tmp_path, busy):
    # A held PDF (the public version) waits for finish(): laid out in this process while
    # the worker is busy with a long one, by the idle worker otherwise. Either way it is
    # written, complete, and finish() counts its seconds.
    worker = PdfWorker()
    if busy:
        worker.submit(LONG, tmp_path / "lang.pdf")
    held = worker.submit(
        HTML.replace("Jaarrapportage", "Publieksversie"), tmp_path / "kort.pdf", held=True
    )
    assert not held.exists()  # held: nothing laid out before finish()
    seconds = worker.finish()
    assert seconds > 0
    assert "Publieksversie" in PdfReader(held).pages[0].extract_text()
    if busy:
        assert len(PdfReader(tmp_path / "lang.pdf").pages) > 10


UNGUARDED_SCRIPT = """\
import sys
import jbr
from jbr.api import publish, review_override, write_site

print("script ran", flush=True)  # printed again if a worker process re-ran this script
files = sys.argv[1:-2]
out, db = sys.argv[-2], sys.argv[-1]
result = jbr.build(files, out=out, db=db)
print("pdf worker used:", "render_pdf_wait" in result.timings, flush=True)
for year in (2023, 2024):
    review_override(year, "test: no review", db=db)
    publish(year, db=db, by="test", without_text=True, reason="test: no text")
write_site(db=db, out=out)
print("done", flush=True)
"""


def test_build_from_a_script_without_main_guard(tmp_path):
    """Issue 14 item 8: the README's example at a script's top level, no ``__main__`` guard.

    With plain ``spawn`` every worker (the report's PDF, the site's charts) ran the script
    again: a second build waiting for the store, then BrokenProcessPool and no PDF.
    """
    import subprocess
    import sys

    from .publications import deliveries

    files = deliveries(tmp_path / "in")
    script = tmp_path / "maak_rapport.py"
    script.write_text(UNGUARDED_SCRIPT, encoding="utf-8")
    out, db = tmp_path / "out", tmp_path / "store.duckdb"
    run = subprocess.run(
        [sys.executable, str(script), *map(str, files), str(out), str(db)],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=tmp_path,
        env={**__import__("os").environ, "JBR_LOCK_TIMEOUT": "5"},
    )
    assert run.returncode == 0, run.stderr[-3000:]
    # The script ran once: neither the PDF worker nor the chart workers ran it again.
    assert run.stdout.count("script ran") == 1, run.stdout
    assert "pdf worker used: True" in run.stdout  # the PDF came from the worker process
    assert "done" in run.stdout
    assert "BrokenProcessPool" not in run.stderr and "in gebruik" not in run.stderr
    assert PdfReader(out / "rapport.pdf").pages[0].extract_text()
    charts = list((out / "site").rglob("*.svg"))
    assert len(charts) >= 24, "the site's charts were drawn (by the worker pool)"

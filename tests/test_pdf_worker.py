"""The PDF worker: the report's PDF is laid out in a second process (issue 7's build time),
and what it writes or fails with reaches the build exactly as rendering in-process would."""

from __future__ import annotations

import pytest
from pypdf import PdfReader

from jbr.publish.pdf import PdfWorker, html_to_pdf

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

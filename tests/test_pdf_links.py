"""Links in a PDF to files beside it are relative (SPEC §6: the static output stands alone).

WeasyPrint resolves ``href="tabellen/x.csv"`` against the base URL into
``file:///…/out/tabellen/x.csv``: a path of the machine that built it, dead once the
folder is copied. ``pdflinks.relative_links`` makes such links relative again.
"""

from __future__ import annotations

from pathlib import Path

import pikepdf
import pytest

from jbr.publish.pdf import html_to_pdf
from jbr.publish.pdflinks import relative_link


@pytest.mark.parametrize(
    ("uri", "expected", "why"),
    [
        ("file://{out}/tabellen/x.csv", "tabellen/x.csv", "a download beside the report"),
        ("file://{out}/rapport.pdf", "rapport.pdf", "the public version's link to the report"),
        ("file://{out}/rapport.html#h-woo", "rapport.html#h-woo", "the fragment is kept"),
        ("file://{out}/a%20b/c.csv", "a%20b/c.csv", "a space stays escaped in a URI"),
        ("file://{out}-oud/x.csv", None, "a sibling folder whose name starts alike"),
        ("file:///etc/passwd", None, "outside the folder: left as it is"),
        ("https://www.rijksoverheid.nl/", None, "a web address: left as it is"),
        ("mailto:jbr@example.org", None, "not a file"),
    ],
)
def test_relative_link(tmp_path, uri, expected, why):
    out = tmp_path / "out"
    out.mkdir()
    assert relative_link(uri.format(out=out.resolve()), out) == expected, why


HTML = (
    '<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8"><title>Proef</title></head>'
    '<body><h1>Proef</h1><p><a href="tabellen/personeel.csv">De tabel</a>, '
    '<a href="rapport.pdf#h-woo">het rapport</a> en '
    '<a href="https://www.rijksoverheid.nl/">de site</a>.</p></body></html>'
)


def uris(path: Path) -> list[str]:
    with pikepdf.open(path) as pdf:
        return [str(a.A.URI) for p in pdf.pages for a in p.get("/Annots") or [] if "/A" in a]


def test_a_pdf_links_to_its_neighbours_relatively_and_does_not_know_where_it_was_built(
    tmp_path,
):
    first, second = tmp_path / "een" / "out", tmp_path / "twee" / "elders"
    pdfs = [html_to_pdf(HTML, f / "publieksversie.pdf", base_url=str(f)) for f in (first, second)]
    assert sorted(uris(pdfs[0])) == [
        "https://www.rijksoverheid.nl/",
        "rapport.pdf#h-woo",
        "tabellen/personeel.csv",
    ]
    # no trace of the folder it was built in: two folders give the same bytes
    assert pdfs[0].read_bytes() == pdfs[1].read_bytes()
    assert b"file:" not in pdfs[0].read_bytes()

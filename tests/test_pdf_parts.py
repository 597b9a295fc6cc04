"""The report's PDF laid out in pieces and joined (issue 19, ``jbr/publish/pdfparts.py``).

The oracle is WeasyPrint itself: the same HTML laid out as one document. A report in the
shape of ``rapport.html.j2`` with the real ``rapport.css`` (title page, contents with
page numbers, summary, chapters with tables over several pages, links into other
chapters and the annex) is laid out both ways; the pieces must give the same pages (as
images, pixel for pixel, and as text), the same outline, links to the same pages and the
contents' numbers where the sections start. Kept pieces: a second build lays out nothing
and writes the same bytes; a changed chapter is laid out alone and the result is the
bytes of a build from nothing.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pikepdf
import pytest
from pypdf import PdfReader

from jbr.publish import pdfparts
from jbr.publish.pdf import html_to_pdf, report_to_pdf

CSS = (Path(pdfparts.__file__).parent / "templates" / "rapport.css").read_text(encoding="utf-8")

# (id, heading, rows of its table): the rows make a chapter one page or several
SECTIONS = [
    ("samenvatting", "Samenvatting", 4),
    ("personnel", "1. Personeel", 90),
    ("housing", "2. Huisvesting", 12),
    ("methodologie", "Bijlage A. Methodologie", 40),
]


def report_html(sections=SECTIONS, concept: bool = True, change: str = "") -> str:
    """A report as rapport.html.j2 writes it for print (medium="print")."""
    toc = "".join(f'<li><a href="#{i}">{h}</a></li>' for i, h, _ in sections)
    parts = []
    for n, (ident, heading, rows) in enumerate(sections):
        body = "".join(
            f'<tr><th scope="row">Ministerie {r}</th><td class="num">{r * 7 + n}{change}</td>'
            f'<td class="num">{r * 3}</td></tr>'
            for r in range(rows)
        )
        links = (
            '<p>Zie <a href="#def-fte">de definitie van fte</a> en '
            f'<a href="#{ident}.table">de tabel hieronder</a> en '
            '<a href="#personnel.table">de tabel van personeel</a>.</p>'
            if ident != "methodologie"
            else '<h3 id="def-fte">Fte</h3><p>Een fte is een voltijdbaan.</p>'
        )
        parts.append(
            f'<section class="{"annex" if ident == "methodologie" else "chapter"}" id="{ident}">\n'
            f"<h2>{heading}</h2>\n{links}\n"
            f'<article class="indicator"><h3 id="{ident}.table">Tabel van {heading}</h3>'
            f"<table><caption>Aantallen per ministerie</caption><thead><tr>"
            f'<th scope="col">Ministerie</th><th scope="col">2024</th><th scope="col">2023</th>'
            f"</tr></thead><tbody>{body}</tbody></table></article>\n</section>\n"
        )
    note = (
        '<p class="concept-note" role="note">Concept: deze tekst is nog niet vastgesteld.</p>\n'
        if concept
        else ""
    )
    concept_style = (
        '<style>@page { @top-center { content: "Concept"; } }'
        ' body::before { content: "CONCEPT"; position: fixed; top: 45%; left: 30%;'
        " color: rgba(164, 22, 26, .13); font-size: 40pt; }</style>"
        if concept
        else ""
    )
    return (
        '<!DOCTYPE html>\n<html lang="nl">\n<head>\n<meta charset="utf-8">\n'
        f"<title>Proefrapport</title>\n<style>\n{CSS}\n</style>\n{concept_style}\n</head>\n"
        f"<body>\n{note}"
        '<header class="titlepage">\n<h1>Proefrapport 2024</h1>\n<p>Een proef.</p>\n</header>\n'
        '<nav class="toc" aria-labelledby="toc-title">\n<h2 id="toc-title">Inhoud</h2>\n'
        f"<ol>\n{toc}\n</ol>\n</nav>\n<main>\n{''.join(parts)}</main>\n</body>\n</html>\n"
    )


def test_the_report_splits_where_its_sections_start():
    html = report_html()
    s = pdfparts.split(html)
    assert s is not None
    assert s.ids == [i for i, _, _ in SECTIONS]
    assert s.titles == [h for _, h, _ in SECTIONS]
    assert s.doctitle == "Proefrapport 2024"
    # nothing lost or doubled: the pieces are the document again
    assert s.head + s.front + "".join(s.sections) + s.tail == html
    owner = s.owner()
    assert owner["def-fte"] == 4 and owner["personnel.table"] == 2 and owner["toc-title"] == 0
    housing = pdfparts.section_html(s, 2, owner)
    # a link within the piece stays; a link into another piece waits for the joining
    assert 'href="#housing.table"' in housing
    assert f'href="{pdfparts.ELSEWHERE}def-fte"' in housing
    assert f'href="{pdfparts.ELSEWHERE}personnel.table"' in housing
    assert 'href="#def-fte"' not in housing


@pytest.mark.parametrize(
    "html, why",
    [
        ("<html><body><p>Publieksversie</p></body></html>", "no sections: laid out whole"),
        (
            '<html><body><main><section class="chapter" id="a"><p>geen kop</p></section>'
            "</main></body></html>",
            "a section without a heading has no running head to give",
        ),
    ],
)
def test_other_html_is_laid_out_whole(html, why):
    assert pdfparts.split(html) is None, why


def _images(pdf: Path, folder: Path) -> list[bytes]:
    folder.mkdir()
    subprocess.run(["pdftoppm", "-r", "50", "-png", str(pdf), str(folder / "p")], check=True)
    return [p.read_bytes() for p in sorted(folder.glob("p-*.png"))]


def _outline(path: Path) -> list[tuple[int, str, int]]:
    with pikepdf.open(path) as pdf:
        pages = {p.obj.objgen: n for n, p in enumerate(pdf.pages)}
        found: list[tuple[int, str, int]] = []
        with pdf.open_outline() as outline:

            def walk(items, depth):
                for item in items:
                    found.append((depth, item.title, pages[item.destination[0].objgen]))
                    walk(item.children, depth + 1)

            walk(outline.root, 0)
        return found


def _links(path: Path) -> list[tuple[int, list[float], int | str]]:
    """(page, rectangle, the page it leads to or its URI) of every link."""
    with pikepdf.open(path) as pdf:
        pages = {p.obj.objgen: n for n, p in enumerate(pdf.pages)}
        names = pdf.Root.Names.Dests.Names
        dests = {str(names[i]): names[i + 1] for i in range(0, len(names), 2)}
        found: list[tuple[int, list[float], int | str]] = []
        for n, page in enumerate(pdf.pages):
            for annot in page.get("/Annots") or []:
                rect = [round(float(x), 1) for x in annot.Rect]
                target = (
                    pages[dests[str(annot.Dest)][0].objgen]
                    if "/Dest" in annot
                    else str(annot.A.URI)
                )
                found.append((n, rect, target))
        return found


@pytest.fixture(scope="module")
def both(tmp_path_factory):
    folder = tmp_path_factory.mktemp("pieces")
    html = report_html()
    whole = html_to_pdf(html, folder / "whole.pdf")
    pieces = report_to_pdf(html, folder / "pieces.pdf", None, None)
    return folder, whole, pieces


def test_the_pieces_give_the_pages_of_one_document(both):
    folder, whole, pieces = both
    a, b = PdfReader(whole), PdfReader(pieces)
    assert len(a.pages) == len(b.pages) >= 7  # personnel's 90 rows run over pages
    assert [p.extract_text() for p in a.pages] == [p.extract_text() for p in b.pages]
    # as pictures too: the running heads, the "n / total" and the concept mark included
    assert _images(whole, folder / "whole") == _images(pieces, folder / "pieces")


def test_contents_numbers_outline_and_links_as_in_one_document(both):
    _, whole, pieces = both
    pages = [p.extract_text() for p in PdfReader(pieces).pages]
    for _, heading, _ in SECTIONS:
        # the first page after the contents with the heading (a section's own running
        # head stands on its pages only): the number the contents must give
        start = next(n for n in range(3, len(pages) + 1) if heading in pages[n - 1])
        line = next(line for line in pages[1].splitlines() if line.startswith(heading))
        assert line.rstrip().endswith(f" {start}"), (line, start)
    assert _outline(pieces) == _outline(whole)
    links = _links(pieces)
    assert links == _links(whole)
    assert all(isinstance(target, int) for _, _, target in links)  # no jbr-anchor: left


def test_a_kept_piece_is_not_laid_out_again(tmp_path, monkeypatch):
    laid: list[str] = []
    real = pdfparts.lay_out

    def counted(html, base_url):
        laid.append(html)
        return real(html, base_url)

    monkeypatch.setattr(pdfparts, "lay_out", counted)
    kept = tmp_path / "kept"
    first = report_to_pdf(report_html(), tmp_path / "a.pdf", None, kept).read_bytes()
    assert len(laid) == len(SECTIONS) + 2  # every section, the front and the stamp
    laid.clear()
    again = report_to_pdf(report_html(), tmp_path / "b.pdf", None, kept).read_bytes()
    assert laid == [] and again == first

    # A figure of the housing chapter corrected: that chapter alone is laid out again
    # (the pages did not move, so the front and the stamp are kept too) ...
    row = '<th scope="row">Ministerie 5</th><td class="num">'  # housing's: 5 × 7 + 2
    assert report_html().count(row + "37<") == 1
    changed = report_html().replace(row + "37<", row + "99<")
    corrected = report_to_pdf(changed, tmp_path / "c.pdf", None, kept).read_bytes()
    assert len(laid) == 1 and "2. Huisvesting" in laid[0]
    # ... and the PDF is byte for byte the one laid out from nothing
    assert corrected == report_to_pdf(changed, tmp_path / "d.pdf", None, None).read_bytes()
    assert corrected != first
    # the pieces the last build did not use are forgotten
    assert len(list(kept.glob("*.pdf"))) == len(SECTIONS) + 2


def test_a_longer_chapter_moves_the_numbers_after_it(tmp_path):
    # 200 more rows in personnel: every later section starts later, in the contents and
    # on the pages, as WeasyPrint lays out the whole document
    longer = [(i, h, r + 200 if i == "personnel" else r) for i, h, r in SECTIONS]
    html = report_html(longer)
    kept = tmp_path / "kept"
    report_to_pdf(report_html(), tmp_path / "a.pdf", None, kept)
    pieces = report_to_pdf(html, tmp_path / "b.pdf", None, kept)
    whole = html_to_pdf(html, tmp_path / "whole.pdf")
    a, b = PdfReader(whole), PdfReader(pieces)
    assert len(b.pages) > len(PdfReader(tmp_path / "a.pdf").pages)
    assert [p.extract_text() for p in a.pages] == [p.extract_text() for p in b.pages]


@pytest.mark.parametrize("killed", [False, True])
def test_the_worker_and_this_process_lay_out_the_same_pdf(tmp_path, killed):
    # The build hands the pieces to the PDF worker and takes over those it has not begun;
    # the bytes are those of the pieces laid out here. A worker killed while it lays them
    # out costs time, not the PDF: its pieces are laid out here.
    import os
    import signal

    from jbr.publish.pdf import PdfWorker, worker_pid

    html = report_html()
    worker = PdfWorker()
    pid = worker_pid()
    assert pid is not None and pid != os.getpid()
    worker.submit_report(html, tmp_path / "worker.pdf", None, None)
    if killed:
        os.kill(pid, signal.SIGKILL)
    assert worker.finish() > 0
    here = report_to_pdf(html, tmp_path / "here.pdf", None, None)
    assert (tmp_path / "worker.pdf").read_bytes() == here.read_bytes()

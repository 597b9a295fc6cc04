"""PDF/UA-1 (issue 18): the structure tree of rapport.pdf and publieksversie.pdf, read with
pikepdf (tests/pdf_structure.py, independent of jbr/publish/pdfua.py that repairs it):

- running heads and page numbers are /Artifact (/Pagination, /Header or /Footer), and no
  marked content is left outside the tree;
- every TH has a /Scope, every TD names its headers, and every header — the corner cell
  above the row headers too — is named by a cell; the IDs are in the /IDTree;
- a table split across pages is one Table, with its caption;
- every link annotation prints;
- a figure's alternative text is not the caption printed beside it (a screen reader would
  read it twice).

Checked on a small WeasyPrint document built for it (every number by hand) and on the small
demo's report and public version.
"""

from __future__ import annotations

from pathlib import Path

import pikepdf
import pytest

from jbr.publish.pdf import html_to_pdf

from . import pdf_structure as s

ROWS = 60  # body rows of the long table: on A6 pages it runs over three pages


def long_table_html() -> str:
    rows = "".join(
        f'<tr><th scope="row">Rij {n}</th><td>{n}</td><td>{2 * n}</td></tr>' for n in range(ROWS)
    )
    return (
        '<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8"><title>Proef</title>'
        "<style>@page { size: A6; margin: 18mm 10mm;"
        " @top-left { content: 'Kop van de pagina'; }"
        " @bottom-right { content: counter(page) ' / ' counter(pages); } }"
        " body { font-family: 'DejaVu Sans'; font-size: 9pt; } tr { break-inside: avoid; }</style>"
        '</head><body><h1>Proef</h1><p>Zie <a href="https://www.rijksoverheid.nl/">de site</a>.</p>'
        "<table><caption>Lange tabel</caption>"
        '<thead><tr><th scope="col">Rij</th><th scope="col">Eén</th><th scope="col">Twee</th></tr>'
        f"</thead><tbody>{rows}</tbody></table>"
        "<table><caption>Korte tabel</caption>"
        '<thead><tr><th scope="col">Naam</th><th scope="col">Waarde</th></tr></thead>'
        "<tbody><tr><td>a</td><td>1</td></tr></tbody></table></body></html>"
    )


@pytest.fixture(scope="module")
def long_table(tmp_path_factory) -> Path:
    return html_to_pdf(long_table_html(), tmp_path_factory.mktemp("pdfua") / "proef.pdf")


def test_a_table_over_three_pages_is_one_table(long_table):
    tree = s.read(long_table)
    assert len(tree.pdf.pages) >= 3  # 60 rows of 9 pt on A6
    tables = s.tables(tree)
    assert len(tables) == 2  # the long one and the short one, not a piece per page
    long, short = tables
    assert s.tables_without_caption(tree) == 0
    assert [s.tag(k) for k in s.children(long)] == ["Caption", "THead", "TBody"]
    rows = {row.objgen: row for row, cell in s.cells(long) if s.tag(cell) == "TD"}
    assert len(rows) == ROWS  # every body row, once
    assert len({tree.page_of(r) for r in rows.values()}) >= 3  # on three pages
    assert [s.tag(c) for _, c in s.cells(short)] == ["TH", "TH", "TD", "TD"]


def test_headers_scoped_and_referenced(long_table):
    tree = s.read(long_table)
    assert s.header_problems(tree) == []
    long = s.tables(tree)[0]
    scopes = [str(s.attribute(c, "/Scope")) for _, c in s.cells(long) if s.tag(c) == "TH"]
    # 3 column headers (the first page's header row only) and one row header a row
    assert scopes.count("/Column") == 3 and scopes.count("/Row") == ROWS
    corner = next(c for _, c in s.cells(long) if s.tag(c) == "TH")
    row_header = [c for _, c in s.cells(long) if s.tag(c) == "TH"][3]
    assert [str(h) for h in s.attribute(row_header, "/Headers")] == [str(corner.ID)]
    ids = {str(k) for k in tree.pdf.Root.StructTreeRoot.IDTree.Names[::2]}
    assert {str(c.ID) for _, c in s.cells(long) if s.tag(c) == "TH"} <= ids


def test_running_heads_are_pagination_artifacts(long_table):
    tree = s.read(long_table)
    assert s.untagged_content(tree) == {}
    artifacts = s.pagination_artifacts(tree.pdf)
    for n in range(len(tree.pdf.pages)):
        # "Kop van de pagina" at the top, "n / N" at the bottom of every page
        assert {"Header", "Footer"} <= set(artifacts.get(n, [])), n
    # and the text is still there to read
    from pypdf import PdfReader

    text = PdfReader(long_table).pages[0].extract_text()
    assert "Lange tabel" in text and "Kop van de pagina" in text


def test_links_print(long_table):
    tree = s.read(long_table)
    links = [a for p in tree.pdf.pages for a in p.get("/Annots") or []]
    assert len(links) == 1
    assert s.links_without_print_flag(tree.pdf) == 0


@pytest.mark.slow
@pytest.mark.parametrize("name", ["rapport.pdf", "publieksversie.pdf"])
def test_the_demo_publications(demo_build, name):
    root, _ = demo_build
    path = root / "out" / name
    tree = s.read(path)
    pages = len(tree.pdf.pages)
    assert s.untagged_content(tree) == {}
    artifacts = s.pagination_artifacts(tree.pdf)
    first = 1 if name == "rapport.pdf" else 0  # the report's title page has no running head
    assert [n for n in range(first, pages) if "Footer" not in artifacts.get(n, [])] == []
    assert s.header_problems(tree) == []
    assert s.tables_without_caption(tree) == 0
    links = sum(len(p.get("/Annots") or []) for p in tree.pdf.pages)
    assert links > 0 and s.links_without_print_flag(tree.pdf) == 0
    figures = s.figures(tree)
    assert figures and all(str(f.get("/Alt", "")).strip() for f in figures)
    assert s.alt_repeating_page_text(tree, path) == []
    if name == "rapport.pdf":
        # the small demo's long tables run over pages: some Table holds rows of two pages
        spanning = [t for t in s.tables(tree) if len({tree.page_of(r) for r, _ in s.cells(t)}) > 1]
        assert spanning
        assert "Header" in artifacts[2]  # title and chapter at the top of a chapter page


def test_the_checks_can_fail(tmp_path):
    """The reader finds what WeasyPrint alone writes: margin boxes outside the tree, TH
    without scope, a caption-less continuation piece, links without Print flag."""
    from weasyprint import HTML

    raw = tmp_path / "raw.pdf"
    HTML(string=long_table_html()).write_pdf(raw, pdf_variant="pdf/ua-1", pdf_tags=True)
    tree = s.read(raw)
    assert s.untagged_content(tree)
    assert any("without Scope" in p for p in s.header_problems(tree))
    assert s.tables_without_caption(tree) >= 2  # the pieces on pages 2 and 3
    assert s.links_without_print_flag(tree.pdf) == 1
    with pikepdf.open(raw) as pdf:
        assert "/IDTree" not in pdf.Root.StructTreeRoot


def _parsed(data: bytes) -> list[tuple[str, list[str]]]:
    """A content stream as (operator, operands) in pikepdf's spelling, for comparison."""
    pdf = pikepdf.new()
    page = pdf.add_blank_page()
    page.Contents = pdf.make_stream(data)
    return [
        (str(i.operator), [repr(o) for o in i.operands]) for i in pikepdf.parse_content_stream(page)
    ]


def test_the_byte_path_retags_as_the_parser_does(tmp_path):
    # pdfua.retag_content rewrites WeasyPrint's content streams as bytes (fast); the
    # parsed path is the reference. On every page of an unrepaired tagged PDF, with the
    # first MCID a running head, the third a repeated table head and the rest renumbered
    # 0..n-1, both must give the same instructions, and the byte path must leave every
    # other byte as it was.
    from weasyprint import HTML

    from jbr.publish.pdfcontent import retag_content, retag_parsed

    raw = tmp_path / "raw.pdf"
    HTML(string=long_table_html()).write_pdf(raw, pdf_variant="pdf/ua-1", pdf_tags=True)
    compared = 0
    with pikepdf.open(raw) as pdf:
        for page in pdf.pages:
            data = page.obj.Contents.read_bytes()
            mcids = sorted(int(i.operands[1].MCID) for i in pikepdf.parse_content_stream(page)
                           if str(i.operator) == "BDC" and "/MCID" in i.operands[1])  # fmt: skip
            if len(mcids) < 4:
                continue
            gone = {mcids[0]: "margin", mcids[2]: ""}
            kept = [m for m in mcids if m not in gone]
            number = {old: new for new, old in enumerate(kept)}
            height = float(page.mediabox[3]) / 0.75
            fast = retag_content(data, gone, number, height)
            assert fast is not None, "WeasyPrint's stream fell back to the parser"
            assert _parsed(fast) == _parsed(retag_parsed(page, gone, number, height))
            assert fast.count(b"/Artifact <</Type /Pagination /Subtype /") == 1
            assert len(fast) - len(data) < 200 * len(gone)  # only the marks changed
            compared += 1
    assert compared >= 3  # the long table's three pages at least


def test_an_unknown_mark_falls_back_to_the_parser():
    # A BDC with a property list the byte path does not know (here a named resource):
    # it must say so (None), not skip the mark.
    from jbr.publish.pdfcontent import retag_content

    data = b"/Span <</MCID 0>>\nBDC\nEMC\n/Span /P0 BDC\nEMC\n"
    assert retag_content(data, {}, {0: 0}, 100.0) is None
    assert retag_content(b"/Span <</MCID 4>>\nBDC\nEMC\n", {}, {4: 0}, 100.0) == (
        b"/Span <</MCID 0>> BDC\nEMC\n"
    )


def test_the_saved_pdf_is_compressed_once(long_table):
    # WeasyPrint writes uncompressed and the repair saves compressed (pdf.html_to_pdf):
    # every stream but the XMP metadata (which PDF/A keeps readable) carries a filter.
    with pikepdf.open(long_table) as pdf:
        metadata = pdf.Root.Metadata.objgen
        bare = [
            o.objgen
            for o in pdf.objects
            if isinstance(o, pikepdf.Stream) and "/Filter" not in o and o.objgen != metadata
        ]
        assert bare == []
        assert sum(isinstance(o, pikepdf.Stream) for o in pdf.objects) > 5

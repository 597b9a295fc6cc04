"""The print edition's layout (issue 13, PDF): per-ministry tables whose header fits its
column, and no one-column table stretched over the page. Measured on WeasyPrint's own
layout of the print HTML of the publication test world (the same engine makes the PDF)."""

from __future__ import annotations

from pathlib import Path

import pytest
from weasyprint import HTML
from weasyprint.formatting_structure import boxes

from jbr.publish.build import publish_all
from jbr.publish.report import render_report

from .publications import YEAR


@pytest.fixture(scope="module")
def layout(publications_nl, tmp_path_factory):
    out = publications_nl
    seen = {}

    def capture(p):
        seen["html"] = render_report(p.data, p.lang, p.figures, p.charts, medium="print")
        return []

    db = Path(out).parent / "store.duckdb"
    publish_all(db, out.parent / "print", YEAR, [], "duckdb", "nl", writers=[capture])
    return HTML(string=seen["html"], base_url=str(out)).render()


def _tables(document, css_class):
    for page in document.pages:
        for box in page._page_box.descendants():
            if (
                isinstance(box, boxes.TableBox)
                and css_class in (box.element.get("class") or "").split()
            ):
                yield box


def _header_cells(table):
    for group in table.descendants():
        if isinstance(group, boxes.TableRowGroupBox) and group.element.tag == "thead":
            yield from (b for b in group.descendants() if isinstance(b, boxes.TableCellBox))


def _text_boxes(box):
    return [b for b in box.descendants() if isinstance(b, boxes.TextBox)]


def test_every_header_of_a_ministry_table_fits_its_column(layout):
    tables = list(_tables(layout, "matrix-figures"))
    assert tables, "the world has per-ministry tables"
    checked = 0
    for table in tables:
        for cell in _header_cells(table):
            right = cell.content_box_x() + cell.width
            for text in _text_boxes(cell):
                # a word wider than its column runs over the border: the clipped "Ministerie"
                assert text.position_x + text.width <= right + 0.01, (text.text, right)
                checked += 1
    assert checked > 10


def test_a_narrow_ministry_table_is_not_stretched_over_the_page(layout):
    page_width = layout.pages[0]._page_box.width  # the content width
    for table in _tables(layout, "matrix-figures"):
        columns = len(table.element.find("thead").find("tr")) - 1  # minus "Ministerie"
        if columns < 3:
            assert table.width < 0.6 * page_width, (columns, table.width, page_width)

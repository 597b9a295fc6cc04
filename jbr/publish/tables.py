"""Published tables as downloads: CSV, XLSX and ODS (SPEC §6).

Every table of the site, the report and the open data is a ``Table``: a header
row and plain rows, no merged cells. Numbers stay numbers in every format; text
is escaped against spreadsheet formula injection (SPEC §7: "spreadsheet
formulas in text never reach an export"): a text cell that a spreadsheet would
read as a formula gets a leading apostrophe, the escape OWASP recommends and
spreadsheets show as literal text.
"""

from __future__ import annotations

import csv
import functools
import io
import math
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

Cell = str | int | float | bool | None

# OWASP "CSV injection": a cell starting with one of these is read as a formula
# (or, for tab and carriage return, can shift a formula into the next cell).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_TRIGGERS = frozenset("".join(FORMULA_STARTS))
# Text that is just a number ("-12.5", "-3,2", "+7") is data, not a formula.
_PLAIN_NUMBER = re.compile(r"[+-]?\d+([.,]\d+)?([eE][+-]?\d+)?")


def safe_text(text: str) -> str:
    """``text`` as it may enter a spreadsheet cell: formula-like text is escaped with ``'``."""
    if text and text[0] in _TRIGGERS and not _PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    return text


def safe_cell(value: Cell) -> Cell:
    """Numbers (including negative ones) and booleans unchanged; text made safe; NaN → empty."""
    if isinstance(value, str):
        return safe_text(value)
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


@dataclass
class Table:
    """A published table: ``columns`` is the header row; ``title`` names the sheet."""

    title: str
    columns: list[str]
    rows: list[list[Cell]] = field(default_factory=list)

    def safe_rows(self) -> list[list[Cell]]:
        return [[safe_cell(v) for v in row] for row in self.rows]

    def safe_columns(self) -> list[str]:
        return [safe_text(c) for c in self.columns]


FORMATS = ("csv", "xlsx", "ods")
REPORT_TABLES = "tabellen"  # the report's table downloads, in a folder beside rapport.html


def report_downloads(name: str) -> list[dict[str, str]]:
    """The links (format, relative href) to a report table's downloads ``tabellen/<name>.*``."""
    return [{"format": f.upper(), "href": f"{REPORT_TABLES}/{name}.{f}"} for f in FORMATS]


def _csv_value(value: Cell) -> str:
    """A safe cell as CSV text: numbers in full precision with a decimal point."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value) if not value.is_integer() else str(int(value))
    return str(value)


def csv_text(table: Table) -> str:
    """RFC 4180 CSV, UTF-8, comma-separated, decimal point (the open-data convention)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(table.safe_columns())
    writer.writerows([_csv_value(safe_cell(v)) for v in row] for row in table.rows)
    return buffer.getvalue()


def write_csv(table: Table, path: Path) -> Path:
    path.write_text(csv_text(table), encoding="utf-8", newline="")
    return path


def _sheet_title(title: str) -> str:
    """Excel sheet names: at most 31 characters, none of ``[]:*?/\\``."""
    cleaned = re.sub(r"[\[\]:*?/\\]", " ", title).strip() or "Tabel"
    return cleaned[:31]


def write_xlsx(table: Table, path: Path) -> Path:
    """One sheet, header row in bold and frozen, no merged cells; text stored as text."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    book = Workbook(write_only=True)
    sheet = book.create_sheet(_sheet_title(table.title))
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header = []
    for name in table.safe_columns():
        cell = WriteOnlyCell(sheet, value=name)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    for row in table.safe_rows():
        cells = []
        for value in row:
            cell = WriteOnlyCell(sheet, value=value)
            if isinstance(value, str):
                cell.data_type = "s"  # never a formula, whatever the text
            cells.append(cell)
        sheet.append(cells)
    book.save(path)
    return reproducible_zip(path)


@functools.cache
def _warm_odf() -> None:
    """odfpy declares in each document every namespace any element of the process has
    used so far (a class attribute), so a process's first document would lack some that
    later ones declare. One throwaway document first: every table then gives the same
    bytes, whichever tables a build writes before it."""
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table as OdsTable
    from odf.table import TableCell, TableRow
    from odf.text import P

    doc = OpenDocumentSpreadsheet()
    sheet = OdsTable(name="warm")
    row = TableRow()
    cell = TableCell(valuetype="string")
    cell.addElement(P(text="warm"))
    row.addElement(cell)
    sheet.addElement(row)
    doc.spreadsheet.addElement(sheet)
    doc.save(io.BytesIO())


def write_ods(table: Table, path: Path) -> Path:
    """OpenDocument spreadsheet (odfpy): one sheet, header row, typed number cells."""
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table as OdsTable
    from odf.table import TableCell, TableRow
    from odf.text import P

    _warm_odf()
    doc = OpenDocumentSpreadsheet()
    sheet = OdsTable(name=_sheet_title(table.title))

    def cell(value: Cell) -> TableCell:
        if value is None:
            return TableCell()
        if isinstance(value, bool):
            c = TableCell(valuetype="boolean", booleanvalue="true" if value else "false")
            c.addElement(P(text="true" if value else "false"))
            return c
        if isinstance(value, int | float):
            c = TableCell(valuetype="float", value=repr(float(value)))
            c.addElement(P(text=_csv_value(value)))
            return c
        c = TableCell(valuetype="string")
        c.addElement(P(text=value))
        return c

    lines: list[list[Cell]] = [list(table.safe_columns()), *table.safe_rows()]
    for values in lines:
        row = TableRow()
        for value in values:
            row.addElement(cell(value))
        sheet.addElement(row)
    doc.spreadsheet.addElement(sheet)
    doc.save(str(path))
    return reproducible_zip(path)


# The moments a spreadsheet library stamps into a file (docProps/core.xml of an XLSX):
# the time of writing, not of the figures.
_STAMPS = re.compile(rb"<dcterms:(created|modified)\b[^>]*>[^<]*</dcterms:\1>")


def reproducible_zip(path: Path) -> Path:
    """The same table gives the same bytes (issue 19: a build that leaves an unchanged table
    as it is writes what a full build writes): every member dated 1980-01-01, the zip
    format's first day, and the writing moments taken out of the document properties (they
    are optional, and say when a file was written, not what it shows)."""
    import zipfile

    with zipfile.ZipFile(path) as source:
        members = [(info, source.read(info)) for info in source.infolist()]
    partial = path.with_name(f".{path.name}.zip")
    with zipfile.ZipFile(partial, "w") as target:
        for info, data in members:
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = info.compress_type
            fixed.external_attr = info.external_attr
            if info.filename == "docProps/core.xml":
                data = _STAMPS.sub(b"", data)
            target.writestr(fixed, data)
    os.replace(partial, path)
    return path


WRITERS = {"csv": write_csv, "xlsx": write_xlsx, "ods": write_ods}


def write_table(table: Table, stem: Path, formats: Sequence[str] = FORMATS) -> list[Path]:
    """``table`` as ``stem.csv``, ``stem.xlsx`` and ``stem.ods`` (or the ``formats`` asked)."""
    stem.parent.mkdir(parents=True, exist_ok=True)
    return [WRITERS[f](table, stem.with_name(f"{stem.name}.{f}")) for f in formats]

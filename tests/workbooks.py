"""Minimal .xlsx workbooks written with zipfile and sheet XML, for the upload tests and
``make bench``: the bombs (one far cell, a zip bomb) and plain large sheets. Every one has a
single sheet ``woo_verzoeken`` with the theme's header, so a reader must open it."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import IO

from .web_server import WOO_HEADER

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.'
    'openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'
)
PACKAGE_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="woo_verzoeken" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
)
SHEET_START = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
)
COLUMNS = WOO_HEADER.split(";")


def _cell(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


HEADER_ROW = (
    '<row r="1">'
    + "".join(_cell(f"{c}1", h) for c, h in zip("ABCDEF", COLUMNS, strict=True))
    + "</row>"
)


def workbook(path: Path, write_sheet: Callable[[IO[bytes]], None]) -> Path:
    """A minimal .xlsx with one sheet ``woo_verzoeken`` whose XML ``write_sheet`` streams."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("_rels/.rels", PACKAGE_RELS)
        z.writestr("xl/workbook.xml", WORKBOOK)
        z.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            write_sheet(sheet)
    return path


def one_far_cell(path: Path, ref: str) -> Path:
    """The header and one cell at ``ref``, the dimension declared up to it."""
    row = "".join(ch for ch in ref if ch.isdigit())

    def write(sheet: IO[bytes]) -> None:
        sheet.write(
            (
                f'{SHEET_START}<dimension ref="A1:{ref}"/><sheetData>{HEADER_ROW}'
                f'<row r="{row}"><c r="{ref}"><v>1</v></c></row></sheetData></worksheet>'
            ).encode()
        )

    return workbook(path, write)


def zip_bomb(path: Path, rows: int) -> Path:
    """``rows`` identical rows: compresses about a thousandfold."""
    values = ("X", "FIN", "2021-03-01", "2021-03-05", "false", "openbaar")
    row = "<row>" + "".join(f'<c t="inlineStr"><is><t>{v}</t></is></c>' for v in values)
    block = ((row + "</row>") * 10_000).encode()

    def write(sheet: IO[bytes]) -> None:
        sheet.write(f"{SHEET_START}<sheetData>{HEADER_ROW}".encode())
        for _ in range(rows // 10_000):
            sheet.write(block)
        sheet.write(b"</sheetData></worksheet>")

    return workbook(path, write)


def rows_workbook(path: Path, rows: int) -> Path:
    """``rows`` valid FIN 2021 Woo requests."""
    block = 10_000

    def write(sheet: IO[bytes]) -> None:
        sheet.write(f"{SHEET_START}<sheetData>{HEADER_ROW}".encode())
        for start in range(0, rows, block):
            sheet.write(
                "".join(
                    "<row>"
                    + "".join(
                        f'<c t="inlineStr"><is><t>{v}</t></is></c>'
                        for v in (f"Z{i}", "FIN", "2021-03-01", "2021-03-05", "false", "openbaar")
                    )
                    + "</row>"
                    for i in range(start, min(rows, start + block))
                ).encode()
            )
        sheet.write(b"</sheetData></worksheet>")

    return workbook(path, write)

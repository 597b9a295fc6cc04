"""Minimal .xlsx workbooks written with zipfile and sheet XML, for the upload tests and
``make bench``: the bombs (one far cell, a zip bomb) and plain large sheets. Every one has a
single sheet ``woo_verzoeken`` with the theme's header, so a reader must open it."""

from __future__ import annotations

import struct
import zipfile
import zlib
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
SHEET_END = b"</sheetData></worksheet>"
COLUMNS = WOO_HEADER.split(";")
# The workbook's parts besides its one sheet, by name in the zip.
PACKAGE = {
    "[Content_Types].xml": CONTENT_TYPES,
    "_rels/.rels": PACKAGE_RELS,
    "xl/workbook.xml": WORKBOOK,
    "xl/_rels/workbook.xml.rels": WORKBOOK_RELS,
}


def _cell(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


HEADER_ROW = (
    '<row r="1">'
    + "".join(_cell(f"{c}1", h) for c, h in zip("ABCDEF", COLUMNS, strict=True))
    + "</row>"
)


def workbook(path: Path, write_sheet: Callable[[IO[bytes]], None], compresslevel: int = 6) -> Path:
    """A minimal .xlsx with one sheet ``woo_verzoeken`` whose XML ``write_sheet`` streams."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=compresslevel) as z:
        for name, text in PACKAGE.items():
            z.writestr(name, text)
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
    """``rows`` identical rows: compresses about a thousandfold.

    The same workbook ``workbook`` would write, but its sheet is not deflated byte by byte
    (1,3 GB: seconds of processor time): every part ends with a full flush (byte-aligned,
    the window emptied), so the block of 10,000 rows deflates to the same bytes each time;
    it is deflated once and written ``rows // 10_000`` times."""
    values = ("X", "FIN", "2021-03-01", "2021-03-05", "false", "openbaar")
    row = "<row>" + "".join(f'<c t="inlineStr"><is><t>{v}</t></is></c>' for v in values)
    block = ((row + "</row>") * 10_000).encode()
    start, end, times = f"{SHEET_START}<sheetData>{HEADER_ROW}".encode(), SHEET_END, rows // 10_000
    deflate = zlib.compressobj(6, zlib.DEFLATED, -15)  # raw deflate, as in a zip entry
    start_z = deflate.compress(start) + deflate.flush(zlib.Z_FULL_FLUSH)
    block_z = deflate.compress(block) + deflate.flush(zlib.Z_FULL_FLUSH)
    end_z = deflate.compress(end) + deflate.flush()
    crc = zlib.crc32(start)
    for _ in range(times):
        crc = zlib.crc32(block, crc)
    sheet = _Deflated(
        crc=zlib.crc32(end, crc),
        size=len(start) + times * len(block) + len(end),
        parts=[start_z, *[block_z] * times, end_z],
    )
    parts = {name: _deflated(text.encode()) for name, text in PACKAGE.items()}
    return _zip(path, {**parts, "xl/worksheets/sheet1.xml": sheet})


class _Deflated:
    """A zip entry's data: raw deflate ``parts``, with the CRC-32 and size of the inflated data."""

    def __init__(self, crc: int, size: int, parts: list[bytes]) -> None:
        self.crc, self.size, self.parts = crc, size, parts


def _deflated(data: bytes) -> _Deflated:
    deflate = zlib.compressobj(6, zlib.DEFLATED, -15)
    return _Deflated(zlib.crc32(data), len(data), [deflate.compress(data) + deflate.flush()])


def _zip(path: Path, entries: dict[str, _Deflated]) -> Path:
    """A zip file (no zip64: every entry under 4 GiB) of already deflated entries."""
    central, dos_date = b"", (0 << 9) | (1 << 5) | 1  # 1 January 1980, 00:00
    with path.open("wb") as f:
        for name, entry in entries.items():
            offset, raw = f.tell(), name.encode()
            packed = sum(len(p) for p in entry.parts)
            fields = (20, 0, 8, 0, dos_date, entry.crc, packed, entry.size, len(raw), 0)
            f.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, *fields) + raw)
            for part in entry.parts:
                f.write(part)
            central += struct.pack("<IH", 0x02014B50, 20) + struct.pack("<HHHHHIIIHH", *fields)
            central += struct.pack("<HHHII", 0, 0, 0, 0, offset) + raw
        directory = f.tell()
        f.write(central)
        count = len(entries)
        f.write(
            struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, count, count, len(central), directory, 0)
        )
    return path


def rows_workbook(path: Path, rows: int) -> Path:
    """``rows`` valid FIN 2021 Woo requests (deflated at level 1: a large sheet written
    quickly; what the readers read is the same)."""
    block = 10_000
    rest = "".join(
        f'<c t="inlineStr"><is><t>{v}</t></is></c>'
        for v in ("FIN", "2021-03-01", "2021-03-05", "false", "openbaar")
    )

    def write(sheet: IO[bytes]) -> None:
        sheet.write(f"{SHEET_START}<sheetData>{HEADER_ROW}".encode())
        for start in range(0, rows, block):
            sheet.write(
                "".join(
                    f'<row><c t="inlineStr"><is><t>Z{i}</t></is></c>{rest}</row>'
                    for i in range(start, min(rows, start + block))
                ).encode()
            )
        sheet.write(SHEET_END)

    return workbook(path, write, compresslevel=1)

"""Workbook limits (issue 14, item 2): a workbook that claims or holds more cells, or
inflates to more bytes, than the limits allow is rejected before it is read.

The bombs are built here from a minimal xlsx (zipfile and sheet XML by hand). The CLI
runs in a child process with its address space capped at 2 GB and a time-out as a
guard: before the limits, one cell at XFD1048576 made the reader ask for 512 GiB
(SIGABRT, exit 134) and one at J1000000 took minutes and gigabytes.
"""

from __future__ import annotations

import json
import os
import resource
import struct
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from jbr import validate
from jbr.deliveries.template import write_template
from jbr.deliveries.workbook import SettingError, WorkbookLimits, check_workbook_limits
from jbr.deliveries.workbook_extent import column_letters, column_number
from tests.workbooks import rows_workbook

HEADER = ["peildatum", "medewerker_id", "ministerie", "fte", "provincie"]
ROW = ["2024-01-31", "P1", "BZK", "0,8", "PV28"]
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
CAP_BYTES = 2 << 30  # the child's address space: room for jbr, not for a 512 GiB grid


def _cells(rows: list[list[str]]) -> list[tuple[str, str]]:
    return [
        (f"{column_letters(c + 1)}{r + 1}", value)
        for r, row in enumerate(rows)
        for c, value in enumerate(row)
    ]


def _sheet_xml(
    cells: list[tuple[str | None, str]], dimension: str | None = None, prefix: str = ""
) -> str:
    """Sheet XML with one inline-string cell per (reference, text); rows grouped in order.

    A reference of None writes the cell without ``r`` (placed after the previous one).
    """
    p = f"{prefix}:" if prefix else ""
    rows: dict[int, list[str]] = {}
    last = 1
    for ref, text in cells:
        if ref is not None:
            last = int("".join(ch for ch in ref if ch.isdigit()))
        r = f' r="{ref}"' if ref else ""
        rows.setdefault(last, []).append(
            f'<{p}c{r} t="inlineStr"><{p}is><{p}t>{text}</{p}t></{p}is></{p}c>'
        )
    body = "".join(f'<{p}row r="{n}">{"".join(cs)}</{p}row>' for n, cs in sorted(rows.items()))
    xmlns = f'xmlns:{prefix}="{MAIN}"' if prefix else f'xmlns="{MAIN}"'
    dim = f'<{p}dimension ref="{dimension}"/>' if dimension else ""
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><{p}worksheet {xmlns}>{dim}'
        f"<{p}sheetData>{body}</{p}sheetData></{p}worksheet>"
    )


def _workbook(path: Path, sheets: dict[str, str], extra: dict[str, bytes] | None = None) -> Path:
    """A minimal xlsx: the parts Excel and the reader need, one sheet XML per name."""
    overrides = "".join(
        f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        for i in range(1, len(sheets) + 1)
    )
    rels = "".join(
        f'<Relationship Id="rId{i}" Type="http://schemas.openxmlformats.org/officeDocument/'
        f'2006/relationships/worksheet" Target="worksheets/sheet{i}.xml"/>'
        for i in range(1, len(sheets) + 1)
    )
    listed = "".join(
        f'<sheet name="{name}" sheetId="{i}" r:id="rId{i}"/>'
        for i, name in enumerate(sheets, start=1)
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats'
            '.org/package/2006/content-types"><Default Extension="rels" ContentType="application/'
            'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" '
            'ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType='
            '"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            f"{overrides}</Types>",
        )
        z.writestr(
            "_rels/.rels",
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
            'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://'
            "schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
            '" Target="xl/workbook.xml"/></Relationships>',
        )
        z.writestr(
            "xl/workbook.xml",
            f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN}" xmlns:r="http://'
            'schemas.openxmlformats.org/officeDocument/2006/relationships">'
            f"<sheets>{listed}</sheets></workbook>",
        )
        z.writestr(
            "xl/_rels/workbook.xml.rels",
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
            f'openxmlformats.org/package/2006/relationships">{rels}</Relationships>',
        )
        for i, xml in enumerate(sheets.values(), start=1):
            z.writestr(f"xl/worksheets/sheet{i}.xml", xml)
        for name, data in (extra or {}).items():
            z.writestr(name, data)
    return path


def _personnel(path: Path, *far: tuple[str, str], dimension: str | None = None) -> Path:
    """A valid personnel sheet plus the ``far`` cells (reference, text)."""
    xml = _sheet_xml(_cells([HEADER, ROW]) + list(far), dimension)
    return _workbook(path, {"personeel": xml})


def _cap_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (CAP_BYTES, CAP_BYTES))


def _jbr_validate(path: Path, **env: str) -> tuple[int, list[dict]]:
    """``jbr validate --format json`` in a child capped at 2 GB, with a time-out as a guard."""
    done = subprocess.run(
        [sys.executable, "-m", "jbr.cli", "validate", str(path), "--format", "json"],
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=_cap_memory,
        env={**os.environ, **env},
        check=False,
    )
    assert done.returncode in (0, 1), (done.returncode, done.stderr[-2000:])
    return done.returncode, json.loads(done.stdout or "[]")


@pytest.mark.parametrize(
    ("far", "value", "cells"),
    [
        # XFD is column 16,384: 1,048,576 x 16,384 cells up to the last one.
        ("XFD1048576", "XFD1048576", "17.179.869.184"),
        # J is column 10: 1,000,000 x 10 cells, twice the default limit of 5,000,000.
        ("J1000000", "J1000000", "10.000.000"),
    ],
)
def test_one_far_cell_is_rejected_before_reading(tmp_path, far, value, cells):
    bomb = _personnel(tmp_path / "bom.xlsx", (far, "x"))
    assert bomb.stat().st_size < 2000  # a tiny file
    code, problems = _jbr_validate(bomb)
    assert code == 1
    [p] = problems
    assert (p["rule"], p["sheet"], p["value"], p["severity"]) == (
        "werkboek_te_groot",
        "personeel",
        value,
        "error",
    )
    assert f"reiken tot {value}, {cells} cellen (grens 5.000.000" in p["message"]
    assert "JBR_XLSX_MAX_CELLS" in p["message"]
    assert "Ctrl+End" in p["hint"] and "CSV of Parquet" in p["hint"]


def test_a_lying_dimension_is_rejected_as_declared(tmp_path):
    bomb = _personnel(tmp_path / "dim.xlsx", dimension="A1:XFD1048576")
    [p] = validate([bomb])
    assert (p.rule, p.sheet, p.value) == ("werkboek_te_groot", "personeel", "A1:XFD1048576")
    assert "volgens het bestand A1:XFD1048576" in p.message


def test_a_small_dimension_does_not_hide_a_far_cell(tmp_path):
    bomb = _personnel(tmp_path / "klein.xlsx", ("XFD1048576", "x"), dimension="A1:E2")
    [p] = validate([bomb])
    assert (p.rule, p.value) == ("werkboek_te_groot", "XFD1048576")


def test_namespace_prefixes_and_cells_without_reference_are_measured(tmp_path):
    prefixed = _workbook(
        tmp_path / "prefix.xlsx",
        {"personeel": _sheet_xml(_cells([HEADER, ROW]) + [("XFD1", "x")], prefix="x")},
    )
    [p] = check_workbook_limits(prefixed, WorkbookLimits(max_cells=1000))
    # 2 rows x 16,384 columns: the block reaches row 2 (the data) and column XFD
    assert (p.rule, p.value) == ("werkboek_te_groot", "XFD2")
    # 30 cells without r in row 1 reach column 30 (after A1); 30 columns x 1 row > 20.
    implicit = _workbook(
        tmp_path / "zonder_r.xlsx", {"personeel": _sheet_xml([("A1", "a")] + [(None, "b")] * 30)}
    )
    assert check_workbook_limits(implicit, WorkbookLimits(max_cells=40)) == []
    [p] = check_workbook_limits(implicit, WorkbookLimits(max_cells=20))
    assert p.rule == "werkboek_te_groot"


def test_a_zip_bomb_is_stopped_at_the_byte_limit(tmp_path):
    # 3 MiB of one character in the shared strings deflates to a few kB.
    bomb = _workbook(
        tmp_path / "zip.xlsx",
        {"personeel": _sheet_xml(_cells([HEADER, ROW]))},
        {"xl/sharedStrings.xml": b"<sst>" + b"a" * (3 << 20) + b"</sst>"},
    )
    assert bomb.stat().st_size < 20_000
    code, [p] = _jbr_validate(bomb, JBR_XLSX_MAX_MB="1")
    assert (code, p["rule"]) == (1, "werkboek_te_groot")
    assert "(grens 1 MB, instelling JBR_XLSX_MAX_MB)" in p["message"]


def _lie_about_size(path: Path, entry: str, size: int) -> None:
    """Overwrite the uncompressed size of ``entry`` in its local and central headers."""
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as z:
        local = z.getinfo(entry).header_offset
    assert data[local : local + 4] == b"PK\x03\x04"
    struct.pack_into("<I", data, local + 22, size)  # local header: uncompressed size
    found, offset = 0, 0
    while (offset := data.find(b"PK\x01\x02", offset)) >= 0:
        name_length = struct.unpack_from("<H", data, offset + 28)[0]
        if data[offset + 46 : offset + 46 + name_length] == entry.encode():
            struct.pack_into("<I", data, offset + 24, size)  # central record: the same
            found += 1
        offset += 4
    assert found == 1
    path.write_bytes(bytes(data))


def test_a_declared_size_that_lies_is_not_trusted(tmp_path):
    """The zip says 100 bytes; inflating goes on past them and the file is rejected."""
    bomb = _workbook(
        tmp_path / "leugen.xlsx",
        {"personeel": _sheet_xml(_cells([HEADER, ROW]))},
        {"xl/sharedStrings.xml": b"<sst>" + b"a" * (3 << 20) + b"</sst>"},
    )
    _lie_about_size(bomb, "xl/sharedStrings.xml", 100)
    [p] = check_workbook_limits(bomb, WorkbookLimits(max_bytes=1 << 20))
    assert p.rule in ("bestand_onleesbaar", "werkboek_te_groot")  # CRC or size: never read


def test_too_many_parts(tmp_path):
    extra = {f"xl/media/leeg{i}.bin": b"" for i in range(10_001)}
    bomb = _workbook(tmp_path / "delen.xlsx", {"personeel": _sheet_xml(_cells([HEADER]))}, extra)
    [p] = check_workbook_limits(bomb)
    assert p.rule == "werkboek_te_groot" and "10.000" in p.message


def test_valid_workbooks_pass_and_the_limit_counts_every_sheet(tmp_path):
    template = write_template("personeel", tmp_path / "sjabloon.xlsx")
    assert check_workbook_limits(template) == []
    two = _workbook(
        tmp_path / "twee.xlsx",
        {"personeel": _sheet_xml(_cells([HEADER, ROW])), "Blad2": _sheet_xml(_cells([["a"]] * 3))},
    )
    # personeel: 2 rows x 5 columns = 10 cells; Blad2: 3 rows x 1 column = 3 cells.
    assert check_workbook_limits(two, WorkbookLimits(max_cells=13)) == []
    [p] = check_workbook_limits(two, WorkbookLimits(max_cells=12))
    assert (p.rule, p.sheet) == ("werkboek_te_groot", "Blad2")


def test_limits_come_from_the_environment(tmp_path):
    assert WorkbookLimits.from_env({}) == WorkbookLimits(5_000_000, 512 << 20)
    assert WorkbookLimits.from_env({"JBR_XLSX_MAX_CELLS": "100_000", "JBR_XLSX_MAX_MB": "64"}) == (
        WorkbookLimits(100_000, 64 << 20)
    )
    for bad in ("veel", "0", "-5", "1.5"):
        with pytest.raises(SettingError, match="JBR_XLSX_MAX_CELLS"):
            WorkbookLimits.from_env({"JBR_XLSX_MAX_CELLS": bad})
    small = _personnel(tmp_path / "klein.xlsx")
    code, [p] = _jbr_validate(small, JBR_XLSX_MAX_CELLS="9")  # 2 rows x 5 columns = 10
    assert (code, p["rule"], p["value"]) == (1, "werkboek_te_groot", "E2")


def test_english_message(tmp_path):
    bomb = _personnel(tmp_path / "bomb.xlsx", ("XFD1048576", "x"))
    [p] = validate([bomb], lang="en")
    assert p.message.startswith("Workbook too large: the cells of sheet personeel reach")
    assert "17,179,869,184 cells" in p.message and p.hint.startswith("Delete empty")


@pytest.mark.parametrize(
    ("letters", "number"), [("A", 1), ("Z", 26), ("AA", 27), ("AZ", 52), ("XFD", 16_384)]
)
def test_column_letters(letters, number):
    assert column_number(letters) == number and column_letters(number) == letters


def test_cells_placed_by_order_reach_only_as_far_as_their_row(tmp_path):
    """Cells without ``r`` follow each other within their row: 200,000 rows of six such
    cells reach column F, not column 1,200,000 (the old bound added every unplaced cell to
    the width and refused a valid workbook); one row of 20,000 reaches past XFD."""
    tall = rows_workbook(tmp_path / "woo_verzoeken_lang.xlsx", 200_000)
    assert check_workbook_limits(tall) == []

    wide = tmp_path / "personeel_breed.xlsx"
    with zipfile.ZipFile(wide, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr(
            "xl/workbook.xml",
            f'<workbook xmlns="{MAIN}" xmlns:r="http://schemas.openxmlformats.org/'
            'officeDocument/2006/relationships"><sheets><sheet name="personeel" sheetId="1" '
            'r:id="rId1"/></sheets></workbook>',
        )
        z.writestr(
            "xl/_rels/workbook.xml.rels",
            '<Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml"/>'
            "</Relationships>",
        )
        cells = "".join('<c t="inlineStr"><is><t>x</t></is></c>' for _ in range(20_000))
        z.writestr(
            "xl/worksheets/sheet1.xml",
            f'<worksheet xmlns="{MAIN}"><sheetData><row>{cells}</row></sheetData></worksheet>',
        )
    [problem] = check_workbook_limits(wide)
    assert problem.rule == "werkboek_te_groot"
    assert "buiten Excels raster" in problem.message

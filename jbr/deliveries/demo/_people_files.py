"""Writers for the personnel demo files, in the shapes suppliers really send.

``PersoneelCsv`` writes the HR shared service's monthly export (semicolon,
decimal comma, UTF-8 with BOM) column by column with pyarrow, so 1.8 million
rows a year take a second. ``write_workbook`` writes an ``.xlsx`` whose bytes
depend only on its content: openpyxl stamps the save time into the document
properties and every zip entry, and both are replaced by a fixed stamp.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
from openpyxl import Workbook
from openpyxl.writer.excel import ExcelWriter

from jbr.codelists import provinces
from jbr.deliveries.themes import THEMES

from . import _people_calibration as cal
from ._people_tables import GENDERS, Lists, Month

FIXED_STAMP = datetime(2025, 3, 1, 9, 0, 0)  # the "saved at" of every workbook
BOM = b"\xef\xbb\xbf"
YES_NO = ("nee", "ja")


def dutch_decimal(value: float, decimals: int) -> str:
    """``0.8889`` → ``"0,8889"``: how Dutch spreadsheets export numbers."""
    return f"{value:.{decimals}f}".replace(".", ",")


def person_ids(count: int) -> pa.Array:
    """Pseudonyms ``P0000001``… for slots ``0..count−1``: stable over years and ministries."""
    numbers = pa.array(np.arange(1, count + 1)).cast(pa.string())
    return pc.binary_join_element_wise("P", pc.utf8_lpad(numbers, 7, "0"), "")


def province_spellings() -> pa.Array:
    """Three spellings a province: code, name, and an alias (or the name in capitals).

    Real exports mix them (``PV28``, ``Zuid-Holland``); the validator accepts all.
    """
    spellings = []
    for p in provinces():
        spellings += [p.code, p.name_nl, p.aliases[0] if p.aliases else p.name_nl.upper()]
    return pa.array(spellings)


class PersoneelCsv:
    """One year's ``personeel`` export, written a month-end at a time."""

    def __init__(self, path: Path, lists: Lists) -> None:
        self.path = path
        self.columns = THEMES["personeel"].column_names
        self.ministries = pa.array(lists.ministries)
        self.units = pa.array(cal.UNITS)
        self.fte = pa.array([dutch_decimal(h / cal.FULL_TIME_HOURS, 4) for h in range(64)])
        self.genders = pa.array(GENDERS)
        self.provinces = province_spellings()
        self.towns = pa.array([None, *lists.municipalities], pa.string())
        self.families = pa.array([None, *lists.families], pa.string())
        self.yes_no = pa.array(YES_NO)
        self.ids = person_ids(1024)
        path.parent.mkdir(parents=True, exist_ok=True)
        self.sink = pa.OSFile(str(path), "wb")
        self.sink.write(BOM + (";".join(self.columns) + "\n").encode())
        self.writer: pacsv.CSVWriter | None = None

    def write(self, month: Month) -> None:
        needed = int(month.person.max()) + 1 if len(month.person) else 0
        if needed > len(self.ids):
            self.ids = person_ids(max(needed, 2 * len(self.ids)))
        columns = {
            "peildatum": pa.array(np.full(len(month.person), np.datetime64(month.peildatum, "D"))),
            "medewerker_id": self.ids.take(month.person),
            "ministerie": self.ministries.take(month.ministry),
            "organisatie": self.units.take(month.unit),
            "fte": self.fte.take(month.hours),
            "schaal": pa.array(month.scale),
            "geboortejaar": pa.array(month.birth_year),
            "geslacht": self.genders.take(month.gender),
            "provincie": self.provinces.take(month.province.astype(np.int32) * 3 + month.spelling),
            "gemeente": self.towns.take(month.municipality.astype(np.int32) + 1),
            "ict_functiefamilie": self.families.take(month.ict.astype(np.int32) + 1),
            "verzuim_dagen": pa.array(month.sick_days),
            "arbeidsbeperking": self.yes_no.take(month.disabled.astype(np.int8)),
        }
        batch = pa.record_batch([columns[c] for c in self.columns], names=list(self.columns))
        if self.writer is None:
            options = pacsv.WriteOptions(include_header=False, delimiter=";", quoting_style="none")
            self.writer = pacsv.CSVWriter(self.sink, batch.schema, write_options=options)
        self.writer.write_batch(batch)

    def close(self) -> Path:
        if self.writer is not None:
            self.writer.close()
        self.sink.close()
        return self.path


Sheet = tuple[Sequence[str], Sequence[Sequence[Any]]]  # header, rows


def write_workbook(path: Path, sheets: dict[str, Sheet]) -> Path:
    """An ``.xlsx`` with one sheet per theme: header in row 1, data from row 2.

    Dates stay ``date`` objects, so Excel sees real dates; numbers stay numbers.
    """
    workbook = Workbook(write_only=True)
    workbook.properties.creator = "jbr demo"
    workbook.properties.created = FIXED_STAMP
    workbook.properties.modified = FIXED_STAMP
    for name, (header, rows) in sheets.items():
        sheet = workbook.create_sheet(name)
        sheet.append(list(header))
        for row in rows:
            sheet.append(list(row))
    buffer = io.BytesIO()
    # ExcelWriter directly: openpyxl's save() would stamp the current time.
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(workbook, archive).save()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(_fixed_zip_times(buffer.getvalue()))
    return path


def _fixed_zip_times(data: bytes) -> bytes:
    """The same zip with every entry dated ``FIXED_STAMP`` (zip entries carry mtimes)."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for entry in source.infolist():
            info = zipfile.ZipInfo(entry.filename, date_time=FIXED_STAMP.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            target.writestr(info, source.read(entry.filename))
    return out.getvalue()

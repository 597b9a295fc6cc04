"""Helpers shared by the information and estate demo deliveries.

Deterministic file writers (the same seed must give byte-identical files, so
nothing may carry a clock) and the ministry set of a year or a day, taken from
the dated code list (SPEC §4) rather than written out here.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
from openpyxl import Workbook
from openpyxl.writer.excel import ExcelWriter

from jbr.codelists import ministries_valid_in, reorganisations, successors

# Fixed stamp for every generated workbook: file properties and zip entries.
FIXED_STAMP = datetime(2025, 3, 1, 9, 0, 0)
YEARS = tuple(range(2017, 2025))


# --- ministries ------------------------------------------------------------------------------


def reorganisation_day() -> date:
    """The first day of the ministry set after the 2024 reorganisation (SPEC §4)."""
    return min(r.day for r in reorganisations())


def old_codes(year: int) -> tuple[str, ...]:
    """Ministries of ``year``'s first day: the codes a row dated early in the year uses."""
    return tuple(m.code for m in ministries_valid_in(year - 1))


def year_codes(year: int) -> tuple[str, ...]:
    """Ministries on 31 December of ``year``: the codes of year-level rows."""
    return tuple(m.code for m in ministries_valid_in(year))


def successor_shares(code: str) -> dict[str, float]:
    """How a predecessor's work divides over its successors (demo assumption).

    As its staff divides (the personnel demo's SUCCESSOR_SHARE: EZK 65 % EZ, 35 % KGG;
    JenV keeps 85 %), so buildings, requests and trips follow the people; otherwise a
    ministry that goes on beside a new one keeps 80 % and a plain split is even.
    """
    from ._people_calibration import SUCCESSOR_SHARE

    after = successors(code, after=date(1900, 1, 1))
    if after == (code,):
        return {code: 1.0}
    if all((code, new) in SUCCESSOR_SHARE for new in after):
        return {new: SUCCESSOR_SHARE[(code, new)] for new in after}
    if code in after:
        rest = [c for c in after if c != code]
        return {code: 0.8, **{c: 0.2 / len(rest) for c in rest}}
    return {c: 1.0 / len(after) for c in after}


def weights_for(codes: Sequence[str] | np.ndarray, base: Mapping[str, float]) -> np.ndarray:
    """Normalised weights for ``codes``; successors inherit their predecessor's share."""
    weight: dict[str, float] = dict(base)
    for old, value in base.items():
        shares = successor_shares(old)
        if not any(new in codes and new != old for new in shares):
            continue
        for new, share in shares.items():
            weight[new] = (0.0 if new == old else weight.get(new, 0.0)) + value * share
    w = np.array([weight.get(c, 1.0) for c in codes], dtype=float)
    return w / w.sum()


def map_to_successors(codes: np.ndarray, days: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Codes of rows dated on or after the reorganisation move to a successor."""
    out = codes.astype(object).copy()
    after = days >= np.datetime64(reorganisation_day())
    for code in np.unique(codes):
        shares = successor_shares(str(code))
        if shares == {code: 1.0}:
            continue
        pick = after & (codes == code)
        names = list(shares)
        out[pick] = rng.choice(names, size=int(pick.sum()), p=list(shares.values()))
    return out.astype(str)


def map_building_users(codes: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """The main user after the reorganisation, drawn once per building."""
    out = codes.astype(object).copy()
    for code in np.unique(codes):
        shares = successor_shares(str(code))
        pick = codes == code
        out[pick] = rng.choice(list(shares), size=int(pick.sum()), p=list(shares.values()))
    return out.astype(str)


# --- deterministic writers -----------------------------------------------------------------


def write_xlsx(path: Path, sheets: Mapping[str, pa.Table]) -> Path:
    """One sheet per theme; dates as Excel dates; no clock in the bytes."""
    wb = Workbook()
    wb.remove(wb.active)
    wb.properties.creator = "jbr demo"
    wb.properties.created = FIXED_STAMP
    wb.properties.modified = FIXED_STAMP
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        ws.append(rows.column_names)
        for row in zip(*(col.to_pylist() for col in rows.columns), strict=True):
            ws.append(row)
    # ExcelWriter directly: openpyxl's save_workbook would stamp the current time.
    with _StampedZip(path, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(wb, archive).save()
    return path


class _StampedZip(zipfile.ZipFile):
    """A zip whose entries all carry ``FIXED_STAMP`` instead of the clock or a file's mtime."""

    def writestr(self, zinfo_or_arcname, data, compress_type=None, compresslevel=None):  # type: ignore[no-untyped-def, override]
        if isinstance(zinfo_or_arcname, str):
            entry = zipfile.ZipInfo(zinfo_or_arcname, date_time=FIXED_STAMP.timetuple()[:6])
            entry.compress_type = self.compression
            entry.external_attr = 0o600 << 16
            zinfo_or_arcname = entry
        super().writestr(zinfo_or_arcname, data, compress_type, compresslevel)

    def write(self, filename, arcname=None, compress_type=None, compresslevel=None):  # type: ignore[no-untyped-def, override]
        self.writestr(
            arcname or str(filename), Path(filename).read_bytes(), compress_type, compresslevel
        )


def write_csv(
    path: Path, table: pa.Table, delimiter: str = ",", encoding: str = "utf-8", eol: str = "\n"
) -> Path:
    """CSV as an office would send it: delimiter, encoding and line ends vary by supplier."""
    sink = io.BytesIO()
    quoting = "none" if _plain(table, delimiter) else "needed"
    options = pacsv.WriteOptions(
        delimiter=delimiter, eol=eol, quoting_style=quoting, quoting_header=quoting
    )
    pacsv.write_csv(table, sink, write_options=options)
    data = sink.getvalue()
    if encoding.lower() not in ("utf-8", "utf8"):
        data = data.decode("utf-8").encode(encoding)
    path.write_bytes(data)
    return path


def _plain(table: pa.Table, delimiter: str) -> bool:
    """True when no text holds a delimiter, quote or line break, so quotes can go."""
    pattern = f'[{delimiter}"\r\n]'
    for column in table.columns:
        if (
            pa.types.is_string(column.type)
            and pc.any(pc.match_substring_regex(column, pattern)).as_py()
        ):
            return False
    return True


def write_parquet(path: Path, table: pa.Table) -> Path:
    pq.write_table(table, path, compression="zstd")
    return path


def table(columns: Mapping[str, Any], schema: Iterable[tuple[str, pa.DataType]]) -> pa.Table:
    """A table in declared column order; ``None`` entries become nulls."""
    fields = [pa.field(name, kind) for name, kind in schema]
    arrays = [
        columns[f.name]
        if isinstance(columns[f.name], pa.Array)
        else pa.array(columns[f.name], type=f.type)
        for f in fields
    ]
    return pa.Table.from_arrays(arrays, schema=pa.schema(fields))


def year_dir(out: Path, year: int) -> Path:
    folder = out / str(year)
    folder.mkdir(parents=True, exist_ok=True)
    return folder

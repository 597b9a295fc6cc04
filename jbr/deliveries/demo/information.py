"""Demo deliveries for information management (SPEC §5.2, §5.5).

Per ministry and year: the Woo request register and its suspensions as CSV
(most offices send comma-separated UTF-8, a few semicolon-separated
Windows-1252, as Dutch offices do), and a workbook with active publication,
generative-AI use cases (from 2023) and large ICT projects.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from . import _woo
from .information_common import YEARS, write_csv, write_xlsx, year_codes, year_dir
from .information_registers import ai_use_cases, ict_projects, publication

# Offices that export from a Dutch-locale spreadsheet: semicolons, Windows-1252.
SEMICOLON_SUPPLIERS = frozenset({"DEF", "LNV", "LVVN", "SZW"})


def write(out: Path, scale: Literal["small", "full"], seed: int) -> list[Path]:
    """Write the information deliveries of every ministry for 2017–2024 under ``out``."""
    if scale not in ("small", "full"):
        raise ValueError(f"unknown scale {scale!r}")
    woo_rng, register_rng = np.random.default_rng([seed, 2]).spawn(2)
    ai = ai_use_cases(register_rng)
    ict = ict_projects(register_rng)
    written: list[Path] = []
    for year in YEARS:
        folder = year_dir(out, year)
        woo = _woo.generate_year(woo_rng, year, scale)
        written += _write_woo(folder, year, woo)
        published = publication(register_rng, year)
        for code in year_codes(year):
            sheets = {
                "openbaarmaking": _rows_of(published, code),
                "ai_toepassingen": _rows_of(ai[year], code) if year in ai else None,
                "ict_projecten": _rows_of(ict[year], code),
            }
            present = {k: v for k, v in sheets.items() if v is not None and v.num_rows}
            written.append(write_xlsx(folder / f"info_{code}_{year}.xlsx", present))
    return written


def _write_woo(folder: Path, year: int, woo: _woo.WooYear) -> list[Path]:
    """Per ministry that received requests: its requests, and its suspensions if any."""
    written = []
    codes = pc.unique(woo.requests["ministerie"]).to_pylist()
    for code in sorted(codes):
        requests = _rows_of(woo.requests, code)
        ids = requests["verzoek_id"]
        suspensions = woo.suspensions.filter(pc.is_in(woo.suspensions["verzoek_id"], ids))
        dialect = (
            {"delimiter": ";", "encoding": "cp1252", "eol": "\r\n"}
            if code in SEMICOLON_SUPPLIERS
            else {}
        )
        written.append(write_csv(folder / f"woo_verzoeken_{code}_{year}.csv", requests, **dialect))
        if suspensions.num_rows:  # a file without rows is an error, so none is sent
            written.append(
                write_csv(folder / f"woo_opschortingen_{code}_{year}.csv", suspensions, **dialect)
            )
    return written


def _rows_of(rows: pa.Table, code: str) -> pa.Table:
    return rows.filter(pc.equal(rows["ministerie"], code))

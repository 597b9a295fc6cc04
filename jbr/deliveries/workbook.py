"""Workbook limits: an xlsx file is measured before it is read (SPEC §7 "Bad input").

The xlsx reader builds each sheet as a dense grid from its first to its last
cell, so a 1.7 kB file with one cell at XFD1048576 asks for 17 billion cells
(512 GiB), and a zip entry that inflates a thousandfold fills the memory
before any row is seen. So before a workbook is opened:

- the zip holds at most ``MAX_PARTS`` entries, and all entries together inflate
  to at most ``max_bytes``: first as the zip declares, then as actually
  inflated (a declared size can lie; reading stops at the limit);
- every sheet's declared dimension (``<dimension ref>``) and the cells it
  actually holds (the furthest row and column any cell names, and the number
  of cell elements) stay within Excel's grid and, summed over the sheets,
  within ``max_cells``.

Limits come from the environment (``JBR_XLSX_MAX_CELLS``, ``JBR_XLSX_MAX_MB``)
with defaults that hold any workbook a ministry sends by hand; larger deliveries
are CSV or Parquet (SPEC §3).
"""

from __future__ import annotations

import os
import re
import zipfile
import zlib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from babel.numbers import format_decimal

from ..locale import DEFAULT, text
from .numbers import babel_locale
from .problems import Problem, file_problem, problem
from .workbook_extent import Extent, column_letters, declared_size, inflate, sheet_names

EXCEL_ROWS = 1_048_576  # Excel's grid: rows and columns a sheet can have
EXCEL_COLUMNS = 16_384  # XFD
MAX_PARTS = 10_000  # zip entries; a workbook of a hundred sheets has a few hundred
DEFAULT_MAX_CELLS = 5_000_000
DEFAULT_MAX_MB = 512

_SHEET_ENTRY = re.compile(r"xl/worksheets/[^/]+\.xml", re.IGNORECASE)


class SettingError(ValueError):
    """A limit in the environment that is not a positive whole number."""


@dataclass(frozen=True)
class WorkbookLimits:
    """How much of a workbook jbr reads (see the module docstring)."""

    max_cells: int = DEFAULT_MAX_CELLS  # summed over the sheets: rows x columns to the last cell
    max_bytes: int = DEFAULT_MAX_MB << 20  # all zip entries inflated together

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> WorkbookLimits:
        """``JBR_XLSX_MAX_CELLS`` and ``JBR_XLSX_MAX_MB``, else the defaults."""
        env = os.environ if environ is None else environ
        return cls(
            _setting(env, "JBR_XLSX_MAX_CELLS", DEFAULT_MAX_CELLS),
            _setting(env, "JBR_XLSX_MAX_MB", DEFAULT_MAX_MB) << 20,
        )


def _setting(env: Mapping[str, str], name: str, default: int) -> int:
    value = env.get(name, "").strip().replace("_", "")
    if not value:
        return default
    if not value.isdigit() or int(value) == 0:
        raise SettingError(text("deliveries.workbook.setting", DEFAULT, name=name, value=value))
    return int(value)


def listed_sheet_names(path: Path) -> list[str]:
    """The workbook's sheet names as its workbook part lists them, in order; [] when it
    cannot be read as a zip archive. A cheap guess for ``load_files`` to order and batch
    the files (``read.sheet_themes``): it reads two small parts (no sheet, no shared
    text), so it needs no limit check, and it guesses for a workbook over the limits too;
    reading the file checks the limits before anything else."""
    try:
        with zipfile.ZipFile(path) as archive:
            return list(sheet_names(archive, WorkbookLimits.from_env().max_bytes).values())
    except (
        zipfile.BadZipFile,
        zlib.error,
        OSError,
        EOFError,
        NotImplementedError,  # a compression method zipfile lacks (Deflate64)
        RuntimeError,
        ValueError,
    ):
        return []


def check_workbook_limits(
    path: Path, limits: WorkbookLimits | None = None, lang: str = "nl"
) -> list[Problem]:
    """Problems that forbid reading the workbook at ``path``; [] when it may be read.

    Cheap for small files; for large ones it inflates each entry once (with a cap)
    without building anything, so it costs a fraction of the read it protects.
    """
    limits = limits or WorkbookLimits.from_env()
    name = path.name

    def too_big(reason: str) -> list[Problem]:
        return [problem(name, None, None, None, None, "werkboek_te_groot", lang, reason=reason)]

    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as e:
        return [file_problem(name, "bestand_onleesbaar", lang, reason=_reason(e))]
    with archive:
        entries = archive.infolist()
        if len(entries) > MAX_PARTS:
            return too_big(
                text(
                    "deliveries.workbook.parts",
                    lang,
                    n=_n(len(entries), lang),
                    limit=_n(MAX_PARTS, lang),
                )
            )
        declared = sum(e.file_size for e in entries)
        if declared > limits.max_bytes:
            return too_big(
                text(
                    "deliveries.workbook.bytes",
                    lang,
                    size=_mb(declared, lang),
                    limit=_mb(limits.max_bytes, lang),
                )
            )
        try:
            names = sheet_names(archive, limits.max_bytes)
            extents: list[Extent] = []
            inflated = 0
            for entry in entries:
                if entry.is_dir():
                    continue
                sheet = names.get(entry.filename)
                if sheet is None and _SHEET_ENTRY.fullmatch(entry.filename):
                    sheet = entry.filename
                extent = Extent(sheet) if sheet is not None else None
                inflated += inflate(archive, entry, limits.max_bytes - inflated, extent)
                if inflated > limits.max_bytes:
                    return too_big(
                        text(
                            "deliveries.workbook.inflated", lang, limit=_mb(limits.max_bytes, lang)
                        )
                    )
                if extent is not None:
                    extents.append(extent)
        except (
            zipfile.BadZipFile,
            zlib.error,
            OSError,
            EOFError,
            NotImplementedError,
            RuntimeError,
        ) as e:
            return [file_problem(name, "bestand_onleesbaar", lang, reason=_reason(e))]
    return _grid_problems(name, extents, limits, lang)


def _grid_problems(
    file: str, extents: list[Extent], limits: WorkbookLimits, lang: str
) -> list[Problem]:
    """Each sheet within Excel's grid; the sheets' declared and actual cells within the limit."""

    def too_big(reason: str, sheet: str, ref: str | None) -> list[Problem]:
        return [problem(file, sheet, None, None, ref, "werkboek_te_groot", lang, reason=reason)]

    declared_total = actual_total = elements = 0
    for e in extents:
        if e.declared:
            rows, columns = declared_size(e.declared)
            if rows > EXCEL_ROWS or columns > EXCEL_COLUMNS:
                return too_big(
                    text("deliveries.workbook.outside", lang, sheet=e.name, ref=e.declared),
                    e.name,
                    e.declared,
                )
            declared_total += rows * columns
            if declared_total > limits.max_cells:
                reason = text(
                    "deliveries.workbook.declared",
                    lang,
                    sheet=e.name,
                    ref=e.declared,
                    cells=_n(rows * columns, lang),
                    limit=_n(limits.max_cells, lang),
                )
                return too_big(reason, e.name, e.declared)
        rows, columns = e.bound
        ref = f"{column_letters(e.max_column)}{e.max_row}" if e.max_row else ""
        if rows > EXCEL_ROWS or columns > EXCEL_COLUMNS:
            return too_big(
                text("deliveries.workbook.outside", lang, sheet=e.name, ref=ref or "?"),
                e.name,
                ref or None,
            )
        actual_total += rows * columns
        elements += e.cells
        if actual_total > limits.max_cells or elements > limits.max_cells:
            reason = text(
                "deliveries.workbook.actual",
                lang,
                sheet=e.name,
                ref=ref or "?",
                cells=_n(max(rows * columns, e.cells), lang),
                limit=_n(limits.max_cells, lang),
            )
            return too_big(reason, e.name, ref or None)
    return []


def _reason(e: BaseException) -> str:
    lines = str(e).strip().splitlines()
    return (lines[0] if lines else type(e).__name__)[:300]


def _n(value: int, lang: str) -> str:
    return format_decimal(value, locale=babel_locale(lang))


def _mb(size: int, lang: str) -> str:
    return f"{_n(round(size / (1 << 20)), lang)} MB"

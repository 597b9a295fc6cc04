"""Read a delivery file into DuckDB as text columns, one table per theme sheet.

Every format ends up the same way: a temporary table whose columns are the
file's columns as VARCHAR (names lower-cased, trimmed) plus ``_row``, the row
number as the user sees it (CSV/xlsx: the header is row 1; Parquet: record 1
is row 1). Typing and checking happen afterwards, set-based, in ``validate``.
Unreadable input becomes a ``Problem``, never an exception.

This module picks the reader by the file's suffix and the theme by its name (or, for
an xlsx file, by its sheets' names): ``csv_file`` (with ``sniff``), ``xlsx_file`` and
``parquet_file`` each make ``RawSheet``s (``sheet``).
"""

from __future__ import annotations

import codecs
import csv
from pathlib import Path

import duckdb

from ...sql import sql_text
from ..problems import Problem, file_problem
from ..themes import THEMES, theme_for_filename, theme_for_header
from ..workbook import listed_sheet_names
from .csv_file import read_csv
from .parquet_file import read_parquet
from .sheet import RawSheet
from .sniff import SNIFF_BYTES, Bytes, detect_delimiter
from .xlsx_file import read_xlsx


def read_delivery(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    theme: str | None = None,
    lang: str = "nl",
    scanned: Bytes | None = None,
) -> tuple[list[RawSheet], list[Problem]]:
    """Read ``path`` into temp tables of ``con``; return its theme sheets and any problems.

    ``scanned``: a CSV's ``sniff.scan``, when the caller made it already.
    """
    name = path.name
    if not path.is_file():
        return [], [file_problem(name, "bestand_niet_gevonden", lang)]
    if path.stat().st_size == 0:
        return [], [file_problem(name, "bestand_leeg", lang)]
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return read_xlsx(con, path, lang)
    if suffix not in (".csv", ".txt", ".parquet"):
        return [], [file_problem(name, "bestandstype_onbekend", lang, suffix=path.suffix)]
    theme_name = theme or theme_for_filename(path.stem)
    if theme_name is None or theme_name not in THEMES:
        fits = theme_for_header(_file_header(con, path)) if theme_name is None else None
        if fits is not None:
            return [], [file_problem(name, "thema_uit_kolommen", lang, theme=fits, suffix=suffix)]
        return [], [file_problem(name, "thema_onbekend", lang, themes=", ".join(THEMES))]
    if suffix == ".parquet":
        return read_parquet(con, path, THEMES[theme_name], lang)
    return read_csv(con, path, THEMES[theme_name], lang, scanned)


def _file_header(con: duckdb.DuckDBPyConnection, path: Path) -> list[str]:
    """The column names of a CSV or Parquet file, read cheaply; [] when unreadable."""
    try:
        if path.suffix.lower() == ".parquet":
            described = con.execute(
                f"DESCRIBE SELECT * FROM read_parquet({sql_text(str(path))})"
            ).fetchall()
            return [r[0] for r in described]
        with path.open("rb") as f:
            head = f.read(SNIFF_BYTES)
        if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            head = head.decode("utf-16", errors="replace").encode("utf-8")
        lines = head.decode("utf-8", errors="replace").lstrip("\ufeff").splitlines()
        if not lines:
            return []
        return next(csv.reader([lines[0]], delimiter=detect_delimiter(lines[0])))
    except (duckdb.Error, OSError, csv.Error, UnicodeError):
        return []


def sheet_themes(path: Path) -> list[str]:
    """The themes a file holds, guessed cheaply (file name, or xlsx sheet names)."""
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        names = listed_sheet_names(path)
        return [n.strip().lower() for n in names if n.strip().lower() in THEMES]
    found = theme_for_filename(path.stem)
    return [found] if found else []

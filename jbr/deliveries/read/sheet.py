"""``RawSheet``: one theme's rows from one file, held as text columns in DuckDB.

What every reader (``csv_file``, ``xlsx_file``, ``parquet_file``) makes of a file, and
what ``validate`` types and checks: the file's columns as VARCHAR under positional names
(``c0``, ``c1``...), the map from the normalised header to them, and what reading left
behind for ``drop``. Also the small helpers all readers share: the header mapping, fresh
temp names and a reader's error as a problem's reason.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from ..declaration import Theme
from ..problems import Problem, problem

_table_counter = itertools.count(1)


@dataclass
class RawSheet:
    """One theme's rows from one file, held as text in a DuckDB temp table."""

    path: Path
    sheet: str | None  # xlsx sheet name; None for csv/parquet
    theme: Theme
    source: str  # SQL relation with the text columns c0, c1, ... in file order
    columns: dict[str, str] = field(default_factory=dict)  # normalised name → source column
    first_row: int = 2  # row number of the source's first record
    numbered: bool = False  # the source has ``_row`` itself (else: rowid + first_row)
    tables: list[str] = field(default_factory=list)  # temp tables to drop afterwards
    views: list[str] = field(default_factory=list)
    registered: list[str] = field(default_factory=list)  # Arrow tables registered in DuckDB
    # Fast path (CSV): the same file read with DuckDB's own typed reader.
    native_source: str | None = None
    native_columns: tuple[str, ...] = ()
    native_numbered: bool = False  # the native source has ``_row`` itself
    temp_files: list[Path] = field(default_factory=list)  # e.g. a transcoded CSV
    # Number columns whose cells may be machine-written numbers (numeric xlsx cells, numeric
    # Parquet columns): name → source column holding that value as DOUBLE (NULL for text).
    numbers: dict[str, str] = field(default_factory=dict)
    # The file's own notation for doubtful numbers (``numbers.column_notation``): the
    # decimal sign its dialect implies, None when the file does not say.
    decimal_sign: str | None = None
    # Dictionary path (CSV): the UTF-8 file when it has no quotes and no lone carriage
    # return, so any reader splits it the same way; its delimiter and header width.
    plain_source: Path | None = None
    delimiter: str = ","
    width: int = 0

    @property
    def label(self) -> str:
        return self.path.name

    def drop(self, con: duckdb.DuckDBPyConnection) -> None:
        """Remove what reading and checking left behind (temp views, tables, files)."""
        for view in self.views:
            con.execute(f"DROP VIEW IF EXISTS {view}")
        for table in reversed(self.tables):
            con.execute(f"DROP TABLE IF EXISTS {table}")
        for name in self.registered:
            con.unregister(name)
        for f in self.temp_files:
            f.unlink(missing_ok=True)


def fresh_name(prefix: str) -> str:
    """A name for a temporary table or view that no other in this process has."""
    return f"{prefix}_{next(_table_counter)}"


def normalise_header(name: object) -> str:
    return str(name if name is not None else "").strip().lower().lstrip("\ufeff")


def short_reason(e: BaseException) -> str:
    """The first line of a reader's error, without DuckDB's category prefix, for a problem."""
    text = str(e).strip().splitlines()
    first = text[0] if text else type(e).__name__
    for prefix in ("Invalid Input Error: ", "IO Error: ", "Conversion Error: "):
        first = first.removeprefix(prefix)
    return first[:300]


def sheet_from_header(
    path: Path,
    sheet: str | None,
    theme: Theme,
    source: str,
    header: list[str],
    positional: list[str],
    first_row: int,
    lang: str,
) -> tuple[list[RawSheet], list[Problem]]:
    """Map the file's header onto the table's positional columns; report header problems."""
    problems: list[Problem] = []
    columns: dict[str, str] = {}
    for raw_name, col in zip(header, positional, strict=False):
        norm = normalise_header(raw_name)
        if not norm:
            continue
        if norm in columns:
            problems.append(
                problem(path.name, sheet, 1, raw_name, None, "kolom_dubbel", lang, column=raw_name)
            )
            continue
        columns[norm] = col
    return [RawSheet(path, sheet, theme, source, columns, first_row)], problems

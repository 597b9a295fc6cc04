"""The Parquet reader: a Parquet file as a ``RawSheet`` (record 1 is row 1).

The theme's columns are read as text for the exact path; number columns the writer
stored as numbers keep their value beside it (``RawSheet.numbers``), and columns stored
with the theme's own type stay typed on the fast path (``native_source``).
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from ...sql import sql_identifier, sql_text
from ..declaration import Theme
from ..numbers import NUMBER_TYPES
from ..problems import Problem, file_problem
from .sheet import RawSheet, normalise_header, sheet_from_header, short_reason


def read_parquet(
    con: duckdb.DuckDBPyConnection, path: Path, theme: Theme, lang: str
) -> tuple[list[RawSheet], list[Problem]]:
    try:
        # The top-level columns (a nested one becomes its text); names quoted as identifiers.
        described = con.execute(
            f"DESCRIBE SELECT * FROM read_parquet({sql_text(str(path))})"
        ).fetchall()
        header = [r[0] for r in described]
        types = {r[0]: r[1] for r in described}
        positional = [f"c{i}" for i in range(len(header))]
        # Only the theme's columns are read (others are reported from the header alone).
        select = (
            ", ".join(
                f"CAST({sql_identifier(h)} AS VARCHAR) AS {p}"
                for h, p in zip(header, positional, strict=True)
                if normalise_header(h) in theme.column_names
            )
            or "CAST(NULL AS VARCHAR) AS c0"
        )
        numbers = _parquet_numbers(theme, header, types)
        extra = "".join(f", {sql} AS n{i}" for i, sql in numbers.items())
        relation = f"(SELECT {select}{extra} FROM read_parquet({sql_text(str(path))}))"
    except duckdb.Error as e:
        return [], [file_problem(path.name, "bestand_onleesbaar", lang, reason=short_reason(e))]
    sheets, problems = sheet_from_header(
        path, None, theme, relation, header, positional, first_row=1, lang=lang
    )
    for sheet in sheets:
        sheet.numbers = {
            normalise_header(header[i]): f"n{i}"
            for i in numbers
            if sheet.columns.get(normalise_header(header[i])) == f"c{i}"
        }
        _add_native_parquet(sheet, path, header, types, numbers)
    return sheets, problems


def _is_numeric(duckdb_type: str) -> bool:
    return duckdb_type.startswith("DECIMAL") or duckdb_type in PARQUET_NUMERIC


def _parquet_numbers(theme: Theme, header: list[str], types: dict[str, str]) -> dict[int, str]:
    """Number columns the writer stored as numbers: position → SQL of their DOUBLE value."""
    found = {}
    for i, h in enumerate(header):
        name = normalise_header(h)
        numeric = name in theme.column_names and theme.column(name).type in NUMBER_TYPES
        if numeric and _is_numeric(types[h]):
            found[i] = f"CAST({sql_identifier(h)} AS DOUBLE)"
    return found


PARQUET_NUMERIC = {
    "DOUBLE",
    "FLOAT",
    "BIGINT",
    "INTEGER",
    "SMALLINT",
    "TINYINT",
    "HUGEINT",
    "UBIGINT",
    "UINTEGER",
    "USMALLINT",
    "UTINYINT",
}
PARQUET_NATIVE = {
    "date": {"DATE"},
    "number": {"DOUBLE", "FLOAT", "BIGINT", "INTEGER", "SMALLINT", "TINYINT", "HUGEINT"},
    "integer": {"BIGINT", "INTEGER", "SMALLINT", "TINYINT"},
    "year": {"BIGINT", "INTEGER", "SMALLINT", "TINYINT"},
}


def _add_native_parquet(
    sheet: RawSheet, path: Path, header: list[str], types: dict[str, str], numbers: dict[int, str]
) -> None:
    """The fast path's read of a Parquet file: columns stored with the theme's type stay typed.

    A column the writer stored as text (or another type) is text, as on the exact path;
    rows are numbered by the reader (record 1 is row 1).
    """
    by_column = {f"c{i}": h for i, h in enumerate(header)}
    native = tuple(
        c.name
        for c in sheet.theme.columns
        if c.name in sheet.columns
        and types.get(by_column[sheet.columns[c.name]]) in PARQUET_NATIVE.get(c.type, set())
    )
    if not native:
        return
    typed = {sheet.columns[n] for n in native}
    select = ", ".join(
        f"{sql_identifier(h)} AS {col}"
        if col in typed
        else f"CAST({sql_identifier(h)} AS VARCHAR) AS {col}"
        for col, h in by_column.items()
    ) + "".join(f", {sql} AS n{i}" for i, sql in numbers.items())
    sheet.native_source = (
        f"(SELECT file_row_number + 1 AS _row, {select} "
        f"FROM read_parquet({sql_text(str(path))}, file_row_number = true))"
    )
    sheet.native_columns = native
    sheet.native_numbered = True

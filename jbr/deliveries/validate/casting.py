"""Typing: a sheet's text columns become one typed table (SQL generated from the theme).

One projection per group of sheets of a theme: each cell's text is kept as
``<col>__raw`` beside its typed value (NULL when the text does not parse, which
``checks`` then reports), numbers are read layer by layer (``numbers``), codes
are resolved to their canonical spelling, and every row gets the (ministry, year)
it covers.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import duckdb

from ...codelists import alias_table
from ...sql import SQL_TYPES, sql_text
from ..declaration import Column, Theme, Via
from ..numbers import (
    DOUBTFUL,
    NUMBER_TYPES,
    SAYS_DUTCH,
    SAYS_ENGLISH,
    column_notation,
    few_decimals,
    parts_sql,
    shape_sql,
    simple_shape_sql,
    simple_sql,
    simple_value_sql,
    value_sql,
    whole_sql,
)
from ..read.sheet import RawSheet

TRUE_WORDS = ("true", "waar", "ja", "j", "1", "yes", "y", "x")
FALSE_WORDS = ("false", "onwaar", "nee", "n", "0", "no")
TYPE_RULES = {
    "integer": "type_geheel_getal",
    "year": "type_jaar",
    "number": "type_getal",
    "date": "type_datum",
    "datetime": "type_datumtijd",
    "boolean": "type_ja_nee",
}

# Datetime text (local time as written, no time zone): ISO with an optional time of
# day, DD-MM-YYYY with an optional time, or an Excel serial number with a fraction.
ISO_DATETIME = r"\d{4}-\d{1,2}-\d{1,2}([ T]\d{1,2}:\d{2}(:\d{2}(\.\d{1,6})?)?)?"
DUTCH_DATETIME = r"\d{1,2}-\d{1,2}-\d{4}( \d{1,2}:\d{2}(:\d{2})?)?"
EXCEL_SERIAL = r"\d{5}(\.\d+)?"

# Written without a time of day: a plain date, or a whole Excel serial.
DATE_ONLY = r"\d{4}-\d{1,2}-\d{1,2}|\d{1,2}-\d{1,2}-\d{4}|\d{5}(\.0+)?"


def _in_list(words: Iterable[str]) -> str:
    return "(" + ", ".join(sql_text(w) for w in words) + ")"


def parse_expr(column: Column, raw: str) -> str:
    """SQL turning the trimmed text ``raw`` into the column's type (NULL when it does not parse)."""
    t = column.type
    if t in NUMBER_TYPES:  # numbers are read by ``numbers`` (see _typed_sql)
        raise ValueError(f"{column.name}: number columns are typed by _number_layers")
    if t == "date":
        return (
            "COALESCE("
            f"CASE WHEN regexp_full_match({raw}, '\\d{{4}}-\\d{{1,2}}-\\d{{1,2}}') THEN TRY_CAST({raw} AS DATE) END, "
            f"CASE WHEN regexp_full_match({raw}, '\\d{{4}}-\\d{{2}}-\\d{{2}}[ T]00:00(:00(\\.0+)?)?') "
            f"THEN TRY_CAST(left({raw}, 10) AS DATE) END, "
            f"CASE WHEN regexp_full_match({raw}, '\\d{{1,2}}-\\d{{1,2}}-\\d{{4}}') "
            f"THEN CAST(TRY_STRPTIME({raw}, '%d-%m-%Y') AS DATE) END, "
            f"CASE WHEN regexp_full_match({raw}, '\\d{{5}}(\\.0+)?') "
            f"AND TRY_CAST({raw} AS DOUBLE) BETWEEN 1 AND 109574 "  # Excel serial, 1900..2199
            f"THEN DATE '1899-12-30' + CAST(CAST({raw} AS DOUBLE) AS INTEGER) END)"
        )
    if t == "datetime":
        return datetime_expr(raw)
    if t == "boolean":
        return (
            f"CASE WHEN lower({raw}) IN {_in_list(TRUE_WORDS)} THEN true "
            f"WHEN lower({raw}) IN {_in_list(FALSE_WORDS)} THEN false END"
        )
    if column.values:
        cases = " ".join(f"WHEN {sql_text(v.lower())} THEN {sql_text(v)}" for v in column.values)
        return f"CASE lower({raw}) {cases} END"
    return raw  # string; codes are resolved by a join (see typed_sql)


def datetime_expr(raw: str) -> str:
    """SQL: the text ``raw`` as a TIMESTAMP; a plain date is that day at 00:00."""
    serial = f"CAST({raw} AS DOUBLE)"
    return (
        "COALESCE("
        f"CASE WHEN regexp_full_match({raw}, '{ISO_DATETIME}') "
        f"THEN TRY_CAST(replace({raw}, 'T', ' ') AS TIMESTAMP) END, "
        f"CASE WHEN regexp_full_match({raw}, '{DUTCH_DATETIME}') THEN TRY_STRPTIME({raw}, "
        "['%d-%m-%Y %H:%M:%S', '%d-%m-%Y %H:%M', '%d-%m-%Y']) END, "
        f"CASE WHEN regexp_full_match({raw}, '{EXCEL_SERIAL}') "
        f"AND TRY_CAST({raw} AS DOUBLE) BETWEEN 1 AND 109575 "  # Excel serial, 1900..2199
        f"THEN TIMESTAMP '1899-12-30' + to_seconds(CAST(round({serial} * 86400) AS BIGINT)) END)"
    )


def period_end_expr(value: str, raw: str, start_raw: str) -> str:
    """SQL: the exclusive end of a period from its typed end ``value``.

    The one rule for periods (``Column.ends``): when neither the start nor the end is
    written with a time of day, the period runs up to and including the end's day,
    so the end is stored as the next midnight (2024-01-31 → 2024-02-01 00:00). With a
    time in either, the end is that moment and not itself included. Every stored
    period is therefore the half-open interval [start, end).
    """
    both_dates = (
        f"regexp_full_match({raw}, '{DATE_ONLY}') "
        f"AND coalesce(regexp_full_match({start_raw}, '{DATE_ONLY}'), false)"
    )
    return f"CASE WHEN {both_dates} THEN {value} + INTERVAL 1 DAY ELSE {value} END"


def code_expr(codelist: str, raw: str) -> str:
    """Canonical code for any accepted spelling (case-insensitive), NULL when unknown.

    A CASE over the (small) code list keeps typing a pure projection, which keeps
    the file's row order and runs in parallel.
    """
    cases = " ".join(
        f"WHEN {sql_text(spelling)} THEN {sql_text(code)}"
        for spelling, code in alias_table(codelist)
    )
    return f"CASE lower({raw}) {cases} END"


@dataclass
class Part:
    """One sheet in a group checked together: ``index`` is its ``_part``, ``file`` its ``_file``."""

    index: int
    file: int
    sheet: RawSheet
    source: str = ""  # relation with the text columns (and ``_row`` when ``numbered``)
    numbered: bool = False


Notations = dict[tuple[int, str], str | None]  # (part, column) → its decimal sign (``numbers``)


def _text_numbers(theme: Theme, sheet: RawSheet, typed_by_reader: set[str]) -> list[Column]:
    """The sheet's number columns read from their text (not typed by the reader)."""
    return [
        c
        for c in theme.columns
        if c.type in NUMBER_TYPES and c.name in sheet.columns and c.name not in typed_by_reader
    ]


def _typed_sql(
    theme: Theme,
    parts: list[Part],
    into: str,
    native: bool = False,
    notations: Notations | None = None,
    blank_rows: bool = False,
    stack: str | None = None,
) -> tuple[str | None, str]:
    """One projection: text → typed columns (keeping the text as ``<col>__raw``) → scope.

    The parts' rows are stacked with ``_part`` and ``_file``; numbered parts bring
    their ``_row``, otherwise (one part) the caller numbers rows by ``rowid``.
    ``native``: read from the sheets' ``native_source`` where the reader already
    typed the columns in ``native_columns`` (the same in every part); their
    ``__raw`` is not kept (NULL). ``notations``: the decimal sign each part's number
    columns are read with (default: its file's dialect). Rows whose theme cells are
    all blank are marked ``_leeg``; numbered rows are dropped here, the others by
    ``run._row_view`` after numbering (``blank_rows``: kept, with ``_leeg``).

    Returns (the statement that stacks the parts' rows into the table ``stack`` first, or
    None, and the statement that types them). With ``stack`` the typing reads one table
    instead of a union of every part: DuckDB plans the typing's long expressions over a
    union of a hundred small sheets for a quarter of a second (``type_table``).
    """
    notations = notations or {}
    selects = []
    typed_by_reader: set[str] = set()
    numbered = parts[0].sheet.native_numbered if native else parts[0].numbered
    numbers: list[Column] = []
    for part in parts:
        sheet = part.sheet
        source = sheet.native_source if native else part.source
        typed_by_reader = set(sheet.native_columns) if native else set()
        numbers = _text_numbers(theme, sheet, typed_by_reader)
        inner = [f"{part.index} AS _part", f"{part.file} AS _file"]
        if numbered:
            inner.append("_row")
        for col in theme.columns:
            column = sheet.columns.get(col.name)
            if column and col.name in typed_by_reader:
                inner.append(f'{column} AS "{col.name}__native"')
            inner.append(
                f"NULLIF(trim({column}), '') AS \"{col.name}__raw\""
                if column and col.name not in typed_by_reader
                else f'CAST(NULL AS VARCHAR) AS "{col.name}__raw"'
            )
        for col in numbers:
            sign = notations.get((part.index, col.name), sheet.decimal_sign)
            companion = sheet.numbers.get(col.name)
            inner.append(  # an infinite or NaN value is read from its text (and rejected)
                f'CASE WHEN isfinite({companion}) THEN {companion} END AS "{col.name}__num"'
                if companion
                else f'CAST(NULL AS DOUBLE) AS "{col.name}__num"'
            )
            inner.append(
                f'{sql_text(sign) if sign else "CAST(NULL AS VARCHAR)"} AS "{col.name}__teken"'
            )
        selects.append(f"SELECT {', '.join(inner)} FROM {source}")
    typed = ["_part", "_file"] + (["_row"] if numbered else [])
    for col in theme.columns:
        raw = f'"{col.name}__raw"'
        if col.name in typed_by_reader:
            expr = f'"{col.name}__native"'
        elif col in numbers:
            number = f'"{col.name}__getal"'
            expr = number if col.type == "number" else whole_sql(number)
            typed.append(f'"{col.name}__vorm"')
            if native:  # checked by its shape; the fast path reports nothing, so no text
                raw = f'CAST(NULL AS VARCHAR) AS "{col.name}__raw"'

        elif col.type in NUMBER_TYPES:  # not in this sheet
            expr = "NULL"
            typed.append(f'CAST(NULL AS UTINYINT) AS "{col.name}__vorm"')
        elif col.is_code and col.codelist:
            expr = code_expr(col.codelist, raw)
        else:
            expr = parse_expr(col, raw)
            if col.ends:
                expr = period_end_expr(expr, raw, f'"{col.ends}__raw"')
        # Text that parses but does not fit the type (a year of 11 digits) becomes NULL and
        # so a type error at its row; a reader-typed column that does not fit fails the
        # fast path instead (the text path then reports it).
        cast = "CAST" if col.name in typed_by_reader else "TRY_CAST"
        typed += [raw, f'{cast}({expr} AS {SQL_TYPES[col.type]}) AS "{col.name}"']
    blank = " AND ".join(
        f'"{c.name}__native" IS NULL' if c.name in typed_by_reader else f'"{c.name}__raw" IS NULL'
        for c in theme.columns
    )
    typed.append(f"{blank} AS _leeg")
    stacked = " UNION ALL ".join(selects)
    stacking = None
    if stack is not None:
        stacking = f"CREATE TEMP TABLE {stack} AS {stacked}"
        stacked = f"SELECT * FROM {stack}"
    if numbers:  # split, classify, then value each number cell (see ``numbers``)
        stacked = _number_layers(numbers, stacked)
    ministry, year = _scope_exprs(theme)
    order = " ORDER BY _part, _row" if len(parts) > 1 else ""
    keep = " EXCLUDE (_leeg)" if numbered and not blank_rows else ""
    where = " WHERE NOT _leeg" if numbered and not blank_rows else ""
    return stacking, (
        f"CREATE TEMP TABLE {into} AS SELECT *{keep}, {ministry} AS _ministerie, {year} AS _jaar "
        f"FROM (SELECT {', '.join(typed)} FROM ({stacked})){where}{order}"
    )


def _number_layers(numbers: list[Column], stacked: str) -> str:
    """Projections over ``stacked`` that classify and value each number cell (``numbers``).

    ``__s``: the text is a plain number (NULL: no text to read, as for a machine-written
    number in ``__num``, taken as it is); other text is split (``__p``) first. Then
    the shape (``__vorm``) and the value (``__getal``).
    """

    def q(column: Column, suffix: str) -> str:
        return f'"{column.name}__{suffix}"'

    def layer(exprs: list[str], below: str) -> str:
        return f"SELECT *, {', '.join(exprs)} FROM ({below})"

    plain = [
        f"CASE WHEN {q(c, 'num')} IS NULL AND {q(c, 'raw')} IS NOT NULL "
        f"THEN {simple_sql(q(c, 'raw'))} END AS {q(c, 's')}"
        for c in numbers
    ]
    split = [
        f"CASE WHEN NOT {q(c, 's')} THEN {parts_sql(q(c, 'raw'))} END AS {q(c, 'p')}"
        for c in numbers
    ]
    shape = [
        f"CASE WHEN {q(c, 's')} THEN {simple_shape_sql(q(c, 'raw'))} "
        f"WHEN NOT {q(c, 's')} THEN {shape_sql(q(c, 'p'))} END AS {q(c, 'vorm')}"
        for c in numbers
    ]
    value = [
        f"coalesce({q(c, 'num')}, CASE WHEN {q(c, 's')} "
        f"THEN {simple_value_sql(q(c, 'raw'), q(c, 'vorm'), q(c, 'teken'), few_decimals(c))} "
        f"WHEN NOT {q(c, 's')} "
        f"THEN {value_sql(q(c, 'p'), q(c, 'vorm'), q(c, 'teken'), few_decimals(c))} END) "
        f"AS {q(c, 'getal')}"
        for c in numbers
    ]
    return layer(value, layer(shape, layer(split, layer(plain, stacked))))


def _scope_exprs(theme: Theme) -> tuple[str, str]:
    """SQL for the (ministry, year) a row covers, for themes that carry it themselves."""
    if theme.ministry is None:
        ministry = "'RIJK'"
    elif isinstance(theme.ministry, Via):
        ministry = "CAST(NULL AS VARCHAR)"
    else:
        ministry = f'"{theme.ministry}"'
    if isinstance(theme.year, Via):
        year = "CAST(NULL AS INTEGER)"
    elif theme.column(theme.year).type in ("date", "datetime"):
        year = f'CAST(year("{theme.year}") AS INTEGER)'
    else:
        year = f'CAST("{theme.year}" AS INTEGER)'
    return ministry, year


def type_table(
    con: duckdb.DuckDBPyConnection,
    theme: Theme,
    parts: list[Part],
    table: str,
    native: bool = False,
    blank_rows: bool = False,
) -> Notations:
    """Create the typed ``table``; return the decimal sign its number columns were read with.

    First with each file's dialect. A column holding doubtful cells whose own other
    cells show another notation (or both) is then typed again with the column's
    notation (``numbers.column_notation``); that costs a second pass only then.
    """
    reader = set(parts[0].sheet.native_columns) if native else set()
    numbers = _text_numbers(theme, parts[0].sheet, reader)
    used = {(p.index, c.name): p.sheet.decimal_sign for p in parts for c in numbers}
    # Many sheets read as text (a hundred small workbooks of one theme) are stacked first;
    # Parquet's typed columns (``native``) are big and few, and read in place.
    stack = f"{table}_stack" if len(parts) > 1 and not native else None

    def create(notations: Notations) -> None:
        stacking, typed = _typed_sql(theme, parts, table, native, notations, blank_rows, stack)
        if stacking is None:
            con.execute(typed)
            return
        con.execute(stacking)
        try:
            con.execute(typed)
        finally:
            con.execute(f"DROP TABLE IF EXISTS {stack}")

    create(used)
    if not numbers:
        return used
    flags = ", ".join(
        f'bool_or("{c.name}__vorm" = {DOUBTFUL}), bool_or("{c.name}__vorm" = {SAYS_DUTCH}), '
        f'bool_or("{c.name}__vorm" = {SAYS_ENGLISH})'
        for c in numbers
    )
    better = dict(used)
    for part, *seen in con.execute(f"SELECT _part, {flags} FROM {table} GROUP BY _part").fetchall():
        for i, c in enumerate(numbers):
            doubtful, dutch, english = (bool(x) for x in seen[3 * i : 3 * i + 3])
            better[(part, c.name)] = column_notation(doubtful, dutch, english, used[(part, c.name)])
    if better != used:
        con.execute(f"DROP TABLE {table}")
        create(better)
    return better

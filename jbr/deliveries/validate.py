"""Set-based validation of deliveries in DuckDB (SPEC §3, §7).

A ``RawSheet`` (text columns) becomes a typed table by one SQL statement
generated from the theme declaration; every rule is then one SQL query over
that table that returns *all* offending rows at once. No Python loop over rows.

Sheets of the same theme from many files are checked together: their rows are
stacked (``_part`` = the sheet, ``_file`` = its file) into one typed table, so a
hundred small deliveries cost one typing statement and one check scan instead of
a hundred of each. Every cross-row rule groups by ``_part``, so a sheet's result
is exactly what checking it alone would give.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pyarrow as pa
from babel.numbers import format_decimal

from ..codelists import alias_table, ministries, reorganisations
from .declaration import Column, Theme, Via
from .numbers import (
    DOUBTFUL,
    NUMBER_TYPES,
    SAYS_DUTCH,
    SAYS_ENGLISH,
    column_notation,
    few_decimals,
    parts_sql,
    readings,
    shape_sql,
    simple_shape_sql,
    simple_sql,
    simple_value_sql,
    value_sql,
    whole_sql,
    why_doubtful,
)
from .problems import ERROR, WARNING, Problem, file_problem, problem
from .read import RawSheet, _fresh, _short, read_delivery, sql_text
from .themes import THEMES, load_order

SQL_TYPES = {
    "string": "VARCHAR",
    "integer": "BIGINT",
    "number": "DOUBLE",
    "date": "DATE",
    "datetime": "TIMESTAMP",
    "boolean": "BOOLEAN",
    "year": "INTEGER",
    "code": "VARCHAR",
}
FAST_PATH = True  # clean CSVs are typed by DuckDB's reader; see _native_typed
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


@dataclass
class CheckedSheet:
    """A sheet that passed reading; ``typed`` holds typed columns, lineage and scope.

    ``typed`` is this sheet's rows of ``group``, the table typed for all sheets of
    the theme checked together, in which the sheet is ``_part = part``.
    """

    raw: RawSheet
    typed: str
    rows: int
    group: str = ""
    part: int = 0

    @property
    def theme(self) -> Theme:
        return self.raw.theme


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


def register_codelists(con: duckdb.DuckDBPyConnection) -> None:
    """Ministry validity periods as a small table (idempotent)."""
    ms = ministries()
    arrow = pa.table(
        {
            "code": [m.code for m in ms],
            "valid_from": [m.valid_from for m in ms],
            "valid_to": [m.valid_to for m in ms],
        }
    )
    con.register("_ministries_arrow", arrow)
    con.execute("CREATE OR REPLACE TEMP TABLE jbr_ministries AS SELECT * FROM _ministries_arrow")
    con.unregister("_ministries_arrow")


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
class _Part:
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
    parts: list[_Part],
    into: str,
    native: bool = False,
    notations: Notations | None = None,
    blank_rows: bool = False,
) -> str:
    """One projection: text → typed columns (keeping the text as ``<col>__raw``) → scope.

    The parts' rows are stacked with ``_part`` and ``_file``; numbered parts bring
    their ``_row``, otherwise (one part) the caller numbers rows by ``rowid``.
    ``native``: read from the sheets' ``native_source`` where the reader already
    typed the columns in ``native_columns`` (the same in every part); their
    ``__raw`` is not kept (NULL). ``notations``: the decimal sign each part's number
    columns are read with (default: its file's dialect). Rows whose theme cells are
    all blank are marked ``_leeg``; numbered rows are dropped here, the others by
    ``_row_view`` after numbering (``blank_rows``: kept, with ``_leeg``).
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
    if numbers:  # split, classify, then value each number cell (see ``numbers``)
        stacked = _number_layers(numbers, stacked)
    ministry, year = _scope_exprs(theme)
    order = " ORDER BY _part, _row" if len(parts) > 1 else ""
    keep = " EXCLUDE (_leeg)" if numbered and not blank_rows else ""
    where = " WHERE NOT _leeg" if numbered and not blank_rows else ""
    return (
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


@dataclass
class _Found:
    part: int
    row: int
    column: str
    value: str | None
    rule: str
    detail: str | None


@dataclass(frozen=True)
class _Check:
    """One rule on one column: a row predicate, or (cross-row rules) a full query."""

    tag: str  # "rule|column"
    predicate: str | None = None  # SQL boolean over one typed row
    value: str = "NULL"  # SQL for the reported value
    detail: str = "NULL"  # SQL for extra message fields
    query: str | None = None  # SELECT _part, _row, value, detail (for cross-row rules)
    count: str | None = None  # aggregate that is 0 when ``query`` cannot find anything

    def sql(self, typed: str) -> str:
        if self.query is not None:
            return self.query
        return (
            f"SELECT _part, _row, {self.value}, {self.detail} FROM {typed} WHERE {self.predicate}"
        )


def _ministry_valid(code: str, day: str) -> str:
    """SQL: ministry ``code`` exists on ``day`` (inlined from the dated code list)."""
    limited = [m for m in ministries() if m.valid_from.year > 1900 or m.valid_to is not None]
    if not limited:
        return "true"
    cases = " ".join(
        f"WHEN {sql_text(m.code)} THEN {day} BETWEEN DATE '{m.valid_from}' AND DATE '{m.valid_to or '9999-12-31'}'"
        for m in limited
    )
    return f"CASE {code} {cases} ELSE true END"


def _checks(
    theme: Theme,
    present: set[str],
    typed: str,
    native: set[str] | None = None,
    notations: Notations | None = None,
    scope: str = "all",
) -> list[_Check]:
    """Every column rule and declared rule of ``theme`` for the columns present.

    Cross-row rules group by ``_part`` too: each sheet is checked on its own rows.
    ``native``: columns typed by the CSV reader itself (fast path): they have no
    text to check, parse errors cannot occur, and empty means NULL. ``notations``:
    the decimal sign each part's number columns were read with (for the message).
    ``scope``: ``columns`` the rules on one cell, ``rows`` the rules over several cells
    or rows (``dictionary`` checks cells by their distinct values), ``all`` both.
    """
    native = native or set()
    notations = notations or {}
    out: list[_Check] = []
    for col in theme.columns:
        if col.name not in present or scope == "rows":
            continue
        raw, val = f'"{col.name}__raw"', f'"{col.name}"'
        unparsed = f"{raw} IS NOT NULL AND {val} IS NULL"
        if col.name in native:
            if col.required:
                out.append(_Check(f"verplicht|{col.name}", f"{val} IS NULL"))
            if col.type == "number":  # the reader accepts inf/nan, the text path does not
                out.append(_Check(f"type_getal|{col.name}", f"NOT isfinite({val})"))
            if col.minimum is not None:
                out.append(_Check(f"te_klein|{col.name}", f"{val} < {col.minimum}"))
            if col.maximum is not None:
                out.append(_Check(f"te_groot|{col.name}", f"{val} > {col.maximum}"))
            continue
        if col.type in NUMBER_TYPES:
            out += _number_checks(col, val, raw, notations)
            continue
        if col.required:
            out.append(_Check(f"verplicht|{col.name}", f"{raw} IS NULL"))
        if col.is_code:
            out.append(_Check(f"code_onbekend|{col.name}", unparsed, raw))
        elif col.values:
            out.append(_Check(f"waarde_onbekend|{col.name}", unparsed, raw))
        elif col.type == "date":
            shaped = f"regexp_full_match({raw}, '\\d{{4}}-\\d{{1,2}}-\\d{{1,2}}|\\d{{1,2}}-\\d{{1,2}}-\\d{{4}}')"
            out.append(_Check(f"datum_bestaat_niet|{col.name}", f"{unparsed} AND {shaped}", raw))
            out.append(_Check(f"type_datum|{col.name}", f"{unparsed} AND NOT {shaped}", raw))
        elif col.type == "datetime":
            shaped = f"regexp_full_match({raw}, '{ISO_DATETIME}|{DUTCH_DATETIME}')"
            out.append(
                _Check(f"datumtijd_bestaat_niet|{col.name}", f"{unparsed} AND {shaped}", raw)
            )
            out.append(_Check(f"type_datumtijd|{col.name}", f"{unparsed} AND NOT {shaped}", raw))
        elif col.type in TYPE_RULES:
            out.append(_Check(f"{TYPE_RULES[col.type]}|{col.name}", unparsed, raw))
        if col.minimum is not None:
            out.append(_Check(f"te_klein|{col.name}", f"{val} < {col.minimum}", raw))
        if col.maximum is not None:
            out.append(_Check(f"te_groot|{col.name}", f"{val} > {col.maximum}", raw))
        if col.max_length is not None:
            out.append(_Check(f"te_lang|{col.name}", f"length({val}) > {col.max_length}", raw))
    if scope == "columns":
        return out
    if isinstance(theme.ministry, str) and theme.ministry in present:
        day = f'"{theme.code_date}"' if theme.code_date else "make_date(_jaar, 12, 31)"
        code = f'"{theme.ministry}"'
        out.append(
            _Check(
                f"ministerie_niet_geldig|{theme.ministry}",
                f"{day} IS NOT NULL AND NOT ({_ministry_valid(code, day)})",
                f'"{theme.ministry}__raw"',
                f"CAST({day} AS VARCHAR)",
            )
        )
    for i, check in enumerate(theme.checks):
        if check.column not in present or not set(check.group_by) <= present:
            continue
        raw = f'"{check.column}__raw"'
        if check.group_by:
            keys = ", ".join(["_part"] + [f'"{k}"' for k in check.group_by])
            out.append(
                _Check(
                    f"check{i}|{check.column}",
                    query=f"""
                WITH bad AS (SELECT {keys} FROM {typed} GROUP BY {keys} HAVING {check.bad_when})
                SELECT _part, _row, {raw}, NULL FROM {typed} SEMI JOIN bad USING ({keys})""",
                )
            )
        else:
            out.append(_Check(f"check{i}|{check.column}", f"({check.bad_when})", raw))
    if theme.key and all(k in present for k in theme.key):
        key = ", ".join(["_part"] + [f'"{k}"' for k in theme.key])
        duplicates = f"count(*) - count(DISTINCT ({key}))"
        # A cross-row rule grouped by (a superset of) the key can only fire on a
        # duplicated key: count duplicates in the first scan, look further only then.
        out = [
            _Check(c.tag, query=c.query, count=duplicates)
            if c.query is not None and _groups_by_key(theme, c.tag)
            else c
            for c in out
        ]
        first = f'"{theme.key[0]}__raw"'
        # Rows whose key did not parse already have their own problem.
        not_null = " AND ".join(f'"{k}" IS NOT NULL' for k in theme.key if theme.column(k).required)
        where = f"WHERE {not_null}" if not_null else ""
        # Duplicated keys by aggregation first; the window then runs on those rows only.
        out.append(
            _Check(
                f"sleutel_dubbel|{theme.key[0]}",
                count=duplicates,
                query=f"""
            WITH dup AS (SELECT {key} FROM {typed} {where} GROUP BY {key} HAVING count(*) > 1),
                 rows AS (SELECT t.* FROM {typed} t SEMI JOIN dup USING ({key}))
            SELECT _part, _row, _value,
                   CAST(CASE WHEN _row = first_row THEN second_row ELSE first_row END AS VARCHAR)
            FROM (SELECT _part, _row, coalesce({first}, CAST("{theme.key[0]}" AS VARCHAR)) AS _value,
                         min(_row) OVER w AS first_row,
                         nth_value(_row, 2) OVER (w ORDER BY _row ROWS BETWEEN UNBOUNDED PRECEDING
                                                  AND UNBOUNDED FOLLOWING) AS second_row
                  FROM rows WINDOW w AS (PARTITION BY {key}))""",
            )
        )
    return out


def _number_checks(col: Column, val: str, raw: str, notations: Notations) -> list[_Check]:
    """A number column's rules, judged by each cell's shape (``__vorm``), not its text.

    The shape is NULL for an empty cell and for a machine-written number; so the fast
    path, which keeps no text for numbers, checks exactly what the exact path does.
    """
    shape = f'"{col.name}__vorm"'
    doubtful = f"{shape} = {DOUBTFUL} AND {val} IS NULL"
    used = {p: sign for (p, name), sign in notations.items() if name == col.name and sign}
    sign = (
        "CASE _part " + " ".join(f"WHEN {p} THEN {sql_text(v)}" for p, v in used.items()) + " END"
        if used
        else "NULL"
    )
    out = []
    if col.required:
        out.append(_Check(f"verplicht|{col.name}", f"{val} IS NULL AND {shape} IS NULL"))
    out.append(_Check(f"getal_dubbelzinnig|{col.name}", doubtful, raw, sign))
    not_a_number = f"{val} IS NULL AND {shape} IS NOT NULL AND {shape} <> {DOUBTFUL}"
    out.append(_Check(f"{TYPE_RULES[col.type]}|{col.name}", not_a_number, raw))
    if col.minimum is not None:
        out.append(_Check(f"te_klein|{col.name}", f"{val} < {col.minimum}", raw))
    if col.maximum is not None:
        out.append(_Check(f"te_groot|{col.name}", f"{val} > {col.maximum}", raw))
    return out


def _groups_by_key(theme: Theme, tag: str) -> bool:
    rule = tag.split("|")[0]
    if not rule.startswith("check"):
        return False
    return set(theme.key) <= set(theme.checks[int(rule[5:])].group_by)


def _run_checks(con: duckdb.DuckDBPyConnection, checks: list[_Check], typed: str) -> list[tuple]:
    """(tag, part, row, value, detail) for every violation.

    Phase 1 counts every row rule in one aggregate scan; phase 2 fetches the rows
    only of rules that fired, plus the cross-row rules. A valid file costs one scan.
    """
    simple = [c for c in checks if c.query is None]
    counted = [c for c in checks if c.query is not None and c.count is not None]
    fired: list[_Check] = [c for c in checks if c.query is not None and c.count is None]
    aggregates = [f"count(*) FILTER (WHERE {c.predicate})" for c in simple]
    aggregates += [c.count for c in counted if c.count]
    if aggregates:
        [counts] = con.execute(f"SELECT {', '.join(aggregates)} FROM {typed}").fetchall()
        fired += [c for c, n in zip(simple + counted, counts, strict=True) if n]
    if not fired:
        return []
    union = " UNION ALL ".join(
        f"SELECT {sql_text(c.tag)} AS tag, * FROM ({c.sql(typed)})" for c in fired
    )
    return con.execute(union).fetchall()


def _successor_hint(code: str, lang: str) -> str:
    found = [r.new for r in reorganisations() if r.old == code]
    if not found:
        return ""
    joined = " of ".join(found) if lang == "nl" else " or ".join(found)
    return f" (opvolger: {joined})" if lang == "nl" else f" (successor: {joined})"


def _number(value: float | None, lang: str) -> str:
    return (
        "" if value is None else format_decimal(value, locale="nl_NL" if lang == "nl" else "en_GB")
    )


def _problem(sheet: RawSheet, f: _Found, lang: str) -> Problem:
    theme = sheet.theme
    rule = f.rule
    if rule.startswith("check"):
        check = theme.checks[int(rule[5:])]
        text = check.message_nl if lang == "nl" else check.message_en
        hint = check.hint_nl if lang == "nl" else check.hint_en
        return Problem(
            sheet.label, sheet.sheet, f.row, f.column, f.value, check.rule, text, hint=hint or None
        )
    col = theme.column(f.column)
    fields: dict[str, object] = {
        "column": f.column,
        "minimum": _number(col.minimum, lang),
        "maximum": _number(col.maximum, lang),
        "max_length": col.max_length,
        "codelist": col.codelist,
        "allowed": ", ".join(col.values),
    }
    if rule == "ouder_onbekend":
        fields.update(value=f.value, parent=f.detail)
    if rule == "sleutel_dubbel":
        fields.update(key="(" + ", ".join(theme.key) + ")", other=f.detail)
    if rule == "ministerie_niet_geldig":
        fields.update(day=f.detail, successors=_successor_hint(f.value or "", lang))
    if rule == "getal_dubbelzinnig":
        fields.update(
            readings(f.value or "", lang),
            value=f.value,
            why=why_doubtful(f.detail, few_decimals(col), lang),
        )
    return problem(sheet.label, sheet.sheet, f.row, f.column, f.value, rule, lang, **fields)


SOLO_FILE_BYTES = 1 << 20  # checked on its own: fast path (CSV), no staged copy
STORE_PRIO = 1 << 30  # a parent found in the store ranks after any sheet checked here
PartResult = tuple[CheckedSheet | None, list[Problem]]


def _header_problems(sheet: RawSheet, lang: str) -> tuple[set[str], list[Problem]]:
    """The columns of the theme present in ``sheet``; unknown and missing columns."""
    theme = sheet.theme
    problems: list[Problem] = []
    present = set(sheet.columns) & set(theme.column_names)
    for name in sheet.columns:
        if name not in theme.column_names:
            problems.append(
                problem(
                    sheet.label,
                    sheet.sheet,
                    1,
                    name,
                    None,
                    "kolom_onbekend",
                    lang,
                    WARNING,
                    column=name,
                    theme=theme.name,
                )
            )
    for col in theme.columns:
        if col.required and col.name not in present:
            problems.append(
                problem(
                    sheet.label,
                    sheet.sheet,
                    1,
                    col.name,
                    None,
                    "kolom_ontbreekt",
                    lang,
                    column=col.name,
                    theme=theme.name,
                )
            )
    return present, problems


@dataclass
class _Parents:
    """Where child rows look for their parent: sheets checked in this call, then the store."""

    checked: dict[str, list[tuple[str, int]]]  # theme → (group relation, part) of valid sheets
    store: dict[str, str]  # theme → the store's current view
    same_file: bool  # load: a sheet's parents in this call come from its own file only


def _check_group(
    con: duckdb.DuckDBPyConnection,
    theme: Theme,
    parts: list[_Part],
    present: set[str],
    fast: bool,
    parents: _Parents,
    lang: str,
) -> dict[int, PartResult]:
    """Type, scope and check sheets of one theme with the same columns, together.

    ``fast``: no header problems; sheets read by a typed reader try that first.
    """
    results: dict[int, PartResult] = {}
    typed: str | None = None
    found: list[_Found] = []
    fired = False  # a faster path found a problem: only the exact path reports it
    if fast and FAST_PATH and len(parts) == 1:
        from . import dictionary

        if dictionary.applies(parts[0].sheet):
            typed, fired = dictionary.dictionary_typed(con, theme, parts[0], present)
    if typed is None and not fired and fast and FAST_PATH and _native_together(parts):
        typed = _native_typed(con, theme, parts, present)
    if typed is None:
        for part in parts:
            if not part.source:
                part.source, part.numbered = part.sheet.source, part.sheet.numbered
        if len(parts) > 1:
            parts = [p for p in parts if _stage(con, p, lang, results)]
        if not parts:
            return results
        table = _fresh("typed")
        try:
            notations = _type(con, theme, parts, table)
        except duckdb.Error as e:  # a malformed CSV shows itself while it is read
            if len(parts) > 1:  # find the culprit: each sheet on its own
                for part in parts:
                    results.update(_check_group(con, theme, [part], present, False, parents, lang))
                return results
            sheet = parts[0].sheet
            problem = file_problem(
                sheet.label, "bestand_onleesbaar", lang, sheet.sheet, reason=_short(e)
            )
            return {parts[0].index: (None, [problem])}
        typed = table if parts[0].numbered else _row_view(con, parts[0].sheet, table)
        if parts[0].numbered:
            parts[0].sheet.tables.append(table)
        found = [
            _Found(part, row, tag.split("|")[1], value, tag.split("|")[0], detail)
            for tag, part, row, value, detail in _run_checks(
                con, _checks(theme, present, typed, notations=notations), typed
            )
        ]
    counts = dict(con.execute(f"SELECT _part, count(*) FROM {typed} GROUP BY _part").fetchall())
    parent_found, scoped = _attach_parent_scope(con, theme, typed, parents, present)
    if scoped != typed:
        parts[0].sheet.tables.append(scoped)
        typed = scoped
    found += parent_found
    order = theme.column_names.index
    found.sort(key=lambda f: (f.part, f.row, order(f.column)))
    by_part: dict[int, list[_Found]] = {}
    for f in found:
        by_part.setdefault(f.part, []).append(f)
    for part in parts:
        sheet, rows = part.sheet, int(counts.get(part.index, 0))
        problems = []
        if rows == 0:
            problems.append(file_problem(sheet.label, "geen_gegevens", lang, sheet.sheet))
        problems += [_problem(sheet, f, lang) for f in by_part.get(part.index, [])]
        relation = f"(SELECT * FROM {typed} WHERE _part = {part.index})"
        results[part.index] = (CheckedSheet(sheet, relation, rows, typed, part.index), problems)
    return results


def _stage(
    con: duckdb.DuckDBPyConnection, part: _Part, lang: str, results: dict[int, PartResult]
) -> bool:
    """Give ``part`` a ``_row`` (its rows copied into a temp table); False when unreadable."""
    sheet = part.sheet
    if part.numbered:
        return True
    table = _fresh("raw")
    try:
        con.execute(f"CREATE TEMP TABLE {table} AS SELECT * FROM {sheet.source}")
    except duckdb.Error as e:
        problem = file_problem(
            sheet.label, "bestand_onleesbaar", lang, sheet.sheet, reason=_short(e)
        )
        results[part.index] = (None, [problem])
        return False
    sheet.tables.append(table)
    part.source = f"(SELECT rowid + {sheet.first_row} AS _row, * FROM {table})"
    part.numbered = True
    return True


def _row_view(con: duckdb.DuckDBPyConnection, sheet: RawSheet, table: str) -> str:
    """A view adding ``_row`` and leaving out blank rows.

    rowid follows insertion (= file) order, so it gives the user's row number; blank
    rows are left out after numbering, so the other rows keep theirs.
    """
    sheet.tables.append(table)
    view = table + "_v"
    con.execute(
        f"CREATE TEMP VIEW {view} AS SELECT * EXCLUDE (_leeg) FROM "
        f"(SELECT rowid + {sheet.first_row} AS _row, * FROM {table}) WHERE NOT _leeg"
    )
    sheet.views.append(view)
    return view


def _type(
    con: duckdb.DuckDBPyConnection,
    theme: Theme,
    parts: list[_Part],
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
    con.execute(_typed_sql(theme, parts, table, native, used, blank_rows))
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
        con.execute(_typed_sql(theme, parts, table, native, better, blank_rows))
    return better


def _native_together(parts: list[_Part]) -> bool:
    """The fast path applies: typed sources, the same typed columns, rows numbered when many."""
    sheets = [p.sheet for p in parts]
    if not all(s.native_source for s in sheets):
        return False
    if len({s.native_columns for s in sheets}) != 1:
        return False
    return len(sheets) == 1 or all(s.native_numbered for s in sheets)


def _native_typed(
    con: duckdb.DuckDBPyConnection, theme: Theme, parts: list[_Part], present: set[str]
) -> str | None:
    """Fast path for clean files: the reader's own types (DuckDB's CSV reader, Parquet).

    Dates are parsed by the reader itself (CSV: ISO dates), and typed Parquet columns
    are taken as typed; numbers written as text are read exactly as on the exact path.
    If that read fails, or any rule fires, the caller takes the exact path over the
    text, which reports each problem with the value as written. So the fast path never
    changes what is reported, only how fast a clean file is stored.
    """
    sheet = parts[0].sheet
    table = _fresh("typed")
    try:
        _type(con, theme, parts, table, native=True)
    except duckdb.Error:
        return None
    if sheet.native_numbered:
        sheet.tables.append(table)
        typed, view = table, None
    else:
        typed = view = _row_view(con, sheet, table)
    if _run_checks(con, _checks(theme, present, typed, native=set(sheet.native_columns)), typed):
        if view is not None:
            con.execute(f"DROP VIEW {view}")
            sheet.views.remove(view)
        con.execute(f"DROP TABLE {table}")
        sheet.tables.remove(table)
        return None
    return typed


def _attach_parent_scope(
    con: duckdb.DuckDBPyConnection,
    theme: Theme,
    typed: str,
    parents: _Parents,
    present: set[str],
) -> tuple[list[_Found], str]:
    """Take the ministry (and year) of child rows from their parent theme's rows.

    Candidates for a key: the parent sheets checked in this call (with
    ``same_file``, only those of the child's own file), earliest first, then the
    store. Candidates are gathered per ``_file`` for the keys that file uses, so
    each file gets exactly what checking it alone would give.
    """
    vias = {s.theme: s for s in (theme.ministry, theme.year) if isinstance(s, Via)}
    if not vias:
        return [], typed
    ((parent_name, via),) = vias.items()
    if via.key not in present:
        return [], typed
    key = f'"{via.key}"'
    keys = f"(SELECT DISTINCT _file, {key} AS k FROM {typed} WHERE {key} IS NOT NULL)"
    sources: dict[str, list[int]] = {}
    for relation, part in parents.checked.get(parent_name, []):
        sources.setdefault(relation, []).append(part)
    same = " AND p._file = f._file" if parents.same_file else ""
    union = [
        f"SELECT f._file, f.k, p._ministerie, p._jaar, p._part AS prio FROM {relation} p "
        f"JOIN {keys} f ON f.k = p.{key}{same} WHERE p._part IN ({', '.join(map(str, found))})"
        for relation, found in sources.items()
    ]
    if parent_name in parents.store:
        union.append(
            f"SELECT f._file, f.k, p._ministerie, p._jaar, {STORE_PRIO} AS prio "
            f"FROM {parents.store[parent_name]} p JOIN {keys} f ON f.k = p.{key}"
        )
    union.append(
        "SELECT 0 AS _file, CAST(NULL AS VARCHAR) AS k, CAST(NULL AS VARCHAR) AS _ministerie, "
        "CAST(NULL AS INTEGER) AS _jaar, 0 AS prio WHERE false"
    )
    # One candidate per (file, key, year): the earliest source (this call before the store).
    per_year = (
        f"(SELECT _file, k, _jaar, arg_min(_ministerie, prio) AS _ministerie "
        f"FROM ({' UNION ALL '.join(union)}) GROUP BY _file, k, _jaar)"
    )
    latest = (
        "(SELECT _file, k, arg_max(_ministerie, coalesce(_jaar, 0)) AS _ministerie, "
        "max(_jaar) AS _jaar FROM per_year GROUP BY _file, k)"
    )
    scoped = _fresh("typed")
    if not isinstance(theme.year, Via):
        con.execute(f"""CREATE TEMP TABLE {scoped} AS
            WITH per_year AS {per_year}, latest AS {latest}
            SELECT t.* EXCLUDE (_ministerie), coalesce(e._ministerie, l._ministerie) AS _ministerie
            FROM {typed} t
            LEFT JOIN per_year e ON e._file = t._file AND e.k = t.{key} AND e._jaar = t._jaar
            LEFT JOIN latest l ON l._file = t._file AND l.k = t.{key}""")
    else:
        con.execute(f"""CREATE TEMP TABLE {scoped} AS
            WITH per_year AS {per_year}, latest AS {latest}
            SELECT t.* EXCLUDE (_ministerie, _jaar), l._ministerie, l._jaar
            FROM {typed} t LEFT JOIN latest l ON l._file = t._file AND l.k = t.{key}""")
    missing = con.execute(
        f'SELECT _part, _row, "{via.key}__raw" FROM {scoped} '
        f"WHERE {key} IS NOT NULL AND _ministerie IS NULL"
    ).fetchall()
    return [_Found(p, r, via.key, v, "ouder_onbekend", parent_name) for p, r, v in missing], scoped


def check_files(
    con: duckdb.DuckDBPyConnection,
    paths: list[Path],
    theme: str | None = None,
    lang: str = "nl",
    store_parents: dict[str, str] | None = None,
    same_file_parents: bool = False,
    read: list[RawSheet] | None = None,
) -> list[tuple[Path, list[CheckedSheet], list[Problem]]]:
    """Read and check files; returns per file its sheets and problems.

    Sheets of one theme are checked together, parents' themes first. A child row
    finds its parent in the parent sheets checked here (``same_file_parents``: only
    in its own file, as when files are loaded one by one) and then in
    ``store_parents``. ``read`` collects every sheet read, for the caller to drop.
    """
    register_codelists(con)
    raws: list[tuple[Path, list[RawSheet], list[Problem]]] = []
    for path in paths:
        sheets, problems = read_delivery(con, Path(path), theme, lang)
        raws.append((Path(path), sheets, problems))
        if read is not None:
            read += sheets
    flat = [(f, s) for f, (_, sheets, _) in enumerate(raws) for s in sheets]
    ranked = load_order(list(THEMES))
    flat.sort(key=lambda fs: ranked.index(fs[1].theme.name))  # parents before children
    parents = _Parents({}, store_parents or {}, same_file_parents)
    checked: list[list[CheckedSheet]] = [[] for _ in raws]
    found: list[list[Problem]] = [list(probs) for _, _, probs in raws]
    numbers = itertools.count()
    for _, items in itertools.groupby(flat, key=lambda fs: fs[1].theme.name):
        parts = [_Part(next(numbers), f, s) for f, s in items]
        theme_ = parts[0].sheet.theme
        headers = {p.index: _header_problems(p.sheet, lang) for p in parts}
        groups: dict[tuple, list[_Part]] = {}
        for p in parts:
            present, problems = headers[p.index]
            big = p.sheet.path.stat().st_size >= SOLO_FILE_BYTES
            groups.setdefault((frozenset(present), p.index if big else -1), []).append(p)
        results: dict[int, PartResult] = {}
        for (present, _), members in groups.items():
            fast = not any(headers[m.index][1] for m in members)
            results.update(_check_group(con, theme_, members, set(present), fast, parents, lang))
        for p in parts:
            result, problems = results[p.index]
            problems = headers[p.index][1] + problems
            found[p.file] += problems
            if result is not None:
                checked[p.file].append(result)
                if not any(x.is_error for x in problems):
                    parents.checked.setdefault(theme_.name, []).append((result.group, p.index))
    return [(path, checked[f], found[f]) for f, (path, _, _) in enumerate(raws)]


def validate_files(
    paths: list[Path], lang: str = "nl", theme: str | None = None, db: Path | None = None
) -> list[Problem]:
    """Check deliveries without storing them; parents may come from ``db`` if it exists."""
    con = duckdb.connect()
    try:
        store_parents: dict[str, str] = {}
        if db is not None and Path(db).exists():
            con.execute(f"ATTACH {sql_text(str(db))} AS store (READ_ONLY)")
            store_parents = {
                name: f"store.current_{name}"
                for name in THEMES
                if any(THEMES[child].parents == (name,) for child in THEMES)
            }
        results = check_files(con, [Path(p) for p in paths], theme, lang, store_parents)
        return [p for _, _, problems in results for p in problems]
    finally:
        con.close()


def errors(problems: Iterable[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity == ERROR]

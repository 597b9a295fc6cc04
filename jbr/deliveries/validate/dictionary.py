"""Typing by distinct values: the dictionary path for big plain CSV files (SPEC §7 "Fast").

A record-level delivery repeats itself: the two million rows of a year of personnel
hold 12 dates, 16 ministries, 18 scales and some 180,000 employee ids. Arrow's CSV
reader dictionary-encodes each column while it parses (every distinct text once, and
per row an index into it). So the exact path's typing SQL (``casting._typed_sql``)
runs over the distinct texts only, every rule on one cell is checked on them (a rule
that holds for every distinct text holds for every row, and one that fails for a
distinct text fails for a row that holds it), and each row gets its typed values by
its indices, without any text being read again. The rules over several cells of a row
that read only the columns a row's scope comes from (a ministry code valid on the row's
date, a month-end date) are judged the same way on the distinct combinations of those
columns' texts, which also give the rows per (ministry, year) the store records;
duplicate keys are counted on the rows' indices (numpy); any other rule over several
cells or rows runs over the typed rows in DuckDB, as on the other paths.

A row is thus typed by exactly the SQL that types it on the exact path, from exactly
the text that path reads, provided both readers split the file the same way: the
file must be plain (``read._scan``: no quote character, no lone carriage return).
Anything else (a ragged or blank row, any rule that fires) gives no typed table and
the caller takes the exact path, which reports each problem with its row.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from ...sql import SQL_TYPES
from ..declaration import Theme, Via
from ..read import RawSheet, fresh_name
from .casting import Part, type_table
from .checks import any_fires, rule_checks

DICTIONARY_BYTES = 1 << 20  # smaller files are typed together with others (validate)
SMALL = 1 << 16  # columns with at most this many distinct texts are typed together
ARROW_TYPES = {
    "VARCHAR": pa.string(),
    "BIGINT": pa.int64(),
    "DOUBLE": pa.float64(),
    "DATE": pa.date32(),
    "TIMESTAMP": pa.timestamp("us"),
    "BOOLEAN": pa.bool_(),
    "INTEGER": pa.int32(),
}


def applies(sheet: RawSheet) -> bool:
    """A plain CSV big enough for the dictionary path to pay off."""
    if sheet.plain_source is None:
        return False
    try:
        return sheet.path.stat().st_size >= DICTIONARY_BYTES
    except OSError:
        return False


Coverage = list[tuple[str, int | None, int]]  # (_ministerie, _jaar, rows), sorted


def dictionary_typed(
    con: duckdb.DuckDBPyConnection, theme: Theme, part: Part, present: set[str]
) -> tuple[str | None, bool, Coverage | None]:
    """The typed rows of ``part`` as a relation of ``con``, typed by distinct values.

    Returns (relation, False, coverage) when the file is clean: ``coverage`` the rows per
    (ministry, year) when the file's own columns give them (None when its parents do);
    (None, True, None) when a rule fires (the exact path will report it); (None, False,
    None) when the path does not apply.
    """
    sheet = part.sheet
    positions = {c.name: sheet.columns[c.name] for c in theme.columns if c.name in present}
    table = _read(sheet, list(positions.values()))
    if table is None or table.num_rows == 0:
        return None, False, None
    columns = {name: table.column(pos) for name, pos in positions.items()}
    distinct = {name: column.chunk(0).dictionary for name, column in columns.items()}
    # Few-valued columns are typed in one statement; a many-valued one (an id) on its own,
    # so that the few-valued ones are not repeated to its length.
    small = [n for n in distinct if len(distinct[n]) <= SMALL]
    groups = ([small] if small else []) + [[n] for n in distinct if n not in small]
    values: dict[str, pa.Array] = {}
    blank = True  # every column holds a blank text: there may be a blank row
    # The groups are typed at once, each on a connection of its own (a cursor: DuckDB
    # runs them side by side, and most of a group's time is planning its statement).
    with ThreadPoolExecutor(max_workers=2) as typers:
        results = list(
            typers.map(
                lambda names: _type_on_cursor(
                    con, theme, part, {n: distinct[n] for n in names}, positions
                ),
                groups,
            )
        )
    for typed in results:
        if typed is None:
            return None, True, None
        group_values, group_blank = typed
        values.update(group_values)
        blank = blank and group_blank
    if blank:  # the exact path leaves a blank row out, keeping the others' numbers
        return None, True, None
    # Per column its rows' dictionary indices, in the reader's chunks (no copy).
    indices = {name: [c.indices for c in column.chunks] for name, column in columns.items()}
    del table, columns
    relation = fresh_name("rows")
    row_rules = rule_checks(theme, present, relation, scope="rows")
    if not _keys_repeat(theme, indices, values):
        # The rules counted by duplicated keys (``checks.rule_checks``) cannot fire.
        row_rules = [c for c in row_rules if c.count is None]
    scope = _scope_combinations(theme, part, indices, values)
    if scope is not None:  # rules on the scope's columns: judged on their combinations
        combinations, coverage = scope
        known = set(combinations.column_names)
        on_scope = [c for c in row_rules if c.query is None and c.reads and c.reads <= known]
        if on_scope:
            name = fresh_name("scope")
            con.register(name, combinations)
            try:
                if any_fires(con, on_scope, name):
                    return None, True, None
            finally:
                con.unregister(name)
        row_rules = [c for c in row_rules if c not in on_scope]
    con.register(relation, _rows(theme, indices, values, part, sheet.first_row))
    sheet.registered.append(relation)
    if row_rules and any_fires(con, row_rules, relation):
        sheet.registered.remove(relation)
        con.unregister(relation)
        return None, True, None
    return relation, False, (scope[1] if scope is not None else None)


def _read(sheet: RawSheet, positions: list[str]) -> pa.Table | None:
    """The columns at ``positions`` (``c0``, ``c3``...), dictionary-encoded with one
    dictionary per column; None when Arrow does not read every record as a row of the
    header's width."""
    assert sheet.plain_source is not None
    text = pa.dictionary(pa.int32(), pa.string())
    try:
        table = pacsv.read_csv(
            sheet.plain_source,
            read_options=pacsv.ReadOptions(
                skip_rows=1,
                column_names=[f"c{i}" for i in range(sheet.width)],
                block_size=1 << 24,
            ),
            parse_options=pacsv.ParseOptions(
                delimiter=sheet.delimiter,
                quote_char=False,
                double_quote=False,
                escape_char=False,
                newlines_in_values=False,
                ignore_empty_lines=False,  # an empty line is a (blank) row on the exact path
            ),
            convert_options=pacsv.ConvertOptions(
                include_columns=positions,
                column_types=dict.fromkeys(positions, text),
                strings_can_be_null=False,  # "NA" or "null" is text, as in DuckDB
                quoted_strings_can_be_null=False,
                # The file is UTF-8 (``read._scan``, or transcoded), and a cell split at an
                # ASCII delimiter or line end is too: no need to check each cell again.
                check_utf8=False,
            ),
            memory_pool=_pool(),
        )
    except (pa.ArrowException, OSError, ValueError):
        return None

    # One dictionary per column for all the reader's chunks: two columns at a time.
    def unify(name: str) -> pa.ChunkedArray:
        return pa.table({name: table.column(name)}).unify_dictionaries(_pool()).column(0)

    with ThreadPoolExecutor(max_workers=2) as unifiers:
        unified = list(unifiers.map(unify, table.column_names))
    return pa.table(dict(zip(table.column_names, unified, strict=True)))


def _pool() -> pa.MemoryPool | None:
    """Arrow's jemalloc pool for the read, when this pyarrow has it (else the default).

    The default pool (mimalloc) hands freed pages back at once, so each block the reader
    parses costs the kernel fresh zeroed pages again: measured over six interleaved loads
    of the 2 M-row file, 0.85 s of system time against 0.42 s with jemalloc, and 0.3 to
    0.45 s less processor time in all.
    """
    try:
        return pa.jemalloc_memory_pool()
    except (NotImplementedError, pa.ArrowException):
        return None


def _type_on_cursor(
    con: duckdb.DuckDBPyConnection,
    theme: Theme,
    part: Part,
    distinct: dict[str, pa.Array],
    positions: dict[str, str],
) -> tuple[dict[str, pa.Array], bool] | None:
    """``_type_distinct`` on a cursor of ``con`` (its temp tables are its own)."""
    cursor = con.cursor()
    try:
        return _type_distinct(cursor, theme, part, distinct, positions)
    finally:
        cursor.close()


def _type_distinct(
    con: duckdb.DuckDBPyConnection,
    theme: Theme,
    part: Part,
    distinct: dict[str, pa.Array],
    positions: dict[str, str],
) -> tuple[dict[str, pa.Array], bool] | None:
    """Type and check the distinct texts of some columns with the exact path's SQL.

    Returns, per column, its typed values and texts (one per distinct text, in the
    dictionary's order; also ``_ministerie`` and ``_jaar`` when their column is here)
    and whether every column holds a blank; None when a rule on one cell fires.
    """
    longest = max(len(d) for d in distinct.values())
    # Each column cycled to the longest: typing is per cell, so every distinct text is
    # typed (and checked) exactly as any row holding it would be.
    padded: dict[str, pa.Array] = {
        positions[n]: d.take(pa.array(np.arange(longest) % len(d))) for n, d in distinct.items()
    }
    padded["_row"] = pa.array(np.arange(longest, dtype=np.int64))
    source, typed = fresh_name("distinct"), fresh_name("typed")
    sheet = replace(part.sheet, columns={n: positions[n] for n in distinct})
    con.register(source, pa.table(padded))
    try:
        here = Part(part.index, part.file, sheet, source=source, numbered=True)
        try:
            notations = type_table(con, theme, [here], typed, blank_rows=True)
        except duckdb.Error:
            return None
        cell_rules = rule_checks(theme, set(distinct), typed, notations=notations, scope="columns")
        if any_fires(con, cell_rules, typed):
            return None
        [(blank,)] = con.execute(
            "SELECT "
            + " AND ".join(f'bool_or("{n}__raw" IS NULL)' for n in distinct)
            + f" FROM {typed}"
        ).fetchall()
        wanted = [f'"{n}", "{n}__raw"' for n in distinct]
        wanted += [
            scope
            for scope, source_column in (("_ministerie", theme.ministry), ("_jaar", theme.year))
            if isinstance(source_column, str) and source_column in distinct
        ]
        table = con.sql(f"SELECT {', '.join(wanted)} FROM {typed} ORDER BY _row").to_arrow_table()
    finally:
        con.execute(f"DROP TABLE IF EXISTS {typed}")
        con.unregister(source)
    out: dict[str, pa.Array] = {}
    for name, d in distinct.items():
        for typed_column in (name, f"{name}__raw"):
            out[typed_column] = table.column(typed_column).slice(0, len(d)).combine_chunks()
    for scope, source_column in (("_ministerie", theme.ministry), ("_jaar", theme.year)):
        if isinstance(source_column, str) and source_column in distinct:
            k = len(distinct[source_column])
            out[scope] = table.column(scope).slice(0, k).combine_chunks()
    return out, bool(blank)


Indices = dict[str, list[pa.Array]]  # per column its rows' dictionary indices, per chunk


def _flat(chunks: list[pa.Array]) -> np.ndarray:
    """A column's dictionary indices as one numpy array (a copy only when chunked)."""
    arrays = [c.to_numpy(zero_copy_only=False) for c in chunks]
    return arrays[0] if len(arrays) == 1 else np.concatenate(arrays)


def _scope_combinations(
    theme: Theme, part: Part, indices: Indices, values: dict[str, pa.Array]
) -> tuple[pa.Table, Coverage] | None:
    """The distinct combinations of the columns a row's scope is read from (ministry, the
    date its code must be valid on, year), typed, and from them the rows per (ministry,
    year): no scan of the rows in SQL. None when the scope comes from the parents' rows
    or a scope column is missing.

    A rule on one row that reads only these columns holds for every row exactly when it
    holds for every combination (``Check.reads``).
    """
    if not isinstance(theme.year, str) or isinstance(theme.ministry, Via):
        return None
    candidates = (theme.ministry, theme.code_date, theme.year)
    names = [n for n in dict.fromkeys(candidates) if isinstance(n, str)]
    if not all(n in indices for n in names):
        return None
    n_rows = sum(len(c) for c in indices[names[0]])
    combined = np.zeros(n_rows, dtype=np.int64)
    space = 1
    for name in names:
        cardinality = len(values[name])
        if space * cardinality >= 1 << 62:
            return None
        combined *= cardinality
        combined += _flat(indices[name])
        space *= cardinality
    if space <= 4 * n_rows + (1 << 20):
        counts = np.bincount(combined, minlength=space)
        codes = np.flatnonzero(counts)
        counts = counts[codes]
    else:
        codes, counts = np.unique(combined, return_counts=True)
    at: dict[str, pa.Array] = {}
    for name in reversed(names):
        cardinality = len(values[name])
        at[name] = pa.array(codes % cardinality)
        codes = codes // cardinality
    out: dict[str, pa.Array] = {}
    for name in names:
        out[name] = values[name].take(at[name])
        out[f"{name}__raw"] = values[f"{name}__raw"].take(at[name])
    out["_ministerie"] = (
        values["_ministerie"].take(at[theme.ministry])
        if isinstance(theme.ministry, str)
        else pa.array(["RIJK"] * len(counts), pa.string())
    )
    out["_jaar"] = values["_jaar"].take(at[theme.year])
    rows: dict[tuple[str, int | None], int] = {}
    for m, y, n in zip(
        out["_ministerie"].to_pylist(), out["_jaar"].to_pylist(), counts.tolist(), strict=True
    ):
        rows[(m, y)] = rows.get((m, y), 0) + n
    # in SQL's order (ORDER BY ministry, year: NULL last)
    order = sorted(rows, key=lambda k: (k[0] is None, k[0] or "", k[1] is None, k[1] or 0))
    return pa.table(out), [(m, y, rows[(m, y)]) for m, y in order]


def _rows(
    theme: Theme,
    indices: Indices,
    values: dict[str, pa.Array],
    part: Part,
    first_row: int,
) -> pa.Table:
    """The typed table the other paths build (``_part``, ``_file``, ``_row``, each column
    typed and as text, ``_ministerie``, ``_jaar``), every row by its indices.

    In the reader's chunks (a few, of its block size): the indices are used as they are,
    without a copy into one array; DuckDB reads the chunks as its batches.
    """
    lengths = [len(c) for c in next(iter(indices.values()))]
    n = sum(lengths)
    starts = np.cumsum([0, *lengths[:-1]])

    def chunked(whole: pa.Array) -> pa.ChunkedArray:
        return pa.chunked_array(
            [whole.slice(s, k) for s, k in zip(starts.tolist(), lengths, strict=True)]
        )

    def encoded(chunks: list[pa.Array], dictionary: pa.Array) -> pa.ChunkedArray:
        # Not validated again: the reader's indices point into its dictionary, of which
        # ``dictionary`` holds the typed values one for one.
        return pa.chunked_array(
            [pa.DictionaryArray.from_arrays(c, dictionary, safe=False) for c in chunks]
        )

    out: dict[str, pa.ChunkedArray] = {
        "_part": chunked(pa.array(np.full(n, part.index, np.int32))),
        "_file": chunked(pa.array(np.full(n, part.file, np.int32))),
        "_row": chunked(pa.array(np.arange(first_row, first_row + n, dtype=np.int64))),
    }
    for c in theme.columns:
        if c.name in indices:
            for column in (c.name, f"{c.name}__raw"):
                out[column] = encoded(indices[c.name], values[column])
        else:
            out[c.name] = chunked(pa.nulls(n, ARROW_TYPES[SQL_TYPES[c.type]]))
            out[f"{c.name}__raw"] = chunked(pa.nulls(n, pa.string()))
    if theme.ministry is None:  # a Rijk-wide theme
        out["_ministerie"] = chunked(_constant("RIJK", pa.string(), n))
    for scope, source_column, kind in (
        ("_ministerie", theme.ministry, pa.string()),
        ("_jaar", theme.year, pa.int32()),
    ):
        if isinstance(source_column, str) and source_column in indices:
            out[scope] = encoded(indices[source_column], values[scope])
        elif scope not in out:  # from the parent rows (validate._attach_parent_scope)
            out[scope] = chunked(pa.nulls(n, kind))
    return pa.table(out)


def _constant(value: object, kind: pa.DataType, n: int) -> pa.Array:
    return pa.DictionaryArray.from_arrays(pa.array(np.zeros(n, np.int32)), pa.array([value], kind))


def _keys_repeat(theme: Theme, indices: Indices, values: dict[str, pa.Array]) -> bool:
    """Whether two rows may have the same typed key (True when it cannot be ruled out).

    The key of a row is the tuple of its key columns' typed values; equal typed values
    get one number (Arrow's dictionary encoding, NULL its own), so a key is one integer
    and a repeat shows by counting: no hash of two million tuples in SQL.
    """
    if not theme.key or not all(k in indices for k in theme.key):
        return False  # no key rule runs (validate._checks)
    n = sum(len(c) for c in indices[theme.key[0]])
    combined = np.zeros(n, dtype=np.int64)
    space = 1
    for name in theme.key:
        typed = values[name]
        if pa.types.is_floating(typed.type):  # -0.0 and 0.0: leave it to SQL
            return True
        encoded = typed.dictionary_encode()
        number = encoded.indices.fill_null(len(encoded.dictionary))
        cardinality = len(encoded.dictionary) + 1
        if space * cardinality >= 1 << 62:
            return True
        combined *= cardinality
        combined += number.to_numpy(zero_copy_only=False)[_flat(indices[name])]
        space *= cardinality
    if space <= 4 * n + (1 << 20):
        return bool(np.bincount(combined, minlength=space).max() > 1)
    return len(pc.unique(pa.array(combined))) < n

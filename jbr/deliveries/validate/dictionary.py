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
file must be plain (``read.sniff.scan``: no quote character, no lone carriage return).
Anything else (a ragged or blank row, any rule that fires) gives no typed table and
the caller takes the exact path, which reports each problem with its row.

This module reads the file and runs the path; ``distinct`` types the distinct texts and
``indices`` counts and builds on the rows' indices.
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.csv as pacsv

from ..declaration import Theme
from ..read.sheet import RawSheet, fresh_name
from .casting import Part
from .checks import any_fires, rule_checks
from .distinct import type_on_cursor
from .indices import Coverage, keys_repeat, scope_combinations, typed_rows

DICTIONARY_BYTES = 1 << 20  # smaller files are typed together with others (validate)
SMALL = 1 << 16  # columns with at most this many distinct texts are typed together
# The reader parses at most this much at a time, a chunk of rows each: about 200,000 rows
# of the personnel file. Much smaller chunks slow DuckDB's insert down (18 of 107,000
# rows: twice as long as 9 of 215,000). The chunks are as many as a multiple of DuckDB's
# threads (``block_size``).
BLOCK_BYTES = 1 << 24
# A file up to this size is read into memory whole before Arrow parses it (``in_memory``)
WHOLE_BYTES = 1 << 29


def applies(sheet: RawSheet) -> bool:
    """A plain CSV big enough for the dictionary path to pay off."""
    if sheet.plain_source is None:
        return False
    try:
        return sheet.path.stat().st_size >= DICTIONARY_BYTES
    except OSError:
        return False


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
    if any(c.ends in present for c in theme.columns if c.name in present and c.ends):
        # A period's end is typed from its own text and its start's (``Column.ends``: a
        # date-only end is the next midnight only when the start is date-only too): one
        # distinct end text may stand beside starts of both shapes, so it has no one value.
        return None, False, None
    positions = {c.name: sheet.columns[c.name] for c in theme.columns if c.name in present}
    [(threads,)] = con.execute("SELECT current_setting('threads')").fetchall()
    table = _read(sheet, list(positions.values()), int(threads))
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
                lambda names: type_on_cursor(
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
    # The key count and the scope's combinations side by side (numpy lets go of the lock)
    with ThreadPoolExecutor(max_workers=1) as counter:
        repeats = counter.submit(keys_repeat, theme, indices, values)
        scope = scope_combinations(theme, part, indices, values)
        if not repeats.result():
            # The rules counted by duplicated keys (``checks.rule_checks``) cannot fire.
            row_rules = [c for c in row_rules if c.count is None]
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
    con.register(relation, typed_rows(theme, indices, values, part, sheet.first_row))
    sheet.registered.append(relation)
    if row_rules and any_fires(con, row_rules, relation):
        sheet.registered.remove(relation)
        con.unregister(relation)
        return None, True, None
    return relation, False, (scope[1] if scope is not None else None)


def block_size(size: int, threads: int) -> int:
    """The reader's block size for a file of ``size`` bytes: at most ``BLOCK_BYTES``, at
    least a sixteenth of it (1 MiB), and the blocks as many as a multiple of ``threads``
    where that floor allows.

    DuckDB's insert gives each thread a chunk at a time: 9 chunks on 2 threads leave one
    thread alone with the ninth, and the 2 M-row file's insert took 0.05 s longer than
    with 10 (0.83-0.87 s against 0.78-0.80 s over five loads each). The reader takes
    exactly ``block_size`` new bytes each time (a line cut off at a block's end is carried
    into the next block), so a file of ``size`` bytes is ``ceil(size / block_size)`` chunks.
    The floor keeps the header inside the first block (Arrow cannot skip a line it does
    not see whole; a CSV header is at most 1 MB, ``read.csv``) and every line within a
    block or two.
    """
    threads = max(threads, 1)
    blocks = threads * max(1, -(-size // (threads * BLOCK_BYTES)))
    return max(BLOCK_BYTES >> 4, -(-size // blocks))


def _read(sheet: RawSheet, positions: list[str], threads: int) -> pa.Table | None:
    """The columns at ``positions`` (``c0``, ``c3``...), dictionary-encoded with one
    dictionary per column, in as many chunks as a multiple of ``threads``; None when
    Arrow does not read every record as a row of the header's width."""
    assert sheet.plain_source is not None
    text = pa.dictionary(pa.int32(), pa.string())
    try:
        size = sheet.plain_source.stat().st_size
        table = pacsv.read_csv(
            in_memory(sheet.plain_source, size, threads),
            read_options=pacsv.ReadOptions(
                skip_rows=1,
                column_names=[f"c{i}" for i in range(sheet.width)],
                block_size=block_size(size, threads),
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
                # The file is UTF-8 (``read.sniff.scan``, or transcoded), and a cell split at an
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


def in_memory(path: Path, size: int, threads: int) -> pa.BufferReader | Path:
    """The file's first ``size`` bytes read into one buffer, ``threads`` parts at once, for
    Arrow to parse without copying; ``path`` itself when it is bigger than ``WHOLE_BYTES``
    (or ``os.preadv`` is missing) and Arrow reads it block by block.

    Arrow's own reading copies the file into a fresh buffer per block, ahead of the
    parsing (all ten blocks of the personnel file at once): over eleven interleaved
    loads of the 2 M-row file 1.83 s against 1.70 s when it parses from one buffer read
    in two parts, and a peak of 705 against 667 MB. A memory map was as fast but a file
    cut short while mapped kills the process; here a file shorter or longer than when it
    was measured raises OSError (it is then read the exact way, which reports what it
    finds).
    """
    if size > WHOLE_BYTES or not hasattr(os, "preadv"):
        return path
    buffer = pa.allocate_buffer(size, memory_pool=_pool())  # not zeroed: every byte is read
    view = memoryview(buffer)
    fd = os.open(path, os.O_RDONLY)
    try:

        def fill(start: int, end: int) -> None:
            while start < end:
                n = os.preadv(fd, [view[start:end]], start)
                if n == 0:  # shorter than when it was measured
                    raise OSError(f"{path}: {start} of {size} bytes")
                start += n

        parts = max(threads, 1)
        bounds = [size * i // parts for i in range(parts + 1)]
        with ThreadPoolExecutor(max_workers=parts) as readers:
            list(readers.map(fill, bounds[:-1], bounds[1:]))
        if os.pread(fd, 1, size):  # longer than when it was measured (and hashed)
            raise OSError(f"{path}: more than {size} bytes")
    finally:
        os.close(fd)
    return pa.BufferReader(buffer)


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

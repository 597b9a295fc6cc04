"""The distinct texts of a column typed and checked as any row holding them would be.

The dictionary path (``dictionary``) has each column's distinct texts; typing them with
the exact path's SQL (``casting.type_table``) and checking the rules on one cell
(``checks.rule_checks``, scope "columns") judges every row at once: a rule that holds
for every distinct text holds for every row.
"""

from __future__ import annotations

from dataclasses import replace

import duckdb
import numpy as np
import pyarrow as pa

from ..declaration import Theme
from ..read.sheet import fresh_name
from .casting import Part, type_table
from .checks import any_fires, rule_checks


def type_on_cursor(
    con: duckdb.DuckDBPyConnection,
    theme: Theme,
    part: Part,
    distinct: dict[str, pa.Array],
    positions: dict[str, str],
) -> tuple[dict[str, pa.Array], bool] | None:
    """``type_distinct`` on a cursor of ``con`` (its temp tables are its own)."""
    cursor = con.cursor()
    try:
        return type_distinct(cursor, theme, part, distinct, positions)
    finally:
        cursor.close()


def type_distinct(
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
            narrow = _narrowed(theme, set(distinct))
            notations = type_table(con, narrow, [here], typed, blank_rows=True)
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


def _narrowed(theme: Theme, names: set[str]) -> Theme:
    """The theme with only the columns that typing ``names`` reads: those, the ones the
    scope comes from (``_ministerie``, ``_jaar``) and a period's start (``Column.ends``).

    Each column is typed by its own expression (and the checks on one cell read that
    cell alone), so the others would only be typed from NULL, and as many times as the
    longest column has distinct texts: the 171,749 personnel ids were typed in 0.07 s
    with the theme's twelve other columns beside them, 0.03 s without.
    """
    scope = {s for s in (theme.ministry, theme.year) if isinstance(s, str)}
    ends = {c.ends for c in theme.columns if c.name in names and c.ends}
    keep = names | scope | ends
    return replace(theme, columns=tuple(c for c in theme.columns if c.name in keep))

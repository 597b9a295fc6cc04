"""Inserting checked files as new deliveries: their rows, lineage, coverage and seal.

The files' rows were typed and checked before, in temp tables of the same connection
(``CheckedSheet``); here they become consecutive deliveries in one transaction, each
row with its lineage (``columns.written_lineage``) and each delivery with what it covers
per (theme, ministry, year). Deciding *whether* a file is stored is the caller's
(``load.py``: unchanged, rejected, refused because it shrinks).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import duckdb
import pyarrow as pa

from ..deliveries.validate import CheckedSheet
from ..sql import sql_text
from .chain import seal
from .columns import written_lineage

# (theme, ministerie, jaar, rows): what a stored delivery covers
Coverage = list[tuple[str, str, int | None, int]]


@dataclass
class Pending:
    """A file waiting to be checked and stored."""

    path: Path
    digest: str
    themes: list[str]
    size: int


@dataclass(frozen=True)
class Inserted:
    """One file stored as a delivery."""

    delivery_id: int
    rows: int
    coverage: Coverage


def insert_deliveries(
    con: duckdb.DuckDBPyConnection,
    files: list[tuple[Pending, list[CheckedSheet]]],
    supplier: Callable[[Path], str],
    now: datetime,
) -> list[Inserted]:
    """Store valid files as consecutive deliveries, in one transaction.

    Each file is still all or nothing (its problems were found before); the
    batch is too: a failure (disk full, crash) leaves the store as it was.
    """
    con.execute("BEGIN TRANSACTION")
    try:
        [(first,)] = con.execute(
            "SELECT coalesce(max(delivery_id), 0) + 1 FROM deliveries"
        ).fetchall()
        ids = {f.path: first + i for i, (f, _) in enumerate(files)}
        insert_columns(
            con,
            "deliveries",
            {
                "delivery_id": pa.array([ids[f.path] for f, _ in files], pa.int32()),
                "file_name": [f.path.name for f, _ in files],
                "file_hash": [f.digest for f, _ in files],
                "supplier": [supplier(f.path) for f, _ in files],
                "loaded_at": pa.array([now] * len(files), pa.timestamp("us")),
                "themes": [",".join(sorted({s.theme.name for s in sh})) for _, sh in files],
                "rows": pa.array([sum(s.rows for s in sh) for _, sh in files], pa.int64()),
            },
        )
        con.execute(
            "CREATE OR REPLACE TEMP TABLE _jbr_parts "
            "(part INTEGER, delivery_id INTEGER, sheet VARCHAR)"
        )
        every = [(s, ids[f.path]) for f, sheets in files for s in sheets]
        insert_columns(
            con,
            "_jbr_parts",
            {
                "part": pa.array([s.part for s, _ in every], pa.int32()),
                "delivery_id": pa.array([d for _, d in every], pa.int32()),
                "sheet": pa.array([s.raw.sheet for s, _ in every], pa.string()),
            },
        )
        groups = {s.group: s.theme for _, sheets in files for s in sheets}
        covered: dict[int, list[tuple[str, int | None, int]]] = {}
        for group, theme in groups.items():
            members = [(s, d) for s, d in every if s.group == group]
            cols = ", ".join(f'"{c}"' for c in theme.column_names)
            # A virtual _ministerie is computed by the table from its ministry column
            lineage = ", ".join(written_lineage(theme))
            if len(members) == 1:  # one sheet (e.g. a big file): no join, no reordering
                [(sheet, delivery_id)] = members
                # a group of this sheet alone is read whole (a filter costs 0.02 s on 2 M rows)
                where = "" if sheet.alone else f" WHERE _part = {sheet.part}"
                source = (
                    f"SELECT {cols}, {delivery_id} AS _delivery_id, "
                    f"{'NULL' if sheet.raw.sheet is None else sql_text(sheet.raw.sheet)} AS _sheet, "
                    f"_row, _ministerie, _jaar FROM {group}{where}"
                )
            else:
                source = (
                    f"SELECT {cols}, m.delivery_id AS _delivery_id, m.sheet AS _sheet, _row, "
                    f"_ministerie, _jaar FROM {group} t JOIN _jbr_parts m ON m.part = t._part"
                )
            con.execute(
                f'INSERT INTO "{theme.name}" ({cols}, {lineage}) '
                f"SELECT {cols}, {lineage} FROM ({source})"
            )
            rows = [
                (s.part, d, m, y, n)
                for s, d in sorted(members, key=lambda sd: sd[0].part)
                for m, y, n in sheet_coverage(con, s)
            ]
            insert_columns(
                con,
                "coverage",
                {
                    "delivery_id": pa.array([r[1] for r in rows], pa.int32()),
                    "theme": [theme.name] * len(rows),
                    "ministerie": pa.array([r[2] for r in rows], pa.string()),
                    "jaar": pa.array([r[3] for r in rows], pa.int32()),
                    "rows": pa.array([r[4] for r in rows], pa.int64()),
                },
            )
            for part, _, m, y, n in rows:
                covered.setdefault(part, []).append((m, y, n))
        seal(con)  # the append-only proof, committed with the delivery (store/chain.py)
        con.execute("COMMIT")
    except BaseException:
        with contextlib.suppress(duckdb.Error):  # after a failed write the rollback may fail too
            con.execute("ROLLBACK")
        raise
    return [
        Inserted(
            ids[f.path],
            sum(s.rows for s in sheets),
            [(s.theme.name, m, y, n) for s in sheets for m, y, n in covered[s.part]],
        )
        for f, sheets in files
    ]


def sheet_coverage(
    con: duckdb.DuckDBPyConnection, sheet: CheckedSheet
) -> list[tuple[str, int | None, int]]:
    """The sheet's rows per (ministry, year) in SQL's order: counted by the check, or here
    (a sheet checked in another process, ``load.store_checked``)."""
    if sheet.coverage is not None:
        return sheet.coverage
    return [
        (m, y, int(n))
        for m, y, n in con.execute(
            f"SELECT _ministerie, _jaar, count(*) FROM {sheet.group} WHERE _part = {sheet.part} "
            "GROUP BY ALL ORDER BY ALL"
        ).fetchall()
    ]


def insert_columns(con: duckdb.DuckDBPyConnection, table: str, columns: dict[str, object]) -> None:
    """Append rows given as columns, by column name (one statement, unlike executemany's
    one per row)."""
    arrow = pa.table(columns)  # type: ignore[arg-type]
    names = ", ".join(f'"{c}"' for c in columns)
    con.register("_jbr_rows", arrow)
    try:
        con.execute(f"INSERT INTO {table} ({names}) SELECT {names} FROM _jbr_rows")
    finally:
        con.unregister("_jbr_rows")

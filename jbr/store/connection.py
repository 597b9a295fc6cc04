"""Opening the store: one DuckDB connection with the store attached, its schema ensured.

Staging (temp tables) lives in memory and the store file is attached as the default
catalog ``store``: typing a file is faster in memory and the store only receives the
final rows. Lock and permission errors become :class:`~.guard.StoreError`.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from . import guard
from .schema import ensure_schema


def connect(db: Path | str, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open the store, creating its schema; lock and permission errors become StoreError.

    While another process holds the store, wait for it (``guard.attach``).
    """
    try:
        if not read_only:
            Path(db).parent.mkdir(parents=True, exist_ok=True)
        # Staging (temp tables) in memory, the store attached as the default catalog:
        # typing a file is faster in memory and the store only receives the final rows.
        con = duckdb.connect(":memory:")
    except (duckdb.Error, OSError) as e:
        raise guard.open_error(db, e) from e
    try:
        con.execute("SET enable_progress_bar = false")
        guard.attach(con, db, read_only)
        con.execute("USE store")
        if not read_only:
            ensure_schema(con)
    except BaseException as e:
        con.close()  # the store is let go at once (a migration refused: StoreError)
        if isinstance(e, (duckdb.Error, OSError)):
            raise guard.open_error(db, e) from e
        raise
    return con


def con_db(con: duckdb.DuckDBPyConnection) -> str:
    """The store file ``con`` has attached (for messages)."""
    found = con.execute(
        "SELECT path FROM duckdb_databases() WHERE database_name = 'store'"
    ).fetchone()
    return str(found[0]) if found else "store"

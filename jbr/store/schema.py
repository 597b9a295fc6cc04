"""The store's tables: one per theme plus deliveries and their coverage (SPEC §3).

Rows are never updated or deleted. A delivery covers the (theme, ministry,
year) combinations it holds rows for; ``current_<theme>`` views show, per
combination, only the rows of the newest delivery that covers it, while the
base table keeps every version as history.
"""

from __future__ import annotations

import contextlib
import hashlib
import re
from functools import cache

import duckdb

from ..deliveries.themes import THEMES
from ..sql import SQL_TYPES
from .chain import seal
from .columns import LINEAGE_COLUMNS, lineage_ddl, ministry_column, written_lineage
from .guard import StoreError

# 3: delivery_seals, the append-only proof (store/chain.py); 4: ``_ministerie`` virtual
# where a theme has a ministry column of its own (store/columns.py)
SCHEMA_VERSION = 4

META_DDL = """
CREATE TABLE IF NOT EXISTS jbr_meta (key VARCHAR PRIMARY KEY, value VARCHAR);
CREATE TABLE IF NOT EXISTS deliveries (
    delivery_id INTEGER PRIMARY KEY,
    file_name VARCHAR NOT NULL,
    file_hash VARCHAR NOT NULL,
    supplier VARCHAR NOT NULL,
    loaded_at TIMESTAMP NOT NULL,
    themes VARCHAR NOT NULL,
    rows BIGINT NOT NULL
);
CREATE TABLE IF NOT EXISTS coverage (
    delivery_id INTEGER NOT NULL,
    theme VARCHAR NOT NULL,
    ministerie VARCHAR NOT NULL,
    jaar INTEGER,
    rows BIGINT NOT NULL
);
CREATE TABLE IF NOT EXISTS delivery_seals (
    delivery_id INTEGER PRIMARY KEY,
    content_digest VARCHAR NOT NULL,
    seal VARCHAR NOT NULL
);
"""


def theme_ddl(name: str) -> str:
    theme = THEMES[name]
    own = ministry_column(theme)
    # The ministry column a virtual _ministerie repeats is NOT NULL, as _ministerie was.
    cols = [
        f'"{c.name}" {SQL_TYPES[c.type]}' + (" NOT NULL" if c.name == own else "")
        for c in theme.columns
    ]
    cols += lineage_ddl(theme)
    return f'CREATE TABLE IF NOT EXISTS "{name}" ({", ".join(cols)})'


def current_view_ddl(name: str) -> str:
    return f"""CREATE OR REPLACE VIEW current_{name} AS
        SELECT t.* FROM "{name}" t
        JOIN (SELECT ministerie, jaar, max(delivery_id) AS delivery_id
              FROM coverage WHERE theme = '{name}' GROUP BY ministerie, jaar) latest
          ON t._delivery_id = latest.delivery_id
         AND t._ministerie = latest.ministerie
         AND t._jaar IS NOT DISTINCT FROM latest.jaar"""


def _migrate_datetime_columns(con: duckdb.DuckDBPyConnection) -> None:
    """Schema 1 → 2: datetime columns (``energie.van``/``tot``) were dates.

    A stored date period ``van``..``tot`` was inclusive; schema 2 stores every period
    half-open, so ``tot`` becomes the next midnight (the same days, written the new
    way). Only the representation changes, never what a row means; runs once.
    """
    for name, theme in THEMES.items():
        for column in theme.columns:
            if column.type != "datetime":
                continue
            found = con.execute(
                "SELECT data_type FROM duckdb_columns() WHERE database_name = current_database() "
                "AND schema_name = 'main' AND table_name = ? AND column_name = ?",
                [name, column.name],
            ).fetchone()
            if found is None or found[0] != "DATE":
                continue
            con.execute(f"DROP VIEW IF EXISTS current_{name}")
            shift = " + INTERVAL 1 DAY" if column.ends else ""
            con.execute(
                f'ALTER TABLE "{name}" ALTER "{column.name}" TYPE TIMESTAMP '
                f'USING CAST("{column.name}" AS TIMESTAMP){shift}'
            )


def _migrate_ministry_columns(con: duckdb.DuckDBPyConnection) -> None:
    """Schema 3 → 4: ``_ministerie`` becomes virtual where it repeats a column of the row.

    Each such table is rebuilt with the same rows in the same order: every column but
    ``_ministerie`` is copied, and ``_ministerie`` is computed from the ministry column,
    which held the same value in every row. That, and that the table has exactly the
    columns jbr made, is checked for every table before any is rebuilt: a difference
    (only a change outside jbr makes one) stops the migration and the store stays as it
    was. What a row reads, and so its digest in the seal chain, does not change; ``jbr
    doctor`` checks that afterwards as always.
    """
    columns: dict[str, list[str]] = {}  # per table its columns, in order
    virtual: set[str] = set()  # the tables whose _ministerie is virtual already
    for table, column, generated in con.execute(
        "SELECT table_name, column_name, is_generated FROM information_schema.columns "
        "WHERE table_catalog = current_database() AND table_schema = 'main' "
        "ORDER BY table_name, ordinal_position"
    ).fetchall():
        columns.setdefault(table, []).append(column)
        if column == "_ministerie" and generated != "NEVER":
            virtual.add(table)
    moving = [  # a table of schema 3 (a new store has none yet)
        (name, own)
        for name, theme in THEMES.items()
        if (own := ministry_column(theme)) is not None
        and "_ministerie" in columns.get(name, [])
        and name not in virtual
    ]
    for name, own in moving:
        expected = [*THEMES[name].column_names, *(n for n, _ in LINEAGE_COLUMNS)]
        if columns[name] != expected:
            raise StoreError.keyed(
                "store.migratie.kolommen", table=name, found=", ".join(columns[name])
            )
        [(differ,)] = con.execute(
            f'SELECT count(*) FROM "{name}" '
            f'WHERE _ministerie IS DISTINCT FROM "{own}" OR "{own}" IS NULL'
        ).fetchall()
        if differ:
            raise StoreError.keyed("store.migratie.ministerie", table=name, rows=differ, column=own)
    for name, _ in moving:
        old = f"{name}__schema3"
        copied = ", ".join(
            f'"{c}"' for c in [*THEMES[name].column_names, *written_lineage(THEMES[name])]
        )
        con.execute(f"DROP VIEW IF EXISTS current_{name}")  # made again by _ensure_schema
        con.execute(f'ALTER TABLE "{name}" RENAME TO "{old}"')
        con.execute(theme_ddl(name))
        con.execute(f'INSERT INTO "{name}" ({copied}) SELECT {copied} FROM "{old}"')
        con.execute(f'DROP TABLE "{old}"')


def stored_version(con: duckdb.DuckDBPyConnection) -> int | None:
    """The schema version the store was last written with; None for a new store."""
    exists = con.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE database_name = current_database() "
        "AND schema_name = 'main' AND table_name = 'jbr_meta'"
    ).fetchone()
    if not exists or not exists[0]:
        return None
    found = con.execute("SELECT value FROM jbr_meta WHERE key = 'schema_version'").fetchone()
    return int(found[0]) if found else None


@cache
def schema_objects() -> frozenset[str]:
    """The tables and views ``ensure_schema`` makes."""
    meta = re.findall(r"CREATE TABLE IF NOT EXISTS (\w+)", META_DDL)
    return frozenset([*meta, *THEMES, *(f"current_{name}" for name in THEMES)])


@cache
def schema_digest() -> str:
    """A digest of every statement ``ensure_schema`` runs: another jbr's schema differs."""
    ddl = [str(SCHEMA_VERSION), META_DDL]
    ddl += [theme_ddl(name) + current_view_ddl(name) for name in THEMES]
    return hashlib.sha256("\n".join(ddl).encode()).hexdigest()


def schema_current(con: duckdb.DuckDBPyConnection) -> bool:
    """The store was last ensured with this jbr's schema (its version and digest) and
    still has every table and view of it: nothing to create or migrate."""
    names = {
        row[0]
        for row in con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE database_name = current_database() "
            "AND schema_name = 'main' UNION ALL SELECT view_name FROM duckdb_views() "
            "WHERE database_name = current_database() AND schema_name = 'main'"
        ).fetchall()
    }
    if not schema_objects() <= names:
        return False
    meta = dict(
        con.execute(
            "SELECT key, value FROM jbr_meta WHERE key IN ('schema_version', 'schema_digest')"
        ).fetchall()
    )
    return meta == {"schema_version": str(SCHEMA_VERSION), "schema_digest": schema_digest()}


def ensure_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create any missing table or view, migrate older stores; safe to call on every open.

    A store already in this jbr's schema is only read (``schema_current``: two catalog
    queries instead of some forty statements written on every open). Otherwise one
    transaction: a process killed while migrating leaves the store as it was.
    """
    if schema_current(con):
        return
    con.execute("BEGIN TRANSACTION")
    try:
        _ensure_schema(con)
        con.execute("COMMIT")
    except BaseException:
        with contextlib.suppress(duckdb.Error):  # a failed COMMIT has ended it already
            con.execute("ROLLBACK")
        raise


def _ensure_schema(con: duckdb.DuckDBPyConnection) -> None:
    before = stored_version(con)
    if before is not None and before > SCHEMA_VERSION:  # written by a newer jbr
        raise StoreError.keyed("store.migratie.nieuwer", found=before, expected=SCHEMA_VERSION)
    con.execute(META_DDL)
    _migrate_datetime_columns(con)
    _migrate_ministry_columns(con)
    for name in THEMES:
        con.execute(theme_ddl(name))
        con.execute(current_view_ddl(name))
    for key, value in (("schema_version", str(SCHEMA_VERSION)), ("schema_digest", schema_digest())):
        con.execute(
            "INSERT INTO jbr_meta VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [key, value],
        )
    if before is not None and before < 3:
        # Schema 2 → 3: seal the history as found; from here on every change shows.
        seal(con)

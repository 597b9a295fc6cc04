"""The access tables (tokens and their roles, publications and their figures, the uploads
log), created when first used, and a read-only connection that is None without a store."""

from __future__ import annotations

from pathlib import Path

import duckdb

from ..connection import connect

ACCESS_DDL = """
CREATE TABLE IF NOT EXISTS tokens (
    token_id VARCHAR PRIMARY KEY,
    supplier VARCHAR NOT NULL,
    ministerie VARCHAR NOT NULL,
    hash VARCHAR NOT NULL,
    created TIMESTAMP NOT NULL,
    revoked TIMESTAMP
);
CREATE TABLE IF NOT EXISTS token_roles (
    token_id VARCHAR PRIMARY KEY,
    role VARCHAR NOT NULL
);
CREATE TABLE IF NOT EXISTS publications (
    year INTEGER NOT NULL,
    version INTEGER NOT NULL,
    published_at TIMESTAMP NOT NULL,
    published_by VARCHAR NOT NULL,
    note VARCHAR,
    last_delivery_id INTEGER,
    figures BIGINT NOT NULL,
    PRIMARY KEY (year, version)
);
CREATE TABLE IF NOT EXISTS published_figures (
    year INTEGER NOT NULL,
    version INTEGER NOT NULL,
    indicator VARCHAR NOT NULL,
    ministry VARCHAR NOT NULL,
    value DOUBLE,
    unit VARCHAR,
    target DOUBLE,
    status VARCHAR,
    suppressed BOOLEAN NOT NULL,
    notes VARCHAR,
    reason VARCHAR
);
CREATE TABLE IF NOT EXISTS uploads (
    upload_id INTEGER PRIMARY KEY,
    token_id VARCHAR NOT NULL,
    supplier VARCHAR NOT NULL,
    ministerie VARCHAR NOT NULL,
    received_at TIMESTAMP NOT NULL,
    file_name VARCHAR NOT NULL,
    stored_as VARCHAR,
    bytes BIGINT NOT NULL,
    sha256 VARCHAR NOT NULL,
    status VARCHAR NOT NULL,
    delivery_id INTEGER,
    errors INTEGER NOT NULL,
    warnings INTEGER NOT NULL,
    problems VARCHAR
);
"""


def ensure_access_schema(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(ACCESS_DDL)
    # Stores made before empty figures carried their reason (e.g. a trend that does not fall).
    con.execute("ALTER TABLE published_figures ADD COLUMN IF NOT EXISTS reason VARCHAR")


def has_table(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    return bool(
        con.execute(
            "SELECT count(*) FROM duckdb_tables() WHERE table_name = ? AND NOT temporary", [name]
        ).fetchone()[0]  # type: ignore[index]
    )


def read_only(db: Path | str) -> duckdb.DuckDBPyConnection | None:
    """A read-only connection, or None when there is no store yet."""
    if not Path(db).exists():
        return None
    return connect(db, read_only=True)

"""The store's schema is made once and then only checked (issue 15): opening a store that
already has this jbr's schema writes nothing; a missing table or view, another version or
another jbr's schema makes ``ensure_schema`` run again."""

from __future__ import annotations

import duckdb
import pytest

from jbr.store.connection import connect
from jbr.store.schema import SCHEMA_VERSION, schema_current, schema_digest


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "s.duckdb"
    connect(path).close()  # a new store: its schema made
    return path


def _meta(path) -> dict[str, str]:
    with duckdb.connect(str(path), read_only=True) as con:
        return dict(con.execute("SELECT key, value FROM jbr_meta").fetchall())


def test_a_new_store_records_its_schema_and_is_current(db):
    assert _meta(db)["schema_version"] == str(SCHEMA_VERSION)
    assert _meta(db)["schema_digest"] == schema_digest()
    con = connect(db)
    try:
        assert schema_current(con)
    finally:
        con.close()


def test_opening_a_current_store_writes_nothing(db):
    with duckdb.connect(str(db)) as con:
        con.execute("CHECKPOINT")
    before = db.read_bytes()
    connect(db).close()
    assert db.read_bytes() == before  # no statement was written (a DDL would change the file)


@pytest.mark.parametrize(
    ("damage", "why"),
    [
        ("DROP VIEW current_woo_verzoeken", "a view gone: made again"),
        ("DROP TABLE coverage", "a table gone: made again"),
        ("UPDATE jbr_meta SET value = 'other' WHERE key = 'schema_digest'", "another jbr's schema"),
        ("DELETE FROM jbr_meta WHERE key = 'schema_digest'", "a store of a jbr before digests"),
    ],
)
def test_anything_missing_or_other_runs_the_schema_again(db, damage, why):
    with duckdb.connect(str(db)) as con:
        con.execute(damage)
    con = connect(db)
    try:
        assert schema_current(con), why
        tables = {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
        views = {r[0] for r in con.execute("SELECT view_name FROM duckdb_views()").fetchall()}
        assert "coverage" in tables and "current_woo_verzoeken" in views, why
    finally:
        con.close()
    assert _meta(db)["schema_digest"] == schema_digest(), why

"""Shared fixtures: small delivery files written by hand, and a fresh store."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest


def write_csv(
    path: Path, header: str, rows: list[str], sep: str = ";", encoding: str = "utf-8"
) -> Path:
    """A delivery CSV; ``rows`` use ``;`` and are re-joined with ``sep``."""
    lines = [header] + rows
    text = "\n".join(line.replace(";", sep) for line in lines) + "\n"
    path.write_bytes(text.encode(encoding))
    return path


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "store.duckdb"


def snapshot(db: Path) -> dict[str, list[tuple]]:
    """Every table's full contents, to prove a rejected load changed nothing."""
    if not db.exists():
        return {}
    con = duckdb.connect(str(db), read_only=True)
    try:
        tables = [
            r[0]
            for r in con.execute(
                "SELECT table_name FROM duckdb_tables() WHERE NOT temporary ORDER BY 1"
            ).fetchall()
        ]
        return {t: sorted(con.execute(f'SELECT * FROM "{t}"').fetchall(), key=repr) for t in tables}
    finally:
        con.close()

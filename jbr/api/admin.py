"""The store itself: what it holds (``store_deliveries``, ``demo_store``), ``jbr doctor``
and ``jbr store export|import``."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from .config import default_db

if TYPE_CHECKING:
    from ..store.doctor import Check
    from ..store.parquet import Manifest


def store_deliveries(db: Path | str) -> int:
    """How many deliveries the store holds (0 for a store that does not exist yet)."""
    from ..store.connection import connect

    if not Path(db).exists():
        return 0
    con = connect(db, read_only=True)
    try:
        found = con.execute(
            "SELECT count(*) FROM duckdb_tables() WHERE database_name = current_database() "
            "AND table_name = 'deliveries'"
        ).fetchone()
        if not found or not found[0]:
            return 0
        [(n,)] = con.execute("SELECT count(*) FROM deliveries").fetchall()
        return int(n)
    finally:
        con.close()


def demo_store(db: Path | str) -> bool:
    """Whether every delivery in the store is the bundled demo's (suppliers marked "(demo)"):
    such a store is built and published with the bundled demo text (issue 16)."""
    from ..deliveries.demo import DEMO_MARK
    from ..store.connection import connect

    if store_deliveries(db) == 0:
        return False
    con = connect(db, read_only=True)
    try:
        [(others,)] = con.execute(
            "SELECT count(*) FROM deliveries WHERE NOT ends_with(supplier, ?)", [DEMO_MARK]
        ).fetchall()
        return int(others) == 0
    finally:
        con.close()


def doctor(db: Path | str | None = None, lang: str = "nl") -> list[Check]:
    """``jbr doctor``: every integrity check on the store (schema, lineage, history, ...)."""
    from ..store.doctor import diagnose

    return diagnose(db or default_db(), lang)


def store_export(directory: Path | str, db: Path | str | None = None, lang: str = "nl") -> Manifest:
    """Every table of the store to Parquet with a manifest (issue 9; ``jbr store export``)."""
    from ..store.parquet import export_store

    return export_store(db or default_db(), directory, lang)


def store_import(directory: Path | str, db: Path | str | None = None, lang: str = "nl") -> Manifest:
    """An export into an empty store, all or nothing (``jbr store import``)."""
    from ..store.parquet import import_store

    return import_store(directory, db or default_db(), lang)

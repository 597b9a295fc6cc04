"""The parent rows a child theme's rows refer to: which parents a file may need, a snapshot
of the supplier's own ones for the worker, and a mark that changes when they do."""

from __future__ import annotations

from pathlib import Path

import duckdb

from ...deliveries.declaration import Via
from ...deliveries.themes import THEMES, theme_for_filename
from ...sql import sql_text
from ...store.connection import connect
from ..gate import StoreGate


def parent_keys(path: Path, theme: str | None) -> dict[str, str]:
    """Parent theme → the key its children refer to, for the themes this file may hold
    (a workbook may hold any theme: not opened here, that is the worker's job)."""
    if path.suffix.lower() == ".xlsx":
        names = list(THEMES)
    else:
        names = [n for n in [theme or theme_for_filename(path.stem)] if n in THEMES]
    keys = {}
    for name in names:
        for scope in (THEMES[name].ministry, THEMES[name].year):
            if isinstance(scope, Via):
                keys[scope.theme] = scope.key
    return keys


def parents_mark(con: duckdb.DuckDBPyConnection, ministry: str, themes: list[str]) -> int:
    """The latest delivery of these parent themes for ``ministry``: changes when they do."""
    found = con.execute(
        "SELECT coalesce(max(delivery_id), 0) FROM coverage "
        "WHERE theme IN (SELECT unnest(?::VARCHAR[])) AND ministerie = ?",
        [themes, ministry],
    ).fetchone()
    return int(found[0]) if found else 0


def parent_snapshot(
    gate: StoreGate, ministry: str, keys: dict[str, str], work: Path
) -> tuple[dict[str, Path], int | None]:
    """The current parent rows of the supplier's own ministry, as Parquet for the worker,
    and their mark. Only its own: a child row naming another ministry's parent finds
    none, so nothing of another ministry shows in the answer."""
    if not keys or not gate.db.exists():
        return {}, None

    def read() -> tuple[dict[str, Path], int | None]:
        con = connect(gate.db, read_only=True)
        try:
            files = {}
            for theme, key in keys.items():
                file = work / f"ouder_{theme}.parquet"
                con.execute(
                    f'COPY (SELECT "{key}", _ministerie, _jaar FROM current_{theme} '
                    f"WHERE _ministerie = {sql_text(ministry)}) "
                    f"TO {sql_text(str(file))} (FORMAT parquet)"
                )
                files[theme] = file
            return files, parents_mark(con, ministry, sorted(keys))
        except duckdb.CatalogException:  # a store from before these themes: no parents
            return {}, None
        finally:
            con.close()

    return gate.retry_busy(read)

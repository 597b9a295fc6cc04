"""Reading the store behind the gate (``web/gate.py``), cached by the store's state."""

from __future__ import annotations

from typing import Any

from fastapi import Request

from ...store.access.published import figure_rows, publication_rows
from ...store.connection import connect
from ..gate import StoreGate


def gate_of(request: Request) -> StoreGate:
    return request.app.state.gate  # type: ignore[no-any-return]


def read_store(gate: StoreGate, read: Any) -> Any:
    """``read(con)`` on a read-only connection, or ``read(None)`` without a store."""
    if not gate.db.exists():
        return read(None)
    con = connect(gate.db, read_only=True)
    try:
        return read(con)
    finally:
        con.close()


def published(gate: StoreGate) -> dict[int, list[Any]]:
    """Year → its publications (versions), cached by store state."""

    def read() -> dict[int, list[Any]]:
        rows = read_store(gate, lambda con: publication_rows(con) if con else [])
        out: dict[int, list[Any]] = {}
        for p in rows:
            out.setdefault(p.year, []).append(p)
        return out

    return gate.cached("publications", read)


def year_figures(gate: StoreGate, year: int, version: int | None) -> list[dict[str, Any]]:
    return gate.cached(
        ("figures", year, version),
        lambda: read_store(gate, lambda con: figure_rows(con, year, version) if con else []),
    )

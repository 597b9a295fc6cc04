"""Recording the review's steps on a store file, each in its own transaction, and which
jbr version published each year version (``publication_software``)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import duckdb

from ..connection import connect
from .events import (
    FIGURE_KEYS,
    SENT,
    Event,
    append_event,
    ensure_review_schema,
    events,
    fingerprint,
    has_review_tables,
    software_version,
)


def _write(db: Path | str, work: Any) -> Any:
    """``work(con)`` in one transaction on the store ``db``."""
    con = connect(db)
    try:
        ensure_review_schema(con)
        con.execute("BEGIN TRANSACTION")
        try:
            result = work(con)
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
        return result
    finally:
        con.close()


def record_sending(
    db: Path | str,
    year: int,
    sendings: dict[tuple[str, str], list[dict[str, Any]]],
    actor: str,
    now: datetime | None = None,
) -> list[Event]:
    """Send figures for review: per (ministry, chapter) one ``sent`` event and its figures.
    One transaction for all of them."""

    def work(con: duckdb.DuckDBPyConnection) -> list[Event]:
        out = []
        for (ministry, chapter), figures in sorted(sendings.items()):
            event = append_event(
                con, year, ministry, chapter, SENT, actor, fingerprint=fingerprint(figures),
                now=now,
            )  # fmt: skip
            con.executemany(
                "INSERT INTO review_figures VALUES (?, ?, ?, ?, ?, ?, ?)",
                [[event.event_id, *(f[k] for k in FIGURE_KEYS)] for f in figures],
            )
            out.append(event)
        return out

    return _write(db, work)  # type: ignore[no-any-return]


def record_event(db: Path | str, **fields: Any) -> Event:
    """One event (a decision, an override, a figures-only publication) in its own
    transaction."""
    return _write(db, lambda con: append_event(con, **fields))  # type: ignore[no-any-return]


def record_software(db: Path | str, year: int, version: int) -> None:
    """Which jbr published ``year`` version ``version`` (for the figure passport)."""
    _write(
        db,
        lambda con: con.execute(
            "INSERT INTO publication_software VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
            [year, version, software_version()],
        ),
    )


def publication_software(con: duckdb.DuckDBPyConnection) -> dict[tuple[int, int], str]:
    if not has_review_tables(con):
        return {}
    return {
        (int(y), int(v)): str(s)
        for y, v, s in con.execute("SELECT * FROM publication_software").fetchall()
    }


def read_events(db: Path | str, year: int | None = None) -> list[Event]:
    if not Path(db).exists():
        return []
    con = connect(db, read_only=True)
    try:
        return events(con, year)
    finally:
        con.close()

"""Deliveries in: ``jbr validate``, ``jbr load`` and the store's delivery history."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from ..deliveries.problems import Problem
from ..store.load import LoadOutcome, LoadProgress, load_files
from .config import default_db

if TYPE_CHECKING:
    from ..store.history import DeliveryRecord


DELIVERY_SUFFIXES = (".xlsx", ".xlsm", ".csv", ".parquet")


def expand(paths: Iterable[Path | str]) -> list[Path]:
    """Files as given; a directory stands for every delivery file below it, sorted."""
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out += sorted(
                f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in DELIVERY_SUFFIXES
            )
        else:
            out.append(p)
    return out


def validate(
    paths: Iterable[Path | str],
    lang: str = "nl",
    theme: str | None = None,
    db: Path | str | None = None,
) -> list[Problem]:
    from ..deliveries.validate import validate_files

    return validate_files(expand(paths), lang=lang, theme=theme, db=Path(db) if db else None)


def load(
    paths: Iterable[Path | str],
    db: Path | str | None = None,
    supplier: str | None = None,
    theme: str | None = None,
    lang: str = "nl",
    allow_shrink: bool = False,
    progress: LoadProgress | None = None,
) -> list[LoadOutcome]:
    """Validate and store deliveries (SPEC §2 ``jbr load``); each file all or nothing.

    Each outcome's ``replaces`` names the earlier deliveries a stored file replaced,
    per (theme, ministry, year), with both row counts. A file that would keep fewer
    than half the rows of a (theme, ministry, year) it replaces
    (``jbr.store.history.SHRINK_LIMIT``) is rejected unless ``allow_shrink=True``.
    ``progress(done, total, outcome)`` is called as files are done.
    """
    return load_files(
        expand(paths),
        db or default_db(),
        supplier=supplier,
        theme=theme,
        lang=lang,
        allow_shrink=allow_shrink,
        progress=progress,
    )


def deliveries(
    db: Path | str | None = None,
    ministry: str | None = None,
    theme: str | None = None,
    year: int | None = None,
) -> list[DeliveryRecord]:
    """``jbr deliveries``: every delivery (newest first) with what it covers, what it
    replaced and what replaced it, per (theme, ministry, year); filters narrow both."""
    from ..store.connection import connect
    from ..store.history import delivery_history

    db = Path(db or default_db())
    if not db.exists():
        return []
    con = connect(db, read_only=True)
    try:
        return delivery_history(con, ministry, theme, year)
    finally:
        con.close()


def delivery_years(db: Path | str | None = None) -> list[int]:
    """The years any delivery in the store covers."""
    from ..store.connection import connect
    from ..store.history import years_with_deliveries

    db = Path(db or default_db())
    if not db.exists():
        return []
    con = connect(db, read_only=True)
    try:
        return years_with_deliveries(con)
    finally:
        con.close()

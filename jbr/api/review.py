"""Review before publication (wederhoor, issue 17): ``jbr review start|status|override``
and a ministry's review workbook."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from .config import default_db, default_engine
from .figures import indicator_context
from .intake import delivery_years
from .publication import NothingToPublish, ReasonRequired

if TYPE_CHECKING:
    from ..publish.review import Started
    from ..store.review import ChapterState
    from ..store.review import Event as ReviewEvent


def review_start(
    year: int, db: Path | str | None = None, by: str | None = None, engine: str | None = None
) -> Started:
    """``jbr review start``: send every ministry its figures of ``year`` per chapter (again
    where they changed). Raises ``NothingToPublish`` for a year without data."""
    import getpass

    from ..indicators import compute, store_years
    from ..publish.review import start

    db = Path(db or default_db())
    if not db.exists():
        raise NothingToPublish(year)
    ctx = indicator_context(db, engine or default_engine())
    try:
        if year not in store_years(ctx):
            raise NothingToPublish(year)
        values = compute(ctx, year)
    finally:
        ctx.backend.disconnect()
    return start(db, year, values, by or getpass.getuser())


def review_states(
    year: int, db: Path | str | None = None, engine: str | None = None, now: bool = True
) -> dict[tuple[str, str], ChapterState]:
    """(ministry, chapter) → where the review stands; ``now``: judged on the figures as
    computed now (what ``jbr publish`` does), else on the latest sending."""
    from ..publish.review import fingerprints
    from ..store.review import chapter_states, read_events

    db = Path(db or default_db())
    current = None
    if now and db.exists():
        from ..indicators import compute, store_years

        ctx = indicator_context(db, engine or default_engine())
        try:
            if year in store_years(ctx):
                current = fingerprints(compute(ctx, year))
        finally:
            ctx.backend.disconnect()
    return chapter_states(read_events(db, year), year, current)


def review_override(
    year: int,
    reason: str,
    ministries: list[str] | None = None,
    chapter: str | None = None,
    db: Path | str | None = None,
    by: str | None = None,
) -> list[ReviewEvent]:
    """``jbr review override``: record that ``year`` may be published without the approval
    of ``ministries`` (None: every ministry) for ``chapter`` (None: every chapter)."""
    import getpass

    from ..store.review import ALL, OVERRIDE, record_event

    if not reason or not reason.strip():
        raise ReasonRequired("override")
    db = Path(db or default_db())
    if not db.exists() or year not in delivery_years(db):
        raise NothingToPublish(year)
    return [
        record_event(
            db,
            year=year,
            ministry=m,
            chapter=chapter,
            kind=OVERRIDE,
            actor=by or getpass.getuser(),
            text=reason.strip(),
        )  # fmt: skip
        for m in (ministries or [ALL])
    ]


def review_workbook(
    year: int, ministry: str, db: Path | str | None = None, lang: str = "nl"
) -> bytes:
    """The XLSX of ``ministry``'s review of ``year`` (figures, source deliveries, state)."""
    from ..publish.review import ministry_review, workbook

    db = Path(db or default_db())
    return workbook(ministry_review(db, year, ministry, lang), year, ministry, lang)

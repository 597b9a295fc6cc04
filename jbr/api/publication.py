"""``jbr publish``: lift a year's embargo with a snapshot of its public figures; the
static site and open data from what is published."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from .admin import demo_store
from .config import default_db, default_engine
from .figures import indicator_context
from .text import require_complete_text, years_for_text

if TYPE_CHECKING:
    from ..store.access.published import Publication


class NothingToPublish(Exception):
    """The store holds no data for the year (or no store at all)."""


class ReasonRequired(Exception):
    """A step that must be recorded with a reason (``--without-text``, an override) got none."""

    def __init__(self, what: str) -> None:
        self.what = what
        super().__init__(what)


def publish(
    year: int,
    db: Path | str | None = None,
    note: str | None = None,
    by: str | None = None,
    engine: str | None = None,
    text: Path | str | None = None,
    config: Path | str | None = None,
    without_text: bool = False,
    reason: str | None = None,
) -> Publication:
    """SPEC §2 ``jbr publish``: lift the embargo on ``year`` with a snapshot of its public figures.

    The figures are computed now (suppressed values withheld) and stored as version 1;
    from then on the API, site and open data may show them. Publishing a published year
    again is a correction: it needs ``note`` and changed figures, and becomes the next
    version; earlier versions stay readable. Nothing is ever re-embargoed.
    The year's Dutch text must be complete and every reference right (issue 16):
    else ``TextIncomplete`` or ``TextErrors``, and nothing is published.
    ``without_text=True`` publishes the figures of a year whose report was made outside
    jbr (the years before it), without checking any text; it needs a ``reason``, which
    is recorded with the review history (issue 17).
    Every ministry must have approved its figures as they are now, or an override be
    recorded (issue 17): else ``jbr.publish.review.ReviewIncomplete``.
    Raises ``NothingToPublish``, ``ReasonRequired`` and ``jbr.store.access.published.AlreadyPublished``.
    """
    import getpass

    from ..indicators import by_id, compute, store_years
    from ..indicators.cache import reuse_last_build
    from ..publish.figures import published_figures
    from ..publish.review import ReviewIncomplete, gate
    from ..publish.text.editorial import prepare, text_source
    from ..store.access.published import record_publication
    from ..store.review import ALL, WITHOUT_TEXT, record_event, record_software

    if without_text and not (reason and reason.strip()):
        raise ReasonRequired("without_text")
    db, engine = Path(db or default_db()), engine or default_engine()
    if not db.exists():
        raise NothingToPublish(year)
    ctx = indicator_context(db, engine)
    try:
        known = store_years(ctx)
        if year not in known:
            raise NothingToPublish(year)
        if not without_text:
            source = text_source(text, config, demo=demo_store(db))
            require_complete_text(source, year)
        reuse_last_build(ctx, db, engine, year)
        values = compute(ctx, year)
        if not without_text:
            years = years_for_text(source, year, "nl")
            others = {y: compute(ctx, y) for y in years if y in known and y != year}
            figs = published_figures({**others, year: values}, year, "nl")
            # TextErrors on a wrong reference; a year's text quotes that year and earlier ones
            prepare(source, year, "nl", figs, {y for y in known if y <= year})
    finally:
        ctx.backend.disconnect()
    open_chapters = gate(db, year, values)
    if open_chapters:
        raise ReviewIncomplete(year, open_chapters)
    figures = [
        v.public().as_row() | {"notes": list(v.notes), "reason": v.reason}
        for v in values
        if not by_id()[v.indicator].quality  # data-quality counters are not published
    ]
    by = by or getpass.getuser()
    publication = record_publication(db, year, figures, by, note)
    record_software(db, year, publication.version)
    if without_text:
        record_event(
            db, year=year, ministry=ALL, chapter=None, kind=WITHOUT_TEXT, actor=by,
            text=(reason or "").strip(),
        )  # fmt: skip
    return publication


def write_site(db: Path | str | None = None, out: Path | str = "out") -> list[Path]:
    """``out/site`` and ``out/opendata`` from the store's publications (what is public)."""
    from ..publish.site.write import write_site as write

    return write(Path(db or default_db()), Path(out))

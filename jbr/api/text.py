"""The team's text of a year (issue 16): complete for a final build, ``jbr text check``
against the figures, and the figures a text quotes."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .admin import demo_store, store_deliveries
from .config import default_db, default_engine
from .figures import indicator_context

if TYPE_CHECKING:
    from ..publish.text.editorial import TextSource


def require_complete_text(source: TextSource, year: int, lang: str = "nl") -> None:
    """``TextIncomplete`` unless every required section of ``year`` and the letterhead
    are there (the references are checked against the figures later)."""
    from ..publish.text.editorial import missing_parts, read_year
    from ..publish.text.problems import TextIncomplete

    docs = read_year(source, year, lang)
    missing = missing_parts(source, year, lang, docs, source.letterhead(year))
    if missing:
        raise TextIncomplete(year, missing)


@dataclass
class TextCheck:
    """What ``jbr text check`` found in a year's text."""

    year: int
    source: TextSource
    problems: list = field(default_factory=list)  # TextProblem, errors and warnings
    missing: list = field(default_factory=list)  # Missing: what a final build still needs
    files: list[str] = field(default_factory=list)  # the files checked
    figures: bool = True  # False: no store, so only the syntax was checked
    seconds: float = 0.0

    @property
    def errors(self) -> list:
        return [p for p in self.problems if p.is_error]


def years_for_text(source: TextSource, year: int, lang: str) -> list[int]:
    """The years a text's figures come from: those its references name, the year before
    (changes) and the year itself, last."""
    from ..publish.text.editorial import read_year
    from ..publish.text.references import parse

    named = {
        r.year
        for doc in read_year(source, year, lang).values()
        for occ in doc.references
        if not isinstance(r := parse(occ.raw), tuple) and r.year is not None
    }
    return sorted((named - {year}) | {year - 1}) + [year]


def text_figures(db: Path, years: list[int], lang: str, engine: str | None):  # type: ignore[no-untyped-def]
    """Published figures of ``years`` (the reporting year last) and the store's years."""
    from ..indicators import compute, store_years
    from ..publish.figures import published_figures

    ctx = indicator_context(db, engine or default_engine())
    try:
        known = store_years(ctx)
        values = {y: compute(ctx, y) for y in sorted(set(years)) if y in known}
    finally:
        ctx.backend.disconnect()
    # A year's text quotes that year and earlier ones, as the build that publishes it.
    return published_figures(values, years[-1], lang), {y for y in known if y <= years[-1]}


def text_check(
    year: int,
    text: Path | str | None = None,
    config: Path | str | None = None,
    db: Path | str | None = None,
    lang: str = "nl",
    engine: str | None = None,
) -> TextCheck:
    """``jbr text check``: the year's text against the published figures, without building.

    Computes only the years the text needs: the year, the year before (changes) and any
    year a reference names. Without a store only the syntax is checked."""
    from ..publish.text.editorial import (
        check_documents,
        missing_parts,
        read_year,
        text_source,
    )
    from ..publish.text.problems import TextProblem
    from ..publish.text.references import Figures, parse

    start = time.perf_counter()
    db = Path(db or default_db())
    source = text_source(text, config, demo=db.exists() and demo_store(db))
    docs = read_year(source, year, lang)
    letterhead = source.letterhead(year)
    result = TextCheck(year, source, files=[d.path for d in docs.values()])
    result.missing = missing_parts(source, year, lang, docs, letterhead)
    if not db.exists() or store_deliveries(db) == 0:
        result.figures = False
        for doc in docs.values():
            for occ in doc.unclosed:
                result.problems.append(
                    TextProblem(doc.path, occ.line, occ.column, occ.raw, "unclosed")
                )
            for occ in doc.references:
                found = parse(occ.raw)
                if isinstance(found, tuple):
                    rule, nl, en = found
                    result.problems.append(
                        TextProblem(doc.path, occ.line, occ.column, occ.raw, rule, nl, en, year)
                    )
        result.seconds = time.perf_counter() - start
        return result
    figs, known = text_figures(db, years_for_text(source, year, lang), lang, engine)
    result.problems = check_documents(docs, Figures(figs, known), year, letterhead)
    result.seconds = time.perf_counter() - start
    return result

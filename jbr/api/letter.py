"""``jbr letter draft``: a starting ``kamerbrief.md`` from the highlight rules."""

from __future__ import annotations

from pathlib import Path

from .admin import demo_store
from .config import default_db
from .pipeline import require_year
from .text import text_figures


class DraftExists(Exception):
    """``kamerbrief.md`` is there already; ``force`` overwrites it."""

    def __init__(self, path: Path) -> None:
        self.path = path
        super().__init__(str(path))


def letter_draft(
    year: int,
    text: Path | str | None = None,
    config: Path | str | None = None,
    db: Path | str | None = None,
    lang: str = "nl",
    out: Path | str | None = None,
    force: bool = False,
    engine: str | None = None,
) -> tuple[Path, str]:
    """``jbr letter draft``: write a starting ``kamerbrief.md`` for ``year`` from the
    highlight rules (into the year's text folder, or ``out``); returns the path and text."""
    from ..publish.text.draft import draft_letter
    from ..publish.text.editorial import text_source
    from ..publish.text.sections import LETTER

    db = Path(db or default_db())
    require_year(year, db)
    source = text_source(text, config, demo=demo_store(db))
    if out is not None:
        path = Path(out)
    else:
        folder = source.year_folder(year, lang)
        if folder is None:
            raise NoTextFolder(year)
        path = folder / f"{LETTER}.md"
    if path.exists() and not force:
        raise DraftExists(path)
    figs, _ = text_figures(db, list(range(year - 5, year + 1)), lang, engine)
    markdown = draft_letter(figs, source.letterhead(year))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(markdown, encoding="utf-8")
    return path, markdown


class NoTextFolder(Exception):
    """No text folder is set (``--text`` or ``[tekst] map`` in jbr.toml)."""

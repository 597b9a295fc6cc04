"""``jbr indicators``: indicator values computed from the store, and the store opened for
computing (``indicator_context``) that the build, text, publication and review share."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from .config import default_db, default_engine

if TYPE_CHECKING:
    import pandas as pd


def indicators(
    year: int,
    ministry: str | None = None,
    db: Path | str | None = None,
    engine: str | None = None,
    public: bool = False,
    ids: list[str] | None = None,
) -> list:
    """Indicator values for ``year``; ``public`` gives the published view (suppressed → null)."""
    from ..indicators import compute

    ctx = indicator_context(db or default_db(), engine or default_engine())
    values = compute(ctx, year, ids=ids, ministry=ministry)
    return [v.public() for v in values] if public else values


def indicator_context(db: Path | str, engine: str):  # type: ignore[no-untyped-def]
    """``indicators.open_context``; a file that is no store becomes a ``StoreError``."""
    import duckdb

    from ..indicators import open_context
    from ..store import guard

    try:
        return open_context(db, engine)
    except duckdb.Error as e:
        raise guard.open_error(db, e) from e


def ai_without_risk_analysis(
    year: int, db: Path | str | None = None, engine: str | None = None
) -> pd.DataFrame:
    """SPEC §5.5: generative-AI use cases in operation without a risk analysis by 31 December."""
    from ..indicators import open_context
    from ..indicators.information.ai import ai_without_risk_analysis as listing

    return listing(open_context(db or default_db(), engine or default_engine()), year)

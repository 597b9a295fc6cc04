"""The Python API that the CLI mirrors (SPEC §2): validate, load, indicators, build, ..."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from .deliveries.problems import Problem
from .store.load import LoadOutcome, load_files

if TYPE_CHECKING:
    import pandas as pd

    from .store.doctor import Check
    from .woo.overview import WooDeadlines

DELIVERY_SUFFIXES = (".xlsx", ".xlsm", ".csv", ".parquet")
Progress = Callable[[str], None]


def default_db() -> Path:
    """SPEC §2: ``--db`` / ``JBR_DB``; default ``jbr.duckdb`` in the working directory."""
    return Path(os.environ.get("JBR_DB", "jbr.duckdb"))


def default_engine() -> str:
    return os.environ.get("JBR_ENGINE", "duckdb")


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
    from .deliveries.validate import validate_files

    return validate_files(expand(paths), lang=lang, theme=theme, db=Path(db) if db else None)


def load(
    paths: Iterable[Path | str],
    db: Path | str | None = None,
    supplier: str | None = None,
    theme: str | None = None,
    lang: str = "nl",
) -> list[LoadOutcome]:
    return load_files(expand(paths), db or default_db(), supplier=supplier, theme=theme, lang=lang)


def doctor(db: Path | str | None = None, lang: str = "nl") -> list[Check]:
    """``jbr doctor``: every integrity check on the store (schema, lineage, history, ...)."""
    from .store.doctor import diagnose

    return diagnose(db or default_db(), lang)


def indicators(
    year: int,
    ministry: str | None = None,
    db: Path | str | None = None,
    engine: str | None = None,
    public: bool = False,
    ids: list[str] | None = None,
) -> list:
    """Indicator values for ``year``; ``public`` gives the published view (suppressed → null)."""
    from .indicators import compute, open_context

    ctx = open_context(db or default_db(), engine or default_engine())
    values = compute(ctx, year, ids=ids, ministry=ministry)
    return [v.public() for v in values] if public else values


def ai_without_risk_analysis(
    year: int, db: Path | str | None = None, engine: str | None = None
) -> pd.DataFrame:
    """SPEC §5.5: generative-AI use cases in operation without a risk analysis by 31 December."""
    from .indicators import open_context
    from .indicators.transparency import ai_without_risk_analysis as listing

    return listing(open_context(db or default_db(), engine or default_engine()), year)


def demo(out: Path | str, scale: str = "small", seed: int | None = None) -> list[Path]:
    from .deliveries.demo import DEFAULT_SEED, write_demo

    return write_demo(Path(out), scale, DEFAULT_SEED if seed is None else seed)  # type: ignore[arg-type]


def demo_files(
    directory: Path | str,
    scale: str = "full",
    seed: int | None = None,
    progress: Progress | None = None,
) -> list[Path]:
    """The bundled demo: generated once into ``directory`` and reused afterwards."""
    from .deliveries.demo import DEFAULT_SEED, existing_demo, write_demo

    seed = DEFAULT_SEED if seed is None else seed
    found = existing_demo(Path(directory), scale, seed)  # type: ignore[arg-type]
    if found is not None:
        return found
    if progress:
        progress(f"demo ({scale}) genereren in {directory}")
    return write_demo(Path(directory), scale, seed)  # type: ignore[arg-type]


def template(
    theme: str, out: Path | str | None = None, year: int | None = None, lang: str = "nl"
) -> Path:
    from .deliveries.template import write_template

    return write_template(theme, Path(out or f"{theme}_sjabloon.xlsx"), year=year, lang=lang)


@dataclass
class BuildResult:
    out: Path
    year: int | None
    outcomes: list[LoadOutcome] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)

    @property
    def rejected(self) -> list[LoadOutcome]:
        return [o for o in self.outcomes if o.status == "rejected"]


def build(
    deliveries: Iterable[Path | str] | None = None,
    year: int | None = None,
    out: Path | str = "out",
    db: Path | str | None = None,
    engine: str | None = None,
    lang: str = "nl",
    demo_dir: Path | str = "demo/full",
    demo_scale: str = "full",
    progress: Progress | None = None,
) -> BuildResult:
    """Load (default: the bundled demo), compute every indicator for every year, publish."""
    from .publish.build import publish_all

    note = progress or (lambda _m: None)
    paths = expand(deliveries) if deliveries else demo_files(demo_dir, demo_scale, progress=note)
    db = Path(db or default_db())
    note(f"{len(paths)} leveringen laden in {db}")
    outcomes = load_files(paths, db)
    result = BuildResult(Path(out), year, outcomes)
    note("indicatoren berekenen en publicaties schrijven")
    result.year, result.files = publish_all(
        db, Path(out), year, outcomes, engine or default_engine(), lang
    )
    return result


def woo_deadlines(paths: Iterable[Path | str], on: date, lang: str = "nl") -> WooDeadlines:
    """SPEC §2 ``jbr woo deadlines``: every request's deadline, status and penalty as of ``on``.

    Reads ``woo_verzoeken`` and ``woo_opschortingen`` from delivery files of any
    format without a store; files with errors give their problems and no rows.
    Of a directory only the files holding a Woo theme are read.
    """
    from .deliveries.read import sheet_themes
    from .woo.overview import WOO_THEMES, deadlines_from_files

    files: list[Path] = []
    for given in map(Path, paths):
        found = expand([given])
        if given.is_dir():
            found = [f for f in found if set(sheet_themes(f)) & WOO_THEMES]
        files += found
    return deadlines_from_files(files, on, lang)

"""The Python API that the CLI mirrors (SPEC §2): validate, load, indicators, build, ..."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .deliveries.problems import Problem
from .store.load import LoadOutcome, LoadProgress, load_files

if TYPE_CHECKING:
    import pandas as pd

    from .publish.review import Started
    from .publish.text.editorial import Editorial, TextSource
    from .store.access import Publication, Token
    from .store.doctor import Check
    from .store.history import DeliveryRecord
    from .store.parquet import Manifest
    from .store.review import ChapterState
    from .store.review import Event as ReviewEvent
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
    from .store.history import delivery_history
    from .store.load import connect

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
    from .store.history import years_with_deliveries
    from .store.load import connect

    db = Path(db or default_db())
    if not db.exists():
        return []
    con = connect(db, read_only=True)
    try:
        return years_with_deliveries(con)
    finally:
        con.close()


class NoDataForYear(Exception):
    """The store holds no delivery covering the year; ``available`` lists those it has."""

    def __init__(self, year: int, available: list[int]) -> None:
        self.year, self.available = year, available
        self.result: BuildResult | None = None  # of ``build``: what it loaded before it stopped
        super().__init__(year, available)


def require_year(year: int, db: Path | str | None = None) -> None:
    """Raise ``NoDataForYear`` unless some delivery in the store covers ``year``: an
    indicator of a year without data would be an empty table or zeros, not an answer."""
    years = delivery_years(db)
    if year not in years:
        raise NoDataForYear(year, years)


def store_deliveries(db: Path | str) -> int:
    """How many deliveries the store holds (0 for a store that does not exist yet)."""
    from .store.load import connect

    if not Path(db).exists():
        return 0
    con = connect(db, read_only=True)
    try:
        found = con.execute(
            "SELECT count(*) FROM duckdb_tables() WHERE database_name = current_database() "
            "AND table_name = 'deliveries'"
        ).fetchone()
        if not found or not found[0]:
            return 0
        [(n,)] = con.execute("SELECT count(*) FROM deliveries").fetchall()
        return int(n)
    finally:
        con.close()


def demo_store(db: Path | str) -> bool:
    """Whether every delivery in the store is the bundled demo's (suppliers marked "(demo)"):
    such a store is built and published with the bundled demo text (issue 16)."""
    from .deliveries.demo import DEMO_MARK
    from .store.load import connect

    if store_deliveries(db) == 0:
        return False
    con = connect(db, read_only=True)
    try:
        [(others,)] = con.execute(
            "SELECT count(*) FROM deliveries WHERE NOT ends_with(supplier, ?)", [DEMO_MARK]
        ).fetchall()
        return int(others) == 0
    finally:
        con.close()


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
    from .indicators import compute

    ctx = _context(db or default_db(), engine or default_engine())
    values = compute(ctx, year, ids=ids, ministry=ministry)
    return [v.public() for v in values] if public else values


def _context(db: Path | str, engine: str):  # type: ignore[no-untyped-def]
    """``indicators.open_context``; a file that is no store becomes a ``StoreError``."""
    import duckdb

    from .indicators import open_context
    from .store import guard

    try:
        return open_context(db, engine)
    except duckdb.Error as e:
        raise guard.open_error(db, e) from e


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


class NothingToBuild(Exception):
    """No deliveries given, the demo declined, and the store holds no deliveries."""


@dataclass
class BuildResult:
    out: Path
    year: int | None
    outcomes: list[LoadOutcome] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)
    # operator warnings and data-quality findings of the computation, for the build log
    warnings: list[str] = field(default_factory=list)
    # wall seconds per stage: load, indicators, render (and total), and the
    # publication stages (figures, charts, render_html, render_pdf, ...)
    timings: dict[str, float] = field(default_factory=dict)
    # True when nothing changed since the last build into ``out`` (see jbr/manifest.py)
    up_to_date: bool = False
    # where the figures came from: "files" (deliveries given, loaded first), "demo" (the
    # demo, loaded into an empty store or on request) or "store" (nothing loaded)
    source: str = "store"
    demo_loaded: bool = False
    demo_files: int = 0  # how many demo files were given to the load (stored or unchanged)
    demo_requested: bool = False  # demo=True; else the demo went into an empty store
    store_deliveries: int = 0  # deliveries in the store the build computed from
    text_source: TextSource | None = None  # where the team's text came from (issue 16)
    text: Editorial | None = None  # the year's text as built: concept or final, warnings

    @property
    def rejected(self) -> list[LoadOutcome]:
        return [o for o in self.outcomes if o.status == "rejected"]


STAGES = {  # what ``build`` tells its ``progress`` callback, per language
    "nl": {
        "load": "{n} leveringen laden in {db}",
        "publish": "indicatoren berekenen en publicaties schrijven",
        "site": "dashboard en open data schrijven (gepubliceerde jaren)",
    },
    "en": {
        "load": "loading {n} deliveries into {db}",
        "publish": "computing indicators and writing the publications",
        "site": "writing the dashboard and open data (published years)",
    },
}


def build_source(given: bool, demo: bool | None, store_deliveries: int) -> str:
    """What ``jbr build`` loads (issue 14: never the demo into a store with deliveries
    unless asked): "files", "demo", "files+demo" or "store" (load nothing)."""
    if demo is None:
        demo = not given and store_deliveries == 0
    if given:
        return "files+demo" if demo else "files"
    return "demo" if demo else "store"


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
    force: bool = False,
    demo: bool | None = None,
    supplier: str | None = None,
    load_progress: LoadProgress | None = None,
    text: Path | str | None = None,
    config: Path | str | None = None,
    final: bool = False,
) -> BuildResult:
    """Load the given deliveries, compute every indicator for every year, publish.

    Without deliveries the build computes from the store as it is; only into an empty
    store (or with ``demo=True``) is the bundled demo loaded first, each file under the
    shared service that delivers it, marked "(demo)"; ``demo=False`` never loads it
    (``NothingToBuild`` for an empty store). ``BuildResult.source`` says which. When the
    store, jbr itself, the options and the text are the same as at the last build into
    ``out`` and its outputs are intact, nothing is recomputed (``force``: always rebuild).
    ``BuildResult.timings`` gives the seconds of each stage.

    The team's text (issue 16) comes from ``text`` (a folder), else from the configuration
    (``config``, ``$JBR_CONFIG`` or ``./jbr.toml``), else — for the demo — the bundled demo
    text. A wrong reference raises ``TextErrors``; ``final=True`` raises ``TextIncomplete``
    for a year whose text is incomplete; otherwise such a build is a concept
    (``BuildResult.text``).
    """
    from . import manifest
    from .deliveries.demo import demo_supplier
    from .publish.build import publish_all
    from .publish.text.editorial import text_source
    from .publish.urls import public_base_url

    public_base_url()  # a JBR_BASE_URL that cannot be published fails before any work
    note = progress or (lambda _m: None)
    db = Path(db or default_db())
    out = Path(out)
    engine = engine or default_engine()
    given = expand(deliveries) if deliveries else []
    source = build_source(bool(given), demo, store_deliveries(db))
    if source == "store" and store_deliveries(db) == 0:
        raise NothingToBuild(db)
    demo_paths = demo_files(demo_dir, demo_scale, progress=note) if "demo" in source else []
    start = time.perf_counter()
    outcomes: list[LoadOutcome] = []
    total = len(demo_paths) + len(given)
    if total:
        note(STAGES[lang]["load"].format(n=total, db=db))

    def ticks(offset: int) -> LoadProgress:
        def tick(done: int, _total: int, outcome: LoadOutcome | None) -> None:
            if load_progress is not None:
                load_progress(offset + done, total, outcome)

        return tick

    if demo_paths:
        # each demo file under the (demo) shared service or ministry department that delivers it
        outcomes += load_files(demo_paths, db, supplier=demo_supplier, progress=ticks(0))
    if given:
        outcomes += load_files(
            given, db, supplier=supplier, lang=lang, progress=ticks(len(demo_paths))
        )
    result = BuildResult(out, year, outcomes, source=source, demo_loaded=bool(demo_paths))
    result.demo_files, result.demo_requested = len(demo_paths), demo is True
    result.store_deliveries = store_deliveries(db)
    result.text_source = text_source(text, config, demo=bool(demo_paths) or demo_store(db))
    if final:  # fail before the long work: the files and the letterhead need no figures
        require_complete_text(result.text_source, year or max(delivery_years(db), default=0))
    if year is not None:
        try:
            require_year(year, db)
        except NoDataForYear as e:
            e.result = result
            raise
    loaded = time.perf_counter()
    result.timings["load"] = loaded - start
    options = {"year": year, "engine": engine, "lang": lang, "final": final}
    options["text"] = result.text_source.digest(year)
    inputs = manifest.inputs(db, result.rejected, options)
    last = None if force else manifest.up_to_date(out, inputs)
    if last is not None:
        result.year, result.files, result.up_to_date = (
            last["year"],
            [Path(f) for f in last["files"]],
            True,
        )
        result.timings.update(indicators=0.0, render=0.0, total=time.perf_counter() - start)
        return result
    note(STAGES[lang]["publish"])
    stages: dict[str, float] = {}
    told: list[Any] = []
    result.year, result.files = publish_all(
        db, out, year, outcomes, engine, lang, stages, warnings=result.warnings,
        text=result.text_source, final=final, told=told,
    )  # fmt: skip
    result.text = told[0] if told else None
    published = time.perf_counter()
    result.timings.update(stages)
    result.timings["indicators"] = stages.get("indicators", 0.0)
    result.timings["render"] = published - loaded - result.timings["indicators"]
    note(STAGES[lang]["site"])
    from .publish.site.write import write_site as site_and_opendata

    result.files += site_and_opendata(db, out, timings=result.timings)
    result.timings["total"] = time.perf_counter() - start
    manifest.write(out, inputs, result.year, result.files, result.timings)
    return result


def require_complete_text(source: TextSource, year: int, lang: str = "nl") -> None:
    """``TextIncomplete`` unless every required section of ``year`` and the letterhead
    are there (the references are checked against the figures later)."""
    from .publish.text.editorial import missing_parts, read_year
    from .publish.text.problems import TextIncomplete

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


def _years_for_text(source: TextSource, year: int, lang: str) -> list[int]:
    """The years a text's figures come from: those its references name, the year before
    (changes) and the year itself, last."""
    from .publish.text.editorial import read_year
    from .publish.text.references import parse

    named = {
        r.year
        for doc in read_year(source, year, lang).values()
        for occ in doc.references
        if not isinstance(r := parse(occ.raw), tuple) and r.year is not None
    }
    return sorted((named - {year}) | {year - 1}) + [year]


def _text_figures(db: Path, years: list[int], lang: str, engine: str | None):  # type: ignore[no-untyped-def]
    """Published figures of ``years`` (the reporting year last) and the store's years."""
    from .indicators import compute, store_years
    from .publish.figures import published_figures

    ctx = _context(db, engine or default_engine())
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
    from .publish.text.editorial import (
        check_documents,
        missing_parts,
        read_year,
        text_source,
    )
    from .publish.text.problems import TextProblem
    from .publish.text.references import Figures, parse

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
    figs, known = _text_figures(db, _years_for_text(source, year, lang), lang, engine)
    result.problems = check_documents(docs, Figures(figs, known), year, letterhead)
    result.seconds = time.perf_counter() - start
    return result


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
    from .publish.text.draft import draft_letter
    from .publish.text.editorial import text_source
    from .publish.text.sections import LETTER

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
    figs, _ = _text_figures(db, list(range(year - 5, year + 1)), lang, engine)
    markdown = draft_letter(figs, source.letterhead(year))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(markdown, encoding="utf-8")
    return path, markdown


class NoTextFolder(Exception):
    """No text folder is set (``--text`` or ``[tekst] map`` in jbr.toml)."""


def store_export(directory: Path | str, db: Path | str | None = None, lang: str = "nl") -> Manifest:
    """Every table of the store to Parquet with a manifest (issue 9; ``jbr store export``)."""
    from .store.parquet import export_store

    return export_store(db or default_db(), directory, lang)


def store_import(directory: Path | str, db: Path | str | None = None, lang: str = "nl") -> Manifest:
    """An export into an empty store, all or nothing (``jbr store import``)."""
    from .store.parquet import import_store

    return import_store(directory, db or default_db(), lang)


def woo_deadlines(paths: Iterable[Path | str], on: date, lang: str = "nl") -> WooDeadlines:
    """SPEC §2 ``jbr woo deadlines``: every request's deadline, status and penalty as of ``on``.

    Reads ``woo_verzoeken`` and ``woo_opschortingen`` from delivery files of any
    format without a store; files with errors give their problems and no rows.
    Of a directory only the files holding a Woo theme are read.
    """
    import duckdb

    from .deliveries.read import sheet_themes
    from .deliveries.validate import check_files
    from .woo.overview import WOO_THEMES, deadlines_of_checked

    files: list[Path] = []
    for given in map(Path, paths):
        found = expand([given])
        if given.is_dir():
            found = [f for f in found if set(sheet_themes(f)) & WOO_THEMES]
        files += found
    con = duckdb.connect()  # in memory: no store
    try:
        return deadlines_of_checked(con, check_files(con, files, None, lang), on, lang)
    finally:
        con.close()


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
    Raises ``NothingToPublish``, ``ReasonRequired`` and ``jbr.store.access.AlreadyPublished``.
    """
    import getpass

    from .indicators import by_id, compute, store_years
    from .publish.figures import published_figures
    from .publish.review import ReviewIncomplete, gate
    from .publish.text.editorial import prepare, text_source
    from .store.access import record_publication
    from .store.review import ALL, WITHOUT_TEXT, record_event, record_software

    if without_text and not (reason and reason.strip()):
        raise ReasonRequired("without_text")
    db = Path(db or default_db())
    if not db.exists():
        raise NothingToPublish(year)
    ctx = _context(db, engine or default_engine())
    try:
        known = store_years(ctx)
        if year not in known:
            raise NothingToPublish(year)
        if not without_text:
            source = text_source(text, config, demo=demo_store(db))
            require_complete_text(source, year)
        values = compute(ctx, year)
        if not without_text:
            years = _years_for_text(source, year, "nl")
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


# --- review before publication (wederhoor, issue 17) ----------------------------------------


def review_start(
    year: int, db: Path | str | None = None, by: str | None = None, engine: str | None = None
) -> Started:
    """``jbr review start``: send every ministry its figures of ``year`` per chapter (again
    where they changed). Raises ``NothingToPublish`` for a year without data."""
    import getpass

    from .indicators import compute, store_years
    from .publish.review import start

    db = Path(db or default_db())
    if not db.exists():
        raise NothingToPublish(year)
    ctx = _context(db, engine or default_engine())
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
    from .publish.review import fingerprints
    from .store.review import chapter_states, read_events

    db = Path(db or default_db())
    current = None
    if now and db.exists():
        from .indicators import compute, store_years

        ctx = _context(db, engine or default_engine())
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

    from .store.review import ALL, OVERRIDE, record_event

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
    from .publish.review import ministry_review, workbook

    db = Path(db or default_db())
    return workbook(ministry_review(db, year, ministry, lang), year, ministry, lang)


def write_site(db: Path | str | None = None, out: Path | str = "out") -> list[Path]:
    """``out/site`` and ``out/opendata`` from the store's publications (what is public)."""
    from .publish.site.write import write_site as write

    return write(Path(db or default_db()), Path(out))


def token_create(
    supplier: str, ministry: str, db: Path | str | None = None, role: str = "supplier"
) -> tuple[str, Token]:
    """SPEC §2 ``jbr token create``: a portal token for ``supplier`` delivering for ``ministry``;
    with ``role`` a reviewer of ``ministry``'s figures or the JBR team (``coordinator``,
    ministry RIJK) instead (issue 17).

    Returns the token (shown once; only its salted scrypt hash is stored) and its record.
    """
    from .store.access import create_token

    return create_token(db or default_db(), supplier, ministry, role=role)


def token_revoke(token_id: str, db: Path | str | None = None) -> bool:
    from .store.access import revoke_token

    return revoke_token(db or default_db(), token_id)


def tokens(db: Path | str | None = None) -> list[Token]:
    from .store.access import list_tokens

    return list_tokens(db or default_db())


def serve(
    db: Path | str | None = None,
    host: str = "127.0.0.1",
    port: int = 8000,
    out: Path | str = "out",
    max_upload_mb: float = 200,
    lang: str = "nl",
    behind_proxy: bool = False,
    upload_memory_mb: float = 2048,
    upload_seconds: float = 120,
    upload_workers: int = 2,
    sign_in_attempts: int = 10,
) -> None:
    """SPEC §2 ``jbr serve``: dashboard, open data, JSON API and delivery portal over the store.

    ``behind_proxy``: TLS ends at a reverse proxy on this host (cookies ``Secure``, HSTS,
    the client address from its forwarded headers). ``upload_*``: the caps of the worker
    process that reads an upload. ``sign_in_attempts``: failed sign-ins per client address
    in 5 minutes before 429."""
    from .publish.urls import public_base_url
    from .web import Settings
    from .web import serve as run
    from .web.worker import Limits

    public_base_url()  # the pages it renders name the public address, if one is set

    settings = Settings(
        db=Path(db or default_db()),
        out=Path(out),
        max_upload_bytes=int(max_upload_mb * 1024 * 1024),
        lang=lang,
        upload_limits=Limits(
            memory_bytes=int(upload_memory_mb * 1024 * 1024),
            seconds=upload_seconds,
            workers=upload_workers,
        ),
        behind_proxy=behind_proxy,
        sign_in_attempts=sign_in_attempts,
    )
    run(settings, host=host, port=port)

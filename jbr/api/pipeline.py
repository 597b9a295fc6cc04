"""``jbr build``: load the deliveries (or the demo), compute every indicator, publish."""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import locale
from ..collector import paced
from ..store.load import LoadOutcome, LoadProgress, load_files
from .admin import demo_store, store_deliveries
from .config import default_db, default_engine
from .examples import Progress, demo_files
from .intake import delivery_years, expand
from .text import require_complete_text

if TYPE_CHECKING:
    from ..publish.text.editorial import Editorial, TextSource


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


def build_source(given: bool, demo: bool | None, store_deliveries: int) -> str:
    """What ``jbr build`` loads (issue 14: never the demo into a store with deliveries
    unless asked): "files", "demo", "files+demo" or "store" (load nothing)."""
    if demo is None:
        demo = not given and store_deliveries == 0
    if given:
        return "files+demo" if demo else "files"
    return "demo" if demo else "store"


@paced
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
    ``BuildResult.timings`` gives the seconds of each stage. While it runs, the process's
    garbage collector runs at the build's slower pace (``collector.build_pace``).

    The team's text (issue 16) comes from ``text`` (a folder), else from the configuration
    (``config``, ``$JBR_CONFIG`` or ``./jbr.toml``), else — for the demo — the bundled demo
    text. A wrong reference raises ``TextErrors``; ``final=True`` raises ``TextIncomplete``
    for a year whose text is incomplete; otherwise such a build is a concept
    (``BuildResult.text``).
    """
    from .. import manifest
    from ..deliveries.demo import demo_supplier
    from ..publish.build import publish_all
    from ..publish.text.editorial import text_source
    from ..publish.urls import public_base_url

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
        note(locale.text("bouw.stap.load", lang, n=total, db=db))
        from ..publish.pdf import start_worker

        start_worker()  # its imports while the files load (indicators, then the PDFs)

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
    note(locale.text("bouw.stap.publish", lang))
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
    note(locale.text("bouw.stap.site", lang))
    from ..publish.site.write import write_site as site_and_opendata

    result.files += site_and_opendata(db, out, timings=result.timings)
    result.timings["total"] = time.perf_counter() - start
    manifest.write(out, inputs, result.year, result.files, result.timings)
    return result

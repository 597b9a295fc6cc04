"""``jbr build``: load, compute and write every publication; tells where the figures came from."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.text import Text

from .. import api
from ..publish.text.config import ConfigError
from ..publish.text.problems import TextErrors, TextIncomplete
from ..store.load import StoreError
from .common import (
    DbOption,
    EngineOption,
    LangOption,
    Scale,
    VerboseOption,
    check_base_url,
    fail,
    no_data,
    tell,
    term,
)
from .deliveries import load_summary, print_outcomes
from .output import (
    print_problems,
    progress_bar,
    written_names,
)
from .root import app
from .text import (
    ConfigOption,
    TextOption,
    report_build_text,
    text_failure,
)
from .words import count, say


@app.command()
def build(
    deliveries: Annotated[
        list[Path] | None,
        typer.Argument(
            metavar="[FILE]...",
            help="Leveringen of mappen om eerst te laden; zonder: bouwen uit de store.",
        ),
    ] = None,
    year: Annotated[
        int | None,
        typer.Option(
            "--year", metavar="JAAR", help="Verslagjaar (standaard het laatste jaar met gegevens)."
        ),
    ] = None,
    out_dir: Annotated[
        Path, typer.Option("--out", metavar="MAP", help="Map voor de publicaties.")
    ] = Path("out"),
    db: DbOption = None,
    engine: EngineOption = None,
    demo: Annotated[
        bool | None,
        typer.Option(
            "--demo/--no-demo",
            help="De synthetische demo laden (ook in een store met leveringen). Standaard "
            "alleen in een lege store zonder opgegeven bestanden.",
            show_default=False,
        ),
    ] = None,
    demo_dir: Annotated[
        Path,
        typer.Option(
            "--demo-dir", metavar="MAP", help="Waar de demo wordt gegenereerd en hergebruikt."
        ),
    ] = Path("demo/full"),
    demo_scale: Annotated[
        Scale,
        typer.Option("--demo-scale", case_sensitive=False, help="Omvang van de demo."),
    ] = Scale.full,
    force: Annotated[
        bool,
        typer.Option(
            "--force", help="Altijd opnieuw berekenen en schrijven, ook als niets is gewijzigd."
        ),
    ] = False,
    text: TextOption = None,
    config: ConfigOption = None,
    final: Annotated[
        bool,
        typer.Option(
            "--final",
            help="Definitief: weiger te bouwen als de tekst van het jaar niet compleet is "
            "(zonder --final wordt zo'n build een concept).",
        ),
    ] = False,
    verbose: VerboseOption = False,
    lang: LangOption = "nl",
) -> None:
    """De hoofdtaak: leveringen laden, berekenen en alle publicaties schrijven.

    Zonder bestanden wordt gebouwd uit wat de store bevat; de demo wordt alleen in een
    lege store geladen, of met --demo. Is sinds de vorige build in dezelfde map niets
    gewijzigd (store, jbr, opties, tekst) en zijn de publicaties intact, dan wordt niets
    opnieuw berekend (zie build.json).

    De tekst van het JBR-team komt uit --text, anders uit tekst.map in jbr.toml; de
    demo heeft haar eigen tekst. Zonder complete tekst is de build een concept.
    """
    check_base_url()
    db_path = Path(db or api.default_db())
    try:
        with progress_bar(term.err, say(lang, "loading")) as bar:
            result = api.build(
                deliveries,
                year=year,
                out=out_dir,
                db=db_path,
                engine=engine and engine.value,
                lang=lang,
                demo_dir=demo_dir,
                demo_scale=demo_scale.value,
                progress=bar.stage,
                force=force,
                demo=demo,
                load_progress=lambda done, total, o: bar.advance(done, total, o and o.file.name),
                text=text,
                config=config,
                final=final,
            )
    except (TextErrors, TextIncomplete, ConfigError) as e:
        raise text_failure(e, lang, "build", year) from None
    except api.NothingToBuild:
        raise fail(say(lang, "build_nothing", db=db_path)) from None
    except api.NoDataForYear as e:
        if e.result is not None:
            _report_loading(e.result, db_path, lang, verbose)
        raise no_data(e, db_path, lang) from None
    except StoreError as e:
        raise fail(e.text(lang)) from None
    _report_loading(result, db_path, lang, verbose)
    if result.up_to_date:
        tell(say(lang, "build_up_to_date", out=result.out))
    elif result.year is None:
        tell(say(lang, "build_no_figures"), "yellow")
    else:
        if verbose:
            for f in result.files:
                tell(say(lang, "written", path=f))
        seconds = f"{result.timings.get('total', 0):.0f}"
        names = written_names(result.out, result.files)
        files = count(lang, len(result.files), "file")
        tell(say(lang, "build_written", files=files, out=result.out, names=names, seconds=seconds))
        report_build_text(result, lang)
    for warning in result.warnings:  # operator warnings: the log, and annex B in readers' words
        tell(say(lang, "warning_line", text=warning), "yellow")
    if verbose:
        timings = ", ".join(f"{k} {v:.1f}" for k, v in result.timings.items())
        tell(say(lang, "build_timings", timings=timings), "dim")
    if result.rejected:
        rejected = count(lang, len(result.rejected), "file")
        tell(say(lang, "build_rejected", files=rejected), "yellow")


def _report_loading(result: api.BuildResult, db: Path, lang: str, verbose: bool) -> None:
    """What a build loaded (or that it loaded nothing), before what it wrote."""
    for o in result.rejected:
        print_problems(term.out, [p for p in o.problems if p.is_error][:20], lang)
    print_outcomes(result.outcomes, lang, verbose)
    tell(_build_source(result, db, lang))


def _build_source(result: api.BuildResult, db: Path, lang: str) -> Text:
    """Where the figures came from: the store as it was, the demo, or the given files."""
    if result.source == "store":
        n = result.store_deliveries
        return Text(say(lang, "build_from_store", db=db, deliveries=count(lang, n, "delivery")))
    parts: list[str] = []
    if result.demo_loaded:
        demo_files = result.demo_files
        key = "build_demo_requested" if result.demo_requested else "build_demo_into_empty"
        parts.append(say(lang, key, db=db, files=count(lang, demo_files, "file")))
    if "files" in result.source:
        given = result.outcomes[result.demo_files :]
        parts.append(load_summary(given, lang).plain)
    return Text(" ".join(parts))

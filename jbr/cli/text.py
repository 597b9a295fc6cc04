"""The editorial layer on the command line (issue 16): ``jbr text check`` and
``jbr letter draft``, and how ``jbr build`` and ``jbr publish`` tell about the text.

Thin, like ``jbr.cli``: the work is in ``jbr.api`` and ``jbr.publish.text``. Its words are
the catalogue's ``cli.tekst`` (``jbr/locale/<lang>/cli.toml``).
"""

from __future__ import annotations

import json
from itertools import groupby
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table
from rich.text import Text

from .. import api
from ..publish.text.config import ConfigError
from ..publish.text.problems import Missing, TextErrors, TextIncomplete, TextProblem
from ..store.load import StoreError
from .common import (
    DbOption,
    EngineOption,
    LangOption,
    ProblemFormat,
    fail,
    no_data,
    tell,
    term,
)
from .words import count, say

TextOption = Annotated[
    Path | None,
    typer.Option(
        "--text",
        metavar="MAP",
        help="De tekstmap met <jaar>/*.md (standaard tekst.map uit jbr.toml; bij de demo "
        "de meegeleverde demotekst).",
    ),
]
ConfigOption = Annotated[
    Path | None,
    typer.Option(
        "--config",
        metavar="BESTAND",
        help="Het configuratiebestand (standaard $JBR_CONFIG of jbr.toml in de werkmap).",
    ),
]


# --- shared with jbr build and jbr publish ---------------------------------------------------


def print_text_problems(problems: list[TextProblem], lang: str) -> None:
    """Per file: severity, line:column, the reference or number as written, message, hint."""
    for file, items in groupby(problems, key=lambda p: p.file):
        found = list(items)
        term.out.print(Text(file, style="bold"), soft_wrap=False)
        grid = Table.grid(padding=(0, 1), pad_edge=False)
        grid.add_column(no_wrap=True)
        grid.add_column(no_wrap=True)
        grid.add_column(ratio=1, overflow="fold")
        for p in found:
            label = Text(
                say(lang, "error" if p.is_error else "warning"),
                style="bold red" if p.is_error else "yellow",
            )
            message = Text(p.message(lang))
            hint = p.help(lang)
            if hint:
                message.append(f"\n{hint}", style="dim")
            grid.add_row(Text("  ") + label, f"{p.line}:{p.column}", message)
        term.out.print(grid)


def print_missing(missing: list[Missing], lang: str) -> None:
    for m in missing:
        tell(f"  - {m.text(lang)}")


def source_text(source: Any, year: int | None, lang: str) -> str:
    if source is None or source.folder is None:
        return say(lang, "tekst.text_none", year=year or "")
    where = {
        "option": say(lang, "tekst.source_option"),
        "config": say(lang, "tekst.source_config", config=source.config.path),
        "demo": say(lang, "tekst.source_demo"),
    }.get(source.origin, say(lang, "tekst.source_none"))
    return say(lang, "tekst.text_used", year=year or "", where=where, folder=source.folder)


def report_build_text(result: api.BuildResult, lang: str) -> None:
    """After a build: where the text came from, its warnings, and concept or final."""
    text = result.text
    if text is None:
        return
    tell(source_text(result.text_source, result.year, lang))
    if text.warnings:
        print_text_problems(text.warnings, lang)
    if text.concept:
        tell(say(lang, "tekst.concept", year=text.year), "yellow")
        print_missing(text.missing, lang)
    else:
        tell(say(lang, "tekst.final", year=text.year), "green")


def text_failure(e: Exception, lang: str, command: str, year: int | None = None) -> typer.Exit:
    """A build or publication stopped by its text: what is wrong, exit code 1."""
    if isinstance(e, TextErrors):
        print_text_problems(e.problems, lang)
        return fail(say(lang, "tekst.text_errors", year=year or ""))
    if isinstance(e, TextIncomplete):
        tell(say(lang, "tekst.incomplete", year=e.year), "red")
        print_missing(e.missing, lang)
        key = "tekst.refused_final" if command == "build" else "tekst.refused_publish"
        return fail(say(lang, key, year=e.year))
    assert isinstance(e, ConfigError)
    return fail(e.text(lang))


# --- jbr text -------------------------------------------------------------------------------

text_app = typer.Typer(
    help="De tekst van het JBR-team: verwijzingen naar cijfers controleren.", no_args_is_help=True
)


@text_app.command("check")
def text_check(
    year: Annotated[int, typer.Option("--year", metavar="JAAR", help="Het verslagjaar.")],
    text: TextOption = None,
    config: ConfigOption = None,
    format: Annotated[
        ProblemFormat,
        typer.Option("--format", case_sensitive=False, help="table (voor mensen) of json."),
    ] = ProblemFormat.table,
    db: DbOption = None,
    engine: EngineOption = None,
    lang: LangOption = "nl",
) -> None:
    """Controleer de tekst van een jaar zonder te bouwen: verwijzingen (fout bij een onbekend
    of onderdrukt cijfer), getypte getallen die geen gepubliceerd cijfer zijn
    (waarschuwing) en wat een definitieve build nog mist.

    Rekent alleen de jaren uit die de tekst nodig heeft; zonder store alleen de
    schrijfwijze. Exitcode 1 bij fouten."""
    try:
        result = api.text_check(
            year, text=text, config=config, db=db, lang=lang, engine=engine and engine.value
        )
    except ConfigError as e:
        raise fail(e.text(lang)) from None
    except StoreError as e:
        raise fail(e.text(lang)) from None
    if format == ProblemFormat.json:
        print(
            json.dumps(
                {
                    "year": year,
                    "files": result.files,
                    "problems": [p.as_dict(lang) for p in result.problems],
                    "missing": [m.text(lang) for m in result.missing],
                    "final": not result.missing,
                    "figures_checked": result.figures,
                },
                ensure_ascii=False,
                indent=1,
            )
        )
        raise typer.Exit(1 if result.errors else 0)
    tell(source_text(result.source, year, lang))
    folder = result.source.year_folder(year, lang)
    if not result.files and folder is not None:
        tell(say(lang, "tekst.no_text_files", year=year, folder=folder), "yellow")
    print_text_problems(result.problems, lang)
    files = count(lang, len(result.files), "file")
    if result.figures:
        years = ", ".join(str(y) for y in sorted({year - 1, year}))
        tell(say(lang, "tekst.checked", files=files, seconds=f"{result.seconds:.1f}", years=years))
    else:
        tell(say(lang, "tekst.checked_syntax", files=files), "yellow")
    errors = len(result.errors)
    warnings = len(result.problems) - errors
    if result.problems:
        parts = [count(lang, errors, "error")] if errors else []
        if warnings:
            parts.append(count(lang, warnings, "warning"))
        joined = f" {say(lang, 'and')} ".join(parts)
        tell(
            say(lang, "tekst.found", counts=joined[:1].upper() + joined[1:]),
            "red" if errors else "yellow",
        )
    else:
        tell(say(lang, "tekst.clean"), "green")
    if result.missing:
        tell(say(lang, "tekst.concept", year=year), "yellow")
        print_missing(result.missing, lang)
    else:
        tell(say(lang, "tekst.final", year=year), "green")
    raise typer.Exit(1 if errors else 0)


# --- jbr letter -----------------------------------------------------------------------------

letter_app = typer.Typer(help="De Kamerbrief bij het JBR.", no_args_is_help=True)


@letter_app.command("draft")
def letter_draft(
    year: Annotated[int, typer.Option("--year", metavar="JAAR", help="Het verslagjaar.")],
    text: TextOption = None,
    config: ConfigOption = None,
    out_file: Annotated[
        Path | None,
        typer.Option(
            "--out",
            metavar="BESTAND",
            help="Waar het ontwerp komt (standaard <tekstmap>/<jaar>/kamerbrief.md).",
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Een bestaande kamerbrief.md overschrijven.")
    ] = False,
    db: DbOption = None,
    engine: EngineOption = None,
    lang: LangOption = "nl",
) -> None:
    """Schrijf een eerste kamerbrief.md uit de regels voor ontwikkelingen (doelen eerder
    gehaald, niet op koers, grootste betekenisvolle veranderingen; nooit een springende
    reeks), elk als alinea met verwijzingen die de redactie herschrijft."""
    try:
        path, markdown = api.letter_draft(
            year,
            text=text,
            config=config,
            db=db,
            lang=lang,
            out=out_file,
            force=force,
            engine=engine and engine.value,
        )
    except api.NoDataForYear as e:
        raise no_data(e, Path(db or api.default_db()), lang) from None
    except api.DraftExists as e:
        raise fail(say(lang, "tekst.draft_exists", path=e.path)) from None
    except api.NoTextFolder:
        raise fail(say(lang, "tekst.no_text_folder", year=year)) from None
    except (ConfigError, StoreError) as e:
        raise fail(e.text(lang)) from None
    n = sum(line.startswith("## ") for line in markdown.splitlines())
    tell(say(lang, "tekst.draft_written", year=year, path=path, n=n))

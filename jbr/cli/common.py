"""What the ``jbr`` commands share: the terminal, options, code checks, messages on stderr.

The consoles are made per command (``Terminal.reset``), so that ``$COLUMNS`` (and a
test's fixed width) is read each time. Codes are case-insensitive; a wrong one is a
usage error that lists the valid ones, in the language of ``--lang`` (an eager option,
read before the others).
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.text import Text

from .. import api
from ..deliveries.problems import Problem
from ..deliveries.themes import THEMES
from ..publish.urls import BaseUrlError, public_base_url
from .output import consoles
from .words import say


class Terminal:
    """stdout and stderr of the running command."""

    def __init__(self) -> None:
        self.out: Console
        self.err: Console
        self.reset()

    def reset(self) -> None:
        self.out, self.err = consoles()


term = Terminal()


def tell(message: str | Text, style: str = "") -> None:
    """A message on stderr: wrapped at words in a terminal, one line in a pipe or a log
    (so that it can be searched)."""
    text = message if isinstance(message, Text) else Text(message, style=style)
    term.err.print(text, soft_wrap=not term.err.is_terminal)


class Scale(StrEnum):
    small = "small"
    full = "full"


class Format(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


class ProblemFormat(StrEnum):
    table = "table"
    json = "json"


class WooFormat(StrEnum):
    table = "table"
    csv = "csv"


class Engine(StrEnum):
    duckdb = "duckdb"
    spark = "spark"


def lang_of(ctx: typer.Context) -> str:
    return str(ctx.meta.get("jbr_lang", "nl"))


def lang_option(ctx: typer.Context, value: str | None) -> str:
    lang = (value or "nl").strip().lower()
    if lang not in ("nl", "en"):
        raise typer.BadParameter(say("nl", "lang_invalid") + " / " + say("en", "lang_invalid"))
    ctx.meta["jbr_lang"] = lang
    return lang


def _codes(lang: str) -> str:
    from ..codelists import ministry_by_code

    return ", ".join(sorted(ministry_by_code(), key=str.lower))


def ministry_code(value: str, lang: str = "nl", rijk: bool = False) -> str:
    """A ministry code as the code list spells it (``bzk`` → ``BZK``, ``ienw`` → ``IenW``)."""
    from ..codelists import RIJK, ministry_by_code

    known = {c.lower(): c for c in ministry_by_code()}
    if rijk:
        known[RIJK.lower()] = RIJK
    found = known.get(value.strip().lower())
    if found is None:
        codes = _codes(lang) + (f", {RIJK}" if rijk else "")
        raise typer.BadParameter(say(lang, "unknown_ministry", value=value, codes=codes))
    return found


def ministry_option(ctx: typer.Context, value: str | None) -> str | None:
    return None if value is None else ministry_code(value, lang_of(ctx))


def ministry_or_rijk_option(ctx: typer.Context, value: str | None) -> str | None:
    return None if value is None else ministry_code(value, lang_of(ctx), rijk=True)


def theme_option(ctx: typer.Context, value: str | None) -> str | None:
    if value is None:
        return None
    known = {name.lower(): name for name in THEMES}
    found = known.get(value.strip().lower())
    if found is None:
        themes = ", ".join(THEMES)
        raise typer.BadParameter(say(lang_of(ctx), "unknown_theme", value=value, themes=themes))
    return found


DbOption = Annotated[
    Path | None,
    typer.Option(
        "--db", metavar="STORE", help="De store (DuckDB-bestand); standaard $JBR_DB of jbr.duckdb."
    ),
]
LangOption = Annotated[
    str,
    typer.Option(
        "--lang",
        envvar="JBR_LANG",
        is_eager=True,
        callback=lang_option,
        metavar="nl|en",
        help="Taal van meldingen (en publicaties): nl of en; standaard $JBR_LANG of nl.",
    ),
]
FilesArg = Annotated[
    list[Path],
    typer.Argument(metavar="FILE...", help="Leveringsbestanden (.xlsx, .csv, .parquet) of mappen."),
]
ThemeOption = Annotated[
    str | None,
    typer.Option(
        "--theme",
        metavar="THEMA",
        callback=theme_option,
        help="Thema van een csv/parquet-bestand (anders uit de bestandsnaam).",
    ),
]
EngineOption = Annotated[
    Engine | None,
    typer.Option(
        "--engine",
        envvar="JBR_ENGINE",
        case_sensitive=False,
        help="Rekenmachine: duckdb of spark (standaard $JBR_ENGINE of duckdb).",
    ),
]
VerboseOption = Annotated[
    bool, typer.Option("--verbose", "-v", help="Ook de details per bestand tonen.")
]


def problem_rows(problems: list[Problem]) -> list[dict[str, Any]]:
    """SPEC §2's keys, the hint (null where there is none) and the severity: a stable key set."""
    keys = ("file", "sheet", "row", "column", "value", "rule", "message", "hint")
    return [{k: p.as_dict()[k] for k in keys} | {"severity": p.severity} for p in problems]


def fail(message: str) -> typer.Exit:
    tell(message, "red")
    return typer.Exit(1)


def no_data(e: api.NoDataForYear, db: Path, lang: str) -> typer.Exit:
    if not e.available:
        return fail(say(lang, "store_empty", db=db))
    return fail(say(lang, "no_data_year", db=db, year=e.year, years=years_text(e.available)))


def years_text(years: list[int]) -> str:
    """2017–2024, or 2017, 2019–2021 where years are missing."""
    runs: list[list[int]] = []
    for y in sorted(years):
        if runs and y == runs[-1][-1] + 1:
            runs[-1].append(y)
        else:
            runs.append([y])
    return ", ".join(f"{r[0]}–{r[-1]}" if len(r) > 1 else str(r[0]) for r in runs)


def store_path(db: Path | None, lang: str, must_exist: bool = True) -> Path:
    path = Path(db or api.default_db())
    if must_exist and not path.exists():
        raise fail(say(lang, "store_missing", db=path))
    return path


def check_base_url() -> None:
    """JBR_BASE_URL, if set, must be a public address (SPEC §6); exit 2 otherwise."""
    try:
        public_base_url()
    except BaseUrlError as e:
        tell(str(e), "red")
        raise typer.Exit(2) from None

"""``jbr validate``, ``load``, ``deliveries`` and ``doctor``: deliveries into the store.

What a load did is told per file (stored, unchanged, rejected, and what it replaced);
``jbr build`` tells its loading the same way (``print_outcomes``, ``load_summary``).
"""

from __future__ import annotations

import json
import os
from enum import StrEnum
from typing import Annotated

import typer
from rich.text import Text

from .. import api
from ..store.load import REJECTED, STORED, UNCHANGED, LoadOutcome, StoreError
from .common import (
    DbOption,
    FilesArg,
    LangOption,
    ProblemFormat,
    ThemeOption,
    VerboseOption,
    fail,
    ministry_option,
    no_data,
    problem_rows,
    store_path,
    tell,
    term,
    theme_option,
)
from .output import (
    print_deliveries,
    print_problems,
    problems_summary,
    progress_bar,
    table,
)
from .root import app
from .words import count, say, whole


@app.command()
def validate(
    files: FilesArg,
    format: Annotated[
        ProblemFormat,
        typer.Option("--format", case_sensitive=False, help="table (voor mensen) of json."),
    ] = ProblemFormat.table,
    theme: ThemeOption = None,
    db: DbOption = None,
    lang: LangOption = "nl",
) -> None:
    """Controleer leveringen zonder ze op te slaan; toont elke fout en waarschuwing
    (bestand, blad, rij, kolom, waarde, regel, hint)."""
    paths = api.expand(files)
    problems = api.validate(paths, lang=lang, theme=theme, db=db)
    errors = sum(p.is_error for p in problems)
    if format == ProblemFormat.json:
        print(json.dumps(problem_rows(problems), ensure_ascii=False, indent=1))
    else:
        print_problems(term.out, problems, lang)
        tell(problems_summary(problems, len(paths), lang))
    raise typer.Exit(1 if errors else 0)


@app.command()
def load(
    files: FilesArg,
    db: DbOption = None,
    supplier: Annotated[
        str | None,
        typer.Option(
            "--supplier", metavar="NAAM", help="Naam van de leverancier (lineage); $JBR_SUPPLIER."
        ),
    ] = None,
    theme: ThemeOption = None,
    allow_shrink: Annotated[
        bool,
        typer.Option(
            "--allow-shrink",
            help="Een eerdere levering mag worden vervangen door een met minder dan de helft "
            "van haar rijen (per thema, ministerie en jaar). Zonder deze optie wordt zo'n "
            "bestand afgewezen.",
        ),
    ] = False,
    format: Annotated[
        ProblemFormat,
        typer.Option("--format", case_sensitive=False, help="table (voor mensen) of json."),
    ] = ProblemFormat.table,
    verbose: VerboseOption = False,
    lang: LangOption = "nl",
) -> None:
    """Valideer en sla op; zegt wat elk bestand vervangt. Een bestand met een fout slaat
    niets op; een identiek bestand opnieuw laden doet niets.

    Een levering vervangt per thema, ministerie en jaar de vorige helemaal. Houdt zo'n
    vervanging minder dan de helft van de rijen over, dan is --allow-shrink nodig.
    """
    paths = api.expand(files)
    many = len(paths) > 1
    try:
        with progress_bar(term.err, say(lang, "loading")) as bar:
            outcomes = api.load(
                paths,
                db=db,
                supplier=supplier or os.environ.get("JBR_SUPPLIER"),
                theme=theme,
                lang=lang,
                allow_shrink=allow_shrink,
                progress=lambda done, total, o: bar.advance(done, total, o and o.file.name),
            )
    except StoreError as e:
        raise fail(e.text(lang)) from None
    problems = [p for o in outcomes for p in o.problems]
    if format == ProblemFormat.json:
        print(json.dumps(problem_rows(problems), ensure_ascii=False, indent=1))
    detail = verbose or not many
    shown = [p for o in outcomes for p in o.problems if detail or o.status == REJECTED]
    if format == ProblemFormat.table:
        print_problems(term.out, shown, lang)
    print_outcomes(outcomes, lang, detail)
    hidden = [p for p in problems if p not in shown]
    if hidden and format == ProblemFormat.table:
        tell(say(lang, "more_warnings", warnings=count(lang, len(hidden), "warning")))
    if many:
        tell(load_summary(outcomes, lang))
    raise typer.Exit(1 if any(o.status == REJECTED for o in outcomes) else 0)


def _outcome_line(o: LoadOutcome, lang: str) -> Text:
    line = Text(f"{o.file.name}: ")
    style = {STORED: "green", UNCHANGED: "", REJECTED: "red"}[o.status]
    line.append(say(lang, o.status), style=style)
    if o.status == STORED:
        rows = count(lang, o.rows, "row")
        line.append(" — " + say(lang, "stored_detail", id=o.delivery_id, rows=rows))
    return line


def print_outcomes(outcomes: list[LoadOutcome], lang: str, detail: bool) -> None:
    """Per file its outcome and what it replaced (always for rejected files and
    replacements, up to ``MAX_REPLACEMENTS`` of them without ``--verbose``)."""
    from ..store.history import replacement_text

    told = 0
    for o in outcomes:
        notable = o.status == REJECTED or (o.status == STORED and o.replaces)
        if not (detail or notable):
            continue
        if not detail and o.status == STORED and told >= MAX_REPLACEMENTS:
            continue
        tell(_outcome_line(o, lang))
        if o.status == STORED:
            told += 1
            for r in o.replaces:
                tell("  " + replacement_text(r, lang))
    more = sum(1 for o in outcomes if o.status == STORED and o.replaces) - told
    if more > 0 and not detail:
        tell(say(lang, "more_replacements", n=whole(more, lang)))


MAX_REPLACEMENTS = 10


def load_summary(outcomes: list[LoadOutcome], lang: str) -> Text:
    stored = [o for o in outcomes if o.status == STORED]
    rejected = sum(o.status == REJECTED for o in outcomes)
    line = say(
        lang,
        "load_summary",
        files=count(lang, len(outcomes), "file"),
        stored=whole(len(stored), lang),
        rows=count(lang, sum(o.rows for o in stored), "row"),
        unchanged=whole(sum(o.status == UNCHANGED for o in outcomes), lang),
        rejected=whole(rejected, lang),
    )
    replaced = sum(1 for o in stored if o.replaces)
    if replaced:
        line += " " + say(lang, "load_replaced", n=whole(replaced, lang))
    return Text(line, style="red" if rejected else "")


class ListFormat(StrEnum):
    table = "table"
    json = "json"


@app.command()
def deliveries(
    ministry: Annotated[
        str | None,
        typer.Option(
            "--ministry",
            metavar="CODE",
            callback=ministry_option,
            help="Alleen leveringen met gegevens van dit ministerie.",
        ),
    ] = None,
    theme: Annotated[
        str | None,
        typer.Option("--theme", metavar="THEMA", callback=theme_option, help="Alleen dit thema."),
    ] = None,
    year: Annotated[
        int | None, typer.Option("--year", metavar="JAAR", help="Alleen dit jaar.")
    ] = None,
    format: Annotated[
        ListFormat,
        typer.Option("--format", case_sensitive=False, help="table (voor mensen) of json."),
    ] = ListFormat.table,
    db: DbOption = None,
    lang: LangOption = "nl",
) -> None:
    """Alle leveringen in de store, nieuwste eerst: wat elke levering dekt, wat zij
    verving en waardoor zij is vervangen."""
    path = store_path(db, lang)
    try:
        if year is not None:
            api.require_year(year, path)
        records = api.deliveries(path, ministry=ministry, theme=theme, year=year)
    except api.NoDataForYear as e:
        raise no_data(e, path, lang) from None
    except StoreError as e:
        raise fail(e.text(lang)) from None
    if format == ListFormat.json:
        print(json.dumps([r.as_dict() for r in records], ensure_ascii=False, indent=1))
    else:
        print_deliveries(term.out, records, lang)
    if not records:
        filters = " ".join(
            f"{k} {v}" for k, v in (("--ministry", ministry), ("--theme", theme)) if v
        )
        message = (
            say(lang, "no_deliveries", db=path, filters=filters)
            if filters
            else say(lang, "no_deliveries_at_all", db=path)
        )
        raise fail(message)
    if format == ListFormat.table:
        states = [r.state for r in records]
        tell(
            say(
                lang,
                "deliveries_summary",
                n=whole(len(records), lang),
                current=whole(states.count("current"), lang),
                partly=whole(states.count("partly_replaced"), lang),
                replaced=whole(states.count("replaced"), lang),
            )
        )


@app.command()
def doctor(
    db: DbOption = None,
    format: Annotated[
        ProblemFormat,
        typer.Option("--format", case_sensitive=False, help="table (voor mensen) of json."),
    ] = ProblemFormat.table,
    lang: LangOption = "nl",
) -> None:
    """Controleer een store: schema, lineage, rijen zonder levering, dekking, geschiedenis en inhoud."""
    db_path = db or api.default_db()
    try:
        checks = api.doctor(db_path, lang=lang)
    except StoreError as e:
        raise fail(e.text(lang)) from None
    healthy = all(c.ok for c in checks)
    if format == ProblemFormat.json:
        report = {"store": str(db_path), "ok": healthy, "checks": [c.as_dict() for c in checks]}
        print(json.dumps(report, ensure_ascii=False, indent=1))
    else:
        t = table(title=f"Store {db_path}")
        for i, h in enumerate(say(lang, "doctor_headers").split("|")):
            t.add_column(h, no_wrap=i < 2, ratio=None if i < 2 else 1)
        for c in checks:
            style = "green" if c.ok else "bold red"
            t.add_row(c.name, Text(c.status, style=style), c.detail, c.hint)
        term.out.print(t)
    raise typer.Exit(0 if healthy else 1)

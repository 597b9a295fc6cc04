"""The command groups of ``jbr``: ``token`` (portal sign-in), ``woo`` (deadlines without a
store) and ``store`` (Parquet export and import). Thin, like ``jbr.cli``."""

from __future__ import annotations

import csv
import sys
from datetime import date, datetime
from pathlib import Path
from typing import Annotated, Any

import typer

from . import api
from .cli_common import (
    DbOption,
    FilesArg,
    LangOption,
    WooFormat,
    fail,
    ministry_option,
    tell,
    term,
)
from .cli_output import print_problems, problems_summary, table, woo_console
from .cli_review import Role
from .cli_words import say, whole
from .store.load import StoreError

# --- jbr token ----------------------------------------------------------------------------

token_app = typer.Typer(help="Tokens voor het leveringsportaal (jbr serve).", no_args_is_help=True)


@token_app.command("create")
def token_create(
    supplier: Annotated[
        str,
        typer.Option(
            "--supplier",
            "--name",
            metavar="NAAM",
            help="Naam van de leverancier (of, met --role, van de beoordelaar of het team).",
        ),
    ],
    ministry: Annotated[
        str | None,
        typer.Option(
            "--ministry",
            metavar="CODE",
            callback=ministry_option,
            help="Ministeriecode waarvoor zij levert of waarvan zij de cijfers beoordeelt "
            "(niet bij --role coordinator).",
        ),
    ] = None,
    role: Annotated[
        Role,
        typer.Option(
            "--role",
            case_sensitive=False,
            help="supplier: levert aan; reviewer: beoordeelt de cijfers van zijn ministerie "
            "(wederhoor); coordinator: het JBR-team, ziet de stand van de wederhoor.",
        ),
    ] = Role.supplier,
    db: DbOption = None,
    lang: LangOption = "nl",
) -> None:
    """Maak een aanmeldtoken; het wordt één keer getoond en alleen gehasht opgeslagen."""
    if not supplier.strip():
        raise typer.BadParameter(say(lang, "must_not_be_empty"), param_hint="--supplier")
    if role == Role.coordinator:
        ministry = ministry or "RIJK"
    elif ministry is None:
        raise typer.BadParameter(say(lang, "must_not_be_empty"), param_hint="--ministry")
    try:
        token, record = api.token_create(supplier.strip(), ministry, db=db, role=role.value)
    except StoreError as e:
        raise fail(e.text(lang)) from None
    print(token)
    tell(
        say(
            lang,
            "token_created",
            id=record.token_id,
            supplier=record.supplier,
            ministry=record.ministerie,
        )
    )


@token_app.command("list")
def token_list(db: DbOption = None, lang: LangOption = "nl") -> None:
    """Alle tokens (zonder geheim): id, leverancier, ministerie, aangemaakt, ingetrokken."""
    path = Path(db or api.default_db())
    try:
        tokens = api.tokens(db=path)
    except StoreError as e:
        raise fail(e.text(lang)) from None
    if not tokens:
        tell(say(lang, "no_tokens", db=path))
        return
    t = table(title=say(lang, "tokens_title"))
    for i, h in enumerate(say(lang, "token_headers").split("|")):
        t.add_column(h, no_wrap=i != 1)
    for tk in tokens:
        t.add_row(
            tk.token_id,
            tk.supplier,
            tk.ministerie,
            tk.role,
            tk.created.strftime("%Y-%m-%d %H:%M"),
            tk.revoked.strftime("%Y-%m-%d %H:%M") if tk.revoked else "",
        )
    term.out.print(t)


@token_app.command("revoke")
def token_revoke(
    token_id: Annotated[
        str, typer.Argument(metavar="ID", help="Het id van het token (zie jbr token list).")
    ],
    db: DbOption = None,
    lang: LangOption = "nl",
) -> None:
    """Trek een token in; aanmelden ermee lukt daarna niet meer."""
    try:
        revoked = api.token_revoke(token_id, db=db)
    except StoreError as e:
        raise fail(e.text(lang)) from None
    if not revoked:
        raise fail(say(lang, "token_not_active", id=token_id))
    tell(say(lang, "token_revoked", id=token_id))


# --- jbr woo ------------------------------------------------------------------------------

woo_app = typer.Typer(
    help="Woo-verzoeken: termijnen, status en dwangsommen (Woo art. 4.4, Awb 4:17).",
    no_args_is_help=True,
)

WOO_STATUS_TEXT = {
    "nl": {
        "on_time": "tijdig",
        "late": "te laat",
        "open": "open",
        "overdue": "verstreken",
        "excluded": "ingetrokken",
    },
    "en": {
        "on_time": "on time",
        "late": "late",
        "open": "open",
        "overdue": "overdue",
        "excluded": "withdrawn",
    },
}
WOO_STYLE = {"overdue": "bold red", "late": "red", "on_time": "green", "excluded": "dim"}
WOO_NARROW = 100  # below this width the receipt date is left out of the table


@woo_app.command("deadlines")
def woo_deadlines(
    files: FilesArg,
    on: Annotated[
        datetime | None,
        typer.Option(
            "--on",
            formats=["%Y-%m-%d"],
            metavar="DATUM",
            help="Peildatum (JJJJ-MM-DD) voor open verzoeken en dwangsommen; standaard vandaag.",
        ),
    ] = None,
    format: Annotated[
        WooFormat,
        typer.Option(
            "--format", case_sensitive=False, help="table (voor mensen) of csv (voor tools)."
        ),
    ] = WooFormat.table,
    lang: LangOption = "nl",
) -> None:
    """Per Woo-verzoek: wettelijke termijn, status en verbeurde dwangsom op de peildatum."""
    day = on.date() if on else date.today()
    result = api.woo_deadlines(files, day, lang)
    if result.errors:  # nothing else goes to stdout: the problems do, as in jbr validate
        print_problems(term.out, result.problems, lang)
        tell(problems_summary(result.problems, len(api.expand(files)), lang))
        raise typer.Exit(1)
    if result.problems:  # warnings only: an error stopped above
        print_problems(term.err, result.problems, lang)
    for text in result.warnings:
        tell(text, "yellow")
    if result.later_received:
        tell(say(lang, "woo_later_left_out", n=result.later_received, day=day.isoformat()))
    if format == WooFormat.csv:
        from .woo.overview import CSV_HEADER

        writer = csv.DictWriter(sys.stdout, fieldnames=list(CSV_HEADER), lineterminator="\n")
        writer.writeheader()
        writer.writerows(r.as_csv() for r in result.rows)
        return
    _print_woo_table(result, lang)


def _print_woo_table(result: Any, lang: str) -> None:
    from .publish.format import number
    from .woo.overview import DUE_SOON_WORKING_DAYS

    texts = WOO_STATUS_TEXT[lang]
    console = woo_console(term.out)
    narrow = console.width < WOO_NARROW
    t = table(title=say(lang, "woo_title", day=result.reporting_date.isoformat()))
    headers = say(lang, "woo_headers").split("|")
    for i, h in enumerate(headers):
        if narrow and i == 2:
            continue
        last = i == len(headers) - 1
        # ids, dates and amounts whole; the status (with "nog 3 werkdagen") may wrap
        t.add_column(
            h, justify="right" if last else "left", no_wrap=i != 5, ratio=1 if i == 5 else None
        )
    for r in result.by_urgency():
        if r.working_days_left is not None:
            n = r.working_days_left
            note = say(lang, "woo_day_left" if n == 1 else "woo_days_left", n=n)
        elif r.days_late is not None:
            n = r.days_late
            note = say(lang, "woo_day_late" if n == 1 else "woo_days_late", n=n)
        else:
            note = ""
        status = texts[r.status] + (f", {note}" if note else "")
        cells = [
            r.verzoek_id,
            r.ministerie,
            r.ontvangen.isoformat(),
            r.deadline.isoformat(),
            r.besluit.isoformat() if r.besluit else "",
            status,
            f"€ {number(r.penalty_eur, '', lang)}" if r.penalty_eur else "",
        ]
        if narrow:
            del cells[2]
        style = "yellow" if r.due_soon else WOO_STYLE.get(r.status)
        t.add_row(*cells, style=style)
    console.print(t)
    counts = result.counts()
    parts = ", ".join(f"{texts[s]} {number(n, '', lang)}" for s, n in counts.items())
    total = number(sum(counts.values()), "", lang)
    console.print(say(lang, "woo_total", total=total, parts=parts))
    soon = number(result.due_soon, "", lang)
    console.print(say(lang, "woo_due_soon", days=DUE_SOON_WORKING_DAYS, n=soon))
    console.print(say(lang, "woo_penalties", amount=number(result.total_penalty_eur, "", lang)))


# --- jbr store ----------------------------------------------------------------------------

store_app = typer.Typer(
    help="De store als Parquet: exporteren en importeren (naar Spark of een andere machine).",
    no_args_is_help=True,
)


@store_app.command("export")
def store_export(
    directory: Annotated[
        Path,
        typer.Argument(metavar="MAP", help="Nieuwe of lege map voor de Parquet-export."),
    ],
    db: DbOption = None,
    lang: LangOption = "nl",
) -> None:
    """Elke tabel van de store (met herkomst en historie) naar Parquet, met een manifest."""
    try:
        manifest = api.store_export(directory, db=db, lang=lang)
    except StoreError as e:
        raise fail(e.text(lang)) from None
    rows = whole(manifest.rows, lang)
    tell(say(lang, "store_exported", tables=len(manifest.tables), rows=rows, dir=directory))


@store_app.command("import")
def store_import(
    directory: Annotated[
        Path, typer.Argument(metavar="MAP", help="Map met een export (manifest.json).")
    ],
    db: DbOption = None,
    lang: LangOption = "nl",
) -> None:
    """Een export in een lege store; geweigerd als de store al gegevens bevat."""
    try:
        manifest = api.store_import(directory, db=db, lang=lang)
    except StoreError as e:
        raise fail(e.text(lang)) from None
    target = db or api.default_db()
    rows = whole(manifest.rows, lang)
    tell(say(lang, "store_imported", tables=len(manifest.tables), rows=rows, db=target))

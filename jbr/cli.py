"""The ``jbr`` command line (SPEC §2): parses arguments, calls ``jbr.api``, prints.

Exit codes: 0 success, 1 rejected input (or a store that cannot be used),
2 usage errors. Nothing here computes.
"""

from __future__ import annotations

import csv
import json
import os
import sys
from datetime import date, datetime
from enum import Enum, StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from . import api
from .deliveries.problems import Problem
from .deliveries.themes import THEMES
from .store import guard
from .store.load import REJECTED, StoreError

app = typer.Typer(
    name="jbr",
    help="Jaarrapportage Bedrijfsvoering Rijk: leveringen valideren, opslaan, indicatoren "
    "berekenen en publiceren.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
out = Console()
err = Console(stderr=True)
guard.notify = lambda message: err.print(message, style="yellow", markup=False, soft_wrap=True)


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


DbOption = Annotated[
    Path | None,
    typer.Option("--db", help="De store (DuckDB-bestand); standaard $JBR_DB of jbr.duckdb."),
]
LangOption = Annotated[
    str, typer.Option("--lang", help="Taal van meldingen en publicaties: nl of en.")
]
FilesArg = Annotated[
    list[Path], typer.Argument(help="Leveringsbestanden (.xlsx, .csv, .parquet) of mappen.")
]
ThemeOption = Annotated[
    str | None,
    typer.Option("--theme", help="Thema van een csv/parquet-bestand (anders uit de bestandsnaam)."),
]


def _check_lang(lang: str) -> str:
    if lang not in ("nl", "en"):
        raise typer.BadParameter("kies nl of en", param_hint="--lang")
    return lang


def _check_theme(theme: str | None) -> str | None:
    if theme is not None and theme not in THEMES:
        raise typer.BadParameter(
            f"onbekend thema; kies uit: {', '.join(THEMES)}", param_hint="--theme"
        )
    return theme


def _print_problems(problems: list[Problem], fmt: ProblemFormat, lang: str) -> None:
    if fmt == ProblemFormat.json:
        keys = ("file", "sheet", "row", "column", "value", "rule", "message")
        print(
            json.dumps(
                [{k: p.as_dict()[k] for k in keys} | {"severity": p.severity} for p in problems],
                ensure_ascii=False,
                indent=1,
            )
        )
        return
    if not problems:
        return
    nl = lang == "nl"
    table = Table(title="Problemen" if nl else "Problems", show_lines=False)
    for h in (
        ("bestand", "file"),
        ("blad", "sheet"),
        ("rij", "row"),
        ("kolom", "column"),
        ("waarde", "value"),
        ("regel", "rule"),
        ("melding", "message"),
    ):
        table.add_column(h[0] if nl else h[1], overflow="fold")
    for p in problems:
        style = None if p.is_error else "yellow"
        table.add_row(
            p.file,
            p.sheet or "",
            "" if p.row is None else str(p.row),
            p.column or "",
            "" if p.value is None else p.value,
            p.rule,
            p.message,
            style=style,
        )
    out.print(table)


@app.command()
def validate(
    files: FilesArg,
    format: Annotated[
        ProblemFormat, typer.Option("--format", help="table of json.")
    ] = ProblemFormat.table,
    theme: ThemeOption = None,
    db: DbOption = None,
    lang: LangOption = "nl",
) -> None:
    """Controleer leveringen zonder ze op te slaan; toont elke fout (bestand, blad, rij, kolom, waarde, regel)."""
    lang, theme = _check_lang(lang), _check_theme(theme)
    problems = api.validate(files, lang=lang, theme=theme, db=db)
    _print_problems(problems, format, lang)
    errors = sum(p.is_error for p in problems)
    if format == ProblemFormat.table:
        if errors:
            err.print(
                f"[red]{errors} fout(en) gevonden[/red]"
                if lang == "nl"
                else f"[red]{errors} error(s)[/red]"
            )
        else:
            err.print(
                "[green]Geen fouten gevonden.[/green]"
                if lang == "nl"
                else "[green]No errors.[/green]"
            )
    raise typer.Exit(1 if errors else 0)


@app.command()
def load(
    files: FilesArg,
    db: DbOption = None,
    supplier: Annotated[
        str | None, typer.Option("--supplier", help="Naam van de leverancier (lineage).")
    ] = None,
    theme: ThemeOption = None,
    format: Annotated[
        ProblemFormat, typer.Option("--format", help="table of json.")
    ] = ProblemFormat.table,
    lang: LangOption = "nl",
) -> None:
    """Valideer en sla op. Een bestand met een fout slaat niets op; een identiek bestand opnieuw laden doet niets."""
    lang, theme = _check_lang(lang), _check_theme(theme)
    try:
        outcomes = api.load(
            files,
            db=db,
            supplier=supplier or os.environ.get("JBR_SUPPLIER"),
            theme=theme,
            lang=lang,
        )
    except StoreError as e:
        err.print(str(e), style="red", markup=False, soft_wrap=True)
        raise typer.Exit(1) from None
    problems = [p for o in outcomes for p in o.problems]
    _print_problems(problems, format, lang)
    words = {
        "stored": ("opgeslagen", "stored"),
        "unchanged": ("ongewijzigd (al geladen)", "unchanged (already loaded)"),
        "rejected": ("afgewezen, niets opgeslagen", "rejected, nothing stored"),
    }
    for o in outcomes:
        word = words[o.status][0 if lang == "nl" else 1]
        extra = f" — levering {o.delivery_id}, {o.rows} rijen" if o.status == "stored" else ""
        err.print(f"{o.file.name}: {word}{extra}")
    raise typer.Exit(1 if any(o.status == REJECTED for o in outcomes) else 0)


@app.command()
def doctor(
    db: DbOption = None,
    format: Annotated[
        ProblemFormat, typer.Option("--format", help="table of json.")
    ] = ProblemFormat.table,
    lang: LangOption = "nl",
) -> None:
    """Controleer een store: schema, lineage, rijen zonder levering, dekking, geschiedenis en inhoud."""
    lang = _check_lang(lang)
    db_path = db or api.default_db()
    try:
        checks = api.doctor(db_path, lang=lang)
    except StoreError as e:
        err.print(str(e), style="red", markup=False, soft_wrap=True)
        raise typer.Exit(1) from None
    healthy = all(c.ok for c in checks)
    if format == ProblemFormat.json:
        report = {"store": str(db_path), "ok": healthy, "checks": [c.as_dict() for c in checks]}
        print(json.dumps(report, ensure_ascii=False, indent=1))
    else:
        nl = lang == "nl"
        table = Table(title=f"Store {db_path}")
        for h in (
            ("controle", "status", "bevinding", "hint")
            if nl
            else ("check", "status", "finding", "hint")
        ):
            table.add_column(h, overflow="fold")
        for c in checks:
            style = "green" if c.ok else "bold red"
            table.add_row(c.name, f"[{style}]{c.status}[/{style}]", c.detail, c.hint)
        out.print(table)
    raise typer.Exit(0 if healthy else 1)


@app.command()
def indicators(
    year: Annotated[int, typer.Option("--year", help="Verslagjaar.")],
    ministry: Annotated[
        str | None, typer.Option("--ministry", help="Alleen dit ministerie (en het Rijk).")
    ] = None,
    format: Annotated[Format, typer.Option("--format", help="table, csv of json.")] = Format.table,
    public: Annotated[
        bool,
        typer.Option(
            "--public", help="De gepubliceerde weergave: onderdrukte cijfers zonder waarde."
        ),
    ] = False,
    db: DbOption = None,
    engine: Annotated[
        str | None,
        typer.Option("--engine", help="duckdb of spark (standaard $JBR_ENGINE of duckdb)."),
    ] = None,
) -> None:
    """Indicatorwaarden per ministerie en voor het Rijk, met doelstatus."""
    from .codelists import RIJK, ministry_by_code

    if ministry is not None and ministry not in ministry_by_code() and ministry != RIJK:
        raise typer.BadParameter("onbekende ministeriecode", param_hint="--ministry")
    db_path = db or api.default_db()
    if not Path(db_path).exists():
        err.print(
            f"[red]Store {db_path} bestaat niet. Laad eerst leveringen met jbr load of jbr build.[/red]"
        )
        raise typer.Exit(1)
    try:
        values = api.indicators(year, ministry=ministry, db=db_path, engine=engine, public=public)
    except ValueError as e:
        raise typer.BadParameter(str(e), param_hint="--engine") from None
    except StoreError as e:  # also: the Spark engine cannot start, or its export is stale
        err.print(f"[red]{e}[/red]")
        raise typer.Exit(1) from None
    rows = [v.as_row() for v in values]
    if format == Format.json:
        print(json.dumps(rows, ensure_ascii=False, indent=1))
    elif format == Format.csv:
        writer = csv.DictWriter(
            sys.stdout,
            fieldnames=list(rows[0])
            if rows
            else [
                "indicator",
                "year",
                "ministry",
                "value",
                "unit",
                "target",
                "status",
                "suppressed",
            ],
            lineterminator="\n",
        )
        writer.writeheader()
        writer.writerows({k: _csv_cell(v) for k, v in r.items()} for r in rows)
    else:
        table = Table(title=f"Indicatoren {year}")
        for h in ("indicator", "ministerie", "waarde", "eenheid", "doel", "status", "onderdrukt"):
            table.add_column(h)
        from .publish.format import number

        notes: dict[str, set[str]] = {}
        for v in values:
            table.add_row(
                v.figure_id,
                v.ministry,
                number(v.value, v.unit),
                v.unit,
                "" if v.target is None else number(v.target, v.unit),
                v.status or "",
                "ja" if v.suppressed else "",
            )
            for n in v.notes:
                notes.setdefault(n, set()).add(v.indicator)
        out.print(table)
        for text, ids in sorted(notes.items()):
            out.print(f"[dim]{', '.join(sorted(ids))}: {text}[/dim]")


def _csv_cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


@app.command()
def build(
    deliveries: Annotated[
        list[Path] | None,
        typer.Argument(help="Leveringen of mappen; standaard de meegeleverde demo."),
    ] = None,
    year: Annotated[
        int | None,
        typer.Option("--year", help="Verslagjaar (standaard het laatste jaar met gegevens)."),
    ] = None,
    out_dir: Annotated[Path, typer.Option("--out", help="Map voor de publicaties.")] = Path("out"),
    db: DbOption = None,
    engine: Annotated[
        str | None,
        typer.Option("--engine", help="duckdb of spark (standaard $JBR_ENGINE of duckdb)."),
    ] = None,
    lang: LangOption = "nl",
    demo_dir: Annotated[
        Path, typer.Option("--demo-dir", help="Waar de demo wordt gegenereerd en hergebruikt.")
    ] = Path("demo/full"),
    demo_scale: Annotated[
        Scale,
        typer.Option("--demo-scale", help="Omvang van de demo als geen leveringen zijn opgegeven."),
    ] = Scale.full,
    force: Annotated[
        bool,
        typer.Option(
            "--force", help="Altijd opnieuw berekenen en schrijven, ook als niets is gewijzigd."
        ),
    ] = False,
) -> None:
    """De hoofdtaak: laden (standaard de demo), berekenen en alle publicaties schrijven.

    Is sinds de vorige build in dezelfde map niets gewijzigd (store, jbr, opties) en
    zijn de publicaties intact, dan wordt niets opnieuw berekend (zie build.json).
    """
    lang = _check_lang(lang)
    try:
        with err.status("bezig…") as status:
            result = api.build(
                deliveries,
                year=year,
                out=out_dir,
                db=db,
                engine=engine,
                lang=lang,
                demo_dir=demo_dir,
                demo_scale=demo_scale.value,
                progress=lambda m: status.update(m),
                force=force,
            )
    except StoreError as e:
        err.print(str(e), style="red", markup=False, soft_wrap=True)
        raise typer.Exit(1) from None
    for o in result.rejected:
        _print_problems([p for p in o.problems if p.is_error][:20], ProblemFormat.table, lang)
    if result.up_to_date:
        err.print(
            f"niets gewijzigd sinds de vorige build; publicaties in {result.out} zijn actueel"
        )
    else:
        for f in result.files:
            err.print(f"geschreven: {f}")
    seconds = ", ".join(f"{k} {v:.1f} s" for k, v in result.timings.items())
    err.print(f"[dim]tijd: {seconds}[/dim]")
    if result.rejected:
        err.print(
            f"[yellow]{len(result.rejected)} bestand(en) afgewezen; zie de datakwaliteitsbijlage.[/yellow]"
        )


@app.command()
def demo(
    out_dir: Annotated[Path, typer.Option("--out", help="Map voor de demoleveringen.")] = Path(
        "demo"
    ),
    scale: Annotated[
        Scale, typer.Option("--scale", help="small (voor tests) of full (echte omvang).")
    ] = Scale.small,
    seed: Annotated[
        int | None,
        typer.Option("--seed", help="Zaadwaarde; dezelfde zaadwaarde geeft dezelfde bestanden."),
    ] = None,
) -> None:
    """Schrijf realistische synthetische leveringen voor alle thema's en ministeries, 2017–2024."""
    with err.status(f"demo ({scale.value}) genereren…"):
        files = api.demo(out_dir, scale.value, seed)
    err.print(f"{len(files)} bestanden geschreven in {out_dir}")


@app.command()
def template(
    theme: Annotated[str, typer.Option("--theme", help="Het thema (zie SPEC §3).")],
    year: Annotated[
        int | None, typer.Option("--year", help="Jaar: bepaalt de geldige ministeriecodes.")
    ] = None,
    out_file: Annotated[Path | None, typer.Option("--out", help="Het xlsx-bestand.")] = None,
    lang: LangOption = "nl",
) -> None:
    """Een leeg aanleversjabloon (xlsx) met kolommen, toelichting en Excel-validatie."""
    lang, theme = _check_lang(lang), _check_theme(theme)
    path = api.template(theme, out_file, year=year, lang=lang)  # type: ignore[arg-type]
    err.print(f"sjabloon geschreven: {path}")


@app.command()
def serve(
    port: Annotated[int, typer.Option("--port", help="TCP-poort.")] = 8000,
    host: Annotated[
        str,
        typer.Option("--host", help="Adres om op te luisteren; standaard alleen deze computer."),
    ] = "127.0.0.1",
    db: DbOption = None,
    out_dir: Annotated[
        Path, typer.Option("--out", help="Map met de publicaties van jbr build (site/, opendata/).")
    ] = Path("out"),
    max_upload_mb: Annotated[
        float, typer.Option("--max-upload-mb", help="Grootste levering die het portaal aanneemt.")
    ] = 200,
    behind_proxy: Annotated[
        bool,
        typer.Option(
            "--behind-proxy",
            help="TLS eindigt bij een reverse proxy op deze computer: cookies Secure, HSTS, "
            "clientadres uit X-Forwarded-For (vertrouwde adressen: FORWARDED_ALLOW_IPS).",
        ),
    ] = False,
    upload_memory_mb: Annotated[
        float,
        typer.Option("--upload-memory-mb", help="Geheugen voor het lezen van één levering."),
    ] = 2048,
    upload_seconds: Annotated[
        float, typer.Option("--upload-seconds", help="Tijd voor het lezen van één levering.")
    ] = 120,
    upload_workers: Annotated[
        int, typer.Option("--upload-workers", help="Leveringen die tegelijk worden gelezen.")
    ] = 2,
    sign_in_attempts: Annotated[
        int,
        typer.Option(
            "--sign-in-attempts",
            help="Mislukte aanmeldingen per clientadres in 5 minuten, daarna 429.",
        ),
    ] = 10,
    lang: LangOption = "nl",
) -> None:
    """Dashboard, open data, JSON-API (OpenAPI op /docs) en het leveringsportaal."""
    lang = _check_lang(lang)
    for value, hint in (
        (max_upload_mb, "--max-upload-mb"),
        (upload_memory_mb, "--upload-memory-mb"),
        (upload_seconds, "--upload-seconds"),
        (upload_workers, "--upload-workers"),
        (sign_in_attempts, "--sign-in-attempts"),
    ):
        if value <= 0:
            raise typer.BadParameter("moet groter dan 0 zijn", param_hint=hint)
    proxy = ", achter de TLS-proxy" if behind_proxy else ""
    err.print(f"jbr serve op http://{host}:{port} (store {db or api.default_db()}{proxy})")
    api.serve(
        db=db,
        host=host,
        port=port,
        out=out_dir,
        max_upload_mb=max_upload_mb,
        lang=lang,
        behind_proxy=behind_proxy,
        upload_memory_mb=upload_memory_mb,
        upload_seconds=upload_seconds,
        upload_workers=upload_workers,
        sign_in_attempts=sign_in_attempts,
    )


@app.command()
def publish(
    years: Annotated[
        list[int],
        typer.Option("--year", help="Het jaar waarvan het embargo vervalt (herhaalbaar)."),
    ],
    note: Annotated[
        str | None,
        typer.Option("--note", help="Bij opnieuw publiceren (correctie): wat is er gecorrigeerd."),
    ] = None,
    out_dir: Annotated[
        Path, typer.Option("--out", help="Map waarin site/ en opendata/ worden bijgewerkt.")
    ] = Path("out"),
    site: Annotated[
        bool, typer.Option("--site/--no-site", help="site/ en opendata/ daarna bijwerken.")
    ] = True,
    db: DbOption = None,
) -> None:
    """Hef het embargo op een jaar op: pas daarna zijn de cijfers van dat jaar openbaar."""
    from .store.access import AlreadyPublished

    failed = False
    for year in years:
        try:
            pub = api.publish(year, db=db, note=note)
        except api.NothingToPublish:
            err.print(f"[red]De store bevat geen gegevens voor {year}; niets gepubliceerd.[/red]")
            failed = True
            continue
        except AlreadyPublished as e:
            p = e.publication
            when = p.published_at.strftime("%Y-%m-%d %H:%M")
            if e.identical:
                err.print(
                    f"{year} is al gepubliceerd (versie {p.version}, {when} UTC) met precies "
                    "deze cijfers; niets gewijzigd."
                )
            else:
                err.print(
                    f"[red]{year} is al gepubliceerd (versie {p.version}, {when} UTC) en de "
                    "cijfers zijn sindsdien veranderd. Publiceer de correctie met "
                    "--note 'wat is gecorrigeerd'; niets gepubliceerd.[/red]"
                )
                failed = True
            continue
        except StoreError as e:
            err.print(f"[red]{e}[/red]")
            raise typer.Exit(1) from None
        kind = (
            "gepubliceerd" if pub.version == 1 else f"correctie gepubliceerd (versie {pub.version})"
        )
        err.print(
            f"{year} {kind} op {pub.published_at.strftime('%Y-%m-%d %H:%M')} UTC: "
            f"{pub.figures} cijfers."
        )
    if site:
        with err.status("site en open data bijwerken…"):
            files = api.write_site(db=db, out=out_dir)
        err.print(f"site en open data bijgewerkt in {out_dir} ({len(files)} bestanden)")
    raise typer.Exit(1 if failed else 0)


# --- jbr token ----------------------------------------------------------------------------

token_app = typer.Typer(help="Tokens voor het leveringsportaal (jbr serve).", no_args_is_help=True)
app.add_typer(token_app, name="token")


@token_app.command("create")
def token_create(
    supplier: Annotated[str, typer.Option("--supplier", help="Naam van de leverancier.")],
    ministry: Annotated[
        str, typer.Option("--ministry", help="Ministeriecode waarvoor zij levert.")
    ],
    db: DbOption = None,
) -> None:
    """Maak een aanmeldtoken; het wordt één keer getoond en alleen gehasht opgeslagen."""
    from .codelists import ministry_by_code

    if ministry not in ministry_by_code():
        raise typer.BadParameter("onbekende ministeriecode", param_hint="--ministry")
    if not supplier.strip():
        raise typer.BadParameter("mag niet leeg zijn", param_hint="--supplier")
    try:
        token, record = api.token_create(supplier.strip(), ministry, db=db)
    except StoreError as e:
        err.print(f"[red]{e}[/red]")
        raise typer.Exit(1) from None
    print(token)
    err.print(
        f"Token {record.token_id} voor {record.supplier} ({record.ministerie}). Bewaar het nu: "
        "het wordt niet opnieuw getoond."
    )


@token_app.command("list")
def token_list(db: DbOption = None) -> None:
    """Alle tokens (zonder geheim): id, leverancier, ministerie, aangemaakt, ingetrokken."""
    table = Table(title="Tokens")
    for h in ("id", "leverancier", "ministerie", "aangemaakt", "ingetrokken"):
        table.add_column(h)
    for t in api.tokens(db=db):
        table.add_row(
            t.token_id,
            t.supplier,
            t.ministerie,
            t.created.strftime("%Y-%m-%d %H:%M"),
            t.revoked.strftime("%Y-%m-%d %H:%M") if t.revoked else "",
        )
    out.print(table)


@token_app.command("revoke")
def token_revoke(
    token_id: Annotated[str, typer.Argument(help="Het id van het token (zie jbr token list).")],
    db: DbOption = None,
) -> None:
    """Trek een token in; aanmelden ermee lukt daarna niet meer."""
    if not api.token_revoke(token_id, db=db):
        err.print(f"[red]Geen actief token {token_id}.[/red]")
        raise typer.Exit(1)
    err.print(f"Token {token_id} ingetrokken.")


# --- jbr woo ------------------------------------------------------------------------------

woo_app = typer.Typer(
    help="Woo-verzoeken: termijnen, status en dwangsommen (SPEC §5.2).", no_args_is_help=True
)
app.add_typer(woo_app, name="woo")


class WooFormat(str, Enum):  # noqa: UP042  (like the other option enums here)
    table = "table"
    csv = "csv"


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


@woo_app.command("deadlines")
def woo_deadlines(
    files: FilesArg,
    on: Annotated[
        datetime | None,
        typer.Option(
            "--on",
            formats=["%Y-%m-%d"],
            help="Peildatum (JJJJ-MM-DD) voor open verzoeken en dwangsommen; standaard vandaag.",
        ),
    ] = None,
    format: Annotated[
        WooFormat, typer.Option("--format", help="table (voor mensen) of csv (voor tools).")
    ] = WooFormat.table,
    lang: LangOption = "nl",
) -> None:
    """Per Woo-verzoek: wettelijke termijn, status en verbeurde dwangsom op de peildatum."""
    lang = _check_lang(lang)
    day = on.date() if on else date.today()
    result = api.woo_deadlines(files, day, lang)
    if result.errors:
        _print_problems(result.problems, ProblemFormat.table, lang)
        n = len(result.errors)
        err.print(
            f"[red]{n} fout(en) gevonden[/red]" if lang == "nl" else f"[red]{n} error(s)[/red]"
        )
        raise typer.Exit(1)
    for p in result.problems:  # warnings only: an error stopped above
        where = ", ".join(str(x) for x in (p.file, p.sheet, p.row) if x is not None)
        err.print(f"{where}: {p.message}", style="yellow", markup=False)
    for text in result.warnings:
        err.print(text, style="yellow", markup=False)
    if result.later_received:
        n = result.later_received
        err.print(
            f"{n} verzoek(en) ontvangen na de peildatum {day.isoformat()} weggelaten."
            if lang == "nl"
            else f"{n} request(s) received after the reporting date {day.isoformat()} left out."
        )
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

    nl = lang == "nl"
    texts = WOO_STATUS_TEXT[lang]
    table = Table(
        title=f"Woo-verzoeken op {result.reporting_date.isoformat()}"
        if nl
        else f"Woo requests on {result.reporting_date.isoformat()}"
    )
    headers = (
        (
            "verzoek",
            "ministerie",
            "ontvangen",
            "uiterste datum",
            "besluit",
            "status",
            "",
            "dwangsom",
        )
        if nl
        else ("request", "ministry", "received", "deadline", "decision", "status", "", "penalty")
    )
    for h in headers:
        table.add_column(
            h, justify="right" if h in ("dwangsom", "penalty") else "left", no_wrap=True
        )
    for r in result.by_urgency():
        if r.working_days_left is not None:
            note = (
                f"nog {r.working_days_left} werkdagen"
                if nl
                else f"{r.working_days_left} working days left"
            )
        elif r.days_late is not None:
            note = f"{r.days_late} dagen te laat" if nl else f"{r.days_late} days late"
        else:
            note = ""
        style = "yellow" if r.due_soon else WOO_STYLE.get(r.status)
        table.add_row(
            r.verzoek_id,
            r.ministerie,
            r.ontvangen.isoformat(),
            r.deadline.isoformat(),
            r.besluit.isoformat() if r.besluit else "",
            texts[r.status],
            note,
            f"€ {number(r.penalty_eur, '', lang)}" if r.penalty_eur else "",
            style=style,
        )
    # Piped into a file or pager there is no terminal width: keep one request per line.
    console = out if out.is_terminal else Console(width=160)
    console.print(table)
    counts = result.counts()
    parts = [f"{texts[s]} {number(n, '', lang)}" for s, n in counts.items()]
    soon = number(result.due_soon, "", lang)
    total = number(sum(counts.values()), "", lang)
    penalty = number(result.total_penalty_eur, "", lang)
    if nl:
        console.print(f"Totaal {total} verzoeken: {', '.join(parts)}")
        console.print(f"Binnen {DUE_SOON_WORKING_DAYS} werkdagen af te handelen: {soon}")
        console.print(f"Verbeurde dwangsommen: € {penalty}")
    else:
        console.print(f"Total {total} requests: {', '.join(parts)}")
        console.print(f"Due within {DUE_SOON_WORKING_DAYS} working days: {soon}")
        console.print(f"Penalties owed: € {penalty}")


# --- jbr store ----------------------------------------------------------------------------

store_app = typer.Typer(
    help="De store als Parquet: exporteren en importeren (naar Spark of een andere machine).",
    no_args_is_help=True,
)
app.add_typer(store_app, name="store")


@store_app.command("export")
def store_export(
    directory: Annotated[Path, typer.Argument(help="Nieuwe of lege map voor de Parquet-export.")],
    db: DbOption = None,
    lang: LangOption = "nl",
) -> None:
    """Elke tabel van de store (met herkomst en historie) naar Parquet, met een manifest."""
    lang = _check_lang(lang)
    try:
        manifest = api.store_export(directory, db=db, lang=lang)
    except StoreError as e:
        err.print(f"[red]{e}[/red]")
        raise typer.Exit(1) from None
    rows = f"{manifest.rows:,}".replace(",", ".")
    err.print(
        f"{len(manifest.tables)} tabellen, {rows} rijen geëxporteerd naar {directory}"
        if lang == "nl"
        else f"{len(manifest.tables)} tables, {manifest.rows:,} rows exported to {directory}"
    )


@store_app.command("import")
def store_import(
    directory: Annotated[Path, typer.Argument(help="Map met een export (manifest.json).")],
    db: DbOption = None,
    lang: LangOption = "nl",
) -> None:
    """Een export in een lege store; geweigerd als de store al gegevens bevat."""
    lang = _check_lang(lang)
    try:
        manifest = api.store_import(directory, db=db, lang=lang)
    except StoreError as e:
        err.print(f"[red]{e}[/red]")
        raise typer.Exit(1) from None
    target = db or api.default_db()
    rows = f"{manifest.rows:,}".replace(",", ".")
    err.print(
        f"{len(manifest.tables)} tabellen, {rows} rijen geïmporteerd in {target}"
        if lang == "nl"
        else f"{len(manifest.tables)} tables, {manifest.rows:,} rows imported into {target}"
    )


def main() -> None:
    """Entry point: no traceback reaches the user unless JBR_DEBUG is set."""
    try:
        app()
    except SystemExit:
        raise
    except KeyboardInterrupt:
        err.print("afgebroken")
        sys.exit(130)
    except Exception as e:  # last resort: one line, not a traceback
        if os.environ.get("JBR_DEBUG"):
            raise
        err.print(
            f"[red]Onverwachte fout: {type(e).__name__}: {str(e).splitlines()[0] if str(e) else ''}[/red]"
        )
        err.print("Zet JBR_DEBUG=1 voor details en meld dit aan het jbr-team.")
        sys.exit(1)


if __name__ == "__main__":
    main()

"""The ``jbr`` command line (SPEC §2): parses arguments, calls ``jbr.api``, prints.

Exit codes: 0 success, 1 rejected input (or a store that cannot be used, or a year
without data), 2 usage errors. Nothing here computes. Words are in ``cli_words``,
layouts for narrow terminals in ``cli_output``, shared options in ``cli_common``, the
``token``, ``woo`` and ``store`` groups in ``cli_groups``. Every command takes
``--lang nl|en`` (or ``$JBR_LANG``); codes (ministries, themes, formats, engines) are
case-insensitive.
"""

from __future__ import annotations

import csv
import json
import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.text import Text

from . import api
from .cli_common import (
    DbOption,
    EngineOption,
    FilesArg,
    Format,
    LangOption,
    ProblemFormat,
    Scale,
    ThemeOption,
    VerboseOption,
    fail,
    ministry_option,
    ministry_or_rijk_option,
    no_data,
    problem_rows,
    store_path,
    tell,
    term,
    theme_option,
    years_text,
)
from .cli_groups import store_app, token_app, woo_app
from .cli_output import (
    print_deliveries,
    print_indicators,
    print_problems,
    problems_summary,
    progress_bar,
    table,
    written_names,
)
from .cli_text import (
    ConfigOption,
    TextOption,
    letter_app,
    report_build_text,
    text_app,
    text_failure,
)
from .cli_text import say as text_words
from .cli_words import count, say, whole
from .deliveries.workbook import SettingError
from .publish.text.config import ConfigError
from .publish.text.problems import TextErrors, TextIncomplete
from .publish.urls import BaseUrlError, public_base_url
from .store import guard
from .store.load import REJECTED, STORED, UNCHANGED, LoadOutcome, StoreError

app = typer.Typer(
    name="jbr",
    help="Jaarrapportage Bedrijfsvoering Rijk: leveringen valideren, opslaan, indicatoren "
    "berekenen en publiceren.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.add_typer(token_app, name="token")
app.add_typer(woo_app, name="woo")
app.add_typer(store_app, name="store")
app.add_typer(text_app, name="text")
app.add_typer(letter_app, name="letter")


@app.callback()
def _every_command() -> None:
    # Consoles per command, so that $COLUMNS (and a test's fixed width) is read each time.
    term.reset()
    guard.notify = lambda message: tell(message, "yellow")


_problem_rows = problem_rows  # the JSON rows of problems (tests read them through jbr.cli)


# --- validate, load, deliveries, doctor ---------------------------------------------------


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
    _print_outcomes(outcomes, lang, detail)
    hidden = [p for p in problems if p not in shown]
    if hidden and format == ProblemFormat.table:
        tell(say(lang, "more_warnings", warnings=count(lang, len(hidden), "warning")))
    if many:
        tell(_load_summary(outcomes, lang))
    raise typer.Exit(1 if any(o.status == REJECTED for o in outcomes) else 0)


def _outcome_line(o: LoadOutcome, lang: str) -> Text:
    line = Text(f"{o.file.name}: ")
    style = {STORED: "green", UNCHANGED: "", REJECTED: "red"}[o.status]
    line.append(say(lang, o.status), style=style)
    if o.status == STORED:
        rows = count(lang, o.rows, "row")
        line.append(" — " + say(lang, "stored_detail", id=o.delivery_id, rows=rows))
    return line


def _print_outcomes(outcomes: list[LoadOutcome], lang: str, detail: bool) -> None:
    """Per file its outcome and what it replaced (always for rejected files and
    replacements, up to ``MAX_REPLACEMENTS`` of them without ``--verbose``)."""
    from .store.history import replacement_text

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


def _load_summary(outcomes: list[LoadOutcome], lang: str) -> Text:
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


# --- indicators, build --------------------------------------------------------------------


@app.command()
def indicators(
    year: Annotated[int, typer.Option("--year", metavar="JAAR", help="Verslagjaar.")],
    ministry: Annotated[
        str | None,
        typer.Option(
            "--ministry",
            metavar="CODE",
            callback=ministry_or_rijk_option,
            help="Alleen dit ministerie (en het Rijk).",
        ),
    ] = None,
    format: Annotated[
        Format, typer.Option("--format", case_sensitive=False, help="table, csv of json.")
    ] = Format.table,
    public: Annotated[
        bool,
        typer.Option(
            "--public", help="De gepubliceerde weergave: onderdrukte cijfers zonder waarde."
        ),
    ] = False,
    db: DbOption = None,
    engine: EngineOption = None,
    lang: LangOption = "nl",
) -> None:
    """Indicatorwaarden per ministerie en voor het Rijk, met doelstatus."""
    db_path = store_path(db, lang)
    try:
        api.require_year(year, db_path)
        values = api.indicators(
            year, ministry=ministry, db=db_path, engine=engine and engine.value, public=public
        )
    except api.NoDataForYear as e:
        raise no_data(e, db_path, lang) from None
    except StoreError as e:  # also: the Spark engine cannot start, or its export is stale
        raise fail(e.text(lang)) from None
    rows = [v.as_row() for v in values]
    if format == Format.json:
        print(json.dumps(rows, ensure_ascii=False, indent=1))
    elif format == Format.csv:
        fields = ["indicator", "year", "ministry", "value", "unit", "target", "status"]
        writer = csv.DictWriter(
            sys.stdout, fieldnames=list(rows[0]) if rows else [*fields, "suppressed"],
            lineterminator="\n",
        )  # fmt: skip
        writer.writeheader()
        writer.writerows({k: _csv_cell(v) for k, v in r.items()} for r in rows)
    else:
        title = (
            say(lang, "indicators_title_ministry", year=year, ministry=ministry)
            if ministry and ministry != "RIJK"
            else say(lang, "indicators_title", year=year)
        )
        print_indicators(term.out, values, title, lang)


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
    _check_base_url()
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
    _print_outcomes(result.outcomes, lang, verbose)
    tell(_build_source(result, db, lang))


def _build_source(result: api.BuildResult, db: Path, lang: str) -> Text:
    """Where the figures came from: the store as it was, the demo, or the given files."""
    if result.source == "store":
        n = result.store_deliveries
        noun = ("levering", "leveringen") if lang == "nl" else ("delivery", "deliveries")
        return Text(
            say(lang, "build_from_store", db=db, deliveries=f"{whole(n, lang)} {noun[n != 1]}")
        )
    parts: list[str] = []
    if result.demo_loaded:
        demo_files = result.demo_files
        key = "build_demo_requested" if result.demo_requested else "build_demo_into_empty"
        parts.append(say(lang, key, db=db, files=count(lang, demo_files, "file")))
    if "files" in result.source:
        given = result.outcomes[result.demo_files :]
        parts.append(_load_summary(given, lang).plain)
    return Text(" ".join(parts))


# --- demo, template, serve, publish -------------------------------------------------------


@app.command()
def demo(
    out_dir: Annotated[
        Path, typer.Option("--out", metavar="MAP", help="Map voor de demoleveringen.")
    ] = Path("demo"),
    scale: Annotated[
        Scale,
        typer.Option(
            "--scale", case_sensitive=False, help="small (voor tests) of full (echte omvang)."
        ),
    ] = Scale.small,
    seed: Annotated[
        int | None,
        typer.Option(
            "--seed", metavar="N", help="Zaadwaarde; dezelfde zaadwaarde geeft dezelfde bestanden."
        ),
    ] = None,
    lang: LangOption = "nl",
) -> None:
    """Schrijf realistische synthetische leveringen voor alle thema's en ministeries, 2017–2024."""
    with term.err.status(say(lang, "demo_generating", scale=scale.value)):
        files = api.demo(out_dir, scale.value, seed)
    tell(say(lang, "demo_written", files=count(lang, len(files), "file"), out=out_dir))


@app.command()
def template(
    theme: Annotated[
        str,
        typer.Option(
            "--theme", metavar="THEMA", callback=theme_option, help="Het thema van de levering."
        ),
    ],
    year: Annotated[
        int | None,
        typer.Option("--year", metavar="JAAR", help="Jaar: bepaalt de geldige ministeriecodes."),
    ] = None,
    out_file: Annotated[
        Path | None, typer.Option("--out", metavar="BESTAND", help="Het xlsx-bestand.")
    ] = None,
    lang: LangOption = "nl",
) -> None:
    """Een leeg aanleversjabloon (xlsx) met kolommen, toelichting en Excel-validatie."""
    path = api.template(theme, out_file, year=year, lang=lang)
    tell(say(lang, "template_written", path=path))


def _check_base_url() -> None:
    """JBR_BASE_URL, if set, must be a public address (SPEC §6); exit 2 otherwise."""
    try:
        public_base_url()
    except BaseUrlError as e:
        tell(str(e), "red")
        raise typer.Exit(2) from None


@app.command()
def serve(
    port: Annotated[int, typer.Option("--port", metavar="POORT", help="TCP-poort.")] = 8000,
    host: Annotated[
        str,
        typer.Option(
            "--host",
            metavar="ADRES",
            help="Adres om op te luisteren; standaard alleen deze computer.",
        ),
    ] = "127.0.0.1",
    db: DbOption = None,
    out_dir: Annotated[
        Path,
        typer.Option(
            "--out", metavar="MAP", help="Map met de publicaties van jbr build (site/, opendata/)."
        ),
    ] = Path("out"),
    max_upload_mb: Annotated[
        float,
        typer.Option(
            "--max-upload-mb", metavar="MB", help="Grootste levering die het portaal aanneemt."
        ),
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
        typer.Option(
            "--upload-memory-mb", metavar="MB", help="Geheugen voor het lezen van één levering."
        ),
    ] = 2048,
    upload_seconds: Annotated[
        float,
        typer.Option(
            "--upload-seconds", metavar="SECONDEN", help="Tijd voor het lezen van één levering."
        ),
    ] = 120,
    upload_workers: Annotated[
        int,
        typer.Option(
            "--upload-workers", metavar="AANTAL", help="Leveringen die tegelijk worden gelezen."
        ),
    ] = 2,
    sign_in_attempts: Annotated[
        int,
        typer.Option(
            "--sign-in-attempts",
            metavar="AANTAL",
            help="Mislukte aanmeldingen per clientadres in 5 minuten, daarna 429.",
        ),
    ] = 10,
    lang: LangOption = "nl",
) -> None:
    """Dashboard, open data, JSON-API (OpenAPI op /docs) en het leveringsportaal."""
    for value, hint in (
        (max_upload_mb, "--max-upload-mb"),
        (upload_memory_mb, "--upload-memory-mb"),
        (upload_seconds, "--upload-seconds"),
        (upload_workers, "--upload-workers"),
        (sign_in_attempts, "--sign-in-attempts"),
    ):
        if value <= 0:
            raise typer.BadParameter(say(lang, "must_be_positive"), param_hint=hint)
    _check_base_url()
    proxy = say(lang, "serving_behind_proxy") if behind_proxy else ""
    tell(say(lang, "serving", host=host, port=port, db=db or api.default_db(), proxy=proxy))
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
        typer.Option(
            "--year", metavar="JAAR", help="Het jaar waarvan het embargo vervalt (herhaalbaar)."
        ),
    ],
    note: Annotated[
        str | None,
        typer.Option(
            "--note",
            metavar="TEKST",
            help="Bij opnieuw publiceren (correctie): wat is er gecorrigeerd.",
        ),
    ] = None,
    out_dir: Annotated[
        Path,
        typer.Option(
            "--out", metavar="MAP", help="Map waarin site/ en opendata/ worden bijgewerkt."
        ),
    ] = Path("out"),
    site: Annotated[
        bool, typer.Option("--site/--no-site", help="site/ en opendata/ daarna bijwerken.")
    ] = True,
    text: TextOption = None,
    config: ConfigOption = None,
    without_text: Annotated[
        bool,
        typer.Option(
            "--without-text",
            help="Alleen de cijfers publiceren, zonder de tekst te controleren: voor jaren "
            "waarvan de rapportage buiten jbr is gemaakt.",
        ),
    ] = False,
    db: DbOption = None,
    lang: LangOption = "nl",
) -> None:
    """Hef het embargo op een jaar op: pas daarna zijn de cijfers van dat jaar openbaar.

    Een jaar wordt alleen gepubliceerd als zijn tekst compleet is en elke verwijzing
    klopt (zie jbr text check), tenzij --without-text."""
    from .store.access import AlreadyPublished

    _check_base_url()
    failed = False
    for year in years:
        try:
            pub = api.publish(
                year, db=db, note=note, text=text, config=config, without_text=without_text
            )
        except (TextErrors, TextIncomplete, ConfigError) as e:
            text_failure(e, lang, "publish", year)
            failed = True
            continue
        except api.NothingToPublish:
            available = years_text(api.delivery_years(db)) or "–"
            tell(say(lang, "publish_no_data", year=year, years=available), "red")
            failed = True
            continue
        except AlreadyPublished as e:
            p = e.publication
            when = p.published_at.strftime("%Y-%m-%d %H:%M")
            key = "publish_identical" if e.identical else "publish_changed"
            tell(
                Text(
                    say(lang, key, year=year, version=p.version, when=when),
                    style="" if e.identical else "red",
                )
            )
            failed = failed or not e.identical
            continue
        except StoreError as e:
            raise fail(e.text(lang)) from None
        when = pub.published_at.strftime("%Y-%m-%d %H:%M")
        figures = whole(pub.figures, lang)
        key = "published" if pub.version == 1 else "published_correction"
        tell(say(lang, key, year=year, version=pub.version, when=when, figures=figures))
        if without_text:
            tell(text_words(lang, "unpublished_without_text", year=year), "yellow")
    if site:
        with term.err.status(say(lang, "site_updating")):
            files = api.write_site(db=db, out=out_dir)
        tell(say(lang, "site_updated", out=out_dir, files=count(lang, len(files), "file")))
    raise typer.Exit(1 if failed else 0)


def main() -> None:
    """Entry point: no traceback reaches the user unless JBR_DEBUG is set."""
    lang = (
        "en" if os.environ.get("JBR_LANG", "").lower() == "en" or "--lang=en" in sys.argv else "nl"
    )
    if "--lang" in sys.argv[:-1] and sys.argv[sys.argv.index("--lang") + 1].lower() == "en":
        lang = "en"
    try:
        app()
    except SystemExit:
        raise
    except KeyboardInterrupt:
        tell(say(lang, "interrupted"))
        sys.exit(130)
    except SettingError as e:  # a limit set in the environment that is no number: usage error
        tell(str(e), "red")
        sys.exit(2)
    except Exception as e:  # last resort: one line, not a traceback
        if os.environ.get("JBR_DEBUG"):
            raise
        first = str(e).splitlines()[0] if str(e) else ""
        tell(say(lang, "unexpected", error=f"{type(e).__name__}: {first}"), "red")
        tell(say(lang, "unexpected_hint"))
        sys.exit(1)


if __name__ == "__main__":
    main()

"""``jbr woo``: Woo deadlines, status and penalties straight from delivery files, without a store."""

from __future__ import annotations

import csv
import sys
from datetime import date, datetime
from typing import Annotated, Any

import typer

from .. import api
from .common import (
    FilesArg,
    LangOption,
    WooFormat,
    tell,
    term,
)
from .output import print_problems, problems_summary, table, woo_console
from .words import say

woo_app = typer.Typer(
    help="Woo-verzoeken: termijnen, status en dwangsommen (Woo art. 4.4, Awb 4:17).",
    no_args_is_help=True,
)

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
        from ..woo.overview import CSV_HEADER

        writer = csv.DictWriter(sys.stdout, fieldnames=list(CSV_HEADER), lineterminator="\n")
        writer.writeheader()
        writer.writerows(r.as_csv() for r in result.rows)
        return
    _print_woo_table(result, lang)


def _print_woo_table(result: Any, lang: str) -> None:
    from ..publish.format import number
    from ..woo.overview import DUE_SOON_WORKING_DAYS

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
        status = say(lang, f"woo_status.{r.status}") + (f", {note}" if note else "")
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
    parts = ", ".join(
        f"{say(lang, f'woo_status.{s}')} {number(n, '', lang)}" for s, n in counts.items()
    )
    total = number(sum(counts.values()), "", lang)
    console.print(say(lang, "woo_total", total=total, parts=parts))
    soon = number(result.due_soon, "", lang)
    console.print(say(lang, "woo_due_soon", days=DUE_SOON_WORKING_DAYS, n=soon))
    console.print(say(lang, "woo_penalties", amount=number(result.total_penalty_eur, "", lang)))

"""``jbr indicators``: indicator values per ministry and for the Rijk (table, CSV, JSON)."""

from __future__ import annotations

import csv
import json
import sys
from typing import Annotated, Any

import typer

from .. import api
from ..store.figure_row import FIGURE_KEYS
from ..store.load import StoreError
from .common import (
    DbOption,
    EngineOption,
    Format,
    LangOption,
    fail,
    ministry_or_rijk_option,
    no_data,
    store_path,
    term,
)
from .output import (
    print_indicators,
)
from .root import app
from .words import say


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
        writer = csv.DictWriter(sys.stdout, fieldnames=FIGURE_KEYS, lineterminator="\n")
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

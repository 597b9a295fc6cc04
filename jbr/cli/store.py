"""``jbr store``: the store as Parquet, exported and imported (for Spark or another machine)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .. import api
from ..store.load import StoreError
from .common import (
    DbOption,
    LangOption,
    fail,
    tell,
)
from .words import say, whole

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

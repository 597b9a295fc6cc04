"""``jbr serve``: dashboard, open data, JSON API and the delivery portal."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .. import api
from .common import (
    DbOption,
    LangOption,
    check_base_url,
    tell,
)
from .root import app
from .words import say


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
    check_base_url()
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

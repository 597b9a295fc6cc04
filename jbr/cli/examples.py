"""``jbr demo`` and ``jbr template``: delivery files to start from.

Synthetic deliveries for every theme and ministry, and an empty template (xlsx) per theme.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .. import api
from .common import (
    LangOption,
    Scale,
    tell,
    term,
    theme_option,
)
from .root import app
from .words import count, say


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

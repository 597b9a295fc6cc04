"""``jbr publish``: lift the embargo on a year, then update site/ and opendata/."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.text import Text

from .. import api
from ..publish.text.config import ConfigError
from ..publish.text.problems import TextErrors, TextIncomplete
from ..store.load import StoreError
from .common import (
    DbOption,
    LangOption,
    check_base_url,
    fail,
    tell,
    term,
    years_text,
)
from .review import review_refused
from .root import app
from .text import (
    ConfigOption,
    TextOption,
    text_failure,
)
from .words import count, say, whole


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
            "waarvan de rapportage buiten jbr is gemaakt (met --reason).",
        ),
    ] = False,
    reason: Annotated[
        str | None,
        typer.Option(
            "--reason",
            metavar="TEKST",
            help="Waarom --without-text (wordt vastgelegd in de geschiedenis van de wederhoor).",
        ),
    ] = None,
    db: DbOption = None,
    lang: LangOption = "nl",
) -> None:
    """Hef het embargo op een jaar op: pas daarna zijn de cijfers van dat jaar openbaar.

    Een jaar wordt alleen gepubliceerd als zijn tekst compleet is en elke verwijzing
    klopt (zie jbr text check), tenzij --without-text, en als elk ministerie zijn cijfers
    heeft goedgekeurd of dat zonder akkoord is vastgelegd (jbr review)."""
    from ..publish.review import ReviewIncomplete
    from ..store.access.published import AlreadyPublished

    if without_text and not (reason and reason.strip()):
        raise typer.BadParameter(say(lang, "wederhoor.without_text_reason"), param_hint="--reason")
    check_base_url()
    failed = False
    published = False  # a year published now or before: the site shows it
    for year in years:
        try:
            pub = api.publish(
                year, db=db, note=note, text=text, config=config, without_text=without_text,
                reason=reason,
            )  # fmt: skip
        except ReviewIncomplete as e:
            review_refused(e, lang)
            failed = True
            continue
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
            published = True
            continue
        except StoreError as e:
            raise fail(e.text(lang)) from None
        when = pub.published_at.strftime("%Y-%m-%d %H:%M")
        figures = whole(pub.figures, lang)
        key = "published" if pub.version == 1 else "published_correction"
        published = True
        tell(say(lang, key, year=year, version=pub.version, when=when, figures=figures))
        if without_text:
            tell(say(lang, "tekst.unpublished_without_text", year=year), "yellow")
    if site and published:  # nothing published: the site has nothing new to show
        with term.err.status(say(lang, "site_updating")):
            files = api.write_site(db=db, out=out_dir)
        tell(say(lang, "site_updated", out=out_dir, files=count(lang, len(files), "file")))
    raise typer.Exit(1 if failed else 0)

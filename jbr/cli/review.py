"""Review before publication on the command line (issue 17): ``jbr review start``,
``jbr review status`` and ``jbr review override``, and how ``jbr publish`` tells that a
year's review is not complete.

Thin, like ``jbr.cli``: the work is in ``jbr.api``, ``jbr.publish.review`` and
``jbr.store.review``. Its words are the catalogue's ``cli.wederhoor``
(``jbr/locale/<lang>/cli.toml``).
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from .. import api
from ..codelists.domains import DOMAINS
from ..store.load import StoreError
from .common import DbOption, EngineOption, LangOption, fail, ministry_option, tell, term
from .output import table
from .words import say


class Role(StrEnum):
    supplier = "supplier"
    reviewer = "reviewer"
    coordinator = "coordinator"


review_app = typer.Typer(
    help="Wederhoor: elk ministerie keurt zijn cijfers goed vóór publicatie.",
    no_args_is_help=True,
)

YearOption = Annotated[int, typer.Option("--year", metavar="JAAR", help="Het verslagjaar.")]


def _stamp(event: Any) -> str:
    return f"{event.at:%Y-%m-%d %H:%M} {event.actor}" if event is not None else ""


@review_app.command("start")
def review_start(
    year: YearOption,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            metavar="MAP",
            help="Map voor een werkbook (XLSX) per ministerie; standaard wederhoor/JAAR.",
        ),
    ] = None,
    db: DbOption = None,
    engine: EngineOption = None,
    lang: LangOption = "nl",
) -> None:
    """Verstuur elk ministerie zijn cijfers per hoofdstuk (opnieuw waar ze zijn gewijzigd)."""
    from ..publish.review import status_text  # noqa: F401  (the words the portal uses too)

    try:
        started = api.review_start(year, db=db, engine=engine)
    except api.NothingToPublish:
        raise fail(say(lang, "wederhoor.no_data", year=year)) from None
    except StoreError as e:
        raise fail(e.text(lang)) from None
    tell(
        say(
            lang, "wederhoor.started", year=year, sent=len(started.sent), resent=len(started.resent),
            unchanged=started.unchanged, ministries=len(started.ministries),
        )
    )  # fmt: skip
    folder = out or Path("wederhoor") / str(year)
    folder.mkdir(parents=True, exist_ok=True)
    for ministry in started.ministries:
        data = api.review_workbook(year, ministry, db=db, lang=lang)
        (folder / f"wederhoor-{year}-{ministry}.xlsx").write_bytes(data)
    tell(say(lang, "wederhoor.written", n=len(started.ministries), out=folder))
    tell(say(lang, "wederhoor.portal"))


@review_app.command("status")
def review_status(
    year: YearOption,
    db: DbOption = None,
    engine: EngineOption = None,
    lang: LangOption = "nl",
) -> None:
    """Per ministerie en hoofdstuk: verstuurd, akkoord, opmerkingen, heropend, vrijgegeven."""
    from ..publish.review import CHAPTERS, chapter_name, status_text

    try:
        states = api.review_states(year, db=db, engine=engine)
    except StoreError as e:
        raise fail(e.text(lang)) from None
    if not any(s.sent for s in states.values()):
        tell(say(lang, "wederhoor.none", year=year))
    t = table(title=say(lang, "wederhoor.status_title", year=year))
    for h in say(lang, "wederhoor.headers").split("|"):
        t.add_column(h)
    order = {c: i for i, c in enumerate(CHAPTERS)}
    for (ministry, chapter), s in sorted(
        states.items(), key=lambda kv: (kv[0][0], order.get(kv[0][1], 99))
    ):
        t.add_row(
            ministry,
            chapter_name(chapter, lang),
            status_text(s.status, lang),
            _stamp(s.sent),
            _stamp(s.approval) if s.approved else "",
            str(len(s.comments)) if s.comments else "",
            (s.override.text or "") if s.override else "",
        )
    term.out.print(t)
    blocking = [s for s in states.values() if not s.cleared]
    if blocking:
        tell(say(lang, "wederhoor.incomplete", year=year, n=len(blocking)), "yellow")
    elif states:
        tell(say(lang, "wederhoor.complete", year=year))


def chapter_option(ctx: typer.Context, value: str | None) -> str | None:
    if value is None:
        return None
    found = {c.lower(): c for c in DOMAINS} | {
        name.lower(): c for c, names in DOMAINS.items() for name in names
    }
    chapter = found.get(value.strip().lower())
    if chapter is None:
        lang = str(ctx.meta.get("jbr_lang", "nl"))
        raise typer.BadParameter(
            say(lang, "wederhoor.unknown_chapter", value=value, chapters=", ".join(DOMAINS))
        )
    return chapter


@review_app.command("override")
def review_override(
    year: YearOption,
    reason: Annotated[
        str,
        typer.Option("--reason", metavar="TEKST", help="Waarom zonder akkoord (wordt vastgelegd)."),
    ] = "",
    ministries: Annotated[
        list[str] | None,
        typer.Option(
            "--ministry",
            metavar="CODE",
            help="Het ministerie (herhaalbaar).",
            callback=lambda ctx, v: [ministry_option(ctx, m) for m in v] if v else None,
        ),
    ] = None,
    everyone: Annotated[
        bool, typer.Option("--all", help="Voor alle ministeries van het jaar.")
    ] = False,
    chapter: Annotated[
        str | None,
        typer.Option(
            "--chapter",
            metavar="HOOFDSTUK",
            callback=chapter_option,
            help="Alleen dit hoofdstuk (" + ", ".join(DOMAINS) + "); standaard alle.",
        ),
    ] = None,
    db: DbOption = None,
    lang: LangOption = "nl",
) -> None:
    """Leg vast dat een jaar wordt gepubliceerd zonder akkoord van een ministerie, met reden."""
    if not reason.strip():
        raise typer.BadParameter(say(lang, "wederhoor.reason_required"), param_hint="--reason")
    if bool(ministries) == everyone:
        raise typer.BadParameter(
            say(lang, "wederhoor.ministry_or_all"), param_hint="--ministry/--all"
        )
    try:
        api.review_override(year, reason, None if everyone else ministries, chapter, db=db)
    except api.NothingToPublish:
        raise fail(say(lang, "wederhoor.no_data", year=year)) from None
    except StoreError as e:
        raise fail(e.text(lang)) from None
    who = say(lang, "wederhoor.everyone") if everyone else ", ".join(ministries or [])
    where = say(lang, "wederhoor.chapter", chapter=chapter) if chapter else ""
    tell(
        say(lang, "wederhoor.overridden", year=year, who=who, chapter=where, reason=reason.strip())
    )


def review_refused(e: Any, lang: str) -> None:
    """``jbr publish`` refused a year: which chapters of which ministries, and what to do."""
    from ..publish.review import chapter_name, status_text

    tell(say(lang, "wederhoor.refused_review", year=e.year), "red")
    for s in e.open:
        tell(f"  {s.ministry} – {chapter_name(s.chapter, lang)}: {status_text(s.status, lang)}")
    tell(say(lang, "wederhoor.refused_hint", year=e.year))

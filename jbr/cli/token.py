"""``jbr token``: sign-in tokens for the delivery portal (``jbr serve``)."""

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
    ministry_option,
    tell,
    term,
)
from .output import table
from .review import Role
from .words import say

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

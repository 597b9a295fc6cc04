"""The root command ``jbr``: its groups and what runs before every command."""

from __future__ import annotations

import typer

from ..store import guard
from .common import tell, term
from .review import review_app
from .store import store_app
from .text import letter_app, text_app
from .token import token_app
from .woo import woo_app

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
app.add_typer(review_app, name="review")


@app.callback()
def _every_command() -> None:
    # Consoles per command, so that $COLUMNS (and a test's fixed width) is read each time.
    term.reset()
    guard.notify_waiting(lambda message: tell(message, "yellow"))

"""What the command line says, in Dutch and English: the catalogue's ``cli`` area
(``jbr/locale/<lang>/cli.toml``, issue 15).

Code holds keys; ``say(lang, key, **fields)`` fills the message ``cli.<key>``.
``tests/test_cli_terminal.py`` fails when a key the command line uses is not in the
catalogue. The ``--help`` texts are Dutch and live with the commands (they are the README's
command table).
"""

from __future__ import annotations

from typing import Any

from ..locale import text

# singular, plural key pairs for ``count``
NOUNS = {
    "error": ("error", "errors"),
    "warning": ("warning", "warnings"),
    "file": ("file", "files"),
    "row": ("row", "rows"),
    "delivery": ("delivery_one", "delivery_many"),
}

# The thousands separator of a count (a notation, not a text): 12.345 (nl), 12,345 (en).
THOUSANDS = {"nl": ".", "en": ","}


def say(lang: str, key: str, **fields: Any) -> str:
    """The message ``cli.<key>`` in ``lang``, filled in."""
    return text(f"cli.{key}", lang, **fields)


def whole(n: int, lang: str) -> str:
    """A count in the notation of ``lang``: 12.345 (nl), 12,345 (en)."""
    return f"{n:,}".replace(",", THOUSANDS[lang])


def count(lang: str, n: int, noun: str) -> str:
    """``1 fout``, ``3 fouten``, ``1.234 rijen``."""
    one, many = NOUNS[noun]
    return f"{whole(n, lang)} {say(lang, one if n == 1 else many)}"

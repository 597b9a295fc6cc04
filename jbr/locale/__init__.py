"""Every user-facing text in one place per language: ``jbr/locale/<lang>/<area>.toml``.

A text has a key ``<area>.<name>`` (``<area>`` is the file, ``<name>`` its key, dotted
for nested tables) and the same key exists in every language with the same
``{placeholders}`` (``tests/test_locale.py``). Code asks for a text by key::

    text("rapport.inhoud", lang)              # "Inhoud" / "Contents"
    text("store.bestaat_niet", lang, db=db)    # placeholders as in str.format

Templates call ``t("rapport.inhoud", year=year)`` (``jinja_text``): the language comes
from the template's ``lang`` (or ``nl``) variable, the text is trusted markup from this
catalogue and the fields are escaped. A foundation module: it imports nothing of jbr.
"""

from __future__ import annotations

import string
import tomllib
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

LANGUAGES = ("nl", "en")
DEFAULT = "nl"
FOLDER = Path(__file__).parent


def _flatten(prefix: str, table: Mapping[str, Any], into: dict[str, str]) -> None:
    for name, value in table.items():
        key = f"{prefix}.{name}"
        if isinstance(value, Mapping):
            _flatten(key, value, into)
        elif isinstance(value, str):
            into[key] = value
        else:
            raise TypeError(f"{key}: a text must be a string, not {type(value).__name__}")


@cache
def catalogue(lang: str) -> Mapping[str, str]:
    """Every text of ``lang``: key → text (placeholders unfilled)."""
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; known: {', '.join(LANGUAGES)}")
    texts: dict[str, str] = {}
    for path in sorted((FOLDER / lang).glob("*.toml")):
        with path.open("rb") as f:
            _flatten(path.stem, tomllib.load(f), texts)
    return texts


def raw(key: str, lang: str = DEFAULT) -> str:
    """The text of ``key`` in ``lang`` with its placeholders unfilled."""
    try:
        return catalogue(lang)[key]
    except KeyError:
        raise KeyError(f"no text {key!r} in jbr/locale/{lang}/") from None


def text(key: str, lang: str = DEFAULT, /, **fields: Any) -> str:
    """The text of ``key`` in ``lang``, its ``{placeholders}`` filled from ``fields``."""
    template = raw(key, lang)
    return template.format(**fields) if fields else template


def placeholders(template: str) -> set[str]:
    """The field names a text's ``{placeholders}`` refer to (``{n:,}`` → ``n``)."""
    names = set()
    for _, field, _, _ in string.Formatter().parse(template):
        if field is not None:
            names.add(field.split(".")[0].split("[")[0])
    return names


def jinja_text(context: Any, key: str, **fields: Any) -> Any:
    """``t(key, **fields)`` for templates (register with ``jinja2.pass_context``): the
    catalogue's text is trusted markup, the fields are escaped."""
    from markupsafe import Markup

    lang = context.get("lang") or (DEFAULT if context.get("nl", True) else "en")
    template = Markup(raw(key, lang))
    return template.format(**fields) if fields else template


def install(env: Any) -> Any:
    """Give a Jinja environment the global ``t``."""
    from jinja2 import pass_context

    env.globals["t"] = pass_context(jinja_text)
    return env

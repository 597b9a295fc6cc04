"""What readers see for the machine's codes (SPEC §6 "Readers' words").

Record listings (AI use cases without a risk analysis, months without a meter reading,
offices without occupancy data) come from the store with delivery column names and
code values (``toepassing_id``, ``in_gebruik``, ``gas_m3``, ``True``). Publications show
them through here: a column header per column, a word per code, ``ja``/``nee`` for a
boolean, a date in words. The words are jbr/locale/<lang>/woorden.toml's.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from babel.dates import format_date

from ..codelists import RIJK, ministry_by_code
from ..indicators import DOMAINS
from ..locale import LANGUAGES, catalogue, text
from .format import LOCALES, UNKNOWN, day

MONTH_COLUMNS = {"maand"}  # a date that stands for its month: "oktober 2021"


def header(column: str, lang: str = "nl") -> str:
    """A listing's column header in words (``woorden.kolom.*``; unknown columns: the name
    with spaces)."""
    words = catalogue(lang).get(f"woorden.kolom.{column}")
    if words is None:
        return column.replace("_", " ").capitalize()
    return words


def cell(column: str, value: Any, lang: str = "nl") -> str:
    """A listed value as a reader reads it (codes: ``woorden.waarde.<column>.<code>``)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, bool) or type(value).__name__ == "bool_":
        return text("woorden.ja_nee.ja" if value else "woorden.ja_nee.nee", lang)
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        if column in MONTH_COLUMNS:
            return format_date(value, format="MMMM y", locale=LOCALES[lang])
        return day(value, lang)
    shown = str(value)
    return catalogue(lang).get(f"woorden.waarde.{column}.{shown}", shown)


def listing(
    columns: Sequence[str], rows: Sequence[Sequence[Any]], lang: str = "nl"
) -> tuple[list[str], list[list[str]]]:
    """Headers and rows of a record listing in readers' words."""
    return (
        [header(c, lang) for c in columns],
        [[cell(c, v, lang) for c, v in zip(columns, row, strict=True)] for row in rows],
    )


def ministry_label(code: str, lang: str = "nl") -> str:
    """A ministry as a table row shows it: its abbreviation (readers know them), the Rijk
    by name (``RIJK`` is a code)."""
    if code == RIJK:
        return text("woorden.rijk", lang)
    return code if code in ministry_by_code() else code or UNKNOWN


def ministry_name(code: str, lang: str = "nl") -> str:
    """A ministry's name as readers see it, in ``lang`` (the Rijk as a word, too)."""
    if code == RIJK:
        return text("woorden.rijk", lang)
    m = ministry_by_code().get(code)
    return m.name(lang) if m else code


def texts(prefix: str, lang: str = "nl") -> dict[str, str]:
    """The texts of one catalogue table (``site.woorden``) by their names in it."""
    start = prefix + "."
    return {k[len(start) :]: v for k, v in catalogue(lang).items() if k.startswith(start)}


def domain_name(domain: str, lang: str = "nl") -> str:
    """An area's (a chapter's) name in ``lang``: the indicator catalogue's ``DOMAINS``
    (a pair in the order of ``LANGUAGES``); an unknown area is its code."""
    names = DOMAINS.get(domain)
    return names[LANGUAGES.index(lang)] if names else domain


__all__ = [
    "cell",
    "domain_name",
    "header",
    "listing",
    "ministry_label",
    "ministry_name",
    "texts",
]

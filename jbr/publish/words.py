"""What readers see for the machine's codes (SPEC §6 "Readers' words").

Record listings (AI use cases without a risk analysis, months without a meter reading,
offices without occupancy data) come from the store with delivery column names and
code values (``toepassing_id``, ``in_gebruik``, ``gas_m3``, ``True``). Publications show
them through here: a column header per column, a word per code, ``ja``/``nee`` for a
boolean, a date in words. One place for these words, in both languages.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from babel.dates import format_date

from ..codelists import RIJK, ministry_by_code
from .format import LOCALES, UNKNOWN, day

# delivery column → (Dutch header, English header)
COLUMNS: dict[str, tuple[str, str]] = {
    "toepassing_id": ("Kenmerk", "Reference"),
    "project_id": ("Kenmerk", "Reference"),
    "gebouw_id": ("Gebouw", "Building"),
    "ministerie": ("Ministerie", "Ministry"),
    "naam": ("Naam", "Name"),
    "status": ("Status", "Status"),
    "dpia": ("DPIA uitgevoerd", "DPIA carried out"),
    "risicoanalyse": ("Risicoanalyse", "Risk analysis"),
    "drager": ("Energiedrager", "Energy carrier"),
    "maand": ("Maand", "Month"),
}
# delivery column → code → (Dutch, English)
VALUES: dict[str, dict[str, tuple[str, str]]] = {
    "status": {
        "pilot": ("pilot", "pilot"),
        "in_gebruik": ("in gebruik", "in operation"),
        "gestopt": ("gestopt", "stopped"),
    },
    "drager": {
        "gas_m3": ("aardgas", "natural gas"),
        "elektriciteit_kwh": ("elektriciteit", "electricity"),
        "warmte_gj": ("warmte", "heat"),
    },
}
YES_NO = {"nl": ("ja", "nee"), "en": ("yes", "no")}
MONTH_COLUMNS = {"maand"}  # a date that stands for its month: "oktober 2021"


def header(column: str, lang: str = "nl") -> str:
    """A listing's column header in words (unknown columns: the name with spaces)."""
    words = COLUMNS.get(column)
    if words is None:
        return column.replace("_", " ").capitalize()
    return words[0] if lang == "nl" else words[1]


def cell(column: str, value: Any, lang: str = "nl") -> str:
    """A listed value as a reader reads it."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, bool) or type(value).__name__ == "bool_":
        yes, no = YES_NO[lang]
        return yes if value else no
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        if column in MONTH_COLUMNS:
            return format_date(value, format="MMMM y", locale=LOCALES[lang])
        return day(value, lang)
    text = str(value)
    if text in VALUES.get(column, {}):
        nl, en = VALUES[column][text]
        return nl if lang == "nl" else en
    return text


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
        return "Rijk" if lang == "nl" else "Central government"
    return code if code in ministry_by_code() else code or UNKNOWN


__all__ = ["COLUMNS", "VALUES", "YES_NO", "cell", "header", "listing", "ministry_label"]

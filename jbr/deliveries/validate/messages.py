"""Wording: a rule's finding becomes the ``Problem`` a supplier reads (SPEC §7)."""

from __future__ import annotations

from babel.numbers import format_decimal

from ...codelists import reorganisations
from ...locale import text
from ..numbers import babel_locale, few_decimals, readings, why_doubtful
from ..problems import Problem, problem
from ..read.sheet import RawSheet
from .checks import Found


def _successor_hint(code: str, lang: str) -> str:
    found = [r.new for r in reorganisations() if r.old == code]
    if not found:
        return ""
    codes = f" {text('deliveries.messages.or', lang)} ".join(found)
    return " " + text("deliveries.messages.successor", lang, codes=codes)


def _number(value: float | None, lang: str) -> str:
    return "" if value is None else format_decimal(value, locale=babel_locale(lang))


def problem_for(sheet: RawSheet, f: Found, lang: str) -> Problem:
    theme = sheet.theme
    rule = f.rule
    if rule.startswith("check"):
        check = theme.checks[int(rule[5:])]
        return Problem(
            sheet.label,
            sheet.sheet,
            f.row,
            f.column,
            f.value,
            check.rule,
            check.message(lang),
            hint=check.hint(lang) or None,
        )
    col = theme.column(f.column)
    fields: dict[str, object] = {
        "column": f.column,
        "minimum": _number(col.minimum, lang),
        "maximum": _number(col.maximum, lang),
        "max_length": col.max_length,
        "codelist": col.codelist,
        "allowed": ", ".join(col.values),
    }
    if rule == "ouder_onbekend":
        fields.update(value=f.value, parent=f.detail)
    if rule == "sleutel_dubbel":
        fields.update(key="(" + ", ".join(theme.key) + ")", other=f.detail)
    if rule == "ministerie_niet_geldig":
        fields.update(day=f.detail, successors=_successor_hint(f.value or "", lang))
    if rule == "getal_dubbelzinnig":
        fields.update(
            readings(f.value or "", lang),
            value=f.value,
            why=why_doubtful(f.detail, few_decimals(col), lang),
        )
    return problem(sheet.label, sheet.sheet, f.row, f.column, f.value, rule, lang, **fields)

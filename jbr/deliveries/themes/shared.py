"""Columns and rules that several delivery themes declare alike."""

from __future__ import annotations

from ..declaration import Column, RowCheck


def ministerie(required: bool = True) -> Column:
    return Column(
        "ministerie",
        "code",
        "Code van het ministerie (codelijst ministeries, geldig op de peildatum).",
        "Ministry code (ministry code list, valid on the reference date).",
        required=required,
        codelist="ministerie",
        example="BZK",
    )


def jaar() -> Column:
    return Column(
        "jaar",
        "year",
        "Verslagjaar (JJJJ).",
        "Reporting year (YYYY).",
        required=True,
        minimum=2000,
        maximum=2100,
        example="2024",
    )


def register_jaar() -> Column:
    # Not in SPEC §3's column list: optional, so a register without years still loads
    # (its rows then cover "no year" and a newer register replaces it as a whole).
    return Column(
        "jaar",
        "year",
        "Jaar waarvoor de stand geldt (optioneel; leeg = actuele stand).",
        "Year the record describes (optional; empty = current state).",
        minimum=2000,
        maximum=2100,
        example="2024",
    )


def eur(name: str, nl: str, en: str, required: bool = True) -> Column:
    return Column(
        name,
        "number",
        nl + " In euro's.",
        en + " In euros.",
        required=required,
        minimum=0,
        example="1250000",
        decimals=2,
    )


def boolean(name: str, nl: str, en: str) -> Column:
    return Column(name, "boolean", nl + " (ja/nee)", en + " (true/false)", example="nee")


def ict_familie(nl: str, en: str, required: bool = False) -> Column:
    return Column(
        "ict_functiefamilie",
        "code",
        nl,
        en,
        required=required,
        codelist="ict_functiefamilie",
        example="beheer",
    )


def not_before(rule: str, column: str, earlier: str, nl: str, en: str) -> RowCheck:
    return RowCheck(
        rule,
        column,
        f"{column} < {earlier}",
        f"{column} ligt vóór {earlier}: {nl}",
        f"{column} is before {earlier}: {en}",
        f"Controleer {column} en {earlier}.",
        f"Check {column} and {earlier}.",
    )


def at_most(rule: str, column: str, bound: str) -> RowCheck:
    return RowCheck(
        rule,
        column,
        f"{column} > {bound}",
        f"{column} is groter dan {bound}.",
        f"{column} exceeds {bound}.",
        f"{column} kan niet meer zijn dan {bound}.",
        f"{column} cannot exceed {bound}.",
    )

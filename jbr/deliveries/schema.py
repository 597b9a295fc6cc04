"""Each theme as a Frictionless Table Schema (SPEC §3), derived from its declaration.

Suppliers can check a delivery with standard tools (``frictionless validate``)
before sending it. The schema is generated from the same ``Theme`` that
drives jbr's own validation, and the published copies in ``schemas/`` are
regenerated with ``python -m jbr.deliveries.schema`` (a test keeps them fresh).

jbr's validator is more lenient than a Table Schema can say: it ignores case
in codes and yes/no values, accepts ``DD-MM-YYYY`` and Excel dates and Dutch
number notation (``numbers``); a datetime field uses format ``any`` since a period may be given
as plain dates or as moments. The schema states the strict ISO form and says the rest in the
field descriptions.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from jbr.codelists import codelist

from ..locale import DEFAULT, LANGUAGES, text
from .declaration import Column, Theme
from .themes import THEMES
from .validate import FALSE_WORDS, TRUE_WORDS

PUBLISHED_DIR = Path(__file__).with_name("schemas")

# Yes/no spellings the jbr validator accepts (case-insensitive); the first is canonical.
TRUE_SPELLINGS: tuple[str, ...] = TRUE_WORDS
FALSE_SPELLINGS: tuple[str, ...] = FALSE_WORDS

_FRICTIONLESS_TYPE = {
    "string": "string",
    "code": "string",
    "integer": "integer",
    "year": "integer",
    "number": "number",
    "date": "date",
    "datetime": "datetime",
    "boolean": "boolean",
}


def code_spellings(codelist_name: str) -> list[str]:
    """Every spelling a delivery may use for a code list: codes, names, aliases.

    Frictionless compares exactly while jbr ignores case, so each spelling is
    listed as written, in upper case and in lower case (``Zuid-Holland``,
    ``ZUID-HOLLAND``, ``zuid-holland``): the common ways spreadsheets write it.
    """
    spellings: list[str] = []
    for entry in codelist(codelist_name):
        for spelling in (entry.code, entry.name_nl, entry.name_en, *entry.aliases):
            for variant in (spelling.strip(), spelling.strip().upper(), spelling.strip().lower()):
                if variant and variant not in spellings:
                    spellings.append(variant)
    return spellings


def _case_variants(spellings: tuple[str, ...]) -> list[str]:
    """``ja`` → ``ja``, ``Ja``, ``JA``: Frictionless compares yes/no values exactly."""
    variants: list[str] = []
    for form in (str.lower, str.capitalize, str.upper):
        for spelling in spellings:
            if form(spelling) not in variants:
                variants.append(form(spelling))
    return variants


def _schema_example(column: Column) -> str | None:
    """The declared example in the strict form the schema describes (decimal point)."""
    if not column.example:
        return None
    if column.type == "number":
        return column.example.replace(",", ".")
    return column.example


def _bound(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


def table_field(column: Column, lang: str = "nl") -> dict[str, Any]:
    """One Frictionless field descriptor for a declared column."""
    descriptor: dict[str, Any] = {"name": column.name, "type": _FRICTIONLESS_TYPE[column.type]}
    description = [column.help(lang)]
    constraints: dict[str, Any] = {}
    if column.required:
        constraints["required"] = True
    if column.type in ("integer", "number", "year"):
        if column.minimum is not None:
            constraints["minimum"] = _bound(column.minimum)
        if column.maximum is not None:
            constraints["maximum"] = _bound(column.maximum)
    if column.max_length is not None:
        constraints["maxLength"] = column.max_length
    if column.values:
        constraints["enum"] = list(column.values)
        description.append(text("deliveries.schema.values", lang, values=", ".join(column.values)))
    if column.type == "date":
        description.append(text("deliveries.schema.date", lang))
    elif column.type == "datetime":
        # A Table Schema datetime has one strict format; "any" accepts both the moment
        # and the plain date a date-only reading period uses.
        descriptor["format"] = "any"
        description.append(text("deliveries.schema.datetime", lang))
    elif column.type == "number":
        description.append(text("deliveries.schema.number", lang))
    elif column.type == "year":
        description.append(text("deliveries.schema.year", lang))
    elif column.type == "boolean":
        descriptor["trueValues"] = _case_variants(TRUE_SPELLINGS)
        descriptor["falseValues"] = _case_variants(FALSE_SPELLINGS)
        description.append(
            text(
                "deliveries.schema.boolean",
                lang,
                true=", ".join(TRUE_SPELLINGS),
                false=", ".join(FALSE_SPELLINGS),
            )
        )
    elif column.type == "code":
        assert column.codelist is not None, f"code column {column.name} without a code list"
        constraints["enum"] = code_spellings(column.codelist)
        description.append(text("deliveries.schema.code", lang, codelist=column.codelist))
    descriptor["description"] = " ".join(description)
    if constraints:
        descriptor["constraints"] = constraints
    example = _schema_example(column)
    if example is not None:
        descriptor["example"] = example
    return descriptor


def table_schema(theme: Theme, lang: str = "nl") -> dict[str, Any]:
    """The theme as a Frictionless Table Schema descriptor (a plain, JSON-ready dict)."""
    lang = lang if lang in LANGUAGES else DEFAULT
    schema: dict[str, Any] = {
        "title": theme.name,
        "description": text("deliveries.schema.table", lang, row=theme.row(lang)),
        "fields": [table_field(c, lang) for c in theme.columns],
        # Like jbr: columns in any order, optional ones may be left out, unknown ones
        # are ignored (jbr warns); a missing required column is an error.
        "fieldsMatch": "partial",
        "missingValues": [""],
    }
    if theme.key:
        schema["primaryKey"] = list(theme.key)
    return schema


def schema_json(theme: Theme, lang: str = "nl") -> str:
    """The published text of a theme's schema: sorted keys, indent 2, trailing newline."""
    return (
        json.dumps(table_schema(theme, lang), sort_keys=True, indent=2, ensure_ascii=False) + "\n"
    )


def write_schemas(directory: Path, lang: str = "nl") -> list[Path]:
    """Write ``<theme>.json`` for every theme into ``directory``; return the paths."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, theme in THEMES.items():
        path = directory / f"{name}.json"
        path.write_text(schema_json(theme, lang), encoding="utf-8", newline="\n")
        written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    """``python -m jbr.deliveries.schema [DIR]``: regenerate the published schemas."""
    args = sys.argv[1:] if argv is None else argv
    directory = Path(args[0]) if args else PUBLISHED_DIR
    for path in write_schemas(directory):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
